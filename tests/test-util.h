/* test-util.h — small helpers shared by the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

/* Path of a file under ../shared/data (DOSSIER_SHARED_DATA, set by meson). */
static inline char *
dossier_test_shared_path (const char *relative)
{
  const char *dir = g_getenv ("DOSSIER_SHARED_DATA");

  if (dir == NULL)
    dir = "../shared/data";
  return g_build_filename (dir, relative, NULL);
}

/* Reads a file under ../shared/data; the test fails if it is missing. */
static inline char *
dossier_test_load_shared (const char *relative,
                          gsize      *length)
{
  g_autofree char *path = dossier_test_shared_path (relative);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

/* Reads a file under tests/data. */
static inline char *
dossier_test_load_data (const char *relative,
                        gsize      *length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", relative, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}
