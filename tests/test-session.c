/* test-session.c — drafts of unsaved work are written, survive kill -9, and come back
 *
 * XDG_DATA_HOME points at a fresh temporary folder, so nothing touches the
 * user's own drafts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dossier-edit.h"
#include "dossier-project-io.h"
#include "dossier-session.h"
#include "dossier-session-private.h"
#include "test-util.h"

static char *data_home;
static char *sample_text;

static DossierProject *
sample_project (DossierDocument **document)
{
  g_autoptr(GError) error = NULL;
  DossierProject *project = dossier_project_new_from_text (sample_text, strlen (sample_text), "Sample",
                                                           "2025-02-09", &error);

  g_assert_no_error (error);
  *document = g_list_model_get_item (dossier_project_get_documents (project), 0);
  g_object_unref (*document);
  return project;
}

static guint
offset_of (const char *needle)
{
  return g_utf8_pointer_to_offset (sample_text, strstr (sample_text, needle));
}

static void
set_flag (gboolean *flag)
{
  *flag = TRUE;
}

/* Until the draft is on disk and its writer done (it holds a reference to the session). */
static void
wait_for_draft (DossierSession *session)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  gboolean written = FALSE;
  gulong handler = g_signal_connect_swapped (session, "draft-written", G_CALLBACK (set_flag),
                                             &written);

  while (!written && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_signal_handler_disconnect (session, handler);
  g_assert_true (written);
  g_assert_true (dossier_session_has_draft (session));
}

static void
remove_all_drafts (void)
{
  g_autoptr(GPtrArray) orphans = dossier_session_list_orphans ();

  for (guint i = 0; i < orphans->len; i++)
    dossier_session_discard (g_ptr_array_index (orphans, i));
}

/* Runs the main loop for @usec: time for a timer or a worker to do what it will. */
static void
spin_for (gint64 usec)
{
  gint64 deadline = g_get_monotonic_time () + usec;

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
}

/* What the tests share: the sample project, its one article, and a session (a window's) that
 * drafts it @delay_ms after an edit is scheduled, for @file and @source_name. */
typedef struct
{
  DossierProject  *project;
  DossierDocument *document;   /* the project's */
  DossierSession  *session;
} Drafting;

static void
drafting_init (Drafting   *d,
               guint       delay_ms,
               GFile      *file,
               const char *source_name)
{
  d->project = sample_project (&d->document);
  d->session = dossier_session_new (NULL);
  dossier_session_set_delay (d->session, delay_ms);
  dossier_session_set_project (d->session, d->project, file, source_name);
}

static void
drafting_clear (Drafting *d)
{
  g_clear_object (&d->session);
  d->document = NULL;
  g_clear_object (&d->project);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Drafting, drafting_clear)

static void
test_draft_written_and_recovered (void)
{
  g_auto(Drafting) d = { 0 };
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/air-force-one.dossier.json");
  g_autoptr(GPtrArray) orphans = NULL;
  g_autoptr(DossierProject) recovered = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dossier_session_dup_drafts_dir ();
  g_autofree char *expected_dir = g_build_filename (data_home, "dossier", "drafts", NULL);
  DossierSession *orphan;
  DossierDocument *doc;
  guint at = offset_of ("Dmitry Peskov");

  g_assert_cmpstr (dir, ==, expected_dir);
  remove_all_drafts ();

  drafting_init (&d, 50, file, "air-force-one.txt");
  dossier_edit_add_annotation (d.project, d.document, "PERSON", at, at + 13);
  dossier_session_schedule (d.session);
  g_assert_false (dossier_session_has_draft (d.session));
  wait_for_draft (d.session);

  /* a live session's draft is not an orphan */
  orphans = dossier_session_list_orphans ();
  g_assert_cmpuint (orphans->len, ==, 0);
  g_clear_pointer (&orphans, g_ptr_array_unref);

  /* the window goes away without saving (as after a crash): the draft is found and loads */
  {
    g_autofree char *id = g_strdup (dossier_session_get_id (d.session));
    g_clear_object (&d.session);
    orphans = dossier_session_list_orphans ();
    g_assert_cmpuint (orphans->len, ==, 1);
    orphan = g_ptr_array_index (orphans, 0);
    g_assert_cmpstr (dossier_session_get_id (orphan), ==, id);
  }
  g_assert_true (g_file_equal (dossier_session_get_file (orphan), file));
  g_assert_cmpstr (dossier_session_get_source_name (orphan), ==, "air-force-one.txt");
  g_assert_nonnull (dossier_session_get_saved_time (orphan));
  recovered = dossier_session_load (orphan, &error);
  g_assert_no_error (error);
  doc = g_list_model_get_item (dossier_project_get_documents (recovered), 0);
  g_object_unref (doc);
  g_assert_cmpstr (dossier_document_get_text (doc), ==, sample_text);
  g_assert_cmpuint (g_list_model_get_n_items (dossier_document_get_annotations (doc)), ==, 1);
  {
    g_autoptr(DossierAnnotation) a = g_list_model_get_item (dossier_document_get_annotations (doc), 0);
    g_assert_cmpstr (dossier_annotation_get_text (a), ==, "Dmitry Peskov");
    g_assert_cmpint (dossier_annotation_get_origin (a), ==, DOSSIER_ORIGIN_HUMAN);
  }

  /* the recovered work saved for real: the draft goes */
  dossier_session_discard (orphan);
  g_clear_pointer (&orphans, g_ptr_array_unref);
  orphans = dossier_session_list_orphans ();
  g_assert_cmpuint (orphans->len, ==, 0);
}

static void
test_discard_removes_draft (void)
{
  g_auto(Drafting) d = { 0 };
  g_autoptr(GPtrArray) orphans = NULL;
  g_autofree char *dir = dossier_session_dup_drafts_dir ();
  g_autoptr(GDir) listing = NULL;
  guint at = offset_of ("Sunday");

  remove_all_drafts ();
  drafting_init (&d, 20, NULL, NULL);
  dossier_edit_add_annotation (d.project, d.document, "DATE", at, at + 6);
  dossier_session_schedule (d.session);
  wait_for_draft (d.session);

  /* a real save: no draft, no file left behind */
  dossier_session_discard (d.session);
  g_assert_false (dossier_session_has_draft (d.session));
  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  g_assert_null (g_dir_read_name (listing));

  /* an edit after it brings a new draft; flushing writes it at once */
  dossier_edit_add_annotation (d.project, d.document, "PERSON", offset_of ("Trump"),
                               offset_of ("Trump") + 5);
  dossier_session_schedule (d.session);
  g_assert_true (dossier_session_flush (d.session, NULL));
  g_assert_true (dossier_session_has_draft (d.session));
  dossier_session_discard (d.session);
}

static void
test_draft_keeps_unknown_fields (void)
{
  gsize length;
  g_autofree char *data = dossier_test_load_data ("peskov.dossier.json", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierProject) project = dossier_project_new_from_data (data, length, &error);
  g_autoptr(DossierSession) session = dossier_session_new (NULL);
  g_autoptr(DossierProject) recovered = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(DossierDocument) document = NULL;
  const char *text;

  g_assert_no_error (error);
  remove_all_drafts ();
  document = g_list_model_get_item (dossier_project_get_documents (project), 0);
  dossier_session_set_delay (session, 20);
  dossier_session_set_project (session, project, NULL, NULL);
  dossier_edit_set_published (project, document, "2025-02-10");
  dossier_session_schedule (session);
  wait_for_draft (session);

  /* the draft is a whole project file: fields of a newer release survive it at every level */
  recovered = dossier_session_load (session, &error);
  g_assert_no_error (error);
  bytes = dossier_project_to_bytes (recovered);
  text = g_bytes_get_data (bytes, NULL);
  g_assert_nonnull (strstr (text, "\"x-future-top\""));
  g_assert_nonnull (strstr (text, "\"x-label-extra\""));
  g_assert_nonnull (strstr (text, "\"x-doc-extra\""));
  g_assert_nonnull (strstr (text, "\"x-annotation-extra\" : \"keep me\""));
  g_assert_nonnull (strstr (text, "\"x-entity-extra\""));
  g_assert_nonnull (strstr (text, "\"x-event-extra\""));
  g_assert_nonnull (strstr (text, "\"published\" : \"2025-02-10\""));
  dossier_session_discard (session);
}

static guint
n_draft_annotations (DossierSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierProject) project = dossier_session_load (session, &error);
  g_autoptr(DossierDocument) doc = NULL;

  g_assert_no_error (error);
  doc = g_list_model_get_item (dossier_project_get_documents (project), 0);
  return g_list_model_get_n_items (dossier_document_get_annotations (doc));
}

/* An older draft still being written when the window closes must not land over the newer one
 * that closing flushed. */
static void
test_flush_wins_over_older_write (void)
{
  g_auto(Drafting) d = { 0 };
  guint at = offset_of ("Dmitry Peskov");
  guint trump = offset_of ("Trump");

  remove_all_drafts ();
  drafting_init (&d, 1, NULL, "air-force-one.txt");
  _dossier_session_hold_writes (TRUE);
  dossier_edit_add_annotation (d.project, d.document, "PERSON", at, at + 13);
  dossier_session_schedule (d.session);
  /* the timer fires; its write (one annotation) is held on the worker */
  spin_for (G_USEC_PER_SEC / 10);

  /* a second edit, then the window closes: the flush writes both annotations */
  dossier_edit_add_annotation (d.project, d.document, "PERSON", trump, trump + 5);
  dossier_session_schedule (d.session);
  g_assert_true (dossier_session_flush (d.session, NULL));
  g_assert_true (dossier_session_has_draft (d.session));
  g_assert_cmpuint (n_draft_annotations (d.session), ==, 2);

  /* the older write finishes afterwards: the newer draft stays */
  _dossier_session_hold_writes (FALSE);
  spin_for (G_USEC_PER_SEC / 2);
  g_assert_cmpuint (n_draft_annotations (d.session), ==, 2);
  dossier_session_discard (d.session);
}

/* Closing while the only draft is still on its way to disk: flush puts it there before
 * returning (the process may exit right after). */
static void
test_flush_waits_for_running_write (void)
{
  g_auto(Drafting) d = { 0 };
  guint at = offset_of ("Dmitry Peskov");

  remove_all_drafts ();
  drafting_init (&d, 1, NULL, "air-force-one.txt");
  _dossier_session_hold_writes (TRUE);
  dossier_edit_add_annotation (d.project, d.document, "PERSON", at, at + 13);
  dossier_session_schedule (d.session);
  spin_for (G_USEC_PER_SEC / 10);
  g_assert_false (dossier_session_has_draft (d.session));

  g_assert_true (dossier_session_flush (d.session, NULL));
  g_assert_true (dossier_session_has_draft (d.session));
  g_assert_cmpuint (n_draft_annotations (d.session), ==, 1);

  _dossier_session_hold_writes (FALSE);
  spin_for (G_USEC_PER_SEC / 2);
  g_assert_cmpuint (n_draft_annotations (d.session), ==, 1);
  dossier_session_discard (d.session);
}

/* Writes a draft as a crash would leave it: @json (NULL: none) and, if @with_key, its key file. */
static char *
plant_draft (const char *json,
             gssize      length,
             gboolean    with_key)
{
  g_autofree char *dir = dossier_session_dup_drafts_dir ();
  char *id = g_uuid_string_random ();
  g_autofree char *json_name = g_strconcat (id, ".dossier.json", NULL);
  g_autofree char *key_name = g_strconcat (id, ".draft", NULL);
  g_autofree char *json_path = g_build_filename (dir, json_name, NULL);
  g_autofree char *key_path = g_build_filename (dir, key_name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  if (json != NULL)
    g_assert_true (g_file_set_contents (json_path, json, length, NULL));
  if (with_key)
    g_assert_true (g_file_set_contents (key_path, "[Draft]\nsource-name=air-force-one.txt\n", -1,
                                        NULL));
  return id;
}

static char *
sample_project_json (gsize *length)
{
  DossierDocument *document;
  g_autoptr(DossierProject) project = sample_project (&document);
  g_autoptr(GBytes) bytes = NULL;
  guint at = offset_of ("Dmitry Peskov");

  dossier_edit_add_annotation (project, document, "PERSON", at, at + 13);
  bytes = dossier_project_to_bytes (project);
  return g_strndup (g_bytes_get_data (bytes, length), g_bytes_get_size (bytes));
}

/* A draft that does not load is moved into failed/, byte for byte, and is no longer an orphan. */
static void
test_broken_draft_moved_aside (void)
{
  gsize length;
  g_autofree char *json = sample_project_json (&length);
  g_autofree char *id = NULL;
  g_autofree char *dir = dossier_session_dup_drafts_dir ();
  g_autofree char *failed_json = NULL;
  g_autofree char *failed_key = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) orphans = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = NULL;
  DossierSession *orphan;
  const char *name;

  remove_all_drafts ();
  /* cut off half-way, as a disk that filled up would leave it */
  id = plant_draft (json, length / 2, TRUE);
  orphans = dossier_session_list_orphans ();
  g_assert_cmpuint (orphans->len, ==, 1);
  orphan = g_ptr_array_index (orphans, 0);
  g_assert_cmpstr (dossier_session_get_id (orphan), ==, id);
  g_assert_null (dossier_session_load (orphan, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (dossier_session_move_aside (orphan, &kept, &error));
  g_assert_no_error (error);
  failed_json = g_strconcat (dir, G_DIR_SEPARATOR_S, "failed", G_DIR_SEPARATOR_S, id,
                             ".dossier.json", NULL);
  failed_key = g_strconcat (dir, G_DIR_SEPARATOR_S, "failed", G_DIR_SEPARATOR_S, id, ".draft",
                            NULL);
  g_assert_cmpstr (kept, ==, failed_json);
  g_assert_true (g_file_get_contents (failed_json, &contents, NULL, NULL));
  g_assert_cmpmem (contents, strlen (contents), json, length / 2);
  g_assert_true (g_file_test (failed_key, G_FILE_TEST_EXISTS));

  /* not found again at the next start; nothing but failed/ is left in the drafts folder */
  g_clear_pointer (&orphans, g_ptr_array_unref);
  orphans = dossier_session_list_orphans ();
  g_assert_cmpuint (orphans->len, ==, 0);
  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)))
    g_assert_cmpstr (name, ==, "failed");
  g_unlink (failed_json);
  g_unlink (failed_key);
}

/* A crash between the two writes of a first draft leaves the project file without its key file:
 * it is still found; it loads when whole, and is moved aside when not. */
static void
test_draft_without_key_file (void)
{
  gsize length;
  g_autofree char *json = sample_project_json (&length);
  g_autofree char *whole = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GPtrArray) orphans = NULL;
  g_autoptr(GError) error = NULL;

  remove_all_drafts ();
  whole = plant_draft (json, length, FALSE);
  orphans = dossier_session_list_orphans ();
  g_assert_cmpuint (orphans->len, ==, 1);
  {
    DossierSession *orphan = g_ptr_array_index (orphans, 0);
    g_autoptr(DossierProject) recovered = dossier_session_load (orphan, &error);
    g_autoptr(DossierDocument) doc = NULL;
    g_autoptr(DossierAnnotation) a = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (dossier_session_get_id (orphan), ==, whole);
    g_assert_null (dossier_session_get_file (orphan));
    doc = g_list_model_get_item (dossier_project_get_documents (recovered), 0);
    g_assert_cmpstr (dossier_document_get_text (doc), ==, sample_text);
    a = g_list_model_get_item (dossier_document_get_annotations (doc), 0);
    g_assert_cmpstr (dossier_annotation_get_text (a), ==, "Dmitry Peskov");
    /* restored and then saved: it goes */
    dossier_session_discard (orphan);
  }
  g_clear_pointer (&orphans, g_ptr_array_unref);
  orphans = dossier_session_list_orphans ();
  g_assert_cmpuint (orphans->len, ==, 0);
  g_clear_pointer (&orphans, g_ptr_array_unref);

  cut = plant_draft (json, length - 10, FALSE);
  orphans = dossier_session_list_orphans ();
  g_assert_cmpuint (orphans->len, ==, 1);
  g_assert_null (dossier_session_load (g_ptr_array_index (orphans, 0), &error));
  g_clear_error (&error);
  g_assert_true (dossier_session_move_aside (g_ptr_array_index (orphans, 0), &kept, &error));
  g_assert_no_error (error);
  {
    g_autofree char *base = g_path_get_basename (kept);
    g_autofree char *expected = g_strconcat (cut, ".dossier.json", NULL);
    g_assert_cmpstr (base, ==, expected);
  }
  g_assert_true (g_file_test (kept, G_FILE_TEST_EXISTS));
  g_clear_pointer (&orphans, g_ptr_array_unref);
  orphans = dossier_session_list_orphans ();
  g_assert_cmpuint (orphans->len, ==, 0);
  g_unlink (kept);
}

/* The child edits, waits for its draft, then is killed with SIGKILL. */
static void
killed_child (void)
{
  g_auto(Drafting) d = { 0 };
  guint at = offset_of ("Kremlin spokesman");

  drafting_init (&d, 20, NULL, "air-force-one.txt");
  dossier_edit_add_annotation (d.project, d.document, "TITLE", at, at + 17);
  dossier_session_schedule (d.session);
  wait_for_draft (d.session);
  kill (getpid (), SIGKILL);
}

static void
test_recovery_after_kill (void)
{
  g_autoptr(GPtrArray) orphans = NULL;
  g_autoptr(DossierProject) recovered = NULL;
  g_autoptr(GError) error = NULL;
  DossierDocument *doc;

  if (g_test_subprocess ())
    {
      killed_child ();
      return;
    }
  remove_all_drafts ();
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_failed ();

  orphans = dossier_session_list_orphans ();
  g_assert_cmpuint (orphans->len, ==, 1);
  recovered = dossier_session_load (g_ptr_array_index (orphans, 0), &error);
  g_assert_no_error (error);
  doc = g_list_model_get_item (dossier_project_get_documents (recovered), 0);
  g_object_unref (doc);
  {
    g_autoptr(DossierAnnotation) a = g_list_model_get_item (dossier_document_get_annotations (doc), 0);
    g_assert_cmpstr (dossier_annotation_get_label (a), ==, "TITLE");
    g_assert_cmpstr (dossier_annotation_get_text (a), ==, "Kremlin spokesman");
  }
  dossier_session_discard (g_ptr_array_index (orphans, 0));
}

/* Run as a second copy of the application: writes a draft, says its id, and lives on. */
static int
live_child (void)
{
  g_auto(Drafting) d = { 0 };
  guint at = offset_of ("Kremlin spokesman");

  drafting_init (&d, 1, NULL, "air-force-one.txt");
  dossier_edit_add_annotation (d.project, d.document, "TITLE", at, at + 17);
  dossier_session_schedule (d.session);
  wait_for_draft (d.session);
  printf ("%s\n", dossier_session_get_id (d.session));
  fflush (stdout);
  /* lives until killed, or until the test is gone (its end of the pipe closes) */
  while (read (STDIN_FILENO, &at, sizeof at) > 0)
    ;
  return 0;
}

static gboolean
orphans_include (const char *id)
{
  g_autoptr(GPtrArray) orphans = dossier_session_list_orphans ();

  for (guint i = 0; i < orphans->len; i++)
    if (g_strcmp0 (dossier_session_get_id (g_ptr_array_index (orphans, i)), id) == 0)
      return TRUE;
  return FALSE;
}

static char *
draft_file (const char *id,
            const char *suffix)
{
  g_autofree char *dir = dossier_session_dup_drafts_dir ();
  g_autofree char *name = g_strconcat (id, suffix, NULL);

  return g_build_filename (dir, name, NULL);
}

/* Two copies of the application run at once: the draft of the one still running (even in the
 * middle of a write) is not taken by the other; once it is killed, its draft is restored. */
static void
test_live_process_keeps_its_draft (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "DOSSIER_TEST_LIVE_CHILD", "1", TRUE);
  const char *argv[] = { "/proc/self/exe", NULL };
  g_autofree char *temporary = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  char id[64] = "";
  GPid pid;
  int in_fd;
  int out_fd;
  int status;
  FILE *out;

  remove_all_drafts ();
  g_spawn_async_with_pipes (NULL, (char **)argv, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                            &in_fd, &out_fd, NULL, &error);
  g_assert_no_error (error);
  out = fdopen (out_fd, "r");
  g_assert_nonnull (fgets (id, sizeof id, out));
  fclose (out);
  g_strchomp (id);
  g_assert_cmpuint (strlen (id), ==, 36);
  json_path = draft_file (id, ".dossier.json");
  g_assert_true (g_file_get_contents (json_path, &before, NULL, NULL));
  /* as if the running copy were half-way through its next write */
  temporary = draft_file (id, ".dossier.json.Ab12Cd");
  g_assert_true (g_file_set_contents (temporary, "{\"format\": \"dossier-pro", -1, NULL));

  g_assert_false (orphans_include (id));
  g_assert_true (g_file_test (temporary, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (json_path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);

  kill (pid, SIGKILL);
  close (in_fd);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  {
    g_autoptr(GPtrArray) orphans = dossier_session_list_orphans ();
    g_autoptr(DossierProject) recovered = NULL;

    g_assert_cmpuint (orphans->len, ==, 1);
    g_assert_cmpstr (dossier_session_get_id (g_ptr_array_index (orphans, 0)), ==, id);
    recovered = dossier_session_load (g_ptr_array_index (orphans, 0), &error);
    g_assert_no_error (error);
    /* its unfinished write went with it */
    g_assert_false (g_file_test (temporary, G_FILE_TEST_EXISTS));
    dossier_session_discard (g_ptr_array_index (orphans, 0));
  }
}

static void
assert_drafts_folder_empty (void)
{
  g_autofree char *dir = dossier_session_dup_drafts_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    if (g_strcmp0 (name, "failed") != 0)
      g_error ("left in the drafts folder: %s", name);
}

/* A crash in the middle of a draft write leaves a temporary file: at the next start a cut-off
 * one is deleted (the draft before it is restored, untouched), and a whole one, cut off only
 * from its rename, is restored. */
static void
test_unfinished_writes_cleaned (void)
{
  gsize length;
  g_autofree char *json = sample_project_json (&length);
  g_autofree char *with_draft = NULL;
  g_autofree char *first_write = NULL;
  g_autofree char *nothing_else = NULL;
  g_autofree char *cut_json = NULL;
  g_autofree char *cut_key = NULL;
  g_autofree char *whole_json = NULL;
  g_autofree char *only_cut = NULL;
  g_autoptr(GPtrArray) orphans = NULL;

  remove_all_drafts ();
  /* a draft, and the next write of it cut off in the project file, or in the key file */
  with_draft = plant_draft (json, length, TRUE);
  cut_json = draft_file (with_draft, ".dossier.json.X1y2Z3");
  cut_key = draft_file (with_draft, ".draft.Q9w8E7");
  g_assert_true (g_file_set_contents (cut_json, json, length / 3, NULL));
  g_assert_true (g_file_set_contents (cut_key, "[Draft]\nsource-na", -1, NULL));
  /* the first write of a draft, whole, but not renamed yet */
  first_write = plant_draft (NULL, 0, FALSE);
  whole_json = draft_file (first_write, ".dossier.json.Rt5Yu6");
  g_assert_true (g_file_set_contents (whole_json, json, length, NULL));
  /* the first write of a draft, cut off: nothing to restore */
  nothing_else = plant_draft (NULL, 0, FALSE);
  only_cut = draft_file (nothing_else, ".dossier.json.Op0Iu9");
  g_assert_true (g_file_set_contents (only_cut, json, 100, NULL));

  orphans = dossier_session_list_orphans ();
  g_assert_cmpuint (orphans->len, ==, 2);
  g_assert_false (g_file_test (cut_json, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (cut_key, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (whole_json, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (only_cut, G_FILE_TEST_EXISTS));
  for (guint i = 0; i < orphans->len; i++)
    {
      DossierSession *orphan = g_ptr_array_index (orphans, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierProject) recovered = dossier_session_load (orphan, &error);
      g_autoptr(DossierDocument) doc = NULL;
      g_autoptr(DossierAnnotation) a = NULL;
      g_autofree char *path = draft_file (dossier_session_get_id (orphan), ".dossier.json");
      g_autofree char *contents = NULL;

      g_assert_no_error (error);
      g_assert_true (g_strcmp0 (dossier_session_get_id (orphan), with_draft) == 0 ||
                     g_strcmp0 (dossier_session_get_id (orphan), first_write) == 0);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpmem (contents, strlen (contents), json, length);
      doc = g_list_model_get_item (dossier_project_get_documents (recovered), 0);
      a = g_list_model_get_item (dossier_document_get_annotations (doc), 0);
      g_assert_cmpstr (dossier_annotation_get_text (a), ==, "Dmitry Peskov");
      dossier_session_discard (orphan);
    }
  assert_drafts_folder_empty ();
}

static void
keep_error (GError **kept,
            GError  *error)
{
  g_clear_error (kept);
  *kept = g_error_copy (error);
}

/* A full disk (a file-size limit here) while a draft is written: the session says so, the
 * draft written before stays as it was, no temporary file is left, and the next draft, once
 * there is room, is written. */
static void
test_failed_draft_keeps_previous (void)
{
  g_auto(Drafting) d = { 0 };
  g_autofree char *big = dossier_test_big_title ();
  g_autoptr(GError) failure = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *json_before = NULL;
  g_autofree char *key_before = NULL;
  g_autofree char *json_after = NULL;
  g_autofree char *key_after = NULL;
  struct rlimit old_limit;
  gint64 deadline;
  guint at = offset_of ("Dmitry Peskov");

  remove_all_drafts ();
  drafting_init (&d, 1, NULL, "air-force-one.txt");
  dossier_edit_add_annotation (d.project, d.document, "PERSON", at, at + 13);
  dossier_session_schedule (d.session);
  wait_for_draft (d.session);
  json_path = draft_file (dossier_session_get_id (d.session), ".dossier.json");
  key_path = draft_file (dossier_session_get_id (d.session), ".draft");
  g_assert_true (g_file_get_contents (json_path, &json_before, NULL, NULL));
  g_assert_true (g_file_get_contents (key_path, &key_before, NULL, NULL));

  /* more than the "disk" takes */
  dossier_edit_set_published (d.project, d.document, "2025-02-10");
  dossier_document_set_title (d.document, big);
  g_signal_connect_swapped (d.session, "draft-failed", G_CALLBACK (keep_error), &failure);
  old_limit = dossier_test_limit_file_size (strlen (json_before) + 4096);
  dossier_session_schedule (d.session);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (failure == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  dossier_test_restore_file_size (&old_limit);

  g_assert_nonnull (failure);
  g_test_message ("draft failed as expected: %s", failure->message);
  g_assert_true (g_file_get_contents (json_path, &json_after, NULL, NULL));
  g_assert_true (g_file_get_contents (key_path, &key_after, NULL, NULL));
  g_assert_cmpstr (json_after, ==, json_before);
  g_assert_cmpstr (key_after, ==, key_before);
  {
    g_autofree char *dir = dossier_session_dup_drafts_dir ();
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;
    guint n = 0;

    while ((name = g_dir_read_name (listing)))
      n += g_strcmp0 (name, "failed") != 0;
    /* the project file, its key file and its lock file */
    g_assert_cmpuint (n, ==, 3);
  }

  /* room again: the next draft has the work as it is now */
  dossier_session_schedule (d.session);
  wait_for_draft (d.session);
  g_clear_pointer (&json_after, g_free);
  g_assert_true (g_file_get_contents (json_path, &json_after, NULL, NULL));
  g_assert_nonnull (strstr (json_after, "A much longer title"));
  dossier_session_discard (d.session);
}

int
main (int   argc,
      char *argv[])
{
  int ret;
  gboolean child = FALSE;

  /* a second copy of the application, for /session/live-process-keeps-its-draft */
  if (g_getenv ("DOSSIER_TEST_LIVE_CHILD") != NULL)
    {
      sample_text = dossier_test_load_shared ("samples/air-force-one.txt", NULL);
      return live_child ();
    }
  for (int i = 1; i < argc; i++)
    child |= g_str_has_prefix (argv[i], "--GTestSubprocess");
  /* the child inherits the parent's folder through the environment */
  if (!child)
    {
      data_home = g_dir_make_tmp ("dossier-session-XXXXXX", NULL);
      g_setenv ("XDG_DATA_HOME", data_home, TRUE);
    }
  else
    data_home = g_strdup (g_getenv ("XDG_DATA_HOME"));

  g_test_init (&argc, &argv, NULL);
  sample_text = dossier_test_load_shared ("samples/air-force-one.txt", NULL);
  g_test_add_func ("/session/draft-written-and-recovered", test_draft_written_and_recovered);
  g_test_add_func ("/session/discard-removes-draft", test_discard_removes_draft);
  g_test_add_func ("/session/draft-keeps-unknown-fields", test_draft_keeps_unknown_fields);
  g_test_add_func ("/session/recovery-after-kill", test_recovery_after_kill);
  g_test_add_func ("/session/flush-wins-over-older-write", test_flush_wins_over_older_write);
  g_test_add_func ("/session/flush-waits-for-running-write", test_flush_waits_for_running_write);
  g_test_add_func ("/session/broken-draft-moved-aside", test_broken_draft_moved_aside);
  g_test_add_func ("/session/draft-without-key-file", test_draft_without_key_file);
  g_test_add_func ("/session/live-process-keeps-its-draft", test_live_process_keeps_its_draft);
  g_test_add_func ("/session/unfinished-writes-cleaned", test_unfinished_writes_cleaned);
  g_test_add_func ("/session/failed-draft-keeps-previous", test_failed_draft_keeps_previous);
  ret = g_test_run ();
  if (!child)
    dossier_test_remove_tree (data_home);
  g_free (data_home);
  return ret;
}
