/* test-util.h — small helpers shared by the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <glib/gstdio.h>

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

/* Drafts go to a temporary XDG_DATA_HOME, never the user's; call before gtk_test_init. */
static inline char *
dossier_test_use_temp_data_home (void)
{
  char *dir = g_dir_make_tmp ("dossier-window-XXXXXX", NULL);

  g_assert_nonnull (dir);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  return dir;
}

static inline void
dossier_test_remove_tree (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        dossier_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
