/* dossier-annotation-popover.c — label, link, resize or delete one annotation
 *
 * The popover only shows and asks; every change goes through the
 * "annotation.*" actions of the article view it belongs to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-annotation-popover"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-annotation-popover.h"
#include "dossier-timex.h"

#define MAX_MATCHES    6
#define MAX_UNFILTERED 3

struct _DossierAnnotationPopover
{
  GtkPopover         parent_instance;

  /* template */
  GtkScrolledWindow *scroller;
  GtkLabel          *heading;
  GtkLabel          *origin_label;
  GtkFlowBox        *labels_box;
  GtkWidget         *entity_group;
  GtkLabel          *entity_heading;
  GtkSearchEntry    *entity_entry;
  GtkListBox        *entity_list;
  GtkWidget         *value_group;
  GtkEntry          *value_entry;
  GtkWidget         *value_button;
  GtkDropDown       *mod_dropdown;
  GtkLabel          *value_description;
  GtkWidget         *quote_group;
  GtkDropDown       *kind_dropdown;
  GtkLabel          *source_label;
  GtkWidget         *source_use;
  GtkWidget         *source_clear;
  GtkLabel          *cue_label;
  GtkWidget         *cue_use;
  GtkWidget         *cue_clear;
  GtkLabel          *picked_label;
  GtkWidget         *edit_group;
  GtkWidget         *label_all_button;

  DossierProject    *project;
  DossierAnnotation *annotation;
  char              *heading_text;
  char              *picked;    /* the last words selected (not a quote), or NULL */
  gboolean           filling;   /* showing a target: widget changes are no edits */
};

G_DEFINE_FINAL_TYPE (DossierAnnotationPopover, dossier_annotation_popover, GTK_TYPE_POPOVER)

static const char *
label_display_name (const char *label)
{
  static const struct { const char *name; const char *display; } names[] = {
    { "PERSON", N_("Person") }, { "ORG", N_("Organisation") }, { "PLACE", N_("Place") },
    { "MISC", N_("Other Name") }, { "DATE", N_("Date") }, { "TIME", N_("Time") },
    { "DURATION", N_("Duration") }, { "SET", N_("Recurring") }, { "QUOTE", N_("Quote") },
    { "TITLE", N_("Title") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (names[i].name, label) == 0)
      return _(names[i].display);
  return label;
}

static gboolean
is_quote (DossierAnnotation *a)
{
  return a != NULL && g_strcmp0 (dossier_annotation_get_label (a), "QUOTE") == 0;
}

/* The entity type the type-ahead offers: people for quotes, the mention's own type otherwise. */
static const char *
wanted_kind (DossierAnnotationPopover *self)
{
  if (is_quote (self->annotation))
    return "PERSON";
  return dossier_annotation_get_label (self->annotation);
}

static const char *
current_entity (DossierAnnotationPopover *self)
{
  return is_quote (self->annotation) ? dossier_annotation_get_speaker (self->annotation)
                                     : dossier_annotation_get_entity (self->annotation);
}

static GtkWidget *
entity_row_new (const char *id,
                const char *name,
                const char *subtitle)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *title = gtk_label_new (name);
  g_autofree char *accessible = subtitle ? g_strdup_printf ("%s, %s", name, subtitle)
                                         : g_strdup (name);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 10);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), title);
  if (subtitle)
    {
      GtkWidget *sub = gtk_label_new (subtitle);
      gtk_label_set_xalign (GTK_LABEL (sub), 0);
      gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (sub, "caption");
      gtk_widget_add_css_class (sub, "dim-label");
      gtk_box_append (GTK_BOX (box), sub);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_object_set_data_full (G_OBJECT (row), "entity-id", g_strdup (id), g_free);
  return row;
}

static gboolean
name_matches (DossierEntity *e,
              const char    *folded_needle)
{
  g_autofree char *name = g_utf8_casefold (dossier_entity_get_name (e), -1);
  const char * const *aliases = dossier_entity_get_aliases (e);

  if (strstr (name, folded_needle))
    return TRUE;
  for (guint i = 0; aliases[i]; i++)
    {
      g_autofree char *alias = g_utf8_casefold (aliases[i], -1);
      if (strstr (alias, folded_needle))
        return TRUE;
    }
  return FALSE;
}

static void
fill_entity_list (DossierAnnotationPopover *self)
{
  const char *needle = gtk_editable_get_text (GTK_EDITABLE (self->entity_entry));
  g_autofree char *folded = g_utf8_casefold (needle ? needle : "", -1);
  GListModel *entities;
  const char *kind;
  g_autofree char *new_label = NULL;
  DossierEntity *linked;
  guint shown = 0, limit;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->entity_list))))
    gtk_list_box_remove (self->entity_list, child);
  if (self->project == NULL || self->annotation == NULL)
    return;

  kind = wanted_kind (self);
  entities = dossier_project_get_entities (self->project);
  /* the linked one first; then, as the user types, the names that match */
  linked = dossier_project_find_entity (self->project, current_entity (self));
  if (linked != NULL)
    {
      gtk_list_box_append (self->entity_list, entity_row_new (dossier_entity_get_id (linked),
                                                              dossier_entity_get_name (linked),
                                                              _("Linked now")));
      shown++;
    }
  limit = *folded ? MAX_MATCHES : MAX_UNFILTERED;
  for (guint i = 0; i < g_list_model_get_n_items (entities) && shown < limit; i++)
    {
      g_autoptr(DossierEntity) e = g_list_model_get_item (entities, i);

      if (e == linked || g_strcmp0 (dossier_entity_get_kind (e), kind) != 0 ||
          !name_matches (e, folded))
        continue;
      gtk_list_box_append (self->entity_list, entity_row_new (dossier_entity_get_id (e),
                                                              dossier_entity_get_name (e),
                                                              dossier_entity_get_title (e)));
      shown++;
    }

  /* a quote's text is no name: a new speaker needs one typed */
  if ((needle == NULL || *needle == '\0') && is_quote (self->annotation))
    return;
  /* Translators: a row that makes a new person (or organisation …) named as typed */
  new_label = g_strdup_printf (_("New: “%s”"), needle && *needle ? needle
                               : dossier_annotation_get_text (self->annotation));
  gtk_list_box_append (self->entity_list, entity_row_new (NULL, new_label, NULL));
}

static void
on_entity_search_changed (DossierAnnotationPopover *self)
{
  fill_entity_list (self);
}

static void
choose_entity (DossierAnnotationPopover *self,
               const char               *id)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->entity_entry));

  gtk_widget_activate_action (GTK_WIDGET (self), "annotation.link", "(ss)",
                              id ? id : "", id ? "" : (typed ? typed : ""));
}

static void
on_entity_row_activated (DossierAnnotationPopover *self,
                         GtkListBoxRow            *row)
{
  choose_entity (self, g_object_get_data (G_OBJECT (row), "entity-id"));
}

static void
on_entity_entry_activate (DossierAnnotationPopover *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->entity_list, 0);

  if (first != NULL)
    choose_entity (self, g_object_get_data (G_OBJECT (first), "entity-id"));
}

/* In the order of the modifier list in the template; "" is none. */
static const char * const timex_mods[] = {
  "", "START", "MID", "END", "APPROX", "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER",
  "EQUAL_OR_LESS", "EQUAL_OR_MORE", "LESS_THAN", "MORE_THAN",
};

static const char *
chosen_mod (DossierAnnotationPopover *self)
{
  guint i = gtk_drop_down_get_selected (self->mod_dropdown);

  return i < G_N_ELEMENTS (timex_mods) ? timex_mods[i] : "";
}

static void
show_mod (DossierAnnotationPopover *self,
          const char               *mod)
{
  guint chosen = 0;

  for (guint i = 1; i < G_N_ELEMENTS (timex_mods); i++)
    if (g_strcmp0 (mod, timex_mods[i]) == 0)
      chosen = i;
  gtk_drop_down_set_selected (self->mod_dropdown, chosen);
}

static gboolean
value_is_valid (const char *value)
{
  return value != NULL && *value != '\0' && dossier_timex_value_is_valid (value);
}

static void
on_value_changed (DossierAnnotationPopover *self)
{
  const char *value = gtk_editable_get_text (GTK_EDITABLE (self->value_entry));
  const char *mod = chosen_mod (self);

  if (value_is_valid (value))
    {
      g_autofree char *described = dossier_timex_value_describe (value, *mod ? mod : NULL);
      gtk_label_set_text (self->value_description, described);
      gtk_widget_remove_css_class (GTK_WIDGET (self->value_description), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->value_entry), "error");
    }
  else
    {
      gtk_label_set_text (self->value_description,
                          _("Not a TIMEX3 value: try 2025-02-09, 2025-02, 2025-W06, "
                            "2025-Q1 or P3Y"));
      gtk_widget_add_css_class (GTK_WIDGET (self->value_description), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->value_entry), "error");
    }
  gtk_widget_set_sensitive (self->value_button, value_is_valid (value));
}

static void
on_value_activate (DossierAnnotationPopover *self)
{
  const char *value = gtk_editable_get_text (GTK_EDITABLE (self->value_entry));

  if (value_is_valid (value))
    gtk_widget_activate_action (GTK_WIDGET (self), "annotation.set-date", "(ss)", value,
                                chosen_mod (self));
}

/* In the order of the kind list in the template. */
static const char * const quote_kinds[] = { "direct", "indirect", "mixed" };

static void
on_kind_changed (DossierAnnotationPopover *self)
{
  guint i = gtk_drop_down_get_selected (self->kind_dropdown);

  if (self->filling || self->annotation == NULL || i >= G_N_ELEMENTS (quote_kinds))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "annotation.set-kind", "s", quote_kinds[i]);
}

static void
show_quote_part (GtkLabel   *label,
                 GtkWidget  *clear,
                 const char *part,
                 gboolean    has,
                 const char *text)
{
  g_autofree char *quoted = has ? g_strdup_printf ("“%s”", text) : NULL;
  /* Translators: what a screen reader says for a quote's source or cue: "Source: Trump" */
  g_autofree char *accessible = g_strdup_printf (_("%s: %s"), part, has ? text : _("none"));

  gtk_label_set_text (label, has ? quoted : _("None"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  if (has)
    gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
  gtk_widget_set_sensitive (clear, has);
}

static void
fill_quote (DossierAnnotationPopover *self)
{
  const char *kind = dossier_annotation_get_kind (self->annotation);
  const char *text = NULL;
  guint chosen = 0;
  gboolean has;

  for (guint i = 0; i < G_N_ELEMENTS (quote_kinds); i++)
    if (g_strcmp0 (kind, quote_kinds[i]) == 0)
      chosen = i;
  gtk_drop_down_set_selected (self->kind_dropdown, chosen);

  has = dossier_annotation_get_source (self->annotation, NULL, NULL, &text);
  show_quote_part (self->source_label, self->source_clear, C_("quote part", "Source"), has, text);
  has = dossier_annotation_get_cue (self->annotation, NULL, NULL, &text);
  show_quote_part (self->cue_label, self->cue_clear, C_("quote part", "Cue"), has, text);

  gtk_widget_set_sensitive (self->source_use, self->picked != NULL);
  gtk_widget_set_sensitive (self->cue_use, self->picked != NULL);
  if (self->picked != NULL)
    {
      /* Translators: the words the user selected last, offered as a quote's source or cue */
      g_autofree char *selected = g_strdup_printf (_("Selection: “%s”"), self->picked);
      gtk_label_set_text (self->picked_label, selected);
    }
  else
    gtk_label_set_text (self->picked_label, _("To set the source or cue, select its words "
                                              "first, then open this quote again"));
}

static void
fill_labels (DossierAnnotationPopover *self)
{
  GListModel *labels;
  GtkWidget *child;
  const char *current = self->annotation ? dossier_annotation_get_label (self->annotation) : NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->labels_box))))
    gtk_flow_box_remove (self->labels_box, child);
  if (self->project == NULL)
    return;

  labels = dossier_project_get_labels (self->project);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(DossierLabel) label = g_list_model_get_item (labels, i);
      const char *name = dossier_label_get_name (label);
      const char *key = dossier_label_get_key (label);
      g_autofree char *text = key ? g_strdup_printf ("%s  %s", key, label_display_name (name))
                                  : g_strdup (label_display_name (name));
      g_autofree char *accessible = NULL;
      g_autofree char *css = g_strdup_printf ("label-%s", name);
      GtkWidget *button = gtk_button_new_with_label (text);

      if (key)
        /* Translators: "Label as Person, key 1" */
        accessible = g_strdup_printf (_("Label as %s, key %s"), label_display_name (name), key);
      else
        accessible = g_strdup_printf (_("Label as %s"), label_display_name (name));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
      gtk_widget_set_tooltip_text (button, accessible);
      if (g_strcmp0 (current, name) == 0)
        {
          gtk_widget_add_css_class (button, "suggested-action");
          gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_PRESSED,
                                       GTK_ACCESSIBLE_TRISTATE_TRUE, -1);
        }
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "annotation.label");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", name);
      gtk_widget_add_css_class (button, "label-button");
      gtk_widget_add_css_class (button, css);
      gtk_flow_box_append (self->labels_box, button);
    }
}

static gboolean
starts_with_quote_mark (const char *text)
{
  static const gunichar marks[] = { '"', '\'', 0x201C, 0x2018, 0x00AB, 0x201E };
  gunichar c = g_utf8_get_char (text);

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (c == marks[i])
      return TRUE;
  return FALSE;
}

/* A long quote (or a whole selected article) is named by its first words. */
static char *
shorten (const char *text)
{
  const guint max_chars = 80;
  const char *cut;

  if (g_utf8_strlen (text, -1) <= max_chars)
    return g_strdup (text);
  cut = g_utf8_offset_to_pointer (text, max_chars);
  return g_strdup_printf ("%.*s…", (int)(cut - text), text);
}

void
dossier_annotation_popover_set_target (DossierAnnotationPopover *self,
                                       DossierProject           *project,
                                       DossierAnnotation        *annotation,
                                       const char               *text)
{
  const char *label;
  g_autofree char *subject = NULL;
  gboolean mention, temporal, quote;

  g_return_if_fail (DOSSIER_IS_ANNOTATION_POPOVER (self));

  g_set_object (&self->project, project);
  g_set_object (&self->annotation, annotation);
  g_clear_pointer (&self->heading_text, g_free);

  label = annotation ? dossier_annotation_get_label (annotation) : NULL;
  mention = annotation && dossier_label_is_mention (label);
  temporal = annotation && dossier_label_is_temporal (label);
  quote = is_quote (annotation);

  subject = shorten (annotation ? dossier_annotation_get_text (annotation) : text ? text : "");
  if (annotation == NULL)
    /* Translators: the popover heading over a selection: Label “Dmitry Peskov” */
    self->heading_text = g_strdup_printf (_("Label “%s”"), subject);
  else if (quote && starts_with_quote_mark (subject))
    /* a quote that brings its own quote marks gets no second pair */
    self->heading_text = g_strdup_printf (_("%s: %s"), label_display_name (label), subject);
  else
    /* Translators: Person: “Dmitry Peskov” */
    self->heading_text = g_strdup_printf (_("%s: “%s”"), label_display_name (label), subject);
  gtk_label_set_text (self->heading, self->heading_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->heading_text, -1);

  if (annotation == NULL)
    gtk_label_set_text (self->origin_label, _("Pick a label or press its number key"));
  else if (dossier_annotation_get_origin (annotation) == DOSSIER_ORIGIN_HUMAN)
    gtk_label_set_text (self->origin_label, _("Marked or corrected by you"));
  else
    {
      double sure = MAX (0, dossier_annotation_get_confidence (annotation)) * 100;
      g_autofree char *found = g_strdup_printf (_("Found by the model (%.0f%% sure); "
                                                  "any change makes it yours"), sure);
      gtk_label_set_text (self->origin_label, found);
    }

  fill_labels (self);

  gtk_widget_set_visible (self->entity_group, mention || quote);
  if (mention || quote)
    {
      const char *heading = quote ? _("Speaker")
                            : g_strcmp0 (label, "PERSON") == 0 ? _("Person") : _("Refers to");

      gtk_label_set_text (self->entity_heading, heading);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->entity_entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      quote ? _("Find the speaker")
                                            : _("Find who this refers to"), -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->entity_list),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      quote ? _("Possible speakers") : _("Possible matches"), -1);
      gtk_editable_set_text (GTK_EDITABLE (self->entity_entry), "");
      fill_entity_list (self);
    }

  gtk_widget_set_visible (self->value_group, temporal);
  if (temporal)
    {
      const char *value = dossier_annotation_get_value (annotation);
      gtk_editable_set_text (GTK_EDITABLE (self->value_entry), value ? value : "");
      show_mod (self, dossier_annotation_get_mod (annotation));
      on_value_changed (self);
    }

  gtk_widget_set_visible (self->quote_group, quote);
  if (quote)
    {
      self->filling = TRUE;
      fill_quote (self);
      self->filling = FALSE;
    }

  gtk_widget_set_visible (self->edit_group, annotation != NULL);
  gtk_widget_set_visible (self->label_all_button, annotation != NULL && !quote);
}

void
dossier_annotation_popover_set_picked (DossierAnnotationPopover *self,
                                       const char               *text)
{
  g_return_if_fail (DOSSIER_IS_ANNOTATION_POPOVER (self));

  g_free (self->picked);
  self->picked = text && *text ? shorten (text) : NULL;
}

void
dossier_annotation_popover_set_max_height (DossierAnnotationPopover *self,
                                           int                       height)
{
  g_return_if_fail (DOSSIER_IS_ANNOTATION_POPOVER (self));

  gtk_scrolled_window_set_max_content_height (self->scroller, MAX (height, 160));
}

DossierAnnotation *
dossier_annotation_popover_get_annotation (DossierAnnotationPopover *self)
{
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION_POPOVER (self), NULL);
  return self->annotation;
}

const char *
dossier_annotation_popover_get_heading (DossierAnnotationPopover *self)
{
  g_return_val_if_fail (DOSSIER_IS_ANNOTATION_POPOVER (self), NULL);
  return self->heading_text;
}

static void
dossier_annotation_popover_dispose (GObject *object)
{
  DossierAnnotationPopover *self = (DossierAnnotationPopover *)object;

  g_clear_object (&self->project);
  g_clear_object (&self->annotation);
  g_clear_pointer (&self->heading_text, g_free);
  g_clear_pointer (&self->picked, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_ANNOTATION_POPOVER);

  G_OBJECT_CLASS (dossier_annotation_popover_parent_class)->dispose (object);
}

static void
dossier_annotation_popover_class_init (DossierAnnotationPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_annotation_popover_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/dossier-annotation-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, scroller);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, heading);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, origin_label);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, labels_box);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, entity_group);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, entity_heading);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, entity_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, entity_list);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, value_group);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, value_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, value_button);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, value_description);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, mod_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, edit_group);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, quote_group);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, source_label);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, source_use);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, source_clear);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, cue_label);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, cue_use);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, cue_clear);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, picked_label);
  gtk_widget_class_bind_template_child (widget_class, DossierAnnotationPopover, label_all_button);
  gtk_widget_class_bind_template_callback (widget_class, on_entity_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entity_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_entity_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_value_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_value_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed);
}

static void
dossier_annotation_popover_init (DossierAnnotationPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dossier_annotation_popover_new (void)
{
  return g_object_new (DOSSIER_TYPE_ANNOTATION_POPOVER, NULL);
}
