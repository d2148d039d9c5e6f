/* dossier-history.c — undo and redo of annotation, entity and date edits
 *
 * A step is a list of small reversible operations on the live model objects
 * (added, removed, changed from one state to another). Undo plays a step's
 * operations backwards, redo forwards. The objects themselves are kept, so an
 * annotation that comes back is the same object the views already know.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-history"

#include "config.h"

#include "dossier-history.h"
#include "dossier-project.h"

typedef enum
{
  OP_ANNOTATION_ADDED,
  OP_ANNOTATION_REMOVED,
  OP_ANNOTATION_CHANGED,
  OP_ENTITY_ADDED,
  OP_ENTITY_REMOVED,
  OP_ENTITY_CHANGED,
  OP_EVENT_ADDED,
  OP_EVENT_REMOVED,
  OP_EVENT_CHANGED,
  OP_REJECTION_ADDED,
  OP_REJECTION_REMOVED,
  OP_PUBLISHED,
} OpKind;

typedef struct
{
  OpKind           kind;
  DossierDocument *document;
  GObject         *object;   /* the live annotation, entity or event */
  GObject         *before;   /* *_CHANGED: copies of the two states */
  GObject         *after;
  char            *label;    /* rejection label; published: before */
  char            *value;    /* published: after */
  guint            start;
  guint            end;
} Op;

typedef struct
{
  char    *label;
  GArray  *ops;     /* Op */
  guint64  serial;  /* unique in the history: names the state after this step */
} Step;

struct _DossierHistory
{
  GObject         parent_instance;

  DossierProject *project;  /* unowned: the project owns us */
  GPtrArray      *undo;     /* Step */
  GPtrArray      *redo;     /* Step */
  Step           *open;
  DossierDocument *diff_document; /* while recording a snapshot difference */
  DossierAnnotation *touched;     /* an annotation the last undo/redo added or changed */
  guint           depth;
  guint64         next_serial;
  guint           replaying : 1;
};

G_DEFINE_FINAL_TYPE (DossierHistory, dossier_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
op_clear (gpointer data)
{
  Op *op = data;

  g_clear_object (&op->document);
  g_clear_object (&op->object);
  g_clear_object (&op->before);
  g_clear_object (&op->after);
  g_clear_pointer (&op->label, g_free);
  g_clear_pointer (&op->value, g_free);
}

static Step *
step_new (const char *label)
{
  Step *step = g_new0 (Step, 1);

  step->label = g_strdup (label);
  step->ops = g_array_new (FALSE, TRUE, sizeof (Op));
  g_array_set_clear_func (step->ops, op_clear);
  return step;
}

static void
step_free (gpointer data)
{
  Step *step = data;

  g_clear_pointer (&step->label, g_free);
  g_clear_pointer (&step->ops, g_array_unref);
  g_free (step);
}

static void
notify_state (DossierHistory *self,
              gboolean        could_undo,
              gboolean        could_redo)
{
  if (could_undo != dossier_history_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != dossier_history_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
dossier_history_finalize (GObject *object)
{
  DossierHistory *self = (DossierHistory *)object;

  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->redo, g_ptr_array_unref);
  g_clear_pointer (&self->open, step_free);
  g_clear_object (&self->touched);

  G_OBJECT_CLASS (dossier_history_parent_class)->finalize (object);
}

static void
dossier_history_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DossierHistory *self = DOSSIER_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO: g_value_set_boolean (value, dossier_history_can_undo (self)); break;
    case PROP_CAN_REDO: g_value_set_boolean (value, dossier_history_can_redo (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_history_class_init (DossierHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = dossier_history_finalize;
  object_class->get_property = dossier_history_get_property;

  properties[PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_REDO] = g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A step was recorded, undone or redone, or the history was cleared. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dossier_history_init (DossierHistory *self)
{
  self->undo = g_ptr_array_new_with_free_func (step_free);
  self->redo = g_ptr_array_new_with_free_func (step_free);
}

DossierHistory *
dossier_history_new (DossierProject *project)
{
  DossierHistory *self;

  g_return_val_if_fail (DOSSIER_IS_PROJECT (project), NULL);

  self = g_object_new (DOSSIER_TYPE_HISTORY, NULL);
  self->project = project;
  return self;
}

gboolean
dossier_history_can_undo (DossierHistory *self)
{
  g_return_val_if_fail (DOSSIER_IS_HISTORY (self), FALSE);
  return self->undo->len > 0;
}

gboolean
dossier_history_can_redo (DossierHistory *self)
{
  g_return_val_if_fail (DOSSIER_IS_HISTORY (self), FALSE);
  return self->redo->len > 0;
}

const char *
dossier_history_get_undo_label (DossierHistory *self)
{
  g_return_val_if_fail (DOSSIER_IS_HISTORY (self), NULL);
  if (self->undo->len == 0)
    return NULL;
  return ((Step *)g_ptr_array_index (self->undo, self->undo->len - 1))->label;
}

const char *
dossier_history_get_redo_label (DossierHistory *self)
{
  g_return_val_if_fail (DOSSIER_IS_HISTORY (self), NULL);
  if (self->redo->len == 0)
    return NULL;
  return ((Step *)g_ptr_array_index (self->redo, self->redo->len - 1))->label;
}

guint64
dossier_history_get_state (DossierHistory *self)
{
  g_return_val_if_fail (DOSSIER_IS_HISTORY (self), 0);
  if (self->undo->len == 0)
    return 0;
  return ((Step *)g_ptr_array_index (self->undo, self->undo->len - 1))->serial;
}

guint
dossier_history_get_n_steps (DossierHistory *self)
{
  g_return_val_if_fail (DOSSIER_IS_HISTORY (self), 0);
  return self->undo->len;
}

gboolean
dossier_history_is_replaying (DossierHistory *self)
{
  g_return_val_if_fail (DOSSIER_IS_HISTORY (self), FALSE);
  return self->replaying;
}

void
dossier_history_clear (DossierHistory *self)
{
  gboolean could_undo, could_redo;

  g_return_if_fail (DOSSIER_IS_HISTORY (self));

  could_undo = dossier_history_can_undo (self);
  could_redo = dossier_history_can_redo (self);
  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  notify_state (self, could_undo, could_redo);
}

void
dossier_history_begin (DossierHistory *self,
                       const char     *label)
{
  g_return_if_fail (DOSSIER_IS_HISTORY (self));

  if (self->depth++ == 0)
    {
      g_assert (self->open == NULL);
      self->open = step_new (label);
    }
}

void
dossier_history_end (DossierHistory *self)
{
  gboolean could_undo, could_redo;
  Step *step;

  g_return_if_fail (DOSSIER_IS_HISTORY (self));
  g_return_if_fail (self->depth > 0);

  if (--self->depth > 0)
    return;

  step = g_steal_pointer (&self->open);
  if (step->ops->len == 0)
    {
      step_free (step);
      return;
    }
  step->serial = ++self->next_serial;
  could_undo = dossier_history_can_undo (self);
  could_redo = dossier_history_can_redo (self);
  g_ptr_array_add (self->undo, step);
  g_ptr_array_set_size (self->redo, 0);
  notify_state (self, could_undo, could_redo);
}

/* Appends an operation to the open step (a step of its own outside a group). */
static Op *
push_op (DossierHistory *self,
         OpKind          kind)
{
  Op op = { kind, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0 };

  if (self->replaying)
    return NULL;
  if (self->open == NULL)
    {
      /* lone records are wrapped by the caller's begin/end; this one ends at once */
      g_warning ("Recorded an edit outside dossier_history_begin/end");
      return NULL;
    }
  g_array_append_val (self->open->ops, op);
  return &g_array_index (self->open->ops, Op, self->open->ops->len - 1);
}

void
dossier_history_record_annotation_added (DossierHistory    *self,
                                         DossierDocument   *document,
                                         DossierAnnotation *annotation)
{
  Op *op;

  g_return_if_fail (DOSSIER_IS_HISTORY (self));
  if ((op = push_op (self, OP_ANNOTATION_ADDED)))
    {
      op->document = g_object_ref (document);
      op->object = g_object_ref (G_OBJECT (annotation));
    }
}

void
dossier_history_record_annotation_removed (DossierHistory    *self,
                                           DossierDocument   *document,
                                           DossierAnnotation *annotation)
{
  Op *op;

  g_return_if_fail (DOSSIER_IS_HISTORY (self));
  if ((op = push_op (self, OP_ANNOTATION_REMOVED)))
    {
      op->document = g_object_ref (document);
      op->object = g_object_ref (G_OBJECT (annotation));
    }
}

void
dossier_history_record_annotation_changed (DossierHistory    *self,
                                           DossierDocument   *document,
                                           DossierAnnotation *annotation,
                                           DossierAnnotation *before)
{
  Op *op;

  g_return_if_fail (DOSSIER_IS_HISTORY (self));
  g_return_if_fail (DOSSIER_IS_ANNOTATION (before));

  if (dossier_annotation_equal (before, annotation) ||
      (op = push_op (self, OP_ANNOTATION_CHANGED)) == NULL)
    {
      g_object_unref (before);
      return;
    }
  op->document = g_object_ref (document);
  op->object = g_object_ref (G_OBJECT (annotation));
  op->before = G_OBJECT (before);
  op->after = G_OBJECT (dossier_annotation_copy (annotation));
}

#define RECORD_OBJECT(name, Type, KIND)                                   \
void                                                                      \
dossier_history_record_##name (DossierHistory *self,                      \
                               Type           *object)                    \
{                                                                         \
  Op *op;                                                                 \
                                                                          \
  g_return_if_fail (DOSSIER_IS_HISTORY (self));                           \
  if ((op = push_op (self, KIND)))                                        \
    op->object = g_object_ref (G_OBJECT (object));                        \
}

RECORD_OBJECT (entity_added, DossierEntity, OP_ENTITY_ADDED)
RECORD_OBJECT (entity_removed, DossierEntity, OP_ENTITY_REMOVED)
RECORD_OBJECT (event_added, DossierEvent, OP_EVENT_ADDED)
RECORD_OBJECT (event_removed, DossierEvent, OP_EVENT_REMOVED)

void
dossier_history_record_entity_changed (DossierHistory *self,
                                       DossierEntity  *entity,
                                       DossierEntity  *before)
{
  Op *op;

  g_return_if_fail (DOSSIER_IS_HISTORY (self));
  g_return_if_fail (DOSSIER_IS_ENTITY (before));

  if (dossier_entity_equal (before, entity) || (op = push_op (self, OP_ENTITY_CHANGED)) == NULL)
    {
      g_object_unref (before);
      return;
    }
  op->object = g_object_ref (G_OBJECT (entity));
  op->before = G_OBJECT (before);
  op->after = G_OBJECT (dossier_entity_copy (entity));
}

void
dossier_history_record_event_changed (DossierHistory *self,
                                      DossierEvent   *event,
                                      DossierEvent   *before)
{
  Op *op;

  g_return_if_fail (DOSSIER_IS_HISTORY (self));
  g_return_if_fail (DOSSIER_IS_EVENT (before));

  if (dossier_event_equal (before, event) || (op = push_op (self, OP_EVENT_CHANGED)) == NULL)
    {
      g_object_unref (before);
      return;
    }
  op->object = g_object_ref (G_OBJECT (event));
  op->before = G_OBJECT (before);
  op->after = G_OBJECT (dossier_event_copy (event));
}

void
dossier_history_record_rejection (DossierHistory  *self,
                                  DossierDocument *document,
                                  const char      *label,
                                  guint            start,
                                  guint            end,
                                  gboolean         added)
{
  Op *op;

  g_return_if_fail (DOSSIER_IS_HISTORY (self));
  if ((op = push_op (self, added ? OP_REJECTION_ADDED : OP_REJECTION_REMOVED)))
    {
      op->document = g_object_ref (document);
      op->label = g_strdup (label);
      op->start = start;
      op->end = end;
    }
}

void
dossier_history_record_published (DossierHistory  *self,
                                  DossierDocument *document,
                                  const char      *before,
                                  const char      *after)
{
  Op *op;

  g_return_if_fail (DOSSIER_IS_HISTORY (self));
  if (g_strcmp0 (before, after) != 0 && (op = push_op (self, OP_PUBLISHED)))
    {
      op->document = g_object_ref (document);
      op->label = g_strdup (before);
      op->value = g_strdup (after);
    }
}

/* ---- replaying ---- */

static void
restore_span (DossierAnnotation *a,
              gboolean (*get) (DossierAnnotation *, guint *, guint *, const char **),
              void     (*set) (DossierAnnotation *, guint, guint, const char *),
              void     (*clear) (DossierAnnotation *),
              DossierAnnotation *state)
{
  guint start, end;
  const char *text;

  if (get (state, &start, &end, &text))
    set (a, start, end, text);
  else
    clear (a);
}

static void
restore_annotation (DossierDocument   *document,
                    DossierAnnotation *a,
                    DossierAnnotation *state)
{
  if (dossier_annotation_get_start (a) != dossier_annotation_get_start (state) ||
      dossier_annotation_get_end (a) != dossier_annotation_get_end (state))
    {
      if (dossier_document_index_of (document, a) != G_MAXUINT)
        dossier_document_move_annotation (document, a, dossier_annotation_get_start (state),
                                          dossier_annotation_get_end (state));
      else
        dossier_annotation_set_span (a, dossier_annotation_get_start (state),
                                     dossier_annotation_get_end (state),
                                     dossier_annotation_get_text (state));
    }
  dossier_annotation_set_label (a, dossier_annotation_get_label (state));
  dossier_annotation_set_origin (a, dossier_annotation_get_origin (state));
  dossier_annotation_set_confidence (a, dossier_annotation_get_confidence (state));
  dossier_annotation_set_entity (a, dossier_annotation_get_entity (state));
  dossier_annotation_set_value (a, dossier_annotation_get_value (state));
  dossier_annotation_set_mod (a, dossier_annotation_get_mod (state));
  dossier_annotation_set_kind (a, dossier_annotation_get_kind (state));
  dossier_annotation_set_speaker (a, dossier_annotation_get_speaker (state));
  restore_span (a, dossier_annotation_get_source, dossier_annotation_set_source,
                dossier_annotation_clear_source, state);
  restore_span (a, dossier_annotation_get_cue, dossier_annotation_set_cue,
                dossier_annotation_clear_cue, state);
}

static void
restore_entity (DossierEntity *e,
                DossierEntity *state)
{
  dossier_entity_set_kind (e, dossier_entity_get_kind (state));
  dossier_entity_set_name (e, dossier_entity_get_name (state));
  dossier_entity_set_title (e, dossier_entity_get_title (state));
  dossier_entity_set_aliases (e, dossier_entity_get_aliases (state));
}

static void
restore_event (DossierEvent *e,
               DossierEvent *state)
{
  dossier_event_set_date (e, dossier_event_get_date (state));
  dossier_event_set_anchor (e, dossier_event_get_anchor (state));
  dossier_event_set_summary (e, dossier_event_get_summary (state));
  dossier_event_set_participants (e, dossier_event_get_participants (state));
}

/* Annotations added to one document in a row go in with one list change. */
typedef struct
{
  DossierDocument *document;
  GPtrArray       *adds;
} Pending;

/* Below this many, one insertion each is cheaper for the views than one big splice. */
#define BULK_ADD_THRESHOLD 64

static void
flush_pending (Pending *pending)
{
  if (pending->document != NULL && pending->adds->len > BULK_ADD_THRESHOLD)
    dossier_document_add_annotations (pending->document, pending->adds);
  else
    for (guint i = 0; pending->document != NULL && i < pending->adds->len; i++)
      dossier_document_add_annotation (pending->document, g_ptr_array_index (pending->adds, i));
  g_ptr_array_set_size (pending->adds, 0);
  pending->document = NULL;
}

static void
play_op (DossierHistory *self,
         Op             *op,
         gboolean        forward,
         Pending        *pending)
{
  OpKind kind = op->kind;

  /* undoing an addition is a removal and the other way round */
  if (!forward)
    switch (kind)
      {
      case OP_ANNOTATION_ADDED: kind = OP_ANNOTATION_REMOVED; break;
      case OP_ANNOTATION_REMOVED: kind = OP_ANNOTATION_ADDED; break;
      case OP_ENTITY_ADDED: kind = OP_ENTITY_REMOVED; break;
      case OP_ENTITY_REMOVED: kind = OP_ENTITY_ADDED; break;
      case OP_EVENT_ADDED: kind = OP_EVENT_REMOVED; break;
      case OP_EVENT_REMOVED: kind = OP_EVENT_ADDED; break;
      case OP_REJECTION_ADDED: kind = OP_REJECTION_REMOVED; break;
      case OP_REJECTION_REMOVED: kind = OP_REJECTION_ADDED; break;
      case OP_ANNOTATION_CHANGED:
      case OP_ENTITY_CHANGED:
      case OP_EVENT_CHANGED:
      case OP_PUBLISHED:
      default:
        break;
      }

  if (kind != OP_ANNOTATION_ADDED || pending->document != op->document)
    flush_pending (pending);

  if ((kind == OP_ANNOTATION_ADDED || kind == OP_ANNOTATION_CHANGED) && self->touched == NULL)
    self->touched = g_object_ref (DOSSIER_ANNOTATION (op->object));

  switch (kind)
    {
    case OP_ANNOTATION_ADDED:
      pending->document = op->document;
      g_ptr_array_add (pending->adds, g_object_ref (op->object));
      break;
    case OP_ANNOTATION_REMOVED:
      dossier_document_remove_annotation (op->document, DOSSIER_ANNOTATION (op->object));
      break;
    case OP_ANNOTATION_CHANGED:
      restore_annotation (op->document, DOSSIER_ANNOTATION (op->object),
                          DOSSIER_ANNOTATION (forward ? op->after : op->before));
      break;
    case OP_ENTITY_ADDED:
      if (dossier_project_find_entity (self->project,
                                       dossier_entity_get_id (DOSSIER_ENTITY (op->object))) == NULL)
        dossier_project_add_entity (self->project, DOSSIER_ENTITY (op->object));
      break;
    case OP_ENTITY_REMOVED:
      dossier_project_remove_entity (self->project, DOSSIER_ENTITY (op->object));
      break;
    case OP_ENTITY_CHANGED:
      restore_entity (DOSSIER_ENTITY (op->object),
                      DOSSIER_ENTITY (forward ? op->after : op->before));
      break;
    case OP_EVENT_ADDED:
      if (dossier_project_find_event (self->project,
                                      dossier_event_get_id (DOSSIER_EVENT (op->object))) == NULL)
        dossier_project_add_event (self->project, DOSSIER_EVENT (op->object));
      break;
    case OP_EVENT_REMOVED:
      dossier_project_remove_event (self->project, DOSSIER_EVENT (op->object));
      break;
    case OP_EVENT_CHANGED:
      restore_event (DOSSIER_EVENT (op->object), DOSSIER_EVENT (forward ? op->after : op->before));
      break;
    case OP_REJECTION_ADDED:
      dossier_document_add_rejection (op->document, op->label, op->start, op->end);
      break;
    case OP_REJECTION_REMOVED:
      dossier_document_remove_rejection (op->document, op->label, op->start, op->end);
      break;
    case OP_PUBLISHED:
      dossier_document_set_published (op->document, forward ? op->value : op->label);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
play_step (DossierHistory *self,
           Step           *step,
           gboolean        forward)
{
  Pending pending = { NULL, g_ptr_array_new_with_free_func (g_object_unref) };
  guint n = step->ops->len;

  g_clear_object (&self->touched);
  self->replaying = TRUE;
  for (guint i = 0; i < n; i++)
    play_op (self, &g_array_index (step->ops, Op, forward ? i : n - 1 - i), forward, &pending);
  flush_pending (&pending);
  g_ptr_array_unref (pending.adds);
  self->replaying = FALSE;
}

static gboolean
move_step (DossierHistory *self,
           GPtrArray      *from,
           GPtrArray      *to,
           gboolean        forward)
{
  gboolean could_undo, could_redo;
  Step *step;

  if (from->len == 0 || self->depth > 0)
    return FALSE;

  could_undo = dossier_history_can_undo (self);
  could_redo = dossier_history_can_redo (self);
  step = g_ptr_array_steal_index (from, from->len - 1);
  play_step (self, step, forward);
  g_ptr_array_add (to, step);
  notify_state (self, could_undo, could_redo);
  return TRUE;
}

DossierAnnotation *
dossier_history_get_touched (DossierHistory *self)
{
  g_return_val_if_fail (DOSSIER_IS_HISTORY (self), NULL);
  return self->touched;
}

gboolean
dossier_history_undo (DossierHistory *self)
{
  g_return_val_if_fail (DOSSIER_IS_HISTORY (self), FALSE);
  return move_step (self, self->undo, self->redo, FALSE);
}

gboolean
dossier_history_redo (DossierHistory *self)
{
  g_return_val_if_fail (DOSSIER_IS_HISTORY (self), FALSE);
  return move_step (self, self->redo, self->undo, TRUE);
}

/* ---- snapshots ---- */

struct _DossierHistorySnapshot
{
  DossierDocument *document;
  GHashTable      *annotations; /* live DossierAnnotation → copy */
  GHashTable      *entities;    /* live DossierEntity → copy */
  GHashTable      *events;      /* live DossierEvent → copy */
  GArray          *rejections;  /* DossierRejection (label borrowed from copies below) */
  GPtrArray       *labels;
  char            *published;
};

static GHashTable *
copy_objects (GListModel *model,
              gpointer  (*copy) (gpointer))
{
  GHashTable *table = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      gpointer item = g_list_model_get_item (model, i);
      g_hash_table_insert (table, item, copy (item));
    }
  return table;
}

DossierHistorySnapshot *
dossier_history_snapshot_new (DossierHistory  *self,
                              DossierDocument *document)
{
  DossierHistorySnapshot *snapshot;
  const GArray *rejections;

  g_return_val_if_fail (DOSSIER_IS_HISTORY (self), NULL);
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (document), NULL);

  snapshot = g_new0 (DossierHistorySnapshot, 1);
  snapshot->document = g_object_ref (document);
  snapshot->annotations = copy_objects (dossier_document_get_annotations (document),
                                        (gpointer (*) (gpointer))dossier_annotation_copy);
  snapshot->entities = copy_objects (dossier_project_get_entities (self->project),
                                     (gpointer (*) (gpointer))dossier_entity_copy);
  snapshot->events = copy_objects (dossier_project_get_events (self->project),
                                   (gpointer (*) (gpointer))dossier_event_copy);
  snapshot->labels = g_ptr_array_new_with_free_func (g_free);
  snapshot->rejections = g_array_new (FALSE, FALSE, sizeof (DossierRejection));
  rejections = dossier_document_get_rejections (document);
  for (guint i = 0; i < rejections->len; i++)
    {
      DossierRejection r = g_array_index (rejections, DossierRejection, i);
      r.label = g_strdup (r.label);
      g_ptr_array_add (snapshot->labels, r.label);
      g_array_append_val (snapshot->rejections, r);
    }
  snapshot->published = g_strdup (dossier_document_get_published (document));
  return snapshot;
}

static void
snapshot_free (DossierHistorySnapshot *snapshot)
{
  g_clear_object (&snapshot->document);
  g_clear_pointer (&snapshot->annotations, g_hash_table_unref);
  g_clear_pointer (&snapshot->entities, g_hash_table_unref);
  g_clear_pointer (&snapshot->events, g_hash_table_unref);
  g_clear_pointer (&snapshot->rejections, g_array_unref);
  g_clear_pointer (&snapshot->labels, g_ptr_array_unref);
  g_clear_pointer (&snapshot->published, g_free);
  g_free (snapshot);
}

static gboolean
rejection_in (const GArray           *array,
              const DossierRejection *r)
{
  for (guint i = 0; i < array->len; i++)
    {
      const DossierRejection *x = &g_array_index (array, DossierRejection, i);
      if (x->start == r->start && x->end == r->end && g_strcmp0 (x->label, r->label) == 0)
        return TRUE;
    }
  return FALSE;
}

typedef void (*RecordObject) (DossierHistory *, gpointer);
typedef void (*RecordChanged) (DossierHistory *, gpointer, gpointer);

/* Records removals, changes and additions between @before (live → copy) and @model. */
static void
record_diff (DossierHistory *self,
             GHashTable     *before,
             GListModel     *model,
             gboolean      (*equal) (gpointer, gpointer),
             gpointer       (*copy) (gpointer),
             RecordObject    added,
             RecordObject    removed,
             RecordChanged   changed)
{
  g_autoptr(GHashTable) now = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key, value;
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_hash_table_add (now, item);
    }

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      /* a removed object may also have changed before it went */
      if (!equal (key, value))
        changed (self, key, copy (value));
      if (!g_hash_table_contains (now, key))
        removed (self, key);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      if (!g_hash_table_contains (before, item))
        added (self, item);
    }
}

static void
record_annotation_added (DossierHistory *self, gpointer item)
{
  dossier_history_record_annotation_added (self, self->diff_document, item);
}

static void
record_annotation_removed (DossierHistory *self, gpointer item)
{
  dossier_history_record_annotation_removed (self, self->diff_document, item);
}

static void
record_annotation_changed (DossierHistory *self, gpointer item, gpointer before)
{
  dossier_history_record_annotation_changed (self, self->diff_document,
                                             item, before);
}

void
dossier_history_record_since (DossierHistory         *self,
                              DossierHistorySnapshot *snapshot)
{
  DossierDocument *document;
  const GArray *rejections;

  g_return_if_fail (DOSSIER_IS_HISTORY (self));
  g_return_if_fail (snapshot != NULL);

  document = snapshot->document;
  dossier_history_begin (self, NULL);

  dossier_history_record_published (self, document, snapshot->published,
                                    dossier_document_get_published (document));
  self->diff_document = document;
  record_diff (self, snapshot->annotations, dossier_document_get_annotations (document),
               (gboolean (*) (gpointer, gpointer))dossier_annotation_equal,
               (gpointer (*) (gpointer))g_object_ref,
               record_annotation_added, record_annotation_removed, record_annotation_changed);
  self->diff_document = NULL;
  record_diff (self, snapshot->entities, dossier_project_get_entities (self->project),
               (gboolean (*) (gpointer, gpointer))dossier_entity_equal,
               (gpointer (*) (gpointer))g_object_ref,
               (RecordObject)dossier_history_record_entity_added,
               (RecordObject)dossier_history_record_entity_removed,
               (RecordChanged)dossier_history_record_entity_changed);
  record_diff (self, snapshot->events, dossier_project_get_events (self->project),
               (gboolean (*) (gpointer, gpointer))dossier_event_equal,
               (gpointer (*) (gpointer))g_object_ref,
               (RecordObject)dossier_history_record_event_added,
               (RecordObject)dossier_history_record_event_removed,
               (RecordChanged)dossier_history_record_event_changed);

  rejections = dossier_document_get_rejections (document);
  for (guint i = 0; i < snapshot->rejections->len; i++)
    {
      const DossierRejection *r = &g_array_index (snapshot->rejections, DossierRejection, i);
      if (!rejection_in (rejections, r))
        dossier_history_record_rejection (self, document, r->label, r->start, r->end, FALSE);
    }
  for (guint i = 0; i < rejections->len; i++)
    {
      const DossierRejection *r = &g_array_index (rejections, DossierRejection, i);
      if (!rejection_in (snapshot->rejections, r))
        dossier_history_record_rejection (self, document, r->label, r->start, r->end, TRUE);
    }

  dossier_history_end (self);
  snapshot_free (snapshot);
}
