/* dossier-train-quotes.c — trains the quote attribution tagger
 *
 *   dossier-train-quotes [--shared DIR] [--epochs N] [--ends-epochs N] [--features N] [--seed N]
 *                        [--runs N]
 *                        OUTPUT.model
 *
 * Reads the PolNeAR training split, DIR/quotes/polnear/train (DIR defaults
 * to ../shared/data; for an article annotated several times, the
 * alphabetically first annotator), runs the entity, date and people stages
 * and the quote rules over each text, and trains the tagger on the gold
 * Source / Cue / Content tags with the rules' tags as features; then the
 * content-end ranker on the contents the rules and a tagger trained on the
 * other four fifths of the articles give each article. Only the weights are
 * written; no text is. Deterministic: the same data, options and seed give
 * the same file (about a minute).
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

#define N_FOLDS 5

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

/* The contents the rules and @model give @ex that are not whole direct
 * quotes, each with the end of the gold content starting where it starts. */
static void
add_content_ends (DossierQuoteTrainer       *trainer,
                  DossierQuoteModel         *model,
                  DossierExtraction         *ex,
                  const DossierQuoteInput   *in,
                  const DossierBratDocument *doc)
{
  g_autoptr(GArray) contents = g_array_new (FALSE, FALSE, sizeof (DossierQuoteContent));
  g_autoptr(GArray) gold = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n = dossier_tokens_len (ex->tokens);

  for (guint k = 0; k < ex->annotations->len; k++)
    {
      const DossierExtractAnnotation *ann = dossier_extraction_annotation (ex, k);
      DossierQuoteContent ct = { 0, 0, -1, -1, FALSE };
      guint gold_end = 0, gold_last;

      if (g_strcmp0 (ann->label, "QUOTE") != 0 || g_strcmp0 (ann->kind, "direct") == 0 ||
          ann->end <= ann->start)
        continue;
      for (guint a = 0; a < doc->attributions->len; a++)
        {
          const DossierBratAttribution *at =
            &g_array_index (doc->attributions, DossierBratAttribution, a);
          for (guint f = 0; f < at->n_content; f++)
            if (at->content[f].start == ann->start)
              gold_end = at->content[f].end;
        }
      if (gold_end <= ann->start)
        continue;
      ct.first = dossier_tokens_find (ex->tokens, ann->start);
      ct.last = dossier_tokens_find (ex->tokens, ann->end - 1);
      gold_last = dossier_tokens_find (ex->tokens, gold_end - 1);
      if (ct.last >= n || gold_last >= n ||
          dossier_tokens_get (ex->tokens, gold_last)->end != gold_end)
        continue;
      if (ann->cue.end > ann->cue.start)
        {
          ct.cue_first = dossier_tokens_find (ex->tokens, ann->cue.start);
          ct.cue_last = dossier_tokens_find (ex->tokens, ann->cue.end - 1);
        }
      g_array_append_val (contents, ct);
      g_array_append_val (gold, gold_last);
    }
  dossier_quote_trainer_add_ends (trainer, model, in, (const DossierQuoteContent *)contents->data,
                                  (const guint *)gold->data, contents->len);
}

static gboolean
ranges_overlap (guint                   start,
                guint                   end,
                const DossierSpanRange *frags,
                guint                   n_frags)
{
  for (guint f = 0; f < n_frags; f++)
    if (MAX (start, frags[f].start) < MIN (end, frags[f].end))
      return TRUE;
  return FALSE;
}

/* The token starting (@at_end FALSE) or ending exactly at @offset, or G_MAXUINT. */
static guint
token_at (const DossierTokens *tokens,
          guint                offset,
          gboolean             at_end)
{
  guint n = dossier_tokens_len (tokens);
  guint i = dossier_tokens_find (tokens, at_end ? offset - 1 : offset);
  const DossierToken *t;

  if (i >= n)
    return G_MAXUINT;
  t = dossier_tokens_get (tokens, i);
  if ((at_end ? t->end : t->start) != offset)
    return G_MAXUINT;
  return i;
}

/* Marks in @blocked the tokens of @ex from @start to @end (code points), if any. */
static void
mark_range (DossierExtraction *ex,
            guint8            *blocked,
            guint              start,
            guint              end)
{
  guint n = dossier_tokens_len (ex->tokens);

  for (guint i = dossier_tokens_find (ex->tokens, start);
       end > start && i < n && dossier_tokens_get (ex->tokens, i)->start < end; i++)
    blocked[i] = 1;
}

/* The content and cue words of the QUOTE annotations of @ex (one per token), and with
 * @with_sources their source words too. */
static guint8 *
role_words (DossierExtraction *ex,
            gboolean           with_sources)
{
  guint8 *blocked = g_new0 (guint8, dossier_tokens_len (ex->tokens) + 1);

  for (guint k = 0; k < ex->annotations->len; k++)
    {
      const DossierExtractAnnotation *ann = dossier_extraction_annotation (ex, k);

      if (g_strcmp0 (ann->label, "QUOTE") != 0)
        continue;
      mark_range (ex, blocked, ann->start, ann->end);
      mark_range (ex, blocked, ann->cue.start, ann->cue.end);
      if (with_sources)
        mark_range (ex, blocked, ann->source.start, ann->source.end);
    }
  return blocked;
}

/* The contents the rules and @model give @ex that are not whole direct
 * quotes, each with the start of the gold content that overlaps it by more
 * than 0.3 of the gold length and ends where it ends or shares its cue. */
static void
add_content_starts (DossierQuoteTrainer       *trainer,
                    DossierQuoteModel         *model,
                    DossierExtraction         *ex,
                    const DossierQuoteInput   *in,
                    const guint8              *blocked,
                    const DossierBratDocument *doc)
{
  g_autoptr(GArray) contents = g_array_new (FALSE, FALSE, sizeof (DossierQuoteContent));
  g_autoptr(GArray) gold = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n = dossier_tokens_len (ex->tokens);

  for (guint k = 0; k < ex->annotations->len; k++)
    {
      const DossierExtractAnnotation *ann = dossier_extraction_annotation (ex, k);
      DossierQuoteContent ct = { 0, 0, -1, -1, FALSE };
      guint gold_first = G_MAXUINT;

      if (g_strcmp0 (ann->label, "QUOTE") != 0 || ann->end <= ann->start)
        continue;
      for (guint a = 0; a < doc->attributions->len && gold_first == G_MAXUINT; a++)
        {
          const DossierBratAttribution *at =
            &g_array_index (doc->attributions, DossierBratAttribution, a);

          for (guint f = 0; f < at->n_content; f++)
            {
              guint from = MAX (ann->start, at->content[f].start);
              guint to = MIN (ann->end, at->content[f].end);
              guint len = at->content[f].end - at->content[f].start;

              if (to > from && (to - from) * 10 > len * 3 &&
                  (at->content[f].end == ann->end ||
                   ranges_overlap (ann->cue.start, ann->cue.end, at->cue, at->n_cue)))
                gold_first = token_at (ex->tokens, at->content[f].start, FALSE);
            }
        }
      if (gold_first == G_MAXUINT)
        continue;
      ct.first = dossier_tokens_find (ex->tokens, ann->start);
      ct.last = dossier_tokens_find (ex->tokens, ann->end - 1);
      if (ct.last >= n)
        continue;
      /* a direct quote: only words leading into it, as on new text */
      ct.whole = g_strcmp0 (ann->kind, "direct") == 0;
      if (ct.whole && (dossier_tokens_get (ex->tokens, ct.first)->kind != DOSSIER_TOKEN_QUOTE ||
                       dossier_tokens_get (ex->tokens, ct.last)->kind != DOSSIER_TOKEN_QUOTE))
        continue;
      if (ann->cue.end > ann->cue.start)
        {
          ct.cue_first = dossier_tokens_find (ex->tokens, ann->cue.start);
          ct.cue_last = dossier_tokens_find (ex->tokens, ann->cue.end - 1);
        }
      g_array_append_val (contents, ct);
      g_array_append_val (gold, gold_first);
    }
  dossier_quote_trainer_add_starts (trainer, model, in, blocked,
                                    (const DossierQuoteContent *)contents->data,
                                    (const guint *)gold->data, contents->len);
}

/* The sources the rules and @model give @ex (one per source and cue), each
 * with the gold source of the gold attribution it overlaps whose cue or
 * content it also overlaps. */
static void
add_sources (DossierQuoteTrainer       *trainer,
             DossierQuoteModel         *model,
             DossierExtraction         *ex,
             const DossierQuoteInput   *in,
             const guint8              *blocked,
             const DossierBratDocument *doc)
{
  g_autoptr(GArray) sources = g_array_new (FALSE, FALSE, sizeof (DossierQuoteContent));
  g_autoptr(GArray) gold_first = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) gold_last = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n = dossier_tokens_len (ex->tokens);
  for (guint k = 0; k < ex->annotations->len; k++)
    {
      const DossierExtractAnnotation *ann = dossier_extraction_annotation (ex, k);
      DossierQuoteContent sp = { 0, 0, -1, -1, FALSE };
      guint gf = G_MAXUINT, gl = G_MAXUINT;
      gboolean seen = FALSE;

      if (g_strcmp0 (ann->label, "QUOTE") != 0 || ann->source.end <= ann->source.start)
        continue;
      for (guint j = 0; j < k && !seen; j++)
        {
          const DossierExtractAnnotation *o = dossier_extraction_annotation (ex, j);
          seen = g_strcmp0 (o->label, "QUOTE") == 0 && o->source.start == ann->source.start &&
                 o->source.end == ann->source.end && o->cue.start == ann->cue.start;
        }
      if (seen)
        continue;
      for (guint a = 0; a < doc->attributions->len; a++)
        {
          const DossierBratAttribution *at =
            &g_array_index (doc->attributions, DossierBratAttribution, a);
          if (at->n_source != 1 ||
              !ranges_overlap (ann->source.start, ann->source.end, at->source, at->n_source) ||
              !(ranges_overlap (ann->cue.start, ann->cue.end, at->cue, at->n_cue) ||
                ranges_overlap (ann->start, ann->end, at->content, at->n_content)))
            continue;
          gf = token_at (ex->tokens, at->source[0].start, FALSE);
          gl = token_at (ex->tokens, at->source[0].end, TRUE);
          break;
        }
      if (gf == G_MAXUINT || gl == G_MAXUINT)
        continue;
      sp.first = dossier_tokens_find (ex->tokens, ann->source.start);
      sp.last = dossier_tokens_find (ex->tokens, ann->source.end - 1);
      if (sp.last >= n)
        continue;
      if (ann->cue.end > ann->cue.start)
        {
          sp.cue_first = dossier_tokens_find (ex->tokens, ann->cue.start);
          sp.cue_last = dossier_tokens_find (ex->tokens, ann->cue.end - 1);
        }
      g_array_append_val (sources, sp);
      g_array_append_val (gold_first, gf);
      g_array_append_val (gold_last, gl);
    }
  dossier_quote_trainer_add_sources (trainer, model, in, blocked,
                                     (const DossierQuoteContent *)sources->data,
                                     (const guint *)gold_first->data,
                                     (const guint *)gold_last->data, sources->len);
}

/* The attributions @model adds to what the rules find in @ex (those whose
 * cue the rules' output @rules does not have), each marked right when its
 * content overlaps a gold content by more than 0.3 of the gold length (as
 * eval-quotes matches them). */
static void
add_proposals (DossierQuoteTrainer       *trainer,
               DossierQuoteModel         *model,
               DossierExtraction         *ex,
               DossierExtraction         *rules,
               const DossierQuoteInput   *in,
               const DossierBratDocument *doc)
{
  g_autoptr(GArray) proposals = g_array_new (FALSE, FALSE, sizeof (DossierQuoteProposal));
  g_autoptr(GArray) right = g_array_new (FALSE, FALSE, sizeof (gboolean));
  guint n = dossier_tokens_len (ex->tokens);

  for (guint k = 0; k < ex->annotations->len; k++)
    {
      const DossierExtractAnnotation *ann = dossier_extraction_annotation (ex, k);
      DossierQuoteProposal p;
      gboolean from_rules = FALSE, ok = FALSE;

      if (g_strcmp0 (ann->label, "QUOTE") != 0 || ann->cue.end <= ann->cue.start ||
          ann->source.end <= ann->source.start || ann->end <= ann->start)
        continue;
      for (guint j = 0; j < rules->annotations->len && !from_rules; j++)
        {
          const DossierExtractAnnotation *r = dossier_extraction_annotation (rules, j);
          from_rules = g_strcmp0 (r->label, "QUOTE") == 0 && r->cue.start == ann->cue.start &&
                       r->cue.end == ann->cue.end;
        }
      if (from_rules)
        continue;
      p.cue_first = dossier_tokens_find (ex->tokens, ann->cue.start);
      p.cue_last = dossier_tokens_find (ex->tokens, ann->cue.end - 1);
      p.src_first = dossier_tokens_find (ex->tokens, ann->source.start);
      p.src_last = dossier_tokens_find (ex->tokens, ann->source.end - 1);
      p.first = dossier_tokens_find (ex->tokens, ann->start);
      p.last = dossier_tokens_find (ex->tokens, ann->end - 1);
      if (p.last >= n || p.cue_last >= n || (guint)p.src_last >= n)
        continue;
      for (guint a = 0; a < doc->attributions->len && !ok; a++)
        {
          const DossierBratAttribution *at =
            &g_array_index (doc->attributions, DossierBratAttribution, a);
          guint len = 0, common = 0;

          for (guint f = 0; f < at->n_content; f++)
            {
              guint from = MAX (ann->start, at->content[f].start);
              guint to = MIN (ann->end, at->content[f].end);

              len += at->content[f].end - at->content[f].start;
              common += to > from ? to - from : 0;
            }
          ok = common * 10 > len * 3;
        }
      g_array_append_val (proposals, p);
      g_array_append_val (right, ok);
    }
  dossier_quote_trainer_add_proposals (trainer, model, in,
                                       (const DossierQuoteProposal *)proposals->data,
                                       (const gboolean *)right->data, proposals->len);
}

/* Adds one training article: its gold tags to the tagger trainers other
 * than @fold (of @n_trainers), or with @model (a trained tagger) the content
 * ends to the first trainer, with the cue lexicon of @lexicon (the final
 * tagger). Returns whether it could be read. */
static gboolean
add_article (DossierQuoteTrainer **trainers,
             guint                 n_trainers,
             guint                 fold,
             DossierQuoteModel    *model,
             DossierQuoteModel    *lexicon,
             const char          *text_dir,
             const char          *ann_dir,
             const char          *article,
             const char          *ann_name)
{
  g_autofree char *txt_name = g_strconcat (article, ".txt", NULL);
  g_autofree char *txt_path = g_build_filename (text_dir, txt_name, NULL);
  g_autofree char *ann_path = g_build_filename (ann_dir, ann_name, NULL);
  g_autofree char *text = NULL;
  g_autofree char *ann = NULL;
  g_autofree guint8 *rules = NULL;
  g_autofree guint8 *ents = NULL;
  g_autofree guint8 *gold = NULL;
  const guint32 *cls;
  g_autoptr(DossierExtraction) ex = NULL;
  g_autoptr(DossierBratDocument) doc = NULL;
  gsize text_len = 0, ann_len = 0;
  guint n;

  if (!g_file_get_contents (txt_path, &text, &text_len, NULL) ||
      !g_utf8_validate (text, text_len, NULL) ||
      !g_file_get_contents (ann_path, &ann, &ann_len, NULL))
    {
      fprintf (stderr, "%s: cannot read the text or its annotations\n", article);
      return FALSE;
    }
  ex = dossier_extraction_new (text, text_len, NULL);
  dossier_entities_stage_run (ex);
  dossier_dates_stage_run (ex);
  dossier_people_stage_run (ex);
  dossier_quotes_find_full (ex, model,
                            model != NULL ? DOSSIER_QUOTE_MODEL_ADD : DOSSIER_QUOTE_MODEL_OFF,
                            &rules, &ents);
  n = dossier_tokens_len (ex->tokens);
  if (n == 0 || rules == NULL)
    return FALSE;
  /* the people and quotes stages' own, made once */
  cls = dossier_extraction_word_classes (ex);
  doc = dossier_brat_parse (ann, ann_len);
  if (model != NULL)
    {
      DossierQuoteInput in = { ex->tokens, cls, rules, ents, NULL };
      g_autoptr(DossierExtraction) rules_only = dossier_extraction_new (text, text_len, NULL);

      g_autofree guint8 *blocked = role_words (ex, FALSE);
      /* as in dossier_quote_model_refine(): a content's start never moves into a source */
      g_autofree guint8 *start_blocked = role_words (ex, TRUE);

      add_content_ends (trainers[0], lexicon, ex, &in, doc);
      add_content_starts (trainers[0], lexicon, ex, &in, start_blocked, doc);
      add_sources (trainers[0], lexicon, ex, &in, blocked, doc);
      dossier_entities_stage_run (rules_only);
      dossier_dates_stage_run (rules_only);
      dossier_people_stage_run (rules_only);
      dossier_quotes_find_full (rules_only, NULL, DOSSIER_QUOTE_MODEL_OFF, NULL, NULL);
      add_proposals (trainers[0], lexicon, ex, rules_only, &in, doc);
      return TRUE;
    }
  gold = g_new0 (guint8, n + 1);
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
    for (guint t = 0; t < n_trainers; t++)
      if (t != fold)
        dossier_quote_trainer_add (trainers[t], &in, gold);
  }
  return TRUE;
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
  guint runs = 1;
  g_autofree char *ann_dir = NULL;
  g_autofree char *text_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  DossierQuoteTrainer *trainers[N_FOLDS + 1] = { NULL };
  DossierQuoteModel *folds[N_FOLDS + 1] = { NULL };
  guint ends_epochs = 12;
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
      else if (strcmp (argv[a], "--ends-epochs") == 0 && a + 1 < argc)
        ends_epochs = (guint)atoi (argv[++a]);
      else if (strcmp (argv[a], "--features") == 0 && a + 1 < argc)
        max_features = (guint)atoi (argv[++a]);
      else if (strcmp (argv[a], "--seed") == 0 && a + 1 < argc)
        seed = (guint32)atoi (argv[++a]);
      else if (strcmp (argv[a], "--runs") == 0 && a + 1 < argc)
        {
          /* 1 to 100; anything else is a usage error */
          guint64 value = 0;

          if (!g_ascii_string_to_unsigned (argv[++a], 10, 1, 100, &value, NULL))
            output = NULL, a = argc;
          else
            runs = (guint)value;
        }
      else if (argv[a][0] != '-' && output == NULL)
        output = argv[a];
      else
        output = NULL, a = argc;
    }
  /* progress by epoch */
  g_log_set_debug_enabled (TRUE);
  if (output == NULL)
    {
      fprintf (stderr, "usage: %s [--shared DIR] [--epochs N] [--ends-epochs N] [--features N] "
               "[--seed N] [--runs N] OUTPUT.model\n", argv[0]);
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

  /* First the tagger, on all articles and, for the content ends, on all
   * but one fold in turn; then the content ends, learned on what the rules
   * and the tagger that did not see an article give it (as on new text). */
  for (guint t = 0; t <= N_FOLDS; t++)
    {
      trainers[t] = dossier_quote_trainer_new ();
      dossier_quote_trainer_set_runs (trainers[t], runs);
    }
  for (guint pass = 0; pass < 2; pass++)
    {
      guint n_articles = 0;

      g_clear_pointer (&previous, g_free);
      for (guint k = 0; k < names->len; k++)
        {
          const char *ann_name = g_ptr_array_index (names, k);
          const char *us = strrchr (ann_name, '_');
          gsize article_len = us != NULL ? (gsize)(us - ann_name) : strlen (ann_name) - 4;
          g_autofree char *article = g_strndup (ann_name, article_len);
          guint fold;

          /* articles annotated several times: the first annotator */
          if (g_strcmp0 (previous, article) == 0)
            continue;
          g_free (previous);
          previous = g_strdup (article);
          fold = 1 + n_articles++ % N_FOLDS;
          if (pass == 0)
            n_docs += add_article (trainers, N_FOLDS + 1, fold, NULL, NULL, text_dir, ann_dir,
                                   article, ann_name);
          else
            add_article (trainers, 1, 0, folds[fold], model, text_dir, ann_dir, article,
                         ann_name);
        }
      if (pass == 0)
        {
          fprintf (stderr, "%u training articles\n", n_docs);
          model = dossier_quote_trainer_train (trainers[0], epochs, max_features, seed);
          for (guint t = 1; t <= N_FOLDS; t++)
            {
              folds[t] = dossier_quote_trainer_train (trainers[t], epochs, max_features, seed);
              g_clear_pointer (&trainers[t], dossier_quote_trainer_free);
            }
        }
      else
        dossier_quote_trainer_train_ends (trainers[0], model, ends_epochs, seed);
    }
  dossier_quote_trainer_free (trainers[0]);
  for (guint t = 1; t <= N_FOLDS; t++)
    dossier_quote_model_free (folds[t]);
  if (!dossier_quote_model_save (model, output, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  fprintf (stderr, "%s: %u features\n", output, dossier_quote_model_n_features (model));
  return 0;
}
