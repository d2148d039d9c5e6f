/* dossier-timeml.c — timeml in and out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-timeml"

#include "config.h"

#include <gio/gio.h>

#include "dossier-commands.h"

gboolean
dossier_timeml_tag (const char  *contents,
                    gsize        length,
                    const char  *published,
                    GString     *out,
                    GError     **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "timeml output is not available in this build yet");
  return FALSE;
}
