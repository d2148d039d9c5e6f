/* dossier-timeml.c — TimeML in and out: tag a TimeML document with our own TIMEX3s
 *
 * The document creation time comes from the TIMEX3 with
 * functionInDocument="CREATION_TIME" (normally inside <DCT>); the text is
 * what lies between the tags inside <TEXT>.
 *
 * What happens to the tags already inside <TEXT>:
 *  - TIMEX3 tags (the gold ones) are dropped: we put our own in their place.
 *  - Every other tag (EVENT, SIGNAL, …) is kept as it was, byte for byte,
 *    unless one of our TIMEX3s would cross it (overlap it without nesting):
 *    then that element's start and end tags are dropped so the output stays
 *    well-formed XML. The text between tags is never changed.
 * Everything outside <TEXT> is copied unchanged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-timeml"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "dossier-commands.h"
#include "dossier-timex-timeml.h"
#include "dossier-timex.h"

typedef struct
{
  gsize    pos;        /* offset into the plain text where the tag sits */
  gsize    src_start;  /* the tag in the source document */
  gsize    src_end;
  int      partner;    /* index of the matching start/end tag, or -1 */
  gboolean is_end;
  gboolean dropped;
} KeptTag;

static gboolean
tag_name_is (const char *tag,
             gsize       len,
             const char *name)
{
  gsize n = strlen (name);
  const char *p = tag + 1;

  if (len > 1 && *p == '/')
    p++;
  return (gsize)(tag + len - p) > n && strncmp (p, name, n) == 0 &&
         (p[n] == '>' || p[n] == ' ' || p[n] == '/' || p[n] == '\t' || p[n] == '\n');
}

/* Finds an attribute value inside one tag; returns a newly allocated copy or NULL. */
char *
_dossier_timeml_attribute (const char *tag,
                           gsize       len,
                           const char *name)
{
  gsize n = strlen (name);

  for (gsize i = 1; i + n + 2 < len; i++)
    {
      if ((tag[i - 1] == ' ' || tag[i - 1] == '\t' || tag[i - 1] == '\n') &&
          strncmp (tag + i, name, n) == 0 && tag[i + n] == '=' &&
          (tag[i + n + 1] == '"' || tag[i + n + 1] == '\''))
        {
          char q = tag[i + n + 1];
          const char *v = tag + i + n + 2;
          const char *e = memchr (v, q, tag + len - v);

          if (e == NULL)
            return NULL;
          return g_strndup (v, e - v);
        }
    }
  return NULL;
}

/* The creation time (YYYY-MM-DD…) of a TimeML document, or NULL. */
char *
_dossier_timeml_creation_time (const char *contents,
                               gsize       length)
{
  const char *p = contents;
  const char *end = contents + length;

  while ((p = g_strstr_len (p, end - p, "<TIMEX3")) != NULL)
    {
      const char *close = memchr (p, '>', end - p);
      g_autofree char *function = NULL;

      if (close == NULL)
        return NULL;
      function = _dossier_timeml_attribute (p, close + 1 - p, "functionInDocument");
      if (g_strcmp0 (function, "CREATION_TIME") == 0)
        return _dossier_timeml_attribute (p, close + 1 - p, "value");
      p = close;
    }
  return NULL;
}

gboolean
_dossier_timeml_find_text (const char *contents,
                           gsize       length,
                           gsize      *text_start,
                           gsize      *text_end)
{
  const char *open = g_strstr_len (contents, length, "<TEXT>");
  const char *close;

  if (open == NULL)
    return FALSE;
  close = g_strstr_len (open, contents + length - open, "</TEXT>");
  if (close == NULL)
    return FALSE;
  *text_start = open + strlen ("<TEXT>") - contents;
  *text_end = close - contents;
  return TRUE;
}

/* Strips the tags of contents[start, end): the plain text goes to @plain,
 * the tags to @tags (KeptTag; TIMEX3 tags flagged dropped) and gold TIMEX3
 * elements to @timexes (DossierTimexGold) when not NULL. */
gboolean
_dossier_timeml_strip (const char  *contents,
                       gsize        start,
                       gsize        end,
                       GString     *plain,
                       GArray      *tags,
                       GArray      *timexes,
                       GError     **error)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (int));
  gsize i = start;
  int open_timex = -1;

  while (i < end)
    {
      const char *lt = memchr (contents + i, '<', end - i);
      const char *gt;
      gsize tag_start, tag_len;
      KeptTag tag = { 0 };
      gboolean is_timex;

      if (lt == NULL)
        {
          g_string_append_len (plain, contents + i, end - i);
          break;
        }
      g_string_append_len (plain, contents + i, lt - (contents + i));
      gt = memchr (lt, '>', contents + end - lt);
      if (gt == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "unterminated tag at byte %" G_GSIZE_FORMAT, (gsize)(lt - contents));
          return FALSE;
        }
      tag_start = lt - contents;
      tag_len = gt + 1 - lt;
      i = tag_start + tag_len;

      tag.pos = plain->len;
      tag.src_start = tag_start;
      tag.src_end = i;
      tag.partner = -1;
      tag.is_end = lt[1] == '/';
      is_timex = tag_name_is (lt, tag_len, "TIMEX3");
      tag.dropped = is_timex;

      if (is_timex && timexes != NULL)
        {
          if (!tag.is_end)
            {
              DossierTimexGold g = { 0 };
              g_autofree char *type = _dossier_timeml_attribute (lt, tag_len, "type");
              g_autofree char *value = _dossier_timeml_attribute (lt, tag_len, "value");
              g_autofree char *mod = _dossier_timeml_attribute (lt, tag_len, "mod");

              g.start = plain->len;
              g.end = plain->len;
              g_strlcpy (g.type, type ? type : "", sizeof g.type);
              g_strlcpy (g.value, value ? value : "", sizeof g.value);
              g_strlcpy (g.mod, mod ? mod : "", sizeof g.mod);
              g_array_append_val (timexes, g);
              open_timex = timexes->len - 1;
              if (lt[tag_len - 2] == '/')
                open_timex = -1;
            }
          else if (open_timex >= 0)
            {
              g_array_index (timexes, DossierTimexGold, open_timex).end = plain->len;
              open_timex = -1;
            }
        }

      if (tags == NULL)
        continue;
      if (lt[tag_len - 2] == '/' || lt[1] == '?' || lt[1] == '!')
        {
          /* an empty element or a comment: stands alone */
          g_array_append_val (tags, tag);
          continue;
        }
      g_array_append_val (tags, tag);
      if (!tag.is_end)
        {
          int index = tags->len - 1;
          g_array_append_val (stack, index);
        }
      else if (stack->len > 0)
        {
          int open = g_array_index (stack, int, stack->len - 1);

          g_array_set_size (stack, stack->len - 1);
          g_array_index (tags, KeptTag, open).partner = tags->len - 1;
          g_array_index (tags, KeptTag, tags->len - 1).partner = open;
        }
    }
  return TRUE;
}

static void
append_escaped (GString    *out,
                const char *s)
{
  for (; *s; s++)
    {
      if (*s == '"')
        g_string_append (out, "&quot;");
      else if (*s == '&')
        g_string_append (out, "&amp;");
      else if (*s == '<')
        g_string_append (out, "&lt;");
      else
        g_string_append_c (out, *s);
    }
}

gboolean
dossier_timeml_tag (const char  *contents,
                    gsize        length,
                    const char  *published,
                    GString     *out,
                    GError     **error)
{
  g_autoptr(GString) plain = NULL;
  g_autoptr(GArray) tags = NULL;
  g_autoptr(GArray) found = NULL;
  g_autofree char *dct = NULL;
  char reference[11] = { 0 };
  gsize text_start, text_end;
  guint next_tag = 0;

  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_utf8_validate (contents, length, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the document is not valid UTF-8");
      return FALSE;
    }
  if (!_dossier_timeml_find_text (contents, length, &text_start, &text_end))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no <TEXT> element in the document");
      return FALSE;
    }

  dct = published ? g_strdup (published) : _dossier_timeml_creation_time (contents, length);
  if (dct != NULL && strlen (dct) >= 10)
    memcpy (reference, dct, 10);

  plain = g_string_new (NULL);
  tags = g_array_new (FALSE, FALSE, sizeof (KeptTag));
  if (!_dossier_timeml_strip (contents, text_start, text_end, plain, tags, NULL, error))
    return FALSE;

  found = dossier_timex_find_in_text (plain->str, plain->len, reference[0] ? reference : NULL);

  /* Drop the kept elements our TIMEX3s would cross. At one position, end tags
   * of the document come before ours, start tags after ours. */
  for (guint t = 0; t < found->len; t++)
    {
      const DossierTimex *x = &g_array_index (found, DossierTimex, t);

      for (guint k = 0; k < tags->len; k++)
        {
          KeptTag *tag = &g_array_index (tags, KeptTag, k);
          KeptTag *partner;
          gsize os, oe;

          if (tag->dropped || tag->is_end || tag->partner < 0)
            continue;
          partner = &g_array_index (tags, KeptTag, tag->partner);
          os = tag->pos;
          oe = partner->pos;
          if (oe <= x->byte_start || os >= x->byte_end ||
              (os >= x->byte_start && oe <= x->byte_end) ||
              (os < x->byte_start && oe > x->byte_end))
            continue;
          tag->dropped = TRUE;
          partner->dropped = TRUE;
        }
    }

  g_string_append_len (out, contents, text_start);
  for (guint t = 0, p = 0; p <= plain->len; p++)
    {
      /* document end tags at p */
      for (guint k = next_tag; k < tags->len; k++)
        {
          const KeptTag *tag = &g_array_index (tags, KeptTag, k);

          if (tag->pos != p)
            break;
          if (tag->is_end && !tag->dropped)
            g_string_append_len (out, contents + tag->src_start, tag->src_end - tag->src_start);
        }
      if (t > 0 && g_array_index (found, DossierTimex, t - 1).byte_end == p)
        g_string_append (out, "</TIMEX3>");
      if (t < found->len && g_array_index (found, DossierTimex, t).byte_start == p)
        {
          const DossierTimex *x = &g_array_index (found, DossierTimex, t);

          g_string_append_printf (out, "<TIMEX3 tid=\"t%u\" type=\"%s\" value=\"", t + 1,
                                  dossier_timex_type_to_string (x->type));
          append_escaped (out, x->value);
          g_string_append_c (out, '"');
          if (x->mod[0])
            {
              g_string_append (out, " mod=\"");
              append_escaped (out, x->mod);
              g_string_append_c (out, '"');
            }
          g_string_append_c (out, '>');
          t++;
        }
      /* document start tags (and empty elements) at p */
      for (; next_tag < tags->len; next_tag++)
        {
          const KeptTag *tag = &g_array_index (tags, KeptTag, next_tag);

          if (tag->pos != p)
            break;
          if (!tag->is_end && !tag->dropped)
            g_string_append_len (out, contents + tag->src_start, tag->src_end - tag->src_start);
        }
      if (p < plain->len)
        g_string_append_c (out, plain->str[p]);
    }
  g_string_append_len (out, contents + text_end, length - text_end);
  return TRUE;
}
