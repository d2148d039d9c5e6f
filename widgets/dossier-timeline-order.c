/* dossier-timeline-order.c — ordering and showing TIMEX3 values in the timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-timeline-order"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier-timeline-order.h"

int
dossier_timeline_compare_values (const char *a,
                                 const char *b)
{
  gboolean da = a && g_ascii_isdigit (a[0]);
  gboolean db = b && g_ascii_isdigit (b[0]);

  /* dated values first; within them ISO strings sort by time, a prefix (2025) before its days */
  if (da != db)
    return da ? -1 : 1;
  return g_strcmp0 (a, b);
}

char *
dossier_timeline_describe_value (const char *value)
{
  int y, m, d;

  if (value == NULL)
    return g_strdup (_("Undated"));

  if (strlen (value) == 10 && sscanf (value, "%4d-%2d-%2d", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_utc (y, m, d, 0, 0, 0);
      /* Translators: a date as in "Sunday 9 February 2025" */
      return g_date_time_format (dt, _("%A %-d %B %Y"));
    }
  if (strlen (value) == 7 && sscanf (value, "%4d-%2d", &y, &m) == 2 && m >= 1 && m <= 12)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_utc (y, m, 1, 0, 0, 0);
      /* Translators: a month as in "February 2025" */
      return g_date_time_format (dt, _("%B %Y"));
    }
  if (g_strcmp0 (value, "PRESENT_REF") == 0)
    return g_strdup (_("Now"));
  if (g_strcmp0 (value, "PAST_REF") == 0)
    return g_strdup (_("In the past"));
  if (g_strcmp0 (value, "FUTURE_REF") == 0)
    return g_strdup (_("In the future"));
  return g_strdup (value);
}
