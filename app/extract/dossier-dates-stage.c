/* dossier-dates-stage.c — the date recogniser (issue 4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-dates-stage"

#include "config.h"

#include "dossier-stages.h"

void
dossier_dates_stage_run (DossierExtraction *extraction)
{
  g_return_if_fail (extraction != NULL);

  /* Not built yet: this stage adds nothing rather than something made up. */
}
