/* bench-timex.c — how long dates take on a 10,000-word article
 *
 * The sample article repeated to 10,000 words; prints the milliseconds for
 * finding and normalising the expressions, and for the dates and timeline
 * stages together (tokenizing excluded). Figures only, nothing asserted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "dossier-extraction.h"
#include "dossier-stages.h"
#include "dossier-timex.h"
#include "test-util.h"

#define N_WORDS 10000
#define N_RUNS  20

int
main (int    argc,
      char **argv)
{
  g_autofree char *sample = dossier_test_load_shared ("samples/air-force-one.txt", NULL);
  g_autoptr(GString) article = g_string_new (NULL);
  g_autoptr(DossierExtraction) extraction = NULL;
  guint words = 0, n_found = 0;
  double best_find = G_MAXDOUBLE, best_stages = G_MAXDOUBLE;

  while (words < N_WORDS)
    {
      g_auto(GStrv) split = g_strsplit_set (sample, " \n\t", -1);

      for (guint i = 0; split[i] && words < N_WORDS; i++)
        if (split[i][0])
          {
            g_string_append (article, split[i]);
            g_string_append_c (article, ' ');
            words++;
          }
      g_string_append (article, "\n");
    }

  extraction = dossier_extraction_new (article->str, article->len, "2025-02-09");
  for (guint run = 0; run < N_RUNS; run++)
    {
      g_autoptr(GArray) found = g_array_new (FALSE, TRUE, sizeof (DossierTimex));
      gint64 t0 = g_get_monotonic_time ();

      dossier_timex_find (extraction->tokens, 0, dossier_tokens_len (extraction->tokens), "2025-02-09", found);
      best_find = MIN (best_find, (g_get_monotonic_time () - t0) / 1000.0);
      n_found = found->len;

      g_array_set_size (extraction->annotations, 0);
      g_array_set_size (extraction->events, 0);
      t0 = g_get_monotonic_time ();
      dossier_dates_stage_run (extraction);
      dossier_timeline_stage_run (extraction);
      best_stages = MIN (best_stages, (g_get_monotonic_time () - t0) / 1000.0);
    }

  printf ("article: %u words, %u tokens, %u expressions, %u events\n", words,
          dossier_tokens_len (extraction->tokens), n_found, extraction->events->len);
  printf ("find + normalise: %.2f ms (best of %d)\n", best_find, N_RUNS);
  printf ("dates + timeline stages: %.2f ms (best of %d)\n", best_stages, N_RUNS);
  return 0;
}
