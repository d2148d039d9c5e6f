/* dossier-entity.h — a person, organisation, place or other named thing, project-wide
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DOSSIER_TYPE_ENTITY (dossier_entity_get_type ())

G_DECLARE_FINAL_TYPE (DossierEntity, dossier_entity, DOSSIER, ENTITY, GObject)

DossierEntity      *dossier_entity_new         (const char         *id,
                                                const char         *type,
                                                const char         *name);
DossierEntity      *dossier_entity_copy        (DossierEntity      *self);
gboolean            dossier_entity_equal       (DossierEntity      *a,
                                                DossierEntity      *b);
const char         *dossier_entity_get_id      (DossierEntity      *self);
const char         *dossier_entity_get_kind    (DossierEntity      *self);
void                dossier_entity_set_kind    (DossierEntity      *self,
                                                const char         *type);
const char         *dossier_entity_get_name    (DossierEntity      *self);
void                dossier_entity_set_name    (DossierEntity      *self,
                                                const char         *name);
const char         *dossier_entity_get_title   (DossierEntity      *self);
void                dossier_entity_set_title   (DossierEntity      *self,
                                                const char         *title);
const char * const *dossier_entity_get_aliases (DossierEntity      *self);
void                dossier_entity_set_aliases (DossierEntity      *self,
                                                const char * const *aliases);
void                dossier_entity_add_alias   (DossierEntity      *self,
                                                const char         *alias);
JsonObject         *dossier_entity_get_extra   (DossierEntity      *self);
void                dossier_entity_set_extra   (DossierEntity      *self,
                                                JsonObject         *extra);

G_END_DECLS
