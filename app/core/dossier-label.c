/* dossier-label.c — a label of the label set: name, colour, shortcut key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-label"

#include "config.h"

#include <gio/gio.h>

#include "dossier-label.h"

struct _DossierLabel
{
  GObject     parent_instance;
  char       *name;
  char       *color;
  char       *key;
  JsonObject *extra;
};

G_DEFINE_FINAL_TYPE (DossierLabel, dossier_label, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_COLOR,
  PROP_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dossier_label_finalize (GObject *object)
{
  DossierLabel *self = (DossierLabel *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->color, g_free);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->extra, json_object_unref);

  G_OBJECT_CLASS (dossier_label_parent_class)->finalize (object);
}

static void
dossier_label_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DossierLabel *self = DOSSIER_LABEL (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_COLOR: g_value_set_string (value, self->color); break;
    case PROP_KEY: g_value_set_string (value, self->key); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_label_class_init (DossierLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = dossier_label_finalize;
  object_class->get_property = dossier_label_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_COLOR] = g_param_spec_string ("color", NULL, NULL, NULL, ro);
  properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dossier_label_init (DossierLabel *self)
{
}

DossierLabel *
dossier_label_new (const char *name,
                   const char *color,
                   const char *key)
{
  DossierLabel *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (DOSSIER_TYPE_LABEL, NULL);
  self->name = g_strdup (name);
  self->color = g_strdup (color ? color : "#888888");
  self->key = g_strdup (key);
  return self;
}

const char *
dossier_label_get_name (DossierLabel *self)
{
  g_return_val_if_fail (DOSSIER_IS_LABEL (self), NULL);
  return self->name;
}

const char *
dossier_label_get_color (DossierLabel *self)
{
  g_return_val_if_fail (DOSSIER_IS_LABEL (self), NULL);
  return self->color;
}

const char *
dossier_label_get_key (DossierLabel *self)
{
  g_return_val_if_fail (DOSSIER_IS_LABEL (self), NULL);
  return self->key;
}

JsonObject *
dossier_label_get_extra (DossierLabel *self)
{
  g_return_val_if_fail (DOSSIER_IS_LABEL (self), NULL);
  return self->extra;
}

void
dossier_label_set_extra (DossierLabel *self,
                         JsonObject   *extra)
{
  g_return_if_fail (DOSSIER_IS_LABEL (self));

  if (extra)
    json_object_ref (extra);
  g_clear_pointer (&self->extra, json_object_unref);
  self->extra = extra;
}

GListModel *
dossier_label_set_new_default (void)
{
  /* Colours of the GNOME palette; the view derives light and dark tints from them. */
  static const struct { const char *name, *color, *key; } defaults[] = {
    { "PERSON",   "#3584e4", "1" },
    { "ORG",      "#e66100", "2" },
    { "PLACE",    "#2ec27e", "3" },
    { "MISC",     "#9141ac", "4" },
    { "DATE",     "#e5a50a", "5" },
    { "TIME",     "#c88800", "6" },
    { "DURATION", "#986a44", "7" },
    { "SET",      "#865e3c", "8" },
    { "QUOTE",    "#77767b", "9" },
    { "TITLE",    "#1c71d8", NULL },
  };
  GListStore *store = g_list_store_new (DOSSIER_TYPE_LABEL);

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    {
      g_autoptr(DossierLabel) label = dossier_label_new (defaults[i].name, defaults[i].color,
                                                         defaults[i].key);
      g_list_store_append (store, label);
    }
  return G_LIST_MODEL (store);
}

DossierLabel *
dossier_label_set_lookup (GListModel *model,
                          const char *name)
{
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierLabel) label = g_list_model_get_item (model, i);
      if (g_strcmp0 (label->name, name) == 0)
        return label;
    }
  return NULL;
}
