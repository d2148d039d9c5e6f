/* dossier-label.h — a label of the label set: name, colour, shortcut key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DOSSIER_TYPE_LABEL (dossier_label_get_type ())

G_DECLARE_FINAL_TYPE (DossierLabel, dossier_label, DOSSIER, LABEL, GObject)

DossierLabel *dossier_label_new       (const char   *name,
                                       const char   *color,
                                       const char   *key);
const char   *dossier_label_get_name  (DossierLabel *self);
/* "#rrggbb" */
const char   *dossier_label_get_color (DossierLabel *self);
/* "1".."9" or NULL */
const char   *dossier_label_get_key   (DossierLabel *self);
JsonObject   *dossier_label_get_extra (DossierLabel *self);
void          dossier_label_set_extra (DossierLabel *self,
                                       JsonObject   *extra);

/* The default label set, in shortcut order. */
GListModel   *dossier_label_set_new_default (void);
/* NULL if @model has no label of that name. */
DossierLabel *dossier_label_set_lookup      (GListModel  *model,
                                             const char  *name);

G_END_DECLS
