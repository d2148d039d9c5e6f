/* dossier-project.c — documents, entities, events and the label set
 *
 * The project re-emits "changed" for anything that changes inside it, which
 * is what the window's dirty state and the autosave timer listen to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-project"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dossier-project.h"

struct _DossierProject
{
  GObject     parent_instance;

  GListStore *documents;
  GListStore *entities;
  GListStore *events;
  GListModel *labels;
  GHashTable *entity_by_id;  /* borrowed */
  GHashTable *event_by_id;   /* borrowed */
  GHashTable *next_ids;      /* prefix → GUINT_TO_POINTER (next number) */
  JsonObject *extra;
  DossierHistory *history;   /* created on first use; not saved */
};

G_DEFINE_FINAL_TYPE (DossierProject, dossier_project, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (DossierProject *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
dossier_project_dispose (GObject *object)
{
  DossierProject *self = (DossierProject *)object;

  g_clear_object (&self->history);
  g_clear_pointer (&self->entity_by_id, g_hash_table_unref);
  g_clear_pointer (&self->event_by_id, g_hash_table_unref);
  g_clear_object (&self->documents);
  g_clear_object (&self->entities);
  g_clear_object (&self->events);
  g_clear_object (&self->labels);

  G_OBJECT_CLASS (dossier_project_parent_class)->dispose (object);
}

static void
dossier_project_finalize (GObject *object)
{
  DossierProject *self = (DossierProject *)object;

  g_clear_pointer (&self->next_ids, g_hash_table_unref);
  g_clear_pointer (&self->extra, json_object_unref);

  G_OBJECT_CLASS (dossier_project_parent_class)->finalize (object);
}

static void
dossier_project_class_init (DossierProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dossier_project_dispose;
  object_class->finalize = dossier_project_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dossier_project_init (DossierProject *self)
{
  self->documents = g_list_store_new (DOSSIER_TYPE_DOCUMENT);
  self->entities = g_list_store_new (DOSSIER_TYPE_ENTITY);
  self->events = g_list_store_new (DOSSIER_TYPE_EVENT);
  self->labels = dossier_label_set_new_default ();
  self->entity_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->event_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->next_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_signal_connect_object (self->documents, "items-changed", G_CALLBACK (emit_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entities, "items-changed", G_CALLBACK (emit_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->events, "items-changed", G_CALLBACK (emit_changed), self,
                           G_CONNECT_SWAPPED);
}

DossierProject *
dossier_project_new (void)
{
  return g_object_new (DOSSIER_TYPE_PROJECT, NULL);
}

GListModel *
dossier_project_get_documents (DossierProject *self)
{
  g_return_val_if_fail (DOSSIER_IS_PROJECT (self), NULL);
  return G_LIST_MODEL (self->documents);
}

GListModel *
dossier_project_get_entities (DossierProject *self)
{
  g_return_val_if_fail (DOSSIER_IS_PROJECT (self), NULL);
  return G_LIST_MODEL (self->entities);
}

GListModel *
dossier_project_get_events (DossierProject *self)
{
  g_return_val_if_fail (DOSSIER_IS_PROJECT (self), NULL);
  return G_LIST_MODEL (self->events);
}

GListModel *
dossier_project_get_labels (DossierProject *self)
{
  g_return_val_if_fail (DOSSIER_IS_PROJECT (self), NULL);
  return self->labels;
}

void
dossier_project_set_labels (DossierProject *self,
                            GListModel     *labels)
{
  g_return_if_fail (DOSSIER_IS_PROJECT (self));
  g_return_if_fail (G_IS_LIST_MODEL (labels));

  g_set_object (&self->labels, labels);
  emit_changed (self);
}

/* Keeps the id counters ahead of every id seen, so new ids never collide. */
static void
note_id (DossierProject *self,
         const char     *id)
{
  const char *digits = id;
  g_autofree char *prefix = NULL;
  guint64 n;
  char *end = NULL;

  if (id == NULL)
    return;
  while (*digits && !g_ascii_isdigit (*digits))
    digits++;
  if (*digits == '\0')
    return;
  n = g_ascii_strtoull (digits, &end, 10);
  /* numbers this large were not made by a counter: following them would wrap around */
  if (end == NULL || *end != '\0' || n >= G_MAXUINT / 2)
    return;
  prefix = g_strndup (id, digits - id);
  if (GPOINTER_TO_UINT (g_hash_table_lookup (self->next_ids, prefix)) <= n)
    g_hash_table_insert (self->next_ids, g_steal_pointer (&prefix), GUINT_TO_POINTER ((guint)n + 1));
}

char *
dossier_project_new_id (DossierProject *self,
                        const char     *prefix)
{
  guint n;

  g_return_val_if_fail (DOSSIER_IS_PROJECT (self), NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  n = MAX (1, GPOINTER_TO_UINT (g_hash_table_lookup (self->next_ids, prefix)));
  g_hash_table_insert (self->next_ids, g_strdup (prefix), GUINT_TO_POINTER (n + 1));
  return g_strdup_printf ("%s%u", prefix, n);
}

static void
on_document_items_changed (DossierProject *self,
                           guint           position,
                           guint           removed,
                           guint           added,
                           GListModel     *model)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(DossierAnnotation) a = g_list_model_get_item (model, i);
      note_id (self, dossier_annotation_get_id (a));
    }
}

void
dossier_project_add_document (DossierProject  *self,
                              DossierDocument *document)
{
  GListModel *annotations;

  g_return_if_fail (DOSSIER_IS_PROJECT (self));
  g_return_if_fail (DOSSIER_IS_DOCUMENT (document));

  note_id (self, dossier_document_get_id (document));
  annotations = dossier_document_get_annotations (document);
  on_document_items_changed (self, 0, 0, g_list_model_get_n_items (annotations), annotations);
  g_signal_connect_object (annotations, "items-changed", G_CALLBACK (on_document_items_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (document, "changed", G_CALLBACK (emit_changed), self, G_CONNECT_SWAPPED);
  g_list_store_append (self->documents, document);
}

DossierDocument *
dossier_project_find_document (DossierProject *self,
                               const char     *id)
{
  guint n;

  g_return_val_if_fail (DOSSIER_IS_PROJECT (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->documents));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierDocument) d = g_list_model_get_item (G_LIST_MODEL (self->documents), i);
      if (g_strcmp0 (dossier_document_get_id (d), id) == 0)
        return d;
    }
  return NULL;
}

DossierDocument *
dossier_project_find_annotation (DossierProject     *self,
                                 const char         *id,
                                 DossierAnnotation **annotation)
{
  guint n;

  g_return_val_if_fail (DOSSIER_IS_PROJECT (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->documents));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierDocument) d = g_list_model_get_item (G_LIST_MODEL (self->documents), i);
      DossierAnnotation *a = dossier_document_find_annotation (d, id);
      if (a != NULL)
        {
          if (annotation)
            *annotation = a;
          return d;
        }
    }
  if (annotation)
    *annotation = NULL;
  return NULL;
}

void
dossier_project_add_entity (DossierProject *self,
                            DossierEntity  *entity)
{
  g_return_if_fail (DOSSIER_IS_PROJECT (self));
  g_return_if_fail (DOSSIER_IS_ENTITY (entity));
  g_return_if_fail (!g_hash_table_contains (self->entity_by_id, dossier_entity_get_id (entity)));

  note_id (self, dossier_entity_get_id (entity));
  g_hash_table_insert (self->entity_by_id, (gpointer)dossier_entity_get_id (entity), entity);
  g_signal_connect_object (entity, "notify", G_CALLBACK (emit_changed), self, G_CONNECT_SWAPPED);
  g_list_store_append (self->entities, entity);
}

gboolean
dossier_project_remove_entity (DossierProject *self,
                               DossierEntity  *entity)
{
  guint pos;

  g_return_val_if_fail (DOSSIER_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (DOSSIER_IS_ENTITY (entity), FALSE);

  if (!g_list_store_find (self->entities, entity, &pos))
    return FALSE;
  g_signal_handlers_disconnect_by_data (entity, self);
  g_hash_table_remove (self->entity_by_id, dossier_entity_get_id (entity));
  g_list_store_remove (self->entities, pos);
  return TRUE;
}

DossierEntity *
dossier_project_find_entity (DossierProject *self,
                             const char     *id)
{
  g_return_val_if_fail (DOSSIER_IS_PROJECT (self), NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->entity_by_id, id);
}

void
dossier_project_count_mentions (DossierProject *self,
                                const char     *id,
                                guint          *n_mentions,
                                guint          *n_quotes)
{
  guint mentions = 0, quotes = 0;
  guint n;

  g_return_if_fail (DOSSIER_IS_PROJECT (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->documents));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierDocument) d = g_list_model_get_item (G_LIST_MODEL (self->documents), i);
      GListModel *annotations = dossier_document_get_annotations (d);
      guint m = g_list_model_get_n_items (annotations);

      for (guint j = 0; j < m; j++)
        {
          g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, j);
          if (g_strcmp0 (dossier_annotation_get_speaker (a), id) == 0)
            quotes++;
          else if (g_strcmp0 (dossier_annotation_get_entity (a), id) == 0 &&
                   dossier_label_is_mention (dossier_annotation_get_label (a)))
            mentions++;
        }
    }
  if (n_mentions)
    *n_mentions = mentions;
  if (n_quotes)
    *n_quotes = quotes;
}

void
dossier_project_add_event (DossierProject *self,
                           DossierEvent   *event)
{
  g_return_if_fail (DOSSIER_IS_PROJECT (self));
  g_return_if_fail (DOSSIER_IS_EVENT (event));

  g_return_if_fail (!g_hash_table_contains (self->event_by_id, dossier_event_get_id (event)));

  note_id (self, dossier_event_get_id (event));
  g_hash_table_insert (self->event_by_id, (gpointer)dossier_event_get_id (event), event);
  g_signal_connect_object (event, "notify", G_CALLBACK (emit_changed), self, G_CONNECT_SWAPPED);
  g_list_store_append (self->events, event);
}

gboolean
dossier_project_remove_event (DossierProject *self,
                              DossierEvent   *event)
{
  guint pos;

  g_return_val_if_fail (DOSSIER_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (DOSSIER_IS_EVENT (event), FALSE);

  if (!g_list_store_find (self->events, event, &pos))
    return FALSE;
  g_signal_handlers_disconnect_by_data (event, self);
  g_hash_table_remove (self->event_by_id, dossier_event_get_id (event));
  g_list_store_remove (self->events, pos);
  return TRUE;
}

DossierEvent *
dossier_project_find_event (DossierProject *self,
                            const char     *id)
{
  g_return_val_if_fail (DOSSIER_IS_PROJECT (self), NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->event_by_id, id);
}

DossierHistory *
dossier_project_get_history (DossierProject *self)
{
  g_return_val_if_fail (DOSSIER_IS_PROJECT (self), NULL);

  if (self->history == NULL)
    self->history = dossier_history_new (self);
  return self->history;
}

JsonObject *
dossier_project_get_extra (DossierProject *self)
{
  g_return_val_if_fail (DOSSIER_IS_PROJECT (self), NULL);
  return self->extra;
}

void
dossier_project_set_extra (DossierProject *self,
                           JsonObject     *extra)
{
  g_return_if_fail (DOSSIER_IS_PROJECT (self));

  if (extra)
    json_object_ref (extra);
  g_clear_pointer (&self->extra, json_object_unref);
  self->extra = extra;
}
