/* timex-tool.c — runs the date tagger over TimeML directories and scores it
 *
 * A development driver until `dossier extract --from timeml --to timeml` is
 * wired on main:
 *   timex-tool tag-dir IN_DIR OUT_DIR      tag every .tml under IN_DIR (subfolders kept)
 *   timex-tool eval-timex [-v] GOLD SYSTEM the evaluator, as `dossier eval-timex`
 * tests/timex-dev-eval.sh runs both on the development data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "dossier-commands.h"
#include "dossier-timex.h"

static int
tag_dir (const char *in_dir,
         const char *out_dir,
         guint      *n_files,
         gsize      *n_bytes)
{
  g_autoptr(GDir) dir = g_dir_open (in_dir, 0, NULL);
  const char *name;
  int status = 0;

  if (dir == NULL)
    {
      fprintf (stderr, "timex-tool: cannot open %s\n", in_dir);
      return 1;
    }
  g_mkdir_with_parents (out_dir, 0755);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *in = g_build_filename (in_dir, name, NULL);
      g_autofree char *out = g_build_filename (out_dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GString) tagged = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      if (name[0] == '.')
        continue;
      if (g_file_test (in, G_FILE_TEST_IS_DIR))
        {
          status |= tag_dir (in, out, n_files, n_bytes);
          continue;
        }
      if (!g_str_has_suffix (name, ".tml"))
        continue;
      if (!g_file_get_contents (in, &contents, &length, &error))
        {
          fprintf (stderr, "timex-tool: %s\n", error->message);
          status = 1;
          continue;
        }
      tagged = g_string_new (NULL);
      if (!dossier_timeml_tag (contents, length, NULL, tagged, &error) ||
          !g_file_set_contents (out, tagged->str, tagged->len, &error))
        {
          fprintf (stderr, "timex-tool: %s: %s\n", in, error->message);
          status = 1;
          continue;
        }
      (*n_files)++;
      *n_bytes += length;
    }
  return status;
}

int
main (int    argc,
      char **argv)
{
  if (argc == 4 && strcmp (argv[1], "tag-dir") == 0)
    {
      guint n_files = 0;
      gsize n_bytes = 0;
      gint64 begin = g_get_monotonic_time ();
      int status = tag_dir (argv[2], argv[3], &n_files, &n_bytes);

      fprintf (stderr, "tagged %u files (%" G_GSIZE_FORMAT " bytes) in %.1f ms\n", n_files, n_bytes,
               (g_get_monotonic_time () - begin) / 1000.0);
      return status;
    }
  if (argc == 4 && strcmp (argv[1], "find") == 0)
    {
      g_autoptr(GArray) found = dossier_timex_find_in_text (argv[3], -1, argv[2]);

      for (guint i = 0; i < found->len; i++)
        {
          const DossierTimex *x = &g_array_index (found, DossierTimex, i);

          printf ("\"%.*s\" %s %s %s tense=%d\n", (int) (x->byte_end - x->byte_start),
                  argv[3] + x->byte_start, dossier_timex_type_to_string (x->type), x->value,
                  x->mod, x->tense);
        }
      return 0;
    }
  if (argc >= 2 && strcmp (argv[1], "eval-timex") == 0)
    return dossier_eval_timex_main (argc - 1, argv + 1);
  fprintf (stderr, "usage: timex-tool tag-dir IN_DIR OUT_DIR\n"
                   "       timex-tool find REFERENCE_DATE TEXT\n"
                   "       timex-tool eval-timex [-v] GOLD_DIR SYSTEM_DIR\n");
  return 2;
}
