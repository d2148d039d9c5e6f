/* dossier-ner-default.c — the entity model compiled into the app
 *
 * Kept apart from the tagger so the trainer and the cluster program, which
 * make the model, build without one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-ner"

#include "config.h"

#include <gio/gio.h>

#include "dossier-ner-private.h"
#include "dossier-model-resources.h"

#define MODEL_RESOURCE RESOURCE_BASE "/model/ner.model"

DossierNerModel *
dossier_ner_model_get_default (GError **error)
{
  static DossierNerModel *model;
  static GError *load_error;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      g_autoptr(GBytes) bytes = NULL;

      /* referencing the resource keeps its object file in the static library */
      g_resource_ref (dossier_model_get_resource ());
      bytes = g_resources_lookup_data (MODEL_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &load_error);
      if (bytes != NULL)
        model = dossier_ner_model_new_from_bytes (bytes, &load_error);
      g_once_init_leave (&once, 1);
    }
  if (model == NULL && error != NULL)
    *error = g_error_copy (load_error);
  return model;
}
