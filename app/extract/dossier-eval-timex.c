/* dossier-eval-timex.c — `dossier eval-timex`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-eval-timex"

#include "config.h"

#include <stdio.h>

#include "dossier-commands.h"

int
dossier_eval_timex_main (int    argc,
                     char **argv)
{
  fprintf (stderr, "dossier eval-timex: not available in this build yet\n");
  return 2;
}
