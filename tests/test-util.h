/* test-util.h — small helpers shared by the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

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

/* A full disk, played by a limit on the size of the files this process writes: SIGXFSZ is
 * ignored, so a write past the limit fails ("File too large") instead of ending the test.
 * Returns the limit to put back with dossier_test_restore_file_size. */
static inline struct rlimit
dossier_test_limit_file_size (rlim_t bytes)
{
  struct rlimit old_limit, limit;

  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  limit = old_limit;
  limit.rlim_cur = bytes;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  return old_limit;
}

static inline void
dossier_test_restore_file_size (const struct rlimit *old_limit)
{
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, old_limit), ==, 0);
}

/* A title that makes a project far bigger than a file-size limit a few kilobytes over it
 * lets through. */
static inline char *
dossier_test_big_title (void)
{
  GString *big = g_string_new (NULL);

  for (guint i = 0; i < 5000; i++)
    g_string_append (big, "A much longer title that will not fit. ");
  return g_string_free (big, FALSE);
}

/* Another program puts a new file holding @contents in @path's place, with the time stamp @path
 * had: as a copy that keeps it is renamed over it, and as a file system whose inode numbers are
 * not stable (vfat, FUSE, CIFS) shows a file nobody changed. The file has another inode, the
 * same modification time and, if @contents is as long as the old ones, the same size. */
static inline void
dossier_test_replace_keeping_time (const char *path,
                                   const char *contents)
{
  g_autofree char *copy = g_strconcat (path, ".copy", NULL);
  struct stat before, after;
  struct timespec times[2];

  g_assert_cmpint (stat (path, &before), ==, 0);
  g_assert_true (g_file_set_contents (copy, contents, -1, NULL));
  times[0] = before.st_atim;
  times[1] = before.st_mtim;
  g_assert_cmpint (utimensat (AT_FDCWD, copy, times, 0), ==, 0);
  g_assert_cmpint (g_rename (copy, path), ==, 0);
  g_assert_cmpint (stat (path, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, !=, before.st_ino);
  g_assert_cmpint (after.st_mtim.tv_sec, ==, before.st_mtim.tv_sec);
  g_assert_cmpint (after.st_mtim.tv_nsec, ==, before.st_mtim.tv_nsec);
}

/* @contents with one letter of its first occurrence of @word changed, the same length: what
 * another program saved within the same tick of a coarse clock. */
static inline char *
dossier_test_change_one_letter (const char *contents,
                                const char *word)
{
  char *changed = g_strdup (contents);
  char *at = strstr (changed, word);

  g_assert_nonnull (at);
  at[0] = at[0] == 'X' ? 'Y' : 'X';
  return changed;
}
