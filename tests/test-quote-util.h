/* test-quote-util.h — helpers shared by the quote tests (test-quotes, test-quote-model)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include "dossier-extraction.h"

/* PERSON mentions of the sample as the entity tagger marks them, written by hand. */
static const char * const sample_people[] = {
  "Donald Trump", "Vladimir Putin", "Dmitry Peskov", "Mike Waltz", "Marco Rubio", "Pete Hegseth",
  "JD Vance", "Keith Kellogg", "Trump", "Putin", "Peskov", "Waltz", NULL
};

/* The QUOTE whose text contains @needle, or NULL. */
static inline DossierExtractAnnotation *
find_quote (DossierExtraction *ex,
            const char        *needle)
{
  for (guint a = 0; a < ex->annotations->len; a++)
    {
      DossierExtractAnnotation *q = dossier_extraction_annotation (ex, a);
      g_autofree char *t = NULL;

      if (g_strcmp0 (q->label, "QUOTE") != 0)
        continue;
      t = dossier_extraction_dup_span (ex, q->start, q->end);
      if (strstr (t, needle) != NULL)
        return q;
    }
  return NULL;
}

/* The text of a quote's source or cue; "" where it has none. */
static inline char *
span_text (DossierExtraction *ex,
           DossierSpanRange   r)
{
  if (r.end <= r.start)
    return g_strdup ("");
  return dossier_extraction_dup_span (ex, r.start, r.end);
}
