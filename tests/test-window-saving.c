/* test-window-saving.c — no edit is lost around saving and opening, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "dossier-edit.h"
#include "dossier-project-io.h"
#include "dossier-window.h"
#include "test-util.h"
#include "test-window-util.h"

static char *data_home;

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

/* An edit made while the file is being written is neither in the file nor marked
 * saved: the window stays modified, so closing asks and the draft is kept. */
static void
test_edit_during_save (void)
{
  DossierWindow *window = sample_window ();
  DossierProject *project = dossier_window_get_project (window);
  DossierDocument *document = dossier_window_get_document (window);
  g_autofree char *dir = g_dir_make_tmp ("dossier-save-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sample.dossier.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *text = dossier_document_get_text (document);
  guint at = g_utf8_pointer_to_offset (text, strstr (text, "aboard"));

  dossier_window_set_project (window, project, file);
  dossier_edit_add_annotation (project, document, "MISC", 0, 6);
  g_assert_true (dossier_window_get_modified (window));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  /* the user goes on before the save has finished */
  dossier_edit_add_annotation (project, document, "SET", at, at + 6);
  spin (1500);

  g_assert_cmpuint (count_label_in_file (path, "MISC"), >=, 1);
  g_assert_cmpuint (count_label_in_file (path, "SET"), ==, 0);
  g_assert_true (dossier_window_get_modified (window));

  /* a second save takes it, and then nothing is unsaved */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  spin (1500);
  g_assert_cmpuint (count_label_in_file (path, "SET"), ==, 1);
  g_assert_false (dossier_window_get_modified (window));

  gtk_window_destroy (GTK_WINDOW (window));
  dossier_test_remove_tree (dir);
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

int
main (int argc, char *argv[])
{
  int status;

  data_home = dossier_test_use_temp_data_home ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/window-saving/edit-during-save", test_edit_during_save);
  g_test_add_func ("/window-saving/edit-during-load", test_edit_during_load);
  status = g_test_run ();
  dossier_test_remove_tree (data_home);
  g_free (data_home);
  return status;
}
