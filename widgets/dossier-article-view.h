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


/* Editing: each call is one undoable step in the project's history. */

/* Widens/narrows @start..@end to whole words; quote marks and punctuation at the
 * edges stay out (except for quotes). FALSE if no word is in the range. */
gboolean           dossier_article_view_snap_range        (DossierArticleView *self,
                                                           const char         *label,
                                                           guint              *start,
                                                           guint              *end);
/* The annotation the selection is exactly, or the innermost one under the cursor. */
DossierAnnotation *dossier_article_view_get_current       (DossierArticleView *self);
/* Labels the selection (snapped) or relabels the current annotation. */
DossierAnnotation *dossier_article_view_label             (DossierArticleView *self,
                                                           const char         *label);
/* The label whose shortcut key is @keyval (1…9), or NULL. */
const char        *dossier_article_view_label_for_key     (DossierArticleView *self,
                                                           guint               keyval);
gboolean           dossier_article_view_delete_current    (DossierArticleView *self);
/* Moves the start or end of the current annotation by one word (@direction -1 or 1). */
gboolean           dossier_article_view_move_edge         (DossierArticleView *self,
                                                           gboolean            start_edge,
                                                           int                 direction);
/* Selects the next (1) or previous (-1) annotation. */
gboolean           dossier_article_view_step              (DossierArticleView *self,
                                                           int                 direction);
guint              dossier_article_view_label_all_matches (DossierArticleView *self);
/* The mentions and quotes of @entity_id stand out; F3 steps through them. */
void               dossier_article_view_set_focus_entity  (DossierArticleView *self,
                                                           const char         *entity_id);
gboolean           dossier_article_view_step_focus        (DossierArticleView *self,
                                                           int                 direction);
GtkTextTag        *dossier_article_view_get_focus_tag     (DossierArticleView *self);
/* Selects (and scrolls to) the sentence around @offset. */
gboolean           dossier_article_view_select_sentence_at (DossierArticleView *self,
                                                            guint               offset);
/* What a key does in the article (numbers label, Tab steps, Delete deletes …);
 * TRUE if it did something. The view calls it for keys pressed in the text. */
gboolean           dossier_article_view_handle_key        (DossierArticleView *self,
                                                           guint               keyval,
                                                           GdkModifierType     state);
/* Opens the annotation popover on the current annotation or the selection. */
gboolean           dossier_article_view_show_popover      (DossierArticleView *self);
GtkWidget         *dossier_article_view_get_popover       (DossierArticleView *self);

G_END_DECLS
