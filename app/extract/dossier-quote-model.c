/* dossier-quote-model.c — averaged perceptron tagger for Source / Cue / Content
 *
 * Features are 64-bit hashes: each token's lower-cased form and a
 * suffix-stripped stem are hashed once, and templates combine them with
 * integer mixing. Word clusters come from the entity tagger's lexicon (so
 * this model is retrained when that one's clusters change). The model file is a little-endian table of feature keys
 * with one 16-bit weight per tag, sorted by key, plus the transition
 * weights and the cue lexicon learned from the training data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-quote-model"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "dossier-ner-private.h"
#include "dossier-hash.h"
#include "dossier-quote-model.h"
#include "dossier-quote-words.h"
#include "dossier-model-resources.h"

#define T DOSSIER_QTAG_N
#define MAX_FEATS 56
#define FILTER_BITS (1u << 20)
#define MAGIC "DOSSQTM1"
#define VERSION 1
#define MODEL_RESOURCE RESOURCE_BASE "/model/quotes.model"

typedef struct
{
  guint64 key;
  gint16  w[8];   /* one weight per tag, in the slot so a lookup touches one cache line */
} Slot;

struct _DossierQuoteModel
{
  guint    n_feats;
  guint64 *keys;       /* sorted */
  gint16  *rows;       /* n_feats × 8 */
  guint32  mask;       /* lookup table: capacity - 1 */
  Slot    *slots;      /* key 0: empty */
  guint64 *filter;     /* FILTER_BITS bits: keys present, for fast misses */
  float    scale;
  float    trans[T][T];
  guint    n_cues;
  guint64 *cues;       /* sorted stem hashes of the learned cue lexicon */
};

/* ---- hashing ----------------------------------------------------------- */

/* a feature key: template @h with value @v (one mix) */
static inline guint64
combine (guint64 h,
         guint64 v)
{
  guint64 k = dossier_hash_mix (h * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) + v + 0x632be59bd9b4e019);

  return k != 0 ? k : 1;
}

/* two values joined before they go into combine (no mixing) */
static inline guint64
pair (guint64 a,
      guint64 b)
{
  return (a * G_GUINT64_CONSTANT (0xc2b2ae3d27d4eb4f)) ^
         (b + G_GUINT64_CONSTANT (0x165667b19e3779f9));
}

/* ---- per-token information --------------------------------------------- */

typedef struct
{
  guint64 word;   /* lower-cased form */
  guint64 stem;   /* lower-cased, common suffixes stripped */
  guint64 shape;
  guint8  inq;    /* inside double quotation marks */
  guint8  qmark;  /* 1 opening mark, 2 closing mark */
  guint8  cue;    /* stem in the cue lexicon */
  guint8  pos;    /* position in the sentence, bucketed */
  guint8  last;   /* last token(s) of the sentence */
  gint16  cue_left, cue_right;   /* distance to the nearest lexicon cue in the sentence, or -1 */
  gint16  rule_left, rule_right; /* the same for a cue the rules found */
  guint64 cue_left_stem, cue_right_stem;
  guint16 cls[DOSSIER_NER_N_CLUSTERINGS]; /* the entity tagger's word clusters + 1, 0: none */
  gint32  cue_left_at;   /* the nearest lexicon cue on the left, or -1 */
} TokInfo;

static gsize
stem_of (char  *w,
         gsize  len)
{
  if (len > 5 && memcmp (w + len - 3, "ing", 3) == 0)
    return len - 3;
  if (len > 4 && memcmp (w + len - 3, "ies", 3) == 0)
    {
      w[len - 3] = 'y';
      return len - 2;
    }
  if (len > 4 && memcmp (w + len - 2, "ed", 2) == 0)
    return len - 2;
  if (len > 4 && memcmp (w + len - 2, "es", 2) == 0)
    return len - 1;
  if (len > 3 && w[len - 1] == 's' && w[len - 2] != 's')
    return len - 1;
  return len;
}

static guint64
shape_of (const char *s,
          gsize       len)
{
  char out[8];
  gsize n = 0;
  char prev = 0;

  for (gsize i = 0; i < len && n < sizeof out; i++)
    {
      guchar c = s[i];
      char k = g_ascii_isupper (c) ? 'X' : g_ascii_islower (c) ? 'x' : g_ascii_isdigit (c) ? 'd' :
               c >= 0x80 ? 'u' : (char)c;
      if (k != prev)
        out[n++] = k;
      prev = k;
    }
  return dossier_hash_bytes (out, n);
}

static gboolean
in_lexicon (const guint64 *cues,
            guint          n_cues,
            guint64        stem)
{
  guint lo = 0, hi = n_cues;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (cues[mid] == stem)
        return TRUE;
      if (cues[mid] < stem)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

static inline gboolean
is_rule_cue (guint8 t)
{
  return t == DOSSIER_QTAG_B_CUE || t == DOSSIER_QTAG_I_CUE;
}

static TokInfo *
token_info (const DossierQuoteInput *in,
            const guint64           *cues,
            guint                    n_cues)
{

  const DossierTokens *tk = in->tokens;
  guint n = dossier_tokens_len (tk);
  TokInfo *info = g_new0 (TokInfo, n + 1);
  gboolean open = FALSE;

  for (guint i = 0; i < n; i++)
    {
      const DossierToken *t = dossier_tokens_get (tk, i);
      const char *s = tk->text + t->byte_start;
      gsize len = MIN (t->byte_end - t->byte_start, 63);
      char low[64];
      gsize sl;

      for (gsize k = 0; k < len; k++)
        low[k] = g_ascii_tolower (s[k]);
      info[i].word = dossier_hash_bytes (low, len);
      sl = t->kind == DOSSIER_TOKEN_WORD ? stem_of (low, len) : len;
      info[i].stem = dossier_hash_bytes (low, sl);
      info[i].shape = shape_of (s, len);
      info[i].cue = in_lexicon (cues, n_cues, info[i].stem);

      if (t->flags & DOSSIER_TOKEN_PARAGRAPH_START)
        open = FALSE;
      /* double marks: " “ ” */
      if (t->kind == DOSSIER_TOKEN_QUOTE &&
          (len == 1 ? s[0] == '"' : len == 3 && ((guchar)s[2] == 0x9c || (guchar)s[2] == 0x9d)))
        {
          gboolean opens = (t->flags & DOSSIER_TOKEN_QUOTE_OPEN) != 0;
          gboolean closes = (t->flags & DOSSIER_TOKEN_QUOTE_CLOSE) != 0;
          if (opens && !closes)
            open = TRUE, info[i].qmark = 1;
          else if (closes && !opens)
            open = FALSE, info[i].qmark = 2;
          else
            {
              info[i].qmark = open ? 2 : 1;
              open = !open;
            }
          info[i].inq = 1;
        }
      else
        info[i].inq = open;
    }

  for (guint s = 0; s < tk->sentences->len; s++)
    {
      const DossierSentence *sent = &g_array_index (tk->sentences, DossierSentence, s);
      guint first = sent->first_token, end = sent->first_token + sent->n_tokens;
      int lc = -1, lr = -1;

      for (guint i = first; i < end; i++)
        {
          guint p = i - first;
          info[i].pos = p < 3 ? p : p < 6 ? 3 : p < 11 ? 4 : 5;
          info[i].last = end - i <= 2 ? (guint8)(end - i) : 0;
          info[i].cue_left = lc >= 0 ? (gint16)MIN (i - lc, 30000) : -1;
          info[i].cue_left_stem = lc >= 0 ? info[lc].stem : 0;
          info[i].cue_left_at = lc;
          info[i].rule_left = lr >= 0 ? (gint16)MIN (i - lr, 30000) : -1;
          if (info[i].cue)
            lc = i;
          if (is_rule_cue (in->rule[i]))
            lr = i;
        }
      lc = lr = -1;
      for (guint i = end; i-- > first;)
        {
          info[i].cue_right = lc >= 0 ? (gint16)MIN (lc - i, 30000) : -1;
          info[i].cue_right_stem = lc >= 0 ? info[lc].stem : 0;
          info[i].rule_right = lr >= 0 ? (gint16)MIN (lr - i, 30000) : -1;
          if (info[i].cue)
            lc = i;
          if (is_rule_cue (in->rule[i]))
            lr = i;
        }
    }
  return info;
}

/* Word clusters of the tokens @active marks (all if NULL) and their neighbours. */
static void
fill_clusters (const DossierQuoteInput *in,
               TokInfo                 *info,
               const guint8            *active)
{
  DossierNerModel *ner = dossier_ner_model_get_default (NULL);
  guint n = dossier_tokens_len (in->tokens);

  if (ner == NULL)
    return;
  for (guint i = 0; i < n; i++)
    {
      const DossierToken *t = dossier_tokens_get (in->tokens, i);
      char norm[DOSSIER_NER_MAX_WORD], lower[DOSSIER_NER_MAX_WORD];
      const DossierNerWordSlot *w;
      gsize nl;

      if (active != NULL && !active[i] && !(i > 0 && active[i - 1]) && !active[i + 1])
        continue;
      nl = MIN (t->byte_end - t->byte_start, DOSSIER_NER_MAX_WORD - 1);
      nl = _dossier_ner_normalize (in->tokens->text + t->byte_start, nl, norm);
      w = _dossier_ner_lexicon_word (&ner->lex, dossier_hash_bytes (norm, nl));
      if (w == NULL)
        {
          gsize ll = _dossier_ner_lower (norm, nl, lower);
          w = _dossier_ner_lexicon_word (&ner->lex, dossier_hash_bytes (lower, ll));
        }
      if (w != NULL)
        memcpy (info[i].cls, w->cls, sizeof info[i].cls);
    }
}

static inline guint64
bucket (int d)
{
  return d < 0 ? 9 : d <= 3 ? (guint64)d : d <= 5 ? 4 : d <= 10 ? 5 : d <= 20 ? 6 : 7;
}

#define CLS_MASK (DOSSIER_WORD_CUE | DOSSIER_WORD_CUE_OBJECT | DOSSIER_WORD_CUE_WEAK | \
                  DOSSIER_WORD_PRONOUN | DOSSIER_WORD_DET | DOSSIER_WORD_PREP | \
                  DOSSIER_WORD_CONJ | DOSSIER_WORD_AUX | DOSSIER_WORD_TITLE | \
                  DOSSIER_WORD_PERSON_NOUN | DOSSIER_WORD_RELATIVE)

/* The feature hashes of token @i; returns how many. */
static guint
features (const DossierQuoteInput *in,
          const TokInfo           *x,
          guint                    n,
          guint                    i,
          guint64                 *f)
{
  const TokInfo *t = &x[i];
  static const TokInfo none = { .word = 1, .stem = 1, .shape = 1, .cue_left = -1, .cue_right = -1 };
  const TokInfo *p1 = i >= 1 ? &x[i - 1] : &none;
  const TokInfo *p2 = i >= 2 ? &x[i - 2] : &none;
  const TokInfo *n1 = i + 1 < n ? &x[i + 1] : &none;
  const TokInfo *n2 = i + 2 < n ? &x[i + 2] : &none;
  guint64 r0 = in->rule[i];
  guint64 rp = i >= 1 ? in->rule[i - 1] : 8;
  guint64 rn = i + 1 < n ? in->rule[i + 1] : 8;
  guint64 e0 = in->ent[i];
  guint64 ep = i >= 1 ? in->ent[i - 1] : 8;
  guint64 en = i + 1 < n ? in->ent[i + 1] : 8;
  guint64 c0 = in->cls[i] & CLS_MASK;
  guint64 cp = i >= 1 ? in->cls[i - 1] & CLS_MASK : 1u << 30;
  guint64 cn = i + 1 < n ? in->cls[i + 1] & CLS_MASK : 1u << 30;
  const DossierToken *tok = dossier_tokens_get (in->tokens, i);
  guint64 start = (tok->flags & DOSSIER_TOKEN_SENTENCE_START ? 1 : 0) |
                  (tok->flags & DOSSIER_TOKEN_PARAGRAPH_START ? 2 : 0);
  guint64 dl = bucket (t->cue_left), dr = bucket (t->cue_right);
  guint64 rl = bucket (t->rule_left), rr = bucket (t->rule_right);
  guint k = 0;

  f[k++] = combine (1, 0);
  f[k++] = combine (2, t->word);
  f[k++] = combine (3, t->stem);
  f[k++] = combine (4, p1->word);
  f[k++] = combine (5, n1->word);
  f[k++] = combine (6, p2->word);
  f[k++] = combine (7, n2->word);
  f[k++] = combine (8, p1->stem);
  f[k++] = combine (9, n1->stem);
  f[k++] = combine (10, pair (p1->word, t->word));
  f[k++] = combine (11, pair (t->word, n1->word));
  f[k++] = combine (12, t->shape);
  f[k++] = combine (13, pair (p1->shape, t->shape));
  f[k++] = combine (14, c0);
  f[k++] = combine (15, cp);
  f[k++] = combine (16, cn);
  f[k++] = combine (17, r0);
  f[k++] = combine (18, pair (rp, r0));
  f[k++] = combine (19, pair (r0, rn));
  f[k++] = combine (20, pair (r0, t->stem));
  f[k++] = combine (21, pair (r0, t->inq));
  f[k++] = combine (22, e0);
  f[k++] = combine (23, pair (ep, e0));
  f[k++] = combine (24, pair (e0, en));
  f[k++] = combine (25, t->inq * 4 + t->qmark);
  f[k++] = combine (26, pair (t->inq * 4 + t->qmark, pair (dl, dr)));
  f[k++] = combine (27, start);
  f[k++] = combine (28, t->last);
  f[k++] = combine (29, pair (dl, dr));
  f[k++] = combine (30, pair (dl, t->cue_left_stem));
  f[k++] = combine (31, pair (dr, t->cue_right_stem));
  f[k++] = combine (32, pair (rl, rr));
  f[k++] = combine (33, pair (pair (rl, rr), r0));
  f[k++] = combine (34, t->pos);
  f[k++] = combine (35, pair (t->pos, pair (dl, dr)));
  f[k++] = combine (36, pair (t->cue, pair (p1->cue, n1->cue)));
  f[k++] = combine (37, pair (t->stem, n1->word));
  f[k++] = combine (38, pair (p1->word, pair (t->stem, e0)));
  f[k++] = combine (39, pair (t->word, en));
  f[k++] = combine (40, pair (t->word, ep));
  f[k++] = combine (41, pair (t->cue, pair (ep, cp)));
  f[k++] = combine (42, pair (t->cue, pair (en, cn)));
  f[k++] = combine (43, pair (t->last, pair (dl, t->inq)));
  f[k++] = combine (44, pair (start, pair (t->inq, rl)));
  f[k++] = combine (45, t->cls[2]);
  f[k++] = combine (46, t->cls[1]);
  f[k++] = combine (47, pair (p1->cls[0], t->cls[0]));
  f[k++] = combine (48, pair (t->cls[0], n1->cls[0]));
  f[k++] = combine (49, n1->cls[1]);
  f[k++] = combine (50, p1->cls[1]);
  f[k++] = combine (51, pair (dl, t->cue_left_at >= 0 ? x[t->cue_left_at].cls[1] : 0));
  f[k++] = combine (52, pair (t->cls[1], e0));
  g_assert (k <= MAX_FEATS);
  return k;
}

/* ---- decoding ---------------------------------------------------------- */

static inline gboolean
allowed (guint prev,
         guint tag)
{
  if (tag == DOSSIER_QTAG_I_SOURCE || tag == DOSSIER_QTAG_I_CUE || tag == DOSSIER_QTAG_I_CONTENT)
    return prev == tag || prev == tag - 1;
  return TRUE;
}

/* Best tag sequence under valid transitions; @emit is n × T scores. */
static void
viterbi (const float *emit,
         const float  trans[T][T],
         guint        n,
         guint        start_prev,
         guint8      *tags)
{
  g_autofree float *delta = g_new (float, (gsize)n * T);
  g_autofree guint8 *back = g_new (guint8, (gsize)n * T);

  if (n == 0)
    return;
  for (guint t = 0; t < T; t++)
    delta[t] = allowed (start_prev, t) ? emit[t] + trans[start_prev][t] : -1e30f;
  for (guint i = 1; i < n; i++)
    for (guint t = 0; t < T; t++)
      {
        float best = -1e30f;
        guint arg = 0;
        for (guint p = 0; p < T; p++)
          {
            float v;
            if (!allowed (p, t))
              continue;
            v = delta[(gsize)(i - 1) * T + p] + trans[p][t];
            if (v > best)
              best = v, arg = p;
          }
        delta[(gsize)i * T + t] = best + emit[(gsize)i * T + t];
        back[(gsize)i * T + t] = arg;
      }
  {
    float best = -1e30f;
    guint arg = 0;
    for (guint t = 0; t < T; t++)
      if (delta[(gsize)(n - 1) * T + t] > best)
        best = delta[(gsize)(n - 1) * T + t], arg = t;
    for (guint i = n; i-- > 0;)
      {
        tags[i] = arg;
        if (i > 0)
          arg = back[(gsize)i * T + arg];
      }
  }
}

/* ---- the model --------------------------------------------------------- */

static void
build_table (DossierQuoteModel *m)
{
  guint32 cap = 16;

  while (cap < m->n_feats * 2 + 16)
    cap *= 2;
  m->mask = cap - 1;
  m->slots = g_new0 (Slot, cap);
  m->filter = g_new0 (guint64, FILTER_BITS / 64);
  for (guint f = 0; f < m->n_feats; f++)
    {
      guint32 bit = (guint32)(m->keys[f] >> 40) & (FILTER_BITS - 1);
      guint32 s = (guint32)m->keys[f] & m->mask;

      m->filter[bit / 64] |= G_GUINT64_CONSTANT (1) << (bit % 64);
      while (m->slots[s].key != 0)
        s = (s + 1) & m->mask;
      m->slots[s].key = m->keys[f];
      memcpy (m->slots[s].w, &m->rows[(gsize)f * 8], sizeof m->slots[s].w);
    }
}

static inline const gint16 *
lookup (const DossierQuoteModel *m,
        guint64                  key)
{
  guint32 s = (guint32)key & m->mask;
  guint32 bit = (guint32)(key >> 40) & (FILTER_BITS - 1);

  if (!(m->filter[bit / 64] & (G_GUINT64_CONSTANT (1) << (bit % 64))))
    return NULL;
  for (;;)
    {
      guint64 k = m->slots[s].key;
      if (k == key)
        return m->slots[s].w;
      if (k == 0)
        return NULL;
      s = (s + 1) & m->mask;
    }
}

void
dossier_quote_model_free (DossierQuoteModel *model)
{
  if (model == NULL)
    return;
  g_free (model->keys);
  g_free (model->rows);
  g_free (model->slots);
  g_free (model->filter);
  g_free (model->cues);
  g_free (model);
}

guint
dossier_quote_model_n_features (DossierQuoteModel *model)
{
  g_return_val_if_fail (model != NULL, 0);
  return model->n_feats;
}

void
dossier_quote_model_tag (DossierQuoteModel       *model,
                         const DossierQuoteInput *input,
                         guint8                  *tags)
{
  guint n;
  g_autofree TokInfo *x = NULL;
  g_autofree float *emit = NULL;
  g_autofree guint8 *active = NULL;
  guint64 f[MAX_FEATS];

  g_return_if_fail (model != NULL);
  g_return_if_fail (input != NULL && input->tokens != NULL);
  g_return_if_fail (tags != NULL);

  n = dossier_tokens_len (input->tokens);
  if (n == 0)
    return;
  x = token_info (input, model->cues, model->n_cues);
  emit = g_new0 (float, (gsize)n * T);
  if (input->free != NULL)
    {
      const GArray *sents = input->tokens->sentences;
      guint ns = sents->len;
      g_autofree guint8 *has_cue = g_new0 (guint8, ns + 2);

      active = g_new0 (guint8, n + 1);
      for (guint s = 0; s < ns; s++)
        {
          const DossierSentence *sent = &g_array_index (sents, DossierSentence, s);
          for (guint i = sent->first_token; i < sent->first_token + sent->n_tokens; i++)
            if (x[i].cue && input->free[i])
              has_cue[s] = 1;
        }
      for (guint s = 0; s < ns; s++)
        if (has_cue[s])
          {
            const DossierSentence *sent = &g_array_index (sents, DossierSentence, s);
            memset (active + sent->first_token, 1, sent->n_tokens);
          }
    }
  fill_clusters (input, x, active);
  for (guint i = 0; i < n; i++)
    {
      gint32 sum[T] = { 0 };
      guint nf;

      if (active != NULL && !active[i])
        {
          /* outside: O only */
          for (guint t = 1; t < T; t++)
            emit[(gsize)i * T + t] = -1e6f;
          continue;
        }
      nf = features (input, x, n, i, f);
      for (guint k = 0; k < nf; k++)
        {
          const gint16 *row = lookup (model, f[k]);
          if (row != NULL)
            for (guint t = 0; t < T; t++)
              sum[t] += row[t];
        }
      for (guint t = 0; t < T; t++)
        emit[(gsize)i * T + t] = sum[t] * model->scale;
    }
  viterbi (emit, (const float (*)[T])model->trans, n, DOSSIER_QTAG_O, tags);
}

DossierQuoteModel *
dossier_quote_model_get_default (void)
{
  static DossierQuoteModel *model;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      g_autoptr(GBytes) bytes = NULL;

      /* referencing the resource keeps its object file in the static library */
      g_resource_ref (dossier_model_get_resource ());
      bytes = g_resources_lookup_data (MODEL_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      if (bytes != NULL)
        model = dossier_quote_model_new_from_bytes (bytes, NULL);
      g_once_init_leave (&once, 1);
    }
  return model;
}

/* ---- serialisation ----------------------------------------------------- */

typedef struct
{
  const guchar *p;
  gsize         left;
} Reader;

static gboolean
read_bytes (Reader *r,
            void   *out,
            gsize   len)
{
  if (r->left < len)
    return FALSE;
  memcpy (out, r->p, len);
  r->p += len;
  r->left -= len;
  return TRUE;
}

static gboolean
read_u32 (Reader  *r,
          guint32 *v)
{
  guint32 le;

  if (!read_bytes (r, &le, 4))
    return FALSE;
  *v = GUINT32_FROM_LE (le);
  return TRUE;
}

static gboolean
read_u64 (Reader  *r,
          guint64 *v)
{
  guint64 le;

  if (!read_bytes (r, &le, 8))
    return FALSE;
  *v = GUINT64_FROM_LE (le);
  return TRUE;
}

static gboolean
read_float (Reader *r,
            float  *v)
{
  guint32 u;

  if (!read_u32 (r, &u))
    return FALSE;
  memcpy (v, &u, 4);
  return TRUE;
}

DossierQuoteModel *
dossier_quote_model_new_from_bytes (GBytes  *bytes,
                                    GError **error)
{
  g_autoptr(DossierQuoteModel) m = g_new0 (DossierQuoteModel, 1);
  Reader r;
  char magic[8];
  guint32 version, n_feats, n_cues;
  gsize size;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  r.p = g_bytes_get_data (bytes, &size);
  r.left = size;
  if (!read_bytes (&r, magic, 8) || memcmp (magic, MAGIC, 8) != 0 ||
      !read_u32 (&r, &version) || version != VERSION ||
      !read_u32 (&r, &n_feats) || !read_u32 (&r, &n_cues) || !read_float (&r, &m->scale) ||
      n_feats > r.left / 24 || n_cues > r.left / 8)
    goto bad;
  for (guint a = 0; a < T; a++)
    for (guint b = 0; b < T; b++)
      if (!read_float (&r, &m->trans[a][b]))
        goto bad;
  m->n_cues = n_cues;
  m->cues = g_new (guint64, n_cues + 1);
  for (guint c = 0; c < n_cues; c++)
    if (!read_u64 (&r, &m->cues[c]) || (c > 0 && m->cues[c] <= m->cues[c - 1]))
      goto bad;
  m->n_feats = n_feats;
  m->keys = g_new (guint64, n_feats + 1);
  m->rows = g_new0 (gint16, (gsize)n_feats * 8 + 8);
  for (guint f = 0; f < n_feats; f++)
    {
      if (!read_u64 (&r, &m->keys[f]) || m->keys[f] == 0 || (f > 0 && m->keys[f] <= m->keys[f - 1]))
        goto bad;
      for (guint t = 0; t < 8; t++)
        {
          guint16 le;
          if (!read_bytes (&r, &le, 2))
            goto bad;
          m->rows[(gsize)f * 8 + t] = (gint16)GUINT16_FROM_LE (le);
        }
    }
  if (r.left != 0)
    goto bad;
  build_table (m);
  return g_steal_pointer (&m);

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a quote attribution model");
  return NULL;
}

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  guint32 le = GUINT32_TO_LE (v);

  g_byte_array_append (out, (const guint8 *)&le, 4);
}

static void
put_u64 (GByteArray *out,
         guint64     v)
{
  guint64 le = GUINT64_TO_LE (v);

  g_byte_array_append (out, (const guint8 *)&le, 8);
}

static void
put_float (GByteArray *out,
           float       v)
{
  guint32 u;

  memcpy (&u, &v, 4);
  put_u32 (out, u);
}

GBytes *
dossier_quote_model_serialize (DossierQuoteModel *model)
{
  GByteArray *out;

  g_return_val_if_fail (model != NULL, NULL);

  out = g_byte_array_new ();
  g_byte_array_append (out, (const guint8 *)MAGIC, 8);
  put_u32 (out, VERSION);
  put_u32 (out, model->n_feats);
  put_u32 (out, model->n_cues);
  put_float (out, model->scale);
  for (guint a = 0; a < T; a++)
    for (guint b = 0; b < T; b++)
      put_float (out, model->trans[a][b]);
  for (guint c = 0; c < model->n_cues; c++)
    put_u64 (out, model->cues[c]);
  for (guint f = 0; f < model->n_feats; f++)
    {
      put_u64 (out, model->keys[f]);
      for (guint t = 0; t < 8; t++)
        {
          guint16 le = GUINT16_TO_LE ((guint16)model->rows[(gsize)f * 8 + t]);
          g_byte_array_append (out, (const guint8 *)&le, 2);
        }
    }
  return g_byte_array_free_to_bytes (out);
}

gboolean
dossier_quote_model_save (DossierQuoteModel  *model,
                          const char         *path,
                          GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = dossier_quote_model_serialize (model);
  return g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                              error);
}

/* ---- training ---------------------------------------------------------- */

typedef struct
{
  guint    n;
  guint8  *gold;
  guint32 *feat_start; /* n + 1 offsets into feats */
  guint32 *feats;      /* dense feature ids */
  guint    n_chunks;
  guint32 *chunk;      /* n_chunks + 1 first tokens: training decodes sentence by sentence */
} Doc;

typedef struct
{
  guint    n;
  guint8  *gold;
  guint8  *rule;
  guint8  *ent;
  guint32 *cls;
  char    *text;
  DossierTokens *tokens;
} RawDoc;

struct _DossierQuoteTrainer
{
  GArray *raw;  /* RawDoc */
};

/* u64 → dense id, open addressing */
typedef struct
{
  guint64 *keys;
  guint32 *ids;
  guint32  mask;
  guint32  n;
} IdTable;

static guint32
id_of (IdTable *t,
       guint64  key)
{
  guint32 s;

  if ((t->n + 1) * 2 > t->mask + 1)
    {
      guint32 cap = (t->mask + 1) * 2;
      guint64 *keys = g_new0 (guint64, cap);
      guint32 *ids = g_new (guint32, cap);
      for (guint32 i = 0; i <= t->mask; i++)
        if (t->keys[i] != 0)
          {
            guint32 j = (guint32)t->keys[i] & (cap - 1);
            while (keys[j] != 0)
              j = (j + 1) & (cap - 1);
            keys[j] = t->keys[i];
            ids[j] = t->ids[i];
          }
      g_free (t->keys);
      g_free (t->ids);
      t->keys = keys;
      t->ids = ids;
      t->mask = cap - 1;
    }
  s = (guint32)key & t->mask;
  while (t->keys[s] != 0 && t->keys[s] != key)
    s = (s + 1) & t->mask;
  if (t->keys[s] == 0)
    {
      t->keys[s] = key;
      t->ids[s] = t->n++;
    }
  return t->ids[s];
}

DossierQuoteTrainer *
dossier_quote_trainer_new (void)
{
  DossierQuoteTrainer *tr = g_new0 (DossierQuoteTrainer, 1);

  tr->raw = g_array_new (FALSE, FALSE, sizeof (RawDoc));
  return tr;
}

void
dossier_quote_trainer_free (DossierQuoteTrainer *trainer)
{
  if (trainer == NULL)
    return;
  for (guint d = 0; d < trainer->raw->len; d++)
    {
      RawDoc *r = &g_array_index (trainer->raw, RawDoc, d);
      g_free (r->gold);
      g_free (r->rule);
      g_free (r->ent);
      g_free (r->cls);
      dossier_tokens_free (r->tokens);
      g_free (r->text);
    }
  g_array_unref (trainer->raw);
  g_free (trainer);
}

void
dossier_quote_trainer_add (DossierQuoteTrainer     *trainer,
                           const DossierQuoteInput *input,
                           const guint8            *gold)
{
  RawDoc r = { 0 };
  guint n;

  g_return_if_fail (trainer != NULL);
  g_return_if_fail (input != NULL && input->tokens != NULL);
  g_return_if_fail (gold != NULL);

  n = dossier_tokens_len (input->tokens);
  r.n = n;
  r.gold = g_new0 (guint8, n + 1);
  r.rule = g_new0 (guint8, n + 1);
  r.ent = g_new0 (guint8, n + 1);
  r.cls = g_new0 (guint32, n + 1);
  memcpy (r.gold, gold, n);
  memcpy (r.rule, input->rule, n);
  memcpy (r.ent, input->ent, n);
  memcpy (r.cls, input->cls, n * sizeof (guint32));
  r.text = g_strndup (input->tokens->text, input->tokens->n_bytes);
  r.tokens = dossier_tokens_new (r.text, input->tokens->n_bytes);
  dossier_tokenize (r.tokens);
  g_assert (dossier_tokens_len (r.tokens) == n);
  g_array_append_val (trainer->raw, r);
}

static int
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *)a, y = *(const guint64 *)b;

  return x < y ? -1 : x > y;
}

typedef struct
{
  guint64 stem;
  guint   total;
  guint   as_cue;
} StemCount;

/* Stems tagged as cues at least 5 times and in at least a fifth of their occurrences. */
static GArray *
learn_cues (DossierQuoteTrainer *tr)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  GArray *cues = g_array_new (FALSE, FALSE, sizeof (guint64));
  GHashTableIter it;
  gpointer value;

  for (guint d = 0; d < tr->raw->len; d++)
    {
      RawDoc *r = &g_array_index (tr->raw, RawDoc, d);
      DossierQuoteInput in = { r->tokens, r->cls, r->rule, r->ent, NULL };
      g_autofree TokInfo *x = token_info (&in, NULL, 0);

      for (guint i = 0; i < r->n; i++)
        {
          StemCount *sc;
          if (dossier_tokens_get (r->tokens, i)->kind != DOSSIER_TOKEN_WORD)
            continue;
          sc = g_hash_table_lookup (counts, &x[i].stem);
          if (sc == NULL)
            {
              sc = g_new0 (StemCount, 1);
              sc->stem = x[i].stem;
              g_hash_table_insert (counts, &sc->stem, sc);
            }
          sc->total++;
          if (r->gold[i] == DOSSIER_QTAG_B_CUE || r->gold[i] == DOSSIER_QTAG_I_CUE)
            sc->as_cue++;
        }
    }
  g_hash_table_iter_init (&it, counts);
  while (g_hash_table_iter_next (&it, NULL, &value))
    {
      const StemCount *sc = value;
      if (sc->as_cue >= 5 && sc->as_cue * 5 >= sc->total)
        g_array_append_val (cues, sc->stem);
    }
  g_array_sort (cues, compare_u64);
  return cues;
}

static int
compare_float_desc (const void *a,
                    const void *b)
{
  float x = *(const float *)a, y = *(const float *)b;

  return x > y ? -1 : x < y;
}

DossierQuoteModel *
dossier_quote_trainer_train (DossierQuoteTrainer *trainer,
                             guint                epochs,
                             guint                max_features,
                             guint32              seed)
{
  g_autoptr(GArray) cues = NULL;
  g_autoptr(GArray) docs = g_array_new (FALSE, FALSE, sizeof (Doc));
  IdTable ids = { g_new0 (guint64, 1024), g_new (guint32, 1024), 1023, 0 };
  g_autofree float *w = NULL;
  g_autofree float *wa = NULL;
  float tw[T][T] = { { 0 } }, twa[T][T] = { { 0 } };
  g_autofree guint *order = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  DossierQuoteModel *m;
  guint64 f[MAX_FEATS];
  float c = 1;
  guint max_n = 0;
  float max_abs = 0;

  g_return_val_if_fail (trainer != NULL, NULL);

  cues = learn_cues (trainer);

  for (guint d = 0; d < trainer->raw->len; d++)
    {
      RawDoc *r = &g_array_index (trainer->raw, RawDoc, d);
      DossierQuoteInput in = { r->tokens, r->cls, r->rule, r->ent, NULL };
      g_autofree TokInfo *x = token_info (&in, (const guint64 *)cues->data, cues->len);
      GArray *fs = g_array_new (FALSE, FALSE, sizeof (guint32));
      Doc doc = { 0 };

      fill_clusters (&in, x, NULL);

      doc.n = r->n;
      doc.gold = r->gold;
      doc.feat_start = g_new (guint32, r->n + 1);
      for (guint i = 0; i < r->n; i++)
        {
          guint nf = features (&in, x, r->n, i, f);
          doc.feat_start[i] = fs->len;
          for (guint k = 0; k < nf; k++)
            {
              guint32 id = id_of (&ids, f[k]);
              g_array_append_val (fs, id);
            }
        }
      doc.feat_start[r->n] = fs->len;
      doc.n_chunks = r->tokens->sentences->len;
      doc.chunk = g_new (guint32, doc.n_chunks + 1);
      for (guint k = 0; k < doc.n_chunks; k++)
        doc.chunk[k] = g_array_index (r->tokens->sentences, DossierSentence, k).first_token;
      doc.chunk[doc.n_chunks] = r->n;
      if (doc.n_chunks == 0 || doc.chunk[0] != 0)
        {
          /* no sentences: the whole article */
          doc.n_chunks = 1;
          doc.chunk[0] = 0;
          doc.chunk[1] = r->n;
        }
      doc.feats = (guint32 *)g_array_free (fs, FALSE);
      max_n = MAX (max_n, r->n);
      g_array_append_val (docs, doc);
    }
  {
    guint wrong = 0, total = 0, content = 0;
    for (guint d = 0; d < trainer->raw->len; d++)
      {
        RawDoc *r = &g_array_index (trainer->raw, RawDoc, d);
        for (guint i = 0; i < r->n; i++)
          {
            wrong += r->rule[i] != r->gold[i];
            content += r->gold[i] != DOSSIER_QTAG_O;
            total++;
          }
      }
    g_debug ("rules: %.2f%% of tokens wrong; %.2f%% of tokens in an attribution",
               100.0 * wrong / MAX (total, 1), 100.0 * content / MAX (total, 1));
  }
  g_debug ("%u articles, %u features, %u cue stems", docs->len, ids.n, cues->len);

  w = g_new0 (float, (gsize)ids.n * T);
  wa = g_new0 (float, (gsize)ids.n * T);
  order = g_new (guint, docs->len + 1);
  for (guint d = 0; d < docs->len; d++)
    order[d] = d;

  {
    g_autofree float *emit = g_new (float, (gsize)max_n * T + T);
    g_autofree guint8 *pred = g_new (guint8, max_n + 1);

    for (guint e = 0; e < epochs; e++)
      {
        guint errors = 0, total = 0;

        for (guint d = docs->len; d > 1; d--)
          {
            guint j = g_rand_int_range (rand, 0, d);
            guint tmp = order[d - 1];
            order[d - 1] = order[j];
            order[j] = tmp;
          }
        for (guint o = 0; o < docs->len; o++)
          {
            const Doc *doc = &g_array_index (docs, Doc, order[o]);

            for (guint ch = 0; ch < doc->n_chunks; ch++)
              {
                guint from = doc->chunk[ch], to = doc->chunk[ch + 1];
                guint start_prev = from > 0 ? doc->gold[from - 1] : DOSSIER_QTAG_O;

                if (to <= from)
                  continue;
                for (guint i = from; i < to; i++)
                  {
                    float *row = &emit[(gsize)(i - from) * T];
                    memset (row, 0, sizeof (float) * T);
                    for (guint k = doc->feat_start[i]; k < doc->feat_start[i + 1]; k++)
                      {
                        const float *wr = &w[(gsize)doc->feats[k] * T];
                        for (guint t = 0; t < T; t++)
                          row[t] += wr[t];
                      }
                  }
                viterbi (emit, (const float (*)[T])tw, to - from, start_prev, pred);
                for (guint i = from; i < to; i++)
                  {
                    guint g = doc->gold[i], p = pred[i - from];
                    guint gp = i > 0 ? doc->gold[i - 1] : DOSSIER_QTAG_O;
                    guint pp = i > from ? pred[i - 1 - from] : gp;

                    total++;
                    if (g != p)
                      {
                        errors++;
                        for (guint k = doc->feat_start[i]; k < doc->feat_start[i + 1]; k++)
                          {
                            gsize b = (gsize)doc->feats[k] * T;
                            w[b + g] += 1;
                            wa[b + g] += c;
                            w[b + p] -= 1;
                            wa[b + p] -= c;
                          }
                      }
                    if (g != p || gp != pp)
                      {
                        tw[gp][g] += 1;
                        twa[gp][g] += c;
                        tw[pp][p] -= 1;
                        twa[pp][p] -= c;
                      }
                  }
                c += 1;
              }
          }
        g_debug ("epoch %u: %.2f%% of tokens wrong", e + 1, 100.0 * errors / MAX (total, 1));
      }
  }

  /* averaged weights: w - wa / c */
  for (gsize k = 0; k < (gsize)ids.n * T; k++)
    {
      w[k] -= wa[k] / c;
      max_abs = MAX (max_abs, fabsf (w[k]));
    }
  for (guint a = 0; a < T; a++)
    for (guint b = 0; b < T; b++)
      tw[a][b] -= twa[a][b] / c;

  m = g_new0 (DossierQuoteModel, 1);
  m->scale = max_abs > 0 ? max_abs / 32000.0f : 1.0f;
  memcpy (m->trans, tw, sizeof tw);
  m->n_cues = cues->len;
  m->cues = g_memdup2 (cues->data, sizeof (guint64) * (cues->len + 1));
  {
    GArray *keys = g_array_new (FALSE, FALSE, sizeof (guint64));
    GArray *rows = g_array_new (FALSE, TRUE, sizeof (gint16));

    g_autofree float *strength = g_new0 (float, ids.n + 1);
    float cut = 1.0f;

    /* the @max_features strongest features (largest weight), ties kept */
    for (guint32 s = 0; s <= ids.mask; s++)
      if (ids.keys[s] != 0)
        {
          gsize b = (gsize)ids.ids[s] * T;
          for (guint t = 0; t < T; t++)
            strength[ids.ids[s]] = MAX (strength[ids.ids[s]], fabsf (w[b + t]) / m->scale);
        }
    if (max_features > 0 && ids.n > max_features)
      {
        g_autofree float *sorted = g_memdup2 (strength, sizeof (float) * ids.n);
        qsort (sorted, ids.n, sizeof (float), compare_float_desc);
        cut = MAX (cut, sorted[max_features - 1]);
        if (sorted[max_features - 1] == cut)
          cut = nextafterf (cut, G_MAXFLOAT);
      }
    for (guint32 s = 0; s <= ids.mask; s++)
      if (ids.keys[s] != 0 && strength[ids.ids[s]] >= cut)
        g_array_append_val (keys, ids.keys[s]);
    g_array_sort (keys, compare_u64);
    g_array_set_size (rows, (gsize)keys->len * 8);
    for (guint k = 0; k < keys->len; k++)
      {
        guint64 key = g_array_index (keys, guint64, k);
        guint32 s = (guint32)key & ids.mask;
        gsize b;
        while (ids.keys[s] != key)
          s = (s + 1) & ids.mask;
        b = (gsize)ids.ids[s] * T;
        for (guint t = 0; t < T; t++)
          g_array_index (rows, gint16, (gsize)k * 8 + t) = (gint16)lrintf (w[b + t] / m->scale);
      }
    m->n_feats = keys->len;
    m->keys = (guint64 *)g_array_free (keys, FALSE);
    m->rows = (gint16 *)g_array_free (rows, FALSE);
  }
  build_table (m);

  for (guint d = 0; d < docs->len; d++)
    {
      Doc *doc = &g_array_index (docs, Doc, d);
      g_free (doc->feat_start);
      g_free (doc->feats);
      g_free (doc->chunk);
    }
  g_free (ids.keys);
  g_free (ids.ids);
  return m;
}
