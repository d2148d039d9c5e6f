/* dossier-tokenizer.c — tokens and sentences of news text, with code-point offsets
 *
 * Tokens follow the CoNLL-2003 / Penn Treebank conventions the entity tagger
 * was trained on (clitics split off, hyphenated words kept whole), while
 * keeping abbreviations ("U.S.", "Jan.", "p.m.") whole and splitting
 * run-together sentences ("do so.In a Friday interview").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-tokenizer"

#include "config.h"

#include <string.h>

#include "dossier-hash.h"
#include "dossier-tokenizer.h"

typedef struct
{
  const char *text;
  gsize       len;
  gsize       pos;    /* bytes */
  guint       cp;     /* code points */
} Scanner;

/* Abbreviations that keep their period (case-sensitive, without the period). */
static const char * const abbreviations[] = {
  "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Sen", "Sens", "Rep", "Reps", "Gov", "Lt", "Col",
  "Sgt", "Capt", "Cpt", "Maj", "Adm", "Cmdr", "Rev", "Hon", "Pres", "Supt", "Insp", "Gens",
  "St", "Jr", "Sr", "Inc", "Corp", "Co", "Cos", "Ltd", "Bros", "Plc", "Pty", "Dept", "Univ",
  "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
  "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
  "No", "Nos", "vs", "etc", "approx", "est", "Ave", "Blvd", "Mt", "Ft", "Rd", "Sq",
  "Ariz", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Ky", "La",
  "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa",
  "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo", "Ala", "Ark",
  "fig", "Fig", "al", "cf", "ca", "Mssrs", "Messrs", "Mme", "Mlle",
  NULL
};

/* Abbreviations after which a sentence may still end ("in the U.S. The …"). */
static const char * const sentence_starters[] = {
  "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "In", "On", "At", "But",
  "And", "Or", "So", "Yet", "This", "That", "These", "Those", "There", "Their", "His", "Her",
  "Its", "Our", "My", "If", "When", "While", "After", "Before", "As", "For", "Since",
  "Although", "However", "Meanwhile", "Still", "Some", "Many", "Most", "Other", "Asked",
  "According", "Speaking", "Earlier", "Later", "Last", "Next", "Now", "Then", "Officials",
  NULL
};

static const char * const clitics[] = {
  "s", "S", "ve", "VE", "re", "RE", "ll", "LL", "d", "D", "m", "M", NULL
};

static inline gunichar
peek_at (const Scanner *s,
         gsize          pos)
{
  guchar b;

  if (pos >= s->len)
    return 0;
  b = (guchar)s->text[pos];
  if (b < 0x80)
    return b;
  return g_utf8_get_char (s->text + pos);
}

static inline gsize
next_pos (const Scanner *s,
          gsize          pos)
{
  guchar b;

  if (pos >= s->len)
    return s->len;
  b = (guchar)s->text[pos];
  if (b < 0x80)
    return pos + 1;
  return g_utf8_next_char (s->text + pos) - s->text;
}

static inline gboolean
is_alnum (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c);
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static inline gboolean
is_alpha (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalpha (c);
  return g_unichar_isalpha (c);
}

static inline gboolean
is_digit (gunichar c)
{
  return c >= '0' && c <= '9';
}

static inline gboolean
is_space (gunichar c)
{
  if (c < 0x80)
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0x200B || c == 0xFEFF;
}

static inline gboolean
is_newline (gunichar c)
{
  return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029 || c == 0x0085;
}

static inline gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019;
}

static inline gboolean
is_quote (gunichar c)
{
  switch (c)
    {
    case '"': case '\'': case '`':
    case 0x2018: case 0x2019: case 0x201A: case 0x201B:
    case 0x201C: case 0x201D: case 0x201E: case 0x201F:
    case 0x00AB: case 0x00BB: case 0x2039: case 0x203A:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
in_list (const char * const *list,
         const char         *word,
         gsize               len)
{
  for (guint i = 0; list[i]; i++)
    if (strlen (list[i]) == len && memcmp (list[i], word, len) == 0)
      return TRUE;
  return FALSE;
}

/* "U", "U.S", "a.m": single letters separated by periods. */
static gboolean
is_initials (const char *word,
             gsize       len)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (i % 2 == 0 && !g_ascii_isalpha (word[i]))
        return FALSE;
      if (i % 2 == 1 && word[i] != '.')
        return FALSE;
    }
  return len % 2 == 1;
}

/* The part of @word after its last hyphen ("S.C" of "R-S.C", "Calif" of "D-Calif"), or all
 * of it: a party and state "(R-S.C.)", "(D-Calif.)" or "anti-U.S." keeps its period as the
 * abbreviation alone does. */
static const char *
after_hyphen (const char *word,
              gsize       len,
              gsize      *part_len)
{
  for (gsize k = len; k > 0; k--)
    if (word[k - 1] == '-' ||
        (k >= 3 && (guchar)word[k - 3] == 0xe2 && (guchar)word[k - 2] == 0x80 &&
         ((guchar)word[k - 1] == 0x90 || (guchar)word[k - 1] == 0x91)))
      {
        *part_len = len - k;
        return word + k;
      }
  *part_len = len;
  return word;
}

static gboolean
looks_like_url_start (const Scanner *s)
{
  const char *p = s->text + s->pos;
  gsize left = s->len - s->pos;

  /* most words start with neither: no comparisons for them */
  if (left == 0 || (dossier_ascii_lower (p[0]) != 'h' && dossier_ascii_lower (p[0]) != 'w'))
    return FALSE;
  return (left > 7 && g_ascii_strncasecmp (p, "http://", 7) == 0) ||
         (left > 8 && g_ascii_strncasecmp (p, "https://", 8) == 0) ||
         (left > 4 && g_ascii_strncasecmp (p, "www.", 4) == 0 && g_ascii_isalnum (p[4]));
}

static void
push_token (DossierTokens *tokens,
            guint          start,
            guint          end,
            gsize          byte_start,
            gsize          byte_end,
            DossierTokenKind kind,
            guint          flags)
{
  DossierToken t;

  t.start = start;
  t.end = end;
  t.byte_start = byte_start;
  t.byte_end = byte_end;
  t.kind = kind;
  t.flags = flags;
  g_array_append_val (tokens->tokens, t);
}

/* Scans a word or number starting at s->pos; returns its kind and advances. */
static DossierTokenKind
scan_word (Scanner *s,
           guint   *flags)
{
  gsize start = s->pos;
  gsize part_start = start;  /* after the word's last hyphen ("S.C" of "R-S.C") */
  gboolean all_digits = TRUE;

  for (;;)
    {
      gunichar c = peek_at (s, s->pos);
      gsize after = next_pos (s, s->pos);
      gunichar n = peek_at (s, after);
      const char *word = s->text + start;
      gsize wlen = s->pos - start;

      if (s->pos >= s->len)
        break;

      if (is_alnum (c))
        {
          if (!is_digit (c))
            all_digits = FALSE;
          s->pos = after;
          s->cp++;
          continue;
        }

      if ((c == '-' || c == 0x2010 || c == 0x2011) && is_alnum (n) && wlen > 0)
        {
          s->pos = after;
          s->cp++;
          part_start = after;
          continue;
        }

      if (is_apostrophe (c) && is_alpha (n))
        {
          gsize q = after;
          gsize clen;

          while (q < s->len && is_alpha (peek_at (s, q)))
            q = next_pos (s, q);
          clen = q - after;
          if (is_alnum (peek_at (s, q)))
            {
              s->pos = after;
              s->cp++;
              continue;
            }
          /* "don't" → "do" + "n't" */
          if (clen == 1 && (s->text[after] == 't' || s->text[after] == 'T') && wlen > 1 &&
              (word[wlen - 1] == 'n' || word[wlen - 1] == 'N'))
            {
              s->pos--;
              s->cp--;
              break;
            }
          if (in_list (clitics, s->text + after, clen))
            break;
          /* O'Brien, rock'n'roll */
          s->pos = after;
          s->cp++;
          continue;
        }

      if (c == '.' && wlen > 0)
        {
          gunichar n2 = peek_at (s, next_pos (s, after));
          const char *part = s->text + part_start;
          gsize plen = s->pos - part_start;
          gboolean hyphenated = part_start != start;

          if (all_digits && is_digit (n) && is_digit (word[wlen - 1]))
            {
              s->pos = after; /* 3.5 */
              s->cp++;
              continue;
            }
          /* initials are short: a long run of "A.A.A…" is not read again at every period */
          if (plen <= 16 && is_initials (part, plen) && g_ascii_isalpha (n) && !is_alnum (n2))
            {
              s->pos = after; /* U.S — the letter follows */
              s->cp++;
              continue;
            }
          /* after a hyphen, initials are two letters at least: "Type-A." ends a sentence */
          if (plen <= 16 && is_initials (part, plen) && !is_alnum (n) && (plen > 1 || !hyphenated))
            {
              /* "U.S.", "a.m.", a middle initial "W." */
              if (!(wlen == 1 && g_ascii_islower (word[0]) && !is_space (n)))
                {
                  s->pos = after;
                  s->cp++;
                  *flags |= DOSSIER_TOKEN_ABBREVIATION;
                }
              break;
            }
          if (!is_alnum (n) && (!hyphenated || g_ascii_isupper (part[0])) &&
              in_list (abbreviations, part, plen))
            {
              s->pos = after;
              s->cp++;
              *flags |= DOSSIER_TOKEN_ABBREVIATION;
              break;
            }
          /* nytimes.com, node.js — but not "so.In" */
          if (g_ascii_islower (n) && !all_digits)
            {
              gsize q = after;
              while (q < s->len && g_ascii_isalnum (s->text[q]))
                q++;
              if (q - after >= 2 && q - after <= 4 &&
                  (q >= s->len || !is_alpha (peek_at (s, q))))
                {
                  s->pos = after;
                  s->cp++;
                  continue;
                }
            }
          break;
        }

      if ((c == ',' && all_digits && wlen > 0 && is_digit (word[wlen - 1])) && is_digit (n))
        {
          /* 1,000 but not "2, 3" or "1,2": exactly three digits follow */
          gsize q = after;
          guint k = 0;
          while (q < s->len && is_digit (s->text[q]))
            q++, k++;
          if (k == 3)
            {
              s->pos = after;
              s->cp++;
              continue;
            }
          break;
        }

      if ((c == ':' || c == '/') && all_digits && wlen > 0 && is_digit (n))
        {
          s->pos = after; /* 10:30, 2/9/2025 */
          s->cp++;
          continue;
        }

      if (c == '&' && wlen > 0 && g_ascii_isupper (word[0]) && g_ascii_isupper (n))
        {
          s->pos = after; /* AT&T */
          s->cp++;
          continue;
        }

      break;
    }

  return all_digits || is_digit ((guchar)s->text[start]) ? DOSSIER_TOKEN_NUMBER
                                                         : DOSSIER_TOKEN_WORD;
}

static guint
case_flags (const char *text,
            gsize       byte_start,
            gsize       byte_end)
{
  guint flags = 0;
  gboolean first = TRUE;
  guint n_upper = 0;
  guint n_lower = 0;

  for (const char *p = text + byte_start; p < text + byte_end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* ASCII letters have no title case: answered without GLib's tables */
      gboolean upper = c < 0x80 ? g_ascii_isupper (c) : g_unichar_isupper (c) || g_unichar_istitle (c);

      if (is_digit (c))
        flags |= DOSSIER_TOKEN_HAS_DIGIT;
      else if (upper)
        {
          n_upper++;
          if (first)
            flags |= DOSSIER_TOKEN_CAPITALIZED;
        }
      else if (c < 0x80 ? g_ascii_islower (c) : g_unichar_islower (c))
        n_lower++;
      first = FALSE;
    }
  if (n_upper >= 2 && n_lower == 0)
    flags |= DOSSIER_TOKEN_ALL_CAPS;
  return flags;
}

static guint
quote_flags (const Scanner *s,
             gunichar       c,
             gsize          byte_start,
             gsize          byte_end,
             gboolean       space_before)
{
  gunichar prev = byte_start > 0 ? g_utf8_get_char (g_utf8_prev_char (s->text + byte_start)) : 0;
  gunichar next = peek_at (s, byte_end);
  gboolean prev_open = byte_start == 0 || space_before || prev == '(' || prev == '[' ||
                       prev == 0x2014 || prev == 0x2013 || prev == 0x201C || prev == 0x2018;
  gboolean next_open = next != 0 && !is_space (next) && !(next < 0x80 && g_ascii_ispunct (next)) &&
                       next != 0x2026;

  switch (c)
    {
    case 0x201C: case 0x2018: case 0x201E: case 0x201A: case 0x00AB: case 0x2039:
      return DOSSIER_TOKEN_QUOTE_OPEN;
    case 0x201D: case 0x00BB: case 0x203A:
      return DOSSIER_TOKEN_QUOTE_CLOSE;
    default:
      break;
    }

  /* Straight marks (and ’ used as a closing single quote): judge by position. */
  if (prev_open && !is_space (next) && next != 0)
    return DOSSIER_TOKEN_QUOTE_OPEN;
  if (!prev_open && next_open && (prev == '.' || prev == ',' || prev == '!' || prev == '?' ||
                                  prev == ':' || prev == ';'))
    return DOSSIER_TOKEN_QUOTE_OPEN; /* countries."There */
  if (c == 0x2019 && !prev_open)
    return DOSSIER_TOKEN_QUOTE_CLOSE;
  if (!prev_open)
    return DOSSIER_TOKEN_QUOTE_CLOSE;
  return DOSSIER_TOKEN_QUOTE_OPEN;
}

/* Text wrapped at a fixed width (Project Gutenberg books, some wire copy):
 * nearly every line is at most 80 characters wide, many come near the
 * margin, half of them run on from a line that ended inside a sentence,
 * and blank lines part the paragraphs. There a single line break is a
 * space. (Of the news under ../shared/data, no article looks like this.) */
static gboolean
is_hard_wrapped (const char *text,
                 gsize       len)
{
  guint n_lines = 0, n_narrow = 0, n_wide = 0, n_run_on = 0, n_blank = 0;
  gboolean open = FALSE;
  gsize p = 0;

  while (p < len)
    {
      const char *eol = memchr (text + p, '\n', len - p);
      gsize end = eol != NULL ? (gsize)(eol - text) : len;
      gsize last = end;
      guint width = 0;

      while (last > p && g_ascii_isspace (text[last - 1]))
        last--;
      if (last == p)
        {
          n_blank++;
          open = FALSE;
        }
      else
        {
          guchar ch = text[last - 1];

          for (gsize k = p; k < last; k++)
            width += ((guchar)text[k] & 0xC0) != 0x80;
          n_lines++;
          n_narrow += width <= 80;
          n_wide += width >= 55;
          n_run_on += open;
          open = g_ascii_isalnum (ch) || ch == ',' || ch == ';' || ch == '-';
        }
      p = end + 1;
    }
  return n_lines >= 8 && n_blank >= 1 && n_narrow * 10 >= n_lines * 9 &&
         n_wide * 10 >= n_lines * 3 && n_run_on * 2 >= n_lines;
}

static void
scan_tokens (DossierTokens *tokens)
{
  Scanner s = { tokens->text, tokens->n_bytes, 0, 0 };
  guint pending = DOSSIER_TOKEN_PARAGRAPH_START;
  gboolean wrapped = is_hard_wrapped (tokens->text, tokens->n_bytes);
  guint n_breaks = 0; /* line breaks since the last token */

  while (s.pos < s.len)
    {
      gunichar c = peek_at (&s, s.pos);
      gsize byte_start = s.pos;
      guint start = s.cp;
      guint flags = pending;
      DossierTokenKind kind;

      if (is_space (c))
        {
          /* \r\n is one break; in wrapped text a paragraph needs a blank line */
          if (is_newline (c) && !(c == '\r' && peek_at (&s, s.pos + 1) == '\n') &&
              (!wrapped || ++n_breaks >= 2 || c == 0x2029))
            pending |= DOSSIER_TOKEN_PARAGRAPH_START;
          pending |= DOSSIER_TOKEN_SPACE_BEFORE;
          s.pos = next_pos (&s, s.pos);
          s.cp++;
          continue;
        }

      if (looks_like_url_start (&s))
        {
          gsize last = s.pos;
          guint last_cp = s.cp;
          while (s.pos < s.len && !is_space (peek_at (&s, s.pos)))
            {
              gunichar u = peek_at (&s, s.pos);
              s.pos = next_pos (&s, s.pos);
              s.cp++;
              if (!(strchr (".,;:!?)]\"'", (int)(u < 0x80 ? u : 1)) && u < 0x80) &&
                  u != 0x201D && u != 0x2019)
                {
                  last = s.pos;
                  last_cp = s.cp;
                }
            }
          s.pos = last;
          s.cp = last_cp;
          kind = DOSSIER_TOKEN_URL;
        }
      else if (is_apostrophe (c) && tokens->tokens->len > 0 && !(pending & DOSSIER_TOKEN_SPACE_BEFORE) &&
               dossier_tokens_get (tokens, tokens->tokens->len - 1)->kind == DOSSIER_TOKEN_WORD &&
               is_alpha (peek_at (&s, next_pos (&s, s.pos))))
        {
          /* the clitic split off by scan_word: 's 've n't is handled below */
          s.pos = next_pos (&s, s.pos);
          s.cp++;
          while (s.pos < s.len && is_alpha (peek_at (&s, s.pos)))
            {
              s.pos = next_pos (&s, s.pos);
              s.cp++;
            }
          kind = DOSSIER_TOKEN_CLITIC;
        }
      else if ((c == 'n' || c == 'N') && tokens->tokens->len > 0 &&
               !(pending & DOSSIER_TOKEN_SPACE_BEFORE) &&
               dossier_tokens_get (tokens, tokens->tokens->len - 1)->kind == DOSSIER_TOKEN_WORD &&
               is_apostrophe (peek_at (&s, s.pos + 1)) &&
               (s.text[next_pos (&s, s.pos + 1)] == 't' || s.text[next_pos (&s, s.pos + 1)] == 'T') &&
               !is_alnum (peek_at (&s, next_pos (&s, s.pos + 1) + 1)))
        {
          s.pos = next_pos (&s, s.pos + 1) + 1; /* n't */
          s.cp += 3;
          kind = DOSSIER_TOKEN_CLITIC;
        }
      else if (is_apostrophe (c) && is_digit (peek_at (&s, next_pos (&s, s.pos))) &&
               is_digit (peek_at (&s, next_pos (&s, s.pos) + 1)))
        {
          /* '90s */
          s.pos = next_pos (&s, s.pos);
          s.cp++;
          kind = scan_word (&s, &flags);
        }
      else if (is_alnum (c))
        kind = scan_word (&s, &flags);
      else if (is_quote (c))
        {
          s.pos = next_pos (&s, s.pos);
          s.cp++;
          kind = DOSSIER_TOKEN_QUOTE;
          flags |= quote_flags (&s, c, byte_start, s.pos, (pending & DOSSIER_TOKEN_SPACE_BEFORE) != 0);
        }
      else if (c == '.' || c == '-' || c == '?' || c == '!' || c == '*' || c == '=' || c == '_')
        {
          /* runs: "...", "--", "?!", "***" */
          gboolean mixed_ok = c == '?' || c == '!';
          do
            {
              s.pos++;
              s.cp++;
            }
          while (s.pos < s.len &&
                 (s.text[s.pos] == (char)c ||
                  (mixed_ok && (s.text[s.pos] == '?' || s.text[s.pos] == '!'))));
          kind = DOSSIER_TOKEN_PUNCT;
          if (c == '-' && s.pos - byte_start == 1 && is_digit (peek_at (&s, s.pos)) &&
              (flags & DOSSIER_TOKEN_SPACE_BEFORE))
            kind = scan_word (&s, &flags); /* -5 */
        }
      else
        {
          gboolean punct = g_unichar_ispunct (c);

          s.pos = next_pos (&s, s.pos);
          s.cp++;
          kind = punct ? DOSSIER_TOKEN_PUNCT : DOSSIER_TOKEN_SYMBOL;
          if (c == '$' || c == '%' || c == '&' || c == '@' || c == '#' || c == '+' ||
              c == '<' || c == '>' || c == '|' || c == '~' || c == '^' ||
              c == 0x20AC || c == 0x00A3 || c == 0x00A5)
            kind = DOSSIER_TOKEN_SYMBOL;
          /* keep emoji sequences together: variation selectors, ZWJ, skin tones */
          while (s.pos < s.len)
            {
              gunichar u = peek_at (&s, s.pos);
              if (u == 0x200D)
                {
                  s.pos = next_pos (&s, s.pos);
                  s.cp++;
                  if (s.pos < s.len && !is_space (peek_at (&s, s.pos)))
                    {
                      s.pos = next_pos (&s, s.pos);
                      s.cp++;
                    }
                }
              else if (u == 0xFE0F || u == 0xFE0E || (u >= 0x1F3FB && u <= 0x1F3FF) ||
                       (u >= 0xE0020 && u <= 0xE007F) || (!punct && g_unichar_ismark (u)))
                {
                  s.pos = next_pos (&s, s.pos);
                  s.cp++;
                }
              else
                break;
            }
        }

      if (kind == DOSSIER_TOKEN_WORD || kind == DOSSIER_TOKEN_NUMBER || kind == DOSSIER_TOKEN_CLITIC ||
          kind == DOSSIER_TOKEN_URL)
        flags |= case_flags (s.text, byte_start, s.pos);

      push_token (tokens, start, s.cp, byte_start, s.pos, kind, flags);
      pending = 0;
      n_breaks = 0;
    }

  tokens->n_chars = s.cp;
}

static gboolean
token_is (const DossierTokens *tokens,
          const DossierToken  *t,
          const char          *s)
{
  gsize len = strlen (s);
  return t->byte_end - t->byte_start == len && memcmp (tokens->text + t->byte_start, s, len) == 0;
}

static gboolean
is_terminal (const DossierTokens *tokens,
             const DossierToken  *t)
{
  const char *p = tokens->text + t->byte_start;

  if (t->kind != DOSSIER_TOKEN_PUNCT)
    return FALSE;
  return *p == '.' || *p == '!' || *p == '?' || g_utf8_get_char (p) == 0x2026;
}

static gboolean
is_ellipsis (const DossierTokens *tokens,
             const DossierToken  *t)
{
  return token_is (tokens, t, "...") || token_is (tokens, t, "\xe2\x80\xa6");
}

static gboolean
is_closer (const DossierTokens *tokens,
           const DossierToken  *t)
{
  if (t->kind == DOSSIER_TOKEN_QUOTE)
    return (t->flags & DOSSIER_TOKEN_QUOTE_CLOSE) != 0;
  return token_is (tokens, t, ")") || token_is (tokens, t, "]");
}

static gboolean
can_start_sentence (const DossierTokens *tokens,
                    const DossierToken  *t)
{
  if (t->flags & DOSSIER_TOKEN_CAPITALIZED)
    return TRUE;
  if (t->kind == DOSSIER_TOKEN_NUMBER)
    return TRUE;
  if (t->kind == DOSSIER_TOKEN_QUOTE && (t->flags & DOSSIER_TOKEN_QUOTE_OPEN))
    return TRUE;
  return token_is (tokens, t, "(") || token_is (tokens, t, "[");
}

static void
split_sentences (DossierTokens *tokens)
{
  guint n = tokens->tokens->len;
  guint sentence_start = 0;
  guint paragraph = 0;
  guint i = 0;

  while (i < n)
    {
      DossierToken *t = &g_array_index (tokens->tokens, DossierToken, i);
      gboolean boundary = FALSE;
      guint end = i + 1;

      if (is_terminal (tokens, t))
        {
          /* take closing quotes and brackets along */
          while (end < n && is_closer (tokens, dossier_tokens_get (tokens, end)) &&
                 !(dossier_tokens_get (tokens, end)->flags & DOSSIER_TOKEN_PARAGRAPH_START))
            end++;
          if (end < n)
            {
              const DossierToken *next = dossier_tokens_get (tokens, end);
              if (is_ellipsis (tokens, t))
                boundary = (next->flags & DOSSIER_TOKEN_CAPITALIZED) &&
                           !token_is (tokens, next, "I");
              else
                boundary = can_start_sentence (tokens, next);
            }
        }
      else if (t->flags & DOSSIER_TOKEN_ABBREVIATION && end < n)
        {
          const DossierToken *next = dossier_tokens_get (tokens, end);
          gsize wlen;
          const char *part = after_hyphen (tokens->text + t->byte_start,
                                           t->byte_end - t->byte_start, &wlen);
          /* a party and state: one capital, a hyphen, the state ("D-Ind.") */
          gboolean party = part == tokens->text + t->byte_start + 2 &&
                           g_ascii_isupper (tokens->text[t->byte_start]);
          /* "in the U.S. The …": initials may end a sentence, and so may a party and
           * state ("said Sen. Joe Donnelly, D-Ind. He …"); titles never do ("then-Gov.") */
          if (((is_initials (part, wlen - 1) && wlen > 2) || party) &&
              (next->flags & DOSSIER_TOKEN_CAPITALIZED))
            {
              gsize nlen = next->byte_end - next->byte_start;
              boundary = in_list (sentence_starters, tokens->text + next->byte_start, nlen);
            }
        }

      if (end < n && (dossier_tokens_get (tokens, end)->flags & DOSSIER_TOKEN_PARAGRAPH_START))
        boundary = TRUE;
      if (end >= n)
        boundary = TRUE;

      if (boundary)
        {
          DossierSentence sent;
          sent.first_token = sentence_start;
          sent.n_tokens = end - sentence_start;
          sent.start = g_array_index (tokens->tokens, DossierToken, sentence_start).start;
          sent.end = g_array_index (tokens->tokens, DossierToken, end - 1).end;
          sent.paragraph = paragraph;
          g_array_append_val (tokens->sentences, sent);
          g_array_index (tokens->tokens, DossierToken, sentence_start).flags |=
            DOSSIER_TOKEN_SENTENCE_START;
          if (end < n && (dossier_tokens_get (tokens, end)->flags & DOSSIER_TOKEN_PARAGRAPH_START))
            paragraph++;
          sentence_start = end;
        }
      i = end;
    }
}

DossierTokens *
dossier_tokens_new (const char *text,
                    gssize      n_bytes)
{
  DossierTokens *tokens;

  g_return_val_if_fail (text != NULL, NULL);

  tokens = g_new0 (DossierTokens, 1);
  tokens->text = text;
  tokens->n_bytes = n_bytes < 0 ? strlen (text) : (gsize)n_bytes;
  tokens->tokens = g_array_sized_new (FALSE, FALSE, sizeof (DossierToken),
                                      tokens->n_bytes / 5 + 16);
  tokens->sentences = g_array_new (FALSE, FALSE, sizeof (DossierSentence));
  return tokens;
}

void
dossier_tokenize (DossierTokens *tokens)
{
  g_return_if_fail (tokens != NULL);

  g_array_set_size (tokens->tokens, 0);
  g_array_set_size (tokens->sentences, 0);
  scan_tokens (tokens);
  split_sentences (tokens);
}

void
dossier_tokens_free (DossierTokens *tokens)
{
  if (tokens == NULL)
    return;
  g_array_unref (tokens->tokens);
  g_array_unref (tokens->sentences);
  g_free (tokens);
}

char *
dossier_tokens_dup_text (const DossierTokens *tokens,
                         guint                i)
{
  const DossierToken *t;

  g_return_val_if_fail (tokens != NULL, NULL);
  g_return_val_if_fail (i < tokens->tokens->len, NULL);

  t = dossier_tokens_get (tokens, i);
  return g_strndup (tokens->text + t->byte_start, t->byte_end - t->byte_start);
}

guint
dossier_tokens_find (const DossierTokens *tokens,
                     guint                offset)
{
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (tokens != NULL, 0);

  hi = tokens->tokens->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (dossier_tokens_get (tokens, mid)->end <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}
