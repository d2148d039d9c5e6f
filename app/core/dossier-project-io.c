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

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dossier-json-reader.h"
#include "dossier-json-writer.h"
#include "dossier-project-io.h"
#include "dossier-project-io-private.h"

G_DEFINE_QUARK (dossier-project-error-quark, dossier_project_error)

/* Where a field is, for messages ("document “d1”, annotation “a4”, cue");
 * put into words only when something is wrong. */
typedef struct
{
  const char *what;      /* _("label"), _("entity"), _("document"), _("event"), or NULL */
  const char *id;        /* the object's id once known, else NULL */
  guint       index;     /* its position, from 0 */
  const char *doc_id;    /* annotations and rejections: their document's id */
  gboolean    rejected;  /* a rejected annotation of doc_id */
  const char *part;      /* "source" or "cue" inside an annotation */
} Place;

typedef struct
{
  DossierDocument   *document;
  DossierAnnotation *annotation;
  const char        *field;     /* "entity" or "speaker" */
} Link;

typedef struct
{
  DossierJsonReader *json;
  DossierProject    *project;
  GHashTable        *annotation_ids; /* id → DossierDocument (borrowed) */
  GArray            *pending_links;  /* Link: entity/speaker ids checked once all are read */
} Reader;

static char *
place_describe (const Place *place)
{
  g_autofree char *document = NULL;
  g_autofree char *annotation = NULL;

  if (place == NULL)
    return g_strdup ("");
  if (place->doc_id == NULL)
    {
      if (place->what == NULL)
        return g_strdup ("");
      if (place->id == NULL)
        return g_strdup_printf ("%s %u", place->what, place->index + 1);
      return g_strdup_printf ("%s “%s”", place->what, place->id);
    }
  document = g_strdup_printf ("%s “%s”", _("document"), place->doc_id);
  if (place->rejected)
    return g_strdup_printf (_("%s, rejected annotation %u"), document, place->index + 1);
  if (place->id == NULL)
    annotation = g_strdup_printf (_("%s, annotation %u"), document, place->index + 1);
  else
    annotation = g_strdup_printf (_("%s, annotation “%s”"), document, place->id);
  if (place->part == NULL)
    return g_steal_pointer (&annotation);
  return g_strdup_printf ("%s, %s", annotation, place->part);
}

static gboolean
fail (GError      **error,
      const Place  *place,
      const char   *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError      **error,
      const Place  *place,
      const char   *format,
      ...)
{
  g_autofree char *message = NULL;
  g_autofree char *where = place_describe (place);
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (*where)
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
get_typed (GArray                  *members,
           const char              *member,
           DossierJsonType          type,
           gboolean                 optional,
           const Place             *place,
           const DossierJsonValue **out,
           GError                 **error)
{
  const DossierJsonValue *value = dossier_json_members_get (members, member);

  *out = NULL;
  if (value == NULL || value->type == DOSSIER_JSON_NULL)
    {
      if (optional)
        return TRUE;
      return fail (error, place, _("the field “%s” is missing"), member);
    }
  if (value->type != type && type == DOSSIER_JSON_STRING)
    return fail (error, place, _("the field “%s” must be a string"), member);
  if (value->type != type)
    return fail (error, place, _("the field “%s” must be a list"), member);
  *out = value;
  return TRUE;
}

static gboolean
get_string (GArray       *members,
            const char   *member,
            gboolean      optional,
            const Place  *place,
            const char  **out,
            GError      **error)
{
  const DossierJsonValue *value;

  *out = NULL;
  if (!get_typed (members, member, DOSSIER_JSON_STRING, optional, place, &value, error))
    return FALSE;
  if (value)
    *out = value->string;
  return TRUE;
}

static gboolean
get_uint (GArray       *members,
          const char   *member,
          const Place  *place,
          guint        *out,
          GError      **error)
{
  const DossierJsonValue *value = dossier_json_members_get (members, member);

  if (value == NULL)
    return fail (error, place, _("the field “%s” is missing"), member);
  if (value->type != DOSSIER_JSON_INTEGER)
    return fail (error, place, _("the field “%s” must be a whole number"), member);
  if (value->integer < 0 || value->integer > G_MAXINT)
    return fail (error, place, _("the field “%s” is out of range (%" G_GINT64_FORMAT ")"), member,
                 value->integer);
  *out = (guint)value->integer;
  return TRUE;
}

static gboolean
get_array (GArray                  *members,
           const char              *member,
           gboolean                 optional,
           const Place             *place,
           const DossierJsonValue **out,
           GError                 **error)
{
  return get_typed (members, member, DOSSIER_JSON_ARRAY, optional, place, out, error);
}

static gboolean
get_string_list (Reader       *reader,
                 GArray       *members,
                 const char   *member,
                 const Place  *place,
                 GPtrArray   **out,
                 GError      **error)
{
  const DossierJsonValue *array;
  DossierJsonValue item;
  gsize cursor;

  *out = g_ptr_array_new ();
  if (!get_array (members, member, TRUE, place, &array, error))
    return FALSE;
  if (array != NULL)
    {
      cursor = array->at;
      while (dossier_json_reader_array_next (reader->json, &cursor, &item, error))
        {
          if (item.type != DOSSIER_JSON_STRING)
            return fail (error, place, _("item %u of “%s” must be a string"), (*out)->len + 1, member);
          g_ptr_array_add (*out, (gpointer)item.string);
        }
    }
  g_ptr_array_add (*out, NULL);
  return error == NULL || *error == NULL;
}

/* The members not in @known as an object, or NULL if there are none. */
static gboolean
collect_extra (Reader              *reader,
               GArray              *members,
               const char * const  *known,
               JsonObject         **extra,
               GError             **error)
{
  *extra = NULL;
  for (guint i = 0; i < members->len; i++)
    {
      DossierJsonMember *m = &g_array_index (members, DossierJsonMember, i);
      JsonNode *node;

      if (m->used || g_strv_contains (known, m->key))
        continue;
      if ((node = dossier_json_reader_to_node (reader->json, &m->value, error)) == NULL)
        {
          g_clear_pointer (extra, json_object_unref);
          return FALSE;
        }
      if (*extra == NULL)
        *extra = json_object_new ();
      json_object_set_member (*extra, m->key, node);
    }
  return TRUE;
}

/* Does @text equal the article's characters @start to @end (which are in range)? */
static gboolean
text_matches (DossierDocument *document,
              guint            start,
              guint            end,
              const char      *text)
{
  gsize b0 = dossier_document_offset_to_byte (document, start);
  gsize b1 = dossier_document_offset_to_byte (document, end);

  return strlen (text) == b1 - b0 && memcmp (dossier_document_get_text (document) + b0, text, b1 - b0) == 0;
}

static gboolean
text_mismatch (GError          **error,
               const Place      *place,
               DossierDocument  *document,
               guint             start,
               guint             end,
               const char       *text)
{
  g_autofree char *slice = dossier_document_dup_slice (document, start, end);

  return fail (error, place, _("the text “%s” does not match the article at %u–%u (“%s”)"),
               text, start, end, slice);
}

/* The item at @value of a list of objects; @members gets its fields. */
static gboolean
read_item (Reader                  *reader,
           const DossierJsonValue  *value,
           const Place             *list_place,
           const char              *what,
           GArray                  *members,
           GError                 **error)
{
  if (value->type != DOSSIER_JSON_OBJECT)
    return fail (error, list_place, _("%s %u is not an object"), what, list_place->index + 1);
  return dossier_json_reader_read_object (reader->json, value, members, error);
}

static gboolean
read_labels (Reader                  *reader,
             const DossierJsonValue  *array,
             GError                 **error)
{
  static const char * const known[] = { "name", "color", "key", NULL };
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (DossierJsonMember));
  DossierJsonValue item;
  Place place = { _("label") };
  gsize cursor;

  if (array == NULL)
    return TRUE; /* the default label set */

  store = g_list_store_new (DOSSIER_TYPE_LABEL);
  cursor = array->at;
  for (place.index = 0; dossier_json_reader_array_next (reader->json, &cursor, &item, error);
       place.index++)
    {
      g_autoptr(DossierLabel) label = NULL;
      g_autoptr(JsonObject) extra = NULL;
      Place top = { NULL, NULL, place.index };
      const char *name, *color, *key;

      if (!read_item (reader, &item, &top, _("Label"), members, error) ||
          !get_string (members, "name", FALSE, &place, &name, error) ||
          !get_string (members, "color", TRUE, &place, &color, error) ||
          !get_string (members, "key", TRUE, &place, &key, error))
        return FALSE;
      if (color != NULL && !(color[0] == '#' && (strlen (color) == 7 || strlen (color) == 4)))
        return fail (error, &place, _("“%s” is not a colour like #3584e4"), color);
      if (!collect_extra (reader, members, known, &extra, error))
        return FALSE;
      label = dossier_label_new (name, color, key);
      dossier_label_set_extra (label, extra);
      g_list_store_append (store, label);
    }
  if (*error)
    return FALSE;
  if (g_list_model_get_n_items (G_LIST_MODEL (store)) > 0)
    dossier_project_set_labels (reader->project, G_LIST_MODEL (store));
  return TRUE;
}

/* An object of a list with an "id": @place names it by its id from then on. */
static gboolean
read_identified (Reader                  *reader,
                 const DossierJsonValue  *item,
                 Place                   *place,
                 GArray                  *members,
                 const char             **id,
                 GError                 **error)
{
  Place top = { NULL, NULL, place->index };

  place->id = NULL;
  if (!read_item (reader, item, &top, place->what, members, error) ||
      !get_string (members, "id", FALSE, place, id, error))
    return FALSE;
  place->id = *id;
  return TRUE;
}

/* One item of a list of objects with ids, its fields in @members. */
typedef gboolean (*ReadItem) (Reader       *reader,
                              GArray       *members,
                              Place        *place,
                              const char   *id,
                              GError      **error);

/* Every item of @array (absent: none), each by @read_one. */
static gboolean
read_list (Reader                  *reader,
           const DossierJsonValue  *array,
           const char              *what,
           ReadItem                 read_one,
           GError                 **error)
{
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (DossierJsonMember));
  Place place = { what };
  DossierJsonValue item;
  gsize cursor;

  if (array == NULL)
    return TRUE;
  cursor = array->at;
  for (place.index = 0; dossier_json_reader_array_next (reader->json, &cursor, &item, error);
       place.index++)
    {
      const char *id;

      if (!read_identified (reader, &item, &place, members, &id, error) ||
          !read_one (reader, members, &place, id, error))
        return FALSE;
    }
  return *error == NULL;
}

static gboolean
read_entity (Reader      *reader,
             GArray      *members,
             Place       *place,
             const char  *id,
             GError     **error)
{
  static const char * const known[] = { "id", "type", "name", "aliases", "title", "mentions", NULL };
  g_autoptr(DossierEntity) entity = NULL;
  g_autoptr(GPtrArray) aliases = NULL;
  g_autoptr(JsonObject) extra = NULL;
  const char *type, *name, *title;

  if (!get_string (members, "type", FALSE, place, &type, error) ||
      !get_string (members, "name", FALSE, place, &name, error) ||
      !get_string (members, "title", TRUE, place, &title, error) ||
      !get_string_list (reader, members, "aliases", place, &aliases, error))
    return FALSE;
  if (dossier_project_find_entity (reader->project, id) != NULL)
    return fail (error, place, _("the id is used twice"));
  if (!collect_extra (reader, members, known, &extra, error))
    return FALSE;

  entity = dossier_entity_new (id, type, name);
  dossier_entity_set_title (entity, title);
  dossier_entity_set_aliases (entity, (const char * const *)aliases->pdata);
  dossier_entity_set_extra (entity, extra);
  dossier_project_add_entity (reader->project, entity);
  return TRUE;
}

/* A span inside an annotation: {"start", "end", "text"} checked against the article. */
static gboolean
read_inner_span (Reader           *reader,
                 DossierDocument  *document,
                 GArray           *annotation,
                 const char       *member,
                 const Place      *annotation_place,
                 GArray           *members,
                 gboolean         *present,
                 guint            *start,
                 guint            *end,
                 const char      **text,
                 JsonObject      **extra,
                 GError          **error)
{
  static const char * const known[] = { "start", "end", "text", NULL };
  const DossierJsonValue *value = dossier_json_members_get (annotation, member);
  Place place = *annotation_place;

  *present = FALSE;
  *extra = NULL;
  if (value == NULL || value->type == DOSSIER_JSON_NULL)
    return TRUE;
  if (value->type != DOSSIER_JSON_OBJECT)
    return fail (error, annotation_place,
                 _("the field “%s” must be an object with start, end and text"), member);
  place.part = member;
  if (!dossier_json_reader_read_object (reader->json, value, members, error) ||
      !get_uint (members, "start", &place, start, error) ||
      !get_uint (members, "end", &place, end, error) ||
      !get_string (members, "text", FALSE, &place, text, error))
    return FALSE;
  if (*start > *end || *end > dossier_document_get_n_chars (document))
    return fail (error, &place, _("offsets %u–%u are outside the article (%u characters)"),
                 *start, *end, dossier_document_get_n_chars (document));
  if (!text_matches (document, *start, *end, *text))
    return text_mismatch (error, &place, document, *start, *end, *text);
  *present = TRUE;
  return collect_extra (reader, members, known, extra, error);
}

static gboolean
add_link (Reader             *reader,
          DossierDocument    *document,
          DossierAnnotation  *annotation,
          const char         *field)
{
  Link l = { document, annotation, field };

  g_array_append_val (reader->pending_links, l);
  return TRUE;
}

static gboolean
read_annotation (Reader                  *reader,
                 DossierDocument         *document,
                 const DossierJsonValue  *item,
                 Place                   *place,
                 GArray                  *members,
                 GArray                  *span_members,
                 GPtrArray               *out,
                 GError                 **error)
{
  static const char * const known[] = {
    "id", "label", "start", "end", "text", "origin", "confidence", "entity", "value", "mod",
    "kind", "speaker", "source", "cue", NULL
  };
  g_autoptr(DossierAnnotation) annotation = NULL;
  g_autoptr(JsonObject) extra = NULL;
  const char *id, *label, *text, *origin_str, *entity, *value, *mod, *kind, *speaker;
  const char *span_text;
  const DossierJsonValue *confidence;
  DossierOrigin origin;
  guint start, end, s, e;
  gboolean present;

  place->id = NULL;
  if (item->type != DOSSIER_JSON_OBJECT)
    {
      Place document_place = { _("document"), place->doc_id };
      return fail (error, &document_place, _("annotation %u is not an object"), place->index + 1);
    }
  if (!dossier_json_reader_read_object (reader->json, item, members, error) ||
      !get_string (members, "id", FALSE, place, &id, error))
    return FALSE;
  place->id = id;

  if (!get_string (members, "label", FALSE, place, &label, error) ||
      !get_uint (members, "start", place, &start, error) ||
      !get_uint (members, "end", place, &end, error) ||
      !get_string (members, "text", FALSE, place, &text, error) ||
      !get_string (members, "origin", FALSE, place, &origin_str, error) ||
      !get_string (members, "entity", TRUE, place, &entity, error) ||
      !get_string (members, "value", TRUE, place, &value, error) ||
      !get_string (members, "mod", TRUE, place, &mod, error) ||
      !get_string (members, "kind", TRUE, place, &kind, error) ||
      !get_string (members, "speaker", TRUE, place, &speaker, error))
    return FALSE;

  if (*label == '\0')
    return fail (error, place, _("the label is empty"));
  if (g_hash_table_contains (reader->annotation_ids, id))
    return fail (error, place, _("the id is used twice"));
  if (!dossier_origin_from_string (origin_str, &origin))
    return fail (error, place, _("the origin “%s” is neither “model” nor “human”"), origin_str);
  if (start > end)
    return fail (error, place, _("it starts (%u) after it ends (%u)"), start, end);
  if (end > dossier_document_get_n_chars (document))
    return fail (error, place, _("offsets %u–%u are outside the article (%u characters)"),
                 start, end, dossier_document_get_n_chars (document));
  if (!text_matches (document, start, end, text))
    return text_mismatch (error, place, document, start, end, text);

  annotation = dossier_annotation_new (id, label, start, end, text, origin);

  confidence = dossier_json_members_get (members, "confidence");
  if (confidence != NULL && confidence->type != DOSSIER_JSON_NULL)
    {
      double c;
      if (confidence->type == DOSSIER_JSON_INTEGER)
        c = confidence->integer;
      else if (confidence->type == DOSSIER_JSON_DOUBLE)
        c = confidence->number;
      else
        return fail (error, place, _("the field “confidence” must be a number"));
      if (c < 0 || c > 1)
        return fail (error, place, _("the confidence %g is not between 0 and 1"), c);
      dossier_annotation_set_confidence (annotation, c);
    }

  dossier_annotation_set_value (annotation, value);
  dossier_annotation_set_mod (annotation, mod);
  dossier_annotation_set_kind (annotation, kind);

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(JsonObject) span_extra = NULL;

      if (!read_inner_span (reader, document, members, k ? "cue" : "source", place, span_members,
                            &present, &s, &e, &span_text, &span_extra, error))
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
      dossier_annotation_set_entity (annotation, entity);
      add_link (reader, document, annotation, "entity");
    }
  if (speaker != NULL)
    {
      dossier_annotation_set_speaker (annotation, speaker);
      add_link (reader, document, annotation, "speaker");
    }

  if (!collect_extra (reader, members, known, &extra, error))
    return FALSE;
  dossier_annotation_set_extra (annotation, extra);
  g_hash_table_insert (reader->annotation_ids, (gpointer)dossier_annotation_get_id (annotation),
                       document);
  g_ptr_array_add (out, g_steal_pointer (&annotation));
  return TRUE;
}

static gboolean
read_rejected (Reader                  *reader,
               DossierDocument         *document,
               const DossierJsonValue  *array,
               const char              *doc_id,
               GArray                  *members,
               GError                 **error)
{
  static const char * const known[] = { "label", "start", "end", NULL };
  Place place = { NULL, NULL, 0, doc_id, TRUE };
  DossierJsonValue item;
  gsize cursor = array->at;

  for (; dossier_json_reader_array_next (reader->json, &cursor, &item, error); place.index++)
    {
      g_autoptr(JsonObject) extra = NULL;
      const char *label;
      guint start, end;

      if (item.type != DOSSIER_JSON_OBJECT)
        return fail (error, &place, _("it is not an object"));
      if (!dossier_json_reader_read_object (reader->json, &item, members, error) ||
          !get_string (members, "label", FALSE, &place, &label, error) ||
          !get_uint (members, "start", &place, &start, error) ||
          !get_uint (members, "end", &place, &end, error))
        return FALSE;
      if (start > end || end > dossier_document_get_n_chars (document))
        return fail (error, &place, _("offsets %u–%u are outside the article"), start, end);
      if (!collect_extra (reader, members, known, &extra, error))
        return FALSE;
      dossier_document_add_rejection (document, label, start, end);
      dossier_document_set_rejection_extra (document, label, start, end, extra);
    }
  return *error == NULL;
}

static gboolean
read_document (Reader      *reader,
               GArray      *members,
               Place       *place,
               const char  *id,
               GError     **error)
{
  static const char * const known[] = {
    "id", "title", "source", "url", "published", "text", "annotations", "rejected", NULL
  };
  g_autoptr(GArray) item_members = g_array_new (FALSE, FALSE, sizeof (DossierJsonMember));
  g_autoptr(GArray) span_members = g_array_new (FALSE, FALSE, sizeof (DossierJsonMember));
  g_autoptr(DossierDocument) document = NULL;
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonObject) extra = NULL;
  const DossierJsonValue *list;
  const char *title, *source, *url, *published, *text;
  Place annotation_place;
  DossierJsonValue element;
  gsize at;

  if (!get_string (members, "text", FALSE, place, &text, error) ||
      !get_string (members, "title", TRUE, place, &title, error) ||
      !get_string (members, "source", TRUE, place, &source, error) ||
      !get_string (members, "url", TRUE, place, &url, error) ||
      !get_string (members, "published", TRUE, place, &published, error))
    return FALSE;
  if (dossier_project_find_document (reader->project, id) != NULL)
    return fail (error, place, _("the id is used twice"));
  if (published != NULL && !dossier_date_is_valid (published))
    return fail (error, place, _("the publication date “%s” is not a date like 2025-02-09"),
                 published);

  document = dossier_document_new (id, text);
  dossier_document_set_title (document, title);
  dossier_document_set_source (document, source);
  dossier_document_set_url (document, url);
  dossier_document_set_published (document, published);

  if (!get_array (members, "annotations", TRUE, place, &list, error))
    return FALSE;
  annotation_place = (Place) { NULL, NULL, 0, id };
  for (at = list ? list->at : 0;
       list && dossier_json_reader_array_next (reader->json, &at, &element, error);
       annotation_place.index++)
    if (!read_annotation (reader, document, &element, &annotation_place, item_members,
                          span_members, annotations, error))
      return FALSE;
  if (*error)
    return FALSE;
  dossier_document_add_annotations (document, annotations);

  if (!get_array (members, "rejected", TRUE, place, &list, error) ||
      (list && !read_rejected (reader, document, list, id, item_members, error)))
    return FALSE;

  if (!collect_extra (reader, members, known, &extra, error))
    return FALSE;
  dossier_document_set_extra (document, extra);
  dossier_project_add_document (reader->project, document);
  return TRUE;
}

static gboolean
read_event (Reader      *reader,
            GArray      *members,
            Place       *place,
            const char  *id,
            GError     **error)
{
  static const char * const known[] = { "id", "date", "anchor", "summary", "participants", NULL };
  g_autoptr(DossierEvent) event = NULL;
  g_autoptr(GPtrArray) participants = NULL;
  g_autoptr(JsonObject) extra = NULL;
  const char *date, *anchor, *summary;

  if (!get_string (members, "date", FALSE, place, &date, error) ||
      !get_string (members, "anchor", TRUE, place, &anchor, error) ||
      !get_string (members, "summary", TRUE, place, &summary, error) ||
      !get_string_list (reader, members, "participants", place, &participants, error))
    return FALSE;
  if (dossier_project_find_event (reader->project, id) != NULL)
    return fail (error, place, _("the id is used twice"));
  if (anchor != NULL && !g_hash_table_contains (reader->annotation_ids, anchor))
    return fail (error, place, _("its anchor “%s” is not an annotation of this project"), anchor);
  for (guint j = 0; j + 1 < participants->len; j++)
    if (dossier_project_find_entity (reader->project, g_ptr_array_index (participants, j)) == NULL)
      return fail (error, place, _("its participant “%s” is not an entity of this project"),
                   (const char *)g_ptr_array_index (participants, j));
  if (!collect_extra (reader, members, known, &extra, error))
    return FALSE;

  event = dossier_event_new (id, date, anchor);
  dossier_event_set_summary (event, summary);
  dossier_event_set_participants (event, (const char * const *)participants->pdata);
  dossier_event_set_extra (event, extra);
  dossier_project_add_event (reader->project, event);
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

DossierProject *
dossier_project_new_from_data (const char  *data,
                               gsize        length,
                               GError     **error)
{
  static const char * const known[] = {
    "format", "version", "labels", "documents", "entities", "events", NULL
  };
  g_autoptr(DossierJsonReader) json = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(DossierProject) project = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GArray) links = NULL;
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (DossierJsonMember));
  const DossierJsonValue *version, *labels, *entities, *documents, *events;
  DossierJsonValue root;
  Reader reader;
  const char *format;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!check_size (length, error) || !check_utf8 (data, length, error))
    return NULL;

  json = dossier_json_reader_new (data, length);
  if (!dossier_json_reader_check (json, &root, error))
    return NULL;
  if (root.type != DOSSIER_JSON_OBJECT)
    {
      g_set_error_literal (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_WRONG_FORMAT,
                           _("The file is JSON but not a Dossier project (no “format” object)"));
      return NULL;
    }
  if (!dossier_json_reader_read_object (json, &root, members, error))
    return NULL;

  if (!get_string (members, "format", TRUE, NULL, &format, &local_error) ||
      g_strcmp0 (format, DOSSIER_PROJECT_FORMAT) != 0)
    {
      if (format)
        g_set_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_WRONG_FORMAT,
                     _("The file is a “%s” file, not a Dossier project"), format);
      else
        g_set_error_literal (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_WRONG_FORMAT,
                             _("The file is JSON but not a Dossier project (its “format” is not “dossier-project”)"));
      return NULL;
    }

  version = dossier_json_members_get (members, "version");
  if (version == NULL || version->type != DOSSIER_JSON_INTEGER || version->integer < 1)
    {
      g_set_error_literal (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_INVALID,
                           _("The project has no valid “version” number"));
      return NULL;
    }
  if (version->integer > DOSSIER_PROJECT_VERSION)
    {
      g_set_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_NEWER_VERSION,
                   _("The project was made by a newer Dossier (format version %" G_GINT64_FORMAT
                     "); this version reads version %d. Update Dossier to open it"),
                   version->integer, DOSSIER_PROJECT_VERSION);
      return NULL;
    }

  if (!get_array (members, "labels", TRUE, NULL, &labels, error) ||
      !get_array (members, "entities", TRUE, NULL, &entities, error) ||
      !get_array (members, "documents", FALSE, NULL, &documents, error) ||
      !get_array (members, "events", TRUE, NULL, &events, error))
    return NULL;

  project = dossier_project_new ();
  ids = g_hash_table_new (g_str_hash, g_str_equal);
  links = g_array_new (FALSE, FALSE, sizeof (Link));
  reader.json = json;
  reader.project = project;
  reader.annotation_ids = ids;
  reader.pending_links = links;

  /* errors go to local_error first: the readers look at it to tell the end of a list */
  if (!read_labels (&reader, labels, &local_error) ||
      !read_list (&reader, entities, _("entity"), read_entity, &local_error) ||
      !read_list (&reader, documents, _("document"), read_document, &local_error) ||
      !read_list (&reader, events, _("event"), read_event, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  for (guint i = 0; i < links->len; i++)
    {
      Link *l = &g_array_index (links, Link, i);
      const char *id = strcmp (l->field, "entity") == 0 ? dossier_annotation_get_entity (l->annotation)
                                                         : dossier_annotation_get_speaker (l->annotation);
      if (dossier_project_find_entity (project, id) == NULL)
        {
          Place place = { NULL, dossier_annotation_get_id (l->annotation), 0,
                          dossier_document_get_id (l->document) };
          fail (error, &place, _("its %s “%s” is not an entity of this project"), l->field, id);
          return NULL;
        }
    }

  if (!collect_extra (&reader, members, known, &extra, error))
    return NULL;
  dossier_project_set_extra (project, extra);
  return g_steal_pointer (&project);
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
                        GError     **error)
{
  g_autofree char *title = NULL;

  /* an article may start with "{"; its name says what it is */
  if ((basename && g_str_has_suffix (basename, ".json")) ||
      (!(basename && g_str_has_suffix (basename, ".txt")) && dossier_project_data_is_project (data, length)))
    return dossier_project_new_from_data (data, length, error);

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
  return project_from_file_data (data, length, basename, error);
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

/* Three decimals are plenty and keep files stable. */
static double
round_confidence (double confidence)
{
  return ((gint64)(confidence * 1000 + 0.5)) / 1000.0;
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
                                   round_confidence (dossier_annotation_get_confidence (a)));
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

/* Members of @extra not in @object's known fields, after them. */
static void
write_extra (DossierJsonWriter  *w,
             JsonObject         *extra,
             const char * const *written)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (extra == NULL)
    return;
  json_object_iter_init_ordered (&iter, extra);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    if (!g_strv_contains (written, name))
      {
        dossier_json_writer_member (w, name);
        dossier_json_writer_node (w, node);
      }
}

static void
write_string (DossierJsonWriter *w,
              const char        *member,
              const char        *value)
{
  dossier_json_writer_member (w, member);
  dossier_json_writer_string (w, value);
}

static void
write_optional_string (DossierJsonWriter *w,
                       const char        *member,
                       const char        *value)
{
  if (value != NULL)
    write_string (w, member, value);
}

static void
write_string_or_null (DossierJsonWriter *w,
                      const char        *member,
                      const char        *value)
{
  dossier_json_writer_member (w, member);
  if (value != NULL)
    dossier_json_writer_string (w, value);
  else
    dossier_json_writer_null (w);
}

static void
write_integer (DossierJsonWriter *w,
               const char        *member,
               gint64             value)
{
  dossier_json_writer_member (w, member);
  dossier_json_writer_integer (w, value);
}

static void
write_string_list (DossierJsonWriter  *w,
                   const char         *member,
                   const char * const *values,
                   guint               n_values)
{
  dossier_json_writer_member (w, member);
  dossier_json_writer_begin_array (w);
  for (guint i = 0; i < n_values; i++)
    dossier_json_writer_string (w, values[i]);
  dossier_json_writer_end_array (w);
}

static void
write_span (DossierJsonWriter *w,
            const char        *member,
            guint              start,
            guint              end,
            const char        *text,
            JsonObject        *extra)
{
  static const char * const written[] = { "start", "end", "text", NULL };

  dossier_json_writer_member (w, member);
  dossier_json_writer_begin_object (w);
  write_integer (w, "start", start);
  write_integer (w, "end", end);
  write_string (w, "text", text);
  write_extra (w, extra, written);
  dossier_json_writer_end_object (w);
}

static void
write_annotation (DossierJsonWriter *w,
                  DossierAnnotation *a)
{
  static const char * const written[] = {
    "id", "label", "start", "end", "text", "origin", "confidence", "entity", "value", "mod",
    "kind", "speaker", "source", "cue", NULL
  };
  const char *text;
  guint start, end;

  /* the fields in the order dossier_project_to_json() gives them */
  dossier_json_writer_begin_object (w);
  write_string (w, "id", dossier_annotation_get_id (a));
  write_string (w, "label", dossier_annotation_get_label (a));
  write_integer (w, "start", dossier_annotation_get_start (a));
  write_integer (w, "end", dossier_annotation_get_end (a));
  write_string (w, "text", dossier_annotation_get_text (a));
  write_string (w, "origin", dossier_origin_to_string (dossier_annotation_get_origin (a)));
  if (dossier_annotation_get_confidence (a) >= 0)
    {
      dossier_json_writer_member (w, "confidence");
      dossier_json_writer_double (w, round_confidence (dossier_annotation_get_confidence (a)));
    }
  write_optional_string (w, "entity", dossier_annotation_get_entity (a));
  write_optional_string (w, "value", dossier_annotation_get_value (a));
  write_optional_string (w, "mod", dossier_annotation_get_mod (a));
  write_optional_string (w, "kind", dossier_annotation_get_kind (a));
  if (dossier_annotation_get_speaker (a) ||
      g_strcmp0 (dossier_annotation_get_label (a), "QUOTE") == 0)
    write_string_or_null (w, "speaker", dossier_annotation_get_speaker (a));
  if (dossier_annotation_get_source (a, &start, &end, &text))
    write_span (w, "source", start, end, text, dossier_annotation_get_span_extra (a, FALSE));
  if (dossier_annotation_get_cue (a, &start, &end, &text))
    write_span (w, "cue", start, end, text, dossier_annotation_get_span_extra (a, TRUE));
  write_extra (w, dossier_annotation_get_extra (a), written);
  dossier_json_writer_end_object (w);
}

/* The project file: the text of what dossier_project_to_json() builds, written
 * without building it (see dossier-json-writer.c). */
GBytes *
dossier_project_to_bytes (DossierProject *self)
{
  static const char * const root_written[] = {
    "format", "version", "labels", "documents", "entities", "events", NULL
  };
  static const char * const label_written[] = { "name", "color", "key", NULL };
  static const char * const document_written[] = {
    "id", "title", "source", "url", "published", "text", "annotations", "rejected", NULL
  };
  static const char * const rejected_written[] = { "label", "start", "end", NULL };
  static const char * const entity_written[] = {
    "id", "type", "name", "aliases", "title", "mentions", NULL
  };
  static const char * const event_written[] = {
    "id", "date", "anchor", "summary", "participants", NULL
  };
  g_autoptr(GHashTable) mentions = NULL;
  DossierJsonWriter *w;
  GListModel *model;
  gsize size = 4096;

  g_return_val_if_fail (DOSSIER_IS_PROJECT (self), NULL);

  /* entity id → GPtrArray of mention ids, filled while writing documents */
  mentions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_ptr_array_unref);

  model = dossier_project_get_documents (self);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DossierDocument) document = g_list_model_get_item (model, i);
      /* the text, and some 400 bytes an annotation */
      size += 2 * strlen (dossier_document_get_text (document)) +
              450 * g_list_model_get_n_items (dossier_document_get_annotations (document));
    }
  w = dossier_json_writer_new (size);
  dossier_json_writer_begin_object (w);
  write_string (w, "format", DOSSIER_PROJECT_FORMAT);
  write_integer (w, "version", DOSSIER_PROJECT_VERSION);

  dossier_json_writer_member (w, "labels");
  dossier_json_writer_begin_array (w);
  model = dossier_project_get_labels (self);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DossierLabel) label = g_list_model_get_item (model, i);

      dossier_json_writer_begin_object (w);
      write_string (w, "name", dossier_label_get_name (label));
      write_string (w, "color", dossier_label_get_color (label));
      write_optional_string (w, "key", dossier_label_get_key (label));
      write_extra (w, dossier_label_get_extra (label), label_written);
      dossier_json_writer_end_object (w);
    }
  dossier_json_writer_end_array (w);

  dossier_json_writer_member (w, "documents");
  dossier_json_writer_begin_array (w);
  model = dossier_project_get_documents (self);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DossierDocument) document = g_list_model_get_item (model, i);
      GListModel *annotations = dossier_document_get_annotations (document);
      const GArray *rejections = dossier_document_get_rejections (document);

      dossier_json_writer_begin_object (w);
      write_string (w, "id", dossier_document_get_id (document));
      write_optional_string (w, "title", dossier_document_get_title (document));
      write_optional_string (w, "source", dossier_document_get_source (document));
      write_optional_string (w, "url", dossier_document_get_url (document));
      write_string_or_null (w, "published", dossier_document_get_published (document));
      write_string (w, "text", dossier_document_get_text (document));

      dossier_json_writer_member (w, "annotations");
      dossier_json_writer_begin_array (w);
      for (guint j = 0; j < g_list_model_get_n_items (annotations); j++)
        {
          g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, j);
          const char *entity = dossier_annotation_get_entity (a);

          write_annotation (w, a);
          if (entity != NULL && dossier_label_is_mention (dossier_annotation_get_label (a)))
            {
              GPtrArray *ids = g_hash_table_lookup (mentions, entity);
              if (ids == NULL)
                g_hash_table_insert (mentions, (gpointer)entity, (ids = g_ptr_array_new ()));
              g_ptr_array_add (ids, (gpointer)dossier_annotation_get_id (a));
            }
        }
      dossier_json_writer_end_array (w);

      dossier_json_writer_member (w, "rejected");
      dossier_json_writer_begin_array (w);
      for (guint j = 0; j < rejections->len; j++)
        {
          const DossierRejection *r = &g_array_index (rejections, DossierRejection, j);

          dossier_json_writer_begin_object (w);
          write_string (w, "label", r->label);
          write_integer (w, "start", r->start);
          write_integer (w, "end", r->end);
          write_extra (w, r->extra, rejected_written);
          dossier_json_writer_end_object (w);
        }
      dossier_json_writer_end_array (w);
      write_extra (w, dossier_document_get_extra (document), document_written);
      dossier_json_writer_end_object (w);
    }
  dossier_json_writer_end_array (w);

  dossier_json_writer_member (w, "entities");
  dossier_json_writer_begin_array (w);
  model = dossier_project_get_entities (self);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DossierEntity) entity = g_list_model_get_item (model, i);
      const char * const *aliases = dossier_entity_get_aliases (entity);
      GPtrArray *ids = g_hash_table_lookup (mentions, dossier_entity_get_id (entity));

      dossier_json_writer_begin_object (w);
      write_string (w, "id", dossier_entity_get_id (entity));
      write_string (w, "type", dossier_entity_get_kind (entity));
      write_string (w, "name", dossier_entity_get_name (entity));
      write_string_list (w, "aliases", aliases, g_strv_length ((char **)aliases));
      write_string_or_null (w, "title", dossier_entity_get_title (entity));
      write_string_list (w, "mentions", ids ? (const char * const *)ids->pdata : NULL,
                         ids ? ids->len : 0);
      write_extra (w, dossier_entity_get_extra (entity), entity_written);
      dossier_json_writer_end_object (w);
    }
  dossier_json_writer_end_array (w);

  dossier_json_writer_member (w, "events");
  dossier_json_writer_begin_array (w);
  model = dossier_project_get_events (self);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DossierEvent) event = g_list_model_get_item (model, i);
      const char * const *participants = dossier_event_get_participants (event);

      dossier_json_writer_begin_object (w);
      write_string (w, "id", dossier_event_get_id (event));
      write_string (w, "date", dossier_event_get_date (event));
      write_optional_string (w, "anchor", dossier_event_get_anchor (event));
      write_optional_string (w, "summary", dossier_event_get_summary (event));
      write_string_list (w, "participants", participants, g_strv_length ((char **)participants));
      write_extra (w, dossier_event_get_extra (event), event_written);
      dossier_json_writer_end_object (w);
    }
  dossier_json_writer_end_array (w);

  write_extra (w, dossier_project_get_extra (self), root_written);
  dossier_json_writer_end_object (w);
  return dossier_json_writer_free_to_bytes (w);
}

/* A file's version is what tells whether someone saved it since it was read or written here.
 * Its identity, "ETAG:DEVICE:INODE": the etag (the modification time) and which file it is, as
 * a save makes a new one, so this tells two saves apart within one tick of a coarse clock (vfat
 * counts in 2 s). Where the bytes read or written are known, "IDENTITY/SIZE/SHA256" follows:
 * on file systems whose inode numbers are not stable (vfat, FUSE, CIFS) a file nobody changed
 * may show another identity, and then it is the same version if it holds the same bytes. The
 * identity is left empty when it is not known to be that of those bytes. */
#define VERSION_ATTRIBUTES G_FILE_ATTRIBUTE_ETAG_VALUE "," G_FILE_ATTRIBUTE_UNIX_DEVICE "," \
                           G_FILE_ATTRIBUTE_UNIX_INODE "," G_FILE_ATTRIBUTE_STANDARD_SIZE
#define VERSION_READ_CHUNK (64 * 1024)

static char *
version_of (GFileInfo *info)
{
  return g_strdup_printf ("%s:%u:%" G_GUINT64_FORMAT, g_file_info_get_etag (info),
                          g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_DEVICE),
                          g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE));
}

/* The version of a file of identity @identity (or "") known to hold @data. */
static char *
version_with_bytes (const char *identity,
                    const char *data,
                    gsize       length)
{
  g_autofree char *checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                           (const guchar *)data, length);

  return g_strdup_printf ("%s/%" G_GSIZE_FORMAT "/%s", identity, length, checksum);
}

/* What a version query asks of @file now: NULL when there is none, or for a remote file. */
static GFileInfo *
query_version_info (GFile *file)
{
  g_autoptr(GFileInfo) info = NULL;

  if (!g_file_is_native (file))
    return NULL;
  info = g_file_query_info (file, VERSION_ATTRIBUTES, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  return info != NULL && g_file_info_get_etag (info) != NULL ? g_steal_pointer (&info) : NULL;
}

char *
dossier_project_query_file_version (GFile *file)
{
  g_autoptr(GFileInfo) info = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  info = query_version_info (file);
  return info != NULL ? version_of (info) : NULL;
}

/* The SHA-256 of @file's bytes, read in chunks; NULL if it cannot be read or holds more than
 * @size bytes (it is not the file looked for, and reading on would be for nothing). */
static char *
checksum_of_file (GFile   *file,
                  guint64  size)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buffer = g_malloc (VERSION_READ_CHUNK);
  guint64 total = 0;
  gssize n;

  if (stream == NULL)
    return NULL;
  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, VERSION_READ_CHUNK, NULL,
                                   NULL)) > 0)
    {
      total += (guint64)n;
      if (total > size)
        return NULL;
      g_checksum_update (checksum, buffer, n);
    }
  return n == 0 ? g_strdup (g_checksum_get_string (checksum)) : NULL;
}

/* TRUE when @file, which @info (from query_version_info()) describes, is at @version. Its
 * identity and size settle it, but for the same size under another identity: then its bytes
 * are read, so call this in a worker thread. A version without bytes (as from
 * dossier_project_query_file_version(), or a draft of an older Dossier) is its identity. */
static gboolean
file_info_is_at_version (GFile      *file,
                         GFileInfo  *info,
                         const char *version)
{
  g_autofree char *identity = version_of (info);
  g_autofree char *checksum = NULL;
  const char *bytes = strchr (version, '/');
  const char *sum;
  guint64 size;
  char *end;

  if (bytes == NULL)
    return strcmp (identity, version) == 0;
  size = g_ascii_strtoull (bytes + 1, &end, 10);
  if (end == bytes + 1 || *end != '/')
    return FALSE;
  sum = end + 1;
  if (g_file_info_get_size (info) < 0 || (guint64)g_file_info_get_size (info) != size)
    return FALSE;
  if ((gsize)(bytes - version) == strlen (identity) &&
      strncmp (version, identity, bytes - version) == 0)
    return TRUE;
  checksum = checksum_of_file (file, size);
  return checksum != NULL && strcmp (checksum, sum) == 0;
}

gboolean
dossier_project_file_is_at_version (GFile      *file,
                                    const char *version)
{
  g_autoptr(GFileInfo) info = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (version != NULL, FALSE);

  info = query_version_info (file);
  return info != NULL && file_info_is_at_version (file, info, version);
}

/* Reading, parsing and checking a big project takes a while: all of it in a
 * worker thread, so the window keeps drawing (one read, not a main-loop round
 * trip per chunk). @task_data is a LoadJob. */
typedef struct
{
  char *version;  /* of the file read: see dossier_project_load_file_dup_version() */
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_free (job->version);
  g_free (job);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = source_object;
  LoadJob *job = task_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *version_before = NULL;
  g_autofree char *version_after = NULL;
  GError *error = NULL;
  DossierProject *project;
  gsize length = 0;

  /* the version of what is read: its identity looked up before and after, as the file may be
   * saved meanwhile (then none is known, and the bytes read tell whether a file is the one
   * read: the first save here asks before replacing another) */
  version_before = dossier_project_query_file_version (file);

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
  version_after = dossier_project_query_file_version (file);
  if (version_before != NULL || version_after != NULL)
    job->version = version_with_bytes (g_strcmp0 (version_before, version_after) == 0
                                       ? version_before : "", contents, length);

  basename = g_file_get_basename (file);
  project = project_from_file_data (contents, length, basename, &error);
  if (project == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, project, g_object_unref);
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
  g_task_set_task_data (task, g_new0 (LoadJob, 1), (GDestroyNotify)load_job_free);
  g_task_run_in_thread (task, load_thread);
}

DossierProject *
dossier_project_load_file_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
dossier_project_load_file_dup_version (GAsyncResult *result)
{
  LoadJob *job;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dossier_project_load_file_async,
                        NULL);
  job = g_task_get_task_data (G_TASK (result));
  return g_strdup (job->version);
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

/* test hook: chmod fails with this error number, as on a disk whose files are not the user's */
static gint chmod_failure;

void
_dossier_project_io_fail_chmod (int error_number)
{
  g_atomic_int_set (&chmod_failure, error_number);
}

/* A save held at @hold waits here, at @where, until released. */
static void
wait_if_held (DossierSaveHold hold,
              DossierSaveHold where)
{
  if (hold != where)
    return;
  g_mutex_lock (&hold_lock);
  holding = TRUE;
  while (!released)
    g_cond_wait (&hold_cond, &hold_lock);
  holding = FALSE;
  g_mutex_unlock (&hold_lock);
}

/* Temporary files of a save are made beside the file (a rename does not cross file systems),
 * hidden, and named after it with a mark no other program uses, so that one left by a save
 * cut off by a crash can be told apart from anything else: .NAME.dossier-save-XXXXXX, six
 * letters or digits at the end. NAME is cut short when long, as a file name is at most 255
 * bytes; much shorter where the file system takes shorter names (an encrypted home folder
 * takes some 140 bytes). */
#define TEMPORARY_MARK ".dossier-save-"
#define TEMPORARY_NAME_MAX 200
#define TEMPORARY_NAME_SHORT 32
#define TEMPORARY_RANDOM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#define TEMPORARY_ATTEMPTS 16

/* test hook: names longer than this are refused, as by a file system with short names */
static gint name_max;

void
_dossier_project_io_set_name_max (gsize max)
{
  g_atomic_int_set (&name_max, (gint)MIN (max, G_MAXINT));
}

/* The path of @path's temporary files, without their six random characters, its name cut to
 * @max bytes. */
static char *
temporary_prefix (const char *path,
                  gsize       max)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = NULL;

  if (strlen (base) > max)
    {
      /* not inside a character, where the name is UTF-8: a file system that checks names
       * (and many programs listing the folder) refuse a name that is not. Other bytes (a
       * name in an older encoding) are cut where they are, having no characters to keep. */
      const char *end = base + max;

      if (g_utf8_validate (base, -1, NULL))
        end = g_utf8_find_prev_char (base, base + max + 1);
      base[end != NULL ? end - base : max] = '\0';
    }
  name = g_strconcat (".", base, TEMPORARY_MARK, NULL);
  return g_build_filename (dir, name, NULL);
}

/* The name of temporary files with @prefix is too long for the file system (as the hook
 * says, or as it said with @errsv): a shorter prefix is worth a try. */
static gboolean
name_too_long (const char *prefix,
               int         errsv)
{
  g_autofree char *name = g_path_get_basename (prefix);
  gsize max = (gsize)g_atomic_int_get (&name_max);

  return errsv == ENAMETOOLONG || (max > 0 && strlen (name) + 6 > max);
}

static char *
random_temporary_path (const char *prefix)
{
  GString *path = g_string_new (prefix);

  for (guint i = 0; i < 6; i++)
    g_string_append_c (path, TEMPORARY_RANDOM[g_random_int_range (0, sizeof TEMPORARY_RANDOM - 1)]);
  return g_string_free (path, FALSE);
}

/* Sets @error to what failed (@format, which names the file) and why (@saved_errno). */
static void set_error_from_errno (GError     **error,
                                  int          saved_errno,
                                  const char  *format,
                                  ...) G_GNUC_PRINTF (3, 4);

static void
set_error_from_errno (GError     **error,
                      int          saved_errno,
                      const char  *format,
                      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s",
               what, g_strerror (saved_errno));
}

/* TRUE when @path still names the file open as @fd. */
static gboolean
still_named (int         fd,
             const char *path)
{
  struct stat open_st, named_st;

  return fstat (fd, &open_st) == 0 && lstat (path, &named_st) == 0 &&
         open_st.st_dev == named_st.st_dev && open_st.st_ino == named_st.st_ino;
}

/* Takes an flock on the temporary file @fd, held for as long as it is open: it tells
 * anyone cleaning up that a live save owns the file. FALSE when someone else holds it (one
 * cleaning up, who took the new file for a leftover in the instant before the lock, or, for
 * a second name of the old file, a program that locks the file), or when the file was
 * removed before the lock was had: the caller makes another. It does not wait, so a program
 * holding the project file locked cannot stall the save. Where the file system has no locks
 * the file is used unlocked (and is then never taken for a leftover either, as nobody can
 * lock it). */
static gboolean
lock_temporary (int         fd,
                const char *tmp_path)
{
  int ret;

  while ((ret = flock (fd, LOCK_EX | LOCK_NB)) != 0 && errno == EINTR)
    ;
  if (ret != 0)
    return errno != EWOULDBLOCK;
  return still_named (fd, tmp_path);
}

/* A new temporary file beside @path, open for writing and locked, or -1 with @error. It is
 * created with @mode, which the umask narrows. */
static int
open_temporary (const char  *path,
                int          mode,
                char       **out_tmp_path,
                GError     **error)
{
  g_autofree char *prefix = temporary_prefix (path, TEMPORARY_NAME_MAX);
  gboolean short_prefix = FALSE;

  for (guint attempt = 0; attempt < TEMPORARY_ATTEMPTS; attempt++)
    {
      g_autofree char *tmp_path = g_strconcat (prefix, "XXXXXX", NULL);
      int fd = name_too_long (prefix, 0) ? (errno = ENAMETOOLONG, -1)
                                         : g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, mode);

      if (fd < 0 && !short_prefix && name_too_long (prefix, errno))
        {
          /* a file system taking shorter names than most: the name of the file fits, but not
           * with the mark added */
          g_free (prefix);
          prefix = temporary_prefix (path, TEMPORARY_NAME_SHORT);
          short_prefix = TRUE;
          attempt--;
          continue;
        }
      if (fd < 0)
        {
          g_autofree char *dir = g_path_get_dirname (path);
          set_error_from_errno (error, errno, _("Could not create a file in “%s”"), dir);
          return -1;
        }
      if (lock_temporary (fd, tmp_path))
        {
          *out_tmp_path = g_steal_pointer (&tmp_path);
          return fd;
        }
      if (still_named (fd, tmp_path))
        g_unlink (tmp_path);
      close (fd);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("Could not create a temporary file beside “%s”"), path);
  return -1;
}

/* Gives the file open as @fd (to become @path) the permission bits of @mode. Only when it has
 * not them already, and at best: where the user does not own the files (a vfat or exFAT disk
 * mounted with uid=, a CIFS share) the file system decides the mode, and chmod fails even to
 * set the mode the file has; the save goes on there, as the mode is not the user's work. */
static gboolean
set_mode (int          fd,
          mode_t       mode,
          const char  *path,
          GError     **error)
{
  struct stat st;
  int failure = g_atomic_int_get (&chmod_failure);
  int ret;

  if (fstat (fd, &st) == 0 && (st.st_mode & 0777) == (mode & 0777))
    return TRUE;
  if (failure != 0)
    {
      errno = failure;
      ret = -1;
    }
  else
    ret = fchmod (fd, mode & 0777);
  if (ret == 0 || errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP)
    return TRUE;
  set_error_from_errno (error, errno, _("Could not write “%s”"), path);
  return FALSE;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length,
           const char  *path,
           GError     **error)
{
  while (length > 0)
    {
      gssize n = write (fd, data, MIN (length, G_MAXSSIZE));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          set_error_from_errno (error, n < 0 ? errno : ENOSPC, _("Could not write “%s”"), path);
          return FALSE;
        }
      data += n;
      length -= n;
    }
  return TRUE;
}

/* Copies @path into @fd, to become @backup_path, then gives it @path's mode and flushes it to
 * disk. */
static gboolean
copy_into (int             fd,
           const char     *path,
           const char     *backup_path,
           const GStatBuf *st,
           GError        **error)
{
  char buffer[65536];
  int from = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  gssize n;

  if (from < 0)
    {
      set_error_from_errno (error, errno, _("Could not read “%s”"), path);
      return FALSE;
    }
  for (;;)
    {
      n = read (from, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_error_from_errno (error, errno, _("Could not read “%s”"), path);
          close (from);
          return FALSE;
        }
      if (n == 0)
        break;
      if (!write_all (fd, buffer, n, backup_path, error))
        {
          close (from);
          return FALSE;
        }
    }
  close (from);
  if (!set_mode (fd, st->st_mode, backup_path, error))
    return FALSE;
  if (fsync (fd) != 0)
    {
      set_error_from_errno (error, errno, _("Could not write “%s”"), backup_path);
      return FALSE;
    }
  return TRUE;
}

/* The previous version of @path (whose status is @st), ready under a temporary name to
 * become FILE~, open and locked; -1 with @error. Where it can be, that is a second name for
 * the old file itself: the new version goes to a file of its own, so the old one is never
 * written again, and a link writes no data (it works on a full disk, at once for a big
 * project) and keeps the mode. Else (no links on this file system, or a file with other
 * names, which may yet change in place through them) it is a copy with the same mode. */
static int
prepare_backup (const char      *path,
                const GStatBuf  *st,
                char           **out_tmp_path,
                GError         **error)
{
  g_autofree char *prefix = temporary_prefix (path, TEMPORARY_NAME_MAX);
  g_autofree char *tmp_path = NULL;
  g_autofree char *backup_path = g_strconcat (path, "~", NULL);
  g_autoptr(GError) local_error = NULL;
  gboolean short_prefix = FALSE;
  int fd;

  for (guint attempt = 0; st->st_nlink == 1 && attempt < TEMPORARY_ATTEMPTS; attempt++)
    {
      g_free (tmp_path);
      tmp_path = random_temporary_path (prefix);
      if (name_too_long (prefix, 0) ? (errno = ENAMETOOLONG, -1) : link (path, tmp_path) != 0)
        {
          if (errno == EEXIST)
            continue;
          if (!short_prefix && name_too_long (prefix, errno))
            {
              /* as in open_temporary() */
              g_free (prefix);
              prefix = temporary_prefix (path, TEMPORARY_NAME_SHORT);
              short_prefix = TRUE;
              attempt--;
              continue;
            }
          break;
        }
      fd = open (tmp_path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW);
      if (fd < 0)
        {
          g_unlink (tmp_path);
          break;
        }
      if (lock_temporary (fd, tmp_path))
        {
          *out_tmp_path = g_steal_pointer (&tmp_path);
          return fd;
        }
      if (still_named (fd, tmp_path))
        g_unlink (tmp_path);
      close (fd);
    }
  g_clear_pointer (&tmp_path, g_free);

  /* unreadable to others until it has the old file's mode: a private project stays private */
  fd = open_temporary (path, 0600, &tmp_path, &local_error);
  if (fd >= 0 && !copy_into (fd, path, backup_path, st, &local_error))
    {
      g_unlink (tmp_path);
      close (fd);
      fd = -1;
    }
  if (fd < 0)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not keep a backup of the previous version: %s"), local_error->message);
      return -1;
    }
  *out_tmp_path = g_steal_pointer (&tmp_path);
  return fd;
}

/* TRUE when @name is one of the temporary names that start with @prefix_name: the prefix, then
 * six letters or digits, as open_temporary() and prepare_backup() make them. */
static gboolean
is_temporary_name (const char *name,
                   const char *prefix_name)
{
  gsize n = strlen (prefix_name);

  if (strncmp (name, prefix_name, n) != 0 || strlen (name) != n + 6)
    return FALSE;
  for (gsize i = n; i < n + 6; i++)
    if (!g_ascii_isalnum (name[i]))
      return FALSE;
  return TRUE;
}

/* Removes what saves of @path cut off by a crash (or a power cut) left beside it: files with
 * its temporary names that are regular files of this user and that nobody holds locked, which
 * a live save does from the moment it makes them until they are renamed or removed. Anything
 * else stays, whatever its name: a link, a folder, another user's file, a file on a file
 * system without locks, GLib's own temporary names (NAME.XXXXXX, which a user's file may
 * have too). Quietly: a leftover that stays is no reason for a save to fail. */
static void
remove_stale_temporaries (const char *path)
{
  g_autofree char *prefix = temporary_prefix (path, TEMPORARY_NAME_MAX);
  g_autofree char *short_prefix = temporary_prefix (path, TEMPORARY_NAME_SHORT);
  g_autofree char *dir = g_path_get_dirname (prefix);
  g_autofree char *prefix_name = g_path_get_basename (prefix);
  g_autofree char *short_prefix_name = g_path_get_basename (short_prefix);
  GDir *listing = g_dir_open (dir, 0, NULL);
  const char *name;

  if (listing == NULL)
    return;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *full = NULL;
      struct stat st;
      int fd;

      /* either name: where the long one was refused, saves use the short one */
      if (!is_temporary_name (name, prefix_name) && !is_temporary_name (name, short_prefix_name))
        continue;
      full = g_build_filename (dir, name, NULL);
      /* not through a link; and a pipe of that name does not make us wait for a writer */
      fd = open (full, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
      if (fd < 0)
        continue;
      /* removed while locked, so a save that made it an instant ago and has yet to lock it
       * finds it gone (see lock_temporary()) and makes another */
      if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && st.st_uid == geteuid () &&
          flock (fd, LOCK_EX | LOCK_NB) == 0 && still_named (fd, full))
        g_unlink (full);
      close (fd);
    }
  g_dir_close (listing);
}

/* The version of @path, just written from @fd with @bytes: read in the save, while no other
 * save of this process may write the file (see SaveSlot). Its identity only if @path still
 * names what @fd wrote: else another program replaced it in the instant since (or the file
 * system gives the file another inode when asked again), and the bytes alone tell, at the
 * next save, whether the file there is this one. */
static char *
written_version (const char *path,
                 int         fd,
                 GBytes     *bytes)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = g_file_query_info (file, VERSION_ATTRIBUTES,
                                                 G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  g_autofree char *identity = NULL;
  struct stat st;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  if (info != NULL && g_file_info_get_etag (info) != NULL && fstat (fd, &st) == 0 &&
      g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE) == st.st_ino &&
      g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_DEVICE) == (guint32)st.st_dev)
    identity = version_of (info);
  return version_with_bytes (identity != NULL ? identity : "", data, length);
}

/* Writes @bytes to @file. The previous version is made ready as FILE~ under a temporary name
 * (see prepare_backup()), the new one is written to a temporary file and flushed to disk;
 * only then is the first renamed over FILE~ and the second over the file, so that any
 * failure on the way (disk full, read-only folder) leaves both the file and FILE~ as they
 * were, and a crash at any point leaves each of them whole, old or new. All but a failure of
 * the last rename, which a rename in the same folder just before makes unlikely (a disk
 * error, the folder removed in between): FILE~ then holds the previous version already,
 * which the file still holds too, so nothing of it is lost, but FILE~'s older one is gone.
 * Keeping that too would take a third name and a rename back that may fail the same way.
 * The temporary files are removed on failure. */
static gboolean
write_atomically (GFile            *file,
                  GBytes           *bytes,
                  DossierSaveHold   hold,
                  char            **out_version,
                  GError          **error)
{
  g_autofree char *path = dup_target_path (file);
  g_autofree char *tmp_path = NULL;
  g_autofree char *backup_tmp_path = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  gboolean have_previous;
  gboolean ok = FALSE;
  int fd = -1;
  int backup_fd = -1;
  GStatBuf st;

  if (path == NULL)
    /* not a local file (a remote folder): GIO's own replace is all there is */
    return g_file_replace_contents (file, data, length, NULL, TRUE,
                                    G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);

  if (!check_writable (path, error))
    return FALSE;
  have_previous = g_stat (path, &st) == 0 && S_ISREG (st.st_mode);
  if (have_previous && (backup_fd = prepare_backup (path, &st, &backup_tmp_path, error)) < 0)
    return FALSE;

  /* a private project stays private: nobody else may read the new version before it has the
   * old one's mode */
  fd = open_temporary (path, have_previous ? 0600 : 0644, &tmp_path, error);
  if (fd < 0 || !write_all (fd, data, length, path, error))
    goto out;
  if (have_previous && !set_mode (fd, st.st_mode, path, error))
    goto out;
  if (fsync (fd) != 0)
    {
      set_error_from_errno (error, errno, _("Could not write “%s”"), path);
      goto out;
    }
  /* as if the process ended here: both are written, neither is in place */
  wait_if_held (hold, DOSSIER_SAVE_HOLD_BEFORE_RENAME);
  if (hold == DOSSIER_SAVE_EXIT_BEFORE_RENAME)
    _exit (1);
  if (backup_tmp_path != NULL)
    {
      g_autofree char *backup_path = g_strconcat (path, "~", NULL);

      if (g_rename (backup_tmp_path, backup_path) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not keep a backup of the previous version: %s"),
                       g_strerror (saved_errno));
          goto out;
        }
      g_clear_pointer (&backup_tmp_path, g_free);
    }
  if (g_rename (tmp_path, path) != 0)
    {
      set_error_from_errno (error, errno, _("Could not write “%s”"), path);
      goto out;
    }
  g_clear_pointer (&tmp_path, g_free);
  ok = TRUE;
  *out_version = written_version (path, fd, bytes);

out:
  /* removed before they are closed, so they are not seen unlocked meanwhile */
  if (tmp_path != NULL)
    g_unlink (tmp_path);
  if (backup_tmp_path != NULL)
    g_unlink (backup_tmp_path);
  if (fd >= 0)
    close (fd);
  if (backup_fd >= 0)
    close (backup_fd);
  /* Saves of this file run one at a time here (see SaveSlot), and this one's files are
   * closed (a second name of the old file, locked, would keep a leftover that is another
   * name of it): any of its temporary files left unlocked is one a save in another process,
   * or before a crash, did not finish. */
  if (ok)
    remove_stale_temporaries (path);
  return ok;
}

/* Saves of one file run one at a time, and one whose snapshot is older than the one already
 * written is not written: whatever order the workers run in, the file ends up with the newest
 * snapshot and FILE~ with the version that snapshot replaced. A newer snapshot of the same
 * project holds what the older one was saving, so that save is done; one of another project
 * (another window on the same file) does not, so that save fails and says so, rather than
 * have its window take the file for its own. */
typedef struct
{
  GMutex  lock;             /* held while the backup is copied and the file written */
  guint64 written;          /* serial of the snapshot on disk; under lock */
  guint   written_project;  /* project_id() of the project it is of; under lock */
  char   *written_version;  /* what dossier_project_query_file_version() said then; under lock */
  guint   users;            /* saves started and not finished; under slots_lock */
} SaveSlot;

static gint saves_pending;      /* SaveJobs not yet freed: saves whose callback has yet to end */
static gint saves_started;      /* SaveJobs ever made */

guint
_dossier_project_io_saves_pending (void)
{
  return (guint)g_atomic_int_get (&saves_pending);
}

guint
_dossier_project_io_saves_started (void)
{
  return (guint)g_atomic_int_get (&saves_started);
}

static GMutex slots_lock;
static GHashTable *save_slots;  /* path (or URI) → SaveSlot; under slots_lock */
static guint64 save_serial;     /* order in which snapshots were taken; under slots_lock */
static guint project_serial;    /* last project_id() given; under slots_lock */

/* A number for @project, never given to another one (a pointer may be reused once it is
 * freed). Under slots_lock. */
static guint
project_id (DossierProject *project)
{
  static GQuark quark;
  guint id;

  if (quark == 0)
    quark = g_quark_from_static_string ("dossier-project-save-id");
  id = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (project), quark));
  if (id == 0)
    {
      id = ++project_serial;
      g_object_set_qdata (G_OBJECT (project), quark, GUINT_TO_POINTER (id));
    }
  return id;
}

typedef struct
{
  GFile           *file;
  GBytes          *bytes;
  char            *key;
  SaveSlot        *slot;
  guint64          serial;
  guint            project;  /* project_id() of the project saved */
  DossierSaveHold  hold;
  char            *expected; /* the version the file must still have to be written, or NULL */
  char            *version;  /* of the file holding the snapshot, once it does */
} SaveJob;

static void
save_slot_free (gpointer data)
{
  SaveSlot *slot = data;

  g_mutex_clear (&slot->lock);
  g_free (slot->written_version);
  g_free (slot);
}

/* Takes the snapshot's place in the order of saves of @file: call when the snapshot is taken. */
static SaveJob *
save_job_new (GFile          *file,
              DossierProject *project,
              GBytes         *bytes)
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
  job->project = project_id (project);
  g_mutex_unlock (&slots_lock);

  g_mutex_lock (&hold_lock);
  job->hold = hold_next;
  hold_next = DOSSIER_SAVE_HOLD_NONE;
  g_mutex_unlock (&hold_lock);
  g_atomic_int_inc (&saves_pending);
  g_atomic_int_inc (&saves_started);
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
  g_free (job->expected);
  g_free (job->version);
  g_free (job);
  g_atomic_int_dec_and_test (&saves_pending);
}

/* TRUE when @job may write: it expects no version, or the file has the one it expects, or no
 * file is there. Asked on the job's turn, so that no other save of this process writes the
 * file between the look and the write: a window that compared the version before the save
 * began may find another window's save written since (one that took its turn first). */
static gboolean
still_expected_version (SaveJob  *job,
                        GError  **error)
{
  g_autoptr(GFileInfo) now = NULL;

  if (job->expected == NULL)
    return TRUE;
  now = query_version_info (job->file);
  if (now == NULL || file_info_is_at_version (job->file, now, job->expected))
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG,
                       _("The file was saved elsewhere since it was opened or saved here"));
  return FALSE;
}

/* TRUE when the file holds @job's snapshot or a newer one of the same project. */
static gboolean
save_job_run (SaveJob *job,
              GError **error)
{
  SaveSlot *slot = job->slot;
  gboolean ok = TRUE;

  wait_if_held (job->hold, DOSSIER_SAVE_HOLD_BEFORE_LOCK);
  g_mutex_lock (&slot->lock);
  if (job->serial > slot->written && !still_expected_version (job, error))
    ok = FALSE;
  else if (job->serial > slot->written)
    {
      wait_if_held (job->hold, DOSSIER_SAVE_HOLD_WHILE_LOCKED);
      if ((ok = write_atomically (job->file, job->bytes, job->hold, &job->version, error)))
        {
          slot->written = job->serial;
          slot->written_project = job->project;
          g_free (slot->written_version);
          slot->written_version = g_strdup (job->version);
        }
    }
  else if (slot->written_project == job->project)
    /* the newer snapshot holds this one: its file is this one's */
    job->version = g_strdup (slot->written_version);
  else if (slot->written_project != job->project)
    {
      g_set_error_literal (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_SUPERSEDED,
                           _("The file was saved from another window while this save waited "
                             "its turn; that save is kept, and this one was not written"));
      ok = FALSE;
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
  dossier_project_save_file_if_version_async (self, file, NULL, cancellable, callback, user_data);
}

void
dossier_project_save_file_if_version_async (DossierProject      *self,
                                            GFile               *file,
                                            const char          *version,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveJob *job;

  g_return_if_fail (DOSSIER_IS_PROJECT (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_project_save_file_async);
  /* serialised here, on the main thread; written in a worker */
  job = save_job_new (file, self, dossier_project_to_bytes (self));
  job->expected = g_strdup (version);
  g_task_set_task_data (task, job, (GDestroyNotify)save_job_free);
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

char *
dossier_project_save_file_dup_version (DossierProject *self,
                                       GAsyncResult   *result)
{
  SaveJob *job;

  g_return_val_if_fail (DOSSIER_IS_PROJECT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  job = g_task_get_task_data (G_TASK (result));
  return g_strdup (job->version);
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

  job = save_job_new (file, self, dossier_project_to_bytes (self));
  ok = save_job_run (job, error);
  save_job_free (job);
  return ok;
}
