/* dossier-ner-corpus.c — CoNLL-2003 input and conlleval-style scoring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-ner"

#include "config.h"

#include <string.h>

#include "dossier-ner-private.h"

G_DEFINE_QUARK (dossier-ner-error-quark, dossier_ner_error)

static const char * const type_names[DOSSIER_NER_N_TYPES] = { "PER", "ORG", "LOC", "MISC" };

const char *
dossier_ner_type_to_string (guint type)
{
  g_return_val_if_fail (type < DOSSIER_NER_N_TYPES, NULL);

  return type_names[type];
}

int
dossier_ner_type_from_string (const char *name,
                              gsize       len)
{
  g_return_val_if_fail (name != NULL, -1);

  for (guint t = 0; t < DOSSIER_NER_N_TYPES; t++)
    if (strlen (type_names[t]) == len && memcmp (type_names[t], name, len) == 0)
      return t;
  return -1;
}

/* The tag of a CoNLL line: its last field, split into prefix and type.
 * Returns FALSE if it is not one ("O", "B-X", "I-X", "E-X", "S-X", "L-X", "U-X"). */
static gboolean
parse_tag (const char *field,
           gsize       len,
           char       *prefix,
           int        *type)
{
  if (len == 1 && field[0] == 'O')
    {
      *prefix = 'O';
      *type = -1;
      return TRUE;
    }
  if (len < 3 || field[1] != '-' || strchr ("BIESLU", field[0]) == NULL)
    return FALSE;
  *prefix = field[0];
  *type = dossier_ner_type_from_string (field + 2, len - 2);
  return *type >= 0;
}

/* conlleval's chunk boundaries, for IOB1, IOB2, IOBES and BILOU tags alike. */
static gboolean
chunk_ends (char prev_prefix,
            int  prev_type,
            char prefix,
            int  type)
{
  if (prev_prefix == 'O')
    return FALSE;
  if (prev_prefix == 'E' || prev_prefix == 'S' || prev_prefix == 'L' || prev_prefix == 'U')
    return TRUE;
  if (prefix == 'O' || prefix == 'B' || prefix == 'S' || prefix == 'U')
    return TRUE;
  return prev_type != type;
}

static gboolean
chunk_starts (char prev_prefix,
              int  prev_type,
              char prefix,
              int  type)
{
  if (prefix == 'O')
    return FALSE;
  if (prefix == 'B' || prefix == 'S' || prefix == 'U')
    return TRUE;
  if (prev_prefix == 'O' || prev_prefix == 'E' || prev_prefix == 'S' || prev_prefix == 'L' ||
      prev_prefix == 'U')
    return TRUE;
  return prev_type != type;
}

DossierNerCorpus *
dossier_ner_corpus_parse (const char  *contents,
                          gsize        length,
                          gboolean     with_gold,
                          GError     **error)
{
  g_autoptr(DossierNerCorpus) corpus = NULL;
  const char *p = contents;
  const char *end = contents + length;
  guint line = 0;
  gboolean sentence_start = TRUE;
  char prev_prefix = 'O';
  int prev_type = -1;
  DossierNerEntity open = { 0 };
  gboolean have_open = FALSE;
  guint doc_start = 0;

  g_return_val_if_fail (contents != NULL || length == 0, NULL);

  corpus = g_new0 (DossierNerCorpus, 1);
  corpus->tokens = g_array_new (FALSE, FALSE, sizeof (DossierNerToken));
  corpus->documents = g_array_new (FALSE, FALSE, sizeof (guint));
  corpus->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  corpus->gold = g_array_new (FALSE, FALSE, sizeof (DossierNerEntity));
  g_array_append_val (corpus->documents, doc_start);

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *line_end = eol ? eol : end;
      const char *field_end;
      const char *last;
      char prefix = 'O';
      int type = -1;

      if (line_end > p && line_end[-1] == '\r')
        line_end--;
      while (line_end > p && (line_end[-1] == ' ' || line_end[-1] == '\t'))
        line_end--;

      if (line_end == p || g_str_has_prefix (p, "-DOCSTART-"))
        {
          /* a blank line ends the sentence, -DOCSTART- also the document */
          if (line_end != p && corpus->tokens->len > g_array_index (corpus->documents, guint,
                                                                      corpus->documents->len - 1))
            g_array_append_val (corpus->documents, corpus->tokens->len);
          sentence_start = TRUE;
          goto next_line;
        }

      field_end = p;
      while (field_end < line_end && *field_end != ' ' && *field_end != '\t')
        field_end++;
      if (!g_utf8_validate (p, field_end - p, NULL))
        {
          g_set_error (error, DOSSIER_NER_ERROR, DOSSIER_NER_ERROR_INVALID_INPUT,
                       "line %u: the token is not valid UTF-8", line + 1);
          return NULL;
        }

      if (with_gold)
        {
          last = line_end;
          while (last > p && last[-1] != ' ' && last[-1] != '\t')
            last--;
          if (last == p || !parse_tag (last, line_end - last, &prefix, &type))
            {
              g_set_error (error, DOSSIER_NER_ERROR, DOSSIER_NER_ERROR_INVALID_INPUT,
                           "line %u: the last column is not an entity tag (O, B-PER, I-ORG, …)",
                           line + 1);
              return NULL;
            }
          if (sentence_start)
            {
              prev_prefix = 'O';
              prev_type = -1;
            }
          if (have_open && chunk_ends (prev_prefix, prev_type, prefix, type))
            {
              open.end = corpus->tokens->len;
              g_array_append_val (corpus->gold, open);
              have_open = FALSE;
            }
          if (chunk_starts (prev_prefix, prev_type, prefix, type))
            {
              open.start = corpus->tokens->len;
              open.type = type;
              open.confidence = 1;
              have_open = TRUE;
            }
          prev_prefix = prefix;
          prev_type = type;
        }

      {
        DossierNerToken t;
        t.text = p;
        t.len = field_end - p;
        t.flags = sentence_start ? DOSSIER_NER_TOKEN_SENTENCE_START : 0;
        g_array_append_val (corpus->tokens, t);
        g_array_append_val (corpus->lines, line);
      }
      sentence_start = FALSE;

    next_line:
      if (sentence_start && have_open)
        {
          open.end = corpus->tokens->len;
          g_array_append_val (corpus->gold, open);
          have_open = FALSE;
        }
      line++;
      p = eol ? eol + 1 : end;
    }

  if (have_open)
    {
      open.end = corpus->tokens->len;
      g_array_append_val (corpus->gold, open);
    }
  if (corpus->tokens->len > g_array_index (corpus->documents, guint, corpus->documents->len - 1))
    g_array_append_val (corpus->documents, corpus->tokens->len);
  else
    g_array_index (corpus->documents, guint, corpus->documents->len - 1) = corpus->tokens->len;
  corpus->n_lines = line;

  return g_steal_pointer (&corpus);
}

void
dossier_ner_corpus_free (DossierNerCorpus *corpus)
{
  if (corpus == NULL)
    return;
  g_array_unref (corpus->tokens);
  g_array_unref (corpus->documents);
  g_array_unref (corpus->lines);
  g_array_unref (corpus->gold);
  g_free (corpus);
}

static int
compare_entities (const DossierNerEntity *a,
                  const DossierNerEntity *b)
{
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->end != b->end)
    return a->end < b->end ? -1 : 1;
  return (int)a->type - (int)b->type;
}

void
dossier_ner_score_add (DossierNerScore        *score,
                       const DossierNerEntity *gold,
                       guint                   n_gold,
                       const DossierNerEntity *found,
                       guint                   n_found)
{
  guint i = 0;
  guint j = 0;

  g_return_if_fail (score != NULL);

  /* both lists are in text order and free of overlaps */
  for (guint k = 0; k < n_gold; k++)
    score->gold[gold[k].type]++;
  for (guint k = 0; k < n_found; k++)
    score->found[found[k].type]++;
  while (i < n_gold && j < n_found)
    {
      int c = compare_entities (&gold[i], &found[j]);
      if (c == 0)
        {
          score->correct[gold[i].type]++;
          i++;
          j++;
        }
      else if (c < 0)
        i++;
      else
        j++;
    }
}

double
dossier_ner_score_f1 (const DossierNerScore *score,
                      int                    type,
                      double                *precision,
                      double                *recall)
{
  guint correct = 0;
  guint found = 0;
  guint gold = 0;
  double p;
  double r;

  g_return_val_if_fail (score != NULL, 0);
  g_return_val_if_fail (type < DOSSIER_NER_N_TYPES, 0);

  for (guint t = 0; t < DOSSIER_NER_N_TYPES; t++)
    if (type < 0 || (guint)type == t)
      {
        correct += score->correct[t];
        found += score->found[t];
        gold += score->gold[t];
      }
  p = found > 0 ? 100.0 * correct / found : 0;
  r = gold > 0 ? 100.0 * correct / gold : 0;
  if (precision != NULL)
    *precision = p;
  if (recall != NULL)
    *recall = r;
  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

void
dossier_ner_tag_corpus (DossierNerTagger       *tagger,
                        const DossierNerCorpus *corpus,
                        GArray                 *entities)
{
  g_return_if_fail (tagger != NULL);
  g_return_if_fail (corpus != NULL);
  g_return_if_fail (entities != NULL);

  for (guint d = 0; d + 1 < corpus->documents->len; d++)
    {
      guint first = g_array_index (corpus->documents, guint, d);
      guint last = g_array_index (corpus->documents, guint, d + 1);
      guint before = entities->len;

      dossier_ner_tagger_tag (tagger, &g_array_index (corpus->tokens, DossierNerToken, first),
                              last - first, entities);
      for (guint k = before; k < entities->len; k++)
        {
          g_array_index (entities, DossierNerEntity, k).start += first;
          g_array_index (entities, DossierNerEntity, k).end += first;
        }
    }
}
