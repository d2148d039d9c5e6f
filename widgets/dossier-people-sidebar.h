/* dossier-people-sidebar.h — one row per person: name, title, mentions, quotes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "dossier-project.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_PERSON_ROW (dossier_person_row_get_type ())

G_DECLARE_FINAL_TYPE (DossierPersonRow, dossier_person_row, DOSSIER, PERSON_ROW, GObject)

DossierEntity *dossier_person_row_get_entity      (DossierPersonRow *self);
guint          dossier_person_row_get_n_mentions  (DossierPersonRow *self);
guint          dossier_person_row_get_n_quotes    (DossierPersonRow *self);
/* "Dmitry Peskov, Kremlin spokesman, 2 mentions, 3 quotes": what a screen reader says */
char          *dossier_person_row_dup_description (DossierPersonRow *self);

#define DOSSIER_TYPE_PEOPLE_SIDEBAR (dossier_people_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (DossierPeopleSidebar, dossier_people_sidebar, DOSSIER, PEOPLE_SIDEBAR, GtkWidget)

GtkWidget     *dossier_people_sidebar_new         (void);
void           dossier_people_sidebar_set_project (DossierPeopleSidebar *self,
                                                   DossierProject       *project);
/* The rows as shown (filtered and sorted). */
GListModel    *dossier_people_sidebar_get_rows    (DossierPeopleSidebar *self);
/* The selected person, or NULL. */
DossierEntity *dossier_people_sidebar_dup_selected (DossierPeopleSidebar *self);
void           dossier_people_sidebar_select       (DossierPeopleSidebar *self,
                                                    DossierEntity        *entity);
/* Brings the rows up to date now instead of at the next idle. */
void           dossier_people_sidebar_refresh     (DossierPeopleSidebar *self);

G_END_DECLS
