/* test-fuzz-timex.c — the date tagger on broken and hostile input
 *
 * Deterministic fuzzing (fixed seeds, so a failure reproduces): TimeML
 * documents from ../shared/data with bytes flipped, cut and repeated; soups
 * of date words, numbers and odd Unicode; mutated expressions through the
 * normaliser; random strings through the value functions. Nothing may crash
 * (CI runs this suite under ASan/UBSan), every value written must pass
 * dossier_timex_value_is_valid(), every span must lie inside the text on
 * character boundaries, and a tagged TimeML document must keep its text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dossier-commands.h"
#include "dossier-extraction.h"
#include "dossier-stages.h"
#include "dossier-timex-timeml.h"
#include "dossier-timex.h"
#include "test-util.h"

/* References: ordinary days, year and leap-day edges, the ends of the range
 * a four-digit year allows, and strings that are not dates at all. */
static const char *const references[] = {
  "2025-02-09", "1989-10-27", "2000-02-29", "2024-12-31", "2026-01-01", "2021-01-03",
  "0001-01-01", "0000-02-29", "9999-12-31", "1000-01-01", "2100-03-01",
  "2025-02-30", "2025-13-01", "20250209", "2025-2-9", "garbage", "", "2025-02-09T10:00",
  "-001-01-01", "9999-99-99",
};

static const char *
pick_reference (GRand *rand)
{
  guint k = g_rand_int_range (rand, 0, G_N_ELEMENTS (references) + 1);

  return k == G_N_ELEMENTS (references) ? NULL : references[k];
}

/* Byte mutations: flip, cut, repeat, truncate, a changed digit, a piece of
 * markup or an odd byte sequence inserted. */
static char *
mutate (GRand      *rand,
        const char *data,
        gsize       length,
        guint       max_edits,
        gsize      *out_length)
{
  static const char *const bits[] = {
    "<", ">", "</", "/>", "<TEXT>", "</TEXT>", "<TIMEX3 tid=\"t9\" type=\"DATE\" value=\"", "</TIMEX3>",
    "<EVENT eid=\"e1\">", "</EVENT>", "&amp;", "&lt;", "&#x0;", "&", "\"", "'", "<!--", "-->",
    "<![CDATA[", "]]>", "\xc3", "\xe2\x80", "\xff", "\xf0\x9f\x98", "\0",
    "functionInDocument=\"CREATION_TIME\"", "value=\"9999-99-99\"",
  };
  GString *s = g_string_new_len (data, length);
  guint n = g_rand_int_range (rand, 1, max_edits + 1);

  for (guint k = 0; k < n && s->len > 0; k++)
    {
      gsize at = g_rand_int_range (rand, 0, s->len);
      gsize want = g_rand_int_range (rand, 1, 80);
      gsize span = MIN (s->len - at, want);

      switch (g_rand_int_range (rand, 0, 6))
        {
        case 0:
          s->str[at] = (char) g_rand_int_range (rand, 0, 256);
          break;
        case 1:
          g_string_erase (s, at, span);
          break;
        case 2:
          {
            g_autofree char *copy = g_strndup (s->str + at, span);
            g_string_insert_len (s, at, copy, strlen (copy));
          }
          break;
        case 3:
          if (g_rand_int_range (rand, 0, 4) == 0)
            g_string_truncate (s, at);
          break;
        case 4:
          for (gsize i = at; i < s->len; i++)
            if (g_ascii_isdigit (s->str[i]))
              {
                s->str[i] = '0' + g_rand_int_range (rand, 0, 10);
                break;
              }
          break;
        default:
          {
            const char *bit = bits[g_rand_int_range (rand, 0, G_N_ELEMENTS (bits))];
            g_string_insert_len (s, at, bit, bit[0] ? (gssize) strlen (bit) : 1);
          }
          break;
        }
    }
  *out_length = s->len;
  return g_string_free (s, FALSE);
}

/* Every expression found in @text lies inside it, on character boundaries,
 * with a valid value and type. */
static void
check_found (const char   *text,
             gsize         length,
             const GArray *found)
{
  glong n_chars = g_utf8_strlen (text, length);
  guint last_end = 0;

  for (guint i = 0; i < found->len; i++)
    {
      const DossierTimex *x = &g_array_index (found, DossierTimex, i);

      g_assert_cmpuint (x->byte_start, <, x->byte_end);
      g_assert_cmpuint (x->byte_end, <=, length);
      g_assert_cmpuint (x->byte_start, >=, last_end);
      g_assert_cmpuint (x->start, <, x->end);
      g_assert_cmpuint (x->end, <=, (guint) n_chars);
      g_assert_cmpuint ((guint) g_utf8_pointer_to_offset (text, text + x->byte_start), ==, x->start);
      g_assert_cmpuint ((guint) g_utf8_pointer_to_offset (text, text + x->byte_end), ==, x->end);
      g_assert_true (x->n_tokens > 0);
      g_assert_true (x->type <= DOSSIER_TIMEX_SET);
      if (!dossier_timex_value_is_valid (x->value))
        g_error ("invalid value \"%s\" for \"%.*s\"", x->value, (int) (x->byte_end - x->byte_start),
                 text + x->byte_start);
      g_assert_true (strlen (x->mod) < DOSSIER_TIMEX_MOD_MAX);
      last_end = x->byte_end;
    }
}

/* The plain text of a TimeML document's <TEXT>, or NULL when it has none or
 * does not parse. */
static char *
timeml_plain (const char *contents,
              gsize       length,
              gsize      *plain_length)
{
  g_autoptr(GString) plain = g_string_new (NULL);
  g_autoptr(GArray) timexes = g_array_new (FALSE, TRUE, sizeof (DossierTimexGold));
  gsize start, end;

  if (!_dossier_timeml_find_text (contents, length, &start, &end))
    return NULL;
  if (!_dossier_timeml_strip (contents, start, end, plain, NULL, timexes, NULL))
    return NULL;
  *plain_length = plain->len;
  return g_string_free (g_steal_pointer (&plain), FALSE);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
load_timeml_samples (void)
{
  static const char *const dirs[] = { "timeml/TBAQ-cleaned/TimeBank", "timeml/TBAQ-cleaned/AQUAINT" };
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *path = dossier_test_shared_path (dirs[d]);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        continue;
      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, ".tml"))
          g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, compare_names);
      /* every 16th document, in name order: the same sample on every machine */
      for (guint i = 0; i < names->len; i += 16)
        {
          g_autofree char *file = g_build_filename (path, g_ptr_array_index (names, i), NULL);
          char *contents = NULL;

          if (g_file_get_contents (file, &contents, NULL, NULL))
            g_ptr_array_add (files, contents);
        }
    }
  return files;
}

static void
test_fuzz_timeml (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20250209);
  g_autoptr(GPtrArray) files = load_timeml_samples ();
  guint tagged = 0, refused = 0;

  if (files->len == 0)
    {
      g_test_skip ("no TimeML documents under ../shared/data/timeml");
      return;
    }
  for (guint i = 0; i < 2000; i++)
    {
      const char *original = g_ptr_array_index (files, g_rand_int_range (rand, 0, files->len));
      gsize length, plain_length = 0, out_plain_length = 0;
      g_autofree char *doc = i < files->len ? g_strdup (original) : NULL;
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *plain = NULL;
      g_autofree char *out_plain = NULL;
      const char *published = g_rand_int_range (rand, 0, 4) == 0 ? pick_reference (rand) : NULL;

      if (doc != NULL)
        length = strlen (doc);
      else
        doc = mutate (rand, original, strlen (original), 6, &length);

      if (!dossier_timeml_tag (doc, length, published, out, &error))
        {
          g_assert_nonnull (error);
          refused++;
          continue;
        }
      g_assert_no_error (error);
      tagged++;
      g_assert_true (g_utf8_validate (out->str, out->len, NULL));

      /* what the tagger read, found again: every value valid, every span inside */
      plain = timeml_plain (doc, length, &plain_length);
      if (plain != NULL)
        {
          g_autofree char *dct = published ? g_strdup (published) : _dossier_timeml_creation_time (doc, length);
          char reference[11] = { 0 };
          g_autoptr(GArray) found = NULL;

          if (dct != NULL && strlen (dct) >= 10)
            memcpy (reference, dct, 10);
          found = dossier_timex_find_in_text (plain, plain_length, reference[0] ? reference : NULL);
          check_found (plain, plain_length, found);
        }

      /* the tagged document reads back to the same text */
      out_plain = timeml_plain (out->str, out->len, &out_plain_length);
      if (plain != NULL)
        {
          g_assert_nonnull (out_plain);
          g_assert_cmpuint (out_plain_length, ==, plain_length);
          g_assert_true (memcmp (out_plain, plain, plain_length) == 0);
        }
    }
  g_test_message ("%u documents tagged, %u refused", tagged, refused);
  g_assert_cmpuint (tagged, >, 0);
}

/* Words a date tagger looks at, and things around them. */
static const char *const soup_words[] = {
  "January", "Jan.", "Jan", "Feb.", "Sept.", "May", "March", "December", "Monday", "Tuesday",
  "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Fridays", "today", "yesterday",
  "tomorrow", "tonight", "now", "currently", "recently", "soon", "the", "a", "an", "of", "in",
  "on", "at", "by", "until", "since", "from", "to", "or", "and", "so", "this", "last", "next",
  "past", "coming", "previous", "following", "same", "that", "these", "early", "late", "mid",
  "mid-", "earlier", "later", "end", "beginning", "middle", "year", "years", "month", "months",
  "week", "weeks", "weekend", "day", "days", "night", "nights", "hour", "hours", "minute",
  "second", "quarter", "quarters", "half", "decade", "decades", "century", "centuries",
  "millennium", "fiscal", "ago", "earlier", "later", "hence", "before", "after", "every", "each",
  "per", "daily", "weekly", "annually", "morning", "afternoon", "evening", "noon", "midnight",
  "overnight", "a.m.", "p.m.", "am", "pm", "ET", "EST", "GMT", "local", "time", "o'clock",
  "Christmas", "Easter", "Thanksgiving", "New", "Year", "'s", "\xe2\x80\x99s", "Day", "Eve",
  "Labor", "Independence", "Q1", "Q4", "H2", "FY2025", "FY89", "1990s", "'80s", "the '", "80s",
  "nineteen", "ninety", "ninety-six", "two", "thousand", "hundred", "twenty-first", "first",
  "third", "20th", "1st", "31st", "few", "several", "couple", "dozen", "about", "nearly",
  "more", "than", "less", "at", "least", "most", "up", "no", "over", "under", "some",
  "year-end", "year-earlier", "year-ago", "third-quarter", "two-year", "18-month-long",
  "52-year-old", "said", "will", "would", "was", "were", "is", "has", "had", "planned",
  "expected", "to", "as", "possible", "these", "future", "present", "current", ",", ".", ";",
  ":", "-", "--", "\xe2\x80\x94", "\xe2\x80\x93", "(", ")", "\"", "``", "''", "?", "!", "$", "%",
  "#", "/", "\n", "\n\n", "\t", "\xc2\xa0", "\xe2\x80\x8b", "\xe2\x80\x8d", "\xef\xbb\xbf",
  "\xf0\x9f\x93\x85", "\xf0\x9f\x87\xba\xf0\x9f\x87\xb8", "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d",
  "\xe2\x80\xae", "e\xcc\x81", "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x95", "\xef\xbf\xbd",
  "\xe5\xb9\xb4", "Ma\xcc\x88rz", "janvier", "JANUARY", "FRIDAY", "friday", "2025-02-09",
  "2025-02-30", "1989-13-45", "2/9/2025", "11/02/89", "99/99/99", "10:30", "24:00", "25:61",
  "10am", "10:30pm", "13pm", "3", "20", "31", "32", "0", "00", "1988", "2025", "9999", "10000",
  "1000", "2199", "0001", "-5", "1/2", "2 1/2", "99999999999999999999", "4294967296",
  "2147483648", "12345678901234567890123456789012345678901234567890",
};

static char *
token_soup (GRand *rand,
            gsize *length)
{
  GString *s = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 1, 120);

  for (guint i = 0; i < n; i++)
    {
      switch (g_rand_int_range (rand, 0, 10))
        {
        case 0:
          g_string_append_printf (s, "%d", g_rand_int_range (rand, -100, 100000));
          break;
        case 1:
          g_string_append_printf (s, "%d", g_rand_int_range (rand, 1, 32));
          break;
        case 2:
          g_string_append_printf (s, "%04d", g_rand_int_range (rand, 0, 10000));
          break;
        default:
          g_string_append (s, soup_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (soup_words))]);
          break;
        }
      if (g_rand_int_range (rand, 0, 5) != 0)
        g_string_append_c (s, ' ');
    }
  *length = s->len;
  return g_string_free (s, FALSE);
}

static void
test_fuzz_soup (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (19891027);
  guint expressions = 0;

  for (guint i = 0; i < 5000; i++)
    {
      gsize length;
      g_autofree char *text = token_soup (rand, &length);
      const char *reference = pick_reference (rand);
      g_autoptr(GArray) found = NULL;

      g_assert_true (g_utf8_validate (text, length, NULL));
      found = dossier_timex_find_in_text (text, length, reference);
      check_found (text, length, found);
      expressions += found->len;

      /* a dateline, and the clause tense anywhere */
      {
        g_autoptr(DossierTokens) tokens = dossier_tokens_new (text, length);
        g_autofree char *dateline = NULL;
        guint n;

        dossier_tokenize (tokens);
        dateline = dossier_timex_find_dateline (tokens);
        if (dateline != NULL)
          g_assert_true (dossier_timex_value_is_valid (dateline));
        n = dossier_tokens_len (tokens);
        if (n > 0)
          {
            guint first = g_rand_int_range (rand, 0, n);
            guint len = g_rand_int_range (rand, 0, n - first + 1);
            DossierTimexTense tense = dossier_timex_tense_at (tokens, first, len);

            g_assert_true (tense <= DOSSIER_TIMEX_TENSE_FUTURE);
          }
      }

      /* the dates and timeline stages over the same text */
      if (i % 4 == 0)
        {
          g_autoptr(DossierExtraction) extraction =
            dossier_extraction_new (text, length, reference && strlen (reference) == 10 ? reference : NULL);

          dossier_dates_stage_run (extraction);
          dossier_timeline_stage_run (extraction);
          for (guint k = 0; k < extraction->annotations->len; k++)
            {
              const DossierExtractAnnotation *a = dossier_extraction_annotation (extraction, k);

              if (a->value != NULL)
                g_assert_true (dossier_timex_value_is_valid (a->value));
            }
          for (guint k = 0; k < extraction->events->len; k++)
            {
              const DossierExtractEvent *e = &g_array_index (extraction->events, DossierExtractEvent, k);

              g_assert_true (e->date == NULL || dossier_timex_value_is_valid (e->date));
            }
        }
    }
  g_test_message ("%u expressions found", expressions);
  g_assert_cmpuint (expressions, >, 1000);
}

static const char *const expressions[] = {
  "Friday", "on Friday", "last Friday", "Friday night", "January 20", "Jan. 20, 2025",
  "20 January 2025", "early 2022", "earlier this month", "late last year", "mid-March",
  "the 1990s", "the '80s", "the 20th century", "two years ago", "a year earlier",
  "the third quarter", "the fourth quarter of 1989", "the first half of next year", "Q1 2025",
  "FY2025", "3 p.m. ET", "10:30 a.m. ET Friday", "noon Saturday", "midnight", "three years",
  "more than two hours", "a year and a half", "2 1/2 years", "every week", "each Thursday",
  "annually", "now", "recently", "the future", "the coming days", "these days", "soon",
  "Christmas", "Easter", "Thanksgiving Day", "New Year's Day", "year-end", "the end of the year",
  "the week", "this weekend", "last fall", "the winter of 1994", "nineteen ninety-six",
  "the year two thousand", "2025-02-09", "2/9/2025", "the following year", "that day",
  "later that year", "the day before yesterday", "tonight", "this morning", "until Friday",
  "since 1990", "by Monday", "in 1998",
};

static void
test_fuzz_normalise (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20000229);
  guint read = 0;

  for (guint i = 0; i < 6000; i++)
    {
      const char *base = expressions[g_rand_int_range (rand, 0, G_N_ELEMENTS (expressions))];
      g_autofree char *text = NULL;
      g_autofree char *value = NULL;
      g_autofree char *mod = NULL;
      gsize length;
      int type = g_rand_int_range (rand, -1, 4);
      DossierTimexTense tense = g_rand_int_range (rand, 0, 4);

      switch (i % 3)
        {
        case 0:
          text = g_strdup (base);
          break;
        case 1:
          text = mutate (rand, base, strlen (base), 3, &length);
          break;
        default:
          text = token_soup (rand, &length);
          break;
        }
      /* the normaliser takes a C string of valid UTF-8 */
      if (!g_utf8_validate (text, -1, NULL))
        {
          g_autofree char *valid = g_utf8_make_valid (text, -1);
          g_free (text);
          text = g_steal_pointer (&valid);
        }
      if (dossier_timex_normalise (text, type, pick_reference (rand), tense, &value, &mod))
        {
          read++;
          g_assert_nonnull (value);
          if (!dossier_timex_value_is_valid (value))
            g_error ("invalid value \"%s\" for \"%s\"", value, text);
          g_assert_true (mod == NULL || mod[0] != '\0');
        }
    }
  g_test_message ("%u expressions read", read);
  g_assert_cmpuint (read, >, 1000);
}

static const char *const values[] = {
  "2025-02-09", "2025-02", "2025", "202", "20", "2", "2025-W06", "2025-W06-WE", "2025-W06-7",
  "2025-Q1", "2025-H2", "2025-SU", "2025-FA", "2025-02-09T15:00", "2025-02-09T15:00:30",
  "2025-02-09TMO", "2025-02-09TNI", "T15:00", "XXXX-01-20", "XXXX-WXX-5", "XXXX-XX-XXT12:00",
  "199X", "19XX", "1988-QX", "P3Y", "P18M", "PT2H", "PT30M", "P1Y6M", "PXD", "PXY", "P2L",
  "P1DE", "PTXM", "PRESENT_REF", "PAST_REF", "FUTURE_REF", "2024-02-29", "2025-02-29",
  "0000-01-01", "9999-12-31", "2025-W53", "2026-W53", "2025-13", "P", "PT", "T", "X", "",
};

static char *
random_value (GRand *rand)
{
  static const char alphabet[] = "0123456789X-WQHTSUFAIPMODYEVNRL_:.+ ";
  GString *s;
  guint n;

  if (g_rand_int_range (rand, 0, 3) == 0)
    {
      const char *base = values[g_rand_int_range (rand, 0, G_N_ELEMENTS (values))];
      gsize length;
      char *mutated = mutate (rand, base, strlen (base), 2, &length);

      /* a C string: cut at an inserted NUL */
      return mutated;
    }
  if (g_rand_int_range (rand, 0, 3) == 0)
    return g_strdup (values[g_rand_int_range (rand, 0, G_N_ELEMENTS (values))]);
  s = g_string_new (NULL);
  n = g_rand_int_range (rand, 0, 24);
  for (guint i = 0; i < n; i++)
    g_string_append_c (s, alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)]);
  return g_string_free (s, FALSE);
}

static int
sign (int x)
{
  return (x > 0) - (x < 0);
}

static void
test_fuzz_values (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);
  static const char *const mods[] = {
    NULL, "", "START", "MID", "END", "APPROX", "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER",
    "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE", "NOPE", "start",
  };
  guint valid = 0;

  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *a = random_value (rand);
      g_autofree char *b = random_value (rand);
      g_autofree char *text = dossier_timex_value_describe (a, mods[g_rand_int_range (rand, 0, G_N_ELEMENTS (mods))]);

      valid += dossier_timex_value_is_valid (a);
      g_assert_nonnull (text);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_cmpint (dossier_timex_value_compare (a, a), ==, 0);
      g_assert_cmpint (sign (dossier_timex_value_compare (a, b)), ==, -sign (dossier_timex_value_compare (b, a)));
    }
  g_test_message ("%u valid values", valid);
  g_assert_cmpuint (valid, >, 100);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fuzz-timex/timeml", test_fuzz_timeml);
  g_test_add_func ("/fuzz-timex/soup", test_fuzz_soup);
  g_test_add_func ("/fuzz-timex/normalise", test_fuzz_normalise);
  g_test_add_func ("/fuzz-timex/values", test_fuzz_values);

  return g_test_run ();
}
