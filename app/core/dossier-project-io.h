/* dossier-project-io.h — reading and writing *.dossier.json project files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dossier-project.h"

G_BEGIN_DECLS

#define DOSSIER_PROJECT_ERROR (dossier_project_error_quark ())

typedef enum
{
  DOSSIER_PROJECT_ERROR_TOO_LARGE,
  DOSSIER_PROJECT_ERROR_INVALID_UTF8,
  DOSSIER_PROJECT_ERROR_INVALID_JSON,
  DOSSIER_PROJECT_ERROR_WRONG_FORMAT,
  DOSSIER_PROJECT_ERROR_NEWER_VERSION,
  DOSSIER_PROJECT_ERROR_INVALID,
  DOSSIER_PROJECT_ERROR_EMPTY,
  DOSSIER_PROJECT_ERROR_SUPERSEDED,
} DossierProjectError;

/* Biggest file Dossier reads, project or article. */
#define DOSSIER_MAX_FILE_SIZE (256 * 1024 * 1024)

GQuark          dossier_project_error_quark       (void);

/* Parses and checks a whole project; on any problem returns NULL and an
 * error that names the field (and document/annotation) at fault. */
DossierProject *dossier_project_new_from_data     (const char     *data,
                                                   gsize           length,
                                                   GError        **error);
/* A project with one document holding @data as its text (plain UTF-8). */
DossierProject *dossier_project_new_from_text     (const char     *data,
                                                   gsize           length,
                                                   const char     *title,
                                                   const char     *published,
                                                   GError        **error);
/* Either of the above, chosen by content (a JSON object is a project). */
DossierProject *dossier_project_new_from_file_data (const char    *data,
                                                    gsize          length,
                                                    const char    *basename,
                                                    GError       **error);
/* TRUE if @data looks like a project file rather than an article. */
gboolean        dossier_project_data_is_project   (const char     *data,
                                                   gsize           length);

JsonNode       *dossier_project_to_json           (DossierProject *self);
GBytes         *dossier_project_to_bytes          (DossierProject *self);

/* Reads @file (article or project) off the main thread. */
void            dossier_project_load_file_async   (GFile               *file,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
DossierProject *dossier_project_load_file_finish  (GAsyncResult        *result,
                                                   GError             **error);
/* After dossier_project_load_file_finish() succeeded: the version of the file the load read
 * (see dossier_project_file_is_at_version()), with the bytes read, and the file's identity as
 * the load looked it up before and after reading (a later look may see a save made since;
 * none when the two differ), NULL for a remote file. */
char           *dossier_project_load_file_dup_version (GAsyncResult  *result);

/* Writes atomically (temporary file, fsync, rename) and keeps the previous
 * version as FILE~, which is replaced atomically too; on failure the previous
 * file is untouched, and FILE~ too unless the failure is the very last step,
 * the rename of the new version, which comes after FILE~ got the previous
 * version (then also still in the file). Saves of one
 * file run one at a time, in the order their snapshots were taken (when the
 * call is made); a save overtaken by a newer one of the same file writes
 * nothing, so the file always ends with the newest snapshot: it succeeds when
 * the newer one is of the same project, and fails with
 * DOSSIER_PROJECT_ERROR_SUPERSEDED when it is of another.
 * A read-only file, or one whose folder is gone, is refused. */
void            dossier_project_save_file_async   (DossierProject      *self,
                                                   GFile               *file,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* As above, but written only if, on its turn, the file is still at @version (as
 * dossier_project_file_is_at_version() says, reading the file if need be), or there is none:
 * else nothing is written and the save fails with G_IO_ERROR_WRONG_ETAG, as someone saved the
 * file since. @version NULL writes in any case. */
void            dossier_project_save_file_if_version_async (DossierProject      *self,
                                                            GFile               *file,
                                                            const char          *version,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean        dossier_project_save_file_finish  (DossierProject      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* After dossier_project_save_file_finish() succeeded: the version of the file the save left
 * (see dossier_project_file_is_at_version()), with the bytes written, and the file's identity
 * as the save looked it up right after writing (a later look may see another window's save);
 * NULL for a remote file. */
char           *dossier_project_save_file_dup_version (DossierProject *self,
                                                       GAsyncResult   *result);
gboolean        dossier_project_save_file         (DossierProject      *self,
                                                   GFile               *file,
                                                   GError             **error);

/* The version of @file on disk now, to tell whether it was saved since: its modification time,
 * and which file it is (a save makes a new one, so two saves within one tick of the clock
 * differ too). NULL when there is none, or for a remote file. Quick: the bytes are not read. */
char           *dossier_project_query_file_version (GFile              *file);
/* TRUE when @file on disk is at @version, one given by the calls above: the same modification
 * time, file and size. Or, for a version that knows the bytes of the file (one a load or a save
 * gives), another file (as on file systems whose inode numbers are not stable: vfat, FUSE, CIFS)
 * or modification time, but of the same size and with the same bytes: then the file is read,
 * so do not call this on the main thread. FALSE when there is no file. */
gboolean        dossier_project_file_is_at_version (GFile             *file,
                                                    const char        *version);

/* Checks a YYYY-MM-DD date. */
gboolean        dossier_date_is_valid             (const char          *date);

G_END_DECLS
