/* dossier-json-reader.c — a strict JSON reader for project files
 *
 * json-glib builds a tree of nodes for the whole file, and building and
 * freeing it is most of the time a big project takes to open (some 200 ms of
 * 300 for a 9 MB file). Project files are read once, front to back, into the
 * model, so this reader builds no tree: it checks the whole input first
 * (RFC 8259, so a broken file is refused before anything is read), then hands
 * out the members of one object at a time, with nested objects and arrays
 * left as places to read later. Strings are decoded in place in the reader's
 * own copy of the input, so reading allocates almost nothing. Fields a
 * project does not know become json-glib nodes, to be written back as they
 * were.
 *
 * Every place in the input is decoded at most once: a caller reads each
 * object and array value once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-json-reader"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "dossier-json-reader.h"
#include "dossier-project-io.h"

/* deeper nesting than any project has; keeps hostile input off the stack */
#define MAX_DEPTH 512

struct _DossierJsonReader
{
  char     *data;    /* a NUL-terminated copy of the input; strings are decoded into it */
  gsize     length;
  gsize     offset;  /* of the first byte after a byte order mark */
  gboolean  checked; /* the whole input is known to be well-formed */
  GArray   *ends;    /* Span: the outer objects and arrays, by start, to skip them at once */
};

typedef struct
{
  gsize start;
  gsize end;
} Span;

/* objects and arrays this deep or less are remembered: down to a document's lists */
#define REMEMBERED_DEPTH 4

DossierJsonReader *
dossier_json_reader_new (const char *data,
                         gsize       length)
{
  DossierJsonReader *self = g_new0 (DossierJsonReader, 1);

  self->ends = g_array_new (FALSE, FALSE, sizeof (Span));
  self->data = g_malloc (length + 1);
  memcpy (self->data, data, length);
  self->data[length] = '\0';
  self->length = length;
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    self->offset = 3;
  return self;
}

void
dossier_json_reader_free (DossierJsonReader *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->ends);
  g_free (self->data);
  g_free (self);
}

static gboolean
syntax_error (DossierJsonReader  *self,
              gsize               at,
              GError            **error,
              const char         *format,
              ...) G_GNUC_PRINTF (4, 5);

static gboolean
syntax_error (DossierJsonReader  *self,
              gsize               at,
              GError            **error,
              const char         *format,
              ...)
{
  g_autofree char *what = NULL;
  guint line = 1, column = 1;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  for (gsize i = 0; i < at && i < self->length; i++)
    {
      if (self->data[i] == '\n')
        line++, column = 1;
      else if (((guchar)self->data[i] & 0xc0) != 0x80)
        column++;
    }
  g_set_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_INVALID_JSON,
               _("The file is not valid JSON: line %u, column %u: %s"), line, column, what);
  return FALSE;
}

static gboolean
unexpected (DossierJsonReader  *self,
            gsize               at,
            const char         *expected,
            GError            **error)
{
  char c = self->data[at];

  if (at >= self->length)
    return syntax_error (self, at, error, _("the file ends where %s should be"), expected);
  if ((guchar)c >= 0x20 && (guchar)c < 0x7f)
    return syntax_error (self, at, error, _("“%c” where %s should be"), c, expected);
  return syntax_error (self, at, error, _("an unexpected character where %s should be"), expected);
}

static inline gsize
skip_space (const char *data,
            gsize       at)
{
  while (data[at] == ' ' || data[at] == '\n' || data[at] == '\r' || data[at] == '\t')
    at++;
  return at;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* The four hex digits after "\u" at @at, or -1. */
static int
read_hex4 (const char *data,
           gsize       at)
{
  int v = 0;

  for (guint i = 0; i < 4; i++)
    {
      int h = hex_value (data[at + i]); /* stops at the NUL at the end: never reads past it */
      if (h < 0)
        return -1;
      v = v * 16 + h;
    }
  return v;
}

/* The string starting with the quote at *@at: checked, and when @decoded is
 * not NULL decoded in place (over the string itself, which is never longer)
 * and NUL-terminated. *@at moves past the closing quote. */
static gboolean
read_string (DossierJsonReader  *self,
             gsize              *at,
             const char        **decoded,
             GError            **error)
{
  char *data = self->data;
  gsize r = *at + 1;
  gsize w = *at;

  for (;;)
    {
      guchar c = data[r];

      if (c == '"')
        break;
      /* raw control characters (a tab typed into a file) are not JSON, but harmless, and
       * json-glib, which Dossier used before, reads them: so does this reader */
      if (c == '\0' && r >= self->length)
        return syntax_error (self, *at, error, _("a string is not closed"));
      if (c != '\\')
        {
          if (decoded)
            data[w++] = c;
          r++;
          continue;
        }
      switch (data[r + 1])
        {
        case '"': case '\\': case '/':
          c = data[r + 1];
          break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'u':
          {
            int u = read_hex4 (data, r + 2);
            gunichar ch;

            if (u < 0)
              return syntax_error (self, r, error, _("“\\u” without four hex digits"));
            ch = u;
            r += 6;
            if (u == 0)
              {
                guint line = 1;
                for (gsize k = 0; k < r; k++)
                  line += data[k] == '\n';
                g_set_error (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_INVALID_UTF8,
                             _("The file contains a NUL character (\\u0000) on line %u: it is not text"),
                             line);
                return FALSE;
              }
            if (u >= 0xd800 && u <= 0xdbff)
              {
                int low = data[r] == '\\' && data[r + 1] == 'u' ? read_hex4 (data, r + 2) : -1;
                if (low < 0xdc00 || low > 0xdfff)
                  return syntax_error (self, r - 6, error, _("half of a surrogate pair"));
                ch = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
                r += 6;
              }
            else if (u >= 0xdc00 && u <= 0xdfff)
              return syntax_error (self, r - 6, error, _("half of a surrogate pair"));
            if (decoded)
              w += g_unichar_to_utf8 (ch, data + w);
            continue;
          }
        default:
          return syntax_error (self, r, error, _("an unknown escape inside a string"));
        }
      if (decoded)
        data[w++] = c;
      r += 2;
    }
  if (decoded)
    {
      data[w] = '\0';
      *decoded = data + *at;
    }
  *at = r + 1;
  return TRUE;
}

/* A number as RFC 8259 writes it; whole numbers that fit are INTEGER. */
static gboolean
read_number (DossierJsonReader  *self,
             gsize              *at,
             DossierJsonValue   *value,
             GError            **error)
{
  const char *data = self->data;
  gsize p = *at;
  gboolean whole = TRUE;

  if (data[p] == '-')
    p++;
  /* leading zeros ("01") are not JSON, but unambiguous, and json-glib reads
   * them: so does this reader (other leniencies of json-glib's scanner, such
   * as "\x", ".5" or comments, are refused) */
  if (!g_ascii_isdigit (data[p]))
    return unexpected (self, p, _("a digit"), error);
  while (g_ascii_isdigit (data[p]))
    p++;
  if (data[p] == '.')
    {
      whole = FALSE;
      if (!g_ascii_isdigit (data[++p]))
        return unexpected (self, p, _("a digit"), error);
      while (g_ascii_isdigit (data[p]))
        p++;
    }
  if (data[p] == 'e' || data[p] == 'E')
    {
      whole = FALSE;
      p++;
      if (data[p] == '+' || data[p] == '-')
        p++;
      if (!g_ascii_isdigit (data[p]))
        return unexpected (self, p, _("a digit"), error);
      while (g_ascii_isdigit (data[p]))
        p++;
    }

  if (value)
    {
      value->at = *at;
      value->type = DOSSIER_JSON_DOUBLE;
      /* up to 18 digits cannot overflow */
      if (whole && p - *at <= 18)
        {
          gboolean negative = data[*at] == '-';
          gint64 v = 0;

          for (gsize i = *at + negative; i < p; i++)
            v = v * 10 + (data[i] - '0');
          value->type = DOSSIER_JSON_INTEGER;
          value->integer = negative ? -v : v;
        }
      else if (whole)
        {
          char *end;
          gint64 v;

          errno = 0;
          v = g_ascii_strtoll (data + *at, &end, 10);
          if (errno == 0 && end == data + p)
            {
              value->type = DOSSIER_JSON_INTEGER;
              value->integer = v;
            }
        }
      if (value->type == DOSSIER_JSON_DOUBLE)
        value->number = g_ascii_strtod (data + *at, NULL);
    }
  *at = p;
  return TRUE;
}

static gboolean
read_word (DossierJsonReader  *self,
           gsize              *at,
           const char         *word,
           GError            **error)
{
  gsize n = strlen (word);

  if (strncmp (self->data + *at, word, n) != 0 || g_ascii_isalnum (self->data[*at + n]))
    return unexpected (self, *at, _("a value"), error);
  *at += n;
  return TRUE;
}

/* A scalar at *@at, read into @value (when not NULL; strings decoded). */
static gboolean
read_scalar (DossierJsonReader  *self,
             gsize              *at,
             DossierJsonValue   *value,
             GError            **error)
{
  DossierJsonValue ignored;

  if (value == NULL)
    value = &ignored;
  value->at = *at;
  switch (self->data[*at])
    {
    case '"':
      value->type = DOSSIER_JSON_STRING;
      return read_string (self, at, value == &ignored ? NULL : &value->string, error);
    case 't':
      value->type = DOSSIER_JSON_BOOLEAN;
      value->boolean = TRUE;
      return read_word (self, at, "true", error);
    case 'f':
      value->type = DOSSIER_JSON_BOOLEAN;
      value->boolean = FALSE;
      return read_word (self, at, "false", error);
    case 'n':
      value->type = DOSSIER_JSON_NULL;
      return read_word (self, at, "null", error);
    default:
      return read_number (self, at, value, error);
    }
}

/* The name of an object's member at *@at, and the colon after it; *@at moves to the value. */
static gboolean
read_name (DossierJsonReader  *self,
           gsize              *at,
           const char        **decoded,
           GError            **error)
{
  gsize p = *at;

  if (self->data[p] != '"')
    return unexpected (self, p, _("a name in double quotes"), error);
  if (!read_string (self, &p, decoded, error))
    return FALSE;
  p = skip_space (self->data, p);
  if (self->data[p] != ':')
    return unexpected (self, p, "“:”", error);
  *at = skip_space (self->data, p + 1);
  return TRUE;
}

/* Checks the value at *@at, whatever it holds, and moves past it (without a
 * stack of its own: the closing marks still open are kept in @open). */
static gboolean
skip_value (DossierJsonReader  *self,
            gsize              *at,
            GError            **error)
{
  const char *data = self->data;
  char open[MAX_DEPTH];
  gsize starts[REMEMBERED_DEPTH];
  guint depth = 0;
  gsize p = skip_space (data, *at);

  for (;;)
    {
      /* a value */
      if (data[p] == '{' || data[p] == '[')
        {
          if (depth == MAX_DEPTH)
            return syntax_error (self, p, error, _("nested more than %d levels deep"), MAX_DEPTH);
          if (depth < REMEMBERED_DEPTH)
            starts[depth] = p;
          open[depth++] = data[p] == '{' ? '}' : ']';
          p = skip_space (data, p + 1);
          if (data[p] == open[depth - 1])
            {
              p++;
              depth--;
            }
          else
            {
              if (open[depth - 1] == '}' && !read_name (self, &p, NULL, error))
                return FALSE;
              continue;
            }
        }
      else if (!read_scalar (self, &p, NULL, error))
        return FALSE;

      /* after a value: the next one in its object or array, or their ends */
      for (;;)
        {
          if (depth == 0)
            {
              *at = p;
              return TRUE;
            }
          p = skip_space (data, p);
          if (data[p] == open[depth - 1])
            {
              p++;
              depth--;
              if (depth < REMEMBERED_DEPTH)
                {
                  Span span = { starts[depth], p };
                  g_array_append_val (self->ends, span);
                }
              continue;
            }
          if (data[p] != ',')
            return unexpected (self, p, open[depth - 1] == '}' ? "“,” or “}”" : "“,” or “]”",
                               error);
          p = skip_space (data, p + 1);
          if (open[depth - 1] == '}' && !read_name (self, &p, NULL, error))
            return FALSE;
          break;
        }
    }
}

/* Moves past the object or array at *@at in input already checked: only
 * strings need a closer look, for the brackets they may hold. */
static void
skip_checked (DossierJsonReader *self,
              gsize             *at)
{
  const char *data = self->data;
  gsize p = *at + 1;
  guint depth = 1;
  guint lo = 0, hi = self->ends->len;

  /* a list of the project, remembered by the check */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const Span *span = &g_array_index (self->ends, Span, mid);

      if (span->start == *at)
        {
          *at = span->end;
          return;
        }
      if (span->start < *at)
        lo = mid + 1;
      else
        hi = mid;
    }

  while (depth > 0)
    {
      p += strcspn (data + p, "{}[]\"");
      switch (data[p++])
        {
        case '{': case '[':
          depth++;
          break;
        case '}': case ']':
          depth--;
          break;
        case '"':
          for (;;)
            {
              p += strcspn (data + p, "\"\\");
              if (data[p] == '"')
                break;
              p += 2;
            }
          p++;
          break;
        default:
          break;
        }
    }
  *at = p;
}

/* The value at *@at: scalars read, objects and arrays checked and skipped. */
static gboolean
read_value (DossierJsonReader  *self,
            gsize              *at,
            DossierJsonValue   *value,
            GError            **error)
{
  char c = self->data[*at];

  if (c == '{' || c == '[')
    {
      value->type = c == '{' ? DOSSIER_JSON_OBJECT : DOSSIER_JSON_ARRAY;
      value->at = *at;
      if (self->checked)
        {
          skip_checked (self, at);
          return TRUE;
        }
      return skip_value (self, at, error);
    }
  return read_scalar (self, at, value, error);
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  gsize x = ((const Span *)a)->start, y = ((const Span *)b)->start;

  return x < y ? -1 : x > y;
}

/**
 * dossier_json_reader_check:
 * @root: (out): the value the input holds
 *
 * Checks the whole input; nothing else may be called before it succeeds.
 */
gboolean
dossier_json_reader_check (DossierJsonReader  *self,
                           DossierJsonValue   *root,
                           GError            **error)
{
  gsize at = skip_space (self->data, self->offset);

  if (at >= self->length)
    {
      g_set_error_literal (error, DOSSIER_PROJECT_ERROR, DOSSIER_PROJECT_ERROR_WRONG_FORMAT,
                           _("The file is empty: it holds no project"));
      return FALSE;
    }
  if (!read_value (self, &at, root, error))
    return FALSE;
  at = skip_space (self->data, at);
  if (at < self->length)
    return unexpected (self, at, _("the end of the file"), error);
  self->checked = TRUE;
  g_array_sort (self->ends, compare_spans);
  return TRUE;
}

const DossierJsonValue *
dossier_json_members_get (GArray     *members,
                          const char *key)
{
  for (guint i = 0; i < members->len; i++)
    {
      DossierJsonMember *m = &g_array_index (members, DossierJsonMember, i);
      if (m->key[0] == key[0] && strcmp (m->key, key) == 0)
        {
          m->used = TRUE;
          return &m->value;
        }
    }
  return NULL;
}

/**
 * dossier_json_reader_read_object:
 * @members: (element-type DossierJsonMember): emptied, then filled
 *
 * The members of @object in order; a name given twice keeps its last value
 * (as json-glib does).
 */
gboolean
dossier_json_reader_read_object (DossierJsonReader       *self,
                                 const DossierJsonValue  *object,
                                 GArray                  *members,
                                 GError                 **error)
{
  const char *data = self->data;
  g_autoptr(GHashTable) index = NULL; /* name → position + 1, for objects with many names */
  gsize p;

  g_return_val_if_fail (object->type == DOSSIER_JSON_OBJECT, FALSE);

  g_array_set_size (members, 0);
  p = skip_space (data, object->at + 1);
  if (data[p] == '}')
    return TRUE;
  for (;;)
    {
      DossierJsonMember m = { NULL };
      guint found = 0;

      if (!read_name (self, &p, &m.key, error) ||
          !read_value (self, &p, &m.value, error))
        return FALSE;

      if (index != NULL)
        found = GPOINTER_TO_UINT (g_hash_table_lookup (index, m.key));
      else
        for (guint i = 0; i < members->len && !found; i++)
          if (strcmp (g_array_index (members, DossierJsonMember, i).key, m.key) == 0)
            found = i + 1;
      if (found)
        g_array_index (members, DossierJsonMember, found - 1) = m;
      else
        {
          g_array_append_val (members, m);
          if (index == NULL && members->len > 32)
            {
              index = g_hash_table_new (g_str_hash, g_str_equal);
              for (guint i = 0; i < members->len; i++)
                g_hash_table_insert (index, (gpointer)g_array_index (members, DossierJsonMember, i).key,
                                     GUINT_TO_POINTER (i + 1));
            }
          else if (index != NULL)
            g_hash_table_insert (index, (gpointer)m.key, GUINT_TO_POINTER (members->len));
        }

      p = skip_space (data, p);
      if (data[p] == '}')
        return TRUE;
      if (data[p] != ',')
        return unexpected (self, p, "“,” or “}”", error);
      p = skip_space (data, p + 1);
    }
}

/**
 * dossier_json_reader_array_next:
 * @cursor: (inout): set to the array value's `at` before the first call
 *
 * Reads the next element of an array into @element. Returns %FALSE at the end
 * (or on @error).
 */
gboolean
dossier_json_reader_array_next (DossierJsonReader  *self,
                                gsize              *cursor,
                                DossierJsonValue   *element,
                                GError            **error)
{
  const char *data = self->data;
  gsize p = skip_space (data, *cursor);

  if (data[p] == '[' || data[p] == ',')
    {
      p = skip_space (data, p + 1);
      if (data[p] == ']')   /* only right after "[": the input was checked */
        {
          *cursor = p + 1;
          return FALSE;
        }
      if (!read_value (self, &p, element, error))
        return FALSE;
      *cursor = p;
      return TRUE;
    }
  if (data[p] != ']')
    return unexpected (self, p, "“,” or “]”", error);
  *cursor = p + 1;
  return FALSE;
}

static JsonNode *
to_node (DossierJsonReader       *self,
         const DossierJsonValue  *value,
         guint                    depth,
         GError                 **error)
{
  g_autoptr(JsonNode) node = NULL;

  if (depth > MAX_DEPTH)
    {
      syntax_error (self, value->at, error, _("nested more than %d levels deep"), MAX_DEPTH);
      return NULL;
    }
  switch (value->type)
    {
    case DOSSIER_JSON_NULL:
      return json_node_new (JSON_NODE_NULL);
    case DOSSIER_JSON_BOOLEAN:
      return json_node_init_boolean (json_node_alloc (), value->boolean);
    case DOSSIER_JSON_INTEGER:
      return json_node_init_int (json_node_alloc (), value->integer);
    case DOSSIER_JSON_DOUBLE:
      return json_node_init_double (json_node_alloc (), value->number);
    case DOSSIER_JSON_STRING:
      return json_node_init_string (json_node_alloc (), value->string);
    case DOSSIER_JSON_OBJECT:
      {
        g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (DossierJsonMember));
        g_autoptr(JsonObject) object = json_object_new ();

        if (!dossier_json_reader_read_object (self, value, members, error))
          return NULL;
        for (guint i = 0; i < members->len; i++)
          {
            DossierJsonMember *m = &g_array_index (members, DossierJsonMember, i);
            JsonNode *child = to_node (self, &m->value, depth + 1, error);
            if (child == NULL)
              return NULL;
            json_object_set_member (object, m->key, child);
          }
        node = json_node_init_object (json_node_alloc (), object);
        return g_steal_pointer (&node);
      }
    case DOSSIER_JSON_ARRAY:
      {
        g_autoptr(JsonArray) array = json_array_new ();
        DossierJsonValue element;
        gsize cursor = value->at;

        while (dossier_json_reader_array_next (self, &cursor, &element, error))
          {
            JsonNode *child = to_node (self, &element, depth + 1, error);
            if (child == NULL)
              return NULL;
            json_array_add_element (array, child);
          }
        if (error && *error)
          return NULL;
        node = json_node_init_array (json_node_alloc (), array);
        return g_steal_pointer (&node);
      }
    default:
      g_assert_not_reached ();
    }
}

/**
 * dossier_json_reader_to_node:
 *
 * @value (which was not read before) as a json-glib node, for keeping what
 * this version of Dossier does not know.
 */
JsonNode *
dossier_json_reader_to_node (DossierJsonReader       *self,
                             const DossierJsonValue  *value,
                             GError                 **error)
{
  return to_node (self, value, 0, error);
}
