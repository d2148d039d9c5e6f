/* test-pdnc.c — the PDNC readers on real rows, and speakers on a novel
 *
 * The novels are read from ../shared/data/quotes/pdnc (not copied into the
 * project); the tests that need them skip when they are absent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dossier-eval-speakers.h"
#include "dossier-pdnc.h"
#include "test-util.h"

#define PRIDE "quotes/pdnc/PrideAndPrejudice"

static gboolean
have_novel (const char *relative)
{
  g_autofree char *path = dossier_test_shared_path (relative);
  g_autofree char *csv = g_build_filename (path, "quotation_info.csv", NULL);

  if (g_file_test (csv, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  g_test_skip ("no PDNC novels under ../shared/data/quotes/pdnc");
  return FALSE;
}

static char *
strip_copy (const char *s,
            gsize       length)
{
  return g_strstrip (g_strndup (s, length));
}

/* Quoted fields with commas, newlines and "" on the real file: every piece
 * of every row must be the novel's text at its span, and the quotation's
 * text the pieces joined by spaces. */
static void
test_csv_real_rows (void)
{
  g_autofree char *csv = NULL;
  g_autofree char *novel = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  gsize csv_length = 0, novel_length = 0;
  guint n_pieces = 0, n_exact = 0, n_multiline = 0, n_with_quote_mark = 0;
  char **header;

  if (!have_novel (PRIDE))
    return;
  csv = dossier_test_load_shared (PRIDE "/quotation_info.csv", &csv_length);
  novel = dossier_test_load_shared (PRIDE "/novel_text.txt", &novel_length);

  records = dossier_pdnc_csv_parse (csv, csv_length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (records);
  header = g_ptr_array_index (records, 0);
  g_assert_cmpuint (g_strv_length (header), ==, 11);
  g_assert_cmpstr (header[0], ==, "quoteID");
  g_assert_cmpstr (header[2], ==, "subQuotationList");
  g_assert_cmpstr (header[3], ==, "quoteByteSpans");
  g_assert_cmpstr (header[10], ==, "mentionEntitiesList");
  /* the README's count of quotations */
  g_assert_cmpuint (records->len - 1, ==, 1270);

  for (guint r = 1; r < records->len; r++)
    {
      char **row = g_ptr_array_index (records, r);
      g_autofree char *id = g_strdup_printf ("Q%u", r - 1);
      g_autoptr(DossierPyValue) pieces = NULL;
      g_autoptr(DossierPyValue) spans = NULL;
      g_autoptr(GString) joined = g_string_new (NULL);

      g_assert_cmpuint (g_strv_length (row), ==, 11);
      g_assert_cmpstr (row[0], ==, id);
      pieces = dossier_py_value_parse (row[2], &error);
      g_assert_no_error (error);
      spans = dossier_py_value_parse (row[3], &error);
      g_assert_no_error (error);
      g_assert_cmpint (pieces->kind, ==, DOSSIER_PY_LIST);
      g_assert_cmpint (spans->kind, ==, DOSSIER_PY_LIST);
      g_assert_cmpuint (pieces->items->len, ==, spans->items->len);
      if (strchr (row[1], '\n') != NULL)
        n_multiline++;
      if (strchr (row[2], '"') != NULL)
        n_with_quote_mark++;

      for (guint k = 0; k < pieces->items->len; k++)
        {
          const DossierPyValue *piece = g_ptr_array_index (pieces->items, k);
          const DossierPyValue *span = g_ptr_array_index (spans->items, k);
          const DossierPyValue *start, *end;
          g_autofree char *at_span = NULL;
          g_autofree char *piece_stripped = NULL;

          g_assert_cmpint (piece->kind, ==, DOSSIER_PY_STRING);
          g_assert_cmpint (span->kind, ==, DOSSIER_PY_LIST);
          g_assert_cmpuint (span->items->len, ==, 2);
          start = g_ptr_array_index (span->items, 0);
          end = g_ptr_array_index (span->items, 1);
          g_assert_cmpint (start->kind, ==, DOSSIER_PY_INT);
          g_assert_cmpint (end->kind, ==, DOSSIER_PY_INT);
          g_assert_cmpint (start->integer, <=, end->integer);
          g_assert_cmpint (end->integer, <=, (gint64)novel_length);

          n_pieces++;
          if ((gint64)strlen (piece->string) == end->integer - start->integer &&
              memcmp (novel + start->integer, piece->string, strlen (piece->string)) == 0)
            n_exact++;
          at_span = strip_copy (novel + start->integer, end->integer - start->integer);
          piece_stripped = strip_copy (piece->string, strlen (piece->string));
          g_assert_cmpstr (at_span, ==, piece_stripped);

          if (k > 0)
            g_string_append_c (joined, ' ');
          g_string_append (joined, piece->string);
        }
      g_assert_cmpstr (joined->str, ==, row[1]);
    }
  /* the readers met what they are for: line breaks inside quoted fields,
   * double quotation marks inside Python strings */
  g_assert_cmpuint (n_multiline, >, 100);
  g_assert_cmpuint (n_with_quote_mark, >, 10);
  /* four pieces of this file are off by a space at one end (checked with
   * Python's csv and ast modules); the README says none */
  g_assert_cmpuint (n_exact + 4, >=, n_pieces);
  g_test_message ("%u pieces, %u exactly at their span", n_pieces, n_exact);
}

static void
test_csv_syntax (void)
{
  static const char csv[] =
    "a,b,c\r\n"
    "\"x, y\",\"say \"\"hi\"\"\nthere\",\r\n"
    "plain,,\"\"\n"
    "last,row,no-newline";
  static const char * const bad[] = { "\"open\n", "\"closed\"x,y\n", "a\"b,c\n", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = dossier_pdnc_csv_parse (csv, strlen (csv), &error);
  char **row;

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 4);
  row = g_ptr_array_index (records, 1);
  g_assert_cmpuint (g_strv_length (row), ==, 3);
  g_assert_cmpstr (row[0], ==, "x, y");
  g_assert_cmpstr (row[1], ==, "say \"hi\"\nthere");
  g_assert_cmpstr (row[2], ==, "");
  row = g_ptr_array_index (records, 2);
  g_assert_cmpuint (g_strv_length (row), ==, 3);
  g_assert_cmpstr (row[1], ==, "");
  g_assert_cmpstr (row[2], ==, "");
  row = g_ptr_array_index (records, 3);
  g_assert_cmpstr (row[2], ==, "no-newline");

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) none = dossier_pdnc_csv_parse (bad[i], strlen (bad[i]), &error);
      g_assert_null (none);
      g_assert_error (error, DOSSIER_PDNC_ERROR, DOSSIER_PDNC_ERROR_CSV);
      g_clear_error (&error);
    }
}

static void
test_python_literals (void)
{
  static const char * const bad[] = {
    "['open", "[1, 2", "[1 2]", "1.5", "['a'] x", "", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierPyValue) v = NULL;
  const DossierPyValue *item;

  v = dossier_py_value_parse ("[\"Mr. Collins' Father\", 'it\\'s', 'a\\nb', u'\\x41\\\\']", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (v->items->len, ==, 4);
  g_assert_cmpstr (((DossierPyValue *)g_ptr_array_index (v->items, 0))->string, ==,
                   "Mr. Collins' Father");
  g_assert_cmpstr (((DossierPyValue *)g_ptr_array_index (v->items, 1))->string, ==, "it's");
  g_assert_cmpstr (((DossierPyValue *)g_ptr_array_index (v->items, 2))->string, ==, "a\nb");
  g_assert_cmpstr (((DossierPyValue *)g_ptr_array_index (v->items, 3))->string, ==, "A\\");
  g_clear_pointer (&v, dossier_py_value_free);

  v = dossier_py_value_parse (" {'Jane', 'Miss Bennet',} ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (v->kind, ==, DOSSIER_PY_LIST);
  g_assert_cmpuint (v->items->len, ==, 2);
  g_clear_pointer (&v, dossier_py_value_free);

  v = dossier_py_value_parse ("[[[395, 413], [-3, 10]], [], (None, nan)]", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (v->items->len, ==, 3);
  item = g_ptr_array_index (((DossierPyValue *)g_ptr_array_index (v->items, 0))->items, 1);
  g_assert_cmpint (((DossierPyValue *)g_ptr_array_index (item->items, 0))->integer, ==, -3);
  item = g_ptr_array_index (v->items, 2);
  item = g_ptr_array_index (item->items, 1);
  g_assert_cmpint (item->kind, ==, DOSSIER_PY_NONE);

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(DossierPyValue) none = dossier_py_value_parse (bad[i], &error);
      g_assert_null (none);
      g_assert_error (error, DOSSIER_PDNC_ERROR, DOSSIER_PDNC_ERROR_LITERAL);
      g_clear_error (&error);
    }
}

/* The loader on the novel: counts from the README, characters with aliases. */
static void
test_novel (void)
{
  g_autofree char *folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierPdncNovel) novel = NULL;
  guint n_types[DOSSIER_PDNC_N_TYPES] = { 0 };
  gboolean elizabeth = FALSE;

  if (!have_novel (PRIDE))
    return;
  folder = dossier_test_shared_path (PRIDE);
  novel = dossier_pdnc_novel_load (folder, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (novel->name, ==, "PrideAndPrejudice");
  g_assert_cmpuint (novel->quotations->len, ==, 1270);
  g_assert_cmpuint (novel->characters->len, ==, 74);
  for (guint i = 0; i < novel->quotations->len; i++)
    n_types[g_array_index (novel->quotations, DossierPdncQuotation, i).type]++;
  g_assert_cmpuint (n_types[DOSSIER_PDNC_EXPLICIT], ==, 327);
  g_assert_cmpuint (n_types[DOSSIER_PDNC_ANAPHORIC], ==, 306);
  g_assert_cmpuint (n_types[DOSSIER_PDNC_IMPLICIT], ==, 637);
  g_assert_cmpuint (n_types[DOSSIER_PDNC_OTHER], ==, 0);
  for (guint i = 0; i < novel->characters->len; i++)
    {
      const DossierPdncCharacter *c = &g_array_index (novel->characters, DossierPdncCharacter, i);
      if (strcmp (c->main_name, "Elizabeth") == 0)
        {
          elizabeth = TRUE;
          g_assert_true (g_strv_contains ((const char * const *)c->aliases, "Lizzy"));
          g_assert_cmpint (c->gender, ==, 'F');
        }
    }
  g_assert_true (elizabeth);
}

/* The whole pipeline over the novel, scored as `dossier eval-speakers` does.
 * Floors a little under the measured numbers: a change that loses quotes
 * or speakers fails here. */
static void
test_speakers_floor (void)
{
  g_autofree char *folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierPdncNovel) novel = NULL;
  g_autoptr(DossierExtraction) ex = NULL;
  DossierSpeakerScores s;
  const DossierSpeakerCounts *explicit;

  if (!have_novel (PRIDE))
    return;
  folder = dossier_test_shared_path (PRIDE);
  novel = dossier_pdnc_novel_load (folder, &error);
  g_assert_no_error (error);
  ex = dossier_extraction_new (novel->text, novel->length, NULL);
  dossier_extraction_run (ex);
  dossier_eval_speakers_score (novel, ex, &s, NULL);
  explicit = &s.by_type[DOSSIER_PDNC_EXPLICIT];

  g_test_message ("found %u of %u, attributed %u, right %u; explicit: found %u of %u, right %u",
                  s.all.found, s.all.gold, s.all.attributed, s.all.right,
                  explicit->found, explicit->gold, explicit->right);
  g_assert_cmpuint (s.all.gold, ==, 1270);
  /* measured: 97.7% found (Austen marks every quotation), 87.4% right of
   * attributed, 71.6% of the explicit quotations right */
  g_assert_cmpuint (s.all.found * 100, >=, s.all.gold * 93);
  g_assert_cmpuint (s.all.right * 100, >=, s.all.attributed * 80);
  g_assert_cmpuint (explicit->right * 100, >=, explicit->gold * 63);
  /* nearly all our quotes with quotation marks are gold quotations (4.2%
   * are not: quoted words in the narration) */
  g_assert_cmpuint (s.system_outside * 100, <=, s.system_quotes * 8);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pdnc/csv-real-rows", test_csv_real_rows);
  g_test_add_func ("/pdnc/csv-syntax", test_csv_syntax);
  g_test_add_func ("/pdnc/python-literals", test_python_literals);
  g_test_add_func ("/pdnc/novel", test_novel);
  g_test_add_func ("/pdnc/speakers-floor", test_speakers_floor);
  return g_test_run ();
}
