/* dossier-ner-features.c — what the entity tagger looks at
 *
 * A document is prepared once: every token normalised, hashed and looked up
 * in the lexicon (clusters, capitalisation statistics) and the gazetteers,
 * and every word counted in a per-document table. Features are then 64-bit
 * hashes of (template, value) computed from integers, with no allocation
 * and no string work per feature.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-ner"

#include "config.h"

#include <string.h>

#include "dossier-ner-private.h"

enum
{
  T_BIAS = 1,
  T_FORM,
  T_LOWER,
  T_SHAPE,
  T_PREFIX,               /* + length 1..4 */
  T_SUFFIX = T_PREFIX + 5,
  T_CLS = T_SUFFIX + 5,   /* + clustering */
  T_NO_CLS = T_CLS + DOSSIER_NER_N_CLUSTERINGS,
  T_CASE_BUCKET,
  T_FREQ_BUCKET,
  T_POSITION,
  T_SENT_LEN,
  T_SENT_INDEX,
  T_DOC_CASE,
  T_GAZ,
  T_GAZ_CAPS,
  T_GAZ_PREV,
  T_GAZ_NEXT,
  T_CTX_LOWER,            /* + offset slot 0..3 (-2 -1 +1 +2) */
  T_CTX_SHAPE = T_CTX_LOWER + 4,
  T_CTX_CLS = T_CTX_SHAPE + 4,  /* + slot × clusterings + clustering */
  T_BIGRAM_PREV = T_CTX_CLS + 4 * DOSSIER_NER_N_CLUSTERINGS,
  T_BIGRAM_NEXT,
  T_SHAPE3,
  T_CAPS3,
  T_PREV_WORD_SHAPE,
  T_NEXT_WORD_SHAPE,
  /* labels of this pass */
  T_PREV_LABEL = 100,
  T_HISTORY = T_PREV_LABEL + 4,
  T_HISTORY_CAPS,
  /* the first pass's labels */
  T_FIRST_AT = 120,       /* + offset slot 0..4 (-2 … +2) */
  T_FIRST_TRIGRAM = T_FIRST_AT + 5,
  T_AGGREGATE,
  T_AGGREGATE_CAPS,
  T_AGGREGATE_LABEL,
};


static inline guint64
f1 (guint   t,
    guint64 a)
{
  return _dossier_ner_combine (t, a);
}

static inline guint64
f2 (guint   t,
    guint64 a,
    guint64 b)
{
  return _dossier_ner_combine (_dossier_ner_combine (t, a), b);
}

/* Templates whose values come from a small range: the tagger keeps their
 * weights as dense vectors (a speed-up only: a template missing here is
 * still scored, through the hash table). */
static const struct
{
  guint   template;
  guint64 first;
  guint   count;
} small_domains[] = {
  { T_BIAS, 0, 1 },
  { T_NO_CLS, 0, 16 },
  { T_CASE_BUCKET, 0, 64 },
  { T_FREQ_BUCKET, 0, 128 },
  { T_POSITION, 0, 32 },
  { T_SENT_LEN, 0, 112 },
  { T_SENT_INDEX, 0, 64 },
  { T_DOC_CASE, 0, 128 },
  { T_GAZ, 0, 8 * DOSSIER_NER_N_GAZ },
  { T_GAZ_CAPS, 0, 64 * DOSSIER_NER_N_GAZ },
  { T_GAZ_PREV, 0, 8 * DOSSIER_NER_N_GAZ },
  { T_GAZ_NEXT, 0, 8 * DOSSIER_NER_N_GAZ },
  { T_CTX_LOWER + 0, DOSSIER_NER_OUTSIDE, 1 },
  { T_CTX_LOWER + 1, DOSSIER_NER_OUTSIDE, 1 },
  { T_CTX_LOWER + 2, DOSSIER_NER_OUTSIDE, 1 },
  { T_CTX_LOWER + 3, DOSSIER_NER_OUTSIDE, 1 },
  { T_CAPS3, 0, 512 },
  { T_PREV_LABEL, 0, 128 },
  { T_HISTORY, 0, 20 },
  { T_HISTORY_CAPS, 0, 160 },
  { T_FIRST_AT + 0, 0, 128 },
  { T_FIRST_AT + 1, 0, 128 },
  { T_FIRST_AT + 2, 0, 128 },
  { T_FIRST_AT + 3, 0, 128 },
  { T_FIRST_AT + 4, 0, 128 },
  { T_AGGREGATE, 0, 20 },
  { T_AGGREGATE_CAPS, 0, 160 },
  { T_AGGREGATE_LABEL, 0, 640 },
};

guint
_dossier_ner_small_features (guint64 *out,
                             guint    size)
{
  guint n = 0;

  for (guint k = 0; k < G_N_ELEMENTS (small_domains); k++)
    for (guint v = 0; v < small_domains[k].count; v++)
      {
        if (out != NULL && n < size)
          out[n] = f1 (small_domains[k].template, small_domains[k].first + v);
        n++;
      }
  return n;
}

void
_dossier_ner_doc_init (DossierNerDoc *doc)
{
  memset (doc, 0, sizeof *doc);
}

void
_dossier_ner_doc_clear (DossierNerDoc *doc)
{
  g_clear_pointer (&doc->toks, g_free);
  g_clear_pointer (&doc->text, g_free);
  g_clear_pointer (&doc->words, g_free);
  g_clear_pointer (&doc->index, g_free);
  memset (doc, 0, sizeof *doc);
}

/* The index of a word (by its lower-cased hash) in the document's table,
 * added if new. */
static guint32
doc_word (DossierNerDoc *doc,
          guint64        key)
{
  guint32 mask = doc->index_capacity - 1;
  guint32 i;

  if (key == 0)
    key = 1;
  if (2 * (doc->n_words + 1) > doc->index_capacity)
    {
      /* grow the index; the words themselves do not move */
      doc->index_capacity *= 2;
      mask = doc->index_capacity - 1;
      doc->index = g_renew (guint32, doc->index, doc->index_capacity);
      memset (doc->index, 0, sizeof (guint32) * doc->index_capacity);
      for (guint32 w = 0; w < doc->n_words; w++)
        {
          i = (guint32)doc->words[w].key & mask;
          while (doc->index[i] != 0)
            i = (i + 1) & mask;
          doc->index[i] = w + 1;
        }
    }
  i = (guint32)key & mask;
  while (doc->index[i] != 0)
    {
      if (doc->words[doc->index[i] - 1].key == key)
        return doc->index[i] - 1;
      i = (i + 1) & mask;
    }
  if (doc->n_words == doc->words_size)
    {
      doc->words_size = MAX (64, 2 * doc->words_size);
      doc->words = g_renew (DossierNerDocWord, doc->words, doc->words_size);
    }
  memset (&doc->words[doc->n_words], 0, sizeof (DossierNerDocWord));
  doc->words[doc->n_words].key = key;
  doc->index[i] = ++doc->n_words;
  return doc->n_words - 1;
}

static const DossierNerWordSlot *
lookup_word (const DossierNerLexicon *lex,
             const char              *norm,
             gsize                    len,
             guint64                  form,
             guint64                  lower,
             guint                    caps,
             gboolean                 headline)
{
  const DossierNerWordSlot *w = NULL;
  char title[DOSSIER_NER_MAX_WORD];

  /* "WASHINGTON" in a headline is "Washington" */
  if (caps == DOSSIER_NER_CAPS_ALL && headline && len > 1)
    {
      gsize n = _dossier_ner_title (norm, len, title);
      w = _dossier_ner_lexicon_word (lex, dossier_hash_bytes (title, n));
    }
  if (w == NULL)
    w = _dossier_ner_lexicon_word (lex, form);
  if (w == NULL && caps == DOSSIER_NER_CAPS_ALL && len > 1 && !headline)
    {
      gsize n = _dossier_ner_title (norm, len, title);
      w = _dossier_ner_lexicon_word (lex, dossier_hash_bytes (title, n));
    }
  if (w == NULL && caps != DOSSIER_NER_CAPS_LOWER)
    w = _dossier_ner_lexicon_word (lex, lower);
  return w;
}

/* Marks the gazetteer matches of one sentence: for each list, the longest
 * match starting at a capitalised token, left to right, without overlaps. */
static void
match_gazetteers (DossierNerDoc           *doc,
                  const DossierNerLexicon *lex,
                  guint                    first,
                  guint                    end)
{
  guint covered[DOSSIER_NER_N_GAZ];

  for (guint l = 0; l < DOSSIER_NER_N_GAZ; l++)
    covered[l] = first;

  for (guint i = first; i < end; i++)
    {
      guint best[DOSSIER_NER_N_GAZ] = { 0 };
      guint caps = doc->toks[i].caps;
      guint64 h = G_GUINT64_CONSTANT (0x5bd1e9955bd1e995);
      gboolean any = FALSE;

      if (caps == DOSSIER_NER_CAPS_LOWER || caps == DOSSIER_NER_CAPS_NONE)
        continue;
      for (guint n = 1; n <= DOSSIER_NER_GAZ_MAX_TOKENS && i + n <= end; n++)
        {
          guint32 v;

          h = _dossier_ner_combine (h, doc->toks[i + n - 1].lower);
          v = _dossier_ner_lexicon_gaz (lex, h);
          if (v == 0)
            break;
          for (guint l = 0; l < DOSSIER_NER_N_GAZ; l++)
            if (v & (1u << l))
              {
                best[l] = n;
                any = TRUE;
              }
          if (!(v & DOSSIER_NER_GAZ_PREFIX))
            break;
        }
      if (!any)
        continue;
      for (guint l = 0; l < DOSSIER_NER_N_GAZ; l++)
        {
          guint n = best[l];
          if (n == 0 || i < covered[l])
            continue;
          for (guint k = 0; k < n; k++)
            {
              guint pos = n == 1 ? DOSSIER_NER_POS_U :
                          k == 0 ? DOSSIER_NER_POS_B :
                          k == n - 1 ? DOSSIER_NER_POS_L : DOSSIER_NER_POS_I;
              doc->toks[i + k].gaz |= (guint64)(1 + pos) << (3 * l);
            }
          covered[l] = i + n;
        }
    }
}

void
_dossier_ner_doc_prepare (DossierNerDoc           *doc,
                          const DossierNerLexicon *lex,
                          const DossierNerToken   *tokens,
                          guint                    n_tokens)
{
  guint sentence = 0;

  if (doc->toks_size < n_tokens)
    {
      doc->toks_size = MAX (n_tokens, doc->toks_size * 2);
      doc->toks = g_renew (DossierNerTok, doc->toks, doc->toks_size);
    }
  doc->n_toks = n_tokens;
  doc->text_len = 0;

  /* a new document: no words yet, a small index to begin with */
  if (doc->index == NULL)
    {
      doc->index_capacity = 1024;
      doc->index = g_new0 (guint32, doc->index_capacity);
    }
  else
    memset (doc->index, 0, sizeof (guint32) * doc->index_capacity);
  doc->n_words = 0;

  /* forms and hashes */
  for (guint i = 0; i < n_tokens; i++)
    {
      DossierNerTok *t = &doc->toks[i];
      char lower[DOSSIER_NER_MAX_WORD];
      char shape[32];
      gsize len;
      gsize lower_len;
      gsize shape_len;
      char *norm;

      if (doc->text_size < doc->text_len + DOSSIER_NER_MAX_WORD)
        {
          doc->text_size = MAX (doc->text_size * 2, 4096);
          doc->text = g_realloc (doc->text, doc->text_size);
        }
      norm = doc->text + doc->text_len;
      len = _dossier_ner_normalize (tokens[i].text, tokens[i].len, norm);
      t->norm = doc->text_len;
      t->norm_len = len;
      doc->text_len += len + 1;

      t->caps = _dossier_ner_caps (norm, len);
      t->form = dossier_hash_bytes (norm, len);
      lower_len = _dossier_ner_lower (norm, len, lower);
      t->lower = dossier_hash_bytes (lower, lower_len);
      shape_len = _dossier_ner_shape (norm, len, 3, shape);
      t->shape = dossier_hash_bytes (shape, shape_len);
      shape_len = _dossier_ner_shape (norm, len, 1, shape);
      t->short_shape = dossier_hash_bytes (shape, shape_len);
      t->gaz = 0;
      t->flags = 0;
    }

  /* sentences: edges, length, headlines; then the lexicon and word table */
  for (guint first = 0; first < n_tokens; sentence++)
    {
      guint end = first + 1;
      guint n_letters = 0;
      guint n_caps = 0;
      gboolean headline;

      while (end < n_tokens && !(tokens[end].flags & DOSSIER_NER_TOKEN_SENTENCE_START))
        end++;
      for (guint i = first; i < end; i++)
        {
          if (doc->toks[i].caps >= DOSSIER_NER_CAPS_LOWER)
            n_letters++;
          if (doc->toks[i].caps == DOSSIER_NER_CAPS_ALL)
            n_caps++;
        }
      headline = n_caps * 2 > n_letters;

      for (guint i = first; i < end; i++)
        {
          DossierNerTok *t = &doc->toks[i];
          const char *norm = doc->text + t->norm;
          const DossierNerWordSlot *w;
          DossierNerDocWord *dw;

          t->sentence = sentence;
          t->sent_len = MIN (end - first, 255);
          if (i == first)
            t->flags |= DOSSIER_NER_TOK_SENT_START;
          if (i == end - 1)
            t->flags |= DOSSIER_NER_TOK_SENT_END;
          if (headline)
            t->flags |= DOSSIER_NER_TOK_HEADLINE;

          w = lookup_word (lex, norm, t->norm_len, t->form, t->lower, t->caps, headline);
          if (w != NULL)
            {
              memcpy (t->cls, w->cls, sizeof t->cls);
              t->case_bucket = w->case_bucket;
              t->freq_bucket = w->freq_bucket;
            }
          else
            {
              memset (t->cls, 0, sizeof t->cls);
              t->case_bucket = 0;
              t->freq_bucket = 0;
            }

          t->word = doc_word (doc, t->lower);
          dw = &doc->words[t->word];
          if (i > first && !headline && t->caps >= DOSSIER_NER_CAPS_LOWER)
            {
              guint16 *count = t->caps == DOSSIER_NER_CAPS_LOWER ? &dw->mid_lower
                                                                 : &dw->mid_capitalised;
              if (*count < G_MAXUINT16)
                (*count)++;
            }
        }
      match_gazetteers (doc, lex, first, end);
      first = end;
    }
}

/* Bucket of a share n/total, total > 0: some, half or more, all. */
static inline guint
share_bucket (guint n,
              guint total)
{
  if (n == total)
    return 3;
  return 2 * n >= total ? 2 : 1;
}

static inline guint64
affix_hash (const char *s,
            gsize       len)
{
  return dossier_hash_bytes (s, len);
}

/* Suffixes are read lower-cased: "CANADIAN" ends like "Canadian". */
static inline guint64
lower_affix_hash (const char *s,
                  gsize       len)
{
  char buf[8];

  for (gsize k = 0; k < len; k++)
    buf[k] = dossier_ascii_lower (s[k]);
  return dossier_hash_bytes (buf, len);
}

const int _dossier_ner_window[DOSSIER_NER_N_SLOTS] = { 0, -2, -1, 1, 2 };

static inline const DossierNerTok *
neighbour (const DossierNerDoc *doc,
           guint                i,
           guint                slot)
{
  int j = (int)i + _dossier_ner_window[slot];

  if (j < 0 || (guint)j >= doc->n_toks || doc->toks[j].sentence != doc->toks[i].sentence)
    return NULL;
  return &doc->toks[j];
}

guint
_dossier_ner_word_features (const DossierNerDoc *doc,
                            guint                j,
                            guint                slot,
                            guint64             *out)
{
  const DossierNerTok *t = &doc->toks[j];
  guint n = 0;

  if (slot == 0)
    {
      const char *norm = doc->text + t->norm;
      guint len = t->norm_len;

      out[n++] = f1 (T_FORM, t->form);
      out[n++] = f1 (T_LOWER, t->lower);
      out[n++] = f1 (T_SHAPE, t->shape);
      for (guint k = 1; k <= 4 && k < len; k++)
        {
          out[n++] = f1 (T_PREFIX + k, affix_hash (norm, k));
          out[n++] = f1 (T_SUFFIX + k, lower_affix_hash (norm + len - k, k));
        }
      for (guint g = 0; g < DOSSIER_NER_N_CLUSTERINGS; g++)
        if (t->cls[g] != 0)
          out[n++] = f1 (T_CLS + g, t->cls[g]);
      out[n++] = f1 (T_CASE_BUCKET, t->case_bucket * 8 + t->caps);
      out[n++] = f1 (T_FREQ_BUCKET, t->freq_bucket * 8 + t->caps);
      return n;
    }

  slot--;
  out[n++] = f1 (T_CTX_LOWER + slot, t->lower);
  out[n++] = f1 (T_CTX_SHAPE + slot, t->short_shape);
  for (guint g = 0; g < DOSSIER_NER_N_CLUSTERINGS; g++)
    {
      /* two away: the middle clustering only */
      if ((slot == 0 || slot == 3) && g != 1)
        continue;
      if (t->cls[g] != 0)
        out[n++] = f1 (T_CTX_CLS + slot * DOSSIER_NER_N_CLUSTERINGS + g, t->cls[g]);
    }
  return n;
}

guint64
_dossier_ner_word_key (const DossierNerDoc *doc,
                       guint                j)
{
  const DossierNerTok *t = &doc->toks[j];

  /* the lexicon reads all-caps headline words as title case */
  if (t->caps == DOSSIER_NER_CAPS_ALL && (t->flags & DOSSIER_NER_TOK_HEADLINE))
    return t->form ^ G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  return t->form;
}

guint
_dossier_ner_context_features (const DossierNerDoc *doc,
                               guint                i,
                               guint64             *out)
{
  const DossierNerTok *t = &doc->toks[i];
  guint caps = t->caps;
  gboolean start = (t->flags & DOSSIER_NER_TOK_SENT_START) != 0;
  gboolean headline = (t->flags & DOSSIER_NER_TOK_HEADLINE) != 0;
  guint n = 0;
  const DossierNerTok *prev = neighbour (doc, i, 2);
  const DossierNerTok *next = neighbour (doc, i, 3);
  const DossierNerDocWord *dw = &doc->words[t->word];

  out[n++] = f1 (T_BIAS, 0);
  if (t->cls[0] == 0)
    out[n++] = f1 (T_NO_CLS, caps * 2 + headline);
  out[n++] = f1 (T_POSITION, (start ? 1 : 0) | (headline ? 2 : 0) | caps << 2);
  {
    guint sl = t->sent_len;
    guint bucket = sl <= 3 ? sl : sl <= 6 ? 4 : sl <= 10 ? 5 : 6;
    out[n++] = f1 (T_SENT_LEN, (bucket * 2 + (start ? 1 : 0)) * 8 + caps);
    out[n++] = f1 (T_SENT_INDEX, (MIN (t->sentence, 3) * 2 + (headline ? 1 : 0)) * 8 + caps);
  }
  {
    /* how the document writes this word where case means something */
    guint cap = dw->mid_capitalised;
    guint low = dw->mid_lower;
    if (!start && !headline && caps >= DOSSIER_NER_CAPS_LOWER)
      {
        if (caps == DOSSIER_NER_CAPS_LOWER)
          low -= low > 0;
        else
          cap -= cap > 0;
      }
    out[n++] = f1 (T_DOC_CASE, ((cap > 0 ? 1 : 0) | (low > 0 ? 2 : 0) | (start ? 4 : 0) |
                                (headline ? 8 : 0)) * 8 + caps);
  }

  if (t->gaz != 0)
    for (guint l = 0; l < DOSSIER_NER_N_GAZ; l++)
      {
        guint code = (t->gaz >> (3 * l)) & 7;
        if (code == 0)
          continue;
        out[n++] = f1 (T_GAZ, l * 8 + code);
        out[n++] = f1 (T_GAZ_CAPS, (l * 8 + code) * 8 + caps);
      }
  if (prev != NULL && prev->gaz != 0)
    for (guint l = 0; l < DOSSIER_NER_N_GAZ; l++)
      {
        guint code = (prev->gaz >> (3 * l)) & 7;
        if (code != 0)
          out[n++] = f1 (T_GAZ_PREV, l * 8 + code);
      }
  if (next != NULL && next->gaz != 0)
    for (guint l = 0; l < DOSSIER_NER_N_GAZ; l++)
      {
        guint code = (next->gaz >> (3 * l)) & 7;
        if (code != 0)
          out[n++] = f1 (T_GAZ_NEXT, l * 8 + code);
      }

  /* the window past the sentence's edges */
  for (guint slot = 1; slot < DOSSIER_NER_N_SLOTS; slot++)
    if (neighbour (doc, i, slot) == NULL)
      out[n++] = f1 (T_CTX_LOWER + slot - 1, DOSSIER_NER_OUTSIDE);

  {
    guint64 prev_lower = prev ? prev->lower : DOSSIER_NER_OUTSIDE;
    guint64 next_lower = next ? next->lower : DOSSIER_NER_OUTSIDE;
    guint64 prev_shape = prev ? prev->short_shape : DOSSIER_NER_OUTSIDE;
    guint64 next_shape = next ? next->short_shape : DOSSIER_NER_OUTSIDE;

    out[n++] = f1 (T_BIGRAM_PREV, _dossier_ner_combine (prev_lower, t->lower));
    out[n++] = f1 (T_BIGRAM_NEXT, _dossier_ner_combine (t->lower, next_lower));
    out[n++] = f1 (T_SHAPE3,
                   _dossier_ner_combine (_dossier_ner_combine (prev_shape, t->short_shape),
                                         next_shape));
    out[n++] = f1 (T_CAPS3, ((prev ? prev->caps : 7) * 8 + caps) * 8 + (next ? next->caps : 7));
    out[n++] = f1 (T_PREV_WORD_SHAPE, _dossier_ner_combine (prev_lower, t->short_shape));
    out[n++] = f1 (T_NEXT_WORD_SHAPE, _dossier_ner_combine (next_lower, t->short_shape));
  }
  return n;
}

guint
_dossier_ner_base_features (const DossierNerDoc *doc,
                            guint                i,
                            guint64             *out)
{
  guint n = _dossier_ner_context_features (doc, i, out);

  for (guint slot = 0; slot < DOSSIER_NER_N_SLOTS; slot++)
    if (slot == 0 || neighbour (doc, i, slot) != NULL)
      n += _dossier_ner_word_features (doc, i + _dossier_ner_window[slot], slot, out + n);

  g_assert (n <= DOSSIER_NER_MAX_FEATURES);
  return n;
}

static inline guint
label_at (const DossierNerDoc *doc,
          const guint8        *y,
          guint                i,
          int                  offset)
{
  int j = (int)i + offset;

  if (j < 0 || (guint)j >= doc->n_toks || doc->toks[j].sentence != doc->toks[i].sentence)
    return DOSSIER_NER_OUTSIDE;
  return y[j];
}

guint64
_dossier_ner_transition_feature (guint prev)
{
  return f1 (T_PREV_LABEL, prev);
}

guint
_dossier_ner_history_features (const DossierNerDoc *doc,
                               guint                i,
                               guint64             *out)
{
  const DossierNerTok *t = &doc->toks[i];
  const DossierNerDocWord *dw = &doc->words[t->word];
  guint total = 0;
  guint n = 0;

  for (guint c = 0; c <= DOSSIER_NER_N_TYPES; c++)
    total += dw->history[c];
  if (total > 0)
    for (guint c = 0; c <= DOSSIER_NER_N_TYPES; c++)
      if (dw->history[c] > 0)
        {
          guint v = c * 4 + share_bucket (dw->history[c], total);
          out[n++] = f1 (T_HISTORY, v);
          out[n++] = f1 (T_HISTORY_CAPS, v * 8 + t->caps);
        }
  return n;
}

guint
_dossier_ner_stack_features (const DossierNerDoc *doc,
                             guint                i,
                             const guint8        *y1,
                             guint64             *out)
{
  const DossierNerTok *t = &doc->toks[i];
  const DossierNerDocWord *dw = &doc->words[t->word];
  guint own = _dossier_ner_label_class (y1[i]);
  guint counts[DOSSIER_NER_N_TYPES + 1];
  guint total = 0;
  guint n = 0;

  for (int o = -2; o <= 2; o++)
    out[n++] = f1 (T_FIRST_AT + (o + 2), label_at (doc, y1, i, o));
  out[n++] = f1 (T_FIRST_TRIGRAM, (label_at (doc, y1, i, -1) * 128 + y1[i]) * 128 +
                                  label_at (doc, y1, i, 1));

  /* what the first pass made of the same word elsewhere in the document */
  for (guint c = 0; c <= DOSSIER_NER_N_TYPES; c++)
    {
      counts[c] = dw->first_pass[c] - (c == own ? 1 : 0);
      total += counts[c];
    }
  if (total > 0)
    for (guint c = 0; c <= DOSSIER_NER_N_TYPES; c++)
      if (counts[c] > 0)
        {
          guint v = c * 4 + share_bucket (counts[c], total);
          out[n++] = f1 (T_AGGREGATE, v);
          out[n++] = f1 (T_AGGREGATE_CAPS, v * 8 + t->caps);
          out[n++] = f1 (T_AGGREGATE_LABEL, v * 32 + y1[i]);
        }
  return n;
}

void
_dossier_ner_doc_reset_history (DossierNerDoc *doc)
{
  for (guint32 w = 0; w < doc->n_words; w++)
    memset (doc->words[w].history, 0, sizeof doc->words[w].history);
}

void
_dossier_ner_doc_add_history (DossierNerDoc *doc,
                              guint          i,
                              guint          label)
{
  DossierNerDocWord *dw = &doc->words[doc->toks[i].word];
  guint c = _dossier_ner_label_class (label);

  if (dw->history[c] < G_MAXUINT16)
    dw->history[c]++;
}

void
_dossier_ner_doc_set_first_pass (DossierNerDoc *doc,
                                 const guint8  *y1)
{
  for (guint32 w = 0; w < doc->n_words; w++)
    memset (doc->words[w].first_pass, 0, sizeof doc->words[w].first_pass);
  for (guint i = 0; i < doc->n_toks; i++)
    {
      DossierNerDocWord *dw = &doc->words[doc->toks[i].word];
      guint c = _dossier_ner_label_class (y1[i]);
      if (dw->first_pass[c] < G_MAXUINT16)
        dw->first_pass[c]++;
    }
}

void
_dossier_ner_labels_to_entities (const guint8 *labels,
                                 const float  *confidence,
                                 guint         n,
                                 GArray       *entities)
{
  guint i = 0;

  while (i < n)
    {
      guint l = labels[i];
      DossierNerEntity e;
      guint pos;

      if (l == DOSSIER_NER_LABEL_O)
        {
          i++;
          continue;
        }
      e.start = i;
      e.type = _dossier_ner_label_type (l);
      e.confidence = confidence ? confidence[i] : 1;
      pos = _dossier_ner_label_pos (l);
      i++;
      if (pos == DOSSIER_NER_POS_B)
        {
          while (i < n && labels[i] != DOSSIER_NER_LABEL_O &&
                 _dossier_ner_label_type (labels[i]) == e.type)
            {
              guint p = _dossier_ner_label_pos (labels[i]);
              if (p != DOSSIER_NER_POS_I && p != DOSSIER_NER_POS_L)
                break;
              if (confidence)
                e.confidence = MIN (e.confidence, confidence[i]);
              i++;
              if (p == DOSSIER_NER_POS_L)
                break;
            }
        }
      e.end = i;
      g_array_append_val (entities, e);
    }
}

void
_dossier_ner_entities_to_labels (const DossierNerEntity *entities,
                                 guint                   n_entities,
                                 guint8                 *labels,
                                 guint                   n)
{
  memset (labels, DOSSIER_NER_LABEL_O, n);
  for (guint k = 0; k < n_entities; k++)
    {
      const DossierNerEntity *e = &entities[k];
      guint len = e->end - e->start;

      for (guint i = e->start; i < e->end && i < n; i++)
        {
          guint pos = len == 1 ? DOSSIER_NER_POS_U :
                      i == e->start ? DOSSIER_NER_POS_B :
                      i == e->end - 1 ? DOSSIER_NER_POS_L : DOSSIER_NER_POS_I;
          labels[i] = _dossier_ner_label (e->type, pos);
        }
    }
}
