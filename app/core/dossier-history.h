/* dossier-history.h — undo and redo of annotation, entity and date edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dossier-document.h"
#include "dossier-entity.h"
#include "dossier-event.h"

G_BEGIN_DECLS

typedef struct _DossierProject DossierProject;

#define DOSSIER_TYPE_HISTORY (dossier_history_get_type ())

G_DECLARE_FINAL_TYPE (DossierHistory, dossier_history, DOSSIER, HISTORY, GObject)

/* The project owns its history; @project is not referenced. */
DossierHistory *dossier_history_new                      (DossierProject    *project);

gboolean        dossier_history_can_undo                 (DossierHistory    *self);
gboolean        dossier_history_can_redo                 (DossierHistory    *self);
/* What the next undo/redo would revert ("Label PERSON"), or NULL. */
const char     *dossier_history_get_undo_label           (DossierHistory    *self);
const char     *dossier_history_get_redo_label           (DossierHistory    *self);
gboolean        dossier_history_undo                     (DossierHistory    *self);
gboolean        dossier_history_redo                     (DossierHistory    *self);
/* An annotation the last undo or redo brought back or changed (to show it), or NULL. */
DossierAnnotation *dossier_history_get_touched           (DossierHistory    *self);
/* Names the model's state as far as the history knows it (0: before any step):
 * undoing back to a saved state gives the saved state's number again. */
guint64         dossier_history_get_state                (DossierHistory    *self);
guint           dossier_history_get_n_steps              (DossierHistory    *self);
void            dossier_history_clear                    (DossierHistory    *self);
/* TRUE while an undo or redo is being applied. */
gboolean        dossier_history_is_replaying             (DossierHistory    *self);

/* Everything recorded between begin and end is one step; groups nest. */
void            dossier_history_begin                    (DossierHistory    *self,
                                                          const char        *label);
void            dossier_history_end                      (DossierHistory    *self);

/* Recording: called by the edit functions after they changed the model. */
void            dossier_history_record_annotation_added  (DossierHistory    *self,
                                                          DossierDocument   *document,
                                                          DossierAnnotation *annotation);
void            dossier_history_record_annotation_removed (DossierHistory   *self,
                                                          DossierDocument   *document,
                                                          DossierAnnotation *annotation);
/* @before is a copy of the annotation as it was (taken over). */
void            dossier_history_record_annotation_changed (DossierHistory   *self,
                                                          DossierDocument   *document,
                                                          DossierAnnotation *annotation,
                                                          DossierAnnotation *before);
void            dossier_history_record_entity_added      (DossierHistory    *self,
                                                          DossierEntity     *entity);
void            dossier_history_record_entity_removed    (DossierHistory    *self,
                                                          DossierEntity     *entity);
void            dossier_history_record_entity_changed    (DossierHistory    *self,
                                                          DossierEntity     *entity,
                                                          DossierEntity     *before);
void            dossier_history_record_event_added       (DossierHistory    *self,
                                                          DossierEvent      *event);
void            dossier_history_record_event_removed     (DossierHistory    *self,
                                                          DossierEvent      *event);
void            dossier_history_record_event_changed     (DossierHistory    *self,
                                                          DossierEvent      *event,
                                                          DossierEvent      *before);
void            dossier_history_record_rejection         (DossierHistory    *self,
                                                          DossierDocument   *document,
                                                          const char        *label,
                                                          guint              start,
                                                          guint              end,
                                                          gboolean           added);
void            dossier_history_record_published         (DossierHistory    *self,
                                                          DossierDocument   *document,
                                                          const char        *before,
                                                          const char        *after);

/* For code that changes the model without recording (the extraction merge):
 * take a snapshot, change the model, then record the difference as a step. */
typedef struct _DossierHistorySnapshot DossierHistorySnapshot;

DossierHistorySnapshot *dossier_history_snapshot_new     (DossierHistory    *self,
                                                          DossierDocument   *document);
/* Records what changed since @snapshot (and frees it). */
void            dossier_history_record_since             (DossierHistory    *self,
                                                          DossierHistorySnapshot *snapshot);

G_END_DECLS
