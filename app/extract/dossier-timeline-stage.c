/* dossier-timeline-stage.c — dated events from DATE/TIME annotations
 *
 * Every DATE or TIME annotation whose value names a point or period on the
 * calendar (not a duration, not "now" or "recently") dates what its clause
 * says: one event with that value, a one-line summary from the clause, and
 * the people and organisations of the sentence. Events are ordered by value,
 * coarse values before the finer ones they contain (2022 before 2022-01-20),
 * and by position in the text when two values are equal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-timeline-stage"

#include "config.h"

#include <string.h>

#include "dossier-stages.h"
#include "dossier-timex.h"

#define SUMMARY_MAX_CHARS 140
#define SUMMARY_MIN_CHARS 60

static gboolean
value_dates_something (const char *value)
{
  if (value == NULL || !dossier_timex_value_is_valid (value))
    return FALSE;
  if (value[0] == 'P' && value[1] != 'A')   /* durations; PAST_REF starts with PA */
    return FALSE;
  if (g_str_has_suffix (value, "_REF"))
    return FALSE;
  return TRUE;
}

static const DossierSentence *
sentence_at (const DossierTokens *tokens,
             guint                offset)
{
  guint lo = 0, hi = tokens->sentences->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const DossierSentence *s = &g_array_index (tokens->sentences, DossierSentence, mid);

      if (s->end <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < tokens->sentences->len ? &g_array_index (tokens->sentences, DossierSentence, lo) : NULL;
}

/* The clause around [start, end): the sentence, narrowed to the part between
 * semicolons (and then commas) when it is long, cut to one line. */
static char *
clause_summary (DossierExtraction     *extraction,
                const DossierSentence *sentence,
                guint                  start,
                guint                  end)
{
  const DossierTokens *tokens = extraction->tokens;
  guint first = sentence->first_token, last = sentence->first_token + sentence->n_tokens;
  guint from = sentence->start, to = sentence->end;
  g_autofree char *text = NULL;
  GString *out;
  gboolean space = FALSE;

  for (int pass = 0; pass < 2 && to - from > SUMMARY_MAX_CHARS; pass++)
    {
      const char *sep = pass == 0 ? ";" : ",";

      for (guint t = first; t < last; t++)
        {
          const DossierToken *tok = dossier_tokens_get (tokens, t);

          if (tok->byte_end - tok->byte_start != 1 || tokens->text[tok->byte_start] != sep[0])
            continue;
          if (tok->end <= start && tok->end > from)
            from = tok->end;
          else if (tok->start >= end && tok->start < to && tok->start - from >= SUMMARY_MIN_CHARS)
            {
              /* stop at the separator, unless that leaves only a fragment
               * ("In a Friday interview with the New York Post") */
              to = tok->start;
              break;
            }
        }
    }

  text = dossier_extraction_dup_span (extraction, from, to);
  out = g_string_new (NULL);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (g_unichar_isspace (ch))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, ch);
    }
  if (g_utf8_strlen (out->str, -1) > SUMMARY_MAX_CHARS)
    {
      const char *cut = g_utf8_offset_to_pointer (out->str, SUMMARY_MAX_CHARS - 1);
      const char *space_at = cut;

      while (space_at > out->str && *space_at != ' ')
        space_at--;
      if (space_at > out->str + SUMMARY_MAX_CHARS / 2)
        cut = space_at;
      g_string_truncate (out, cut - out->str);
      g_string_append (out, "…");
    }
  return g_string_free (out, FALSE);
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const DossierExtractEvent *ea = a, *eb = b;
  int cmp = dossier_timex_value_compare (ea->date, eb->date);

  if (cmp != 0)
    return cmp;
  return ea->anchor < eb->anchor ? -1 : ea->anchor > eb->anchor;
}

static int
compare_by_start (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  DossierExtraction *extraction = user_data;
  const DossierExtractAnnotation *x = dossier_extraction_annotation (extraction, *(const guint *)a);
  const DossierExtractAnnotation *y = dossier_extraction_annotation (extraction, *(const guint *)b);

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  /* at one place, in the order they were found */
  return *(const guint *)a < *(const guint *)b ? -1 : *(const guint *)a > *(const guint *)b;
}

/* The first of @named (sorted by start) that starts at @offset or later. */
static guint
first_at_or_after (DossierExtraction *extraction,
                   GArray            *named,
                   guint              offset)
{
  guint lo = 0, hi = named->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (dossier_extraction_annotation (extraction, g_array_index (named, guint, mid))->start < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

void
dossier_timeline_stage_run (DossierExtraction *extraction)
{
  g_autoptr(GArray) named = NULL;
  guint n_annotations;

  g_return_if_fail (extraction != NULL);

  n_annotations = extraction->annotations->len;

  /* the people and organisations with an entity, by start: a sentence's are found by halving
   * (looking through every annotation for each date made a long text quadratic) */
  named = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint k = 0; k < n_annotations; k++)
    {
      const DossierExtractAnnotation *p = dossier_extraction_annotation (extraction, k);

      if (p->entity >= 0 && (g_strcmp0 (p->label, "PERSON") == 0 || g_strcmp0 (p->label, "ORG") == 0))
        g_array_append_val (named, k);
    }
  g_array_sort_with_data (named, compare_by_start, extraction);

  for (guint i = 0; i < n_annotations; i++)
    {
      const DossierExtractAnnotation *a = dossier_extraction_annotation (extraction, i);
      const DossierSentence *sentence;
      g_autofree char *summary = NULL;
      DossierExtractEvent *event;
      int index;

      if ((g_strcmp0 (a->label, "DATE") != 0 && g_strcmp0 (a->label, "TIME") != 0) ||
          !value_dates_something (a->value))
        continue;
      sentence = sentence_at (extraction->tokens, a->start);
      if (sentence == NULL)
        continue;
      summary = clause_summary (extraction, sentence, a->start, a->end);
      index = dossier_extraction_add_event (extraction, i, a->value, summary);
      event = &g_array_index (extraction->events, DossierExtractEvent, index);

      /* the people and organisations named in the same sentence, in the order of the text */
      for (guint j = first_at_or_after (extraction, named, sentence->start); j < named->len; j++)
        {
          const DossierExtractAnnotation *p =
            dossier_extraction_annotation (extraction, g_array_index (named, guint, j));
          gboolean seen = FALSE;

          if (p->start >= sentence->end)
            break;
          if (p->end > sentence->end)
            continue;
          for (guint e = 0; e < event->participants->len; e++)
            seen = seen || g_array_index (event->participants, int, e) == p->entity;
          if (!seen)
            g_array_append_val (event->participants, p->entity);
        }
    }

  g_array_sort (extraction->events, compare_events);
}
