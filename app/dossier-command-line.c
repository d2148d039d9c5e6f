/* dossier-command-line.c — `dossier extract` and `dossier eval-*`, headless
 *
 * Nothing here touches GTK: these commands run on servers and in batch jobs.
 * Every input is read and checked before anything is written, so a bad file
 * gives one line on stderr, a non-zero exit, and no half output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-command-line"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "dossier-apply-extraction.h"
#include "dossier-command-line.h"
#include "dossier-commands.h"
#include "dossier-project-io.h"

typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_CONLL, FORMAT_TIMEML, FORMAT_BRAT, FORMAT_JSONL } Format;

static const char * const format_names[] = { "text", "json", "conll", "timeml", "brat", "jsonl", NULL };

static gboolean
parse_format (const char *name,
              Format     *format)
{
  for (guint i = 0; format_names[i]; i++)
    if (g_strcmp0 (name, format_names[i]) == 0)
      {
        *format = i;
        return TRUE;
      }
  return FALSE;
}

static void
say (const char *file,
     const char *message)
{
  if (file)
    fprintf (stderr, "dossier extract: %s: %s\n", file, message);
  else
    fprintf (stderr, "dossier extract: %s\n", message);
}

/* Reads a whole input file; refuses folders, missing files and huge files. */
static char *
read_input (const char  *path,
            gsize       *length,
            GError     **error)
{
  char *contents = NULL;

  if (g_strcmp0 (path, "-") == 0)
    {
      GString *buffer = g_string_new (NULL);
      char chunk[65536];
      size_t n;

      while ((n = fread (chunk, 1, sizeof chunk, stdin)) > 0)
        {
          g_string_append_len (buffer, chunk, n);
          if (buffer->len > DOSSIER_MAX_FILE_SIZE)
            {
              g_string_free (buffer, TRUE);
              g_set_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_TOO_LARGE,
                           _("The input is too large"));
              return NULL;
            }
        }
      *length = buffer->len;
      return g_string_free (buffer, FALSE);
    }

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR, _("It is a folder, not a file"));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, length, error))
    return NULL;
  if (*length > DOSSIER_MAX_FILE_SIZE)
    {
      g_free (contents);
      g_set_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_TOO_LARGE,
                   _("The file is too large"));
      return NULL;
    }
  return contents;
}

static const char *
error_message (GError *error)
{
  /* GLib's file errors already name the file: keep just the reason */
  if (error->domain == G_FILE_ERROR)
    {
      switch (error->code)
        {
        case G_FILE_ERROR_NOENT: return _("No such file");
        case G_FILE_ERROR_ACCES: return _("Permission denied");
        case G_FILE_ERROR_ISDIR: return _("It is a folder, not a file");
        default: break;
        }
    }
  return error->message;
}

static gboolean
write_all (const char *data,
           gsize       length)
{
  if (fwrite (data, 1, length, stdout) != length || fflush (stdout) != 0)
    {
      say (NULL, _("could not write to standard output"));
      return FALSE;
    }
  return TRUE;
}

static char *
basename_title (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');

  return dot && dot != base ? g_strndup (base, dot - base) : g_strdup (base);
}

static void
extract_into (DossierProject  *project,
              DossierDocument *document,
              const char      *path,
              const char      *published)
{
  g_autoptr(DossierExtraction) extraction = NULL;

  if (published != NULL)
    dossier_document_set_published (document, published);
  if (dossier_document_get_published (document) == NULL)
    say (path, _("no publication date (use --published YYYY-MM-DD); "
                 "dates are resolved against the dateline if there is one, else left open"));
  extraction = dossier_extract_document (document);
  dossier_apply_extraction (project, document, extraction);
}

/* A project file: its model output is redone, a human's edits and deletions stay. */
static DossierProject *
extract_project (const char *path,
                 const char *data,
                 gsize       length,
                 const char *published)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierProject) project = dossier_project_new_from_data (data, length, &error);
  GListModel *documents;

  if (project == NULL)
    {
      say (path, error->message);
      return NULL;
    }
  documents = dossier_project_get_documents (project);
  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(DossierDocument) document = g_list_model_get_item (documents, i);
      extract_into (project, document, path, published);
    }
  return g_steal_pointer (&project);
}

/* A plain-text article becomes one more document of @project (entities are shared). */
static gboolean
add_article (DossierProject *project,
             const char     *path,
             const char     *data,
             gsize           length,
             const char     *published)
{
  g_autofree char *id = dossier_project_new_id (project, "d");
  g_autofree char *title = basename_title (path);
  g_autofree char *text = g_strndup (data, length);
  g_autoptr(DossierDocument) document = NULL;

  if (memchr (data, '\0', length) != NULL)
    {
      say (path, _("the file contains NUL bytes: it is not a text article"));
      return FALSE;
    }
  document = dossier_document_new (id, text);
  dossier_document_set_title (document, title);
  dossier_project_add_document (project, document);
  extract_into (project, document, path, published);
  return TRUE;
}

/* Appends one result line per article line to @results; nothing is written
 * until every line of every file has been read. */
static int
run_jsonl (const char *path,
           const char *data,
           gsize       length,
           const char *published,
           GString    *results)
{
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierProject) project = NULL;
      g_autoptr(JsonGenerator) generator = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *where = g_strdup_printf ("%s:%u", path, i + 1);
      g_autofree char *out = NULL;
      const char *text, *pub, *title;
      JsonObject *object;

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      if (!json_parser_load_from_data (parser, lines[i], -1, &error))
        {
          say (where, error->message);
          return 1;
        }
      if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
          !json_object_has_member ((object = json_node_get_object (json_parser_get_root (parser))), "text") ||
          json_node_get_value_type (json_object_get_member (object, "text")) != G_TYPE_STRING)
        {
          say (where, _("each line must be a JSON object with a “text” string"));
          return 1;
        }
      text = json_object_get_string_member (object, "text");
      pub = json_object_has_member (object, "published") &&
            json_node_get_value_type (json_object_get_member (object, "published")) == G_TYPE_STRING
            ? json_object_get_string_member (object, "published") : published;
      title = json_object_has_member (object, "title") &&
              json_node_get_value_type (json_object_get_member (object, "title")) == G_TYPE_STRING
              ? json_object_get_string_member (object, "title") : NULL;
      project = dossier_project_new_from_text (text, strlen (text), title, pub, &error);
      if (project == NULL)
        {
          say (where, error->message);
          return 1;
        }
      {
        g_autoptr(DossierDocument) document =
          g_list_model_get_item (dossier_project_get_documents (project), 0);
        g_autoptr(DossierExtraction) extraction = dossier_extract_document (document);
        dossier_apply_extraction (project, document, extraction);
      }
      root = dossier_project_to_json (project);
      generator = json_generator_new ();
      json_generator_set_root (generator, root);
      out = json_generator_to_data (generator, NULL);
      g_string_append (results, out);
      g_string_append_c (results, '\n');
    }
  return 0;
}

/* A project file rather than an article: by --from, else by name, else by content. */
static gboolean
input_is_project (Format      from,
                  gboolean    sniff,
                  const char *path,
                  const char *data,
                  gsize       length)
{
  if (from == FORMAT_JSON)
    return TRUE;
  if (!sniff || g_str_has_suffix (path, ".txt"))
    return FALSE;
  return g_str_has_suffix (path, ".json") || dossier_project_data_is_project (data, length);
}

static int
run_extract (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *published = NULL;
  g_autofree char *from_name = NULL;
  g_autofree char *to_name = NULL;
  g_auto(GStrv) files = NULL;
  g_autoptr(DossierProject) project = NULL;
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) lengths = g_array_new (FALSE, FALSE, sizeof (gsize));
  Format from = FORMAT_TEXT, to = FORMAT_JSON;
  gboolean sniff;
  GOptionEntry entries[] = {
    { "published", 'p', 0, G_OPTION_ARG_STRING, &published,
      N_("Publication date of the articles, for resolving “Sunday” or “last week”"), N_("YYYY-MM-DD") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_name,
      N_("Input format: text (default; .dossier.json projects are recognised), json, conll, timeml, jsonl"),
      N_("FORMAT") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_name,
      N_("Output format: json (default), conll, timeml, brat, jsonl"), N_("FORMAT") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE…") },
    { NULL }
  };

  context = g_option_context_new (_("FILE… — run the model over articles, print the result"));
  g_option_context_set_summary (context,
    _("Reads plain-text articles (UTF-8) or .dossier.json projects and writes one dossier-project "
      "JSON document with one document per file to standard output. “-” reads standard input."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      say (NULL, error->message);
      return 2;
    }
  if (files == NULL || files[0] == NULL)
    {
      say (NULL, _("no input file (see dossier extract --help)"));
      return 2;
    }
  /* without --from, a file that holds a JSON object is taken for a project */
  sniff = from_name == NULL;
  if (from_name && !parse_format (from_name, &from))
    {
      say (NULL, _("unknown --from format (text, json, conll, timeml, jsonl)"));
      return 2;
    }
  if (to_name && !parse_format (to_name, &to))
    {
      say (NULL, _("unknown --to format (json, conll, timeml, brat, jsonl)"));
      return 2;
    }
  if (published && !dossier_date_is_valid (published))
    {
      say (NULL, _("--published takes a date like 2025-02-09"));
      return 2;
    }
  if ((from == FORMAT_CONLL) != (to == FORMAT_CONLL) || (from == FORMAT_TIMEML) != (to == FORMAT_TIMEML) ||
      (from == FORMAT_JSONL) != (to == FORMAT_JSONL) || to == FORMAT_TEXT || from == FORMAT_BRAT)
    {
      say (NULL, _("supported conversions: text/json → json or brat; conll → conll; timeml → timeml; "
                   "jsonl → jsonl"));
      return 2;
    }
  if (to == FORMAT_BRAT && g_strv_length (files) != 1)
    {
      say (NULL, _("--to brat takes one file (brat keeps one .ann per article)"));
      return 2;
    }

  /* read and check every input before writing anything */
  for (guint i = 0; files[i]; i++)
    {
      gsize length = 0;
      char *data = read_input (files[i], &length, &error);

      if (data == NULL)
        {
          say (files[i], error_message (error));
          return 1;
        }
      if (!g_utf8_validate (data, length, NULL))
        {
          say (files[i], _("not valid UTF-8 text"));
          g_free (data);
          return 1;
        }
      g_ptr_array_add (contents, data);
      g_array_append_val (lengths, length);
    }

  if (to == FORMAT_CONLL || to == FORMAT_TIMEML)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      for (guint i = 0; files[i]; i++)
        {
          gboolean ok;

          if (to == FORMAT_CONLL)
            ok = dossier_conll_tag (g_ptr_array_index (contents, i), g_array_index (lengths, gsize, i),
                                    out, &error);
          else
            ok = dossier_timeml_tag (g_ptr_array_index (contents, i), g_array_index (lengths, gsize, i),
                                     published, out, &error);
          if (!ok)
            {
              say (files[i], error->message);
              return 1;
            }
        }
      return write_all (out->str, out->len) ? 0 : 1;
    }

  if (to == FORMAT_JSONL)
    {
      g_autoptr(GString) results = g_string_new (NULL);

      for (guint i = 0; files[i]; i++)
        {
          int status = run_jsonl (files[i], g_ptr_array_index (contents, i),
                                  g_array_index (lengths, gsize, i), published, results);
          if (status != 0)
            return status;
        }
      return write_all (results->str, results->len) ? 0 : 1;
    }

  for (guint i = 0; files[i]; i++)
    if (input_is_project (from, sniff, files[i], g_ptr_array_index (contents, i),
                          g_array_index (lengths, gsize, i)) &&
        g_strv_length (files) > 1)
      {
        say (files[i], _("a .dossier.json project must be given alone"));
        return 2;
      }

  if (input_is_project (from, sniff, files[0], g_ptr_array_index (contents, 0),
                        g_array_index (lengths, gsize, 0)))
    {
      project = extract_project (files[0], g_ptr_array_index (contents, 0),
                                 g_array_index (lengths, gsize, 0), published);
      if (project == NULL)
        return 1;
    }
  else
    {
      project = dossier_project_new ();
      for (guint i = 0; files[i]; i++)
        if (!add_article (project, files[i], g_ptr_array_index (contents, i),
                          g_array_index (lengths, gsize, i), published))
          return 1;
    }

  if (to == FORMAT_BRAT &&
      g_list_model_get_n_items (dossier_project_get_documents (project)) != 1)
    {
      say (files[0], _("--to brat takes a project with one document (brat keeps one .ann per article)"));
      return 2;
    }

  if (to == FORMAT_BRAT)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      GListModel *documents = dossier_project_get_documents (project);

      for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
        {
          g_autoptr(DossierDocument) document = g_list_model_get_item (documents, i);
          g_autoptr(DossierExtraction) extraction = dossier_extraction_from_document (project, document);
          dossier_brat_write (extraction, out);
        }
      return write_all (out->str, out->len) ? 0 : 1;
    }
  else
    {
      g_autoptr(GBytes) bytes = dossier_project_to_bytes (project);
      return write_all (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)) ? 0 : 1;
    }
}

static const struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
} commands[] = {
  { "extract",     run_extract },
  { "eval-ner",    dossier_eval_ner_main },
  { "eval-timex",  dossier_eval_timex_main },
  { "eval-quotes", dossier_eval_quotes_main },
  { "eval-speakers", dossier_eval_speakers_main },
};

gboolean
dossier_command_line_is_command (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (word, commands[i].name) == 0)
      return TRUE;
  return FALSE;
}

int
dossier_command_line_run (int    argc,
                          char **argv)
{
  g_return_val_if_fail (argc >= 2, 2);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (argv[1], commands[i].name) == 0)
      {
        /* the command sees itself as argv[0] */
        return commands[i].run (argc - 1, argv + 1);
      }
  return 2;
}

const char *
dossier_command_line_describe (void)
{
  return _("Headless commands (no window):\n"
           "  dossier extract [--published YYYY-MM-DD] [--from text|json|conll|timeml|jsonl]\n"
           "                  [--to json|conll|timeml|brat|jsonl] FILE…\n"
           "      Run the model over plain-text articles or .dossier.json projects and write\n"
           "      one dossier-project JSON document (one document per file) to standard output.\n"
           "  dossier eval-ner FILE.conll            Score the entity tagger (P/R/F1, tokens/s)\n"
           "  dossier eval-timex GOLD_DIR SYSTEM_DIR Score dates against TimeML (TempEval-3)\n"
           "  dossier eval-quotes GOLD_DIR SYSTEM_DIR Score quotes against brat/PolNeAR\n"
           "  dossier eval-speakers NOVEL_DIR…       Score quote speakers against PDNC novels\n"
           "Run “dossier extract --help” for the options of extract.");
}
