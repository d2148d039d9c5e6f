/* bench-editing.c — a 1 MB article in the window: open, edit, undo
 *
 * The article is real news text (BBC politics, from ../shared/data/news-text)
 * joined at run time to 1 MB, annotated by the model, saved to a project
 * file and opened from that as a user would (dossier_window_open_file). Prints milliseconds; asserts nothing.
 * Needs a display (xvfb-run -a meson benchmark).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "dossier-apply-extraction.h"
#include "dossier-article-view.h"
#include "dossier-edit.h"
#include "dossier-people-sidebar.h"
#include "dossier-project-io.h"
#include "dossier-session.h"
#include "dossier-timeline-sidebar.h"
#include "dossier-window.h"
#include "test-util.h"
#include "test-window-util.h"

#define TARGET_BYTES (1024 * 1024)

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **)a, *(const char **)b);
}

/* BBC articles, in name order, until the text reaches 1 MB. */
static char *
build_article (void)
{
  static const char * const topics[] = { "politics", "business", "entertainment", "sport", NULL };
  GString *text = g_string_new (NULL);

  for (guint t = 0; topics[t] && text->len < TARGET_BYTES; t++)
    {
      g_autofree char *relative = g_build_filename ("news-text", "bbc", topics[t], NULL);
      g_autofree char *dir = dossier_test_shared_path (relative);
      g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      g_assert_nonnull (d);
      while ((name = g_dir_read_name (d)))
        if (g_str_has_suffix (name, ".txt"))
          g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len && text->len < TARGET_BYTES; i++)
        {
          g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
          g_autofree char *contents = NULL;
          gsize length;

          if (!g_file_get_contents (path, &contents, &length, NULL) || !g_utf8_validate (contents, length, NULL))
            continue;
          g_string_append_len (text, contents, length);
          g_string_append (text, "\n\n");
        }
    }
  return g_string_free (text, FALSE);
}

static void
keep_result (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* A heartbeat: the longest gap between its beats is the longest the main loop was busy. */
typedef struct
{
  gint64 last;
  gint64 longest;
} Heartbeat;

static gboolean
beat (gpointer data)
{
  Heartbeat *h = data;
  gint64 now = g_get_monotonic_time ();

  h->longest = MAX (h->longest, now - h->last);
  h->last = now;
  return G_SOURCE_CONTINUE;
}

/* Processor time of the whole process (all threads), in ms: on a busy machine the wall
 * clock counts other programs' turns too. */
static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec * 1e3 + usage.ru_utime.tv_usec / 1e3 +
         usage.ru_stime.tv_sec * 1e3 + usage.ru_stime.tv_usec / 1e3;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static const char *
load_average (void)
{
  static char text[32];
  double load[1];

  if (getloadavg (load, 1) != 1)
    return "unknown";
  g_snprintf (text, sizeof text, "%.2f", load[0]);
  return text;
}

/* Runs what is pending; returns the longest single dispatch, in ms (a stall the user sees). */
static double
drain (void)
{
  double longest = 0;

  while (g_main_context_pending (NULL))
    {
      gint64 start = g_get_monotonic_time ();

      g_main_context_iteration (NULL, FALSE);
      longest = MAX (longest, ms_since (start));
    }
  return longest;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = dossier_test_use_temp_data_home ();
  g_autofree char *text = NULL;
  g_autoptr(DossierProject) source = NULL;
  g_autoptr(DossierProject) project = NULL;
  g_autoptr(DossierExtraction) extraction = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GError) error = NULL;
  DossierDocument *document;
  DossierWindow *window;
  DossierArticleView *view;
  DossierAnnotation *a;
  GListModel *annotations;
  gint64 start;
  double t_extract, t_parse, t_open, t_interactive, t_label, t_relabel, t_delete, t_undo, t_redo;
  double t_people, t_label_all, t_settle, t_draft, t_longest, t_load, cpu_open;
  double t_settle_longest;
  guint n_iterations = 0;
  guint n, middle, n_matches;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  text = build_article ();
  source = dossier_project_new_from_text (text, strlen (text), "Benchmark", "2005-01-01", &error);
  g_assert_no_error (error);
  document = g_list_model_get_item (dossier_project_get_documents (source), 0);
  g_object_unref (document);
  start = g_get_monotonic_time ();
  extraction = dossier_extract_document (document);
  dossier_apply_extraction (source, document, extraction);
  t_extract = ms_since (start);
  json = dossier_project_to_bytes (source);
  n = g_list_model_get_n_items (dossier_document_get_annotations (document));

  window = dossier_window_new (NULL);
  view = DOSSIER_ARTICLE_VIEW (dossier_window_get_article_view (window));
  gtk_window_present (GTK_WINDOW (window));
  drain ();

  /* parsing alone, on this thread, for reference */
  start = g_get_monotonic_time ();
  project = dossier_project_new_from_data (g_bytes_get_data (json, NULL), g_bytes_get_size (json), &error);
  g_assert_no_error (error);
  t_parse = ms_since (start);
  g_clear_object (&project);

  /* open as a user does: the file is read and parsed off the main thread, then shown and
   * highlighted in slices; the longest main-loop dispatch is how long the window froze */
  {
    g_autofree char *path = g_build_filename (data_home, "bench.dossier.json", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    Heartbeat heart = { 0, 0 };
    guint heartbeat_id;

    g_assert_true (g_file_set_contents (path, g_bytes_get_data (json, NULL), g_bytes_get_size (json),
                                        NULL));
    /* the loading alone (read and parse off the main thread), no window involved */
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(DossierProject) loaded = NULL;

      start = g_get_monotonic_time ();
      dossier_project_load_file_async (file, NULL, keep_result, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      loaded = dossier_project_load_file_finish (result, &error);
      g_assert_no_error (error);
      t_load = ms_since (start);
    }

    cpu_open = cpu_ms ();
    start = heart.last = g_get_monotonic_time ();
    heartbeat_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, beat, &heart, NULL);
    dossier_window_open_file (window, file);
    while (dossier_window_get_document (window) == NULL)
      {
        g_main_context_iteration (NULL, TRUE);
        n_iterations++;
      }
    t_interactive = ms_since (start);
    while (!dossier_article_view_is_highlighted (view))
      g_main_context_iteration (NULL, TRUE);
    t_open = ms_since (start);
    cpu_open = cpu_ms () - cpu_open;
    beat (&heart);
    g_source_remove (heartbeat_id);
    t_longest = heart.longest / 1000.0;
    project = g_object_ref (dossier_window_get_project (window));
  }
  drain ();

  document = dossier_window_get_document (window);
  annotations = dossier_document_get_annotations (document);

  /* one edit: label "minister" (no annotation yet) past the middle of the article, tags applied */
  {
    const char *doc_text = dossier_document_get_text (document);
    const char *at = strstr (doc_text + strlen (doc_text) / 2, " minister ");
    guint word;

    g_assert_nonnull (at);
    word = g_utf8_pointer_to_offset (doc_text, at + 1);
    middle = word + 8;
    dossier_article_view_snap_range (view, "ORG", &word, &middle); /* tokenize outside the timing */
    dossier_article_view_select_range (view, word, middle);
    drain ();
  }
  start = g_get_monotonic_time ();
  a = dossier_article_view_label (view, "MISC");
  t_label = ms_since (start);
  g_assert_nonnull (a);
  /* what follows an edit at idle: People and Timeline refresh, focus marks (and any of GTK's own
   * text layout still running from the opening) */
  start = g_get_monotonic_time ();
  t_settle_longest = drain ();
  t_settle = ms_since (start);

  start = g_get_monotonic_time ();
  dossier_people_sidebar_refresh (DOSSIER_PEOPLE_SIDEBAR (dossier_window_get_people_sidebar (window)));
  t_people = ms_since (start);

  start = g_get_monotonic_time ();
  dossier_article_view_label (view, "PERSON");
  t_relabel = ms_since (start);
  drain ();

  start = g_get_monotonic_time ();
  dossier_article_view_delete_current (view);
  t_delete = ms_since (start);
  drain ();

  start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  t_undo = ms_since (start);
  drain ();

  start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
  t_redo = ms_since (start);
  drain ();

  /* label all matches of a frequent word, one step */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  drain ();
  start = g_get_monotonic_time ();
  n_matches = dossier_article_view_label_all_matches (view);
  t_label_all = ms_since (start);
  drain ();

  /* an autosaved draft (and a save) writes the file's text on the main thread, the disk in a worker */
  {
    g_autoptr(GBytes) draft = NULL;

    start = g_get_monotonic_time ();
    draft = dossier_project_to_bytes (project);
    t_draft = ms_since (start);
  }

  printf ("article: %zu bytes, %u characters, %u annotations (model: %.1f ms to extract)\n",
          strlen (text), dossier_document_get_n_chars (document), n, t_extract);
  printf ("open a %zu-byte project file in the window: shown %.1f ms, highlighted %.1f ms "
          "(target < 300); longest freeze of the window meanwhile %.1f ms; %u main-loop turns "
          "while loading\n", g_bytes_get_size (json), t_interactive, t_open, t_longest,
          n_iterations);
  printf ("  processor time of all threads meanwhile: %.1f ms; the machine's load average "
          "over the last minute: %s\n", cpu_open, load_average ());
  printf ("  loading alone (read and parse off the main thread, no window): %.1f ms; "
          "parsing alone: %.1f ms; renderer: %s\n", t_load, t_parse,
          g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  printf ("edit visible (tags applied): label %.2f ms, relabel %.2f ms, delete %.2f ms, undo %.2f ms, "
          "redo %.2f ms (target < 16)\n", t_label, t_relabel, t_delete, t_undo, t_redo);
  printf ("label all matches of “%s”: %u more in %.2f ms\n",
          dossier_annotation_get_text (a), n_matches, t_label_all);
  printf ("People sidebar refresh: %.1f ms (%u entities); idle work after an edit: %.1f ms in all "
          "(with GTK's own layout of the article, still going on from the opening), the longest "
          "piece %.1f ms\n", t_people, g_list_model_get_n_items (dossier_project_get_entities (project)),
          t_settle, t_settle_longest);
  printf ("draft of unsaved work, or a save: %.1f ms on the main thread to write the file's text "
          "(the disk in a worker)\n", t_draft);
  g_assert_cmpuint (g_list_model_get_n_items (annotations), >, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  dossier_test_remove_tree (data_home);
  return 0;
}
