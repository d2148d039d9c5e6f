/* dossier-timeline-sidebar.c — dated events in date order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-timeline-sidebar"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-timeline-sidebar.h"
#include "dossier-sidebar-list.h"
#include "dossier-timeline-order.h"

struct _DossierTimelineSidebar
{
  GtkWidget          parent_instance;

  GtkWidget         *box;
  GtkWidget         *stack;
  GtkWidget         *list_view;
  GtkSortListModel  *sorted;
  GtkCustomSorter   *sorter;
  DossierProject    *project;
  GHashTable        *bound;      /* row box → GtkListItem, the rows on screen */
  GHashTable        *keys;       /* DossierEvent → its date's sort key, until the next change */
  guint              refresh_id;
};

G_DEFINE_FINAL_TYPE (DossierTimelineSidebar, dossier_timeline_sidebar, GTK_TYPE_WIDGET)

enum {
  EVENT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Every change re-sorts the whole timeline: each date is read once per sort, not once per
 * comparison. */
static const char *
sort_key (DossierTimelineSidebar *self,
          DossierEvent           *event)
{
  char *key = g_hash_table_lookup (self->keys, event);

  if (key == NULL)
    {
      key = dossier_timeline_sort_key (dossier_event_get_date (event));
      g_hash_table_insert (self->keys, g_object_ref (event), key);
    }
  return key;
}

static int
compare_events (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  DossierTimelineSidebar *self = user_data;

  return strcmp (sort_key (self, (DossierEvent *)a), sort_key (self, (DossierEvent *)b));
}

static char *
participants_text (DossierTimelineSidebar *self,
                   DossierEvent           *event)
{
  const char * const *ids = dossier_event_get_participants (event);
  GString *s = g_string_new (NULL);

  for (guint i = 0; ids[i]; i++)
    {
      DossierEntity *e = dossier_project_find_entity (self->project, ids[i]);
      if (e == NULL)
        continue;
      if (s->len)
        g_string_append (s, ", ");
      g_string_append (s, dossier_entity_get_name (e));
    }
  return g_string_free (s, FALSE);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *date = gtk_label_new (NULL);
  GtkWidget *summary = gtk_label_new (NULL);
  GtkWidget *who = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (date), 0);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_xalign (GTK_LABEL (who), 0);
  /* one line: a wrapped label is measured at several widths, and a list view
   * of GTK 4.8 makes some 200 rows at once */
  gtk_label_set_single_line_mode (GTK_LABEL (summary), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (summary), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (who), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (date, "heading");
  gtk_widget_add_css_class (who, "caption");
  gtk_widget_add_css_class (who, "dim-label");
  gtk_box_append (GTK_BOX (box), date);
  gtk_box_append (GTK_BOX (box), summary);
  gtk_box_append (GTK_BOX (box), who);
  gtk_list_item_set_child (item, box);
}

static void
fill_row (DossierTimelineSidebar *self,
          GtkWidget              *box,
          DossierEvent           *event)
{
  GtkWidget *date = gtk_widget_get_first_child (box);
  GtkWidget *summary = gtk_widget_get_next_sibling (date);
  GtkWidget *who = gtk_widget_get_next_sibling (summary);
  g_autofree char *people = participants_text (self, event);
  g_autofree char *when = dossier_timeline_describe_value (dossier_event_get_date (event));
  g_autofree char *description = NULL;
  const char *text = dossier_event_get_summary (event);

  gtk_label_set_text (GTK_LABEL (date), when);
  gtk_label_set_text (GTK_LABEL (summary), text ? text : "");
  gtk_label_set_text (GTK_LABEL (who), people);
  gtk_widget_set_visible (who, *people != '\0');
  description = g_strdup_printf ("%s, %s%s%s", when, text ? text : "", *people ? ", " : "", people);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  DossierTimelineSidebar *self = user_data;
  GtkWidget *box = gtk_list_item_get_child (item);

  fill_row (self, box, gtk_list_item_get_item (item));
  g_hash_table_insert (self->bound, box, item);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  DossierTimelineSidebar *self = user_data;

  g_hash_table_remove (self->bound, gtk_list_item_get_child (item));
}

/* Dates, summaries and names on screen follow edits (the rows keep their items). */
static gboolean
refresh_rows (gpointer data)
{
  DossierTimelineSidebar *self = data;
  GHashTableIter iter;
  gpointer box, item;

  self->refresh_id = 0;
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &box, &item))
    if (gtk_list_item_get_item (item) != NULL)
      fill_row (self, box, gtk_list_item_get_item (item));
  return G_SOURCE_REMOVE;
}

static void
on_activate (DossierTimelineSidebar *self,
             guint                   position)
{
  g_autoptr(DossierEvent) event = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (event != NULL)
    g_signal_emit (self, signals[EVENT_ACTIVATED], 0, event);
}

static void
on_items_changed (DossierTimelineSidebar *self)
{
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack),
                                    g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) ? "list" : "empty");
}

static void
on_project_changed (DossierTimelineSidebar *self)
{
  GListModel *events = dossier_project_get_events (self->project);
  g_autoptr(GHashTable) keys = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  gboolean moved = FALSE;

  /* a date edit changes the order, and the sort model re-sorts (and the list view rebinds
   * its rows) on this: only then. Events that come or go it places by itself. */
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      DossierEvent *event = g_list_model_get_item (events, i);
      char *key = dossier_timeline_sort_key (dossier_event_get_date (event));
      const char *old = g_hash_table_lookup (self->keys, event);

      moved |= old != NULL && strcmp (old, key) != 0;
      g_hash_table_insert (keys, event, key);
    }
  g_hash_table_unref (self->keys);
  self->keys = g_steal_pointer (&keys);
  if (moved)
    gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_rows, self);
}

void
dossier_timeline_sidebar_set_project (DossierTimelineSidebar *self,
                                      DossierProject         *project)
{
  g_return_if_fail (DOSSIER_IS_TIMELINE_SIDEBAR (self));

  if (self->project)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  g_hash_table_remove_all (self->keys);
  gtk_sort_list_model_set_model (self->sorted, project ? dossier_project_get_events (project) : NULL);
  if (project)
    g_signal_connect_object (project, "changed", G_CALLBACK (on_project_changed), self,
                             G_CONNECT_SWAPPED);
  on_items_changed (self);
}

GListModel *
dossier_timeline_sidebar_get_events (DossierTimelineSidebar *self)
{
  g_return_val_if_fail (DOSSIER_IS_TIMELINE_SIDEBAR (self), NULL);
  return G_LIST_MODEL (self->sorted);
}

static void
dossier_timeline_sidebar_dispose (GObject *object)
{
  DossierTimelineSidebar *self = (DossierTimelineSidebar *)object;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->project)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->project);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->sorted);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_pointer (&self->keys, g_hash_table_unref);

  G_OBJECT_CLASS (dossier_timeline_sidebar_parent_class)->dispose (object);
}

static void
dossier_timeline_sidebar_class_init (DossierTimelineSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_timeline_sidebar_dispose;

  /* The user picked an event (click or Enter). */
  signals[EVENT_ACTIVATED] = g_signal_new ("event-activated", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, DOSSIER_TYPE_EVENT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "timelinesidebar");
}

static void
dossier_timeline_sidebar_init (DossierTimelineSidebar *self)
{
  GtkListItemFactory *factory;
  GtkWidget *heading;

  self->bound = g_hash_table_new (NULL, NULL);
  /* the events are held: a new one cannot take a gone one's address, and key */
  self->keys = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  self->sorter = gtk_custom_sorter_new (compare_events, self, NULL);
  self->sorted = gtk_sort_list_model_new (NULL, GTK_SORTER (self->sorter));
  g_signal_connect_object (self->sorted, "items-changed", G_CALLBACK (on_items_changed), self,
                           G_CONNECT_SWAPPED);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  heading = gtk_label_new (_("Timeline"));
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_set_margin_start (heading, 12);
  gtk_widget_set_margin_top (heading, 12);
  gtk_widget_set_margin_bottom (heading, 8);
  gtk_box_append (GTK_BOX (self->box), heading);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  self->stack = dossier_sidebar_list_new (g_object_ref (G_LIST_MODEL (self->sorted)), factory,
                                         _("Timeline"), _("No dated events yet"),
                                         &self->list_view, NULL);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (on_activate), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->box), self->stack);
}

GtkWidget *
dossier_timeline_sidebar_new (void)
{
  return g_object_new (DOSSIER_TYPE_TIMELINE_SIDEBAR, NULL);
}
