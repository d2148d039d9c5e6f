/* dossier-timex-timeml.h — TimeML reading shared by the tagger and the evaluator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gsize start;      /* bytes into the plain text of <TEXT>, end exclusive */
  gsize end;
  char  type[16];
  char  value[48];
  char  mod[24];
} DossierTimexGold;

char     *_dossier_timeml_attribute     (const char  *tag,
                                         gsize        len,
                                         const char  *name);
char     *_dossier_timeml_creation_time (const char  *contents,
                                         gsize        length);
gboolean  _dossier_timeml_find_text     (const char  *contents,
                                         gsize        length,
                                         gsize       *text_start,
                                         gsize       *text_end);
gboolean  _dossier_timeml_strip         (const char  *contents,
                                         gsize        start,
                                         gsize        end,
                                         GString     *plain,
                                         GArray      *tags,
                                         GArray      *timexes,
                                         GError     **error);

G_END_DECLS
