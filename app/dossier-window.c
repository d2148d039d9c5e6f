/* dossier-window.c — the main window: article, People, Timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-window"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "dossier-application.h"
#include "dossier-apply-extraction.h"
#include "dossier-article-view.h"
#include "dossier-edit.h"
#include "dossier-people-sidebar.h"
#include "dossier-project-io.h"
#include "dossier-session.h"
#include "dossier-timeline-order.h"
#include "dossier-timeline-sidebar.h"
#include "dossier-window.h"

#define SAMPLE_RESOURCE  RESOURCE_BASE "/samples/air-force-one.txt"
#define SAMPLE_PUBLISHED "2025-02-09"
/* how long an open may take before the loading page shows */
#define LOADING_PAGE_DELAY_MS 250

struct _DossierWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkStack             *main_stack;
  GtkSpinner           *spinner;
  DossierArticleView   *article_view;
  DossierPeopleSidebar *people_sidebar;
  DossierTimelineSidebar *timeline_sidebar;
  GtkRevealer          *people_revealer;
  GtkRevealer          *timeline_revealer;
  GtkRevealer          *published_revealer;
  GtkPopover           *published_popover;
  GtkCalendar          *published_calendar;
  GtkMenuButton        *published_button;

  GSettings            *settings;
  DossierProject       *project;
  DossierDocument      *document;
  GFile                *file;        /* the .dossier.json it saves to, or NULL */
  char                 *source_name; /* the article it came from, for titles */
  GFile                *source_dir;  /* the folder of that article, where Save As starts */
  GCancellable         *cancellable;
  guint                 loading_timeout;
  GtkWidget            *undo_button;
  GtkWidget            *redo_button;  /* shows the loading page if opening takes a while */
  DossierSession       *session;     /* autosaved draft of unsaved work */
  GFile                *save_next;   /* asked for while a save ran: saved when it is done */
  char                 *disk_etag;   /* the file as opened or last saved here, or NULL */

  guint64               saved_state;  /* the history's state when last saved or opened */
  guint64               changes;      /* counts project changes, to tell a save what it missed */
  guint                 modified : 1;
  guint                 close_after_save : 1;
  guint                 saving : 1;
  guint                 finding_save_folder : 1; /* Save As waits for it to open its chooser */
  guint                 save_next_replace : 1; /* the user said to replace save_next if changed */
  guint                 draft_failure_shown : 1; /* until a draft is written again */
  guint                 show_people : 1;
  guint                 show_timeline : 1;
};

G_DEFINE_FINAL_TYPE (DossierWindow, dossier_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SHOW_PEOPLE,
  PROP_SHOW_TIMELINE,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void save_as (DossierWindow *self);

static void
toast (DossierWindow *self,
       const char    *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
show_error (DossierWindow *self,
            const char    *heading,
            const char    *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
describe_published (DossierDocument *document)
{
  g_autofree char *when = NULL;

  if (dossier_document_get_published (document) == NULL)
    return g_strdup (_("Publication date unknown"));
  when = dossier_timeline_describe_value (dossier_document_get_published (document));
  /* Translators: the subtitle, e.g. "Published Sunday 9 February 2025" */
  return g_strdup_printf (_("Published %s"), when);
}

static void
update_title (DossierWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *window_title = NULL;
  const char *name = NULL;

  if (self->document != NULL)
    name = dossier_document_get_title (self->document);
  if (name == NULL && self->file != NULL)
    name = self->source_name;
  if (name == NULL)
    name = self->source_name ? self->source_name : _("Untitled Article");

  if (self->document == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Dossier"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Dossier"));
      return;
    }

  title = self->modified ? g_strdup_printf ("• %s", name) : g_strdup (name);
  {
    g_autofree char *published = describe_published (self->document);
    if (self->file == NULL)
      subtitle = g_strdup_printf ("%s · %s", published, _("Not saved as a project"));
    else
      {
        g_autofree char *where = g_file_get_basename (self->file);
        subtitle = g_strdup_printf ("%s · %s", published, where);
      }
  }
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  window_title = g_strdup_printf ("%s — %s", title, _("Dossier"));
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

static void
set_modified (DossierWindow *self,
              gboolean       modified)
{
  modified = !!modified;
  /* nothing unsaved: no draft to keep, and this is the state undo can come back to */
  if (!modified && self->session != NULL)
    dossier_session_discard (self->session);
  if (!modified && self->project != NULL)
    self->saved_state = dossier_history_get_state (dossier_project_get_history (self->project));
  if (self->modified == modified)
    return;
  self->modified = modified;
  update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
on_draft_written (DossierWindow *self)
{
  self->draft_failure_shown = FALSE;
}

/* Told once, until drafts are written again: the user should save (or make room) now. */
static void
on_draft_failed (DossierWindow *self,
                 const GError  *error)
{
  g_autofree char *body = NULL;

  if (self->draft_failure_shown)
    return;
  self->draft_failure_shown = TRUE;
  /* Translators: %s says why, e.g. "Failed to write file …: No space left on device" */
  body = g_strdup_printf (_("The draft that keeps your unsaved changes safe could not be written: "
                            "%s\n\nYour changes are still open here, and any earlier draft is "
                            "kept. Save the project (in another folder if this disk is full), "
                            "or make room on the disk."), error->message);
  show_error (self, _("Unsaved Changes Are Not Backed Up"), body);
}

static void
watch_session (DossierWindow *self)
{
  g_signal_connect_object (self->session, "draft-written", G_CALLBACK (on_draft_written), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "draft-failed", G_CALLBACK (on_draft_failed), self,
                           G_CONNECT_SWAPPED);
}

static void
on_project_changed (DossierWindow *self)
{
  self->changes++;
  set_modified (self, TRUE);
  if (self->session != NULL)
    dossier_session_schedule (self->session);
}

static void
update_history_actions (DossierWindow *self)
{
  DossierHistory *history = self->project ? dossier_project_get_history (self->project) : NULL;

  /* undone or redone back to what was saved: nothing unsaved. Not while a save is on the
   * disk: the file is getting that save's state, not the one last saved, so the window (and
   * its draft) stays modified until the save is done and says what the file holds. */
  if (history != NULL && self->modified && !self->saving &&
      !dossier_history_is_replaying (history) &&
      dossier_history_get_state (history) == self->saved_state)
    set_modified (self, FALSE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 history && dossier_history_can_undo (history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 history && dossier_history_can_redo (history));
}

static void
update_published_bar (DossierWindow *self)
{
  gboolean unknown = self->document != NULL && dossier_document_get_published (self->document) == NULL;

  /* hidden, not just folded away, so a screen reader does not read it either */
  gtk_widget_set_visible (GTK_WIDGET (self->published_revealer), unknown);
  gtk_revealer_set_reveal_child (self->published_revealer, unknown);
  update_title (self);
}

/* The version of @file on disk now, or NULL (gone, or remote). */
static char *
query_disk_etag (GFile *file)
{
  return file != NULL ? dossier_project_query_file_version (file) : NULL;
}

/* @version (taken) is that of the window's file as last read or written here. */
static void
set_disk_version (DossierWindow *self,
                  char          *version)
{
  g_free (self->disk_etag);
  self->disk_etag = version;
  if (self->session != NULL)
    dossier_session_set_file_version (self->session, self->disk_etag);
}

static void
remember_disk_version (DossierWindow *self)
{
  set_disk_version (self, query_disk_etag (self->file));
}

void
dossier_window_set_project (DossierWindow  *self,
                            DossierProject *project,
                            GFile          *file)
{
  g_autoptr(DossierDocument) document = NULL;

  g_return_if_fail (DOSSIER_IS_WINDOW (self));
  g_return_if_fail (DOSSIER_IS_PROJECT (project));

  if (self->project)
    {
      g_signal_handlers_disconnect_by_data (self->project, self);
      g_signal_handlers_disconnect_by_data (dossier_project_get_history (self->project), self);
    }
  if (self->document)
    g_signal_handlers_disconnect_by_data (self->document, self);

  g_set_object (&self->project, project);
  g_set_object (&self->file, file);
  if (g_list_model_get_n_items (dossier_project_get_documents (project)) > 0)
    document = g_list_model_get_item (dossier_project_get_documents (project), 0);
  g_set_object (&self->document, document);

  if (self->session == NULL)
    {
      const char *delay = g_getenv ("DOSSIER_DRAFT_DELAY_MS");
      self->session = dossier_session_new (NULL);
      if (delay != NULL)
        dossier_session_set_delay (self->session, (guint)g_ascii_strtoull (delay, NULL, 10));
      watch_session (self);
    }
  else
    dossier_session_discard (self->session);
  dossier_session_set_project (self->session, project, file, self->source_name);
  remember_disk_version (self);

  dossier_article_view_set_document (self->article_view, project, document);
  dossier_people_sidebar_set_project (self->people_sidebar, project);
  dossier_timeline_sidebar_set_project (self->timeline_sidebar, project);

  g_signal_connect_object (project, "changed", G_CALLBACK (on_project_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dossier_project_get_history (project), "changed",
                           G_CALLBACK (update_history_actions), self, G_CONNECT_SWAPPED);
  update_history_actions (self);
  if (document)
    g_signal_connect_object (document, "notify::published", G_CALLBACK (update_published_bar), self,
                             G_CONNECT_SWAPPED);

  g_clear_handle_id (&self->loading_timeout, g_source_remove);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->main_stack, document ? "article" : "empty");
  self->modified = FALSE;
  self->saved_state = dossier_history_get_state (dossier_project_get_history (project));
  update_published_bar (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", document != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", document != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.extract", document != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-published", document != NULL);
}

/* Runs the pipeline over the document; a human's edits and deletions stay.
 * The whole merge is one step of the history. */
static guint
extract (DossierWindow *self)
{
  g_autoptr(DossierExtraction) extraction = NULL;
  DossierHistory *history;
  DossierHistorySnapshot *snapshot;

  if (self->document == NULL)
    return 0;
  history = dossier_project_get_history (self->project);
  snapshot = dossier_history_snapshot_new (history, self->document);
  dossier_history_begin (history, _("Extract"));
  extraction = dossier_extract_document (self->document);
  dossier_apply_extraction (self->project, self->document, extraction);
  dossier_history_record_since (history, snapshot);
  dossier_history_end (history);
  return extraction->annotations->len;
}

/* The first extraction of a fresh article is where the history starts. */
static void
extract_fresh (DossierWindow *self)
{
  extract (self);
  dossier_history_clear (dossier_project_get_history (self->project));
  set_modified (self, FALSE);
}

static gboolean
document_is_unannotated (DossierDocument *document)
{
  return g_list_model_get_n_items (dossier_document_get_annotations (document)) == 0;
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DossierWindow) self = user_data;
  g_autoptr(DossierProject) project = NULL;
  g_autoptr(GError) error = NULL;
  GFile *file = G_FILE (object);  /* what this load read, even if another started since */
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFile) keep = g_object_ref (file);
  gboolean is_project;

  project = dossier_project_load_file_finish (result, &error);
  /* a newer open replaced this one: leave everything to it */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_handle_id (&self->loading_timeout, g_source_remove);
  if (project == NULL)
    {
      g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), name);
      gtk_spinner_stop (self->spinner);
      gtk_stack_set_visible_child_name (self->main_stack, self->document ? "article" : "empty");
      show_error (self, heading, error->message);
      return;
    }

  /* edits made here while the file was loading are not thrown away: the file gets a window of its own */
  if (self->document != NULL && self->modified)
    {
      DossierWindow *other;

      gtk_spinner_stop (self->spinner);
      gtk_stack_set_visible_child_name (self->main_stack, "article");
      other = dossier_window_new (DOSSIER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
      gtk_window_present (GTK_WINDOW (other));
      g_clear_object (&self);
      self = g_object_ref (other);
    }

  /* an article becomes a new project, saved beside it only when the user asks */
  is_project = !(g_list_model_get_n_items (dossier_project_get_documents (project)) == 1 &&
                 g_list_model_get_n_items (dossier_project_get_entities (project)) == 0 &&
                 !g_str_has_suffix (name, ".json"));
  g_clear_pointer (&self->source_name, g_free);
  self->source_name = g_strdup (name);
  g_clear_object (&self->source_dir);
  if (!is_project)
    self->source_dir = g_file_get_parent (file);
  dossier_window_set_project (self, project, is_project ? keep : NULL);
  /* the version the load read, not the one on disk now: a save made since the file was
   * read is someone else's, and saving here asks before replacing it */
  if (is_project)
    set_disk_version (self, dossier_project_load_file_dup_version (result));
  if (self->document && document_is_unannotated (self->document))
    extract_fresh (self);
}

static gboolean
show_loading_page (gpointer data)
{
  DossierWindow *self = data;

  self->loading_timeout = 0;
  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  gtk_spinner_start (self->spinner);
  return G_SOURCE_REMOVE;
}

void
dossier_window_open_file (DossierWindow *self,
                          GFile         *file)
{
  g_return_if_fail (DOSSIER_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* the loading page only for a slow open: a quick one does not flash it, and its
   * animation does not compete with the first part of the loading */
  g_clear_handle_id (&self->loading_timeout, g_source_remove);
  self->loading_timeout = g_timeout_add (LOADING_PAGE_DELAY_MS, show_loading_page, self);
  dossier_project_load_file_async (file, self->cancellable, load_cb, g_object_ref (self));
}

void
dossier_window_open_sample (DossierWindow *self)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(DossierProject) project = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data;

  g_return_if_fail (DOSSIER_IS_WINDOW (self));

  bytes = g_resources_lookup_data (SAMPLE_RESOURCE, 0, &error);
  if (bytes == NULL)
    {
      show_error (self, _("Could Not Open the Sample Article"), error->message);
      return;
    }
  data = g_bytes_get_data (bytes, &length);
  project = dossier_project_new_from_text (data, length, _("Sample Article"),
                                           SAMPLE_PUBLISHED, &error);
  if (project == NULL)
    {
      show_error (self, _("Could Not Open the Sample Article"), error->message);
      return;
    }
  {
    g_autoptr(DossierDocument) document = g_list_model_get_item (dossier_project_get_documents (project), 0);
    dossier_document_set_source (document, "Reuters");
  }
  g_clear_pointer (&self->source_name, g_free);
  self->source_name = g_strdup ("air-force-one.txt");
  g_clear_object (&self->source_dir);
  dossier_window_set_project (self, project, NULL);
  extract_fresh (self);
}

/* What the user knows the draft by: its article or its file. */
static char *
draft_name (DossierSession *session)
{
  GFile *file = dossier_session_get_file (session);

  if (dossier_session_get_source_name (session) != NULL)
    return g_strdup (dossier_session_get_source_name (session));
  if (file != NULL)
    return g_file_get_basename (file);
  return g_strdup (_("unsaved work"));
}

void
dossier_window_show_message (DossierWindow *self,
                             const char    *heading,
                             const char    *body)
{
  g_return_if_fail (DOSSIER_IS_WINDOW (self));
  show_error (self, heading, body);
}

gboolean
dossier_window_restore_draft (DossierWindow  *self,
                              DossierSession *session,
                              GError        **error)
{
  g_autoptr(DossierProject) project = NULL;
  g_autoptr(GError) load_error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *when = NULL;
  GDateTime *saved;

  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (DOSSIER_IS_SESSION (session), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((project = dossier_session_load (session, &load_error)) == NULL)
    {
      g_autoptr(GError) move_error = NULL;
      g_autofree char *kept = NULL;
      g_autofree char *name = draft_name (session);

      /* kept for the user, and not tried again at every start */
      if (dossier_session_move_aside (session, &kept, &move_error) && kept != NULL)
        /* Translators: the first %s is an article or file name, the second why it failed, the
         * third a file path */
        g_set_error (error, load_error->domain, load_error->code,
                     _("The draft of “%s” could not be read: %s. It is kept in “%s”."),
                     name, load_error->message, kept);
      else
        {
          g_autofree char *dir = dossier_session_dup_drafts_dir ();
          /* Translators: the first %s is an article or file name, the second why it failed, the
           * third a folder */
          g_set_error (error, load_error->domain, load_error->code,
                       _("The draft of “%s” could not be read: %s. It is kept in the folder “%s”."),
                       name, load_error->message, dir);
          if (move_error != NULL)
            g_warning ("Could not move the draft %s aside: %s", dossier_session_get_id (session),
                       move_error->message);
        }
      return FALSE;
    }
  g_clear_pointer (&self->source_name, g_free);
  self->source_name = g_strdup (dossier_session_get_source_name (session));
  g_clear_object (&self->source_dir);
  dossier_window_set_project (self, project, dossier_session_get_file (session));
  /* the window takes over the draft: further changes overwrite it */
  g_set_object (&self->session, session);
  watch_session (self);
  dossier_session_set_project (session, project, dossier_session_get_file (session),
                               self->source_name);
  /* the work started from the file as it was then: a newer one is not replaced unasked */
  if (dossier_session_get_file_version (session) != NULL)
    {
      g_free (self->disk_etag);
      self->disk_etag = g_strdup (dossier_session_get_file_version (session));
    }
  else
    dossier_session_set_file_version (session, self->disk_etag);
  /* no undo leads back to the saved file: it is not in this history */
  self->saved_state = G_MAXUINT64;
  self->modified = FALSE;
  set_modified (self, TRUE);
  dossier_session_schedule (self->session);

  saved = dossier_session_get_saved_time (session);
  when = saved ? g_date_time_format (saved, "%H:%M") : NULL;
  if (when)
    /* Translators: a toast after a crash; %s is a time like 14:02 */
    message = g_strdup_printf (_("Unsaved work from %s was restored"), when);
  else
    message = g_strdup (_("Unsaved work was restored"));
  toast (self, message);
  return TRUE;
}

DossierProject *
dossier_window_get_project (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  return self->project;
}

DossierDocument *
dossier_window_get_document (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  return self->document;
}

GtkWidget *
dossier_window_get_article_view (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->article_view);
}

GtkWidget *
dossier_window_get_people_sidebar (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->people_sidebar);
}

GtkWidget *
dossier_window_get_timeline_sidebar (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->timeline_sidebar);
}

gboolean
dossier_window_is_empty (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), TRUE);
  return self->document == NULL;
}

gboolean
dossier_window_get_modified (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), FALSE);
  return self->modified;
}

/* ---- opening ---- */

static void
open_here_or_new (DossierWindow *self,
                  GFile         *file)
{
  DossierWindow *target = self;

  /* keep unsaved work on screen: a busy window opens the file in a new one */
  if (self->document != NULL && self->modified)
    {
      target = dossier_window_new (DOSSIER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
      gtk_window_present (GTK_WINDOW (target));
    }
  dossier_window_open_file (target, file);
}

static gboolean
is_openable (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *folded = name ? g_ascii_strdown (name, -1) : NULL;

  return folded != NULL && (g_str_has_suffix (folded, ".txt") || g_str_has_suffix (folded, ".json"));
}

/* An article (.txt) or a project (.dossier.json) dropped on the window opens; the first one. */
static gboolean
on_drop (DossierWindow *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l; l = l->next)
    if (is_openable (l->data))
      {
        open_here_or_new (self, l->data);
        g_slist_free (files);
        return TRUE;
      }
  g_slist_free (files);
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (_("Only articles (.txt) and projects (.dossier.json) "
                                                "can be opened")));
  return FALSE;
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  DossierWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      open_here_or_new (self, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  GtkFileChooserNative *native;
  GtkFileFilter *filter;

  native = gtk_file_chooser_native_new (_("Open Article or Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Articles and Projects"));
  gtk_file_filter_add_pattern (filter, "*.txt");
  gtk_file_filter_add_pattern (filter, "*.dossier.json");
  gtk_file_filter_add_mime_type (filter, "text/plain");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All Files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  g_signal_connect (native, "response", G_CALLBACK (open_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* ---- saving ---- */

typedef struct
{
  DossierWindow  *self;
  GApplication   *app;           /* held while the file is written: quitting waits for it */
  GFile          *file;
  DossierProject *project;
  guint64         history_state; /* what is being written */
  guint64         changes;       /* the window's change count when the save began */
} SaveData;

static void
save_data_free (SaveData *data)
{
  if (data->app != NULL)
    g_application_release (data->app);
  g_clear_object (&data->app);
  g_clear_object (&data->self);
  g_clear_object (&data->file);
  g_clear_object (&data->project);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveData, save_data_free)

static void save_to (DossierWindow *self,
                     GFile         *file,
                     gboolean       replace);
static void ask_overwrite_changed (DossierWindow *self);

/* Destroyed, though still alive while its save holds a reference. */
static gboolean
window_is_gone (DossierWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (window == G_OBJECT (self))
        return FALSE;
    }
  return TRUE;
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SaveData) data = user_data;
  DossierWindow *self = data->self;
  GFile *file = data->file;
  g_autoptr(GFile) next = g_steal_pointer (&self->save_next);
  gboolean next_replace = self->save_next_replace;
  g_autoptr(GError) error = NULL;
  DossierProject *project = DOSSIER_PROJECT (object);
  gboolean saved = dossier_project_save_file_finish (project, result, &error);
  /* read by the save right after it wrote: the file may hold another window's save by now */
  g_autofree char *version = saved ? dossier_project_save_file_dup_version (project, result)
                                   : NULL;

  self->saving = FALSE;
  self->save_next_replace = FALSE;
  if (window_is_gone (self))
    {
      /* closed (discarded, or the session ended) while the file was written: nobody to tell */
      if (!saved)
        {
          g_autofree char *where = g_file_get_parse_name (file);
          g_warning ("Could not save %s: %s", where, error->message);
        }
      else if (data->project == self->project && self->changes == data->changes)
        set_modified (self, FALSE);  /* all of it is in the file: no draft to restore */
      return;
    }

  if (!saved && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG))
    {
      /* someone saved the file since it was opened or saved here (another program, or
       * another window, whose save may have taken its turn just before this one): nothing
       * was written, and the window asks. No state here is in the file now, not even one
       * undone back to meanwhile: unsaved. */
      if (data->project == self->project)
        {
          self->saved_state = G_MAXUINT64;
          set_modified (self, TRUE);
          dossier_session_schedule (self->session);
        }
      /* one asked for meanwhile to the same file waits for the answer too, unless it is the
       * answer: Replace, said while this save ran (to the question of an earlier one) */
      if (next != NULL && g_file_equal (next, file) && !next_replace)
        g_clear_object (&next);
      if (data->project == self->project && self->file != NULL &&
          g_file_equal (file, self->file) && (next == NULL || !g_file_equal (next, file)))
        ask_overwrite_changed (self);
      if (next != NULL)
        save_to (self, next, next_replace);
      return;
    }

  if (!saved)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *heading = g_strdup_printf (_("Could Not Save “%s”"), name);
      g_autofree char *body = NULL;
      gboolean superseded = g_error_matches (error, DOSSIER_PROJECT_ERROR,
                                             DOSSIER_PROJECT_ERROR_SUPERSEDED);

      if (superseded)
        /* the file holds another window's newer save: not "as it was", and Save As keeps both */
        body = g_strdup_printf (_("%s\n\nYour work is still open here, unsaved: save again to "
                                  "replace that version (you will be asked first), or keep both "
                                  "with Save As."), error->message);
      else
        body = g_strdup_printf (_("%s\n\nNothing was saved; the previous file, if any, "
                                  "is intact. Your work is still open here: try "
                                  "another folder with Save As."), error->message);
      self->close_after_save = FALSE;
      show_error (self, heading, body);
      /* the file still holds what was last saved: undone back to it meanwhile, nothing is
       * unsaved. Unless another window's save replaced it: no state here is in the file, not
       * even the one this save was of (when nothing was unsaved), as the message says. */
      if (data->project == self->project && superseded)
        {
          self->saved_state = G_MAXUINT64;
          set_modified (self, TRUE);
          dossier_session_schedule (self->session);
        }
      else if (data->project == self->project)
        update_history_actions (self);
      /* a save asked for meanwhile to the same file would replace the other window's save
       * without asking, as this one was about to: it is not made, and saving again asks */
      if (superseded && next != NULL && g_file_equal (next, file))
        g_clear_object (&next);
      /* one to another file (Save As) is still made */
      if (next != NULL)
        save_to (self, next, next_replace);
      return;
    }

  if (data->project != self->project)
    {
      /* another file was opened meanwhile: the save stands, the window is about that one */
      toast (self, _("Project saved"));
      return;
    }

  g_set_object (&self->file, file);
  set_disk_version (self, g_steal_pointer (&version));
  dossier_session_set_project (self->session, self->project, file, self->source_name);
  if (self->changes != data->changes)
    {
      /* edited while the file was being written: those edits are in neither the file
       * nor a draft yet, so the window stays modified and the draft is written again */
      self->saved_state = data->history_state;
      dossier_session_schedule (self->session);
      /* edits undone meanwhile may have led back to what the file now holds */
      update_history_actions (self);
      update_title (self);
      if (next != NULL)
        {
          /* the save asked for meanwhile takes them, unless another window saved the file
           * since this save: then it asks first, as Save does */
          save_to (self, next, next_replace);
          return;
        }
      if (self->modified)
        {
          self->close_after_save = FALSE;
          toast (self, _("Project saved; the changes made while saving are not saved yet"));
          return;
        }
      /* undone back to what the file holds: nothing is unsaved, as after any save */
    }
  else
    {
      set_modified (self, FALSE);
      update_title (self);
      if (next != NULL && !g_file_equal (next, file))
        {
          save_to (self, next, next_replace);
          return;
        }
    }
  toast (self, _("Project saved"));
  if (self->close_after_save)
    gtk_window_destroy (GTK_WINDOW (self));
}

/* One save at a time per window, each of the state at its start: a save asked for while one
 * runs waits for it (the last one asked for wins), so the file and FILE~ end up in order and
 * the window knows which state the file holds. Unless @replace (the user said so), the
 * window's file is written only if it is still the version last read or written here when
 * the save's turn comes. */
static void
save_to (DossierWindow *self,
         GFile         *file,
         gboolean       replace)
{
  SaveData *data;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  const char *expected = NULL;

  if (self->saving)
    {
      /* the last one asked for wins; the user's Replace still holds for the same file (asking
       * again when this save is done would ask what the user answered already) */
      self->save_next_replace = replace || (self->save_next_replace && self->save_next != NULL &&
                                            g_file_equal (self->save_next, file));
      g_set_object (&self->save_next, file);
      return;
    }
  data = g_new0 (SaveData, 1);
  self->saving = TRUE;
  data->self = g_object_ref (self);
  if (app != NULL)
    {
      data->app = g_object_ref (G_APPLICATION (app));
      g_application_hold (data->app);
    }
  data->file = g_object_ref (file);
  data->project = g_object_ref (self->project);
  data->history_state = dossier_history_get_state (dossier_project_get_history (self->project));
  data->changes = self->changes;
  if (!replace && self->file != NULL && g_file_equal (file, self->file))
    expected = self->disk_etag;
  dossier_project_save_file_if_version_async (self->project, file, expected, NULL, save_cb,
                                              data);
}

/* Shows @dialog, a question before a file is replaced: Cancel is the default and what closing
 * it answers, and @replace_id (a response the caller added) is drawn as destructive. */
static void
present_replace_question (DossierWindow    *self,
                          AdwMessageDialog *dialog,
                          const char       *replace_id,
                          GCallback         response_cb)
{
  adw_message_dialog_set_response_appearance (dialog, replace_id, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", response_cb, self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
replace_named_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           gpointer          user_data)
{
  DossierWindow *self = user_data;
  GFile *file = g_object_get_data (G_OBJECT (dialog), "file");

  if (g_strcmp0 (response, "replace") == 0)
    save_to (self, file, TRUE);
  else
    self->close_after_save = FALSE;
}

/* Save As added ".dossier.json" to the name typed, and a file of that name is there already:
 * the file chooser asked about the name as typed only. */
static void
ask_replace_named (DossierWindow *self,
                   GFile         *file)
{
  g_autofree char *name = g_file_get_basename (file);
  /* Translators: %s is a file name */
  g_autofree char *heading = g_strdup_printf (_("Replace “%s”?"), name);
  g_autofree char *body = g_strdup_printf (_("A project of this name is already in this folder. "
                                             "Replacing it writes this project over it; it is "
                                             "kept as “%s~” until the next save."), name);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "replace", _("_Replace"),
                                    NULL);
  g_object_set_data_full (G_OBJECT (dialog), "file", g_object_ref (file), g_object_unref);
  present_replace_question (self, ADW_MESSAGE_DIALOG (dialog), "replace",
                            G_CALLBACK (replace_named_response_cb));
}

static void
named_file_info_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DossierWindow) self = user_data;
  GFile *file = G_FILE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (file, result, &error);

  if (window_is_gone (self))
    return;
  /* only a name known to be free is written without asking: a disk that did not answer
   * (a timeout on NFS) may hold a file there */
  if (info == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    save_to (self, file, TRUE);
  else
    ask_replace_named (self, file);
}

void
dossier_window_save_as_file (DossierWindow *self,
                             GFile         *chosen)
{
  g_autofree char *name = NULL;

  g_return_if_fail (DOSSIER_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (chosen));

  name = g_file_get_basename (chosen);
  if (!g_str_has_suffix (name, ".json"))
    {
      g_autofree char *with_suffix = g_strconcat (name, ".dossier.json", NULL);
      g_autoptr(GFile) parent = g_file_get_parent (chosen);
      g_autoptr(GFile) file = g_file_get_child (parent, with_suffix);

      /* the chooser confirmed replacing the name as typed, not this one: whether a file has
       * this one is asked without waiting (NFS or a FUSE mount may be slow to answer) */
      g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                               G_PRIORITY_DEFAULT, NULL, named_file_info_cb, g_object_ref (self));
    }
  else
    /* chosen, and replacing a file there confirmed, in the file chooser */
    save_to (self, chosen, TRUE);
}

static void
save_as_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  DossierWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      dossier_window_save_as_file (self, chosen);
    }
  else
    self->close_after_save = FALSE;
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

#define FOLDER_ATTRIBUTES G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE

/* The folders Save As may start in, best first, of which the first that can be written is
 * taken; else the home folder. Each is asked in turn, asynchronously: a folder on NFS or a FUSE
 * mount (which count as local) may take long to answer, and the window does not wait. */
typedef struct
{
  GPtrArray *candidates;  /* of GFile */
  guint      next;
} FolderSearch;

static void
folder_search_free (FolderSearch *search)
{
  g_ptr_array_unref (search->candidates);
  g_free (search);
}

static void ask_next_folder (GTask *task);

static void
folder_info_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, NULL);

  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY &&
      g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE))
    g_task_return_pointer (task, g_object_ref (object), g_object_unref);
  else if (!g_task_return_error_if_cancelled (task))
    ask_next_folder (g_steal_pointer (&task));
}

/* Takes @task. */
static void
ask_next_folder (GTask *task)
{
  FolderSearch *search = g_task_get_task_data (task);
  GFile *folder;

  if (search->next == search->candidates->len)
    {
      g_task_return_pointer (task, g_file_new_for_path (g_get_home_dir ()), g_object_unref);
      g_object_unref (task);
      return;
    }
  folder = g_ptr_array_index (search->candidates, search->next++);
  g_file_query_info_async (folder, FOLDER_ATTRIBUTES, G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), folder_info_cb, task);
}

void
dossier_window_find_save_folder_async (DossierWindow       *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FolderSearch *search;
  const char *documents;

  g_return_if_fail (DOSSIER_IS_WINDOW (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_window_find_save_folder_async);
  if (self->file != NULL)
    {
      g_task_return_pointer (task, g_file_get_parent (self->file), g_object_unref);
      return;
    }
  /* a new project is saved beside its article, where the user put it (on a remote one the
   * file chooser tells if it cannot be written: nothing is asked of it here) … */
  if (self->source_dir != NULL && !g_file_is_native (self->source_dir))
    {
      g_task_return_pointer (task, g_object_ref (self->source_dir), g_object_unref);
      return;
    }
  search = g_new0 (FolderSearch, 1);
  search->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, search, (GDestroyNotify)folder_search_free);
  if (self->source_dir != NULL)
    g_ptr_array_add (search->candidates, g_object_ref (self->source_dir));
  /* … or, for the sample, a restored draft or an article in a folder that cannot be written
   * (a mounted disc, the data of a package), in Documents, never where the program was
   * started from */
  documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  if (documents != NULL)
    g_ptr_array_add (search->candidates, g_file_new_for_path (documents));
  ask_next_folder (g_steal_pointer (&task));
}

GFile *
dossier_window_find_save_folder_finish (DossierWindow  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Opens the file chooser of Save As, in @folder for a project not saved yet. */
static void
show_save_chooser (DossierWindow *self,
                   GFile         *folder)
{
  GtkFileChooserNative *native;
  GtkFileFilter *filter;
  g_autofree char *suggested = NULL;
  const char *base = self->source_name ? self->source_name : _("Untitled");
  const char *dot = strrchr (base, '.');

  native = gtk_file_chooser_native_new (_("Save Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Dossier Projects"));
  gtk_file_filter_add_pattern (filter, "*.dossier.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  if (self->file)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (native), self->file, NULL);
  else
    {
      if (g_str_has_suffix (base, ".dossier.json"))
        suggested = g_strdup (base);
      else
        suggested = g_strdup_printf ("%.*s.dossier.json", dot && dot != base ? (int)(dot - base) : (int)strlen (base), base);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested);
    }

  g_signal_connect (native, "response", G_CALLBACK (save_as_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
save_folder_found_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  DossierWindow *self = DOSSIER_WINDOW (object);
  g_autoptr(GFile) folder = dossier_window_find_save_folder_finish (self, result, NULL);

  self->finding_save_folder = FALSE;
  /* closed meanwhile: no file chooser over a window that is gone */
  if (window_is_gone (self) || self->document == NULL)
    {
      self->close_after_save = FALSE;
      return;
    }
  show_save_chooser (self, folder);
}

static void
save_as (DossierWindow *self)
{
  if (self->document == NULL)
    return;
  if (self->file != NULL)
    {
      show_save_chooser (self, NULL);
      return;
    }
  /* pressed again while the folder is looked for: one file chooser opens */
  if (self->finding_save_folder)
    return;
  self->finding_save_folder = TRUE;
  dossier_window_find_save_folder_async (self, NULL, save_folder_found_cb, NULL);
}

static void
overwrite_changed_response_cb (AdwMessageDialog *dialog,
                               const char       *response,
                               gpointer          user_data)
{
  DossierWindow *self = user_data;

  if (g_strcmp0 (response, "save") == 0 && self->file != NULL)
    save_to (self, self->file, TRUE);
  else if (g_strcmp0 (response, "save-as") == 0)
    save_as (self);
  else
    self->close_after_save = FALSE;
}

static void
ask_overwrite_changed (DossierWindow *self)
{
  g_autofree char *name = g_file_get_basename (self->file);
  /* Translators: %s is a file name */
  g_autofree char *heading = g_strdup_printf (_("“%s” Was Changed Elsewhere"), name);
  g_autofree char *body = g_strdup_printf (_("Another program, or another Dossier window, saved "
                                             "this file after it was opened here. Saving here "
                                             "replaces that version; it is kept as “%s~” until "
                                             "the next save."), name);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save-as", _("Save _As…"),
                                    "save", _("_Replace"),
                                    NULL);
  present_replace_question (self, ADW_MESSAGE_DIALOG (dialog), "save",
                            G_CALLBACK (overwrite_changed_response_cb));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  if (self->document == NULL)
    return;
  if (self->file == NULL)
    {
      save_as (self);
      return;
    }
  /* written only if nobody saved the file since it was opened or saved here (another program,
   * or another window): the save finds out on its turn, off the main thread, as telling a file
   * nobody changed from another may take reading it; if someone did, the window asks then */
  save_to (self, self->file, FALSE);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  save_as (DOSSIER_WINDOW (widget));
}

/* ---- extraction, publication date ---- */

static void
extract_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  g_autofree char *message = NULL;
  guint n;

  if (self->document == NULL)
    return;
  n = extract (self);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The model marked %u span; your own edits stayed",
                                          "The model marked %u spans; your own edits stayed", n), n);
  toast (self, message);
}

static void
edit_published_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  const char *published;

  if (self->document == NULL)
    return;
  published = dossier_document_get_published (self->document);
  if (published != NULL)
    {
      g_autoptr(GDateTime) dt = NULL;
      int y, m, d;
      if (sscanf (published, "%d-%d-%d", &y, &m, &d) == 3 && (dt = g_date_time_new_local (y, m, d, 0, 0, 0)))
        gtk_calendar_select_day (self->published_calendar, dt);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->published_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->published_revealer, TRUE);
  gtk_menu_button_popup (self->published_button);
}

static void
set_published_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->published_calendar);
  g_autofree char *value = g_date_time_format (date, "%Y-%m-%d");

  gtk_popover_popdown (self->published_popover);
  dossier_window_set_published (self, value);
}

void
dossier_window_set_published (DossierWindow *self,
                              const char    *value)
{
  g_autofree char *message = NULL;
  g_autofree char *when = NULL;

  g_return_if_fail (DOSSIER_IS_WINDOW (self));
  g_return_if_fail (value != NULL && dossier_date_is_valid (value));

  if (self->document == NULL)
    return;
  /* the model's dates follow the new reference date; a human's stay: one step */
  dossier_history_begin (dossier_project_get_history (self->project), _("Publication Date"));
  dossier_edit_set_published (self->project, self->document, value);
  extract (self);
  dossier_history_end (dossier_project_get_history (self->project));
  when = dossier_timeline_describe_value (value);
  message = g_strdup_printf (_("Dates resolved against %s"), when);
  toast (self, message);
}

/* F2 and the People menu work wherever the focus is */
static void
person_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  const char *name = strchr (action_name, '.') + 1;
  g_autofree char *target = g_strdup_printf ("people.%s", name + strlen ("person-"));

  gtk_widget_activate_action (GTK_WIDGET (self->people_sidebar), target, NULL);
}

/* ---- undo ---- */

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  DossierAnnotation *touched;
  DossierHistory *history;

  if (self->project == NULL)
    return;
  history = dossier_project_get_history (self->project);
  if (!(g_str_equal (action_name, "win.undo") ? dossier_history_undo (history)
                                              : dossier_history_redo (history)))
    return;
  /* show what came back or changed */
  touched = dossier_history_get_touched (history);
  if (touched != NULL && self->document != NULL &&
      dossier_document_find_annotation (self->document,
                                        dossier_annotation_get_id (touched)) == touched)
    dossier_article_view_select_range (self->article_view, dossier_annotation_get_start (touched),
                                       dossier_annotation_get_end (touched));
  else if (self->document != NULL)
    {
      GtkTextBuffer *buffer = dossier_article_view_get_buffer (self->article_view);
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
      gtk_text_buffer_select_range (buffer, &iter, &iter);
    }
}

/* ---- sidebars ---- */

static void
on_person_selected (DossierWindow *self,
                    DossierEntity *entity)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.person-rename", entity != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.person-set-title", entity != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.person-merge-into", entity != NULL);
  dossier_article_view_set_focus_entity (self->article_view,
                                         entity ? dossier_entity_get_id (entity) : NULL);
}

/* Activating a person (click, Enter) jumps to their next mention or quote; F3 goes on. */
static void
on_person_activated (DossierWindow *self,
                     DossierEntity *entity)
{
  if (self->document == NULL)
    return;
  dossier_article_view_set_focus_entity (self->article_view, dossier_entity_get_id (entity));
  dossier_article_view_step_focus (self->article_view, 1);
}

static void
on_event_activated (DossierWindow *self,
                    DossierEvent  *event)
{
  DossierAnnotation *anchor = NULL;

  if (self->project == NULL)
    return;
  /* the event's sentence, so its date reads in context */
  if (dossier_project_find_annotation (self->project, dossier_event_get_anchor (event), &anchor) ==
      self->document && anchor != NULL &&
      !dossier_article_view_select_sentence_at (self->article_view,
                                                dossier_annotation_get_start (anchor)))
    dossier_article_view_select_range (self->article_view, dossier_annotation_get_start (anchor),
                                       dossier_annotation_get_end (anchor));
}

/* ---- closing ---- */

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   gpointer          user_data)
{
  DossierWindow *self = user_data;

  if (g_strcmp0 (response, "discard") == 0)
    {
      if (self->session != NULL)
        dossier_session_discard (self->session);
      self->modified = FALSE;
      gtk_window_destroy (GTK_WINDOW (self));
    }
  else if (g_strcmp0 (response, "save") == 0)
    {
      self->close_after_save = TRUE;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.save", NULL);
    }
}

static gboolean
dossier_window_close_request (GtkWindow *window)
{
  DossierWindow *self = DOSSIER_WINDOW (window);
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  g_settings_set_boolean (self->settings, "show-people", self->show_people);
  g_settings_set_boolean (self->settings, "show-timeline", self->show_timeline);

  if (!self->modified || self->document == NULL)
    return GTK_WINDOW_CLASS (dossier_window_parent_class)->close_request (window);

  heading = g_strdup (_("Save Changes?"));
  dialog = adw_message_dialog_new (window, heading,
                                   _("The annotations have unsaved changes. If you close without "
                                     "saving, they are lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (close_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* ---- object ---- */

static void
dossier_window_dispose (GObject *object)
{
  DossierWindow *self = (DossierWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->loading_timeout, g_source_remove);
  if (self->project)
    {
      g_signal_handlers_disconnect_by_data (self->project, self);
      g_signal_handlers_disconnect_by_data (dossier_project_get_history (self->project), self);
    }
  /* unsaved work that reached no draft yet gets one now */
  if (self->session != NULL && self->modified)
    dossier_session_flush (self->session, NULL);
  g_clear_object (&self->session);
  g_clear_object (&self->project);
  g_clear_object (&self->document);
  g_clear_object (&self->file);
  g_clear_object (&self->save_next);
  g_clear_pointer (&self->disk_etag, g_free);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->source_name, g_free);
  g_clear_object (&self->source_dir);

  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_WINDOW);

  G_OBJECT_CLASS (dossier_window_parent_class)->dispose (object);
}

static void
dossier_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DossierWindow *self = DOSSIER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_PEOPLE: g_value_set_boolean (value, self->show_people); break;
    case PROP_SHOW_TIMELINE: g_value_set_boolean (value, self->show_timeline); break;
    case PROP_MODIFIED: g_value_set_boolean (value, self->modified); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DossierWindow *self = DOSSIER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_PEOPLE:
      if (self->show_people != g_value_get_boolean (value))
        {
          self->show_people = g_value_get_boolean (value);
          gtk_revealer_set_reveal_child (self->people_revealer, self->show_people);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SHOW_TIMELINE:
      if (self->show_timeline != g_value_get_boolean (value))
        {
          self->show_timeline = g_value_get_boolean (value);
          gtk_revealer_set_reveal_child (self->timeline_revealer, self->show_timeline);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_window_class_init (DossierWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dossier_window_dispose;
  object_class->get_property = dossier_window_get_property;
  object_class->set_property = dossier_window_set_property;
  window_class->close_request = dossier_window_close_request;

  properties[PROP_SHOW_PEOPLE] =
    g_param_spec_boolean ("show-people", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SHOW_TIMELINE] =
    g_param_spec_boolean ("show-timeline", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DOSSIER_TYPE_ARTICLE_VIEW);
  g_type_ensure (DOSSIER_TYPE_PEOPLE_SIDEBAR);
  g_type_ensure (DOSSIER_TYPE_TIMELINE_SIDEBAR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/dossier-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, article_view);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, people_sidebar);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, timeline_sidebar);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, people_revealer);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, timeline_revealer);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, published_revealer);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, published_popover);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, published_calendar);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, published_button);
  gtk_widget_class_bind_template_callback (widget_class, on_person_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_person_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_event_activated);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.extract", NULL, extract_action);
  gtk_widget_class_install_action (widget_class, "win.edit-published", NULL, edit_published_action);
  gtk_widget_class_install_action (widget_class, "win.set-published", NULL, set_published_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.person-rename", NULL, person_action);
  gtk_widget_class_install_action (widget_class, "win.person-set-title", NULL, person_action);
  gtk_widget_class_install_action (widget_class, "win.person-merge-into", NULL, person_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, undo_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-people", "show-people");
  gtk_widget_class_install_property_action (widget_class, "win.show-timeline", "show-timeline");
}

static void
dossier_window_init (DossierWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->show_people = !g_settings_get_boolean (self->settings, "show-people");
  self->show_timeline = !g_settings_get_boolean (self->settings, "show-timeline");
  g_object_set (self,
                "show-people", g_settings_get_boolean (self->settings, "show-people"),
                "show-timeline", g_settings_get_boolean (self->settings, "show-timeline"),
                NULL);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.extract", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-published", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.person-rename", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.person-set-title", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.person-merge-into", FALSE);
  gtk_stack_set_visible_child_name (self->main_stack, "empty");

  {
    GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

    g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }
}

DossierWindow *
dossier_window_new (DossierApplication *application)
{
  return g_object_new (DOSSIER_TYPE_WINDOW, "application", application, NULL);
}
