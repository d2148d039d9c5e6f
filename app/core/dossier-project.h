/* dossier-project.h — documents, entities, events and the label set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dossier-annotation.h"
#include "dossier-document.h"
#include "dossier-entity.h"
#include "dossier-event.h"
#include "dossier-history.h"
#include "dossier-label.h"

G_BEGIN_DECLS

#define DOSSIER_PROJECT_FORMAT  "dossier-project"
#define DOSSIER_PROJECT_VERSION 1

#define DOSSIER_TYPE_PROJECT (dossier_project_get_type ())

G_DECLARE_FINAL_TYPE (DossierProject, dossier_project, DOSSIER, PROJECT, GObject)

DossierProject  *dossier_project_new                (void);

GListModel      *dossier_project_get_documents      (DossierProject  *self);
GListModel      *dossier_project_get_entities       (DossierProject  *self);
GListModel      *dossier_project_get_events         (DossierProject  *self);
GListModel      *dossier_project_get_labels         (DossierProject  *self);
void             dossier_project_set_labels         (DossierProject  *self,
                                                     GListModel      *labels);

void             dossier_project_add_document       (DossierProject  *self,
                                                     DossierDocument *document);
DossierDocument *dossier_project_find_document      (DossierProject  *self,
                                                     const char      *id);
/* The document that holds annotation @id, or NULL. */
DossierDocument *dossier_project_find_annotation    (DossierProject  *self,
                                                     const char      *id,
                                                     DossierAnnotation **annotation);

void             dossier_project_add_entity         (DossierProject  *self,
                                                     DossierEntity   *entity);
gboolean         dossier_project_remove_entity      (DossierProject  *self,
                                                     DossierEntity   *entity);
DossierEntity   *dossier_project_find_entity        (DossierProject  *self,
                                                     const char      *id);
/* Counts mentions (annotations whose entity is @id) and quotes spoken by it. */
void             dossier_project_count_mentions     (DossierProject  *self,
                                                     const char      *id,
                                                     guint           *n_mentions,
                                                     guint           *n_quotes);

void             dossier_project_add_event          (DossierProject  *self,
                                                     DossierEvent    *event);
gboolean         dossier_project_remove_event       (DossierProject  *self,
                                                     DossierEvent    *event);
DossierEvent    *dossier_project_find_event         (DossierProject  *self,
                                                     const char      *id);

/* A fresh id with @prefix ("a", "p", "e", "d") unused anywhere in the project. */
char            *dossier_project_new_id             (DossierProject  *self,
                                                     const char      *prefix);

/* Undo and redo of the edits made with the dossier_edit_* functions. */
DossierHistory  *dossier_project_get_history        (DossierProject  *self);

JsonObject      *dossier_project_get_extra          (DossierProject  *self);
void             dossier_project_set_extra          (DossierProject  *self,
                                                     JsonObject      *extra);

G_END_DECLS
