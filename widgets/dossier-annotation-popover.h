/* dossier-annotation-popover.h — label, link, resize or delete one annotation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "dossier-project.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_ANNOTATION_POPOVER (dossier_annotation_popover_get_type ())

G_DECLARE_FINAL_TYPE (DossierAnnotationPopover, dossier_annotation_popover, DOSSIER, ANNOTATION_POPOVER, GtkPopover)

GtkWidget         *dossier_annotation_popover_new        (void);
/* Shows @annotation's details, or (when NULL) the labels for a new one over @text.
 * The popover's buttons activate the "annotation.*" actions of its parent. */
void               dossier_annotation_popover_set_target (DossierAnnotationPopover *self,
                                                          DossierProject           *project,
                                                          DossierAnnotation        *annotation,
                                                          const char               *text);
/* The words last selected, not a quote (a quote may take them as its
 * source or cue), or NULL; call before set_target. */
void               dossier_annotation_popover_set_picked (DossierAnnotationPopover *self,
                                                          const char               *text);
/* The popover scrolls past @height pixels (the room the window has for it). */
void               dossier_annotation_popover_set_max_height (DossierAnnotationPopover *self,
                                                              int                       height);
DossierAnnotation *dossier_annotation_popover_get_annotation (DossierAnnotationPopover *self);
/* The accessible description of the popover's subject ("PERSON: Dmitry Peskov …"). */
const char        *dossier_annotation_popover_get_heading (DossierAnnotationPopover *self);

G_END_DECLS
