/* dossier-people-names.h — built-in table of first names with gender
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Records of 15 characters: lower-case name padded with spaces to 14, then 'm' or 'f'. */
extern const char  dossier_people_first_names[];
extern const guint dossier_people_n_first_names;

G_END_DECLS
