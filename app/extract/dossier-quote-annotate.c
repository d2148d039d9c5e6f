/* dossier-quote-annotate.c — batch driver for quote attribution
 *
 *   dossier-quote-annotate [--model FILE] [--use off|add|replace] TEXT_DIR OUT_DIR
 *     runs the extraction over every TEXT_DIR/<article>.txt and writes
 *     OUT_DIR/<article>.ann (brat standoff, as `dossier extract --to brat`);
 *     --model reads the quote tagger from FILE instead of the compiled-in
 *     one, --use says how it joins the rules (default add; off: rules only)
 *   dossier-quote-annotate eval-quotes GOLD_DIR SYSTEM_DIR
 *     the same scorer as `dossier eval-quotes`
 *
 * Scores on the PolNeAR development split, from the worktree:
 *   meson setup _build && ninja -C _build
 *   _build/app/extract/dossier-quote-annotate ../shared/data/quotes/polnear/dev/text _build/polnear-dev
 *   _build/app/extract/dossier-quote-annotate eval-quotes ../shared/data/quotes/polnear/dev _build/polnear-dev
 * (the same with train/ for the training split; --use off scores the rules
 * alone). The texts are read from ../shared/data and never bundled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-quote-annotate"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dossier-commands.h"
#include "dossier-extraction.h"
#include "dossier-quotes.h"
#include "dossier-stages.h"

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
  g_autoptr(DossierQuoteModel) own_model = NULL;
  DossierQuoteModel *model = dossier_quote_model_get_default ();
  DossierQuoteModelUse use = DOSSIER_QUOTE_MODEL_ADD;

  if (argc == 4 && strcmp (argv[1], "eval-quotes") == 0)
    return dossier_eval_quotes_main (argc - 1, argv + 1);
  while (argc > 3 && argv[1][0] == '-')
    {
      if (strcmp (argv[1], "--model") == 0)
        {
          g_autoptr(GMappedFile) file = g_mapped_file_new (argv[2], FALSE, &error);
          g_autoptr(GBytes) bytes = file != NULL ? g_mapped_file_get_bytes (file) : NULL;
          if (bytes != NULL)
            own_model = dossier_quote_model_new_from_bytes (bytes, &error);
          if (own_model == NULL)
            {
              fprintf (stderr, "%s: %s\n", argv[2], error->message);
              return 1;
            }
          model = own_model;
        }
      else if (strcmp (argv[1], "--use") == 0)
        use = strcmp (argv[2], "off") == 0 ? DOSSIER_QUOTE_MODEL_OFF :
              strcmp (argv[2], "replace") == 0 ? DOSSIER_QUOTE_MODEL_REPLACE :
              DOSSIER_QUOTE_MODEL_ADD;
      else
        break;
      argc -= 2;
      argv += 2;
    }
  if (argc != 3)
    {
      fprintf (stderr, "usage: %s [--model FILE] [--use off|add|replace] TEXT_DIR OUT_DIR\n"
               "       %s eval-quotes GOLD_DIR SYSTEM_DIR\n", argv[0], argv[0]);
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
      dossier_entities_stage_run (ex);
      dossier_dates_stage_run (ex);
      dossier_people_stage_run (ex);
      dossier_quotes_find_full (ex, model, use, NULL, NULL);
      dossier_timeline_stage_run (ex);
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
