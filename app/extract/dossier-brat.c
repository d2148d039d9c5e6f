/* dossier-brat.c — brat standoff output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-brat"

#include "config.h"

#include "dossier-commands.h"

void
dossier_brat_write (DossierExtraction *extraction,
                    GString           *out)
{
  g_return_if_fail (extraction != NULL);
  g_return_if_fail (out != NULL);

  /* Not built yet (issue 5): writes nothing. */
}
