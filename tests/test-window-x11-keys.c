/* test-window-x11-keys.c — keys pressed on the X server, through GTK's whole event path
 *
 * GTK 4 has no public way to make a key event, so this test asks the X server
 * (Xvfb, via xdotool and the XTEST extension) to press the keys: they reach
 * the window exactly as a user's would, through GDK, the window's shortcut
 * controllers and the article view's key controller. Skipped when the
 * display is not X11 or xdotool is not installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "dossier-application.h"
#include "dossier-article-view.h"
#include "dossier-project-io.h"
#include "dossier-window.h"
#include "test-util.h"
#include "test-window-util.h"

typedef struct
{
  DossierApplication *app;
  DossierWindow      *window;
  DossierArticleView *view;
  DossierDocument    *document;
  char               *xid;
  char               *text;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *text = dossier_test_load_shared ("samples/air-force-one.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierProject) project = NULL;

  /* the bare article, so that what the model finds cannot shift the expectations */
  project = dossier_project_new_from_text (text, strlen (text), "Sample", "2025-02-09", &error);
  g_assert_no_error (error);
  /* the application's shortcuts (Ctrl+Z …) are part of the path under test */
  f->app = dossier_application_new ();
  if (!g_application_register (G_APPLICATION (f->app), NULL, &error))
    {
      g_test_message ("no application: %s", error->message);
      g_clear_error (&error);
      g_clear_object (&f->app);
    }
  f->window = dossier_window_new (f->app);
  f->view = DOSSIER_ARTICLE_VIEW (dossier_window_get_article_view (f->window));
  dossier_window_set_project (f->window, project, NULL);
  gtk_window_present (GTK_WINDOW (f->window));
  iterate_until_highlighted (f->view);
  f->document = dossier_window_get_document (f->window);
  f->text = g_strdup (dossier_document_get_text (f->document));
#ifdef GDK_WINDOWING_X11
  {
    GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->window));
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (!gtk_widget_get_mapped (GTK_WIDGET (f->window)) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    if (GDK_IS_X11_SURFACE (surface))
      f->xid = g_strdup_printf ("%lu", (gulong)gdk_x11_surface_get_xid (surface));
  }
#endif
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->app);
  g_free (f->xid);
  g_free (f->text);
}

static gboolean
can_press_keys (Fixture *f)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  if (f->xid == NULL)
    {
      g_test_skip ("the display is not X11");
      return FALSE;
    }
  if (f->app == NULL)
    {
      g_test_skip ("the application could not register");
      return FALSE;
    }
  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return FALSE;
    }
  return TRUE;
}

static void
on_xdotool_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

/* Runs xdotool with the main loop turning, so the window handles what it sends. */
static void
xdotool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  gboolean done = FALSE;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (process, NULL, on_xdotool_done, &done);
  while (!done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (done);
}

/* Presses @keys ("1", "ctrl+z", …) on the X server, then waits until @changed holds. */
static void
press (Fixture    *f,
       const char *keys,
       gboolean  (*changed) (Fixture *f, gconstpointer data),
       gconstpointer data)
{
  const char *argv[] = { "xdotool", "key", "--clearmodifiers", keys, NULL };
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_test_message ("pressing %s", keys);
  xdotool (argv);
  while (!changed (f, data) && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_true (changed (f, data));
  iterate_until_highlighted (f->view);
  assert_tags_match_model (f->view, f->document);
}

static guint
offset_of (Fixture    *f,
           const char *needle)
{
  const char *at = strstr (f->text, needle);

  g_assert_nonnull (at);
  return g_utf8_pointer_to_offset (f->text, at);
}

static guint
n_annotations (Fixture *f)
{
  return g_list_model_get_n_items (dossier_document_get_annotations (f->document));
}

static gboolean
has_n_annotations (Fixture       *f,
                   gconstpointer  data)
{
  return n_annotations (f) == GPOINTER_TO_UINT (data);
}

/* The annotation over "Dmitry" ends at @data. */
static gboolean
annotation_ends_at (Fixture       *f,
                    gconstpointer  data)
{
  DossierAnnotation *a = dossier_document_annotation_at (f->document, offset_of (f, "Dmitry"));

  return a != NULL && dossier_annotation_get_end (a) == GPOINTER_TO_UINT (data);
}

static void
test_keys_from_the_keyboard (Fixture       *f,
                             gconstpointer  data)
{
  guint at = offset_of (f, "Dmitry Peskov");
  guint n = n_annotations (f);
  GtkTextBuffer *buffer = dossier_article_view_get_buffer (f->view);
  GtkTextIter a, b;
  DossierAnnotation *person;

  if (!can_press_keys (f))
    return;

  /* the window has the X server's keyboard focus, the article GTK's */
  {
    const char *argv[] = { "xdotool", "windowfocus", "--sync", f->xid, NULL };
    xdotool (argv);
  }
  gtk_widget_grab_focus (GTK_WIDGET (dossier_article_view_get_source_view (f->view)));

  /* select "Dmitry", press 1: a PERSON over "Dmitry" */
  gtk_text_buffer_get_iter_at_offset (buffer, &a, at);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, at + 6);
  gtk_text_buffer_select_range (buffer, &a, &b);
  press (f, "1", has_n_annotations, GUINT_TO_POINTER (n + 1));
  person = dossier_document_annotation_at (f->document, at);
  g_assert_nonnull (person);
  g_assert_cmpstr (dossier_annotation_get_label (person), ==, "PERSON");
  g_assert_cmpstr (dossier_annotation_get_text (person), ==, "Dmitry");
  g_assert_cmpint (dossier_annotation_get_origin (person), ==, DOSSIER_ORIGIN_HUMAN);

  /* Alt+Shift+→ takes in the next word: "Dmitry Peskov" */
  press (f, "alt+shift+Right", annotation_ends_at, GUINT_TO_POINTER (at + 13));
  g_assert_cmpstr (dossier_annotation_get_text (person), ==, "Dmitry Peskov");

  /* Ctrl+Z (the window's shortcut) takes the resize back */
  press (f, "ctrl+z", annotation_ends_at, GUINT_TO_POINTER (at + 6));
  g_assert_cmpstr (dossier_annotation_get_text (person), ==, "Dmitry");

  /* Delete removes it; Ctrl+Z brings it back, Ctrl+Shift+Z deletes it again */
  press (f, "Delete", has_n_annotations, GUINT_TO_POINTER (n));
  g_assert_null (dossier_document_annotation_at (f->document, at));
  press (f, "ctrl+z", has_n_annotations, GUINT_TO_POINTER (n + 1));
  g_assert_cmpstr (dossier_annotation_get_text (dossier_document_annotation_at (f->document, at)),
                   ==, "Dmitry");
  press (f, "ctrl+shift+z", has_n_annotations, GUINT_TO_POINTER (n));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = dossier_test_use_temp_data_home ();
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/window-x11-keys/label-resize-undo-delete", Fixture, NULL, fixture_set_up,
              test_keys_from_the_keyboard, fixture_tear_down);
  ret = g_test_run ();
  dossier_test_remove_tree (data_home);
  return ret;
}
