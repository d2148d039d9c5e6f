/* dossier-session.c — autosaved drafts of unsaved work, and their recovery
 *
 * Each window has a session. A change arms one timer; when it fires, the
 * project is serialised on the main thread and written off it, atomically
 * (temporary file, fsync, rename), as ID.dossier.json beside an ID.draft
 * key file that says where the work belongs. The key file is written last;
 * a project file left without one (a crash between the two) is restored if
 * it loads. A real save, or a "discard", removes both. Whatever is left at
 * the next start was lost by a crash, and is restored; a draft that does not
 * load is moved into failed/, kept for the user, and not tried again.
 * Writes are ordered: each state gets a number, and one older than what is
 * on disk is dropped, so the newest state wins.
 *
 * Several processes may run at once (the application is not unique), so a draft
 * has an owner: the process holding an flock on its ID.lock file, taken before
 * the first write, or when an orphan is claimed at start. The kernel drops the
 * lock when its process dies, however it dies, so only drafts of dead processes
 * are restored (PIDs would be reused, and differ between sandboxes). Temporary
 * files left by a crash in the middle of a write are cleaned up by whoever
 * claims the draft: a complete one (the crash came before its rename) takes
 * the draft's place, a partial one is deleted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-session"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dossier-project-io.h"
#include "dossier-session.h"
#include "dossier-session-private.h"

#define DRAFT_SUFFIX ".dossier.json"
#define META_SUFFIX  ".draft"
#define LOCK_SUFFIX  ".lock"
#define META_GROUP   "Draft"

struct _DossierSession
{
  GObject         parent_instance;

  char           *id;
  DossierProject *project;
  GFile          *file;
  char           *source_name;
  char           *file_version;  /* the version of the file on disk the work started from */
  GDateTime      *saved_time;
  guint           delay_ms;
  guint           timeout_id;
  guint64         next_seq;    /* order of the states handed to writers (main thread) */
  guint64         written_seq; /* newest state on disk or discarded; under write_lock */
  int             lock_fd;     /* flock on ID.lock while this process owns the draft, or -1 */
  guint           writing : 1;
  guint           due : 1;
};

G_DEFINE_FINAL_TYPE (DossierSession, dossier_session, G_TYPE_OBJECT)

enum {
  DRAFT_WRITTEN,
  DRAFT_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ids of the sessions alive in this process: their drafts are not orphans */
static GHashTable *live_ids;

char *
dossier_session_dup_drafts_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "dossier", "drafts", NULL);
}

static char *
draft_path (DossierSession *self,
            const char     *suffix)
{
  g_autofree char *dir = dossier_session_dup_drafts_dir ();
  g_autofree char *name = g_strconcat (self->id, suffix, NULL);

  return g_build_filename (dir, name, NULL);
}

/* Opens and flocks @path without waiting; -1 when another process (or another session of this
 * one) holds it. The lock is on the file now at @path: one unlinked meanwhile, by an owner
 * that was done with it, does not count. */
static int
take_lock (const char  *path,
           GError     **error)
{
  for (;;)
    {
      struct stat at_path, locked;
      int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

      if (fd < 0)
        {
          int saved_errno = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s", path,
                       g_strerror (saved_errno));
          return -1;
        }
      if (flock (fd, LOCK_EX | LOCK_NB) != 0)
        {
          int saved_errno = errno;
          close (fd);
          if (saved_errno != EWOULDBLOCK)
            g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s", path,
                         g_strerror (saved_errno));
          return -1;
        }
      if (fstat (fd, &locked) == 0 && stat (path, &at_path) == 0 &&
          locked.st_dev == at_path.st_dev && locked.st_ino == at_path.st_ino)
        return fd;
      close (fd);
    }
}

/* Makes this process the draft's owner before its first write; under write_lock. */
static gboolean
own_draft (DossierSession  *self,
           GError         **error)
{
  g_autofree char *lock_path = NULL;
  g_autoptr(GError) local_error = NULL;

  if (self->lock_fd >= 0)
    return TRUE;
  lock_path = draft_path (self, LOCK_SUFFIX);
  if ((self->lock_fd = take_lock (lock_path, &local_error)) >= 0)
    return TRUE;
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY, "%s: %s", lock_path,
                 "the draft belongs to another running process");
  return FALSE;
}

/* The draft's files are gone: so is its lock file, removed while still held. */
static void
release_draft (DossierSession *self)
{
  g_autofree char *lock_path = NULL;

  if (self->lock_fd < 0)
    return;
  lock_path = draft_path (self, LOCK_SUFFIX);
  g_unlink (lock_path);
  close (self->lock_fd);
  self->lock_fd = -1;
}

static void
dossier_session_dispose (GObject *object)
{
  DossierSession *self = (DossierSession *)object;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->project)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->project);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (dossier_session_parent_class)->dispose (object);
}

static void
dossier_session_finalize (GObject *object)
{
  DossierSession *self = (DossierSession *)object;

  if (live_ids != NULL)
    g_hash_table_remove (live_ids, self->id);
  if (self->lock_fd >= 0)
    {
      g_autofree char *json_path = draft_path (self, DRAFT_SUFFIX);
      g_autofree char *meta_path = draft_path (self, META_SUFFIX);

      /* no draft left behind: the lock file goes too (a draft left keeps it, for the next claim) */
      if (!g_file_test (json_path, G_FILE_TEST_EXISTS) &&
          !g_file_test (meta_path, G_FILE_TEST_EXISTS))
        release_draft (self);
      else
        close (self->lock_fd);
      self->lock_fd = -1;
    }
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->source_name, g_free);
  g_clear_pointer (&self->file_version, g_free);
  g_clear_pointer (&self->saved_time, g_date_time_unref);

  G_OBJECT_CLASS (dossier_session_parent_class)->finalize (object);
}

static void
dossier_session_class_init (DossierSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dossier_session_dispose;
  object_class->finalize = dossier_session_finalize;

  /* A draft was written to disk. */
  signals[DRAFT_WRITTEN] = g_signal_new ("draft-written", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A draft could not be written (a full disk): the error says why; the draft on disk before
   * it, if any, is as it was. */
  signals[DRAFT_FAILED] = g_signal_new ("draft-failed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        G_TYPE_ERROR);
}

static void
dossier_session_init (DossierSession *self)
{
  self->delay_ms = DOSSIER_DRAFT_DELAY_MS;
  self->lock_fd = -1;
}

DossierSession *
dossier_session_new (const char *id)
{
  DossierSession *self = g_object_new (DOSSIER_TYPE_SESSION, NULL);

  self->id = id ? g_strdup (id) : g_uuid_string_random ();
  if (live_ids == NULL)
    live_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (live_ids, g_strdup (self->id));
  return self;
}

const char *
dossier_session_get_id (DossierSession *self)
{
  g_return_val_if_fail (DOSSIER_IS_SESSION (self), NULL);
  return self->id;
}

void
dossier_session_set_delay (DossierSession *self,
                           guint           delay_ms)
{
  g_return_if_fail (DOSSIER_IS_SESSION (self));
  self->delay_ms = delay_ms;
}

void
dossier_session_set_project (DossierSession *self,
                             DossierProject *project,
                             GFile          *file,
                             const char     *source_name)
{
  g_return_if_fail (DOSSIER_IS_SESSION (self));
  g_return_if_fail (!project || DOSSIER_IS_PROJECT (project));

  if (self->project)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  g_set_object (&self->file, file);
  g_free (self->source_name);
  self->source_name = g_strdup (source_name);
}

/* ---- writing ---- */

/* Draft files are written under this lock, newest state last: a write whose state is older
 * than the one on disk (or than a discard) is dropped, so a slow worker never lands an old
 * draft over a newer one, and flush/discard wait for a write already under way. */
static GMutex write_lock;

/* test hook: workers wait here before writing while held */
static GMutex hold_lock;
static GCond hold_cond;
static gboolean hold_writes;

void
_dossier_session_hold_writes (gboolean hold)
{
  g_mutex_lock (&hold_lock);
  hold_writes = hold;
  g_cond_broadcast (&hold_cond);
  g_mutex_unlock (&hold_lock);
}

static void
wait_while_held (void)
{
  g_mutex_lock (&hold_lock);
  while (hold_writes)
    g_cond_wait (&hold_cond, &hold_lock);
  g_mutex_unlock (&hold_lock);
}

typedef struct
{
  char           *json_path;
  char           *meta_path;
  GBytes         *json;   /* the work as it was, written on the main thread */
  char           *meta;
  guint64         seq;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_free (data->json_path);
  g_free (data->meta_path);
  g_clear_pointer (&data->json, g_bytes_unref);
  g_free (data->meta);
  g_free (data);
}

/* Writes @data's files unless a newer state (or a discard) got there first; FALSE with
 * @error unset when it was dropped. */
static gboolean
write_files (DossierSession       *self,
             WriteData            *data,
             GFileSetContentsFlags flags,
             gboolean             *written,
             GError              **error)
{
  g_autofree char *dir = g_path_get_dirname (data->json_path);
  gboolean ok = TRUE;
  gsize length;
  const char *bytes = g_bytes_get_data (data->json, &length);

  *written = FALSE;
  g_mutex_lock (&write_lock);
  if (data->seq <= self->written_seq)
    {
      g_mutex_unlock (&write_lock);
      return TRUE;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s", dir,
                   g_strerror (saved_errno));
      ok = FALSE;
    }
  else
    ok = own_draft (self, error) &&
         g_file_set_contents_full (data->json_path, bytes, length, flags, 0600, error) &&
         g_file_set_contents_full (data->meta_path, data->meta, -1, flags, 0600, error);
  if (ok)
    {
      self->written_seq = data->seq;
      *written = TRUE;
    }
  g_mutex_unlock (&write_lock);
  return ok;
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DossierSession *self = source_object;
  WriteData *data = task_data;
  GFileSetContentsFlags flags = G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE;
  GError *error = NULL;
  gboolean written;

  wait_while_held ();
  if (!write_files (self, data, flags, &written, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, written);
}

static WriteData *
prepare_write (DossierSession *self)
{
  WriteData *data = g_new0 (WriteData, 1);
  g_autoptr(GKeyFile) meta = g_key_file_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format_iso8601 (now);

  data->json_path = draft_path (self, DRAFT_SUFFIX);
  data->meta_path = draft_path (self, META_SUFFIX);
  /* the file's text, made here: the user goes on editing while the worker writes it (for
   * the project of a 1 MB article some 40 ms, less than a copy of the model took) */
  data->json = dossier_project_to_bytes (self->project);
  if (self->file)
    {
      g_autofree char *uri = g_file_get_uri (self->file);
      g_key_file_set_string (meta, META_GROUP, "file", uri);
    }
  if (self->source_name)
    g_key_file_set_string (meta, META_GROUP, "source-name", self->source_name);
  if (self->file_version)
    g_key_file_set_string (meta, META_GROUP, "file-version", self->file_version);
  g_key_file_set_string (meta, META_GROUP, "saved", when);
  data->meta = g_key_file_to_data (meta, NULL, NULL);
  data->seq = ++self->next_seq;
  g_clear_pointer (&self->saved_time, g_date_time_unref);
  self->saved_time = g_date_time_ref (now);
  return data;
}

static void write_draft (DossierSession *self);

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  DossierSession *self = DOSSIER_SESSION (object);
  g_autoptr(GError) error = NULL;

  self->writing = FALSE;
  /* FALSE without an error: a newer draft or a discard came first, and stays */
  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_signal_emit (self, signals[DRAFT_WRITTEN], 0);
  else if (error != NULL)
    {
      /* whoever listens tells the user; otherwise the log is all there is */
      if (!g_signal_has_handler_pending (self, signals[DRAFT_FAILED], 0, FALSE))
        g_warning ("Could not write the draft of unsaved work: %s", error->message);
      g_signal_emit (self, signals[DRAFT_FAILED], 0, error);
    }

  if (self->due && self->timeout_id == 0)
    write_draft (self);
}

static void
write_draft (DossierSession *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->project == NULL)
    return;
  if (self->writing)
    {
      self->due = TRUE;   /* once more when this write is done */
      return;
    }
  self->due = FALSE;
  self->writing = TRUE;
  task = g_task_new (self, NULL, write_cb, NULL);
  g_task_set_source_tag (task, write_draft);
  g_task_set_task_data (task, prepare_write (self), (GDestroyNotify)write_data_free);
  g_task_run_in_thread (task, write_thread);
}

static gboolean
timeout_cb (gpointer user_data)
{
  DossierSession *self = user_data;

  self->timeout_id = 0;
  write_draft (self);
  return G_SOURCE_REMOVE;
}

void
dossier_session_schedule (DossierSession *self)
{
  g_return_if_fail (DOSSIER_IS_SESSION (self));

  /* one timer from the first change of a burst: a steady stream of edits still gets drafts */
  self->due = TRUE;
  if (self->timeout_id == 0)
    self->timeout_id = g_timeout_add (self->delay_ms, timeout_cb, self);
}

gboolean
dossier_session_flush (DossierSession *self,
                       GError        **error)
{
  WriteData *data;
  gboolean ok;
  gboolean written;

  g_return_val_if_fail (DOSSIER_IS_SESSION (self), FALSE);

  /* a write under way may not finish before the process exits: its state is written here */
  if ((!self->due && !self->writing) || self->project == NULL)
    return TRUE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->due = FALSE;
  data = prepare_write (self);
  ok = write_files (self, data, G_FILE_SET_CONTENTS_CONSISTENT, &written, error);
  write_data_free (data);
  return ok;
}

void
dossier_session_discard (DossierSession *self)
{
  g_autofree char *json_path = NULL;
  g_autofree char *meta_path = NULL;

  g_return_if_fail (DOSSIER_IS_SESSION (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->due = FALSE;
  meta_path = draft_path (self, META_SUFFIX);
  json_path = draft_path (self, DRAFT_SUFFIX);
  /* writes of the states so far, running or still to run, are dropped */
  g_mutex_lock (&write_lock);
  self->written_seq = self->next_seq;
  g_unlink (meta_path);
  g_unlink (json_path);
  release_draft (self);
  g_mutex_unlock (&write_lock);
  g_clear_pointer (&self->saved_time, g_date_time_unref);
}

gboolean
dossier_session_has_draft (DossierSession *self)
{
  g_autofree char *meta_path = NULL;

  g_return_val_if_fail (DOSSIER_IS_SESSION (self), FALSE);

  meta_path = draft_path (self, META_SUFFIX);
  return g_file_test (meta_path, G_FILE_TEST_EXISTS);
}

/* ---- recovery ---- */

static DossierSession *
session_from_meta (const char *dir,
                   const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *id = g_strndup (name, strlen (name) - strlen (META_SUFFIX));
  g_autoptr(GKeyFile) meta = g_key_file_new ();
  g_autofree char *uri = NULL;
  g_autofree char *saved = NULL;
  DossierSession *self;

  if (!g_key_file_load_from_file (meta, path, G_KEY_FILE_NONE, NULL))
    return NULL;
  self = dossier_session_new (id);
  if ((uri = g_key_file_get_string (meta, META_GROUP, "file", NULL)))
    self->file = g_file_new_for_uri (uri);
  self->source_name = g_key_file_get_string (meta, META_GROUP, "source-name", NULL);
  self->file_version = g_key_file_get_string (meta, META_GROUP, "file-version", NULL);
  if ((saved = g_key_file_get_string (meta, META_GROUP, "saved", NULL)))
    self->saved_time = g_date_time_new_from_iso8601 (saved, NULL);
  return self;
}

static GDateTime *
modified_time (const char *dir,
               const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_autoptr(GDateTime) utc = NULL;

  if (info == NULL || (utc = g_file_info_get_modification_date_time (info)) == NULL)
    return NULL;
  return g_date_time_to_local (utc);
}

/* The id of a draft's file (its project file, key file, lock file, or a temporary file of
 * g_file_set_contents_full(): NAME.XXXXXX), or NULL; *@temporary tells the last kind. */
static char *
draft_id_of (const char *name,
             gboolean   *temporary)
{
  static const char * const suffixes[] = { DRAFT_SUFFIX, META_SUFFIX, LOCK_SUFFIX };
  gsize length = strlen (name);

  *temporary = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      gsize suffix = strlen (suffixes[i]);

      if (length > suffix && g_str_has_suffix (name, suffixes[i]))
        return g_strndup (name, length - suffix);
      /* temporary files of the project file and the key file */
      if (i < 2 && length > suffix + 7 && name[length - 7] == '.' &&
          strncmp (name + length - 7 - suffix, suffixes[i], suffix) == 0)
        {
          *temporary = TRUE;
          return g_strndup (name, length - 7 - suffix);
        }
    }
  return NULL;
}

/* A temporary file whose write a crash cut short is deleted; one that was whole (the crash came
 * before its rename) is the newest state, as writes are ordered, and takes the draft's place. */
static void
settle_temporary_file (const char *dir,
                       const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *target = g_strndup (path, strlen (path) - 7);
  g_autofree char *data = NULL;
  gsize length;
  gboolean whole = FALSE;

  if (g_file_get_contents (path, &data, &length, NULL))
    {
      if (g_str_has_suffix (target, DRAFT_SUFFIX))
        {
          g_autoptr(DossierProject) project = dossier_project_new_from_data (data, length, NULL);
          whole = project != NULL;
        }
      else
        {
          g_autoptr(GKeyFile) meta = g_key_file_new ();
          whole = g_key_file_load_from_data (meta, data, length, G_KEY_FILE_NONE, NULL) &&
                  g_key_file_has_group (meta, META_GROUP);
        }
    }
  if (whole && g_rename (path, target) == 0)
    return;
  if (g_unlink (path) != 0)
    g_warning ("Could not remove the unfinished draft file %s: %s", path, g_strerror (errno));
}

/* The draft @id if no running process owns it: it is claimed (this process owns it from now),
 * cleaned of unfinished writes, and returned; NULL if it is owned, or nothing is left of it. */
static DossierSession *
claim_orphan (const char *dir,
              const char *id,
              GPtrArray  *temporary_files)
{
  g_autofree char *lock_name = g_strconcat (id, LOCK_SUFFIX, NULL);
  g_autofree char *lock_path = g_build_filename (dir, lock_name, NULL);
  g_autofree char *json_name = g_strconcat (id, DRAFT_SUFFIX, NULL);
  g_autofree char *meta_name = g_strconcat (id, META_SUFFIX, NULL);
  g_autofree char *meta_path = g_build_filename (dir, meta_name, NULL);
  g_autofree char *json_path = g_build_filename (dir, json_name, NULL);
  g_autoptr(GError) error = NULL;
  DossierSession *session = NULL;
  int fd;

  if ((fd = take_lock (lock_path, &error)) < 0)
    {
      if (error != NULL)
        g_warning ("Could not check the draft %s: %s", id, error->message);
      return NULL;
    }
  for (guint i = 0; temporary_files != NULL && i < temporary_files->len; i++)
    settle_temporary_file (dir, g_ptr_array_index (temporary_files, i));

  if (g_file_test (meta_path, G_FILE_TEST_EXISTS))
    session = session_from_meta (dir, meta_name);
  /* a crash between the project file and its key file (or a broken key file): the work may
   * still be whole */
  if (session == NULL && g_file_test (json_path, G_FILE_TEST_EXISTS))
    {
      session = dossier_session_new (id);
      session->saved_time = modified_time (dir, json_name);
    }
  if (session == NULL)
    {
      /* nothing left to restore (its owner was done with it, or only a cut-off write was) */
      g_unlink (lock_path);
      close (fd);
      return NULL;
    }
  session->lock_fd = fd;
  return session;
}

static int
compare_ids (const void *a,
             const void *b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

GPtrArray *
dossier_session_list_orphans (void)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *dir = dossier_session_dup_drafts_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GHashTable) drafts = NULL;   /* id → its temporary files (GPtrArray) */
  g_autofree gpointer *ids = NULL;
  const char *name;
  guint n_ids;

  if (d == NULL)
    return found;
  drafts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                  (GDestroyNotify)g_ptr_array_unref);
  while ((name = g_dir_read_name (d)))
    {
      gboolean temporary;
      char *id = draft_id_of (name, &temporary);
      GPtrArray *temporary_files;

      if (id == NULL)
        continue;
      if (live_ids != NULL && g_hash_table_contains (live_ids, id))
        {
          g_free (id);
          continue;
        }
      if ((temporary_files = g_hash_table_lookup (drafts, id)) == NULL)
        {
          temporary_files = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (drafts, id, temporary_files);
        }
      else
        g_free (id);
      if (temporary)
        g_ptr_array_add (temporary_files, g_strdup (name));
    }

  /* in a stable order: the windows come back the same way each time */
  ids = g_hash_table_get_keys_as_array (drafts, &n_ids);
  qsort (ids, n_ids, sizeof (gpointer), compare_ids);
  for (guint i = 0; i < n_ids; i++)
    {
      DossierSession *session = claim_orphan (dir, ids[i], g_hash_table_lookup (drafts, ids[i]));

      if (session != NULL)
        g_ptr_array_add (found, session);
    }
  return found;
}

DossierProject *
dossier_session_load (DossierSession *self,
                      GError        **error)
{
  g_autofree char *json_path = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (DOSSIER_IS_SESSION (self), NULL);

  json_path = draft_path (self, DRAFT_SUFFIX);
  if (!g_file_get_contents (json_path, &data, &length, error))
    return NULL;
  return dossier_project_new_from_data (data, length, error);
}

/* Moves @name of the drafts folder into failed/ under @stem (+ @suffix); FALSE and @error if it
 * could not, TRUE with *@moved_to NULL if there was nothing to move. */
static gboolean
move_into_failed (const char  *dir,
                  const char  *failed_dir,
                  const char  *name,
                  const char  *stem,
                  const char  *suffix,
                  char       **moved_to,
                  GError     **error)
{
  g_autofree char *from = g_build_filename (dir, name, NULL);
  g_autofree char *target_name = g_strconcat (stem, suffix, NULL);
  g_autofree char *to = g_build_filename (failed_dir, target_name, NULL);

  *moved_to = NULL;
  if (!g_file_test (from, G_FILE_TEST_EXISTS))
    return TRUE;
  if (g_rename (from, to) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s", to,
                   g_strerror (saved_errno));
      return FALSE;
    }
  *moved_to = g_steal_pointer (&to);
  return TRUE;
}

gboolean
dossier_session_move_aside (DossierSession *self,
                            char          **kept_path,
                            GError        **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *failed_dir = NULL;
  g_autofree char *json_name = NULL;
  g_autofree char *meta_name = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *json_to = NULL;
  g_autofree char *meta_to = NULL;

  g_return_val_if_fail (DOSSIER_IS_SESSION (self), FALSE);
  g_return_val_if_fail (kept_path != NULL, FALSE);

  *kept_path = NULL;
  dir = dossier_session_dup_drafts_dir ();
  failed_dir = g_build_filename (dir, "failed", NULL);
  if (g_mkdir_with_parents (failed_dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s", failed_dir,
                   g_strerror (saved_errno));
      return FALSE;
    }
  json_name = g_strconcat (self->id, DRAFT_SUFFIX, NULL);
  meta_name = g_strconcat (self->id, META_SUFFIX, NULL);
  /* an earlier failure of the same draft stays too */
  stem = g_strdup (self->id);
  for (guint n = 2; ; n++)
    {
      g_autofree char *json_try = g_strconcat (stem, DRAFT_SUFFIX, NULL);
      g_autofree char *meta_try = g_strconcat (stem, META_SUFFIX, NULL);
      g_autofree char *json_path = g_build_filename (failed_dir, json_try, NULL);
      g_autofree char *meta_path = g_build_filename (failed_dir, meta_try, NULL);

      if (!g_file_test (json_path, G_FILE_TEST_EXISTS) &&
          !g_file_test (meta_path, G_FILE_TEST_EXISTS))
        break;
      g_free (stem);
      stem = g_strdup_printf ("%s-%u", self->id, n);
    }
  /* the project file first: without its key file beside it, it is still found at the next start */
  if (!move_into_failed (dir, failed_dir, json_name, stem, DRAFT_SUFFIX, &json_to, error) ||
      !move_into_failed (dir, failed_dir, meta_name, stem, META_SUFFIX, &meta_to, error))
    return FALSE;
  *kept_path = json_to ? g_steal_pointer (&json_to) : g_steal_pointer (&meta_to);
  g_mutex_lock (&write_lock);
  release_draft (self);
  g_mutex_unlock (&write_lock);
  return TRUE;
}

GFile *
dossier_session_get_file (DossierSession *self)
{
  g_return_val_if_fail (DOSSIER_IS_SESSION (self), NULL);
  return self->file;
}

void
dossier_session_set_file_version (DossierSession *self,
                                  const char     *version)
{
  g_return_if_fail (DOSSIER_IS_SESSION (self));

  g_free (self->file_version);
  self->file_version = g_strdup (version);
}

const char *
dossier_session_get_file_version (DossierSession *self)
{
  g_return_val_if_fail (DOSSIER_IS_SESSION (self), NULL);
  return self->file_version;
}

const char *
dossier_session_get_source_name (DossierSession *self)
{
  g_return_val_if_fail (DOSSIER_IS_SESSION (self), NULL);
  return self->source_name;
}

GDateTime *
dossier_session_get_saved_time (DossierSession *self)
{
  g_return_val_if_fail (DOSSIER_IS_SESSION (self), NULL);
  return self->saved_time;
}
