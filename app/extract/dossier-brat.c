/* dossier-brat.c — brat standoff output
 *
 * Mentions and dates become T lines with the app's labels; each quote
 * becomes Content, Source and Cue T lines tied by an Attribution event, as
 * in the PolNeAR corpus. Offsets are code points; a quote interrupted by its
 * attribution is one discontinuous Content ("start end;start end").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-brat"

#include "config.h"

#include <string.h>

#include "dossier-commands.h"

static const char * const mention_labels[] = {
  "PERSON", "ORG", "PLACE", "MISC", "DATE", "TIME", "DURATION", "SET", "TITLE", NULL
};

static gboolean
is_mention_label (const char *label)
{
  for (guint i = 0; mention_labels[i] != NULL; i++)
    if (g_strcmp0 (label, mention_labels[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
append_span_text (DossierExtraction *extraction,
                  GString           *out,
                  guint              start,
                  guint              end)
{
  g_autofree char *text = dossier_extraction_dup_span (extraction, start, end);

  g_string_append (out, text);
}

static guint
write_text_bound (DossierExtraction *extraction,
                  GString           *out,
                  guint             *next_id,
                  const char        *label,
                  const guint       *starts,
                  const guint       *ends,
                  guint              n)
{
  guint id = (*next_id)++;

  g_string_append_printf (out, "T%u\t%s ", id, label);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%u %u", i > 0 ? ";" : "", starts[i], ends[i]);
  g_string_append_c (out, '\t');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      append_span_text (extraction, out, starts[i], ends[i]);
    }
  g_string_append_c (out, '\n');
  return id;
}

static gboolean
same_range (DossierSpanRange a,
            DossierSpanRange b)
{
  return a.start == b.start && a.end == b.end;
}

void
dossier_brat_write (DossierExtraction *extraction,
                    GString           *out)
{
  guint next_id = 1;
  guint next_event = 1;
  guint n;
  g_autofree gboolean *done = NULL;

  g_return_if_fail (extraction != NULL);
  g_return_if_fail (out != NULL);

  n = extraction->annotations->len;
  done = g_new0 (gboolean, n + 1);

  for (guint i = 0; i < n; i++)
    {
      const DossierExtractAnnotation *a = dossier_extraction_annotation (extraction, i);

      if (a->end > a->start && is_mention_label (a->label))
        write_text_bound (extraction, out, &next_id, a->label, &a->start, &a->end, 1);
    }

  for (guint i = 0; i < n; i++)
    {
      const DossierExtractAnnotation *a = dossier_extraction_annotation (extraction, i);
      guint starts[8], ends[8];
      guint n_frags = 0;
      guint content_id, source_id = 0, cue_id = 0, trigger_id;
      gboolean has_source, has_cue;

      if (done[i] || g_strcmp0 (a->label, "QUOTE") != 0 || a->end <= a->start)
        continue;
      has_source = a->source.end > a->source.start;
      has_cue = a->cue.end > a->cue.start;

      /* the pieces of one quote share their source and cue */
      for (guint j = i; j < n && n_frags < G_N_ELEMENTS (starts); j++)
        {
          const DossierExtractAnnotation *b = dossier_extraction_annotation (extraction, j);
          if (done[j] || g_strcmp0 (b->label, "QUOTE") != 0 || b->end <= b->start)
            continue;
          if (j != i && (!has_cue || !same_range (a->cue, b->cue) || !same_range (a->source, b->source)))
            continue;
          starts[n_frags] = b->start;
          ends[n_frags] = b->end;
          n_frags++;
          done[j] = TRUE;
        }
      /* fragments in text order */
      for (guint x = 1; x < n_frags; x++)
        for (guint y = x; y > 0 && starts[y - 1] > starts[y]; y--)
          {
            guint ts = starts[y], te = ends[y];
            starts[y] = starts[y - 1];
            ends[y] = ends[y - 1];
            starts[y - 1] = ts;
            ends[y - 1] = te;
          }

      content_id = write_text_bound (extraction, out, &next_id, "Content", starts, ends, n_frags);
      if (has_source)
        source_id = write_text_bound (extraction, out, &next_id, "Source", &a->source.start,
                                      &a->source.end, 1);
      if (has_cue)
        {
          cue_id = write_text_bound (extraction, out, &next_id, "Cue", &a->cue.start, &a->cue.end, 1);
          trigger_id = write_text_bound (extraction, out, &next_id,
                                         has_source ? "Attribution" : "Attribution-no-source",
                                         &a->cue.start, &a->cue.end, 1);
        }
      else
        trigger_id = write_text_bound (extraction, out, &next_id,
                                       has_source ? "Attribution" : "Attribution-no-source",
                                       &a->start, &a->end, 1);

      g_string_append_printf (out, "E%u\t%s:T%u", next_event++,
                              has_source ? "Attribution" : "Attribution-no-source", trigger_id);
      if (has_source)
        g_string_append_printf (out, " Source:T%u", source_id);
      if (has_cue)
        g_string_append_printf (out, " Cue:T%u", cue_id);
      g_string_append_printf (out, " Content:T%u\n", content_id);
    }
}
