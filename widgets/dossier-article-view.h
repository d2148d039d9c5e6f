/* dossier-article-view.h — the article with its highlights
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

#include "dossier-project.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_ARTICLE_VIEW (dossier_article_view_get_type ())

G_DECLARE_FINAL_TYPE (DossierArticleView, dossier_article_view, DOSSIER, ARTICLE_VIEW, GtkWidget)

GtkWidget       *dossier_article_view_new                 (void);
void             dossier_article_view_set_document        (DossierArticleView *self,
                                                           DossierProject     *project,
                                                           DossierDocument    *document);
DossierDocument *dossier_article_view_get_document        (DossierArticleView *self);
GtkSourceView   *dossier_article_view_get_source_view     (DossierArticleView *self);
GtkTextBuffer   *dossier_article_view_get_buffer          (DossierArticleView *self);
/* The tag that shows @label's annotations (NULL for an unknown label). */
GtkTextTag      *dossier_article_view_get_label_tag       (DossierArticleView *self,
                                                           const char         *label);
/* TRUE once every annotation of the document is highlighted. */
gboolean         dossier_article_view_is_highlighted      (DossierArticleView *self);
/* Selects @start..@end (code points) and scrolls it into view. */
void             dossier_article_view_select_range        (DossierArticleView *self,
                                                           guint               start,
                                                           guint               end);

G_END_DECLS
