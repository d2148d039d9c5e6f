/* dossier-util.h — small helpers shared by the core classes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Replaces *str_pointer by a copy of new_str; TRUE if the value changed. */
static inline gboolean
dossier_set_str (char       **str_pointer,
                 const char  *new_str)
{
  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;
  g_free (*str_pointer);
  *str_pointer = g_strdup (new_str);
  return TRUE;
}

G_END_DECLS
