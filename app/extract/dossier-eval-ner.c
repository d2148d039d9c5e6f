/* dossier-eval-ner.c — `dossier eval-ner`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-eval-ner"

#include "config.h"

#include <stdio.h>

#include "dossier-commands.h"

int
dossier_eval_ner_main (int    argc,
                     char **argv)
{
  fprintf (stderr, "dossier eval-ner: not available in this build yet\n");
  return 2;
}
