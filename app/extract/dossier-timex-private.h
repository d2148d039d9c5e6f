/* dossier-timex-private.h — calendar arithmetic shared by the timex files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* days since 1970-01-01, proleptic Gregorian */
gint64   _dossier_timex_days_from_civil (int     y,
                                         int     m,
                                         int     d);
void     _dossier_timex_civil_from_days (gint64  days,
                                         int    *y,
                                         int    *m,
                                         int    *d);
int      _dossier_timex_weekday         (gint64  days);   /* 1 = Monday … 7 = Sunday */
gboolean _dossier_timex_is_leap         (int     y);
int      _dossier_timex_days_in_month   (int     y,
                                         int     m);
void     _dossier_timex_iso_week        (gint64  days,
                                         int    *week_year,
                                         int    *week);
gint64   _dossier_timex_iso_week_start  (int     week_year,
                                         int     week);

G_END_DECLS
