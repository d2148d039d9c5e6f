/* dossier-quotes-stage.c — quote attribution (issue 5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-quotes-stage"

#include "config.h"

#include "dossier-quotes.h"
#include "dossier-stages.h"

void
dossier_quotes_stage_run (DossierExtraction *extraction)
{
  g_return_if_fail (extraction != NULL);

  dossier_quotes_find (extraction);
}
