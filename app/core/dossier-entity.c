/* dossier-entity.c — a person, organisation, place or other named thing, project-wide
 *
 * Its mentions are not stored here: they are the annotations whose `entity`
 * names it, so the two can never disagree (the file lists them for readers).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-entity"

#include "config.h"

#include "dossier-entity.h"
#include "dossier-util.h"

struct _DossierEntity
{
  GObject     parent_instance;
  char       *id;
  char       *kind;
  char       *name;
  char       *title;
  GStrv       aliases;
  JsonObject *extra;
};

G_DEFINE_FINAL_TYPE (DossierEntity, dossier_entity, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_NAME,
  PROP_TITLE,
  PROP_ALIASES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dossier_entity_finalize (GObject *object)
{
  DossierEntity *self = (DossierEntity *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->aliases, g_strfreev);
  g_clear_pointer (&self->extra, json_object_unref);

  G_OBJECT_CLASS (dossier_entity_parent_class)->finalize (object);
}

static void
dossier_entity_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DossierEntity *self = DOSSIER_ENTITY (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_KIND: g_value_set_string (value, self->kind); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_ALIASES: g_value_set_boxed (value, self->aliases); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_entity_class_init (DossierEntityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = dossier_entity_finalize;
  object_class->get_property = dossier_entity_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_ALIASES] = g_param_spec_boxed ("aliases", NULL, NULL, G_TYPE_STRV, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dossier_entity_init (DossierEntity *self)
{
  self->aliases = g_new0 (char *, 1);
}

DossierEntity *
dossier_entity_new (const char *id,
                    const char *type,
                    const char *name)
{
  DossierEntity *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (DOSSIER_TYPE_ENTITY, NULL);
  self->id = g_strdup (id);
  self->kind = g_strdup (type);
  self->name = g_strdup (name);
  return self;
}

DossierEntity *
dossier_entity_copy (DossierEntity *self)
{
  DossierEntity *copy;

  g_return_val_if_fail (DOSSIER_IS_ENTITY (self), NULL);

  copy = dossier_entity_new (self->id, self->kind, self->name);
  copy->title = g_strdup (self->title);
  g_strfreev (copy->aliases);
  copy->aliases = g_strdupv (self->aliases);
  if (self->extra)
    copy->extra = json_object_ref (self->extra);
  return copy;
}

gboolean
dossier_entity_equal (DossierEntity *a,
                      DossierEntity *b)
{
  g_return_val_if_fail (DOSSIER_IS_ENTITY (a), FALSE);
  g_return_val_if_fail (DOSSIER_IS_ENTITY (b), FALSE);

  return g_strcmp0 (a->id, b->id) == 0 && g_strcmp0 (a->kind, b->kind) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 && g_strcmp0 (a->title, b->title) == 0 &&
         g_strv_equal ((const char * const *)a->aliases, (const char * const *)b->aliases);
}

const char *
dossier_entity_get_id (DossierEntity *self)
{
  g_return_val_if_fail (DOSSIER_IS_ENTITY (self), NULL);
  return self->id;
}

#define ENTITY_STRING(field, PROP)                                    \
const char *                                                          \
dossier_entity_get_##field (DossierEntity *self)                     \
{                                                                     \
  g_return_val_if_fail (DOSSIER_IS_ENTITY (self), NULL);             \
  return self->field;                                                 \
}                                                                     \
                                                                      \
void                                                                  \
dossier_entity_set_##field (DossierEntity *self,                     \
                            const char    *value)                    \
{                                                                     \
  g_return_if_fail (DOSSIER_IS_ENTITY (self));                       \
  if (dossier_set_str (&self->field, value))                          \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);     \
}

ENTITY_STRING (kind, PROP_KIND)
ENTITY_STRING (name, PROP_NAME)
ENTITY_STRING (title, PROP_TITLE)

const char * const *
dossier_entity_get_aliases (DossierEntity *self)
{
  g_return_val_if_fail (DOSSIER_IS_ENTITY (self), NULL);
  return (const char * const *)self->aliases;
}

void
dossier_entity_set_aliases (DossierEntity      *self,
                            const char * const *aliases)
{
  static const char * const empty[] = { NULL };

  g_return_if_fail (DOSSIER_IS_ENTITY (self));

  if (aliases == NULL)
    aliases = empty;
  if (g_strv_equal ((const char * const *)self->aliases, aliases))
    return;
  {
    /* copy first: @aliases may point into the list being replaced */
    char **copy = g_strdupv ((char **)aliases);
    g_strfreev (self->aliases);
    self->aliases = copy;
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALIASES]);
}

void
dossier_entity_add_alias (DossierEntity *self,
                          const char    *alias)
{
  guint n;

  g_return_if_fail (DOSSIER_IS_ENTITY (self));
  g_return_if_fail (alias != NULL);

  if (g_strcmp0 (alias, self->name) == 0 || g_strv_contains ((const char * const *)self->aliases, alias))
    return;
  n = g_strv_length (self->aliases);
  self->aliases = g_renew (char *, self->aliases, n + 2);
  self->aliases[n] = g_strdup (alias);
  self->aliases[n + 1] = NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALIASES]);
}

JsonObject *
dossier_entity_get_extra (DossierEntity *self)
{
  g_return_val_if_fail (DOSSIER_IS_ENTITY (self), NULL);
  return self->extra;
}

void
dossier_entity_set_extra (DossierEntity *self,
                          JsonObject    *extra)
{
  g_return_if_fail (DOSSIER_IS_ENTITY (self));

  if (extra)
    json_object_ref (extra);
  g_clear_pointer (&self->extra, json_object_unref);
  self->extra = extra;
}
