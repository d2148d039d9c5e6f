/* dossier-timeline-sidebar.h — dated events in date order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "dossier-project.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_TIMELINE_SIDEBAR (dossier_timeline_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (DossierTimelineSidebar, dossier_timeline_sidebar, DOSSIER, TIMELINE_SIDEBAR, GtkWidget)

GtkWidget  *dossier_timeline_sidebar_new         (void);
void        dossier_timeline_sidebar_set_project (DossierTimelineSidebar *self,
                                                  DossierProject         *project);
/* The events as shown, in date order. */
GListModel *dossier_timeline_sidebar_get_events  (DossierTimelineSidebar *self);

G_END_DECLS
