/* dossier-timeline-order.h — ordering and showing TIMEX3 values in the timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Orders two TIMEX3 values by when they start; vaguer first on ties (2025 before 2025-01-20). */
int   dossier_timeline_compare_values  (const char *a,
                                        const char *b);
char *dossier_timeline_sort_key        (const char *value);
/* A human-readable form: "Sunday 9 February 2025", "February 2025", "2022". */
char *dossier_timeline_describe_value  (const char *value);

G_END_DECLS
