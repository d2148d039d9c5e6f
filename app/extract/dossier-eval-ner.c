/* dossier-eval-ner.c — `dossier eval-ner [--model FILE] FILE.conll`
 *
 * Tags a CoNLL-2003 file with the entity model and scores it against the
 * file's last column: entity-level exact match (span and type), precision,
 * recall and F1 per type and overall, as conlleval computes them; then the
 * tagging speed on the already tokenised input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-eval-ner"

#include "config.h"

#include <stdio.h>

#include <gio/gio.h>

#include "dossier-commands.h"
#include "dossier-ner.h"

int
dossier_eval_ner_main (int    argc,
                       char **argv)
{
  g_autofree char *model_path = NULL;
  GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_FILENAME, &model_path,
      "Use this model instead of the built-in one", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("FILE.conll — score the entity tagger");
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierNerModel) model = NULL;
  g_autoptr(DossierNerCorpus) corpus = NULL;
  g_autoptr(DossierNerTagger) tagger = NULL;
  g_autoptr(GArray) found = NULL;
  g_autofree char *contents = NULL;
  DossierNerScore score = { 0 };
  gsize length;
  gint64 t0;
  double load_ms;
  double best = G_MAXDOUBLE;
  double elapsed = 0;
  guint n_gold = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "dossier eval-ner: %s\n", error->message);
      return 2;
    }
  if (argc != 2)
    {
      fprintf (stderr, "usage: dossier eval-ner [--model FILE] FILE.conll\n");
      return 2;
    }

  t0 = g_get_monotonic_time ();
  if (model_path != NULL)
    model = dossier_ner_model_new_from_file (model_path, &error);
  else if ((model = dossier_ner_model_get_default (&error)) != NULL)
    dossier_ner_model_ref (model);
  load_ms = (g_get_monotonic_time () - t0) / 1000.0;
  if (model == NULL)
    {
      fprintf (stderr, "dossier eval-ner: %s\n", error->message);
      return 1;
    }

  if (!g_file_get_contents (argv[1], &contents, &length, &error) ||
      (corpus = dossier_ner_corpus_parse (contents, length, TRUE, &error)) == NULL)
    {
      fprintf (stderr, "dossier eval-ner: %s: %s\n", argv[1], error->message);
      return 1;
    }

  tagger = dossier_ner_tagger_new (model);
  found = g_array_new (FALSE, FALSE, sizeof (DossierNerEntity));
  /* the first run scores; repeats measure the speed once caches are warm */
  for (guint run = 0; run == 0 || (elapsed < 0.5 && run < 50); run++)
    {
      double s;
      g_array_set_size (found, 0);
      t0 = g_get_monotonic_time ();
      dossier_ner_tag_corpus (tagger, corpus, found);
      s = (g_get_monotonic_time () - t0) / 1e6;
      best = MIN (best, s);
      elapsed += s;
    }
  dossier_ner_score_add (&score, (DossierNerEntity *)corpus->gold->data, corpus->gold->len,
                         (DossierNerEntity *)found->data, found->len);

  for (guint t = 0; t < DOSSIER_NER_N_TYPES; t++)
    n_gold += score.gold[t];
  printf ("%s: %u tokens, %u documents, %u entities\n", argv[1], corpus->tokens->len,
          corpus->documents->len - 1, n_gold);
  printf ("%-8s %9s %9s %9s %7s %7s\n", "type", "precision", "recall", "F1", "gold", "found");
  for (int t = -1; t < DOSSIER_NER_N_TYPES; t++)
    {
      double p;
      double r;
      double f = dossier_ner_score_f1 (&score, t, &p, &r);
      guint g = 0;
      guint n = 0;

      for (guint k = 0; k < DOSSIER_NER_N_TYPES; k++)
        if (t < 0 || (guint)t == k)
          {
            g += score.gold[k];
            n += score.found[k];
          }
      if (t < 0)
        continue;
      printf ("%-8s %9.2f %9.2f %9.2f %7u %7u\n", dossier_ner_type_to_string (t), p, r, f, g, n);
    }
  {
    double p;
    double r;
    double f = dossier_ner_score_f1 (&score, -1, &p, &r);
    guint n = 0;
    for (guint k = 0; k < DOSSIER_NER_N_TYPES; k++)
      n += score.found[k];
    printf ("%-8s %9.2f %9.2f %9.2f %7u %7u\n", "overall", p, r, f, n_gold, n);
  }
  printf ("speed: %.0f tokens/s (best of tagging the file %s), model loaded in %.2f ms\n",
          corpus->tokens->len / best, "several times", load_ms);
  return 0;
}
