/* dossier-annotation.h — one labelled span of a document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  DOSSIER_ORIGIN_MODEL,
  DOSSIER_ORIGIN_HUMAN,
} DossierOrigin;

#define DOSSIER_TYPE_ORIGIN (dossier_origin_get_type ())
GType dossier_origin_get_type (void) G_GNUC_CONST;

const char *dossier_origin_to_string   (DossierOrigin  origin);
gboolean    dossier_origin_from_string (const char    *str,
                                        DossierOrigin *origin);

#define DOSSIER_TYPE_ANNOTATION (dossier_annotation_get_type ())

G_DECLARE_FINAL_TYPE (DossierAnnotation, dossier_annotation, DOSSIER, ANNOTATION, GObject)

DossierAnnotation *dossier_annotation_new            (const char        *id,
                                                      const char        *label,
                                                      guint              start,
                                                      guint              end,
                                                      const char        *text,
                                                      DossierOrigin      origin);
DossierAnnotation *dossier_annotation_copy           (DossierAnnotation *self);
gboolean           dossier_annotation_equal          (DossierAnnotation *a,
                                                      DossierAnnotation *b);

const char        *dossier_annotation_get_id         (DossierAnnotation *self);
const char        *dossier_annotation_get_label      (DossierAnnotation *self);
void               dossier_annotation_set_label      (DossierAnnotation *self,
                                                      const char        *label);
guint              dossier_annotation_get_start      (DossierAnnotation *self);
guint              dossier_annotation_get_end        (DossierAnnotation *self);
const char        *dossier_annotation_get_text       (DossierAnnotation *self);
/* The span and its text change together; the document keeps them in step. */
void               dossier_annotation_set_span       (DossierAnnotation *self,
                                                      guint              start,
                                                      guint              end,
                                                      const char        *text);
DossierOrigin      dossier_annotation_get_origin     (DossierAnnotation *self);
void               dossier_annotation_set_origin     (DossierAnnotation *self,
                                                      DossierOrigin      origin);
/* Model confidence in 0..1, or a negative number when there is none (human). */
double             dossier_annotation_get_confidence (DossierAnnotation *self);
void               dossier_annotation_set_confidence (DossierAnnotation *self,
                                                      double             confidence);
/* PERSON/ORG/PLACE/MISC: the entity the mention refers to; TITLE: the person. */
const char        *dossier_annotation_get_entity     (DossierAnnotation *self);
void               dossier_annotation_set_entity     (DossierAnnotation *self,
                                                      const char        *entity_id);
/* DATE/TIME/DURATION/SET */
const char        *dossier_annotation_get_value      (DossierAnnotation *self);
void               dossier_annotation_set_value      (DossierAnnotation *self,
                                                      const char        *value);
const char        *dossier_annotation_get_mod        (DossierAnnotation *self);
void               dossier_annotation_set_mod        (DossierAnnotation *self,
                                                      const char        *mod);
/* QUOTE */
const char        *dossier_annotation_get_kind       (DossierAnnotation *self);
void               dossier_annotation_set_kind       (DossierAnnotation *self,
                                                      const char        *kind);
const char        *dossier_annotation_get_speaker    (DossierAnnotation *self);
void               dossier_annotation_set_speaker    (DossierAnnotation *self,
                                                      const char        *entity_id);
/* Returns FALSE when the quote has no source (or cue) span. */
gboolean           dossier_annotation_get_source     (DossierAnnotation *self,
                                                      guint             *start,
                                                      guint             *end,
                                                      const char       **text);
void               dossier_annotation_set_source     (DossierAnnotation *self,
                                                      guint              start,
                                                      guint              end,
                                                      const char        *text);
void               dossier_annotation_clear_source   (DossierAnnotation *self);
gboolean           dossier_annotation_get_cue        (DossierAnnotation *self,
                                                      guint             *start,
                                                      guint             *end,
                                                      const char       **text);
void               dossier_annotation_set_cue        (DossierAnnotation *self,
                                                      guint              start,
                                                      guint              end,
                                                      const char        *text);
void               dossier_annotation_clear_cue      (DossierAnnotation *self);

/* Unknown fields of the source and cue span objects, kept for saving. */
JsonObject        *dossier_annotation_get_span_extra (DossierAnnotation *self,
                                                      gboolean           cue);
void               dossier_annotation_set_span_extra (DossierAnnotation *self,
                                                      gboolean           cue,
                                                      JsonObject        *extra);

/* Fields of a newer format this version does not know; kept and written back. */
JsonObject        *dossier_annotation_get_extra      (DossierAnnotation *self);
void               dossier_annotation_set_extra      (DossierAnnotation *self,
                                                      JsonObject        *extra);

/* Labels whose annotations refer to an entity. */
gboolean           dossier_label_is_mention          (const char        *label);
/* Labels that carry a TIMEX3 value. */
gboolean           dossier_label_is_temporal         (const char        *label);

G_END_DECLS
