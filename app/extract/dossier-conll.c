/* dossier-conll.c — conll in and out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-conll"

#include "config.h"

#include <gio/gio.h>

#include "dossier-commands.h"

gboolean
dossier_conll_tag (const char  *contents,
                   gsize        length,
                   GString     *out,
                   GError     **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "conll output is not available in this build yet");
  return FALSE;
}
