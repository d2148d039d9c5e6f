/* dossier-session.h — autosaved drafts of unsaved work, and their recovery
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dossier-project.h"

G_BEGIN_DECLS

#define DOSSIER_DRAFT_DELAY_MS 3000

#define DOSSIER_TYPE_SESSION (dossier_session_get_type ())

G_DECLARE_FINAL_TYPE (DossierSession, dossier_session, DOSSIER, SESSION, GObject)

/* Where drafts live: $XDG_DATA_HOME/dossier/drafts. */
char           *dossier_session_dup_drafts_dir  (void);

/* One window's draft; @id names an existing draft (recovery) or NULL for a new one. */
DossierSession *dossier_session_new             (const char      *id);
const char     *dossier_session_get_id          (DossierSession  *self);
void            dossier_session_set_delay       (DossierSession  *self,
                                                 guint            delay_ms);
/* The project whose changes the draft keeps; the file it saves to (or NULL) and
 * the name of the article it came from are kept with it. */
void            dossier_session_set_project     (DossierSession  *self,
                                                 DossierProject  *project,
                                                 GFile           *file,
                                                 const char      *source_name);
/* Arms the timer: a draft is written that long after the last change. */
void            dossier_session_schedule        (DossierSession  *self);
/* Writes the draft now if one is due (before closing). */
gboolean        dossier_session_flush           (DossierSession  *self,
                                                 GError         **error);
/* The work was saved or thrown away: the draft goes. */
void            dossier_session_discard         (DossierSession  *self);
gboolean        dossier_session_has_draft       (DossierSession  *self);
/* Emitted ("draft-written") after each draft is on disk, and ("draft-failed", with the
 * GError) when one could not be written; the draft written before it stays as it was. */

/* The copy a draft is written from, off the main thread: shares nothing with @project. */

/* Recovery: the drafts left by sessions that ended without saving or
 * discarding (a crash, kill -9, a power cut), not those of live sessions. */
GPtrArray      *dossier_session_list_orphans    (void);
DossierProject *dossier_session_load            (DossierSession  *self,
                                                 GError         **error);
/* A draft that does not load is moved, whole, into the drafts folder's failed/ subfolder, so it
 * is not tried again at every start; @kept_path is where its project file now is. */
gboolean        dossier_session_move_aside      (DossierSession  *self,
                                                 char           **kept_path,
                                                 GError         **error);
GFile          *dossier_session_get_file        (DossierSession  *self);
const char     *dossier_session_get_source_name (DossierSession  *self);
/* The version (etag) of the file on disk that the work started from, kept with the draft so
 * that restored work does not silently replace a newer file. */
void            dossier_session_set_file_version (DossierSession *self,
                                                  const char     *version);
const char     *dossier_session_get_file_version (DossierSession *self);
/* When the draft was written (local time), or NULL. */
GDateTime      *dossier_session_get_saved_time  (DossierSession  *self);

G_END_DECLS
