/* dossier-ner-clusters.c — derives the word clusters of the entity tagger
 *
 *   dossier-ner-clusters [--shared DIR] [--min-count 2] [--classes 64,256,1024,4096]
 *                        [--iterations 19,23,17,6] OUTPUT.tsv
 *
 * The defaults make resources/model/ner-clusters.tsv (about ten minutes on
 * one core; the 4096-class clustering takes most of it).
 *
 * Reads the unlabeled news in DIR/news-text (Reuters-21578, BBC News) and the
 * tokens of DIR/conll2003/eng.train (never the evaluation text), tokenises
 * them with the app's tokenizer, and clusters every word seen at least N
 * times with the exchange algorithm (Kneser & Ney 1993; Martin, Liermann &
 * Ney 1998): words move, one at a time, to the class that most increases
 * the likelihood of a two-sided class bigram model. This optimises Brown
 * clustering's objective without its merge tree and runs in minutes; the
 * tree's prefixes are replaced by independent clusterings at several
 * granularities. Each clustering stops when fewer than one word in 500
 * moves in an iteration, or after its number of --iterations. Deterministic:
 * same data and options, same file.
 *
 * Output: '#' comment lines, then one line per word:
 *   word  count  mid  class_1 … class_n
 * where mid counts occurrences inside sentences of mixed-case text (not
 * first in the sentence, not in an all-caps headline): the tagger's
 * capitalisation statistics come from it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-ner-clusters"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "dossier-ner-private.h"
#include "dossier-tokenizer.h"

#define BOUNDARY 0u  /* id of the sentence boundary pseudo-word */
#define UNKNOWN  1u  /* id standing for every rare word */

typedef struct
{
  GHashTable *ids;        /* normalised form → id + 1 (first seen order) */
  GPtrArray  *forms;      /* id → form */
  GArray     *counts;     /* id → guint64 */
  GArray     *mid;        /* id → guint64 */
  GArray     *stream;     /* guint32 ids, BOUNDARY between sentences */
  GHashTable *seen_blocks;
  guint64     n_tokens;
  guint       n_duplicates;
} Corpus;

static guint32
intern (Corpus     *c,
        const char *form)
{
  gpointer v = g_hash_table_lookup (c->ids, form);
  guint64 zero = 0;
  guint32 id;

  if (v != NULL)
    return GPOINTER_TO_UINT (v) - 1;
  id = c->forms->len;
  g_ptr_array_add (c->forms, g_strdup (form));
  g_array_append_val (c->counts, zero);
  g_array_append_val (c->mid, zero);
  g_hash_table_insert (c->ids, g_ptr_array_index (c->forms, id), GUINT_TO_POINTER (id + 1));
  return id;
}

/* Appends one sentence of already-split words. */
static void
add_sentence (Corpus             *c,
              const char * const *words,
              const guint        *lens,
              guint               n)
{
  guint n_letters = 0;
  guint n_caps = 0;
  guint32 boundary = BOUNDARY;

  for (guint i = 0; i < n; i++)
    {
      guint caps = _dossier_ner_caps (words[i], lens[i]);
      if (caps >= DOSSIER_NER_CAPS_LOWER)
        n_letters++;
      if (caps == DOSSIER_NER_CAPS_ALL)
        n_caps++;
    }

  for (guint i = 0; i < n; i++)
    {
      char norm[DOSSIER_NER_MAX_WORD];
      guint32 id;

      _dossier_ner_normalize (words[i], lens[i], norm);
      id = intern (c, norm);
      g_array_index (c->counts, guint64, id)++;
      /* headlines (mostly capitals) say nothing about how a word is cased */
      if (i > 0 && n_caps * 2 < n_letters)
        g_array_index (c->mid, guint64, id)++;
      g_array_append_val (c->stream, id);
    }
  c->n_tokens += n;
  g_array_append_val (c->stream, boundary);
}

static void
add_text (Corpus     *c,
          const char *text,
          gsize       len)
{
  g_autoptr(DossierTokens) tokens = dossier_tokens_new (text, len);
  const char *words[512];
  guint lens[512];

  dossier_tokenize (tokens);
  for (guint s = 0; s < tokens->sentences->len; s++)
    {
      const DossierSentence *sent = &g_array_index (tokens->sentences, DossierSentence, s);
      guint n = MIN (sent->n_tokens, G_N_ELEMENTS (words));

      for (guint i = 0; i < n; i++)
        {
          const DossierToken *t = dossier_tokens_get (tokens, sent->first_token + i);
          words[i] = text + t->byte_start;
          lens[i] = t->byte_end - t->byte_start;
        }
      add_sentence (c, words, lens, n);
    }
}

/* A block of text (an article); exact repeats are skipped. */
static void
add_block (Corpus     *c,
           const char *text,
           gsize       len)
{
  guint64 h = dossier_hash_bytes (text, len);
  guint64 *key = g_new (guint64, 1);

  *key = h;
  if (!g_hash_table_add (c->seen_blocks, key))
    {
      c->n_duplicates++;
      return;
    }
  add_text (c, text, len);
}

static gboolean
read_reuters (Corpus      *c,
              const char  *path,
              GError     **error)
{
  g_autofree char *contents = NULL;
  gsize len;
  const char *p;
  const char *end;

  if (!g_file_get_contents (path, &contents, &len, error))
    return FALSE;
  p = contents;
  end = contents + len;
  while (p < end)
    {
      const char *block_end = strstr (p, "\n\n");
      if (block_end == NULL)
        block_end = end;
      add_block (c, p, block_end - p);
      p = block_end;
      while (p < end && *p == '\n')
        p++;
    }
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

static gboolean
read_bbc (Corpus      *c,
          const char  *dir,
          GError     **error)
{
  static const char * const topics[] = { "business", "entertainment", "politics", "sport", "tech" };

  for (guint t = 0; t < G_N_ELEMENTS (topics); t++)
    {
      g_autofree char *topic_dir = g_build_filename (dir, topics[t], NULL);
      g_autoptr(GDir) d = g_dir_open (topic_dir, 0, error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (d == NULL)
        return FALSE;
      while ((name = g_dir_read_name (d)) != NULL)
        if (g_str_has_suffix (name, ".txt"))
          g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, compare_strings);
      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *path = g_build_filename (topic_dir, g_ptr_array_index (names, i), NULL);
          g_autofree char *contents = NULL;
          gsize len;

          if (!g_file_get_contents (path, &contents, &len, error))
            return FALSE;
          if (!g_utf8_validate (contents, len, NULL))
            continue;
          add_block (c, contents, len);
        }
    }
  return TRUE;
}

static gboolean
read_conll (Corpus      *c,
            const char  *path,
            GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(DossierNerCorpus) corpus = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, error))
    return FALSE;
  corpus = dossier_ner_corpus_parse (contents, len, FALSE, error);
  if (corpus == NULL)
    return FALSE;

  for (guint i = 0; i < corpus->tokens->len; )
    {
      const char *words[512];
      guint lens[512];
      guint n = 0;

      do
        {
          const DossierNerToken *t = &g_array_index (corpus->tokens, DossierNerToken, i);
          if (n < G_N_ELEMENTS (words))
            {
              words[n] = t->text;
              lens[n] = t->len;
              n++;
            }
          i++;
        }
      while (i < corpus->tokens->len &&
             !(g_array_index (corpus->tokens, DossierNerToken, i).flags &
               DOSSIER_NER_TOKEN_SENTENCE_START));
      add_sentence (c, words, lens, n);
    }
  return TRUE;
}

/* ---- exchange clustering ---------------------------------------------- */

typedef struct
{
  guint32  n_words;
  guint32 *succ_start;  /* CSR: successors of each word */
  guint32 *succ;
  guint32 *succ_count;
  guint32 *pred_start;  /* CSR: predecessors of each word */
  guint32 *pred;
  guint32 *pred_count;
  guint32 *self;        /* count of the bigram (w, w) */
  guint64 *left;        /* count of w as the first word of a bigram */
  guint64 *right;       /* count of w as the second word */
} Bigrams;

#define XLOGX_TABLE (1u << 22)
static double *xlogx_table;

static inline double
xlogx (gint64 x)
{
  if (x < XLOGX_TABLE)
    return xlogx_table[x];
  return (double)x * log ((double)x);
}

static int
compare_u64 (const void *a,
             const void *b)
{
  guint64 x = *(const guint64 *)a;
  guint64 y = *(const guint64 *)b;

  return x < y ? -1 : x > y;
}

/* Builds both CSR views from pairs sorted by (first, second). */
static void
build_csr (const guint64 *pairs,
           gsize          n_pairs,
           guint32        n_words,
           guint32      **start_out,
           guint32      **other_out,
           guint32      **count_out)
{
  guint32 *start = g_new0 (guint32, n_words + 1);
  GArray *other = g_array_new (FALSE, FALSE, sizeof (guint32));
  GArray *count = g_array_new (FALSE, FALSE, sizeof (guint32));
  gsize i = 0;

  while (i < n_pairs)
    {
      gsize j = i;
      guint32 a = pairs[i] >> 32;
      guint32 b = (guint32)pairs[i];

      while (j < n_pairs && pairs[j] == pairs[i])
        j++;
      start[a + 1]++;
      g_array_append_val (other, b);
      {
        guint32 k = j - i;
        g_array_append_val (count, k);
      }
      i = j;
    }
  for (guint32 w = 0; w < n_words; w++)
    start[w + 1] += start[w];
  *start_out = start;
  *other_out = (guint32 *)g_array_free (other, FALSE);
  *count_out = (guint32 *)g_array_free (count, FALSE);
}

static Bigrams *
bigrams_new (const guint32 *stream,
             gsize          n,
             guint32        n_words)
{
  Bigrams *b = g_new0 (Bigrams, 1);
  guint64 *pairs = g_new (guint64, n - 1);

  b->n_words = n_words;
  b->self = g_new0 (guint32, n_words);
  b->left = g_new0 (guint64, n_words);
  b->right = g_new0 (guint64, n_words);

  for (gsize i = 0; i + 1 < n; i++)
    {
      pairs[i] = ((guint64)stream[i] << 32) | stream[i + 1];
      b->left[stream[i]]++;
      b->right[stream[i + 1]]++;
      if (stream[i] == stream[i + 1])
        b->self[stream[i]]++;
    }
  qsort (pairs, n - 1, sizeof (guint64), compare_u64);
  build_csr (pairs, n - 1, n_words, &b->succ_start, &b->succ, &b->succ_count);
  for (gsize i = 0; i + 1 < n; i++)
    pairs[i] = ((guint64)stream[i + 1] << 32) | stream[i];
  qsort (pairs, n - 1, sizeof (guint64), compare_u64);
  build_csr (pairs, n - 1, n_words, &b->pred_start, &b->pred, &b->pred_count);
  g_free (pairs);
  return b;
}

typedef struct
{
  guint    k;
  guint32 *cls;     /* word → class */
  gint64  *m;       /* k × k class bigram counts, row = first class */
  gint64  *mt;      /* its transpose */
  gint64  *nl;      /* class counts as first word */
  gint64  *nr;      /* as second word */
  gint64  *s;       /* scratch: successor class counts of the moving word */
  gint64  *p;       /* scratch: predecessor class counts */
  guint32 *s_list;
  guint32 *p_list;
} Exchange;

static void
move_word (Exchange      *x,
           const Bigrams *b,
           guint32        w,
           guint32        to,
           guint          n_s,
           guint          n_p,
           int            sign)
{
  guint k = x->k;

  for (guint j = 0; j < n_s; j++)
    {
      guint32 d = x->s_list[j];
      x->m[(gsize)to * k + d] += sign * x->s[d];
      x->mt[(gsize)d * k + to] += sign * x->s[d];
    }
  for (guint j = 0; j < n_p; j++)
    {
      guint32 c = x->p_list[j];
      x->m[(gsize)c * k + to] += sign * x->p[c];
      x->mt[(gsize)to * k + c] += sign * x->p[c];
    }
  x->m[(gsize)to * k + to] += sign * (gint64)b->self[w];
  x->mt[(gsize)to * k + to] += sign * (gint64)b->self[w];
  x->nl[to] += sign * (gint64)b->left[w];
  x->nr[to] += sign * (gint64)b->right[w];
}

static guint32 *
exchange_cluster (const Bigrams *b,
                  guint          k,
                  guint          max_iterations,
                  guint         *iterations)
{
  Exchange x = { 0 };
  gint64 t0 = g_get_monotonic_time ();
  guint32 *result;

  x.k = k;
  x.cls = g_new (guint32, b->n_words);
  x.m = g_new0 (gint64, (gsize)k * k);
  x.mt = g_new0 (gint64, (gsize)k * k);
  x.nl = g_new0 (gint64, k);
  x.nr = g_new0 (gint64, k);
  x.s = g_new0 (gint64, k);
  x.p = g_new0 (gint64, k);
  x.s_list = g_new (guint32, k);
  x.p_list = g_new (guint32, k);

  /* the k most frequent words start in classes of their own */
  for (guint32 w = 0; w < b->n_words; w++)
    x.cls[w] = w % k;
  for (guint32 w = 0; w < b->n_words; w++)
    {
      for (guint32 j = b->succ_start[w]; j < b->succ_start[w + 1]; j++)
        {
          guint32 c1 = x.cls[w];
          guint32 c2 = x.cls[b->succ[j]];
          x.m[(gsize)c1 * k + c2] += b->succ_count[j];
          x.mt[(gsize)c2 * k + c1] += b->succ_count[j];
        }
      x.nl[x.cls[w]] += b->left[w];
      x.nr[x.cls[w]] += b->right[w];
    }

  *iterations = 0;
  for (guint iter = 0; iter < max_iterations; iter++)
    {
      guint moved = 0;

      for (guint32 w = 0; w < b->n_words; w++)
        {
          guint32 from = x.cls[w];
          guint n_s = 0;
          guint n_p = 0;
          guint32 best = from;
          double best_delta = -INFINITY;
          gint64 self = b->self[w];
          gint64 lw = b->left[w];
          gint64 rw = b->right[w];

          for (guint32 j = b->succ_start[w]; j < b->succ_start[w + 1]; j++)
            {
              guint32 v = b->succ[j];
              guint32 d;
              if (v == w)
                continue;
              d = x.cls[v];
              if (x.s[d] == 0)
                x.s_list[n_s++] = d;
              x.s[d] += b->succ_count[j];
            }
          for (guint32 j = b->pred_start[w]; j < b->pred_start[w + 1]; j++)
            {
              guint32 u = b->pred[j];
              guint32 c;
              if (u == w)
                continue;
              c = x.cls[u];
              if (x.p[c] == 0)
                x.p_list[n_p++] = c;
              x.p[c] += b->pred_count[j];
            }

          move_word (&x, b, w, from, n_s, n_p, -1);

          for (guint32 c = 0; c < k; c++)
            {
              const gint64 *row = x.m + (gsize)c * k;
              const gint64 *col = x.mt + (gsize)c * k;
              double delta = 0;
              gint64 diag = row[c];

              for (guint j = 0; j < n_s; j++)
                {
                  guint32 d = x.s_list[j];
                  delta += xlogx (row[d] + x.s[d]) - xlogx (row[d]);
                }
              for (guint j = 0; j < n_p; j++)
                {
                  guint32 e = x.p_list[j];
                  delta += xlogx (col[e] + x.p[e]) - xlogx (col[e]);
                }
              /* the diagonal cell got S[c] and P[c] separately above */
              delta += xlogx (diag + x.s[c] + x.p[c] + self) - xlogx (diag + x.s[c]) -
                       xlogx (diag + x.p[c]) + xlogx (diag);
              delta -= xlogx (x.nl[c] + lw) - xlogx (x.nl[c]);
              delta -= xlogx (x.nr[c] + rw) - xlogx (x.nr[c]);
              if (delta > best_delta + 1e-9 || (c == from && delta >= best_delta - 1e-9))
                {
                  best_delta = delta;
                  best = c;
                }
            }

          move_word (&x, b, w, best, n_s, n_p, +1);
          if (best != from)
            {
              x.cls[w] = best;
              moved++;
            }
          for (guint j = 0; j < n_s; j++)
            x.s[x.s_list[j]] = 0;
          for (guint j = 0; j < n_p; j++)
            x.p[x.p_list[j]] = 0;
        }

      {
        double ll = 0;
        for (gsize i = 0; i < (gsize)k * k; i++)
          ll += xlogx (x.m[i]);
        for (guint c = 0; c < k; c++)
          ll -= xlogx (x.nl[c]) + xlogx (x.nr[c]);
        fprintf (stderr, "  k=%u iteration %u: %u words moved, objective %.6g, %.0f s\n",
                 k, iter + 1, moved, ll, (g_get_monotonic_time () - t0) / 1e6);
      }
      *iterations = iter + 1;
      if (moved < b->n_words / 500 + 1)
        break;
    }

  result = g_steal_pointer (&x.cls);
  g_free (x.m);
  g_free (x.mt);
  g_free (x.nl);
  g_free (x.nr);
  g_free (x.s);
  g_free (x.p);
  g_free (x.s_list);
  g_free (x.p_list);
  return result;
}

/* Renumbers the classes by first appearance in frequency order, so the file
 * does not depend on the arbitrary class numbers of the search. */
static void
renumber (guint32 *cls,
          guint32  n_words,
          guint    k)
{
  g_autofree guint32 *map = g_new (guint32, k);
  guint32 next = 0;

  for (guint c = 0; c < k; c++)
    map[c] = G_MAXUINT32;
  for (guint32 w = 0; w < n_words; w++)
    {
      if (map[cls[w]] == G_MAXUINT32)
        map[cls[w]] = next++;
      cls[w] = map[cls[w]];
    }
}

typedef struct
{
  const Corpus *corpus;
  guint32       id;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a;
  const Ranked *y = b;
  guint64 cx = g_array_index (x->corpus->counts, guint64, x->id);
  guint64 cy = g_array_index (y->corpus->counts, guint64, y->id);

  if (cx != cy)
    return cx > cy ? -1 : 1;
  return strcmp (g_ptr_array_index (x->corpus->forms, x->id),
                 g_ptr_array_index (y->corpus->forms, y->id));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *shared = g_strdup ("../shared/data");
  g_autofree char *classes_arg = g_strdup ("64,256,1024,4096");
  g_autofree char *iterations_arg = g_strdup ("19,23,17,6");
  int min_count = 2;
  GOptionEntry entries[] = {
    { "shared", 0, 0, G_OPTION_ARG_FILENAME, &shared, "Shared data directory", "DIR" },
    { "min-count", 0, 0, G_OPTION_ARG_INT, &min_count, "Cluster words seen at least N times", "N" },
    { "classes", 0, 0, G_OPTION_ARG_STRING, &classes_arg, "Numbers of classes", "K,K,…" },
    { "iterations", 0, 0, G_OPTION_ARG_STRING, &iterations_arg,
      "Most iterations of each clustering", "N,N,…" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("OUTPUT.tsv — derive word clusters");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) class_list = NULL;
  g_auto(GStrv) iteration_list = NULL;
  g_autofree guint *ks = NULL;
  g_autofree guint *max_iterations = NULL;
  g_autofree guint *done = NULL;
  guint n_k;
  Corpus c = { 0 };
  g_autofree Ranked *ranked = NULL;
  g_autofree guint32 *new_id = NULL;
  guint32 n_kept;
  g_autoptr(GArray) stream = NULL;
  Bigrams *bigrams;
  g_autoptr(GPtrArray) clusterings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 t0 = g_get_monotonic_time ();

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      fprintf (stderr, "%s\n", error ? error->message : "usage: dossier-ner-clusters OUTPUT.tsv");
      return 2;
    }
  class_list = g_strsplit (classes_arg, ",", -1);
  n_k = g_strv_length (class_list);
  iteration_list = g_strsplit (iterations_arg, ",", -1);
  ks = g_new (guint, n_k);
  max_iterations = g_new (guint, n_k);
  done = g_new0 (guint, n_k);
  for (guint i = 0; i < n_k; i++)
    {
      guint n_it = g_strv_length (iteration_list);
      ks[i] = atoi (class_list[i]);
      /* a shorter list repeats its last number */
      max_iterations[i] = n_it > 0 ? atoi (iteration_list[MIN (i, n_it - 1)]) : 30;
      if (ks[i] < 2 || max_iterations[i] < 1)
        {
          fprintf (stderr, "dossier-ner-clusters: bad --classes or --iterations\n");
          return 2;
        }
    }

  c.ids = g_hash_table_new (g_str_hash, g_str_equal);
  c.forms = g_ptr_array_new_with_free_func (g_free);
  c.counts = g_array_new (FALSE, FALSE, sizeof (guint64));
  c.mid = g_array_new (FALSE, FALSE, sizeof (guint64));
  c.stream = g_array_new (FALSE, FALSE, sizeof (guint32));
  c.seen_blocks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  intern (&c, "<s>");
  intern (&c, "<unk>");

  {
    g_autofree char *reuters = g_build_filename (shared, "news-text", "reuters21578",
                                                 "reuters21578.txt", NULL);
    g_autofree char *bbc = g_build_filename (shared, "news-text", "bbc", NULL);
    g_autofree char *train = g_build_filename (shared, "conll2003", "eng.train", NULL);

    if (!read_reuters (&c, reuters, &error) || !read_bbc (&c, bbc, &error) ||
        !read_conll (&c, train, &error))
      {
        fprintf (stderr, "dossier-ner-clusters: %s\n", error->message);
        return 1;
      }
  }
  fprintf (stderr, "read %" G_GUINT64_FORMAT " tokens, %u word forms, %u repeated articles skipped "
           "(%.1f s)\n", c.n_tokens, c.forms->len, c.n_duplicates,
           (g_get_monotonic_time () - t0) / 1e6);

  /* ids by frequency; rare words become UNKNOWN */
  ranked = g_new (Ranked, c.forms->len);
  for (guint32 i = 0; i < c.forms->len; i++)
    ranked[i] = (Ranked) { &c, i };
  qsort (ranked + 2, c.forms->len - 2, sizeof (Ranked), compare_ranked);
  new_id = g_new (guint32, c.forms->len);
  new_id[BOUNDARY] = BOUNDARY;
  new_id[UNKNOWN] = UNKNOWN;
  n_kept = 2;
  for (guint32 i = 2; i < c.forms->len; i++)
    {
      guint32 id = ranked[i].id;
      if (g_array_index (c.counts, guint64, id) >= (guint64)min_count)
        new_id[id] = n_kept++;
      else
        new_id[id] = UNKNOWN;
    }
  stream = g_array_sized_new (FALSE, FALSE, sizeof (guint32), c.stream->len);
  for (guint i = 0; i < c.stream->len; i++)
    {
      guint32 id = new_id[g_array_index (c.stream, guint32, i)];
      g_array_append_val (stream, id);
    }
  fprintf (stderr, "%u words seen at least %d times\n", n_kept - 2, min_count);

  xlogx_table = g_new (double, XLOGX_TABLE);
  xlogx_table[0] = 0;
  for (guint i = 1; i < XLOGX_TABLE; i++)
    xlogx_table[i] = (double)i * log ((double)i);

  bigrams = bigrams_new ((const guint32 *)stream->data, stream->len, n_kept);
  fprintf (stderr, "%u distinct bigrams\n", bigrams->succ_start[n_kept]);

  for (guint i = 0; i < n_k; i++)
    {
      guint32 *cls;
      fprintf (stderr, "clustering into %u classes\n", ks[i]);
      cls = exchange_cluster (bigrams, ks[i], max_iterations[i], &done[i]);
      renumber (cls, n_kept, ks[i]);
      g_ptr_array_add (clusterings, cls);
    }

  g_string_append_printf (out, "# dossier word clusters: exchange clustering (two-sided class "
                          "bigram) of Reuters-21578, BBC News and CoNLL-2003 eng.train tokens\n");
  g_string_append_printf (out, "# words seen at least %d times; iterations:", min_count);
  for (guint i = 0; i < n_k; i++)
    g_string_append_printf (out, " %u (k%u)", done[i], ks[i]);
  g_string_append_printf (out, "\n# columns: word count mid");
  for (guint i = 0; i < n_k; i++)
    g_string_append_printf (out, " k%u", ks[i]);
  g_string_append_c (out, '\n');
  for (guint32 i = 2; i < c.forms->len; i++)
    {
      guint32 id = ranked[i].id;
      guint32 w = new_id[id];
      if (w == UNKNOWN)
        continue;
      g_string_append_printf (out, "%s\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT,
                              (const char *)g_ptr_array_index (c.forms, id),
                              g_array_index (c.counts, guint64, id),
                              g_array_index (c.mid, guint64, id));
      for (guint j = 0; j < n_k; j++)
        g_string_append_printf (out, "\t%u", ((guint32 *)g_ptr_array_index (clusterings, j))[w]);
      g_string_append_c (out, '\n');
    }
  if (!g_file_set_contents (argv[1], out->str, out->len, &error))
    {
      fprintf (stderr, "dossier-ner-clusters: %s\n", error->message);
      return 1;
    }
  fprintf (stderr, "wrote %s (%.1f s)\n", argv[1], (g_get_monotonic_time () - t0) / 1e6);
  return 0;
}
