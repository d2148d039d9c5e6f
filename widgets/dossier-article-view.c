/* dossier-article-view.c — the article with its highlights
 *
 * One GtkTextTag per label. The view mirrors the document's annotation list
 * (with the span and label it last drew for each) so that an edit re-draws
 * only what it touched. Highlighting a whole article is chunked with
 * gtk_source_scheduler_add() so a long article never freezes the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-article-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "dossier-article-view.h"

typedef struct
{
  DossierAnnotation *annotation;
  char              *label;  /* as drawn */
  guint              start;
  guint              end;
} Drawn;

struct _DossierArticleView
{
  GtkWidget        parent_instance;

  GtkWidget       *scroller;
  GtkSourceView   *source_view;
  GtkSourceBuffer *buffer;

  DossierProject  *project;
  DossierDocument *document;
  GHashTable      *tags;      /* label → GtkTextTag */
  GArray          *drawn;     /* Drawn, in the document's annotation order */
  guint            next_to_draw;
  gsize            scheduler_id;
};

G_DEFINE_FINAL_TYPE (DossierArticleView, dossier_article_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_HIGHLIGHTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Drawing order: later tags win where spans overlap, so quotes go first. */
static const char * const label_order[] = {
  "QUOTE", "TITLE", "MISC", "PLACE", "ORG", "PERSON", "SET", "DURATION", "TIME", "DATE", NULL
};

static void
clear_drawn (gpointer data)
{
  Drawn *d = data;
  g_clear_object (&d->annotation);
  g_clear_pointer (&d->label, g_free);
}

static void
update_tag_colours (DossierArticleView *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GHashTableIter iter;
  gpointer key, value;

  /* the page follows the light or dark style, like the rest of the window */
  gtk_source_buffer_set_style_scheme (self->buffer,
    gtk_source_style_scheme_manager_get_scheme (gtk_source_style_scheme_manager_get_default (),
                                                dark ? "Adwaita-dark" : "Adwaita"));

  if (self->project == NULL)
    return;

  g_hash_table_iter_init (&iter, self->tags);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      DossierLabel *label = dossier_label_set_lookup (dossier_project_get_labels (self->project), key);
      GdkRGBA base, tint;

      if (label == NULL || !gdk_rgba_parse (&base, dossier_label_get_color (label)))
        gdk_rgba_parse (&base, "#888888");
      tint = base;
      if (g_strcmp0 (key, "QUOTE") == 0)
        tint.alpha = dark ? 0.22 : 0.13;
      else
        tint.alpha = dark ? 0.38 : 0.22;

      if (g_strcmp0 (key, "TITLE") == 0)
        g_object_set (value, "underline", PANGO_UNDERLINE_SINGLE, "underline-rgba", &base,
                      "background-set", FALSE, NULL);
      else
        g_object_set (value, "background-rgba", &tint, "underline",
                      g_strcmp0 (key, "QUOTE") == 0 ? PANGO_UNDERLINE_NONE : PANGO_UNDERLINE_SINGLE,
                      "underline-rgba", &base, NULL);
    }
}

static GtkTextTag *
ensure_tag (DossierArticleView *self,
            const char         *label)
{
  GtkTextTag *tag = g_hash_table_lookup (self->tags, label);

  if (tag == NULL)
    {
      g_autofree char *name = g_strconcat ("dossier:", label, NULL);
      tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), name, NULL);
      g_hash_table_insert (self->tags, g_strdup (label), tag);
      update_tag_colours (self);
    }
  return tag;
}

static void
create_tags (DossierArticleView *self)
{
  for (guint i = 0; label_order[i]; i++)
    ensure_tag (self, label_order[i]);
}

static void
tag_range (DossierArticleView *self,
           const char         *label,
           guint               start,
           guint               end,
           gboolean            apply)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextTag *tag = ensure_tag (self, label);
  GtkTextIter a, b;

  gtk_text_buffer_get_iter_at_offset (buffer, &a, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, end);
  if (apply)
    gtk_text_buffer_apply_tag (buffer, tag, &a, &b);
  else
    gtk_text_buffer_remove_tag (buffer, tag, &a, &b);
}

static void
draw_entry (DossierArticleView *self,
            Drawn              *d)
{
  g_free (d->label);
  d->label = g_strdup (dossier_annotation_get_label (d->annotation));
  d->start = dossier_annotation_get_start (d->annotation);
  d->end = dossier_annotation_get_end (d->annotation);
  tag_range (self, d->label, d->start, d->end, TRUE);
}

/* Removes a drawn span, then redraws other annotations of that label it overlapped. */
static void
undraw_span (DossierArticleView *self,
             const char         *label,
             guint               start,
             guint               end)
{
  tag_range (self, label, start, end, FALSE);
  for (guint i = 0; i < MIN (self->next_to_draw, self->drawn->len); i++)
    {
      Drawn *d = &g_array_index (self->drawn, Drawn, i);
      if (d->start >= end)
        break;
      if (d->end > start && d->label && g_strcmp0 (d->label, label) == 0)
        tag_range (self, label, MAX (d->start, start), MIN (d->end, end), TRUE);
    }
}

static gboolean
draw_some (gint64   deadline,
           gpointer user_data)
{
  DossierArticleView *self = user_data;

  while (self->next_to_draw < self->drawn->len)
    {
      draw_entry (self, &g_array_index (self->drawn, Drawn, self->next_to_draw));
      self->next_to_draw++;
      if ((self->next_to_draw & 63) == 0 && g_get_monotonic_time () >= deadline)
        return G_SOURCE_CONTINUE;
    }
  self->scheduler_id = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHTED]);
  return G_SOURCE_REMOVE;
}

static void
finish_drawing (DossierArticleView *self)
{
  if (self->scheduler_id != 0)
    {
      gtk_source_scheduler_clear (&self->scheduler_id);
      draw_some (G_MAXINT64, self);
    }
}

static void
on_items_changed (DossierArticleView *self,
                  guint               position,
                  guint               removed,
                  guint               added,
                  GListModel         *model)
{
  g_autoptr(GArray) gone = NULL;

  finish_drawing (self);

  /* take the removed entries out first, so redrawing overlaps sees only survivors */
  gone = g_array_new (FALSE, TRUE, sizeof (Drawn));
  g_array_set_clear_func (gone, clear_drawn);
  g_array_append_vals (gone, &g_array_index (self->drawn, Drawn, position), removed);
  /* ownership moved to @gone: remove without clearing */
  g_array_set_clear_func (self->drawn, NULL);
  g_array_remove_range (self->drawn, position, removed);
  g_array_set_clear_func (self->drawn, clear_drawn);
  self->next_to_draw = self->drawn->len;

  for (guint i = 0; i < gone->len; i++)
    {
      Drawn *d = &g_array_index (gone, Drawn, i);
      if (d->label)
        undraw_span (self, d->label, d->start, d->end);
    }

  for (guint i = 0; i < added; i++)
    {
      Drawn d = { g_list_model_get_item (model, position + i), NULL, 0, 0 };
      g_array_insert_val (self->drawn, position + i, d);
      self->next_to_draw++;
      draw_entry (self, &g_array_index (self->drawn, Drawn, position + i));
    }
}

static void
on_annotation_changed (DossierArticleView *self,
                       DossierAnnotation  *annotation,
                       DossierDocument    *document)
{
  finish_drawing (self);

  for (guint i = 0; i < self->drawn->len; i++)
    {
      Drawn *d = &g_array_index (self->drawn, Drawn, i);
      if (d->annotation == annotation)
        {
          g_autofree char *old_label = g_steal_pointer (&d->label);
          undraw_span (self, old_label, d->start, d->end);
          draw_entry (self, d);
          return;
        }
    }
}

static void
cancel_drawing (DossierArticleView *self)
{
  gtk_source_scheduler_clear (&self->scheduler_id);
}

void
dossier_article_view_set_document (DossierArticleView *self,
                                   DossierProject     *project,
                                   DossierDocument    *document)
{
  GListModel *annotations;
  guint n;

  g_return_if_fail (DOSSIER_IS_ARTICLE_VIEW (self));
  g_return_if_fail (!project || DOSSIER_IS_PROJECT (project));
  g_return_if_fail (!document || DOSSIER_IS_DOCUMENT (document));

  if (self->document == document && self->project == project)
    return;

  cancel_drawing (self);
  if (self->document)
    {
      g_signal_handlers_disconnect_by_data (dossier_document_get_annotations (self->document), self);
      g_signal_handlers_disconnect_by_data (self->document, self);
    }
  g_set_object (&self->project, project);
  g_set_object (&self->document, document);
  g_array_set_size (self->drawn, 0);
  self->next_to_draw = 0;

  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer),
                            document ? dossier_document_get_text (document) : "", -1);
  update_tag_colours (self);

  if (document != NULL)
    {
      GtkTextIter start;

      annotations = dossier_document_get_annotations (document);
      n = g_list_model_get_n_items (annotations);
      g_array_set_size (self->drawn, n);
      for (guint i = 0; i < n; i++)
        g_array_index (self->drawn, Drawn, i).annotation = g_list_model_get_item (annotations, i);
      g_signal_connect_object (annotations, "items-changed", G_CALLBACK (on_items_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (document, "annotation-changed", G_CALLBACK (on_annotation_changed),
                               self, G_CONNECT_SWAPPED);
      self->scheduler_id = gtk_source_scheduler_add (draw_some, self);

      gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (self->buffer), &start);
      gtk_text_buffer_select_range (GTK_TEXT_BUFFER (self->buffer), &start, &start);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHTED]);
}

DossierDocument *
dossier_article_view_get_document (DossierArticleView *self)
{
  g_return_val_if_fail (DOSSIER_IS_ARTICLE_VIEW (self), NULL);
  return self->document;
}

GtkSourceView *
dossier_article_view_get_source_view (DossierArticleView *self)
{
  g_return_val_if_fail (DOSSIER_IS_ARTICLE_VIEW (self), NULL);
  return self->source_view;
}

GtkTextBuffer *
dossier_article_view_get_buffer (DossierArticleView *self)
{
  g_return_val_if_fail (DOSSIER_IS_ARTICLE_VIEW (self), NULL);
  return GTK_TEXT_BUFFER (self->buffer);
}

GtkTextTag *
dossier_article_view_get_label_tag (DossierArticleView *self,
                                    const char         *label)
{
  g_return_val_if_fail (DOSSIER_IS_ARTICLE_VIEW (self), NULL);
  return g_hash_table_lookup (self->tags, label);
}

gboolean
dossier_article_view_is_highlighted (DossierArticleView *self)
{
  g_return_val_if_fail (DOSSIER_IS_ARTICLE_VIEW (self), FALSE);
  return self->scheduler_id == 0 && self->next_to_draw >= self->drawn->len;
}

void
dossier_article_view_select_range (DossierArticleView *self,
                                   guint               start,
                                   guint               end)
{
  GtkTextBuffer *buffer;
  GtkTextIter a, b;

  g_return_if_fail (DOSSIER_IS_ARTICLE_VIEW (self));

  buffer = GTK_TEXT_BUFFER (self->buffer);
  gtk_text_buffer_get_iter_at_offset (buffer, &a, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, end);
  gtk_text_buffer_select_range (buffer, &a, &b);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->source_view), &a, 0.15, FALSE, 0, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

/* "PERSON · Donald Trump · found by the model (97%)" */
static char *
describe_annotation (DossierArticleView *self,
                     DossierAnnotation  *a)
{
  GString *s = g_string_new (dossier_annotation_get_label (a));
  DossierEntity *entity = NULL;

  if (dossier_annotation_get_speaker (a))
    {
      entity = dossier_project_find_entity (self->project, dossier_annotation_get_speaker (a));
      if (entity)
        g_string_append_printf (s, " · %s %s", _("said by"), dossier_entity_get_name (entity));
    }
  else if (g_strcmp0 (dossier_annotation_get_label (a), "QUOTE") == 0)
    g_string_append_printf (s, " · %s", _("speaker unknown"));
  else if ((entity = dossier_project_find_entity (self->project, dossier_annotation_get_entity (a))))
    {
      g_string_append_printf (s, " · %s", dossier_entity_get_name (entity));
      if (dossier_entity_get_title (entity))
        g_string_append_printf (s, ", %s", dossier_entity_get_title (entity));
    }
  if (dossier_annotation_get_value (a))
    {
      g_string_append_printf (s, " · %s", dossier_annotation_get_value (a));
      if (dossier_annotation_get_mod (a))
        g_string_append_printf (s, " (%s)", dossier_annotation_get_mod (a));
    }
  if (dossier_annotation_get_origin (a) == DOSSIER_ORIGIN_HUMAN)
    g_string_append_printf (s, " · %s", _("edited by you"));
  else if (dossier_annotation_get_confidence (a) >= 0)
    g_string_append_printf (s, " · %s (%.0f%%)", _("found by the model"),
                            dossier_annotation_get_confidence (a) * 100);
  return g_string_free (s, FALSE);
}

static gboolean
on_query_tooltip (DossierArticleView *self,
                  int                 x,
                  int                 y,
                  gboolean            keyboard,
                  GtkTooltip         *tooltip,
                  GtkWidget          *widget)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->source_view);
  g_autofree char *text = NULL;
  DossierAnnotation *a;
  GtkTextIter iter;
  int bx, by;

  if (self->document == NULL)
    return FALSE;
  if (keyboard)
    gtk_text_buffer_get_iter_at_mark (GTK_TEXT_BUFFER (self->buffer), &iter,
                                      gtk_text_buffer_get_insert (GTK_TEXT_BUFFER (self->buffer)));
  else
    {
      gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
      if (!gtk_text_view_get_iter_at_location (view, &iter, bx, by))
        return FALSE;
    }
  a = dossier_document_annotation_at (self->document, gtk_text_iter_get_offset (&iter));
  if (a == NULL)
    return FALSE;
  text = describe_annotation (self, a);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
dossier_article_view_dispose (GObject *object)
{
  DossierArticleView *self = (DossierArticleView *)object;

  cancel_drawing (self);
  if (self->document)
    {
      g_signal_handlers_disconnect_by_data (dossier_document_get_annotations (self->document), self);
      g_signal_handlers_disconnect_by_data (self->document, self);
    }
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_object (&self->document);
  g_clear_object (&self->project);
  g_clear_pointer (&self->drawn, g_array_unref);
  g_clear_pointer (&self->tags, g_hash_table_unref);

  G_OBJECT_CLASS (dossier_article_view_parent_class)->dispose (object);
}

static void
dossier_article_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DossierArticleView *self = DOSSIER_ARTICLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_HIGHLIGHTED:
      g_value_set_boolean (value, dossier_article_view_is_highlighted (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_article_view_class_init (DossierArticleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_article_view_dispose;
  object_class->get_property = dossier_article_view_get_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, DOSSIER_TYPE_DOCUMENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HIGHLIGHTED] =
    g_param_spec_boolean ("highlighted", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "articleview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
dossier_article_view_init (DossierArticleView *self)
{
  GtkWidget *clamp;

  self->tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->drawn = g_array_new (FALSE, TRUE, sizeof (Drawn));
  g_array_set_clear_func (self->drawn, clear_drawn);

  self->buffer = gtk_source_buffer_new (NULL);
  /* the article is read-only: there is no text history to keep */
  gtk_text_buffer_set_enable_undo (GTK_TEXT_BUFFER (self->buffer), FALSE);
  gtk_source_buffer_set_highlight_matching_brackets (self->buffer, FALSE);

  self->source_view = GTK_SOURCE_VIEW (gtk_source_view_new_with_buffer (self->buffer));
  g_object_unref (self->buffer);
  g_object_set (self->source_view,
                "editable", FALSE,
                "cursor-visible", TRUE,
                "wrap-mode", GTK_WRAP_WORD_CHAR,
                "left-margin", 24,
                "right-margin", 24,
                "top-margin", 24,
                "bottom-margin", 48,
                "pixels-below-lines", 12,
                "pixels-inside-wrap", 3,
                "has-tooltip", TRUE,
                NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->source_view), "article");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->source_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Article"),
                                  -1);
  g_signal_connect_object (self->source_view, "query-tooltip", G_CALLBACK (on_query_tooltip), self,
                           G_CONNECT_SWAPPED);

  clamp = adw_clamp_scrollable_new ();
  adw_clamp_scrollable_set_maximum_size (ADW_CLAMP_SCROLLABLE (clamp), 760);
  adw_clamp_scrollable_set_tightening_threshold (ADW_CLAMP_SCROLLABLE (clamp), 600);
  adw_clamp_scrollable_set_child (ADW_CLAMP_SCROLLABLE (clamp), GTK_WIDGET (self->source_view));

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), clamp);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  create_tags (self);
  update_tag_colours (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_tag_colours), self, G_CONNECT_SWAPPED);
}

GtkWidget *
dossier_article_view_new (void)
{
  return g_object_new (DOSSIER_TYPE_ARTICLE_VIEW, NULL);
}
