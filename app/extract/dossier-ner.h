/* dossier-ner.h — the statistical entity tagger
 *
 * A two-pass averaged-perceptron sequence tagger (BILOU labels, Viterbi
 * decoding under valid transitions) over hashed features: word, shape,
 * affixes, capitalisation and position, word clusters, gazetteers, and
 * document-level features (what the same word was tagged elsewhere in the
 * document). The model is one flat little-endian blob used in place: the
 * shipped one is a GResource, mapped once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  DOSSIER_NER_PER,
  DOSSIER_NER_ORG,
  DOSSIER_NER_LOC,
  DOSSIER_NER_MISC,
  DOSSIER_NER_N_TYPES
} DossierNerType;

typedef enum
{
  DOSSIER_NER_TOKEN_SENTENCE_START = 1 << 0,
} DossierNerTokenFlags;

/* One token of tokenised input; the text is borrowed. */
typedef struct
{
  const char *text;
  guint       len;    /* bytes */
  guint       flags;  /* DossierNerTokenFlags */
} DossierNerToken;

/* A tagged entity: tokens [start, end). */
typedef struct
{
  guint  start;
  guint  end;
  guint  type;        /* DossierNerType */
  float  confidence;  /* 0..1 */
} DossierNerEntity;

typedef struct _DossierNerModel  DossierNerModel;
typedef struct _DossierNerTagger DossierNerTagger;

#define DOSSIER_NER_ERROR (dossier_ner_error_quark ())
GQuark            dossier_ner_error_quark          (void);

typedef enum
{
  DOSSIER_NER_ERROR_INVALID_MODEL,
  DOSSIER_NER_ERROR_INVALID_INPUT,
} DossierNerError;

/* "PER" "ORG" "LOC" "MISC" */
const char       *dossier_ner_type_to_string       (guint                  type);
/* -1 if unknown */
int               dossier_ner_type_from_string     (const char            *name,
                                                    gsize                  len);

/* The model compiled into the app; loaded once, lazily; owned by the library. */
DossierNerModel  *dossier_ner_model_get_default    (GError               **error);
DossierNerModel  *dossier_ner_model_new_from_bytes (GBytes                *bytes,
                                                    GError               **error);
DossierNerModel  *dossier_ner_model_new_from_file  (const char            *path,
                                                    GError               **error);
DossierNerModel  *dossier_ner_model_ref            (DossierNerModel       *model);
void              dossier_ner_model_unref          (DossierNerModel       *model);
/* The serialised model (what save writes). */
GBytes           *dossier_ner_model_get_bytes      (DossierNerModel       *model);
gboolean          dossier_ner_model_save           (DossierNerModel       *model,
                                                    const char            *path,
                                                    GError               **error);

/* Scratch space for tagging; one per thread. */
DossierNerTagger *dossier_ner_tagger_new           (DossierNerModel       *model);
void              dossier_ner_tagger_free          (DossierNerTagger      *tagger);
/* Tags one document (the unit of the document-level features) and appends
 * its entities, in order, to @entities (DossierNerEntity). */
void              dossier_ner_tagger_tag           (DossierNerTagger      *tagger,
                                                    const DossierNerToken *tokens,
                                                    guint                  n_tokens,
                                                    GArray                *entities);
/* The same, also writing to @clusters (n_tokens × DOSSIER_NER_WORD_CLUSTERS, or
 * NULL) each token's word clusters as the tagger looked them up, for the quote
 * tagger to reuse; DOSSIER_NER_CLUSTERS_UNSET where the word was looked up in
 * a way of the entity tagger's own (an all-capitals word, a very long one). */
#define DOSSIER_NER_WORD_CLUSTERS 4
#define DOSSIER_NER_CLUSTERS_UNSET G_MAXUINT16
void              dossier_ner_tagger_tag_full      (DossierNerTagger      *tagger,
                                                    const DossierNerToken *tokens,
                                                    guint                  n_tokens,
                                                    GArray                *entities,
                                                    guint16               *clusters);

/* CoNLL-2003 input: tokens are the first column, blank lines end sentences,
 * -DOCSTART- lines separate documents. */
typedef struct
{
  GArray *tokens;     /* DossierNerToken, pointing into the parsed text */
  GArray *documents;  /* guint: first token of each document, then n_tokens */
  GArray *lines;      /* guint: line index (from 0) of each token */
  GArray *gold;       /* DossierNerEntity from the last column, if it holds tags */
  guint   n_lines;
} DossierNerCorpus;

DossierNerCorpus *dossier_ner_corpus_parse         (const char            *contents,
                                                    gsize                  length,
                                                    gboolean               with_gold,
                                                    GError               **error);
void              dossier_ner_corpus_free          (DossierNerCorpus      *corpus);

/* Entity-level exact-match counts, as conlleval computes them. */
typedef struct
{
  guint correct[DOSSIER_NER_N_TYPES];
  guint found[DOSSIER_NER_N_TYPES];   /* predicted */
  guint gold[DOSSIER_NER_N_TYPES];
} DossierNerScore;

void              dossier_ner_score_add            (DossierNerScore       *score,
                                                    const DossierNerEntity *gold,
                                                    guint                  n_gold,
                                                    const DossierNerEntity *found,
                                                    guint                  n_found);
/* F1 in percent over all types, or one type (0..N_TYPES-1); precision and recall optional. */
double            dossier_ner_score_f1             (const DossierNerScore *score,
                                                    int                    type,
                                                    double                *precision,
                                                    double                *recall);
/* Tags every document of @corpus with @tagger, appending to @entities. */
void              dossier_ner_tag_corpus           (DossierNerTagger      *tagger,
                                                    const DossierNerCorpus *corpus,
                                                    GArray                *entities);

/* CoNLL in and out: every line of @contents back unchanged, a predicted tag
 * (IOB1) appended to each token line and to -DOCSTART- lines. */
gboolean          dossier_ner_conll_write          (DossierNerModel       *model,
                                                    const char            *contents,
                                                    gsize                  length,
                                                    GString               *out,
                                                    GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierNerModel, dossier_ner_model_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierNerTagger, dossier_ner_tagger_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierNerCorpus, dossier_ner_corpus_free)

G_END_DECLS
