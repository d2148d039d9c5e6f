/* test-json-util.h — json-glib as the reference for Dossier's own JSON writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <string.h>

#include "dossier-project-io.h"

/* The project file as json-glib's generator writes dossier_project_to_json()'s tree. */
static inline GBytes *
project_bytes_by_json_glib (DossierProject *project)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = dossier_project_to_json (project);
  GString *out;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  out = json_generator_to_gstring (generator, g_string_new (NULL));
  g_string_append_c (out, '\n');
  return g_string_free_to_bytes (out);
}

/* Where json-glib writes a number as no JSON reader reads it: "inf.0", "1e+21.0". */
static inline gboolean
has_number_json_glib_writes_wrong (const char *text)
{
  if (strstr (text, "inf.0") != NULL)
    return TRUE;
  for (const char *p = strstr (text, ".0"); p; p = strstr (p + 1, ".0"))
    {
      const char *q = p;

      while (q > text && g_ascii_isdigit (q[-1]))
        q--;
      if (q < p && q - text >= 2 && q[-2] == 'e' && (q[-1] == '+' || q[-1] == '-'))
        return TRUE;
    }
  return FALSE;
}

/* Dossier writes a project byte for byte as json-glib would, except where json-glib's file would
 * not be JSON (then only if @strict is FALSE, and it says it did not compare). */
static inline gboolean
assert_written_as_json_glib_would (DossierProject *project,
                                   gboolean        strict)
{
  g_autoptr(GBytes) ours = dossier_project_to_bytes (project);
  g_autoptr(GBytes) reference = project_bytes_by_json_glib (project);
  const char *a = g_bytes_get_data (ours, NULL), *b = g_bytes_get_data (reference, NULL);
  gsize n = MIN (g_bytes_get_size (ours), g_bytes_get_size (reference)), i = 0;

  if (g_bytes_equal (ours, reference))
    return TRUE;
  if (!strict && has_number_json_glib_writes_wrong (b))
    return FALSE;
  while (i < n && a[i] == b[i])
    i++;
  g_error ("the files differ at byte %" G_GSIZE_FORMAT ": Dossier “%.60s”, json-glib “%.60s”",
           i, a + i - MIN (i, 20), b + i - MIN (i, 20));
  return FALSE;
}
