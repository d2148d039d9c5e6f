/* dossier-article-view.c — the article with its highlights
 *
 * One GtkTextTag per label. The view mirrors the document's annotation list
 * (with the span and label it last drew for each) so that an edit re-draws
 * only what it touched. Highlighting a whole article is chunked with
 * slices between frames so a long article never freezes the window. (The
 * slices run just after redraws and before GtkTextView's own layout work:
 * at gtk_source_scheduler_add()'s low priority they would wait until the
 * whole article is laid out, many seconds for a long one.) While a long
 * article is drawn its buffer is taken off the view, which shows a blank
 * page for those few frames: a tag applied to a buffer on screen makes
 * GtkTextView lay out its lines again, and with the frames in between that
 * tripled the time to draw a 1 MB article.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-article-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "dossier-annotation-popover.h"
#include "dossier-article-view.h"
#include "dossier-edit.h"
#include "dossier-timex.h"
#include "dossier-tokenizer.h"

typedef struct
{
  DossierAnnotation *annotation;
  char              *label;  /* as drawn */
  guint              start;
  guint              end;
  /* a quote's source and cue as drawn; start == end when it has none */
  guint              source_start;
  guint              source_end;
  guint              cue_start;
  guint              cue_end;
} Drawn;

struct _DossierArticleView
{
  GtkWidget        parent_instance;

  GtkWidget       *scroller;
  GtkSourceView   *source_view;
  GtkSourceBuffer *buffer;
  GtkSourceBuffer *blank;     /* shown instead of the buffer while a long article is drawn */

  DossierProject  *project;
  DossierDocument *document;
  GHashTable      *tags;      /* label → GtkTextTag */
  GArray          *drawn;     /* Drawn, in the document's annotation order */
  guint            next_to_draw;  /* how many are drawn: the first ones, or the last ones */
  gboolean         backwards;     /* drawing a long article from its end */
  guint            scheduler_id;  /* idle drawing the rest of the highlights */

  GtkWidget       *popover;
  DossierTokens   *tokens;    /* for snapping to words; made on first need */
  char            *focus_id;  /* entity whose mentions and quotes stand out */
  GtkTextTag      *focus_tag;       /* their mentions: bold, double underline */
  GtkTextTag      *focus_quote_tag; /* their quotes: double underline only */
  GtkTextTag      *source_tag;      /* who a quote names as its source */
  GtkTextTag      *cue_tag;         /* the verb that introduces it */
  guint            focus_idle;
  guint            popover_idle;
  /* the last words selected outside an annotation, snapped: a quote's source or cue to be */
  guint            picked_start;
  guint            picked_end;
  guint            picked_idle;
};

G_DEFINE_FINAL_TYPE (DossierArticleView, dossier_article_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_HIGHLIGHTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A usual article (some 2,000 annotations) is highlighted at once, within
 * this budget; a longer one in slices between frames, off the view, so the
 * window keeps drawing: a slice and a frame of the blank page fit in 16 ms. */
#define FIRST_DRAW_BUDGET_USEC (12 * 1000)
#define DRAW_SLICE_USEC        (10 * 1000)
/* more than a usual article has: filled in off the view from the start */
#define LONG_ARTICLE_ANNOTATIONS 2000
/* after redraws (GDK_PRIORITY_REDRAW), before text layout (GDK_PRIORITY_REDRAW + 5) */
#define DRAW_PRIORITY          (GDK_PRIORITY_REDRAW + 2)

static void queue_focus_update (DossierArticleView *self);

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
  GtkSourceStyleScheme *scheme;

  /* the page follows the light or dark style */
  scheme = gtk_source_style_scheme_manager_get_scheme (
    gtk_source_style_scheme_manager_get_default (), dark ? "Adwaita-dark" : "Adwaita");
  if (scheme != NULL && gtk_source_buffer_get_style_scheme (self->buffer) != scheme)
    {
      gtk_source_buffer_set_style_scheme (self->buffer, scheme);
      gtk_source_buffer_set_style_scheme (self->blank, scheme);
    }

  if (self->project == NULL)
    return;

  {
    DossierLabel *quote = dossier_label_set_lookup (dossier_project_get_labels (self->project),
                                                    "QUOTE");
    GdkRGBA base;

    if (quote == NULL || !gdk_rgba_parse (&base, dossier_label_get_color (quote)))
      gdk_rgba_parse (&base, "#888888");
    g_object_set (self->source_tag, "underline", PANGO_UNDERLINE_SINGLE, "underline-rgba", &base,
                  "weight", PANGO_WEIGHT_SEMIBOLD, NULL);
    g_object_set (self->cue_tag, "underline", PANGO_UNDERLINE_ERROR, "underline-rgba", &base,
                  NULL);
  }

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
part_range (DossierArticleView *self,
            GtkTextTag         *tag,
            guint               start,
            guint               end,
            gboolean            apply)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter a, b;

  if (start >= end)
    return;
  gtk_text_buffer_get_iter_at_offset (buffer, &a, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, end);
  if (apply)
    gtk_text_buffer_apply_tag (buffer, tag, &a, &b);
  else
    gtk_text_buffer_remove_tag (buffer, tag, &a, &b);
}

/* A quote's source and cue spans as the annotation has them now (none for other labels). */
static void
read_parts (Drawn *d)
{
  d->source_start = d->source_end = d->cue_start = d->cue_end = 0;
  if (g_strcmp0 (dossier_annotation_get_label (d->annotation), "QUOTE") != 0)
    return;
  if (!dossier_annotation_get_source (d->annotation, &d->source_start, &d->source_end, NULL))
    d->source_start = d->source_end = 0;
  if (!dossier_annotation_get_cue (d->annotation, &d->cue_start, &d->cue_end, NULL))
    d->cue_start = d->cue_end = 0;
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
  read_parts (d);
  part_range (self, self->source_tag, d->source_start, d->source_end, TRUE);
  part_range (self, self->cue_tag, d->cue_start, d->cue_end, TRUE);
}

/* Removes a quote's drawn source and cue, then redraws other quotes' parts they overlapped. */
static void
undraw_parts (DossierArticleView *self,
              const Drawn        *old)
{
  if (old->source_start >= old->source_end && old->cue_start >= old->cue_end)
    return;
  part_range (self, self->source_tag, old->source_start, old->source_end, FALSE);
  part_range (self, self->cue_tag, old->cue_start, old->cue_end, FALSE);
  /* parts may lie outside their quotes, so every drawn quote is looked at (edits are rare) */
  for (guint i = 0; i < self->drawn->len; i++)  /* an entry not drawn yet has no label */
    {
      Drawn *d = &g_array_index (self->drawn, Drawn, i);

      if (d->annotation == old->annotation || d->label == NULL)
        continue;
      if (d->source_end > old->source_start && d->source_start < old->source_end)
        part_range (self, self->source_tag, MAX (d->source_start, old->source_start),
                    MIN (d->source_end, old->source_end), TRUE);
      if (d->cue_end > old->cue_start && d->cue_start < old->cue_end)
        part_range (self, self->cue_tag, MAX (d->cue_start, old->cue_start),
                    MIN (d->cue_end, old->cue_end), TRUE);
    }
}

/* Removes a drawn span, then redraws other annotations of that label it overlapped. */
static void
undraw_span (DossierArticleView *self,
             const char         *label,
             guint               start,
             guint               end)
{
  tag_range (self, label, start, end, FALSE);
  for (guint i = 0; i < self->drawn->len; i++)  /* an entry not drawn yet has no label */
    {
      Drawn *d = &g_array_index (self->drawn, Drawn, i);
      if (d->start >= end)
        break;
      if (d->end > start && d->label && g_strcmp0 (d->label, label) == 0)
        tag_range (self, label, MAX (d->start, start), MIN (d->end, end), TRUE);
    }
}

/* Puts the article back on the view once it is drawn (see the top of the file). */
static void
show_buffer (DossierArticleView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->source_view);

  if (gtk_text_view_get_buffer (view) != GTK_TEXT_BUFFER (self->buffer))
    gtk_text_view_set_buffer (view, GTK_TEXT_BUFFER (self->buffer));
}

static void
hide_buffer (DossierArticleView *self)
{
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->source_view), GTK_TEXT_BUFFER (self->blank));
}

static gboolean
draw_some (gint64   deadline,
           gpointer user_data)
{
  DossierArticleView *self = user_data;

  while (self->next_to_draw < self->drawn->len)
    {
      /* off the view, from the end: a tag goes on some 20 % faster when the same tag
       * follows rather than precedes it (GtkTextBuffer looks for its next toggle) */
      guint i = self->backwards ? self->drawn->len - 1 - self->next_to_draw : self->next_to_draw;

      draw_entry (self, &g_array_index (self->drawn, Drawn, i));
      self->next_to_draw++;
      if ((self->next_to_draw & 63) == 0 && g_get_monotonic_time () >= deadline)
        return G_SOURCE_CONTINUE;
    }
  self->scheduler_id = 0;
  show_buffer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHTED]);
  return G_SOURCE_REMOVE;
}

static gboolean
draw_slice (gpointer user_data)
{
  DossierArticleView *self = user_data;

  if (draw_some (g_get_monotonic_time () + DRAW_SLICE_USEC, self) == G_SOURCE_REMOVE)
    return G_SOURCE_REMOVE;   /* draw_some cleared scheduler_id */
  return G_SOURCE_CONTINUE;
}

static void
finish_drawing (DossierArticleView *self)
{
  if (self->scheduler_id != 0)
    {
      g_clear_handle_id (&self->scheduler_id, g_source_remove);
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
  g_autoptr(GHashTable) reuse = NULL;

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

  /* a splice that puts back annotations already drawn (a bulk insertion re-sorts the
   * whole list) keeps their highlights: only what really came or went is drawn */
  reuse = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < gone->len; i++)
    g_hash_table_insert (reuse, g_array_index (gone, Drawn, i).annotation,
                         GUINT_TO_POINTER (i + 1));
  {
    Drawn blank = { NULL, NULL, 0, 0 };
    g_autofree Drawn *blanks = g_new0 (Drawn, added + 1);

    g_array_insert_vals (self->drawn, position, blanks, added);
    for (guint i = 0; i < added; i++)
      {
        Drawn *d = &g_array_index (self->drawn, Drawn, position + i);
        DossierAnnotation *a = g_list_model_get_item (model, position + i);
        guint k = GPOINTER_TO_UINT (g_hash_table_lookup (reuse, a));
        Drawn *old = k ? &g_array_index (gone, Drawn, k - 1) : NULL;

        *d = blank;
        d->annotation = a;
        read_parts (d);
        if (old && old->label && old->start == dossier_annotation_get_start (a) &&
            old->end == dossier_annotation_get_end (a) &&
            g_strcmp0 (old->label, dossier_annotation_get_label (a)) == 0 &&
            old->source_start == d->source_start && old->source_end == d->source_end &&
            old->cue_start == d->cue_start && old->cue_end == d->cue_end)
          {
            d->label = g_steal_pointer (&old->label);
            d->start = old->start;
            d->end = old->end;
          }
      }
    self->next_to_draw += added;
  }

  for (guint i = 0; i < gone->len; i++)
    {
      Drawn *d = &g_array_index (gone, Drawn, i);
      if (d->label)
        {
          undraw_span (self, d->label, d->start, d->end);
          undraw_parts (self, d);
        }
    }
  for (guint i = 0; i < added; i++)
    {
      Drawn *d = &g_array_index (self->drawn, Drawn, position + i);
      if (d->label == NULL)
        draw_entry (self, d);
    }
  queue_focus_update (self);
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
          Drawn old = *d;

          undraw_span (self, old_label, d->start, d->end);
          old.label = old_label;
          undraw_parts (self, &old);
          draw_entry (self, d);
          queue_focus_update (self);
          return;
        }
    }
}

/* Remembers the words last selected (not a quote): a quote can take them
 * as its source or cue once its popover is open (which moves the selection). */
static gboolean
remember_selection (gpointer data)
{
  DossierArticleView *self = data;
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  DossierAnnotation *current;
  GtkTextIter a, b;
  guint start, end;

  self->picked_idle = 0;
  if (self->document == NULL || !gtk_text_buffer_get_selection_bounds (buffer, &a, &b))
    return G_SOURCE_REMOVE;
  start = gtk_text_iter_get_offset (&a);
  end = gtk_text_iter_get_offset (&b);
  /* a person's name is the usual source: any selection but a quote counts */
  if ((current = dossier_article_view_get_current (self)) != NULL &&
      g_strcmp0 (dossier_annotation_get_label (current), "QUOTE") == 0)
    return G_SOURCE_REMOVE;
  if (!dossier_article_view_snap_range (self, "PERSON", &start, &end))
    return G_SOURCE_REMOVE;
  self->picked_start = start;
  self->picked_end = end;
  return G_SOURCE_REMOVE;
}

static void
on_mark_set (DossierArticleView *self,
             GtkTextIter        *location,
             GtkTextMark        *mark,
             GtkTextBuffer      *buffer)
{
  /* once both ends have moved (selecting a range moves one, then the other) */
  if (self->picked_idle == 0 && (mark == gtk_text_buffer_get_insert (buffer) ||
                                 mark == gtk_text_buffer_get_selection_bound (buffer)))
    self->picked_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, remember_selection, self, NULL);
}

static void
cancel_drawing (DossierArticleView *self)
{
  g_clear_handle_id (&self->scheduler_id, g_source_remove);
}

void
dossier_article_view_set_document (DossierArticleView *self,
                                   DossierProject     *project,
                                   DossierDocument    *document)
{
  GListModel *annotations;
  gboolean long_article;
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
  g_clear_pointer (&self->tokens, dossier_tokens_free);
  if (gtk_widget_get_visible (self->popover))
    gtk_popover_popdown (GTK_POPOVER (self->popover));
  g_array_set_size (self->drawn, 0);
  self->next_to_draw = 0;
  self->picked_start = self->picked_end = 0;

  /* a long article is filled in off the view, its text too (see the top of the file) */
  long_article = document != NULL &&
    g_list_model_get_n_items (dossier_document_get_annotations (document)) > LONG_ARTICLE_ANNOTATIONS;
  if (long_article)
    hide_buffer (self);
  else
    show_buffer (self);  /* (the last article may have been cut off while it was drawn) */
  self->backwards = long_article;
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
      /* a usual article is drawn whole before the first frame; a long one (or one that
       * overruns the budget) in slices between frames, off the view */
      gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (self->buffer), &start);
      gtk_text_buffer_select_range (GTK_TEXT_BUFFER (self->buffer), &start, &start);
      if (long_article ||
          draw_some (g_get_monotonic_time () + FIRST_DRAW_BUDGET_USEC, self) == G_SOURCE_CONTINUE)
        {
          hide_buffer (self);
          self->scheduler_id = g_idle_add_full (DRAW_PRIORITY, draw_slice, self, NULL);
        }
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

  finish_drawing (self);
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
  if (g_strcmp0 (dossier_annotation_get_label (a), "QUOTE") == 0)
    {
      const char *part;

      if (dossier_annotation_get_kind (a))
        g_string_append_printf (s, " · %s", dossier_annotation_get_kind (a));
      if (dossier_annotation_get_source (a, NULL, NULL, &part))
        /* Translators: the words naming whom a quote is from */
        g_string_append_printf (s, " · %s “%s”", _("source"), part);
      if (dossier_annotation_get_cue (a, NULL, NULL, &part))
        /* Translators: the verb introducing a quote ("said") */
        g_string_append_printf (s, " · %s “%s”", _("cue"), part);
    }
  if (dossier_annotation_get_value (a))
    {
      g_autofree char *date = dossier_timex_value_describe (dossier_annotation_get_value (a),
                                                            dossier_annotation_get_mod (a));
      g_string_append_printf (s, " · %s (%s", date, dossier_annotation_get_value (a));
      if (dossier_annotation_get_mod (a))
        g_string_append_printf (s, ", %s", dossier_annotation_get_mod (a));
      g_string_append_c (s, ')');
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

  /* (no tooltip over the blank page of a long article being drawn) */
  if (self->document == NULL || gtk_widget_get_visible (self->popover) ||
      !dossier_article_view_is_highlighted (self))
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

/* ---- editing ---- */

static GtkTextBuffer *
text_buffer (DossierArticleView *self)
{
  return GTK_TEXT_BUFFER (self->buffer);
}

static const DossierTokens *
ensure_tokens (DossierArticleView *self)
{
  if (self->tokens == NULL && self->document != NULL)
    {
      self->tokens = dossier_tokens_new (dossier_document_get_text (self->document),
                                         dossier_document_get_n_bytes (self->document));
      dossier_tokenize (self->tokens);
    }
  return self->tokens;
}

/* Quote marks and punctuation at the edges of a span belong to it only for quotes. */
static gboolean
is_edge_token (const DossierToken *t,
               const char         *label)
{
  if (g_strcmp0 (label, "QUOTE") == 0)
    return FALSE;
  return t->kind == DOSSIER_TOKEN_QUOTE || t->kind == DOSSIER_TOKEN_PUNCT;
}

gboolean
dossier_article_view_snap_range (DossierArticleView *self,
                                 const char         *label,
                                 guint              *start,
                                 guint              *end)
{
  const DossierTokens *tokens;
  guint n, first, last;

  g_return_val_if_fail (DOSSIER_IS_ARTICLE_VIEW (self), FALSE);

  if ((tokens = ensure_tokens (self)) == NULL || *start >= *end)
    return FALSE;
  n = dossier_tokens_len (tokens);
  first = dossier_tokens_find (tokens, *start);
  last = dossier_tokens_find (tokens, *end - 1);
  if (last >= n || dossier_tokens_get (tokens, last)->start >= *end)
    {
      if (last == 0)
        return FALSE;
      last--;
    }
  if (first >= n || first > last)
    return FALSE;
  while (first < last && is_edge_token (dossier_tokens_get (tokens, first), label))
    first++;
  while (last > first && is_edge_token (dossier_tokens_get (tokens, last), label))
    last--;
  if (is_edge_token (dossier_tokens_get (tokens, first), label))
    return FALSE;
  *start = dossier_tokens_get (tokens, first)->start;
  *end = dossier_tokens_get (tokens, last)->end;
  return TRUE;
}

static gboolean
get_selection (DossierArticleView *self,
               guint              *start,
               guint              *end)
{
  GtkTextIter a, b;

  if (!gtk_text_buffer_get_selection_bounds (text_buffer (self), &a, &b))
    return FALSE;
  *start = gtk_text_iter_get_offset (&a);
  *end = gtk_text_iter_get_offset (&b);
  return TRUE;
}

static guint
cursor_offset (DossierArticleView *self)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (text_buffer (self), &iter,
                                    gtk_text_buffer_get_insert (text_buffer (self)));
  return gtk_text_iter_get_offset (&iter);
}

/* Index of the first annotation starting at or after @offset. */
static guint
first_at_or_after (DossierArticleView *self,
                   guint               offset)
{
  GListModel *annotations = dossier_document_get_annotations (self->document);
  guint lo = 0, hi = g_list_model_get_n_items (annotations);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, mid);
      if (dossier_annotation_get_start (a) < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

DossierAnnotation *
dossier_article_view_get_current (DossierArticleView *self)
{
  guint start, end;

  g_return_val_if_fail (DOSSIER_IS_ARTICLE_VIEW (self), NULL);

  if (self->document == NULL)
    return NULL;
  /* a selection that is exactly an annotation (Tab selects them) names it */
  if (get_selection (self, &start, &end))
    {
      GListModel *annotations = dossier_document_get_annotations (self->document);
      guint n = g_list_model_get_n_items (annotations);
      DossierAnnotation *found = NULL;

      for (guint i = first_at_or_after (self, start); i < n; i++)
        {
          g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, i);
          if (dossier_annotation_get_start (a) != start)
            break;
          if (dossier_annotation_get_end (a) == end)
            found = a;
        }
      if (found)
        return found;
      return NULL;
    }
  return dossier_document_annotation_at (self->document, cursor_offset (self));
}

static void
select_annotation (DossierArticleView *self,
                   DossierAnnotation  *a)
{
  dossier_article_view_select_range (self, dossier_annotation_get_start (a),
                                     dossier_annotation_get_end (a));
}

static DossierHistory *
history (DossierArticleView *self)
{
  return dossier_project_get_history (self->project);
}

/* A human's new date is normalised against the publication date at once. */
static void
normalise_new_date (DossierArticleView *self,
                    DossierAnnotation  *a)
{
  g_autofree char *value = NULL;
  g_autofree char *mod = NULL;

  if (!dossier_label_is_temporal (dossier_annotation_get_label (a)) ||
      dossier_annotation_get_value (a))
    return;
  if (dossier_timex_normalise (dossier_annotation_get_text (a), -1,
                               dossier_document_get_published (self->document),
                               DOSSIER_TIMEX_TENSE_NONE, &value, &mod) && value != NULL)
    dossier_edit_set_value (self->project, self->document, a, value, mod);
}

DossierAnnotation *
dossier_article_view_label (DossierArticleView *self,
                            const char         *label)
{
  DossierAnnotation *a;
  guint start, end;

  g_return_val_if_fail (DOSSIER_IS_ARTICLE_VIEW (self), NULL);
  g_return_val_if_fail (label != NULL, NULL);

  if (self->document == NULL)
    return NULL;

  /* a selection that is not an annotation yet becomes one; else the current one is relabelled */
  if (get_selection (self, &start, &end) && dossier_article_view_get_current (self) == NULL)
    {
      if (!dossier_article_view_snap_range (self, label, &start, &end))
        return NULL;
      dossier_history_begin (history (self), label);
      a = dossier_edit_add_annotation (self->project, self->document, label, start, end);
      normalise_new_date (self, a);
      dossier_history_end (history (self));
      select_annotation (self, a);
      return a;
    }
  if ((a = dossier_article_view_get_current (self)) == NULL)
    return NULL;
  dossier_history_begin (history (self), label);
  dossier_edit_set_label (self->project, self->document, a, label);
  normalise_new_date (self, a);
  dossier_history_end (history (self));
  return a;
}

const char *
dossier_article_view_label_for_key (DossierArticleView *self,
                                    guint               keyval)
{
  GListModel *labels;
  char key[2] = { 0, 0 };
  guint n;

  g_return_val_if_fail (DOSSIER_IS_ARTICLE_VIEW (self), NULL);

  if (self->project == NULL)
    return NULL;
  if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
    key[0] = '1' + (keyval - GDK_KEY_1);
  else if (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_9)
    key[0] = '1' + (keyval - GDK_KEY_KP_1);
  else
    return NULL;
  labels = dossier_project_get_labels (self->project);
  n = g_list_model_get_n_items (labels);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierLabel) l = g_list_model_get_item (labels, i);
      if (g_strcmp0 (dossier_label_get_key (l), key) == 0)
        return dossier_label_get_name (l);
    }
  return NULL;
}

gboolean
dossier_article_view_delete_current (DossierArticleView *self)
{
  DossierAnnotation *a;
  guint start;

  g_return_val_if_fail (DOSSIER_IS_ARTICLE_VIEW (self), FALSE);

  if ((a = dossier_article_view_get_current (self)) == NULL)
    return FALSE;
  start = dossier_annotation_get_start (a);
  dossier_edit_remove_annotation (self->project, self->document, a);
  dossier_article_view_select_range (self, start, start);
  return TRUE;
}

gboolean
dossier_article_view_move_edge (DossierArticleView *self,
                                gboolean            start_edge,
                                int                 direction)
{
  const DossierTokens *tokens;
  DossierAnnotation *a;
  const char *label;
  guint start, end, n, i;

  g_return_val_if_fail (DOSSIER_IS_ARTICLE_VIEW (self), FALSE);

  if ((a = dossier_article_view_get_current (self)) == NULL ||
      (tokens = ensure_tokens (self)) == NULL)
    return FALSE;
  label = dossier_annotation_get_label (a);
  start = dossier_annotation_get_start (a);
  end = dossier_annotation_get_end (a);
  n = dossier_tokens_len (tokens);

  if (start_edge && direction < 0)
    {
      /* the word before the start */
      i = dossier_tokens_find (tokens, start);
      while (i > 0 && is_edge_token (dossier_tokens_get (tokens, i - 1), label))
        i--;
      if (i == 0)
        return FALSE;
      start = dossier_tokens_get (tokens, i - 1)->start;
    }
  else if (start_edge)
    {
      /* the second word of the span */
      i = dossier_tokens_find (tokens, start) + 1;
      while (i < n && dossier_tokens_get (tokens, i)->start < end &&
             is_edge_token (dossier_tokens_get (tokens, i), label))
        i++;
      if (i >= n || dossier_tokens_get (tokens, i)->start >= end)
        return FALSE;
      start = dossier_tokens_get (tokens, i)->start;
    }
  else if (direction > 0)
    {
      /* the word after the end */
      i = dossier_tokens_find (tokens, end);
      while (i < n && is_edge_token (dossier_tokens_get (tokens, i), label))
        i++;
      if (i >= n)
        return FALSE;
      end = dossier_tokens_get (tokens, i)->end;
    }
  else
    {
      /* the word before the last one */
      i = dossier_tokens_find (tokens, end - 1);
      while (i > 0 && dossier_tokens_get (tokens, i - 1)->end > start &&
             is_edge_token (dossier_tokens_get (tokens, i - 1), label))
        i--;
      if (i == 0 || dossier_tokens_get (tokens, i - 1)->end <= start)
        return FALSE;
      end = dossier_tokens_get (tokens, i - 1)->end;
    }
  dossier_edit_resize (self->project, self->document, a, start, end);
  select_annotation (self, a);
  return TRUE;
}

static DossierAnnotation *
step_from (DossierArticleView *self,
           int                 direction,
           gboolean          (*accept) (DossierArticleView *, DossierAnnotation *))
{
  GListModel *annotations = dossier_document_get_annotations (self->document);
  guint n = g_list_model_get_n_items (annotations);
  DossierAnnotation *current = dossier_article_view_get_current (self);
  guint start, end;
  int i;

  if (n == 0)
    return NULL;
  if (current != NULL && get_selection (self, &start, &end))
    i = (int)dossier_document_index_of (self->document, current) + direction;
  else
    {
      guint offset = cursor_offset (self);
      i = (int)first_at_or_after (self, direction > 0 ? offset : offset) - (direction < 0 ? 1 : 0);
    }
  for (; i >= 0 && (guint)i < n; i += direction)
    {
      g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, i);
      if (accept == NULL || accept (self, a))
        return a;
    }
  return NULL;
}

gboolean
dossier_article_view_step (DossierArticleView *self,
                           int                 direction)
{
  DossierAnnotation *a;

  g_return_val_if_fail (DOSSIER_IS_ARTICLE_VIEW (self), FALSE);

  if (self->document == NULL || (a = step_from (self, direction, NULL)) == NULL)
    return FALSE;
  select_annotation (self, a);
  return TRUE;
}

static gboolean
is_focus_annotation (DossierArticleView *self,
                     DossierAnnotation  *a)
{
  return self->focus_id != NULL &&
         (g_strcmp0 (dossier_annotation_get_entity (a), self->focus_id) == 0 ||
          g_strcmp0 (dossier_annotation_get_speaker (a), self->focus_id) == 0) &&
         g_strcmp0 (dossier_annotation_get_label (a), "TITLE") != 0;
}

gboolean
dossier_article_view_step_focus (DossierArticleView *self,
                                 int                 direction)
{
  DossierAnnotation *a;

  g_return_val_if_fail (DOSSIER_IS_ARTICLE_VIEW (self), FALSE);

  if (self->document == NULL || self->focus_id == NULL)
    return FALSE;
  if ((a = step_from (self, direction, is_focus_annotation)) == NULL)
    {
      /* wrap around */
      GListModel *annotations = dossier_document_get_annotations (self->document);
      guint n = g_list_model_get_n_items (annotations);
      for (guint k = 0; k < n && a == NULL; k++)
        {
          guint i = direction > 0 ? k : n - 1 - k;
          g_autoptr(DossierAnnotation) x = g_list_model_get_item (annotations, i);
          if (is_focus_annotation (self, x))
            a = x;
        }
    }
  if (a == NULL)
    return FALSE;
  select_annotation (self, a);
  return TRUE;
}

static void
update_focus_tags (DossierArticleView *self)
{
  GtkTextIter start, end;
  GListModel *annotations;
  guint n;

  g_clear_handle_id (&self->focus_idle, g_source_remove);
  gtk_text_buffer_get_bounds (text_buffer (self), &start, &end);
  gtk_text_buffer_remove_tag (text_buffer (self), self->focus_tag, &start, &end);
  gtk_text_buffer_remove_tag (text_buffer (self), self->focus_quote_tag, &start, &end);
  if (self->document == NULL || self->focus_id == NULL)
    return;
  annotations = dossier_document_get_annotations (self->document);
  n = g_list_model_get_n_items (annotations);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, i);
      if (!is_focus_annotation (self, a))
        continue;
      gtk_text_buffer_get_iter_at_offset (text_buffer (self), &start,
                                          dossier_annotation_get_start (a));
      gtk_text_buffer_get_iter_at_offset (text_buffer (self), &end, dossier_annotation_get_end (a));
      gtk_text_buffer_apply_tag (text_buffer (self),
                                 g_strcmp0 (dossier_annotation_get_label (a), "QUOTE") == 0
                                   ? self->focus_quote_tag : self->focus_tag,
                                 &start, &end);
    }
}

static gboolean
focus_idle_cb (gpointer data)
{
  DossierArticleView *self = data;

  self->focus_idle = 0;
  update_focus_tags (self);
  return G_SOURCE_REMOVE;
}

static void
queue_focus_update (DossierArticleView *self)
{
  if (self->focus_id != NULL && self->focus_idle == 0)
    self->focus_idle = g_idle_add (focus_idle_cb, self);
}

void
dossier_article_view_set_focus_entity (DossierArticleView *self,
                                       const char         *entity_id)
{
  g_return_if_fail (DOSSIER_IS_ARTICLE_VIEW (self));

  g_free (self->focus_id);
  self->focus_id = g_strdup (entity_id);
  update_focus_tags (self);
}

GtkTextTag *
dossier_article_view_get_focus_tag (DossierArticleView *self)
{
  g_return_val_if_fail (DOSSIER_IS_ARTICLE_VIEW (self), NULL);
  return self->focus_tag;
}

guint
dossier_article_view_label_all_matches (DossierArticleView *self)
{
  DossierAnnotation *a;

  g_return_val_if_fail (DOSSIER_IS_ARTICLE_VIEW (self), 0);

  if ((a = dossier_article_view_get_current (self)) == NULL)
    return 0;
  return dossier_edit_label_all_matches (self->project, self->document, a);
}

gboolean
dossier_article_view_select_sentence_at (DossierArticleView *self,
                                         guint               offset)
{
  const DossierTokens *tokens;

  g_return_val_if_fail (DOSSIER_IS_ARTICLE_VIEW (self), FALSE);

  if ((tokens = ensure_tokens (self)) == NULL)
    return FALSE;
  for (guint i = 0; i < tokens->sentences->len; i++)
    {
      const DossierSentence *sentence = &g_array_index (tokens->sentences, DossierSentence, i);
      if (offset >= sentence->start && offset < sentence->end)
        {
          dossier_article_view_select_range (self, sentence->start, sentence->end);
          return TRUE;
        }
    }
  return FALSE;
}

GtkWidget *
dossier_article_view_get_popover (DossierArticleView *self)
{
  g_return_val_if_fail (DOSSIER_IS_ARTICLE_VIEW (self), NULL);
  return self->popover;
}

gboolean
dossier_article_view_show_popover (DossierArticleView *self)
{
  DossierAnnotation *a;
  g_autofree char *text = NULL;
  GdkRectangle rect;
  GtkTextIter iter;
  guint start, end;
  double x, y;
  int wx, wy;

  g_return_val_if_fail (DOSSIER_IS_ARTICLE_VIEW (self), FALSE);

  if (self->document == NULL)
    return FALSE;
  /* the popover points into the article: it must be on the view */
  finish_drawing (self);
  a = dossier_article_view_get_current (self);
  if (a != NULL)
    start = dossier_annotation_get_start (a);
  else if (get_selection (self, &start, &end) &&
           dossier_article_view_snap_range (self, "PERSON", &start, &end))
    {
      /* show the range a label would take */
      dossier_article_view_select_range (self, start, end);
      text = dossier_document_dup_slice (self->document, start, end);
    }
  else
    return FALSE;

  {
    g_autofree char *picked = NULL;

    if (self->picked_start < self->picked_end)
      picked = dossier_document_dup_slice (self->document, self->picked_start, self->picked_end);
    dossier_annotation_popover_set_picked (DOSSIER_ANNOTATION_POPOVER (self->popover), picked);
  }
  dossier_annotation_popover_set_target (DOSSIER_ANNOTATION_POPOVER (self->popover),
                                         self->project, a, text);
  gtk_text_buffer_get_iter_at_offset (text_buffer (self), &iter, start);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self->source_view), &iter, &rect);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self->source_view), GTK_TEXT_WINDOW_WIDGET,
                                         rect.x, rect.y, &wx, &wy);
  if (!gtk_widget_translate_coordinates (GTK_WIDGET (self->source_view), GTK_WIDGET (self),
                                         wx, wy, &x, &y))
    x = y = 0;
  rect.x = (int)x;
  rect.y = (int)y;
  rect.width = MAX (rect.width, 1);
  /* open towards the roomier side, and scroll rather than leave the window */
  {
    int height = gtk_widget_get_height (GTK_WIDGET (self));
    gboolean up = y > height / 2;

    gtk_popover_set_position (GTK_POPOVER (self->popover), up ? GTK_POS_TOP : GTK_POS_BOTTOM);
    dossier_annotation_popover_set_max_height (DOSSIER_ANNOTATION_POPOVER (self->popover),
                                               (up ? (int)y : height - (int)y - rect.height) - 48);
  }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->popover));
  return TRUE;
}

static void
on_popover_closed (DossierArticleView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

/* After a click or a drag ends: a highlight or a selection gets the popover. */
static gboolean
popover_after_click (gpointer data)
{
  DossierArticleView *self = data;

  self->popover_idle = 0;
  dossier_article_view_show_popover (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_legacy_event (DossierArticleView       *self,
                 GdkEvent                 *event,
                 GtkEventControllerLegacy *controller)
{
  if (gdk_event_get_event_type (event) == GDK_BUTTON_RELEASE &&
      gdk_button_event_get_button (event) == GDK_BUTTON_PRIMARY &&
      self->document != NULL && self->popover_idle == 0 &&
      !gtk_widget_get_visible (self->popover))
    self->popover_idle = g_idle_add (popover_after_click, self);
  return FALSE;
}

static gboolean
on_key_pressed (DossierArticleView    *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  if (!gtk_widget_has_focus (GTK_WIDGET (self->source_view)))
    return FALSE;
  return dossier_article_view_handle_key (self, keyval, state);
}

gboolean
dossier_article_view_handle_key (DossierArticleView *self,
                                 guint               keyval,
                                 GdkModifierType     state)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  const char *label;

  g_return_val_if_fail (DOSSIER_IS_ARTICLE_VIEW (self), FALSE);

  if (self->document == NULL)
    return FALSE;

  if (mods == 0 && (label = dossier_article_view_label_for_key (self, keyval)))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "annotation.label", "s", label);
      return TRUE;
    }
  switch (keyval)
    {
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
    case GDK_KEY_ISO_Left_Tab:
      if (mods & ~GDK_SHIFT_MASK)
        return FALSE;
      /* past the last annotation, Tab leaves the article as usual */
      return dossier_article_view_step (self, (mods & GDK_SHIFT_MASK) ||
                                              keyval == GDK_KEY_ISO_Left_Tab ? -1 : 1);
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
    case GDK_KEY_BackSpace:
      if (mods != 0)
        return FALSE;
      return dossier_article_view_delete_current (self);
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_Menu:
      if (mods != 0)
        return FALSE;
      return dossier_article_view_show_popover (self);
    case GDK_KEY_F10:
      if (mods != GDK_SHIFT_MASK)
        return FALSE;
      return dossier_article_view_show_popover (self);
    case GDK_KEY_Left:
    case GDK_KEY_Right:
      if ((mods & (GDK_ALT_MASK | GDK_SHIFT_MASK)) != (GDK_ALT_MASK | GDK_SHIFT_MASK))
        return FALSE;
      dossier_article_view_move_edge (self, (mods & GDK_CONTROL_MASK) != 0,
                                      keyval == GDK_KEY_Left ? -1 : 1);
      return TRUE;
    case GDK_KEY_F3:
      if (mods & ~GDK_SHIFT_MASK)
        return FALSE;
      return dossier_article_view_step_focus (self, (mods & GDK_SHIFT_MASK) ? -1 : 1);
    case GDK_KEY_l:
      if (mods != GDK_CONTROL_MASK)
        return FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self), "annotation.label-all", NULL);
      return TRUE;
    default:
      return FALSE;
    }
}

/* Number keys choose a label in the popover too, unless typing in an entry. */
static gboolean
on_popover_key_pressed (DossierArticleView    *self,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GtkEventControllerKey *controller)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  const char *label;

  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return FALSE;
  if (focus != NULL && (GTK_IS_EDITABLE (focus) ||
                        gtk_widget_get_ancestor (focus, GTK_TYPE_EDITABLE) ||
                        GTK_IS_TEXT (focus)))
    return FALSE;
  if ((label = dossier_article_view_label_for_key (self, keyval)) == NULL)
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), "annotation.label", "s", label);
  return TRUE;
}

/* ---- annotation.* actions (the popover's buttons and the keys) ---- */

static void
label_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  DossierArticleView *self = DOSSIER_ARTICLE_VIEW (widget);
  DossierAnnotation *a = dossier_article_view_label (self, g_variant_get_string (param, NULL));

  if (a != NULL && gtk_widget_get_visible (self->popover))
    {
      /* stay open on the new annotation, so linking or a value can follow */
      select_annotation (self, a);
      dossier_article_view_show_popover (self);
    }
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DossierArticleView *self = DOSSIER_ARTICLE_VIEW (widget);

  gtk_popover_popdown (GTK_POPOVER (self->popover));
  dossier_article_view_delete_current (self);
}

static void
resize_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DossierArticleView *self = DOSSIER_ARTICLE_VIEW (widget);
  gboolean start_edge = g_str_has_prefix (action_name, "annotation.start");
  int direction = g_str_has_suffix (action_name, "earlier") ? -1 : 1;

  if (dossier_article_view_move_edge (self, start_edge, direction) &&
      gtk_widget_get_visible (self->popover))
    dossier_article_view_show_popover (self);
}

static void
label_all_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  DossierArticleView *self = DOSSIER_ARTICLE_VIEW (widget);

  gtk_popover_popdown (GTK_POPOVER (self->popover));
  dossier_article_view_label_all_matches (self);
}

static void
link_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DossierArticleView *self = DOSSIER_ARTICLE_VIEW (widget);
  DossierAnnotation *a = dossier_article_view_get_current (self);
  const char *id, *name;

  g_variant_get (param, "(&s&s)", &id, &name);
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  if (a == NULL)
    return;
  if (*id == '\0')
    dossier_edit_link_new_entity (self->project, self->document, a, name);
  else if (g_strcmp0 (dossier_annotation_get_label (a), "QUOTE") == 0)
    dossier_edit_set_speaker (self->project, self->document, a, id);
  else
    dossier_edit_set_entity (self->project, self->document, a, id);
}

static void
set_value_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  DossierArticleView *self = DOSSIER_ARTICLE_VIEW (widget);
  DossierAnnotation *a = dossier_article_view_get_current (self);
  const char *value = g_variant_get_string (param, NULL);

  gtk_popover_popdown (GTK_POPOVER (self->popover));
  if (a != NULL && dossier_timex_value_is_valid (value))
    dossier_edit_set_value (self->project, self->document, a, value,
                            dossier_annotation_get_mod (a));
}

/* A date's value and modifier together ("" for none), from the popover. */
static void
set_date_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  DossierArticleView *self = DOSSIER_ARTICLE_VIEW (widget);
  DossierAnnotation *a = dossier_article_view_get_current (self);
  const char *value, *mod;

  g_variant_get (param, "(&s&s)", &value, &mod);
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  if (a != NULL && dossier_label_is_temporal (dossier_annotation_get_label (a)) &&
      dossier_timex_value_is_valid (value))
    dossier_edit_set_value (self->project, self->document, a, value, *mod ? mod : NULL);
}

/* The quote the popover shows, or else the one under the cursor. A popover whose quote an undo
 * took out of the document closes, and its actions do nothing. */
static DossierAnnotation *
current_quote (DossierArticleView *self)
{
  DossierAnnotation *a = NULL;

  if (gtk_widget_get_visible (self->popover))
    {
      a = dossier_annotation_popover_get_annotation (DOSSIER_ANNOTATION_POPOVER (self->popover));
      if (a != NULL &&
          (self->document == NULL ||
           dossier_document_find_annotation (self->document, dossier_annotation_get_id (a)) != a))
        {
          gtk_popover_popdown (GTK_POPOVER (self->popover));
          return NULL;
        }
    }
  if (a == NULL)
    a = dossier_article_view_get_current (self);
  if (a == NULL || g_strcmp0 (dossier_annotation_get_label (a), "QUOTE") != 0)
    return NULL;
  return a;
}

/* After a change to a quote from its popover, the popover shows the result. */
static void
reshow_quote (DossierArticleView *self,
              DossierAnnotation  *a,
              gboolean            was_open)
{
  if (!was_open)
    return;
  select_annotation (self, a);
  dossier_article_view_show_popover (self);
}

static void
quote_part_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  DossierArticleView *self = DOSSIER_ARTICLE_VIEW (widget);
  g_autoptr(DossierAnnotation) a = NULL;
  gboolean source = g_str_has_suffix (action_name, "source");
  gboolean clear = g_str_has_prefix (action_name, "annotation.clear");
  gboolean was_open = gtk_widget_get_visible (self->popover);
  guint start = 0, end = 0;

  if ((a = current_quote (self)) == NULL)
    return;
  g_object_ref (a);
  if (!clear)
    {
      if (self->picked_start >= self->picked_end)
        return;
      start = self->picked_start;
      end = self->picked_end;
    }
  if (source)
    dossier_edit_set_quote_source (self->project, self->document, a, start, end);
  else
    dossier_edit_set_quote_cue (self->project, self->document, a, start, end);
  reshow_quote (self, a, was_open);
}

static void
set_kind_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  DossierArticleView *self = DOSSIER_ARTICLE_VIEW (widget);
  const char *kind = g_variant_get_string (param, NULL);
  g_autoptr(DossierAnnotation) a = NULL;

  if (g_strcmp0 (kind, "direct") != 0 && g_strcmp0 (kind, "indirect") != 0 &&
      g_strcmp0 (kind, "mixed") != 0)
    return;
  if ((a = current_quote (self)) == NULL)
    return;
  g_object_ref (a);
  dossier_edit_set_quote_kind (self->project, self->document, a, kind);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  dossier_article_view_show_popover (DOSSIER_ARTICLE_VIEW (widget));
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DossierArticleView *self = DOSSIER_ARTICLE_VIEW (widget);
  int direction = g_str_has_suffix (action_name, "previous") ? -1 : 1;

  if (g_str_has_prefix (action_name, "annotation.focus"))
    dossier_article_view_step_focus (self, direction);
  else
    dossier_article_view_step (self, direction);
}

/* ---- layout: the scroller fills the view; the popover floats over it ---- */

static void
dossier_article_view_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  DossierArticleView *self = DOSSIER_ARTICLE_VIEW (widget);

  gtk_widget_measure (self->scroller, orientation, for_size, minimum, natural, minimum_baseline,
                      natural_baseline);
}

static void
dossier_article_view_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  DossierArticleView *self = DOSSIER_ARTICLE_VIEW (widget);

  gtk_widget_allocate (self->scroller, width, height, baseline, NULL);
  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
dossier_article_view_dispose (GObject *object)
{
  DossierArticleView *self = (DossierArticleView *)object;

  cancel_drawing (self);
  g_clear_handle_id (&self->focus_idle, g_source_remove);
  g_clear_handle_id (&self->popover_idle, g_source_remove);
  g_clear_handle_id (&self->picked_idle, g_source_remove);
  if (self->document)
    {
      g_signal_handlers_disconnect_by_data (dossier_document_get_annotations (self->document), self);
      g_signal_handlers_disconnect_by_data (self->document, self);
    }
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_pointer (&self->tokens, dossier_tokens_free);
  g_clear_pointer (&self->focus_id, g_free);
  g_clear_object (&self->document);
  g_clear_object (&self->project);
  g_clear_pointer (&self->drawn, g_array_unref);
  g_clear_pointer (&self->tags, g_hash_table_unref);
  g_clear_object (&self->buffer);
  g_clear_object (&self->blank);

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

  widget_class->measure = dossier_article_view_measure;
  widget_class->size_allocate = dossier_article_view_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "articleview");

  gtk_widget_class_install_action (widget_class, "annotation.label", "s", label_action);
  gtk_widget_class_install_action (widget_class, "annotation.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "annotation.start-earlier", NULL, resize_action);
  gtk_widget_class_install_action (widget_class, "annotation.start-later", NULL, resize_action);
  gtk_widget_class_install_action (widget_class, "annotation.end-earlier", NULL, resize_action);
  gtk_widget_class_install_action (widget_class, "annotation.end-later", NULL, resize_action);
  gtk_widget_class_install_action (widget_class, "annotation.label-all", NULL, label_all_action);
  gtk_widget_class_install_action (widget_class, "annotation.link", "(ss)", link_action);
  gtk_widget_class_install_action (widget_class, "annotation.set-value", "s", set_value_action);
  gtk_widget_class_install_action (widget_class, "annotation.set-date", "(ss)", set_date_action);
  gtk_widget_class_install_action (widget_class, "annotation.use-as-source", NULL,
                                   quote_part_action);
  gtk_widget_class_install_action (widget_class, "annotation.use-as-cue", NULL, quote_part_action);
  gtk_widget_class_install_action (widget_class, "annotation.clear-source", NULL,
                                   quote_part_action);
  gtk_widget_class_install_action (widget_class, "annotation.clear-cue", NULL, quote_part_action);
  gtk_widget_class_install_action (widget_class, "annotation.set-kind", "s", set_kind_action);
  gtk_widget_class_install_action (widget_class, "annotation.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "annotation.next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "annotation.previous", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "annotation.focus-next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "annotation.focus-previous", NULL, step_action);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
dossier_article_view_init (DossierArticleView *self)
{
  GtkEventController *controller;
  GtkWidget *clamp;

  self->tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->drawn = g_array_new (FALSE, TRUE, sizeof (Drawn));
  g_array_set_clear_func (self->drawn, clear_drawn);

  self->buffer = gtk_source_buffer_new (NULL);
  /* the article is read-only: there is no text history to keep */
  gtk_text_buffer_set_enable_undo (GTK_TEXT_BUFFER (self->buffer), FALSE);
  gtk_source_buffer_set_highlight_matching_brackets (self->buffer, FALSE);

  self->blank = gtk_source_buffer_new (NULL);
  self->source_view = GTK_SOURCE_VIEW (gtk_source_view_new_with_buffer (self->buffer));
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
  g_signal_connect_object (self->buffer, "mark-set", G_CALLBACK (on_mark_set), self,
                           G_CONNECT_SWAPPED);
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
  self->focus_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "dossier:focus",
                                                "underline", PANGO_UNDERLINE_DOUBLE,
                                                "weight", PANGO_WEIGHT_BOLD, NULL);
  self->focus_quote_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer),
                                                      "dossier:focus-quote",
                                                      "underline", PANGO_UNDERLINE_DOUBLE, NULL);
  self->source_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "dossier:source",
                                                 NULL);
  self->cue_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "dossier:cue", NULL);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_key_pressed), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "event", G_CALLBACK (on_legacy_event), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->source_view), controller);

  self->popover = dossier_annotation_popover_new ();
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
  g_signal_connect_object (self->popover, "closed", G_CALLBACK (on_popover_closed), self,
                           G_CONNECT_SWAPPED);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_popover_key_pressed), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->popover, controller);

  update_tag_colours (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_tag_colours), self, G_CONNECT_SWAPPED);
}

GtkWidget *
dossier_article_view_new (void)
{
  return g_object_new (DOSSIER_TYPE_ARTICLE_VIEW, NULL);
}
