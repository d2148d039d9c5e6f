/* dossier-pdnc.h — the Project Dialogism Novel Corpus (PDNC) files, read for evaluation
 *
 * A novel folder holds novel_text.txt, quotation_info.csv (one row per
 * quotation, fields double-quoted and allowed to hold commas and newlines,
 * list fields in Python literal syntax) and character_info.csv (main name,
 * aliases as a Python set or list, gender).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "dossier-extraction.h"

G_BEGIN_DECLS

#define DOSSIER_PDNC_ERROR (dossier_pdnc_error_quark ())

typedef enum
{
  DOSSIER_PDNC_ERROR_CSV,      /* a broken CSV record */
  DOSSIER_PDNC_ERROR_LITERAL,  /* a broken Python literal */
  DOSSIER_PDNC_ERROR_FIELD,    /* a column missing or a value of the wrong shape */
} DossierPdncError;

GQuark dossier_pdnc_error_quark (void);

/* ---- CSV (RFC 4180) ------------------------------------------------------ */

/* Every record of @contents as a GStrv of its fields: "" inside a quoted
 * field is one quotation mark; commas and line breaks inside quotes belong
 * to the field; a record ends at an unquoted \n or \r\n. */
GPtrArray *dossier_pdnc_csv_parse (const char  *contents,
                                   gsize        length,
                                   GError     **error);

/* ---- Python literals ------------------------------------------------------ */

typedef enum
{
  DOSSIER_PY_NONE,   /* None, nan */
  DOSSIER_PY_INT,
  DOSSIER_PY_STRING,
  DOSSIER_PY_LIST,   /* a list, a set or a tuple */
} DossierPyKind;

typedef struct _DossierPyValue DossierPyValue;

struct _DossierPyValue
{
  DossierPyKind kind;
  gint64        integer;
  char         *string;
  GPtrArray    *items;   /* DossierPyValue, for DOSSIER_PY_LIST */
};

/* The literal in @text ("[[395, 414], [447, 499]]", "{'Jane', \"Mr. Collins' Father\"}"),
 * as ast.literal_eval reads it for strings, integers, lists, sets, tuples and None. */
DossierPyValue *dossier_py_value_parse (const char  *text,
                                        GError     **error);
void            dossier_py_value_free  (DossierPyValue *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierPyValue, dossier_py_value_free)

/* ---- a novel --------------------------------------------------------------- */

typedef enum
{
  DOSSIER_PDNC_EXPLICIT,   /* a named speaker with a speech verb */
  DOSSIER_PDNC_ANAPHORIC,  /* "he said", "cried his wife" */
  DOSSIER_PDNC_IMPLICIT,   /* no attribution in the text */
  DOSSIER_PDNC_OTHER,
  DOSSIER_PDNC_N_TYPES
} DossierPdncQuoteType;

typedef struct
{
  char                 *id;          /* "Q0" */
  char                 *text;
  guint                 n_pieces;    /* sub-quotations */
  DossierSpanRange     *spans;       /* one per piece, offsets into the novel text */
  char                **pieces;      /* the sub-quotation texts */
  char                 *speaker;     /* a main name of characters */
  DossierPdncQuoteType  type;
} DossierPdncQuotation;

typedef struct
{
  char  *main_name;
  char **aliases;  /* as listed (the main name is not always among them) */
  char   gender;   /* 'M', 'F' or 'X' */
} DossierPdncCharacter;

typedef struct
{
  char   *name;       /* the folder's name */
  char   *text;       /* novel_text.txt (ASCII: byte and character offsets coincide) */
  gsize   length;
  GArray *quotations; /* DossierPdncQuotation, in file order */
  GArray *characters; /* DossierPdncCharacter */
} DossierPdncNovel;

/* Reads the three files of a PDNC novel folder; checks that every span lies
 * inside the text and that every speaker is a listed character. */
DossierPdncNovel *dossier_pdnc_novel_load (const char  *folder,
                                           GError     **error);
void              dossier_pdnc_novel_free (DossierPdncNovel *novel);

const char       *dossier_pdnc_quote_type_name (DossierPdncQuoteType type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierPdncNovel, dossier_pdnc_novel_free)

G_END_DECLS
