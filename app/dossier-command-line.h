/* dossier-command-line.h — `dossier extract` and `dossier eval-*`, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean    dossier_command_line_is_command (const char  *word);
int         dossier_command_line_run        (int          argc,
                                             char       **argv);
/* The text `dossier --help` shows for the headless commands. */
const char *dossier_command_line_describe   (void);

G_END_DECLS
