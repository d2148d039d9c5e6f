/* dossier-annotation.c — one labelled span of a document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-annotation"

#include "config.h"

#include <string.h>

#include "dossier-annotation.h"
#include "dossier-util.h"

typedef struct
{
  guint       start;
  guint       end;
  char       *text;
  JsonObject *extra;
} Span;

struct _DossierAnnotation
{
  GObject        parent_instance;

  char          *id;
  char          *label;
  char          *text;
  char          *entity;
  char          *value;
  char          *mod;
  char          *kind;
  char          *speaker;
  JsonObject    *extra;
  Span           source;
  Span           cue;
  double         confidence;
  guint          start;
  guint          end;
  DossierOrigin  origin;
  guint          has_source : 1;
  guint          has_cue : 1;
};

G_DEFINE_FINAL_TYPE (DossierAnnotation, dossier_annotation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_START,
  PROP_END,
  PROP_TEXT,
  PROP_ORIGIN,
  PROP_CONFIDENCE,
  PROP_ENTITY,
  PROP_VALUE,
  PROP_MOD,
  PROP_KIND,
  PROP_SPEAKER,
  PROP_SOURCE,
  PROP_CUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
dossier_origin_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { DOSSIER_ORIGIN_MODEL, "DOSSIER_ORIGIN_MODEL", "model" },
        { DOSSIER_ORIGIN_HUMAN, "DOSSIER_ORIGIN_HUMAN", "human" },
        { 0 }
      };
      g_once_init_leave (&type_id, g_enum_register_static ("DossierOrigin", values));
    }
  return type_id;
}

const char *
dossier_origin_to_string (DossierOrigin origin)
{
  return origin == DOSSIER_ORIGIN_HUMAN ? "human" : "model";
}

gboolean
dossier_origin_from_string (const char    *str,
                            DossierOrigin *origin)
{
  if (g_strcmp0 (str, "model") == 0)
    *origin = DOSSIER_ORIGIN_MODEL;
  else if (g_strcmp0 (str, "human") == 0)
    *origin = DOSSIER_ORIGIN_HUMAN;
  else
    return FALSE;
  return TRUE;
}

gboolean
dossier_label_is_mention (const char *label)
{
  return g_strcmp0 (label, "PERSON") == 0 || g_strcmp0 (label, "ORG") == 0 ||
         g_strcmp0 (label, "PLACE") == 0 || g_strcmp0 (label, "MISC") == 0;
}

gboolean
dossier_label_is_temporal (const char *label)
{
  return g_strcmp0 (label, "DATE") == 0 || g_strcmp0 (label, "TIME") == 0 ||
         g_strcmp0 (label, "DURATION") == 0 || g_strcmp0 (label, "SET") == 0;
}

static void
dossier_annotation_finalize (GObject *object)
{
  DossierAnnotation *self = (DossierAnnotation *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->entity, g_free);
  g_clear_pointer (&self->value, g_free);
  g_clear_pointer (&self->mod, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->speaker, g_free);
  g_clear_pointer (&self->source.text, g_free);
  g_clear_pointer (&self->cue.text, g_free);
  g_clear_pointer (&self->source.extra, json_object_unref);
  g_clear_pointer (&self->cue.extra, json_object_unref);
  g_clear_pointer (&self->extra, json_object_unref);

  G_OBJECT_CLASS (dossier_annotation_parent_class)->finalize (object);
}

static void
dossier_annotation_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DossierAnnotation *self = DOSSIER_ANNOTATION (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_LABEL: g_value_set_string (value, self->label); break;
    case PROP_START: g_value_set_uint (value, self->start); break;
    case PROP_END: g_value_set_uint (value, self->end); break;
    case PROP_TEXT: g_value_set_string (value, self->text); break;
    case PROP_ORIGIN: g_value_set_enum (value, self->origin); break;
    case PROP_CONFIDENCE: g_value_set_double (value, self->confidence); break;
    case PROP_ENTITY: g_value_set_string (value, self->entity); break;
    case PROP_VALUE: g_value_set_string (value, self->value); break;
    case PROP_MOD: g_value_set_string (value, self->mod); break;
    case PROP_KIND: g_value_set_string (value, self->kind); break;
    case PROP_SPEAKER: g_value_set_string (value, self->speaker); break;
    case PROP_SOURCE: g_value_set_string (value, self->has_source ? self->source.text : NULL); break;
    case PROP_CUE: g_value_set_string (value, self->has_cue ? self->cue.text : NULL); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_annotation_class_init (DossierAnnotationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = dossier_annotation_finalize;
  object_class->get_property = dossier_annotation_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, ro);
  properties[PROP_START] = g_param_spec_uint ("start", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_END] = g_param_spec_uint ("end", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, ro);
  properties[PROP_ORIGIN] = g_param_spec_enum ("origin", NULL, NULL, DOSSIER_TYPE_ORIGIN,
                                               DOSSIER_ORIGIN_MODEL, ro);
  properties[PROP_CONFIDENCE] = g_param_spec_double ("confidence", NULL, NULL, -1, 1, -1, ro);
  properties[PROP_ENTITY] = g_param_spec_string ("entity", NULL, NULL, NULL, ro);
  properties[PROP_VALUE] = g_param_spec_string ("value", NULL, NULL, NULL, ro);
  properties[PROP_MOD] = g_param_spec_string ("mod", NULL, NULL, NULL, ro);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, ro);
  properties[PROP_SPEAKER] = g_param_spec_string ("speaker", NULL, NULL, NULL, ro);
  properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, NULL, ro);
  properties[PROP_CUE] = g_param_spec_string ("cue", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dossier_annotation_init (DossierAnnotation *self)
{
  self->confidence = -1;
}

DossierAnnotation *
dossier_annotation_new (const char    *id,
                        const char    *label,
                        guint          start,
                        guint          end,
                        const char    *text,
                        DossierOrigin  origin)
{
  DossierAnnotation *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (start <= end, NULL);

  self = g_object_new (DOSSIER_TYPE_ANNOTATION, NULL);
  self->id = g_strdup (id);
  self->label = g_strdup (label);
  self->start = start;
  self->end = end;
  self->text = g_strdup (text ? text : "");
  self->origin = origin;
  return self;
}

DossierAnnotation *
dossier_annotation_copy (DossierAnnotation *self)
{
  DossierAnnotation *copy;

  g_return_val_if_fail (DOSSIER_IS_ANNOTATION (self), NULL);

  copy = dossier_annotation_new (self->id, self->label, self->start, self->end, self->text,
                                 self->origin);
  copy->confidence = self->confidence;
  copy->entity = g_strdup (self->entity);
  copy->value = g_strdup (self->value);
  copy->mod = g_strdup (self->mod);
  copy->kind = g_strdup (self->kind);
  copy->speaker = g_strdup (self->speaker);
  copy->has_source = self->has_source;
  copy->source.start = self->source.start;
  copy->source.end = self->source.end;
  copy->source.text = g_strdup (self->source.text);
  copy->has_cue = self->has_cue;
  copy->cue.start = self->cue.start;
  copy->cue.end = self->cue.end;
  copy->cue.text = g_strdup (self->cue.text);
  if (self->source.extra)
    copy->source.extra = json_object_ref (self->source.extra);
  if (self->cue.extra)
    copy->cue.extra = json_object_ref (self->cue.extra);
  if (self->extra)
    copy->extra = json_object_ref (self->extra);
  return copy;
}

static gboolean
span_equal (gboolean has_a, const Span *a, gboolean has_b, const Span *b)
{
  if (has_a != has_b)
    return FALSE;
  if (!has_a)
    return TRUE;
  return a->start == b->start && a->end == b->end && g_strcmp0 (a->text, b->text) == 0;
}

gboolean
dossier_annotation_equal (DossierAnnotation *a,
                          DossierAnnotation *b)
{
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION (a), FALSE);
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION (b), FALSE);

  return g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->label, b->label) == 0 &&
         a->start == b->start && a->end == b->end &&
         g_strcmp0 (a->text, b->text) == 0 &&
         a->origin == b->origin &&
         (a->confidence < 0) == (b->confidence < 0) &&
         (a->confidence < 0 || ABS (a->confidence - b->confidence) < 1e-9) &&
         g_strcmp0 (a->entity, b->entity) == 0 &&
         g_strcmp0 (a->value, b->value) == 0 &&
         g_strcmp0 (a->mod, b->mod) == 0 &&
         g_strcmp0 (a->kind, b->kind) == 0 &&
         g_strcmp0 (a->speaker, b->speaker) == 0 &&
         span_equal (a->has_source, &a->source, b->has_source, &b->source) &&
         span_equal (a->has_cue, &a->cue, b->has_cue, &b->cue);
}

#define STRING_ACCESSORS(field, PROP)                                              \
const char *                                                                       \
dossier_annotation_get_##field (DossierAnnotation *self)                          \
{                                                                                  \
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION (self), NULL);                      \
  return self->field;                                                              \
}                                                                                  \
                                                                                   \
void                                                                               \
dossier_annotation_set_##field (DossierAnnotation *self,                          \
                                const char        *field)                         \
{                                                                                  \
  g_return_if_fail (DOSSIER_IS_ANNOTATION (self));                                \
  if (dossier_set_str (&self->field, field))                                             \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);                  \
}

STRING_ACCESSORS (entity, PROP_ENTITY)
STRING_ACCESSORS (value, PROP_VALUE)
STRING_ACCESSORS (mod, PROP_MOD)
STRING_ACCESSORS (kind, PROP_KIND)
STRING_ACCESSORS (speaker, PROP_SPEAKER)

const char *
dossier_annotation_get_id (DossierAnnotation *self)
{
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION (self), NULL);
  return self->id;
}

const char *
dossier_annotation_get_label (DossierAnnotation *self)
{
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION (self), NULL);
  return self->label;
}

void
dossier_annotation_set_label (DossierAnnotation *self,
                              const char        *label)
{
  g_return_if_fail (DOSSIER_IS_ANNOTATION (self));
  g_return_if_fail (label != NULL);

  if (dossier_set_str (&self->label, label))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

guint
dossier_annotation_get_start (DossierAnnotation *self)
{
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION (self), 0);
  return self->start;
}

guint
dossier_annotation_get_end (DossierAnnotation *self)
{
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION (self), 0);
  return self->end;
}

const char *
dossier_annotation_get_text (DossierAnnotation *self)
{
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION (self), NULL);
  return self->text;
}

void
dossier_annotation_set_span (DossierAnnotation *self,
                             guint              start,
                             guint              end,
                             const char        *text)
{
  g_return_if_fail (DOSSIER_IS_ANNOTATION (self));
  g_return_if_fail (start <= end);
  g_return_if_fail (text != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->start != start)
    {
      self->start = start;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START]);
    }
  if (self->end != end)
    {
      self->end = end;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END]);
    }
  if (dossier_set_str (&self->text, text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  g_object_thaw_notify (G_OBJECT (self));
}

DossierOrigin
dossier_annotation_get_origin (DossierAnnotation *self)
{
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION (self), DOSSIER_ORIGIN_MODEL);
  return self->origin;
}

void
dossier_annotation_set_origin (DossierAnnotation *self,
                               DossierOrigin      origin)
{
  g_return_if_fail (DOSSIER_IS_ANNOTATION (self));

  if (self->origin != origin)
    {
      self->origin = origin;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORIGIN]);
    }
}

double
dossier_annotation_get_confidence (DossierAnnotation *self)
{
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION (self), -1);
  return self->confidence;
}

void
dossier_annotation_set_confidence (DossierAnnotation *self,
                                   double             confidence)
{
  g_return_if_fail (DOSSIER_IS_ANNOTATION (self));

  confidence = confidence < 0 ? -1 : MIN (confidence, 1.0);
  if (self->confidence != confidence)
    {
      self->confidence = confidence;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIDENCE]);
    }
}

static gboolean
get_span (const Span   *span,
          gboolean      has,
          guint        *start,
          guint        *end,
          const char  **text)
{
  if (start)
    *start = has ? span->start : 0;
  if (end)
    *end = has ? span->end : 0;
  if (text)
    *text = has ? span->text : NULL;
  return has;
}

gboolean
dossier_annotation_get_source (DossierAnnotation  *self,
                               guint              *start,
                               guint              *end,
                               const char        **text)
{
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION (self), FALSE);
  return get_span (&self->source, self->has_source, start, end, text);
}

gboolean
dossier_annotation_get_cue (DossierAnnotation  *self,
                            guint              *start,
                            guint              *end,
                            const char        **text)
{
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION (self), FALSE);
  return get_span (&self->cue, self->has_cue, start, end, text);
}

void
dossier_annotation_set_source (DossierAnnotation *self,
                               guint              start,
                               guint              end,
                               const char        *text)
{
  g_return_if_fail (DOSSIER_IS_ANNOTATION (self));
  g_return_if_fail (start <= end && text != NULL);

  self->has_source = TRUE;
  self->source.start = start;
  self->source.end = end;
  dossier_set_str (&self->source.text, text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

void
dossier_annotation_clear_source (DossierAnnotation *self)
{
  g_return_if_fail (DOSSIER_IS_ANNOTATION (self));

  if (self->has_source)
    {
      self->has_source = FALSE;
      g_clear_pointer (&self->source.text, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
    }
}

void
dossier_annotation_set_cue (DossierAnnotation *self,
                            guint              start,
                            guint              end,
                            const char        *text)
{
  g_return_if_fail (DOSSIER_IS_ANNOTATION (self));
  g_return_if_fail (start <= end && text != NULL);

  self->has_cue = TRUE;
  self->cue.start = start;
  self->cue.end = end;
  dossier_set_str (&self->cue.text, text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUE]);
}

void
dossier_annotation_clear_cue (DossierAnnotation *self)
{
  g_return_if_fail (DOSSIER_IS_ANNOTATION (self));

  if (self->has_cue)
    {
      self->has_cue = FALSE;
      g_clear_pointer (&self->cue.text, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUE]);
    }
}

JsonObject *
dossier_annotation_get_extra (DossierAnnotation *self)
{
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION (self), NULL);
  return self->extra;
}

void
dossier_annotation_set_extra (DossierAnnotation *self,
                              JsonObject        *extra)
{
  g_return_if_fail (DOSSIER_IS_ANNOTATION (self));

  if (extra)
    json_object_ref (extra);
  g_clear_pointer (&self->extra, json_object_unref);
  self->extra = extra;
}

JsonObject *
dossier_annotation_get_span_extra (DossierAnnotation *self,
                                   gboolean           cue)
{
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION (self), NULL);
  return cue ? self->cue.extra : self->source.extra;
}

void
dossier_annotation_set_span_extra (DossierAnnotation *self,
                                   gboolean           cue,
                                   JsonObject        *extra)
{
  Span *span;

  g_return_if_fail (DOSSIER_IS_ANNOTATION (self));

  span = cue ? &self->cue : &self->source;
  if (extra)
    json_object_ref (extra);
  g_clear_pointer (&span->extra, json_object_unref);
  span->extra = extra;
}
