/* dossier-train-ner.c — trains the entity tagger's model
 *
 *   dossier-train-ner [--shared DIR] [--clusters FILE] [--seed N] … OUTPUT.model
 *
 * Trains on DIR/conll2003/eng.train and reports F1 on DIR/conll2003/eng.testa
 * after every epoch, scored by the same code that tags in the app (the
 * model is written out and read back for each report).
 *
 * 1. The lexicon: word clusters and capitalisation statistics from the
 *    cluster file (dossier-ner-clusters), and the gazetteers' n-grams.
 * 2. First pass: an averaged perceptron over BILOU labels, decoding greedily
 *    with its own predictions as history.
 * 3. Second pass: trained on first-pass labels of the training documents
 *    that a first-pass model trained without them produced (k-fold
 *    jackknife), so it learns how far to trust them.
 * 4. Weights quantised to 16 bits; confidences calibrated on eng.testa.
 *
 * Deterministic: the same data, options and seed give the same file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-train-ner"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "dossier-ner-private.h"
#include "dossier-tokenizer.h"

#define L DOSSIER_NER_N_LABELS

/* ---- small deterministic helpers ------------------------------------- */

static guint64
rng_next (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static void
shuffle (guint   *items,
         guint    n,
         guint64 *state)
{
  for (guint i = n; i > 1; i--)
    {
      guint j = rng_next (state) % i;
      guint t = items[i - 1];
      items[i - 1] = items[j];
      items[j] = t;
    }
}

static double
seconds_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1e6;
}

/* u64 → u32 map, open addressing, insertion-ordered values */
typedef struct
{
  guint64 *keys;
  guint32 *values;
  guint32  capacity;  /* power of two */
  guint32  n;
} Map;

static void
map_init (Map    *m,
          guint32 capacity)
{
  m->capacity = capacity;
  m->n = 0;
  m->keys = g_new0 (guint64, capacity);
  m->values = g_new (guint32, capacity);
}

static guint32 *
map_slot (Map     *m,
          guint64  key,
          gboolean insert,
          gboolean *found)
{
  guint32 mask = m->capacity - 1;
  guint32 i;

  if (key == 0)
    key = 1;
  if (insert && (m->n + 1) * 2 > m->capacity)
    {
      Map bigger;
      map_init (&bigger, m->capacity * 2);
      for (guint32 j = 0; j < m->capacity; j++)
        if (m->keys[j] != 0)
          {
            guint32 k = (guint32)m->keys[j] & (bigger.capacity - 1);
            while (bigger.keys[k] != 0)
              k = (k + 1) & (bigger.capacity - 1);
            bigger.keys[k] = m->keys[j];
            bigger.values[k] = m->values[j];
          }
      bigger.n = m->n;
      g_free (m->keys);
      g_free (m->values);
      *m = bigger;
      mask = m->capacity - 1;
    }
  i = (guint32)key & mask;
  while (m->keys[i] != 0 && m->keys[i] != key)
    i = (i + 1) & mask;
  *found = m->keys[i] == key;
  if (!*found)
    {
      if (!insert)
        return NULL;
      m->keys[i] = key;
      m->n++;
    }
  return &m->values[i];
}

/* ---- the lexicon ------------------------------------------------------ */

typedef struct
{
  GArray *words;   /* DossierNerWordSlot, in table layout */
  guint32 words_capacity;
  GArray *gaz;     /* DossierNerGazSlot, in table layout */
  guint32 gaz_capacity;
  guint   n_words;
  guint   n_gaz;
} Lexicon;

static guint32
table_capacity (guint n)
{
  return MAX (16, (guint32)(n / 0.6) + 1);
}

typedef struct
{
  char   *lower;
  guint64 mid;
  guint64 mid_capitalised;
} CaseStats;

static guint8
case_bucket (guint64 capitalised,
             guint64 total)
{
  double r;

  if (total < 2)
    return 1;
  r = (double)capitalised / total;
  return r < 0.02 ? 2 : r < 0.1 ? 3 : r < 0.4 ? 4 : r < 0.7 ? 5 : r < 0.95 ? 6 : 7;
}

static gboolean
load_clusters (Lexicon     *lex,
               const char  *path,
               GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) stats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GArray) slots = g_array_new (FALSE, TRUE, sizeof (DossierNerWordSlot));
  g_autoptr(GPtrArray) lowers = g_ptr_array_new ();
  guint n = 0;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);

  /* pass 1: capitalisation statistics per lower-case form */
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) f = NULL;
      char lower[DOSSIER_NER_MAX_WORD];
      CaseStats *cs;
      guint caps;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], "\t", -1);
      if (g_strv_length (f) != 3 + DOSSIER_NER_N_CLUSTERINGS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s:%u: expected %u columns", path, i + 1, 3 + DOSSIER_NER_N_CLUSTERINGS);
          return FALSE;
        }
      _dossier_ner_lower (f[0], strlen (f[0]), lower);
      cs = g_hash_table_lookup (stats, lower);
      if (cs == NULL)
        {
          cs = g_new0 (CaseStats, 1);
          cs->lower = g_strdup (lower);
          g_hash_table_insert (stats, cs->lower, cs);
        }
      caps = _dossier_ner_caps (f[0], strlen (f[0]));
      cs->mid += g_ascii_strtoull (f[2], NULL, 10);
      if (caps >= DOSSIER_NER_CAPS_INITIAL)
        cs->mid_capitalised += g_ascii_strtoull (f[2], NULL, 10);
    }

  /* pass 2: the word slots */
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) f = NULL;
      char lower[DOSSIER_NER_MAX_WORD];
      DossierNerWordSlot s = { 0 };
      const CaseStats *cs;
      guint64 count;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], "\t", -1);
      count = g_ascii_strtoull (f[1], NULL, 10);
      _dossier_ner_lower (f[0], strlen (f[0]), lower);
      cs = g_hash_table_lookup (stats, lower);
      s.key = dossier_hash_check (dossier_hash_bytes (f[0], strlen (f[0])));
      for (guint g = 0; g < DOSSIER_NER_N_CLUSTERINGS; g++)
        s.cls[g] = 1 + atoi (f[3 + g]);
      s.freq_bucket = 1 + MIN (14, (guint)log2 ((double)MAX (count, 1)));
      s.case_bucket = case_bucket (cs->mid_capitalised, cs->mid);
      g_array_append_val (slots, s);
      {
        guint64 h = dossier_hash_bytes (f[0], strlen (f[0]));
        guint64 *hp = g_new (guint64, 1);
        *hp = h;
        g_ptr_array_add (lowers, hp);
      }
      n++;
    }

  lex->words_capacity = table_capacity (n);
  lex->words = g_array_sized_new (FALSE, TRUE, sizeof (DossierNerWordSlot), lex->words_capacity);
  g_array_set_size (lex->words, lex->words_capacity);
  for (guint i = 0; i < n; i++)
    {
      guint64 h = *(guint64 *)g_ptr_array_index (lowers, i);
      DossierNerWordSlot *s = &g_array_index (slots, DossierNerWordSlot, i);
      guint32 j = dossier_hash_home (h, lex->words_capacity);

      while (g_array_index (lex->words, DossierNerWordSlot, j).key != 0 &&
             g_array_index (lex->words, DossierNerWordSlot, j).key != s->key)
        j = (j + 1) % lex->words_capacity;
      g_array_index (lex->words, DossierNerWordSlot, j) = *s;
      g_free (g_ptr_array_index (lowers, i));
    }
  lex->n_words = n;
  return TRUE;
}

enum
{
  GAZ_LOCATION,
  GAZ_LOCATION_REDIRECT,
  GAZ_ORGANIZATION,
  GAZ_ORGANIZATION_REDIRECT,
  GAZ_KNOWN_ORGANIZATION,
  GAZ_COUNTRY,
  GAZ_CITY,
  GAZ_REGION,
  GAZ_FIRST_NAME,
  GAZ_LAST_NAME,
  GAZ_TITLE,
  GAZ_ORG_SUFFIX,
};

typedef struct
{
  Map     map;      /* n-gram hash → index into values */
  GArray *keys;     /* guint64, insertion order */
  GArray *values;   /* guint32 */
  guint   n_entries;
  guint   n_skipped;
} GazBuilder;

/* Cleans an entry: "Birtle (Manitoba riding)" → "Birtle", "Forest Hills,
 * Queens, New York" → "Forest Hills"; FALSE for scripts the news never uses. */
static gboolean
clean_entry (char *entry)
{
  char *p;

  if ((p = strchr (entry, '(')) != NULL)
    *p = '\0';
  if ((p = strchr (entry, ',')) != NULL)
    *p = '\0';
  g_strstrip (entry);
  if (*entry == '\0' || !g_utf8_validate (entry, -1, NULL))
    return FALSE;
  for (p = entry; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c > 0x24F && g_unichar_isalpha (c))
        return FALSE;
    }
  return TRUE;
}

static void
gaz_mark (GazBuilder *g,
          guint64     h,
          guint32     bits)
{
  gboolean found;
  guint32 *v = map_slot (&g->map, h, TRUE, &found);

  if (!found)
    {
      *v = g->keys->len;
      g_array_append_val (g->keys, h);
      g_array_append_val (g->values, bits);
    }
  else
    g_array_index (g->values, guint32, *v) |= bits;
}

static void
gaz_add (GazBuilder *g,
         const char *raw,
         guint       list)
{
  g_autofree char *entry = g_strdup (raw);
  g_autoptr(DossierTokens) tokens = NULL;
  guint64 h = G_GUINT64_CONSTANT (0x5bd1e9955bd1e995);
  guint n;

  if (!clean_entry (entry))
    {
      g->n_skipped++;
      return;
    }
  tokens = dossier_tokens_new (entry, -1);
  dossier_tokenize (tokens);
  n = dossier_tokens_len (tokens);
  if (n == 0 || n > DOSSIER_NER_GAZ_MAX_TOKENS)
    {
      g->n_skipped++;
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      const DossierToken *t = dossier_tokens_get (tokens, i);
      char norm[DOSSIER_NER_MAX_WORD];
      char lower[DOSSIER_NER_MAX_WORD];
      gsize len = _dossier_ner_normalize (entry + t->byte_start, t->byte_end - t->byte_start, norm);

      len = _dossier_ner_lower (norm, len, lower);
      h = _dossier_ner_combine (h, dossier_hash_bytes (lower, len));
      gaz_mark (g, h, i + 1 < n ? DOSSIER_NER_GAZ_PREFIX : 1u << list);
    }
  g->n_entries++;
}

/* Adds one column (from 0) of each line; TSV files have a '#' header. */
static gboolean
gaz_add_file (GazBuilder  *g,
              const char  *shared,
              const char  *relative,
              guint        list,
              int          column,
              const char  *kind,    /* gweather: only rows of this kind */
              guint64      min_births,
              GError     **error)
{
  g_autofree char *path = g_build_filename (shared, relative, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) f = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      if (column < 0)
        {
          gaz_add (g, lines[i], list);
          continue;
        }
      f = g_strsplit (lines[i], "\t", -1);
      if ((guint)column >= g_strv_length (f))
        continue;
      if (kind != NULL && (g_strv_length (f) < 2 || strcmp (f[1], kind) != 0))
        continue;
      if (min_births > 0)
        {
          /* SSA names: female and male births since 1940 */
          if (g_strv_length (f) < 5 ||
              g_ascii_strtoull (f[3], NULL, 10) + g_ascii_strtoull (f[4], NULL, 10) < min_births)
            continue;
        }
      gaz_add (g, f[column], list);
    }
  return TRUE;
}

static int
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *)a;
  guint64 y = *(const guint64 *)b;

  return x < y ? -1 : x > y;
}

static gboolean
load_gazetteers (Lexicon     *lex,
                 const char  *shared,
                 guint32      lists,   /* bit per list to use */
                 GError     **error)
{
  static const struct
  {
    const char *file;
    guint       list;
    int         column;
    const char *kind;
    guint64     min_births;
  } sources[] = {
    { "gazetteers/WikiLocations.lst", GAZ_LOCATION, -1, NULL, 0 },
    { "gazetteers/WikiLocationsRedirects.lst", GAZ_LOCATION_REDIRECT, -1, NULL, 0 },
    { "gazetteers/WikiOrganizations.lst", GAZ_ORGANIZATION, -1, NULL, 0 },
    { "gazetteers/WikiOrganizationsRedirects.lst", GAZ_ORGANIZATION_REDIRECT, -1, NULL, 0 },
    { "gazetteers/known_corporations.lst", GAZ_KNOWN_ORGANIZATION, -1, NULL, 0 },
    { "gazetteers/government.government_agency", GAZ_KNOWN_ORGANIZATION, -1, NULL, 0 },
    { "gazetteers/location.country", GAZ_COUNTRY, -1, NULL, 0 },
    { "gazetteers/iso3166-countries.tsv", GAZ_COUNTRY, 2, NULL, 0 },
    { "gazetteers/iso3166-countries.tsv", GAZ_COUNTRY, 3, NULL, 0 },
    { "gazetteers/iso3166-countries.tsv", GAZ_COUNTRY, 4, NULL, 0 },
    { "gazetteers/gweather-places.tsv", GAZ_COUNTRY, 0, "country", 0 },
    { "gazetteers/cities15000.txt", GAZ_CITY, -1, NULL, 0 },
    { "gazetteers/gweather-places.tsv", GAZ_CITY, 0, "city", 0 },
    { "gazetteers/iso3166-subdivisions.tsv", GAZ_REGION, 2, NULL, 0 },
    { "gazetteers/gweather-places.tsv", GAZ_REGION, 0, "state", 0 },
    { "gazetteers/firstname.5k", GAZ_FIRST_NAME, -1, NULL, 0 },
    { "first-names/moby-female-first-names.txt", GAZ_FIRST_NAME, -1, NULL, 0 },
    { "first-names/moby-male-first-names.txt", GAZ_FIRST_NAME, -1, NULL, 0 },
    { "first-names/us-ssa-first-names.tsv", GAZ_FIRST_NAME, 0, NULL, 2000 },
    { "gazetteers/lastname.5k", GAZ_LAST_NAME, -1, NULL, 0 },
    { "gazetteers/VincentNgPeopleTitles.txt", GAZ_TITLE, -1, NULL, 0 },
    { "gazetteers/orgClosings.txt", GAZ_ORG_SUFFIX, -1, NULL, 0 },
  };
  GazBuilder g = { 0 };
  g_autoptr(GArray) order = NULL;

  map_init (&g.map, 1 << 20);
  g.keys = g_array_new (FALSE, FALSE, sizeof (guint64));
  g.values = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      if (!(lists & (1u << sources[i].list)))
        continue;
      if (!gaz_add_file (&g, shared, sources[i].file, sources[i].list, sources[i].column,
                         sources[i].kind, sources[i].min_births, error))
        return FALSE;
    }

  /* the table layout must not depend on the order of the lists */
  order = g_array_sized_new (FALSE, FALSE, sizeof (guint64), g.keys->len);
  for (guint i = 0; i < g.keys->len; i++)
    g_array_append_val (order, g_array_index (g.keys, guint64, i));
  g_array_sort (order, compare_u64);

  lex->gaz_capacity = MAX (16, (guint32)(g.keys->len / 0.75) + 1);
  lex->gaz = g_array_sized_new (FALSE, TRUE, sizeof (DossierNerGazSlot), lex->gaz_capacity);
  g_array_set_size (lex->gaz, lex->gaz_capacity);
  for (guint i = 0; i < order->len; i++)
    {
      guint64 h = g_array_index (order, guint64, i);
      gboolean found;
      guint32 idx = *map_slot (&g.map, h, FALSE, &found);
      DossierNerGazSlot s = g_array_index (g.values, guint32, idx) |
                            _dossier_ner_gaz_key (h) << DOSSIER_NER_GAZ_KEY_SHIFT;
      guint32 j = dossier_hash_home (h, lex->gaz_capacity);

      while (g_array_index (lex->gaz, DossierNerGazSlot, j) != 0)
        j = (j + 1) % lex->gaz_capacity;
      g_array_index (lex->gaz, DossierNerGazSlot, j) = s;
    }
  lex->n_gaz = g.keys->len;
  fprintf (stderr, "gazetteers: %u entries, %u n-grams, %u skipped\n",
           g.n_entries, g.keys->len, g.n_skipped);
  g_free (g.map.keys);
  g_free (g.map.values);
  g_array_unref (g.keys);
  g_array_unref (g.values);
  return TRUE;
}

/* ---- features and weights -------------------------------------------- */

typedef struct
{
  Map      map;      /* feature hash → row */
  GArray  *hashes;   /* guint64 per row */
  GArray  *counts;   /* guint32 per row: occurrences in the training data */
} Features;

static guint32
feature_row (Features *f,
             guint64   h,
             gboolean  insert)
{
  gboolean found;
  guint32 *v = map_slot (&f->map, h, insert, &found);

  if (v == NULL)
    return G_MAXUINT32;
  if (!found)
    {
      guint32 zero = 0;
      *v = f->hashes->len;
      g_array_append_val (f->hashes, h);
      g_array_append_val (f->counts, zero);
    }
  return *v;
}

typedef struct
{
  float   *w;
  double  *acc;      /* Σ c × Δw, for averaging */
  guint32  n_rows;
  guint64  c;        /* instances seen */
} Weights;

static void
weights_init (Weights *w)
{
  memset (w, 0, sizeof *w);
}

static void
weights_clear (Weights *w)
{
  g_free (w->w);
  g_free (w->acc);
  memset (w, 0, sizeof *w);
}

static void
weights_grow (Weights *w,
              guint32  n_rows)
{
  if (n_rows <= w->n_rows)
    return;
  {
    guint32 size = MAX (n_rows, w->n_rows + w->n_rows / 2);
    w->w = g_renew (float, w->w, (gsize)size * L);
    w->acc = g_renew (double, w->acc, (gsize)size * L);
    memset (w->w + (gsize)w->n_rows * L, 0, sizeof (float) * (size - w->n_rows) * L);
    memset (w->acc + (gsize)w->n_rows * L, 0, sizeof (double) * (size - w->n_rows) * L);
    w->n_rows = size;
  }
}

/* Averaged weights, row-major; rows past n_rows (features added since) are 0. */
typedef struct
{
  float   *w;
  guint32  n_rows;
} Avg;

static Avg
weights_average (const Weights *w,
                 guint32        n_rows)
{
  Avg avg = { g_new0 (float, (gsize)n_rows * L), n_rows };

  for (gsize i = 0; i < (gsize)MIN (n_rows, w->n_rows) * L; i++)
    avg.w[i] = w->c > 0 ? (float)(w->w[i] - w->acc[i] / w->c) : w->w[i];
  return avg;
}

static void
avg_clear (Avg *avg)
{
  g_clear_pointer (&avg->w, g_free);
  avg->n_rows = 0;
}

static inline float
avg_get (const Avg *avg,
         guint32    row,
         guint      label)
{
  return row < avg->n_rows ? avg->w[(gsize)row * L + label] : 0;
}

/* ---- documents --------------------------------------------------------- */

typedef struct
{
  const DossierNerToken *tokens;
  guint                  n;
  guint8                *gold;
  DossierNerDoc          doc;
  guint32               *base_start;   /* CSR of label-independent feature rows */
  guint32               *base_rows;
  guint32               *stack_start;  /* CSR of second-pass feature rows */
  guint32               *stack_rows;
  guint8                *y1;           /* first-pass labels (jackknifed for training) */
} TrainDoc;

typedef struct
{
  DossierNerCorpus *corpus;
  char             *contents;
  TrainDoc         *docs;
  guint             n_docs;
} DataSet;

static gboolean
load_set (DataSet          *set,
          const char       *path,
          const DossierNerLexicon *lex,
          GError          **error)
{
  gsize len;

  if (!g_file_get_contents (path, &set->contents, &len, error))
    return FALSE;
  set->corpus = dossier_ner_corpus_parse (set->contents, len, TRUE, error);
  if (set->corpus == NULL)
    return FALSE;
  set->n_docs = set->corpus->documents->len - 1;
  set->docs = g_new0 (TrainDoc, set->n_docs);
  {
    guint8 *all = g_new (guint8, set->corpus->tokens->len);
    const DossierNerEntity *gold = (const DossierNerEntity *)set->corpus->gold->data;

    _dossier_ner_entities_to_labels (gold, set->corpus->gold->len, all, set->corpus->tokens->len);
    for (guint d = 0; d < set->n_docs; d++)
      {
        TrainDoc *td = &set->docs[d];
        guint first = g_array_index (set->corpus->documents, guint, d);
        guint last = g_array_index (set->corpus->documents, guint, d + 1);

        td->tokens = &g_array_index (set->corpus->tokens, DossierNerToken, first);
        td->n = last - first;
        td->gold = g_memdup2 (all + first, td->n);
        td->y1 = g_new0 (guint8, td->n);
        _dossier_ner_doc_init (&td->doc);
        _dossier_ner_doc_prepare (&td->doc, lex, td->tokens, td->n);
      }
    g_free (all);
  }
  return TRUE;
}

/* Counts the label-independent features of the training documents. */
static void
count_base_features (DataSet  *set,
                     Features *f)
{
  guint64 feats[DOSSIER_NER_MAX_FEATURES];

  for (guint d = 0; d < set->n_docs; d++)
    {
      TrainDoc *td = &set->docs[d];
      for (guint i = 0; i < td->n; i++)
        {
          guint n = _dossier_ner_base_features (&td->doc, i, feats);
          for (guint k = 0; k < n; k++)
            {
              guint32 r = feature_row (f, feats[k], TRUE);
              g_array_index (f->counts, guint32, r)++;
            }
        }
    }
}

/* Rows of the label-independent features kept (seen at least @min_count times). */
static void
map_base_features (DataSet  *set,
                   Features *f,
                   guint     min_count)
{
  guint64 feats[DOSSIER_NER_MAX_FEATURES];

  for (guint d = 0; d < set->n_docs; d++)
    {
      TrainDoc *td = &set->docs[d];
      GArray *rows = g_array_new (FALSE, FALSE, sizeof (guint32));

      g_free (td->base_start);
      td->base_start = g_new (guint32, td->n + 1);
      for (guint i = 0; i < td->n; i++)
        {
          guint n = _dossier_ner_base_features (&td->doc, i, feats);
          td->base_start[i] = rows->len;
          for (guint k = 0; k < n; k++)
            {
              guint32 r = feature_row (f, feats[k], FALSE);
              if (r != G_MAXUINT32 && g_array_index (f->counts, guint32, r) >= min_count)
                g_array_append_val (rows, r);
            }
        }
      td->base_start[td->n] = rows->len;
      g_free (td->base_rows);
      td->base_rows = (guint32 *)g_array_free (rows, FALSE);
    }
}

static void
map_stack_features (TrainDoc *td,
                    Features *f)
{
  guint64 feats[DOSSIER_NER_MAX_FEATURES];
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (guint32));

  _dossier_ner_doc_set_first_pass (&td->doc, td->y1);
  g_free (td->stack_start);
  td->stack_start = g_new (guint32, td->n + 1);
  for (guint i = 0; i < td->n; i++)
    {
      guint n = _dossier_ner_stack_features (&td->doc, i, td->y1, feats);
      td->stack_start[i] = rows->len;
      for (guint k = 0; k < n; k++)
        {
          guint32 r = feature_row (f, feats[k], TRUE);
          g_array_append_val (rows, r);
        }
    }
  td->stack_start[td->n] = rows->len;
  g_free (td->stack_rows);
  td->stack_rows = (guint32 *)g_array_free (rows, FALSE);
}

/* ---- perceptron ------------------------------------------------------------ */

static inline void
add_weights (const float *w,
             guint32      n_rows,
             guint32      row,
             float       *scores)
{
  const float *r = w + (gsize)row * L;

  if (row >= n_rows)
    return;
  for (guint l = 0; l < L; l++)
    scores[l] += r[l];
}

static inline void
update (Weights *w,
        guint32  row,
        guint    good,
        guint    bad)
{
  gsize base = (gsize)row * L;

  w->w[base + good] += 1;
  w->acc[base + good] += w->c;
  w->w[base + bad] -= 1;
  w->acc[base + bad] -= w->c;
}

/* Decodes one document greedily with weights @w (live when training, then
 * updated at every mistake; averaged otherwise). @level 1 adds the
 * second-pass features. Writes the labels to @y and, if @scores, the
 * final scores of each token. */
static void
decode_doc (TrainDoc  *td,
            Features  *f,
            Weights   *live,
            const Avg *avg,
            guint      level,
            guint8    *y,
            float     *scores_out)
{
  guint64 feats[DOSSIER_NER_MAX_FEATURES];
  guint32 label_rows[DOSSIER_NER_MAX_FEATURES];
  const float *w = live ? live->w : avg->w;
  guint32 n_rows = live ? live->n_rows : avg->n_rows;

  _dossier_ner_doc_reset_history (&td->doc);
  for (guint i = 0; i < td->n; i++)
    {
      const DossierNerTok *t = &td->doc.toks[i];
      guint prev = (t->flags & DOSSIER_NER_TOK_SENT_START) ? DOSSIER_NER_LABEL_O : y[i - 1];
      gboolean last = (t->flags & DOSSIER_NER_TOK_SENT_END) != 0;
      float scores[L] = { 0 };
      gboolean start = (t->flags & DOSSIER_NER_TOK_SENT_START) != 0;
      guint n_label = _dossier_ner_history_features (&td->doc, i, feats);
      guint best = DOSSIER_NER_LABEL_O;
      guint top = DOSSIER_NER_LABEL_O;
      float best_score = -INFINITY;
      float top_score = -INFINITY;
      guint gold = td->gold[i];

      feats[n_label++] = _dossier_ner_transition_feature (start ? DOSSIER_NER_OUTSIDE : y[i - 1]);

      if (live)
        {
          for (guint k = 0; k < n_label; k++)
            label_rows[k] = feature_row (f, feats[k], TRUE);
          weights_grow (live, f->hashes->len);
          w = live->w;
          n_rows = live->n_rows;
        }
      else
        for (guint k = 0; k < n_label; k++)
          label_rows[k] = feature_row (f, feats[k], FALSE);

      for (guint32 k = td->base_start[i]; k < td->base_start[i + 1]; k++)
        add_weights (w, n_rows, td->base_rows[k], scores);
      if (level == 1)
        for (guint32 k = td->stack_start[i]; k < td->stack_start[i + 1]; k++)
          add_weights (w, n_rows, td->stack_rows[k], scores);
      for (guint k = 0; k < n_label; k++)
        if (label_rows[k] != G_MAXUINT32)
          add_weights (w, n_rows, label_rows[k], scores);

      for (guint l = 0; l < L; l++)
        {
          if (scores[l] > top_score)
            {
              top_score = scores[l];
              top = l;
            }
          if (scores[l] > best_score && _dossier_ner_transition_ok (prev, l) &&
              (!last || _dossier_ner_label_can_end (l)))
            {
              best_score = scores[l];
              best = l;
            }
        }

      if (live)
        {
          live->c++;
          if (top != gold)
            {
              for (guint32 k = td->base_start[i]; k < td->base_start[i + 1]; k++)
                update (live, td->base_rows[k], gold, top);
              if (level == 1)
                for (guint32 k = td->stack_start[i]; k < td->stack_start[i + 1]; k++)
                  update (live, td->stack_rows[k], gold, top);
              for (guint k = 0; k < n_label; k++)
                update (live, label_rows[k], gold, top);
            }
        }
      if (scores_out)
        memcpy (scores_out + (gsize)i * L, scores, sizeof scores);
      y[i] = best;
      if (last)
        {
          /* later sentences see this one's labels */
          guint k = i + 1;
          do
            {
              k--;
              _dossier_ner_doc_add_history (&td->doc, k, y[k]);
            }
          while (!(td->doc.toks[k].flags & DOSSIER_NER_TOK_SENT_START));
        }
    }
}

/* ---- writing the model ------------------------------------------------------ */

typedef struct
{
  const Lexicon *lex;
  Features      *features;
  const Avg     *avg[DOSSIER_NER_MAX_LEVELS];
  guint          n_levels;
  float          temperature;
  guint          n_features;    /* out: rows written */
} ModelParts;


static gsize
align8 (gsize n)
{
  return (n + 7) & ~(gsize)7;
}

static GBytes *
write_model (ModelParts *parts)
{
  DossierNerHeader h = { 0 };
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
  DossierNerFeatSlot *slots;
  float scale[DOSSIER_NER_MAX_LEVELS] = { 1, 1 };
  guint32 n_rows = parts->features->hashes->len;
  gsize size;
  guint8 *data;

  for (guint lv = 0; lv < parts->n_levels; lv++)
    {
      float max = 0;
      for (gsize i = 0; i < (gsize)parts->avg[lv]->n_rows * L; i++)
        max = MAX (max, fabsf (parts->avg[lv]->w[i]));
      scale[lv] = max > 0 ? max / 32767.f : 1;
    }

  for (guint32 r = 0; r < n_rows; r++)
    {
      guint32 counts = 0;
      guint32 header_at = entries->len;
      guint32 zero = 0;

      g_array_append_val (entries, zero);
      for (guint lv = 0; lv < parts->n_levels; lv++)
        {
          guint n = 0;
          for (guint l = 0; l < L; l++)
            {
              long q = lrintf (avg_get (parts->avg[lv], r, l) / scale[lv]);
              if (q != 0)
                {
                  gint16 weight = CLAMP (q, -32767, 32767);
                  guint32 e = (guint32)l | ((guint32)(guint16)weight << 16);
                  g_array_append_val (entries, e);
                  n++;
                }
            }
          counts |= n << (8 * lv);
        }
      if (counts == 0)
        {
          g_array_set_size (entries, header_at);
          continue;
        }
      g_array_index (entries, guint32, header_at) = counts;
      g_array_append_val (keys, g_array_index (parts->features->hashes, guint64, r));
      g_array_append_val (offsets, header_at);
    }

  h.feats_capacity = table_capacity (keys->len);
  slots = g_new0 (DossierNerFeatSlot, h.feats_capacity);
  for (guint i = 0; i < keys->len; i++)
    {
      guint64 k = g_array_index (keys, guint64, i);
      guint32 j = dossier_hash_home (k, h.feats_capacity);
      while (slots[j].key != 0)
        j = (j + 1) % h.feats_capacity;
      slots[j].key = dossier_hash_check (k);
      slots[j].offset = g_array_index (offsets, guint32, i);
    }
  parts->n_features = keys->len;

  memcpy (h.magic, DOSSIER_NER_MAGIC, 8);
  h.version = DOSSIER_NER_VERSION;
  h.n_labels = L;
  h.n_levels = parts->n_levels;
  h.n_clusterings = DOSSIER_NER_N_CLUSTERINGS;
  h.scale[0] = scale[0];
  h.scale[1] = scale[1];
  h.temperature = parts->temperature;
  h.words_capacity = parts->lex->words_capacity;
  h.gaz_capacity = parts->lex->gaz_capacity;
  h.n_entries = entries->len;
  h.words_offset = align8 (sizeof h);
  h.gaz_offset = align8 (h.words_offset + (gsize)h.words_capacity * sizeof (DossierNerWordSlot));
  h.feats_offset = align8 (h.gaz_offset + (gsize)h.gaz_capacity * sizeof (DossierNerGazSlot));
  h.entries_offset = align8 (h.feats_offset +
                             (gsize)h.feats_capacity * sizeof (DossierNerFeatSlot));
  size = align8 (h.entries_offset + (gsize)h.n_entries * sizeof (guint32));
  h.total_size = size;

  data = g_malloc0 (size);
  memcpy (data, &h, sizeof h);
  if (h.words_capacity > 0)
    memcpy (data + h.words_offset, parts->lex->words->data,
            (gsize)h.words_capacity * sizeof (DossierNerWordSlot));
  if (h.gaz_capacity > 0)
    memcpy (data + h.gaz_offset, parts->lex->gaz->data,
            (gsize)h.gaz_capacity * sizeof (DossierNerGazSlot));
  memcpy (data + h.feats_offset, slots, (gsize)h.feats_capacity * sizeof (DossierNerFeatSlot));
  memcpy (data + h.entries_offset, entries->data, (gsize)h.n_entries * sizeof (guint32));
  g_free (slots);
  return g_bytes_new_take (data, size);
}

static DossierNerModel *
build_model (ModelParts *parts)
{
  g_autoptr(GBytes) bytes = write_model (parts);
  g_autoptr(GError) error = NULL;
  DossierNerModel *model = dossier_ner_model_new_from_bytes (bytes, &error);

  if (model == NULL)
    g_error ("the model just written does not load: %s", error->message);
  return model;
}

/* Tags documents with a written model, as the app would. */
static void
tag_docs (DossierNerModel *model,
          TrainDoc        *docs,
          const guint     *which,
          guint            n,
          DossierNerScore *score)
{
  g_autoptr(DossierNerTagger) tagger = dossier_ner_tagger_new (model);
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (DossierNerEntity));
  g_autoptr(GArray) gold = g_array_new (FALSE, FALSE, sizeof (DossierNerEntity));

  for (guint k = 0; k < n; k++)
    {
      TrainDoc *td = &docs[which ? which[k] : k];

      g_array_set_size (found, 0);
      g_array_set_size (gold, 0);
      dossier_ner_tagger_tag (tagger, td->tokens, td->n, found);
      _dossier_ner_entities_to_labels ((DossierNerEntity *)found->data, found->len, td->y1, td->n);
      if (score)
        {
          _dossier_ner_labels_to_entities (td->gold, NULL, td->n, gold);
          dossier_ner_score_add (score, (DossierNerEntity *)gold->data, gold->len,
                                 (DossierNerEntity *)found->data, found->len);
        }
    }
}

static void
print_score (const char            *what,
             const DossierNerScore *score)
{
  double p;
  double r;
  double f = dossier_ner_score_f1 (score, -1, &p, &r);

  fprintf (stderr, "%s: P %.2f R %.2f F1 %.2f (", what, p, r, f);
  for (guint t = 0; t < DOSSIER_NER_N_TYPES; t++)
    fprintf (stderr, "%s%s %.2f", t ? ", " : "", dossier_ner_type_to_string (t),
             dossier_ner_score_f1 (score, t, NULL, NULL));
  fprintf (stderr, ")\n");
}

static void
report (const Lexicon *lex,
        Features      *f,
        const Avg     *avg1,
        const Avg     *avg2,
        DataSet       *dev,
        const char    *what)
{
  ModelParts p = { lex, f, { avg1, avg2 }, avg2 ? 2 : 1, 1, 0 };
  g_autoptr(DossierNerModel) model = build_model (&p);
  DossierNerScore score = { 0 };
  char text[80];

  tag_docs (model, dev->docs, NULL, dev->n_docs, &score);
  g_snprintf (text, sizeof text, "%s, testa", what);
  print_score (text, &score);
}

/* Trains one pass (@level 0 or 1) on the documents @which of @train and
 * returns its averaged weights; reports testa F1 after each epoch if @dev
 * (the second pass with the first pass's weights @avg1). */
static Avg
train_pass (DataSet       *train,
            const guint   *which,
            guint          n,
            Features      *f,
            guint          level,
            guint          epochs,
            guint64        seed,
            DataSet       *dev,
            const Lexicon *lex,
            const Avg     *avg1)
{
  Weights w;
  g_autofree guint *order = g_memdup2 (which, n * sizeof (guint));
  guint64 rng = seed;
  Avg avg = { 0 };

  weights_init (&w);
  weights_grow (&w, f->hashes->len);
  for (guint e = 0; e < epochs; e++)
    {
      gint64 t0 = g_get_monotonic_time ();

      shuffle (order, n, &rng);
      for (guint k = 0; k < n; k++)
        {
          TrainDoc *td = &train->docs[order[k]];
          g_autofree guint8 *y = g_new (guint8, td->n);
          decode_doc (td, f, &w, NULL, level, y, NULL);
        }
      if (dev != NULL)
        {
          char what[80];

          avg_clear (&avg);
          avg = weights_average (&w, f->hashes->len);
          g_snprintf (what, sizeof what, "%s pass, epoch %u (%.1f s)", level ? "second" : "first",
                      e + 1, seconds_since (t0));
          if (level == 0)
            report (lex, f, &avg, NULL, dev, what);
          else
            report (lex, f, avg1, &avg, dev, what);
        }
    }
  avg_clear (&avg);
  avg = weights_average (&w, f->hashes->len);
  weights_clear (&w);
  return avg;
}

/* Temperature that makes softmax(score / T) best predict the gold labels
 * of testa, from the float weights of both passes. */
static float
calibrate (DataSet   *dev,
           Features  *f,
           const Avg *avg1,
           const Avg *avg2)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(GArray) golds = g_array_new (FALSE, FALSE, sizeof (guint8));
  g_autoptr(GArray) contexts = g_array_new (FALSE, FALSE, sizeof (guint16));
  float best_t = 1;
  double best_ll = -INFINITY;

  for (guint d = 0; d < dev->n_docs; d++)
    {
      TrainDoc *td = &dev->docs[d];
      g_autofree float *scores = g_new (float, (gsize)td->n * L);
      g_autofree guint8 *y = g_new (guint8, td->n);

      if (avg2 != NULL)
        {
          decode_doc (td, f, NULL, avg1, 0, td->y1, NULL);
          map_stack_features (td, f);
          decode_doc (td, f, NULL, avg2, 1, y, scores);
        }
      else
        decode_doc (td, f, NULL, avg1, 0, y, scores);
      for (guint i = 0; i < td->n; i++)
        {
          guint flags = td->doc.toks[i].flags;
          guint16 ctx = ((flags & DOSSIER_NER_TOK_SENT_START) ? DOSSIER_NER_LABEL_O : y[i - 1]) |
                        ((flags & DOSSIER_NER_TOK_SENT_END) ? 0x100 : 0);
          g_array_append_vals (all, scores + (gsize)i * L, L);
          g_array_append_val (golds, td->gold[i]);
          g_array_append_val (contexts, ctx);
        }
    }

  for (float t = 0.25f; t <= 64; t *= 1.125f)
    {
      double ll = 0;

      for (guint i = 0; i < golds->len; i++)
        {
          const float *s = &g_array_index (all, float, (gsize)i * L);
          guint16 ctx = g_array_index (contexts, guint16, i);
          guint prev = ctx & 0xff;
          gboolean last = (ctx & 0x100) != 0;
          guint gold = g_array_index (golds, guint8, i);
          double max = -INFINITY;
          double sum = 0;

          if (!_dossier_ner_transition_ok (prev, gold) ||
              (last && !_dossier_ner_label_can_end (gold)))
            continue;
          for (guint l = 0; l < L; l++)
            if (_dossier_ner_transition_ok (prev, l) && (!last || _dossier_ner_label_can_end (l)))
              max = MAX (max, s[l]);
          for (guint l = 0; l < L; l++)
            if (_dossier_ner_transition_ok (prev, l) && (!last || _dossier_ner_label_can_end (l)))
              sum += exp ((s[l] - max) / t);
          ll += (s[gold] - max) / t - log (sum);
        }
      if (ll > best_ll)
        {
          best_ll = ll;
          best_t = t;
        }
    }
  fprintf (stderr, "confidence temperature %.3g (mean log-likelihood %.4f)\n", best_t,
           best_ll / MAX (golds->len, 1));
  return best_t;
}

static void
fail (GError *error)
{
  fprintf (stderr, "dossier-train-ner: %s\n", error->message);
  exit (1);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *shared = g_strdup ("../shared/data");
  g_autofree char *clusters = g_strdup ("resources/model/ner-clusters.tsv");
  int epochs1 = 12;
  int epochs2 = 12;
  int folds = 10;
  int min_count = 1;
  int levels = 2;
  gint64 seed = 1;
  int gaz_lists = (1 << DOSSIER_NER_N_GAZ) - 1;
  GOptionEntry entries[] = {
    { "shared", 0, 0, G_OPTION_ARG_FILENAME, &shared,
      "Shared data directory (../shared/data)", "DIR" },
    { "clusters", 0, 0, G_OPTION_ARG_FILENAME, &clusters, "Word cluster file", "FILE" },
    { "epochs", 0, 0, G_OPTION_ARG_INT, &epochs1, "Epochs of the first pass (12)", "N" },
    { "epochs2", 0, 0, G_OPTION_ARG_INT, &epochs2, "Epochs of the second pass (12)", "N" },
    { "folds", 0, 0, G_OPTION_ARG_INT, &folds, "Jackknife folds for the second pass (10)", "N" },
    { "levels", 0, 0, G_OPTION_ARG_INT, &levels, "1: first pass only; 2: both (2)", "N" },
    { "min-count", 0, 0, G_OPTION_ARG_INT, &min_count, "Keep features seen N times (1)", "N" },
    { "gazetteers", 0, 0, G_OPTION_ARG_INT, &gaz_lists, "Bit mask of gazetteer lists", "MASK" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Shuffling seed (1)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("OUTPUT.model — train the entity tagger");
  g_autoptr(GError) error = NULL;
  Lexicon lex = { 0 };
  DataSet train = { 0 };
  DataSet dev = { 0 };
  Features f = { 0 };
  g_autoptr(DossierNerModel) lexicon_model = NULL;
  g_autofree guint *all_docs = NULL;
  Avg avg1 = { 0 };
  Avg avg2 = { 0 };
  gint64 t_start = g_get_monotonic_time ();
  ModelParts parts = { 0 };
  g_autoptr(GBytes) bytes = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      fprintf (stderr, "%s\n", error ? error->message : "usage: dossier-train-ner OUTPUT.model");
      return 2;
    }
  levels = CLAMP (levels, 1, 2);
  folds = MAX (folds, 2);

  if (!load_clusters (&lex, clusters, &error) ||
      !load_gazetteers (&lex, shared, gaz_lists, &error))
    fail (error);
  fprintf (stderr, "lexicon: %u words, %u gazetteer n-grams (%.1f s)\n", lex.n_words, lex.n_gaz,
           seconds_since (t_start));

  /* a model with the lexicon and no weights prepares the documents */
  f.hashes = g_array_new (FALSE, FALSE, sizeof (guint64));
  f.counts = g_array_new (FALSE, FALSE, sizeof (guint32));
  map_init (&f.map, 1 << 22);
  {
    Avg none = { 0 };
    ModelParts empty = { &lex, &f, { &none, &none }, 1, 1, 0 };
    lexicon_model = build_model (&empty);
  }

  {
    g_autofree char *train_path = g_build_filename (shared, "conll2003", "eng.train", NULL);
    g_autofree char *dev_path = g_build_filename (shared, "conll2003", "eng.testa", NULL);
    if (!load_set (&train, train_path, &lexicon_model->lex, &error) ||
        !load_set (&dev, dev_path, &lexicon_model->lex, &error))
      fail (error);
  }
  fprintf (stderr, "eng.train: %u documents, %u tokens; eng.testa: %u documents, %u tokens\n",
           train.n_docs, train.corpus->tokens->len, dev.n_docs, dev.corpus->tokens->len);

  count_base_features (&train, &f);
  map_base_features (&train, &f, min_count);
  map_base_features (&dev, &f, min_count);
  fprintf (stderr, "%u distinct label-independent features (%.1f s)\n", f.hashes->len,
           seconds_since (t_start));

  all_docs = g_new (guint, train.n_docs);
  for (guint d = 0; d < train.n_docs; d++)
    all_docs[d] = d;

  avg1 = train_pass (&train, all_docs, train.n_docs, &f, 0, epochs1, seed, &dev, &lex, NULL);

  if (levels > 1)
    {
      /* first-pass labels of each training fold from a model that never saw it */
      for (int k = 0; k < folds; k++)
        {
          g_autoptr(GArray) in = g_array_new (FALSE, FALSE, sizeof (guint));
          g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (guint));
          g_autoptr(DossierNerModel) model = NULL;
          ModelParts p = { &lex, &f, { NULL, NULL }, 1, 1, 0 };
          gint64 t0 = g_get_monotonic_time ();
          Avg fold_avg;

          for (guint d = 0; d < train.n_docs; d++)
            g_array_append_val ((int)(d % folds) == k ? out : in, d);
          fold_avg = train_pass (&train, (guint *)in->data, in->len, &f, 0, epochs1, seed + 1 + k,
                                 NULL, &lex, NULL);
          p.avg[0] = &fold_avg;
          model = build_model (&p);
          tag_docs (model, train.docs, (guint *)out->data, out->len, NULL);
          avg_clear (&fold_avg);
          fprintf (stderr, "jackknife fold %d/%d (%.1f s)\n", k + 1, folds, seconds_since (t0));
        }
      for (guint d = 0; d < train.n_docs; d++)
        map_stack_features (&train.docs[d], &f);

      avg2 = train_pass (&train, all_docs, train.n_docs, &f, 1, epochs2, seed + 1000, &dev, &lex,
                         &avg1);
    }

  parts.lex = &lex;
  parts.features = &f;
  parts.avg[0] = &avg1;
  parts.avg[1] = &avg2;
  parts.n_levels = levels;
  parts.temperature = calibrate (&dev, &f, &avg1, levels > 1 ? &avg2 : NULL);
  bytes = write_model (&parts);
  if (!g_file_set_contents (argv[1], g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                            &error))
    fail (error);

  {
    g_autoptr(DossierNerModel) model = dossier_ner_model_new_from_file (argv[1], &error);
    DossierNerScore score = { 0 };
    if (model == NULL)
      fail (error);
    tag_docs (model, dev.docs, NULL, dev.n_docs, &score);
    print_score ("final model, testa", &score);
  }
  fprintf (stderr, "wrote %s: %u features, %.2f MB, trained in %.1f s\n", argv[1], parts.n_features,
           g_bytes_get_size (bytes) / 1048576.0, seconds_since (t_start));
  return 0;
}
