/* bench-extract.c — the whole pipeline on a 10,000-word article, per stage
 *
 * Prints figures; asserts nothing about time. The article is real news text
 * (BBC politics) joined until it has 10,000 words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dossier-extraction.h"
#include "dossier-stages.h"
#include "test-util.h"

static char *
build_article (guint words_wanted)
{
  GString *text = g_string_new (NULL);
  guint words = 0;

  for (guint i = 1; words < words_wanted && i < 400; i++)
    {
      g_autofree char *name = g_strdup_printf ("news-text/bbc/politics/%03u.txt", i);
      g_autofree char *path = dossier_test_shared_path (name);
      g_autofree char *contents = NULL;
      g_auto(GStrv) split = NULL;

      if (!g_file_get_contents (path, &contents, NULL, NULL) || !g_utf8_validate (contents, -1, NULL))
        continue;
      split = g_strsplit_set (contents, " \n", -1);
      for (guint k = 0; split[k]; k++)
        if (*split[k])
          words++;
      g_string_append (text, contents);
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

int
main (int argc, char *argv[])
{
  g_autofree char *text = build_article (10000);
  guint n_stages;
  const DossierExtractStage *stages = dossier_extraction_get_stages (&n_stages);
  double *stage_ms = g_new0 (double, n_stages);
  double *stage_best = g_new0 (double, n_stages);
  double tokenize_best = G_MAXDOUBLE;
  double tokenize_ms = 0, total_best = G_MAXDOUBLE;
  const guint rounds = 20;
  guint n_tokens = 0, n_annotations = 0;

  for (guint r = 0; r < rounds; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(DossierExtraction) x = dossier_extraction_new (text, -1, "2005-03-01");
      gint64 t1 = g_get_monotonic_time ();
      double total;

      tokenize_ms += (t1 - t0) / 1000.0;
      tokenize_best = MIN (tokenize_best, (t1 - t0) / 1000.0);
      for (guint s = 0; s < n_stages; s++)
        {
          gint64 a = g_get_monotonic_time ();
          double ms;

          stages[s].run (x);
          ms = (g_get_monotonic_time () - a) / 1000.0;
          stage_ms[s] += ms;
          stage_best[s] = r == 0 ? ms : MIN (stage_best[s], ms);
        }
      total = (g_get_monotonic_time () - t0) / 1000.0;
      total_best = MIN (total_best, total);
      n_tokens = dossier_tokens_len (x->tokens);
      n_annotations = x->annotations->len;
    }

  printf ("article: %zu bytes, %u tokens, %u annotations\n", strlen (text), n_tokens, n_annotations);
  printf ("tokenize: %.2f ms (mean), %.2f ms (best)\n", tokenize_ms / rounds, tokenize_best);
  for (guint s = 0; s < n_stages; s++)
    printf ("%s: %.2f ms (mean, the first run loading its model), %.2f ms (best)\n", stages[s].name,
            stage_ms[s] / rounds, stage_best[s]);
  printf ("whole extraction (best of %u): %.2f ms\n", rounds, total_best);
  g_free (stage_ms);
  g_free (stage_best);
  return 0;
}
