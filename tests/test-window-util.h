/* test-window-util.h — helpers shared by the window tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <adwaita.h>

#include "dossier-article-view.h"

/* The message dialog shown within @timeout_ms, or NULL. */
static inline AdwMessageDialog *
wait_for_message_dialog_for (guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < deadline)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
          if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
            return ADW_MESSAGE_DIALOG (w);
        }
      g_main_context_iteration (NULL, FALSE);
    }
  return NULL;
}

static inline void
iterate_until_highlighted (DossierArticleView *view)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!dossier_article_view_is_highlighted (view) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  /* let idle work (sidebars) run too */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (dossier_article_view_is_highlighted (view));
}

/* Every character carries exactly the tags of the annotations covering it. */
static inline void
assert_tags_match_model (DossierArticleView *view,
                         DossierDocument    *document)
{
  static const char * const labels[] = { "PERSON", "ORG", "PLACE", "MISC", "DATE", "TIME", "DURATION",
                                         "SET", "QUOTE", "TITLE", NULL };
  GtkTextBuffer *buffer = dossier_article_view_get_buffer (view);
  GListModel *annotations = dossier_document_get_annotations (document);
  guint n_chars = dossier_document_get_n_chars (document);

  for (guint l = 0; labels[l]; l++)
    {
      GtkTextTag *tag = dossier_article_view_get_label_tag (view, labels[l]);
      g_autofree guint8 *covered = g_new0 (guint8, n_chars + 1);
      GtkTextIter iter;

      g_assert_nonnull (tag);
      for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
        {
          g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, i);
          if (g_strcmp0 (dossier_annotation_get_label (a), labels[l]) == 0)
            memset (covered + dossier_annotation_get_start (a), 1,
                    dossier_annotation_get_end (a) - dossier_annotation_get_start (a));
        }
      gtk_text_buffer_get_start_iter (buffer, &iter);
      for (guint offset = 0; offset < n_chars; offset++)
        {
          if (gtk_text_iter_has_tag (&iter, tag) != covered[offset])
            g_error ("%s at offset %u: tag %s, model %s", labels[l], offset,
                     gtk_text_iter_has_tag (&iter, tag) ? "set" : "unset",
                     covered[offset] ? "covered" : "not covered");
          gtk_text_iter_forward_char (&iter);
        }
    }

  /* a quote's source and cue spans */
  for (guint part = 0; part < 2; part++)
    {
      GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
      GtkTextTag *tag = gtk_text_tag_table_lookup (table, part ? "dossier:cue" : "dossier:source");
      g_autofree guint8 *covered = g_new0 (guint8, n_chars + 1);
      GtkTextIter iter;

      g_assert_nonnull (tag);
      for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
        {
          g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, i);
          guint start, end;

          if (g_strcmp0 (dossier_annotation_get_label (a), "QUOTE") != 0)
            continue;
          if (part ? dossier_annotation_get_cue (a, &start, &end, NULL)
                   : dossier_annotation_get_source (a, &start, &end, NULL))
            memset (covered + start, 1, end - start);
        }
      gtk_text_buffer_get_start_iter (buffer, &iter);
      for (guint offset = 0; offset < n_chars; offset++)
        {
          if (gtk_text_iter_has_tag (&iter, tag) != covered[offset])
            g_error ("%s at offset %u: tag %s, model %s", part ? "cue" : "source", offset,
                     gtk_text_iter_has_tag (&iter, tag) ? "set" : "unset",
                     covered[offset] ? "covered" : "not covered");
          gtk_text_iter_forward_char (&iter);
        }
    }
}

