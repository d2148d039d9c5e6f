/* dossier-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "dossier-application.h"
#include "dossier-command-line.h"
#include "dossier-session.h"
#include "dossier-window.h"


struct _DossierApplication
{
  AdwApplication  parent_instance;
  GSettings      *settings;
  gboolean        open_sample;
  gboolean        drafts_checked;
  guint           signal_sources[3];
};

G_DEFINE_FINAL_TYPE (DossierApplication, dossier_application, ADW_TYPE_APPLICATION)

DossierApplication *
dossier_application_new (void)
{
  return g_object_new (DOSSIER_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

GSettings *
dossier_application_get_settings (DossierApplication *self)
{
  g_return_val_if_fail (DOSSIER_IS_APPLICATION (self), NULL);
  return self->settings;
}

static DossierWindow *
new_window (DossierApplication *self)
{
  DossierWindow *window = dossier_window_new (self);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Work left unsaved by a crash or a kill comes back, each in its window. Drafts that do not
 * load are moved aside by their window; the user hears of them once, in @failures. */
static guint
restore_drafts (DossierApplication *self,
                GString            *failures)
{
  g_autoptr(GPtrArray) orphans = NULL;
  guint restored = 0;

  if (self->drafts_checked)
    return 0;
  self->drafts_checked = TRUE;
  orphans = dossier_session_list_orphans ();
  for (guint i = 0; i < orphans->len; i++)
    {
      DossierWindow *window = new_window (self);
      g_autoptr(GError) error = NULL;

      if (dossier_window_restore_draft (window, g_ptr_array_index (orphans, i), &error))
        restored++;
      else
        {
          gtk_window_destroy (GTK_WINDOW (window));
          if (failures->len > 0)
            g_string_append (failures, "\n\n");
          g_string_append (failures, error->message);
        }
    }
  return restored;
}

static void
report_failed_drafts (DossierApplication *self,
                      GString            *failures)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (failures->len == 0 || window == NULL)
    return;
  dossier_window_show_message (DOSSIER_WINDOW (window), _("Unsaved Work Could Not Be Restored"),
                               failures->str);
}

static void
dossier_application_activate (GApplication *app)
{
  DossierApplication *self = DOSSIER_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  DossierWindow *created;
  g_autoptr(GString) failures = g_string_new (NULL);
  guint restored;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }
  restored = restore_drafts (self, failures);
  if (restored > 0)
    {
      report_failed_drafts (self, failures);
      return;
    }

  created = new_window (self);
  /* a first run shows what Dossier does, on a real article */
  if (self->open_sample || !g_settings_get_boolean (self->settings, "sample-shown"))
    {
      g_settings_set_boolean (self->settings, "sample-shown", TRUE);
      dossier_window_open_sample (created);
    }
  report_failed_drafts (self, failures);
}

static void
dossier_application_open (GApplication  *app,
                          GFile        **files,
                          int            n_files,
                          const char    *hint)
{
  DossierApplication *self = DOSSIER_APPLICATION (app);
  g_autoptr(GString) failures = g_string_new (NULL);

  restore_drafts (self, failures);
  for (int i = 0; i < n_files; i++)
    {
      DossierWindow *window = new_window (self);
      dossier_window_open_file (window, files[i]);
    }
  report_failed_drafts (self, failures);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* each window asks about its unsaved changes before it closes */
  for (const GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  new_window (DOSSIER_APPLICATION (user_data));
}

static void
sample_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  DossierApplication *self = DOSSIER_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL || !dossier_window_is_empty (DOSSIER_WINDOW (window)))
    window = GTK_WINDOW (new_window (self));
  dossier_window_open_sample (DOSSIER_WINDOW (window));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The Dossier developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Dossier"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Dossier developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments", _("Marks who is named, when things happened and who said what "
                                      "in news articles — offline, on your computer."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "new-window", new_window_action },
  { "open-sample", sample_action },
  { "about", about_action },
};

/* The session ends (logout, shutdown, kill, Ctrl+C): nobody is there to answer "Save
 * Changes?", so each window goes, writing its unsaved work into its draft as it does, and
 * the work is restored at the next start. A save under way is finished first. */
static gboolean
terminate_cb (gpointer user_data)
{
  GtkApplication *app = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  for (const GList *l = windows; l; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  return G_SOURCE_CONTINUE;
}

static void
dossier_application_startup (GApplication *app)
{
  DossierApplication *self = DOSSIER_APPLICATION (app);
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.new-window", { "<Control>n", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "win.extract", { "<Control>e", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.person-rename", { "F2", NULL } },
    { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
    { "win.show-people", { "F9", NULL } },
    { "win.show-timeline", { "<Shift>F9", NULL } },
    { "win.close", { "<Control>w", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (dossier_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  gtk_window_set_default_icon_name (APP_ID);

  self->signal_sources[0] = g_unix_signal_add (SIGTERM, terminate_cb, self);
  self->signal_sources[1] = g_unix_signal_add (SIGHUP, terminate_cb, self);
  self->signal_sources[2] = g_unix_signal_add (SIGINT, terminate_cb, self);
}

static int
dossier_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("dossier %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_contains (options, "sample"))
    DOSSIER_APPLICATION (app)->open_sample = TRUE;
  return -1;
}

static void
dossier_application_dispose (GObject *object)
{
  DossierApplication *self = (DossierApplication *)object;

  g_clear_object (&self->settings);
  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);

  G_OBJECT_CLASS (dossier_application_parent_class)->dispose (object);
}

static void
dossier_application_class_init (DossierApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = dossier_application_dispose;
  app_class->activate = dossier_application_activate;
  app_class->open = dossier_application_open;
  app_class->startup = dossier_application_startup;
  app_class->handle_local_options = dossier_application_handle_local_options;
}

static void
dossier_application_init (DossierApplication *self)
{
  static const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
    { "sample", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the bundled sample article"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
    _("Open news articles (.txt) or Dossier projects (.dossier.json) and see who is named, "
      "when things happened and who said what."));
  g_application_set_option_context_description (G_APPLICATION (self),
                                                dossier_command_line_describe ());
}
