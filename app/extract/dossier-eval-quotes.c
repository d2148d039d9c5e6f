/* dossier-eval-quotes.c — `dossier eval-quotes`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-eval-quotes"

#include "config.h"

#include <stdio.h>

#include "dossier-commands.h"

int
dossier_eval_quotes_main (int    argc,
                     char **argv)
{
  fprintf (stderr, "dossier eval-quotes: not available in this build yet\n");
  return 2;
}
