/* dossier-project-io.c — reading and writing *.dossier.json project files
 *
 * Loading checks the whole file before anything is handed out, so a broken
 * file is refused whole with a message that names the field at fault. Fields
 * this version does not know are kept on each object and written back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-project-io"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dossier-project-io.h"
#include "dossier-project-io-private.h"

G_DEFINE_QUARK (dossier-project-error-quark, dossier_project_error)

typedef struct
{
  DossierProject *project;
  GHashTable     *annotation_ids; /* id → DossierDocument (borrowed) */
  GPtrArray      *pending_links;  /* Link*: entity/speaker ids checked once all are read */
} Reader;

typedef struct
{
  char *where;
  char *field;
  char *id;
} Link;

static void
link_free (gpointer data)
{
  Link *l = data;
  g_free (l->where);
  g_free (l->field);
  g_free (l->id);
  g_free (l);
}

static gboolean
fail (GError     **error,
      const char  *where,
      const char  *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError     **error,
      const char  *where,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (where && *where)
    g_set_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_INVALID, "%s: %s", where, message);
  else
    g_set_error_literal (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_INVALID, message);
  return FALSE;
}

gboolean
dossier_date_is_valid (const char *date)
{
  int y, m, d;

  if (date == NULL || strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return FALSE;
  y = atoi (date);
  m = atoi (date + 5);
  d = atoi (date + 8);
  return g_date_valid_dmy (d, m, y);
}

/* Field getters: NULL/absent allowed where @optional; anything else of the wrong type fails. */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            gboolean     optional,
            const char  *where,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (optional)
        return TRUE;
      return fail (error, where, _("the field “%s” is missing"), member);
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (error, where, _("the field “%s” must be a string"), member);
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_uint (JsonObject  *object,
          const char  *member,
          const char  *where,
          guint       *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 v;

  if (node == NULL)
    return fail (error, where, _("the field “%s” is missing"), member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (error, where, _("the field “%s” must be a whole number"), member);
  v = json_node_get_int (node);
  if (v < 0 || v > G_MAXINT)
    return fail (error, where, _("the field “%s” is out of range (%" G_GINT64_FORMAT ")"), member, v);
  *out = (guint)v;
  return TRUE;
}

static gboolean
get_array (JsonObject  *object,
           const char  *member,
           gboolean     optional,
           const char  *where,
           JsonArray  **out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (optional)
        return TRUE;
      return fail (error, where, _("the field “%s” is missing"), member);
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, where, _("the field “%s” must be a list"), member);
  *out = json_node_get_array (node);
  return TRUE;
}

static gboolean
get_string_list (JsonObject   *object,
                 const char   *member,
                 const char   *where,
                 GPtrArray   **out,
                 GError      **error)
{
  JsonArray *array;

  *out = g_ptr_array_new ();
  if (!get_array (object, member, TRUE, where, &array, error))
    return FALSE;
  if (array != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonNode *node = json_array_get_element (array, i);
        if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
          return fail (error, where, _("item %u of “%s” must be a string"), i + 1, member);
        g_ptr_array_add (*out, (gpointer)json_node_get_string (node));
      }
  g_ptr_array_add (*out, NULL);
  return TRUE;
}

/* The members of @object not in @known, or NULL if there are none. */
static JsonObject *
collect_extra (JsonObject         *object,
               const char * const *known)
{
  JsonObject *extra = NULL;
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l; l = l->next)
    {
      const char *name = l->data;
      if (g_strv_contains (known, name))
        continue;
      if (extra == NULL)
        extra = json_object_new ();
      json_object_set_member (extra, name, json_node_copy (json_object_get_member (object, name)));
    }
  return extra;
}

static gboolean
get_object_at (JsonArray   *array,
               guint        i,
               const char  *what,
               JsonObject **out,
               GError     **error)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, NULL, _("%s %u is not an object"), what, i + 1);
  *out = json_node_get_object (node);
  return TRUE;
}

/* Item @i of @array as an object with an "id"; @where becomes "entity “p1”" for messages. */
static gboolean
read_identified (JsonArray   *array,
                 guint        i,
                 const char  *what,
                 JsonObject **object,
                 const char **id,
                 char       **where,
                 GError     **error)
{
  g_autofree char *position = g_strdup_printf ("%s %u", what, i + 1);

  *where = NULL;
  if (!get_object_at (array, i, what, object, error) ||
      !get_string (*object, "id", FALSE, position, id, error))
    return FALSE;
  *where = g_strdup_printf ("%s “%s”", what, *id);
  return TRUE;
}

static gboolean
read_labels (Reader      *reader,
             JsonObject  *root,
             GError     **error)
{
  static const char * const known[] = { "name", "color", "key", NULL };
  g_autoptr(GListStore) store = NULL;
  JsonArray *array;

  if (!get_array (root, "labels", TRUE, NULL, &array, error))
    return FALSE;
  if (array == NULL || json_array_get_length (array) == 0)
    return TRUE; /* the default label set */

  store = g_list_store_new (DOSSIER_TYPE_LABEL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf (_("label %u"), i + 1);
      g_autoptr(DossierLabel) label = NULL;
      g_autoptr(JsonObject) extra = NULL;
      JsonObject *object;
      const char *name, *color, *key;

      if (!get_object_at (array, i, _("Label"), &object, error) ||
          !get_string (object, "name", FALSE, where, &name, error) ||
          !get_string (object, "color", TRUE, where, &color, error) ||
          !get_string (object, "key", TRUE, where, &key, error))
        return FALSE;
      if (color != NULL && !(color[0] == '#' && (strlen (color) == 7 || strlen (color) == 4)))
        return fail (error, where, _("“%s” is not a colour like #3584e4"), color);
      label = dossier_label_new (name, color, key);
      extra = collect_extra (object, known);
      dossier_label_set_extra (label, extra);
      g_list_store_append (store, label);
    }
  dossier_project_set_labels (reader->project, G_LIST_MODEL (store));
  return TRUE;
}

static gboolean
read_entities (Reader      *reader,
               JsonObject  *root,
               GError     **error)
{
  static const char * const known[] = { "id", "type", "name", "aliases", "title", "mentions", NULL };
  JsonArray *array;

  if (!get_array (root, "entities", TRUE, NULL, &array, error))
    return FALSE;

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      g_autofree char *where = NULL;
      g_autoptr(DossierEntity) entity = NULL;
      g_autoptr(GPtrArray) aliases = NULL;
      g_autoptr(JsonObject) extra = NULL;
      JsonObject *object;
      const char *id, *type, *name, *title;

      if (!read_identified (array, i, _("entity"), &object, &id, &where, error))
        return FALSE;
      if (!get_string (object, "type", FALSE, where, &type, error) ||
          !get_string (object, "name", FALSE, where, &name, error) ||
          !get_string (object, "title", TRUE, where, &title, error) ||
          !get_string_list (object, "aliases", where, &aliases, error))
        return FALSE;
      if (dossier_project_find_entity (reader->project, id) != NULL)
        return fail (error, where, _("the id is used twice"));

      entity = dossier_entity_new (id, type, name);
      dossier_entity_set_title (entity, title);
      dossier_entity_set_aliases (entity, (const char * const *)aliases->pdata);
      extra = collect_extra (object, known);
      dossier_entity_set_extra (entity, extra);
      dossier_project_add_entity (reader->project, entity);
    }
  return TRUE;
}

/* A span inside an annotation: {"start", "end", "text"} checked against the article. */
static gboolean
read_inner_span (DossierDocument *document,
                 JsonObject      *object,
                 const char      *member,
                 const char      *where,
                 gboolean        *present,
                 guint           *start,
                 guint           *end,
                 const char     **text,
                 JsonObject     **extra,
                 GError         **error)
{
  static const char * const known[] = { "start", "end", "text", NULL };
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *inner = NULL;
  g_autofree char *slice = NULL;
  JsonObject *span;

  *present = FALSE;
  *extra = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, where, _("the field “%s” must be an object with start, end and text"), member);
  span = json_node_get_object (node);
  inner = g_strdup_printf ("%s, %s", where, member);
  if (!get_uint (span, "start", inner, start, error) ||
      !get_uint (span, "end", inner, end, error) ||
      !get_string (span, "text", FALSE, inner, text, error))
    return FALSE;
  if (*start > *end || *end > dossier_document_get_n_chars (document))
    return fail (error, inner, _("offsets %u–%u are outside the article (%u characters)"),
                 *start, *end, dossier_document_get_n_chars (document));
  slice = dossier_document_dup_slice (document, *start, *end);
  if (strcmp (slice, *text) != 0)
    return fail (error, inner, _("the text “%s” does not match the article at %u–%u (“%s”)"),
                 *text, *start, *end, slice);
  *present = TRUE;
  *extra = collect_extra (span, known);
  return TRUE;
}

static gboolean
read_annotation (Reader           *reader,
                 DossierDocument  *document,
                 JsonObject       *object,
                 const char       *doc_where,
                 guint             index,
                 GPtrArray        *out,
                 GError          **error)
{
  static const char * const known[] = {
    "id", "label", "start", "end", "text", "origin", "confidence", "entity", "value", "mod",
    "kind", "speaker", "source", "cue", NULL
  };
  g_autofree char *where = g_strdup_printf (_("%s, annotation %u"), doc_where, index + 1);
  g_autoptr(DossierAnnotation) annotation = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autofree char *slice = NULL;
  const char *id, *label, *text, *origin_str, *entity, *value, *mod, *kind, *speaker;
  const char *span_text;
  DossierOrigin origin;
  JsonNode *confidence;
  guint start, end, s, e;
  gboolean present;

  if (!get_string (object, "id", FALSE, where, &id, error))
    return FALSE;
  g_free (where);
  where = g_strdup_printf (_("%s, annotation “%s”"), doc_where, id);

  if (!get_string (object, "label", FALSE, where, &label, error) ||
      !get_uint (object, "start", where, &start, error) ||
      !get_uint (object, "end", where, &end, error) ||
      !get_string (object, "text", FALSE, where, &text, error) ||
      !get_string (object, "origin", FALSE, where, &origin_str, error) ||
      !get_string (object, "entity", TRUE, where, &entity, error) ||
      !get_string (object, "value", TRUE, where, &value, error) ||
      !get_string (object, "mod", TRUE, where, &mod, error) ||
      !get_string (object, "kind", TRUE, where, &kind, error) ||
      !get_string (object, "speaker", TRUE, where, &speaker, error))
    return FALSE;

  if (*label == '\0')
    return fail (error, where, _("the label is empty"));
  if (g_hash_table_contains (reader->annotation_ids, id))
    return fail (error, where, _("the id is used twice"));
  if (!dossier_origin_from_string (origin_str, &origin))
    return fail (error, where, _("the origin “%s” is neither “model” nor “human”"), origin_str);
  if (start > end)
    return fail (error, where, _("it starts (%u) after it ends (%u)"), start, end);
  if (end > dossier_document_get_n_chars (document))
    return fail (error, where, _("offsets %u–%u are outside the article (%u characters)"),
                 start, end, dossier_document_get_n_chars (document));
  slice = dossier_document_dup_slice (document, start, end);
  if (strcmp (slice, text) != 0)
    return fail (error, where, _("the text “%s” does not match the article at %u–%u (“%s”)"),
                 text, start, end, slice);

  annotation = dossier_annotation_new (id, label, start, end, text, origin);

  confidence = json_object_get_member (object, "confidence");
  if (confidence != NULL && !JSON_NODE_HOLDS_NULL (confidence))
    {
      double c;
      if (!JSON_NODE_HOLDS_VALUE (confidence) ||
          (json_node_get_value_type (confidence) != G_TYPE_DOUBLE &&
           json_node_get_value_type (confidence) != G_TYPE_INT64))
        return fail (error, where, _("the field “confidence” must be a number"));
      c = json_node_get_double (confidence);
      if (c < 0 || c > 1)
        return fail (error, where, _("the confidence %g is not between 0 and 1"), c);
      dossier_annotation_set_confidence (annotation, c);
    }

  dossier_annotation_set_value (annotation, value);
  dossier_annotation_set_mod (annotation, mod);
  dossier_annotation_set_kind (annotation, kind);

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(JsonObject) span_extra = NULL;

      if (!read_inner_span (document, object, k ? "cue" : "source", where, &present, &s, &e,
                            &span_text, &span_extra, error))
        return FALSE;
      if (!present)
        continue;
      if (k)
        dossier_annotation_set_cue (annotation, s, e, span_text);
      else
        dossier_annotation_set_source (annotation, s, e, span_text);
      dossier_annotation_set_span_extra (annotation, k, span_extra);
    }

  /* entity and speaker ids are checked once every entity is known */
  if (entity != NULL)
    {
      Link *l = g_new0 (Link, 1);
      l->where = g_strdup (where);
      l->field = g_strdup ("entity");
      l->id = g_strdup (entity);
      g_ptr_array_add (reader->pending_links, l);
      dossier_annotation_set_entity (annotation, entity);
    }
  if (speaker != NULL)
    {
      Link *l = g_new0 (Link, 1);
      l->where = g_strdup (where);
      l->field = g_strdup ("speaker");
      l->id = g_strdup (speaker);
      g_ptr_array_add (reader->pending_links, l);
      dossier_annotation_set_speaker (annotation, speaker);
    }

  extra = collect_extra (object, known);
  dossier_annotation_set_extra (annotation, extra);
  g_hash_table_insert (reader->annotation_ids, (gpointer)dossier_annotation_get_id (annotation),
                       document);
  g_ptr_array_add (out, g_steal_pointer (&annotation));
  return TRUE;
}

static gboolean
read_documents (Reader      *reader,
                JsonObject  *root,
                GError     **error)
{
  static const char * const known[] = {
    "id", "title", "source", "url", "published", "text", "annotations", "rejected", NULL
  };
  JsonArray *array;

  if (!get_array (root, "documents", FALSE, NULL, &array, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = NULL;
      g_autoptr(DossierDocument) document = NULL;
      g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(JsonObject) extra = NULL;
      JsonObject *object;
      JsonArray *list;
      const char *id, *title, *source, *url, *published, *text;

      if (!read_identified (array, i, _("document"), &object, &id, &where, error))
        return FALSE;
      if (!get_string (object, "text", FALSE, where, &text, error) ||
          !get_string (object, "title", TRUE, where, &title, error) ||
          !get_string (object, "source", TRUE, where, &source, error) ||
          !get_string (object, "url", TRUE, where, &url, error) ||
          !get_string (object, "published", TRUE, where, &published, error))
        return FALSE;
      if (dossier_project_find_document (reader->project, id) != NULL)
        return fail (error, where, _("the id is used twice"));
      if (published != NULL && !dossier_date_is_valid (published))
        return fail (error, where, _("the publication date “%s” is not a date like 2025-02-09"),
                     published);

      document = dossier_document_new (id, text);
      dossier_document_set_title (document, title);
      dossier_document_set_source (document, source);
      dossier_document_set_url (document, url);
      dossier_document_set_published (document, published);

      if (!get_array (object, "annotations", TRUE, where, &list, error))
        return FALSE;
      for (guint j = 0; list && j < json_array_get_length (list); j++)
        {
          JsonNode *node = json_array_get_element (list, j);
          if (!JSON_NODE_HOLDS_OBJECT (node))
            return fail (error, where, _("annotation %u is not an object"), j + 1);
          if (!read_annotation (reader, document, json_node_get_object (node), where, j, annotations,
                                error))
            return FALSE;
        }
      dossier_document_add_annotations (document, annotations);

      if (!get_array (object, "rejected", TRUE, where, &list, error))
        return FALSE;
      for (guint j = 0; list && j < json_array_get_length (list); j++)
        {
          g_autofree char *rwhere = g_strdup_printf (_("%s, rejected annotation %u"), where, j + 1);
          JsonNode *node = json_array_get_element (list, j);
          const char *label;
          guint start, end;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            return fail (error, rwhere, _("it is not an object"));
          if (!get_string (json_node_get_object (node), "label", FALSE, rwhere, &label, error) ||
              !get_uint (json_node_get_object (node), "start", rwhere, &start, error) ||
              !get_uint (json_node_get_object (node), "end", rwhere, &end, error))
            return FALSE;
          if (start > end || end > dossier_document_get_n_chars (document))
            return fail (error, rwhere, _("offsets %u–%u are outside the article"), start, end);
          dossier_document_add_rejection (document, label, start, end);
          {
            static const char * const rknown[] = { "label", "start", "end", NULL };
            g_autoptr(JsonObject) rextra = collect_extra (json_node_get_object (node), rknown);
            dossier_document_set_rejection_extra (document, label, start, end, rextra);
          }
        }

      extra = collect_extra (object, known);
      dossier_document_set_extra (document, extra);
      dossier_project_add_document (reader->project, document);
    }
  return TRUE;
}

static gboolean
read_events (Reader      *reader,
             JsonObject  *root,
             GError     **error)
{
  static const char * const known[] = { "id", "date", "anchor", "summary", "participants", NULL };
  JsonArray *array;

  if (!get_array (root, "events", TRUE, NULL, &array, error))
    return FALSE;

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      g_autofree char *where = NULL;
      g_autoptr(DossierEvent) event = NULL;
      g_autoptr(GPtrArray) participants = NULL;
      g_autoptr(JsonObject) extra = NULL;
      JsonObject *object;
      const char *id, *date, *anchor, *summary;

      if (!read_identified (array, i, _("event"), &object, &id, &where, error))
        return FALSE;
      if (!get_string (object, "date", FALSE, where, &date, error) ||
          !get_string (object, "anchor", TRUE, where, &anchor, error) ||
          !get_string (object, "summary", TRUE, where, &summary, error) ||
          !get_string_list (object, "participants", where, &participants, error))
        return FALSE;
      if (dossier_project_find_event (reader->project, id) != NULL)
        return fail (error, where, _("the id is used twice"));
      if (anchor != NULL && !g_hash_table_contains (reader->annotation_ids, anchor))
        return fail (error, where, _("its anchor “%s” is not an annotation of this project"), anchor);
      for (guint j = 0; j + 1 < participants->len; j++)
        if (dossier_project_find_entity (reader->project, g_ptr_array_index (participants, j)) == NULL)
          return fail (error, where, _("its participant “%s” is not an entity of this project"),
                       (const char *)g_ptr_array_index (participants, j));

      event = dossier_event_new (id, date, anchor);
      dossier_event_set_summary (event, summary);
      dossier_event_set_participants (event, (const char * const *)participants->pdata);
      extra = collect_extra (object, known);
      dossier_event_set_extra (event, extra);
      dossier_project_add_event (reader->project, event);
    }
  return TRUE;
}

static gboolean
check_utf8 (const char  *data,
            gsize        length,
            GError     **error)
{
  const char *end = NULL;

  if (!g_utf8_validate (data, length, &end))
    {
      guint line = 1;
      for (const char *p = data; p < end; p++)
        if (*p == '\n')
          line++;
      if (end < data + length && *end == '\0')
        g_set_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_INVALID_UTF8,
                     _("The file contains a NUL byte on line %u (byte %" G_GSIZE_FORMAT "): it is not text"),
                     line, (gsize)(end - data));
      else
        g_set_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_INVALID_UTF8,
                     _("The file is not valid UTF-8 text: invalid bytes on line %u (byte %" G_GSIZE_FORMAT ")"),
                     line, (gsize)(end - data));
      return FALSE;
    }
  return TRUE;
}

/* A "\u0000" in a string would cut the text short where C strings end: refuse it. */
static gboolean
check_no_nul_escape (const char  *data,
                     gsize        length,
                     GError     **error)
{
  for (gsize i = 0; i + 6 <= length; i++)
    {
      gsize backslashes = 0;

      if (memcmp (data + i, "\\u0000", 6) != 0)
        continue;
      /* the backslash must not itself be escaped: count the ones before it */
      while (backslashes < i && data[i - 1 - backslashes] == '\\')
        backslashes++;
      if (backslashes % 2 == 0)
        {
          guint line = 1;
          for (gsize k = 0; k < i; k++)
            if (data[k] == '\n')
              line++;
          g_set_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_INVALID_UTF8,
                       _("The file contains a NUL character (\\u0000) on line %u: it is not text"), line);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_size (gsize    length,
            GError **error)
{
  if (length > DOSSIER_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *max = g_format_size (DOSSIER_MAX_FILE_SIZE);
      g_set_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_TOO_LARGE,
                   _("The file is too large (%s); Dossier opens files up to %s"), size, max);
      return FALSE;
    }
  return TRUE;
}

/* As dossier_project_new_from_data(), handing the parse tree back in
 * @parser_out: freeing 50 ms of nodes can wait until the project is out. */
static DossierProject *
project_from_data (const char  *data,
                   gsize        length,
                   JsonParser **parser_out,
                   GError     **error)
{
  static const char * const known[] = {
    "format", "version", "labels", "documents", "entities", "events", NULL
  };
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(DossierProject) project = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GPtrArray) links = NULL;
  Reader reader;
  JsonNode *root;
  JsonObject *object;
  JsonNode *version;
  const char *format;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!check_size (length, error) || !check_utf8 (data, length, error))
    return NULL;

  if (!check_no_nul_escape (data, length, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_INVALID_JSON,
                   _("The file is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_WRONG_FORMAT,
                           _("The file is JSON but not a Dossier project (no “format” object)"));
      return NULL;
    }
  object = json_node_get_object (root);

  format = json_object_has_member (object, "format") &&
           JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "format")) &&
           json_node_get_value_type (json_object_get_member (object, "format")) == G_TYPE_STRING
           ? json_object_get_string_member (object, "format") : NULL;
  if (g_strcmp0 (format, DOSSIER_PROJECT_FORMAT) != 0)
    {
      if (format)
        g_set_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_WRONG_FORMAT,
                     _("The file is a “%s” file, not a Dossier project"), format);
      else
        g_set_error_literal (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_WRONG_FORMAT,
                             _("The file is JSON but not a Dossier project (its “format” is not “dossier-project”)"));
      return NULL;
    }

  version = json_object_get_member (object, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 || json_node_get_int (version) < 1)
    {
      g_set_error_literal (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_INVALID,
                           _("The project has no valid “version” number"));
      return NULL;
    }
  if (json_node_get_int (version) > DOSSIER_PROJECT_VERSION)
    {
      g_set_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_NEWER_VERSION,
                   _("The project was made by a newer Dossier (format version %" G_GINT64_FORMAT
                     "); this version reads version %d. Update Dossier to open it"),
                   json_node_get_int (version), DOSSIER_PROJECT_VERSION);
      return NULL;
    }

  project = dossier_project_new ();
  ids = g_hash_table_new (g_str_hash, g_str_equal);
  links = g_ptr_array_new_with_free_func (link_free);
  reader.project = project;
  reader.annotation_ids = ids;
  reader.pending_links = links;

  if (!read_labels (&reader, object, error) ||
      !read_entities (&reader, object, error) ||
      !read_documents (&reader, object, error) ||
      !read_events (&reader, object, error))
    return NULL;

  for (guint i = 0; i < links->len; i++)
    {
      Link *l = g_ptr_array_index (links, i);
      if (dossier_project_find_entity (project, l->id) == NULL)
        {
          fail (error, l->where, _("its %s “%s” is not an entity of this project"), l->field, l->id);
          return NULL;
        }
    }

  extra = collect_extra (object, known);
  dossier_project_set_extra (project, extra);

  if (parser_out)
    *parser_out = g_steal_pointer (&parser);
  return g_steal_pointer (&project);
}

DossierProject *
dossier_project_new_from_data (const char  *data,
                               gsize        length,
                               GError     **error)
{
  return project_from_data (data, length, NULL, error);
}

gboolean
dossier_project_data_is_project (const char *data,
                                 gsize       length)
{
  gsize i = 0;

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < length && g_ascii_isspace (data[i]))
    i++;
  return i < length && data[i] == '{';
}

DossierProject *
dossier_project_new_from_text (const char  *data,
                               gsize        length,
                               const char  *title,
                               const char  *published,
                               GError     **error)
{
  g_autoptr(DossierProject) project = NULL;
  g_autoptr(DossierDocument) document = NULL;
  g_autofree char *text = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!check_size (length, error) || !check_utf8 (data, length, error))
    return NULL;
  if (published != NULL && !dossier_date_is_valid (published))
    {
      g_set_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_INVALID,
                   _("The publication date “%s” is not a date like 2025-02-09"), published);
      return NULL;
    }

  project = dossier_project_new ();
  text = g_strndup (data, length);
  id = dossier_project_new_id (project, "d");
  document = dossier_document_new (id, text);
  dossier_document_set_title (document, title);
  dossier_document_set_published (document, published);
  dossier_project_add_document (project, document);
  return g_steal_pointer (&project);
}

static DossierProject *
project_from_file_data (const char  *data,
                        gsize        length,
                        const char  *basename,
                        JsonParser **parser_out,
                        GError     **error)
{
  g_autofree char *title = NULL;

  /* an article may start with "{"; its name says what it is */
  if ((basename && g_str_has_suffix (basename, ".json")) ||
      (!(basename && g_str_has_suffix (basename, ".txt")) && dossier_project_data_is_project (data, length)))
    return project_from_data (data, length, parser_out, error);

  if (basename)
    {
      const char *dot = strrchr (basename, '.');
      title = dot && dot != basename ? g_strndup (basename, dot - basename) : g_strdup (basename);
    }
  return dossier_project_new_from_text (data, length, title, NULL, error);
}

DossierProject *
dossier_project_new_from_file_data (const char  *data,
                                    gsize        length,
                                    const char  *basename,
                                    GError     **error)
{
  return project_from_file_data (data, length, basename, NULL, error);
}

static void
set_optional_string (JsonObject *object,
                     const char *member,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
}

static void
merge_extra (JsonObject *object,
             JsonObject *extra)
{
  g_autoptr(GList) members = NULL;

  if (extra == NULL)
    return;
  members = json_object_get_members (extra);
  for (const GList *l = members; l; l = l->next)
    if (!json_object_has_member (object, l->data))
      json_object_set_member (object, l->data, json_node_copy (json_object_get_member (extra, l->data)));
}

static JsonObject *
span_to_json (guint       start,
              guint       end,
              const char *text,
              JsonObject *extra)
{
  JsonObject *span = json_object_new ();

  json_object_set_int_member (span, "start", start);
  json_object_set_int_member (span, "end", end);
  json_object_set_string_member (span, "text", text);
  merge_extra (span, extra);
  return span;
}

static JsonObject *
annotation_to_json (DossierAnnotation *a)
{
  JsonObject *object = json_object_new ();
  const char *text;
  guint start, end;

  json_object_set_string_member (object, "id", dossier_annotation_get_id (a));
  json_object_set_string_member (object, "label", dossier_annotation_get_label (a));
  json_object_set_int_member (object, "start", dossier_annotation_get_start (a));
  json_object_set_int_member (object, "end", dossier_annotation_get_end (a));
  json_object_set_string_member (object, "text", dossier_annotation_get_text (a));
  json_object_set_string_member (object, "origin",
                                 dossier_origin_to_string (dossier_annotation_get_origin (a)));
  if (dossier_annotation_get_confidence (a) >= 0)
    json_object_set_double_member (object, "confidence",
                                   /* three decimals are plenty and keep files stable */
                                   ((gint64)(dossier_annotation_get_confidence (a) * 1000 + 0.5)) / 1000.0);
  set_optional_string (object, "entity", dossier_annotation_get_entity (a));
  set_optional_string (object, "value", dossier_annotation_get_value (a));
  set_optional_string (object, "mod", dossier_annotation_get_mod (a));
  set_optional_string (object, "kind", dossier_annotation_get_kind (a));
  if (dossier_annotation_get_speaker (a))
    json_object_set_string_member (object, "speaker", dossier_annotation_get_speaker (a));
  else if (g_strcmp0 (dossier_annotation_get_label (a), "QUOTE") == 0)
    json_object_set_null_member (object, "speaker");
  if (dossier_annotation_get_source (a, &start, &end, &text))
    json_object_set_object_member (object, "source",
                                   span_to_json (start, end, text, dossier_annotation_get_span_extra (a, FALSE)));
  if (dossier_annotation_get_cue (a, &start, &end, &text))
    json_object_set_object_member (object, "cue",
                                   span_to_json (start, end, text, dossier_annotation_get_span_extra (a, TRUE)));
  merge_extra (object, dossier_annotation_get_extra (a));
  return object;
}

JsonNode *
dossier_project_to_json (DossierProject *self)
{
  g_autoptr(GHashTable) mentions = NULL;
  JsonObject *root;
  JsonArray *array;
  GListModel *model;
  JsonNode *node;

  g_return_val_if_fail (DOSSIER_IS_PROJECT (self), NULL);

  /* entity id → JsonArray of mention ids, filled while writing documents */
  mentions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)json_array_unref);

  root = json_object_new ();
  json_object_set_string_member (root, "format", DOSSIER_PROJECT_FORMAT);
  json_object_set_int_member (root, "version", DOSSIER_PROJECT_VERSION);

  array = json_array_new ();
  model = dossier_project_get_labels (self);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DossierLabel) label = g_list_model_get_item (model, i);
      JsonObject *object = json_object_new ();
      json_object_set_string_member (object, "name", dossier_label_get_name (label));
      json_object_set_string_member (object, "color", dossier_label_get_color (label));
      set_optional_string (object, "key", dossier_label_get_key (label));
      merge_extra (object, dossier_label_get_extra (label));
      json_array_add_object_element (array, object);
    }
  json_object_set_array_member (root, "labels", array);

  array = json_array_new ();
  model = dossier_project_get_documents (self);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DossierDocument) document = g_list_model_get_item (model, i);
      GListModel *annotations = dossier_document_get_annotations (document);
      const GArray *rejections = dossier_document_get_rejections (document);
      JsonObject *object = json_object_new ();
      JsonArray *list = json_array_new ();

      json_object_set_string_member (object, "id", dossier_document_get_id (document));
      set_optional_string (object, "title", dossier_document_get_title (document));
      set_optional_string (object, "source", dossier_document_get_source (document));
      set_optional_string (object, "url", dossier_document_get_url (document));
      if (dossier_document_get_published (document))
        json_object_set_string_member (object, "published", dossier_document_get_published (document));
      else
        json_object_set_null_member (object, "published");
      json_object_set_string_member (object, "text", dossier_document_get_text (document));

      for (guint j = 0; j < g_list_model_get_n_items (annotations); j++)
        {
          g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, j);
          const char *entity = dossier_annotation_get_entity (a);

          json_array_add_object_element (list, annotation_to_json (a));
          if (entity != NULL && dossier_label_is_mention (dossier_annotation_get_label (a)))
            {
              JsonArray *ids = g_hash_table_lookup (mentions, entity);
              if (ids == NULL)
                g_hash_table_insert (mentions, (gpointer)entity, (ids = json_array_new ()));
              json_array_add_string_element (ids, dossier_annotation_get_id (a));
            }
        }
      json_object_set_array_member (object, "annotations", list);

      list = json_array_new ();
      for (guint j = 0; j < rejections->len; j++)
        {
          const DossierRejection *r = &g_array_index (rejections, DossierRejection, j);
          JsonObject *rejected = json_object_new ();
          json_object_set_string_member (rejected, "label", r->label);
          json_object_set_int_member (rejected, "start", r->start);
          json_object_set_int_member (rejected, "end", r->end);
          merge_extra (rejected, r->extra);
          json_array_add_object_element (list, rejected);
        }
      json_object_set_array_member (object, "rejected", list);
      merge_extra (object, dossier_document_get_extra (document));
      json_array_add_object_element (array, object);
    }
  json_object_set_array_member (root, "documents", array);

  array = json_array_new ();
  model = dossier_project_get_entities (self);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DossierEntity) entity = g_list_model_get_item (model, i);
      const char * const *aliases = dossier_entity_get_aliases (entity);
      JsonObject *object = json_object_new ();
      JsonArray *list = json_array_new ();
      JsonArray *ids;

      json_object_set_string_member (object, "id", dossier_entity_get_id (entity));
      json_object_set_string_member (object, "type", dossier_entity_get_kind (entity));
      json_object_set_string_member (object, "name", dossier_entity_get_name (entity));
      for (guint j = 0; aliases[j]; j++)
        json_array_add_string_element (list, aliases[j]);
      json_object_set_array_member (object, "aliases", list);
      if (dossier_entity_get_title (entity))
        json_object_set_string_member (object, "title", dossier_entity_get_title (entity));
      else
        json_object_set_null_member (object, "title");
      ids = g_hash_table_lookup (mentions, dossier_entity_get_id (entity));
      json_object_set_array_member (object, "mentions", ids ? json_array_ref (ids) : json_array_new ());
      merge_extra (object, dossier_entity_get_extra (entity));
      json_array_add_object_element (array, object);
    }
  json_object_set_array_member (root, "entities", array);

  array = json_array_new ();
  model = dossier_project_get_events (self);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DossierEvent) event = g_list_model_get_item (model, i);
      const char * const *participants = dossier_event_get_participants (event);
      JsonObject *object = json_object_new ();
      JsonArray *list = json_array_new ();

      json_object_set_string_member (object, "id", dossier_event_get_id (event));
      json_object_set_string_member (object, "date", dossier_event_get_date (event));
      set_optional_string (object, "anchor", dossier_event_get_anchor (event));
      set_optional_string (object, "summary", dossier_event_get_summary (event));
      for (guint j = 0; participants[j]; j++)
        json_array_add_string_element (list, participants[j]);
      json_object_set_array_member (object, "participants", list);
      merge_extra (object, dossier_event_get_extra (event));
      json_array_add_object_element (array, object);
    }
  json_object_set_array_member (root, "events", array);

  merge_extra (root, dossier_project_get_extra (self));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, root);
  return node;
}

GBytes *
dossier_project_to_bytes (DossierProject *self)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  GString *out;

  g_return_val_if_fail (DOSSIER_IS_PROJECT (self), NULL);

  root = dossier_project_to_json (self);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  out = json_generator_to_gstring (generator, g_string_new (NULL));
  g_string_append_c (out, '\n');
  return g_string_free_to_bytes (out);
}

/* Reading, parsing and checking a big project takes a while: all of it in a
 * worker thread, so the window keeps drawing (one read, not a main-loop round
 * trip per chunk). */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = source_object;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;
  g_autoptr(JsonParser) parser = NULL;
  GError *error = NULL;
  DossierProject *project;
  gsize length = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, _("It is a folder, not a file"));
      return;
    }
  if (!check_size (g_file_info_get_size (info), &error) ||
      !g_file_load_contents (file, cancellable, &contents, &length, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  basename = g_file_get_basename (file);
  project = project_from_file_data (contents, length, basename, &parser, &error);
  if (project == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, project, g_object_unref);
  /* the parse tree goes after the project is on its way */
}

void
dossier_project_load_file_async (GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  /* the file is the source object: the callback knows what it loaded */
  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_project_load_file_async);
  g_task_run_in_thread (task, load_thread);
}

DossierProject *
dossier_project_load_file_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* FALSE with @error when @path is not to be written: its folder was deleted (or renamed)
 * since the file was opened, or the user made the file read-only, which is refused rather
 * than replaced. */
static gboolean
check_writable (const char  *path,
                GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  GStatBuf st;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The folder “%s” does not exist any more"), dir);
      return FALSE;
    }
  /* said of the folder, not of the temporary file GLib would name */
  if (g_access (dir, W_OK) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("The folder “%s” is read-only"), dir);
      return FALSE;
    }
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) &&
      ((st.st_mode & 0222) == 0 || g_access (path, W_OK) != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("The file “%s” is read-only"), path);
      return FALSE;
    }
  return TRUE;
}

/* Where @file's content lives (NULL for a remote file): a link is written through, as
 * editors do, so the link stays a link and the file it points at gets the new version. */
static char *
dup_target_path (GFile *file)
{
  char *path = g_file_get_path (file);
  char *target;

  if (path != NULL && g_file_test (path, G_FILE_TEST_IS_SYMLINK) &&
      (target = realpath (path, NULL)) != NULL)
    {
      g_free (path);
      return target;
    }
  return path;
}

/* Writes @bytes to @file: the previous version is copied to FILE~ first, the
 * new one goes to a temporary file that is flushed to disk and renamed over
 * the old one. Any failure (disk full, read-only folder) leaves the previous
 * file as it was and removes the temporary file. */
static gboolean
write_atomically (GFile   *file,
                  GBytes  *bytes,
                  GError **error)
{
  g_autofree char *path = dup_target_path (file);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  int mode = 0644;

  if (path == NULL)
    /* not a local file (a remote folder): GIO's own replace is all there is */
    return g_file_replace_contents (file, data, length, NULL, TRUE,
                                    G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);

  if (!check_writable (path, error))
    return FALSE;
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *backup_path = g_strconcat (path, "~", NULL);
      GStatBuf st;
      g_autoptr(GFile) backup = g_file_new_for_path (backup_path);
      g_autoptr(GFile) previous = g_file_new_for_path (path);
      g_autoptr(GError) local_error = NULL;

      if (!g_file_copy (previous, backup, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &local_error))
        {
          g_set_error (error, local_error->domain, local_error->code,
                       _("Could not keep a backup of the previous version: %s"), local_error->message);
          return FALSE;
        }
      /* a private project stays private */
      if (g_stat (path, &st) == 0)
        mode = st.st_mode & 0777;
    }

  return g_file_set_contents_full (path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   mode, error);
}

/* Saves of one file run one at a time, and one whose snapshot is older than the one already
 * written is dropped: whatever order the workers run in, the file ends up with the newest
 * snapshot and FILE~ with the version that snapshot replaced. */
typedef struct
{
  GMutex  lock;     /* held while the backup is copied and the file written */
  guint64 written;  /* serial of the snapshot on disk; under lock */
  guint   users;    /* saves started and not finished; under slots_lock */
} SaveSlot;

static GMutex slots_lock;
static GHashTable *save_slots;  /* path (or URI) → SaveSlot; under slots_lock */
static guint64 save_serial;     /* order in which snapshots were taken; under slots_lock */

typedef struct
{
  GFile           *file;
  GBytes          *bytes;
  char            *key;
  SaveSlot        *slot;
  guint64          serial;
  DossierSaveHold  hold;
} SaveJob;

/* test hook: the next save started waits at a given point until released */
static GMutex hold_lock;
static GCond hold_cond;
static DossierSaveHold hold_next;
static gboolean holding;
static gboolean released;

void
_dossier_project_io_hold_next_save (DossierSaveHold where)
{
  g_mutex_lock (&hold_lock);
  hold_next = where;
  released = FALSE;
  g_mutex_unlock (&hold_lock);
}

gboolean
_dossier_project_io_save_is_held (void)
{
  gboolean held;

  g_mutex_lock (&hold_lock);
  held = holding;
  g_mutex_unlock (&hold_lock);
  return held;
}

void
_dossier_project_io_release_save (void)
{
  g_mutex_lock (&hold_lock);
  released = TRUE;
  g_cond_broadcast (&hold_cond);
  g_mutex_unlock (&hold_lock);
}

static void
wait_if_held (SaveJob        *job,
              DossierSaveHold where)
{
  if (job->hold != where)
    return;
  g_mutex_lock (&hold_lock);
  holding = TRUE;
  while (!released)
    g_cond_wait (&hold_cond, &hold_lock);
  holding = FALSE;
  g_mutex_unlock (&hold_lock);
}

static void
save_slot_free (gpointer data)
{
  SaveSlot *slot = data;

  g_mutex_clear (&slot->lock);
  g_free (slot);
}

/* Takes the snapshot's place in the order of saves of @file: call when the snapshot is taken. */
static SaveJob *
save_job_new (GFile  *file,
              GBytes *bytes)
{
  SaveJob *job = g_new0 (SaveJob, 1);
  g_autofree char *path = dup_target_path (file);

  job->file = g_object_ref (file);
  job->bytes = bytes;
  job->key = path ? g_steal_pointer (&path) : g_file_get_uri (file);

  g_mutex_lock (&slots_lock);
  if (save_slots == NULL)
    save_slots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, save_slot_free);
  job->slot = g_hash_table_lookup (save_slots, job->key);
  if (job->slot == NULL)
    {
      job->slot = g_new0 (SaveSlot, 1);
      g_mutex_init (&job->slot->lock);
      g_hash_table_insert (save_slots, g_strdup (job->key), job->slot);
    }
  job->slot->users++;
  job->serial = ++save_serial;
  g_mutex_unlock (&slots_lock);

  g_mutex_lock (&hold_lock);
  job->hold = hold_next;
  hold_next = DOSSIER_SAVE_HOLD_NONE;
  g_mutex_unlock (&hold_lock);
  return job;
}

static void
save_job_free (SaveJob *job)
{
  g_mutex_lock (&slots_lock);
  if (--job->slot->users == 0)
    g_hash_table_remove (save_slots, job->key);
  g_mutex_unlock (&slots_lock);
  g_object_unref (job->file);
  g_bytes_unref (job->bytes);
  g_free (job->key);
  g_free (job);
}

/* TRUE when the file holds @job's snapshot or a newer one. */
static gboolean
save_job_run (SaveJob *job,
              GError **error)
{
  SaveSlot *slot = job->slot;
  gboolean ok = TRUE;

  wait_if_held (job, DOSSIER_SAVE_HOLD_BEFORE_LOCK);
  g_mutex_lock (&slot->lock);
  if (job->serial > slot->written)
    {
      wait_if_held (job, DOSSIER_SAVE_HOLD_WHILE_LOCKED);
      if ((ok = write_atomically (job->file, job->bytes, error)))
        slot->written = job->serial;
    }
  g_mutex_unlock (&slot->lock);
  return ok;
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (save_job_run (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
dossier_project_save_file_async (DossierProject      *self,
                                 GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DOSSIER_IS_PROJECT (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_project_save_file_async);
  /* serialised here, on the main thread; written in a worker */
  g_task_set_task_data (task, save_job_new (file, dossier_project_to_bytes (self)),
                        (GDestroyNotify)save_job_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
dossier_project_save_file_finish (DossierProject  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (DOSSIER_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
dossier_project_save_file (DossierProject  *self,
                           GFile           *file,
                           GError         **error)
{
  SaveJob *job;
  gboolean ok;

  g_return_val_if_fail (DOSSIER_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  job = save_job_new (file, dossier_project_to_bytes (self));
  ok = save_job_run (job, error);
  save_job_free (job);
  return ok;
}
