/* dossier-ner-text.c — token normalisation and hashing shared by the tagger,
 * its trainer and the word-cluster program
 *
 * The tagger was trained on CoNLL-2003 (ASCII Reuters) while articles bring
 * curly quotes, dashes and ellipses; all three programs see tokens through
 * the same normalisation so the clusters, the training data and real text
 * meet in one vocabulary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-ner"

#include "config.h"

#include <string.h>

#include "dossier-ner-private.h"

/* ASCII stand-ins for the typographic punctuation CoNLL text never has. */
static const char *
ascii_for (gunichar c)
{
  switch (c)
    {
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB: case 0x00BB:
      return "\"";
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x2039: case 0x203A:
      return "'";
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212:
      return "-";
    case 0x2014: case 0x2015:
      return "--";
    case 0x2026:
      return "...";
    default:
      return NULL;
    }
}

/* The character at byte @i of @word (@len bytes) and, in @clen, its length;
 * a value past 0x10FFFF if the bytes there are not valid UTF-8. */
static inline gunichar
char_at (const char *word,
         gsize       len,
         gsize       i,
         gsize      *clen)
{
  const char *p = word + i;
  const char *next = g_utf8_find_next_char (p, word + len);

  *clen = (next ? next : word + len) - p;
  return g_utf8_get_char_validated (p, *clen);
}

gsize
_dossier_ner_normalize (const char *word,
                        gsize       len,
                        char       *out)
{
  gsize n = 0;
  gsize i = 0;

  while (i < len && n < DOSSIER_NER_MAX_WORD - 4)
    {
      guchar b = (guchar)word[i];

      if (b < 0x80)
        {
          out[n++] = (b >= '0' && b <= '9') ? '0' : (char)b;
          i++;
        }
      else
        {
          gsize clen;
          gunichar c = char_at (word, len, i, &clen);
          const char *ascii = c < 0x110000 ? ascii_for (c) : NULL;

          if (ascii != NULL)
            {
              gsize alen = strlen (ascii);
              memcpy (out + n, ascii, alen);
              n += alen;
            }
          else if (c < 0x110000 && g_unichar_isdigit (c))
            out[n++] = '0';
          else
            {
              if (n + clen > DOSSIER_NER_MAX_WORD - 4)
                break;
              memcpy (out + n, word + i, clen);
              n += clen;
            }
          i += clen;
        }
    }
  out[n] = '\0';
  return n;
}

gsize
_dossier_ner_lower (const char *word,
                    gsize       len,
                    char       *out)
{
  gsize n = 0;

  for (gsize i = 0; i < len; )
    {
      guchar b = (guchar)word[i];

      if (b < 0x80)
        {
          out[n++] = dossier_ascii_lower (b);
          i++;
        }
      else
        {
          gsize clen;
          gunichar c = char_at (word, len, i, &clen);
          char buf[6];
          gint blen;

          if (c < 0x110000 && g_unichar_isupper (c))
            {
              blen = g_unichar_to_utf8 (g_unichar_tolower (c), buf);
              if ((gsize)blen == clen)
                {
                  memcpy (out + n, buf, blen);
                  n += blen;
                  i += clen;
                  continue;
                }
            }
          memcpy (out + n, word + i, clen);
          n += clen;
          i += clen;
        }
    }
  out[n] = '\0';
  return n;
}

guint
_dossier_ner_caps (const char *word,
                   gsize       len)
{
  guint n_upper = 0;
  guint n_lower = 0;
  guint n_digit = 0;
  gboolean first_upper = FALSE;

  for (gsize i = 0; i < len; )
    {
      guchar b = (guchar)word[i];
      gunichar c;

      if (b < 0x80)
        {
          c = b;
          i++;
        }
      else
        {
          gsize clen;
          c = char_at (word, len, i, &clen);
          i += clen;
          if (c >= 0x110000)
            continue;
        }
      if (c < 0x80 ? g_ascii_isupper (c) : (g_unichar_isupper (c) || g_unichar_istitle (c)))
        {
          if (n_upper + n_lower + n_digit == 0)
            first_upper = TRUE;
          n_upper++;
        }
      else if (c < 0x80 ? g_ascii_islower (c) : g_unichar_islower (c))
        n_lower++;
      else if (c < 0x80 ? g_ascii_isdigit (c) : g_unichar_isdigit (c))
        n_digit++;
    }

  if (n_upper + n_lower == 0)
    return n_digit > 0 ? DOSSIER_NER_CAPS_DIGITS : DOSSIER_NER_CAPS_NONE;
  if (n_lower == 0)
    return n_upper == 1 && len == 1 ? DOSSIER_NER_CAPS_INITIAL : DOSSIER_NER_CAPS_ALL;
  if (first_upper)
    return n_upper == 1 ? DOSSIER_NER_CAPS_INITIAL : DOSSIER_NER_CAPS_MIXED;
  if (n_upper > 0)
    return DOSSIER_NER_CAPS_MIXED;
  return DOSSIER_NER_CAPS_LOWER;
}

gsize
_dossier_ner_title (const char *word,
                    gsize       len,
                    char       *out)
{
  gsize n = _dossier_ner_lower (word, len, out);

  if (n > 0 && (guchar)out[0] < 0x80)
    out[0] = g_ascii_toupper (out[0]);
  return n;
}

gsize
_dossier_ner_shape (const char *word,
                    gsize       len,
                    guint       max_run,
                    char       *out)
{
  gsize n = 0;
  char prev = 0;
  guint run = 0;

  for (gsize i = 0; i < len && n < 24; )
    {
      guchar b = (guchar)word[i];
      char k;

      if (b < 0x80)
        {
          if (g_ascii_isupper (b))
            k = 'X';
          else if (g_ascii_islower (b))
            k = 'x';
          else if (g_ascii_isdigit (b))
            k = 'd';
          else
            k = (char)b;
          i++;
        }
      else
        {
          gsize clen;
          gunichar c = char_at (word, len, i, &clen);

          if (c < 0x110000 && g_unichar_isupper (c))
            k = 'X';
          else if (c < 0x110000 && g_unichar_isalpha (c))
            k = 'x';
          else
            k = 'o';
          i += clen;
        }
      if (k == prev)
        {
          if (++run > max_run)
            continue;
        }
      else
        {
          prev = k;
          run = 1;
        }
      out[n++] = k;
    }
  out[n] = '\0';
  return n;
}
