/* test-window-editing.c — correcting the sample article by hand, under Xvfb
 *
 * Drives the window's actions as the keys and the popover do (label,
 * relabel, resize, delete, merge people, undo) and checks the model, the
 * highlights and the People rows after each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dossier-annotation-popover.h"
#include "dossier-article-view.h"
#include "dossier-people-sidebar.h"
#include "dossier-project-io.h"
#include "dossier-session.h"
#include "dossier-timeline-sidebar.h"
#include "dossier-window.h"
#include "test-util.h"
#include "test-window-util.h"

typedef struct
{
  DossierWindow        *window;
  DossierArticleView   *view;
  DossierPeopleSidebar *people;
  DossierProject       *project;
  DossierDocument      *document;
  char                 *text;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = dossier_window_new (NULL);
  f->view = DOSSIER_ARTICLE_VIEW (dossier_window_get_article_view (f->window));
  f->people = DOSSIER_PEOPLE_SIDEBAR (dossier_window_get_people_sidebar (f->window));
  gtk_window_present (GTK_WINDOW (f->window));
  if (data == NULL)
    dossier_window_open_sample (f->window);
  else
    {
      /* the bare article: what the model finds (people, once it does) cannot shift the expectations */
      g_autofree char *text = dossier_test_load_shared ("samples/air-force-one.txt", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierProject) project = dossier_project_new_from_text (text, strlen (text), "Sample",
                                                                         "2025-02-09", &error);
      g_assert_no_error (error);
      dossier_window_set_project (f->window, project, NULL);
    }
  iterate_until_highlighted (f->view);
  f->project = dossier_window_get_project (f->window);
  f->document = dossier_window_get_document (f->window);
  f->text = g_strdup (dossier_document_get_text (f->document));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_free (f->text);
}

static guint
offset_of (Fixture    *f,
           const char *needle,
           guint       nth)
{
  const char *at = f->text;

  for (guint i = 0; i <= nth; i++)
    {
      at = strstr (i ? at + 1 : at, needle);
      g_assert_nonnull (at);
    }
  return g_utf8_pointer_to_offset (f->text, at);
}

static void
select_offsets (Fixture *f,
                guint    start,
                guint    end)
{
  GtkTextBuffer *buffer = dossier_article_view_get_buffer (f->view);
  GtkTextIter a, b;

  gtk_text_buffer_get_iter_at_offset (buffer, &a, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, end);
  gtk_text_buffer_select_range (buffer, &a, &b);
}

static void
activate (Fixture    *f,
          const char *action,
          const char *format,
          ...)
{
  va_list args;
  GVariant *param = NULL;

  if (format)
    {
      va_start (args, format);
      param = g_variant_new_va (format, NULL, &args);
      va_end (args);
    }
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->view), action, param));
  iterate_until_highlighted (f->view);
  assert_tags_match_model (f->view, f->document);
}

static void
undo (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  iterate_until_highlighted (f->view);
  assert_tags_match_model (f->view, f->document);
}

/* The People rows' descriptions, as a screen reader says them, one per line. */
static char *
people_rows (Fixture *f)
{
  GListModel *rows = dossier_people_sidebar_get_rows (f->people);
  GString *s = g_string_new (NULL);

  dossier_people_sidebar_refresh (f->people);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(DossierPersonRow) row = g_list_model_get_item (rows, i);
      g_autofree char *description = dossier_person_row_dup_description (row);
      g_string_append_printf (s, "%s\n", description);
    }
  return g_string_free (s, FALSE);
}

static gboolean
has_row (Fixture    *f,
         const char *description)
{
  g_autofree char *rows = people_rows (f);
  g_autofree char *line = g_strdup_printf ("%s\n", description);

  if (strstr (rows, line) == NULL)
    g_test_message ("rows:\n%s", rows);
  return strstr (rows, line) != NULL;
}

static void
test_label_relabel_resize_delete (Fixture       *f,
                                  gconstpointer  data)
{
  guint at = offset_of (f, "Dmitry Peskov", 0);
  guint n = g_list_model_get_n_items (dossier_document_get_annotations (f->document));
  DossierAnnotation *a;
  g_autofree char *id = NULL;

  /* a sloppy selection, "y Peskov told" less a bit: it snaps to whole words */
  select_offsets (f, at + 5, at + 16);
  activate (f, "annotation.label", "s", "PERSON");
  a = dossier_article_view_get_current (f->view);
  g_assert_nonnull (a);
  id = g_strdup (dossier_annotation_get_id (a));
  g_assert_cmpstr (dossier_annotation_get_text (a), ==, "Dmitry Peskov told");
  g_assert_cmpint (dossier_annotation_get_origin (a), ==, DOSSIER_ORIGIN_HUMAN);
  g_assert_cmpuint (g_list_model_get_n_items (dossier_document_get_annotations (f->document)), ==, n + 1);
  g_assert_true (dossier_window_get_modified (f->window));
  g_assert_true (has_row (f, "Dmitry Peskov told, 1 mention, 0 quotes"));

  /* one word less at the end (Alt+Shift+←): "Dmitry Peskov"; the person keeps its name */
  activate (f, "annotation.end-earlier", NULL);
  g_assert_cmpstr (dossier_annotation_get_text (a), ==, "Dmitry Peskov");
  activate (f, "annotation.start-later", NULL);
  g_assert_cmpstr (dossier_annotation_get_text (a), ==, "Peskov");
  activate (f, "annotation.start-earlier", NULL);
  activate (f, "annotation.start-earlier", NULL);
  g_assert_cmpstr (dossier_annotation_get_text (a), ==, "spokesman Dmitry Peskov");
  undo (f);
  g_assert_cmpstr (dossier_annotation_get_text (a), ==, "Dmitry Peskov");

  /* relabel as an organisation: the highlight moves from the PERSON tag to the ORG tag */
  activate (f, "annotation.label", "s", "ORG");
  g_assert_cmpstr (dossier_annotation_get_label (a), ==, "ORG");
  g_assert_false (has_row (f, "Dmitry Peskov told, 1 mention, 0 quotes"));
  undo (f);
  g_assert_cmpstr (dossier_annotation_get_label (a), ==, "PERSON");

  /* a quote mark at the start of a selection stays out of a name */
  select_offsets (f, offset_of (f, "\"I personally", 0), offset_of (f, "\"I personally", 0) + 13);
  activate (f, "annotation.label", "s", "MISC");
  g_assert_cmpstr (dossier_annotation_get_text (dossier_article_view_get_current (f->view)), ==, "I personally");
  undo (f);

  /* Delete removes the one under the cursor; undo brings it back, same object */
  select_offsets (f, at + 2, at + 2);
  g_assert_true (dossier_article_view_get_current (f->view) == a);
  activate (f, "annotation.delete", NULL);
  g_assert_null (dossier_document_find_annotation (f->document, id));
  g_assert_false (has_row (f, "Dmitry Peskov told, 1 mention, 0 quotes"));
  undo (f);
  g_assert_true (dossier_document_find_annotation (f->document, id) == a);
  g_assert_true (has_row (f, "Dmitry Peskov told, 1 mention, 0 quotes"));

  /* undo everything: the article is as the model left it, and not modified in content */
  while (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL) &&
         dossier_history_can_undo (dossier_project_get_history (f->project)))
    ;
  iterate_until_highlighted (f->view);
  assert_tags_match_model (f->view, f->document);
  g_assert_cmpuint (g_list_model_get_n_items (dossier_document_get_annotations (f->document)), ==, n);
  /* back where it was opened: nothing unsaved; one redo and there is again */
  g_assert_false (dossier_window_get_modified (f->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL));
  g_assert_true (dossier_window_get_modified (f->window));
}

static void
test_dates_and_steps (Fixture       *f,
                      gconstpointer  data)
{
  guint sunday = offset_of (f, "Sunday", 0);
  DossierAnnotation *a;
  DossierAnnotationPopover *popover = DOSSIER_ANNOTATION_POPOVER (dossier_article_view_get_popover (f->view));

  /* Tab from the start lands on the first annotation, then goes on in reading order to "Sunday" */
  select_offsets (f, 0, 0);
  g_assert_true (dossier_article_view_step (f->view, 1));
  a = dossier_article_view_get_current (f->view);
  g_assert_nonnull (a);
  {
    g_autoptr(DossierAnnotation) first = g_list_model_get_item (dossier_document_get_annotations (f->document), 0);
    g_assert_true (a == first);
  }
  for (guint i = 0; i < 20 && dossier_annotation_get_start (a) < sunday; i++)
    {
      guint before = dossier_annotation_get_start (a);
      g_assert_true (dossier_article_view_step (f->view, 1));
      a = dossier_article_view_get_current (f->view);
      g_assert_cmpuint (dossier_annotation_get_start (a), >=, before);
    }
  g_assert_cmpuint (dossier_annotation_get_start (a), ==, sunday);
  g_assert_cmpstr (dossier_annotation_get_label (a), ==, "DATE");

  /* Enter: the popover names it for a screen reader */
  g_assert_true (dossier_article_view_show_popover (f->view));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_true (dossier_annotation_popover_get_annotation (popover) == a);
  g_assert_cmpstr (dossier_annotation_popover_get_heading (popover), ==, "Date: “Sunday”");

  /* a corrected value, from the popover; the timeline event follows */
  activate (f, "annotation.set-value", "s", "2025-02-02");
  g_assert_cmpstr (dossier_annotation_get_value (a), ==, "2025-02-02");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  undo (f);
  g_assert_cmpstr (dossier_annotation_get_value (a), ==, "2025-02-09");

  /* a new date by hand is normalised against the publication date */
  select_offsets (f, offset_of (f, "Friday", 0), offset_of (f, "Friday", 0) + 6);
  a = dossier_article_view_get_current (f->view);
  activate (f, "annotation.delete", NULL);
  select_offsets (f, offset_of (f, "Friday", 0), offset_of (f, "Friday", 0) + 6);
  activate (f, "annotation.label", "s", "DATE");
  a = dossier_article_view_get_current (f->view);
  g_assert_cmpstr (dossier_annotation_get_value (a), ==, "2025-02-07");

  /* Shift+Tab goes back */
  g_assert_true (dossier_article_view_step (f->view, -1));
  g_assert_cmpuint (dossier_annotation_get_start (dossier_article_view_get_current (f->view)), <,
                    offset_of (f, "Friday", 0));
}

/* The first shown widget under @root of @type (and, for a button or label, with @text as its
 * text or action), or NULL. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_visible (child))
        continue;
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (text == NULL ||
           (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), text) == 0) ||
           (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0) ||
           (GTK_IS_ACTIONABLE (child) &&
            g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), text) == 0)))
        return child;
      if ((found = find_widget (child, type, text)))
        return found;
    }
  return NULL;
}

static void
test_date_modifier (Fixture       *f,
                    gconstpointer  data)
{
  guint january = offset_of (f, "January 20", 0);
  GtkWidget *popover = dossier_article_view_get_popover (f->view);
  GtkDropDown *mods;
  GtkWidget *set;
  DossierAnnotation *a;

  /* "since he became president on January 20 or before": on or before the 20th */
  select_offsets (f, january, january + 10);
  a = dossier_article_view_get_current (f->view);
  g_assert_nonnull (a);
  g_assert_cmpstr (dossier_annotation_get_value (a), ==, "2025-01-20");
  g_assert_null (dossier_annotation_get_mod (a));
  g_assert_true (dossier_article_view_show_popover (f->view));

  mods = GTK_DROP_DOWN (find_widget (popover, GTK_TYPE_DROP_DOWN, NULL));
  g_assert_nonnull (mods);
  g_assert_cmpuint (gtk_drop_down_get_selected (mods), ==, 0);
  g_assert_nonnull (find_widget (popover, GTK_TYPE_LABEL, "Monday 20 January 2025"));
  /* the human-readable date follows the modifier before anything is set */
  gtk_drop_down_set_selected (mods, 7);
  g_assert_nonnull (find_widget (popover, GTK_TYPE_LABEL, "on or before Monday 20 January 2025"));
  g_assert_null (dossier_annotation_get_mod (a));

  set = find_widget (popover, GTK_TYPE_BUTTON, "Set");
  g_assert_nonnull (set);
  g_signal_emit_by_name (set, "clicked");
  iterate_until_highlighted (f->view);
  assert_tags_match_model (f->view, f->document);
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_cmpstr (dossier_annotation_get_value (a), ==, "2025-01-20");
  g_assert_cmpstr (dossier_annotation_get_mod (a), ==, "ON_OR_BEFORE");
  g_assert_cmpint (dossier_annotation_get_origin (a), ==, DOSSIER_ORIGIN_HUMAN);

  /* shown again, the popover reads the modifier back */
  select_offsets (f, january, january + 10);
  g_assert_true (dossier_article_view_show_popover (f->view));
  g_assert_cmpuint (gtk_drop_down_get_selected (mods), ==, 7);
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* one undo step brings back the bare date */
  undo (f);
  g_assert_cmpstr (dossier_annotation_get_value (a), ==, "2025-01-20");
  g_assert_null (dossier_annotation_get_mod (a));
  g_assert_cmpint (dossier_annotation_get_origin (a), ==, DOSSIER_ORIGIN_MODEL);

  /* "none" clears a modifier; a modifier alone needs no new value */
  select_offsets (f, january, january + 10);
  activate (f, "annotation.set-date", "(ss)", "2025-01-20", "APPROX");
  g_assert_cmpstr (dossier_annotation_get_mod (a), ==, "APPROX");
  select_offsets (f, january, january + 10);
  activate (f, "annotation.set-date", "(ss)", "2025-01-20", "");
  g_assert_null (dossier_annotation_get_mod (a));
  undo (f);
  g_assert_cmpstr (dossier_annotation_get_mod (a), ==, "APPROX");
}

/* Lets idle work run, then checks the highlights against the model. */
static void
settle (Fixture *f)
{
  iterate_until_highlighted (f->view);
  assert_tags_match_model (f->view, f->document);
}

static void
show_quote (Fixture           *f,
            DossierAnnotation *q)
{
  select_offsets (f, dossier_annotation_get_start (q), dossier_annotation_get_end (q));
  settle (f);
  g_assert_true (dossier_article_view_show_popover (f->view));
  g_assert_true (dossier_annotation_popover_get_annotation (
    DOSSIER_ANNOTATION_POPOVER (dossier_article_view_get_popover (f->view))) == q);
}

static void
test_quote_parts (Fixture       *f,
                  gconstpointer  data)
{
  guint inside = offset_of (f, "I’ve had it", 0);
  guint trump = offset_of (f, "Trump said: “I’ve had it", 0);
  GtkWidget *popover = dossier_article_view_get_popover (f->view);
  DossierAnnotation *q = NULL;
  GListModel *annotations = dossier_document_get_annotations (f->document);
  const char *text;
  guint start, end;

  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, i);
      if (g_strcmp0 (dossier_annotation_get_label (a), "QUOTE") == 0 &&
          dossier_annotation_get_start (a) <= inside && dossier_annotation_get_end (a) > inside)
        q = a;
    }
  g_assert_nonnull (q);

  /* what the model found: "Trump said: “I’ve had it. …”" */
  g_assert_cmpstr (dossier_annotation_get_kind (q), ==, "direct");
  g_assert_true (dossier_annotation_get_source (q, &start, &end, &text));
  g_assert_cmpuint (start, ==, trump);
  g_assert_cmpuint (end, ==, trump + 5);
  g_assert_cmpstr (text, ==, "Trump");
  g_assert_true (dossier_annotation_get_cue (q, &start, &end, &text));
  g_assert_cmpuint (start, ==, trump + 6);
  g_assert_cmpstr (text, ==, "said:");

  /* its popover shows both; nothing selected yet, so nothing to use */
  show_quote (f, q);
  g_assert_true (g_str_has_prefix (dossier_annotation_popover_get_heading (
                                     DOSSIER_ANNOTATION_POPOVER (popover)),
                                   "Quote: “I’ve had it. Let’s just say"));
  g_assert_nonnull (find_widget (popover, GTK_TYPE_LABEL, "“Trump”"));
  g_assert_nonnull (find_widget (popover, GTK_TYPE_LABEL, "“said:”"));
  g_assert_false (gtk_widget_get_sensitive (find_widget (popover, GTK_TYPE_BUTTON,
                                                         "annotation.use-as-source")));

  /* clear the source: the popover stays, saying so */
  g_signal_emit_by_name (find_widget (popover, GTK_TYPE_BUTTON, "annotation.clear-source"),
                         "clicked");
  settle (f);
  g_assert_false (dossier_annotation_get_source (q, NULL, NULL, NULL));
  g_assert_true (dossier_annotation_get_cue (q, NULL, NULL, NULL));
  g_assert_cmpint (dossier_annotation_get_origin (q), ==, DOSSIER_ORIGIN_HUMAN);
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_nonnull (find_widget (popover, GTK_TYPE_LABEL, "None"));
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* select "Trump" (a person mention), then open the quote: the selection becomes its source */
  select_offsets (f, trump, trump + 5);
  settle (f);
  show_quote (f, q);
  g_assert_nonnull (find_widget (popover, GTK_TYPE_LABEL, "Selection: “Trump”"));
  g_signal_emit_by_name (find_widget (popover, GTK_TYPE_BUTTON, "annotation.use-as-source"),
                         "clicked");
  settle (f);
  g_assert_true (dossier_annotation_get_source (q, &start, &end, &text));
  g_assert_cmpuint (start, ==, trump);
  g_assert_cmpuint (end, ==, trump + 5);
  g_assert_cmpstr (text, ==, "Trump");

  /* the cue without its colon, the same way */
  gtk_popover_popdown (GTK_POPOVER (popover));
  select_offsets (f, trump + 6, trump + 11);
  settle (f);
  show_quote (f, q);
  g_assert_nonnull (find_widget (popover, GTK_TYPE_LABEL, "Selection: “said”"));
  g_signal_emit_by_name (find_widget (popover, GTK_TYPE_BUTTON, "annotation.use-as-cue"),
                         "clicked");
  settle (f);
  g_assert_true (dossier_annotation_get_cue (q, &start, &end, &text));
  g_assert_cmpuint (start, ==, trump + 6);
  g_assert_cmpuint (end, ==, trump + 10);
  g_assert_cmpstr (text, ==, "said");
  g_assert_nonnull (find_widget (popover, GTK_TYPE_LABEL, "“said”"));

  /* the kind, from its list */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_widget (popover, GTK_TYPE_DROP_DOWN, NULL)), 2);
  settle (f);
  g_assert_cmpstr (dossier_annotation_get_kind (q), ==, "mixed");
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* four undo steps bring back what the model found */
  undo (f);
  g_assert_cmpstr (dossier_annotation_get_kind (q), ==, "direct");
  undo (f);
  g_assert_true (dossier_annotation_get_cue (q, NULL, NULL, &text));
  g_assert_cmpstr (text, ==, "said:");
  undo (f);
  g_assert_false (dossier_annotation_get_source (q, NULL, NULL, NULL));
  undo (f);
  g_assert_true (dossier_annotation_get_source (q, NULL, NULL, &text));
  g_assert_cmpstr (text, ==, "Trump");
  g_assert_cmpint (dossier_annotation_get_origin (q), ==, DOSSIER_ORIGIN_MODEL);
}

static gboolean
drop_files (Fixture *f,
            GSList  *files)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      if (GTK_IS_DROP_TARGET (controller))
        {
          g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &accepted);
          return accepted;
        }
    }
  g_error ("the window takes no drops");
  return FALSE;
}

static void
test_drop_and_undo_button (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("dossier-drop-XXXXXX", NULL);
  g_autofree char *article = g_build_filename (dir, "dropped.txt", NULL);
  g_autofree char *picture = g_build_filename (dir, "photo.png", NULL);
  g_autoptr(GFile) article_file = g_file_new_for_path (article);
  g_autoptr(GFile) picture_file = g_file_new_for_path (picture);
  const char *text = "Dmitry Peskov told reporters on Monday that talks would go on.\n";
  GtkWidget *undo_button;
  GSList *files = NULL;
  gint64 deadline;
  guint at = offset_of (f, "Dmitry Peskov", 0);
  DossierDocument *before = f->document;

  /* Undo in the header bar, for those not on the keyboard */
  select_offsets (f, at, at + 13);
  activate (f, "annotation.label", "s", "PERSON");
  undo_button = find_widget (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, "win.undo");
  g_assert_nonnull (undo_button);
  g_assert_true (gtk_widget_is_sensitive (undo_button));
  g_signal_emit_by_name (undo_button, "clicked");
  settle (f);
  g_assert_null (dossier_document_annotation_at (f->document, at));
  g_assert_false (gtk_widget_is_sensitive (undo_button));
  g_assert_true (gtk_widget_is_sensitive (find_widget (GTK_WIDGET (f->window), GTK_TYPE_BUTTON,
                                                       "win.redo")));

  /* a picture is refused; the article stays */
  g_assert_true (g_file_set_contents (picture, "not a picture", -1, NULL));
  files = g_slist_append (NULL, picture_file);
  g_assert_false (drop_files (f, files));
  g_slist_free (files);
  g_assert_true (dossier_window_get_document (f->window) == before);

  /* an article dropped on the window opens in it (nothing unsaved here) */
  g_assert_true (g_file_set_contents (article, text, -1, NULL));
  files = g_slist_append (g_slist_append (NULL, picture_file), article_file);
  g_assert_true (drop_files (f, files));
  g_slist_free (files);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (dossier_window_get_document (f->window) == before && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (dossier_window_get_document (f->window) != before);
  g_assert_cmpstr (dossier_document_get_text (dossier_window_get_document (f->window)), ==, text);

  g_unlink (article);
  g_unlink (picture);
  g_rmdir (dir);
}

static void
test_people_merge_and_focus (Fixture       *f,
                             gconstpointer  data)
{
  guint dmitry = offset_of (f, "Dmitry Peskov", 0);
  guint peskov = offset_of (f, "Peskov", 1);
  DossierAnnotation *first, *second;
  DossierEntity *full, *short_name;
  guint n_steps;

  select_offsets (f, dmitry, dmitry + 13);
  activate (f, "annotation.label", "s", "PERSON");
  first = dossier_article_view_get_current (f->view);
  select_offsets (f, peskov, peskov + 6);
  activate (f, "annotation.label", "s", "PERSON");
  second = dossier_article_view_get_current (f->view);
  full = dossier_project_find_entity (f->project, dossier_annotation_get_entity (first));
  short_name = dossier_project_find_entity (f->project, dossier_annotation_get_entity (second));
  g_assert_true (full != short_name);
  g_assert_true (has_row (f, "Dmitry Peskov, 1 mention, 0 quotes"));
  g_assert_true (has_row (f, "Peskov, 1 mention, 0 quotes"));

  /* the quote before "Peskov said" is his: mark it, set the speaker from the popover's list */
  select_offsets (f, offset_of (f, "\"I personally", 0), offset_of (f, "something,\"", 0) + 11);
  activate (f, "annotation.label", "s", "QUOTE");
  g_assert_cmpstr (dossier_annotation_get_text (dossier_article_view_get_current (f->view)), ==,
                   "\"I personally may not know something, be unaware of something,\"");
  activate (f, "annotation.link", "(ss)", dossier_entity_get_id (short_name), "");
  g_assert_true (has_row (f, "Peskov, 1 mention, 1 quote"));

  /* merge "Peskov" into "Dmitry Peskov" (as a drop of one row onto the other does): one step */
  n_steps = dossier_history_get_n_steps (dossier_project_get_history (f->project));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->people), "people.merge", "(ss)",
                                             dossier_entity_get_id (full), dossier_entity_get_id (short_name)));
  g_assert_cmpuint (dossier_history_get_n_steps (dossier_project_get_history (f->project)), ==, n_steps + 1);
  g_assert_true (has_row (f, "Dmitry Peskov, 2 mentions, 1 quote"));
  g_assert_false (has_row (f, "Peskov, 1 mention, 1 quote"));
  g_assert_cmpstr (dossier_annotation_get_entity (second), ==, dossier_entity_get_id (full));

  /* selecting the person makes their mentions stand out; F3 steps through them */
  dossier_people_sidebar_select (f->people, full);
  iterate_until_highlighted (f->view);
  {
    GtkTextIter iter;
    GtkTextBuffer *buffer = dossier_article_view_get_buffer (f->view);
    GtkTextTag *focus = dossier_article_view_get_focus_tag (f->view);

    gtk_text_buffer_get_iter_at_offset (buffer, &iter, dmitry + 1);
    g_assert_true (gtk_text_iter_has_tag (&iter, focus));
    gtk_text_buffer_get_iter_at_offset (buffer, &iter, peskov + 1);
    g_assert_true (gtk_text_iter_has_tag (&iter, focus));
    gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset_of (f, "Trump", 0));
    g_assert_false (gtk_text_iter_has_tag (&iter, focus));
  }
  select_offsets (f, 0, 0);
  g_assert_true (dossier_article_view_step_focus (f->view, 1));
  g_assert_true (dossier_article_view_get_current (f->view) == first);
  g_assert_true (dossier_article_view_step_focus (f->view, 1));
  g_assert_cmpstr (dossier_annotation_get_label (dossier_article_view_get_current (f->view)), ==, "QUOTE");
  g_assert_true (dossier_article_view_step_focus (f->view, 1));
  g_assert_true (dossier_article_view_get_current (f->view) == second);
  /* past the last, F3 wraps round; Shift+F3 goes back */
  g_assert_true (dossier_article_view_step_focus (f->view, 1));
  g_assert_true (dossier_article_view_get_current (f->view) == first);
  g_assert_true (dossier_article_view_step_focus (f->view, -1));
  g_assert_true (dossier_article_view_get_current (f->view) == second);

  /* undo the merge: two people again */
  undo (f);
  g_assert_true (has_row (f, "Dmitry Peskov, 1 mention, 0 quotes"));
  g_assert_true (has_row (f, "Peskov, 1 mention, 1 quote"));

  /* label all matches of "Peskov": the other one is taken, nothing to do */
  select_offsets (f, peskov, peskov + 6);
  g_assert_cmpuint (dossier_article_view_label_all_matches (f->view), ==, 0);
}

static void
test_timeline (Fixture       *f,
               gconstpointer  data)
{
  DossierTimelineSidebar *timeline = DOSSIER_TIMELINE_SIDEBAR (dossier_window_get_timeline_sidebar (f->window));
  GListModel *events = dossier_timeline_sidebar_get_events (timeline);
  guint january = offset_of (f, "January 20", 0);
  DossierEvent *event = NULL;
  DossierAnnotation *date;
  GtkTextBuffer *buffer = dossier_article_view_get_buffer (f->view);
  GtkTextIter a, b;
  g_autofree char *selected = NULL;
  guint n = g_list_model_get_n_items (events);

  date = dossier_document_annotation_at (f->document, january + 1);
  g_assert_cmpstr (dossier_annotation_get_label (date), ==, "DATE");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierEvent) e = g_list_model_get_item (events, i);
      if (g_strcmp0 (dossier_event_get_anchor (e), dossier_annotation_get_id (date)) == 0)
        event = e;
    }
  g_assert_nonnull (event);

  /* picking the event selects its sentence */
  g_signal_emit_by_name (timeline, "event-activated", event);
  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &a, &b));
  selected = gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
  g_assert_true (g_str_has_prefix (selected, "Asked whether he had had his conversation"));
  g_assert_nonnull (strstr (selected, "January 20"));

  /* a date moved to next year moves its event to the end of the timeline, at once */
  select_offsets (f, january, january + 10);
  activate (f, "annotation.set-value", "s", "2026-01-20");
  {
    g_autoptr(DossierEvent) last = g_list_model_get_item (events, n - 1);
    g_assert_true (last == event);
    g_assert_cmpstr (dossier_event_get_date (last), ==, "2026-01-20");
  }
  undo (f);
  {
    g_autoptr(DossierEvent) last = g_list_model_get_item (events, n - 1);
    g_assert_true (last != event);
  }
}

static void
test_published_date (Fixture       *f,
                     gconstpointer  data)
{
  guint sunday = offset_of (f, "Sunday", 0);
  guint friday = offset_of (f, "Friday", 0);
  DossierAnnotation *model_date, *human_date;

  /* a human corrects "Friday"; the model's "Sunday" is left as it is */
  select_offsets (f, friday, friday + 6);
  activate (f, "annotation.set-value", "s", "2025-02-06");
  human_date = dossier_article_view_get_current (f->view);
  g_assert_cmpstr (dossier_annotation_get_value (human_date), ==, "2025-02-06");

  /* published a week later: "Sunday" is the 16th now; the human's Friday is not touched */
  dossier_window_set_published (f->window, "2025-02-16");
  iterate_until_highlighted (f->view);
  assert_tags_match_model (f->view, f->document);
  g_assert_cmpstr (dossier_document_get_published (f->document), ==, "2025-02-16");
  model_date = dossier_document_annotation_at (f->document, sunday + 1);
  g_assert_cmpstr (dossier_annotation_get_label (model_date), ==, "DATE");
  g_assert_cmpint (dossier_annotation_get_origin (model_date), ==, DOSSIER_ORIGIN_MODEL);
  g_assert_cmpstr (dossier_annotation_get_value (model_date), ==, "2025-02-16");
  g_assert_true (dossier_document_annotation_at (f->document, friday + 1) == human_date);
  g_assert_cmpstr (dossier_annotation_get_value (human_date), ==, "2025-02-06");

  /* one undo: the date and the values as they were */
  undo (f);
  g_assert_cmpstr (dossier_document_get_published (f->document), ==, "2025-02-09");
  model_date = dossier_document_annotation_at (f->document, sunday + 1);
  g_assert_cmpstr (dossier_annotation_get_value (model_date), ==, "2025-02-09");
  g_assert_cmpstr (dossier_annotation_get_value (human_date), ==, "2025-02-06");
}

/* The keys, as the article view receives them from the keyboard. */
static void
press (Fixture         *f,
       guint            keyval,
       GdkModifierType  state)
{
  g_test_message ("key %s, state %x", gdk_keyval_name (keyval), state);
  g_assert_true (dossier_article_view_handle_key (f->view, keyval, state));
  iterate_until_highlighted (f->view);
  assert_tags_match_model (f->view, f->document);
}

static void
test_keys (Fixture       *f,
           gconstpointer  data)
{
  guint at = offset_of (f, "Dmitry Peskov", 0);
  DossierAnnotation *a, *next;
  guint n = g_list_model_get_n_items (dossier_document_get_annotations (f->document));

  /* select "Dmitry Peskov told", press 1: a person; the keys' labels come from the label set */
  select_offsets (f, at, at + 18);
  press (f, GDK_KEY_1, 0);
  a = dossier_article_view_get_current (f->view);
  g_assert_cmpstr (dossier_annotation_get_label (a), ==, "PERSON");
  g_assert_cmpstr (dossier_annotation_get_text (a), ==, "Dmitry Peskov told");

  /* Alt+Shift+Left: one word less at the end; Ctrl+Alt+Shift+Left: one more at the start */
  press (f, GDK_KEY_Left, GDK_ALT_MASK | GDK_SHIFT_MASK);
  g_assert_cmpstr (dossier_annotation_get_text (a), ==, "Dmitry Peskov");
  press (f, GDK_KEY_Left, GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK);
  g_assert_cmpstr (dossier_annotation_get_text (a), ==, "spokesman Dmitry Peskov");
  press (f, GDK_KEY_Right, GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK);

  /* the keypad's 2, with the cursor inside: an organisation */
  select_offsets (f, at + 3, at + 3);
  press (f, GDK_KEY_KP_2, 0);
  g_assert_cmpstr (dossier_annotation_get_label (a), ==, "ORG");

  /* Tab and Shift+Tab (ISO_Left_Tab) step to the next annotation and back */
  select_offsets (f, offset_of (f, "TASS", 0), offset_of (f, "TASS", 0) + 4);
  press (f, GDK_KEY_2, 0);
  select_offsets (f, at, at + 13);
  press (f, GDK_KEY_Tab, 0);
  next = dossier_article_view_get_current (f->view);
  g_assert_nonnull (next);
  g_assert_cmpstr (dossier_annotation_get_text (next), ==, "TASS");
  press (f, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK);
  g_assert_true (dossier_article_view_get_current (f->view) == a);

  /* Enter opens the popover on it; Delete removes it */
  press (f, GDK_KEY_Return, 0);
  g_assert_true (gtk_widget_get_visible (dossier_article_view_get_popover (f->view)));
  gtk_popover_popdown (GTK_POPOVER (dossier_article_view_get_popover (f->view)));
  press (f, GDK_KEY_Delete, 0);
  g_assert_null (dossier_document_find_annotation (f->document, dossier_annotation_get_id (a)));
  g_assert_cmpuint (g_list_model_get_n_items (dossier_document_get_annotations (f->document)), ==, n + 1);

  /* keys that are not ours go on to the text view */
  g_assert_false (dossier_article_view_handle_key (f->view, GDK_KEY_a, 0));
  g_assert_false (dossier_article_view_handle_key (f->view, GDK_KEY_1, GDK_CONTROL_MASK));
}

/* The quote popover left open while an undo takes its quote away acts on nothing. */
static void
test_quote_popover_after_undo (Fixture       *f,
                               gconstpointer  data)
{
  guint open = offset_of (f, "“I’ve had it", 0);
  guint close = offset_of (f, "war ended.”", 0) + 11;
  GtkWidget *popover = dossier_article_view_get_popover (f->view);
  DossierHistory *history = dossier_project_get_history (f->project);
  g_autoptr(DossierAnnotation) q = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *id = NULL;

  select_offsets (f, open, close);
  activate (f, "annotation.label", "s", "QUOTE");
  q = dossier_document_annotation_at (f->document, open + 1);
  g_assert_nonnull (q);
  g_object_ref (q);
  g_assert_cmpstr (dossier_annotation_get_label (q), ==, "QUOTE");
  g_assert_cmpstr (dossier_annotation_get_text (q), ==,
                   "“I’ve had it. Let’s just say I’ve had it...And I expect to have many more "
                   "conversations. We have to get that war ended.”");
  kind = g_strdup (dossier_annotation_get_kind (q));
  id = g_strdup (dossier_annotation_get_id (q));
  show_quote (f, q);

  /* Ctrl+Z with the popover open: the quote is gone from the article */
  undo (f);
  g_assert_null (dossier_document_find_annotation (f->document, id));
  g_assert_true (dossier_history_can_redo (history));

  /* the popover's kind list: no edit of the removed quote, no step that would drop the redo */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "annotation.set-kind", "s",
                                             g_strcmp0 (kind, "mixed") ? "mixed" : "indirect"));
  settle (f);
  g_assert_cmpstr (dossier_annotation_get_kind (q), ==, kind);
  g_assert_cmpint (dossier_annotation_get_origin (q), ==, DOSSIER_ORIGIN_HUMAN);
  g_assert_true (dossier_history_can_redo (history));
  g_assert_false (gtk_widget_get_visible (popover));

  /* nor its buttons */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "annotation.clear-cue", NULL));
  settle (f);
  g_assert_true (dossier_history_can_redo (history));

  /* redo brings the quote back, as it was */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL));
  settle (f);
  g_assert_true (dossier_document_find_annotation (f->document, id) == q);
  g_assert_cmpstr (dossier_annotation_get_kind (q), ==, kind);
}

static gboolean
has_draft (void)
{
  g_autoptr(GPtrArray) orphans = NULL;
  g_autofree char *dir = dossier_session_dup_drafts_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".draft"))
      return TRUE;
  return FALSE;
}

static void
wait_for (gboolean (*condition) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!condition (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (condition (data));
}

static gboolean
draft_exists (gpointer data)
{
  return has_draft () == GPOINTER_TO_INT (data);
}

/* a draft still being written belongs to its session until the write is done */
static gboolean
one_orphan (gpointer data)
{
  g_autoptr(GPtrArray) orphans = dossier_session_list_orphans ();
  return orphans->len == 1;
}

static gboolean
window_saved (gpointer data)
{
  return !dossier_window_get_modified (data);
}

static void
test_autosave_and_recovery (Fixture       *f,
                            gconstpointer  data)
{
  guint at = offset_of (f, "Dmitry Peskov", 0);
  g_autoptr(GPtrArray) orphans = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dossier-save-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "air-force-one.dossier.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  DossierWindow *restored;
  DossierDocument *document;
  DossierAnnotation *a;

  /* the earlier tests' windows closed with unsaved work: their drafts are orphans */
  orphans = dossier_session_list_orphans ();
  g_assert_cmpuint (orphans->len, >, 0);
  for (guint i = 0; i < orphans->len; i++)
    dossier_session_discard (g_ptr_array_index (orphans, i));
  g_clear_pointer (&orphans, g_ptr_array_unref);

  /* opening the article wrote no draft: there is nothing unsaved */
  g_assert_false (has_draft ());

  /* an edit: a draft follows a moment later */
  select_offsets (f, at, at + 13);
  activate (f, "annotation.label", "s", "PERSON");
  wait_for (draft_exists, GINT_TO_POINTER (TRUE));

  /* the window goes without saving (as in a crash): the next start finds the draft */
  g_object_ref (f->window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_object_unref (f->window);
  wait_for (one_orphan, NULL);
  orphans = dossier_session_list_orphans ();
  g_assert_cmpuint (orphans->len, ==, 1);
  restored = dossier_window_new (NULL);
  f->window = restored;
  gtk_window_present (GTK_WINDOW (restored));
  g_assert_true (dossier_window_restore_draft (restored, g_ptr_array_index (orphans, 0), NULL));
  g_assert_true (dossier_window_get_modified (restored));
  /* an edit and its undo leave the restored work unsaved, as it is */
  f->view = DOSSIER_ARTICLE_VIEW (dossier_window_get_article_view (restored));
  f->document = dossier_window_get_document (restored);
  iterate_until_highlighted (f->view);
  select_offsets (f, offset_of (f, "Sunday", 0), offset_of (f, "Sunday", 0) + 6);
  activate (f, "annotation.label", "s", "TIME");
  undo (f);
  g_assert_true (dossier_window_get_modified (restored));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (restored)), "•"));
  document = dossier_window_get_document (restored);
  a = dossier_document_annotation_at (document, at + 1);
  g_assert_nonnull (a);
  g_assert_cmpstr (dossier_annotation_get_text (a), ==, "Dmitry Peskov");
  g_assert_cmpint (dossier_annotation_get_origin (a), ==, DOSSIER_ORIGIN_HUMAN);

  /* a real save removes the draft */
  g_assert_true (has_draft ());
  dossier_window_set_project (restored, dossier_window_get_project (restored), file);
  dossier_document_set_title (document, "Air Force One");
  g_assert_true (dossier_window_get_modified (restored));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (restored), "win.save", NULL));
  wait_for (window_saved, restored);
  g_assert_false (has_draft ());
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  g_unlink (path);
  dossier_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = dossier_test_use_temp_data_home ();
  int ret;

  g_setenv ("DOSSIER_DRAFT_DELAY_MS", "50", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/window-editing/label-relabel-resize-delete", Fixture, "bare", fixture_set_up,
              test_label_relabel_resize_delete, fixture_tear_down);
  g_test_add ("/window-editing/dates-and-steps", Fixture, NULL, fixture_set_up,
              test_dates_and_steps, fixture_tear_down);
  g_test_add ("/window-editing/date-modifier", Fixture, NULL, fixture_set_up, test_date_modifier,
              fixture_tear_down);
  g_test_add ("/window-editing/quote-parts", Fixture, NULL, fixture_set_up, test_quote_parts,
              fixture_tear_down);
  g_test_add ("/window-editing/drop-and-undo-button", Fixture, "bare", fixture_set_up,
              test_drop_and_undo_button, fixture_tear_down);
  g_test_add ("/window-editing/people-merge-and-focus", Fixture, "bare", fixture_set_up,
              test_people_merge_and_focus, fixture_tear_down);
  g_test_add ("/window-editing/keys", Fixture, "bare", fixture_set_up, test_keys, fixture_tear_down);
  g_test_add ("/window-editing/published-date", Fixture, NULL, fixture_set_up, test_published_date,
              fixture_tear_down);
  g_test_add ("/window-editing/timeline", Fixture, NULL, fixture_set_up, test_timeline, fixture_tear_down);
  g_test_add ("/window-editing/quote-popover-after-undo", Fixture, "bare", fixture_set_up,
              test_quote_popover_after_undo, fixture_tear_down);
  g_test_add ("/window-editing/autosave-and-recovery", Fixture, "bare", fixture_set_up,
              test_autosave_and_recovery, fixture_tear_down);
  ret = g_test_run ();
  dossier_test_remove_tree (data_home);
  return ret;
}
