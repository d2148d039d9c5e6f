/* dossier-quote-model.c — averaged perceptron tagger for Source / Cue / Content
 *
 * Features are 64-bit hashes: each token's lower-cased form and a
 * suffix-stripped stem are hashed once, and templates combine them with
 * integer mixing. Word clusters come from the entity tagger's lexicon (so
 * this model is retrained when that one's clusters change). The model file is a
 * little-endian table of feature keys with one 16-bit weight per tag, sorted
 * by key, plus the transition weights and the cue lexicon learned from the
 * training data, and (version 2) the weights of the content-end ranker.
 *
 * The content-end ranker picks where a content that is not a whole direct
 * quote ends: its own last token or a word before a break outside quotation
 * marks (", reflecting …", "and went on …"), by a linear score of the words
 * around the break, their classes and clusters, the cue and what the part
 * cut off holds (another cue, a verb). Sources are ranked the same way: the
 * end anywhere in the source or up to 15 tokens further, the start up to
 * 15 tokens before, never over a content or cue word. The rankers are
 * learned on the spans the rules and the tagger give the training
 * articles, each article tagged by a tagger trained without it (5 folds),
 * so they see the errors new text gets. The same is done for where a
 * content starts (up to 8 tokens either way), and a last decision keeps or
 * drops each attribution the tagger adds (it keeps those likely to overlap
 * an annotated one). Each kind of decision is trained on its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-quote-model"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <gio/gio.h>

#include "dossier-ner-private.h"
#include "dossier-hash.h"
#include "dossier-quote-model.h"
#include "dossier-quote-words.h"
#include "dossier-model-resources.h"

#define T DOSSIER_QTAG_N
#define MAX_FEATS 56
#define MAGIC "DOSSQTM1"
#define VERSION 2     /* 2: with the content-end weights */
#define MAX_END_FEATS 32
#define MODEL_RESOURCE RESOURCE_BASE "/model/quotes.model"

typedef struct
{
  guint64 key;
  gint16  w[8];   /* one weight per tag, in the slot so a lookup touches one cache line */
} Slot;

G_STATIC_ASSERT (T <= 8);

/* A decision's weights are kept eight to a 64-byte bucket (one cache line):
 * a key's bucket comes from its low 32 bits, @check holds its high 32 (0:
 * empty), @w its weight; a full bucket overflows into the next. About 80 %
 * full, the table takes under 1 MB, and a lookup nearly always reads one
 * line (linear probing over 8-byte slots, at most two thirds full, took
 * 2 MB and crossed lines). A key not in the table takes a stored key's
 * weight only if its high half equals that of a key in the buckets it
 * scans: about 10⁻⁹ a lookup with the shipped model, which no article's
 * output showed (PolNeAR train and dev, 2,225 BBC articles). */
#define END_BUCKET_KEYS 8

typedef struct
{
  guint32 check[END_BUCKET_KEYS];
  float   w[END_BUCKET_KEYS];
} EndBucket;

G_STATIC_ASSERT (sizeof (EndBucket) == 64);

struct _DossierQuoteModel
{
  guint    n_feats;
  guint64 *keys;       /* sorted */
  gint16  *rows;       /* n_feats × 8 */
  guint32  mask;       /* lookup table: capacity - 1 */
  Slot    *slots;      /* key 0: empty */
  float    scale;
  float    trans[T][T];
  guint    n_cues;
  guint64 *cues;       /* sorted stem hashes of the learned cue lexicon */
  guint    n_ends;
  guint64 *end_keys;   /* sorted feature keys of the content-end ranker */
  float   *end_w;      /* their weights */
  guint32  n_end_buckets;   /* lookup table: home buckets (more follow) */
  EndBucket *end_buckets;
  guint8  *end_spilled;     /* per bucket: a key at home there overflowed */
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

/* What the tagger computed of an article's words, kept for the rankers */
struct _DossierQuoteWords
{
  guint    n;
  TokInfo *x;      /* n + 1 */
  guint8  *done;   /* per token: 1 hashed, 2 clusters looked up */
  guint8  *active; /* per token: its sentence was tagged (NULL: all were) */
};

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

  /* a byte's class from a table, not a chain of tests (whose branches
   * were mispredicted often); 0: the byte stands for itself */
  static const char shape_class[256] = {
    ['0' ... '9'] = 'd', ['A' ... 'Z'] = 'X', ['a' ... 'z'] = 'x', [0x80 ... 0xff] = 'u'
  };

  for (gsize i = 0; i < len && n < sizeof out; i++)
    {
      guchar c = s[i];
      char k = shape_class[c] != 0 ? shape_class[c] : (char)c;

      out[n] = k;
      n += k != prev;
      prev = k;
    }
  return dossier_hash_bytes (out, n);
}

static gboolean
in_lexicon (const guint64 *cues,
            guint          n_cues,
            guint64        stem)
{
  const guint64 *base = cues;
  guint n = n_cues;

  if (n == 0)
    return FALSE;
  /* a search without a branch to mispredict: asked for every word */
  while (n > 1)
    {
      guint half = n / 2;

      base = base[half] <= stem ? base + half : base;
      n -= half;
    }
  return *base == stem;
}

static inline gboolean
is_rule_cue (guint8 t)
{
  return t == DOSSIER_QTAG_B_CUE || t == DOSSIER_QTAG_I_CUE;
}

/* The word hashes of token @i. */
static void
hash_token (const DossierQuoteInput *in,
            const guint64           *cues,
            guint                    n_cues,
            guint                    i,
            TokInfo                 *info)
{
  const DossierToken *t = dossier_tokens_get (in->tokens, i);
  const char *s = in->tokens->text + t->byte_start;
  gsize len = MIN (t->byte_end - t->byte_start, 63);
  char low[64];
  gsize sl;

  for (gsize k = 0; k < len; k++)
    low[k] = dossier_ascii_lower (s[k]);
  info->word = dossier_hash_bytes (low, len);
  sl = t->kind == DOSSIER_TOKEN_WORD ? stem_of (low, len) : len;
  /* most words are their own stem: one hash then */
  info->stem = sl == len ? info->word : dossier_hash_bytes (low, sl);
  info->shape = shape_of (s, len);
  info->cue = in_lexicon (cues, n_cues, info->stem);
}

/* Which tokens are double quotation marks (opening or closing) or inside them. */
static void
mark_quotes (const DossierQuoteInput *in,
             TokInfo                 *info)
{
  const DossierTokens *tk = in->tokens;
  guint n = dossier_tokens_len (tk);
  gboolean open = FALSE;

  for (guint i = 0; i < n; i++)
    {
      const DossierToken *t = dossier_tokens_get (tk, i);
      const char *s = tk->text + t->byte_start;
      gsize len = t->byte_end - t->byte_start;

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
}

/* Distances to the nearest cues in the sentence, position and sentence end. */
static void
sentence_cue_distances (const DossierQuoteInput *in,
                        TokInfo                 *info,
                        guint                    s)
{
  const DossierTokens *tk = in->tokens;

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
}

static void
cue_distances (const DossierQuoteInput *in,
               TokInfo                 *info)
{
  for (guint s = 0; s < in->tokens->sentences->len; s++)
    sentence_cue_distances (in, info, s);
}

static TokInfo *
token_info (const DossierQuoteInput *in,
            const guint64           *cues,
            guint                    n_cues)
{
  guint n = dossier_tokens_len (in->tokens);
  TokInfo *info = g_new0 (TokInfo, n + 1);

  for (guint i = 0; i < n; i++)
    hash_token (in, cues, n_cues, i, &info[i]);
  mark_quotes (in, info);
  cue_distances (in, info);
  return info;
}

/* The word clusters of token @i (none without the entity model). */
static void
token_clusters (DossierNerModel         *ner,
                const DossierQuoteInput *in,
                guint                    i,
                TokInfo                 *info)
{
  const DossierToken *t = dossier_tokens_get (in->tokens, i);
  char norm[DOSSIER_NER_MAX_WORD], lower[DOSSIER_NER_MAX_WORD];
  const DossierNerWordSlot *w;
  gsize nl;

  if (ner == NULL)
    return;
  /* the entity tagger looked most words up already, the same way */
  if (in->clusters != NULL && in->clusters[(gsize)i * DOSSIER_NER_WORD_CLUSTERS] !=
                              DOSSIER_NER_CLUSTERS_UNSET)
    {
      memcpy (info->cls, in->clusters + (gsize)i * DOSSIER_NER_WORD_CLUSTERS, sizeof info->cls);
      return;
    }
  nl = MIN (t->byte_end - t->byte_start, DOSSIER_NER_MAX_WORD - 1);
  nl = _dossier_ner_normalize (in->tokens->text + t->byte_start, nl, norm);
  w = _dossier_ner_lexicon_word (&ner->lex, dossier_hash_bytes (norm, nl));
  if (w == NULL)
    {
      gsize ll = _dossier_ner_lower (norm, nl, lower);
      w = _dossier_ner_lexicon_word (&ner->lex, dossier_hash_bytes (lower, ll));
    }
  if (w != NULL)
    memcpy (info->cls, w->cls, sizeof info->cls);
}

void
dossier_quote_model_word_clusters (const DossierQuoteInput *input,
                                   guint                    i,
                                   guint16                 *clusters)
{
  TokInfo info = { 0 };

  g_return_if_fail (input != NULL && input->tokens != NULL);
  g_return_if_fail (i < dossier_tokens_len (input->tokens));
  g_return_if_fail (clusters != NULL);

  token_clusters (dossier_ner_model_get_default (NULL), input, i, &info);
  memcpy (clusters, info.cls, sizeof info.cls);
}

/* Word clusters of the tokens @active marks (all if NULL) and their
 * neighbours, among tokens @from … @to - 1 (as far as the last one if @to
 * is past it); with @done, only of those not done yet (and marked done). */
static void
fill_clusters (const DossierQuoteInput *in,
               TokInfo                 *info,
               const guint8            *active,
               guint8                  *done,
               guint                    from,
               guint                    to)
{
  DossierNerModel *ner = dossier_ner_model_get_default (NULL);
  guint n = dossier_tokens_len (in->tokens);

  if (ner == NULL)
    return;
  for (guint i = from; i < MIN (to, n); i++)
    if ((active == NULL || active[i] || (i > 0 && active[i - 1]) || active[i + 1]) &&
        (done == NULL || !(done[i] & 2)))
      {
        token_clusters (ner, in, i, &info[i]);
        if (done != NULL)
          done[i] |= 2;
      }
}

static inline guint64
bucket (int d)
{
  return d < 0 ? 9 : d <= 3 ? (guint64)d : d <= 5 ? 4 : d <= 10 ? 5 : d <= 20 ? 6 : 7;
}

static inline guint64
signed_bucket (int d)
{
  return d < 0 ? 16 + bucket (-d) : bucket (d);
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

/* ---- content ends ------------------------------------------------------- */

static gboolean
is_punct (const DossierQuoteInput *in,
          guint                    i,
          const char              *chars)
{
  const DossierToken *t = dossier_tokens_get (in->tokens, i);

  return t->kind == DOSSIER_TOKEN_PUNCT && t->byte_end == t->byte_start + 1 &&
         strchr (chars, in->tokens->text[t->byte_start]) != NULL;
}

/* Token @e can end a content cut before @e + 1: a word, number or closing
 * mark or ) ? !, with the break outside quotation marks. */
static gboolean
can_end (const DossierQuoteInput *in,
         const TokInfo           *x,
         guint                    e)
{
  const DossierToken *t = dossier_tokens_get (in->tokens, e);

  if (x[e].inq && x[e].qmark != 2)
    return FALSE;
  if (x[e + 1].inq && x[e + 1].qmark != 1)
    return FALSE;
  if (t->kind == DOSSIER_TOKEN_QUOTE)
    return x[e].qmark == 2;
  return t->kind != DOSSIER_TOKEN_PUNCT || is_punct (in, e, ")]?!");
}

/* The ends @ct may get, in order: its own last token always; never before
 * a quotation in it (what it quotes stays). */
static guint
end_candidates (const DossierQuoteInput   *in,
                const TokInfo             *x,
                const DossierQuoteContent *ct,
                guint                     *cands,
                guint                      max)
{
  guint n = 0, from = ct->first;

  for (guint e = ct->first; e <= ct->last; e++)
    if (x[e].qmark == 2)
      from = e;
  for (guint e = from; e < ct->last && n + 1 < max; e++)
    if (can_end (in, x, e))
      cands[n++] = e;
  cands[n++] = ct->last;
  return n;
}

/* Counts over the content up to a candidate end, advanced end by end. */
typedef struct
{
  guint next;                     /* first token not counted yet */
  guint commas, cues, verbs;      /* in first … next - 1 */
  guint all_cues, all_verbs;      /* in the whole content */
} EndScan;

static inline gboolean
is_verb (const DossierQuoteInput *in,
         guint                    i)
{
  return (in->cls[i] & (DOSSIER_WORD_VERB | DOSSIER_WORD_AUX)) != 0;
}

static void
end_scan_init (const DossierQuoteInput   *in,
               const TokInfo             *x,
               const DossierQuoteContent *ct,
               EndScan                   *sc)
{
  memset (sc, 0, sizeof *sc);
  sc->next = ct->first;
  for (guint i = ct->first; i <= ct->last; i++)
    {
      sc->all_cues += x[i].cue;
      sc->all_verbs += is_verb (in, i);
    }
}

static void
end_scan_to (const DossierQuoteInput *in,
             const TokInfo           *x,
             EndScan                 *sc,
             guint                    e)
{
  for (; sc->next <= e; sc->next++)
    {
      sc->commas += is_punct (in, sc->next, ",");
      sc->cues += x[sc->next].cue;
      sc->verbs += is_verb (in, sc->next);
    }
}

static gboolean
ends_in_ing (const DossierQuoteInput *in,
             guint                    i)
{
  const DossierToken *t = dossier_tokens_get (in->tokens, i);
  guint len = t->byte_end - t->byte_start;

  return t->kind == DOSSIER_TOKEN_WORD && len > 5 &&
         memcmp (in->tokens->text + t->byte_end - 3, "ing", 3) == 0;
}

/* The feature hashes of ending @ct at @e (the words after it are cut). */
static guint
end_features (const DossierQuoteInput   *in,
              const TokInfo             *x,
              guint                      n,
              const DossierQuoteContent *ct,
              guint                      e,
              const EndScan             *sc,
              guint64                   *f)
{
  static const TokInfo none = { .word = 1, .stem = 1, .shape = 1, .cue_left = -1, .cue_right = -1 };
  const TokInfo *t = &x[e];
  const TokInfo *n1 = e + 1 < n ? &x[e + 1] : &none;
  const TokInfo *n2 = e + 2 < n ? &x[e + 2] : &none;
  guint64 c1 = e + 1 < n ? in->cls[e + 1] & CLS_MASK : 1u << 30;
  guint64 c2 = e + 2 < n ? in->cls[e + 2] & CLS_MASK : 1u << 30;
  guint64 keep = e == ct->last;
  guint64 after = ct->cue_last >= 0 && ct->first > (guint)ct->cue_last;
  guint64 cue = ct->cue_first >= 0 ? x[ct->cue_first].stem : 0;
  guint64 ing = e + 1 < n && ends_in_ing (in, e + 1);
  guint64 sent_end = e + 2 >= n ||
    (dossier_tokens_get (in->tokens, e + 1)->flags & DOSSIER_TOKEN_SENTENCE_START) ||
    (dossier_tokens_get (in->tokens, e + 2)->flags & DOSSIER_TOKEN_SENTENCE_START);
  /* a cue after the break ("…, she noted"); verbs on either side of it */
  guint64 rest_cue = sc->all_cues > sc->cues;
  guint64 rest_verb = sc->all_verbs > sc->verbs;
  guint64 head_verb = sc->verbs > 0;
  guint k = 0;

  f[k++] = combine (101, n1->word);
  f[k++] = combine (102, pair (n1->word, n2->word));
  f[k++] = combine (103, t->word);
  f[k++] = combine (104, pair (t->word, n1->word));
  f[k++] = combine (105, c1);
  f[k++] = combine (106, pair (c1, c2));
  f[k++] = combine (107, pair (n1->shape, n2->shape));
  f[k++] = combine (108, keep);
  f[k++] = combine (109, pair (keep, n1->word));
  f[k++] = combine (110, bucket (e - ct->first + 1));
  f[k++] = combine (111, pair (keep, bucket (ct->last - e)));
  f[k++] = combine (112, pair (MIN (sc->commas, 3), n1->word));
  f[k++] = combine (113, pair (x[ct->first].word, n1->word));
  f[k++] = combine (114, pair (cue, n1->word));
  f[k++] = combine (115, pair (n1->word, n2->cls[1]));
  f[k++] = combine (116, pair (n1->cls[1], c2));
  f[k++] = combine (117, pair (t->qmark, n1->word));
  f[k++] = combine (118, pair (ing, n2->word));
  f[k++] = combine (119, pair (ing, n1->cls[1]));
  f[k++] = combine (120, pair (after, n1->word));
  f[k++] = combine (121, pair (sent_end, keep));
  f[k++] = combine (122, pair (n1->word, bucket (e - ct->first + 1)));
  f[k++] = combine (123, pair (keep, c1));
  f[k++] = combine (124, pair (t->cls[1], n1->word));
  f[k++] = combine (125, pair (keep, pair (rest_cue, rest_verb)));
  f[k++] = combine (126, pair (n1->word, pair (rest_cue, rest_verb)));
  f[k++] = combine (127, pair (pair (keep, head_verb), pair (rest_verb, c1)));
  g_assert (k <= MAX_END_FEATS);
  return k;
}

/* ---- content starts ----------------------------------------------------- */

#define START_REACH 8  /* tokens a content start may move either way */
#define FAR_REACH 40   /* tokens it may move on after a comma */
#define MAX_STARTS (2 * START_REACH + 16)

/* A quotation mark written against the word before it: the closing ''
 * of NYT style ("smart,''"), which the double-mark flags above do not know. */
static inline gboolean
leaning_mark (const DossierToken *t)
{
  return t->kind == DOSSIER_TOKEN_QUOTE &&
         !(t->flags & (DOSSIER_TOKEN_SPACE_BEFORE | DOSSIER_TOKEN_PARAGRAPH_START));
}

/* Where @ct may start: its own first token, up to START_REACH tokens on
 * (not past its last, never inside quotation marks or at punctuation), or
 * back over free words of its sentence. */
static guint
start_candidates (const DossierQuoteInput   *in,
                  const TokInfo             *x,
                  const guint8              *blocked,
                  const DossierQuoteContent *ct,
                  guint                     *cands,
                  guint                      max)
{
  guint k = 0, lo = ct->first;

  /* not back over a semicolon, which ends a clause as a sentence end does:
   * '"…," said Emma; "but …"' */
  while (lo > 0 && ct->first - (lo - 1) <= START_REACH && !blocked[lo - 1] &&
         !(dossier_tokens_get (in->tokens, lo)->flags & DOSSIER_TOKEN_SENTENCE_START) &&
         !is_punct (in, lo - 1, ";"))
    lo--;
  for (guint s = lo; s <= (ct->whole ? ct->first : MIN (ct->first + START_REACH, ct->last)); s++)
    {
      const DossierToken *t = dossier_tokens_get (in->tokens, s);

      if (s != ct->first &&
          ((x[s].inq && x[s].qmark != 1) || t->kind == DOSSIER_TOKEN_PUNCT || leaning_mark (t)))
        continue;
      cands[k++] = s;
    }
  /* a content before its cue may also start after a comma further on,
   * past an opening clause ("Though Republicans boast of …, | there is
   * no correlation …", say experts) */
  if (!ct->whole && ct->cue_first >= 0 && (guint)ct->cue_first > ct->last)
    for (guint s = ct->first + START_REACH + 1; s <= MIN (ct->first + FAR_REACH, ct->last) && k < max; s++)
      if (is_punct (in, s - 1, ",") && !x[s].inq &&
          dossier_tokens_get (in->tokens, s)->kind != DOSSIER_TOKEN_PUNCT &&
          !leaning_mark (dossier_tokens_get (in->tokens, s)))
        cands[k++] = s;
  return k;
}

/* The feature hashes of starting @ct at @s. */
static guint
start_features (const DossierQuoteInput   *in,
                const TokInfo             *x,
                const DossierQuoteContent *ct,
                guint                      s,
                guint64                   *f)
{
  static const TokInfo none = { .word = 1, .stem = 1, .shape = 1, .cue_left = -1, .cue_right = -1 };
  const TokInfo *t = &x[s];
  const TokInfo *p1 = s >= 1 ? &x[s - 1] : &none;
  guint64 c0 = in->cls[s] & CLS_MASK;
  guint64 c1 = s >= 1 ? in->cls[s - 1] & CLS_MASK : 1u << 30;
  guint64 keep = s == ct->first;
  guint64 delta = signed_bucket ((int)s - (int)ct->first);
  guint64 after = ct->cue_last >= 0 && ct->first > (guint)ct->cue_last;
  guint64 next_to_cue = ct->cue_last >= 0 && s == (guint)ct->cue_last + 1;
  guint64 cue = ct->cue_first >= 0 ? x[ct->cue_first].stem : 0;
  guint64 far = s > ct->first + START_REACH;
  guint k = 0;

  f[k++] = combine (501, t->word);
  f[k++] = combine (502, p1->word);
  f[k++] = combine (503, pair (p1->word, t->word));
  f[k++] = combine (504, pair (c1, c0));
  f[k++] = combine (505, keep);
  f[k++] = combine (506, delta);
  f[k++] = combine (507, pair (keep, t->word));
  f[k++] = combine (508, pair (cue, t->word));
  f[k++] = combine (509, pair (cue, p1->word));
  f[k++] = combine (510, pair (next_to_cue, pair (after, c0)));
  f[k++] = combine (511, pair (t->qmark, p1->qmark));
  f[k++] = combine (512, pair (t->shape, p1->shape));
  f[k++] = combine (513, pair (t->cls[1], p1->cls[1]));
  f[k++] = combine (514, pair (after, t->word));
  f[k++] = combine (515, pair (in->ent[s], delta));
  f[k++] = combine (516, pair (delta, c0));
  f[k++] = combine (517, pair (ct->whole, pair (keep, t->word)));
  f[k++] = combine (518, pair (ct->whole, pair (p1->word, t->word)));
  f[k++] = combine (519, pair (ct->whole, pair (delta, c0)));
  f[k++] = combine (520, pair (ct->whole, pair (cue, t->word)));
  f[k++] = combine (521, pair (far, pair (x[ct->first].word, p1->word)));
  f[k++] = combine (522, pair (far, pair (t->word, bucket (s - ct->first))));
  g_assert (k <= MAX_END_FEATS);
  return k;
}

/* ---- source spans ------------------------------------------------------- */

#define SOURCE_REACH 15  /* tokens a source may grow by on either side */


static inline gboolean
sentence_start (const DossierQuoteInput *in,
                guint                    i)
{
  return (dossier_tokens_get (in->tokens, i)->flags & DOSSIER_TOKEN_SENTENCE_START) != 0;
}

/* "--", an en or em dash */
static gboolean
is_dash (const DossierQuoteInput *in,
         guint                    i)
{
  const DossierToken *t = dossier_tokens_get (in->tokens, i);
  const char *s = in->tokens->text + t->byte_start;
  gsize len = t->byte_end - t->byte_start;

  return (len == 2 && s[0] == '-' && s[1] == '-') ||
         (len == 3 && (guchar)s[0] == 0xe2 && (guchar)s[1] == 0x80 &&
          ((guchar)s[2] == 0x93 || (guchar)s[2] == 0x94));
}

/* Where the source @sp may end (@end_side) or start: within its sentence,
 * at most SOURCE_REACH tokens further, never over a @blocked token (a
 * content or cue), nor back over a dash ("ONE/MOSCOW--U.S. President
 * Donald Trump": a dateline), nor on over an opening quotation mark or a
 * semicolon;
 * its own end (or start) always. Its start moves on
 * only past punctuation ("In May, a judge"): moving it on anywhere drops
 * titles ("U.S. President Donald Trump"), which annotators keep. */
static guint
source_candidates (const DossierQuoteInput   *in,
                   const guint8              *blocked,
                   const DossierQuoteContent *sp,
                   gboolean                   end_side,
                   guint                     *cands)
{
  guint n = dossier_tokens_len (in->tokens);
  guint k = 0;

  if (end_side)
    {
      for (guint e = sp->first; e <= sp->last; e++)
        cands[k++] = e;
      for (guint e = sp->last + 1; e < n && e <= sp->last + SOURCE_REACH; e++)
        {
          const DossierToken *t = dossier_tokens_get (in->tokens, e);

          /* nor on over an opening quotation mark or a semicolon: '"…," said Emma; "but …"'
           * is where the quote goes on, not more of the source. The apostrophe of "the
           * Democrats' leader" opens nothing */
          if (blocked[e] || sentence_start (in, e) ||
              (t->kind == DOSSIER_TOKEN_QUOTE && (t->flags & DOSSIER_TOKEN_QUOTE_OPEN)) ||
              is_punct (in, e, ";"))
            break;
          cands[k++] = e;
        }
    }
  else
    {
      guint lo = sp->first;
      gboolean after_punct = FALSE;

      while (lo > 0 && sp->first - (lo - 1) <= SOURCE_REACH && !blocked[lo - 1] &&
             !sentence_start (in, lo) && !is_dash (in, lo - 1))
        lo--;
      for (guint s = lo; s <= sp->first; s++)
        cands[k++] = s;
      /* on only past punctuation ("In May, a judge"), so titles stay */
      for (guint s = sp->first + 1; s <= sp->last; s++)
        {
          after_punct |= dossier_tokens_get (in->tokens, s - 1)->kind == DOSSIER_TOKEN_PUNCT;
          if (after_punct && dossier_tokens_get (in->tokens, s)->kind != DOSSIER_TOKEN_PUNCT)
            cands[k++] = s;
        }
    }
  return k;
}

/* The feature hashes of the source @sp ending (@end_side) or starting at @i. */
static guint
source_features (const DossierQuoteInput   *in,
                 const TokInfo             *x,
                 guint                      n,
                 const DossierQuoteContent *sp,
                 gboolean                   end_side,
                 guint                      i,
                 guint64                   *f)
{
  static const TokInfo none = { .word = 1, .stem = 1, .shape = 1, .cue_left = -1, .cue_right = -1 };
  const TokInfo *t = &x[i];
  const TokInfo *a1 = end_side ? (i + 1 < n ? &x[i + 1] : &none) : (i >= 1 ? &x[i - 1] : &none);
  const TokInfo *a2 = end_side ? (i + 2 < n ? &x[i + 2] : &none) : (i >= 2 ? &x[i - 2] : &none);
  guint64 c0 = in->cls[i] & CLS_MASK;
  guint64 c1 = end_side ? (i + 1 < n ? in->cls[i + 1] & CLS_MASK : 1u << 30) :
                          (i >= 1 ? in->cls[i - 1] & CLS_MASK : 1u << 30);
  guint64 e0 = in->ent[i];
  guint64 e1 = end_side ? (i + 1 < n ? in->ent[i + 1] : 8) : (i >= 1 ? in->ent[i - 1] : 8);
  guint64 keep = end_side ? i == sp->last : i == sp->first;
  guint64 delta = signed_bucket (end_side ? (int)i - (int)sp->last : (int)sp->first - (int)i);
  guint64 before = sp->cue_first >= 0 && sp->last < (guint)sp->cue_first;
  guint64 next_cue = end_side ? sp->cue_first >= 0 && i + 1 == (guint)sp->cue_first :
                                sp->cue_last >= 0 && i == (guint)sp->cue_last + 1;
  guint64 side = end_side ? 200 : 300;
  /* punctuation between the candidate and the span as found ("In May, a
   * judge", "Graham, a former candidate,"): up to two marks */
  guint64 crossed = 0;
  guint64 at_sent = !end_side && sentence_start (in, i);
  /* the two tokens just past the span as found, and whether the candidate
   * takes them in ("Clinton, the former secretary of State, said", "Mr.
   * Obama, who …", "France and Germany") */
  int g1 = end_side ? (int)sp->last + 1 : (int)sp->first - 1;
  int g2 = end_side ? (int)sp->last + 2 : (int)sp->first - 2;
  guint64 w1 = g1 >= 0 && (guint)g1 < n ? x[g1].word : 1;
  guint64 w2 = g2 >= 0 && (guint)g2 < n ? x[g2].word : 1;
  guint64 ent2 = g2 >= 0 && (guint)g2 < n ? in->ent[g2] : 8;
  guint64 grown = end_side ? i > sp->last : i < sp->first;
  guint k = 0;

  for (guint j = MIN (i, end_side ? sp->last : sp->first);
       j <= MAX (i, end_side ? sp->last : sp->first) && crossed < 2; j++)
    if (dossier_tokens_get (in->tokens, j)->kind == DOSSIER_TOKEN_PUNCT)
      crossed += j != i;

  f[k++] = combine (side + 1, t->word);
  f[k++] = combine (side + 2, a1->word);
  f[k++] = combine (side + 3, pair (t->word, a1->word));
  f[k++] = combine (side + 4, pair (a1->word, a2->word));
  f[k++] = combine (side + 5, c0);
  f[k++] = combine (side + 6, pair (c0, c1));
  f[k++] = combine (side + 7, pair (e0, e1));
  f[k++] = combine (side + 8, keep);
  f[k++] = combine (side + 9, delta);
  f[k++] = combine (side + 10, pair (keep, a1->word));
  f[k++] = combine (side + 11, pair (t->shape, a1->shape));
  f[k++] = combine (side + 12, pair (t->cls[1], a1->cls[1]));
  f[k++] = combine (side + 13, pair (before, pair (next_cue, a1->word)));
  f[k++] = combine (side + 14, pair (delta, pair (e0, e1)));
  f[k++] = combine (side + 15, pair (delta, c1));
  f[k++] = combine (side + 16, pair (t->word, e1));
  f[k++] = combine (side + 17, pair (a1->word, e0));
  f[k++] = combine (side + 18, pair (t->cls[0], a1->cls[0]));
  f[k++] = combine (side + 19, pair (before, pair (keep, next_cue)));
  f[k++] = combine (side + 20, pair (crossed, pair (keep, at_sent)));
  f[k++] = combine (side + 21, pair (crossed, a1->word));
  f[k++] = combine (side + 22, pair (crossed, pair (e0, delta)));
  f[k++] = combine (side + 23, pair (grown, pair (w1, w2)));
  f[k++] = combine (side + 24, pair (grown, pair (t->word, pair (ent2, next_cue))));
  f[k++] = combine (side + 25, pair (grown, pair (w1, a1->word)));
  /* how long the source comes out, and what the other end is */
  f[k++] = combine (side + 26, pair (bucket (end_side ? i - MIN (i, sp->first) : sp->last - MIN (i, sp->last)),
                                     pair (in->cls[end_side ? sp->first : sp->last] & CLS_MASK,
                                           in->ent[end_side ? sp->first : sp->last])));
  g_assert (k <= MAX_END_FEATS);
  return k;
}

/* ---- the tagger's attributions ----------------------------------------- */

#define KEEP_FEATS 24

/* Word, stem, shape and clusters of token @i, or of the padding if out of range. */
static void
one_token (const DossierQuoteInput *in,
           const guint64           *cues,
           guint                    n_cues,
           int                      i,
           TokInfo                 *t)
{
  memset (t, 0, sizeof *t);
  if (i < 0 || (guint)i >= dossier_tokens_len (in->tokens))
    {
      t->word = t->stem = t->shape = 1;
      return;
    }
  hash_token (in, cues, n_cues, i, t);
  token_clusters (dossier_ner_model_get_default (NULL), in, i, t);
}

/* The features of keeping @p; dropping it has one feature, its bias. */
static guint
proposal_features (const DossierQuoteInput    *in,
                   const guint64              *cues,
                   guint                       n_cues,
                   const DossierQuoteProposal *p,
                   guint64                    *f)
{
  guint n = dossier_tokens_len (in->tokens);
  TokInfo cf, cl, sf, sl, bf, kf, kl, ka;
  gboolean has_source = p->src_first >= 0;
  guint64 order = !has_source ? 2 : (guint)p->src_last < p->cue_first ? 0 : 1;
  guint64 content_after = p->first > p->cue_last;
  guint64 cue_len = bucket (p->cue_last - p->cue_first + 1);
  guint64 content_len = bucket (p->last - p->first + 1);
  guint64 src_len = has_source ? bucket (p->src_last - p->src_first + 1) : 9;
  guint64 src_ent = has_source ? in->ent[p->src_last] & 3 : 8;
  guint64 src_cls = has_source ? in->cls[p->src_last] & CLS_MASK : 1u << 30;
  guint64 gap = content_after ? bucket (p->first - p->cue_last - 1) :
                                bucket (p->cue_first - p->last - 1);
  guint k = 0;

  one_token (in, cues, n_cues, p->cue_first, &cf);
  one_token (in, cues, n_cues, p->cue_last, &cl);
  one_token (in, cues, n_cues, has_source ? p->src_first : -1, &sf);
  one_token (in, cues, n_cues, has_source ? p->src_last : -1, &sl);
  one_token (in, cues, n_cues, (int)p->cue_first - 1, &bf);
  one_token (in, cues, n_cues, p->first, &kf);
  one_token (in, cues, n_cues, p->last, &kl);
  one_token (in, cues, n_cues, p->last + 1 < n ? (int)p->last + 1 : -1, &ka);

  f[k++] = combine (401, cf.stem);
  f[k++] = combine (402, cl.stem);
  f[k++] = combine (403, pair (cf.stem, cl.stem));
  f[k++] = combine (404, pair (cf.cue, pair (cl.cue, cue_len)));
  f[k++] = combine (405, in->cls[p->cue_first] & CLS_MASK);
  f[k++] = combine (406, pair (cf.cls[1], cl.cls[1]));
  f[k++] = combine (407, pair (order, content_after));
  f[k++] = combine (408, pair (src_ent, src_len));
  f[k++] = combine (409, pair (src_cls, order));
  f[k++] = combine (410, sl.word);
  f[k++] = combine (411, sf.word);
  f[k++] = combine (412, kf.word);
  f[k++] = combine (413, pair (kf.word, cl.stem));
  f[k++] = combine (414, pair (content_len, content_after));
  f[k++] = combine (415, pair (kl.word, ka.word));
  f[k++] = combine (416, pair (bf.word, cf.stem));
  f[k++] = combine (417, pair (gap, content_after));
  f[k++] = combine (418, pair (kf.cls[1], cl.cls[1]));
  f[k++] = combine (419, pair (sl.cls[1], cf.cls[1]));
  f[k++] = combine (420, pair (cf.shape, cue_len));
  f[k++] = combine (421, pair (in->cls[p->first] & CLS_MASK, pair (src_ent, order)));
  g_assert (k <= KEEP_FEATS);
  return k;
}

/* ---- decoding ---------------------------------------------------------- */

static inline gboolean
is_inside (guint tag)
{
  return tag == DOSSIER_QTAG_I_SOURCE || tag == DOSSIER_QTAG_I_CUE || tag == DOSSIER_QTAG_I_CONTENT;
}

static inline gboolean
allowed (guint prev,
         guint tag)
{
  if (is_inside (tag))
    return prev == tag || prev == tag - 1;
  return TRUE;
}

/* Best tag sequence under valid transitions; @emit is n × T scores; the tag
 * before is @start_prev, the one after @end_next (T: none). */
static void
viterbi (const float *emit,
         const float  trans[T][T],
         guint        n,
         guint        start_prev,
         guint        end_next,
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
        const float *prev = delta + (gsize)(i - 1) * T;
        float best = -1e30f;
        guint arg = 0;
        /* the tags allowed before @t (see allowed ()): an inside tag
         * follows only its own begin or itself, any other tag any tag */
        guint from = is_inside (t) ? t - 1 : 0, to = is_inside (t) ? t + 1 : T;

        for (guint p = from; p < to; p++)
          {
            float v = prev[p] + trans[p][t];
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
      {
        float v = delta[(gsize)(n - 1) * T + t] + (end_next < T ? trans[t][end_next] : 0);
        if (v > best)
          best = v, arg = t;
      }
    for (guint i = n; i-- > 0;)
      {
        tags[i] = arg;
        if (i > 0)
          arg = back[(gsize)i * T + arg];
      }
  }
}

/* ---- the model --------------------------------------------------------- */

#define HUGE_PAGE (2u << 20)

/* Zeroed memory for a lookup table, aligned to the cache line, in huge
 * pages where the system gives them on request: the lookups are random,
 * and with small pages most of them would also miss the address cache.
 * Free with free(). */
static gpointer
table_new0 (gsize size)
{
  gpointer p = NULL;
  gsize rounded = (size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;

  if (size < HUGE_PAGE / 2 || posix_memalign (&p, HUGE_PAGE, rounded) != 0)
    {
      if (posix_memalign (&p, 64, size) != 0)
        g_error ("out of memory for a %zu-byte table", size);
      memset (p, 0, size);
      return p;
    }
#ifdef MADV_HUGEPAGE
  madvise (p, rounded, MADV_HUGEPAGE);
#endif
  memset (p, 0, size);
  return p;
}

/* Fills the decisions' buckets; FALSE if a key would have overflowed into
 * the last bucket, which must stay not full (it ends every scan). */
static gboolean
fill_end_buckets (DossierQuoteModel *m,
                  guint32            n_alloc)
{
  for (guint e = 0; e < m->n_ends; e++)
    {
      guint32 home = dossier_hash_home (m->end_keys[e], m->n_end_buckets), b = home;
      guint j;

      while (m->end_buckets[b].check[END_BUCKET_KEYS - 1] != 0)
        b++;
      if (b == n_alloc - 1)
        return FALSE;
      for (j = 0; m->end_buckets[b].check[j] != 0; j++)
        ;
      m->end_buckets[b].check[j] = dossier_hash_check (m->end_keys[e]);
      m->end_buckets[b].w[j] = m->end_w[e];
      m->end_spilled[home] |= b != home;
    }
  return TRUE;
}

/* Far above any model trained here (60,000 tagger features), and low enough for the tables'
 * sizes to be computed in 32 bits: a file claiming more is not loaded. */
#define MAX_FEATURES (1u << 24)

static void
build_table (DossierQuoteModel *m)
{
  guint32 cap = 16, extra = 16;

  g_clear_pointer (&m->slots, free);
  g_clear_pointer (&m->end_buckets, free);
  g_clear_pointer (&m->end_spilled, g_free);

  /* about 80 % full: the table stays under 1 MB (half or 60 % full, the
   * decisions took longer; 90 %, the runs of full buckets grew long) */
  m->n_end_buckets = (m->n_ends * 5) / (END_BUCKET_KEYS * 4) + 1;
  for (;;)
    {
      guint32 n_alloc = m->n_end_buckets + extra;

      m->end_buckets = table_new0 (sizeof (EndBucket) * n_alloc);
      m->end_spilled = g_new0 (guint8, n_alloc);
      if (fill_end_buckets (m, n_alloc))
        break;
      g_clear_pointer (&m->end_buckets, free);
      g_clear_pointer (&m->end_spilled, g_free);
      extra *= 2;
    }

  /* at most an eighth full (12 MB with the shipped model), measured: half
   * full, where a key sat past its first slot one lookup in three or so
   * (a mispredicted branch, and often a line not asked for), the tagger
   * took nearly twice as long; a quarter full, a quarter longer; 32-byte
   * slots a quarter full, no faster than that */
  while (cap < m->n_feats * 8 + 16)
    cap *= 2;
  m->mask = cap - 1;
  /* one slot more than the mask reaches: the prefetch of a slot's second line
   * (see dossier_quote_model_tag_words) stays inside the table for the last one */
  m->slots = table_new0 (sizeof (Slot) * (cap + 1));
  for (guint f = 0; f < m->n_feats; f++)
    {
      guint32 s = (guint32)m->keys[f] & m->mask;

      while (m->slots[s].key != 0)
        s = (s + 1) & m->mask;
      m->slots[s].key = m->keys[f];
      memcpy (m->slots[s].w, &m->rows[(gsize)f * 8], sizeof m->slots[s].w);
    }
}

/* The weights of a feature, or NULL. */
static inline const gint16 *
lookup (const DossierQuoteModel *m,
        guint64                  key)
{
  guint32 s = (guint32)key & m->mask;

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

/* Adds up the weights of @nf features into @sum, all eight lanes (the one
 * past the tags is not read). */
static inline void
sum_rows (const DossierQuoteModel *m,
          const guint64           *f,
          guint                    nf,
          gint32                  *sum)
{
#ifdef __SSE2__
  /* two rows at a time: their lanes interleaved and added pairwise into
   * 32 bits (pmaddwd by ones) widens and adds in one instruction */
  static const gint16 none[8] = { 0 };
  const __m128i ones = _mm_set1_epi16 (1);
  __m128i lo = _mm_setzero_si128 (), hi = _mm_setzero_si128 ();
  guint k;

  for (k = 0; k + 1 < nf; k += 2)
    {
      const gint16 *a = lookup (m, f[k]), *b = lookup (m, f[k + 1]);
      __m128i ra = _mm_loadu_si128 ((const __m128i *)(a != NULL ? a : none));
      __m128i rb = _mm_loadu_si128 ((const __m128i *)(b != NULL ? b : none));

      lo = _mm_add_epi32 (lo, _mm_madd_epi16 (_mm_unpacklo_epi16 (ra, rb), ones));
      hi = _mm_add_epi32 (hi, _mm_madd_epi16 (_mm_unpackhi_epi16 (ra, rb), ones));
    }
  if (k < nf)
    {
      const gint16 *a = lookup (m, f[k]);
      __m128i ra = _mm_loadu_si128 ((const __m128i *)(a != NULL ? a : none));

      lo = _mm_add_epi32 (lo, _mm_madd_epi16 (_mm_unpacklo_epi16 (ra, _mm_setzero_si128 ()), ones));
      hi = _mm_add_epi32 (hi, _mm_madd_epi16 (_mm_unpackhi_epi16 (ra, _mm_setzero_si128 ()), ones));
    }
  _mm_storeu_si128 ((__m128i *)sum, lo);
  _mm_storeu_si128 ((__m128i *)sum + 1, hi);
#else
  for (guint k = 0; k < nf; k++)
    {
      const gint16 *row = lookup (m, f[k]);
      if (row != NULL)
        for (guint t = 0; t < 8; t++)
          sum[t] += row[t];
    }
#endif
}

void
dossier_quote_model_free (DossierQuoteModel *model)
{
  if (model == NULL)
    return;
  g_free (model->keys);
  g_free (model->rows);
  free (model->slots);
  g_free (model->cues);
  g_free (model->end_keys);
  g_free (model->end_w);
  free (model->end_buckets);
  g_free (model->end_spilled);
  g_free (model);
}

guint
dossier_quote_model_n_features (DossierQuoteModel *model)
{
  g_return_val_if_fail (model != NULL, 0);
  return model->n_feats;
}

void
dossier_quote_words_free (DossierQuoteWords *words)
{
  if (words == NULL)
    return;
  g_free (words->x);
  g_free (words->done);
  g_free (words->active);
  g_free (words);
}

/* How far a word's own features (its word and stem) must lean to a cue
 * (weight of B-Cue over O) for its sentence to be tagged without a word
 * of the lexicon */
#define CUE_LEAN 150.0f

/* Whether the tagger learned word @i (hashed in @t) as a cue more than as
 * nothing: the lexicon's cut (five times, in a fifth of the occurrences)
 * leaves out stems that are as often nouns or plain verbs ("wants",
 * "plans", "think"; "noted" stems to "not"). */
static gboolean
leans_to_cue (const DossierQuoteModel *model,
              const DossierQuoteInput *input,
              const TokInfo           *t,
              guint                    i)
{
  const gint16 *word, *stem;
  gint32 lean = 0;

  if (dossier_tokens_get (input->tokens, i)->kind != DOSSIER_TOKEN_WORD)
    return FALSE;
  word = lookup (model, combine (2, t->word));
  stem = lookup (model, combine (3, t->stem));
  if (word != NULL)
    lean += word[DOSSIER_QTAG_B_CUE] - word[DOSSIER_QTAG_O];
  if (stem != NULL)
    lean += stem[DOSSIER_QTAG_B_CUE] - stem[DOSSIER_QTAG_O];
  return lean * model->scale > CUE_LEAN;
}

void
dossier_quote_model_tag (DossierQuoteModel       *model,
                         const DossierQuoteInput *input,
                         guint8                  *tags)
{
  dossier_quote_model_tag_words (model, input, tags, NULL);
}

void
dossier_quote_model_tag_words (DossierQuoteModel       *model,
                               const DossierQuoteInput *input,
                               guint8                  *tags,
                               DossierQuoteWords      **words)
{
  guint n;
  g_autofree TokInfo *x = NULL;
  g_autofree guint8 *done = NULL;
  g_autofree float *emit = NULL;
  g_autofree guint8 *active = NULL;
  guint64 f[MAX_FEATS], f2[MAX_FEATS];

  g_return_if_fail (model != NULL);
  g_return_if_fail (input != NULL && input->tokens != NULL);
  g_return_if_fail (tags != NULL);

  if (words != NULL)
    *words = NULL;
  n = dossier_tokens_len (input->tokens);
  if (n == 0)
    return;
  done = g_new0 (guint8, n + 1);
  if (input->free == NULL)
    {
      x = token_info (input, model->cues, model->n_cues);
      memset (done, 1, n);
    }
  else
    {
      const GArray *sents = input->tokens->sentences;
      guint ns = sents->len;

      /* only sentences with a free cue word (of the lexicon, or one that
       * leans to a cue) are tagged: the words of the others are not hashed
       * (only their free words, to find the cues) */
      x = g_new0 (TokInfo, n + 1);
      active = g_new0 (guint8, n + 1);
      for (guint i = 0; i < n; i++)
        if (input->free[i])
          {
            hash_token (input, model->cues, model->n_cues, i, &x[i]);
            done[i] = 1;
          }
      for (guint s = 0; s < ns; s++)
        {
          const DossierSentence *sent = &g_array_index (sents, DossierSentence, s);
          guint first = sent->first_token, end = sent->first_token + sent->n_tokens;
          gboolean has_cue = FALSE;

          for (guint i = first; i < end && !has_cue; i++)
            has_cue = x[i].cue && input->free[i];
          for (guint i = first; i < end && !has_cue; i++)
            has_cue = input->free[i] && leans_to_cue (model, input, &x[i], i);
          if (has_cue)
            memset (active + first, 1, sent->n_tokens);
        }
      for (guint i = 0; i < n; i++)
        if (!input->free[i] &&
            (active[i] || (i >= 1 && active[i - 1]) || (i >= 2 && active[i - 2]) ||
             active[i + 1] || (i + 2 < n && active[i + 2])))
          {
            hash_token (input, model->cues, model->n_cues, i, &x[i]);
            done[i] = 1;
          }
      mark_quotes (input, x);
      cue_distances (input, x);
    }
  fill_clusters (input, x, active, done, 0, n);
  emit = g_new (float, (gsize)n * T);
  /* The table is larger than the cache, so the rows are asked for early:
   * a token's features are found and their rows prefetched while the
   * rows of the token before are summed (two buffers, taking turns). */
  {
    guint64 *cur = f, *next = f2;
    guint m_cur = 0, i_cur = G_MAXUINT;

    for (guint i = 0;; i++)
      {
        guint m_next = 0;

        while (i < n && active != NULL && !active[i])
          i++;
        if (i < n)
          {
            /* nearly every feature of news text is in the table, so no
             * filter for absent ones is worth its cost */
            m_next = features (input, x, n, i, next);
            for (guint k = 0; k < m_next; k++)
              {
                const Slot *slot = &model->slots[(guint32)next[k] & model->mask];

                /* a slot of 24 bytes crosses into the next line one time
                 * in four; and the slot after it is read when the key sat
                 * one further or is not in the table (two lines at most) */
                __builtin_prefetch (slot);
                __builtin_prefetch ((const char *)slot + 2 * sizeof *slot - 1);
              }
          }
        if (i_cur != G_MAXUINT)
          {
            gint32 sum[8] = { 0 };

            sum_rows (model, cur, m_cur, sum);
            for (guint t = 0; t < T; t++)
              emit[(gsize)i_cur * T + t] = sum[t] * model->scale;
          }
        if (i >= n)
          break;
        i_cur = i;
        m_cur = m_next;
        {
          guint64 *swap = cur;
          cur = next;
          next = swap;
        }
      }
  }
  if (active == NULL)
    viterbi (emit, (const float (*)[T])model->trans, n, DOSSIER_QTAG_O, T, tags);
  /* the rest is O: each run of tagged sentences is decoded from O to O */
  for (guint i = 0; active != NULL && i < n;)
    {
      guint end = i;

      if (!active[i])
        {
          tags[i++] = DOSSIER_QTAG_O;
          continue;
        }
      while (end < n && active[end])
        end++;
      viterbi (emit + (gsize)i * T, (const float (*)[T])model->trans, end - i, DOSSIER_QTAG_O,
               end < n ? DOSSIER_QTAG_O : T, tags + i);
      i = end;
    }
  if (words != NULL)
    {
      *words = g_new0 (DossierQuoteWords, 1);
      (*words)->n = n;
      (*words)->x = g_steal_pointer (&x);
      (*words)->done = g_steal_pointer (&done);
      (*words)->active = g_steal_pointer (&active);
    }
}

/* Tokens @first … @end - 1. */
typedef struct
{
  guint first, end;
} TokenRun;

gboolean
dossier_quote_model_tag_more (DossierQuoteModel       *model,
                              const DossierQuoteInput *input,
                              DossierQuoteWords       *words,
                              guint8                  *tags)
{
  const GArray *sents;
  TokInfo *x;
  g_autoptr(GArray) sents_new = NULL;
  g_autoptr(GArray) runs = NULL;
  guint n;

  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (input != NULL && input->tokens != NULL && input->free != NULL, FALSE);
  g_return_val_if_fail (words != NULL && tags != NULL, FALSE);

  n = dossier_tokens_len (input->tokens);
  g_return_val_if_fail (words->n == n, FALSE);
  /* every sentence was tagged */
  if (words->active == NULL || n == 0)
    return FALSE;
  sents = input->tokens->sentences;
  x = words->x;
  /* the sentences newly tagged, and the runs of tokens they make */
  sents_new = g_array_new (FALSE, FALSE, sizeof (guint));
  runs = g_array_new (FALSE, FALSE, sizeof (TokenRun));
  for (guint s = 0; s < sents->len; s++)
    {
      const DossierSentence *sent = &g_array_index (sents, DossierSentence, s);
      guint first = sent->first_token, end = sent->first_token + sent->n_tokens;
      gboolean has_cue = FALSE;

      if (sent->n_tokens == 0 || words->active[first])
        continue;
      for (guint i = first; i < end && !has_cue; i++)
        if (input->free[i])
          {
            if (!(words->done[i] & 1))
              {
                hash_token (input, model->cues, model->n_cues, i, &x[i]);
                words->done[i] |= 1;
              }
            has_cue = x[i].cue || leans_to_cue (model, input, &x[i], i);
          }
      if (!has_cue)
        continue;
      g_array_append_val (sents_new, s);
      if (runs->len > 0 && g_array_index (runs, TokenRun, runs->len - 1).end == first)
        g_array_index (runs, TokenRun, runs->len - 1).end = end;
      else
        {
          TokenRun run = { first, end };

          g_array_append_val (runs, run);
        }
    }
  if (runs->len == 0)
    return FALSE;
  /* the words of the runs and two either side */
  for (guint r = 0; r < runs->len; r++)
    {
      const TokenRun *run = &g_array_index (runs, TokenRun, r);

      for (guint i = run->first >= 2 ? run->first - 2 : 0; i < MIN (run->end + 2, n); i++)
        if (!(words->done[i] & 1))
          {
            hash_token (input, model->cues, model->n_cues, i, &x[i]);
            words->done[i] |= 1;
          }
    }
  for (guint k = 0; k < sents_new->len; k++)
    sentence_cue_distances (input, x, g_array_index (sents_new, guint, k));
  /* the clusters of the runs' words and one either side */
  for (guint r = 0; r < runs->len; r++)
    {
      const TokenRun *run = &g_array_index (runs, TokenRun, r);

      fill_clusters (input, x, NULL, words->done, run->first >= 1 ? run->first - 1 : 0, run->end + 1);
    }
  /* each run is decoded from O to O */
  for (guint r = 0; r < runs->len; r++)
    {
      guint i = g_array_index (runs, TokenRun, r).first, end = g_array_index (runs, TokenRun, r).end;
      g_autofree float *emit = g_new (float, (gsize)(end - i) * T);
      g_autofree guint64 *f = g_new (guint64, (gsize)(end - i) * MAX_FEATS);
      g_autofree guint *m = g_new (guint, end - i);

      /* all the run's features first, their rows asked for early (as in
       * dossier_quote_model_tag_words), then the rows summed */
      for (guint k = i; k < end; k++)
        {
          guint64 *fk = f + (gsize)(k - i) * MAX_FEATS;

          m[k - i] = features (input, x, n, k, fk);
          for (guint j = 0; j < m[k - i]; j++)
            {
              const Slot *slot = &model->slots[(guint32)fk[j] & model->mask];

              __builtin_prefetch (slot);
              __builtin_prefetch ((const char *)slot + 2 * sizeof *slot - 1);
            }
        }
      for (guint k = i; k < end; k++)
        {
          gint32 sum[8] = { 0 };

          sum_rows (model, f + (gsize)(k - i) * MAX_FEATS, m[k - i], sum);
          for (guint t = 0; t < T; t++)
            emit[(gsize)(k - i) * T + t] = sum[t] * model->scale;
        }
      viterbi (emit, (const float (*)[T])model->trans, end - i, DOSSIER_QTAG_O,
               end < n ? DOSSIER_QTAG_O : T, tags + i);
      memset (words->active + i, 1, end - i);
    }
  return TRUE;
}

/* A decision's weight when the key is not in its home bucket and keys at
 * home there overflowed: the buckets after it, up to one not full. */
static G_GNUC_NO_INLINE float
end_weight_scan (const EndBucket *b,
                 guint32          check)
{
#ifdef __SSE2__
  __m128i want = _mm_set1_epi32 ((int)check);
#endif

  for (;; b++)
    {
#ifdef __SSE2__
      /* overflow runs over several full buckets: eight checks at once */
      guint hit = (guint)_mm_movemask_ps (_mm_castsi128_ps (_mm_cmpeq_epi32 (_mm_load_si128 ((const __m128i *)b->check), want))) |
                  (guint)_mm_movemask_ps (_mm_castsi128_ps (_mm_cmpeq_epi32 (_mm_load_si128 ((const __m128i *)b->check + 1), want))) << 4;

      if (hit != 0)
        return b->w[__builtin_ctz (hit)];
#else
      for (guint j = 0; j < END_BUCKET_KEYS; j++)
        if (b->check[j] == check)
          return b->w[j];
#endif
      if (b->check[END_BUCKET_KEYS - 1] == 0)
        return 0;
    }
}

static inline float
end_weight (const DossierQuoteModel *m,
            guint64                  key)
{
  guint32 home = dossier_hash_home (key, m->n_end_buckets);
  const EndBucket *b = &m->end_buckets[home];
  guint32 check = dossier_hash_check (key);
#ifdef __SSE2__
  /* the eight checks at once (where the key is is random), and no branch
   * on whether one matched: a third of the keys asked for are not in the
   * table, and a mispredicted branch there would hold up the reads of the
   * features after it */
  __m128i want = _mm_set1_epi32 ((int)check);
  guint hit = (guint)_mm_movemask_ps (_mm_castsi128_ps (_mm_cmpeq_epi32 (_mm_load_si128 ((const __m128i *)b->check), want))) |
              (guint)_mm_movemask_ps (_mm_castsi128_ps (_mm_cmpeq_epi32 (_mm_load_si128 ((const __m128i *)b->check + 1), want))) << 4;
  guint32 bits;
  float w;

  /* no key at home here overflowed: one not in this bucket is in none
   * (which is so for most buckets, and most keys not found) */
  if (G_UNLIKELY ((hit == 0) & m->end_spilled[home]))
    return end_weight_scan (b + 1, check);
  /* no match: the last weight, cleared to +0 */
  memcpy (&bits, &b->w[__builtin_ctz (hit | 1u << (END_BUCKET_KEYS - 1))], sizeof bits);
  bits &= -(guint32)(hit != 0);
  memcpy (&w, &bits, sizeof w);
  return w;
#else
  for (guint j = 0; j < END_BUCKET_KEYS; j++)
    if (b->check[j] == check)
      return b->w[j];
  return m->end_spilled[home] ? end_weight_scan (b + 1, check) : 0;
#endif
}

/* Asks for the table buckets of @nf features, before they are read. */
static inline void
end_prefetch (const DossierQuoteModel *m,
              const guint64           *f,
              guint                    nf)
{
  for (guint i = 0; i < nf; i++)
    __builtin_prefetch (&m->end_buckets[dossier_hash_home (f[i], m->n_end_buckets)]);
}

static inline float
end_sum (const DossierQuoteModel *m,
         const guint64           *f,
         guint                    nf)
{
  float score = 0;

  for (guint i = 0; i < nf; i++)
    score += end_weight (m, f[i]);
  return score;
}

/* The score of @nf features of a decision; the rows are asked for first
 * (the table is larger than the cache). */
static float
end_score (const DossierQuoteModel *m,
           const guint64           *f,
           guint                    nf)
{
  end_prefetch (m, f, nf);
  return end_sum (m, f, nf);
}

/* A decision among candidates, scored one candidate behind: the rows of a
 * candidate's features are asked for when it is added, and it is summed
 * when the next one is added (or at the end), so the memory of one is read
 * while the next is being hashed. The first of equal scores wins. */
typedef struct
{
  const DossierQuoteModel *m;
  guint64 f[2][MAX_END_FEATS];
  guint   nf[2];
  guint   cand[2];
  guint   next;        /* the buffer the next candidate goes in */
  gboolean pending;    /* the other buffer holds a candidate not yet summed */
  float   best_score;
  guint   best;
} EndRank;

static void
end_rank_init (EndRank                 *r,
               const DossierQuoteModel *m,
               guint                    fallback)
{
  r->m = m;
  r->next = 0;
  r->pending = FALSE;
  r->best_score = -G_MAXFLOAT;
  r->best = fallback;
}

/* Where the features of the next candidate go. */
static inline guint64 *
end_rank_features (EndRank *r)
{
  return r->f[r->next];
}

static void
end_rank_sum_pending (EndRank *r)
{
  guint b = r->next ^ 1;
  float score;

  if (!r->pending)
    return;
  score = end_sum (r->m, r->f[b], r->nf[b]);
  if (score > r->best_score)
    r->best_score = score, r->best = r->cand[b];
  r->pending = FALSE;
}

static void
end_rank_add (EndRank *r,
              guint    nf,
              guint    cand)
{
  guint b = r->next;

  end_prefetch (r->m, r->f[b], nf);
  r->nf[b] = nf;
  r->cand[b] = cand;
  end_rank_sum_pending (r);
  r->pending = TRUE;
  r->next = b ^ 1;
}

static guint
end_rank_best (EndRank *r)
{
  end_rank_sum_pending (r);
  return r->best;
}

/* What the rankers read: the words of the contents and the two after each,
 * their cues, and the words around each source (the rest is not hashed). */
static TokInfo *
ranker_info (const DossierQuoteInput   *in,
             const guint64             *cues,
             guint                      n_cues,
             const DossierQuoteContent *contents,
             guint                      n_contents,
             const DossierQuoteContent *sources,
             guint                      n_sources,
             DossierQuoteWords         *words)
{
  guint n = dossier_tokens_len (in->tokens);
  TokInfo *x = words != NULL ? words->x : g_new0 (TokInfo, n + 1);
  guint8 *done = words != NULL ? words->done : NULL;
  g_autofree guint8 *active = g_new0 (guint8, n + 2);
  /* the tokens marked active are among @lo … @hi - 1 */
  guint lo = n, hi = 0;

  for (guint c = 0; c < n_contents; c++)
    {
      guint from = contents[c].first > START_REACH + 2 ? contents[c].first - START_REACH - 2 : 0;
      guint to = MIN (contents[c].last + 2, n - 1);

      for (guint i = from; i <= to; i++)
        active[i] = 1;
      lo = MIN (lo, from);
      hi = MAX (hi, to + 1);
      if (contents[c].cue_first >= 0 && !active[contents[c].cue_first])
        {
          active[contents[c].cue_first] = 2;
          lo = MIN (lo, (guint)contents[c].cue_first);
          hi = MAX (hi, (guint)contents[c].cue_first + 1);
        }
    }
  for (guint c = 0; c < n_sources; c++)
    {
      guint from = sources[c].first > SOURCE_REACH + 2 ? sources[c].first - SOURCE_REACH - 2 : 0;
      guint to = MIN (sources[c].last + SOURCE_REACH + 2, n - 1);

      memset (active + from, 1, to - from + 1);
      lo = MIN (lo, from);
      hi = MAX (hi, to + 1);
    }
  for (guint i = lo; i < hi; i++)
    if (active[i] && (done == NULL || !(done[i] & 1)))
      {
        hash_token (in, cues, n_cues, i, &x[i]);
        if (done != NULL)
          done[i] |= 1;
      }
  /* the tagger marked them */
  if (words == NULL)
    mark_quotes (in, x);
  for (guint i = lo; i < hi; i++)
    active[i] = active[i] == 1;
  /* (and their neighbours) */
  fill_clusters (in, x, active, done, lo > 0 ? lo - 1 : 0, hi + 1);
  return x;
}

gboolean
dossier_quote_model_has_ends (DossierQuoteModel *model)
{
  g_return_val_if_fail (model != NULL, FALSE);
  return model->n_ends > 0;
}

static void
rank_content_ends (DossierQuoteModel       *model,
                   const DossierQuoteInput *input,
                   const TokInfo           *x,
                   DossierQuoteContent     *contents,
                   guint                    n_contents)
{
  g_autofree guint *cands = NULL;
  guint n = dossier_tokens_len (input->tokens), max = 0;

  for (guint c = 0; c < n_contents; c++)
    max = MAX (max, contents[c].last - contents[c].first + 1);
  cands = g_new (guint, max + 1);
  for (guint c = 0; c < n_contents; c++)
    {
      DossierQuoteContent *ct = &contents[c];
      guint nc;
      EndScan sc;
      EndRank r;

      if (ct->whole)
        continue;
      nc = end_candidates (input, x, ct, cands, max + 1);
      end_rank_init (&r, model, ct->last);
      end_scan_init (input, x, ct, &sc);
      for (guint k = 0; k < nc; k++)
        {
          end_scan_to (input, x, &sc, cands[k]);
          end_rank_add (&r, end_features (input, x, n, ct, cands[k], &sc, end_rank_features (&r)),
                        cands[k]);
        }
      ct->last = end_rank_best (&r);
    }
}

static void
rank_content_starts (DossierQuoteModel       *model,
                     const DossierQuoteInput *input,
                     const TokInfo           *x,
                     const guint8            *blocked,
                     DossierQuoteContent     *contents,
                     guint                    n_contents)
{
  guint cands[MAX_STARTS];

  for (guint c = 0; c < n_contents; c++)
    {
      DossierQuoteContent *ct = &contents[c];
      guint nc = start_candidates (input, x, blocked, ct, cands, MAX_STARTS);
      guint best;
      EndRank r;

      end_rank_init (&r, model, ct->first);
      for (guint k = 0; k < nc; k++)
        end_rank_add (&r, start_features (input, x, ct, cands[k], end_rank_features (&r)), cands[k]);
      best = end_rank_best (&r);
      if (best <= ct->last)
        ct->first = best;
    }
}

static void
rank_sources (DossierQuoteModel       *model,
              const DossierQuoteInput *input,
              const TokInfo           *x,
              const guint8            *blocked,
              DossierQuoteContent     *sources,
              guint                    n_sources)
{
  g_autofree guint *cands = NULL;
  guint n = dossier_tokens_len (input->tokens);

  for (guint c = 0; c < n_sources; c++)
    {
      DossierQuoteContent *sp = &sources[c];
      guint span[2];

      cands = g_renew (guint, cands, sp->last - sp->first + 2 * SOURCE_REACH + 2);
      for (guint side = 0; side < 2; side++)
        {
          guint nc = source_candidates (input, blocked, sp, side, cands);
          EndRank r;

          end_rank_init (&r, model, side ? sp->last : sp->first);
          for (guint k = 0; k < nc; k++)
            end_rank_add (&r, source_features (input, x, n, sp, side, cands[k], end_rank_features (&r)),
                          cands[k]);
          span[side] = end_rank_best (&r);
        }
      if (span[0] <= span[1])
        {
          sp->first = span[0];
          sp->last = span[1];
        }
    }
}

void
dossier_quote_model_refine (DossierQuoteModel       *model,
                            const DossierQuoteInput *input,
                            DossierQuoteWords       *words,
                            const guint8            *blocked,
                            DossierQuoteContent     *sources,
                            guint                    n_sources,
                            DossierQuoteContent     *contents,
                            guint                    n_contents)
{
  TokInfo *x;
  g_autofree guint8 *start_blocked = NULL;
  guint n;

  g_return_if_fail (model != NULL);
  g_return_if_fail (input != NULL && input->tokens != NULL);
  g_return_if_fail (words == NULL || words->n == dossier_tokens_len (input->tokens));
  g_return_if_fail (blocked != NULL);
  g_return_if_fail (sources != NULL || n_sources == 0);
  g_return_if_fail (contents != NULL || n_contents == 0);

  n = dossier_tokens_len (input->tokens);
  if (model->n_ends == 0 || n == 0 || n_sources + n_contents == 0)
    return;
  for (guint c = 0; c < n_sources; c++)
    g_return_if_fail (sources[c].first <= sources[c].last && sources[c].last < n);
  for (guint c = 0; c < n_contents; c++)
    g_return_if_fail (contents[c].first <= contents[c].last && contents[c].last < n);
  x = ranker_info (input, model->cues, model->n_cues, contents, n_contents, sources, n_sources,
                   words);
  rank_sources (model, input, x, blocked, sources, n_sources);
  /* the ends were learned on contents as they started */
  rank_content_ends (model, input, x, contents, n_contents);
  /* a content's start never moves back into a source as ranked ("Obama’s veto" with the
   * source "Obama") */
  start_blocked = g_memdup2 (blocked, n + 1);
  for (guint c = 0; c < n_sources; c++)
    memset (start_blocked + sources[c].first, 1, sources[c].last - sources[c].first + 1);
  rank_content_starts (model, input, x, start_blocked, contents, n_contents);
  if (words == NULL)
    g_free (x);
}

gboolean
dossier_quote_model_keep (DossierQuoteModel          *model,
                          const DossierQuoteInput    *input,
                          const DossierQuoteProposal *proposal)
{
  guint64 f[KEEP_FEATS];
  guint nf;
  float keep = 0;

  g_return_val_if_fail (model != NULL, TRUE);
  g_return_val_if_fail (input != NULL && input->tokens != NULL, TRUE);
  g_return_val_if_fail (proposal != NULL, TRUE);
  g_return_val_if_fail (proposal->cue_first <= proposal->cue_last &&
                        proposal->first <= proposal->last &&
                        proposal->last < dossier_tokens_len (input->tokens), TRUE);

  if (model->n_ends == 0)
    return TRUE;
  nf = proposal_features (input, model->cues, model->n_cues, proposal, f);
  keep = end_score (model, f, nf);
  return keep >= end_weight (model, combine (400, 0));
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
      !read_u32 (&r, &version) || version < 1 || version > VERSION ||
      !read_u32 (&r, &n_feats) || !read_u32 (&r, &n_cues) || !read_float (&r, &m->scale) ||
      n_feats > r.left / 24 || n_cues > r.left / 8 || n_feats > MAX_FEATURES)
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
  if (version >= 2)
    {
      guint32 n_ends;

      if (!read_u32 (&r, &n_ends) || n_ends > r.left / 12 || n_ends > MAX_FEATURES)
        goto bad;
      m->n_ends = n_ends;
      m->end_keys = g_new (guint64, n_ends + 1);
      m->end_w = g_new (float, n_ends + 1);
      for (guint e = 0; e < n_ends; e++)
        if (!read_u64 (&r, &m->end_keys[e]) || !read_float (&r, &m->end_w[e]) ||
            (e > 0 && m->end_keys[e] <= m->end_keys[e - 1]))
          goto bad;
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
  put_u32 (out, model->n_ends);
  for (guint e = 0; e < model->n_ends; e++)
    {
      put_u64 (out, model->end_keys[e]);
      put_float (out, model->end_w[e]);
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

/* one content whose end is to be learned: candidates cand0 … cand0 + n_cands - 1 */
typedef struct
{
  guint cand0, n_cands, gold;
  guint kind;  /* 0 content end, 1 source start, 2 source end, 3 keep an attribution,
               * 4 content start */
  guint keep;  /* the candidate that leaves the span as it was */
} EndExample;

struct _DossierQuoteTrainer
{
  GArray *raw;       /* RawDoc */
  GArray *end_ex;    /* EndExample */
  GArray *end_cand;  /* guint32: candidate c has the keys end_cand[c] … end_cand[c + 1] - 1 */
  GArray *end_feats; /* guint64 feature keys */
  guint   runs;      /* the taggers averaged, each in its own order */
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
  tr->end_ex = g_array_new (FALSE, FALSE, sizeof (EndExample));
  tr->end_cand = g_array_new (FALSE, FALSE, sizeof (guint32));
  tr->end_feats = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_array_append_val (tr->end_cand, tr->end_feats->len);
  tr->runs = 1;
  return tr;
}

void
dossier_quote_trainer_set_runs (DossierQuoteTrainer *trainer,
                                guint                runs)
{
  g_return_if_fail (trainer != NULL);
  g_return_if_fail (runs >= 1);

  trainer->runs = runs;
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
  g_array_unref (trainer->end_ex);
  g_array_unref (trainer->end_cand);
  g_array_unref (trainer->end_feats);
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
  g_autofree float *sum = NULL;
  g_autofree float *emit = NULL;
  g_autofree guint8 *pred = NULL;
  float tsum[T][T] = { { 0 } };
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

      fill_clusters (&in, x, NULL, NULL, 0, G_MAXUINT);

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

  w = g_new (float, (gsize)ids.n * T);
  wa = g_new (float, (gsize)ids.n * T);
  sum = g_new0 (float, (gsize)ids.n * T);
  order = g_new (guint, docs->len + 1);
  emit = g_new (float, (gsize)max_n * T + T);
  pred = g_new (guint8, max_n + 1);

  /* each run from zero in an order of its own (seed, seed + 1, …); their averaged weights
   * are averaged again, so that what one order of the articles happens to favour weighs less */
  for (guint run = 0; run < trainer->runs; run++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed + run);

      memset (w, 0, sizeof (float) * ids.n * T);
      memset (wa, 0, sizeof (float) * ids.n * T);
      memset (tw, 0, sizeof tw);
      memset (twa, 0, sizeof twa);
      c = 1;
      for (guint d = 0; d < docs->len; d++)
        order[d] = d;
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
                  viterbi (emit, (const float (*)[T])tw, to - from, start_prev, T, pred);
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

      /* averaged weights: w - wa / c */
      for (gsize k = 0; k < (gsize)ids.n * T; k++)
        sum[k] += w[k] - wa[k] / c;
      for (guint a = 0; a < T; a++)
        for (guint b = 0; b < T; b++)
          tsum[a][b] += tw[a][b] - twa[a][b] / c;
    }
  for (gsize k = 0; k < (gsize)ids.n * T; k++)
    {
      w[k] = sum[k] / trainer->runs;
      max_abs = MAX (max_abs, fabsf (w[k]));
    }
  for (guint a = 0; a < T; a++)
    for (guint b = 0; b < T; b++)
      tw[a][b] = tsum[a][b] / trainer->runs;

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

/* One candidate of a training example: its features, and where they end. */
static void
add_candidate (DossierQuoteTrainer *trainer,
               const guint64       *f,
               guint                nf)
{
  guint32 end;

  g_array_append_vals (trainer->end_feats, f, nf);
  end = trainer->end_feats->len;
  g_array_append_val (trainer->end_cand, end);
}

void
dossier_quote_trainer_add_ends (DossierQuoteTrainer       *trainer,
                                DossierQuoteModel         *model,
                                const DossierQuoteInput   *input,
                                const DossierQuoteContent *contents,
                                const guint               *gold_last,
                                guint                      n_contents)
{
  g_autofree TokInfo *x = NULL;
  g_autofree guint *cands = NULL;
  guint n, max = 0;

  g_return_if_fail (trainer != NULL);
  g_return_if_fail (model != NULL);
  g_return_if_fail (input != NULL && input->tokens != NULL);
  g_return_if_fail (contents != NULL || n_contents == 0);

  n = dossier_tokens_len (input->tokens);
  if (n_contents == 0 || n == 0)
    return;
  for (guint c = 0; c < n_contents; c++)
    {
      g_return_if_fail (contents[c].first <= contents[c].last && contents[c].last < n);
      max = MAX (max, contents[c].last - contents[c].first + 1);
    }
  /* the cue lexicon is the tagger's */
  x = ranker_info (input, model->cues, model->n_cues, contents, n_contents, NULL, 0, NULL);
  cands = g_new (guint, max + 1);
  for (guint c = 0; c < n_contents; c++)
    {
      const DossierQuoteContent *ct = &contents[c];
      guint nc = end_candidates (input, x, ct, cands, max + 1);
      EndScan sc;
      EndExample ex = { trainer->end_cand->len - 1, nc, G_MAXUINT, 0, nc - 1 };

      for (guint k = 0; k < nc; k++)
        if (cands[k] == gold_last[c])
          ex.gold = k;
      if (ex.gold == G_MAXUINT || nc < 2)
        continue;
      end_scan_init (input, x, ct, &sc);
      for (guint k = 0; k < nc; k++)
        {
          guint64 f[MAX_END_FEATS];
          guint nf;

          end_scan_to (input, x, &sc, cands[k]);
          nf = end_features (input, x, n, ct, cands[k], &sc, f);
          add_candidate (trainer, f, nf);
        }
      g_array_append_val (trainer->end_ex, ex);
    }
}

void
dossier_quote_trainer_add_sources (DossierQuoteTrainer       *trainer,
                                   DossierQuoteModel         *model,
                                   const DossierQuoteInput   *input,
                                   const guint8              *blocked,
                                   const DossierQuoteContent *sources,
                                   const guint               *gold_first,
                                   const guint               *gold_last,
                                   guint                      n_sources)
{
  g_autofree TokInfo *x = NULL;
  g_autofree guint *cands = NULL;
  guint n;

  g_return_if_fail (trainer != NULL);
  g_return_if_fail (model != NULL);
  g_return_if_fail (input != NULL && input->tokens != NULL);
  g_return_if_fail (blocked != NULL);
  g_return_if_fail (sources != NULL || n_sources == 0);

  n = dossier_tokens_len (input->tokens);
  if (n_sources == 0 || n == 0)
    return;
  x = ranker_info (input, model->cues, model->n_cues, NULL, 0, sources, n_sources, NULL);
  for (guint c = 0; c < n_sources; c++)
    {
      const DossierQuoteContent *sp = &sources[c];

      g_return_if_fail (sp->first <= sp->last && sp->last < n);
      cands = g_renew (guint, cands, sp->last - sp->first + 2 * SOURCE_REACH + 2);
      for (guint side = 0; side < 2; side++)
        {
          guint nc = source_candidates (input, blocked, sp, side, cands);
          guint gold = side ? gold_last[c] : gold_first[c];
          EndExample ex = { trainer->end_cand->len - 1, nc, G_MAXUINT, 1 + side, 0 };

          for (guint k = 0; k < nc; k++)
            {
              if (cands[k] == gold)
                ex.gold = k;
              if (cands[k] == (side ? sp->last : sp->first))
                ex.keep = k;
            }
          if (ex.gold == G_MAXUINT || nc < 2)
            continue;
          for (guint k = 0; k < nc; k++)
            {
              guint64 f[MAX_END_FEATS];
              guint nf = source_features (input, x, n, sp, side, cands[k], f);

              add_candidate (trainer, f, nf);
            }
          g_array_append_val (trainer->end_ex, ex);
        }
    }
}

void
dossier_quote_trainer_add_starts (DossierQuoteTrainer       *trainer,
                                  DossierQuoteModel         *model,
                                  const DossierQuoteInput   *input,
                                  const guint8              *blocked,
                                  const DossierQuoteContent *contents,
                                  const guint               *gold_first,
                                  guint                      n_contents)
{
  g_autofree TokInfo *x = NULL;
  guint cands[MAX_STARTS];
  guint n;

  g_return_if_fail (trainer != NULL);
  g_return_if_fail (model != NULL);
  g_return_if_fail (input != NULL && input->tokens != NULL);
  g_return_if_fail (blocked != NULL);
  g_return_if_fail (contents != NULL || n_contents == 0);

  n = dossier_tokens_len (input->tokens);
  if (n_contents == 0 || n == 0)
    return;
  for (guint c = 0; c < n_contents; c++)
    g_return_if_fail (contents[c].first <= contents[c].last && contents[c].last < n);
  x = ranker_info (input, model->cues, model->n_cues, contents, n_contents, NULL, 0, NULL);
  for (guint c = 0; c < n_contents; c++)
    {
      const DossierQuoteContent *ct = &contents[c];
      guint nc = start_candidates (input, x, blocked, ct, cands, MAX_STARTS);
      EndExample ex = { trainer->end_cand->len - 1, nc, G_MAXUINT, 4, 0 };

      for (guint k = 0; k < nc; k++)
        {
          if (cands[k] == gold_first[c])
            ex.gold = k;
          if (cands[k] == ct->first)
            ex.keep = k;
        }
      if (ex.gold == G_MAXUINT || nc < 2)
        continue;
      for (guint k = 0; k < nc; k++)
        {
          guint64 f[MAX_END_FEATS];
          guint nf = start_features (input, x, ct, cands[k], f);

          add_candidate (trainer, f, nf);
        }
      g_array_append_val (trainer->end_ex, ex);
    }
}

void
dossier_quote_trainer_add_proposals (DossierQuoteTrainer        *trainer,
                                     DossierQuoteModel          *model,
                                     const DossierQuoteInput    *input,
                                     const DossierQuoteProposal *proposals,
                                     const gboolean             *right,
                                     guint                       n_proposals)
{
  g_return_if_fail (trainer != NULL);
  g_return_if_fail (model != NULL);
  g_return_if_fail (input != NULL && input->tokens != NULL);
  g_return_if_fail (proposals != NULL || n_proposals == 0);

  for (guint c = 0; c < n_proposals; c++)
    {
      guint64 f[KEEP_FEATS];
      guint nf = proposal_features (input, model->cues, model->n_cues, &proposals[c], f);
      guint64 drop = combine (400, 0);
      /* candidate 0 drops it, 1 keeps it */
      EndExample ex = { trainer->end_cand->len - 1, 2, right[c] ? 1 : 0, 3, 1 };

      add_candidate (trainer, &drop, 1);
      add_candidate (trainer, f, nf);
      g_array_append_val (trainer->end_ex, ex);
    }
}

#define N_DECISIONS 5

/* The index of example @e among those of its kind. */
static guint *
index_in_kind (DossierQuoteTrainer *trainer)
{
  guint n_ex = trainer->end_ex->len;
  guint *index = g_new (guint, n_ex + 1);
  guint count[N_DECISIONS] = { 0 };

  for (guint e = 0; e < n_ex; e++)
    index[e] = count[g_array_index (trainer->end_ex, EndExample, e).kind]++;
  return index;
}

/* An averaged perceptron for each kind of decision on its own (their
 * features are apart), over the examples whose index among those of their
 * kind modulo 5 is not @skip (all if @skip > 4); returns the averaged
 * weights by feature id. */
static float *
rank_ends (DossierQuoteTrainer *trainer,
           const guint32       *fid,
           guint                n_ids,
           guint                epochs,
           guint32              seed,
           guint                skip)
{
  const guint32 *cand = (const guint32 *)trainer->end_cand->data;
  guint n_ex = trainer->end_ex->len;
  float *w = g_new0 (float, n_ids + 1);
  g_autofree float *wa = g_new0 (float, n_ids + 1);
  g_autofree guint *order = g_new (guint, n_ex + 1);
  g_autofree guint *index = index_in_kind (trainer);

  for (guint kind = 0; kind < N_DECISIONS; kind++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      guint n_order = 0;
      float c = 1;

      memset (wa, 0, sizeof (float) * n_ids);
      for (guint e = 0; e < n_ex; e++)
        if (g_array_index (trainer->end_ex, EndExample, e).kind == kind && index[e] % 5 != skip)
          order[n_order++] = e;
      for (guint epoch = 0; epoch < epochs; epoch++)
        {
          for (guint d = n_order; d > 1; d--)
            {
              guint j = g_rand_int_range (rand, 0, d);
              guint tmp = order[d - 1];
              order[d - 1] = order[j];
              order[j] = tmp;
            }
          for (guint o = 0; o < n_order; o++)
            {
              const EndExample *ex = &g_array_index (trainer->end_ex, EndExample, order[o]);
              guint pred = 0;
              float best = -G_MAXFLOAT;

              for (guint k = 0; k < ex->n_cands; k++)
                {
                  guint cc = ex->cand0 + k;
                  float score = 0;
                  for (guint32 i = cand[cc]; i < cand[cc + 1]; i++)
                    score += w[fid[i]];
                  if (score > best)
                    best = score, pred = k;
                }
              if (pred != ex->gold)
                {
                  guint g = ex->cand0 + ex->gold, p = ex->cand0 + pred;

                  for (guint32 i = cand[g]; i < cand[g + 1]; i++)
                    w[fid[i]] += 1, wa[fid[i]] += c;
                  for (guint32 i = cand[p]; i < cand[p + 1]; i++)
                    w[fid[i]] -= 1, wa[fid[i]] -= c;
                }
              c += 1;
            }
        }
      /* wa is zero outside the features of this kind */
      for (guint k = 0; k < n_ids; k++)
        w[k] -= wa[k] / c;
    }
  return w;
}

void
dossier_quote_trainer_train_ends (DossierQuoteTrainer *trainer,
                                  DossierQuoteModel   *model,
                                  guint                epochs,
                                  guint32              seed)
{
  IdTable ids = { g_new0 (guint64, 1024), g_new (guint32, 1024), 1023, 0 };
  const guint64 *keys;
  const guint32 *cand = (const guint32 *)trainer->end_cand->data;
  g_autofree guint32 *fid = NULL;
  g_autofree float *w = NULL;
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (guint64));

  g_return_if_fail (trainer != NULL);
  g_return_if_fail (model != NULL);

  keys = (const guint64 *)trainer->end_feats->data;
  fid = g_new (guint32, trainer->end_feats->len + 1);
  for (guint k = 0; k < trainer->end_feats->len; k++)
    fid[k] = id_of (&ids, keys[k]);

  /* a held-out estimate: a fifth of the contents, against keeping every end */
  {
    g_autofree float *hw = rank_ends (trainer, fid, ids.n, epochs, seed, 0);
    g_autofree guint *index = index_in_kind (trainer);
    guint total[N_DECISIONS] = { 0 }, right[N_DECISIONS] = { 0 }, keep[N_DECISIONS] = { 0 };

    for (guint e = 0; e < trainer->end_ex->len; e++)
      {
        const EndExample *ex = &g_array_index (trainer->end_ex, EndExample, e);
        guint pred = 0;
        float best = -G_MAXFLOAT;

        if (index[e] % 5 != 0)
          continue;
        for (guint k = 0; k < ex->n_cands; k++)
          {
            guint cc = ex->cand0 + k;
            float score = 0;
            for (guint32 i = cand[cc]; i < cand[cc + 1]; i++)
              score += hw[fid[i]];
            if (score > best)
              best = score, pred = k;
          }
        total[ex->kind]++;
        right[ex->kind] += pred == ex->gold;
        keep[ex->kind] += ex->gold == ex->keep;
      }
    for (guint kind = 0; kind < N_DECISIONS; kind++)
      g_debug ("%s held out: %u, %.1f%% right, %.1f%% as they were",
               kind == 0 ? "content ends" : kind == 1 ? "source starts" :
               kind == 2 ? "source ends" : kind == 3 ? "tagger's attributions kept" :
               "content starts",
               total[kind], 100.0 * right[kind] / MAX (total[kind], 1),
               100.0 * keep[kind] / MAX (total[kind], 1));
  }

  w = rank_ends (trainer, fid, ids.n, epochs, seed, G_MAXUINT);
  for (guint32 s = 0; s <= ids.mask; s++)
    if (ids.keys[s] != 0 && fabsf (w[ids.ids[s]]) > 1e-3f)
      g_array_append_val (kept, ids.keys[s]);
  g_array_sort (kept, compare_u64);
  g_free (model->end_keys);
  g_free (model->end_w);
  model->n_ends = kept->len;
  model->end_keys = g_new (guint64, kept->len + 1);
  model->end_w = g_new (float, kept->len + 1);
  for (guint k = 0; k < kept->len; k++)
    {
      guint64 key = g_array_index (kept, guint64, k);
      guint32 s = (guint32)key & ids.mask;
      while (ids.keys[s] != key)
        s = (s + 1) & ids.mask;
      model->end_keys[k] = key;
      model->end_w[k] = w[ids.ids[s]];
    }
  build_table (model);
  g_free (ids.keys);
  g_free (ids.ids);
}
