/* dossier-train-quotes.c — trains the quote attribution tagger
 *
 *   dossier-train-quotes [--shared DIR] [--epochs N] [--features N] [--seed N] OUTPUT.model
 *
 * Reads the PolNeAR training split, DIR/quotes/polnear/train (DIR defaults
 * to ../shared/data; for an article annotated several times, the
 * alphabetically first annotator), runs the entity, date and people stages
 * and the quote rules over each text, and trains the tagger on the gold
 * Source / Cue / Content tags with the rules' tags as features. Only the
 * weights are written; no text is. Deterministic: the same data, options
 * and seed give the same file.
 *
 * The shipped model, from the worktree:
 *   ninja -C _build && _build/app/extract/dossier-train-quotes resources/model/quotes.model
 * then score it on the development split (see dossier-quote-annotate.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-train-quotes"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier-extraction.h"
#include "dossier-quote-brat.h"
#include "dossier-quote-model.h"
#include "dossier-quote-words.h"
#include "dossier-quotes.h"
#include "dossier-stages.h"

static void
mark (const DossierTokens    *tokens,
      guint8                 *tags,
      const DossierSpanRange *frags,
      guint                   n_frags,
      guint8                  b)
{
  guint n = dossier_tokens_len (tokens);

  for (guint f = 0; f < n_frags; f++)
    {
      gboolean first = TRUE;
      for (guint i = dossier_tokens_find (tokens, frags[f].start);
           i < n && dossier_tokens_get (tokens, i)->start < frags[f].end; i++)
        {
          if (tags[i] == DOSSIER_QTAG_O)
            tags[i] = first ? b : b + 1;
          first = FALSE;
        }
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

int
main (int    argc,
      char **argv)
{
  const char *shared = "../shared/data";
  const char *output = NULL;
  guint epochs = 15;
  guint max_features = 60000;
  guint32 seed = 1;
  g_autofree char *ann_dir = NULL;
  g_autofree char *text_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DossierQuoteTrainer) trainer = dossier_quote_trainer_new ();
  g_autoptr(DossierQuoteModel) model = NULL;
  g_autofree char *previous = NULL;
  const char *name;
  guint n_docs = 0;

  for (int a = 1; a < argc; a++)
    {
      if (strcmp (argv[a], "--shared") == 0 && a + 1 < argc)
        shared = argv[++a];
      else if (strcmp (argv[a], "--epochs") == 0 && a + 1 < argc)
        epochs = (guint)atoi (argv[++a]);
      else if (strcmp (argv[a], "--features") == 0 && a + 1 < argc)
        max_features = (guint)atoi (argv[++a]);
      else if (strcmp (argv[a], "--seed") == 0 && a + 1 < argc)
        seed = (guint32)atoi (argv[++a]);
      else if (argv[a][0] != '-' && output == NULL)
        output = argv[a];
      else
        output = NULL, a = argc;
    }
  /* progress by epoch */
  g_log_set_debug_enabled (TRUE);
  if (output == NULL)
    {
      fprintf (stderr, "usage: %s [--shared DIR] [--epochs N] [--features N] [--seed N] "
               "OUTPUT.model\n", argv[0]);
      return 2;
    }

  ann_dir = g_build_filename (shared, "quotes", "polnear", "train", "attributions", NULL);
  text_dir = g_build_filename (shared, "quotes", "polnear", "train", "text", NULL);
  dir = g_dir_open (ann_dir, 0, &error);
  if (dir == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".ann"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);

  for (guint k = 0; k < names->len; k++)
    {
      const char *ann_name = g_ptr_array_index (names, k);
      const char *us = strrchr (ann_name, '_');
      gsize article_len = us != NULL ? (gsize)(us - ann_name) : strlen (ann_name) - 4;
      g_autofree char *article = g_strndup (ann_name, article_len);
      g_autofree char *txt_name = g_strconcat (article, ".txt", NULL);
      g_autofree char *txt_path = g_build_filename (text_dir, txt_name, NULL);
      g_autofree char *ann_path = g_build_filename (ann_dir, ann_name, NULL);
      g_autofree char *text = NULL;
      g_autofree char *ann = NULL;
      g_autofree guint8 *rules = NULL;
      g_autofree guint8 *ents = NULL;
      g_autofree guint8 *gold = NULL;
      g_autofree guint32 *cls = NULL;
      g_autoptr(DossierExtraction) ex = NULL;
      g_autoptr(DossierBratDocument) doc = NULL;
      gsize text_len = 0, ann_len = 0;
      guint n;

      if (g_strcmp0 (previous, article) == 0)
        continue;
      g_free (previous);
      previous = g_strdup (article);
      if (!g_file_get_contents (txt_path, &text, &text_len, NULL) ||
          !g_utf8_validate (text, text_len, NULL) ||
          !g_file_get_contents (ann_path, &ann, &ann_len, NULL))
        {
          fprintf (stderr, "%s: cannot read the text or its annotations\n", article);
          continue;
        }
      ex = dossier_extraction_new (text, text_len, NULL);
      dossier_entities_stage_run (ex);
      dossier_dates_stage_run (ex);
      dossier_people_stage_run (ex);
      dossier_quotes_find_full (ex, NULL, DOSSIER_QUOTE_MODEL_OFF, &rules, &ents);
      n = dossier_tokens_len (ex->tokens);
      if (n == 0 || rules == NULL)
        continue;
      cls = dossier_word_classes (ex->tokens);
      gold = g_new0 (guint8, n + 1);
      doc = dossier_brat_parse (ann, ann_len);
      for (guint a = 0; a < doc->attributions->len; a++)
        {
          const DossierBratAttribution *at =
            &g_array_index (doc->attributions, DossierBratAttribution, a);
          mark (ex->tokens, gold, at->cue, at->n_cue, DOSSIER_QTAG_B_CUE);
          mark (ex->tokens, gold, at->source, at->n_source, DOSSIER_QTAG_B_SOURCE);
          mark (ex->tokens, gold, at->content, at->n_content, DOSSIER_QTAG_B_CONTENT);
        }
      {
        DossierQuoteInput in = { ex->tokens, cls, rules, ents, NULL };
        dossier_quote_trainer_add (trainer, &in, gold);
      }
      n_docs++;
    }
  fprintf (stderr, "%u training articles\n", n_docs);

  model = dossier_quote_trainer_train (trainer, epochs, max_features, seed);
  if (!dossier_quote_model_save (model, output, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  fprintf (stderr, "%s: %u features\n", output, dossier_quote_model_n_features (model));
  return 0;
}
