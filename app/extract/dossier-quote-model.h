/* dossier-quote-model.h — a trained tagger for attribution roles (PolNeAR style)
 *
 * Tags every token of an article as outside, or beginning/inside a Source,
 * a Cue or a Content span (the univocal PolNeAR scheme), with an averaged
 * perceptron over hashed features and Viterbi decoding over the whole
 * article (content may run across sentences). The features include what
 * the hand-written rules found, so the model learns where to trust them and
 * adds the attributions they miss. Trained by dossier-train-quotes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "dossier-tokenizer.h"

G_BEGIN_DECLS

typedef enum
{
  DOSSIER_QTAG_O,
  DOSSIER_QTAG_B_SOURCE,
  DOSSIER_QTAG_I_SOURCE,
  DOSSIER_QTAG_B_CUE,
  DOSSIER_QTAG_I_CUE,
  DOSSIER_QTAG_B_CONTENT,
  DOSSIER_QTAG_I_CONTENT,
  DOSSIER_QTAG_N
} DossierQuoteTag;

/* What the tagger reads for one article; every array has one entry per token. */
typedef struct
{
  const DossierTokens *tokens;
  const guint32       *cls;   /* dossier_word_classes */
  const guint8        *rule;  /* DossierQuoteTag the rules gave the token */
  const guint8        *ent;   /* 0, 1 PERSON, 2 ORG; + 4 on the first token of a mention */
  const guint8        *free;  /* or NULL: tokens the rules left free; then only sentences
                               * with a free word of the cue lexicon, or one the tagger's
                               * weights lean to a cue, are tagged (the rest is O), which
                               * is faster */
  const guint16       *clusters; /* or NULL: the entity tagger's word clusters of the tokens
                                  * (DossierExtraction.word_clusters), reused where set */
} DossierQuoteInput;

/* A content fragment the rules or the tagger found, whose end the model may
 * move back to where annotators end it ("X said it is … , reflecting …"). */
typedef struct
{
  guint    first, last;         /* content tokens, inclusive */
  int      cue_first, cue_last; /* -1: no cue */
  gboolean whole;               /* a whole quotation: its end stays, its start only moves back */
} DossierQuoteContent;

/* An attribution the tagger proposes, in tokens (inclusive). */
typedef struct
{
  guint cue_first, cue_last;
  int   src_first, src_last; /* -1: no source */
  guint first, last;         /* content */
} DossierQuoteProposal;

typedef struct _DossierQuoteModel DossierQuoteModel;
/* What the tagger computed of an article's words, for dossier_quote_model_refine. */
typedef struct _DossierQuoteWords DossierQuoteWords;
typedef struct _DossierQuoteTrainer DossierQuoteTrainer;

/* Reads a serialised model (what save writes); NULL and @error if it is not one. */
DossierQuoteModel   *dossier_quote_model_new_from_bytes (GBytes                  *bytes,
                                                          GError                 **error);
void                 dossier_quote_model_free           (DossierQuoteModel       *model);
GBytes              *dossier_quote_model_serialize      (DossierQuoteModel       *model);
gboolean             dossier_quote_model_save           (DossierQuoteModel       *model,
                                                          const char              *path,
                                                          GError                 **error);
/* The model compiled into the app, or NULL if there is none (rules only). */
DossierQuoteModel   *dossier_quote_model_get_default    (void);
guint                dossier_quote_model_n_features     (DossierQuoteModel       *model);
/* Writes one DossierQuoteTag per token of @input into @tags. */
void                 dossier_quote_model_tag            (DossierQuoteModel       *model,
                                                          const DossierQuoteInput *input,
                                                          guint8                  *tags);

/* The word clusters the tagger gives token @i of @input (from input->clusters
 * where the entity tagger set them, else looked up): for the tests. */
void                 dossier_quote_model_word_clusters  (const DossierQuoteInput *input,
                                                          guint                    i,
                                                          guint16                 *clusters);

/* Whether @model has learned where content ends (model files before version 2 have not). */
gboolean             dossier_quote_model_has_ends       (DossierQuoteModel       *model);
/* Moves the start and the end of each of @sources (with their cues) to where
 * the model finds annotators put them (within the sentence, at most 15
 * tokens further, never over a @blocked token: one per token, set on the
 * content and cue words), and the last token of each of @contents back to
 * the end it finds most likely (never past its end or into quotation marks).
 * Models without learned ends leave them all as they are. @words (or NULL)
 * is what dossier_quote_model_tag_words gave for the same @input. */
void                 dossier_quote_model_refine         (DossierQuoteModel       *model,
                                                          const DossierQuoteInput *input,
                                                          DossierQuoteWords       *words,
                                                          const guint8            *blocked,
                                                          DossierQuoteContent     *sources,
                                                          guint                    n_sources,
                                                          DossierQuoteContent     *contents,
                                                          guint                    n_contents);

/* Whether the tagger's @proposal is likely an attribution annotators made
 * (models without learned ends keep every one). */
gboolean             dossier_quote_model_keep           (DossierQuoteModel       *model,
                                                          const DossierQuoteInput *input,
                                                          const DossierQuoteProposal *proposal);

/* The same, and in @words (free with dossier_quote_words_free) what it
 * computed of the words, for dossier_quote_model_refine. */
void                 dossier_quote_model_tag_words      (DossierQuoteModel       *model,
                                                          const DossierQuoteInput *input,
                                                          guint8                  *tags,
                                                          DossierQuoteWords      **words);
/* Tags the sentences @words says dossier_quote_model_tag_words left
 * untagged that now have a free cue word (@input->free, the words free
 * now), into @tags (the others are left as they are). Returns whether it
 * tagged any. */
gboolean             dossier_quote_model_tag_more       (DossierQuoteModel       *model,
                                                          const DossierQuoteInput *input,
                                                          DossierQuoteWords       *words,
                                                          guint8                  *tags);
void                 dossier_quote_words_free           (DossierQuoteWords       *words);

/* Training: add articles with their gold tags (copied), then train. */
DossierQuoteTrainer *dossier_quote_trainer_new          (void);
void                 dossier_quote_trainer_free         (DossierQuoteTrainer     *trainer);
void                 dossier_quote_trainer_add          (DossierQuoteTrainer     *trainer,
                                                          const DossierQuoteInput *input,
                                                          const guint8            *gold);
/* The taggers dossier_quote_trainer_train() averages (1, the default: one). */
void                 dossier_quote_trainer_set_runs     (DossierQuoteTrainer     *trainer,
                                                          guint                    runs);
/* Learns the cue lexicon, then @epochs passes of the averaged perceptron
 * (articles in an order fixed by @seed, decoded and updated sentence by
 * sentence after the gold tag before it) and keeps the @max_features
 * strongest features (0: all): deterministic. */
DossierQuoteModel   *dossier_quote_trainer_train        (DossierQuoteTrainer     *trainer,
                                                          guint                    epochs,
                                                          guint                    max_features,
                                                          guint32                  seed);

/* Content ends, learned after the tagger: the contents the rules and the
 * trained tagger @model give on a training article, with the last token
 * annotators gave each (only contents whose gold end the model can choose). */
void                 dossier_quote_trainer_add_ends     (DossierQuoteTrainer     *trainer,
                                                          DossierQuoteModel       *model,
                                                          const DossierQuoteInput *input,
                                                          const DossierQuoteContent *contents,
                                                          const guint             *gold_last,
                                                          guint                    n_contents);
/* Source spans, learned with the content ends: the sources the rules and
 * the trained tagger @model give, with the first and last token of the
 * gold source of the same attribution (G_MAXUINT: not known). */
void                 dossier_quote_trainer_add_sources  (DossierQuoteTrainer     *trainer,
                                                          DossierQuoteModel       *model,
                                                          const DossierQuoteInput *input,
                                                          const guint8            *blocked,
                                                          const DossierQuoteContent *sources,
                                                          const guint             *gold_first,
                                                          const guint             *gold_last,
                                                          guint                    n_sources);
/* Content starts, learned with the ends: the contents as for
 * dossier_quote_trainer_add_ends, with the first token annotators gave each
 * (G_MAXUINT: not known); @blocked as for dossier_quote_model_refine. */
void                 dossier_quote_trainer_add_starts   (DossierQuoteTrainer     *trainer,
                                                          DossierQuoteModel       *model,
                                                          const DossierQuoteInput *input,
                                                          const guint8            *blocked,
                                                          const DossierQuoteContent *contents,
                                                          const guint             *gold_first,
                                                          guint                    n_contents);
/* The tagger's attributions on a training article, learned with the ends:
 * @right says which overlap a gold content. */
void                 dossier_quote_trainer_add_proposals (DossierQuoteTrainer    *trainer,
                                                          DossierQuoteModel       *model,
                                                          const DossierQuoteInput *input,
                                                          const DossierQuoteProposal *proposals,
                                                          const gboolean          *right,
                                                          guint                    n_proposals);
/* @epochs passes of an averaged perceptron that ranks the possible ends;
 * the weights go into @model. Deterministic. */
void                 dossier_quote_trainer_train_ends   (DossierQuoteTrainer     *trainer,
                                                          DossierQuoteModel       *model,
                                                          guint                    epochs,
                                                          guint32                  seed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierQuoteModel, dossier_quote_model_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierQuoteWords, dossier_quote_words_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierQuoteTrainer, dossier_quote_trainer_free)

G_END_DECLS
