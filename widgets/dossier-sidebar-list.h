/* dossier-sidebar-list.h — the list part the People and Timeline sidebars share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A navigation-sidebar list view over @model (single selection, none at first,
 * activated by one click) in a scroller, and a dim @empty_text, in a stack whose
 * pages are "list" and "empty" ("empty" shown). Takes @model and @factory. */
GtkWidget *dossier_sidebar_list_new (GListModel          *model,
                                     GtkListItemFactory  *factory,
                                     const char          *accessible_label,
                                     const char          *empty_text,
                                     GtkWidget          **list_view,
                                     GtkSingleSelection **selection);

G_END_DECLS
