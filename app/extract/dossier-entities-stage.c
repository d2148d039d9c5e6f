/* dossier-entities-stage.c — the entity tagger (issue 7)
 *
 * Raw text → the tokenizer's tokens and sentences → the statistical tagger
 * (the whole article is one document for its document-level features) →
 * PERSON / ORG / PLACE / MISC annotations over code points, each with the
 * tagger's confidence. Mentions are not linked to entities here: the
 * people stage clusters them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-entities-stage"

#include "config.h"

#include "dossier-ner.h"
#include "dossier-stages.h"

static const char * const labels[DOSSIER_NER_N_TYPES] = {
  [DOSSIER_NER_PER] = "PERSON",
  [DOSSIER_NER_ORG] = "ORG",
  [DOSSIER_NER_LOC] = "PLACE",
  [DOSSIER_NER_MISC] = "MISC",
};

/* One tagger per thread: its scratch space is reused from text to text. */
static GPrivate tagger_key = G_PRIVATE_INIT ((GDestroyNotify)dossier_ner_tagger_free);

static DossierNerTagger *
get_tagger (void)
{
  DossierNerTagger *tagger = g_private_get (&tagger_key);

  if (tagger == NULL)
    {
      g_autoptr(GError) error = NULL;
      DossierNerModel *model = dossier_ner_model_get_default (&error);

      if (model == NULL)
        {
          g_warning ("No entity model: %s", error->message);
          return NULL;
        }
      tagger = dossier_ner_tagger_new (model);
      g_private_set (&tagger_key, tagger);
    }
  return tagger;
}

void
dossier_entities_stage_run (DossierExtraction *extraction)
{
  const DossierTokens *tokens;
  DossierNerTagger *tagger;
  g_autoptr(GArray) input = NULL;
  g_autoptr(GArray) entities = NULL;
  guint n;

  g_return_if_fail (extraction != NULL);

  tokens = extraction->tokens;
  n = dossier_tokens_len (tokens);
  if (n == 0 || (tagger = get_tagger ()) == NULL)
    return;

  input = g_array_sized_new (FALSE, FALSE, sizeof (DossierNerToken), n);
  g_array_set_size (input, n);
  for (guint i = 0; i < n; i++)
    {
      const DossierToken *t = dossier_tokens_get (tokens, i);
      DossierNerToken *nt = &g_array_index (input, DossierNerToken, i);

      nt->text = tokens->text + t->byte_start;
      nt->len = t->byte_end - t->byte_start;
      nt->flags = (t->flags & DOSSIER_TOKEN_SENTENCE_START) ? DOSSIER_NER_TOKEN_SENTENCE_START : 0;
    }

  entities = g_array_new (FALSE, FALSE, sizeof (DossierNerEntity));
  /* the word clusters it looks up are the quote tagger's features too */
  g_clear_pointer (&extraction->word_clusters, g_free);
  extraction->word_clusters = g_new (guint16, (gsize)n * DOSSIER_NER_WORD_CLUSTERS);
  dossier_ner_tagger_tag_full (tagger, (const DossierNerToken *)input->data, n, entities,
                               extraction->word_clusters);

  for (guint k = 0; k < entities->len; k++)
    {
      const DossierNerEntity *e = &g_array_index (entities, DossierNerEntity, k);

      dossier_extraction_add_annotation (extraction, labels[e->type],
                                         dossier_tokens_get (tokens, e->start)->start,
                                         dossier_tokens_get (tokens, e->end - 1)->end,
                                         CLAMP (e->confidence, 0.0, 1.0));
    }
}
