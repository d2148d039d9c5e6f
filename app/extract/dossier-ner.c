/* dossier-ner.c — the entity tagger: model loading and decoding
 *
 * Decoding runs two passes over a document. The first tags each sentence
 * with Viterbi under valid BILOU transitions, seeing what it gave the same
 * words in earlier sentences. The second pass also sees the first pass's
 * labels around each token and what the first pass made of the same word
 * anywhere in the document, so a name tagged in the body also counts in
 * the all-caps headline above it.
 *
 * Scores are integer sums of 16-bit weights. A token's label-independent
 * features are scored once for both passes; the features of its form come
 * from a per-tagger cache of summed vectors, the features with few values
 * from dense vectors, and only the rest from the model's hash table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-ner"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "dossier-ner-private.h"

#define L DOSSIER_NER_N_LABELS
#define N_PREV (L + 1)  /* previous labels: the labels, and none at a sentence start */
#define FORBIDDEN (-(1 << 29))
#define LP 20           /* labels padded to whole 4-lane vectors: score arrays and Viterbi */

struct _DossierNerTagger
{
  DossierNerModel *model;
  DossierNerDoc    doc;
  gint32          *scores;   /* per level: n × L label-independent scores */
  guint8          *y1;
  guint8          *y2;
  float           *confidence;
  guint            size;
  /* for the sentence being decoded: its tokens' scores before transitions,
   * and the Viterbi back-pointers */
  gint32          *local;
  guint8          *back;
  guint            sentence_size;
  /* scores of the transition feature, [level][previous label][label], with
   * FORBIDDEN where BILOU does not allow the transition; and the same for a
   * sentence's last token, which must close its entity */
  gint32           transitions[DOSSIER_NER_MAX_LEVELS][N_PREV][LP];
  gint32           transitions_last[DOSSIER_NER_MAX_LEVELS][N_PREV][LP];
  /* Scores of each word's form-only features, per window slot and level,
   * kept across documents: most tokens are words seen before, and one
   * cached vector replaces some thirty lookups. Direct-mapped. */
  guint64         *cache_keys;
  gint32          *cache_scores;         /* [entry][slot][level][label] */
  /* copies for the tokens in the window, by token index modulo the window:
   * a later token may evict an earlier one's entry */
  gint32           ring[DOSSIER_NER_N_SLOTS][DOSSIER_NER_N_SLOTS * DOSSIER_NER_MAX_LEVELS * LP];
  /* dense weights of the features with few values: hash → vector */
  guint64         *dense_keys;
  guint16         *dense_index;
  guint32          dense_mask;
  gint32          *dense;                /* [vector][level][label, padded] */
};

#define CACHE_SIZE 4096
#define CACHE_STRIDE (DOSSIER_NER_N_SLOTS * DOSSIER_NER_MAX_LEVELS * LP)

static void precompute_transitions (DossierNerTagger *self);
static void build_dense            (DossierNerTagger *self);

static gboolean
invalid (GError    **error,
         const char *what)
{
  g_set_error (error, DOSSIER_NER_ERROR, DOSSIER_NER_ERROR_INVALID_MODEL,
               "not a usable entity model: %s", what);
  return FALSE;
}

static gboolean
section_ok (guint32 offset,
            guint64 size,
            guint32 total)
{
  return offset % 8 == 0 && offset >= sizeof (DossierNerHeader) && (guint64)offset + size <= total;
}

gboolean
_dossier_ner_model_map (DossierNerModel  *model,
                        GError          **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (model->bytes, &size);
  const DossierNerHeader *h = (const DossierNerHeader *)data;
  guint32 used;

  if (data == NULL || size < sizeof (DossierNerHeader))
    return invalid (error, "too short");
  if (memcmp (h->magic, DOSSIER_NER_MAGIC, 8) != 0)
    return invalid (error, "wrong magic");
  if (h->version != DOSSIER_NER_VERSION)
    return invalid (error, "unsupported version");
  if (h->n_labels != L || h->n_clusterings != DOSSIER_NER_N_CLUSTERINGS ||
      h->n_levels < 1 || h->n_levels > DOSSIER_NER_MAX_LEVELS)
    return invalid (error, "unexpected label set or levels");
  if (h->total_size != size)
    return invalid (error, "truncated or padded");
  if (!section_ok (h->words_offset, (guint64)h->words_capacity * sizeof (DossierNerWordSlot),
                   size) ||
      !section_ok (h->gaz_offset, (guint64)h->gaz_capacity * sizeof (DossierNerGazSlot), size) ||
      !section_ok (h->feats_offset, (guint64)h->feats_capacity * sizeof (DossierNerFeatSlot),
                   size) ||
      !section_ok (h->entries_offset, (guint64)h->n_entries * sizeof (guint32), size) ||
      h->feats_capacity == 0)
    return invalid (error, "section out of bounds");
  if (!(h->temperature > 0) || !(h->scale[0] > 0))
    return invalid (error, "bad scale");

  model->header = h;
  model->n_levels = h->n_levels;
  model->lex.words = (const DossierNerWordSlot *)(data + h->words_offset);
  model->lex.words_capacity = h->words_capacity;
  model->lex.gaz = (const DossierNerGazSlot *)(data + h->gaz_offset);
  model->lex.gaz_capacity = h->gaz_capacity;
  model->feats = (const DossierNerFeatSlot *)(data + h->feats_offset);
  model->feats_capacity = h->feats_capacity;
  model->entries = (const guint32 *)(data + h->entries_offset);

  /* every probe sequence must end at an empty slot, every row stay inside */
  used = 0;
  for (guint32 i = 0; i < h->words_capacity; i++)
    used += model->lex.words[i].key != 0;
  if (h->words_capacity > 0 && used == h->words_capacity)
    return invalid (error, "full word table");
  used = 0;
  for (guint32 i = 0; i < h->gaz_capacity; i++)
    used += model->lex.gaz[i] != 0;
  if (h->gaz_capacity > 0 && used == h->gaz_capacity)
    return invalid (error, "full gazetteer table");
  used = 0;
  for (guint32 i = 0; i < h->feats_capacity; i++)
    {
      const DossierNerFeatSlot *s = &model->feats[i];
      guint32 counts;
      guint32 n = 0;

      if (s->key == 0)
        continue;
      used++;
      if (s->offset >= h->n_entries)
        return invalid (error, "feature row out of bounds");
      counts = model->entries[s->offset];
      for (guint l = 0; l < DOSSIER_NER_MAX_LEVELS; l++)
        n += (counts >> (8 * l)) & 0xff;
      if ((guint64)s->offset + 1 + n > h->n_entries)
        return invalid (error, "feature row out of bounds");
      for (guint32 k = 0; k < n; k++)
        if ((model->entries[s->offset + 1 + k] & 0xff) >= L)
          return invalid (error, "label out of range");
    }
  if (used == h->feats_capacity)
    return invalid (error, "full feature table");
  return TRUE;
}

DossierNerModel *
dossier_ner_model_new_from_bytes (GBytes  *bytes,
                                  GError **error)
{
  g_autoptr(DossierNerModel) model = NULL;
  gsize size;
  gconstpointer data;

  g_return_val_if_fail (bytes != NULL, NULL);

  model = g_new0 (DossierNerModel, 1);
  model->ref_count = 1;
  data = g_bytes_get_data (bytes, &size);
  /* the tables are read in place; they need 8-byte alignment */
  if (((guintptr)data & 7) != 0)
    model->bytes = g_bytes_new_take (g_memdup2 (data, size), size);
  else
    model->bytes = g_bytes_ref (bytes);
  if (!_dossier_ner_model_map (model, error))
    return NULL;
  return g_steal_pointer (&model);
}

DossierNerModel *
dossier_ner_model_new_from_file (const char  *path,
                                 GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_mapped_file_new (path, FALSE, error);
  if (file == NULL)
    return NULL;
  bytes = g_mapped_file_get_bytes (file);
  return dossier_ner_model_new_from_bytes (bytes, error);
}

DossierNerModel *
dossier_ner_model_ref (DossierNerModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);

  g_atomic_int_inc (&model->ref_count);
  return model;
}

void
dossier_ner_model_unref (DossierNerModel *model)
{
  if (model == NULL)
    return;
  if (g_atomic_int_dec_and_test (&model->ref_count))
    {
      g_clear_pointer (&model->bytes, g_bytes_unref);
      g_free (model);
    }
}

GBytes *
dossier_ner_model_get_bytes (DossierNerModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);

  return g_bytes_ref (model->bytes);
}

gboolean
dossier_ner_model_save (DossierNerModel  *model,
                        const char       *path,
                        GError          **error)
{
  gsize size;
  gconstpointer data;

  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = g_bytes_get_data (model->bytes, &size);
  return g_file_set_contents (path, data, size, error);
}

DossierNerTagger *
dossier_ner_tagger_new (DossierNerModel *model)
{
  DossierNerTagger *self;

  g_return_val_if_fail (model != NULL, NULL);

  self = g_new0 (DossierNerTagger, 1);
  self->model = dossier_ner_model_ref (model);
  _dossier_ner_doc_init (&self->doc);
  build_dense (self);
  precompute_transitions (self);
  self->cache_keys = g_new0 (guint64, CACHE_SIZE);
  self->cache_scores = g_new (gint32, (gsize)CACHE_SIZE * CACHE_STRIDE);
  return self;
}

/* The buffers of a document far longer than a news article (some 50 MB for a
 * 1 MB text) are not kept for the next one, which is most likely short. */
#define KEPT_TOKENS 65536

static void
release_document (DossierNerTagger *self)
{
  if (self->size <= KEPT_TOKENS)
    return;
  g_clear_pointer (&self->scores, g_free);
  g_clear_pointer (&self->y1, g_free);
  g_clear_pointer (&self->y2, g_free);
  g_clear_pointer (&self->confidence, g_free);
  self->size = 0;
  _dossier_ner_doc_clear (&self->doc);
}

void
dossier_ner_tagger_free (DossierNerTagger *self)
{
  if (self == NULL)
    return;
  _dossier_ner_doc_clear (&self->doc);
  g_free (self->scores);
  g_free (self->y1);
  g_free (self->y2);
  g_free (self->confidence);
  g_free (self->local);
  g_free (self->back);
  g_free (self->cache_keys);
  g_free (self->cache_scores);
  g_free (self->dense_keys);
  g_free (self->dense_index);
  g_free (self->dense);
  dossier_ner_model_unref (self->model);
  g_free (self);
}

/* out += in, over padded label vectors (the compiler vectorises it). */
static inline void
add_scores (gint32       *restrict out,
            const gint32 *restrict in)
{
  for (guint l = 0; l < LP; l++)
    out[l] += in[l];
}

/* Adds the entries of @row for @level to @scores. */
static inline void
add_row (const guint32 *row,
         guint          level,
         gint32        *scores)
{
  guint32 counts = row[0];
  const guint32 *e = row + 1;
  guint n;

  if (level == 1)
    e += counts & 0xff;
  n = (counts >> (8 * level)) & 0xff;
  for (guint k = 0; k < n; k++)
    scores[e[k] & 0xff] += (gint16)(e[k] >> 16);
}

/* Adds the weights of @n features for level 0 to @a and level 1 to @b (either
 * may be NULL). Features with few values have dense vectors at hand; the
 * others are looked up together so their cache misses overlap: slots
 * first, then rows, then the sums. */
static void
score_features (DossierNerTagger *self,
                const guint64    *feats,
                guint             n,
                gint32           *a,
                gint32           *b)
{
  const DossierNerModel *model = self->model;
  const guint32 *rows[DOSSIER_NER_MAX_FEATURES];
  guint64 rest[DOSSIER_NER_MAX_FEATURES];
  guint n_rest = 0;
  guint n_rows = 0;

  for (guint k = 0; k < n; k++)
    {
      guint64 h = feats[k];
      guint32 i = (guint32)h & self->dense_mask;

      while (self->dense_keys[i] != 0 && self->dense_keys[i] != h)
        i = (i + 1) & self->dense_mask;
      if (self->dense_keys[i] == h)
        {
          const gint32 *v = self->dense + (gsize)self->dense_index[i] * DOSSIER_NER_MAX_LEVELS * LP;
          if (a != NULL)
            add_scores (a, v);
          if (b != NULL)
            add_scores (b, v + LP);
          continue;
        }
      __builtin_prefetch (&model->feats[dossier_hash_home (h, model->feats_capacity)]);
      rest[n_rest++] = h;
    }
  for (guint k = 0; k < n_rest; k++)
    {
      const guint32 *row = _dossier_ner_model_row (model, rest[k]);
      if (row != NULL)
        {
          __builtin_prefetch (row);
          rows[n_rows++] = row;
        }
    }
  for (guint k = 0; k < n_rows; k++)
    {
      if (a != NULL)
        add_row (rows[k], 0, a);
      if (b != NULL)
        add_row (rows[k], 1, b);
    }
}

static void
build_dense (DossierNerTagger *self)
{
  guint n = _dossier_ner_small_features (NULL, 0);
  g_autofree guint64 *feats = g_new (guint64, n);
  guint32 capacity = 16;

  _dossier_ner_small_features (feats, n);
  while (capacity < 2 * n)
    capacity *= 2;
  self->dense_mask = capacity - 1;
  self->dense_keys = g_new0 (guint64, capacity);
  self->dense_index = g_new (guint16, capacity);
  self->dense = g_new0 (gint32, (gsize)n * DOSSIER_NER_MAX_LEVELS * LP);
  for (guint k = 0; k < n && k < G_MAXUINT16; k++)
    {
      const guint32 *row = _dossier_ner_model_row (self->model, feats[k]);
      gint32 *v = self->dense + (gsize)k * DOSSIER_NER_MAX_LEVELS * LP;
      guint32 i = (guint32)feats[k] & self->dense_mask;

      if (row != NULL)
        {
          gint32 sums[DOSSIER_NER_MAX_LEVELS][L] = { { 0 } };
          add_row (row, 0, sums[0]);
          if (self->model->n_levels > 1)
            add_row (row, 1, sums[1]);
          for (guint l = 0; l < L; l++)
            {
              v[l] = sums[0][l];
              v[LP + l] = sums[1][l];
            }
        }
      while (self->dense_keys[i] != 0 && self->dense_keys[i] != feats[k])
        i = (i + 1) & self->dense_mask;
      self->dense_keys[i] = feats[k];
      self->dense_index[i] = k;
    }
}

/* The cached form-only scores of token @j, computed on a miss. */
static const gint32 *
word_scores (DossierNerTagger *self,
             guint             j)
{
  guint64 key = _dossier_ner_word_key (&self->doc, j);
  guint e = (guint)(key >> 40) & (CACHE_SIZE - 1);
  gint32 *scores = self->cache_scores + (gsize)e * CACHE_STRIDE;

  if (key == 0)
    key = 1;
  if (self->cache_keys[e] != key)
    {
      gboolean two = self->model->n_levels > 1;

      memset (scores, 0, sizeof (gint32) * CACHE_STRIDE);
      for (guint slot = 0; slot < DOSSIER_NER_N_SLOTS; slot++)
        {
          guint64 feats[DOSSIER_NER_MAX_FEATURES];
          guint n = _dossier_ner_word_features (&self->doc, j, slot, feats);
          gint32 *v = scores + slot * DOSSIER_NER_MAX_LEVELS * LP;

          score_features (self, feats, n, v, two ? v + LP : NULL);
        }
      self->cache_keys[e] = key;
    }
  return scores;
}

static inline gboolean
allowed (guint    prev,
         guint    label,
         gboolean last)
{
  if (prev == DOSSIER_NER_OUTSIDE)
    prev = DOSSIER_NER_LABEL_O;
  return _dossier_ner_transition_ok (prev, label) && (!last || _dossier_ner_label_can_end (label));
}

static void
precompute_transitions (DossierNerTagger *self)
{
  for (guint prev = 0; prev < N_PREV; prev++)
    {
      guint p = prev == L ? DOSSIER_NER_OUTSIDE : prev;
      guint64 feat = _dossier_ner_transition_feature (p);
      gint32 scores[DOSSIER_NER_MAX_LEVELS][LP] = { { 0 } };  /* add_scores writes padded vectors */

      score_features (self, &feat, 1, scores[0], self->model->n_levels > 1 ? scores[1] : NULL);
      for (guint lv = 0; lv < DOSSIER_NER_MAX_LEVELS; lv++)
        for (guint l = 0; l < LP; l++)
          {
            gint32 t = l < L ? scores[lv][l] : FORBIDDEN;
            self->transitions[lv][prev][l] = l < L && allowed (p, l, FALSE) ? t : FORBIDDEN;
            self->transitions_last[lv][prev][l] = l < L && allowed (p, l, TRUE) ? t : FORBIDDEN;
          }
    }
}

/* One pass: Viterbi over each sentence in turn, under valid BILOU
 * transitions, the sentences seeing what the pass gave the same words in
 * the sentences before. */
static void
decode (DossierNerTagger *self,
        guint             level,
        const gint32     *base,
        guint8           *y,
        float            *confidence)
{
  const DossierNerModel *model = self->model;
  DossierNerDoc *doc = &self->doc;
  double factor = model->header->scale[level] / model->header->temperature;
  guint64 feats[DOSSIER_NER_MAX_FEATURES];

  _dossier_ner_doc_reset_history (doc);
  for (guint first = 0; first < doc->n_toks; )
    {
      guint end = first + 1;
      gint32 prev_delta[LP];

      while (end < doc->n_toks && !(doc->toks[end].flags & DOSSIER_NER_TOK_SENT_START))
        end++;
      if (self->sentence_size < end - first)
        {
          self->sentence_size = MAX (end - first, 2 * self->sentence_size);
          self->local = g_renew (gint32, self->local, (gsize)self->sentence_size * LP);
          self->back = g_renew (guint8, self->back, (gsize)self->sentence_size * L);
        }

      for (guint i = first; i < end; i++)
        {
          const gint32 (*trans)[LP] = i == end - 1 ? self->transitions_last[level]
                                                   : self->transitions[level];
          gint32 *local = self->local + (gsize)(i - first) * LP;
          guint8 *back = self->back + (gsize)(i - first) * L;
          guint n = _dossier_ner_history_features (doc, i, feats);
          gint32 delta[LP];
          gint32 from[LP];
          gint32 top;

          memcpy (local, base + (gsize)i * LP, sizeof (gint32) * LP);
          score_features (self, feats, n, level == 0 ? local : NULL, level == 1 ? local : NULL);

          if (i == first)
            {
              for (guint l = 0; l < LP; l++)
                {
                  delta[l] = trans[L][l];
                  from[l] = 0;
                }
            }
          else
            {
              for (guint l = 0; l < LP; l++)
                {
                  delta[l] = prev_delta[0] + trans[0][l];
                  from[l] = 0;
                }
              /* branch-free so the compiler runs it four labels at a time */
              for (guint p = 1; p < L; p++)
                {
                  gint32 pd = prev_delta[p];
                  const gint32 *t = trans[p];
                  for (guint l = 0; l < LP; l++)
                    {
                      gint32 v = pd + t[l];
                      gboolean better = v > delta[l];
                      delta[l] = better ? v : delta[l];
                      from[l] = better ? (gint32)p : from[l];
                    }
                }
            }
          /* keep the numbers small: a forbidden path stays far below */
          top = G_MININT32;
          for (guint l = 0; l < L; l++)
            {
              delta[l] += local[l];
              top = MAX (top, delta[l]);
              back[l] = from[l];
            }
          for (guint l = 0; l < L; l++)
            prev_delta[l] = MAX (delta[l] - top, FORBIDDEN);
          for (guint l = L; l < LP; l++)
            prev_delta[l] = FORBIDDEN;
        }

      /* the best path, back to front */
      {
        guint label = 0;
        for (guint l = 1; l < L; l++)
          if (prev_delta[l] > prev_delta[label])
            label = l;
        for (guint i = end; i-- > first; )
          {
            y[i] = label;
            label = self->back[(gsize)(i - first) * L + label];
          }
      }

      for (guint i = first; i < end; i++)
        {
          if (confidence != NULL && y[i] != DOSSIER_NER_LABEL_O)
            {
              /* the label's share at its token, given the label before */
              guint prev = i > first ? y[i - 1] : L;
              const gint32 *local = self->local + (gsize)(i - first) * LP;
              const gint32 *t = i == end - 1 ? self->transitions_last[level][prev]
                                             : self->transitions[level][prev];
              gint32 chosen = local[y[i]] + t[y[i]];
              double sum = 0;

              for (guint l = 0; l < L; l++)
                if (t[l] != FORBIDDEN)
                  sum += exp ((local[l] + t[l] - chosen) * factor);
              confidence[i] = 1.0 / sum;
            }
          _dossier_ner_doc_add_history (doc, i, y[i]);
        }
      first = end;
    }
}

void
dossier_ner_tagger_tag (DossierNerTagger      *self,
                        const DossierNerToken *tokens,
                        guint                  n_tokens,
                        GArray                *entities)
{
  dossier_ner_tagger_tag_full (self, tokens, n_tokens, entities, NULL);
}

G_STATIC_ASSERT (DOSSIER_NER_WORD_CLUSTERS == DOSSIER_NER_N_CLUSTERINGS);

/* The word clusters of the document's tokens, where the tagger looked the
 * word up as the quote model does (its form, then its lower case): not for
 * all-capitals words, which it also tries in title case, nor for words long
 * enough to be cut before they are normalised. */
static void
copy_clusters (const DossierNerDoc   *doc,
               const DossierNerToken *tokens,
               guint16               *clusters)
{
  for (guint i = 0; i < doc->n_toks; i++)
    {
      const DossierNerTok *t = &doc->toks[i];
      guint16 *out = clusters + (gsize)i * DOSSIER_NER_N_CLUSTERINGS;

      if ((t->caps == DOSSIER_NER_CAPS_ALL && t->norm_len > 1) ||
          tokens[i].len >= DOSSIER_NER_MAX_WORD - 1)
        {
          for (guint k = 0; k < DOSSIER_NER_N_CLUSTERINGS; k++)
            out[k] = DOSSIER_NER_CLUSTERS_UNSET;
        }
      else
        memcpy (out, t->cls, sizeof t->cls);
    }
}

void
dossier_ner_tagger_tag_full (DossierNerTagger      *self,
                             const DossierNerToken *tokens,
                             guint                  n_tokens,
                             GArray                *entities,
                             guint16               *clusters)
{
  const DossierNerModel *model;
  DossierNerDoc *doc;
  guint64 feats[DOSSIER_NER_MAX_FEATURES];
  guint levels;
  gint32 *s1;
  gint32 *s2;

  g_return_if_fail (self != NULL);
  g_return_if_fail (tokens != NULL || n_tokens == 0);
  g_return_if_fail (entities != NULL);

  if (n_tokens == 0)
    return;
  model = self->model;
  doc = &self->doc;
  levels = model->n_levels;

  if (self->size < n_tokens)
    {
      self->size = MAX (n_tokens, self->size * 2);
      self->scores = g_renew (gint32, self->scores,
                              (gsize)self->size * LP * DOSSIER_NER_MAX_LEVELS);
      self->y1 = g_renew (guint8, self->y1, self->size);
      self->y2 = g_renew (guint8, self->y2, self->size);
      self->confidence = g_renew (float, self->confidence, self->size);
    }
  s1 = self->scores;
  s2 = self->scores + (gsize)n_tokens * LP;
  memset (self->scores, 0, sizeof (gint32) * n_tokens * LP * levels);

  _dossier_ner_doc_prepare (doc, &model->lex, tokens, n_tokens);
  if (clusters != NULL)
    copy_clusters (doc, tokens, clusters);

  /* label-independent scores of both passes: the context features, and the
   * cached word scores of the five tokens in the window */
  for (guint j = 0; j < MIN (2, n_tokens); j++)
    memcpy (self->ring[j], word_scores (self, j), sizeof self->ring[j]);
  for (guint i = 0; i < n_tokens; i++)
    {
      guint n = _dossier_ner_context_features (doc, i, feats);
      gint32 *a = s1 + (gsize)i * LP;
      gint32 *b = s2 + (gsize)i * LP;
      guint sentence = doc->toks[i].sentence;

      if (i + 2 < n_tokens)
        memcpy (self->ring[(i + 2) % DOSSIER_NER_N_SLOTS], word_scores (self, i + 2),
                sizeof self->ring[0]);
      score_features (self, feats, n, a, levels > 1 ? b : NULL);
      for (guint slot = 0; slot < DOSSIER_NER_N_SLOTS; slot++)
        {
          int j = (int)i + _dossier_ner_window[slot];
          const gint32 *v;

          if (j < 0 || (guint)j >= n_tokens || doc->toks[j].sentence != sentence)
            continue;
          v = self->ring[j % DOSSIER_NER_N_SLOTS] + slot * DOSSIER_NER_MAX_LEVELS * LP;
          add_scores (a, v);
          if (levels > 1)
            add_scores (b, v + LP);
        }
    }

  if (levels == 1)
    {
      decode (self, 0, s1, self->y1, self->confidence);
      _dossier_ner_labels_to_entities (self->y1, self->confidence, n_tokens, entities);
      release_document (self);
      return;
    }

  decode (self, 0, s1, self->y1, NULL);
  _dossier_ner_doc_set_first_pass (doc, self->y1);
  for (guint i = 0; i < n_tokens; i++)
    {
      guint n = _dossier_ner_stack_features (doc, i, self->y1, feats);

      score_features (self, feats, n, NULL, s2 + (gsize)i * LP);
    }
  decode (self, 1, s2, self->y2, self->confidence);
  _dossier_ner_labels_to_entities (self->y2, self->confidence, n_tokens, entities);
  release_document (self);
}
