/* dossier-edit.h — the edits a person makes, each one undoable step
 *
 * Every change a user makes to annotations, people and dates goes through
 * these functions: they change the model and record the step in the
 * project's history. An edited model annotation becomes `origin: human`; a
 * deleted model annotation leaves a rejection so re-extraction does not
 * bring it back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dossier-project.h"

G_BEGIN_DECLS

/* A new human annotation over @start..@end. Mentions are linked to the
 * entity of that type whose name or alias is the covered text, or to a new
 * one. Returns the annotation (owned by the document). */
DossierAnnotation *dossier_edit_add_annotation       (DossierProject    *project,
                                                      DossierDocument   *document,
                                                      const char        *label,
                                                      guint              start,
                                                      guint              end);
void               dossier_edit_remove_annotation    (DossierProject    *project,
                                                      DossierDocument   *document,
                                                      DossierAnnotation *annotation);
void               dossier_edit_set_label            (DossierProject    *project,
                                                      DossierDocument   *document,
                                                      DossierAnnotation *annotation,
                                                      const char        *label);
void               dossier_edit_resize               (DossierProject    *project,
                                                      DossierDocument   *document,
                                                      DossierAnnotation *annotation,
                                                      guint              start,
                                                      guint              end);
/* Links a mention to entity @entity_id (or unlinks it, NULL). */
void               dossier_edit_set_entity           (DossierProject    *project,
                                                      DossierDocument   *document,
                                                      DossierAnnotation *annotation,
                                                      const char        *entity_id);
/* Links a mention to a new entity called @name (the mention's text when NULL):
 * "new person", or splitting a mention off the person it was linked to. */
DossierEntity     *dossier_edit_link_new_entity      (DossierProject    *project,
                                                      DossierDocument   *document,
                                                      DossierAnnotation *annotation,
                                                      const char        *name);
void               dossier_edit_set_speaker          (DossierProject    *project,
                                                      DossierDocument   *document,
                                                      DossierAnnotation *annotation,
                                                      const char        *entity_id);
/* A date's TIMEX3 value and modifier (the caller validates them); the
 * events anchored on it follow. */
void               dossier_edit_set_value            (DossierProject    *project,
                                                      DossierDocument   *document,
                                                      DossierAnnotation *annotation,
                                                      const char        *value,
                                                      const char        *mod);
/* A quote's source (who is quoted, as written) or cue ("said") span: set to
 * @start..@end, or cleared when @start == @end. */
void               dossier_edit_set_quote_source     (DossierProject    *project,
                                                      DossierDocument   *document,
                                                      DossierAnnotation *annotation,
                                                      guint              start,
                                                      guint              end);
void               dossier_edit_set_quote_cue        (DossierProject    *project,
                                                      DossierDocument   *document,
                                                      DossierAnnotation *annotation,
                                                      guint              start,
                                                      guint              end);
/* "direct", "indirect" or "mixed". */
void               dossier_edit_set_quote_kind       (DossierProject    *project,
                                                      DossierDocument   *document,
                                                      DossierAnnotation *annotation,
                                                      const char        *kind);
void               dossier_edit_rename_entity        (DossierProject    *project,
                                                      DossierEntity     *entity,
                                                      const char        *name);
void               dossier_edit_set_entity_title     (DossierProject    *project,
                                                      DossierEntity     *entity,
                                                      const char        *title);
/* Moves every mention, quote and event participation of @from to @into;
 * @from's names become aliases of @into; @from goes. */
void               dossier_edit_merge_entities       (DossierProject    *project,
                                                      DossierEntity     *into,
                                                      DossierEntity     *from);
void               dossier_edit_set_published        (DossierProject    *project,
                                                      DossierDocument   *document,
                                                      const char        *published);
/* Gives every other whole-word occurrence of @annotation's text in the
 * document the same label, entity, speaker and value; dated copies get their
 * timeline event, as dossier_edit_set_value() gives one. One undo step.
 * Returns how many. */
guint              dossier_edit_label_all_matches    (DossierProject    *project,
                                                      DossierDocument   *document,
                                                      DossierAnnotation *annotation);

G_END_DECLS
