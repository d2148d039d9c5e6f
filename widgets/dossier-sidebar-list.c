/* dossier-sidebar-list.c — the list part the People and Timeline sidebars share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-sidebar-list"

#include "config.h"

#include "dossier-sidebar-list.h"

GtkWidget *
dossier_sidebar_list_new (GListModel          *model,
                          GtkListItemFactory  *factory,
                          const char          *accessible_label,
                          const char          *empty_text,
                          GtkWidget          **list_view,
                          GtkSingleSelection **selection)
{
  GtkSingleSelection *single;
  GtkWidget *view, *scroller, *empty, *stack;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (GTK_IS_LIST_ITEM_FACTORY (factory), NULL);

  single = gtk_single_selection_new (model);
  gtk_single_selection_set_autoselect (single, FALSE);
  gtk_single_selection_set_can_unselect (single, TRUE);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (single), factory);
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (view), TRUE);
  gtk_widget_add_css_class (view, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_label, -1);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_set_vexpand (scroller, TRUE);

  empty = gtk_label_new (empty_text);
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_valign (empty, GTK_ALIGN_START);
  gtk_widget_set_margin_top (empty, 24);

  stack = gtk_stack_new ();
  gtk_stack_add_named (GTK_STACK (stack), scroller, "list");
  gtk_stack_add_named (GTK_STACK (stack), empty, "empty");
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "empty");
  gtk_widget_set_vexpand (stack, TRUE);

  if (list_view)
    *list_view = view;
  if (selection)
    *selection = single;
  return stack;
}
