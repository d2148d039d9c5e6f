/* dossier-apply-extraction.c — between the extraction pipeline and the project model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-apply-extraction"

#include "config.h"

#include <string.h>

#include "dossier-apply-extraction.h"

DossierExtraction *
dossier_extract_document (DossierDocument *document)
{
  DossierExtraction *extraction;

  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (document), NULL);

  extraction = dossier_extraction_new (dossier_document_get_text (document),
                                       dossier_document_get_n_bytes (document),
                                       dossier_document_get_published (document));
  dossier_extraction_run (extraction);
  return extraction;
}

static char *
name_key (const char *type,
          const char *name)
{
  return g_strconcat (type, "\x1f", name, NULL);
}

/* The project's entities by type and every name they go by. */
static GHashTable *
index_entity_names (DossierProject *project)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GListModel *entities = dossier_project_get_entities (project);
  guint n = g_list_model_get_n_items (entities);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierEntity) e = g_list_model_get_item (entities, i);
      const char * const *aliases = dossier_entity_get_aliases (e);

      g_hash_table_insert (names, name_key (dossier_entity_get_kind (e), dossier_entity_get_name (e)), e);
      for (guint j = 0; aliases[j]; j++)
        {
          char *key = name_key (dossier_entity_get_kind (e), aliases[j]);
          /* a name wins over another entity's alias */
          if (g_hash_table_contains (names, key))
            g_free (key);
          else
            g_hash_table_insert (names, key, e);
        }
    }
  return names;
}

static DossierEntity *
entity_for (DossierProject    *project,
            DossierExtraction *extraction,
            GPtrArray         *mapped,
            GHashTable        *names,
            int                index)
{
  g_autofree char *key = NULL;
  DossierExtractEntity *x;
  DossierEntity *e;

  if (index < 0 || (guint)index >= extraction->entities->len)
    return NULL;
  if ((e = g_ptr_array_index (mapped, index)) != NULL)
    return e;

  /* an entity of the project that the extracted one is: same type, a name in common */
  x = dossier_extraction_entity (extraction, index);
  key = name_key (x->type, x->name);
  e = g_hash_table_lookup (names, key);
  if (e == NULL)
    {
      g_autofree char *id = dossier_project_new_id (project, "p");
      g_autoptr(DossierEntity) created = dossier_entity_new (id, x->type, x->name);
      dossier_project_add_entity (project, created);
      e = created;
      g_hash_table_insert (names, g_steal_pointer (&key), e);
    }
  if (dossier_entity_get_title (e) == NULL && x->title != NULL)
    dossier_entity_set_title (e, x->title);
  for (guint i = 0; x->aliases && i < x->aliases->len; i++)
    dossier_entity_add_alias (e, g_ptr_array_index (x->aliases, i));
  g_ptr_array_index (mapped, index) = e;
  return e;
}

static guint64
span_key (guint start,
          guint end)
{
  return ((guint64)start << 32) | end;
}

/* A human's annotations by span, so each model span is checked in O(1). */
static GHashTable *
index_human_spans (DossierDocument *document)
{
  GHashTable *spans = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GListModel *annotations = dossier_document_get_annotations (document);
  guint n = g_list_model_get_n_items (annotations);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, i);
      gint64 *key;

      if (dossier_annotation_get_origin (a) != DOSSIER_ORIGIN_HUMAN)
        continue;
      key = g_new (gint64, 1);
      *key = (gint64)span_key (dossier_annotation_get_start (a), dossier_annotation_get_end (a));
      g_hash_table_insert (spans, key, a); /* the document keeps it alive */
    }
  return spans;
}

/* Ids of the entities something still refers to, in one pass over the project. */
static GHashTable *
collect_used_entities (DossierProject *project)
{
  GHashTable *used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GListModel *documents = dossier_project_get_documents (project);
  GListModel *events = dossier_project_get_events (project);

  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(DossierDocument) d = g_list_model_get_item (documents, i);
      GListModel *annotations = dossier_document_get_annotations (d);
      for (guint j = 0; j < g_list_model_get_n_items (annotations); j++)
        {
          g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, j);
          if (dossier_annotation_get_entity (a))
            g_hash_table_add (used, g_strdup (dossier_annotation_get_entity (a)));
          if (dossier_annotation_get_speaker (a))
            g_hash_table_add (used, g_strdup (dossier_annotation_get_speaker (a)));
        }
    }
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DossierEvent) e = g_list_model_get_item (events, i);
      const char * const *participants = dossier_event_get_participants (e);
      for (guint j = 0; participants[j]; j++)
        g_hash_table_add (used, g_strdup (participants[j]));
    }
  return used;
}

void
dossier_apply_extraction (DossierProject    *project,
                          DossierDocument   *document,
                          DossierExtraction *extraction)
{
  g_autoptr(GPtrArray) mapped = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) ids = NULL;     /* new annotation id per extraction annotation, or NULL */
  g_autoptr(GPtrArray) stale = NULL;
  g_autoptr(GHashTable) human_spans = NULL;
  g_autoptr(GHashTable) used = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GHashTable) anchored = NULL;  /* annotation ids that already date an event */
  GListModel *annotations;
  GListModel *events;
  guint n;

  g_return_if_fail (DOSSIER_IS_PROJECT (project));
  g_return_if_fail (DOSSIER_IS_DOCUMENT (document));
  g_return_if_fail (extraction != NULL);

  /* 1. the model's previous output goes; a human's stays */
  annotations = dossier_document_get_annotations (document);
  stale = g_ptr_array_new_with_free_func (g_object_unref);
  n = g_list_model_get_n_items (annotations);
  for (guint i = 0; i < n; i++)
    {
      DossierAnnotation *a = g_list_model_get_item (annotations, i);
      if (dossier_annotation_get_origin (a) == DOSSIER_ORIGIN_MODEL)
        g_ptr_array_add (stale, a);
      else
        g_object_unref (a);
    }
  for (guint i = 0; i < stale->len; i++)
    dossier_document_remove_annotation (document, g_ptr_array_index (stale, i));

  /* events anchored on the model annotations just removed are rebuilt; those on a
   * human's annotations, or with no anchor at all, stay */
  events = dossier_project_get_events (project);
  g_ptr_array_set_size (stale, 0);
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      DossierEvent *e = g_list_model_get_item (events, i);
      const char *anchor = dossier_event_get_anchor (e);

      if (anchor != NULL && dossier_project_find_annotation (project, anchor, NULL) == NULL)
        g_ptr_array_add (stale, e);
      else
        g_object_unref (e);
    }
  for (guint i = 0; i < stale->len; i++)
    dossier_project_remove_event (project, g_ptr_array_index (stale, i));
  anchored = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DossierEvent) e = g_list_model_get_item (events, i);
      if (dossier_event_get_anchor (e))
        g_hash_table_add (anchored, (gpointer)dossier_event_get_anchor (e));
    }

  /* 2. the new output, less what a human rejected or already decided */
  human_spans = index_human_spans (document);
  names = index_entity_names (project);
  mapped = g_ptr_array_new ();
  g_ptr_array_set_size (mapped, extraction->entities->len);
  added = g_ptr_array_new_with_free_func (g_object_unref);
  ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_set_size (ids, extraction->annotations->len);

  for (guint i = 0; i < extraction->annotations->len; i++)
    {
      const DossierExtractAnnotation *x = dossier_extraction_annotation (extraction, i);
      g_autofree char *text = NULL;
      g_autofree char *id = NULL;
      DossierAnnotation *human;
      DossierAnnotation *a;
      gint64 key = (gint64)span_key (x->start, x->end);
      DossierEntity *entity;

      if (x->end > dossier_document_get_n_chars (document) || x->start > x->end)
        continue;
      if (dossier_document_is_rejected (document, x->label, x->start, x->end))
        continue;
      if ((human = g_hash_table_lookup (human_spans, &key)) != NULL)
        {
          /* an event may still anchor on the human's version of this date */
          g_ptr_array_index (ids, i) = g_strdup (dossier_annotation_get_id (human));
          continue;
        }

      id = dossier_project_new_id (project, "a");
      text = dossier_document_dup_slice (document, x->start, x->end);
      a = dossier_annotation_new (id, x->label, x->start, x->end, text, DOSSIER_ORIGIN_MODEL);
      dossier_annotation_set_confidence (a, x->confidence);
      dossier_annotation_set_value (a, x->value);
      dossier_annotation_set_mod (a, x->mod);
      dossier_annotation_set_kind (a, x->kind);
      entity = entity_for (project, extraction, mapped, names, x->entity);
      if (g_strcmp0 (x->label, "QUOTE") == 0)
        dossier_annotation_set_speaker (a, entity ? dossier_entity_get_id (entity) : NULL);
      else if (entity != NULL)
        dossier_annotation_set_entity (a, dossier_entity_get_id (entity));
      if (x->source.end > x->source.start && x->source.end <= dossier_document_get_n_chars (document))
        {
          g_autofree char *s = dossier_document_dup_slice (document, x->source.start, x->source.end);
          dossier_annotation_set_source (a, x->source.start, x->source.end, s);
        }
      if (x->cue.end > x->cue.start && x->cue.end <= dossier_document_get_n_chars (document))
        {
          g_autofree char *s = dossier_document_dup_slice (document, x->cue.start, x->cue.end);
          dossier_annotation_set_cue (a, x->cue.start, x->cue.end, s);
        }
      g_ptr_array_index (ids, i) = g_strdup (id);
      g_ptr_array_add (added, a);
    }
  dossier_document_add_annotations (document, added);

  for (guint i = 0; i < extraction->events->len; i++)
    {
      const DossierExtractEvent *x = &g_array_index (extraction->events, DossierExtractEvent, i);
      g_autoptr(GPtrArray) participants = g_ptr_array_new ();
      g_autoptr(DossierEvent) event = NULL;
      g_autofree char *id = NULL;
      const char *anchor = NULL;

      DossierAnnotation *anchored_on = NULL;
      const char *date = x->date;

      if (x->anchor >= 0 && (guint)x->anchor < ids->len)
        anchor = g_ptr_array_index (ids, x->anchor);
      if (anchor == NULL || g_hash_table_contains (anchored, anchor))
        continue;
      /* on a human's date, the human's value is the date */
      anchored_on = dossier_document_find_annotation (document, anchor);
      if (anchored_on && dossier_annotation_get_origin (anchored_on) == DOSSIER_ORIGIN_HUMAN &&
          dossier_annotation_get_value (anchored_on) != NULL)
        date = dossier_annotation_get_value (anchored_on);
      for (guint j = 0; x->participants && j < x->participants->len; j++)
        {
          DossierEntity *e = entity_for (project, extraction, mapped, names,
                                         g_array_index (x->participants, int, j));
          if (e != NULL && !g_ptr_array_find_with_equal_func (participants, dossier_entity_get_id (e),
                                                              g_str_equal, NULL))
            g_ptr_array_add (participants, (gpointer)dossier_entity_get_id (e));
        }
      g_ptr_array_add (participants, NULL);
      id = dossier_project_new_id (project, "e");
      event = dossier_event_new (id, date, anchor);
      dossier_event_set_summary (event, x->summary);
      dossier_event_set_participants (event, (const char * const *)participants->pdata);
      dossier_project_add_event (project, event);
    }

  /* 3. entities nothing refers to any more */
  used = collect_used_entities (project);
  g_ptr_array_set_size (stale, 0);
  for (guint i = 0; i < g_list_model_get_n_items (dossier_project_get_entities (project)); i++)
    {
      DossierEntity *e = g_list_model_get_item (dossier_project_get_entities (project), i);
      if (!g_hash_table_contains (used, dossier_entity_get_id (e)))
        g_ptr_array_add (stale, e);
      else
        g_object_unref (e);
    }
  for (guint i = 0; i < stale->len; i++)
    dossier_project_remove_entity (project, g_ptr_array_index (stale, i));
}

DossierExtraction *
dossier_extraction_from_document (DossierProject  *project,
                                  DossierDocument *document)
{
  DossierExtraction *extraction;
  g_autoptr(GHashTable) index_of = NULL; /* entity id → index + 1 */
  GListModel *annotations;
  guint n;

  g_return_val_if_fail (DOSSIER_IS_PROJECT (project), NULL);
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (document), NULL);

  extraction = dossier_extraction_new (dossier_document_get_text (document),
                                       dossier_document_get_n_bytes (document),
                                       dossier_document_get_published (document));
  index_of = g_hash_table_new (g_str_hash, g_str_equal);
  annotations = dossier_document_get_annotations (document);
  n = g_list_model_get_n_items (annotations);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, i);
      const char *ref = dossier_annotation_get_speaker (a) ? dossier_annotation_get_speaker (a)
                                                           : dossier_annotation_get_entity (a);
      DossierEntity *entity = dossier_project_find_entity (project, ref);
      DossierExtractAnnotation *x;
      int index = -1;

      if (entity != NULL)
        {
          gpointer found = g_hash_table_lookup (index_of, dossier_entity_get_id (entity));
          if (found == NULL)
            {
              DossierExtractEntity *xe;
              const char * const *aliases = dossier_entity_get_aliases (entity);

              index = dossier_extraction_add_entity (extraction, dossier_entity_get_kind (entity),
                                                     dossier_entity_get_name (entity));
              xe = dossier_extraction_entity (extraction, index);
              xe->title = g_strdup (dossier_entity_get_title (entity));
              for (guint j = 0; aliases[j]; j++)
                g_ptr_array_add (xe->aliases, g_strdup (aliases[j]));
              g_hash_table_insert (index_of, (gpointer)dossier_entity_get_id (entity),
                                   GINT_TO_POINTER (index + 1));
            }
          else
            index = GPOINTER_TO_INT (found) - 1;
        }

      x = dossier_extraction_add_annotation (extraction, dossier_annotation_get_label (a),
                                             dossier_annotation_get_start (a),
                                             dossier_annotation_get_end (a),
                                             MAX (0, dossier_annotation_get_confidence (a)));
      x->entity = index;
      x->value = g_strdup (dossier_annotation_get_value (a));
      x->mod = g_strdup (dossier_annotation_get_mod (a));
      x->kind = g_strdup (dossier_annotation_get_kind (a));
      dossier_annotation_get_source (a, &x->source.start, &x->source.end, NULL);
      dossier_annotation_get_cue (a, &x->cue.start, &x->cue.end, NULL);
    }
  return extraction;
}
