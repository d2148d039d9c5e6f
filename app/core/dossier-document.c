/* dossier-document.c — an article and its annotations
 *
 * The text never changes once the document exists, so code-point offsets stay
 * valid for its lifetime; a sparse index maps them to bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-document"

#include "config.h"

#include <string.h>

#include "dossier-document.h"
#include "dossier-util.h"

#define CHECKPOINT_SHIFT 5 /* one byte offset every 32 code points */

struct _DossierDocument
{
  GObject     parent_instance;

  char       *id;
  char       *text;
  gsize       n_bytes;
  guint       n_chars;
  GArray     *checkpoints;  /* gsize: byte offset of code point i << CHECKPOINT_SHIFT */

  char       *title;
  char       *source;
  char       *url;
  char       *published;

  GListStore *annotations;
  GHashTable *by_id;        /* id → DossierAnnotation (borrowed) */
  GArray     *rejections;   /* DossierRejection */
  JsonObject *extra;
};

G_DEFINE_FINAL_TYPE (DossierDocument, dossier_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SOURCE,
  PROP_URL,
  PROP_PUBLISHED,
  N_PROPS
};

enum {
  CHANGED,
  ANNOTATION_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
clear_rejection (gpointer data)
{
  DossierRejection *r = data;
  g_clear_pointer (&r->label, g_free);
  g_clear_pointer (&r->extra, json_object_unref);
}

static int
compare_annotations (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  DossierAnnotation *x = (DossierAnnotation *)a;
  DossierAnnotation *y = (DossierAnnotation *)b;
  guint xs = dossier_annotation_get_start (x), ys = dossier_annotation_get_start (y);
  guint xe = dossier_annotation_get_end (x), ye = dossier_annotation_get_end (y);

  if (xs != ys)
    return xs < ys ? -1 : 1;
  if (xe != ye)
    return xe > ye ? -1 : 1; /* longer first: a QUOTE before the PERSON inside it */
  return g_strcmp0 (dossier_annotation_get_id (x), dossier_annotation_get_id (y));
}

static int
compare_annotation_pointers (gconstpointer a,
                             gconstpointer b,
                             gpointer      user_data)
{
  return compare_annotations (*(gpointer *)a, *(gpointer *)b, user_data);
}

static void
on_annotation_notify (DossierDocument   *self,
                      GParamSpec        *pspec,
                      DossierAnnotation *annotation)
{
  g_signal_emit (self, signals[ANNOTATION_CHANGED], 0, annotation);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
watch_annotation (DossierDocument   *self,
                  DossierAnnotation *annotation)
{
  /* a plain connection (no weak references: thousands of annotations); the
   * document disconnects it on removal and in dispose */
  g_signal_connect_swapped (annotation, "notify", G_CALLBACK (on_annotation_notify), self);
  g_hash_table_insert (self->by_id, (gpointer)dossier_annotation_get_id (annotation), annotation);
}

static void
dossier_document_dispose (GObject *object)
{
  DossierDocument *self = (DossierDocument *)object;

  if (self->annotations)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->annotations));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(DossierAnnotation) a = g_list_model_get_item (G_LIST_MODEL (self->annotations), i);
          g_signal_handlers_disconnect_by_data (a, self);
        }
    }
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->annotations);

  G_OBJECT_CLASS (dossier_document_parent_class)->dispose (object);
}

static void
dossier_document_finalize (GObject *object)
{
  DossierDocument *self = (DossierDocument *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->checkpoints, g_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->published, g_free);
  g_clear_pointer (&self->rejections, g_array_unref);
  g_clear_pointer (&self->extra, json_object_unref);

  G_OBJECT_CLASS (dossier_document_parent_class)->finalize (object);
}

static void
dossier_document_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DossierDocument *self = DOSSIER_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_SOURCE: g_value_set_string (value, self->source); break;
    case PROP_URL: g_value_set_string (value, self->url); break;
    case PROP_PUBLISHED: g_value_set_string (value, self->published); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_document_class_init (DossierDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = dossier_document_dispose;
  object_class->finalize = dossier_document_finalize;
  object_class->get_property = dossier_document_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, NULL, ro);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, ro);
  properties[PROP_PUBLISHED] = g_param_spec_string ("published", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Anything in the document changed: annotations, rejections or metadata. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A property of one annotation changed (label, span, value, speaker …). */
  signals[ANNOTATION_CHANGED] = g_signal_new ("annotation-changed", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 1, DOSSIER_TYPE_ANNOTATION);
}

static void
on_items_changed (DossierDocument *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
dossier_document_init (DossierDocument *self)
{
  self->annotations = g_list_store_new (DOSSIER_TYPE_ANNOTATION);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->rejections = g_array_new (FALSE, TRUE, sizeof (DossierRejection));
  g_array_set_clear_func (self->rejections, clear_rejection);
  self->checkpoints = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_signal_connect_object (self->annotations, "items-changed", G_CALLBACK (on_items_changed), self,
                           G_CONNECT_SWAPPED);
}

DossierDocument *
dossier_document_new (const char *id,
                      const char *text)
{
  DossierDocument *self;
  guint cp = 0;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (DOSSIER_TYPE_DOCUMENT, NULL);
  self->id = g_strdup (id);
  self->text = g_strdup (text);
  self->n_bytes = strlen (text);

  for (const char *p = self->text; *p; p = g_utf8_next_char (p), cp++)
    if ((cp & ((1u << CHECKPOINT_SHIFT) - 1)) == 0)
      {
        gsize byte = p - self->text;
        g_array_append_val (self->checkpoints, byte);
      }
  self->n_chars = cp;

  return self;
}

#define DOC_STRING(field, PROP)                                       \
const char *                                                          \
dossier_document_get_##field (DossierDocument *self)                 \
{                                                                     \
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (self), NULL);           \
  return self->field;                                                 \
}                                                                     \
                                                                      \
void                                                                  \
dossier_document_set_##field (DossierDocument *self,                 \
                              const char      *value)                \
{                                                                     \
  g_return_if_fail (DOSSIER_IS_DOCUMENT (self));                     \
  if (dossier_set_str (&self->field, value))                          \
    {                                                                 \
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);   \
      g_signal_emit (self, signals[CHANGED], 0);                      \
    }                                                                 \
}

DOC_STRING (title, PROP_TITLE)
DOC_STRING (source, PROP_SOURCE)
DOC_STRING (url, PROP_URL)
DOC_STRING (published, PROP_PUBLISHED)

const char *
dossier_document_get_id (DossierDocument *self)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (self), NULL);
  return self->id;
}

const char *
dossier_document_get_text (DossierDocument *self)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (self), NULL);
  return self->text;
}

gsize
dossier_document_get_n_bytes (DossierDocument *self)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (self), 0);
  return self->n_bytes;
}

guint
dossier_document_get_n_chars (DossierDocument *self)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (self), 0);
  return self->n_chars;
}

gsize
dossier_document_offset_to_byte (DossierDocument *self,
                                 guint            offset)
{
  const char *p;
  guint cp;

  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (self), 0);

  if (offset >= self->n_chars)
    return self->n_bytes;
  cp = offset >> CHECKPOINT_SHIFT;
  p = self->text + g_array_index (self->checkpoints, gsize, cp);
  for (cp <<= CHECKPOINT_SHIFT; cp < offset; cp++)
    p = g_utf8_next_char (p);
  return p - self->text;
}

char *
dossier_document_dup_slice (DossierDocument *self,
                            guint            start,
                            guint            end)
{
  gsize b0, b1;

  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (start <= end, NULL);

  b0 = dossier_document_offset_to_byte (self, start);
  b1 = dossier_document_offset_to_byte (self, end);
  return g_strndup (self->text + b0, b1 - b0);
}

GListModel *
dossier_document_get_annotations (DossierDocument *self)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (self), NULL);
  return G_LIST_MODEL (self->annotations);
}

void
dossier_document_add_annotation (DossierDocument   *self,
                                 DossierAnnotation *annotation)
{
  g_return_if_fail (DOSSIER_IS_DOCUMENT (self));
  g_return_if_fail (DOSSIER_IS_ANNOTATION (annotation));
  g_return_if_fail (dossier_annotation_get_end (annotation) <= self->n_chars);
  g_return_if_fail (!g_hash_table_contains (self->by_id, dossier_annotation_get_id (annotation)));

  watch_annotation (self, annotation);
  g_list_store_insert_sorted (self->annotations, annotation, compare_annotations, NULL);
}

void
dossier_document_add_annotations (DossierDocument *self,
                                  GPtrArray       *annotations)
{
  guint n_old;
  g_autoptr(GPtrArray) all = NULL;

  g_return_if_fail (DOSSIER_IS_DOCUMENT (self));
  g_return_if_fail (annotations != NULL);

  if (annotations->len == 0)
    return;

  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->annotations));
  all = g_ptr_array_new_full (n_old + annotations->len, g_object_unref);
  for (guint i = 0; i < n_old; i++)
    g_ptr_array_add (all, g_list_model_get_item (G_LIST_MODEL (self->annotations), i));
  for (guint i = 0; i < annotations->len; i++)
    {
      DossierAnnotation *a = g_ptr_array_index (annotations, i);
      g_return_if_fail (DOSSIER_IS_ANNOTATION (a));
      g_return_if_fail (dossier_annotation_get_end (a) <= self->n_chars);
      watch_annotation (self, a);
      g_ptr_array_add (all, g_object_ref (a));
    }
  g_ptr_array_sort_with_data (all, compare_annotation_pointers, NULL);
  g_list_store_splice (self->annotations, 0, n_old, all->pdata, all->len);
}

guint
dossier_document_index_of (DossierDocument   *self,
                           DossierAnnotation *annotation)
{
  guint lo = 0, hi;

  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (self), G_MAXUINT);
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION (annotation), G_MAXUINT);

  /* binary search by the sort order */
  hi = g_list_model_get_n_items (G_LIST_MODEL (self->annotations));
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      g_autoptr(DossierAnnotation) a = g_list_model_get_item (G_LIST_MODEL (self->annotations), mid);
      int cmp = compare_annotations (a, annotation, NULL);

      if (a == annotation)
        return mid;
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (g_list_store_find (self->annotations, annotation, &lo))
    return lo;
  return G_MAXUINT;
}

gboolean
dossier_document_remove_annotation (DossierDocument   *self,
                                    DossierAnnotation *annotation)
{
  guint pos;

  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION (annotation), FALSE);

  pos = dossier_document_index_of (self, annotation);
  if (pos == G_MAXUINT)
    return FALSE;
  g_signal_handlers_disconnect_by_data (annotation, self);
  g_hash_table_remove (self->by_id, dossier_annotation_get_id (annotation));
  g_list_store_remove (self->annotations, pos);
  return TRUE;
}

void
dossier_document_move_annotation (DossierDocument   *self,
                                  DossierAnnotation *annotation,
                                  guint              start,
                                  guint              end)
{
  g_autofree char *text = NULL;
  g_autoptr(DossierAnnotation) hold = NULL;
  guint pos;

  g_return_if_fail (DOSSIER_IS_DOCUMENT (self));
  g_return_if_fail (DOSSIER_IS_ANNOTATION (annotation));
  g_return_if_fail (start <= end && end <= self->n_chars);

  pos = dossier_document_index_of (self, annotation);
  g_return_if_fail (pos != G_MAXUINT);

  hold = g_object_ref (annotation);
  text = dossier_document_dup_slice (self, start, end);
  g_signal_handlers_block_by_func (annotation, on_annotation_notify, self);
  g_list_store_remove (self->annotations, pos);
  dossier_annotation_set_span (annotation, start, end, text);
  g_list_store_insert_sorted (self->annotations, annotation, compare_annotations, NULL);
  g_signal_handlers_unblock_by_func (annotation, on_annotation_notify, self);
  g_signal_emit (self, signals[ANNOTATION_CHANGED], 0, annotation);
}

DossierAnnotation *
dossier_document_find_annotation (DossierDocument *self,
                                  const char      *id)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (self), NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_id, id);
}

DossierAnnotation *
dossier_document_annotation_at (DossierDocument *self,
                                guint            offset)
{
  GListModel *model;
  DossierAnnotation *best = NULL;
  guint best_len = G_MAXUINT;
  guint n;

  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (self), NULL);

  model = G_LIST_MODEL (self->annotations);
  n = g_list_model_get_n_items (model);
  /* annotations are sorted by start; quotes may be long, so scan back over the ones that start before */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierAnnotation) a = g_list_model_get_item (model, i);
      guint s = dossier_annotation_get_start (a), e = dossier_annotation_get_end (a);

      if (s > offset)
        break;
      if (offset < e && e - s < best_len)
        {
          best = a;
          best_len = e - s;
        }
    }
  return best;
}

const GArray *
dossier_document_get_rejections (DossierDocument *self)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (self), NULL);
  return self->rejections;
}

static guint
find_rejection (DossierDocument *self,
                const char      *label,
                guint            start,
                guint            end)
{
  for (guint i = 0; i < self->rejections->len; i++)
    {
      const DossierRejection *r = &g_array_index (self->rejections, DossierRejection, i);
      if (r->start == start && r->end == end && g_strcmp0 (r->label, label) == 0)
        return i;
    }
  return G_MAXUINT;
}

gboolean
dossier_document_is_rejected (DossierDocument *self,
                              const char      *label,
                              guint            start,
                              guint            end)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (self), FALSE);
  return find_rejection (self, label, start, end) != G_MAXUINT;
}

void
dossier_document_add_rejection (DossierDocument *self,
                                const char      *label,
                                guint            start,
                                guint            end)
{
  DossierRejection r;

  g_return_if_fail (DOSSIER_IS_DOCUMENT (self));
  g_return_if_fail (label != NULL);

  if (dossier_document_is_rejected (self, label, start, end))
    return;
  r.label = g_strdup (label);
  r.start = start;
  r.end = end;
  r.extra = NULL;
  g_array_append_val (self->rejections, r);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
dossier_document_set_rejection_extra (DossierDocument *self,
                                      const char      *label,
                                      guint            start,
                                      guint            end,
                                      JsonObject      *extra)
{
  guint i;
  DossierRejection *r;

  g_return_if_fail (DOSSIER_IS_DOCUMENT (self));

  if ((i = find_rejection (self, label, start, end)) == G_MAXUINT)
    return;
  r = &g_array_index (self->rejections, DossierRejection, i);
  if (extra)
    json_object_ref (extra);
  g_clear_pointer (&r->extra, json_object_unref);
  r->extra = extra;
}

gboolean
dossier_document_remove_rejection (DossierDocument *self,
                                   const char      *label,
                                   guint            start,
                                   guint            end)
{
  guint i;

  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (self), FALSE);

  if ((i = find_rejection (self, label, start, end)) == G_MAXUINT)
    return FALSE;
  g_array_remove_index (self->rejections, i);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

JsonObject *
dossier_document_get_extra (DossierDocument *self)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT (self), NULL);
  return self->extra;
}

void
dossier_document_set_extra (DossierDocument *self,
                            JsonObject      *extra)
{
  g_return_if_fail (DOSSIER_IS_DOCUMENT (self));

  if (extra)
    json_object_ref (extra);
  g_clear_pointer (&self->extra, json_object_unref);
  self->extra = extra;
}
