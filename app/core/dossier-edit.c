/* dossier-edit.c — the edits a person makes, each one undoable step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-edit"

#include "config.h"

#include <string.h>

#include "dossier-edit.h"

#define HISTORY(project) (dossier_project_get_history (project))

/* ---- helpers ---- */

static gboolean
entity_is_used (DossierProject *project,
                const char     *id)
{
  GListModel *documents = dossier_project_get_documents (project);
  GListModel *events = dossier_project_get_events (project);

  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(DossierDocument) d = g_list_model_get_item (documents, i);
      GListModel *annotations = dossier_document_get_annotations (d);
      guint n = g_list_model_get_n_items (annotations);

      for (guint j = 0; j < n; j++)
        {
          g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, j);
          if (g_strcmp0 (dossier_annotation_get_entity (a), id) == 0 ||
              g_strcmp0 (dossier_annotation_get_speaker (a), id) == 0)
            return TRUE;
        }
    }
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DossierEvent) e = g_list_model_get_item (events, i);
      if (g_strv_contains (dossier_event_get_participants (e), id))
        return TRUE;
    }
  return FALSE;
}

/* An entity nothing refers to any more goes (as the extraction merge does). */
static void
prune_entity (DossierProject *project,
              const char     *id)
{
  DossierEntity *entity;

  if (id == NULL || (entity = dossier_project_find_entity (project, id)) == NULL)
    return;
  if (entity_is_used (project, id))
    return;
  g_object_ref (entity);
  dossier_project_remove_entity (project, entity);
  dossier_history_record_entity_removed (HISTORY (project), entity);
  g_object_unref (entity);
}

static DossierEntity *
find_or_create_entity (DossierProject *project,
                       const char     *kind,
                       const char     *name)
{
  GListModel *entities = dossier_project_get_entities (project);
  g_autoptr(DossierEntity) created = NULL;
  g_autofree char *id = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
    {
      g_autoptr(DossierEntity) e = g_list_model_get_item (entities, i);
      if (g_strcmp0 (dossier_entity_get_kind (e), kind) == 0 &&
          (g_strcmp0 (dossier_entity_get_name (e), name) == 0 ||
           g_strv_contains (dossier_entity_get_aliases (e), name)))
        return e;
    }
  id = dossier_project_new_id (project, "p");
  created = dossier_entity_new (id, kind, name);
  dossier_project_add_entity (project, created);
  dossier_history_record_entity_added (HISTORY (project), created);
  return created;
}

static void
make_human (DossierAnnotation *annotation)
{
  dossier_annotation_set_origin (annotation, DOSSIER_ORIGIN_HUMAN);
  dossier_annotation_set_confidence (annotation, -1);
}

static void
add_rejection (DossierProject  *project,
               DossierDocument *document,
               const char      *label,
               guint            start,
               guint            end)
{
  if (dossier_document_is_rejected (document, label, start, end))
    return;
  dossier_document_add_rejection (document, label, start, end);
  dossier_history_record_rejection (HISTORY (project), document, label, start, end, TRUE);
}

static void
drop_rejection (DossierProject  *project,
                DossierDocument *document,
                const char      *label,
                guint            start,
                guint            end)
{
  if (dossier_document_remove_rejection (document, label, start, end))
    dossier_history_record_rejection (HISTORY (project), document, label, start, end, FALSE);
}

/* The model must not bring back its own version of an annotation a human changed. */
static void
reject_model_version (DossierProject    *project,
                      DossierDocument   *document,
                      DossierAnnotation *annotation)
{
  if (dossier_annotation_get_origin (annotation) == DOSSIER_ORIGIN_MODEL)
    add_rejection (project, document, dossier_annotation_get_label (annotation),
                   dossier_annotation_get_start (annotation),
                   dossier_annotation_get_end (annotation));
}

static void
update_anchored_events (DossierProject    *project,
                        DossierAnnotation *annotation,
                        gboolean           remove)
{
  GListModel *events = dossier_project_get_events (project);
  g_autoptr(GPtrArray) anchored = g_ptr_array_new_with_free_func (g_object_unref);
  const char *id = dossier_annotation_get_id (annotation);

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      DossierEvent *e = g_list_model_get_item (events, i);
      if (g_strcmp0 (dossier_event_get_anchor (e), id) == 0)
        g_ptr_array_add (anchored, e);
      else
        g_object_unref (e);
    }
  for (guint i = 0; i < anchored->len; i++)
    {
      DossierEvent *e = g_ptr_array_index (anchored, i);

      if (remove)
        {
          dossier_project_remove_event (project, e);
          dossier_history_record_event_removed (HISTORY (project), e);
        }
      else if (dossier_annotation_get_value (annotation) != NULL)
        {
          DossierEvent *before = dossier_event_copy (e);
          dossier_event_set_date (e, dossier_annotation_get_value (annotation));
          dossier_history_record_event_changed (HISTORY (project), e, before);
        }
    }
}

static gboolean
ends_sentence (gunichar c)
{
  return c == '.' || c == '!' || c == '?' || c == '\n';
}

/* The sentence around @start..@end, by its punctuation: the summary of a timeline event. */
static void
sentence_bounds (DossierDocument *document,
                 guint            start,
                 guint            end,
                 guint           *s_start,
                 guint           *s_end)
{
  const char *text = dossier_document_get_text (document);
  const char *p = text + dossier_document_offset_to_byte (document, start);
  const char *q = text + dossier_document_offset_to_byte (document, end);
  guint a = start, b = end;

  while (p > text)
    {
      const char *prev = g_utf8_prev_char (p);
      gunichar c = g_utf8_get_char (prev);
      if (ends_sentence (c) && (c == '\n' || g_unichar_isspace (g_utf8_get_char (p))))
        break;
      p = prev;
      a--;
    }
  while (g_unichar_isspace (g_utf8_get_char (p)) && a < start)
    {
      p = g_utf8_next_char (p);
      a++;
    }
  while (*q)
    {
      gunichar c = g_utf8_get_char (q);
      if (c == '\n')
        break;
      q = g_utf8_next_char (q);
      b++;
      if (ends_sentence (c) && (*q == '\0' || g_unichar_isspace (g_utf8_get_char (q))))
        break;
    }
  *s_start = a;
  *s_end = b;
}

/* A date a human dated gets its place on the timeline, like the model's. */
static void
ensure_event (DossierProject    *project,
              DossierDocument   *document,
              DossierAnnotation *annotation)
{
  GListModel *events = dossier_project_get_events (project);
  GListModel *annotations = dossier_document_get_annotations (document);
  g_autoptr(GPtrArray) participants = g_ptr_array_new ();
  g_autoptr(DossierEvent) event = NULL;
  g_autofree char *id = NULL;
  g_autofree char *summary = NULL;
  guint s_start, s_end, n;

  if (dossier_annotation_get_value (annotation) == NULL ||
      !dossier_label_is_temporal (dossier_annotation_get_label (annotation)))
    return;
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DossierEvent) e = g_list_model_get_item (events, i);
      if (g_strcmp0 (dossier_event_get_anchor (e), dossier_annotation_get_id (annotation)) == 0)
        return;
    }

  sentence_bounds (document, dossier_annotation_get_start (annotation),
                   dossier_annotation_get_end (annotation), &s_start, &s_end);
  summary = dossier_document_dup_slice (document, s_start, s_end);
  n = g_list_model_get_n_items (annotations);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, i);
      const char *entity = dossier_annotation_get_entity (a);

      if (dossier_annotation_get_start (a) >= s_end)
        break;
      if (dossier_annotation_get_start (a) < s_start || entity == NULL ||
          g_strcmp0 (dossier_annotation_get_label (a), "PERSON") != 0 ||
          g_ptr_array_find_with_equal_func (participants, entity, g_str_equal, NULL))
        continue;
      g_ptr_array_add (participants, (gpointer)entity);
    }
  g_ptr_array_add (participants, NULL);

  id = dossier_project_new_id (project, "e");
  event = dossier_event_new (id, dossier_annotation_get_value (annotation),
                             dossier_annotation_get_id (annotation));
  dossier_event_set_summary (event, summary);
  dossier_event_set_participants (event, (const char * const *)participants->pdata);
  dossier_project_add_event (project, event);
  dossier_history_record_event_added (HISTORY (project), event);
}

/* Makes the annotation's fields fit its label (a PERSON has an entity, not a speaker). */
static void
fit_fields_to_label (DossierProject    *project,
                     DossierAnnotation *annotation)
{
  const char *label = dossier_annotation_get_label (annotation);
  const char *entity_id = dossier_annotation_get_entity (annotation);
  DossierEntity *entity = dossier_project_find_entity (project, entity_id);

  if (dossier_label_is_mention (label))
    {
      if (entity == NULL || g_strcmp0 (dossier_entity_get_kind (entity), label) != 0)
        {
          entity = find_or_create_entity (project, label, dossier_annotation_get_text (annotation));
          dossier_annotation_set_entity (annotation, dossier_entity_get_id (entity));
        }
    }
  else if (g_strcmp0 (label, "TITLE") != 0)
    dossier_annotation_set_entity (annotation, NULL);

  if (!dossier_label_is_temporal (label))
    {
      dossier_annotation_set_value (annotation, NULL);
      dossier_annotation_set_mod (annotation, NULL);
    }
  if (g_strcmp0 (label, "QUOTE") != 0)
    {
      dossier_annotation_set_speaker (annotation, NULL);
      dossier_annotation_set_kind (annotation, NULL);
      dossier_annotation_clear_source (annotation);
      dossier_annotation_clear_cue (annotation);
    }
  else if (dossier_annotation_get_kind (annotation) == NULL)
    dossier_annotation_set_kind (annotation, "direct");
}

/* ---- annotations ---- */

DossierAnnotation *
dossier_edit_add_annotation (DossierProject  *project,
                             DossierDocument *document,
                             const char      *label,
                             guint            start,
                             guint            end)
{
  g_autoptr(DossierAnnotation) annotation = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (DOSSIER_IS_PROJECT (project), NULL);
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (start < end && end <= dossier_document_get_n_chars (document), NULL);

  dossier_history_begin (HISTORY (project), label);
  id = dossier_project_new_id (project, "a");
  text = dossier_document_dup_slice (document, start, end);
  annotation = dossier_annotation_new (id, label, start, end, text, DOSSIER_ORIGIN_HUMAN);
  fit_fields_to_label (project, annotation);
  dossier_document_add_annotation (document, annotation);
  dossier_history_record_annotation_added (HISTORY (project), document, annotation);
  drop_rejection (project, document, label, start, end);
  dossier_history_end (HISTORY (project));
  return annotation;
}

void
dossier_edit_remove_annotation (DossierProject    *project,
                                DossierDocument   *document,
                                DossierAnnotation *annotation)
{
  g_autoptr(DossierAnnotation) hold = NULL;
  g_autofree char *entity = NULL;
  g_autofree char *speaker = NULL;

  g_return_if_fail (DOSSIER_IS_PROJECT (project));
  g_return_if_fail (DOSSIER_IS_DOCUMENT (document));
  g_return_if_fail (DOSSIER_IS_ANNOTATION (annotation));

  hold = g_object_ref (annotation);
  entity = g_strdup (dossier_annotation_get_entity (annotation));
  speaker = g_strdup (dossier_annotation_get_speaker (annotation));

  dossier_history_begin (HISTORY (project), NULL);
  if (dossier_document_remove_annotation (document, annotation))
    {
      dossier_history_record_annotation_removed (HISTORY (project), document, annotation);
      /* a deletion is remembered: re-extraction must not bring the span back */
      add_rejection (project, document, dossier_annotation_get_label (annotation),
                     dossier_annotation_get_start (annotation),
                     dossier_annotation_get_end (annotation));
      update_anchored_events (project, annotation, TRUE);
      prune_entity (project, entity);
      prune_entity (project, speaker);
    }
  dossier_history_end (HISTORY (project));
}

void
dossier_edit_set_label (DossierProject    *project,
                        DossierDocument   *document,
                        DossierAnnotation *annotation,
                        const char        *label)
{
  DossierAnnotation *before;
  g_autofree char *old_entity = NULL;
  g_autofree char *old_speaker = NULL;

  g_return_if_fail (DOSSIER_IS_PROJECT (project));
  g_return_if_fail (DOSSIER_IS_ANNOTATION (annotation));
  g_return_if_fail (label != NULL);

  if (g_strcmp0 (dossier_annotation_get_label (annotation), label) == 0)
    return;

  dossier_history_begin (HISTORY (project), label);
  reject_model_version (project, document, annotation);
  before = dossier_annotation_copy (annotation);
  old_entity = g_strdup (dossier_annotation_get_entity (annotation));
  old_speaker = g_strdup (dossier_annotation_get_speaker (annotation));
  dossier_annotation_set_label (annotation, label);
  fit_fields_to_label (project, annotation);
  make_human (annotation);
  dossier_history_record_annotation_changed (HISTORY (project), document, annotation, before);
  if (!dossier_label_is_temporal (label))
    update_anchored_events (project, annotation, TRUE);
  prune_entity (project, old_entity);
  prune_entity (project, old_speaker);
  dossier_history_end (HISTORY (project));
}

void
dossier_edit_resize (DossierProject    *project,
                     DossierDocument   *document,
                     DossierAnnotation *annotation,
                     guint              start,
                     guint              end)
{
  DossierAnnotation *before;

  g_return_if_fail (DOSSIER_IS_PROJECT (project));
  g_return_if_fail (DOSSIER_IS_DOCUMENT (document));
  g_return_if_fail (DOSSIER_IS_ANNOTATION (annotation));
  g_return_if_fail (start < end && end <= dossier_document_get_n_chars (document));

  if (dossier_annotation_get_start (annotation) == start &&
      dossier_annotation_get_end (annotation) == end)
    return;

  dossier_history_begin (HISTORY (project), NULL);
  reject_model_version (project, document, annotation);
  before = dossier_annotation_copy (annotation);
  dossier_document_move_annotation (document, annotation, start, end);
  make_human (annotation);
  dossier_history_record_annotation_changed (HISTORY (project), document, annotation, before);
  dossier_history_end (HISTORY (project));
}

static void
set_reference (DossierProject    *project,
               DossierDocument   *document,
               DossierAnnotation *annotation,
               const char        *entity_id,
               gboolean           speaker)
{
  DossierAnnotation *before;
  g_autofree char *old = NULL;

  old = g_strdup (speaker ? dossier_annotation_get_speaker (annotation)
                          : dossier_annotation_get_entity (annotation));
  if (g_strcmp0 (old, entity_id) == 0)
    return;

  dossier_history_begin (HISTORY (project), NULL);
  reject_model_version (project, document, annotation);
  before = dossier_annotation_copy (annotation);
  if (speaker)
    dossier_annotation_set_speaker (annotation, entity_id);
  else
    dossier_annotation_set_entity (annotation, entity_id);
  make_human (annotation);
  dossier_history_record_annotation_changed (HISTORY (project), document, annotation, before);
  prune_entity (project, old);
  dossier_history_end (HISTORY (project));
}

void
dossier_edit_set_entity (DossierProject    *project,
                         DossierDocument   *document,
                         DossierAnnotation *annotation,
                         const char        *entity_id)
{
  g_return_if_fail (DOSSIER_IS_PROJECT (project));
  g_return_if_fail (DOSSIER_IS_ANNOTATION (annotation));

  set_reference (project, document, annotation, entity_id, FALSE);
}

void
dossier_edit_set_speaker (DossierProject    *project,
                          DossierDocument   *document,
                          DossierAnnotation *annotation,
                          const char        *entity_id)
{
  g_return_if_fail (DOSSIER_IS_PROJECT (project));
  g_return_if_fail (DOSSIER_IS_ANNOTATION (annotation));

  set_reference (project, document, annotation, entity_id, TRUE);
}

DossierEntity *
dossier_edit_link_new_entity (DossierProject    *project,
                              DossierDocument   *document,
                              DossierAnnotation *annotation,
                              const char        *name)
{
  const char *label;
  g_autoptr(DossierEntity) entity = NULL;
  g_autofree char *id = NULL;
  gboolean quote;

  g_return_val_if_fail (DOSSIER_IS_PROJECT (project), NULL);
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION (annotation), NULL);

  label = dossier_annotation_get_label (annotation);
  quote = g_strcmp0 (label, "QUOTE") == 0;
  if (name == NULL || *name == '\0')
    name = dossier_annotation_get_text (annotation);

  dossier_history_begin (HISTORY (project), NULL);
  id = dossier_project_new_id (project, "p");
  entity = dossier_entity_new (id, dossier_label_is_mention (label) ? label : "PERSON", name);
  dossier_project_add_entity (project, entity);
  dossier_history_record_entity_added (HISTORY (project), entity);
  set_reference (project, document, annotation, id, quote);
  dossier_history_end (HISTORY (project));
  return entity;
}

void
dossier_edit_set_value (DossierProject    *project,
                        DossierDocument   *document,
                        DossierAnnotation *annotation,
                        const char        *value,
                        const char        *mod)
{
  DossierAnnotation *before;

  g_return_if_fail (DOSSIER_IS_PROJECT (project));
  g_return_if_fail (DOSSIER_IS_ANNOTATION (annotation));

  if (g_strcmp0 (dossier_annotation_get_value (annotation), value) == 0 &&
      g_strcmp0 (dossier_annotation_get_mod (annotation), mod) == 0)
    return;

  dossier_history_begin (HISTORY (project), NULL);
  reject_model_version (project, document, annotation);
  before = dossier_annotation_copy (annotation);
  dossier_annotation_set_value (annotation, value);
  dossier_annotation_set_mod (annotation, mod);
  make_human (annotation);
  dossier_history_record_annotation_changed (HISTORY (project), document, annotation, before);
  update_anchored_events (project, annotation, FALSE);
  ensure_event (project, document, annotation);
  dossier_history_end (HISTORY (project));
}

/* ---- quotes ---- */

static void
set_quote_part (DossierProject    *project,
                DossierDocument   *document,
                DossierAnnotation *annotation,
                gboolean           source,
                guint              start,
                guint              end)
{
  DossierAnnotation *before;
  guint old_start = 0, old_end = 0;
  gboolean had;

  had = source ? dossier_annotation_get_source (annotation, &old_start, &old_end, NULL)
               : dossier_annotation_get_cue (annotation, &old_start, &old_end, NULL);
  if ((start == end && !had) || (had && old_start == start && old_end == end))
    return;

  dossier_history_begin (HISTORY (project), NULL);
  reject_model_version (project, document, annotation);
  before = dossier_annotation_copy (annotation);
  if (start == end)
    {
      if (source)
        dossier_annotation_clear_source (annotation);
      else
        dossier_annotation_clear_cue (annotation);
    }
  else
    {
      g_autofree char *text = dossier_document_dup_slice (document, start, end);

      if (source)
        dossier_annotation_set_source (annotation, start, end, text);
      else
        dossier_annotation_set_cue (annotation, start, end, text);
    }
  make_human (annotation);
  dossier_history_record_annotation_changed (HISTORY (project), document, annotation, before);
  dossier_history_end (HISTORY (project));
}

void
dossier_edit_set_quote_source (DossierProject    *project,
                               DossierDocument   *document,
                               DossierAnnotation *annotation,
                               guint              start,
                               guint              end)
{
  g_return_if_fail (DOSSIER_IS_PROJECT (project));
  g_return_if_fail (DOSSIER_IS_DOCUMENT (document));
  g_return_if_fail (DOSSIER_IS_ANNOTATION (annotation));
  g_return_if_fail (start <= end && end <= dossier_document_get_n_chars (document));

  set_quote_part (project, document, annotation, TRUE, start, end);
}

void
dossier_edit_set_quote_cue (DossierProject    *project,
                            DossierDocument   *document,
                            DossierAnnotation *annotation,
                            guint              start,
                            guint              end)
{
  g_return_if_fail (DOSSIER_IS_PROJECT (project));
  g_return_if_fail (DOSSIER_IS_DOCUMENT (document));
  g_return_if_fail (DOSSIER_IS_ANNOTATION (annotation));
  g_return_if_fail (start <= end && end <= dossier_document_get_n_chars (document));

  set_quote_part (project, document, annotation, FALSE, start, end);
}

void
dossier_edit_set_quote_kind (DossierProject    *project,
                             DossierDocument   *document,
                             DossierAnnotation *annotation,
                             const char        *kind)
{
  DossierAnnotation *before;

  g_return_if_fail (DOSSIER_IS_PROJECT (project));
  g_return_if_fail (DOSSIER_IS_ANNOTATION (annotation));
  g_return_if_fail (kind != NULL);

  if (g_strcmp0 (dossier_annotation_get_kind (annotation), kind) == 0)
    return;

  dossier_history_begin (HISTORY (project), NULL);
  reject_model_version (project, document, annotation);
  before = dossier_annotation_copy (annotation);
  dossier_annotation_set_kind (annotation, kind);
  make_human (annotation);
  dossier_history_record_annotation_changed (HISTORY (project), document, annotation, before);
  dossier_history_end (HISTORY (project));
}

/* ---- entities ---- */

void
dossier_edit_rename_entity (DossierProject *project,
                            DossierEntity  *entity,
                            const char     *name)
{
  DossierEntity *before;
  g_autofree char *old = NULL;

  g_return_if_fail (DOSSIER_IS_PROJECT (project));
  g_return_if_fail (DOSSIER_IS_ENTITY (entity));
  g_return_if_fail (name != NULL);

  if (*name == '\0' || g_strcmp0 (dossier_entity_get_name (entity), name) == 0)
    return;

  dossier_history_begin (HISTORY (project), NULL);
  before = dossier_entity_copy (entity);
  old = g_strdup (dossier_entity_get_name (entity));
  dossier_entity_set_name (entity, name);
  /* the old name stays an alias, so the model's next run finds the same person */
  dossier_entity_add_alias (entity, old);
  dossier_history_record_entity_changed (HISTORY (project), entity, before);
  dossier_history_end (HISTORY (project));
}

void
dossier_edit_set_entity_title (DossierProject *project,
                               DossierEntity  *entity,
                               const char     *title)
{
  DossierEntity *before;

  g_return_if_fail (DOSSIER_IS_PROJECT (project));
  g_return_if_fail (DOSSIER_IS_ENTITY (entity));

  if (title != NULL && *title == '\0')
    title = NULL;
  if (g_strcmp0 (dossier_entity_get_title (entity), title) == 0)
    return;

  dossier_history_begin (HISTORY (project), NULL);
  before = dossier_entity_copy (entity);
  dossier_entity_set_title (entity, title);
  dossier_history_record_entity_changed (HISTORY (project), entity, before);
  dossier_history_end (HISTORY (project));
}

void
dossier_edit_merge_entities (DossierProject *project,
                             DossierEntity  *into,
                             DossierEntity  *from)
{
  g_autoptr(DossierEntity) hold = NULL;
  GListModel *documents;
  GListModel *events;
  const char *into_id, *from_id;
  const char * const *aliases;
  DossierEntity *before;

  g_return_if_fail (DOSSIER_IS_PROJECT (project));
  g_return_if_fail (DOSSIER_IS_ENTITY (into));
  g_return_if_fail (DOSSIER_IS_ENTITY (from));

  if (into == from)
    return;

  hold = g_object_ref (from);
  into_id = dossier_entity_get_id (into);
  from_id = dossier_entity_get_id (from);
  dossier_history_begin (HISTORY (project), NULL);

  documents = dossier_project_get_documents (project);
  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(DossierDocument) d = g_list_model_get_item (documents, i);
      GListModel *annotations = dossier_document_get_annotations (d);
      guint n = g_list_model_get_n_items (annotations);

      for (guint j = 0; j < n; j++)
        {
          g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, j);
          gboolean entity = g_strcmp0 (dossier_annotation_get_entity (a), from_id) == 0;
          gboolean speaker = g_strcmp0 (dossier_annotation_get_speaker (a), from_id) == 0;
          DossierAnnotation *a_before;

          if (!entity && !speaker)
            continue;
          a_before = dossier_annotation_copy (a);
          if (entity)
            dossier_annotation_set_entity (a, into_id);
          if (speaker)
            dossier_annotation_set_speaker (a, into_id);
          dossier_history_record_annotation_changed (HISTORY (project), d, a, a_before);
        }
    }

  events = dossier_project_get_events (project);
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DossierEvent) e = g_list_model_get_item (events, i);
      const char * const *participants = dossier_event_get_participants (e);
      g_autoptr(GPtrArray) merged = NULL;
      DossierEvent *e_before;

      if (!g_strv_contains (participants, from_id))
        continue;
      merged = g_ptr_array_new ();
      for (guint j = 0; participants[j]; j++)
        {
          const char *id = g_strcmp0 (participants[j], from_id) == 0 ? into_id : participants[j];
          if (!g_ptr_array_find_with_equal_func (merged, id, g_str_equal, NULL))
            g_ptr_array_add (merged, (gpointer)id);
        }
      g_ptr_array_add (merged, NULL);
      e_before = dossier_event_copy (e);
      dossier_event_set_participants (e, (const char * const *)merged->pdata);
      dossier_history_record_event_changed (HISTORY (project), e, e_before);
    }

  before = dossier_entity_copy (into);
  dossier_entity_add_alias (into, dossier_entity_get_name (from));
  aliases = dossier_entity_get_aliases (from);
  for (guint i = 0; aliases[i]; i++)
    dossier_entity_add_alias (into, aliases[i]);
  if (dossier_entity_get_title (into) == NULL)
    dossier_entity_set_title (into, dossier_entity_get_title (from));
  dossier_history_record_entity_changed (HISTORY (project), into, before);

  dossier_project_remove_entity (project, from);
  dossier_history_record_entity_removed (HISTORY (project), from);
  dossier_history_end (HISTORY (project));
}

/* ---- dates ---- */

void
dossier_edit_set_published (DossierProject  *project,
                            DossierDocument *document,
                            const char      *published)
{
  g_autofree char *old = NULL;

  g_return_if_fail (DOSSIER_IS_PROJECT (project));
  g_return_if_fail (DOSSIER_IS_DOCUMENT (document));

  old = g_strdup (dossier_document_get_published (document));
  if (g_strcmp0 (old, published) == 0)
    return;
  dossier_history_begin (HISTORY (project), NULL);
  dossier_document_set_published (document, published);
  dossier_history_record_published (HISTORY (project), document, old, published);
  dossier_history_end (HISTORY (project));
}

/* ---- label all matches ---- */

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '_';
}

guint
dossier_edit_label_all_matches (DossierProject    *project,
                                DossierDocument   *document,
                                DossierAnnotation *annotation)
{
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GArray) taken = NULL;   /* guint pairs: spans of this label already marked */
  GListModel *annotations;
  const char *label, *needle, *text, *at, *counted;
  gsize needle_len;
  guint offset, n, next_taken = 0;

  g_return_val_if_fail (DOSSIER_IS_PROJECT (project), 0);
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (document), 0);
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION (annotation), 0);

  label = dossier_annotation_get_label (annotation);
  needle = dossier_annotation_get_text (annotation);
  needle_len = strlen (needle);
  if (needle_len == 0)
    return 0;

  annotations = dossier_document_get_annotations (document);
  n = g_list_model_get_n_items (annotations);
  taken = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, i);
      if (g_strcmp0 (dossier_annotation_get_label (a), label) == 0)
        {
          guint span[2] = { dossier_annotation_get_start (a), dossier_annotation_get_end (a) };
          g_array_append_val (taken, span);
        }
    }

  added = g_ptr_array_new_with_free_func (g_object_unref);
  text = dossier_document_get_text (document);
  counted = text;
  offset = 0;
  dossier_history_begin (HISTORY (project), NULL);
  for (at = strstr (text, needle); at != NULL; at = strstr (at + needle_len, needle))
    {
      guint start, end;
      gunichar before_c = 0, after_c;
      g_autofree char *id = NULL;
      DossierAnnotation *copy;
      gboolean overlaps = FALSE;

      offset += g_utf8_strlen (counted, at - counted);
      counted = at;
      start = offset;
      end = start + g_utf8_strlen (needle, needle_len);
      if (at > text)
        before_c = g_utf8_get_char (g_utf8_prev_char (at));
      after_c = g_utf8_get_char (at + needle_len);
      if ((before_c && is_word_char (before_c)) || (after_c && is_word_char (after_c)))
        continue;

      /* spans of the label are sorted by start: skip those wholly before this match */
      while (next_taken < taken->len && ((guint *)taken->data)[2 * next_taken + 1] <= start &&
             ((guint *)taken->data)[2 * next_taken] <= start)
        next_taken++;
      for (guint i = next_taken; i < taken->len; i++)
        {
          guint s = ((guint *)taken->data)[2 * i], e = ((guint *)taken->data)[2 * i + 1];
          if (s >= end)
            break;
          if (e > start)
            {
              overlaps = TRUE;
              break;
            }
        }
      if (overlaps)
        continue;

      id = dossier_project_new_id (project, "a");
      copy = dossier_annotation_new (id, label, start, end, needle, DOSSIER_ORIGIN_HUMAN);
      dossier_annotation_set_entity (copy, dossier_annotation_get_entity (annotation));
      dossier_annotation_set_speaker (copy, dossier_annotation_get_speaker (annotation));
      dossier_annotation_set_value (copy, dossier_annotation_get_value (annotation));
      dossier_annotation_set_mod (copy, dossier_annotation_get_mod (annotation));
      dossier_annotation_set_kind (copy, dossier_annotation_get_kind (annotation));
      g_ptr_array_add (added, copy);
      drop_rejection (project, document, label, start, end);
    }
  dossier_document_add_annotations (document, added);
  for (guint i = 0; i < added->len; i++)
    dossier_history_record_annotation_added (HISTORY (project), document,
                                             g_ptr_array_index (added, i));
  /* dated copies join the timeline, as a date dated by hand does (same undo step) */
  for (guint i = 0; i < added->len; i++)
    ensure_event (project, document, g_ptr_array_index (added, i));
  dossier_history_end (HISTORY (project));
  return added->len;
}
