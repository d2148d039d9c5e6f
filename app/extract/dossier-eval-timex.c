/* dossier-eval-timex.c — `dossier eval-timex [-v] GOLD_DIR SYSTEM_DIR`
 *
 * Scores TIMEX3 tagging as TempEval-3 Task A does (UzZaman et al. 2013):
 * strict span match (same start and end) and relaxed match (any overlap),
 * precision / recall / F1 for each; over the relaxed matches, type and value
 * accuracy, and attribute F1 = 2 × correct / (system TIMEX3s + gold TIMEX3s).
 * Files are matched by their path relative to the two directories; a
 * directory with subdirectories (TimeBank/, AQUAINT/) gets a line per
 * subdirectory and a total. With -v, every miss, spurious tag and wrong value
 * is listed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-eval-timex"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gio/gio.h>

#include "dossier-commands.h"
#include "dossier-timex-timeml.h"

typedef struct
{
  char  *name;
  guint  files;
  guint  gold;
  guint  system;
  guint  strict_system;   /* system tags with a gold tag of the same span */
  guint  strict_gold;
  guint  relaxed_system;  /* system tags overlapping a gold tag */
  guint  relaxed_gold;
  guint  pairs;           /* one-to-one relaxed pairs */
  guint  type_correct;
  guint  value_correct;
  guint  mod_correct;
} Score;

static void
list_files (const char *root,
            const char *relative,
            GPtrArray  *out)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  /* few names: a plain exchange sort keeps the order stable across systems */
  for (guint i = 0; i < names->len; i++)
    for (guint j = i + 1; j < names->len; j++)
      if (strcmp (names->pdata[i], names->pdata[j]) > 0)
        {
          gpointer tmp = names->pdata[i];
          names->pdata[i] = names->pdata[j];
          names->pdata[j] = tmp;
        }

  for (guint i = 0; i < names->len; i++)
    {
      const char *n = names->pdata[i];
      g_autofree char *rel = relative[0] ? g_build_filename (relative, n, NULL) : g_strdup (n);
      g_autofree char *full = g_build_filename (root, rel, NULL);

      if (n[0] == '.')
        continue;
      if (g_file_test (full, G_FILE_TEST_IS_DIR))
        list_files (root, rel, out);
      else if (g_str_has_suffix (n, ".tml"))
        g_ptr_array_add (out, g_steal_pointer (&rel));
    }
}

static gboolean
read_timexes (const char *path,
              GString    *plain,
              GArray     *timexes)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length, start, end;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      fprintf (stderr, "dossier eval-timex: %s\n", error->message);
      return FALSE;
    }
  if (!_dossier_timeml_find_text (contents, length, &start, &end))
    {
      fprintf (stderr, "dossier eval-timex: %s: no <TEXT> element\n", path);
      return FALSE;
    }
  if (!_dossier_timeml_strip (contents, start, end, plain, NULL, timexes, &error))
    {
      fprintf (stderr, "dossier eval-timex: %s: %s\n", path, error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
overlaps (const DossierTimexGold *a,
          const DossierTimexGold *b)
{
  return a->start < b->end && b->start < a->end;
}

static void
print_span (const char             *what,
            const char             *file,
            const GString          *plain,
            const DossierTimexGold *x,
            const DossierTimexGold *other)
{
  g_autofree char *text = g_strndup (plain->str + x->start, x->end - x->start);

  printf ("%-8s %s: \"%s\" %s %s%s%s", what, file, text, x->type, x->value,
          x->mod[0] ? " " : "", x->mod);
  if (other != NULL)
    {
      g_autofree char *text2 = g_strndup (plain->str + other->start, other->end - other->start);

      printf ("  | system \"%s\" %s %s%s%s", text2, other->type, other->value,
              other->mod[0] ? " " : "", other->mod);
    }
  printf ("\n");
}

static void
score_file (Score      *score,
            const char *file,
            GArray     *gold,
            GArray     *system,
            GString    *plain,
            gboolean    verbose)
{
  g_autofree gboolean *used = g_new0 (gboolean, system->len + 1);

  score->files++;
  score->gold += gold->len;
  score->system += system->len;

  for (guint s = 0; s < system->len; s++)
    {
      const DossierTimexGold *y = &g_array_index (system, DossierTimexGold, s);
      gboolean strict = FALSE, relaxed = FALSE;

      for (guint g = 0; g < gold->len; g++)
        {
          const DossierTimexGold *x = &g_array_index (gold, DossierTimexGold, g);

          if (overlaps (x, y))
            relaxed = TRUE;
          if (x->start == y->start && x->end == y->end)
            strict = TRUE;
        }
      score->relaxed_system += relaxed;
      score->strict_system += strict;
      if (!relaxed && verbose)
        print_span ("SPURIOUS", file, plain, y, NULL);
    }

  for (guint g = 0; g < gold->len; g++)
    {
      const DossierTimexGold *x = &g_array_index (gold, DossierTimexGold, g);
      gboolean strict = FALSE, relaxed = FALSE;
      int best = -1;
      gsize best_overlap = 0;

      for (guint s = 0; s < system->len; s++)
        {
          const DossierTimexGold *y = &g_array_index (system, DossierTimexGold, s);
          gsize overlap;

          if (!overlaps (x, y))
            continue;
          relaxed = TRUE;
          if (x->start == y->start && x->end == y->end)
            strict = TRUE;
          overlap = MIN (x->end, y->end) - MAX (x->start, y->start);
          if (!used[s] && overlap > best_overlap)
            {
              best = s;
              best_overlap = overlap;
            }
        }
      score->relaxed_gold += relaxed;
      score->strict_gold += strict;
      if (best >= 0)
        {
          const DossierTimexGold *y = &g_array_index (system, DossierTimexGold, best);
          gboolean value_ok = strcmp (x->value, y->value) == 0;

          used[best] = TRUE;
          score->pairs++;
          score->type_correct += strcmp (x->type, y->type) == 0;
          score->value_correct += value_ok;
          score->mod_correct += strcmp (x->mod, y->mod) == 0;
          if (verbose && (!value_ok || strcmp (x->type, y->type) != 0))
            print_span ("VALUE", file, plain, x, y);
          else if (verbose && !strict)
            print_span ("SPAN", file, plain, x, y);
        }
      else if (verbose)
        print_span ("MISSED", file, plain, x, NULL);
    }
}

static double
ratio (guint a,
       guint b)
{
  return b ? 100.0 * a / b : 0.0;
}

static double
f1 (double p,
    double r)
{
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

static void
print_score (const Score *s)
{
  double sp = ratio (s->strict_system, s->system), sr = ratio (s->strict_gold, s->gold);
  double rp = ratio (s->relaxed_system, s->system), rr = ratio (s->relaxed_gold, s->gold);

  printf ("%s: %u files, %u gold TIMEX3, %u system TIMEX3, %u relaxed pairs\n",
          s->name, s->files, s->gold, s->system, s->pairs);
  printf ("  strict  span  P %6.2f  R %6.2f  F1 %6.2f\n", sp, sr, f1 (sp, sr));
  printf ("  relaxed span  P %6.2f  R %6.2f  F1 %6.2f\n", rp, rr, f1 (rp, rr));
  printf ("  type   accuracy %6.2f  F1 %6.2f\n", ratio (s->type_correct, s->pairs),
          ratio (2 * s->type_correct, s->system + s->gold));
  printf ("  value  accuracy %6.2f  F1 %6.2f\n", ratio (s->value_correct, s->pairs),
          ratio (2 * s->value_correct, s->system + s->gold));
  printf ("  mod    accuracy %6.2f\n", ratio (s->mod_correct, s->pairs));
}

static void
add_score (Score       *total,
           const Score *s)
{
  total->files += s->files;
  total->gold += s->gold;
  total->system += s->system;
  total->strict_system += s->strict_system;
  total->strict_gold += s->strict_gold;
  total->relaxed_system += s->relaxed_system;
  total->relaxed_gold += s->relaxed_gold;
  total->pairs += s->pairs;
  total->type_correct += s->type_correct;
  total->value_correct += s->value_correct;
  total->mod_correct += s->mod_correct;
}

int
dossier_eval_timex_main (int    argc,
                         char **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) scores = g_array_new (FALSE, TRUE, sizeof (Score));
  Score total = { 0 };
  gboolean verbose = FALSE;
  const char *gold_dir, *system_dir;
  int status = 0;

  g_return_val_if_fail (argv != NULL, 2);

  if (argc >= 2 && strcmp (argv[1], "-v") == 0)
    {
      verbose = TRUE;
      argc--;
      argv++;
    }
  if (argc != 3)
    {
      fprintf (stderr, "usage: dossier eval-timex [-v] GOLD_DIR SYSTEM_DIR\n");
      return 2;
    }
  gold_dir = argv[1];
  system_dir = argv[2];
  if (!g_file_test (gold_dir, G_FILE_TEST_IS_DIR) || !g_file_test (system_dir, G_FILE_TEST_IS_DIR))
    {
      fprintf (stderr, "dossier eval-timex: %s and %s must be directories\n", gold_dir, system_dir);
      return 2;
    }

  list_files (gold_dir, "", files);
  if (files->len == 0)
    {
      fprintf (stderr, "dossier eval-timex: no .tml files in %s\n", gold_dir);
      return 2;
    }

  for (guint i = 0; i < files->len; i++)
    {
      const char *rel = files->pdata[i];
      g_autofree char *group = g_path_get_dirname (rel);
      g_autofree char *gold_path = g_build_filename (gold_dir, rel, NULL);
      g_autofree char *system_path = g_build_filename (system_dir, rel, NULL);
      g_autoptr(GString) gold_plain = g_string_new (NULL);
      g_autoptr(GString) system_plain = g_string_new (NULL);
      g_autoptr(GArray) gold = g_array_new (FALSE, TRUE, sizeof (DossierTimexGold));
      g_autoptr(GArray) system = g_array_new (FALSE, TRUE, sizeof (DossierTimexGold));
      Score *score = NULL;

      if (!read_timexes (gold_path, gold_plain, gold))
        {
          status = 1;
          continue;
        }
      if (!g_file_test (system_path, G_FILE_TEST_EXISTS))
        fprintf (stderr, "dossier eval-timex: %s: no system file, counted as empty\n", system_path);
      else if (!read_timexes (system_path, system_plain, system))
        {
          status = 1;
          g_array_set_size (system, 0);
        }
      else if (!g_string_equal (gold_plain, system_plain))
        {
          fprintf (stderr, "dossier eval-timex: %s: the text differs from the gold file; skipped\n",
                   system_path);
          status = 1;
          continue;
        }

      for (guint k = 0; k < scores->len; k++)
        if (strcmp (g_array_index (scores, Score, k).name, group) == 0)
          score = &g_array_index (scores, Score, k);
      if (score == NULL)
        {
          Score fresh = { 0 };

          fresh.name = g_strdup (group);
          g_array_append_val (scores, fresh);
          score = &g_array_index (scores, Score, scores->len - 1);
        }
      score_file (score, rel, gold, system, gold_plain, verbose);
    }

  for (guint k = 0; k < scores->len; k++)
    {
      Score *s = &g_array_index (scores, Score, k);

      if (scores->len > 1 || strcmp (s->name, ".") != 0)
        print_score (s);
      add_score (&total, s);
      g_free (s->name);
    }
  total.name = (char *) "total";
  print_score (&total);
  return status;
}
