/* test-window-saving.c — no edit is lost around saving and opening, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE  /* RTLD_NEXT */

#include "config.h"

#include <adwaita.h>
#include <dlfcn.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dossier-edit.h"
#include "dossier-project-io.h"
#include "dossier-project-io-private.h"
#include "dossier-session.h"
#include "dossier-window.h"
#include "test-util.h"
#include "test-window-util.h"

static char *data_home;

/* A file or folder on a slow disk (NFS, a FUSE mount of gvfs): asking about it, which GIO does
 * with statx() and, whether it can be written, access(), waits until released, or
 * SLOW_PATH_WAIT_MS at most. */
#define SLOW_PATH_WAIT_MS 3000
static GMutex slow_lock;
static GCond slow_cond;
static char *slow_path;

static void
set_slow_path (const char *path)
{
  g_mutex_lock (&slow_lock);
  g_free (slow_path);
  slow_path = g_strdup (path);
  g_cond_broadcast (&slow_cond);
  g_mutex_unlock (&slow_lock);
}

static void
wait_if_slow (const char *path)
{
  gint64 deadline = g_get_monotonic_time () + SLOW_PATH_WAIT_MS * G_TIME_SPAN_MILLISECOND;

  g_mutex_lock (&slow_lock);
  while (slow_path != NULL && g_strcmp0 (path, slow_path) == 0 &&
         g_cond_wait_until (&slow_cond, &slow_lock, deadline))
    ;
  g_mutex_unlock (&slow_lock);
}

int
access (const char *path,
        int         mode)
{
  static int (*real_access) (const char *, int);

  if (real_access == NULL)
    real_access = (int (*) (const char *, int))dlsym (RTLD_NEXT, "access");
  wait_if_slow (path);
  return real_access (path, mode);
}

int
statx (int                 dirfd,
       const char         *path,
       int                 flags,
       unsigned int        mask,
       struct statx       *buf)
{
  static int (*real_statx) (int, const char *, int, unsigned int, struct statx *);

  if (real_statx == NULL)
    real_statx = (int (*) (int, const char *, int, unsigned int, struct statx *))
                 dlsym (RTLD_NEXT, "statx");
  wait_if_slow (path);
  return real_statx (dirfd, path, flags, mask, buf);
}

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static DossierWindow *
sample_window (void)
{
  DossierWindow *window = dossier_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  dossier_window_open_sample (window);
  iterate_until_highlighted (DOSSIER_ARTICLE_VIEW (dossier_window_get_article_view (window)));
  return window;
}

static guint
count_label_in_file (const char *path,
                     const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(DossierProject) project = NULL;
  g_autoptr(DossierDocument) document = NULL;
  GListModel *annotations;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  project = dossier_project_new_from_data (contents, length, &error);
  g_assert_no_error (error);
  document = g_list_model_get_item (dossier_project_get_documents (project), 0);
  annotations = dossier_document_get_annotations (document);
  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, i);
      if (g_strcmp0 (dossier_annotation_get_label (a), label) == 0)
        n++;
    }
  return n;
}

static void
wait_until_save_held (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!_dossier_project_io_save_is_held () && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_true (_dossier_project_io_save_is_held ());
}

static void
spin_until_saved (DossierWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (dossier_window_get_modified (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  /* let the callbacks of the saves finish */
  spin (200);
  g_assert_false (dossier_window_get_modified (window));
}

/* A window whose project saves to @path, already saved once. */
static DossierWindow *
saved_sample_window (const char *path)
{
  DossierWindow *window = sample_window ();
  g_autoptr(GFile) file = g_file_new_for_path (path);

  dossier_window_set_project (window, dossier_window_get_project (window), file);
  dossier_edit_add_annotation (dossier_window_get_project (window),
                               dossier_window_get_document (window), "MISC", 0, 6);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  spin_until_saved (window);
  return window;
}

/* Where @text first starts in @document's article, in characters. */
static guint
offset_of (DossierDocument *document,
           const char      *text)
{
  const char *all = dossier_document_get_text (document);

  return g_utf8_pointer_to_offset (all, strstr (all, text));
}

/* What most tests here share: sample.dossier.json in a new temporary folder and, unless the
 * test makes its own, a window on the sample that has saved it there once. The test closes
 * the window (some close it half way); the folder goes, with all in it, when the test ends. */
typedef struct
{
  char            *dir;
  char            *path;
  char            *backup;    /* FILE~ */
  DossierWindow   *window;
  DossierProject  *project;
  DossierDocument *document;
  guint            aboard;    /* where "aboard" starts: the span the tests' edits take */
} Saved;

static void
saved_init_folder (Saved      *s,
                   const char *dir_template)
{
  s->dir = g_dir_make_tmp (dir_template, NULL);
  g_assert_nonnull (s->dir);
  s->path = g_build_filename (s->dir, "sample.dossier.json", NULL);
  s->backup = g_strconcat (s->path, "~", NULL);
}

static void
saved_init (Saved      *s,
            const char *dir_template)
{
  saved_init_folder (s, dir_template);
  s->window = saved_sample_window (s->path);
  s->project = dossier_window_get_project (s->window);
  s->document = dossier_window_get_document (s->window);
  s->aboard = offset_of (s->document, "aboard");
}

static void
saved_clear (Saved *s)
{
  /* a test may have removed the folder itself: then this finds nothing to remove */
  if (s->dir != NULL)
    dossier_test_remove_tree (s->dir);
  g_clear_pointer (&s->backup, g_free);
  g_clear_pointer (&s->path, g_free);
  g_clear_pointer (&s->dir, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Saved, saved_clear)

/* Save pressed in @window, and that save held at @hold on its way to the disk until
 * _dossier_project_io_release_save. */
static void
save_held (DossierWindow   *window,
           DossierSaveHold  hold)
{
  _dossier_project_io_hold_next_save (hold);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  wait_until_save_held ();
}

/* An edit made while the file is being written is neither in the file nor marked
 * saved: the window stays modified, so closing asks and the draft is kept. */
static void
test_edit_during_save (void)
{
  DossierWindow *window = sample_window ();
  DossierProject *project = dossier_window_get_project (window);
  DossierDocument *document = dossier_window_get_document (window);
  g_auto(Saved) s = { 0 };
  g_autoptr(GFile) file = NULL;
  guint at = offset_of (document, "aboard");

  saved_init_folder (&s, "dossier-save-XXXXXX");
  file = g_file_new_for_path (s.path);
  dossier_window_set_project (window, project, file);
  dossier_edit_add_annotation (project, document, "MISC", 0, 6);
  g_assert_true (dossier_window_get_modified (window));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  /* the user goes on before the save has finished */
  dossier_edit_add_annotation (project, document, "SET", at, at + 6);
  spin (1500);

  g_assert_cmpuint (count_label_in_file (s.path, "MISC"), >=, 1);
  g_assert_cmpuint (count_label_in_file (s.path, "SET"), ==, 0);
  g_assert_true (dossier_window_get_modified (window));

  /* a second save takes it, and then nothing is unsaved */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  spin (1500);
  g_assert_cmpuint (count_label_in_file (s.path, "SET"), ==, 1);
  g_assert_false (dossier_window_get_modified (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Edits made while another file loads stay in this window; the file opens in a new one. */
static void
test_edit_during_load (void)
{
  DossierWindow *window = sample_window ();
  DossierProject *project = dossier_window_get_project (window);
  DossierDocument *document = dossier_window_get_document (window);
  g_autofree char *dir = g_dir_make_tmp ("dossier-load-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "other.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint windows_before;
  DossierWindow *other = NULL;

  g_assert_true (g_file_set_contents (path, "Angela Merkel spoke in Paris on Monday.\n", -1, NULL));
  windows_before = g_list_model_get_n_items (toplevels);
  dossier_window_open_file (window, file);
  dossier_edit_add_annotation (project, document, "MISC", 0, 6);
  spin (1500);

  /* this window still shows its article, with the edit, still unsaved */
  g_assert_true (dossier_window_get_document (window) == document);
  g_assert_true (dossier_window_get_modified (window));
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, windows_before + 1);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (DOSSIER_IS_WINDOW (w) && DOSSIER_WINDOW (w) != window)
        other = DOSSIER_WINDOW (w);
    }
  g_assert_nonnull (other);
  g_assert_nonnull (dossier_window_get_document (other));
  g_assert_cmpstr (dossier_document_get_text (dossier_window_get_document (other)), ==,
                   "Angela Merkel spoke in Paris on Monday.\n");

  gtk_window_destroy (GTK_WINDOW (other));
  gtk_window_destroy (GTK_WINDOW (window));
  dossier_test_remove_tree (dir);
}

/* Save pressed again while the first save is still on the disk: the second waits for the first,
 * so the file holds the newer state, FILE~ the older one, and undo knows what the file holds. */
static void
test_second_save_waits_for_first (void)
{
  g_auto(Saved) s = { 0 };
  guint peskov;
  guint titles;

  saved_init (&s, "dossier-twice-XXXXXX");
  peskov = offset_of (s.document, "Dmitry Peskov");
  titles = count_label_in_file (s.path, "TITLE");

  dossier_edit_add_annotation (s.project, s.document, "SET", s.aboard, s.aboard + 6);
  save_held (s.window, DOSSIER_SAVE_HOLD_BEFORE_LOCK);

  dossier_edit_add_annotation (s.project, s.document, "TITLE", peskov, peskov + 13);
  gtk_widget_activate_action (GTK_WIDGET (s.window), "win.save", NULL);
  spin (300);
  _dossier_project_io_release_save ();
  spin_until_saved (s.window);

  g_assert_cmpuint (count_label_in_file (s.path, "TITLE"), ==, titles + 1);
  g_assert_cmpuint (count_label_in_file (s.path, "SET"), ==, 1);
  g_assert_cmpuint (count_label_in_file (s.backup, "SET"), ==, 1);
  g_assert_cmpuint (count_label_in_file (s.backup, "TITLE"), ==, titles);

  /* one undo leads away from what the file holds */
  gtk_widget_activate_action (GTK_WIDGET (s.window), "win.undo", NULL);
  g_assert_true (dossier_window_get_modified (s.window));

  gtk_window_destroy (GTK_WINDOW (s.window));
}

static void
wait_until_save_let_go (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (_dossier_project_io_save_is_held () && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_false (_dossier_project_io_save_is_held ());
}

/* Until no save is on the way, its callback included. */
static void
spin_until_saves_done (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (_dossier_project_io_saves_pending () > 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (_dossier_project_io_saves_pending (), ==, 0);
}

static AdwMessageDialog *wait_for_message_dialog (void);
static AdwMessageDialog *wait_for_changed_elsewhere (GtkWindow *parent);
static gboolean draft_on_disk (void);
static void wait_for_draft (void);

/* Save, then Save again after an edit while the first is on the disk, and the second fails (the
 * file was made read-only meanwhile): the failure is told, and the window stays modified, since
 * the file holds only the first save's state; undo back to that state finds nothing unsaved. */
static void
test_later_save_fails (void)
{
  g_auto(Saved) s = { 0 };
  guint peskov;
  guint titles;
  AdwMessageDialog *dialog;
  gint64 deadline;

  saved_init (&s, "dossier-later-XXXXXX");
  peskov = offset_of (s.document, "Dmitry Peskov");
  titles = count_label_in_file (s.path, "TITLE");

  dossier_edit_add_annotation (s.project, s.document, "SET", s.aboard, s.aboard + 6);
  save_held (s.window, DOSSIER_SAVE_HOLD_BEFORE_LOCK);
  dossier_edit_add_annotation (s.project, s.document, "TITLE", peskov, peskov + 13);
  gtk_widget_activate_action (GTK_WIDGET (s.window), "win.save", NULL);

  /* the first save goes on; the second, started when it is done, waits */
  _dossier_project_io_release_save ();
  wait_until_save_let_go ();
  _dossier_project_io_hold_next_save (DOSSIER_SAVE_HOLD_BEFORE_LOCK);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!_dossier_project_io_save_is_held () && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (_dossier_project_io_save_is_held ());
  g_assert_cmpuint (count_label_in_file (s.path, "SET"), ==, 1);
  g_assert_cmpint (g_chmod (s.path, 0444), ==, 0);
  _dossier_project_io_release_save ();

  dialog = wait_for_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Could Not Save “sample.dossier.json”");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (200);
  g_assert_cmpuint (count_label_in_file (s.path, "SET"), ==, 1);
  g_assert_cmpuint (count_label_in_file (s.path, "TITLE"), ==, titles);
  g_assert_true (dossier_window_get_modified (s.window));

  /* the file holds the first save's state */
  gtk_widget_activate_action (GTK_WIDGET (s.window), "win.undo", NULL);
  g_assert_false (dossier_window_get_modified (s.window));

  g_assert_cmpint (g_chmod (s.path, 0644), ==, 0);
  gtk_window_destroy (GTK_WINDOW (s.window));
  spin (200);
}

/* An edit is saved, and undone while the save is on the disk: the window is back at the state
 * the file had, but the file is getting the edit, so the window is modified (and its draft
 * kept), not clean. Redo, back to what the file holds, finds nothing unsaved. */
static void
test_undo_during_save (void)
{
  g_auto(Saved) s = { 0 };

  saved_init (&s, "dossier-undo-XXXXXX");
  dossier_edit_add_annotation (s.project, s.document, "SET", s.aboard, s.aboard + 6);
  save_held (s.window, DOSSIER_SAVE_HOLD_BEFORE_LOCK);
  gtk_widget_activate_action (GTK_WIDGET (s.window), "win.undo", NULL);
  _dossier_project_io_release_save ();
  spin_until_saves_done ();

  g_assert_cmpuint (count_label_in_file (s.path, "SET"), ==, 1);
  g_assert_true (dossier_window_get_modified (s.window));
  /* what the window shows is kept as a draft */
  wait_for_draft ();

  gtk_widget_activate_action (GTK_WIDGET (s.window), "win.redo", NULL);
  g_assert_false (dossier_window_get_modified (s.window));

  gtk_window_destroy (GTK_WINDOW (s.window));
  spin (200);
}

/* As above, but the save fails (the file was made read-only meanwhile): the file still holds
 * what the window shows after the undo, so once the failure is told nothing is unsaved. */
static void
test_undo_during_failed_save (void)
{
  g_auto(Saved) s = { 0 };
  AdwMessageDialog *dialog;

  saved_init (&s, "dossier-undo-XXXXXX");
  dossier_edit_add_annotation (s.project, s.document, "SET", s.aboard, s.aboard + 6);
  save_held (s.window, DOSSIER_SAVE_HOLD_BEFORE_LOCK);
  gtk_widget_activate_action (GTK_WIDGET (s.window), "win.undo", NULL);
  g_assert_cmpint (g_chmod (s.path, 0444), ==, 0);
  _dossier_project_io_release_save ();

  dialog = wait_for_message_dialog ();
  g_assert_nonnull (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (count_label_in_file (s.path, "SET"), ==, 0);
  g_assert_false (dossier_window_get_modified (s.window));

  g_assert_cmpint (g_chmod (s.path, 0644), ==, 0);
  gtk_window_destroy (GTK_WINDOW (s.window));
  spin (200);
}

/* Two windows on one file: the first one's save waits its turn while the second one's, asked
 * for later, is written. The first save is not written over the newer one; it fails, the first
 * window says so and stays modified (its work is in no file), and the file keeps the second
 * window's save. */
static void
test_save_overtaken_by_other_window (void)
{
  g_auto(Saved) s = { 0 };
  g_autoptr(GFile) file = NULL;
  DossierWindow *other;
  guint peskov;
  guint titles;
  AdwMessageDialog *dialog;

  saved_init (&s, "dossier-two-XXXXXX");
  file = g_file_new_for_path (s.path);
  other = sample_window ();
  peskov = offset_of (s.document, "Dmitry Peskov");
  titles = count_label_in_file (s.path, "TITLE");

  dossier_window_set_project (other, dossier_window_get_project (other), file);
  dossier_edit_add_annotation (dossier_window_get_project (other),
                               dossier_window_get_document (other), "SET", s.aboard, s.aboard + 6);
  dossier_edit_add_annotation (s.project, s.document, "TITLE", peskov, peskov + 13);

  save_held (s.window, DOSSIER_SAVE_HOLD_BEFORE_LOCK);
  gtk_widget_activate_action (GTK_WIDGET (other), "win.save", NULL);
  spin_until_saved (other);
  _dossier_project_io_release_save ();

  dialog = wait_for_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (s.window));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Could Not Save “sample.dossier.json”");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "another window"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (count_label_in_file (s.path, "SET"), ==, 1);
  g_assert_cmpuint (count_label_in_file (s.path, "TITLE"), ==, titles);
  g_assert_true (dossier_window_get_modified (s.window));
  g_assert_false (dossier_window_get_modified (other));
  /* the file holds no state of this window's any more, not even the one it saved first */
  gtk_widget_activate_action (GTK_WIDGET (s.window), "win.undo", NULL);
  g_assert_true (dossier_window_get_modified (s.window));
  gtk_widget_activate_action (GTK_WIDGET (s.window), "win.redo", NULL);

  /* saving again asks before replacing the other window's save */
  gtk_widget_activate_action (GTK_WIDGET (s.window), "win.save", NULL);
  dialog = wait_for_changed_elsewhere (NULL);
  adw_message_dialog_response (dialog, "save");
  spin_until_saved (s.window);
  g_assert_cmpuint (count_label_in_file (s.path, "TITLE"), ==, titles + 1);

  gtk_window_destroy (GTK_WINDOW (other));
  gtk_window_destroy (GTK_WINDOW (s.window));
  spin (200);
}

/* The window goes (its changes discarded) while its save is still being written: the save
 * finishes quietly. */
static void
test_close_during_save (void)
{
  g_auto(Saved) s = { 0 };

  saved_init (&s, "dossier-close-XXXXXX");
  dossier_edit_add_annotation (s.project, s.document, "SET", s.aboard, s.aboard + 6);
  save_held (s.window, DOSSIER_SAVE_HOLD_WHILE_LOCKED);
  gtk_window_destroy (GTK_WINDOW (s.window));
  _dossier_project_io_release_save ();
  spin (500);

  g_assert_cmpuint (count_label_in_file (s.path, "SET"), ==, 1);
}

typedef struct
{
  const char *path;
  gboolean    saved_before_exit;
} QuitData;

static gboolean
release_save_cb (gpointer user_data)
{
  _dossier_project_io_release_save ();
  return G_SOURCE_REMOVE;
}

static void
quit_activate_cb (GApplication *app,
                  QuitData     *data)
{
  g_autoptr(GFile) file = g_file_new_for_path (data->path);
  DossierWindow *window = sample_window ();
  guint aboard = offset_of (dossier_window_get_document (window), "aboard");

  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
  dossier_window_set_project (window, dossier_window_get_project (window), file);
  dossier_edit_add_annotation (dossier_window_get_project (window),
                               dossier_window_get_document (window), "SET", aboard, aboard + 6);
  save_held (window, DOSSIER_SAVE_HOLD_WHILE_LOCKED);
  /* the last window goes while the file is being written; the disk finishes later */
  gtk_window_destroy (GTK_WINDOW (window));
  g_timeout_add (300, release_save_cb, NULL);
}

static void
quit_shutdown_cb (GApplication *app,
                  QuitData     *data)
{
  data->saved_before_exit = g_file_test (data->path, G_FILE_TEST_EXISTS) &&
                            count_label_in_file (data->path, "SET") == 1;
}

/* The application does not end (and take a half-written save with it) while a save runs. */
static void
test_quit_waits_for_save (void)
{
  g_auto(Saved) s = { 0 };
  g_autoptr(GtkApplication) app = gtk_application_new (NULL, G_APPLICATION_NON_UNIQUE);
  QuitData data = { NULL, FALSE };

  saved_init_folder (&s, "dossier-quit-XXXXXX");
  data.path = s.path;
  g_signal_connect (app, "activate", G_CALLBACK (quit_activate_cb), &data);
  g_signal_connect (app, "shutdown", G_CALLBACK (quit_shutdown_cb), &data);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  /* if the application did not wait, the save is still held: let it go before failing */
  _dossier_project_io_release_save ();
  g_assert_true (data.saved_before_exit);
  spin (200);
}

static gboolean
draft_on_disk (void)
{
  g_autofree char *dir = dossier_session_dup_drafts_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".draft"))
      return TRUE;
  return FALSE;
}

/* Until a draft is on the disk (five seconds at the most): there must be one. */
static void
wait_for_draft (void)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!draft_on_disk () && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (draft_on_disk ());
}

/* Drafts left by the windows of earlier tests go, so that the test finds only its own. */
static void
discard_orphans (void)
{
  g_autoptr(GPtrArray) orphans = dossier_session_list_orphans ();

  for (guint i = 0; i < orphans->len; i++)
    dossier_session_discard (g_ptr_array_index (orphans, i));
}

static AdwMessageDialog *
wait_for_message_dialog (void)
{
  return wait_for_message_dialog_for (5000);
}

static AdwMessageDialog *
wait_for_message_dialog_briefly (void)
{
  return wait_for_message_dialog_for (300);
}

/* The question a save asks before replacing sample.dossier.json saved by someone else, over
 * @parent when that is not NULL. */
static AdwMessageDialog *
wait_for_changed_elsewhere (GtkWindow *parent)
{
  AdwMessageDialog *dialog = wait_for_message_dialog ();

  g_assert_nonnull (dialog);
  if (parent != NULL)
    g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == parent);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "\u201csample.dossier.json\u201d Was Changed Elsewhere");
  return dialog;
}

/* Closed while its save was being written, and the save then went through: all of the work is
 * in the file, so no draft is left to be offered at the next start. */
static void
test_closed_during_save_leaves_no_draft (void)
{
  g_auto(Saved) s = { 0 };

  discard_orphans ();
  saved_init (&s, "dossier-close-draft-XXXXXX");
  dossier_edit_add_annotation (s.project, s.document, "SET", s.aboard, s.aboard + 6);
  wait_for_draft ();
  save_held (s.window, DOSSIER_SAVE_HOLD_WHILE_LOCKED);
  gtk_window_destroy (GTK_WINDOW (s.window));
  _dossier_project_io_release_save ();
  spin (500);

  g_assert_cmpuint (count_label_in_file (s.path, "SET"), ==, 1);
  g_assert_false (draft_on_disk ());
}

/* The project's folder was deleted while it was open: saving says so, and the work stays open,
 * unsaved, with its draft. */
static void
test_save_into_deleted_folder (void)
{
  g_auto(Saved) s = { 0 };
  AdwMessageDialog *dialog;

  saved_init (&s, "dossier-gone-XXXXXX");
  dossier_edit_add_annotation (s.project, s.document, "SET", s.aboard, s.aboard + 6);
  wait_for_draft ();
  dossier_test_remove_tree (s.dir);

  gtk_widget_activate_action (GTK_WIDGET (s.window), "win.save", NULL);
  dialog = wait_for_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Could Not Save “sample.dossier.json”");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "does not exist"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Nothing was saved"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (dossier_window_get_modified (s.window));
  g_assert_true (draft_on_disk ());

  gtk_window_destroy (GTK_WINDOW (s.window));
}

/* The contents of the one draft in the drafts folder. */
static char *
read_draft (void)
{
  g_autofree char *dir = dossier_session_dup_drafts_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  char *contents = NULL;

  while (d && (name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".dossier.json"))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_assert_null (contents);
        g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      }
  g_assert_nonnull (contents);
  return contents;
}

/* A full disk (a file-size limit here) when a draft is due: the user is told, once, that the
 * unsaved changes are not backed up; the earlier draft stays as it was. */
static void
test_failed_draft_is_reported (void)
{
  DossierWindow *window = sample_window ();
  DossierProject *project = dossier_window_get_project (window);
  DossierDocument *document = dossier_window_get_document (window);
  guint aboard = offset_of (document, "aboard");
  g_autofree char *big = dossier_test_big_title ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  struct rlimit old_limit;
  AdwMessageDialog *dialog;

  discard_orphans ();
  dossier_edit_add_annotation (project, document, "MISC", 0, 6);
  wait_for_draft ();
  spin (200);
  before = read_draft ();

  dossier_document_set_title (document, big);
  old_limit = dossier_test_limit_file_size (strlen (before) + 4096);
  dossier_edit_add_annotation (project, document, "SET", aboard, aboard + 6);
  dialog = wait_for_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Unsaved Changes Are Not Backed Up");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "File too large"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "still open here"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* told once: the next failed draft does not ask again */
  dossier_edit_add_annotation (project, document, "MISC", aboard, aboard + 6);
  spin (500);
  dossier_test_restore_file_size (&old_limit);
  g_assert_null (wait_for_message_dialog_briefly ());

  after = read_draft ();
  g_assert_true (strcmp (after, before) == 0);
  g_assert_true (dossier_window_get_modified (window));

  gtk_window_destroy (GTK_WINDOW (window));
  spin (200);
}

/* Another program saves @path: the same project with a title of its own, a minute later.
 * Returns what it wrote. */
static char *
save_elsewhere (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GString) theirs = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  theirs = g_string_new (contents);
  g_string_replace (theirs, "\"title\" : \"", "\"title\" : \"Theirs: ", 1);
  g_assert_nonnull (strstr (theirs->str, "Theirs: "));
  g_assert_true (g_file_set_contents (path, theirs->str, -1, NULL));
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE, NULL,
                            NULL);
  later = g_date_time_add_minutes (g_file_info_get_modification_date_time (info), 1);
  g_file_info_set_modification_date_time (info, later);
  g_assert_true (g_file_set_attributes_from_info (file, info, G_FILE_QUERY_INFO_NONE, NULL, NULL));
  return g_string_free (g_steal_pointer (&theirs), FALSE);
}


/* Another program saved the file after it was opened here: Save asks before replacing it, and
 * replacing keeps that version as FILE~. */
static void
test_save_over_file_changed_elsewhere (void)
{
  g_auto(Saved) s = { 0 };
  g_autofree char *theirs = NULL;
  g_autofree char *contents = NULL;
  AdwMessageDialog *dialog;

  saved_init (&s, "dossier-changed-XXXXXX");
  theirs = save_elsewhere (s.path);

  dossier_edit_add_annotation (s.project, s.document, "SET", s.aboard, s.aboard + 6);
  gtk_widget_activate_action (GTK_WIDGET (s.window), "win.save", NULL);
  dialog = wait_for_changed_elsewhere (NULL);
  spin (200);
  g_assert_true (g_file_get_contents (s.path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, theirs);
  g_assert_true (dossier_window_get_modified (s.window));

  adw_message_dialog_response (dialog, "save");
  spin_until_saved (s.window);
  g_assert_cmpuint (count_label_in_file (s.path, "SET"), ==, 1);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (s.backup, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, theirs);

  /* saved here since: the next save does not ask */
  dossier_edit_add_annotation (s.project, s.document, "MISC", s.aboard, s.aboard + 6);
  gtk_widget_activate_action (GTK_WIDGET (s.window), "win.save", NULL);
  spin_until_saved (s.window);

  gtk_window_destroy (GTK_WINDOW (s.window));
}

/* The file was put back as another file holding what this window saved, with the same time
 * stamp, as a file system whose inode numbers are not stable (vfat, FUSE, CIFS) shows a file
 * nobody changed: Save writes it without asking. Other bytes, as many, with the same time
 * stamp, are someone else's: Save asks before replacing them. */
static void
test_save_over_same_bytes_in_another_file (void)
{
  g_auto(Saved) s = { 0 };
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *contents = NULL;
  AdwMessageDialog *dialog;

  saved_init (&s, "dossier-inode-XXXXXX");
  g_assert_true (g_file_get_contents (s.path, &ours, NULL, NULL));
  dossier_test_replace_keeping_time (s.path, ours);
  dossier_edit_add_annotation (s.project, s.document, "SET", s.aboard, s.aboard + 6);
  gtk_widget_activate_action (GTK_WIDGET (s.window), "win.save", NULL);
  spin_until_saves_done ();
  g_assert_null (wait_for_message_dialog_briefly ());
  g_assert_false (dossier_window_get_modified (s.window));
  g_assert_cmpuint (count_label_in_file (s.path, "SET"), ==, 1);

  g_clear_pointer (&ours, g_free);
  g_assert_true (g_file_get_contents (s.path, &ours, NULL, NULL));
  theirs = dossier_test_change_one_letter (ours, "Sample Article");
  dossier_test_replace_keeping_time (s.path, theirs);
  dossier_edit_add_annotation (s.project, s.document, "MISC", s.aboard, s.aboard + 6);
  gtk_widget_activate_action (GTK_WIDGET (s.window), "win.save", NULL);
  dialog = wait_for_changed_elsewhere (NULL);
  adw_message_dialog_response (dialog, "cancel");
  spin_until_saves_done ();
  g_assert_true (g_file_get_contents (s.path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, theirs);
  g_assert_true (dossier_window_get_modified (s.window));

  gtk_window_destroy (GTK_WINDOW (s.window));
  spin (200);
}

/* The message dialog headed @heading shown within @timeout_ms, or NULL: others may be up too. */
static AdwMessageDialog *
wait_for_dialog_headed (const char *heading,
                        guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  do
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

          if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)) &&
              g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), heading) == 0)
            return ADW_MESSAGE_DIALOG (w);
        }
      g_main_context_iteration (NULL, FALSE);
    }
  while (g_get_monotonic_time () < deadline);
  return NULL;
}

/* Save is refused, as another program saved the file, and the window asks; a Save As asked for
 * meanwhile (to a folder that is then removed) starts at once and is still on the disk when the
 * user answers Replace. That Save As fails, and the answer counts: the file is replaced, not
 * asked about a second time. */
static void
test_replace_answered_during_save_counts (void)
{
  g_auto(Saved) s = { 0 };
  g_autofree char *copy_dir = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GFile) copy = NULL;
  AdwMessageDialog *dialog;

  saved_init (&s, "dossier-answer-XXXXXX");
  copy_dir = g_build_filename (s.dir, "copies", NULL);
  g_assert_cmpint (g_mkdir (copy_dir, 0700), ==, 0);
  copy = g_file_new_build_filename (copy_dir, "copy.dossier.json", NULL);
  theirs = save_elsewhere (s.path);

  dossier_edit_add_annotation (s.project, s.document, "SET", s.aboard, s.aboard + 6);
  save_held (s.window, DOSSIER_SAVE_HOLD_BEFORE_LOCK);
  dossier_window_save_as_file (s.window, copy);
  _dossier_project_io_release_save ();
  wait_until_save_let_go ();
  /* the Save As, started once the window hears of the refusal, waits on the disk */
  _dossier_project_io_hold_next_save (DOSSIER_SAVE_HOLD_WHILE_LOCKED);
  dialog = wait_for_changed_elsewhere (NULL);
  wait_until_save_held ();
  dossier_test_remove_tree (copy_dir);
  adw_message_dialog_response (dialog, "save");
  /* as a click on the button does */
  gtk_window_destroy (GTK_WINDOW (dialog));
  _dossier_project_io_release_save ();

  dialog = wait_for_dialog_headed ("Could Not Save \u201ccopy.dossier.json\u201d", 5000);
  g_assert_nonnull (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin_until_saves_done ();
  g_assert_null (wait_for_dialog_headed ("\u201csample.dossier.json\u201d Was Changed Elsewhere",
                                         300));
  g_assert_cmpuint (count_label_in_file (s.path, "SET"), ==, 1);
  g_assert_true (g_file_get_contents (s.backup, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, theirs);
  g_assert_false (dossier_window_get_modified (s.window));

  gtk_window_destroy (GTK_WINDOW (s.window));
  spin (200);
}

/* The window goes while its save is on the way, and the save then fails (the folder went too):
 * no message comes up for a window that is gone; the failure is logged. */
static void
test_closed_window_failed_save (void)
{
  g_auto(Saved) s = { 0 };

  saved_init (&s, "dossier-closed-XXXXXX");
  dossier_edit_add_annotation (s.project, s.document, "SET", s.aboard, s.aboard + 6);
  save_held (s.window, DOSSIER_SAVE_HOLD_WHILE_LOCKED);
  gtk_window_destroy (GTK_WINDOW (s.window));
  dossier_test_remove_tree (s.dir);
  g_test_expect_message ("dossier-window", G_LOG_LEVEL_WARNING, "Could not save*");
  _dossier_project_io_release_save ();
  spin (500);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
        g_assert_false (ADW_IS_MESSAGE_DIALOG (w));
      }
  }
  g_test_assert_expected_messages ();
}

/* Work restored from a crash started from the file as it was then; if another program saved
 * the file since, Save asks before the restored work replaces it. */
static void
test_restored_work_does_not_replace_newer_file (void)
{
  g_auto(Saved) s = { 0 };
  g_autoptr(GPtrArray) orphans = NULL;
  DossierWindow *restored;
  g_autofree char *theirs = NULL;
  g_autofree char *contents = NULL;
  AdwMessageDialog *dialog;

  discard_orphans ();

  /* an edit reaches its draft, and the window goes without saving (as in a crash) */
  saved_init (&s, "dossier-restored-XXXXXX");
  dossier_edit_add_annotation (s.project, s.document, "SET", s.aboard, s.aboard + 6);
  wait_for_draft ();
  spin (200);
  gtk_window_destroy (GTK_WINDOW (s.window));
  spin (200);

  theirs = save_elsewhere (s.path);

  orphans = dossier_session_list_orphans ();
  g_assert_cmpuint (orphans->len, ==, 1);
  restored = dossier_window_new (NULL);
  gtk_window_present (GTK_WINDOW (restored));
  g_assert_true (dossier_window_restore_draft (restored, g_ptr_array_index (orphans, 0), NULL));
  gtk_widget_activate_action (GTK_WIDGET (restored), "win.save", NULL);
  dialog = wait_for_changed_elsewhere (NULL);
  adw_message_dialog_response (dialog, "cancel");
  spin (200);
  g_assert_true (g_file_get_contents (s.path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, theirs);
  g_assert_true (dossier_window_get_modified (restored));

  gtk_window_destroy (GTK_WINDOW (restored));
  spin (200);
}

/* A full disk (a file-size limit here) when the user saves: the message says so and that the
 * previous file is intact; the file and the draft are as they were, and the work stays open. */
static void
test_failed_save_on_full_disk (void)
{
  g_auto(Saved) s = { 0 };
  g_autofree char *big = dossier_test_big_title ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *draft_before = NULL;
  g_autofree char *draft_after = NULL;
  struct rlimit old_limit;
  AdwMessageDialog *dialog;

  discard_orphans ();
  saved_init (&s, "dossier-full-XXXXXX");
  g_assert_true (g_file_get_contents (s.path, &before, NULL, NULL));

  dossier_document_set_title (s.document, big);
  dossier_edit_add_annotation (s.project, s.document, "SET", s.aboard, s.aboard + 6);
  wait_for_draft ();
  spin (200);
  draft_before = read_draft ();

  old_limit = dossier_test_limit_file_size (strlen (before) + 4096);
  gtk_widget_activate_action (GTK_WIDGET (s.window), "win.save", NULL);
  dialog = wait_for_message_dialog ();
  dossier_test_restore_file_size (&old_limit);

  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Could Not Save “sample.dossier.json”");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "File too large"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "the previous file, if any, "
                                                                  "is intact"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (g_file_get_contents (s.path, &after, NULL, NULL));
  g_assert_true (strcmp (after, before) == 0);
  draft_after = read_draft ();
  g_assert_true (strcmp (draft_after, draft_before) == 0);
  g_assert_true (dossier_window_get_modified (s.window));

  gtk_window_destroy (GTK_WINDOW (s.window));
  spin (200);
}

/* @other, a window on the sample, turned to @s's file, with one edit not saved (SET on
 * "aboard"): the other window of the tests where two windows save one file. */
static DossierWindow *
edit_in_other_window (Saved         *s,
                      DossierWindow *other)
{
  g_autoptr(GFile) file = g_file_new_for_path (s->path);

  dossier_window_set_project (other, dossier_window_get_project (other), file);
  dossier_edit_add_annotation (dossier_window_get_project (other),
                               dossier_window_get_document (other), "SET", s->aboard,
                               s->aboard + 6);
  return other;
}

/* @s's window edited: Dmitry Peskov's name marked a TITLE. Returns the file's TITLE count
 * before the edit is saved. */
static guint
add_title_edit (Saved *s)
{
  guint peskov = offset_of (s->document, "Dmitry Peskov");
  guint titles = count_label_in_file (s->path, "TITLE");

  dossier_edit_add_annotation (s->project, s->document, "TITLE", peskov, peskov + 13);
  return titles;
}

/* Waits until the file holds @n TITLE annotations (a save written, not yet heard of). */
static void
wait_for_titles_in_file (const char *path,
                         guint       n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (count_label_in_file (path, "TITLE") != n && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_cmpuint (count_label_in_file (path, "TITLE"), ==, n);
}

static void
close_windows (DossierWindow *window,
               DossierWindow *other)
{
  if (other != NULL)
    gtk_window_destroy (GTK_WINDOW (other));
  gtk_window_destroy (GTK_WINDOW (window));
  spin (200);
}

/* Two windows on one file. The first one saves (its save waits its turn) and, meanwhile, saves
 * again; the second saves, and its save is written first. The first save fails, as the file
 * holds the other window's newer one, and the one asked for meanwhile is not made either: it
 * would replace that without asking. The first window stays modified and says so. */
static void
test_queued_save_not_made_over_other_window (void)
{
  g_auto(Saved) s = { 0 };
  DossierWindow *other;
  AdwMessageDialog *dialog;
  guint titles;

  saved_init (&s, "dossier-queued-XXXXXX");
  other = edit_in_other_window (&s, sample_window ());
  titles = add_title_edit (&s);

  save_held (s.window, DOSSIER_SAVE_HOLD_BEFORE_LOCK);
  /* Ctrl+S pressed twice */
  gtk_widget_activate_action (GTK_WIDGET (s.window), "win.save", NULL);
  gtk_widget_activate_action (GTK_WIDGET (other), "win.save", NULL);
  spin_until_saved (other);
  _dossier_project_io_release_save ();

  dialog = wait_for_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Could Not Save “sample.dossier.json”");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin_until_saves_done ();
  g_assert_null (wait_for_message_dialog_briefly ());
  g_assert_cmpuint (count_label_in_file (s.path, "SET"), ==, 1);
  g_assert_cmpuint (count_label_in_file (s.path, "TITLE"), ==, titles);
  g_assert_true (dossier_window_get_modified (s.window));
  g_assert_false (dossier_window_get_modified (other));

  close_windows (s.window, other);
}

/* The window's save is on the disk, and it is edited and saved again meanwhile; another
 * program saves the file right after that save, before the window hears it is done. The save
 * asked for meanwhile finds the file saved since the window's own save (whose version the save
 * itself read, not the window later): it asks before replacing it, as Save does, and the
 * answer Cancel keeps it. */
static void
test_queued_save_asks_after_other_program (void)
{
  g_auto(Saved) s = { 0 };
  g_autofree char *theirs = NULL;
  g_autofree char *contents = NULL;
  AdwMessageDialog *dialog;
  guint titles;

  saved_init (&s, "dossier-queued-XXXXXX");
  titles = add_title_edit (&s);
  save_held (s.window, DOSSIER_SAVE_HOLD_WHILE_LOCKED);
  dossier_edit_add_annotation (s.project, s.document, "SET", s.aboard, s.aboard + 6);
  gtk_widget_activate_action (GTK_WIDGET (s.window), "win.save", NULL);
  _dossier_project_io_release_save ();

  /* written, and saved by the other program, before the window hears of it */
  wait_for_titles_in_file (s.path, titles + 1);
  theirs = save_elsewhere (s.path);

  dialog = wait_for_changed_elsewhere (NULL);
  adw_message_dialog_response (dialog, "cancel");
  spin_until_saves_done ();
  g_assert_true (g_file_get_contents (s.path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, theirs);
  g_assert_true (dossier_window_get_modified (s.window));

  close_windows (s.window, NULL);
}

/* Two windows on one file. The first one's save is on the disk when the second one saves: the
 * file is as the second window last saw it then, but by the second save's turn it holds the
 * first window's. The second save writes nothing and asks before replacing that. */
static void
test_save_asks_on_its_turn_after_other_window (void)
{
  g_auto(Saved) s = { 0 };
  DossierWindow *other;
  AdwMessageDialog *dialog;
  guint titles;

  saved_init (&s, "dossier-turn-XXXXXX");
  other = edit_in_other_window (&s, sample_window ());
  titles = add_title_edit (&s);

  save_held (s.window, DOSSIER_SAVE_HOLD_WHILE_LOCKED);
  gtk_widget_activate_action (GTK_WIDGET (other), "win.save", NULL);
  _dossier_project_io_release_save ();

  dialog = wait_for_changed_elsewhere (GTK_WINDOW (other));
  adw_message_dialog_response (dialog, "cancel");
  spin_until_saves_done ();
  g_assert_cmpuint (count_label_in_file (s.path, "TITLE"), ==, titles + 1);
  g_assert_cmpuint (count_label_in_file (s.path, "SET"), ==, 0);
  g_assert_false (dossier_window_get_modified (s.window));
  g_assert_true (dossier_window_get_modified (other));

  close_windows (s.window, other);
}

/* As above, and the second window's edit is undone while its save waits its turn: the
 * window is back at the state it last saw saved, but the file holds the first window's save
 * now, so after the refused save it is unsaved, and closing it would ask. */
static void
test_refused_save_after_undo_is_unsaved (void)
{
  g_auto(Saved) s = { 0 };
  DossierWindow *other;
  AdwMessageDialog *dialog;
  guint titles, started;
  gint64 deadline;

  saved_init (&s, "dossier-refused-XXXXXX");
  other = edit_in_other_window (&s, sample_window ());
  titles = add_title_edit (&s);

  save_held (s.window, DOSSIER_SAVE_HOLD_WHILE_LOCKED);
  started = _dossier_project_io_saves_started ();
  gtk_widget_activate_action (GTK_WIDGET (other), "win.save", NULL);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (_dossier_project_io_saves_started () == started && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (other), "win.undo", NULL);
  _dossier_project_io_release_save ();

  dialog = wait_for_changed_elsewhere (GTK_WINDOW (other));
  adw_message_dialog_response (dialog, "cancel");
  spin_until_saves_done ();
  g_assert_cmpuint (count_label_in_file (s.path, "TITLE"), ==, titles + 1);
  g_assert_true (dossier_window_get_modified (other));

  close_windows (s.window, other);
}

/* Save As with a name typed without ".dossier.json": the file chooser confirmed replacing the
 * name as typed, so a project already saved under the name with the suffix is not replaced
 * without asking; Cancel keeps it. */
static void
test_save_as_suffix_asks_before_replacing (void)
{
  g_auto(Saved) s = { 0 };
  DossierWindow *other;
  g_autoptr(GFile) typed = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  AdwMessageDialog *dialog;

  saved_init (&s, "dossier-save-as-XXXXXX");
  g_assert_true (g_file_get_contents (s.path, &before, NULL, NULL));
  other = sample_window ();
  dossier_edit_add_annotation (dossier_window_get_project (other),
                               dossier_window_get_document (other), "SET", s.aboard,
                               s.aboard + 6);

  /* what the file chooser gives back for the name typed: "sample", in the project's folder */
  typed = g_file_new_build_filename (s.dir, "sample", NULL);
  dossier_window_save_as_file (other, typed);

  dialog = wait_for_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Replace \u201csample.dossier.json\u201d?");
  adw_message_dialog_response (dialog, "cancel");
  spin_until_saves_done ();
  g_assert_true (g_file_get_contents (s.path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  g_assert_true (dossier_window_get_modified (other));

  /* a name that is not there yet is saved at once, with the suffix */
  g_clear_object (&typed);
  typed = g_file_new_build_filename (s.dir, "copy", NULL);
  dossier_window_save_as_file (other, typed);
  spin_until_saved (other);
  g_assert_true (g_file_test (s.path, G_FILE_TEST_EXISTS));
  {
    g_autofree char *copy = g_build_filename (s.dir, "copy.dossier.json", NULL);
    g_assert_cmpuint (count_label_in_file (copy, "SET"), ==, 1);
  }

  close_windows (s.window, other);
}

/* As above, in the other order: the save asked for meanwhile starts (the file is as the first
 * save left it) before the other window's save, which has its turn at the file already, is
 * written. On its turn it finds the file saved by the other window: it writes nothing and
 * asks before replacing that. */
static void
test_queued_save_asks_on_its_turn (void)
{
  g_auto(Saved) s = { 0 };
  DossierWindow *other;
  AdwMessageDialog *dialog;
  guint titles, started;
  gint64 deadline;

  saved_init (&s, "dossier-queued-XXXXXX");
  /* made now: making a window runs the main loop, which must not tell the first save done
   * before the test says so */
  other = sample_window ();
  titles = add_title_edit (&s);

  save_held (s.window, DOSSIER_SAVE_HOLD_BEFORE_LOCK);
  dossier_edit_add_annotation (s.project, s.document, "MISC", s.aboard, s.aboard + 6);
  gtk_widget_activate_action (GTK_WIDGET (s.window), "win.save", NULL);
  _dossier_project_io_release_save ();
  wait_until_save_let_go ();
  wait_for_titles_in_file (s.path, titles + 1);

  /* the other window opens the file as the first save left it, and its save takes its turn
   * after the first one and waits there */
  edit_in_other_window (&s, other);
  save_held (other, DOSSIER_SAVE_HOLD_WHILE_LOCKED);
  /* the first save is told done, and the one asked for meanwhile starts */
  started = _dossier_project_io_saves_started ();
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (_dossier_project_io_saves_started () == started && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (_dossier_project_io_saves_started (), ==, started + 1);
  _dossier_project_io_release_save ();

  dialog = wait_for_changed_elsewhere (GTK_WINDOW (s.window));
  adw_message_dialog_response (dialog, "cancel");
  spin_until_saves_done ();
  g_assert_cmpuint (count_label_in_file (s.path, "SET"), ==, 1);
  g_assert_cmpuint (count_label_in_file (s.path, "TITLE"), ==, titles);
  g_assert_true (dossier_window_get_modified (s.window));
  g_assert_false (dossier_window_get_modified (other));

  close_windows (s.window, other);
}

/* A window with nothing unsaved saves, and another window's save of the file overtakes it: the
 * message says the work here is unsaved, and so it is (closing asks), as the file holds the
 * other window's. */
static void
test_clean_save_overtaken_is_unsaved (void)
{
  g_auto(Saved) s = { 0 };
  DossierWindow *other;
  AdwMessageDialog *dialog;

  saved_init (&s, "dossier-clean-XXXXXX");
  other = edit_in_other_window (&s, sample_window ());
  g_assert_false (dossier_window_get_modified (s.window));

  save_held (s.window, DOSSIER_SAVE_HOLD_BEFORE_LOCK);
  gtk_widget_activate_action (GTK_WIDGET (other), "win.save", NULL);
  spin_until_saved (other);
  _dossier_project_io_release_save ();

  dialog = wait_for_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "unsaved"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin_until_saves_done ();
  g_assert_true (dossier_window_get_modified (s.window));
  g_assert_cmpuint (count_label_in_file (s.path, "SET"), ==, 1);

  close_windows (s.window, other);
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Edited while the save is on the disk, and the edit undone: the window is back at the state
 * being written, so once the save is done nothing is unsaved, and the message says the project
 * is saved, not that changes made while saving are not. */
static void
test_edit_undone_during_save_is_saved (void)
{
  g_auto(Saved) s = { 0 };
  DossierWindow *window = sample_window ();
  DossierProject *project = dossier_window_get_project (window);
  DossierDocument *document = dossier_window_get_document (window);
  g_autoptr(GFile) file = NULL;
  guint aboard = offset_of (document, "aboard");
  gint64 deadline;

  saved_init_folder (&s, "dossier-undone-XXXXXX");
  file = g_file_new_for_path (s.path);
  /* not saved yet, so no earlier message waits its turn before the one looked for */
  dossier_window_set_project (window, project, file);
  dossier_edit_add_annotation (project, document, "SET", aboard, aboard + 6);
  save_held (window, DOSSIER_SAVE_HOLD_BEFORE_LOCK);
  dossier_edit_add_annotation (project, document, "MISC", 0, 6);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  _dossier_project_io_release_save ();
  spin_until_saves_done ();

  g_assert_cmpuint (count_label_in_file (s.path, "SET"), ==, 1);
  g_assert_false (dossier_window_get_modified (window));
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (find_label (GTK_WIDGET (window), "Project saved") == NULL &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (find_label (GTK_WIDGET (window), "Project saved"));
  g_assert_null (find_label (GTK_WIDGET (window),
                             "Project saved; the changes made while saving are not saved yet"));

  close_windows (window, NULL);
}

static void
save_folder_found_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GFile **folder = user_data;

  *folder = dossier_window_find_save_folder_finish (DOSSIER_WINDOW (object), result, NULL);
  g_assert_nonnull (*folder);
}

/* Where Save As would start in @window. */
static GFile *
find_save_folder (DossierWindow *window)
{
  GFile *folder = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  dossier_window_find_save_folder_async (window, NULL, save_folder_found_cb, &folder);
  while (folder == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (folder);
  return folder;
}

/* Save As for a new project starts beside its article; for the sample, in Documents or the
 * home folder, never in the folder the program happened to be started from. */
static void
test_save_as_starts_beside_article (void)
{
  DossierWindow *window = dossier_window_new (NULL);
  g_autofree char *dir = g_dir_make_tmp ("dossier-beside-XXXXXX", NULL);
  g_autofree char *started_in = g_dir_make_tmp ("dossier-cwd-XXXXXX", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *path = g_build_filename (dir, "article.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) dir_file = g_file_new_for_path (dir);
  g_autoptr(GFile) started_file = g_file_new_for_path (started_in);
  g_autoptr(GFile) home = g_file_new_for_path (g_get_home_dir ());
  g_autoptr(GFile) folder = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_true (g_file_set_contents (path, "Angela Merkel spoke in Paris on Monday.\n", -1, NULL));
  gtk_window_present (GTK_WINDOW (window));
  dossier_window_open_file (window, file);
  while (dossier_window_get_document (window) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (dossier_window_get_document (window));
  folder = find_save_folder (window);
  g_assert_true (g_file_equal (folder, dir_file));

  g_assert_cmpint (g_chdir (started_in), ==, 0);
  dossier_window_open_sample (window);
  g_clear_object (&folder);
  folder = find_save_folder (window);
  g_assert_false (g_file_equal (folder, started_file));
  if (g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS) != NULL)
    {
      g_autoptr(GFile) documents = g_file_new_for_path (g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS));
      g_assert_true (g_file_equal (folder, documents) || g_file_equal (folder, home));
    }
  else
    g_assert_true (g_file_equal (folder, home));
  g_assert_cmpint (g_chdir (cwd), ==, 0);

  close_windows (window, NULL);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_assert_cmpint (g_rmdir (started_in), ==, 0);
}

/* The file chooser Save As opened, or NULL if none shows within five seconds. */
static GtkFileChooser *
wait_for_file_chooser (void)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

          if (GTK_IS_FILE_CHOOSER (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
            return GTK_FILE_CHOOSER (w);
        }
      g_main_context_iteration (NULL, FALSE);
    }
  return NULL;
}

/* The article's folder is on a slow disk (NFS, a FUSE mount): Save As does not wait for it to
 * say whether it can be written, the window goes on at once, and the file chooser opens there
 * once it has said so. */
static void
test_save_as_does_not_wait_for_slow_folder (void)
{
  DossierWindow *window = dossier_window_new (NULL);
  g_autofree char *dir = g_dir_make_tmp ("dossier-slow-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "article.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) dir_file = g_file_new_for_path (dir);
  g_autoptr(GFile) folder = NULL;
  GtkFileChooser *chooser;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gint64 start, waited;

  g_assert_true (g_file_set_contents (path, "Angela Merkel spoke in Paris on Monday.\n", -1, NULL));
  gtk_window_present (GTK_WINDOW (window));
  dossier_window_open_file (window, file);
  while (dossier_window_get_document (window) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (dossier_window_get_document (window));
  spin (200);

  set_slow_path (dir);
  start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-as", NULL);
  waited = g_get_monotonic_time () - start;
  g_assert_cmpint (waited, <, SLOW_PATH_WAIT_MS / 3 * G_TIME_SPAN_MILLISECOND);
  set_slow_path (NULL);

  chooser = wait_for_file_chooser ();
  g_assert_nonnull (chooser);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while ((folder = gtk_file_chooser_get_current_folder (chooser)) == NULL &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (folder);
  g_assert_true (g_file_equal (folder, dir_file));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  spin (200);

  close_windows (window, NULL);
  dossier_test_remove_tree (dir);
}

/* Save As adds ".dossier.json" to a name typed without it, and asks whether a file of that name
 * is there (on a slow disk, NFS or a FUSE mount, the answer takes a while) without waiting: the
 * window goes on at once, and the project is saved when the answer comes. */
static void
test_save_as_name_check_does_not_wait_for_slow_disk (void)
{
  g_auto(Saved) s = { 0 };
  DossierWindow *window = sample_window ();
  g_autoptr(GFile) typed = NULL;
  gint64 start, waited;

  saved_init_folder (&s, "dossier-slow-name-XXXXXX");
  dossier_edit_add_annotation (dossier_window_get_project (window),
                               dossier_window_get_document (window), "SET", 0, 6);
  typed = g_file_new_build_filename (s.dir, "sample", NULL);
  set_slow_path (s.path);
  start = g_get_monotonic_time ();
  dossier_window_save_as_file (window, typed);
  waited = g_get_monotonic_time () - start;
  set_slow_path (NULL);
  g_assert_cmpint (waited, <, SLOW_PATH_WAIT_MS / 3 * G_TIME_SPAN_MILLISECOND);

  spin_until_saved (window);
  g_assert_cmpuint (count_label_in_file (s.path, "SET"), ==, 1);
  close_windows (window, NULL);
}

int
main (int argc, char *argv[])
{
  int status;

  data_home = dossier_test_use_temp_data_home ();
  g_setenv ("DOSSIER_DRAFT_DELAY_MS", "50", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/window-saving/edit-during-save", test_edit_during_save);
  g_test_add_func ("/window-saving/edit-during-load", test_edit_during_load);
  g_test_add_func ("/window-saving/second-save-waits-for-first", test_second_save_waits_for_first);
  g_test_add_func ("/window-saving/later-save-fails", test_later_save_fails);
  g_test_add_func ("/window-saving/undo-during-save", test_undo_during_save);
  g_test_add_func ("/window-saving/undo-during-failed-save", test_undo_during_failed_save);
  g_test_add_func ("/window-saving/save-overtaken-by-other-window",
                   test_save_overtaken_by_other_window);
  g_test_add_func ("/window-saving/close-during-save", test_close_during_save);
  g_test_add_func ("/window-saving/quit-waits-for-save", test_quit_waits_for_save);
  g_test_add_func ("/window-saving/closed-during-save-leaves-no-draft",
                   test_closed_during_save_leaves_no_draft);
  g_test_add_func ("/window-saving/save-into-deleted-folder", test_save_into_deleted_folder);
  g_test_add_func ("/window-saving/failed-draft-is-reported", test_failed_draft_is_reported);
  g_test_add_func ("/window-saving/closed-window-failed-save", test_closed_window_failed_save);
  g_test_add_func ("/window-saving/save-over-file-changed-elsewhere",
                   test_save_over_file_changed_elsewhere);
  g_test_add_func ("/window-saving/save-over-same-bytes-in-another-file",
                   test_save_over_same_bytes_in_another_file);
  g_test_add_func ("/window-saving/replace-answered-during-save-counts",
                   test_replace_answered_during_save_counts);
  g_test_add_func ("/window-saving/failed-save-on-full-disk", test_failed_save_on_full_disk);
  g_test_add_func ("/window-saving/restored-work-does-not-replace-newer-file",
                   test_restored_work_does_not_replace_newer_file);
  g_test_add_func ("/window-saving/queued-save-not-made-over-other-window",
                   test_queued_save_not_made_over_other_window);
  g_test_add_func ("/window-saving/queued-save-asks-after-other-program",
                   test_queued_save_asks_after_other_program);
  g_test_add_func ("/window-saving/save-asks-on-its-turn-after-other-window",
                   test_save_asks_on_its_turn_after_other_window);
  g_test_add_func ("/window-saving/refused-save-after-undo-is-unsaved",
                   test_refused_save_after_undo_is_unsaved);
  g_test_add_func ("/window-saving/save-as-suffix-asks-before-replacing",
                   test_save_as_suffix_asks_before_replacing);
  g_test_add_func ("/window-saving/queued-save-asks-on-its-turn",
                   test_queued_save_asks_on_its_turn);
  g_test_add_func ("/window-saving/clean-save-overtaken-is-unsaved",
                   test_clean_save_overtaken_is_unsaved);
  g_test_add_func ("/window-saving/edit-undone-during-save-is-saved",
                   test_edit_undone_during_save_is_saved);
  g_test_add_func ("/window-saving/save-as-starts-beside-article",
                   test_save_as_starts_beside_article);
  g_test_add_func ("/window-saving/save-as-does-not-wait-for-slow-folder",
                   test_save_as_does_not_wait_for_slow_folder);
  g_test_add_func ("/window-saving/save-as-name-check-does-not-wait-for-slow-disk",
                   test_save_as_name_check_does_not_wait_for_slow_disk);
  status = g_test_run ();
  dossier_test_remove_tree (data_home);
  g_free (data_home);
  return status;
}
