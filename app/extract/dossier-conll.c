/* dossier-conll.c — conll in and out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-conll"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "dossier-commands.h"
#include "dossier-ner-private.h"

/* IOB1 tags, as in the CoNLL-2003 files: B- only where two entities of the
 * same type touch. */
static void
entities_to_iob1 (const DossierNerEntity *entities,
                  guint                   n_entities,
                  const char            **tags,
                  guint                   n_tokens)
{
  static const char * const inside[] = { "I-PER", "I-ORG", "I-LOC", "I-MISC" };
  static const char * const begin[] = { "B-PER", "B-ORG", "B-LOC", "B-MISC" };
  guint prev_end = G_MAXUINT;
  guint prev_type = G_MAXUINT;

  for (guint i = 0; i < n_tokens; i++)
    tags[i] = "O";
  for (guint k = 0; k < n_entities; k++)
    {
      const DossierNerEntity *e = &entities[k];
      gboolean touches = prev_end == e->start && prev_type == e->type;

      for (guint i = e->start; i < e->end; i++)
        tags[i] = inside[e->type];
      if (touches)
        tags[e->start] = begin[e->type];
      prev_end = e->end;
      prev_type = e->type;
    }
}

gboolean
dossier_ner_conll_write (DossierNerModel *model,
                         const char      *contents,
                         gsize            length,
                         GString         *out,
                         GError         **error)
{
  g_autoptr(DossierNerCorpus) corpus = NULL;
  g_autoptr(DossierNerTagger) tagger = NULL;
  g_autoptr(GArray) entities = NULL;
  g_autofree const char **tags = NULL;
  const char *p = contents;
  const char *end = contents + length;
  guint line = 0;
  guint token = 0;

  corpus = dossier_ner_corpus_parse (contents, length, FALSE, error);
  if (corpus == NULL)
    return FALSE;
  tagger = dossier_ner_tagger_new (model);
  entities = g_array_new (FALSE, FALSE, sizeof (DossierNerEntity));
  dossier_ner_tag_corpus (tagger, corpus, entities);
  tags = g_new (const char *, corpus->tokens->len + 1);
  entities_to_iob1 ((DossierNerEntity *)entities->data, entities->len, tags, corpus->tokens->len);

  /* every line back as it was, a tag appended to tokens and -DOCSTART- */
  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *line_end = eol ? eol : end;
      const char *content_end = line_end;
      gboolean is_token = token < corpus->tokens->len &&
                          g_array_index (corpus->lines, guint, token) == line;
      const char *tag = NULL;
      char sep = ' ';

      if (content_end > p && content_end[-1] == '\r')
        content_end--;
      if (is_token)
        tag = tags[token++];
      else if (content_end - p >= 10 && memcmp (p, "-DOCSTART-", 10) == 0)
        tag = "O";  /* conlleval reads it as a token: it needs as many columns */

      if (tag != NULL)
        {
          const char *q = content_end;
          while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
            q--;
          if (memchr (p, '\t', q - p) != NULL && memchr (p, ' ', q - p) == NULL)
            sep = '\t';
          g_string_append_len (out, p, content_end - p);
          if (content_end == q)
            g_string_append_c (out, sep);
          g_string_append (out, tag);
          g_string_append_len (out, content_end, line_end - content_end);
        }
      else
        g_string_append_len (out, p, line_end - p);
      if (eol != NULL)
        g_string_append_c (out, '\n');
      line++;
      p = eol ? eol + 1 : end;
    }
  return TRUE;
}

gboolean
dossier_conll_tag (const char  *contents,
                   gsize        length,
                   GString     *out,
                   GError     **error)
{
  DossierNerModel *model;

  g_return_val_if_fail (contents != NULL || length == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  model = dossier_ner_model_get_default (error);
  if (model == NULL)
    return FALSE;
  return dossier_ner_conll_write (model, contents, length, out, error);
}
