/* test-cli.c — `dossier extract`, run as a user would run it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dossier-project-io.h"
#include "test-util.h"

typedef struct
{
  int    status;
  char  *out;
  char  *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_dossier (Run                *run,
             const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *bin = g_getenv ("DOSSIER_BIN");

  g_assert_nonnull (bin);
  g_ptr_array_add (argv, (gpointer)bin);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  g_assert_true (g_subprocess_get_if_exited (process)); /* never a crash */
}

static void
test_extract_sample (void)
{
  g_autofree char *path = dossier_test_shared_path ("samples/air-force-one.txt");
  g_autofree char *text = dossier_test_load_shared ("samples/air-force-one.txt", NULL);
  const char *args[] = { "extract", "--published", "2025-02-09", path, NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierProject) project = NULL;
  g_autoptr(DossierDocument) document = NULL;
  GListModel *annotations;

  run_dossier (&run, args);
  g_assert_cmpint (run.status, ==, 0);

  /* the output is a project this version reads back in full */
  project = dossier_project_new_from_data (run.out, strlen (run.out), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (dossier_project_get_documents (project)), ==, 1);
  document = g_list_model_get_item (dossier_project_get_documents (project), 0);
  g_assert_cmpstr (dossier_document_get_text (document), ==, text);
  g_assert_cmpstr (dossier_document_get_published (document), ==, "2025-02-09");
  g_assert_nonnull (strstr (run.out, "\"format\" : \"dossier-project\""));
  g_assert_nonnull (strstr (run.out, "\"version\" : 1"));

  /* every annotation's text is its code-point slice (the loader checked; check again here) */
  annotations = dossier_document_get_annotations (document);
  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, i);
      const char *from = g_utf8_offset_to_pointer (text, dossier_annotation_get_start (a));
      const char *to = g_utf8_offset_to_pointer (text, dossier_annotation_get_end (a));
      g_autofree char *slice = g_strndup (from, to - from);
      g_assert_cmpstr (slice, ==, dossier_annotation_get_text (a));
    }
  /* a date was given, so nothing is said about it */
  g_assert_null (strstr (run.err, "publication date"));
}

static void
test_extract_two_files_and_no_date (void)
{
  g_autofree char *path = dossier_test_shared_path ("samples/air-force-one.txt");
  g_autofree char *other = dossier_test_shared_path ("news-text/bbc/politics/001.txt");
  const char *args[] = { "extract", path, other, NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierProject) project = NULL;

  run_dossier (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  project = dossier_project_new_from_data (run.out, strlen (run.out), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (dossier_project_get_documents (project)), ==, 2);
  /* no --published: said on stderr, once per file */
  g_assert_nonnull (strstr (run.err, "air-force-one.txt: no publication date"));
  g_assert_nonnull (strstr (run.err, "001.txt: no publication date"));
}

static void
test_bad_inputs (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dossier-cli-XXXXXX", &error);
  g_autofree char *bad_utf8 = g_build_filename (dir, "latin1.txt", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.dossier.json", NULL);
  g_autofree char *newer = g_build_filename (dir, "newer.dossier.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.txt", NULL);
  struct { const char *args[6]; const char *message; } cases[] = {
    { { "extract", missing, NULL }, "missing.txt: No such file" },
    { { "extract", dir, NULL }, "It is a folder, not a file" },
    { { "extract", bad_utf8, NULL }, "latin1.txt: not valid UTF-8 text" },
    { { "extract", broken, NULL }, "broken.dossier.json: The file is not valid JSON" },
    { { "extract", newer, NULL }, "made by a newer Dossier" },
    { { "extract", "--published", "9 Feb", bad_utf8, NULL }, "--published takes a date like 2025-02-09" },
    { { "extract", "--to", "pdf", missing, NULL }, "unknown --to format" },
    { { "extract", NULL }, "no input file" },
  };

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (bad_utf8, "Caf\xe9 au lait in M\xfcnchen", -1, NULL));
  g_assert_true (g_file_set_contents (broken, "{\"format\": \"dossier-project\", \"version\": 1, \"documents\": [", -1, NULL));
  g_assert_true (g_file_set_contents (newer, "{\"format\": \"dossier-project\", \"version\": 3, \"documents\": []}", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_dossier (&run, cases[i].args);
      g_test_message ("%s", run.err);
      g_assert_cmpint (run.status, !=, 0);
      g_assert_cmpstr (run.out, ==, "");                    /* nothing half-written */
      g_assert_nonnull (strstr (run.err, cases[i].message));
      g_assert_cmpuint (strchr (run.err, '\n') - run.err + 1, ==, strlen (run.err)); /* one line */
    }

  g_unlink (bad_utf8);
  g_unlink (broken);
  g_unlink (newer);
  g_rmdir (dir);
}

static void
test_help_documents_extract (void)
{
  const char *args[] = { "--help", NULL };
  g_auto(Run) run = { 0 };

  run_dossier (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "dossier extract [--published YYYY-MM-DD]"));
}

static void
test_project_round_trip_keeps_human_edits (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dossier-cli-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "peskov.dossier.json", NULL);
  g_autofree char *fixture = dossier_test_load_data ("peskov.dossier.json", NULL);
  const char *args[] = { "extract", path, NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(DossierProject) project = NULL;
  g_autoptr(DossierDocument) document = NULL;
  DossierAnnotation *human;

  g_assert_true (g_file_set_contents (path, fixture, -1, NULL));
  run_dossier (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  project = dossier_project_new_from_data (run.out, strlen (run.out), &error);
  g_assert_no_error (error);
  document = g_list_model_get_item (dossier_project_get_documents (project), 0);

  /* the human's annotations stay, with their ids and links; the rejection stays */
  human = dossier_document_find_annotation (document, "a7");
  g_assert_nonnull (human);
  g_assert_cmpint (dossier_annotation_get_origin (human), ==, DOSSIER_ORIGIN_HUMAN);
  g_assert_cmpstr (dossier_annotation_get_entity (human), ==, "p1");
  g_assert_nonnull (dossier_document_find_annotation (document, "a3"));
  g_assert_true (dossier_document_is_rejected (document, "PERSON", 0, 6));
  /* the model never brings back what the human rejected */
  {
    GListModel *annotations = dossier_document_get_annotations (document);
    for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
      {
        g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, i);
        g_assert_false (g_strcmp0 (dossier_annotation_get_label (a), "PERSON") == 0 &&
                        dossier_annotation_get_start (a) == 0 && dossier_annotation_get_end (a) == 6);
      }
  }
  /* fields of a newer release went through */
  g_assert_nonnull (strstr (run.out, "x-future-top"));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_jsonl_batch (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dossier-cli-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "batch.jsonl", NULL);
  const char *args[] = { "extract", "--from", "jsonl", "--to", "jsonl", path, NULL };
  const char *input =
    "{\"text\": \"Kremlin spokesman Dmitry Peskov said on Friday that talks went on.\", \"published\": \"2025-02-09\"}\n"
    "\n"
    "{\"text\": \"Caf\\u00e9 owners in M\\u00fcnchen met on Sunday.\", \"title\": \"Munich\"}\n";
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_set_contents (path, input, -1, NULL));
  run_dossier (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  /* one result line per article line, blank lines skipped, then the final newline */
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[2], ==, "");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(DossierProject) project = dossier_project_new_from_data (lines[i], strlen (lines[i]), &error);
      g_autoptr(DossierDocument) document = NULL;
      g_assert_no_error (error);
      document = g_list_model_get_item (dossier_project_get_documents (project), 0);
      if (i == 0)
        {
          g_assert_cmpstr (dossier_document_get_published (document), ==, "2025-02-09");
          g_assert_true (g_str_has_prefix (dossier_document_get_text (document), "Kremlin spokesman"));
        }
      else
        {
          g_assert_cmpstr (dossier_document_get_text (document), ==, "Caf\xc3\xa9 owners in M\xc3\xbcnchen met on Sunday.");
          g_assert_cmpstr (dossier_document_get_title (document), ==, "Munich");
        }
    }

  /* a broken line stops the batch with its line number */
  g_assert_true (g_file_set_contents (path, "{\"text\": \"ok\"}\n{\"txt\": 1}\n", -1, NULL));
  {
    g_auto(Run) bad = { 0 };
    run_dossier (&bad, args);
    g_assert_cmpint (bad.status, !=, 0);
    g_assert_nonnull (strstr (bad.err, "batch.jsonl:2:"));
    g_assert_cmpstr (bad.out, ==, "");  /* nothing half-written, not even line 1 */
  }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_article_starting_with_brace (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dossier-cli-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "update.txt", NULL);
  const char *args[] = { "extract", "--published", "2025-02-09", path, NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(DossierProject) project = NULL;

  g_assert_true (g_file_set_contents (path, "{Update} Angela Merkel said on Friday she would stay.", -1, NULL));
  run_dossier (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  project = dossier_project_new_from_data (run.out, strlen (run.out), &error);
  g_assert_no_error (error);
  {
    g_autoptr(DossierDocument) d = g_list_model_get_item (dossier_project_get_documents (project), 0);
    g_assert_cmpstr (dossier_document_get_text (d), ==, "{Update} Angela Merkel said on Friday she would stay.");
  }
  g_unlink (path);
  g_rmdir (dir);
}

/* dossier eval-speakers: the table for a PDNC novel; one line and a status for bad input */
static void
test_eval_speakers (void)
{
  g_autofree char *novel = dossier_test_shared_path ("quotes/pdnc/PrideAndPrejudice");
  g_autofree char *csv = g_build_filename (novel, "quotation_info.csv", NULL);
  const char *args[] = { "eval-speakers", novel, NULL };
  const char *missing[] = { "eval-speakers", "no-such-novel", NULL };
  const char *none[] = { "eval-speakers", NULL };
  g_auto(Run) run = { 0 };
  g_auto(Run) bad = { 0 };
  g_auto(Run) usage = { 0 };

  run_dossier (&bad, missing);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_true (g_str_has_prefix (bad.err, "dossier eval-speakers: no-such-novel: "));
  g_assert_cmpstr (bad.out, ==, "");
  run_dossier (&usage, none);
  g_assert_cmpint (usage.status, ==, 2);

  if (!g_file_test (csv, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("no PDNC novels under ../shared/data/quotes/pdnc");
      return;
    }
  run_dossier (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "PrideAndPrejudice: "));
  g_assert_nonnull (strstr (run.out, " 1270 gold quotations, 74 characters"));
  g_assert_nonnull (strstr (run.out, "\n  Explicit      327 "));
  g_assert_nonnull (strstr (run.out, "\n  Anaphoric     306 "));
  g_assert_nonnull (strstr (run.out, "\n  Implicit      637 "));
}

static void
test_brat_needs_one_document (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dossier-cli-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "two.dossier.json", NULL);
  const char *args[] = { "extract", "--to", "brat", path, NULL };
  const char *two =
    "{\"format\": \"dossier-project\", \"version\": 1, \"documents\": ["
    "{\"id\": \"d1\", \"text\": \"Peskov said on Sunday.\"},"
    "{\"id\": \"d2\", \"text\": \"Waltz said on Monday.\"}]}";
  g_auto(Run) run = { 0 };

  g_assert_true (g_file_set_contents (path, two, -1, NULL));
  run_dossier (&run, args);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "one document"));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/extract-sample", test_extract_sample);
  g_test_add_func ("/cli/two-files-no-date", test_extract_two_files_and_no_date);
  g_test_add_func ("/cli/bad-inputs", test_bad_inputs);
  g_test_add_func ("/cli/help", test_help_documents_extract);
  g_test_add_func ("/cli/project-keeps-human-edits", test_project_round_trip_keeps_human_edits);
  g_test_add_func ("/cli/jsonl-batch", test_jsonl_batch);
  g_test_add_func ("/cli/article-starting-with-brace", test_article_starting_with_brace);
  g_test_add_func ("/cli/brat-needs-one-document", test_brat_needs_one_document);
  g_test_add_func ("/cli/eval-speakers", test_eval_speakers);
  return g_test_run ();
}
