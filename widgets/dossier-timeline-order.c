/* dossier-timeline-order.c — ordering and showing TIMEX3 values in the timeline
 *
 * Thin wrappers over the date normaliser, so the widgets and the extraction
 * pipeline agree on what comes first and how a value reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-timeline-order"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-timeline-order.h"
#include "dossier-timex.h"

int
dossier_timeline_compare_values (const char *a,
                                 const char *b)
{
  return dossier_timex_value_compare (a, b);
}

char *
dossier_timeline_sort_key (const char *value)
{
  return dossier_timex_value_sort_key (value);
}

char *
dossier_timeline_describe_value (const char *value)
{
  if (value == NULL)
    return g_strdup (_("Undated"));
  return dossier_timex_value_describe (value, NULL);
}
