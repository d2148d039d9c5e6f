/* dossier-timeline-stage.c — timeline events (issue 4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-timeline-stage"

#include "config.h"

#include "dossier-stages.h"

void
dossier_timeline_stage_run (DossierExtraction *extraction)
{
  g_return_if_fail (extraction != NULL);

  /* Not built yet: this stage adds nothing rather than something made up. */
}
