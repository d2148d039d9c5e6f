/* test-fuzz.c — broken and hostile input never crashes and never half-loads
 *
 * Deterministic mutation fuzzing (a fixed seed, so a failure reproduces):
 * project files with bytes flipped, cut, repeated; articles made of real news
 * text shuffled with quote marks, emoji, odd spaces and stray bytes. Run under
 * AddressSanitizer and UBSan in CI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dossier-apply-extraction.h"
#include "dossier-project-io.h"
#include "test-json-util.h"
#include "test-util.h"

static char *
mutate (GRand      *rand,
        const char *data,
        gsize       length,
        gsize      *out_length)
{
  GString *s = g_string_new_len (data, length);
  guint n = g_rand_int_range (rand, 1, 6);

  for (guint k = 0; k < n && s->len > 0; k++)
    {
      gsize at = g_rand_int_range (rand, 0, s->len);
      gsize want = g_rand_int_range (rand, 1, 64);
      gsize span = MIN (s->len - at, want);

      switch (g_rand_int_range (rand, 0, 6))
        {
        case 0: /* flip a byte */
          s->str[at] = (char)g_rand_int_range (rand, 0, 256);
          break;
        case 1: /* cut a range */
          g_string_erase (s, at, span);
          break;
        case 2: /* repeat a range */
          {
            g_autofree char *copy = g_strndup (s->str + at, span);
            g_string_insert (s, at, copy);
          }
          break;
        case 3: /* truncate */
          g_string_truncate (s, at);
          break;
        case 4: /* change a digit: offsets, versions */
          for (gsize i = at; i < s->len; i++)
            if (g_ascii_isdigit (s->str[i]))
              {
                s->str[i] = '0' + g_rand_int_range (rand, 0, 10);
                break;
              }
          break;
        default: /* insert JSON punctuation */
          {
            static const char *bits[] = { "{", "}", "[", "]", ",", ":", "\"", "null", "-1", "1e999", "\\u0000", "\xc3" };
            g_string_insert (s, at, bits[g_rand_int_range (rand, 0, G_N_ELEMENTS (bits))]);
          }
          break;
        }
    }
  *out_length = s->len;
  return g_string_free (s, FALSE);
}

/* Dossier reads project files with a JSON reader of its own: what json-glib's
 * parser refuses as JSON, it must refuse too. (The other way round it may be
 * stricter: json-glib's scanner also reads "\x", ".5", 0x10 and comments.) */
static void
check_json_verdict (const char   *data,
                    gsize         length,
                    const GError *error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) json_error = NULL;

  if (!g_utf8_validate (data, length, NULL))
    {
      g_assert_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_INVALID_UTF8);
      return;
    }
  if (!json_parser_load_from_data (parser, data, length, &json_error) && error == NULL)
    {
      g_autofree char *shown = g_strndup (data, MIN (length, 2000));
      g_error ("json-glib refuses (%s) what Dossier loads:\n%s", json_error->message, shown);
    }
  if (json_error == NULL && error != NULL && error->code == DOSSIER_PROJECT_ERROR_INVALID_JSON)
    g_test_message ("stricter than json-glib: %s", error->message);
}

static void
test_fuzz_project_files (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20250209);
  gsize length;
  g_autofree char *fixture = dossier_test_load_data ("peskov.dossier.json", &length);
  guint loaded = 0, refused = 0, compared = 0;

  for (guint i = 0; i < 4000; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierProject) project = NULL;
      gsize n;
      g_autofree char *data = mutate (rand, fixture, length, &n);

      project = dossier_project_new_from_data (data, n, &error);
      g_assert_true ((project == NULL) == (error != NULL));
      check_json_verdict (data, n, error);
      if (project == NULL)
        {
          g_assert_cmpstr (error->message, !=, "");
          refused++;
          continue;
        }
      loaded++;
      /* whatever loads, saves (as json-glib would write it) and loads again */
      if (assert_written_as_json_glib_would (project, FALSE))
        compared++;
      {
        g_autoptr(GBytes) bytes = dossier_project_to_bytes (project);
        g_autoptr(DossierProject) again = NULL;
        gsize m;
        const char *saved = g_bytes_get_data (bytes, &m);

        again = dossier_project_new_from_data (saved, m, &error);
        g_assert_no_error (error);
      }
    }
  g_test_message ("%u mutated files loaded (%u written as json-glib would), %u refused", loaded,
                  compared, refused);
  g_assert_cmpuint (compared, >, loaded / 2);
  g_assert_cmpuint (refused, >, 0);
  g_assert_cmpuint (loaded, >, 0);
}

static void
check_extraction (const char *text,
                  gsize       length)
{
  g_autoptr(DossierProject) project = NULL;
  g_autoptr(DossierDocument) document = NULL;
  g_autoptr(DossierExtraction) extraction = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(DossierProject) again = NULL;
  const DossierTokens *tokens;
  guint last_end = 0;
  gsize saved_length;
  const char *saved;

  project = dossier_project_new_from_text (text, length, "fuzz", "2025-02-09", &error);
  if (project == NULL)
    {
      /* only invalid UTF-8 is refused */
      g_assert_false (g_utf8_validate (text, length, NULL));
      return;
    }
  document = g_list_model_get_item (dossier_project_get_documents (project), 0);
  extraction = dossier_extract_document (document);

  tokens = extraction->tokens;
  for (guint i = 0; i < dossier_tokens_len (tokens); i++)
    {
      const DossierToken *t = dossier_tokens_get (tokens, i);
      g_assert_cmpuint (t->start, >=, last_end);
      g_assert_cmpuint (t->start, <, t->end);
      g_assert_cmpuint (t->byte_end, <=, tokens->n_bytes);
      last_end = t->end;
    }
  g_assert_cmpuint (tokens->n_chars, ==, dossier_document_get_n_chars (document));
  for (guint i = 0; i < extraction->annotations->len; i++)
    {
      const DossierExtractAnnotation *a = dossier_extraction_annotation (extraction, i);
      g_assert_cmpuint (a->start, <=, a->end);
      g_assert_cmpuint (a->end, <=, tokens->n_chars);
      g_assert_true (a->entity >= -1 && a->entity < (int)extraction->entities->len);
    }

  /* applied to the project, the result saves as a file that loads back */
  dossier_apply_extraction (project, document, extraction);
  assert_written_as_json_glib_would (project, TRUE);
  bytes = dossier_project_to_bytes (project);
  saved = g_bytes_get_data (bytes, &saved_length);
  again = dossier_project_new_from_data (saved, saved_length, &error);
  g_assert_no_error (error);
}

static void
test_fuzz_articles (void)
{
  static const char *noise[] = {
    "\"", "\xe2\x80\x9c", "\xe2\x80\x9d", "'", "\xe2\x80\x99", "\n", "\n\n", " ", "...", "--", "\xe2\x80\x94",
    "U.S.", "Jan.", "Mr.", "3 p.m.", "2025-02-09", "\xf0\x9f\x98\x80", "\xf0\x9f\x87\xb7\xf0\x9f\x87\xba",
    "\xc2\xa0", "\t", "(", ")", ":", ";", "said", "told", "on Sunday", "\xcc\x81", "\xef\xbb\xbf", "\xff",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  gsize length;
  g_autofree char *sample = dossier_test_load_shared ("samples/air-force-one.txt", &length);
  g_auto(GStrv) words = g_strsplit_set (sample, " \n", -1);
  guint n_words = g_strv_length (words);

  /* the whole sample cut at every kind of place, then shuffled text with noise */
  for (guint i = 0; i < 200; i++)
    {
      gsize cut = g_rand_int_range (rand, 0, length);
      check_extraction (sample, cut);                   /* may end inside a UTF-8 sequence */
      check_extraction (sample + cut, length - cut);
    }
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(GString) s = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 0, 400);

      for (guint k = 0; k < n; k++)
        {
          if (g_rand_int_range (rand, 0, 4) == 0)
            g_string_append (s, noise[g_rand_int_range (rand, 0, G_N_ELEMENTS (noise))]);
          else
            g_string_append (s, words[g_rand_int_range (rand, 0, n_words)]);
          if (g_rand_boolean (rand))
            g_string_append_c (s, ' ');
        }
      check_extraction (s->str, s->len);
    }
  check_extraction ("", 0);
  check_extraction ("\"", 1);
  check_extraction ("\xe2\x80\x9c\xe2\x80\x9c\xe2\x80\x9c", 9);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fuzz/project-files", test_fuzz_project_files);
  g_test_add_func ("/fuzz/articles", test_fuzz_articles);
  return g_test_run ();
}
