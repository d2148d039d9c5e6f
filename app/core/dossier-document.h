/* dossier-document.h — an article and its annotations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dossier-annotation.h"

G_BEGIN_DECLS

/* A model annotation a human deleted: re-extraction must not bring it back. */
typedef struct
{
  char       *label;
  guint       start;
  guint       end;
  JsonObject *extra;  /* fields of a newer format, kept for saving */
} DossierRejection;

#define DOSSIER_TYPE_DOCUMENT (dossier_document_get_type ())

G_DECLARE_FINAL_TYPE (DossierDocument, dossier_document, DOSSIER, DOCUMENT, GObject)

/* @text must be valid UTF-8 (checked by the caller); it never changes. */
DossierDocument   *dossier_document_new                 (const char        *id,
                                                         const char        *text);
const char        *dossier_document_get_id              (DossierDocument   *self);
const char        *dossier_document_get_text            (DossierDocument   *self);
gsize              dossier_document_get_n_bytes         (DossierDocument   *self);
guint              dossier_document_get_n_chars         (DossierDocument   *self);
const char        *dossier_document_get_title           (DossierDocument   *self);
void               dossier_document_set_title           (DossierDocument   *self,
                                                         const char        *title);
const char        *dossier_document_get_source          (DossierDocument   *self);
void               dossier_document_set_source          (DossierDocument   *self,
                                                         const char        *source);
const char        *dossier_document_get_url             (DossierDocument   *self);
void               dossier_document_set_url             (DossierDocument   *self,
                                                         const char        *url);
/* ISO 8601 date (YYYY-MM-DD) or NULL when unknown */
const char        *dossier_document_get_published       (DossierDocument   *self);
void               dossier_document_set_published       (DossierDocument   *self,
                                                         const char        *published);

/* Byte offset of code point @offset (clamped to the end). */
gsize              dossier_document_offset_to_byte      (DossierDocument   *self,
                                                         guint              offset);
char              *dossier_document_dup_slice           (DossierDocument   *self,
                                                         guint              start,
                                                         guint              end);

/* Annotations sorted by start, then longest first. */
GListModel        *dossier_document_get_annotations     (DossierDocument   *self);
void               dossier_document_add_annotation      (DossierDocument   *self,
                                                         DossierAnnotation *annotation);
/* Adds many at once (one items-changed): loading, extraction. */
void               dossier_document_add_annotations     (DossierDocument   *self,
                                                         GPtrArray         *annotations);
/* Returns FALSE if @annotation is not in the document. */
gboolean           dossier_document_remove_annotation   (DossierDocument   *self,
                                                         DossierAnnotation *annotation);
/* Moves an annotation to a new span, keeping the text and the order in step. */
void               dossier_document_move_annotation     (DossierDocument   *self,
                                                         DossierAnnotation *annotation,
                                                         guint              start,
                                                         guint              end);
DossierAnnotation *dossier_document_find_annotation     (DossierDocument   *self,
                                                         const char        *id);
/* The innermost annotation covering @offset, or NULL. */
DossierAnnotation *dossier_document_annotation_at       (DossierDocument   *self,
                                                         guint              offset);
/* Position of @annotation in the annotation list, or G_MAXUINT. */
guint              dossier_document_index_of            (DossierDocument   *self,
                                                         DossierAnnotation *annotation);

const GArray      *dossier_document_get_rejections      (DossierDocument   *self);
void               dossier_document_add_rejection       (DossierDocument   *self,
                                                         const char        *label,
                                                         guint              start,
                                                         guint              end);
gboolean           dossier_document_remove_rejection    (DossierDocument   *self,
                                                         const char        *label,
                                                         guint              start,
                                                         guint              end);
/* Keeps unknown fields of a rejection read from a file. */
void               dossier_document_set_rejection_extra (DossierDocument   *self,
                                                         const char        *label,
                                                         guint              start,
                                                         guint              end,
                                                         JsonObject        *extra);
gboolean           dossier_document_is_rejected         (DossierDocument   *self,
                                                         const char        *label,
                                                         guint              start,
                                                         guint              end);

JsonObject        *dossier_document_get_extra           (DossierDocument   *self);
void               dossier_document_set_extra           (DossierDocument   *self,
                                                         JsonObject        *extra);

G_END_DECLS
