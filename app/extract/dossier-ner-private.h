/* dossier-ner-private.h — internals of the entity tagger shared by the
 * tagger, its trainer and the word-cluster program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "dossier-hash.h"

#include "dossier-ner.h"

G_BEGIN_DECLS

/* Longest normalised token the features look at, in bytes (longer ones are cut). */
#define DOSSIER_NER_MAX_WORD 64

/* Labels: O, then B I L U for each type (BILOU encoding). */
#define DOSSIER_NER_N_LABELS (1 + 4 * DOSSIER_NER_N_TYPES)
#define DOSSIER_NER_LABEL_O 0
enum { DOSSIER_NER_POS_B, DOSSIER_NER_POS_I, DOSSIER_NER_POS_L, DOSSIER_NER_POS_U };

static inline guint
_dossier_ner_label (guint type,
                    guint pos)
{
  return 1 + 4 * type + pos;
}

static inline guint
_dossier_ner_label_type (guint label)
{
  return (label - 1) / 4;
}

static inline guint
_dossier_ner_label_pos (guint label)
{
  return (label - 1) % 4;
}

/* Entity type of a label, with O as DOSSIER_NER_N_TYPES. */
static inline guint
_dossier_ner_label_class (guint label)
{
  return label == DOSSIER_NER_LABEL_O ? DOSSIER_NER_N_TYPES : (label - 1) / 4;
}

/* TRUE if @label may follow @prev (DOSSIER_NER_LABEL_O at a sentence start). */
static inline gboolean
_dossier_ner_transition_ok (guint prev,
                            guint label)
{
  gboolean open = prev != DOSSIER_NER_LABEL_O &&
                  (_dossier_ner_label_pos (prev) == DOSSIER_NER_POS_B ||
                   _dossier_ner_label_pos (prev) == DOSSIER_NER_POS_I);

  if (open)
    return label != DOSSIER_NER_LABEL_O &&
           _dossier_ner_label_type (label) == _dossier_ner_label_type (prev) &&
           (_dossier_ner_label_pos (label) == DOSSIER_NER_POS_I ||
            _dossier_ner_label_pos (label) == DOSSIER_NER_POS_L);
  return label == DOSSIER_NER_LABEL_O ||
         _dossier_ner_label_pos (label) == DOSSIER_NER_POS_B ||
         _dossier_ner_label_pos (label) == DOSSIER_NER_POS_U;
}

/* TRUE if a sentence may end on @label. */
static inline gboolean
_dossier_ner_label_can_end (guint label)
{
  return label == DOSSIER_NER_LABEL_O ||
         _dossier_ner_label_pos (label) == DOSSIER_NER_POS_L ||
         _dossier_ner_label_pos (label) == DOSSIER_NER_POS_U;
}

typedef enum
{
  DOSSIER_NER_CAPS_NONE,     /* no letters, no digits: punctuation */
  DOSSIER_NER_CAPS_DIGITS,   /* digits, no letters */
  DOSSIER_NER_CAPS_LOWER,    /* "said" */
  DOSSIER_NER_CAPS_INITIAL,  /* "Trump", "U" */
  DOSSIER_NER_CAPS_ALL,      /* "NATO", "U.S." */
  DOSSIER_NER_CAPS_MIXED,    /* "McDonald", "iPhone" */
  DOSSIER_NER_N_CAPS
} DossierNerCaps;

/* Writes the normalised form of a token into @out (at least
 * DOSSIER_NER_MAX_WORD bytes): digits become 0, typographic quotes, dashes
 * and ellipses their ASCII forms. Returns its length. */
gsize _dossier_ner_normalize (const char *word,
                              gsize       len,
                              char       *out);
/* Lower-cases (ASCII and same-length Unicode) into @out; returns the length. */
gsize _dossier_ner_lower     (const char *word,
                              gsize       len,
                              char       *out);
/* "WASHINGTON" → "Washington" */
gsize _dossier_ner_title     (const char *word,
                              gsize       len,
                              char       *out);
/* DossierNerCaps of a token */
guint _dossier_ner_caps      (const char *word,
                              gsize       len);
/* Word shape: X x d and punctuation, runs cut at @max_run. */
gsize _dossier_ner_shape     (const char *word,
                              gsize       len,
                              guint       max_run,
                              char       *out);

/* 64-bit hashing: strings once per token, then integer mixing for features. */
static inline guint64
_dossier_ner_combine (guint64 h,
                      guint64 v)
{
  return dossier_hash_mix (h * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) + v + 0x632be59bd9b4e019);
}

/* ---- the model file --------------------------------------------------- */

#define DOSSIER_NER_MAGIC "DOSSNER1"
#define DOSSIER_NER_VERSION 1
#define DOSSIER_NER_N_CLUSTERINGS 4
#define DOSSIER_NER_MAX_LEVELS 2
#define DOSSIER_NER_N_GAZ 12

/* Every section starts 8-aligned; all integers little-endian. */
typedef struct
{
  char    magic[8];
  guint32 version;
  guint32 n_labels;
  guint32 n_levels;                     /* 1: first pass only; 2: with the document pass */
  guint32 n_clusterings;
  float   scale[DOSSIER_NER_MAX_LEVELS]; /* weight = stored value × scale */
  float   temperature;                  /* of the softmax that gives confidences */
  guint32 words_capacity;               /* slots of each open-addressing table */
  guint32 gaz_capacity;
  guint32 feats_capacity;
  guint32 n_entries;                    /* 32-bit words of the weight rows */
  guint32 words_offset;                 /* byte offsets of the sections */
  guint32 gaz_offset;
  guint32 feats_offset;
  guint32 entries_offset;
  guint32 total_size;
  guint32 reserved[3];
} DossierNerHeader;

/* Word lexicon, keyed by the normalised, case-kept form. */
typedef struct
{
  guint32 key;                               /* 0: empty */
  guint16 cls[DOSSIER_NER_N_CLUSTERINGS];    /* cluster + 1, 0 = none */
  guint8  case_bucket;                       /* how often its lower-case form is capitalised */
  guint8  freq_bucket;                       /* log2 of its count in the unlabeled news */
} DossierNerWordSlot;

/* Gazetteer n-grams, keyed by the lower-cased tokens: one 32-bit slot with
 * the lists' bits, DOSSIER_NER_GAZ_PREFIX if a longer entry starts with
 * it, and 19 more bits of the n-gram's hash (0: empty slot). */
typedef guint32 DossierNerGazSlot;
#define DOSSIER_NER_GAZ_LISTS  0xfffu
#define DOSSIER_NER_GAZ_PREFIX (1u << 12)
#define DOSSIER_NER_GAZ_KEY_SHIFT 13
#define DOSSIER_NER_GAZ_MAX_TOKENS 6

static inline guint32
_dossier_ner_gaz_key (guint64 h)
{
  return (guint32)(h >> 45);
}

/* Feature rows: entries[offset] holds the entry counts of the levels, one
 * byte each; the entries follow, level by level: label in the low byte,
 * weight as a signed 16-bit value in the high half. */
typedef struct
{
  guint32 key;
  guint32 offset;
} DossierNerFeatSlot;


typedef struct
{
  const DossierNerWordSlot *words;
  guint32                   words_capacity;
  const DossierNerGazSlot  *gaz;
  guint32                   gaz_capacity;
} DossierNerLexicon;

static inline const DossierNerWordSlot *
_dossier_ner_lexicon_word (const DossierNerLexicon *lex,
                           guint64                  h)
{
  guint32 key = dossier_hash_check (h);
  guint32 i;

  if (lex->words_capacity == 0)
    return NULL;
  i = dossier_hash_home (h, lex->words_capacity);
  for (;;)
    {
      const DossierNerWordSlot *s = &lex->words[i];
      if (s->key == key)
        return s;
      if (s->key == 0)
        return NULL;
      if (++i == lex->words_capacity)
        i = 0;
    }
}

/* The list bits and prefix flag of an n-gram, 0 if unknown. */
static inline guint32
_dossier_ner_lexicon_gaz (const DossierNerLexicon *lex,
                          guint64                  h)
{
  guint32 key = _dossier_ner_gaz_key (h);
  guint32 i;

  if (lex->gaz_capacity == 0)
    return 0;
  i = dossier_hash_home (h, lex->gaz_capacity);
  for (;;)
    {
      guint32 s = lex->gaz[i];
      if (s == 0)
        return 0;
      if (s >> DOSSIER_NER_GAZ_KEY_SHIFT == key)
        return s & (DOSSIER_NER_GAZ_LISTS | DOSSIER_NER_GAZ_PREFIX);
      if (++i == lex->gaz_capacity)
        i = 0;
    }
}

struct _DossierNerModel
{
  gint                      ref_count;
  GBytes                   *bytes;
  const DossierNerHeader   *header;
  DossierNerLexicon         lex;
  const DossierNerFeatSlot *feats;
  guint32                   feats_capacity;
  const guint32            *entries;
  guint                     n_levels;
};

static inline const guint32 *
_dossier_ner_model_row (const DossierNerModel *model,
                        guint64                h)
{
  guint32 key = dossier_hash_check (h);
  guint32 i = dossier_hash_home (h, model->feats_capacity);

  for (;;)
    {
      const DossierNerFeatSlot *s = &model->feats[i];
      if (s->key == key)
        return model->entries + s->offset;
      if (s->key == 0)
        return NULL;
      if (++i == model->feats_capacity)
        i = 0;
    }
}

/* ---- documents and features -------------------------------------------- */

enum
{
  DOSSIER_NER_TOK_SENT_START = 1 << 0,
  DOSSIER_NER_TOK_SENT_END   = 1 << 1,
  DOSSIER_NER_TOK_HEADLINE   = 1 << 2,  /* in a sentence written mostly in capitals */
};

typedef struct
{
  guint64 form;       /* hashes of the normalised form, lower-cased, shapes */
  guint64 lower;
  guint64 shape;
  guint64 short_shape;
  guint64 gaz;        /* 3 bits per gazetteer list: 0, or 1 + BILOU position of its match */
  guint32 norm;       /* offset of the normalised form in the document's text buffer */
  guint32 word;       /* index in the document's words */
  guint32 sentence;   /* index of the sentence in the document */
  guint16 cls[DOSSIER_NER_N_CLUSTERINGS];
  guint8  norm_len;
  guint8  caps;       /* DossierNerCaps */
  guint8  case_bucket;
  guint8  freq_bucket;
  guint8  flags;
  guint8  sent_len;   /* tokens in the sentence, capped at 255 */
} DossierNerTok;

/* What the document says about one word (keyed by the lower-cased form). */
typedef struct
{
  guint64 key;                                  /* 0: empty */
  guint16 history[DOSSIER_NER_N_TYPES + 1];     /* classes given so far in this pass */
  guint16 first_pass[DOSSIER_NER_N_TYPES + 1];  /* classes the first pass gave it */
  guint16 mid_capitalised;                      /* mid-sentence, mixed-case text */
  guint16 mid_lower;
} DossierNerDocWord;

typedef struct
{
  DossierNerTok     *toks;
  guint              n_toks;
  guint              toks_size;
  char              *text;       /* normalised forms, NUL-separated */
  gsize              text_len;
  gsize              text_size;
  DossierNerDocWord *words;           /* the document's distinct words */
  guint32            n_words;
  guint32            words_size;
  guint32           *index;           /* open addressing over words: index + 1, 0 empty */
  guint32            index_capacity;  /* power of two */
} DossierNerDoc;

/* The value of a label, word or shape past a sentence's edge in features. */
#define DOSSIER_NER_OUTSIDE 0x7fu

/* Features of one token: at most this many. */
#define DOSSIER_NER_MAX_FEATURES 128

void  _dossier_ner_doc_init           (DossierNerDoc           *doc);
void  _dossier_ner_doc_clear          (DossierNerDoc           *doc);
void  _dossier_ner_doc_prepare        (DossierNerDoc           *doc,
                                       const DossierNerLexicon *lex,
                                       const DossierNerToken   *tokens,
                                       guint                    n_tokens);
/* Label-independent features of token @i: its context features and the
 * word features of it and of its neighbours in the window. */
guint _dossier_ner_base_features      (const DossierNerDoc     *doc,
                                       guint                    i,
                                       guint64                 *out);
/* Window slots: the token, then its neighbours at -2 -1 +1 +2. */
#define DOSSIER_NER_N_SLOTS 5
extern const int _dossier_ner_window[DOSSIER_NER_N_SLOTS];
/* Features of token @j that depend on nothing but its form (and whether an
 * all-caps word is in a headline: see _dossier_ner_word_key), as they
 * appear from window slot @slot. */
guint _dossier_ner_word_features      (const DossierNerDoc     *doc,
                                       guint                    j,
                                       guint                    slot,
                                       guint64                 *out);
/* What the word features of token @j depend on. */
guint64 _dossier_ner_word_key         (const DossierNerDoc     *doc,
                                       guint                    j);
/* Everything else that does not depend on labels. */
guint _dossier_ner_context_features   (const DossierNerDoc     *doc,
                                       guint                    i,
                                       guint64                 *out);
/* Features from the first pass's labels @y1 (second pass only); needs
 * _dossier_ner_doc_set_first_pass first. */
guint _dossier_ner_stack_features     (const DossierNerDoc     *doc,
                                       guint                    i,
                                       const guint8            *y1,
                                       guint64                 *out);
/* The feature of the label before a token (DOSSIER_NER_OUTSIDE at a
 * sentence start): the model's only label-dependent feature within a
 * sentence, so each pass decodes a sentence exactly (Viterbi). */
guint64 _dossier_ner_transition_feature (guint                 prev);
/* What this pass gave the same word in earlier sentences of the document;
 * the same for every label of the sentence. */
guint _dossier_ner_history_features   (const DossierNerDoc     *doc,
                                       guint                    i,
                                       guint64                 *out);
/* The hashes of every feature whose template takes few values (at most
 * @size of them into @out); returns how many there are. */
guint _dossier_ner_small_features     (guint64                 *out,
                                       guint                    size);
void  _dossier_ner_doc_reset_history  (DossierNerDoc           *doc);
void  _dossier_ner_doc_add_history    (DossierNerDoc           *doc,
                                       guint                    i,
                                       guint                    label);
void  _dossier_ner_doc_set_first_pass (DossierNerDoc           *doc,
                                       const guint8            *y1);

/* Entities of a valid BILOU label sequence. */
void  _dossier_ner_labels_to_entities (const guint8            *labels,
                                       const float             *confidence,
                                       guint                    n,
                                       GArray                  *entities);
/* BILOU labels of entities over @n tokens. */
void  _dossier_ner_entities_to_labels (const DossierNerEntity  *entities,
                                       guint                    n_entities,
                                       guint8                  *labels,
                                       guint                    n);

/* Validates a model blob and points @model's tables into it. */
gboolean _dossier_ner_model_map       (DossierNerModel         *model,
                                       GError                 **error);

G_END_DECLS
