/* test-window.c — the window on the sample article, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "dossier-apply-extraction.h"
#include "dossier-article-view.h"
#include "dossier-edit.h"
#include "dossier-people-sidebar.h"
#include "dossier-project-io.h"
#include "dossier-window.h"
#include "test-util.h"
#include "test-window-util.h"

G_GNUC_NO_INLINE static guint
offset_of (const char *text,
           const char *needle)
{
  const char *at = strstr (text, needle);

  g_assert_nonnull (at);
  return g_utf8_pointer_to_offset (text, at);
}

static void
test_sample_article (void)
{
  g_autofree char *expected = dossier_test_load_shared ("samples/air-force-one.txt", NULL);
  DossierWindow *window = dossier_window_new (NULL);
  DossierArticleView *view = DOSSIER_ARTICLE_VIEW (dossier_window_get_article_view (window));
  g_autofree char *text = NULL;
  DossierDocument *document;
  DossierProject *project;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autoptr(DossierAnnotation) peskov = NULL;
  g_autoptr(DossierAnnotation) title = NULL;
  g_autoptr(DossierEntity) person = NULL;
  guint at, title_at;

  gtk_window_present (GTK_WINDOW (window));
  dossier_window_open_sample (window);
  iterate_until_highlighted (view);

  project = dossier_window_get_project (window);
  document = dossier_window_get_document (window);
  g_assert_nonnull (document);
  g_assert_cmpstr (dossier_document_get_published (document), ==, "2025-02-09");

  /* the buffer shows the article exactly */
  buffer = dossier_article_view_get_buffer (view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  g_assert_cmpstr (text, ==, expected);
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (dossier_article_view_get_source_view (view))));

  /* what the model marked is highlighted at its offsets */
  assert_tags_match_model (view, document);
  g_assert_false (dossier_window_get_modified (window));

  /* a person added by hand (inside a quote's neighbourhood) shows at once, overlapping allowed */
  at = offset_of (expected, "Dmitry Peskov");
  title_at = offset_of (expected, "Kremlin spokesman");
  person = dossier_entity_new ("ptest", "PERSON", "Dmitry Peskov");
  dossier_entity_set_title (person, "Kremlin spokesman");
  dossier_project_add_entity (project, person);
  peskov = dossier_annotation_new ("atest1", "PERSON", at, at + 13, "Dmitry Peskov", DOSSIER_ORIGIN_HUMAN);
  dossier_annotation_set_entity (peskov, "ptest");
  title = dossier_annotation_new ("atest2", "TITLE", title_at, title_at + 17, "Kremlin spokesman",
                                  DOSSIER_ORIGIN_HUMAN);
  dossier_annotation_set_entity (title, "ptest");
  dossier_document_add_annotation (document, peskov);
  dossier_document_add_annotation (document, title);
  iterate_until_highlighted (view);
  assert_tags_match_model (view, document);
  g_assert_true (dossier_window_get_modified (window));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "•"));

  /* the People sidebar lists the person with title and counts */
  {
    GtkWidget *sidebar = gtk_widget_get_first_child (GTK_WIDGET (window));
    DossierPeopleSidebar *people = NULL;
    GListModel *rows;
    gboolean found = FALSE;

    /* find the sidebar in the widget tree */
    for (GtkWidget *w = sidebar; w; )
      {
        if (DOSSIER_IS_PEOPLE_SIDEBAR (w))
          {
            people = DOSSIER_PEOPLE_SIDEBAR (w);
            break;
          }
        if (gtk_widget_get_first_child (w))
          w = gtk_widget_get_first_child (w);
        else
          {
            while (w && !gtk_widget_get_next_sibling (w))
              w = gtk_widget_get_parent (w);
            w = w ? gtk_widget_get_next_sibling (w) : NULL;
          }
      }
    g_assert_nonnull (people);
    dossier_people_sidebar_refresh (people);
    rows = dossier_people_sidebar_get_rows (people);
    for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
      {
        g_autoptr(DossierPersonRow) row = g_list_model_get_item (rows, i);
        g_autofree char *description = dossier_person_row_dup_description (row);
        if (dossier_person_row_get_entity (row) == person)
          {
            g_assert_cmpstr (description, ==, "Dmitry Peskov, Kremlin spokesman, 1 mention, 0 quotes");
            found = TRUE;
          }
      }
    g_assert_true (found);
  }

  /* relabel, move, delete: the highlights follow the model */
  dossier_annotation_set_label (peskov, "ORG");
  iterate_until_highlighted (view);
  assert_tags_match_model (view, document);

  dossier_document_move_annotation (document, peskov, at + 7, at + 13);
  g_assert_cmpstr (dossier_annotation_get_text (peskov), ==, "Peskov");
  iterate_until_highlighted (view);
  assert_tags_match_model (view, document);

  g_assert_true (dossier_document_remove_annotation (document, peskov));
  g_assert_true (dossier_document_remove_annotation (document, title));
  iterate_until_highlighted (view);
  assert_tags_match_model (view, document);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_open_broken_file_keeps_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dossier-window-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "broken.dossier.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  DossierWindow *window = dossier_window_new (NULL);
  gint64 deadline;

  g_assert_true (g_file_set_contents (path, "{\"format\": \"dossier-project\", \"version\": 1, ", -1, NULL));
  gtk_window_present (GTK_WINDOW (window));
  dossier_window_open_file (window, file);

  /* the load fails: an error dialog appears, nothing is half-loaded */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();
      gboolean dialog = FALSE;
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
          if (ADW_IS_MESSAGE_DIALOG (w))
            {
              g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)),
                                        "broken.dossier.json"));
              g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (w)),
                                        "not valid JSON"));
              gtk_window_destroy (w);
              dialog = TRUE;
            }
        }
      if (dialog)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (g_get_monotonic_time () < deadline);
  g_assert_true (dossier_window_is_empty (window));
  g_assert_null (dossier_window_get_project (window));

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
}

/* @instance names a start: the bus keeps the object path of an earlier one in this process */
static DossierApplication *
start_application (const char *instance)
{
  DossierApplication *app = dossier_application_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strconcat (APP_ID, ".", instance, NULL);

  g_application_set_application_id (G_APPLICATION (app), id);

  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_test_message ("no application: %s", error->message);
      g_object_unref (app);
      return NULL;
    }
  g_application_activate (G_APPLICATION (app));
  return app;
}

static void
close_application (DossierApplication *app)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  for (const GList *l = windows; l; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_object_unref (app);
}

/* A draft that cannot be restored is reported once, with where it is kept, and moved aside. */
static void
test_unrestorable_draft (void)
{
  static const char broken[] = "{\"format\": \"dossier-project\", \"version\": 1, ";
  g_autofree char *dir = dossier_session_dup_drafts_dir ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *json_name = g_strconcat (id, ".dossier.json", NULL);
  g_autofree char *key_name = g_strconcat (id, ".draft", NULL);
  g_autofree char *json_path = g_build_filename (dir, json_name, NULL);
  g_autofree char *key_path = g_build_filename (dir, key_name, NULL);
  g_autofree char *kept = g_build_filename (dir, "failed", json_name, NULL);
  g_autofree char *kept_contents = NULL;
  g_autoptr(GPtrArray) orphans = dossier_session_list_orphans ();
  DossierApplication *app;
  AdwMessageDialog *dialog;

  for (guint i = 0; i < orphans->len; i++)
    dossier_session_discard (g_ptr_array_index (orphans, i));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (json_path, broken, -1, NULL));
  g_assert_true (g_file_set_contents (key_path, "[Draft]\nsource-name=air-force-one.txt\n", -1,
                                      NULL));

  if ((app = start_application ("FirstStart")) == NULL)
    {
      g_test_skip ("the application could not register");
      return;
    }
  dialog = wait_for_message_dialog_for (5000);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Unsaved Work Could Not Be Restored");
  /* what failed, and where the work is kept */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "air-force-one.txt"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), kept));
  g_assert_true (g_file_get_contents (kept, &kept_contents, NULL, NULL));
  g_assert_cmpstr (kept_contents, ==, broken);
  g_assert_false (g_file_test (json_path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&orphans, g_ptr_array_unref);
  orphans = dossier_session_list_orphans ();
  g_assert_cmpuint (orphans->len, ==, 0);
  /* the user still gets a window to work in */
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), >=, 1);
  gtk_window_destroy (GTK_WINDOW (dialog));
  close_application (app);

  /* the next start does not tell it again */
  app = start_application ("SecondStart");
  g_assert_nonnull (app);
  g_assert_null (wait_for_message_dialog_for (500));
  close_application (app);
  g_unlink (kept);
  g_unlink (key_path);
}

/* A long article is drawn in slices off the view (a blank page meanwhile), then shown whole;
 * a user who acts before that gets the article at once. */
static void
test_long_article (void)
{
  g_autofree char *sample = dossier_test_load_shared ("samples/air-force-one.txt", NULL);
  GString *text = g_string_new (NULL);
  g_autoptr(DossierProject) project = NULL;
  g_autoptr(DossierExtraction) extraction = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierDocument) document = NULL;
  DossierWindow *window = dossier_window_new (NULL);
  DossierArticleView *view = DOSSIER_ARTICLE_VIEW (dossier_window_get_article_view (window));
  GtkTextView *source_view = GTK_TEXT_VIEW (dossier_article_view_get_source_view (view));
  GtkTextBuffer *buffer = dossier_article_view_get_buffer (view);
  guint n_chars = g_utf8_strlen (sample, -1) + 2;
  GtkTextIter a, b;

  for (guint i = 0; i < 160; i++)
    {
      g_string_append (text, sample);
      g_string_append (text, "\n\n");
    }
  project = dossier_project_new_from_text (text->str, text->len, "Long", "2025-02-09", &error);
  g_assert_no_error (error);
  document = g_list_model_get_item (dossier_project_get_documents (project), 0);
  extraction = dossier_extract_document (document);
  dossier_apply_extraction (project, document, extraction);
  g_assert_cmpuint (g_list_model_get_n_items (dossier_document_get_annotations (document)), >, 10000);

  gtk_window_present (GTK_WINDOW (window));
  for (guint round = 0; round < 3; round++)
    {
      dossier_window_set_project (window, project, NULL);
      /* thousands of highlights take longer than one frame's budget */
      g_assert_false (dossier_article_view_is_highlighted (view));
      g_assert_true (gtk_text_view_get_buffer (source_view) != buffer);
      if (round == 0)
        iterate_until_highlighted (view);
      else if (round == 2)
        {
          /* Enter (the annotation popover) before the drawing is done: it points into the
           * article, so the article is on the view first */
          dossier_article_view_show_popover (view);
          g_assert_true (dossier_article_view_is_highlighted (view));
        }
      else
        {
          /* the user selects words in the 100th copy before the drawing is done */
          dossier_article_view_select_range (view, 99 * n_chars + 10, 99 * n_chars + 20);
          g_assert_true (dossier_article_view_is_highlighted (view));
          g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &a, &b));
          g_assert_cmpuint (gtk_text_iter_get_offset (&a), ==, 99 * n_chars + 10);
        }
      g_assert_true (gtk_text_view_get_buffer (source_view) == buffer);
      assert_tags_match_model (view, document);

      /* the same project read back from its file, for the second round */
      {
        g_autoptr(GBytes) bytes = dossier_project_to_bytes (project);

        g_clear_object (&document);
        g_clear_object (&project);
        project = dossier_project_new_from_data (g_bytes_get_data (bytes, NULL),
                                                 g_bytes_get_size (bytes), &error);
        g_assert_no_error (error);
        document = g_list_model_get_item (dossier_project_get_documents (project), 0);
      }
    }
  gtk_window_destroy (GTK_WINDOW (window));
  g_string_free (text, TRUE);
}

static guint
n_drafts_on_disk (void)
{
  g_autofree char *dir = dossier_session_dup_drafts_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d && (name = g_dir_read_name (d)))
    n += g_str_has_suffix (name, ".draft");
  return n;
}

/* The session ends (logout, kill) with an edit whose draft is not due yet: the application
 * goes without asking, and the edit is in a draft, restored at the next start. */
static void
test_terminate_keeps_unsaved_work (void)
{
  g_autoptr(GPtrArray) orphans = dossier_session_list_orphans ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierProject) recovered = NULL;
  g_autoptr(DossierDocument) document = NULL;
  DossierApplication *app;
  DossierWindow *window;
  DossierProject *project;
  const char *text;
  gint64 deadline;
  guint at;
  guint n_sets = 0;

  for (guint i = 0; i < orphans->len; i++)
    dossier_session_discard (g_ptr_array_index (orphans, i));
  g_clear_pointer (&orphans, g_ptr_array_unref);
  g_setenv ("DOSSIER_DRAFT_DELAY_MS", "600000", TRUE);
  if ((app = start_application ("Terminate")) == NULL)
    {
      g_unsetenv ("DOSSIER_DRAFT_DELAY_MS");
      g_test_skip ("the application could not register");
      return;
    }
  window = DOSSIER_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  if (dossier_window_get_document (window) == NULL)
    dossier_window_open_sample (window);
  iterate_until_highlighted (DOSSIER_ARTICLE_VIEW (dossier_window_get_article_view (window)));
  project = dossier_window_get_project (window);
  text = dossier_document_get_text (dossier_window_get_document (window));
  at = offset_of (text, "aboard");
  dossier_edit_add_annotation (project, dossier_window_get_document (window), "SET", at, at + 6);
  g_assert_cmpuint (n_drafts_on_disk (), ==, 0);

  raise (SIGTERM);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (gtk_application_get_windows (GTK_APPLICATION (app)) != NULL &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_unsetenv ("DOSSIER_DRAFT_DELAY_MS");
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  close_application (app);

  orphans = dossier_session_list_orphans ();
  g_assert_cmpuint (orphans->len, ==, 1);
  recovered = dossier_session_load (g_ptr_array_index (orphans, 0), &error);
  g_assert_no_error (error);
  document = g_list_model_get_item (dossier_project_get_documents (recovered), 0);
  for (guint i = 0; i < g_list_model_get_n_items (dossier_document_get_annotations (document)); i++)
    {
      g_autoptr(DossierAnnotation) a =
        g_list_model_get_item (dossier_document_get_annotations (document), i);
      n_sets += g_strcmp0 (dossier_annotation_get_label (a), "SET") == 0;
    }
  g_assert_cmpuint (n_sets, ==, 1);
  dossier_session_discard (g_ptr_array_index (orphans, 0));
}

int
main (int argc, char *argv[])
{
  g_autofree char *data_home = dossier_test_use_temp_data_home ();
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/window/sample-article", test_sample_article);
  g_test_add_func ("/window/open-broken-file", test_open_broken_file_keeps_window);
  g_test_add_func ("/window/unrestorable-draft", test_unrestorable_draft);
  g_test_add_func ("/window/long-article", test_long_article);
  g_test_add_func ("/window/terminate-keeps-unsaved-work", test_terminate_keeps_unsaved_work);
  ret = g_test_run ();
  dossier_test_remove_tree (data_home);
  return ret;
}
