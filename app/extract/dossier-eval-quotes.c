/* dossier-eval-quotes.c — `dossier eval-quotes GOLD_DIR SYSTEM_DIR`
 *
 * Scores attributions in brat standoff (PolNeAR): GOLD_DIR is a split folder
 * (with attributions/ and text/) or a folder of .ann files; SYSTEM_DIR holds
 * one <article>.ann per text. For articles annotated several times the
 * alphabetically first annotator is gold. Printed for all attributions and
 * for direct quotes only (content containing a quotation mark):
 *  - content P/R/F1, exact (same fragments) and overlap (one-to-one, the
 *    overlap covers more than 0.3 of the gold content);
 *  - source and cue exact F1 over the distinct spans of each article;
 *  - speaker accuracy on overlap-matched quotes: the system source overlaps
 *    the gold source (or both have none); "exact" requires the same span.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-eval-quotes"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dossier-commands.h"
#include "dossier-quote-brat.h"

typedef struct
{
  guint gold, system;
  guint exact_tp_gold, exact_tp_sys;
  guint overlap_tp;
  guint source_gold, source_sys, source_tp;
  guint cue_gold, cue_sys, cue_tp;
  guint matched, speaker_ok, speaker_exact;
} Scores;

static gboolean
is_quote_char (gunichar c)
{
  return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0x201F ||
         c == 0x00AB || c == 0x00BB;
}

static gboolean
is_direct (const gunichar               *text,
           glong                         n_chars,
           const DossierBratAttribution *a)
{
  for (guint f = 0; f < a->n_content; f++)
    for (guint i = a->content[f].start; i < a->content[f].end && i < (guint)n_chars; i++)
      if (is_quote_char (text[i]))
        return TRUE;
  return FALSE;
}

static gboolean
same_fragments (const DossierSpanRange *a,
                guint                   na,
                const DossierSpanRange *b,
                guint                   nb)
{
  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    if (a[i].start != b[i].start || a[i].end != b[i].end)
      return FALSE;
  return TRUE;
}

static guint
overlap (const DossierSpanRange *a,
         guint                   na,
         const DossierSpanRange *b,
         guint                   nb)
{
  guint sum = 0;

  for (guint i = 0; i < na; i++)
    for (guint j = 0; j < nb; j++)
      {
        guint s = MAX (a[i].start, b[j].start);
        guint e = MIN (a[i].end, b[j].end);
        if (e > s)
          sum += e - s;
      }
  return sum;
}

static guint
length (const DossierSpanRange *a,
        guint                   na)
{
  guint sum = 0;

  for (guint i = 0; i < na; i++)
    sum += a[i].end - a[i].start;
  return sum;
}

/* distinct spans of one role; returns how many */
static guint
distinct_spans (GPtrArray                    *out,
                const DossierBratAttribution *atts,
                guint                         n,
                const gboolean               *keep,
                int                           role)
{
  for (guint i = 0; i < n; i++)
    {
      const DossierBratAttribution *a = &atts[i];
      const DossierSpanRange *r = role == 0 ? a->source : a->cue;
      guint nr = role == 0 ? a->n_source : a->n_cue;
      GString *key;
      gboolean seen = FALSE;

      if (!keep[i] || nr == 0)
        continue;
      key = g_string_new (NULL);
      for (guint f = 0; f < nr; f++)
        g_string_append_printf (key, "%u-%u;", r[f].start, r[f].end);
      for (guint k = 0; k < out->len; k++)
        if (strcmp (g_ptr_array_index (out, k), key->str) == 0)
          seen = TRUE;
      if (seen)
        g_string_free (key, TRUE);
      else
        g_ptr_array_add (out, g_string_free (key, FALSE));
    }
  return out->len;
}

static guint
count_common (GPtrArray *a,
              GPtrArray *b)
{
  guint n = 0;

  for (guint i = 0; i < a->len; i++)
    for (guint j = 0; j < b->len; j++)
      if (strcmp (g_ptr_array_index (a, i), g_ptr_array_index (b, j)) == 0)
        {
          n++;
          break;
        }
  return n;
}

static void
score_article (Scores              *s,
               const gunichar      *text,
               glong                n_chars,
               DossierBratDocument *gold,
               DossierBratDocument *sys,
               gboolean             direct_only)
{
  const DossierBratAttribution *g = (const DossierBratAttribution *)gold->attributions->data;
  const DossierBratAttribution *y = (const DossierBratAttribution *)sys->attributions->data;
  guint ng = gold->attributions->len;
  guint ny = sys->attributions->len;
  g_autofree gboolean *gk = g_new0 (gboolean, ng + 1);
  g_autofree gboolean *yk = g_new0 (gboolean, ny + 1);
  g_autofree gboolean *yused = g_new0 (gboolean, ny + 1);
  g_autoptr(GPtrArray) gs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) gc = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) yc = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < ng; i++)
    gk[i] = !direct_only || is_direct (text, n_chars, &g[i]);
  for (guint i = 0; i < ny; i++)
    yk[i] = !direct_only || is_direct (text, n_chars, &y[i]);

  for (guint i = 0; i < ng; i++)
    if (gk[i])
      {
        s->gold++;
        for (guint j = 0; j < ny; j++)
          if (yk[j] && same_fragments (g[i].content, g[i].n_content, y[j].content, y[j].n_content))
            {
              s->exact_tp_gold++;
              break;
            }
      }
  for (guint j = 0; j < ny; j++)
    if (yk[j])
      {
        s->system++;
        for (guint i = 0; i < ng; i++)
          if (gk[i] && same_fragments (g[i].content, g[i].n_content, y[j].content, y[j].n_content))
            {
              s->exact_tp_sys++;
              break;
            }
      }

  /* one-to-one overlap matching, gold in order, the system quote overlapping most */
  for (guint i = 0; i < ng; i++)
    {
      guint glen = length (g[i].content, g[i].n_content);
      int best = -1;
      guint best_ov = 0;

      if (!gk[i] || glen == 0)
        continue;
      for (guint j = 0; j < ny; j++)
        {
          guint ov;
          if (!yk[j] || yused[j])
            continue;
          ov = overlap (g[i].content, g[i].n_content, y[j].content, y[j].n_content);
          if (ov * 10 > glen * 3 && ov > best_ov)
            {
              best = j;
              best_ov = ov;
            }
        }
      if (best < 0)
        continue;
      yused[best] = TRUE;
      s->overlap_tp++;
      s->matched++;
      if (g[i].n_source == 0 && y[best].n_source == 0)
        {
          s->speaker_ok++;
          s->speaker_exact++;
        }
      else if (g[i].n_source > 0 && y[best].n_source > 0 &&
               overlap (g[i].source, g[i].n_source, y[best].source, y[best].n_source) > 0)
        {
          s->speaker_ok++;
          if (same_fragments (g[i].source, g[i].n_source, y[best].source, y[best].n_source))
            s->speaker_exact++;
        }
    }

  s->source_gold += distinct_spans (gs, g, ng, gk, 0);
  s->source_sys += distinct_spans (ys, y, ny, yk, 0);
  s->source_tp += count_common (gs, ys);
  s->cue_gold += distinct_spans (gc, g, ng, gk, 1);
  s->cue_sys += distinct_spans (yc, y, ny, yk, 1);
  s->cue_tp += count_common (gc, yc);
}

static double
f1 (double p,
    double r)
{
  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

static double
ratio (guint a,
       guint b)
{
  return b > 0 ? 100.0 * a / b : 0;
}

static void
print_scores (const char   *title,
              const Scores *s)
{
  double p, r;

  printf ("%s: %u gold, %u system attributions\n", title, s->gold, s->system);
  p = ratio (s->exact_tp_sys, s->system);
  r = ratio (s->exact_tp_gold, s->gold);
  printf ("  content exact          P %5.1f  R %5.1f  F1 %5.1f\n", p, r, f1 (p, r));
  p = ratio (s->overlap_tp, s->system);
  r = ratio (s->overlap_tp, s->gold);
  printf ("  content overlap > 0.3  P %5.1f  R %5.1f  F1 %5.1f\n", p, r, f1 (p, r));
  p = ratio (s->source_tp, s->source_sys);
  r = ratio (s->source_tp, s->source_gold);
  printf ("  source exact           P %5.1f  R %5.1f  F1 %5.1f\n", p, r, f1 (p, r));
  p = ratio (s->cue_tp, s->cue_sys);
  r = ratio (s->cue_tp, s->cue_gold);
  printf ("  cue exact              P %5.1f  R %5.1f  F1 %5.1f\n", p, r, f1 (p, r));
  printf ("  speaker accuracy       %5.1f%% (source overlaps gold), %5.1f%% (same source span), on %u matched\n",
          ratio (s->speaker_ok, s->matched), ratio (s->speaker_exact, s->matched), s->matched);
}

static char *
article_of (const char *ann_name)
{
  /* "<article>_<annotator>.ann" → "<article>"; "<article>.ann" → "<article>" */
  g_autofree char *base = g_strndup (ann_name, strlen (ann_name) - 4);
  const char *us = strrchr (base, '_');

  if (us != NULL && strlen (us) == 5 && g_ascii_isxdigit (us[1]) && g_ascii_isxdigit (us[2]) &&
      g_ascii_isxdigit (us[3]) && g_ascii_isxdigit (us[4]))
    return g_strndup (base, us - base);
  return g_steal_pointer (&base);
}

static DossierBratDocument *
load_ann (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return dossier_brat_parse ("", 0);
  return dossier_brat_parse (contents, len);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

int
dossier_eval_quotes_main (int    argc,
                          char **argv)
{
  g_autofree char *ann_dir = NULL;
  g_autofree char *text_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Scores all = { 0 }, direct = { 0 };
  const char *name;
  guint n_articles = 0;

  if (argc != 3)
    {
      fprintf (stderr, "usage: dossier eval-quotes GOLD_DIR SYSTEM_DIR\n");
      return 2;
    }

  ann_dir = g_build_filename (argv[1], "attributions", NULL);
  if (!g_file_test (ann_dir, G_FILE_TEST_IS_DIR))
    {
      g_free (ann_dir);
      ann_dir = g_strdup (argv[1]);
    }
  text_dir = g_build_filename (argv[1], "text", NULL);

  dir = g_dir_open (ann_dir, 0, &error);
  if (dir == NULL)
    {
      fprintf (stderr, "dossier eval-quotes: %s\n", error->message);
      return 1;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".ann"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      const char *ann_name = g_ptr_array_index (names, i);
      g_autofree char *article = article_of (ann_name);
      g_autofree char *gold_path = g_build_filename (ann_dir, ann_name, NULL);
      g_autofree char *sys_name = g_strconcat (article, ".ann", NULL);
      g_autofree char *sys_path = g_build_filename (argv[2], sys_name, NULL);
      g_autofree char *txt_name = g_strconcat (article, ".txt", NULL);
      g_autofree char *txt_path = g_build_filename (text_dir, txt_name, NULL);
      g_autofree char *text = NULL;
      g_autofree gunichar *chars = NULL;
      glong n_chars = 0;
      g_autoptr(DossierBratDocument) gold = NULL;
      g_autoptr(DossierBratDocument) sys = NULL;

      if (g_hash_table_contains (seen, article))
        continue;
      g_hash_table_add (seen, g_strdup (article));

      if (!g_file_test (sys_path, G_FILE_TEST_EXISTS))
        {
          g_free (sys_path);
          sys_path = g_build_filename (argv[2], ann_name, NULL);
        }
      if (!g_file_test (txt_path, G_FILE_TEST_EXISTS))
        {
          /* a plain folder of .ann files with their .txt next to them */
          g_free (txt_path);
          txt_path = g_build_filename (ann_dir, txt_name, NULL);
        }
      if (g_file_get_contents (txt_path, &text, NULL, NULL) && g_utf8_validate (text, -1, NULL))
        chars = g_utf8_to_ucs4_fast (text, -1, &n_chars);
      else
        fprintf (stderr, "dossier eval-quotes: no text for %s; it counts for all attributions only\n",
                 article);

      gold = load_ann (gold_path);
      sys = load_ann (sys_path);
      score_article (&all, chars, chars != NULL ? n_chars : 0, gold, sys, FALSE);
      score_article (&direct, chars, chars != NULL ? n_chars : 0, gold, sys, TRUE);
      n_articles++;
    }

  printf ("dossier eval-quotes: %u articles\n", n_articles);
  print_scores ("All attributions", &all);
  print_scores ("Direct quotes (gold content contains a quotation mark)", &direct);
  printf ("Targets: direct content overlap F1 >= 90, speaker accuracy >= 92%%; "
          "all content exact F1 >= 75, source exact F1 >= 85\n");
  return 0;
}
