/* dossier-pdnc.c — the Project Dialogism Novel Corpus (PDNC) files, read for evaluation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-pdnc"

#include "config.h"

#include <string.h>

#include "dossier-pdnc.h"

G_DEFINE_QUARK (dossier-pdnc-error-quark, dossier_pdnc_error)

/* ---- CSV ------------------------------------------------------------------ */

GPtrArray *
dossier_pdnc_csv_parse (const char  *contents,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  guint line = 1;
  gsize i = 0;

  g_return_val_if_fail (contents != NULL || length == 0, NULL);

  while (i < length)
    {
      gboolean end_of_record = FALSE;

      if (contents[i] == '"')
        {
          guint opened = line;

          for (i++; ; i++)
            {
              if (i >= length)
                {
                  g_set_error (error, DOSSIER_PDNC_ERROR, DOSSIER_PDNC_ERROR_CSV,
                               "line %u: a quoted field is never closed", opened);
                  return NULL;
                }
              if (contents[i] == '"')
                {
                  if (i + 1 < length && contents[i + 1] == '"')
                    {
                      g_string_append_c (field, '"');
                      i++;
                      continue;
                    }
                  i++;
                  break;
                }
              if (contents[i] == '\n')
                line++;
              g_string_append_c (field, contents[i]);
            }
          if (i < length && contents[i] != ',' && contents[i] != '\n' &&
              !(contents[i] == '\r' && i + 1 < length && contents[i + 1] == '\n'))
            {
              g_set_error (error, DOSSIER_PDNC_ERROR, DOSSIER_PDNC_ERROR_CSV,
                           "line %u: text after the closing quotation mark of a field", line);
              return NULL;
            }
        }
      else
        {
          while (i < length && contents[i] != ',' && contents[i] != '\n' &&
                 !(contents[i] == '\r' && i + 1 < length && contents[i + 1] == '\n'))
            {
              if (contents[i] == '"')
                {
                  g_set_error (error, DOSSIER_PDNC_ERROR, DOSSIER_PDNC_ERROR_CSV,
                               "line %u: a quotation mark inside an unquoted field", line);
                  return NULL;
                }
              g_string_append_c (field, contents[i]);
              i++;
            }
        }

      /* i is at a separator, the end of a record, or the end of the input */
      if (i < length && contents[i] == '\r')
        i++;
      if (i >= length || contents[i] == '\n')
        end_of_record = TRUE;
      i++;
      g_ptr_array_add (fields, g_strndup (field->str, field->len));
      g_string_truncate (field, 0);
      if (end_of_record)
        {
          g_ptr_array_add (fields, NULL);
          g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
          line++;
        }
    }
  return g_steal_pointer (&records);
}

/* ---- Python literals -------------------------------------------------------- */

void
dossier_py_value_free (DossierPyValue *value)
{
  if (value == NULL)
    return;
  g_free (value->string);
  g_clear_pointer (&value->items, g_ptr_array_unref);
  g_free (value);
}

typedef struct
{
  const char *start;
  const char *p;
  GError    **error;
} PyReader;

static void
py_skip_space (PyReader *r)
{
  while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')
    r->p++;
}

static DossierPyValue *
py_fail (PyReader   *r,
         const char *what)
{
  g_set_error (r->error, DOSSIER_PDNC_ERROR, DOSSIER_PDNC_ERROR_LITERAL,
               "%s at character %ld", what, (long)(r->p - r->start));
  return NULL;
}

static DossierPyValue *py_read (PyReader *r,
                                guint     depth);

static DossierPyValue *
py_read_string (PyReader *r)
{
  g_autoptr(GString) s = g_string_new (NULL);
  char quote = *r->p++;
  DossierPyValue *v;

  for (;;)
    {
      char ch = *r->p;

      if (ch == '\0')
        return py_fail (r, "a string is never closed");
      r->p++;
      if (ch == quote)
        break;
      if (ch != '\\')
        {
          g_string_append_c (s, ch);
          continue;
        }
      ch = *r->p++;
      switch (ch)
        {
        case 'n': g_string_append_c (s, '\n'); break;
        case 't': g_string_append_c (s, '\t'); break;
        case 'r': g_string_append_c (s, '\r'); break;
        case '\\': case '\'': case '"': g_string_append_c (s, ch); break;
        case '\n': break; /* a continued line */
        case 'x':
          if (g_ascii_isxdigit (r->p[0]) && g_ascii_isxdigit (r->p[1]))
            {
              gunichar c = g_ascii_xdigit_value (r->p[0]) * 16 + g_ascii_xdigit_value (r->p[1]);
              g_string_append_unichar (s, c);
              r->p += 2;
              break;
            }
          return py_fail (r, "a broken \\x escape");
        case 'u':
          {
            gunichar c = 0;
            for (guint k = 0; k < 4; k++)
              {
                if (!g_ascii_isxdigit (r->p[k]))
                  return py_fail (r, "a broken \\u escape");
                c = c * 16 + g_ascii_xdigit_value (r->p[k]);
              }
            g_string_append_unichar (s, c);
            r->p += 4;
            break;
          }
        case '\0':
          return py_fail (r, "a string is never closed");
        default:
          /* Python keeps the backslash of an unknown escape */
          g_string_append_c (s, '\\');
          g_string_append_c (s, ch);
          break;
        }
    }
  v = g_new0 (DossierPyValue, 1);
  v->kind = DOSSIER_PY_STRING;
  v->string = g_string_free (g_steal_pointer (&s), FALSE);
  return v;
}

static DossierPyValue *
py_read_sequence (PyReader *r,
                  guint     depth)
{
  char close = *r->p == '[' ? ']' : *r->p == '{' ? '}' : ')';
  g_autoptr(GPtrArray) items =
    g_ptr_array_new_with_free_func ((GDestroyNotify)dossier_py_value_free);
  DossierPyValue *v;

  r->p++;
  for (;;)
    {
      DossierPyValue *item;

      py_skip_space (r);
      if (*r->p == close)
        {
          r->p++;
          break;
        }
      item = py_read (r, depth + 1);
      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);
      py_skip_space (r);
      if (*r->p == ',')
        r->p++;
      else if (*r->p != close)
        return py_fail (r, "a comma or the end of the list expected");
    }
  v = g_new0 (DossierPyValue, 1);
  v->kind = DOSSIER_PY_LIST;
  v->items = g_steal_pointer (&items);
  return v;
}

static DossierPyValue *
py_read (PyReader *r,
         guint     depth)
{
  DossierPyValue *v;

  if (depth > 32)
    return py_fail (r, "lists nested too deeply");
  py_skip_space (r);
  if (*r->p == '[' || *r->p == '{' || *r->p == '(')
    return py_read_sequence (r, depth);
  if ((*r->p == 'r' || *r->p == 'u' || *r->p == 'b') && (r->p[1] == '\'' || r->p[1] == '"'))
    {
      if (*r->p == 'r')
        return py_fail (r, "raw strings are not read");
      r->p++;
    }
  if (*r->p == '\'' || *r->p == '"')
    return py_read_string (r);
  if (g_ascii_isdigit (*r->p) || (*r->p == '-' && g_ascii_isdigit (r->p[1])))
    {
      char *end = NULL;
      gint64 n = g_ascii_strtoll (r->p, &end, 10);

      if (end == r->p || *end == '.' || *end == 'e' || *end == 'E')
        return py_fail (r, "only integers are read");
      r->p = end;
      v = g_new0 (DossierPyValue, 1);
      v->kind = DOSSIER_PY_INT;
      v->integer = n;
      return v;
    }
  if (strncmp (r->p, "None", 4) == 0 || strncmp (r->p, "nan", 3) == 0)
    {
      r->p += r->p[0] == 'N' ? 4 : 3;
      v = g_new0 (DossierPyValue, 1);
      v->kind = DOSSIER_PY_NONE;
      return v;
    }
  return py_fail (r, "a value expected");
}

DossierPyValue *
dossier_py_value_parse (const char  *text,
                        GError     **error)
{
  PyReader r = { text, text, error };
  g_autoptr(DossierPyValue) v = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  v = py_read (&r, 0);
  if (v == NULL)
    return NULL;
  py_skip_space (&r);
  if (*r.p != '\0')
    return py_fail (&r, "text after the value");
  return g_steal_pointer (&v);
}

/* ---- a novel ------------------------------------------------------------------- */

static void
clear_quotation (gpointer data)
{
  DossierPdncQuotation *q = data;

  g_clear_pointer (&q->id, g_free);
  g_clear_pointer (&q->text, g_free);
  g_clear_pointer (&q->spans, g_free);
  g_clear_pointer (&q->pieces, g_strfreev);
  g_clear_pointer (&q->speaker, g_free);
}

static void
clear_character (gpointer data)
{
  DossierPdncCharacter *c = data;

  g_clear_pointer (&c->main_name, g_free);
  g_clear_pointer (&c->aliases, g_strfreev);
}

void
dossier_pdnc_novel_free (DossierPdncNovel *novel)
{
  if (novel == NULL)
    return;
  g_free (novel->name);
  g_free (novel->text);
  g_clear_pointer (&novel->quotations, g_array_unref);
  g_clear_pointer (&novel->characters, g_array_unref);
  g_free (novel);
}

const char *
dossier_pdnc_quote_type_name (DossierPdncQuoteType type)
{
  static const char * const names[] = { "Explicit", "Anaphoric", "Implicit", "other" };

  g_return_val_if_fail (type < DOSSIER_PDNC_N_TYPES, "other");
  return names[type];
}

static int
column (char       **header,
        const char  *name,
        const char  *file,
        GError     **error)
{
  for (guint i = 0; header[i] != NULL; i++)
    if (strcmp (header[i], name) == 0)
      return i;
  g_set_error (error, DOSSIER_PDNC_ERROR, DOSSIER_PDNC_ERROR_FIELD,
               "%s: no column “%s”", file, name);
  return -1;
}

static GPtrArray *
read_csv (const char  *folder,
          const char  *file,
          GError     **error)
{
  g_autofree char *path = g_build_filename (folder, file, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) local = NULL;
  gsize length = 0;
  GPtrArray *records;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  records = dossier_pdnc_csv_parse (contents, length, &local);
  if (records == NULL)
    {
      g_set_error (error, DOSSIER_PDNC_ERROR, local->code, "%s: %s", file, local->message);
      return NULL;
    }
  if (records->len == 0)
    {
      g_ptr_array_unref (records);
      g_set_error (error, DOSSIER_PDNC_ERROR, DOSSIER_PDNC_ERROR_CSV, "%s: empty", file);
      return NULL;
    }
  return records;
}

/* A list of strings ("['a', 'b']", "{'a'}") as a GStrv, or NULL. */
static char **
string_list (const DossierPyValue *v)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (v->kind != DOSSIER_PY_LIST)
    return NULL;
  for (guint i = 0; i < v->items->len; i++)
    {
      const DossierPyValue *item = g_ptr_array_index (v->items, i);
      if (item->kind != DOSSIER_PY_STRING)
        return NULL;
      g_strv_builder_add (builder, item->string);
    }
  return g_strv_builder_end (builder);
}

static gboolean
field_error (GError     **error,
             const char  *where,
             const char  *what)
{
  g_set_error (error, DOSSIER_PDNC_ERROR, DOSSIER_PDNC_ERROR_FIELD, "%s: %s", where, what);
  return FALSE;
}

static gboolean
read_characters (DossierPdncNovel  *novel,
                 const char        *folder,
                 GError           **error)
{
  g_autoptr(GPtrArray) records = read_csv (folder, "character_info.csv", error);
  char **header;
  int c_name, c_aliases, c_gender;

  if (records == NULL)
    return FALSE;
  header = g_ptr_array_index (records, 0);
  if ((c_name = column (header, "Main Name", "character_info.csv", error)) < 0 ||
      (c_aliases = column (header, "Aliases", "character_info.csv", error)) < 0 ||
      (c_gender = column (header, "Gender", "character_info.csv", error)) < 0)
    return FALSE;

  for (guint r = 1; r < records->len; r++)
    {
      char **row = g_ptr_array_index (records, r);
      g_autofree char *where = g_strdup_printf ("character_info.csv record %u", r + 1);
      g_autoptr(DossierPyValue) aliases = NULL;
      DossierPdncCharacter ch = { 0 };
      guint n = g_strv_length (row);

      if (n == 1 && row[0][0] == '\0')
        continue; /* a blank line */
      if ((guint)MAX (c_name, MAX (c_aliases, c_gender)) >= n)
        return field_error (error, where, "too few fields");
      aliases = dossier_py_value_parse (row[c_aliases], error);
      if (aliases == NULL)
        return FALSE;
      ch.aliases = string_list (aliases);
      if (ch.aliases == NULL)
        return field_error (error, where, "Aliases is not a list of strings");
      ch.main_name = g_strdup (row[c_name]);
      ch.gender = row[c_gender][0];
      g_array_append_val (novel->characters, ch);
    }
  return TRUE;
}

static gboolean
is_character (DossierPdncNovel *novel,
              const char       *name)
{
  for (guint i = 0; i < novel->characters->len; i++)
    if (strcmp (g_array_index (novel->characters, DossierPdncCharacter, i).main_name, name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
read_quotations (DossierPdncNovel  *novel,
                 const char        *folder,
                 GError           **error)
{
  g_autoptr(GPtrArray) records = read_csv (folder, "quotation_info.csv", error);
  glong n_chars = g_utf8_strlen (novel->text, novel->length);
  char **header;
  int c_id, c_text, c_pieces, c_spans, c_speaker, c_type;

  if (records == NULL)
    return FALSE;
  header = g_ptr_array_index (records, 0);
  if ((c_id = column (header, "quoteID", "quotation_info.csv", error)) < 0 ||
      (c_text = column (header, "quoteText", "quotation_info.csv", error)) < 0 ||
      (c_pieces = column (header, "subQuotationList", "quotation_info.csv", error)) < 0 ||
      (c_spans = column (header, "quoteByteSpans", "quotation_info.csv", error)) < 0 ||
      (c_speaker = column (header, "speaker", "quotation_info.csv", error)) < 0 ||
      (c_type = column (header, "quoteType", "quotation_info.csv", error)) < 0)
    return FALSE;

  for (guint r = 1; r < records->len; r++)
    {
      char **row = g_ptr_array_index (records, r);
      guint n = g_strv_length (row);
      g_autofree char *where = NULL;
      g_autoptr(DossierPyValue) pieces = NULL;
      g_autoptr(DossierPyValue) spans = NULL;
      DossierPdncQuotation q = { 0 };
      int widest = MAX (MAX (c_id, c_text), MAX (MAX (c_pieces, c_spans), MAX (c_speaker, c_type)));

      if (n == 1 && row[0][0] == '\0')
        continue;
      where = g_strdup_printf ("quotation_info.csv %s", n > (guint)c_id ? row[c_id] : "?");
      if (widest >= (int)n)
        return field_error (error, where, "too few fields");
      if ((pieces = dossier_py_value_parse (row[c_pieces], error)) == NULL ||
          (spans = dossier_py_value_parse (row[c_spans], error)) == NULL)
        return FALSE;
      if (spans->kind != DOSSIER_PY_LIST || spans->items->len == 0)
        return field_error (error, where, "quoteByteSpans is not a list of spans");
      if (!is_character (novel, row[c_speaker]))
        return field_error (error, where, "the speaker is not in character_info.csv");

      q.pieces = string_list (pieces);
      if (q.pieces == NULL || g_strv_length (q.pieces) != spans->items->len)
        {
          g_strfreev (q.pieces);
          return field_error (error, where, "subQuotationList does not match quoteByteSpans");
        }
      q.n_pieces = spans->items->len;
      q.spans = g_new0 (DossierSpanRange, q.n_pieces);
      for (guint k = 0; k < q.n_pieces; k++)
        {
          const DossierPyValue *s = g_ptr_array_index (spans->items, k);
          const DossierPyValue *a, *b;

          if (s->kind != DOSSIER_PY_LIST || s->items->len != 2 ||
              (a = g_ptr_array_index (s->items, 0))->kind != DOSSIER_PY_INT ||
              (b = g_ptr_array_index (s->items, 1))->kind != DOSSIER_PY_INT ||
              a->integer < 0 || b->integer < a->integer || b->integer > n_chars)
            {
              g_free (q.spans);
              g_strfreev (q.pieces);
              return field_error (error, where, "a span is not [start, end] inside the text");
            }
          q.spans[k].start = a->integer;
          q.spans[k].end = b->integer;
        }
      q.id = g_strdup (row[c_id]);
      q.text = g_strdup (row[c_text]);
      q.speaker = g_strdup (row[c_speaker]);
      q.type = DOSSIER_PDNC_OTHER;
      for (guint t = 0; t < DOSSIER_PDNC_OTHER; t++)
        if (strcmp (row[c_type], dossier_pdnc_quote_type_name (t)) == 0)
          q.type = t;
      g_array_append_val (novel->quotations, q);
    }
  return TRUE;
}

DossierPdncNovel *
dossier_pdnc_novel_load (const char  *folder,
                         GError     **error)
{
  g_autoptr(DossierPdncNovel) novel = g_new0 (DossierPdncNovel, 1);
  g_autofree char *text_path = NULL;

  g_return_val_if_fail (folder != NULL, NULL);

  novel->name = g_path_get_basename (folder);
  novel->quotations = g_array_new (FALSE, TRUE, sizeof (DossierPdncQuotation));
  g_array_set_clear_func (novel->quotations, clear_quotation);
  novel->characters = g_array_new (FALSE, TRUE, sizeof (DossierPdncCharacter));
  g_array_set_clear_func (novel->characters, clear_character);

  text_path = g_build_filename (folder, "novel_text.txt", NULL);
  if (!g_file_get_contents (text_path, &novel->text, &novel->length, error))
    return NULL;
  if (!g_utf8_validate (novel->text, novel->length, NULL) ||
      memchr (novel->text, '\0', novel->length) != NULL)
    {
      g_set_error (error, DOSSIER_PDNC_ERROR, DOSSIER_PDNC_ERROR_FIELD,
                   "novel_text.txt: not UTF-8 text");
      return NULL;
    }
  if (!read_characters (novel, folder, error) || !read_quotations (novel, folder, error))
    return NULL;
  return g_steal_pointer (&novel);
}
