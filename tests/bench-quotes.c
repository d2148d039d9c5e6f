/* bench-quotes.c — speed of the people and quotes stages (meson benchmark)
 *
 * Two 10,000-word articles: copies of the sample article, with the sample's
 * people marked as the entity tagger would; and real news, PolNeAR
 * development articles one after another, with the entity tagger's own
 * mentions (tagged before the clock starts). Prints figures; asserts
 * nothing about speed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-quotes"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dossier-extraction.h"
#include "dossier-stages.h"
#include "test-quote-util.h"
#include "test-util.h"


static void
add_mentions (DossierExtraction *ex)
{
  g_autofree guint8 *taken = g_new0 (guint8, strlen (ex->text) + 1);

  for (guint n = 0; sample_people[n] != NULL; n++)
    {
      gsize len = strlen (sample_people[n]);
      const char *p = ex->text;

      while ((p = strstr (p, sample_people[n])) != NULL)
        {
          gsize b = p - ex->text;
          if (!taken[b] && !taken[b + len - 1])
            {
              guint start = g_utf8_pointer_to_offset (ex->text, p);
              memset (taken + b, 1, len);
              dossier_extraction_add_annotation (ex, "PERSON", start, start + g_utf8_strlen (sample_people[n], len), 1.0);
            }
          p += len;
        }
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static guint
count_words (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \n", -1);
  guint n = 0;

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      n++;
  return n;
}

/* Runs the people and quotes stages @rounds times on @article; @tag_entities
 * chooses the entity tagger's mentions over the sample's list of names. */
static void
measure (const char *what,
         GString    *article,
         guint       n_words,
         gboolean    tag_entities)
{
  const guint rounds = 50;
  double best = G_MAXDOUBLE, total = 0, first = 0;
  guint n_quotes = 0, n_entities = 0;

  for (guint r = 0; r < rounds; r++)
    {
      g_autoptr(DossierExtraction) ex = dossier_extraction_new (article->str, article->len, NULL);
      gint64 begin;
      double ms;

      if (tag_entities)
        dossier_entities_stage_run (ex);
      else
        add_mentions (ex);
      begin = g_get_monotonic_time ();
      dossier_people_stage_run (ex);
      dossier_quotes_stage_run (ex);
      ms = (g_get_monotonic_time () - begin) / 1000.0;
      /* the first run also loads the models, which the app does once */
      if (r == 0)
        {
          first = ms;
          for (guint a = 0; a < ex->annotations->len; a++)
            if (g_strcmp0 (dossier_extraction_annotation (ex, a)->label, "QUOTE") == 0)
              n_quotes++;
          n_entities = ex->entities->len;
          continue;
        }
      best = MIN (best, ms);
      total += ms;
    }

  printf ("people + quotes stages, %s, %u words (%zu bytes): best %.2f ms, mean %.2f ms over %u runs "
          "after a first run of %.2f ms; %u quotes, %u entities\n",
          what, n_words, article->len, best, total / (rounds - 1), rounds - 1, first, n_quotes,
          n_entities);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *sample = dossier_test_load_shared ("samples/air-force-one.txt", NULL);
  g_autofree char *dev_dir = dossier_test_shared_path ("quotes/polnear/dev/text");
  g_autoptr(GString) article = g_string_new (NULL);
  g_autoptr(GString) news = g_string_new (NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (dev_dir, 0, NULL);
  guint n_words = 0, n_news = 0;
  const char *name;

  while (n_words < 10000)
    {
      g_string_append (article, sample);
      g_string_append (article, "\n");
      n_words += count_words (sample);
    }
  /* an argument, "sample" or "news", runs only that one (for profiling) */
  if (argc < 2 || g_str_equal (argv[1], "sample"))
    measure ("copies of the sample", article, n_words, FALSE);
  if (argc >= 2 && !g_str_equal (argv[1], "news"))
    return 0;

  if (dir == NULL)
    {
      printf ("people + quotes stages, PolNeAR dev news: skipped, %s is missing\n", dev_dir);
      return 0;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len && n_news < 10000; i++)
    {
      g_autofree char *path = g_build_filename (dev_dir, names->pdata[i], NULL);
      g_autofree char *text = NULL;

      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_string_append (news, text);
      g_string_append (news, "\n\n");
      n_news += count_words (text);
    }
  measure ("PolNeAR dev news", news, n_news, TRUE);
  return 0;
}
