/* dossier-quote-annotate.c — batch driver for quote attribution
 *
 *   dossier-quote-annotate TEXT_DIR OUT_DIR
 *     runs the extraction over every TEXT_DIR/<article>.txt and writes
 *     OUT_DIR/<article>.ann (brat standoff, as `dossier extract --to brat`)
 *   dossier-quote-annotate eval-quotes GOLD_DIR SYSTEM_DIR
 *     the same scorer as `dossier eval-quotes`
 *
 * Scores on the PolNeAR development split, from the worktree:
 *   meson setup _build && ninja -C _build
 *   _build/app/extract/dossier-quote-annotate ../shared/data/quotes/polnear/dev/text _build/polnear-dev
 *   _build/app/extract/dossier-quote-annotate eval-quotes ../shared/data/quotes/polnear/dev _build/polnear-dev
 * (the same with train/ for the training split). The texts are read from
 * ../shared/data and never bundled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-quote-annotate"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dossier-commands.h"
#include "dossier-extraction.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint n_files = 0;
  gsize n_bytes = 0;
  gint64 total = 0;

  if (argc == 4 && strcmp (argv[1], "eval-quotes") == 0)
    return dossier_eval_quotes_main (argc - 1, argv + 1);
  if (argc != 3)
    {
      fprintf (stderr, "usage: %s TEXT_DIR OUT_DIR | eval-quotes GOLD_DIR SYSTEM_DIR\n", argv[0]);
      return 2;
    }
  dir = g_dir_open (argv[1], 0, &error);
  if (dir == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  g_mkdir_with_parents (argv[2], 0755);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      g_autofree char *base = NULL;
      g_autofree char *out_path = NULL;
      g_autoptr(DossierExtraction) ex = NULL;
      g_autoptr(GString) out = NULL;
      gsize len = 0;
      gint64 begin;

      if (!g_str_has_suffix (name, ".txt"))
        continue;
      path = g_build_filename (argv[1], name, NULL);
      if (!g_file_get_contents (path, &text, &len, &error) || !g_utf8_validate (text, len, NULL))
        {
          fprintf (stderr, "%s: cannot read as UTF-8 text\n", path);
          g_clear_error (&error);
          continue;
        }
      begin = g_get_monotonic_time ();
      ex = dossier_extraction_new (text, len, NULL);
      dossier_extraction_run (ex);
      out = g_string_new (NULL);
      dossier_brat_write (ex, out);
      total += g_get_monotonic_time () - begin;
      n_bytes += len;

      base = g_strndup (name, strlen (name) - 4);
      out_path = g_strconcat (argv[2], G_DIR_SEPARATOR_S, base, ".ann", NULL);
      if (!g_file_set_contents (out_path, out->str, out->len, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      n_files++;
    }
  fprintf (stderr, "%u articles, %zu bytes, extraction %.1f ms\n", n_files, n_bytes, total / 1000.0);
  return 0;
}
