/* dossier-json-reader.h — a strict JSON reader for project files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  DOSSIER_JSON_NULL,
  DOSSIER_JSON_BOOLEAN,
  DOSSIER_JSON_INTEGER,
  DOSSIER_JSON_DOUBLE,
  DOSSIER_JSON_STRING,
  DOSSIER_JSON_OBJECT,
  DOSSIER_JSON_ARRAY,
} DossierJsonType;

/* A value as read: scalars whole, objects and arrays as the place they start,
 * to be read when (and if) they are needed. */
typedef struct
{
  DossierJsonType  type;
  gsize            at;       /* byte offset of the value in the input */
  union {
    gboolean       boolean;
    gint64         integer;
    double         number;   /* DOUBLE, and INTEGER as a double */
    const char    *string;   /* decoded, NUL-terminated; lives as long as the reader */
  };
} DossierJsonValue;

typedef struct
{
  const char       *key;
  DossierJsonValue  value;
  gboolean          used;  /* looked up by dossier_json_members_get() */
} DossierJsonMember;

typedef struct _DossierJsonReader DossierJsonReader;

DossierJsonReader       *dossier_json_reader_new          (const char               *data,
                                                           gsize                     length);
void                     dossier_json_reader_free         (DossierJsonReader        *self);
gboolean                 dossier_json_reader_check        (DossierJsonReader        *self,
                                                           DossierJsonValue         *root,
                                                           GError                  **error);
gboolean                 dossier_json_reader_read_object  (DossierJsonReader        *self,
                                                           const DossierJsonValue   *object,
                                                           GArray                   *members,
                                                           GError                  **error);
const DossierJsonValue  *dossier_json_members_get         (GArray                   *members,
                                                           const char               *key);
gboolean                 dossier_json_reader_array_next   (DossierJsonReader        *self,
                                                           gsize                    *cursor,
                                                           DossierJsonValue         *element,
                                                           GError                  **error);
JsonNode                *dossier_json_reader_to_node      (DossierJsonReader        *self,
                                                           const DossierJsonValue   *value,
                                                           GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierJsonReader, dossier_json_reader_free)

G_END_DECLS
