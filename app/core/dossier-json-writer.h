/* dossier-json-writer.h — writing project files as indented JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _DossierJsonWriter DossierJsonWriter;

DossierJsonWriter *dossier_json_writer_new          (gsize               size_hint);
GBytes            *dossier_json_writer_free_to_bytes (DossierJsonWriter  *self);
void               dossier_json_writer_begin_object (DossierJsonWriter  *self);
void               dossier_json_writer_end_object   (DossierJsonWriter  *self);
void               dossier_json_writer_begin_array  (DossierJsonWriter  *self);
void               dossier_json_writer_end_array    (DossierJsonWriter  *self);
void               dossier_json_writer_member       (DossierJsonWriter  *self,
                                                     const char         *name);
void               dossier_json_writer_string       (DossierJsonWriter  *self,
                                                     const char         *value);
void               dossier_json_writer_integer      (DossierJsonWriter  *self,
                                                     gint64              value);
void               dossier_json_writer_double       (DossierJsonWriter  *self,
                                                     double              value);
void               dossier_json_writer_boolean      (DossierJsonWriter  *self,
                                                     gboolean            value);
void               dossier_json_writer_null         (DossierJsonWriter  *self);
void               dossier_json_writer_node         (DossierJsonWriter  *self,
                                                     JsonNode           *node);

G_END_DECLS
