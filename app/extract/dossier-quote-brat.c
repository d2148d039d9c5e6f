/* dossier-quote-brat.c — reading brat standoff attributions (PolNeAR style)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-quote-brat"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dossier-quote-brat.h"

static void
clear_span (gpointer data)
{
  DossierBratSpan *s = data;

  g_clear_pointer (&s->id, g_free);
  g_clear_pointer (&s->label, g_free);
  g_clear_pointer (&s->text, g_free);
}

static gboolean
parse_fragments (const char      *spec,
                 DossierBratSpan *span)
{
  const char *p = spec;

  span->n_frags = 0;
  while (*p != '\0')
    {
      char *end;
      guint64 a, b;

      a = g_ascii_strtoull (p, &end, 10);
      if (end == p || *end != ' ')
        return FALSE;
      p = end + 1;
      b = g_ascii_strtoull (p, &end, 10);
      if (end == p || b < a)
        return FALSE;
      if (span->n_frags < DOSSIER_BRAT_MAX_FRAGMENTS)
        {
          span->frags[span->n_frags].start = a;
          span->frags[span->n_frags].end = b;
          span->n_frags++;
        }
      p = end;
      if (*p == ';')
        p++;
      else if (*p != '\0')
        return FALSE;
    }
  return span->n_frags > 0;
}

static const DossierBratSpan *
find_span (GArray     *spans,
           GHashTable *ids,
           const char *id)
{
  gpointer index;

  if (!g_hash_table_lookup_extended (ids, id, NULL, &index))
    return NULL;
  return &g_array_index (spans, DossierBratSpan, GPOINTER_TO_UINT (index));
}

static void
copy_fragments (const DossierBratSpan *span,
                DossierSpanRange      *out,
                guint                 *n_out)
{
  for (guint i = 0; i < span->n_frags && *n_out < DOSSIER_BRAT_MAX_FRAGMENTS; i++)
    out[(*n_out)++] = span->frags[i];
}

/* Fragments in text order: brat lists them in the order they were selected
 * ("209 236;91 186"), and a Content2 may come before its Content. */
static void
sort_fragments (DossierSpanRange *frags,
                guint             n)
{
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && (frags[j].start < frags[j - 1].start ||
                                (frags[j].start == frags[j - 1].start &&
                                 frags[j].end < frags[j - 1].end)); j--)
      {
        DossierSpanRange tmp = frags[j];
        frags[j] = frags[j - 1];
        frags[j - 1] = tmp;
      }
}

DossierBratDocument *
dossier_brat_parse (const char *contents,
                    gsize       length)
{
  DossierBratDocument *doc = g_new0 (DossierBratDocument, 1);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *copy = NULL;
  g_auto(GStrv) lines = NULL;

  doc->spans = g_array_new (FALSE, TRUE, sizeof (DossierBratSpan));
  g_array_set_clear_func (doc->spans, clear_span);
  doc->attributions = g_array_new (FALSE, TRUE, sizeof (DossierBratAttribution));
  g_return_val_if_fail (contents != NULL || length == 0, doc);

  copy = g_strndup (contents, length);
  lines = g_strsplit (copy, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (line[0] == 'T')
        {
          g_auto(GStrv) cols = g_strsplit (line, "\t", 3);
          DossierBratSpan span = { 0 };
          const char *space;

          if (g_strv_length (cols) < 2 || (space = strchr (cols[1], ' ')) == NULL)
            continue;
          if (!parse_fragments (space + 1, &span))
            continue;
          span.id = g_strdup (cols[0]);
          span.label = g_strndup (cols[1], space - cols[1]);
          span.text = g_strdup (cols[2] != NULL ? cols[2] : "");
          g_hash_table_insert (ids, g_strdup (span.id), GUINT_TO_POINTER (doc->spans->len));
          g_array_append_val (doc->spans, span);
        }
      else if (line[0] == 'E')
        g_ptr_array_add (events, g_strdup (line));
      else if (line[0] == '#')
        continue;
      else if (doc->spans->len > 0 && lines[i + 1] != NULL)
        {
          /* a span crossing a newline: its text continues on this line */
          DossierBratSpan *last = &g_array_index (doc->spans, DossierBratSpan, doc->spans->len - 1);
          char *joined = g_strconcat (last->text, "\n", line, NULL);
          g_free (last->text);
          last->text = joined;
        }
    }

  for (guint i = 0; i < events->len; i++)
    {
      g_auto(GStrv) cols = g_strsplit (g_ptr_array_index (events, i), "\t", 3);
      g_auto(GStrv) roles = NULL;
      DossierBratAttribution a = { 0 };

      if (g_strv_length (cols) < 2)
        continue;
      roles = g_strsplit (cols[1], " ", -1);
      for (guint r = 0; roles[r] != NULL; r++)
        {
          const char *colon = strchr (roles[r], ':');
          const DossierBratSpan *span;

          if (colon == NULL || (span = find_span (doc->spans, ids, colon + 1)) == NULL)
            continue;
          if (g_str_has_prefix (roles[r], "Content"))
            copy_fragments (span, a.content, &a.n_content);
          else if (g_str_has_prefix (roles[r], "Source"))
            copy_fragments (span, a.source, &a.n_source);
          else if (g_str_has_prefix (roles[r], "Cue"))
            copy_fragments (span, a.cue, &a.n_cue);
        }
      sort_fragments (a.content, a.n_content);
      sort_fragments (a.source, a.n_source);
      sort_fragments (a.cue, a.n_cue);
      if (a.n_content > 0)
        g_array_append_val (doc->attributions, a);
    }
  return doc;
}

void
dossier_brat_document_free (DossierBratDocument *doc)
{
  if (doc == NULL)
    return;
  g_clear_pointer (&doc->spans, g_array_unref);
  g_clear_pointer (&doc->attributions, g_array_unref);
  g_free (doc);
}
