/* dossier-dates-stage.c — DATE / TIME / DURATION / SET annotations with TIMEX3 values
 *
 * The reference date for "Sunday" or "last week" is the publication date
 * when known, else the date in the article's dateline; with neither, values
 * keep X where the anchor is missing ("XXXX-01-20").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-dates-stage"

#include "config.h"

#include <string.h>

#include "dossier-stages.h"
#include "dossier-timex.h"

void
dossier_dates_stage_run (DossierExtraction *extraction)
{
  g_autoptr(GArray) found = NULL;
  g_autofree char *dateline = NULL;
  const char *reference;

  g_return_if_fail (extraction != NULL);

  reference = extraction->published;
  if (reference == NULL)
    reference = dateline = dossier_timex_find_dateline (extraction->tokens);

  found = g_array_new (FALSE, TRUE, sizeof (DossierTimex));
  dossier_timex_find (extraction->tokens, 0, dossier_tokens_len (extraction->tokens), reference, found);

  for (guint i = 0; i < found->len; i++)
    {
      const DossierTimex *x = &g_array_index (found, DossierTimex, i);
      DossierExtractAnnotation *a;
      double confidence;

      /* a value with nothing unknown is likely right; X or a *_REF is a guess */
      confidence = g_ascii_isdigit (x->value[0]) && !strchr (x->value, 'X') ? 0.85 : 0.7;
      a = dossier_extraction_add_annotation (extraction, dossier_timex_type_to_string (x->type),
                                             x->start, x->end, confidence);
      if (a == NULL)
        continue;
      a->value = g_strdup (x->value);
      a->mod = x->mod[0] ? g_strdup (x->mod) : NULL;
    }
}
