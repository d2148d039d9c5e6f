/* bench-ner.c — speed of the entity tagger (meson benchmark; prints, never asserts)
 *
 * Model load time; tokens per second on the already tokenised CoNLL-2003
 * development set (both passes, features, decoding); the entity stage on a
 * 10,000-word article made of the sample article.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "dossier-extraction.h"
#include "dossier-ner.h"
#include "dossier-stages.h"
#include "test-util.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *article = NULL;
  g_autoptr(DossierNerCorpus) corpus = NULL;
  g_autoptr(DossierNerTagger) tagger = NULL;
  g_autoptr(GArray) entities = g_array_new (FALSE, FALSE, sizeof (DossierNerEntity));
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  DossierNerModel *model;
  gint64 t0;
  double first_load_ms;
  double reload_ms = G_MAXDOUBLE;
  double best = G_MAXDOUBLE;
  double total = 0;
  guint runs = 0;
  gsize length;

  t0 = g_get_monotonic_time ();
  model = dossier_ner_model_get_default (&error);
  first_load_ms = (g_get_monotonic_time () - t0) / 1000.0;
  if (model == NULL)
    {
      fprintf (stderr, "bench-ner: %s\n", error->message);
      return 1;
    }
  bytes = dossier_ner_model_get_bytes (model);
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(DossierNerModel) again = NULL;
      t0 = g_get_monotonic_time ();
      again = dossier_ner_model_new_from_bytes (bytes, NULL);
      reload_ms = MIN (reload_ms, (g_get_monotonic_time () - t0) / 1000.0);
    }
  printf ("model: %.2f MB, loaded in %.2f ms (first use, from the resource), %.2f ms (again)\n",
          g_bytes_get_size (bytes) / 1048576.0, first_load_ms, reload_ms);

  contents = dossier_test_load_shared ("conll2003/eng.testa", &length);
  corpus = dossier_ner_corpus_parse (contents, length, FALSE, &error);
  if (corpus == NULL)
    {
      fprintf (stderr, "bench-ner: %s\n", error->message);
      return 1;
    }
  tagger = dossier_ner_tagger_new (model);
  while (total < 2.0 || runs < 5)
    {
      double s;
      g_array_set_size (entities, 0);
      t0 = g_get_monotonic_time ();
      dossier_ner_tag_corpus (tagger, corpus, entities);
      s = (g_get_monotonic_time () - t0) / 1e6;
      best = MIN (best, s);
      total += s;
      runs++;
    }
  printf ("tagging eng.testa (%u tokens, tokenised): %.0f tokens/s (best of %u), "
          "%.0f tokens/s (mean)\n",
          corpus->tokens->len, corpus->tokens->len / best, runs,
          corpus->tokens->len * runs / total);

  article = dossier_test_load_shared ("samples/air-force-one.txt", &length);
  while (g_utf8_strlen (big->str, -1) / 6 < 10000)
    {
      g_string_append_len (big, article, length);
      g_string_append_c (big, '\n');
    }
  {
    g_autoptr(DossierExtraction) extraction = dossier_extraction_new (big->str, big->len, NULL);
    guint n = dossier_tokens_len (extraction->tokens);
    double stage = G_MAXDOUBLE;
    for (guint i = 0; i < 20; i++)
      {
        g_array_set_size (extraction->annotations, 0);
        t0 = g_get_monotonic_time ();
        dossier_entities_stage_run (extraction);
        stage = MIN (stage, (g_get_monotonic_time () - t0) / 1000.0);
      }
    printf ("entity stage on a %u-token article: %.2f ms (%u entities)\n", n, stage,
            extraction->annotations->len);
  }
  return 0;
}
