/* dossier-extraction.c — runs the pipeline stages over one text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-extraction"

#include "config.h"

#include <string.h>

#include "dossier-extraction.h"
#include "dossier-quote-words.h"
#include "dossier-stages.h"

static const DossierExtractStage stages[] = {
  { "entities", dossier_entities_stage_run },
  { "dates",    dossier_dates_stage_run },
  { "people",   dossier_people_stage_run },
  { "quotes",   dossier_quotes_stage_run },
  { "timeline", dossier_timeline_stage_run },
};

static void
clear_annotation (gpointer data)
{
  DossierExtractAnnotation *a = data;

  g_clear_pointer (&a->label, g_free);
  g_clear_pointer (&a->value, g_free);
  g_clear_pointer (&a->mod, g_free);
  g_clear_pointer (&a->kind, g_free);
}

static void
clear_entity (gpointer data)
{
  DossierExtractEntity *e = data;

  g_clear_pointer (&e->type, g_free);
  g_clear_pointer (&e->name, g_free);
  g_clear_pointer (&e->title, g_free);
  g_clear_pointer (&e->aliases, g_ptr_array_unref);
}

static void
clear_event (gpointer data)
{
  DossierExtractEvent *e = data;

  g_clear_pointer (&e->date, g_free);
  g_clear_pointer (&e->summary, g_free);
  g_clear_pointer (&e->participants, g_array_unref);
}

DossierExtraction *
dossier_extraction_new (const char *text,
                        gssize      n_bytes,
                        const char *published)
{
  DossierExtraction *self;

  g_return_val_if_fail (text != NULL, NULL);

  self = g_new0 (DossierExtraction, 1);
  self->text = text;
  self->published = g_strdup (published);
  self->tokens = dossier_tokens_new (text, n_bytes);
  self->annotations = g_array_new (FALSE, TRUE, sizeof (DossierExtractAnnotation));
  g_array_set_clear_func (self->annotations, clear_annotation);
  self->entities = g_array_new (FALSE, TRUE, sizeof (DossierExtractEntity));
  g_array_set_clear_func (self->entities, clear_entity);
  self->events = g_array_new (FALSE, TRUE, sizeof (DossierExtractEvent));
  g_array_set_clear_func (self->events, clear_event);

  dossier_tokenize (self->tokens);

  return self;
}

void
dossier_extraction_free (DossierExtraction *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->tokens, dossier_tokens_free);
  g_clear_pointer (&self->annotations, g_array_unref);
  g_clear_pointer (&self->entities, g_array_unref);
  g_clear_pointer (&self->events, g_array_unref);
  g_clear_pointer (&self->published, g_free);
  g_clear_pointer (&self->word_classes, g_free);
  g_clear_pointer (&self->word_clusters, g_free);
  g_free (self);
}

const guint32 *
dossier_extraction_word_classes (DossierExtraction *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->word_classes == NULL)
    self->word_classes = dossier_word_classes (self->tokens);
  return self->word_classes;
}

const DossierExtractStage *
dossier_extraction_get_stages (guint *n_stages)
{
  if (n_stages)
    *n_stages = G_N_ELEMENTS (stages);
  return stages;
}

void
dossier_extraction_run (DossierExtraction *self)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      gint64 begin = g_get_monotonic_time ();
      stages[i].run (self);
      g_debug ("stage %s: %.2f ms", stages[i].name, (g_get_monotonic_time () - begin) / 1000.0);
    }
}

DossierExtractAnnotation *
dossier_extraction_add_annotation (DossierExtraction *self,
                                   const char        *label,
                                   guint              start,
                                   guint              end,
                                   double             confidence)
{
  DossierExtractAnnotation a = { 0 };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (start <= end && end <= self->tokens->n_chars, NULL);

  a.label = g_strdup (label);
  a.start = start;
  a.end = end;
  a.confidence = CLAMP (confidence, 0.0, 1.0);
  a.entity = -1;
  g_array_append_val (self->annotations, a);
  return &g_array_index (self->annotations, DossierExtractAnnotation, self->annotations->len - 1);
}

int
dossier_extraction_add_entity (DossierExtraction *self,
                               const char        *type,
                               const char        *name)
{
  DossierExtractEntity e = { 0 };

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (type != NULL && name != NULL, -1);

  e.type = g_strdup (type);
  e.name = g_strdup (name);
  e.aliases = g_ptr_array_new_with_free_func (g_free);
  g_array_append_val (self->entities, e);
  return self->entities->len - 1;
}

int
dossier_extraction_add_event (DossierExtraction *self,
                              int                anchor,
                              const char        *date,
                              const char        *summary)
{
  DossierExtractEvent e = { 0 };

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (date != NULL, -1);

  e.anchor = anchor;
  e.date = g_strdup (date);
  e.summary = g_strdup (summary);
  e.participants = g_array_new (FALSE, FALSE, sizeof (int));
  g_array_append_val (self->events, e);
  return self->events->len - 1;
}

gsize
dossier_extraction_byte_offset (DossierExtraction *self,
                                guint              offset)
{
  const DossierTokens *tokens;
  guint i;
  gsize byte;
  guint cp;

  g_return_val_if_fail (self != NULL, 0);

  tokens = self->tokens;
  if (offset >= tokens->n_chars)
    return tokens->n_bytes;

  /* start from the nearest token at or before the offset, then walk */
  i = dossier_tokens_find (tokens, offset);
  if (i < tokens->tokens->len && dossier_tokens_get (tokens, i)->start <= offset)
    {
      byte = dossier_tokens_get (tokens, i)->byte_start;
      cp = dossier_tokens_get (tokens, i)->start;
    }
  else if (i > 0)
    {
      byte = dossier_tokens_get (tokens, i - 1)->byte_end;
      cp = dossier_tokens_get (tokens, i - 1)->end;
    }
  else
    {
      byte = 0;
      cp = 0;
    }
  while (cp < offset)
    {
      byte = g_utf8_next_char (self->text + byte) - self->text;
      cp++;
    }
  return byte;
}

char *
dossier_extraction_dup_span (DossierExtraction *self,
                             guint              start,
                             guint              end)
{
  gsize b0, b1;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (start <= end, NULL);

  b0 = dossier_extraction_byte_offset (self, start);
  b1 = dossier_extraction_byte_offset (self, end);
  return g_strndup (self->text + b0, b1 - b0);
}
