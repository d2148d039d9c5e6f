/* dossier-people-stage.c — people clustering and titles (issue 5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-people-stage"

#include "config.h"

#include "dossier-people.h"
#include "dossier-stages.h"

void
dossier_people_stage_run (DossierExtraction *extraction)
{
  g_return_if_fail (extraction != NULL);

  dossier_people_cluster (extraction);
}
