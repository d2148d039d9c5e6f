/* dossier-people-sidebar.c — one row per person: name, title, mentions, quotes
 *
 * The rows are derived from the project (entities and the annotations that
 * refer to them) and refreshed at idle after any change, so a burst of edits
 * costs one refresh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-people-sidebar"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include <adwaita.h>

#include "dossier-edit.h"
#include "dossier-people-sidebar.h"
#include "dossier-sidebar-list.h"

struct _DossierPersonRow
{
  GObject        parent_instance;
  DossierEntity *entity;
  char          *sort_key;   /* collation key of the name, made once per refresh */
  char          *name;       /* name and title as shown, to tell which rows changed */
  char          *title;
  guint          n_mentions;
  guint          n_quotes;
};

G_DEFINE_FINAL_TYPE (DossierPersonRow, dossier_person_row, G_TYPE_OBJECT)

static void
dossier_person_row_dispose (GObject *object)
{
  g_clear_object (&DOSSIER_PERSON_ROW (object)->entity);
  g_clear_pointer (&DOSSIER_PERSON_ROW (object)->sort_key, g_free);
  g_clear_pointer (&DOSSIER_PERSON_ROW (object)->name, g_free);
  g_clear_pointer (&DOSSIER_PERSON_ROW (object)->title, g_free);
  G_OBJECT_CLASS (dossier_person_row_parent_class)->dispose (object);
}

static void
dossier_person_row_class_init (DossierPersonRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dossier_person_row_dispose;
}

static void
dossier_person_row_init (DossierPersonRow *self)
{
}

DossierEntity *
dossier_person_row_get_entity (DossierPersonRow *self)
{
  g_return_val_if_fail (DOSSIER_IS_PERSON_ROW (self), NULL);
  return self->entity;
}

guint
dossier_person_row_get_n_mentions (DossierPersonRow *self)
{
  g_return_val_if_fail (DOSSIER_IS_PERSON_ROW (self), 0);
  return self->n_mentions;
}

guint
dossier_person_row_get_n_quotes (DossierPersonRow *self)
{
  g_return_val_if_fail (DOSSIER_IS_PERSON_ROW (self), 0);
  return self->n_quotes;
}

static char *
counts_text (DossierPersonRow *self)
{
  g_autofree char *mentions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u mention", "%u mentions",
                                                            self->n_mentions), self->n_mentions);
  g_autofree char *quotes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u quote", "%u quotes",
                                                          self->n_quotes), self->n_quotes);
  return g_strdup_printf ("%s, %s", mentions, quotes);
}

char *
dossier_person_row_dup_description (DossierPersonRow *self)
{
  g_autofree char *counts = NULL;
  const char *title;

  g_return_val_if_fail (DOSSIER_IS_PERSON_ROW (self), NULL);

  counts = counts_text (self);
  title = dossier_entity_get_title (self->entity);
  if (title && *title)
    return g_strdup_printf ("%s, %s, %s", dossier_entity_get_name (self->entity), title, counts);
  return g_strdup_printf ("%s, %s", dossier_entity_get_name (self->entity), counts);
}

struct _DossierPeopleSidebar
{
  GtkWidget           parent_instance;

  GtkWidget          *box;
  GtkWidget          *search;
  GtkWidget          *list_view;
  GtkWidget          *stack;
  GtkSingleSelection *selection;
  GListStore         *rows;
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  DossierProject     *project;
  guint               refresh_id;
};

G_DEFINE_FINAL_TYPE (DossierPeopleSidebar, dossier_people_sidebar, GTK_TYPE_WIDGET)

enum {
  PERSON_ACTIVATED,
  PERSON_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  DossierPersonRow *x = *(DossierPersonRow **)a;
  DossierPersonRow *y = *(DossierPersonRow **)b;
  guint wx = x->n_mentions + x->n_quotes, wy = y->n_mentions + y->n_quotes;

  /* the most present people first, then by name */
  if (wx != wy)
    return wx > wy ? -1 : 1;
  return strcmp (x->sort_key, y->sort_key);
}

static void on_selection_changed (DossierPeopleSidebar *self);

static gboolean
row_same (DossierPeopleSidebar *self,
          guint                 position,
          DossierPersonRow     *b)
{
  g_autoptr(DossierPersonRow) a = g_list_model_get_item (G_LIST_MODEL (self->rows), position);

  return a->entity == b->entity && a->n_mentions == b->n_mentions && a->n_quotes == b->n_quotes &&
         g_strcmp0 (a->name, b->name) == 0 && g_strcmp0 (a->title, b->title) == 0;
}

DossierEntity *
dossier_people_sidebar_dup_selected (DossierPeopleSidebar *self)
{
  g_autoptr(DossierPersonRow) row = NULL;

  g_return_val_if_fail (DOSSIER_IS_PEOPLE_SIDEBAR (self), NULL);

  row = gtk_single_selection_get_selected_item (self->selection)
          ? g_object_ref (gtk_single_selection_get_selected_item (self->selection)) : NULL;
  if (row == NULL || self->project == NULL ||
      dossier_project_find_entity (self->project,
                                   dossier_entity_get_id (row->entity)) != row->entity)
    return NULL;
  return g_object_ref (row->entity);
}

void
dossier_people_sidebar_select (DossierPeopleSidebar *self,
                               DossierEntity        *entity)
{
  guint n;

  g_return_if_fail (DOSSIER_IS_PEOPLE_SIDEBAR (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierPersonRow) row = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);
      if (row->entity == entity)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

static void
on_selection_changed (DossierPeopleSidebar *self)
{
  g_autoptr(DossierEntity) entity = dossier_people_sidebar_dup_selected (self);
  gboolean selected = entity != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "people.rename", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "people.set-title", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "people.merge-into", selected);
  g_signal_emit (self, signals[PERSON_SELECTED], 0, entity);
}

void
dossier_people_sidebar_refresh (DossierPeopleSidebar *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *entities;

  g_return_if_fail (DOSSIER_IS_PEOPLE_SIDEBAR (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  if (self->project != NULL)
    {
      /* one pass over the annotations counts everyone: id → guint[2] (mentions, quotes) */
      g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      GListModel *documents = dossier_project_get_documents (self->project);

      for (guint d = 0; d < g_list_model_get_n_items (documents); d++)
        {
          g_autoptr(DossierDocument) document = g_list_model_get_item (documents, d);
          GListModel *annotations = dossier_document_get_annotations (document);
          guint n = g_list_model_get_n_items (annotations);

          for (guint i = 0; i < n; i++)
            {
              g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, i);
              const char *speaker = dossier_annotation_get_speaker (a);
              const char *entity = dossier_annotation_get_entity (a);
              const char *id = speaker ? speaker : entity;
              guint *count;

              if (id == NULL ||
                  (speaker == NULL && !dossier_label_is_mention (dossier_annotation_get_label (a))))
                continue;
              if ((count = g_hash_table_lookup (counts, id)) == NULL)
                g_hash_table_insert (counts, (gpointer)id, (count = g_new0 (guint, 2)));
              count[speaker ? 1 : 0]++;
            }
        }

      entities = dossier_project_get_entities (self->project);
      for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
        {
          g_autoptr(DossierEntity) e = g_list_model_get_item (entities, i);
          DossierPersonRow *row;
          guint *count;

          if (g_strcmp0 (dossier_entity_get_kind (e), "PERSON") != 0)
            continue;
          row = g_object_new (DOSSIER_TYPE_PERSON_ROW, NULL);
          row->entity = g_object_ref (e);
          row->sort_key = g_utf8_collate_key (dossier_entity_get_name (e), -1);
          row->name = g_strdup (dossier_entity_get_name (e));
          row->title = g_strdup (dossier_entity_get_title (e));
          if ((count = g_hash_table_lookup (counts, dossier_entity_get_id (e))))
            {
              row->n_mentions = count[0];
              row->n_quotes = count[1];
            }
          g_ptr_array_add (rows, row);
        }
      g_ptr_array_sort_with_data (rows, compare_rows, NULL);
    }
  {
    g_autoptr(DossierEntity) selected = dossier_people_sidebar_dup_selected (self);
    guint n;

    guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
    guint prefix = 0, suffix = 0;

    /* only the rows that changed are replaced: the list keeps the others as they are */
    while (prefix < n_old && prefix < rows->len &&
           row_same (self, prefix, g_ptr_array_index (rows, prefix)))
      prefix++;
    while (suffix < n_old - prefix && suffix < rows->len - prefix &&
           row_same (self, n_old - 1 - suffix, g_ptr_array_index (rows, rows->len - 1 - suffix)))
      suffix++;
    if (prefix == n_old && prefix == rows->len)
      {
        gtk_stack_set_visible_child_name (GTK_STACK (self->stack), rows->len ? "list" : "empty");
        return;
      }
    g_signal_handlers_block_by_func (self->selection, on_selection_changed, self);
    g_list_store_splice (self->rows, prefix, n_old - prefix - suffix,
                         rows->pdata + prefix, rows->len - prefix - suffix);
    /* the same person stays selected through a refresh */
    n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
    for (guint i = 0; selected && i < n; i++)
      {
        g_autoptr(DossierPersonRow) row = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);
        if (row->entity == selected)
          gtk_single_selection_set_selected (self->selection, i);
      }
    g_signal_handlers_unblock_by_func (self->selection, on_selection_changed, self);
    if (selected &&
        gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
      on_selection_changed (self);
  }
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), rows->len ? "list" : "empty");
}

static gboolean
refresh_idle (gpointer data)
{
  DossierPeopleSidebar *self = data;

  self->refresh_id = 0;
  dossier_people_sidebar_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (DossierPeopleSidebar *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_LOW, refresh_idle, self, NULL);
}

void
dossier_people_sidebar_set_project (DossierPeopleSidebar *self,
                                    DossierProject       *project)
{
  g_return_if_fail (DOSSIER_IS_PEOPLE_SIDEBAR (self));

  if (self->project)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (project)
    g_signal_connect_object (project, "changed", G_CALLBACK (queue_refresh), self, G_CONNECT_SWAPPED);
  /* the article shows first; the people follow at idle */
  queue_refresh (self);
}

GListModel *
dossier_people_sidebar_get_rows (DossierPeopleSidebar *self)
{
  g_return_val_if_fail (DOSSIER_IS_PEOPLE_SIDEBAR (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

static gboolean
filter_row (gpointer item,
            gpointer user_data)
{
  DossierPeopleSidebar *self = user_data;
  DossierPersonRow *row = item;
  const char *needle = gtk_editable_get_text (GTK_EDITABLE (self->search));
  g_autofree char *folded_needle = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *description = NULL;

  if (needle == NULL || *needle == '\0')
    return TRUE;
  description = dossier_person_row_dup_description (row);
  folded = g_utf8_casefold (description, -1);
  folded_needle = g_utf8_casefold (needle, -1);
  return strstr (folded, folded_needle) != NULL;
}

static void
on_search_changed (DossierPeopleSidebar *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* ---- merging by drag and drop: drop one person onto another ---- */

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *box)
{
  DossierEntity *entity = g_object_get_data (G_OBJECT (box), "entity");

  if (entity == NULL)
    return NULL;
  return gdk_content_provider_new_typed (G_TYPE_STRING, dossier_entity_get_id (entity));
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GtkWidget     *box)
{
  DossierEntity *into = g_object_get_data (G_OBJECT (box), "entity");
  const char *from = g_value_get_string (value);

  if (into == NULL || from == NULL || g_strcmp0 (from, dossier_entity_get_id (into)) == 0)
    return FALSE;
  return gtk_widget_activate_action (box, "people.merge", "(ss)",
                                     dossier_entity_get_id (into), from);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_MOVE);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *counts = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  for (GtkWidget *w = name; w; w = w == name ? title : w == title ? counts : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (w), 0);
      gtk_label_set_ellipsize (GTK_LABEL (w), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (box), w);
    }
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (title, "dim-label");
  gtk_widget_add_css_class (counts, "caption");
  gtk_widget_add_css_class (counts, "dim-label");

  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare), box);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), box);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (drop));
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  DossierPersonRow *row = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_next_sibling (name);
  GtkWidget *counts = gtk_widget_get_next_sibling (title);
  g_autofree char *counts_str = counts_text (row);
  g_autofree char *description = dossier_person_row_dup_description (row);
  const char *title_str = dossier_entity_get_title (row->entity);

  gtk_label_set_text (GTK_LABEL (name), dossier_entity_get_name (row->entity));
  gtk_label_set_text (GTK_LABEL (title), title_str ? title_str : "");
  gtk_widget_set_visible (title, title_str != NULL && *title_str != '\0');
  gtk_label_set_text (GTK_LABEL (counts), counts_str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  gtk_widget_set_tooltip_text (box, description);
  g_object_set_data_full (G_OBJECT (box), "entity", g_object_ref (row->entity), g_object_unref);
}

static void
on_activate (DossierPeopleSidebar *self,
             guint                 position)
{
  g_autoptr(DossierPersonRow) row = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (row != NULL)
    g_signal_emit (self, signals[PERSON_ACTIVATED], 0, row->entity);
}

/* ---- actions on people: merge, rename, title ---- */

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  DossierPeopleSidebar *self = DOSSIER_PEOPLE_SIDEBAR (widget);
  const char *into_id, *from_id;
  DossierEntity *into, *from;

  g_variant_get (param, "(&s&s)", &into_id, &from_id);
  if (self->project == NULL ||
      (into = dossier_project_find_entity (self->project, into_id)) == NULL ||
      (from = dossier_project_find_entity (self->project, from_id)) == NULL || into == from)
    return;
  dossier_edit_merge_entities (self->project, into, from);
  dossier_people_sidebar_refresh (self);
  dossier_people_sidebar_select (self, into);
}

typedef struct
{
  DossierPeopleSidebar *self;
  DossierEntity        *entity;
  GtkWidget            *entry;
  GtkWidget            *dropdown;
  GPtrArray            *others;  /* DossierEntity, in the drop-down's order */
  gboolean              title;
} PersonDialog;

static void
person_dialog_free (PersonDialog *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->entity);
  g_clear_pointer (&data->others, g_ptr_array_unref);
  g_free (data);
}

static void
on_person_dialog_response (AdwMessageDialog *dialog,
                           const char       *response,
                           PersonDialog     *data)
{
  DossierPeopleSidebar *self = data->self;

  /* one answer per dialog (closing it afterwards answers "cancel" too) */
  g_signal_handlers_disconnect_by_data (dialog, data);
  if (g_strcmp0 (response, "apply") == 0 && self->project != NULL &&
      dossier_project_find_entity (self->project,
                                   dossier_entity_get_id (data->entity)) == data->entity)
    {
      if (data->dropdown != NULL)
        {
          guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (data->dropdown));
          if (i < data->others->len)
            {
              DossierEntity *into = g_ptr_array_index (data->others, i);
              gtk_widget_activate_action (GTK_WIDGET (self), "people.merge", "(ss)",
                                          dossier_entity_get_id (into),
                                          dossier_entity_get_id (data->entity));
            }
        }
      else if (data->title)
        dossier_edit_set_entity_title (self->project, data->entity,
                                       gtk_editable_get_text (GTK_EDITABLE (data->entry)));
      else
        dossier_edit_rename_entity (self->project, data->entity,
                                    gtk_editable_get_text (GTK_EDITABLE (data->entry)));
    }
  person_dialog_free (data);
}

static void
on_dialog_entry_activate (AdwMessageDialog *dialog)
{
  /* Enter answers like the default button, and the dialog goes as it would then */
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, "apply");
  gtk_window_close (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

static void
person_dialog_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  DossierPeopleSidebar *self = DOSSIER_PEOPLE_SIDEBAR (widget);
  g_autoptr(DossierEntity) entity = dossier_people_sidebar_dup_selected (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  PersonDialog *data;
  GtkWidget *dialog;
  g_autofree char *heading = NULL;
  const char *apply, *body;

  if (entity == NULL)
    return;

  data = g_new0 (PersonDialog, 1);
  data->self = g_object_ref (self);
  data->entity = g_object_ref (entity);

  if (g_str_equal (action_name, "people.merge-into"))
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
      GListModel *entities = dossier_project_get_entities (self->project);

      data->others = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
        {
          DossierEntity *e = g_list_model_get_item (entities, i);
          if (e != entity && g_strcmp0 (dossier_entity_get_kind (e), "PERSON") == 0)
            {
              gtk_string_list_append (names, dossier_entity_get_name (e));
              g_ptr_array_add (data->others, e);
            }
          else
            g_object_unref (e);
        }
      /* Translators: Merge “Peskov” Into… */
      heading = g_strdup_printf (_("Merge “%s” Into…"), dossier_entity_get_name (entity));
      dialog = adw_message_dialog_new (GTK_WINDOW (root), heading,
                                       _("Its mentions and quotes go to the person you pick; "
                                         "its names become theirs too."));
      data->dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (data->dropdown),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Person to merge into"), -1);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), data->dropdown);
      apply = _("_Merge");
    }
  else
    {
      data->title = g_str_equal (action_name, "people.set-title");
      heading = g_strdup_printf (data->title ? _("Title of “%s”") : _("Rename “%s”"),
                                 dossier_entity_get_name (entity));
      body = data->title ? _("A role such as “Kremlin spokesman”.")
                         : _("The old name stays known as another name for them.");
      dialog = adw_message_dialog_new (GTK_WINDOW (root), heading, body);
      data->entry = gtk_entry_new ();
      if (data->title)
        gtk_editable_set_text (GTK_EDITABLE (data->entry),
                               dossier_entity_get_title (entity) ? dossier_entity_get_title (entity)
                                                                 : "");
      else
        gtk_editable_set_text (GTK_EDITABLE (data->entry), dossier_entity_get_name (entity));
      gtk_accessible_update_property (GTK_ACCESSIBLE (data->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      data->title ? _("Title") : _("Name"), -1);
      g_signal_connect_swapped (data->entry, "activate", G_CALLBACK (on_dialog_entry_activate),
                                dialog);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), data->entry);
      apply = data->title ? _("_Set Title") : _("_Rename");
    }
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "apply", apply, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "apply",
                                           data->entry != NULL || data->others->len > 0);
  g_signal_connect (dialog, "response", G_CALLBACK (on_person_dialog_response), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
dossier_people_sidebar_dispose (GObject *object)
{
  DossierPeopleSidebar *self = (DossierPeopleSidebar *)object;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->project)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->project);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->filtered);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (dossier_people_sidebar_parent_class)->dispose (object);
}

static void
dossier_people_sidebar_class_init (DossierPeopleSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_people_sidebar_dispose;

  /* The user picked a person (click or Enter). */
  signals[PERSON_ACTIVATED] = g_signal_new ("person-activated", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, DOSSIER_TYPE_ENTITY);
  /* The selected person changed (NULL: none); their mentions stand out in the article. */
  signals[PERSON_SELECTED] = g_signal_new ("person-selected", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, DOSSIER_TYPE_ENTITY);

  gtk_widget_class_install_action (widget_class, "people.merge", "(ss)", merge_action);
  gtk_widget_class_install_action (widget_class, "people.rename", NULL, person_dialog_action);
  gtk_widget_class_install_action (widget_class, "people.set-title", NULL, person_dialog_action);
  gtk_widget_class_install_action (widget_class, "people.merge-into", NULL, person_dialog_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "peoplesidebar");
}

static void
dossier_people_sidebar_init (DossierPeopleSidebar *self)
{
  GtkListItemFactory *factory;
  GtkWidget *heading;

  self->rows = g_list_store_new (DOSSIER_TYPE_PERSON_ROW);
  self->filter = gtk_custom_filter_new (filter_row, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->rows)),
                                              GTK_FILTER (self->filter));

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  heading = gtk_label_new (_("People"));
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_set_hexpand (heading, TRUE);
  {
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *menu_button = gtk_menu_button_new ();
    g_autoptr(GMenu) menu = g_menu_new ();

    g_menu_append (menu, _("_Rename…"), "people.rename");
    g_menu_append (menu, _("Set _Title…"), "people.set-title");
    g_menu_append (menu, _("_Merge Into…"), "people.merge-into");
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
    gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
    gtk_widget_add_css_class (menu_button, "flat");
    gtk_widget_set_tooltip_text (menu_button,
                                 _("Rename, set the title of, or merge the selected person"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Person Menu"), -1);
    gtk_widget_set_margin_start (row, 12);
    gtk_widget_set_margin_end (row, 6);
    gtk_widget_set_margin_top (row, 6);
    gtk_box_append (GTK_BOX (row), heading);
    gtk_box_append (GTK_BOX (row), menu_button);
    gtk_box_append (GTK_BOX (self->box), row);
  }

  self->search = gtk_search_entry_new ();
  g_object_set (self->search, "placeholder-text", _("Filter people"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Filter people"), -1);
  gtk_widget_set_margin_start (self->search, 12);
  gtk_widget_set_margin_end (self->search, 12);
  gtk_widget_set_margin_top (self->search, 8);
  gtk_widget_set_margin_bottom (self->search, 8);
  g_signal_connect_object (self->search, "search-changed", G_CALLBACK (on_search_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->box), self->search);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  self->stack = dossier_sidebar_list_new (g_object_ref (G_LIST_MODEL (self->filtered)), factory,
                                         _("People"), _("No people found yet"),
                                         &self->list_view, &self->selection);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (on_selection_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (on_activate), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->box), self->stack);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "people.rename", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "people.set-title", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "people.merge-into", FALSE);
}

GtkWidget *
dossier_people_sidebar_new (void)
{
  return g_object_new (DOSSIER_TYPE_PEOPLE_SIDEBAR, NULL);
}
