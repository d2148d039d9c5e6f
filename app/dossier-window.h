/* dossier-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dossier-application.h"
#include "dossier-project.h"
#include "dossier-session.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_WINDOW (dossier_window_get_type ())

G_DECLARE_FINAL_TYPE (DossierWindow, dossier_window, DOSSIER, WINDOW, AdwApplicationWindow)

DossierWindow   *dossier_window_new          (DossierApplication *application);
void             dossier_window_open_file    (DossierWindow      *self,
                                              GFile              *file);
void             dossier_window_open_sample  (DossierWindow      *self);
/* Shows @project (takes a reference); @file is where it saves, or NULL. */
void             dossier_window_set_project  (DossierWindow      *self,
                                              DossierProject     *project,
                                              GFile              *file);
/* Saves to the file chosen in Save As: ".dossier.json" is added to a name without ".json",
 * and then a file of that name already there is not replaced without asking (whether there is
 * one is asked asynchronously: the save or the question comes after this returns). */
void             dossier_window_save_as_file (DossierWindow      *self,
                                              GFile              *chosen);
/* Where Save As starts: the project's folder; for a project not saved yet, its article's
 * folder when that can be written (a remote one is not asked), else Documents, else the home
 * folder. Found without blocking: a folder on NFS or a FUSE mount may be slow to answer. */
void             dossier_window_find_save_folder_async  (DossierWindow       *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
GFile           *dossier_window_find_save_folder_finish (DossierWindow       *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
/* Shows the unsaved work of @session's draft (left by a crash) and says so. A draft that
 * does not load is moved aside (see dossier_session_move_aside()); @error then says what
 * failed and where the draft is kept, for the user. */
gboolean         dossier_window_restore_draft (DossierWindow     *self,
                                               DossierSession    *session,
                                               GError           **error);
/* A message dialog over the window. */
void             dossier_window_show_message  (DossierWindow     *self,
                                               const char        *heading,
                                               const char        *body);
/* Sets the publication date (YYYY-MM-DD); the model's dates are resolved again
 * against it, a human's are not touched. One undoable step. */
void             dossier_window_set_published (DossierWindow     *self,
                                               const char        *value);
DossierProject  *dossier_window_get_project  (DossierWindow      *self);
DossierDocument *dossier_window_get_document (DossierWindow      *self);
GtkWidget       *dossier_window_get_article_view (DossierWindow  *self);
GtkWidget       *dossier_window_get_people_sidebar (DossierWindow *self);
GtkWidget       *dossier_window_get_timeline_sidebar (DossierWindow *self);
gboolean         dossier_window_is_empty     (DossierWindow      *self);
gboolean         dossier_window_get_modified (DossierWindow      *self);

G_END_DECLS
