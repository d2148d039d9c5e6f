/* dossier-project-io-private.h — test hooks of the project writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dossier-project-io.h"

G_BEGIN_DECLS

/* Where a held save waits: before it takes its turn at the file, or on its turn, before it
 * copies the backup and writes (as on a slow disk), or when the backup and the new version
 * are written under their temporary names, before they are renamed into place (where a
 * crash leaves them behind). Or the process ends there at once, as in a crash. */
typedef enum
{
  DOSSIER_SAVE_HOLD_NONE,
  DOSSIER_SAVE_HOLD_BEFORE_LOCK,
  DOSSIER_SAVE_HOLD_WHILE_LOCKED,
  DOSSIER_SAVE_HOLD_BEFORE_RENAME,
  DOSSIER_SAVE_EXIT_BEFORE_RENAME,
} DossierSaveHold;

/* The next save started waits at @where until released, so tests can order saves. */
void     _dossier_project_io_hold_next_save (DossierSaveHold where);
/* TRUE while the held save is waiting. */
gboolean _dossier_project_io_save_is_held   (void);
void     _dossier_project_io_release_save   (void);
/* Until called again with 0, changing a file's mode fails with @error_number (EPERM, as on a
 * vfat disk mounted with uid=). */
void     _dossier_project_io_fail_chmod     (int error_number);
/* Until called again with 0, file names longer than @max bytes are refused (ENAMETOOLONG), as
 * on a file system with short names. */
void     _dossier_project_io_set_name_max   (gsize max);
/* Saves started whose callbacks have not yet returned (of the asynchronous ones). */
guint    _dossier_project_io_saves_pending  (void);
/* Saves started so far. */
guint    _dossier_project_io_saves_started  (void);

G_END_DECLS
