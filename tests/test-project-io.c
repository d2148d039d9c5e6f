/* test-project-io.c — project files: round trip, refusals, safe saving
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <unistd.h>

#include "dossier-project-io.h"
#include "test-json-util.h"
#include "dossier-project-io-private.h"
#include "test-util.h"

static DossierProject *
load_fixture (char **out_data)
{
  g_autoptr(GError) error = NULL;
  gsize length;
  char *data = dossier_test_load_data ("peskov.dossier.json", &length);
  DossierProject *project = dossier_project_new_from_data (data, length, &error);

  g_assert_no_error (error);
  g_assert_nonnull (project);
  if (out_data)
    *out_data = data;
  else
    g_free (data);
  return project;
}

static void
assert_projects_equal (DossierProject *a,
                       DossierProject *b)
{
  GListModel *da = dossier_project_get_documents (a), *db = dossier_project_get_documents (b);

  g_assert_cmpuint (g_list_model_get_n_items (da), ==, g_list_model_get_n_items (db));
  for (guint i = 0; i < g_list_model_get_n_items (da); i++)
    {
      g_autoptr(DossierDocument) x = g_list_model_get_item (da, i);
      g_autoptr(DossierDocument) y = g_list_model_get_item (db, i);
      GListModel *ax = dossier_document_get_annotations (x), *ay = dossier_document_get_annotations (y);

      g_assert_cmpstr (dossier_document_get_id (x), ==, dossier_document_get_id (y));
      g_assert_cmpstr (dossier_document_get_text (x), ==, dossier_document_get_text (y));
      g_assert_cmpstr (dossier_document_get_title (x), ==, dossier_document_get_title (y));
      g_assert_cmpstr (dossier_document_get_published (x), ==, dossier_document_get_published (y));
      g_assert_cmpstr (dossier_document_get_url (x), ==, dossier_document_get_url (y));
      g_assert_cmpuint (dossier_document_get_rejections (x)->len, ==, dossier_document_get_rejections (y)->len);
      g_assert_cmpuint (g_list_model_get_n_items (ax), ==, g_list_model_get_n_items (ay));
      for (guint j = 0; j < g_list_model_get_n_items (ax); j++)
        {
          g_autoptr(DossierAnnotation) p = g_list_model_get_item (ax, j);
          g_autoptr(DossierAnnotation) q = g_list_model_get_item (ay, j);
          g_assert_true (dossier_annotation_equal (p, q));
        }
    }

  g_assert_cmpuint (g_list_model_get_n_items (dossier_project_get_entities (a)), ==,
                    g_list_model_get_n_items (dossier_project_get_entities (b)));
  for (guint i = 0; i < g_list_model_get_n_items (dossier_project_get_entities (a)); i++)
    {
      g_autoptr(DossierEntity) x = g_list_model_get_item (dossier_project_get_entities (a), i);
      g_autoptr(DossierEntity) y = g_list_model_get_item (dossier_project_get_entities (b), i);
      g_assert_true (dossier_entity_equal (x, y));
    }
  g_assert_cmpuint (g_list_model_get_n_items (dossier_project_get_events (a)), ==,
                    g_list_model_get_n_items (dossier_project_get_events (b)));
  for (guint i = 0; i < g_list_model_get_n_items (dossier_project_get_events (a)); i++)
    {
      g_autoptr(DossierEvent) x = g_list_model_get_item (dossier_project_get_events (a), i);
      g_autoptr(DossierEvent) y = g_list_model_get_item (dossier_project_get_events (b), i);
      g_assert_true (dossier_event_equal (x, y));
    }
}

static void
test_load_fixture (void)
{
  g_autoptr(DossierProject) project = load_fixture (NULL);
  g_autoptr(DossierDocument) document = g_list_model_get_item (dossier_project_get_documents (project), 0);
  DossierAnnotation *quote = dossier_document_find_annotation (document, "a5");
  DossierEntity *peskov = dossier_project_find_entity (project, "p1");
  const char *text;
  guint start, end;
  guint mentions, quotes;

  g_assert_cmpstr (dossier_document_get_published (document), ==, "2025-02-09");
  g_assert_cmpuint (dossier_document_get_n_chars (document), ==, 137);
  g_assert_nonnull (quote);
  g_assert_cmpstr (dossier_annotation_get_kind (quote), ==, "direct");
  g_assert_cmpstr (dossier_annotation_get_speaker (quote), ==, "p1");
  g_assert_true (dossier_annotation_get_source (quote, &start, &end, &text));
  g_assert_cmpuint (start, ==, 37);
  g_assert_cmpuint (end, ==, 50);
  g_assert_cmpstr (text, ==, "Dmitry Peskov");
  g_assert_cmpstr (dossier_entity_get_title (peskov), ==, "Kremlin spokesman");
  dossier_project_count_mentions (project, "p1", &mentions, &quotes);
  g_assert_cmpuint (mentions, ==, 2);
  g_assert_cmpuint (quotes, ==, 1);
  g_assert_true (dossier_document_is_rejected (document, "PERSON", 0, 6));
  /* the emoji flag after the quote is two code points, so "Peskov" (second) starts at 102 */
  g_assert_cmpuint (dossier_annotation_get_start (dossier_document_find_annotation (document, "a7")), ==, 102);
}

static void
test_round_trip (void)
{
  g_autoptr(DossierProject) first = load_fixture (NULL);
  g_autoptr(DossierProject) second = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;

  /* written as json-glib would write it: files look as they did before Dossier had its own writer */
  assert_written_as_json_glib_would (first, TRUE);
  bytes = dossier_project_to_bytes (first);
  data = g_bytes_get_data (bytes, &length);
  second = dossier_project_new_from_data (data, length, &error);
  g_assert_no_error (error);
  assert_projects_equal (first, second);

  /* fields of a newer release survive, at every level */
  g_assert_nonnull (strstr (data, "\"x-future-top\""));
  g_assert_nonnull (strstr (data, "\"x-label-extra\""));
  g_assert_nonnull (strstr (data, "\"x-doc-extra\""));
  g_assert_nonnull (strstr (data, "\"x-annotation-extra\" : \"keep me\""));
  g_assert_nonnull (strstr (data, "\"x-entity-extra\""));
  g_assert_nonnull (strstr (data, "\"x-event-extra\""));
  g_assert_nonnull (strstr (data, "\"x-rejected-extra\" : \"why: not a person\""));
  g_assert_nonnull (strstr (data, "\"x-span-extra\" : 7"));

  /* saving is stable: a second save writes the same bytes */
  again = dossier_project_to_bytes (second);
  g_assert_true (g_bytes_equal (bytes, again));
}

typedef struct
{
  const char *name;
  const char *find;      /* replaced once in the fixture … */
  const char *replace;   /* … by this */
  const char *message;   /* the error must contain this */
  int         code;
} Broken;

static void
test_broken_files (void)
{
  static const Broken cases[] = {
    { "invalid JSON", "\"version\": 1,", "\"version\": 1,,", "not valid JSON", DOSSIER_PROJECT_ERROR_INVALID_JSON },
    { "truncated", NULL, NULL, "not valid JSON", DOSSIER_PROJECT_ERROR_INVALID_JSON },
    { "invalid UTF-8", "Peskov on talks", "Peskov \xff\xfe talks", "not valid UTF-8", DOSSIER_PROJECT_ERROR_INVALID_UTF8 },
    { "another format", "\"dossier-project\"", "\"brat-project\"", "“brat-project” file, not a Dossier project", DOSSIER_PROJECT_ERROR_WRONG_FORMAT },
    { "newer version", "\"version\": 1", "\"version\": 7", "made by a newer Dossier", DOSSIER_PROJECT_ERROR_NEWER_VERSION },
    { "text does not match", "\"text\": \"Dmitry Peskov\"", "\"text\": \"Dmitri Peskov\"", "annotation “a4”: the text “Dmitri Peskov” does not match the article at 37–50", DOSSIER_PROJECT_ERROR_INVALID },
    { "offsets out of range", "\"start\": 120,\n          \"end\": 125", "\"start\": 120,\n          \"end\": 925", "annotation “a8”: offsets 120–925 are outside the article (137 characters)", DOSSIER_PROJECT_ERROR_INVALID },
    { "dangling entity", "\"entity\": \"p2\"", "\"entity\": \"p9\"", "annotation “a8”: its entity “p9” is not an entity of this project", DOSSIER_PROJECT_ERROR_INVALID },
    { "dangling speaker", "\"speaker\": \"p1\"", "\"speaker\": \"p42\"", "annotation “a5”: its speaker “p42” is not an entity", DOSSIER_PROJECT_ERROR_INVALID },
    { "dangling anchor", "\"anchor\": \"a6\"", "\"anchor\": \"a66\"", "event “e1”: its anchor “a66” is not an annotation", DOSSIER_PROJECT_ERROR_INVALID },
    { "bad origin", "\"origin\": \"human\"", "\"origin\": \"robot\"", "the origin “robot” is neither “model” nor “human”", DOSSIER_PROJECT_ERROR_INVALID },
    { "start as string", "\"start\": 37", "\"start\": \"37\"", "the field “start” must be a whole number", DOSSIER_PROJECT_ERROR_INVALID },
    { "no documents", "\"documents\"", "\"papers\"", "the field “documents” is missing", DOSSIER_PROJECT_ERROR_INVALID },
    { "bad date", "\"published\": \"2025-02-09\"", "\"published\": \"2025-02-30\"", "publication date “2025-02-30” is not a date", DOSSIER_PROJECT_ERROR_INVALID },
    { "duplicate annotation id", "\"id\": \"a7\"", "\"id\": \"a4\"", "annotation “a4”: the id is used twice", DOSSIER_PROJECT_ERROR_INVALID },
    { "quote source mismatch", "\"text\": \"said\"", "\"text\": \"told\"", "annotation “a5”, cue: the text “told” does not match the article", DOSSIER_PROJECT_ERROR_INVALID },
    { "NUL escape", "Peskov on talks", "Peskov\\u0000 on talks", "NUL character", DOSSIER_PROJECT_ERROR_INVALID_UTF8 },
    { "not an object", "{\n  \"format\"", "[{\n  \"format\"", "not valid JSON", DOSSIER_PROJECT_ERROR_INVALID_JSON },
  };
  g_autofree char *fixture = NULL;
  g_autoptr(DossierProject) ok = load_fixture (&fixture);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierProject) project = NULL;
      g_autofree char *data = NULL;

      if (cases[i].find == NULL)
        data = g_strndup (fixture, strlen (fixture) / 2);
      else
        {
          const char *at = strstr (fixture, cases[i].find);
          g_assert_nonnull (at);
          data = g_strdup_printf ("%.*s%s%s", (int)(at - fixture), fixture, cases[i].replace,
                                  at + strlen (cases[i].find));
        }
      /* "not an object" makes an array: JSON, but refused as not a project */
      project = dossier_project_new_from_data (data, strlen (data), &error);
      g_test_message ("%s: %s", cases[i].name, error ? error->message : "(loaded)");
      g_assert_null (project);
      g_assert_nonnull (error);
      if (g_strcmp0 (cases[i].name, "not an object") == 0)
        {
          g_assert_true (error->code == DOSSIER_PROJECT_ERROR_INVALID_JSON ||
                         error->code == DOSSIER_PROJECT_ERROR_WRONG_FORMAT);
          continue;
        }
      g_assert_error (error, DOSSIER_PROJECT_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("%s: “%s” does not say “%s”", cases[i].name, error->message, cases[i].message);
    }
}

static void
test_text_articles (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierProject) project = NULL;
  g_autofree char *text = dossier_test_load_shared ("samples/air-force-one.txt", NULL);

  project = dossier_project_new_from_file_data (text, strlen (text), "air-force-one.txt", &error);
  g_assert_no_error (error);
  {
    g_autoptr(DossierDocument) d = g_list_model_get_item (dossier_project_get_documents (project), 0);
    g_assert_cmpstr (dossier_document_get_text (d), ==, text);
    g_assert_cmpstr (dossier_document_get_title (d), ==, "air-force-one");
  }

  g_clear_object (&project);
  project = dossier_project_new_from_file_data ("caf\xc3", 4, "bad.txt", &error);
  g_assert_null (project);
  g_assert_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_INVALID_UTF8);
  g_clear_error (&error);

  project = dossier_project_new_from_file_data ("two\0parts", 9, "nul.txt", &error);
  g_assert_null (project);
  g_assert_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_INVALID_UTF8);
  g_assert_nonnull (strstr (error->message, "NUL"));
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} SaveResult;

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SaveResult *r = user_data;

  r->ok = dossier_project_save_file_finish (DOSSIER_PROJECT (object), result, &r->error);
  r->done = TRUE;
}

static void
iterate_until (gboolean *flag)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!*flag && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (*flag);
}

static void
wait_until_held (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!_dossier_project_io_save_is_held () && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_true (_dossier_project_io_save_is_held ());
}

/* Starts a save of @project into @file that stops at @hold, and returns once it waits there
 * (until _dossier_project_io_release_save); @result gets its outcome. */
static void
start_held_save (DossierProject  *project,
                 GFile           *file,
                 DossierSaveHold  hold,
                 SaveResult      *result)
{
  _dossier_project_io_hold_next_save (hold);
  dossier_project_save_file_async (project, file, NULL, save_done_cb, result);
  wait_until_held ();
}

static char *
snapshot (DossierProject *project)
{
  g_autoptr(GBytes) bytes = dossier_project_to_bytes (project);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
assert_file_holds (const char *path,
                   const char *expected)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  /* not cmpstr: the two would fill the log */
  g_assert_true (strcmp (contents, expected) == 0);
}

/* Files in @dir, but for the names given (NULL-terminated): none is expected. */
static guint
count_other_files (const char *dir,
                   ...)
{
  g_autoptr(GPtrArray) known = g_ptr_array_new ();
  GDir *listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;
  va_list args;

  va_start (args, dir);
  while ((name = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (known, (gpointer)name);
  va_end (args);
  while ((name = g_dir_read_name (listing)))
    {
      gboolean is_known = FALSE;

      for (guint i = 0; i < known->len; i++)
        is_known |= strcmp (name, g_ptr_array_index (known, i)) == 0;
      if (!is_known)
        {
          g_test_message ("unexpected file: %s", name);
          n++;
        }
    }
  g_dir_close (listing);
  return n;
}

static gboolean
save_under_size_limit (DossierProject *project,
                       GFile          *file,
                       rlim_t          limit_bytes,
                       GError        **error)
{
  struct rlimit old_limit = dossier_test_limit_file_size (limit_bytes);
  gboolean ok = dossier_project_save_file (project, file, error);

  dossier_test_restore_file_size (&old_limit);
  return ok;
}

static void
set_big_title (DossierDocument *document)
{
  g_autofree char *big = dossier_test_big_title ();

  dossier_document_set_title (document, big);
}

/* What the saving tests share: the fixture project, its first article (whose title they change
 * so that one save differs from the next), and a file of its own in a new temporary folder. The
 * folder goes, with all in it, when the test ends. */
typedef struct
{
  DossierProject  *project;
  DossierDocument *document;
  char            *dir;
  char            *path;
  char            *backup;     /* FILE~, the previous version */
  GFile           *file;
  GError          *error;
} Saving;

static void
saving_init (Saving     *s,
             const char *dir_template,
             const char *name)
{
  g_autoptr(GError) error = NULL;

  s->project = load_fixture (NULL);
  s->document = g_list_model_get_item (dossier_project_get_documents (s->project), 0);
  s->dir = g_dir_make_tmp (dir_template, &error);
  g_assert_no_error (error);
  s->path = g_build_filename (s->dir, name, NULL);
  s->backup = g_strconcat (s->path, "~", NULL);
  s->file = g_file_new_for_path (s->path);
  s->error = NULL;
}

static void
saving_clear (Saving *s)
{
  /* a test may have removed the folder itself: then this finds nothing to remove */
  if (s->dir != NULL)
    dossier_test_remove_tree (s->dir);
  g_clear_object (&s->file);
  g_clear_pointer (&s->backup, g_free);
  g_clear_pointer (&s->path, g_free);
  g_clear_pointer (&s->dir, g_free);
  g_clear_object (&s->document);
  g_clear_object (&s->project);
  g_clear_error (&s->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Saving, saving_clear)

/* Saves the project to its file, which must work. */
static void
assert_saves (Saving *s)
{
  g_assert_true (dossier_project_save_file (s->project, s->file, &s->error));
  g_assert_no_error (s->error);
}

static void
test_save_and_backup (void)
{
  g_auto(Saving) s = { 0 };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  saving_init (&s, "dossier-save-XXXXXX", "p.dossier.json");
  assert_saves (&s);
  g_assert_true (g_file_get_contents (s.path, &first, NULL, NULL));

  dossier_document_set_title (s.document, "Second title");
  assert_saves (&s);
  g_assert_true (g_file_get_contents (s.path, &second, NULL, NULL));
  g_assert_nonnull (strstr (second, "Second title"));

  /* the previous version is kept as a backup */
  {
    g_autofree char *kept = NULL;
    g_assert_true (g_file_get_contents (s.backup, &kept, NULL, NULL));
    g_assert_cmpstr (kept, ==, first);
  }
}

/* A full disk, simulated with a file-size limit: the save fails and says so,
 * and the previous file is left exactly as it was. */
static void
test_failed_save_keeps_old_file (void)
{
  g_auto(Saving) s = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GDir *listing;
  const char *name;
  guint n_files = 0;

  saving_init (&s, "dossier-full-XXXXXX", "p.dossier.json");
  assert_saves (&s);
  g_assert_true (g_file_get_contents (s.path, &before, NULL, NULL));

  /* make the project bigger than what the "disk" will take */
  set_big_title (s.document);
  g_assert_false (save_under_size_limit (s.project, s.file, strlen (before) + 4096, &s.error));
  g_assert_nonnull (s.error);
  g_test_message ("save failed as expected: %s", s.error->message);

  g_assert_true (g_file_get_contents (s.path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);

  /* no temporary file left behind beside the project (the backup may exist) */
  listing = g_dir_open (s.dir, 0, NULL);
  while ((name = g_dir_read_name (listing)))
    if (!g_str_has_suffix (name, "~"))
      n_files++;
  g_dir_close (listing);
  g_assert_cmpuint (n_files, ==, 1);
}

static void
test_save_keeps_file_mode (void)
{
  g_auto(Saving) s = { 0 };
  GStatBuf st;

  saving_init (&s, "dossier-mode-XXXXXX", "private.dossier.json");
  assert_saves (&s);
  g_assert_cmpint (g_chmod (s.path, 0600), ==, 0);
  assert_saves (&s);
  g_assert_cmpint (g_stat (s.path, &st), ==, 0);
  /* a private project stays private after a save */
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_huge_ids_do_not_wrap (void)
{
  g_autofree char *fixture = NULL;
  g_autoptr(DossierProject) ok = load_fixture (&fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierProject) project = NULL;
  g_autofree char *data = NULL;
  const char *at = strstr (fixture, "\"id\": \"a8\"");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_nonnull (at);
  data = g_strdup_printf ("%.*s\"id\": \"a4294967294\"%s", (int)(at - fixture), fixture, at + strlen ("\"id\": \"a8\""));
  project = dossier_project_new_from_data (data, strlen (data), &error);
  g_assert_no_error (error);
  a = dossier_project_new_id (project, "a");
  b = dossier_project_new_id (project, "a");
  /* new ids never repeat one in the file or each other */
  g_assert_cmpstr (a, !=, "a4294967294");
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpstr (a, !=, "a1");
  g_assert_cmpstr (a, !=, "a7");
}

static void
test_new_ids_are_unique (void)
{
  g_autoptr(DossierProject) project = load_fixture (NULL);
  g_autofree char *a = dossier_project_new_id (project, "a");
  g_autofree char *p = dossier_project_new_id (project, "p");
  g_autofree char *e = dossier_project_new_id (project, "e");

  /* the fixture uses a1…a8, p1…p4, e1 */
  g_assert_cmpstr (a, ==, "a9");
  g_assert_cmpstr (p, ==, "p5");
  g_assert_cmpstr (e, ==, "e2");
}

/* Project files are read by Dossier's own JSON reader; json-glib, the
 * library that writes them, is the reference for what a value reads as. */
static void
test_json_values_as_json_glib_reads_them (void)
{
  static const char * const values[] = {
    /* strings and their escapes */
    "\"plain\"", "\"\"", "\"quote \\\" backslash \\\\ slash \\/\"", "\"\\b\\f\\n\\r\\t\"",
    "\"\\u00e9t\\u00E9\"", "\"\\ud83d\\ude00 emoji\"", "\"caf\xc3\xa9 \xe2\x80\x9cPeskov\xe2\x80\x9d\"",
    "\"{[not a list]}\"", "\"\\\\\"", "\"a\\\\\\\"b\"",
    /* numbers */
    "0", "-0", "7", "-12", "9007199254740993", "9223372036854775807", "-9223372036854775808",
    "0.5", "-0.25", "1e3", "1E-2", "2.5e+2", "12.75E1",
    /* the rest */
    "true", "false", "null", "[]", "{}", "[1, \"two\", [3, {\"four\": 4}], null]",
    "{\"a\": {\"b\": {\"c\": [true, false]}}, \"d\": \"e\"}", "{\"twice\": 1, \"twice\": 2}",
    " [ 1 ,\n\t2 ] ",
  };
  /* not JSON: both must refuse these */
  static const char * const broken[] = {
    "\"unclosed", "[1, 2", "{\"a\" 1}", "{\"a\": 1,, \"b\": 2}", "{a: 1}", "[1 2]", "tru",
    "nul", "\"\\u12\"", "-", "1e", "\"a\" \"b\"", "}", "]", "\"\\ud83d\"",
  };
  /* not JSON, though json-glib's scanner reads them (as "x", 1.0, 0.5, 16, [1], "a" and a
   * string that is not UTF-8): Dossier refuses them */
  static const char * const not_json[] = {
    "\"\\x\"", "1.", ".5", "0x10", "[1 /* note */]", "'a'", "\"\\ude00 half\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (not_json); i++)
    {
      g_autofree char *data = g_strdup_printf (
        "{\"format\": \"dossier-project\", \"version\": 1, \"x-value\": %s,\n"
        " \"documents\": [{\"id\": \"d1\", \"text\": \"Peskov said.\"}]}", not_json[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierProject) project = dossier_project_new_from_data (data, strlen (data), &error);

      g_test_message ("%s: %s", not_json[i], error ? error->message : "(loaded)");
      g_assert_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_INVALID_JSON);
    }

  /* nesting deep enough to overflow a recursive reader's stack is refused, not followed */
  {
    GString *deep = g_string_new ("{\"format\": \"dossier-project\", \"version\": 1, \"x\": ");
    g_autoptr(GError) error = NULL;
    g_autoptr(DossierProject) project = NULL;
    g_autofree char *data = NULL;

    for (guint i = 0; i < 100000; i++)
      g_string_append_c (deep, '[');
    for (guint i = 0; i < 100000; i++)
      g_string_append_c (deep, ']');
    g_string_append (deep, ", \"documents\": []}");
    data = g_string_free (deep, FALSE);
    project = dossier_project_new_from_data (data, strlen (data), &error);
    g_assert_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_INVALID_JSON);
    g_assert_nonnull (strstr (error->message, "nested"));
  }

  for (guint i = 0; i < G_N_ELEMENTS (values) + G_N_ELEMENTS (broken); i++)
    {
      gboolean good = i < G_N_ELEMENTS (values);
      const char *value = good ? values[i] : broken[i - G_N_ELEMENTS (values)];
      g_autofree char *data = g_strdup_printf (
        "{\"format\": \"dossier-project\", \"version\": 1, \"x-value\": %s,\n"
        " \"documents\": [{\"id\": \"d1\", \"text\": \"Peskov said.\"}]}", value);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierProject) project = NULL;
      gboolean json_ok = json_parser_load_from_data (parser, data, -1, NULL);

      project = dossier_project_new_from_data (data, strlen (data), &error);
      g_test_message ("%s: json-glib %s, Dossier %s", value, json_ok ? "reads it" : "refuses",
                      error ? error->message : "reads it");
      g_assert_true (json_ok == good);
      if (!good)
        {
          g_assert_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_INVALID_JSON);
          continue;
        }
      g_assert_no_error (error);
      {
        JsonObject *root = json_node_get_object (json_parser_get_root (parser));
        JsonNode *expected = json_object_get_member (root, "x-value");
        JsonNode *kept = json_object_get_member (dossier_project_get_extra (project), "x-value");

        g_assert_nonnull (kept);
        if (!json_node_equal (expected, kept))
          {
            g_autofree char *a = json_to_string (expected, FALSE);
            g_autofree char *b = json_to_string (kept, FALSE);
            g_error ("%s: json-glib reads %s, Dossier %s", value, a, b);
          }
      }
      /* the same string as an article's text */
      if (value[0] == '"')
        {
          g_autofree char *as_text = g_strdup_printf (
            "{\"format\": \"dossier-project\", \"version\": 1, \"documents\": [{\"id\": \"d1\", "
            "\"text\": %s}]}", value);
          g_autoptr(DossierProject) with_text = NULL;
          g_autoptr(DossierDocument) document = NULL;
          JsonNode *expected = json_object_get_member (
            json_node_get_object (json_parser_get_root (parser)), "x-value");

          with_text = dossier_project_new_from_data (as_text, strlen (as_text), &error);
          g_assert_no_error (error);
          document = g_list_model_get_item (dossier_project_get_documents (with_text), 0);
          g_assert_cmpstr (dossier_document_get_text (document), ==, json_node_get_string (expected));
        }
    }
}

/* Two numbers json-glib writes as no JSON reader reads them ("1e+21.0", "inf.0"): Dossier
 * writes JSON, and the file opens again with the same values. */
static void
test_numbers_that_json_glib_writes_wrong (void)
{
  static const char data[] =
    "{\"format\": \"dossier-project\", \"version\": 1, \"x-big\": 1e21, \"x-huge\": 1e999,\n"
    " \"x-small\": -1e999, \"x-plain\": 100.0, \"x-tiny\": 5e-324,\n"
    " \"documents\": [{\"id\": \"d1\", \"text\": \"Peskov said.\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierProject) project = dossier_project_new_from_data (data, strlen (data), &error);
  g_autoptr(DossierProject) again = NULL;
  g_autoptr(GBytes) bytes = NULL;
  JsonObject *extra;

  g_assert_no_error (error);
  bytes = dossier_project_to_bytes (project);
  again = dossier_project_new_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                         &error);
  g_assert_no_error (error);
  extra = dossier_project_get_extra (again);
  g_assert_cmpfloat (json_object_get_double_member (extra, "x-big"), ==, 1e21);
  g_assert_cmpfloat (json_object_get_double_member (extra, "x-huge"), ==, INFINITY);
  g_assert_cmpfloat (json_object_get_double_member (extra, "x-small"), ==, -INFINITY);
  g_assert_cmpfloat (json_object_get_double_member (extra, "x-plain"), ==, 100.0);
  g_assert_cmpfloat (json_object_get_double_member (extra, "x-tiny"), ==, 5e-324);
}

/* The backup is copied (the file has a second name, so FILE~ may not share it) and the disk
 * fills while it is: the save fails and says so, FILE~ is still the older backup, whole, and
 * the file is as it was. Once there is room, FILE~ gets the previous version with its mode. */
static void
test_failed_backup_keeps_old_backup (void)
{
  g_auto(Saving) s = { 0 };
  g_autofree char *other_name = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  GStatBuf st;

  saving_init (&s, "dossier-backup-XXXXXX", "p.dossier.json");
  other_name = g_build_filename (s.dir, "other-name.json", NULL);
  assert_saves (&s);
  first = snapshot (s.project);
  set_big_title (s.document);
  assert_saves (&s);
  second = snapshot (s.project);
  assert_file_holds (s.backup, first);
  g_assert_cmpint (link (s.path, other_name), ==, 0);
  g_assert_cmpint (g_chmod (s.path, 0600), ==, 0);

  dossier_document_set_title (s.document, "Third title");
  g_assert_false (save_under_size_limit (s.project, s.file, strlen (first) + 4096, &s.error));
  g_assert_nonnull (s.error);
  g_test_message ("save failed as expected: %s", s.error->message);
  g_assert_nonnull (strstr (s.error->message, "backup"));
  g_assert_nonnull (strstr (s.error->message, "File too large"));
  g_clear_error (&s.error);
  assert_file_holds (s.backup, first);
  assert_file_holds (s.path, second);
  g_assert_cmpuint (count_other_files (s.dir, "p.dossier.json", "p.dossier.json~",
                                       "other-name.json", NULL), ==, 0);

  third = snapshot (s.project);
  assert_saves (&s);
  assert_file_holds (s.path, third);
  assert_file_holds (s.backup, second);
  /* the other name still has the version it had */
  assert_file_holds (other_name, second);
  g_assert_cmpint (g_stat (s.backup, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpuint (count_other_files (s.dir, "p.dossier.json", "p.dossier.json~",
                                       "other-name.json", NULL), ==, 0);
}

/* The new version does not fit on the disk: the save fails, and FILE~ keeps the version it had
 * rather than a copy of the file (which is still there, as it was). FILE~ keeps the mode. */
static void
test_failed_save_keeps_old_backup (void)
{
  g_auto(Saving) s = { 0 };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  GStatBuf st;

  saving_init (&s, "dossier-backup-XXXXXX", "p.dossier.json");
  assert_saves (&s);
  first = snapshot (s.project);
  dossier_document_set_title (s.document, "Second title");
  assert_saves (&s);
  second = snapshot (s.project);
  g_assert_cmpint (g_chmod (s.path, 0600), ==, 0);

  set_big_title (s.document);
  g_assert_false (save_under_size_limit (s.project, s.file, strlen (second) + 4096, &s.error));
  g_assert_nonnull (s.error);
  g_test_message ("save failed as expected: %s", s.error->message);
  g_clear_error (&s.error);
  assert_file_holds (s.path, second);
  assert_file_holds (s.backup, first);
  g_assert_cmpuint (count_other_files (s.dir, "p.dossier.json", "p.dossier.json~", NULL), ==, 0);

  dossier_document_set_title (s.document, "Third title");
  third = snapshot (s.project);
  assert_saves (&s);
  assert_file_holds (s.path, third);
  assert_file_holds (s.backup, second);
  g_assert_cmpint (g_stat (s.backup, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (s.path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* Temporary files left beside the file by saves that never finished are removed by the next
 * save; one that a live save holds (locked) stays until it is let go, and so does anything
 * that is not unmistakably a temporary file of this file. */
static void
test_leftover_temporaries_removed (void)
{
  g_auto(Saving) s = { 0 };
  g_autofree char *stale = NULL;
  g_autofree char *live = NULL;
  g_autofree char *link_path = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *keep = NULL;
  /* not ours, whatever they look like */
  const char *others[] = {
    "p.dossier.json.Ab3xYz",                   /* GLib's temporary name, or a user's file */
    ".p.dossier.json.dossier-save-Ab3xY",      /* five characters */
    ".p.dossier.json.dossier-save-Ab3xYz7",    /* seven */
    ".p.dossier.json.dossier-save-Ab-xYz",     /* not a letter or digit */
    "p.dossier.json.dossier-save-Ab3xYz",      /* not hidden */
    ".q.dossier.json.dossier-save-Ab3xYz",     /* another file's: not this save's business */
  };
  int live_fd;

  saving_init (&s, "dossier-leftover-XXXXXX", "p.dossier.json");
  stale = g_build_filename (s.dir, ".p.dossier.json.dossier-save-Ab3xYz", NULL);
  live = g_build_filename (s.dir, ".p.dossier.json.dossier-save-Live01", NULL);
  link_path = g_build_filename (s.dir, ".p.dossier.json.dossier-save-Link01", NULL);
  folder = g_build_filename (s.dir, ".p.dossier.json.dossier-save-Dir001", NULL);
  keep = g_build_filename (s.dir, "keep.txt", NULL);

  assert_saves (&s);
  write_file (stale, "{\"half\": ");
  write_file (live, "{\"being written");
  write_file (keep, "keep me");
  g_assert_cmpint (symlink ("keep.txt", link_path), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *other = g_build_filename (s.dir, others[i], NULL);
      write_file (other, "not a leftover");
    }
  /* a save in another process is writing this one */
  live_fd = open (live, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (live_fd, >=, 0);
  g_assert_cmpint (flock (live_fd, LOCK_EX | LOCK_NB), ==, 0);

  assert_saves (&s);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (live, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (link_path, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  assert_file_holds (keep, "keep me");
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *other = g_build_filename (s.dir, others[i], NULL);
      assert_file_holds (other, "not a leftover");
    }

  /* that process died: its file is a leftover now */
  close (live_fd);
  assert_saves (&s);
  g_assert_false (g_file_test (live, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (link_path, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
}

/* A file name near the longest a file system takes (255 bytes): the temporary files' names,
 * which add to it, are cut short rather than refused, and FILE~ (one byte more) is kept. */
static void
test_long_file_name (void)
{
  g_auto(Saving) s = { 0 };
  g_autofree char *stem = g_strnfill (254 - strlen (".dossier.json"), 'n');
  g_autofree char *name = g_strconcat (stem, ".dossier.json", NULL);
  g_autofree char *backup_name = g_strconcat (name, "~", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  saving_init (&s, "dossier-long-XXXXXX", name);
  g_assert_cmpuint (strlen (backup_name), ==, 255);
  assert_saves (&s);
  first = snapshot (s.project);
  dossier_document_set_title (s.document, "Second title");
  second = snapshot (s.project);
  assert_saves (&s);
  assert_file_holds (s.path, second);
  assert_file_holds (s.backup, first);
  g_assert_cmpuint (count_other_files (s.dir, name, backup_name, NULL), ==, 0);
}

/* A save cut off by the end of its process (ended at once, with both temporary files written,
 * neither renamed yet): the file and FILE~ are whole and as they were, and the next save
 * removes the two temporary files it left. */
static void
test_crashed_save_leaves_nothing_for_long (void)
{
  g_auto(Saving) s = { 0 };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  GDir *listing;
  const char *name;
  guint n_leftovers = 0;

  if (g_test_subprocess ())
    {
      /* the save that never finishes: the process ends in the middle of it */
      g_autoptr(DossierProject) project = load_fixture (NULL);
      g_autoptr(DossierDocument) document =
        g_list_model_get_item (dossier_project_get_documents (project), 0);
      g_autofree char *path =
        g_build_filename (g_getenv ("DOSSIER_TEST_CRASH_DIR"), "p.dossier.json", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      dossier_document_set_title (document, "Cut off");
      _dossier_project_io_hold_next_save (DOSSIER_SAVE_EXIT_BEFORE_RENAME);
      dossier_project_save_file (project, file, NULL);
      g_assert_not_reached ();
    }

  saving_init (&s, "dossier-crash-XXXXXX", "p.dossier.json");
  assert_saves (&s);
  first = snapshot (s.project);
  dossier_document_set_title (s.document, "Second title");
  assert_saves (&s);
  second = snapshot (s.project);

  g_setenv ("DOSSIER_TEST_CRASH_DIR", s.dir, TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("DOSSIER_TEST_CRASH_DIR");
  g_assert_false (g_test_trap_has_passed ());

  assert_file_holds (s.path, second);
  assert_file_holds (s.backup, first);
  listing = g_dir_open (s.dir, 0, NULL);
  while ((name = g_dir_read_name (listing)))
    if (g_str_has_prefix (name, ".p.dossier.json.dossier-save-"))
      n_leftovers++;
  g_dir_close (listing);
  /* the old file's second name, to be FILE~, and the new version */
  g_assert_cmpuint (n_leftovers, ==, 2);

  dossier_document_set_title (s.document, "Third title");
  third = snapshot (s.project);
  assert_saves (&s);
  assert_file_holds (s.path, third);
  assert_file_holds (s.backup, second);
  g_assert_cmpuint (count_other_files (s.dir, "p.dossier.json", "p.dossier.json~", NULL), ==, 0);
}

/* Two saves of one file overlap, the first slow on the disk: the second waits its turn, so the
 * file ends with the newer snapshot and FILE~ with the older one (not the other way round). */
static void
test_overlapping_saves_in_order (void)
{
  g_auto(Saving) s = { 0 };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  SaveResult a = { 0 }, b = { 0 };

  saving_init (&s, "dossier-overlap-XXXXXX", "p.dossier.json");
  assert_saves (&s);

  dossier_document_set_title (s.document, "First save");
  first = snapshot (s.project);
  start_held_save (s.project, s.file, DOSSIER_SAVE_HOLD_WHILE_LOCKED, &a);

  dossier_document_set_title (s.document, "Second save");
  second = snapshot (s.project);
  dossier_project_save_file_async (s.project, s.file, NULL, save_done_cb, &b);
  /* the second one does not run past the first */
  for (guint i = 0; i < 20; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_false (b.done);

  _dossier_project_io_release_save ();
  iterate_until (&a.done);
  iterate_until (&b.done);
  g_assert_no_error (a.error);
  g_assert_no_error (b.error);
  g_assert_true (a.ok && b.ok);
  assert_file_holds (s.path, second);
  assert_file_holds (s.backup, first);
}

/* An older save that reaches the file after a newer one writes nothing: the newer snapshot stays,
 * and FILE~ keeps the version that was on disk before either. */
static void
test_overtaken_save_is_dropped (void)
{
  g_auto(Saving) s = { 0 };
  g_autofree char *original = NULL;
  g_autofree char *second = NULL;
  SaveResult a = { 0 }, b = { 0 };

  saving_init (&s, "dossier-overtaken-XXXXXX", "p.dossier.json");
  assert_saves (&s);
  original = snapshot (s.project);

  dossier_document_set_title (s.document, "First save");
  start_held_save (s.project, s.file, DOSSIER_SAVE_HOLD_BEFORE_LOCK, &a);

  dossier_document_set_title (s.document, "Second save");
  second = snapshot (s.project);
  dossier_project_save_file_async (s.project, s.file, NULL, save_done_cb, &b);
  iterate_until (&b.done);
  g_assert_no_error (b.error);
  assert_file_holds (s.path, second);

  _dossier_project_io_release_save ();
  iterate_until (&a.done);
  g_assert_no_error (a.error);
  g_assert_true (a.ok);
  assert_file_holds (s.path, second);
  assert_file_holds (s.backup, original);
}

/* Two projects (two windows) save to one file, and the later one reaches it first: the earlier
 * one's snapshot was never on disk, so it must not say it is. It fails and says why; the file
 * keeps the later save, FILE~ the version from before either. */
static void
test_save_overtaken_by_another_project_fails (void)
{
  g_auto(Saving) s = { 0 };
  g_autoptr(DossierProject) other = load_fixture (NULL);
  g_autoptr(DossierDocument) other_document =
    g_list_model_get_item (dossier_project_get_documents (other), 0);
  g_autofree char *original = NULL;
  g_autofree char *others = NULL;
  SaveResult a = { 0 }, b = { 0 };

  saving_init (&s, "dossier-two-XXXXXX", "p.dossier.json");
  assert_saves (&s);
  original = snapshot (s.project);

  dossier_document_set_title (s.document, "Saved in one window");
  start_held_save (s.project, s.file, DOSSIER_SAVE_HOLD_BEFORE_LOCK, &a);

  dossier_document_set_title (other_document, "Saved in another");
  others = snapshot (other);
  dossier_project_save_file_async (other, s.file, NULL, save_done_cb, &b);
  iterate_until (&b.done);
  g_assert_no_error (b.error);
  g_assert_true (b.ok);

  _dossier_project_io_release_save ();
  iterate_until (&a.done);
  g_assert_false (a.ok);
  g_assert_error (a.error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_SUPERSEDED);
  g_test_message ("%s", a.error->message);
  g_clear_error (&a.error);
  assert_file_holds (s.path, others);
  assert_file_holds (s.backup, original);
}

/* The project's folder was deleted (or renamed) while it was open: the save says so and
 * creates nothing. */
static void
test_save_into_deleted_folder (void)
{
  g_auto(Saving) s = { 0 };

  saving_init (&s, "dossier-gone-XXXXXX", "p.dossier.json");
  assert_saves (&s);
  dossier_test_remove_tree (s.dir);

  g_assert_false (dossier_project_save_file (s.project, s.file, &s.error));
  g_assert_error (s.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (s.error->message, s.dir));
  g_assert_false (g_file_test (s.dir, G_FILE_TEST_EXISTS));
}

/* Saving over a file the user made read-only is refused, even where the folder would allow
 * replacing it (and even for root): the file keeps its content and its mode. */
static void
test_read_only_file_refused (void)
{
  g_auto(Saving) s = { 0 };
  g_autofree char *before = NULL;
  GStatBuf st;

  saving_init (&s, "dossier-readonly-XXXXXX", "p.dossier.json");
  assert_saves (&s);
  g_assert_cmpint (g_chmod (s.path, 0444), ==, 0);
  before = snapshot (s.project);

  dossier_document_set_title (s.document, "Not to be written");
  g_assert_false (dossier_project_save_file (s.project, s.file, &s.error));
  g_assert_error (s.error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (s.error->message, "read-only"));
  assert_file_holds (s.path, before);
  g_assert_cmpint (g_stat (s.path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0444);
}

/* A project reached through a link: the link stays, the file it points at gets the new version
 * and its backup. */
static void
test_save_through_link (void)
{
  g_auto(Saving) s = { 0 };   /* its file is the real one, the one the link points at */
  g_autofree char *link = NULL;
  g_autoptr(GFile) link_file = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  saving_init (&s, "dossier-link-XXXXXX", "real.dossier.json");
  link = g_build_filename (s.dir, "link.dossier.json", NULL);
  link_file = g_file_new_for_path (link);
  assert_saves (&s);
  first = snapshot (s.project);
  g_assert_cmpint (symlink ("real.dossier.json", link), ==, 0);

  dossier_document_set_title (s.document, "Saved through the link");
  second = snapshot (s.project);
  g_assert_true (dossier_project_save_file (s.project, link_file, &s.error));
  g_assert_no_error (s.error);
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  assert_file_holds (s.path, second);
  assert_file_holds (s.backup, first);
}

/* A folder the user may not write in: the message names the folder, and the file is as it was.
 * (Root writes anywhere: skipped there.) */
static void
test_read_only_folder (void)
{
  g_auto(Saving) s = { 0 };
  g_autofree char *before = NULL;

  saving_init (&s, "dossier-rofolder-XXXXXX", "p.dossier.json");
  if (geteuid () == 0)
    {
      g_test_skip ("root may write in a read-only folder");
      return;
    }
  assert_saves (&s);
  before = snapshot (s.project);
  g_assert_cmpint (g_chmod (s.dir, 0555), ==, 0);
  dossier_document_set_title (s.document, "Not to be written");
  g_assert_false (dossier_project_save_file (s.project, s.file, &s.error));
  g_assert_error (s.error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (s.error->message, s.dir));
  assert_file_holds (s.path, before);
  /* writable again, so that the folder can go */
  g_assert_cmpint (g_chmod (s.dir, 0755), ==, 0);
}

/* On a disk whose files are not the user's (vfat or exFAT mounted with uid=, a CIFS share)
 * chmod fails with EPERM, even to the mode the file has: the mode is the file system's there,
 * and the save goes on, with the content right; the backup, copied as the old file has a
 * second name, too. Another failure to set the mode still fails the save. */
static void
test_save_where_chmod_is_refused (void)
{
  g_autoptr(DossierProject) project = load_fixture (NULL);
  g_autoptr(DossierDocument) document =
    g_list_model_get_item (dossier_project_get_documents (project), 0);
  g_autofree char *dir = g_dir_make_tmp ("dossier-chmod-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.dossier.json", NULL);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autofree char *other_name = g_build_filename (dir, "other-name", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  g_assert_true (dossier_project_save_file (project, file, &error));
  g_assert_no_error (error);
  first = snapshot (project);

  dossier_document_set_title (document, "Second title");
  second = snapshot (project);
  /* a mode the new file (made 0600) must be given, so the refused chmod is really asked */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  _dossier_project_io_fail_chmod (EPERM);
  g_assert_true (dossier_project_save_file (project, file, &error));
  g_assert_no_error (error);
  assert_file_holds (path, second);
  assert_file_holds (backup, first);

  /* a second name: the backup is a copy, whose mode is set too (the new files are made 0600:
   * a mode to set) */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_cmpint (link (path, other_name), ==, 0);
  dossier_document_set_title (document, "Third title");
  third = snapshot (project);
  g_assert_true (dossier_project_save_file (project, file, &error));
  g_assert_no_error (error);
  assert_file_holds (path, third);
  assert_file_holds (backup, second);

  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  dossier_document_set_title (document, "Fourth title");
  _dossier_project_io_fail_chmod (EIO);
  g_assert_false (dossier_project_save_file (project, file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  _dossier_project_io_fail_chmod (0);
  assert_file_holds (path, third);
  assert_file_holds (backup, second);
  dossier_test_remove_tree (dir);
}

/* A long name of characters of more than one byte (Chinese here): the temporary files, cut
 * short, are cut between characters, so every name in the folder is UTF-8 (a file system
 * that checks names refuses others) while the save is on the way, and after it. */
static void
test_long_multibyte_file_name (void)
{
  g_autoptr(DossierProject) project = load_fixture (NULL);
  g_autoptr(DossierDocument) document =
    g_list_model_get_item (dossier_project_get_documents (project), 0);
  g_autofree char *dir = g_dir_make_tmp ("dossier-utf8-XXXXXX", NULL);
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *backup_name = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *second = NULL;
  SaveResult r = { 0 };
  GDir *listing;
  const char *entry;
  guint n_temporaries = 0;

  /* 210 bytes: cut at 200, the middle of the 67th character */
  for (guint i = 0; i < 70; i++)
    g_string_append (name, "中");
  g_string_append (name, ".dossier.json");
  path = g_build_filename (dir, name->str, NULL);
  backup = g_strconcat (path, "~", NULL);
  backup_name = g_strconcat (name->str, "~", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (dossier_project_save_file (project, file, &error));
  g_assert_no_error (error);

  dossier_document_set_title (document, "Second title");
  second = snapshot (project);
  _dossier_project_io_hold_next_save (DOSSIER_SAVE_HOLD_BEFORE_RENAME);
  dossier_project_save_file_async (project, file, NULL, save_done_cb, &r);
  wait_until_held ();
  listing = g_dir_open (dir, 0, NULL);
  while ((entry = g_dir_read_name (listing)))
    {
      g_assert_true (g_utf8_validate (entry, -1, NULL));
      if (strstr (entry, ".dossier-save-") != NULL)
        n_temporaries++;
    }
  g_dir_close (listing);
  /* the old file's second name, to be FILE~, and the new version */
  g_assert_cmpuint (n_temporaries, ==, 2);
  _dossier_project_io_release_save ();
  iterate_until (&r.done);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  assert_file_holds (path, second);
  g_assert_cmpuint (count_other_files (dir, name->str, backup_name, NULL), ==, 0);
  dossier_test_remove_tree (dir);
}

/* A file system taking names of some 160 bytes: the file's name fits, its temporary names
 * cut at 200 bytes do not; the save makes them shorter and is done, backup and all. */
static void
test_file_system_with_short_names (void)
{
  g_autoptr(DossierProject) project = load_fixture (NULL);
  g_autoptr(DossierDocument) document =
    g_list_model_get_item (dossier_project_get_documents (project), 0);
  g_autofree char *dir = g_dir_make_tmp ("dossier-short-XXXXXX", NULL);
  g_autofree char *stem = g_strnfill (140, 'n');
  g_autofree char *name = g_strconcat (stem, ".dossier.json", NULL);
  g_autofree char *backup_name = g_strconcat (name, "~", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  _dossier_project_io_set_name_max (160);
  g_assert_true (dossier_project_save_file (project, file, &error));
  g_assert_no_error (error);
  first = snapshot (project);
  dossier_document_set_title (document, "Second title");
  second = snapshot (project);
  g_assert_true (dossier_project_save_file (project, file, &error));
  g_assert_no_error (error);
  _dossier_project_io_set_name_max (0);
  assert_file_holds (path, second);
  assert_file_holds (backup, first);
  g_assert_cmpuint (count_other_files (dir, name, backup_name, NULL), ==, 0);
  dossier_test_remove_tree (dir);
}

static void
save_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SaveResult *r = user_data;

  r->ok = dossier_project_save_file_finish (DOSSIER_PROJECT (object), result, &r->error);
  if (r->ok)
    g_object_set_data_full (object, "test-version",
                            dossier_project_save_file_dup_version (DOSSIER_PROJECT (object),
                                                                   result),
                            g_free);
  r->done = TRUE;
}

/* A save on condition of the version the file had: written while the file still has it (or is
 * gone), refused once someone saved the file since, even within the same tick of the clock;
 * the version the save hands back is the one the file then has. */
static void
test_save_if_version (void)
{
  g_autoptr(DossierProject) project = load_fixture (NULL);
  g_autoptr(DossierDocument) document =
    g_list_model_get_item (dossier_project_get_documents (project), 0);
  g_autofree char *dir = g_dir_make_tmp ("dossier-version-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.dossier.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *second_version = NULL;
  g_autofree char *written_version = NULL;
  SaveResult r = { 0 };
  struct stat st;
  struct timespec times[2];

  g_assert_null (dossier_project_query_file_version (file));
  g_assert_true (dossier_project_save_file (project, file, &error));
  first = dossier_project_query_file_version (file);
  g_assert_nonnull (first);
  g_assert_cmpint (stat (path, &st), ==, 0);
  /* in the same tick of a coarse clock (a vfat disk counts in 2 s): another file, another
   * version all the same */
  dossier_document_set_title (document, "Second title");
  g_assert_true (dossier_project_save_file (project, file, &error));
  times[0] = st.st_atim;
  times[1] = st.st_mtim;
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
  second = snapshot (project);
  second_version = dossier_project_query_file_version (file);
  g_assert_cmpstr (first, !=, second_version);

  dossier_document_set_title (document, "Third title");
  dossier_project_save_file_if_version_async (project, file, first, NULL, save_done_cb, &r);
  iterate_until (&r.done);
  g_assert_false (r.ok);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG);
  g_clear_error (&r.error);
  assert_file_holds (path, second);

  r.done = FALSE;
  dossier_project_save_file_if_version_async (project, file, second_version, NULL,
                                              save_written_cb, &r);
  iterate_until (&r.done);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  written_version = g_object_steal_data (G_OBJECT (project), "test-version");
  g_assert_true (dossier_project_file_is_at_version (file, written_version));
  g_assert_false (dossier_project_file_is_at_version (file, second_version));
  dossier_test_remove_tree (dir);
}

static void
load_version_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **version = user_data;
  g_autoptr(DossierProject) project = dossier_project_load_file_finish (result, NULL);

  g_assert_nonnull (project);
  *version = dossier_project_load_file_dup_version (result);
}

/* The version a load gives is that of the file it read, not of the file when its result is
 * taken: another program saving in between makes them differ, so a window that opened the
 * file asks before its save replaces that one. */
static void
test_load_version (void)
{
  g_auto(Saving) s = { 0 };
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autofree char *before = NULL;
  g_autofree char *loaded = NULL;
  g_autofree char *unchanged = NULL;
  gint64 deadline;

  saving_init (&s, "dossier-load-version-XXXXXX", "p.dossier.json");
  assert_saves (&s);
  before = dossier_project_query_file_version (s.file);
  g_assert_nonnull (before);

  /* a file left alone: the version read is the one on disk */
  g_main_context_push_thread_default (context);
  dossier_project_load_file_async (s.file, NULL, load_version_done, &unchanged);
  g_main_context_pop_thread_default (context);
  while (unchanged == NULL)
    g_main_context_iteration (context, TRUE);
  g_assert_true (dossier_project_file_is_at_version (s.file, unchanged));

  /* read, and saved by someone else before the result is taken */
  g_main_context_push_thread_default (context);
  dossier_project_load_file_async (s.file, NULL, load_version_done, &loaded);
  g_main_context_pop_thread_default (context);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!g_main_context_pending (context) && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_true (g_main_context_pending (context));
  dossier_document_set_title (s.document, "Saved elsewhere");
  assert_saves (&s);
  while (loaded == NULL)
    g_main_context_iteration (context, TRUE);
  g_assert_false (dossier_project_file_is_at_version (s.file, loaded));
}

/* Saves @s's project on condition that its file is still at @version; returns the version the
 * save leaves, or NULL with @s->error set when it is refused. */
static char *
save_if_version (Saving     *s,
                 const char *version)
{
  SaveResult r = { 0 };

  dossier_project_save_file_if_version_async (s->project, s->file, version, NULL,
                                              save_written_cb, &r);
  iterate_until (&r.done);
  g_assert_true (r.ok == (r.error == NULL));
  s->error = r.error;
  return r.ok ? g_object_steal_data (G_OBJECT (s->project), "test-version") : NULL;
}

/* On a file system whose inode numbers are not stable (vfat, FUSE, CIFS) a file nobody changed
 * may come back as another file with the same time stamp. A save on condition of the version
 * written or read here still writes over it when it holds the bytes written or read, and is
 * still refused when it holds others, even of the same size with the same time stamp. */
static void
test_save_if_version_on_unstable_inodes (void)
{
  g_auto(Saving) s = { 0 };
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autofree char *version = NULL;
  g_autofree char *second = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *loaded = NULL;
  g_autofree char *ours = NULL;

  saving_init (&s, "dossier-inode-XXXXXX", "p.dossier.json");
  version = save_if_version (&s, NULL);
  g_assert_nonnull (version);

  /* the same bytes as another file: written over without a question */
  ours = snapshot (s.project);
  dossier_test_replace_keeping_time (s.path, ours);
  dossier_document_set_title (s.document, "Second title");
  second = snapshot (s.project);
  {
    g_autofree char *first = g_steal_pointer (&version);

    version = save_if_version (&s, first);
  }
  g_assert_no_error (s.error);
  assert_file_holds (s.path, second);

  /* other bytes, as many, in the same tick of the clock: refused */
  theirs = dossier_test_change_one_letter (second, "Second title");
  dossier_test_replace_keeping_time (s.path, theirs);
  dossier_document_set_title (s.document, "Third title");
  g_assert_null (save_if_version (&s, version));
  g_assert_error (s.error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG);
  g_clear_error (&s.error);
  assert_file_holds (s.path, theirs);

  /* the version a load gives holds too: the file read comes back as another one */
  g_main_context_push_thread_default (context);
  dossier_project_load_file_async (s.file, NULL, load_version_done, &loaded);
  g_main_context_pop_thread_default (context);
  while (loaded == NULL)
    g_main_context_iteration (context, TRUE);
  dossier_test_replace_keeping_time (s.path, theirs);
  g_free (version);
  version = save_if_version (&s, loaded);
  g_assert_no_error (s.error);
  g_assert_nonnull (version);
  g_clear_pointer (&ours, g_free);
  ours = snapshot (s.project);
  assert_file_holds (s.path, ours);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/project-io/load", test_load_fixture);
  g_test_add_func ("/project-io/round-trip", test_round_trip);
  g_test_add_func ("/project-io/broken-files", test_broken_files);
  g_test_add_func ("/project-io/text-articles", test_text_articles);
  g_test_add_func ("/project-io/save-and-backup", test_save_and_backup);
  g_test_add_func ("/project-io/failed-save-keeps-old-file", test_failed_save_keeps_old_file);
  g_test_add_func ("/project-io/failed-backup-keeps-old-backup", test_failed_backup_keeps_old_backup);
  g_test_add_func ("/project-io/failed-save-keeps-old-backup", test_failed_save_keeps_old_backup);
  g_test_add_func ("/project-io/leftover-temporaries-removed", test_leftover_temporaries_removed);
  g_test_add_func ("/project-io/long-file-name", test_long_file_name);
  g_test_add_func ("/project-io/crashed-save-leaves-nothing-for-long",
                   test_crashed_save_leaves_nothing_for_long);
  g_test_add_func ("/project-io/new-ids", test_new_ids_are_unique);
  g_test_add_func ("/project-io/huge-ids", test_huge_ids_do_not_wrap);
  g_test_add_func ("/project-io/save-keeps-file-mode", test_save_keeps_file_mode);
  g_test_add_func ("/project-io/json-values", test_json_values_as_json_glib_reads_them);
  g_test_add_func ("/project-io/numbers-json-glib-writes-wrong", test_numbers_that_json_glib_writes_wrong);
  g_test_add_func ("/project-io/overlapping-saves-in-order", test_overlapping_saves_in_order);
  g_test_add_func ("/project-io/overtaken-save-is-dropped", test_overtaken_save_is_dropped);
  g_test_add_func ("/project-io/save-overtaken-by-another-project-fails",
                   test_save_overtaken_by_another_project_fails);
  g_test_add_func ("/project-io/save-into-deleted-folder", test_save_into_deleted_folder);
  g_test_add_func ("/project-io/read-only-file-refused", test_read_only_file_refused);
  g_test_add_func ("/project-io/save-through-link", test_save_through_link);
  g_test_add_func ("/project-io/read-only-folder", test_read_only_folder);
  g_test_add_func ("/project-io/save-where-chmod-is-refused", test_save_where_chmod_is_refused);
  g_test_add_func ("/project-io/long-multibyte-file-name", test_long_multibyte_file_name);
  g_test_add_func ("/project-io/file-system-with-short-names", test_file_system_with_short_names);
  g_test_add_func ("/project-io/save-if-version", test_save_if_version);
  g_test_add_func ("/project-io/load-version", test_load_version);
  g_test_add_func ("/project-io/save-if-version-on-unstable-inodes",
                   test_save_if_version_on_unstable_inodes);
  return g_test_run ();
}
