/* dossier-main.c — the `dossier` program: the window, or a headless command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-main"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "dossier-application.h"
#include "dossier-command-line.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DossierApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* headless commands never initialise GTK, so they run without a display */
  if (argc > 1 && dossier_command_line_is_command (argv[1]))
    return dossier_command_line_run (argc, argv);

  app = dossier_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
