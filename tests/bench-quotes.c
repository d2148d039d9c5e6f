/* bench-quotes.c — speed of the people and quotes stages (meson benchmark)
 *
 * A 10,000-word article made of copies of the sample article, with the
 * sample's PERSON/ORG mentions marked as the entity tagger would. Prints
 * figures; asserts nothing about speed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-quotes"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dossier-extraction.h"
#include "dossier-stages.h"
#include "test-util.h"

static const char * const people[] = {
  "Donald Trump", "Vladimir Putin", "Dmitry Peskov", "Mike Waltz", "Marco Rubio", "Pete Hegseth",
  "JD Vance", "Keith Kellogg", "Trump", "Putin", "Peskov", "Waltz", NULL
};

static void
add_mentions (DossierExtraction *ex)
{
  g_autofree guint8 *taken = g_new0 (guint8, strlen (ex->text) + 1);

  for (guint n = 0; people[n] != NULL; n++)
    {
      gsize len = strlen (people[n]);
      const char *p = ex->text;

      while ((p = strstr (p, people[n])) != NULL)
        {
          gsize b = p - ex->text;
          if (!taken[b] && !taken[b + len - 1])
            {
              guint start = g_utf8_pointer_to_offset (ex->text, p);
              memset (taken + b, 1, len);
              dossier_extraction_add_annotation (ex, "PERSON", start, start + g_utf8_strlen (people[n], len), 1.0);
            }
          p += len;
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *sample = dossier_test_load_shared ("samples/air-force-one.txt", NULL);
  g_autoptr(GString) article = g_string_new (NULL);
  guint n_words = 0;
  const guint rounds = 50;
  double best = G_MAXDOUBLE, total = 0;
  guint n_quotes = 0, n_entities = 0;

  while (n_words < 10000)
    {
      g_auto(GStrv) words = NULL;
      g_string_append (article, sample);
      g_string_append (article, "\n");
      words = g_strsplit_set (sample, " \n", -1);
      for (guint i = 0; words[i] != NULL; i++)
        if (words[i][0] != '\0')
          n_words++;
    }

  for (guint r = 0; r < rounds; r++)
    {
      g_autoptr(DossierExtraction) ex = dossier_extraction_new (article->str, article->len, NULL);
      gint64 begin;
      double ms;

      add_mentions (ex);
      begin = g_get_monotonic_time ();
      dossier_people_stage_run (ex);
      dossier_quotes_stage_run (ex);
      ms = (g_get_monotonic_time () - begin) / 1000.0;
      best = MIN (best, ms);
      total += ms;
      if (r == 0)
        {
          for (guint a = 0; a < ex->annotations->len; a++)
            if (g_strcmp0 (dossier_extraction_annotation (ex, a)->label, "QUOTE") == 0)
              n_quotes++;
          n_entities = ex->entities->len;
        }
    }

  printf ("people + quotes stages, %u words (%zu bytes): best %.2f ms, mean %.2f ms over %u runs; "
          "%u quotes, %u entities\n",
          n_words, article->len, best, total / rounds, rounds, n_quotes, n_entities);
  return 0;
}
