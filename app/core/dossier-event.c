/* dossier-event.c — a dated timeline entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-event"

#include "config.h"

#include "dossier-event.h"
#include "dossier-util.h"

struct _DossierEvent
{
  GObject     parent_instance;
  char       *id;
  char       *date;
  char       *anchor;
  char       *summary;
  GStrv       participants;
  JsonObject *extra;
};

G_DEFINE_FINAL_TYPE (DossierEvent, dossier_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DATE,
  PROP_ANCHOR,
  PROP_SUMMARY,
  PROP_PARTICIPANTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dossier_event_finalize (GObject *object)
{
  DossierEvent *self = (DossierEvent *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->date, g_free);
  g_clear_pointer (&self->anchor, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->participants, g_strfreev);
  g_clear_pointer (&self->extra, json_object_unref);

  G_OBJECT_CLASS (dossier_event_parent_class)->finalize (object);
}

static void
dossier_event_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DossierEvent *self = DOSSIER_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_DATE: g_value_set_string (value, self->date); break;
    case PROP_ANCHOR: g_value_set_string (value, self->anchor); break;
    case PROP_SUMMARY: g_value_set_string (value, self->summary); break;
    case PROP_PARTICIPANTS: g_value_set_boxed (value, self->participants); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_event_class_init (DossierEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = dossier_event_finalize;
  object_class->get_property = dossier_event_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_DATE] = g_param_spec_string ("date", NULL, NULL, NULL, ro);
  properties[PROP_ANCHOR] = g_param_spec_string ("anchor", NULL, NULL, NULL, ro);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, ro);
  properties[PROP_PARTICIPANTS] = g_param_spec_boxed ("participants", NULL, NULL, G_TYPE_STRV, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dossier_event_init (DossierEvent *self)
{
  self->participants = g_new0 (char *, 1);
}

DossierEvent *
dossier_event_new (const char *id,
                   const char *date,
                   const char *anchor)
{
  DossierEvent *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (date != NULL, NULL);

  self = g_object_new (DOSSIER_TYPE_EVENT, NULL);
  self->id = g_strdup (id);
  self->date = g_strdup (date);
  self->anchor = g_strdup (anchor);
  return self;
}

DossierEvent *
dossier_event_copy (DossierEvent *self)
{
  DossierEvent *copy;

  g_return_val_if_fail (DOSSIER_IS_EVENT (self), NULL);

  copy = dossier_event_new (self->id, self->date, self->anchor);
  copy->summary = g_strdup (self->summary);
  g_strfreev (copy->participants);
  copy->participants = g_strdupv (self->participants);
  if (self->extra)
    copy->extra = json_object_ref (self->extra);
  return copy;
}

gboolean
dossier_event_equal (DossierEvent *a,
                     DossierEvent *b)
{
  g_return_val_if_fail (DOSSIER_IS_EVENT (a), FALSE);
  g_return_val_if_fail (DOSSIER_IS_EVENT (b), FALSE);

  return g_strcmp0 (a->id, b->id) == 0 && g_strcmp0 (a->date, b->date) == 0 &&
         g_strcmp0 (a->anchor, b->anchor) == 0 && g_strcmp0 (a->summary, b->summary) == 0 &&
         g_strv_equal ((const char * const *)a->participants,
                       (const char * const *)b->participants);
}

const char *
dossier_event_get_id (DossierEvent *self)
{
  g_return_val_if_fail (DOSSIER_IS_EVENT (self), NULL);
  return self->id;
}

#define EVENT_STRING(field, PROP)                                     \
const char *                                                          \
dossier_event_get_##field (DossierEvent *self)                       \
{                                                                     \
  g_return_val_if_fail (DOSSIER_IS_EVENT (self), NULL);              \
  return self->field;                                                 \
}                                                                     \
                                                                      \
void                                                                  \
dossier_event_set_##field (DossierEvent *self,                       \
                           const char   *value)                      \
{                                                                     \
  g_return_if_fail (DOSSIER_IS_EVENT (self));                        \
  if (dossier_set_str (&self->field, value))                          \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);     \
}

EVENT_STRING (date, PROP_DATE)
EVENT_STRING (anchor, PROP_ANCHOR)
EVENT_STRING (summary, PROP_SUMMARY)

const char * const *
dossier_event_get_participants (DossierEvent *self)
{
  g_return_val_if_fail (DOSSIER_IS_EVENT (self), NULL);
  return (const char * const *)self->participants;
}

void
dossier_event_set_participants (DossierEvent       *self,
                                const char * const *participants)
{
  static const char * const empty[] = { NULL };

  g_return_if_fail (DOSSIER_IS_EVENT (self));

  if (participants == NULL)
    participants = empty;
  if (g_strv_equal ((const char * const *)self->participants, participants))
    return;
  {
    /* copy first: @participants may point into the list being replaced */
    char **copy = g_strdupv ((char **)participants);
    g_strfreev (self->participants);
    self->participants = copy;
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARTICIPANTS]);
}

JsonObject *
dossier_event_get_extra (DossierEvent *self)
{
  g_return_val_if_fail (DOSSIER_IS_EVENT (self), NULL);
  return self->extra;
}

void
dossier_event_set_extra (DossierEvent *self,
                         JsonObject   *extra)
{
  g_return_if_fail (DOSSIER_IS_EVENT (self));

  if (extra)
    json_object_ref (extra);
  g_clear_pointer (&self->extra, json_object_unref);
  self->extra = extra;
}
