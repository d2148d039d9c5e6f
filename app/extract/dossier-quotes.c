/* dossier-quotes.c — direct and reported quotes with cue, source and speaker
 *
 * Works in four passes over the tokens:
 *  1. pair double quotation marks into direct quote spans, paragraph by
 *     paragraph (a quote left open at the end of a paragraph continues only
 *     when the next paragraph opens with a mark, so an unbalanced mark never
 *     swallows the rest of the article);
 *  2. attach each quote to the attribution next to it: "…," X said / said X,
 *     X said: "…", X told Y that "…", or the attribution of the quote just
 *     before it (an interrupted or continued quote);
 *  3. reported speech in the remaining sentences: X said (that) …,
 *     …, X said, according to X, ….
 *  4. the trained tagger (dossier-quote-model.c, resources/model/quotes.model)
 *     reads what the rules found and adds the attributions they missed in
 *     the words they left free ("X has railed against …", "X is expected
 *     to …"): only with a source and without quotation marks, which stay
 *     the rules' (on PolNeAR dev it raises content exact F1 from 49.5
 *     to 51.9, overlap F1 from 69.9 to 77.2, source exact F1 from 63.4
 *     to 68.1); then the model moves the end of each content that is not
 *     a whole quotation back to where annotators end it, and the ends of
 *     each source (content exact F1 52.3 to 53.2, source exact F1 68.2
 *     to 70.1, scored with fragments in text order); a learned filter drops
 *     the tagger's attributions that are likely wrong (53.3 to 53.8 and
 *     70.2 to 70.3, overlap F1 75.9 to 75.5); contents start where the
 *     model finds annotators start them (53.8 to 54.4).
 * Sources are the words naming the speaker; speakers are resolved to the
 * entities of the people stage (names, pronouns by gender and recency,
 * descriptions by title), or left empty when the evidence is weak.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-quotes"

#include "config.h"

#include <string.h>

#include "dossier-people.h"
#include "dossier-quote-model.h"
#include "dossier-quote-words.h"
#include "dossier-quotes.h"

#define MAX_FRAGMENTS 4

typedef struct
{
  guint    open;       /* token of the opening mark */
  guint    last;       /* token of the closing mark, or the paragraph's last token */
  gboolean closed;
  gboolean continues; /* left open at the end of a paragraph whose next one opens a quote */
  int      attr;       /* attribution it belongs to, or -1 */
} QuoteSpan;

enum { KIND_INDIRECT, KIND_DIRECT, KIND_MIXED };

typedef struct
{
  guint frag_first[MAX_FRAGMENTS]; /* content token ranges, inclusive */
  guint frag_last[MAX_FRAGMENTS];
  guint n_frags;
  int   src_first, src_last;       /* -1: no source */
  int   cue_first, cue_last;       /* -1: no cue */
  int   speaker;
  int   kind;
  gboolean from_model;             /* added by the trained tagger: its cue span as tagged */
} Attribution;

typedef struct
{
  DossierExtraction   *ex;
  const DossierTokens *tk;
  guint                n;
  const guint32       *cls;
  guint               *sent_of;    /* token → sentence */
  guint8              *used;       /* token has a role in an attribution */
  int                 *quote_of;   /* token → quote span, or -1 */
  int                 *entity_of;  /* token → entity of the mention covering it, or -1 */
  guint8              *person;     /* token is inside a PERSON mention */
  guint8              *dq;         /* see is_double_quote */
  int                 *mention_first; /* token → first token of its PERSON/ORG mention, or -1 */
  int                  headline_last; /* last token of a title-case headline, or -1 */
  gboolean             fiction;       /* dialogue as novels write it, see is_fiction_dialogue */
  guint8              *in_content;    /* token is in the content of an attribution */
  GArray              *quotes;     /* QuoteSpan */
  GArray              *attrs;      /* Attribution */
} Ctx;

/* ---- token helpers ---------------------------------------------------- */

static inline const DossierToken *
tok (const Ctx *c,
     guint      i)
{
  return dossier_tokens_get (c->tk, i);
}

static inline gboolean
tok_char (const Ctx *c,
          guint      i,
          char       ch)
{
  const DossierToken *t;

  if (i >= c->n)
    return FALSE;
  t = tok (c, i);
  return t->byte_end - t->byte_start == 1 && c->tk->text[t->byte_start] == ch;
}

static inline gboolean
tok_is (const Ctx  *c,
        guint       i,
        const char *word)
{
  return i < c->n && dossier_tokens_equal (c->tk, i, word, TRUE);
}

/* TRUE if token @i is one of @words (NULL-terminated), as tok_is() compares. */
static gboolean
tok_in (const Ctx          *c,
        guint               i,
        const char * const *words)
{
  char first;

  if (i >= c->n)
    return FALSE;
  /* most words of a list differ from the token in their first letter */
  first = dossier_ascii_lower (c->tk->text[tok (c, i)->byte_start]);
  for (guint k = 0; words[k] != NULL; k++)
    if (dossier_ascii_lower (words[k][0]) == first && tok_is (c, i, words[k]))
      return TRUE;
  return FALSE;
}

static inline gboolean
is_word (const Ctx *c,
         guint      i)
{
  return i < c->n && (tok (c, i)->kind == DOSSIER_TOKEN_WORD || tok (c, i)->kind == DOSSIER_TOKEN_NUMBER);
}

static inline gboolean
is_cap (const Ctx *c,
        guint      i)
{
  return is_word (c, i) && (tok (c, i)->flags & DOSSIER_TOKEN_CAPITALIZED);
}

static inline gboolean
is_para_start (const Ctx *c,
               guint      i)
{
  return i < c->n && (tok (c, i)->flags & DOSSIER_TOKEN_PARAGRAPH_START);
}

static gboolean
is_double_quote_char (const Ctx *c,
                      guint      i)
{
  const DossierToken *t = tok (c, i);
  const char *s = c->tk->text + t->byte_start;
  gsize len = t->byte_end - t->byte_start;

  if (t->kind != DOSSIER_TOKEN_QUOTE)
    return FALSE;
  if (len == 1)
    return s[0] == '"';
  /* “ ” „ ‟ « » */
  if (len == 3 && (guchar)s[0] == 0xE2 && (guchar)s[1] == 0x80)
    return (guchar)s[2] == 0x9C || (guchar)s[2] == 0x9D || (guchar)s[2] == 0x9E ||
           (guchar)s[2] == 0x9F;
  if (len == 2 && (guchar)s[0] == 0xC2)
    return (guchar)s[1] == 0xAB || (guchar)s[1] == 0xBB;
  return FALSE;
}

/* 1: a double quotation mark; 2: the first of a '' pair (NYT style); 3: its second */
static inline gboolean
is_double_quote (const Ctx *c,
                 guint      i)
{
  return i < c->n && c->dq[i] != 0;
}

static void
find_double_quotes (Ctx *c)
{
  for (guint i = 0; i < c->n; i++)
    {
      const DossierToken *t = tok (c, i);

      if (c->dq[i] != 0 || t->kind != DOSSIER_TOKEN_QUOTE)
        continue;
      if (is_double_quote_char (c, i))
        c->dq[i] = 1;
      else if (i + 1 < c->n && tok (c, i + 1)->kind == DOSSIER_TOKEN_QUOTE &&
               tok (c, i + 1)->byte_start == t->byte_end &&
               t->byte_end - t->byte_start == 1 && c->tk->text[t->byte_start] == '\'' &&
               tok (c, i + 1)->byte_end - tok (c, i + 1)->byte_start == 1 &&
               c->tk->text[tok (c, i + 1)->byte_start] == '\'')
        {
          c->dq[i] = 2;
          c->dq[i + 1] = 3;
        }
    }
}

static gboolean
is_terminal (const Ctx *c,
             guint      i)
{
  const DossierToken *t;
  const char *s;

  if (i >= c->n || tok (c, i)->kind != DOSSIER_TOKEN_PUNCT)
    return FALSE;
  t = tok (c, i);
  s = c->tk->text + t->byte_start;
  return s[0] == '.' || s[0] == '!' || s[0] == '?' ||
         (t->byte_end - t->byte_start == 3 && (guchar)s[0] == 0xE2 && (guchar)s[2] == 0xA6);
}

static gboolean
is_dash (const Ctx *c,
         guint      i)
{
  const DossierToken *t;
  const char *s;

  if (i >= c->n || tok (c, i)->kind != DOSSIER_TOKEN_PUNCT)
    return FALSE;
  t = tok (c, i);
  s = c->tk->text + t->byte_start;
  return (s[0] == '-' && t->byte_end - t->byte_start >= 2) ||
         (t->byte_end - t->byte_start == 3 && (guchar)s[0] == 0xE2 && (guchar)s[1] == 0x80 &&
          ((guchar)s[2] == 0x94 || (guchar)s[2] == 0x93 || (guchar)s[2] == 0x95));
}

static inline guint
sent_first (const Ctx *c,
            guint      i)
{
  return g_array_index (c->tk->sentences, DossierSentence, c->sent_of[i]).first_token;
}

static inline guint
sent_last (const Ctx *c,
           guint      i)
{
  const DossierSentence *s = &g_array_index (c->tk->sentences, DossierSentence, c->sent_of[i]);
  return s->first_token + s->n_tokens - 1;
}

/* "Lindsey Graham Says Trump Could Address Clean Energy.": in a title-case
 * headline a capitalised verb is still a verb. */
static void
find_headline (Ctx *c)
{
  const DossierSentence *s;
  guint n_words = 0, n_caps = 0;

  c->headline_last = -1;
  if (c->tk->sentences->len < 2)
    return;
  s = &g_array_index (c->tk->sentences, DossierSentence, 0);
  for (guint i = s->first_token; i < s->first_token + s->n_tokens; i++)
    if (tok (c, i)->kind == DOSSIER_TOKEN_WORD)
      {
        n_words++;
        if (is_cap (c, i))
          n_caps++;
      }
  if (n_words >= 3 && n_caps * 10 >= n_words * 7)
    c->headline_last = s->first_token + s->n_tokens - 1;
}

/* ---- pass 1: quotation marks ------------------------------------------ */

static gboolean
add_quote (Ctx     *c,
           guint    open,
           guint    last,
           gboolean closed)
{
  QuoteSpan q = { open, last, closed, FALSE, -1 };

  if (last <= open)
    return FALSE;
  g_array_append_val (c->quotes, q);
  for (guint i = open; i <= last; i++)
    c->quote_of[i] = c->quotes->len - 1;
  return TRUE;
}

static void
pair_quotes (Ctx *c)
{
  int open = -1;

  for (guint i = 0; i < c->n; i++)
    {
      const DossierToken *t = tok (c, i);

      if ((t->flags & DOSSIER_TOKEN_PARAGRAPH_START) && open >= 0)
        {
          /* Left open: a multi-paragraph quote if this paragraph opens with
           * a mark, or a quote that fills its own paragraph; otherwise a
           * stray mark. */
          gboolean next_opens = is_double_quote (c, i) && (t->flags & DOSSIER_TOKEN_QUOTE_OPEN);
          if (next_opens || is_para_start (c, open))
            {
              if (add_quote (c, open, i - 1, FALSE) && next_opens)
                g_array_index (c->quotes, QuoteSpan, c->quotes->len - 1).continues = TRUE;
            }
          open = -1;
        }

      if (!is_double_quote (c, i) || c->dq[i] == 3)
        continue;

      if (c->dq[i] == 2)
        {
          /* '' … '': opens after a space, closes otherwise */
          gboolean opens = (t->flags & (DOSSIER_TOKEN_SPACE_BEFORE | DOSSIER_TOKEN_PARAGRAPH_START)) || i == 0;
          if (open < 0 && opens)
            open = i;
          else if (open >= 0 && !opens)
            {
              add_quote (c, open, i + 1, TRUE);
              open = -1;
            }
          else if (open >= 0)
            open = i;
          i++;
          continue;
        }

      if (open < 0)
        {
          if (!(t->flags & DOSSIER_TOKEN_QUOTE_CLOSE) || i + 1 >= c->n || is_para_start (c, i))
            open = i;
          else if (!(t->flags & DOSSIER_TOKEN_SPACE_BEFORE) && i > 0 && is_terminal (c, i - 1) &&
                   i + 1 < c->n && !(tok (c, i + 1)->flags & DOSSIER_TOKEN_SPACE_BEFORE))
            open = i; /* countries."There */
        }
      else if ((t->flags & DOSSIER_TOKEN_QUOTE_CLOSE) || !(t->flags & DOSSIER_TOKEN_SPACE_BEFORE) ||
               i + 1 >= c->n || (tok (c, i + 1)->flags & DOSSIER_TOKEN_SPACE_BEFORE))
        {
          add_quote (c, open, i, TRUE);
          open = -1;
        }
      else if (i > 0 && is_terminal (c, i - 1) && i - open > 2)
        {
          /* '"I don't think he will. … anything. "We would say …': a new
           * quoted paragraph run into the same line; the quote goes on */
          if (add_quote (c, open, i - 1, FALSE))
            g_array_index (c->quotes, QuoteSpan, c->quotes->len - 1).continues = TRUE;
          open = i;
        }
      else
        {
          /* an opening mark inside an open quote: the first one was stray */
          open = i;
        }
    }
  if (open >= 0 && is_para_start (c, open))
    add_quote (c, open, c->n - 1, FALSE);
}

static gboolean
is_ly_adverb (const Ctx *c,
              guint      i)
{
  const DossierToken *t = tok (c, i);
  gsize len = t->byte_end - t->byte_start;

  return t->kind == DOSSIER_TOKEN_WORD && !(t->flags & DOSSIER_TOKEN_CAPITALIZED) && len > 4 &&
         memcmp (c->tk->text + t->byte_end - 2, "ly", 2) == 0 &&
         !(c->cls[i] & (DOSSIER_WORD_PERSON_NOUN | DOSSIER_WORD_TITLE));
}

/* A word of more than three letters in "-ed" or "-en": a regular participle ("accused",
 * "acknowledged", "written"). */
static gboolean
has_participle_ending (const Ctx *c,
                       guint      i)
{
  const DossierToken *t;
  const char *end;

  if (!is_word (c, i))
    return FALSE;
  t = tok (c, i);
  end = c->tk->text + t->byte_end;
  return t->byte_end - t->byte_start > 3 && end[-2] == 'e' && (end[-1] == 'd' || end[-1] == 'n');
}

/* A form of "be" (with @clitic, "'s" too): the auxiliaries of a passive. */
static gboolean
is_be (const Ctx *c,
       guint      i,
       gboolean   clitic)
{
  static const char * const be[] = { "is", "was", "were", "are", "be", "been", "being", NULL };

  if (i >= c->n || !(c->cls[i] & DOSSIER_WORD_AUX))
    return FALSE;
  if (tok (c, i)->kind == DOSSIER_TOKEN_CLITIC)
    return clitic && (tok_is (c, i, "'s") || tok_is (c, i, "’s"));
  return tok_in (c, i, be);
}

/* "…, but he refuses to discuss …": the subject pronoun right before a cue
 * (over adverbs and auxiliaries that are not forms of "be": "he has long
 * argued") is its source; in PolNeAR train it is for 2,999 of 3,036 cues a
 * pronoun comes right before with a source (the rest passives: "he was
 * accused by"). Returns the pronoun's token, or -1. */
static int
adjacent_pronoun (const Ctx *c,
                  guint      cue_first,
                  guint      cue_last)
{
  int k = (int)cue_first - 1;

  if (is_be (c, cue_first, TRUE))
    return -1;
  if (cue_last + 1 < c->n && tok_is (c, cue_last + 1, "by"))
    return -1;
  /* "he appeared to suggest", "she refused to say", "they want to know": a
   * person's pronoun, a verb in -ed or -s, "to" */
  if (k >= 2 && tok_is (c, k, "to") && is_word (c, k - 1) && !is_cap (c, k - 1) &&
      (c->cls[k - 2] & (DOSSIER_WORD_PERSON_PRO | DOSSIER_WORD_PLURAL_PRO)))
    {
      const DossierToken *v = tok (c, k - 1);
      const char *end = c->tk->text + v->byte_end;

      if (v->byte_end - v->byte_start > 3 &&
          ((end[-2] == 'e' && end[-1] == 'd') || (end[-1] == 's' && end[-2] != 's')))
        k -= 2;
    }
  while (k >= 0 && (int)cue_first - k <= 3 && c->sent_of[k] == c->sent_of[cue_first] &&
         ((c->cls[k] & (DOSSIER_WORD_ADVERB | DOSSIER_WORD_AUX)) || is_ly_adverb (c, k)) &&
         !(c->cls[k] & DOSSIER_WORD_PRONOUN))
    {
      if (is_be (c, k, TRUE))
        return -1;
      k--;
    }
  if (k < 0 || c->sent_of[k] != c->sent_of[cue_first] || c->used[k] ||
      !(c->cls[k] & DOSSIER_WORD_PRONOUN) || (c->cls[k] & DOSSIER_WORD_RELATIVE))
    return -1;
  return k;
}

static gboolean
is_day_name (const Ctx *c,
             guint      i)
{
  static const char * const days[] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "yesterday", "today", "week", "month", "year", "night", "morning", "evening", NULL
  };

  if (!is_word (c, i))
    return FALSE;
  return tok_in (c, i, days);
}

/* ---- sources ------------------------------------------------------------- */

static gboolean
np_word (const Ctx *c,
         guint      i)
{
  guint32 k = c->cls[i];

  if (!is_word (c, i))
    return FALSE;
  if (is_cap (c, i))
    return !(k & (DOSSIER_WORD_CONJ | DOSSIER_WORD_PREP | DOSSIER_WORD_ADVERB)) ||
           !(tok (c, i)->flags & DOSSIER_TOKEN_SENTENCE_START);
  return !(k & (DOSSIER_WORD_PREP | DOSSIER_WORD_CONJ | DOSSIER_WORD_AUX | DOSSIER_WORD_VERB |
                DOSSIER_WORD_PRONOUN | DOSSIER_WORD_ADVERB | DOSSIER_WORD_CUE)) ||
         (k & (DOSSIER_WORD_TITLE | DOSSIER_WORD_PERSON_NOUN));
}

static gboolean
is_np_preposition (const Ctx *c,
                   guint      i)
{
  return tok_is (c, i, "of") || tok_is (c, i, "for") || tok_is (c, i, "from") || tok_is (c, i, "on");
}

/* "one of", "a majority of", "52 percent of", "most of" */
static gboolean
is_quantity (const Ctx *c,
             guint      i)
{
  static const char * const words[] = {
    "one", "some", "many", "most", "majority", "percent", "all", "none", "each", "several",
    "half", "two", "three", "dozens", "hundreds", "thousands", "millions", "number", "group", NULL
  };

  if (tok (c, i)->kind == DOSSIER_TOKEN_NUMBER)
    return TRUE;
  return tok_in (c, i, words);
}

/* The noun phrase ending at @end (inclusive), not before @limit; returns its
 * first token or -1. */
static int
np_left (const Ctx *c,
         guint      end,
         guint      limit)
{
  guint k = end;
  guint n_lower = 0;

  if (end < limit)
    return -1;
  if (c->cls[end] & DOSSIER_WORD_PRONOUN)
    return (int)end;
  if (end > limit && is_quantity (c, end) && tok_is (c, end - 1, "the"))
    return (int)end - 1; /* "the two" */
  if (!np_word (c, end) || (c->cls[end] & DOSSIER_WORD_DET))
    return -1;

  while (k > limit)
    {
      guint t = k - 1;
      guint32 cl;

      /* a tagged name is one unit: "The Committee for a Responsible Federal Budget" */
      if (c->mention_first[k] >= 0 && c->mention_first[k] < (int)k)
        {
          k = MAX ((guint)c->mention_first[k], limit);
          continue;
        }
      cl = c->cls[t];

      if (tok (c, t)->kind == DOSSIER_TOKEN_CLITIC && tok_is (c, t, "'s"))
        {
          k = t;
          continue;
        }
      if (tok (c, t)->kind == DOSSIER_TOKEN_CLITIC && tok_is (c, t, "\xe2\x80\x99s"))
        {
          k = t;
          continue;
        }
      if (cl & DOSSIER_WORD_DET)
        {
          if (is_cap (c, t) || !(cl & DOSSIER_WORD_CONJ))
            k = t;
          /* "The Committee for a Responsible Federal Budget", "one of the family's attorneys" */
          if (k == t && t > limit + 1 && is_np_preposition (c, t - 1) &&
              (is_cap (c, t - 2) || is_quantity (c, t - 2) ||
               (c->cls[t - 2] & (DOSSIER_WORD_TITLE | DOSSIER_WORD_PERSON_NOUN))))
            {
              k = t - 1;
              continue;
            }
          break;
        }
      if (is_np_preposition (c, t) && t > limit &&
          (is_cap (c, t - 1) || is_quantity (c, t - 1) ||
           (c->cls[t - 1] & (DOSSIER_WORD_TITLE | DOSSIER_WORD_PERSON_NOUN))) &&
          (is_cap (c, k) || (tok_is (c, t, "of") && np_word (c, k))))
        {
          k = t;
          continue;
        }
      /* "Mr. Grassley and Mr. Leahy" */
      if (tok_is (c, t, "and") && t > limit && is_cap (c, t - 1) && is_cap (c, k) &&
          !(tok (c, t - 1)->flags & DOSSIER_TOKEN_SENTENCE_START))
        {
          k = t;
          continue;
        }
      if (!np_word (c, t))
        break;
      if (!is_cap (c, t) && ++n_lower > 4)
        break;
      k = t;
    }
  return (int)k;
}

/* The source to the left of the cue at @cue: "Peskov", "he", "The president",
 * "Graham, a former candidate,". Sets *first and *last; FALSE if none. */
static gboolean source_left_any (const Ctx *c,
                                  guint      cue,
                                  guint      limit,
                                  int       *first,
                                  int       *last);

/* As source_left_any, but a cue that is often a plural noun ("Republican
 * claims", "late-night tweets") needs its source at the start of a clause,
 * and a cue in "what he calls" is not the main attribution. */
static gboolean
source_left (const Ctx *c,
             guint      cue,
             guint      limit,
             int       *first,
             int       *last)
{
  if (!source_left_any (c, cue, limit, first, last))
    return FALSE;
  if (*first > (int)limit && tok_is (c, *first - 1, "what") &&
      (c->cls[*first] & DOSSIER_WORD_PRONOUN))
    return FALSE;
  if ((c->cls[cue] & DOSSIER_WORD_NOUN_TOO) && *first > (int)limit &&
      !tok_char (c, *first - 1, ',') && !(c->cls[*first - 1] & DOSSIER_WORD_CONJ) &&
      !(c->cls[*first] & DOSSIER_WORD_PRONOUN))
    return FALSE;
  return TRUE;
}

static gboolean
source_left_any (const Ctx *c,
                 guint      cue,
                 guint      limit,
                 int       *first,
                 int       *last)
{
  int i = (int)cue - 1;
  int start;

  for (;;)
    {
      while (i >= (int)limit && ((c->cls[i] & (DOSSIER_WORD_ADVERB | DOSSIER_WORD_AUX)) || is_ly_adverb (c, i)) &&
             !(c->cls[i] & DOSSIER_WORD_PRONOUN) &&
             !(is_cap (c, i) && !(tok (c, i)->flags & DOSSIER_TOKEN_SENTENCE_START)))
        i--;
      /* "Trump on Tuesday said", "Peskov last week told" */
      if (i > (int)limit && is_day_name (c, i) &&
          (tok_is (c, i - 1, "on") || tok_is (c, i - 1, "last") || tok_is (c, i - 1, "this")))
        i -= 2;
      else if (i >= (int)limit && is_day_name (c, i))
        i--;
      else
        break;
    }
  if (i < (int)limit)
    return FALSE;

  if (tok_char (c, i, ')'))
    {
      int j = i - 1;
      while (j > (int)limit && !tok_char (c, j, '(') && i - j < 8)
        j--;
      if (!tok_char (c, j, '(') || j <= (int)limit)
        return FALSE;
      start = np_left (c, j - 1, limit);
      if (start < 0 || (c->cls[start] & DOSSIER_WORD_PRONOUN))
        return FALSE;
      *first = start;
      *last = i;
      return TRUE;
    }

  if (tok_char (c, i, ','))
    {
      /* apposition: "Graham, a former candidate, told", "X, who runs …, said" */
      int j = i - 1;
      int name;
      guint n_commas = 0;
      int best = -1, best_score = 0;

      while (j > (int)limit && i - j < 40 && n_commas < 3)
        {
          if (is_terminal (c, j) || is_double_quote (c, j) || c->used[j])
            break;
          if (tok_char (c, j, ','))
            {
              int name_end = j - 1;

              n_commas++;
              if (tok_char (c, name_end, ')'))
                {
                  int k = name_end - 1;
                  while (k > (int)limit && !tok_char (c, k, '(') && name_end - k < 8)
                    k--;
                  if (tok_char (c, k, '('))
                    name_end = k - 1;
                }
              if (j < i - 1 && name_end >= (int)limit &&
                  (is_cap (c, name_end) || c->person[j + 1] ||
                   (c->cls[name_end] & (DOSSIER_WORD_TITLE | DOSSIER_WORD_PERSON_NOUN))) &&
                  ((c->cls[j + 1] & (DOSSIER_WORD_DET | DOSSIER_WORD_RELATIVE | DOSSIER_WORD_TITLE)) ||
                   is_cap (c, j + 1) ||
                   (tok (c, j + 1)->kind == DOSSIER_TOKEN_NUMBER && tok_char (c, j + 2, ','))) &&
                  !(c->cls[j + 1] & DOSSIER_WORD_PERSON_PRO) && !tok_is (c, j + 1, "it") &&
                  !tok_is (c, j + 1, "they") && !tok_is (c, j + 1, "I") && !tok_is (c, j + 1, "we"))
                {
                  name = np_left (c, name_end, limit);
                  if (name >= 0 && !(c->cls[name] & DOSSIER_WORD_PRONOUN))
                    {
                      /* "Dean Johnson, a salesman from Sumter, South Carolina, says":
                       * a person's name or "a"/"the" after the comma beats a place */
                      int score = (c->person[name_end] ||
                                   (c->cls[j + 1] & (DOSSIER_WORD_DET | DOSSIER_WORD_RELATIVE))) ? 2 : 1;
                      if (score > best_score)
                        {
                          best = name;
                          best_score = score;
                        }
                    }
                }
            }
          j--;
        }
      if (best < 0)
        return FALSE;
      *first = best;
      *last = i;
      return TRUE;
    }

  start = np_left (c, i, limit);
  if (start < 0)
    return FALSE;
  /* "Trump at the time said", "who in the past described": an adverbial phrase */
  if (start > (int)limit && i - start < 4 && !(c->cls[start] & DOSSIER_WORD_PRONOUN) &&
      (tok_is (c, start - 1, "at") || tok_is (c, start - 1, "in") || tok_is (c, start - 1, "on") ||
       tok_is (c, start - 1, "during") || tok_is (c, start - 1, "after") ||
       tok_is (c, start - 1, "over") || tok_is (c, start - 1, "for")) &&
      (c->cls[start] & DOSSIER_WORD_DET) && !is_cap (c, i))
    {
      int f2, l2;
      if (start - 1 > (int)limit && source_left_any (c, start - 1, limit, &f2, &l2))
        {
          *first = f2;
          *last = l2;
          return TRUE;
        }
      return FALSE;
    }
  *first = start;
  *last = i;
  return TRUE;
}

/* The source to the right of a cue ("said Trump", "said the senator"). */
static gboolean
source_right (const Ctx *c,
              guint      from,
              guint      limit,
              int       *first,
              int       *last)
{
  guint i = from;
  guint n_words = 0;

  if (i > limit || !is_word (c, i))
    return FALSE;
  if (c->cls[i] & DOSSIER_WORD_PRONOUN)
    {
      *first = *last = i;
      return TRUE;
    }
  while (i <= limit && n_words < 10)
    {
      guint32 k = c->cls[i];

      if (is_word (c, i) && (is_cap (c, i) || (k & DOSSIER_WORD_DET) || np_word (c, i)))
        ;
      else if (tok_is (c, i, "of") && n_words > 0)
        ;
      else if (tok (c, i)->kind == DOSSIER_TOKEN_CLITIC && n_words > 0)
        ;
      else
        break;
      if ((k & DOSSIER_WORD_CUE) && !is_cap (c, i))
        break;
      n_words++;
      i++;
    }
  if (n_words == 0)
    return FALSE;
  /* "Rep. Jim Clyburn (D-S.C.)" */
  if (tok_char (c, i, '(') && i + 2 <= limit)
    {
      guint j = i + 1;
      while (j <= limit && !tok_char (c, j, ')') && j - i < 8)
        j++;
      if (tok_char (c, j, ')'))
        i = j + 1;
    }
  while (i - 1 > from && tok_is (c, i - 1, "of"))
    i--;
  *first = from;
  *last = i - 1;
  return TRUE;
}

/* ---- attributions -------------------------------------------------------- */

/* "…," cried Bingley / "…," she cried / "…," Mrs. Bennet cried / X cried, "…":
 * a closing quotation mark before the verb with at most a short name or a
 * pronoun between, or an opening one right after it. */
static gboolean
next_to_quote (const Ctx *c,
               guint      i)
{
  int k = (int)i - 1;

  while (k >= 0 && (int)i - k <= 4 && !is_double_quote (c, k) &&
         (is_cap (c, k) || (c->cls[k] & DOSSIER_WORD_PERSON_PRO) ||
          (tok (c, k)->flags & DOSSIER_TOKEN_ABBREVIATION)))
    k--;
  if (k >= 0 && is_double_quote (c, k) && (tok (c, k)->flags & DOSSIER_TOKEN_QUOTE_CLOSE) &&
      k > 0 && (tok_char (c, k - 1, ',') || tok_char (c, k - 1, '!') || tok_char (c, k - 1, '?')))
    return TRUE;
  if (tok_char (c, i + 1, ',') || tok_char (c, i + 1, ':'))
    i++;
  return is_double_quote (c, i + 1) && (tok (c, i + 1)->flags & DOSSIER_TOKEN_QUOTE_OPEN);
}

static guint
cue_length (const Ctx *c,
            guint      i)
{
  if (is_cap (c, i) && !(tok (c, i)->flags & DOSSIER_TOKEN_SENTENCE_START) &&
      !(tok (c, i)->flags & DOSSIER_TOKEN_ALL_CAPS) && !(i > 0 && is_double_quote (c, i - 1)) &&
      (int)i > c->headline_last)
    return 0;
  if (tok_is (c, i, "according") && tok_is (c, i + 1, "to"))
    return 2;
  if (c->cls[i] & DOSSIER_WORD_CUE)
    return 1;
  if ((c->cls[i] & DOSSIER_WORD_SPEECH) && next_to_quote (c, i))
    return 1;
  return 0;
}

static int
add_attribution (Ctx   *c,
                 guint  first,
                 guint  last,
                 int    src_first,
                 int    src_last,
                 int    cue_first,
                 int    cue_last)
{
  Attribution a = { 0 };

  a.frag_first[0] = first;
  a.frag_last[0] = last;
  a.n_frags = 1;
  a.src_first = src_first;
  a.src_last = src_last;
  a.cue_first = cue_first;
  a.cue_last = cue_last;
  a.speaker = -1;
  g_array_append_val (c->attrs, a);
  for (guint i = first; i <= last; i++)
    c->used[i] = c->in_content[i] = 1;
  for (int i = src_first; i >= 0 && i <= src_last; i++)
    c->used[i] = 1;
  for (int i = cue_first; i >= 0 && i <= cue_last; i++)
    c->used[i] = 1;
  return c->attrs->len - 1;
}

static void
add_fragment (Ctx   *c,
              int    attr,
              guint  first,
              guint  last)
{
  Attribution *a = &g_array_index (c->attrs, Attribution, attr);

  if (a->n_frags >= MAX_FRAGMENTS)
    return;
  a->frag_first[a->n_frags] = first;
  a->frag_last[a->n_frags] = last;
  a->n_frags++;
  for (guint i = first; i <= last; i++)
    c->used[i] = c->in_content[i] = 1;
}

static guint skip_leading_conjunction (const Ctx *c,
                                       guint      first);

/* The token before a closed quote's closing mark: before both halves of a
 * '' pair (NYT style), so "policy.''" ends with its period too. */
static guint
before_close (const Ctx       *c,
              const QuoteSpan *q)
{
  guint k = q->last - 1;

  if (c->dq[q->last] == 3 && k > q->open)
    k--;
  return k;
}

/* 'MSNBC's "Morning Joe,"', 'the book "Make Your Kid a Millionaire,"': a
 * short quotation in title case after a possessive, a preposition or a
 * determiner names a show or a work; it is not what the source after it said. */
static gboolean
is_title_quote (const Ctx       *c,
                const QuoteSpan *q)
{
  guint p = q->open;
  guint n_words = 0;

  if (p == 0 || is_para_start (c, p) || !q->closed)
    return FALSE;
  if (!(tok (c, p - 1)->kind == DOSSIER_TOKEN_CLITIC &&
        (tok_is (c, p - 1, "'s") || tok_is (c, p - 1, "\xe2\x80\x99s"))) &&
      !((c->cls[p - 1] & (DOSSIER_WORD_PREP | DOSSIER_WORD_DET)) && is_word (c, p - 1)))
    return FALSE;
  for (guint k = p + 1; k < q->last; k++)
    {
      if (is_double_quote (c, k))
        continue;
      if (!is_word (c, k))
        {
          if ((tok_char (c, k, ',') || tok_char (c, k, '.')) && k + 1 <= q->last && is_double_quote (c, k + 1))
            continue;
          if (tok_char (c, k, '-') || tok_char (c, k, ':') || tok_char (c, k, '&'))
            continue;
          return FALSE;
        }
      n_words++;
      if (!is_cap (c, k) && tok (c, k)->kind != DOSSIER_TOKEN_NUMBER &&
          !(c->cls[k] & (DOSSIER_WORD_PREP | DOSSIER_WORD_DET)) && !tok_is (c, k, "and"))
        return FALSE;
    }
  return n_words > 0 && n_words <= 6 && is_cap (c, p + (c->dq[p] == 2 ? 2 : 1));
}

/* "…," Peskov said. / "…," said Peskov. */
static gboolean
attach_after (Ctx       *c,
              QuoteSpan *q,
              int        qi)
{
  guint j = q->last + 1;
  guint end = j;
  guint cue = 0;
  guint n_cue = 0;
  int sf = -1, sl = -1;

  if (!q->closed || j >= c->n || is_para_start (c, j))
    return FALSE;
  /* "broadcast of "Fox News Sunday," Pence said …": a title, not what Pence said */
  if (q->open > 0 && !is_para_start (c, q->open) &&
      (c->cls[q->open - 1] & (DOSSIER_WORD_PREP | DOSSIER_WORD_DET)) && is_word (c, q->open - 1))
    return FALSE;
  if (is_title_quote (c, q))
    return FALSE;
  /* "….” He said" is a new sentence; after a period only a short "Trump said." follows */
  if (q->last > 0 && tok_char (c, before_close (c, q), '.') && is_cap (c, j) &&
      !(c->cls[j] & DOSSIER_WORD_PRONOUN) && !(c->person[j]))
    {
      guint k = j;
      while (k < c->n && k < j + 4 && is_cap (c, k))
        k++;
      if (!(k < c->n && cue_length (c, k) == 1 && is_terminal (c, k + 1)))
        return FALSE;
    }
  if (is_dash (c, j) && is_cap (c, j + 1))
    {
      guint k = j + 1;
      while (k < c->n && !is_para_start (c, k) && is_word (c, k) && k - j < 6)
        k++;
      /* (a name at all: the dash may end the paragraph) */
      if (k > j + 1 && k < c->n && !is_para_start (c, k) && tok_char (c, k, '.') &&
          (k + 1 >= c->n || is_para_start (c, k + 1)))
        {
          q->attr = add_attribution (c, q->open, q->last, j + 1, k - 1, j, j);
          g_array_index (c->attrs, Attribution, q->attr).kind = KIND_DIRECT;
          return TRUE;
        }
      if (k > j + 1 && (k >= c->n || is_para_start (c, k)))
        {
          q->attr = add_attribution (c, q->open, q->last, j + 1, k - 1, j, j);
          g_array_index (c->attrs, Attribution, q->attr).kind = KIND_DIRECT;
          return TRUE;
        }
    }
  if (tok_char (c, j, ','))
    j++;
  for (end = j; end < c->n && end - j < 24; end++)
    {
      if (is_para_start (c, end) && end > j)
        break;
      if (is_terminal (c, end) && tok_char (c, end + 1, ')'))
        continue; /* "(D-Mo.)" */
      if (is_terminal (c, end) || is_double_quote (c, end) || tok_char (c, end, ';') ||
          tok_char (c, end, ':') || is_dash (c, end))
        break;
      if (n_cue == 0 && (n_cue = cue_length (c, end)) > 0)
        cue = end;
    }
  if (n_cue == 0)
    {
      /* "“France will always be France,” an angry Hollande retaliated." */
      guint v = end - 1;
      const DossierToken *t;

      /* (not a quotation inside a sentence: 'revamping ''Tales From the
       * Crypt,'' the kitschy HBO horror series.') */
      if (end >= c->n || !is_terminal (c, end) || end - j > 7 || end <= j + 1 ||
          sent_first (c, q->open) != q->open ||
          !(tok_char (c, before_close (c, q), ',') || tok_char (c, before_close (c, q), '!') ||
            tok_char (c, before_close (c, q), '?')))
        return FALSE;
      t = tok (c, v);
      if (t->kind != DOSSIER_TOKEN_WORD || (t->flags & DOSSIER_TOKEN_CAPITALIZED) ||
          t->byte_end - t->byte_start < 4 || (c->cls[v] & ~(guint32)DOSSIER_WORD_VERB) != 0 ||
          (memcmp (c->tk->text + t->byte_end - 2, "ed", 2) != 0 &&
           c->tk->text[t->byte_end - 1] != 's'))
        return FALSE;
      cue = v;
      n_cue = 1;
    }

  if (cue == j)
    {
      guint lim = end - 1;
      while (lim > cue && (tok_char (c, lim, ',') || !is_word (c, lim)) && !tok_char (c, lim, ')'))
        lim--;
      if (source_right (c, cue + n_cue, lim, &sf, &sl))
        {
          /* "said Peter Morgan, a lawyer for the Sierra Club, who …" */
          if (tok_char (c, sl + 1, ',') && lim > (guint)sl + 1)
            {
              /* up to the end of the clause, but not into "who said …" */
              guint k;
              for (k = sl + 2; k <= lim; k++)
                if ((c->cls[k] & DOSSIER_WORD_CUE) && !is_cap (c, k))
                  break;
              if (k <= lim)
                {
                  k--;
                  if (k > (guint)sl && (c->cls[k] & DOSSIER_WORD_RELATIVE))
                    k--;
                  lim = k;
                }
              sl = lim;
              while (sl > sf && !is_word (c, sl) && !tok_char (c, sl, ')'))
                sl--;
            }
        }
      else
        sf = sl = -1;
    }
  else
    {
      if (!source_left (c, cue, j, &sf, &sl) || sf != (int)j)
        {
          /* everything between the quote and the cue names the speaker:
           * "the independent Vermont senator and Democratic presidential candidate told" */
          guint k;
          int e = cue - 1;
          while (e > (int)j && ((c->cls[e] & (DOSSIER_WORD_ADVERB | DOSSIER_WORD_AUX)) || is_ly_adverb (c, e)))
            e--;
          for (k = j; (int)k <= e; k++)
            if (!(np_word (c, k) || (c->cls[k] & DOSSIER_WORD_DET) || tok_is (c, k, "and") ||
                  tok_is (c, k, "of") || tok_char (c, k, ',') || tok_char (c, k, '(') ||
                  tok_char (c, k, ')') || tok (c, k)->kind == DOSSIER_TOKEN_CLITIC))
              break;
          if ((int)k <= e || e - (int)j > 16 || !is_word (c, e))
            return FALSE;
          sf = j;
          sl = e;
        }
    }

  {
    /* 'The "opt out" movement is about "people telling leaders …,"' Wilcox said:
     * the words before the quote in its sentence are part of what was said */
    guint s0 = skip_leading_conjunction (c, sent_first (c, q->open));
    guint content_first = q->open;
    gboolean words = FALSE;

    if (s0 < q->open && !is_para_start (c, q->open))
      {
        gboolean clean = TRUE;
        for (guint k = s0; k < q->open; k++)
          {
            if (c->used[k] || (cue_length (c, k) > 0 && c->quote_of[k] < 0) || tok_char (c, k, ':'))
              clean = FALSE;
            if (is_word (c, k) && c->quote_of[k] < 0)
              words = TRUE;
          }
        if (clean && words)
          content_first = s0;
      }
    q->attr = add_attribution (c, content_first, q->last, sf, sl, cue, cue + n_cue - 1);
    g_array_index (c->attrs, Attribution, q->attr).kind =
      content_first == q->open ? KIND_DIRECT : KIND_MIXED;
  }
  (void)qi;
  return TRUE;
}

/* Sentence-final position: only closing marks and terminal punctuation follow. */
static gboolean
ends_sentence (const Ctx *c,
               guint      i)
{
  guint j = i + 1;

  while (j < c->n && !is_para_start (c, j) && (is_terminal (c, j) || is_double_quote (c, j) ||
                                               tok_char (c, j, ')')))
    {
      if (is_double_quote (c, j) && (tok (c, j)->flags & DOSSIER_TOKEN_QUOTE_OPEN))
        return TRUE;
      j++;
    }
  return j >= c->n || is_para_start (c, j) || j > sent_last (c, i) ||
         (j > i + 1 && (is_cap (c, j) || is_double_quote (c, j)));
}

/* ", adding that …", ", saying …": a second attribution by the same source */
static gboolean
is_participle_cue (const Ctx *c,
                   guint      i)
{
  const DossierToken *t;

  if (i == 0 || !tok_char (c, i - 1, ',') || !(c->cls[i] & DOSSIER_WORD_CUE) ||
      (c->cls[i] & DOSSIER_WORD_CUE_WEAK))
    return FALSE;
  t = tok (c, i);
  return t->byte_end - t->byte_start > 4 && memcmp (c->tk->text + t->byte_end - 3, "ing", 3) == 0;
}

/* Clause boundaries that end reported content: "and said", ", although". */
static gboolean
content_breaks_before (const Ctx *c,
                       guint      i)
{
  if ((tok_is (c, i, "and") || tok_is (c, i, "but")) && i + 1 < c->n)
    {
      guint k = i + 1;
      if (c->cls[k] & DOSSIER_WORD_ADVERB)
        k++;
      if ((c->cls[k] & DOSSIER_WORD_CUE) && !(c->cls[k] & DOSSIER_WORD_CUE_WEAK))
        return TRUE;
      return FALSE;
    }
  if (tok_char (c, i - 1, ',') &&
      (tok_is (c, i, "although") || tok_is (c, i, "though") || tok_is (c, i, "whereas")))
    return TRUE;
  return FALSE;
}

/* Last token of the reported content that starts at @from: the sentence end
 * without its final punctuation (kept when inside a closing quote). */
static guint
content_end (const Ctx *c,
             guint      from)
{
  guint last = sent_last (c, from);
  guint stop;

  /* stop before a quote that has its own attribution, or ", adding that …",
   * "… and said …", ", although …", or a quote followed by its own "she said" */
  for (stop = from; stop <= last; stop++)
    {
      if (c->used[stop] || (stop > from && is_participle_cue (c, stop)))
        break;
      if (stop > from + 1 && content_breaks_before (c, stop))
        break;
      if (stop > from && is_double_quote (c, stop) && c->quote_of[stop] >= 0 &&
          g_array_index (c->quotes, QuoteSpan, c->quote_of[stop]).last == stop &&
          stop + 3 <= last && g_array_index (c->quotes, QuoteSpan, c->quote_of[stop]).open >= from)
        {
          guint k = stop + 1;
          if (tok_char (c, k, ','))
            k++;
          if ((c->cls[k] & DOSSIER_WORD_PRONOUN) && cue_length (c, k + 1) == 1)
            {
              stop++;
              break;
            }
        }
    }
  if (stop <= last)
    {
      last = stop > from ? stop - 1 : from;
      while (last > from && (tok_char (c, last, ',') || is_dash (c, last)))
        last--;
      return last;
    }
  while (last > from && (is_terminal (c, last) || tok_char (c, last, ',')) &&
         !(c->quote_of[last] >= 0))
    last--;
  if (is_double_quote (c, last) && (tok (c, last)->flags & DOSSIER_TOKEN_QUOTE_CLOSE))
    return last;
  while (last > from && (is_terminal (c, last) || tok_char (c, last, ',') ||
                         tok_char (c, last, ';') || tok_char (c, last, ':')))
    last--;
  return last;
}

/* Where the content starts after a cue: skips "reporters", "on Sunday",
 * "in a statement" before "that" or the subject of the reported clause. */
static guint
content_start (const Ctx *c,
               guint      after,
               gboolean   object,
               guint      limit)
{
  guint j = after;

  if (j > limit)
    return j;
  if (tok_char (c, j, ':') || tok_char (c, j, ','))
    return j + 1;
  if (tok_is (c, j, "that"))
    return j;
  /* "said Thursday his biggest worry …", "said on Sunday he …" */
  if (!object && (is_day_name (c, j) ||
                  ((tok_is (c, j, "on") || tok_is (c, j, "last") || tok_is (c, j, "this")) &&
                   is_day_name (c, j + 1))))
    {
      guint k = is_day_name (c, j) ? j + 1 : j + 2;
      if (is_day_name (c, k))
        k++;
      return k <= limit ? k : j;
    }
  if (object || (c->cls[j] & (DOSSIER_WORD_PREP | DOSSIER_WORD_TIME)))
    {
      guint k;
      for (k = j; k <= limit && k < j + (object ? 14 : 9); k++)
        {
          if (is_terminal (c, k))
            break;
          if (tok_is (c, k, "that"))
            return k;
        }
      for (k = j; k <= limit && k < j + (object ? 14 : 9); k++)
        {
          if (tok_is (c, k, "that"))
            return k;
          if (tok_char (c, k, ':') || tok_char (c, k, ','))
            return k + 1;
          if (k > j && (c->cls[k] & DOSSIER_WORD_PRONOUN) && !(c->cls[k] & DOSSIER_WORD_RELATIVE) &&
              !tok_is (c, k, "it") && !tok_is (c, k, "you"))
            return k;
          if (is_double_quote (c, k) && (tok (c, k)->flags & DOSSIER_TOKEN_QUOTE_OPEN))
            return k;
          if (is_terminal (c, k))
            break;
        }
    }
  return j;
}

/* "Speaking", "Holding": a capitalised -ing word opening a sentence */
static gboolean
is_participle_word (const Ctx *c,
                    guint      i)
{
  const DossierToken *t = tok (c, i);

  return t->kind == DOSSIER_TOKEN_WORD && t->byte_end - t->byte_start > 5 &&
         memcmp (c->tk->text + t->byte_end - 3, "ing", 3) == 0;
}

/* The subject at the start of the sentence ("During a speech, Trump attacked
 * Clinton, saying, …" → "Trump"); names and pronouns only. */
static gboolean
sentence_subject (const Ctx *c,
                  guint      limit,
                  guint      before,
                  int       *first,
                  int       *last)
{
  guint k = limit;
  guint e;

  if (k >= before)
    return FALSE;
  if (is_double_quote (c, k))
    return FALSE;
  if (((c->cls[k] & (DOSSIER_WORD_PREP | DOSSIER_WORD_CONJ | DOSSIER_WORD_ADVERB)) &&
       !(c->cls[k] & DOSSIER_WORD_PRONOUN)) || is_participle_word (c, k))
    {
      while (k < before && !tok_char (c, k, ','))
        k++;
      k++;
      if (k >= before)
        return FALSE;
    }
  if (c->cls[k] & DOSSIER_WORD_PRONOUN)
    {
      if (c->cls[k] & DOSSIER_WORD_RELATIVE)
        return FALSE;
      *first = *last = k;
      return TRUE;
    }
  for (e = k; e < before && e < k + 8; e++)
    {
      if (is_cap (c, e) && !(c->cls[e] & (DOSSIER_WORD_CONJ | DOSSIER_WORD_PREP | DOSSIER_WORD_PRONOUN)))
        continue;
      if ((c->cls[e] & DOSSIER_WORD_DET) && e == k)
        continue;
      if (np_word (c, e) && !is_cap (c, e) && e > k)
        continue;
      break;
    }
  if (e == k || !is_cap (c, e - 1) ||
      (c->cls[k] & (DOSSIER_WORD_CONJ | DOSSIER_WORD_PREP | DOSSIER_WORD_VERB | DOSSIER_WORD_CUE)) ||
      is_participle_word (c, k))
    return FALSE;
  *first = k;
  *last = e - 1;
  return TRUE;
}

/* The source of the latest attribution before @cue in its sentence
 * ("…," Sanders said, suggesting …). */
static gboolean
previous_source (const Ctx *c,
                 guint      cue,
                 int       *first,
                 int       *last)
{
  guint sent = c->sent_of[cue];
  int best = -1;

  for (guint a = 0; a < c->attrs->len; a++)
    {
      const Attribution *at = &g_array_index (c->attrs, Attribution, a);
      if (at->src_first >= 0 && at->cue_first >= 0 && at->cue_first < (int)cue &&
          c->sent_of[at->cue_first] == sent && (best < 0 ||
          at->cue_first > g_array_index (c->attrs, Attribution, best).cue_first))
        best = a;
    }
  if (best < 0)
    return FALSE;
  *first = g_array_index (c->attrs, Attribution, best).src_first;
  *last = g_array_index (c->attrs, Attribution, best).src_last;
  return TRUE;
}

/* When source_left finds nothing: the subject of the sentence, the source of
 * the attribution a participle continues, or "Said Ellis:". */
static gboolean
source_fallback (const Ctx *c,
                 guint      cue,
                 guint      n_cue,
                 guint      limit,
                 guint      before,
                 int       *first,
                 int       *last)
{
  if (cue == limit && cue + n_cue < before && is_cap (c, cue + n_cue))
    return source_right (c, cue + n_cue, before - 1, first, last);
  if (is_participle_cue (c, cue))
    {
      if (previous_source (c, cue, first, last))
        return TRUE;
    }
  /* "Graham said that …, and said that …": the same source */
  {
    int k = (int)cue - 1;
    while (k > (int)limit && ((c->cls[k] & DOSSIER_WORD_ADVERB) || is_ly_adverb (c, k)))
      k--;
    if (k > (int)limit && (tok_is (c, k, "and") || tok_is (c, k, "but")) &&
        previous_source (c, cue, first, last))
      return TRUE;
  }
  /* "…, but he refuses to …", "after he appeared to suggest": not the sentence's subject */
  {
    int pro = adjacent_pronoun (c, cue, cue + n_cue - 1);

    if (pro >= (int)limit)
      {
        if (pro > (int)limit && tok_is (c, pro - 1, "what"))
          return FALSE;
        *first = *last = pro;
        return TRUE;
      }
  }
  if (sentence_subject (c, limit, cue, first, last) && *last < (int)cue)
    {
      gboolean participle = is_participle_cue (c, cue);
      for (int k = *last + 1; k < (int)cue; k++)
        if (c->used[k] || is_double_quote (c, k) || (!participle && (c->cls[k] & DOSSIER_WORD_CUE)))
          return FALSE;
      return TRUE;
    }
  return FALSE;
}

/* X said: "…" / X told the agency that "…" */
static gboolean
attach_before (Ctx       *c,
               QuoteSpan *q)
{
  int p = (int)q->open - 1;
  guint limit = sent_first (c, q->open);
  guint content_first = q->open;
  int cue = -1;
  guint n_cue = 0;
  int sf = -1, sl = -1;
  gboolean colon = FALSE;
  int a;

  if (p < 0)
    return FALSE;
  if (is_para_start (c, q->open))
    {
      /* "He said:" closing the paragraph before */
      if (!tok_char (c, p, ':'))
        return FALSE;
      limit = sent_first (c, p);
    }
  if (limit == q->open)
    return FALSE; /* 'countries."There' starts a sentence */
  if (tok_char (c, p, ':') || tok_char (c, p, ','))
    {
      colon = tok_char (c, p, ':');
      p--;
    }
  else if (tok_is (c, p, "that"))
    {
      content_first = p;
      p--;
    }
  /* the cue, possibly followed by an object or a short phrase */
  for (int k = p; k >= (int)limit && p - k < 8; k--)
    {
      if (c->used[k] || is_double_quote (c, k) || is_terminal (c, k))
        break;
      if ((n_cue = cue_length (c, k)) > 0)
        {
          cue = k;
          break;
        }
      if (k > 0 && tok_is (c, k - 1, "according") && tok_is (c, k, "to"))
        {
          cue = k - 1;
          n_cue = 2;
          break;
        }
    }
  if (cue < 0)
    {
      /* "Trump on Twitter: "…"": the colon is the cue */
      if (!colon)
        return FALSE;
      if (!source_left (c, p + 1, limit, &sf, &sl))
        return FALSE;
      if (!is_cap (c, sf) && !(c->cls[sf] & DOSSIER_WORD_PRONOUN))
        return FALSE;
      cue = p + 1;
      n_cue = 1;
    }
  else
    {
      if (n_cue == 2)
        {
          /* according to X: "…" */
          if (!source_right (c, cue + 2, p, &sf, &sl))
            sf = sl = -1;
        }
      else if (!source_left (c, cue, limit, &sf, &sl) &&
               !source_fallback (c, cue, n_cue, limit, p + 1, &sf, &sl))
        {
          if (!colon && !tok_char (c, q->open - 1, ','))
            return FALSE;
          sf = sl = -1;
        }
      else if (sf > (int)limit && (cue_length (c, sf - 1) == 1 ||
                                   (tok_is (c, sf - 1, "that") && sf - 1 > (int)limit &&
                                    cue_length (c, sf - 2) == 1)) &&
               content_first == q->open)
        {
          /* "DuVernay said she felt …": the outer verb is the cue */
          int outer = tok_is (c, sf - 1, "that") ? sf - 2 : sf - 1;
          int of = -1, ol = -1;

          if (!c->used[outer] && !(c->cls[outer] & DOSSIER_WORD_CUE_OBJECT) &&
              !(c->cls[outer] & DOSSIER_WORD_CUE_WEAK) &&
              (source_left (c, outer, limit, &of, &ol) ||
               source_fallback (c, outer, 1, limit, outer, &of, &ol)))
            {
              content_first = outer + 1;
              cue = outer;
              n_cue = 1;
              sf = of;
              sl = ol;
            }
        }
      /* words between the cue and the quote that are not an object or a phrase */
      if (cue + (int)n_cue <= p && content_first == q->open && !colon &&
          !tok_char (c, q->open - 1, ','))
        {
          if (c->cls[cue] & DOSSIER_WORD_CUE_OBJECT)
            content_first = content_start (c, cue + n_cue, TRUE, q->open);
          else
            content_first = cue + n_cue;
        }
    }

  if (ends_sentence (c, q->last) || !q->closed)
    {
      a = add_attribution (c, content_first, q->last, sf, sl, cue, cue + n_cue - 1);
      g_array_index (c->attrs, Attribution, a).kind =
        content_first == q->open ? KIND_DIRECT : KIND_MIXED;
    }
  else
    {
      /* a partial quote in the middle of the reported clause */
      guint last = content_end (c, content_first);
      if (last < q->last)
        last = q->last;
      a = add_attribution (c, content_first, last, sf, sl, cue, cue + n_cue - 1);
      g_array_index (c->attrs, Attribution, a).kind = KIND_MIXED;
    }
  q->attr = a;
  return TRUE;
}

static void
attach_quotes (Ctx *c)
{
  for (guint qi = 0; qi < c->quotes->len; qi++)
    {
      QuoteSpan *q = &g_array_index (c->quotes, QuoteSpan, qi);
      QuoteSpan *prev = qi > 0 ? &g_array_index (c->quotes, QuoteSpan, qi - 1) : NULL;

      /* skip quoted titles with no attribution ("State of the Union") in between */
      for (guint pi = qi; pi > 0 && prev != NULL && prev->attr < 0 && prev->closed &&
           prev->last - prev->open < 8; pi--)
        {
          QuoteSpan *before = pi >= 2 ? &g_array_index (c->quotes, QuoteSpan, pi - 2) : NULL;
          if (before == NULL || before->attr < 0 || c->sent_of[before->last] != c->sent_of[prev->open])
            break;
          prev = before;
          break;
        }

      if (c->used[q->open])
        continue;
      if (attach_before (c, q))
        continue;

      /* continuation: "…," X said. "…" or a quote running over paragraphs */
      if (prev != NULL && prev->attr >= 0)
        {
          Attribution *pa = &g_array_index (c->attrs, Attribution, prev->attr);
          guint gap_first = prev->last + 1;
          gboolean only_attr = TRUE;
          gboolean same_para = c->tk->sentences->len > 0 &&
            g_array_index (c->tk->sentences, DossierSentence, c->sent_of[prev->last]).paragraph ==
            g_array_index (c->tk->sentences, DossierSentence, c->sent_of[q->open]).paragraph;

          for (guint k = gap_first; k < q->open; k++)
            if (!c->used[k] && !tok_char (c, k, ',') && !is_terminal (c, k))
              {
                only_attr = FALSE;
                break;
              }
          /* words of the source's clause between them ('"…," Trump said
           * during a rally, "but …"'), but not a quotation inside that
           * clause: '… told the television program ''Inside Edition'' after …' */
          if (same_para && pa->cue_first > (int)prev->last && pa->cue_first < (int)q->open &&
              (sent_first (c, q->open) == q->open || c->sent_of[q->open] != c->sent_of[pa->cue_last] ||
               tok_char (c, q->open - 1, ',') || tok_char (c, q->open - 1, ':') ||
               tok_char (c, q->open - 1, ';') ||
               is_terminal (c, q->open - 1) || (c->cls[q->open - 1] & DOSSIER_WORD_CONJ)))
            only_attr = TRUE;
          /* 'America needs leaders "who …," Clinton said. "And that's why …"': a
           * mixed quote ending with its quotation and a comma goes on with the
           * quoted sentence after its cue */
          if ((prev->continues || (same_para && only_attr)) && pa->n_frags < MAX_FRAGMENTS &&
              (pa->kind == KIND_DIRECT ||
               (pa->kind == KIND_MIXED && pa->frag_last[pa->n_frags - 1] == prev->last &&
                tok_char (c, before_close (c, prev), ',') && sent_first (c, q->open) == q->open)) &&
              (prev->continues || pa->cue_first > (int)prev->last))
            {
              /* an interrupted quote may still carry its own cue after it */
              if (!q->continues && attach_after (c, q, qi))
                continue;
              add_fragment (c, prev->attr, q->open, q->last);
              q->attr = prev->attr;
              continue;
            }
        }
      if (attach_after (c, q, qi))
        continue;
    }
}

/* "said Steve Elmendorf, deputy campaign manager for …." — the apposition
 * belongs to the source when the sentence ends with it. */
static gboolean
extend_to_clause_end (const Ctx *c,
                      int       *sl,
                      guint      last)
{
  guint k;

  for (k = *sl + 1; k <= last; k++)
    if (is_terminal (c, k) || is_double_quote (c, k) || tok_char (c, k, ';') ||
        (c->cls[k] & DOSSIER_WORD_CUE))
      break;
  if (k <= last && !is_terminal (c, k))
    return FALSE;
  k--;
  while (k > (guint)*sl && !is_word (c, k) && !tok_char (c, k, ')'))
    k--;
  *sl = k;
  return TRUE;
}

/* "But …", "And …", "However, …" at the start stay outside the content. */
static guint
skip_leading_conjunction (const Ctx *c,
                          guint      first)
{
  if (tok_is (c, first, "but") || tok_is (c, first, "and") || tok_is (c, first, "yet") ||
      tok_is (c, first, "so"))
    return first + 1;
  if (tok_is (c, first, "however") && tok_char (c, first + 1, ','))
    return first + 2;
  return first;
}

static gboolean
is_refusal (const Ctx *c,
            guint      i)
{
  return tok_is (c, i, "declined") || tok_is (c, i, "declines") || tok_is (c, i, "refused") ||
         tok_is (c, i, "refuses");
}

/* A headline "Graham: Trump's Rhetoric Destroying GOP's Chance." */
static void
find_headline_colon (Ctx   *c,
                     guint  first,
                     guint  last)
{
  guint k;
  guint cl;
  int a;

  if (!is_para_start (c, first) || c->used[first])
    return;
  for (k = first; k <= last && k < first + 5; k++)
    if (tok_char (c, k, ':') || !(is_cap (c, k) || tok (c, k)->kind == DOSSIER_TOKEN_CLITIC))
      break;
  if (k == first || k > last || !tok_char (c, k, ':') || k + 3 > last || is_double_quote (c, k + 1) ||
      c->used[k + 1])
    return;
  cl = content_end (c, k + 1);
  if (cl < k + 3)
    return;
  a = add_attribution (c, k + 1, cl, first, k - 1, k, k);
  g_array_index (c->attrs, Attribution, a).kind = KIND_INDIRECT;
}

/* Reported speech in sentences outside the attached quotes. */
static void
find_reported (Ctx *c)
{
  for (guint s = 0; s < c->tk->sentences->len; s++)
    {
      const DossierSentence *sent = &g_array_index (c->tk->sentences, DossierSentence, s);
      guint first = sent->first_token;
      guint last = first + sent->n_tokens - 1;

      find_headline_colon (c, first, last);

      for (guint i = first; i <= last; i++)
        {
          guint n_cue;
          int sf = -1, sl = -1;
          int a;

          if (c->used[i] || c->quote_of[i] >= 0)
            continue;
          n_cue = cue_length (c, i);
          if (n_cue == 0)
            continue;
          /* verbs used as adjectives or nouns: "the said", "reports" after a determiner */
          if (i > first && (c->cls[i - 1] & DOSSIER_WORD_DET) && n_cue == 1)
            continue;

          if (n_cue == 2)
            {
              /* according to X, … / …, according to X */
              guint k;
              for (k = i + 2; k <= last && !tok_char (c, k, ',') && !is_terminal (c, k); k++)
                ;
              if (!source_right (c, i + 2, k - 1, &sf, &sl))
                continue;
              if (i == first || (i == first + 1 && (c->cls[first] & DOSSIER_WORD_CONJ)))
                {
                  guint cf = k + 1;
                  guint cl;
                  if (cf > last || c->used[cf])
                    continue;
                  cl = content_end (c, cf);
                  if (cl <= cf)
                    continue;
                  a = add_attribution (c, cf, cl, sf, sl, i, i + 1);
                }
              else if (i > first + 2 && tok_char (c, i - 1, ','))
                {
                  guint cf = first;
                  while (cf < i && c->used[cf])
                    cf++;
                  if (cf + 2 >= i - 1)
                    continue;
                  a = add_attribution (c, cf, i - 2, sf, sl, i, i + 1);
                }
              else
                continue;
              g_array_index (c->attrs, Attribution, a).kind = KIND_INDIRECT;
              i = sl > 0 ? (guint)sl : i + 1;
              continue;
            }

          if ((source_left (c, i, first, &sf, &sl) ||
               (!(c->cls[i] & (DOSSIER_WORD_CUE_WEAK | DOSSIER_WORD_NOUN_TOO)) &&
                source_fallback (c, i, 1, first, i, &sf, &sl))) &&
              !c->used[sf])
            {
              gboolean weak = (c->cls[i] & DOSSIER_WORD_CUE_WEAK) != 0;
              guint after_src = i + 1;
              /* "…, sources said." → the content is before */
              gboolean final = ends_sentence (c, i) ||
                (tok_char (c, i + 1, ',') && i + 2 <= last &&
                 (tok_is (c, i + 2, "adding") || tok_is (c, i + 2, "noting") ||
                  tok_is (c, i + 2, "saying")));
              if (!final)
                {
                  /* "…, he said on Sunday." "…, X said in a statement." */
                  guint k;
                  for (k = i + 1; k <= last && k < i + 8; k++)
                    if (!is_word (c, k) || (c->cls[k] & (DOSSIER_WORD_CONJ | DOSSIER_WORD_PRONOUN)))
                      break;
                  if (k > i + 1 && (c->cls[i + 1] & (DOSSIER_WORD_PREP | DOSSIER_WORD_TIME)) &&
                      !(c->cls[i] & DOSSIER_WORD_CUE_OBJECT) && (k > last || ends_sentence (c, k - 1)))
                    final = TRUE;
                  /* "…, lawmakers said Friday, as they bristled …" */
                  if (!(c->cls[i] & DOSSIER_WORD_CUE_OBJECT) && tok_char (c, k, ',') &&
                      (k == i + 1 || (c->cls[i + 1] & (DOSSIER_WORD_PREP | DOSSIER_WORD_TIME)) ||
                       is_day_name (c, i + 1)) &&
                      (tok_is (c, k + 1, "as") || tok_is (c, k + 1, "while") || tok_is (c, k + 1, "when") ||
                       tok_is (c, k + 1, "after") || tok_is (c, k + 1, "before") ||
                       tok_is (c, k + 1, "because") || tok_is (c, k + 1, "citing") ||
                       tok_is (c, k + 1, "but") || tok_is (c, k + 1, "though") || tok_is (c, k + 1, "although")))
                    final = TRUE;
                  /* "…, his top aide told The Huffington Post." "…, the president told her." */
                  if ((c->cls[i] & DOSSIER_WORD_CUE_OBJECT) && tok_char (c, sf - 1, ','))
                    {
                      guint m;
                      for (m = i + 1; m <= last && m < i + 8; m++)
                        if (!(is_cap (c, m) || tok_is (c, m, "her") || tok_is (c, m, "him") ||
                              tok_is (c, m, "me") || tok_is (c, m, "us") || tok_is (c, m, "them") ||
                              tok_is (c, m, "reporters") || (c->cls[m] & DOSSIER_WORD_DET) ||
                              tok (c, m)->kind == DOSSIER_TOKEN_CLITIC || is_double_quote (c, m) ||
                              (is_word (c, m) && (c->cls[m] & (DOSSIER_WORD_TIME | DOSSIER_WORD_PREP)))))
                          break;
                      if (m > i + 1 && (m > last || ends_sentence (c, m - 1) || is_terminal (c, m)))
                        final = TRUE;
                    }
                }
              /* "This campaign, he says, is different." */
              if (!final && sf > (int)first + 1 && tok_char (c, sf - 1, ',') && tok_char (c, i + 1, ',') &&
                  !weak && i + 3 <= last && !c->used[first] && !c->used[i + 2])
                {
                  guint cl = content_end (c, i + 2);
                  guint cf = skip_leading_conjunction (c, first);
                  gboolean clean = TRUE;
                  for (guint k = cf; k < (guint)sf - 1; k++)
                    if (c->used[k] || (c->cls[k] & DOSSIER_WORD_CUE))
                      clean = FALSE;
                  if (clean && cl >= i + 3 && sf - 2 >= (int)cf)
                    {
                      a = add_attribution (c, cf, sf - 2, sf, sl, i, i);
                      add_fragment (c, a, i + 2, cl);
                      g_array_index (c->attrs, Attribution, a).kind = KIND_INDIRECT;
                      i = cl;
                      continue;
                    }
                }
              if (final && sf >= (int)first + 2 &&
                  (tok_char (c, sf - 1, ',') ||
                   (is_double_quote (c, sf - 1) && tok_char (c, sf - 2, ',') && sf >= (int)first + 3)))
                {
                  guint cf = skip_leading_conjunction (c, first);
                  guint cl = tok_char (c, sf - 1, ',') ? sf - 2 : sf - 1;
                  while (cf < cl && c->used[cf])
                    cf++;
                  while (cl > cf && (tok_char (c, cl, ',') || is_dash (c, cl)))
                    cl--;
                  if (weak || cl < cf + 2)
                    continue;
                  for (guint k = cf; k <= cl; k++)
                    if (c->used[k])
                      cf = k + 1;
                  if (cl < cf + 2)
                    continue;
                  a = add_attribution (c, cf, cl, sf, sl, i, i);
                  g_array_index (c->attrs, Attribution, a).kind = KIND_INDIRECT;
                  continue;
                }
              if (!final)
                {
                  guint cf = content_start (c, after_src, (c->cls[i] & DOSSIER_WORD_CUE_OBJECT) != 0, last);
                  guint cl;
                  if (cf > last || c->used[cf])
                    continue;
                  if (weak && !tok_is (c, cf, "that") && !(c->cls[cf] & DOSSIER_WORD_PRONOUN) &&
                      !(c->cls[cf] & DOSSIER_WORD_DET) && !is_cap (c, cf))
                    continue;
                  if (weak && !is_cap (c, sf) && !(c->cls[sf] & DOSSIER_WORD_PRONOUN) &&
                      !(c->cls[sl] & DOSSIER_WORD_PERSON_NOUN))
                    continue;
                  /* "declined to say whether …" keeps its "to" */
                  if (is_refusal (c, i) && tok_is (c, i + 1, "to"))
                    cf = i + 1;
                  else if (tok_is (c, cf, "to") || tok_is (c, cf, "for") || tok_is (c, cf, "by"))
                    continue;
                  cl = content_end (c, cf);
                  if (cl < cf + 2)
                    continue;
                  a = add_attribution (c, cf, cl, sf, sl, i, i);
                  {
                    gboolean has_quote = FALSE;
                    for (guint k = cf; k <= cl; k++)
                      if (c->quote_of[k] >= 0)
                        has_quote = TRUE;
                    g_array_index (c->attrs, Attribution, a).kind = has_quote ? KIND_MIXED : KIND_INDIRECT;
                  }
                  i = cl;
                  continue;
                }
            }
          else if (i > first + 2 && (tok_char (c, i - 1, ',') ||
                                     (is_double_quote (c, i - 1) && tok_char (c, i - 2, ','))) &&
                   !(c->cls[i] & DOSSIER_WORD_CUE_WEAK) &&
                   source_right (c, i + 1, last, &sf, &sl) &&
                   (ends_sentence (c, sl) || (tok_char (c, sl + 1, ',') && extend_to_clause_end (c, &sl, last))))
            {
              /* "…, said Trump." */
              guint cf = skip_leading_conjunction (c, first);
              guint cl = tok_char (c, i - 1, ',') ? i - 2 : i - 1;
              while (cf < cl && c->used[cf])
                cf++;
              if (cl < cf + 2)
                continue;
              a = add_attribution (c, cf, cl, sf, sl, i, i);
              g_array_index (c->attrs, Attribution, a).kind = KIND_INDIRECT;
              i = sl;
            }
        }
    }
}

static void
find_participles (Ctx *c)
{
  for (guint a = 0; a < c->attrs->len; a++)
    {
      Attribution at = g_array_index (c->attrs, Attribution, a);
      int end = MAX (at.cue_last, at.src_last);
      guint i;
      guint last;

      if (at.cue_first < 0 || end < 0)
        continue;
      last = sent_last (c, end);
      for (i = end + 1; i <= last && i < (guint)end + 10; i++)
        if (is_participle_cue (c, i) || c->used[i] || is_terminal (c, i))
          break;
      if (i <= last && is_participle_cue (c, i) && !c->used[i])
        {
          guint cf = content_start (c, i + 1, (c->cls[i] & DOSSIER_WORD_CUE_OBJECT) != 0, last);
          guint cl;
          int n;
          gboolean has_quote = FALSE;

          if (cf > last || c->used[cf])
            continue;
          cl = content_end (c, cf);
          if (cl < cf + 1)
            continue;
          n = add_attribution (c, cf, cl, at.src_first, at.src_last, i, i);
          for (guint k = cf; k <= cl; k++)
            if (c->quote_of[k] >= 0)
              has_quote = TRUE;
          g_array_index (c->attrs, Attribution, n).kind = has_quote ? KIND_MIXED : KIND_INDIRECT;
        }
    }
}

/* ---- speakers ----------------------------------------------------------- */

/* The mention at @i is followed by "'s" (the possessor, not the head). */
static gboolean
is_possessive_name (const Ctx *c,
                    guint      i)
{
  guint k = i;

  while (k + 1 < c->n && c->entity_of[k + 1] == c->entity_of[i] && c->mention_first[k + 1] == c->mention_first[i])
    k++;
  return k + 1 < c->n && tok (c, k + 1)->kind == DOSSIER_TOKEN_CLITIC &&
         (tok_is (c, k + 1, "'s") || tok_is (c, k + 1, "\xe2\x80\x99s"));
}

static int
resolve_pronoun (Ctx   *c,
                 guint  pronoun,
                 int    attr)
{
  char want = c->cls[pronoun] & DOSSIER_WORD_MALE ? 'm' : 'f';
  guint sent = c->sent_of[pronoun];
  guint min_sent = sent > 2 ? sent - 2 : 0;
  int best = -1;

  /* the previous quote's speaker, when the pronoun continues that story */
  for (int k = attr - 1; k >= 0 && k >= attr - 2; k--)
    {
      const Attribution *pa = &g_array_index (c->attrs, Attribution, k);
      if (pa->speaker >= 0 && pa->src_first >= 0 && c->sent_of[pa->src_first] + 3 >= sent)
        {
          char g = dossier_people_entity_gender (c->ex, pa->speaker);
          if (g == want)
            {
              /* unless a same-gender person was named since */
              gboolean other = FALSE;
              for (guint t = pa->src_last + 1; t < pronoun; t++)
                if (c->person[t] && c->entity_of[t] >= 0 && c->entity_of[t] != pa->speaker &&
                    !c->in_content[t] && dossier_people_entity_gender (c->ex, c->entity_of[t]) == want)
                  other = TRUE;
              if (!other)
                return pa->speaker;
            }
          break;
        }
    }

  /* the nearest named person of that gender in this or the two sentences before;
   * a person of unknown gender only when nobody else is named there */
  {
    int only = -1;
    gboolean several = FALSE;

    for (int t = (int)pronoun - 1; t >= 0 && c->sent_of[t] >= min_sent; t--)
      {
        int e = c->entity_of[t];
        char g;
        if (e < 0 || !c->person[t] || c->in_content[t] || is_possessive_name (c, t))
          continue;
        /* in a novel: not the people talked about or to in the dialogue,
         * and not when two of that gender are near ("said she" after Jane
         * and Elizabeth) */
        if (c->fiction && c->quote_of[t] >= 0)
          continue;
        g = dossier_people_entity_gender (c->ex, e);
        if (g == want && c->fiction && best >= 0)
          {
            if (e != best)
              return -1;
            continue;
          }
        if (g == want)
          {
            best = e;
            if (c->fiction)
              continue;
            break;
          }
        if (g == 0)
          {
            if (only >= 0 && only != e)
              several = TRUE;
            only = e;
          }
      }
    if (best < 0 && only >= 0 && !several)
      best = only;
  }
  return best;
}

/* Every word of the description but the determiner is in @title
 * ("the foreign secretary" is not "Home Secretary"). */
/* Where @word (@len > 0 bytes) first occurs in @text, ASCII case ignored,
 * as strstr() finds it; NULL if nowhere. */
static const char *
find_folded (const char *text,
             const char *word,
             gsize       len)
{
  for (const char *p = text;; p++)
    {
      if (g_ascii_tolower (*p) == g_ascii_tolower (*word) && g_ascii_strncasecmp (p, word, len) == 0)
        return p;
      if (*p == '\0')
        return NULL;
    }
}

static gboolean
title_fits (const Ctx  *c,
            guint       first,
            guint       last,
            const char *title)
{
  for (guint i = first; i <= last; i++)
    {
      const DossierToken *t = tok (c, i);
      const char *hit;

      if (!is_word (c, i) || (c->cls[i] & DOSSIER_WORD_DET))
        continue;
      hit = find_folded (title, c->tk->text + t->byte_start, t->byte_end - t->byte_start);
      if (hit == NULL || (hit > title && g_ascii_isalpha (hit[-1])))
        return FALSE;
    }
  return TRUE;
}

static int
resolve_description (Ctx   *c,
                     guint  first,
                     guint  last,
                     int    attr)
{
  /* "The president", "the Kremlin spokesman": a person whose title has its words */
  guint head = last;
  guint limit = first > 3000 ? first - 3000 : 0;

  while (head > first && !is_word (c, head))
    head--;
  if (!(c->cls[head] & DOSSIER_WORD_TITLE) || !(c->cls[first] & DOSSIER_WORD_DET))
    return -1;

  for (int k = attr - 1; k >= 0 && k >= attr - 3; k--)
    {
      const Attribution *pa = &g_array_index (c->attrs, Attribution, k);
      if (pa->speaker >= 0)
        {
          const DossierExtractEntity *e = dossier_extraction_entity (c->ex, pa->speaker);
          if (e->title != NULL && title_fits (c, first, head, e->title))
            return pa->speaker;
        }
    }
  /* the most recently named person with that title (the words of a name
   * are one person: asked once) */
  for (int i = (int)first - 1, asked = -1; i >= (int)limit; i--)
    {
      int e = c->entity_of[i];
      const DossierExtractEntity *ent;
      if (e < 0 || !c->person[i] || e == asked)
        continue;
      ent = dossier_extraction_entity (c->ex, e);
      if (ent->title != NULL && title_fits (c, first, head, ent->title))
        return e;
      asked = e;
    }
  return -1;
}

/* A quote with no attribution of its own right after "…, Schiff said." in
 * the same paragraph continues that attribution. */
static void
attach_following_quotes (Ctx *c)
{
  for (guint qi = 0; qi < c->quotes->len; qi++)
    {
      QuoteSpan *q = &g_array_index (c->quotes, QuoteSpan, qi);
      guint before;
      int best = -1;

      if (c->used[q->open] || q->open == 0 || is_para_start (c, q->open) ||
          sent_first (c, q->open) != q->open)
        continue;
      before = q->open - 1;
      if (!is_terminal (c, before))
        continue;
      for (guint a = 0; a < c->attrs->len; a++)
        {
          const Attribution *at = &g_array_index (c->attrs, Attribution, a);
          int end = MAX (at->cue_last, at->src_last);
          if (at->src_first < 0 || at->cue_first < 0 || end < 0 || at->n_frags >= MAX_FRAGMENTS)
            continue;
          /* the attribution closes the previous sentence */
          if ((guint)end + 1 == before && at->frag_last[at->n_frags - 1] < (guint)at->cue_first)
            best = a;
        }
      if (best >= 0)
        {
          add_fragment (c, best, q->open, q->last);
          q->attr = best;
        }
    }
}

static guint
paragraph_of (const Ctx *c,
              guint      i)
{
  return g_array_index (c->tk->sentences, DossierSentence, c->sent_of[i]).paragraph;
}

/* The quote paragraph before the one of quote @qi is a turn of a
 * dialogue: the paragraph before it opens with a quote attributed to
 * someone else. There the next paragraph may be a reply as well as more
 * of the same speaker. */
static gboolean
in_dialogue (const Ctx *c,
             guint      qi)
{
  const QuoteSpan *prev = &g_array_index (c->quotes, QuoteSpan, qi);
  guint first = qi;
  const QuoteSpan *before;
  const Attribution *a, *b;

  while (first > 0 && paragraph_of (c, g_array_index (c->quotes, QuoteSpan, first - 1).open) ==
                      paragraph_of (c, prev->open))
    first--;
  if (first == 0 || !is_para_start (c, g_array_index (c->quotes, QuoteSpan, first).open))
    return FALSE;
  before = &g_array_index (c->quotes, QuoteSpan, first - 1);
  if (before->attr < 0 || before->attr == prev->attr ||
      paragraph_of (c, before->open) + 1 != paragraph_of (c, prev->open))
    return FALSE;
  a = &g_array_index (c->attrs, Attribution, before->attr);
  b = &g_array_index (c->attrs, Attribution, prev->attr);
  return a->src_first >= 0 && b->src_first >= 0;
}

/* Novels' dialogue: '"…," said he' at least three times, a word order no
 * news article under ../shared/data uses (Pride and Prejudice has it 92
 * times on a line). There each paragraph is a new turn. */
static gboolean
is_fiction_dialogue (const Ctx *c)
{
  guint n = 0;

  for (guint i = 2; i < c->n && n < 3; i++)
    if ((c->cls[i] & DOSSIER_WORD_PERSON_PRO) && cue_length (c, i - 1) == 1 &&
        is_double_quote (c, i - 2) && (tok (c, i - 2)->flags & DOSSIER_TOKEN_QUOTE_CLOSE) &&
        !is_cap (c, i))
      n++;
  return n >= 3;
}

/* A paragraph that is only a quote, with no cue of its own, right after a
 * paragraph quoting someone: the same speaker goes on (but not in a
 * dialogue, see in_dialogue, nor in a novel's). */
static void
attach_continued_paragraphs (Ctx *c)
{
  if (c->fiction)
    return;
  for (guint qi = 1; qi < c->quotes->len; qi++)
    {
      QuoteSpan *q = &g_array_index (c->quotes, QuoteSpan, qi);
      QuoteSpan *prev = &g_array_index (c->quotes, QuoteSpan, qi - 1);
      Attribution *pa;
      guint end;

      if (q->attr >= 0 || c->used[q->open] || !is_para_start (c, q->open) || prev->attr < 0 || !q->closed)
        continue;
      /* the quote fills its paragraph */
      end = q->last + 1;
      if (end < c->n && !is_para_start (c, end))
        continue;
      /* the previous quote ends the paragraph just before */
      pa = &g_array_index (c->attrs, Attribution, prev->attr);
      if (pa->kind != KIND_DIRECT || pa->src_first < 0 || pa->n_frags >= MAX_FRAGMENTS)
        continue;
      {
        const DossierSentence *ps = &g_array_index (c->tk->sentences, DossierSentence, c->sent_of[q->open - 1]);
        const DossierSentence *qs = &g_array_index (c->tk->sentences, DossierSentence, c->sent_of[q->open]);
        if (ps->paragraph + 1 != qs->paragraph || c->sent_of[prev->open] + 2 < c->sent_of[q->open - 1])
          continue;
      }
      if (in_dialogue (c, qi - 1))
        continue;
      add_fragment (c, prev->attr, q->open, q->last);
      q->attr = prev->attr;
    }
}

static int
compare_attributions (gconstpointer a,
                      gconstpointer b)
{
  const Attribution *x = a;
  const Attribution *y = b;

  return (int)x->frag_first[0] - (int)y->frag_first[0];
}

/* text order, so that pronouns look back at the speakers before them */
static void
sort_attributions (Ctx *c)
{
  g_array_sort (c->attrs, compare_attributions);
}

/* Person entities by name and alias (exact text); -2 for a name of several. */
static GHashTable *
index_person_names (const Ctx *c)
{
  GHashTable *names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint e = 0; e < c->ex->entities->len; e++)
    {
      const DossierExtractEntity *ent = dossier_extraction_entity (c->ex, e);

      if (g_strcmp0 (ent->type, "PERSON") != 0)
        continue;
      for (int k = -1; k < (int)ent->aliases->len; k++)
        {
          const char *name = k < 0 ? ent->name : g_ptr_array_index (ent->aliases, k);
          gpointer old;

          if (g_hash_table_lookup_extended (names, name, NULL, &old) &&
              GPOINTER_TO_INT (old) != (int)e)
            g_hash_table_insert (names, (gpointer)name, GINT_TO_POINTER (-2));
          else
            g_hash_table_insert (names, (gpointer)name, GINT_TO_POINTER (e));
        }
    }
  return names;
}

/* A source the entity tagger did not mark ("said Charlotte") that is the
 * name or alias of one person only. */
static int
resolve_by_name (const Ctx  *c,
                 GHashTable *names,
                 int         first,
                 int         last)
{
  g_autofree char *text = NULL;
  gpointer v;
  int k = first;

  /* the capitalised words at its start: "Lydia" of "Lydia stoutly" */
  while (k <= last && (is_cap (c, k) || (tok (c, k)->flags & DOSSIER_TOKEN_ABBREVIATION)))
    k++;
  if (k == first || k - first > 4)
    return -1;
  text = g_strndup (c->tk->text + tok (c, first)->byte_start,
                    tok (c, k - 1)->byte_end - tok (c, first)->byte_start);
  if (!g_hash_table_lookup_extended (names, text, NULL, &v))
    return -1;
  return GPOINTER_TO_INT (v) >= 0 ? GPOINTER_TO_INT (v) : -1;
}

static void
resolve_speakers (Ctx *c)
{
  g_autoptr(GHashTable) names = NULL;

  for (guint a = 0; a < c->attrs->len; a++)
    {
      Attribution *at = &g_array_index (c->attrs, Attribution, a);
      int e = -1;

      if (at->src_first < 0)
        continue;
      /* a named mention in the source: its last person (the head), but not
       * a possessive one ("Gordon Brown's closest ally" is not Brown) */
      for (int i = at->src_last; i >= at->src_first; i--)
        if (c->entity_of[i] >= 0 && c->person[i])
          {
            if (!is_possessive_name (c, i))
              e = c->entity_of[i];
            break;
          }
      /* an organisation when it heads the source ("a Foreign Office spokesman" is
       * a person, not the Foreign Office) */
      if (e < 0)
        for (int i = at->src_last; i >= at->src_first; i--)
          if (c->entity_of[i] >= 0)
            {
              if (!is_possessive_name (c, i) &&
                  (i == at->src_last || tok_char (c, i + 1, ',') || tok_char (c, i + 1, '(')))
                e = c->entity_of[i];
              break;
            }
      if (e < 0 && at->src_first == at->src_last && (c->cls[at->src_first] & DOSSIER_WORD_PERSON_PRO))
        e = resolve_pronoun (c, at->src_first, a);
      if (e < 0 && at->src_first == at->src_last && tok_is (c, at->src_first, "it"))
        {
          /* "it said": the organisation that spoke just before */
          for (int k = (int)a - 1; k >= 0 && k >= (int)a - 2; k--)
            {
              const Attribution *pa = &g_array_index (c->attrs, Attribution, k);
              if (pa->speaker >= 0 && pa->src_first >= 0 &&
                  c->sent_of[pa->src_first] + 3 >= c->sent_of[at->src_first])
                {
                  if (g_strcmp0 (dossier_extraction_entity (c->ex, pa->speaker)->type, "ORG") == 0)
                    e = pa->speaker;
                  break;
                }
            }
        }
      if (e < 0 && at->src_first == at->src_last && (c->cls[at->src_first] & DOSSIER_WORD_RELATIVE))
        {
          /* "Trump, who said": the name before the relative pronoun */
          int k = at->src_first - 1;
          if (k >= 0 && tok_char (c, k, ','))
            k--;
          if (k >= 0)
            e = c->entity_of[k];
        }
      if (e < 0 && at->src_last > at->src_first)
        e = resolve_description (c, at->src_first, at->src_last, a);
      /* novels only: news names its speakers with mentions the tagger
       * marks (no speaker of PolNeAR dev or BBC politics changes, and the
       * lookups cost the 10,000-word benchmark about 0.05 ms of 4.8) */
      if (e < 0 && c->fiction && is_cap (c, at->src_first) && c->entity_of[at->src_first] < 0)
        {
          if (names == NULL)
            names = index_person_names (c);
          e = resolve_by_name (c, names, at->src_first, at->src_last);
        }
      at->speaker = e;
    }
}

/* Two people talking in a novel: a paragraph of quotes with no attribution
 * and no one named outside its quotes, after two turns of two different
 * speakers in the paragraphs just before, is the turn of the first of
 * them again. The other quotes of a novel are kept, without a speaker. */
static void
alternate_turns (Ctx *c)
{
  g_autofree int *attr_of = g_new (int, c->quotes->len + 1);
  int two_before = -1, one_before = -1;
  guint last_para = G_MAXUINT;

  for (guint qi = 0; qi < c->quotes->len; qi++)
    attr_of[qi] = -1;
  /* attributions are sorted now: find each quote's again */
  for (guint a = 0; a < c->attrs->len; a++)
    {
      const Attribution *at = &g_array_index (c->attrs, Attribution, a);
      for (guint f = 0; f < at->n_frags; f++)
        {
          int qi = c->quote_of[at->frag_first[f]];
          if (qi >= 0 && g_array_index (c->quotes, QuoteSpan, qi).open == at->frag_first[f])
            attr_of[qi] = a;
        }
    }

  for (guint qi = 0; qi < c->quotes->len; qi++)
    {
      const QuoteSpan *q = &g_array_index (c->quotes, QuoteSpan, qi);
      guint para, end, qe;
      int speaker = -1;
      gboolean free_turn = TRUE;

      if (!is_para_start (c, q->open))
        continue;
      para = paragraph_of (c, q->open);
      if (last_para == G_MAXUINT || para != last_para + 1)
        two_before = one_before = -1;
      /* the paragraph's tokens and quotes */
      for (end = q->open + 1; end < c->n && !is_para_start (c, end); end++)
        if (c->quote_of[end] < 0 && (c->used[end] || c->person[end]))
          free_turn = FALSE;
      for (qe = qi; qe < c->quotes->len &&
                    g_array_index (c->quotes, QuoteSpan, qe).open < end; qe++)
        if (attr_of[qe] >= 0)
          free_turn = FALSE;
      if (attr_of[qi] >= 0)
        speaker = g_array_index (c->attrs, Attribution, attr_of[qi]).speaker;
      else if (free_turn && two_before >= 0 && one_before >= 0 && two_before != one_before &&
               qe - qi <= MAX_FRAGMENTS)
        {
          Attribution a = { 0 };

          a.src_first = a.src_last = a.cue_first = a.cue_last = -1;
          a.kind = KIND_DIRECT;
          a.speaker = speaker = two_before;
          for (guint k = qi; k < qe; k++)
            {
              const QuoteSpan *p = &g_array_index (c->quotes, QuoteSpan, k);
              a.frag_first[a.n_frags] = p->open;
              a.frag_last[a.n_frags] = p->last;
              a.n_frags++;
            }
          g_array_append_val (c->attrs, a);
          for (guint k = qi; k < qe; k++)
            attr_of[k] = c->attrs->len - 1;
        }
      two_before = one_before;
      one_before = speaker;
      last_para = para;
      qi = qe - 1;
    }

  /* the rest of a novel's dialogue is still dialogue: quotes with no speaker */
  for (guint qi = 0; qi < c->quotes->len; qi++)
    {
      const QuoteSpan *q = &g_array_index (c->quotes, QuoteSpan, qi);
      Attribution a = { 0 };

      if (attr_of[qi] >= 0 || c->used[q->open] || q->last < q->open + 2)
        continue;
      a.src_first = a.src_last = a.cue_first = a.cue_last = -1;
      a.kind = KIND_DIRECT;
      a.speaker = -1;
      a.frag_first[0] = q->open;
      a.frag_last[0] = q->last;
      a.n_frags = 1;
      g_array_append_val (c->attrs, a);
    }
}

/* ---- output ---------------------------------------------------------------- */

static gboolean
in_roles (const Attribution *at,
          guint              i)
{
  if (at->src_first >= 0 && (int)i >= at->src_first && (int)i <= at->src_last)
    return TRUE;
  for (guint f = 0; f < at->n_frags; f++)
    if (i >= at->frag_first[f] && i <= at->frag_last[f])
      return TRUE;
  return FALSE;
}

/* The cue as annotators mark it: "has repeatedly said", "said:", "said in a
 * statement", "pointed out", "said Sunday". */
static void
cue_extent (const Ctx         *c,
            const Attribution *at,
            guint             *first,
            guint             *last)
{
  guint f = *first, l = *last;

  if (c->cls[f] & DOSSIER_WORD_CUE)
    {
      while (f > 0 && !in_roles (at, f - 1) && !is_cap (c, f - 1) &&
             ((c->cls[f - 1] & (DOSSIER_WORD_AUX | DOSSIER_WORD_ADVERB)) || is_ly_adverb (c, f - 1)) &&
             !(c->cls[f - 1] & DOSSIER_WORD_PRONOUN) && tok (c, f - 1)->kind == DOSSIER_TOKEN_WORD &&
             c->sent_of[f - 1] == c->sent_of[f])
        f--;
    }
  if (l + 3 < c->n && tok_is (c, l + 1, "in") && (tok_is (c, l + 2, "a") || tok_is (c, l + 2, "an")) &&
      (tok_is (c, l + 3, "statement") || tok_is (c, l + 3, "interview")) &&
      !in_roles (at, l + 1) && !in_roles (at, l + 3))
    l += 3;
  else if (l + 1 < c->n && !in_roles (at, l + 1) &&
           ((tok_is (c, l + 1, "out") && (tok_is (c, l, "points") || tok_is (c, l, "pointed"))) ||
            (tok_is (c, l + 1, "on") && (tok_is (c, l, "called") || tok_is (c, l, "calls"))) ||
            (tok_is (c, l + 1, "of") && (tok_is (c, l, "said") || tok_is (c, l, "says")))))
    l++;
  /* "said Sunday" */
  if (l + 1 < c->n && !in_roles (at, l + 1) && is_cap (c, l + 1) && is_day_name (c, l + 1))
    l++;
  /* "went on to say" */
  if (f >= 3 && tok_is (c, f - 1, "to") && tok_is (c, f - 2, "on") &&
      (tok_is (c, f - 3, "went") || tok_is (c, f - 3, "goes")) && !in_roles (at, f - 3))
    f -= 3;
  if (l + 1 < c->n && tok_char (c, l + 1, ':') && !in_roles (at, l + 1))
    l++;
  *first = f;
  *last = l;
}

/* "Who said the plan would fail?": a question, not an attribution to anyone. */
static gboolean
asks_who (const Ctx         *c,
          const Attribution *at)
{
  return at->src_first >= 0 && at->src_first == at->src_last &&
         (tok (c, at->src_first)->flags & DOSSIER_TOKEN_SENTENCE_START) &&
         (tok_is (c, at->src_first, "who") || tok_is (c, at->src_first, "which"));
}

static void
emit (Ctx *c)
{
  static const char * const kinds[] = { "indirect", "direct", "mixed" };

  for (guint a = 0; a < c->attrs->len; a++)
    {
      const Attribution *at = &g_array_index (c->attrs, Attribution, a);

      if (asks_who (c, at))
        continue;

      for (guint f = 0; f < at->n_frags; f++)
        {
          DossierExtractAnnotation *ann;
          int kind = at->kind;

          ann = dossier_extraction_add_annotation (c->ex, "QUOTE",
                                                   tok (c, at->frag_first[f])->start,
                                                   tok (c, at->frag_last[f])->end,
                                                   at->speaker >= 0 ? 0.9 : 0.7);
          if (ann == NULL)
            continue;
          {
            gboolean whole = is_double_quote (c, at->frag_first[f]) &&
              c->quote_of[at->frag_first[f]] >= 0 &&
              g_array_index (c->quotes, QuoteSpan, c->quote_of[at->frag_first[f]]).last == at->frag_last[f];
            gboolean has_quote = FALSE;

            for (guint k = at->frag_first[f]; k <= at->frag_last[f] && !has_quote; k++)
              has_quote = c->quote_of[k] >= 0;
            kind = whole ? KIND_DIRECT : has_quote ? KIND_MIXED : KIND_INDIRECT;
          }
          ann->kind = g_strdup (kinds[kind]);
          ann->entity = at->speaker;
          if (at->src_first >= 0)
            {
              ann->source.start = tok (c, at->src_first)->start;
              ann->source.end = tok (c, at->src_last)->end;
            }
          if (at->cue_first >= 0)
            {
              guint cf = at->cue_first, cl = at->cue_last;

              if (!at->from_model)
                cue_extent (c, at, &cf, &cl);
              ann->cue.start = tok (c, cf)->start;
              ann->cue.end = tok (c, cl)->end;
            }
        }
    }
}

/* ---- the trained tagger ---------------------------------------------- */

static void
set_tags (guint8 *tags,
          guint   first,
          guint   last,
          guint8  b)
{
  for (guint i = first; i <= last; i++)
    if (tags[i] == DOSSIER_QTAG_O)
      tags[i] = i == first ? b : b + 1;
}

/* What the rules found, as the tagger's tags (cue spans as emitted). */
static guint8 *
rule_tags (const Ctx *c)
{
  guint8 *tags = g_new0 (guint8, c->n + 1);

  for (guint a = 0; a < c->attrs->len; a++)
    {
      const Attribution *at = &g_array_index (c->attrs, Attribution, a);

      if (at->cue_first >= 0)
        {
          guint cf = at->cue_first, cl = at->cue_last;
          cue_extent (c, at, &cf, &cl);
          set_tags (tags, cf, cl, DOSSIER_QTAG_B_CUE);
        }
      if (at->src_first >= 0)
        set_tags (tags, at->src_first, at->src_last, DOSSIER_QTAG_B_SOURCE);
      for (guint f = 0; f < at->n_frags; f++)
        set_tags (tags, at->frag_first[f], at->frag_last[f], DOSSIER_QTAG_B_CONTENT);
    }
  return tags;
}

static guint8 *
entity_tags (const Ctx *c)
{
  guint8 *tags = g_new0 (guint8, c->n + 1);

  for (guint i = 0; i < c->n; i++)
    if (c->entity_of[i] >= 0)
      tags[i] = (c->person[i] ? 1 : 2) + (c->mention_first[i] == (int)i ? 4 : 0);
  return tags;
}

typedef struct
{
  guint role;   /* DossierQuoteTag of its first token */
  guint first, last;
  int   cue;    /* the cue span it belongs to, or -1 */
} TagSpan;

static guint
span_distance (const Ctx     *c,
               const TagSpan *s,
               const TagSpan *cue)
{
  guint d = s->last < cue->first ? cue->first - s->last :
            s->first > cue->last ? s->first - cue->last : 0;
  gboolean same = c->sent_of[cue->first] >= c->sent_of[s->first] &&
                  c->sent_of[cue->first] <= c->sent_of[s->last];

  return same ? d : d + 1000;
}

static gboolean
tagged_other (const guint8 *tags,
              guint         i)
{
  return tags[i] != DOSSIER_QTAG_O && tags[i] != DOSSIER_QTAG_I_CONTENT &&
         tags[i] != DOSSIER_QTAG_B_CONTENT;
}

/* The tagger finds where content starts better than where it ends: content
 * after its cue runs on to the end of its clause, as the rules have it, but
 * not past a comma, semicolon, dash or parenthesis (measured on PolNeAR
 * dev: annotators end there), and without trailing punctuation. */
static void
fix_model_attribution (const Ctx    *c,
                       const guint8 *tags,
                       Attribution  *a)
{
  for (guint f = 0; f < a->n_frags; f++)
    {
      guint first = a->frag_first[f], last = a->frag_last[f];
      guint end, k;

      if (first <= (guint)a->cue_last || c->sent_of[first] != c->sent_of[a->cue_last] ||
          (f + 1 < a->n_frags))
        continue;
      end = content_end (c, first);
      for (k = last + 1; k <= end && !tagged_other (tags, k) && !c->used[k]; k++)
        if (tok_char (c, k, ',') || tok_char (c, k, ';') || tok_char (c, k, '(') || is_dash (c, k))
          break;
      if (k - 1 > last)
        a->frag_last[f] = k - 1;
      while (a->frag_last[f] > first &&
             (tok_char (c, a->frag_last[f], ',') || tok_char (c, a->frag_last[f], ';') ||
              tok_char (c, a->frag_last[f], ':') || is_dash (c, a->frag_last[f])))
        a->frag_last[f]--;
    }
}

/* Between two cues: no "when", "after", "who" … that makes the second part
 * of another clause ("Peskov said when asked by TASS to comment"). */
static gboolean
coordinated (const Ctx *c,
             guint      from,
             guint      to)
{
  static const char * const subordinators[] = {
    "when", "after", "while", "if", "before", "because", "since", "until", "who", "which", "as",
    NULL
  };

  for (guint i = from; i < to; i++)
    if (tok_in (c, i, subordinators))
      return FALSE;
  return TRUE;
}

/* "X said …, but declined to …": a second cue joined to an attribution in
 * its sentence, with that attribution's source before both, shares it. */
static void
shared_source (const Ctx   *c,
               Attribution *a)
{
  int best = -1;

  for (guint k = 0; k < c->attrs->len; k++)
    {
      const Attribution *o = &g_array_index (c->attrs, Attribution, k);
      if (o->src_first < 0 || o->cue_first < 0 || o->src_last >= a->cue_first ||
          o->cue_first >= a->cue_first || c->sent_of[o->src_first] != c->sent_of[a->cue_first])
        continue;
      if (best < 0 || o->src_last > g_array_index (c->attrs, Attribution, best).src_last)
        best = k;
    }
  if (best >= 0 &&
      coordinated (c, g_array_index (c->attrs, Attribution, best).cue_last + 1, a->cue_first))
    {
      a->src_first = g_array_index (c->attrs, Attribution, best).src_first;
      a->src_last = g_array_index (c->attrs, Attribution, best).src_last;
    }
}

/* "McConnell met with her … and came away convinced that …": a cue the
 * tagger found no source for, in a sentence that opens with a person or
 * organisation (or a pronoun, but not "who" or "which") not right before it (the tagger
 * tags those itself), takes that as its source. */
static void
subject_source (const Ctx   *c,
                Attribution *a)
{
  const DossierSentence *sent;
  guint first, last;

  if (c->tk->sentences->len == 0)
    return;
  sent = &g_array_index (c->tk->sentences, DossierSentence, c->sent_of[a->cue_first]);
  first = skip_leading_conjunction (c, sent->first_token);
  while (first < (guint)a->cue_first && !is_word (c, first))
    first++;
  if (first >= (guint)a->cue_first || c->used[first])
    return;
  if (c->entity_of[first] >= 0 && c->mention_first[first] == (int)first)
    {
      last = first;
      while (last + 1 < (guint)a->cue_first && c->mention_first[last + 1] == (int)first)
        last++;
    }
  /* a sentence opening "Who …" or "Which …" asks; it names nobody */
  else if ((c->cls[first] & DOSSIER_WORD_PRONOUN) && !tok_is (c, first, "who") &&
           !tok_is (c, first, "which"))
    last = first;
  else
    return;
  if (last + 1 >= (guint)a->cue_first)
    return;
  for (guint k = first; k <= last; k++)
    if (c->used[k])
      return;
  a->src_first = first;
  a->src_last = last;
}


/* "the first officially acknowledged conversation", "his much-praised
 * speech": a participle between a determiner (over adverbs and "first") and
 * its noun describes the noun; no one says anything there (10 of PolNeAR
 * train's 19,868 cues look like this, all of them attitudes: "so-called",
 * "alleged"). */
static gboolean
is_attributive_participle (const Ctx *c,
                           guint      cue_first,
                           guint      cue_last)
{
  int k = (int)cue_first - 1;

  if (!has_participle_ending (c, cue_last))
    return FALSE;
  while (k >= 0 && c->sent_of[k] == c->sent_of[cue_first] &&
         ((c->cls[k] & DOSSIER_WORD_ADVERB) || is_ly_adverb (c, k) || tok_is (c, k, "first")))
    k--;
  if (k < 0 || c->sent_of[k] != c->sent_of[cue_first] || !(c->cls[k] & DOSSIER_WORD_DET))
    return FALSE;
  /* its noun: a lower-case word that no clause or object opens */
  return is_word (c, cue_last + 1) && !is_cap (c, cue_last + 1) &&
         c->sent_of[cue_last + 1] == c->sent_of[cue_last] &&
         !(c->cls[cue_last + 1] & (DOSSIER_WORD_PREP | DOSSIER_WORD_PRONOUN | DOSSIER_WORD_CONJ |
                                   DOSSIER_WORD_DET)) &&
         !tok_is (c, cue_last + 1, "that") && !tok_is (c, cue_last + 1, "to");
}
/* Attributions from the tagger's spans: each content and source goes to the
 * nearest cue (a source only in its own sentence, a content in its own or
 * an adjacent one); the model adds those with a source, without quotation
 * marks, whose words the rules left free, or, with @replace, all of them
 * instead of the rules'. */
static void
add_model_attributions (Ctx                     *c,
                        DossierQuoteModel       *model,
                        const DossierQuoteInput *in,
                        const guint8            *tags,
                        gboolean                 replace)
{
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (TagSpan));
  g_autoptr(GArray) cues = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < c->n; i++)
    {
      guint8 t = tags[i];
      TagSpan sp;

      if (t == DOSSIER_QTAG_O)
        continue;
      if (t == DOSSIER_QTAG_I_SOURCE || t == DOSSIER_QTAG_I_CUE || t == DOSSIER_QTAG_I_CONTENT)
        {
          /* Viterbi keeps I after its B */
          if (spans->len > 0)
            g_array_index (spans, TagSpan, spans->len - 1).last = i;
          continue;
        }
      sp.role = t;
      sp.first = sp.last = i;
      sp.cue = -1;
      g_array_append_val (spans, sp);
    }
  for (guint k = 0; k < spans->len; k++)
    if (g_array_index (spans, TagSpan, k).role == DOSSIER_QTAG_B_CUE)
      g_array_append_val (cues, k);
  if (cues->len == 0)
    return;

  /* the nearest cue is the one just before or just after (spans are in order) */
  for (guint k = 0, q = 0; k < spans->len; k++)
    {
      TagSpan *s = &g_array_index (spans, TagSpan, k);
      guint best = G_MAXUINT;
      int arg = -1;

      if (s->role == DOSSIER_QTAG_B_CUE)
        continue;
      while (q < cues->len && g_array_index (cues, guint, q) < k)
        q++;
      for (guint side = 0; side < 2; side++)
        {
          guint ck;
          guint d;
          if ((side == 0 && q == 0) || (side == 1 && q >= cues->len))
            continue;
          ck = g_array_index (cues, guint, side == 0 ? q - 1 : q);
          d = span_distance (c, s, &g_array_index (spans, TagSpan, ck));
          if (d < best)
            best = d, arg = ck;
        }
      if (arg < 0)
        continue;
      if (s->role == DOSSIER_QTAG_B_SOURCE && best >= 1000)
        continue;
      if (s->role == DOSSIER_QTAG_B_CONTENT && best >= 1000)
        {
          const TagSpan *cue = &g_array_index (spans, TagSpan, arg);
          guint cs = c->sent_of[cue->first];
          if (best > 1060 || !(cs + 1 >= c->sent_of[s->first] && cs <= c->sent_of[s->last] + 1))
            continue;
        }
      s->cue = arg;
    }

  if (replace)
    g_array_set_size (c->attrs, 0);

  for (guint q = 0; q < cues->len; q++)
    {
      guint ck = g_array_index (cues, guint, q);
      const TagSpan *cue = &g_array_index (spans, TagSpan, ck);
      /* its spans lie between the cues before and after it */
      guint from = q > 0 ? g_array_index (cues, guint, q - 1) + 1 : 0;
      guint to = q + 1 < cues->len ? g_array_index (cues, guint, q + 1) : spans->len;
      Attribution a = { 0 };
      gboolean free_words = TRUE;
      guint src_best = G_MAXUINT;
      guint content_best = G_MAXUINT;

      a.src_first = a.src_last = -1;
      a.cue_first = cue->first;
      a.cue_last = cue->last;
      a.speaker = -1;
      a.from_model = TRUE;
      for (guint k = from; k < to; k++)
        {
          const TagSpan *s = &g_array_index (spans, TagSpan, k);
          if (s->cue != (int)ck)
            continue;
          /* one content, the nearest: reported speech is rarely interrupted */
          if (s->role == DOSSIER_QTAG_B_CONTENT && span_distance (c, s, cue) < content_best)
            {
              content_best = span_distance (c, s, cue);
              a.frag_first[0] = s->first;
              a.frag_last[0] = s->last;
              a.n_frags = 1;
            }
          else if (s->role == DOSSIER_QTAG_B_SOURCE && span_distance (c, s, cue) < src_best)
            {
              src_best = span_distance (c, s, cue);
              a.src_first = s->first;
              a.src_last = s->last;
            }
        }
      if (a.n_frags == 0 || is_attributive_participle (c, a.cue_first, a.cue_last))
        continue;
      fix_model_attribution (c, tags, &a);
      if (!replace)
        {
          int pro = adjacent_pronoun (c, a.cue_first, a.cue_last);

          if (pro >= 0 && (a.src_first < 0 || a.src_last < pro || a.src_first > a.cue_last))
            a.src_first = a.src_last = pro;
          for (guint i = a.cue_first; i <= (guint)a.cue_last; i++)
            free_words &= !c->used[i];
          for (int i = a.src_first; i >= 0 && i <= a.src_last; i++)
            free_words &= !c->used[i];
          if (a.src_first < 0)
            shared_source (c, &a);
          if (a.src_first < 0)
            subject_source (c, &a);
          /* measured: without a source the tagger's attributions are mostly
           * wrong, and an attribution to no one helps no reader */
          if (a.src_first < 0)
            continue;
          for (guint f = 0; f < a.n_frags; f++)
            for (guint i = a.frag_first[f]; i <= a.frag_last[f]; i++)
              free_words &= !c->used[i];
          if (!free_words)
            continue;
        }
      {
        gboolean has_quote = FALSE;
        for (guint f = 0; f < a.n_frags; f++)
          for (guint i = a.frag_first[f]; i <= a.frag_last[f]; i++)
            has_quote |= c->quote_of[i] >= 0;
        /* whole quotations are the rules' to attribute (measured: the
         * tagger's direct quotes lower speaker accuracy); the tagger may add
         * reported speech that quotes some words (on PolNeAR dev: direct
         * content overlap F1 91.0 to 92.0, speaker accuracy 93.3 to 93.0 %) */
        if (has_quote && !replace)
          {
            gboolean reported = FALSE;

            for (guint f = 0; f < a.n_frags; f++)
              for (guint i = a.frag_first[f]; i <= a.frag_last[f]; i++)
                reported |= c->quote_of[i] < 0 && tok (c, i)->kind == DOSSIER_TOKEN_WORD;
            if (!reported)
              continue;
          }
        a.kind = has_quote ? KIND_MIXED : KIND_INDIRECT;
      }
      if (!replace)
        {
          DossierQuoteProposal p = { a.cue_first, a.cue_last, a.src_first, a.src_last,
                                     a.frag_first[0], a.frag_last[0] };

          if (!dossier_quote_model_keep (model, in, &p))
            continue;
        }
      g_array_append_val (c->attrs, a);
      for (guint i = a.cue_first; i <= (guint)a.cue_last; i++)
        c->used[i] = 1;
      for (int i = a.src_first; i >= 0 && i <= a.src_last; i++)
        c->used[i] = 1;
      for (guint f = 0; f < a.n_frags; f++)
        for (guint i = a.frag_first[f]; i <= a.frag_last[f]; i++)
          c->used[i] = 1;
    }
}

/* Sources start and end where the model finds annotators put them ("Pence"
 * without ", who is running for reelection,"), content that is not a
 * whole quotation ends where they end it (before ", reflecting …"), and a
 * whole quotation may take the words leading into it ("whether any
 * resident has “…”"). Only the attributions from index @from on are
 * refined; the spans of all block the rankers. */
static void
refine_spans (Ctx                     *c,
              DossierQuoteModel       *model,
              const DossierQuoteInput *in,
              DossierQuoteWords       *words,
              guint                    from)
{
  g_autoptr(GArray) sources = g_array_new (FALSE, FALSE, sizeof (DossierQuoteContent));
  g_autoptr(GArray) source_of = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) contents = g_array_new (FALSE, FALSE, sizeof (DossierQuoteContent));
  g_autoptr(GArray) content_of = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint8 *blocked = g_new0 (guint8, c->n + 1);

  for (guint a = 0; a < c->attrs->len; a++)
    {
      const Attribution *at = &g_array_index (c->attrs, Attribution, a);
      DossierQuoteContent sp = { at->src_first, at->src_last, -1, -1, FALSE };

      /* the cue as emitted */
      if (at->cue_first >= 0)
        {
          guint cf = at->cue_first, cl = at->cue_last;

          if (!at->from_model)
            cue_extent (c, at, &cf, &cl);
          memset (blocked + cf, 1, cl - cf + 1);
          sp.cue_first = cf;
          sp.cue_last = cl;
        }
      if (at->src_first >= 0 && a >= from)
        {
          g_array_append_val (sources, sp);
          g_array_append_val (source_of, a);
        }
      for (guint f = 0; f < at->n_frags; f++)
        {
          guint first = at->frag_first[f], last = at->frag_last[f];
          DossierQuoteContent ct = { first, last, sp.cue_first, sp.cue_last, FALSE };
          guint w = a * MAX_FRAGMENTS + f;

          memset (blocked + first, 1, last - first + 1);
          if (a < from)
            continue;
          /* a whole quotation keeps its end; its start may take the words
           * leading into it ("the case as the epitome of “…”") */
          ct.whole = is_double_quote (c, first) && c->quote_of[first] >= 0 &&
                     g_array_index (c->quotes, QuoteSpan, c->quote_of[first]).last == last;
          g_array_append_val (contents, ct);
          g_array_append_val (content_of, w);
        }
    }
  dossier_quote_model_refine (model, in, words, blocked,
                              (DossierQuoteContent *)sources->data, sources->len,
                              (DossierQuoteContent *)contents->data, contents->len);
  for (guint k = 0; k < sources->len; k++)
    {
      Attribution *at = &g_array_index (c->attrs, Attribution, g_array_index (source_of, guint, k));
      const DossierQuoteContent *sp = &g_array_index (sources, DossierQuoteContent, k);

      at->src_first = sp->first;
      at->src_last = sp->last;
    }
  for (guint k = 0; k < contents->len; k++)
    {
      guint w = g_array_index (content_of, guint, k);
      Attribution *at = &g_array_index (c->attrs, Attribution, w / MAX_FRAGMENTS);
      const DossierQuoteContent *ct = &g_array_index (contents, DossierQuoteContent, k);

      /* words leading into a quotation make it a mixed quote */
      if (ct->whole && ct->first < at->frag_first[w % MAX_FRAGMENTS])
        at->kind = KIND_MIXED;
      at->frag_first[w % MAX_FRAGMENTS] = ct->first;
      at->frag_last[w % MAX_FRAGMENTS] = ct->last;
    }
}

/* Whether token @i has a role in any attribution. */
static gboolean
taken (const Ctx *c,
       guint      i)
{
  for (guint a = 0; a < c->attrs->len; a++)
    {
      const Attribution *at = &g_array_index (c->attrs, Attribution, a);

      if (in_roles (at, i) ||
          (at->cue_first >= 0 && (int)i >= at->cue_first && (int)i <= at->cue_last))
        return TRUE;
    }
  return FALSE;
}

/* Adds @delta to the roles of @first … @last in @count. */
static void
count_roles (guint *count,
             int    first,
             int    last,
             int    delta)
{
  for (int i = first; i <= last; i++)
    count[i] += delta;
}

/* How many roles each token has in the attributions as they stand (with
 * each cue as it is, not as emitted): taken() of every token at once, for
 * the passes that ask it of many words. They keep it up to date as they
 * change spans. */
static guint *
role_counts (const Ctx *c)
{
  guint *count = g_new0 (guint, c->n + 1);

  for (guint a = 0; a < c->attrs->len; a++)
    {
      const Attribution *at = &g_array_index (c->attrs, Attribution, a);

      if (at->cue_first >= 0)
        count_roles (count, at->cue_first, at->cue_last, 1);
      if (at->src_first >= 0)
        count_roles (count, at->src_first, at->src_last, 1);
      for (guint f = 0; f < at->n_frags; f++)
        count_roles (count, at->frag_first[f], at->frag_last[f], 1);
    }
  return count;
}

/* The participle of @a's cue when it is a passive ("was accused", "is
 * widely seen": a form of "be" opening the cue or, over adverbs, right
 * before it), or -1. */
static int
passive_participle (const Ctx         *c,
                    const Attribution *a)
{
  static const char * const irregular[] = {
    "seen", "known", "shown", "told", "said", "thought", "heard", "held", "found", "made", "given",
    "taken", "written", NULL
  };
  gboolean passive = FALSE;
  int k = a->cue_first, p;

  passive = is_be (c, k, FALSE);
  if (passive)
    p = k + 1;
  else
    {
      p = k;
      while (!passive && k > 0 && a->cue_first - k < 3)
        {
          k--;
          passive = is_be (c, k, FALSE);
          if (!passive && !(c->cls[k] & DOSSIER_WORD_ADVERB) && !is_ly_adverb (c, k))
            break;
        }
    }
  if (!passive)
    return -1;
  while (p < a->cue_last && ((c->cls[p] & DOSSIER_WORD_ADVERB) || is_ly_adverb (c, p)))
    p++;
  if (p > a->cue_last || !is_word (c, p))
    return -1;
  return tok_in (c, p, irregular) || has_participle_ending (c, p) ? p : -1;
}

/* Participles of a state of mind: "Republicans were convinced that …",
 * "voters are divided over …" (in PolNeAR train their subject is the
 * source). */
static gboolean
is_state_participle (const Ctx *c,
                     guint      i)
{
  static const char * const words[] = {
    "worried", "concerned", "convinced", "impressed", "shocked", "surprised", "divided",
    "focused", "devoted", "poised", "aligned", "inclined", "engaged", "tired", "dedicated",
    "outraged", "delighted", "excited", "mystified", "embittered", "pleased", "disappointed",
    "frustrated", "troubled", "alarmed", "interested", "determined", "committed", "confused",
    "disturbed", "amused", "annoyed", "angered", "scared", "frightened", "satisfied", "opposed",
    "prepared", "united", "split", "torn", "encouraged", "heartened", "dismayed", "puzzled",
    "unconvinced", "unimpressed", "obsessed", "fixated", "intrigued", "thrilled", "saddened",
    "horrified", "stunned", "bothered", "irritated", "energized", "relieved", "resigned",
    "assured", "gripped", "struck", "taken", "enamored", "skeptical", "sold", NULL
  };

  return tok_in (c, i, words);
}

/* "Her remarks were echoed by party leaders", "Sanders was asked by host
 * Bill Maher": a passive cue's source is who it is done by (in PolNeAR
 * train 48 of the 54 passive cues followed by "by" within three words);
 * without one ("Mr. Quiros was accused of …", "The veto is expected to
 * …") there is none (287 of 404 passive cues in train have none, and of
 * the 83 that have one before, most are states of mind: "were divided",
 * "are convinced"). With @agents the agent is taken, else only the source
 * before a passive without one is dropped. */
static void
passive_source (const Ctx   *c,
                Attribution *a,
                gboolean     agents)
{
  int p = passive_participle (c, a);
  guint by, last = a->cue_last;
  int f, l;

  if (p < 0)
    return;
  for (by = last + 1; by < c->n && by <= last + 3 && is_word (c, by) && !tok_is (c, by, "by"); by++)
    ;
  if (agents && by < c->n && tok_is (c, by, "by") && c->sent_of[by] == c->sent_of[last] &&
      source_right (c, by + 1, sent_last (c, by), &f, &l))
    {
      /* up to where another role starts */
      for (int i = f; i <= l; i++)
        if (taken (c, i))
          l = i - 1;
      if (l >= f)
        {
          a->src_first = f;
          a->src_last = l;
        }
      return;
    }
  if (!agents && !is_state_participle (c, p) && a->src_first >= 0 &&
      a->src_last < a->cue_first)
    a->src_first = a->src_last = -1;
}

/* "seems", "appeared": a form of "seem" or "appear". */
static gboolean
is_seeming (const Ctx *c,
            guint      i)
{
  static const char * const words[] = {
    "seem", "seems", "seemed", "appear", "appears", "appeared", NULL
  };

  return tok_in (c, i, words);
}

/* "Melania seems to have vanished": a cue that is "seems" or "appears" (and
 * at most one word more) says how things look, not who says so (in PolNeAR
 * train 158 of 164 such cues have no source). */
static gboolean
is_seems_cue (const Ctx         *c,
              const Attribution *a)
{
  return a->cue_last <= a->cue_first + 1 && is_seeming (c, a->cue_first);
}

/* "Black Lives Matter issued a statement saying …": a source that is the
 * document a verb puts out is the subject of that verb (in PolNeAR, 22 of
 * 22 such sources on train and dev were the subject, as the tagger never
 * gave it). */
static void
document_source (const Ctx   *c,
                 Attribution *a)
{
  static const char * const documents[] = {
    "statement", "letter", "report", "ad", "video", "tweet", "email", "memo", "post", "release",
    NULL
  };
  static const char * const verbs[] = {
    "issued", "released", "sent", "out", "posted", "published", "wrote", "signed", "tweeted",
    "aired", "ran", NULL
  };
  gboolean document = FALSE, verb = FALSE;
  int v = a->src_first - 1, f, l;

  if (a->src_first < 1 || a->src_last >= a->cue_first)
    return;
  verb = tok_in (c, v, verbs);
  for (int i = a->src_first; i <= a->src_last && verb && !document; i++)
    document = tok_in (c, i, documents);
  if (!document || !verb)
    return;
  if (tok_is (c, v, "out"))
    v--;
  /* not "the docs who sent the letter": the relative clause is part of the source */
  if (v < 1 || !source_left (c, v, sent_first (c, v), &f, &l) ||
      (c->cls[f] & DOSSIER_WORD_RELATIVE))
    return;
  a->src_first = f;
  a->src_last = l;
}

/* Each attribution whose cue is a passive with an agent takes it as source,
 * and a document put out gives way to who put it out (@late FALSE: before
 * the rankers, which refine those spans). With @late TRUE, after
 * subjects_of_seeming() has made such subjects content where it can ("Melania
 * | seems | to have vanished"), a cue that is "seems" or a passive without
 * an agent is left with no source. */
static void
passive_sources (Ctx     *c,
                 gboolean late)
{
  for (guint a = 0; a < c->attrs->len; a++)
    {
      Attribution *at = &g_array_index (c->attrs, Attribution, a);

      if (at->cue_first < 0)
        continue;
      if (!late)
        {
          passive_source (c, at, TRUE);
          document_source (c, at);
        }
      else if (is_seems_cue (c, at))
        at->src_first = at->src_last = -1;
      else
        passive_source (c, at, FALSE);
    }
}

/* "Trump has pooh-poohed the U.S. intelligence community": a source before
 * its cue (as the tagger and the ranker give it) ends before an auxiliary
 * of its own, not one of a relative clause or of an apposition set off by
 * commas; a pronoun after its cue is the whole source. */
static void
cut_source_verbs (Ctx *c)
{
  for (guint a = 0; a < c->attrs->len; a++)
    {
      Attribution *at = &g_array_index (c->attrs, Attribution, a);

      /* "said he hastily, as he opened the door": a pronoun after its cue is
       * the whole source */
      if (at->src_first > at->cue_last && at->src_last > at->src_first &&
          (c->cls[at->src_first] & (DOSSIER_WORD_PERSON_PRO | DOSSIER_WORD_PLURAL_PRO)))
        at->src_last = at->src_first;
      if (at->src_first < 0 || at->cue_first < 0 || at->src_last >= at->cue_first)
        continue;
      for (int i = at->src_first + 1; i <= at->src_last; i++)
        {
          if (tok_char (c, i, ',') || tok_char (c, i, '(') || is_dash (c, i) ||
              (c->cls[i] & DOSSIER_WORD_RELATIVE) || tok_is (c, i, "that"))
            break;
          if ((c->cls[i] & DOSSIER_WORD_AUX) && !is_cap (c, i) &&
              tok (c, i)->kind == DOSSIER_TOKEN_WORD)
            {
              int l = i - 1;
              while (l > at->src_first &&
                     ((c->cls[l] & (DOSSIER_WORD_ADVERB | DOSSIER_WORD_CONJ)) ||
                      is_ly_adverb (c, l)))
                l--;
              at->src_last = l;
              break;
            }
        }
    }
}

/* @first … @last becomes the first of the two fragments of @at's content, before the one it had. */
static void
prepend_fragment (Attribution *at,
                  guint        first,
                  guint        last)
{
  at->frag_first[1] = at->frag_first[0];
  at->frag_last[1] = at->frag_last[0];
  at->frag_first[0] = first;
  at->frag_last[0] = last;
  at->n_frags = 2;
}

/* Whether a verb opens @i … @last, after adverbs ("normally does"). */
static gboolean
verb_after_adverbs (const Ctx *c,
                    guint      i,
                    guint      last)
{
  while (i < last && is_word (c, i) &&
         ((c->cls[i] & DOSSIER_WORD_ADVERB) || is_ly_adverb (c, i)) &&
         !(c->cls[i] & (DOSSIER_WORD_VERB | DOSSIER_WORD_AUX)))
    i++;
  return i <= last && (c->cls[i] & (DOSSIER_WORD_VERB | DOSSIER_WORD_AUX)) != 0;
}

/* "Vice President Joe Biden, Rubio said, had been in the Senate …": a
 * source and cue set off by commas inside the clause they report, whose
 * content starts with its verb; the subject before them is content too,
 * as a first fragment (as annotators mark it). So is what opens the
 * sentence before a content that is a clause of its own: "If she becomes
 * president, Clinton suggested in a tweet, women won't be punished …". */
static void
attach_interrupted_subjects (Ctx *c)
{
  g_autofree guint *roles = role_counts (c);

  for (guint a = 0; a < c->attrs->len; a++)
    {
      Attribution *at = &g_array_index (c->attrs, Attribution, a);
      guint first, comma, k, s0;
      gboolean ok = TRUE;

      if (at->n_frags != 1 || at->src_first < 1 || at->cue_first < 0 ||
          at->src_last + 1 != at->cue_first)
        continue;
      first = at->frag_first[0];
      comma = at->src_first - 1;
      /* ", as one of his advisers pointed out," */
      if (comma >= 1 && tok_is (c, comma, "as") && tok_char (c, comma - 1, ','))
        comma--;
      if (!tok_char (c, comma, ',') || first <= (guint)at->cue_last)
        continue;
      /* "These employees, Stumpf explained earlier in the hearing, were …":
       * the content as the rankers give it takes in the phrase after the
       * cue; it starts after the comma ending it if a verb follows */
      if (first == (guint)at->cue_last + 1 && !is_double_quote (c, first))
        {
          guint j = first;

          while (j <= at->frag_last[0] && j < first + 8 && is_word (c, j) &&
                 !(c->cls[j] & (DOSSIER_WORD_VERB | DOSSIER_WORD_AUX | DOSSIER_WORD_CUE)))
            j++;
          if (j > first && j < at->frag_last[0] && tok_char (c, j, ',') &&
              verb_after_adverbs (c, j + 1, at->frag_last[0]))
            first = j + 1;
        }
      /* the content opens with its verb (after an opening mark and adverbs:
       * "normally does not get") */
      k = is_double_quote (c, first) ? first + 1 : first;
      s0 = skip_leading_conjunction (c, sent_first (c, comma));
      if (k <= at->frag_last[0] && !is_double_quote (c, first) && is_word (c, k) &&
          !verb_after_adverbs (c, k, at->frag_last[0]))
        {
          /* "For black voters in states like South Carolina, he said, their
           * …": the content is a clause of its own, and what opens its
           * sentence before the source (a phrase or a clause) is part of it */
          /* (the cue and a short phrase after it: "suggested in a tweet,") */
          if (s0 + 2 > comma || comma - s0 > 30 || first > (guint)at->cue_last + 6 ||
              !tok_char (c, first - 1, ','))
            continue;
          for (guint i = at->cue_last + 1; i + 1 < first && ok; i++)
            ok = is_word (c, i) && !c->used[i];
          for (guint i = s0; i < comma && ok; i++)
            ok = (is_word (c, i) || tok_char (c, i, ',')) && roles[i] == 0 && !c->used[i];
          if (ok)
            {
              prepend_fragment (at, s0, comma - 1);
              count_roles (roles, s0, comma - 1, 1);
            }
          continue;
        }
      if (!(first == (guint)at->cue_last + 1 ||
            (first == (guint)at->cue_last + 2 && tok_char (c, at->cue_last + 1, ',')) ||
            (first > (guint)at->cue_last + 2 && tok_char (c, first - 1, ','))))
        continue;
      if (k > at->frag_last[0] || !verb_after_adverbs (c, k, at->frag_last[0]))
        continue;
      if (s0 >= comma || comma - s0 > 8)
        continue;
      /* a noun phrase: no verb, not an opening phrase ("On its face",
       * "To be sure") or a lone adverb ("Perhaps") */
      if (c->cls[s0] & (DOSSIER_WORD_PREP | DOSSIER_WORD_CONJ) || tok_is (c, s0, "to") ||
          (comma == s0 + 1 && ((c->cls[s0] & DOSSIER_WORD_ADVERB) || is_ly_adverb (c, s0) ||
                               !is_cap (c, s0))))
        continue;
      for (guint i = s0; i < comma && ok; i++)
        ok = is_word (c, i) && roles[i] == 0 &&
             !(c->cls[i] & (DOSSIER_WORD_VERB | DOSSIER_WORD_AUX | DOSSIER_WORD_CUE));
      if (ok)
        {
          count_roles (roles, at->frag_first[0], (int)first - 1, -1);
          at->frag_first[0] = first;
          prepend_fragment (at, s0, comma - 1);
          count_roles (roles, s0, comma - 1, 1);
        }
    }
}

/* "Back when she wrote her first book on family budgets, Ms. Harper said
 * that …": a name of up to four words after a comma, and a cue of its own
 * with "that" (after an object: "told reporters that"), open another
 * attribution. */
static gboolean
opens_attributed_clause (const Ctx *c,
                         guint      i)
{
  guint k = i;

  if (!tok_char (c, i - 1, ',') || !is_cap (c, i))
    return FALSE;
  while (k < i + 4 && is_cap (c, k) && !(c->cls[k] & DOSSIER_WORD_CUE))
    k++;
  if (k == i || !(c->cls[k] & DOSSIER_WORD_CUE) || (c->cls[k] & DOSSIER_WORD_CUE_WEAK))
    return FALSE;
  /* "told reporters that", "told The Times that" */
  if (c->cls[k] & DOSSIER_WORD_CUE_OBJECT)
    {
      guint object_end = k + 3;

      while (k < object_end && is_word (c, k + 1) && !tok_is (c, k + 1, "that"))
        k++;
    }
  return tok_is (c, k + 1, "that");
}

/* A content that is not a quotation, as the rules and the tagger gave it and
 * the rankers ended it, ends before such a clause (the rules often run a
 * content on to the end of its sentence, and the rankers do not always end
 * it there); the words it gives back are tagged again. After the rankers, so
 * the model never learns from it. A clause opening the content is left to
 * the rankers. */
static void
end_contents_before_clauses (Ctx *c)
{
  for (guint a = 0; a < c->attrs->len; a++)
    {
      Attribution *at = &g_array_index (c->attrs, Attribution, a);
      guint f;

      if (at->n_frags == 0 || at->kind == KIND_DIRECT)
        continue;
      f = at->n_frags - 1;
      for (guint i = at->frag_first[f] + 2; i <= at->frag_last[f]; i++)
        if (c->quote_of[i] < 0 && opens_attributed_clause (c, i))
          {
            at->frag_last[f] = i - 2;
            break;
          }
    }
}

/* "Rival Hillary Clinton mocked the complaint, saying anybody who complains
 * about a microphone “is not having a good night.”", "Trump charges that
 * countries that stand to benefit …": a content after its cue starts right
 * after it, over the free words of the sentence between them, as annotators
 * mark it (of PolNeAR train's contents after their cue in its sentence,
 * 12,285 start right after it; of the others most start after an object
 * ("told reporters that"), a time, a phrase or a name ("said on Twitter",
 * "According to the newspaper,"), which this leaves alone, and 228 after
 * other words). The rankers may have moved the start on to a "that" or a
 * quotation further in. */
static void
start_contents_at_cues (Ctx *c)
{
  g_autofree guint *roles = role_counts (c);

  for (guint a = 0; a < c->attrs->len; a++)
    {
      Attribution *at = &g_array_index (c->attrs, Attribution, a);
      guint first, cf, cl, s;
      gboolean ok = TRUE, quoted = FALSE;

      if (at->n_frags != 1 || at->cue_first < 0)
        continue;
      first = at->frag_first[0];
      cf = at->cue_first;
      cl = at->cue_last;
      if (!at->from_model)
        cue_extent (c, at, &cf, &cl);
      s = cl + 1;
      if (first <= s || first - s > 20 || c->sent_of[s] != c->sent_of[first] ||
          c->sent_of[cl] != c->sent_of[s])
        continue;
      for (guint i = cf; i <= cl; i++)
        ok &= !(c->cls[i] & DOSSIER_WORD_CUE_OBJECT);
      /* not over an object, a time or a phrase; after them, from a "that"
       * ("said via email that, “Of course …”") */
      if (ok && is_word (c, s) &&
          (is_cap (c, s) || is_ly_adverb (c, s) ||
           (c->cls[s] & (DOSSIER_WORD_PREP | DOSSIER_WORD_TIME | DOSSIER_WORD_ADVERB))))
        {
          guint j = s;

          while (j < first && j < s + 8 && is_word (c, j) && !tok_is (c, j, "that") && roles[j] == 0)
            j++;
          if (j < first && tok_is (c, j, "that"))
            s = j;
        }
      ok &= is_word (c, s) && !is_cap (c, s) && !is_ly_adverb (c, s) &&
            !(c->cls[s] & (DOSSIER_WORD_PREP | DOSSIER_WORD_TIME | DOSSIER_WORD_ADVERB));
      /* over words and commas, and a whole quotation among them ("is describing as “reckless”
       * a state plan to …") */
      for (guint i = s; i < first && ok; i++)
        {
          if (c->quote_of[i] >= 0)
            {
              const QuoteSpan *qs = &g_array_index (c->quotes, QuoteSpan, c->quote_of[i]);

              ok = qs->open >= s && qs->last < first && roles[i] == 0;
              continue;
            }
          ok = (is_word (c, i) || tok_char (c, i, ',')) && roles[i] == 0;
        }
      if (!ok)
        continue;
      for (guint i = s; i <= at->frag_last[0]; i++)
        quoted |= c->quote_of[i] >= 0;
      count_roles (roles, s, (int)first - 1, 1);
      at->frag_first[0] = s;
      if (quoted)
        at->kind = KIND_MIXED;
    }
}

/* A participle of judging or naming: "(was) accused", "(has been) called". */
static gboolean
is_judged (const Ctx *c,
           guint      i)
{
  static const char * const words[] = {
    "accused", "criticized", "criticised", "blamed", "called", "labeled", "labelled", "dubbed",
    "described", "considered", "viewed", "regarded", "named", "charged", "praised", "credited",
    "mentioned", "rated", "thought", "believed", "rumored", "alleged", "deemed", "billed",
    "touted", "branded", "expected", NULL
  };

  return tok_in (c, i, words);
}

/* "Melania seems to have vanished from the campaign trail", "The efforts
 * are expected to continue", "Mr. Quiros was accused of using …": what
 * seems, or is expected of or said about a subject, is not said by it;
 * annotators make the subject a first fragment of the content, with no
 * source (of PolNeAR train's contents after such a cue, the subject before
 * it is content 235 times and source 4 after "seem" or "appear", 129 and 5
 * after "is" or "been" and a participle of judging or naming as below;
 * "It seems that …" has neither). */
static void
subjects_of_seeming (Ctx *c)
{
  static const char * const be_forms[] = { "is", "are", "was", "were", "be", "been", NULL };

  for (guint a = 0; a < c->attrs->len; a++)
    {
      Attribution *at = &g_array_index (c->attrs, Attribution, a);
      guint cf, cl;
      gboolean seems = FALSE, be = FALSE, judged = FALSE;

      /* a quotation after "seemed to say" is still the subject's */
      if (at->src_first < 0 || at->cue_first < 0 || at->n_frags != 1 || at->kind == KIND_DIRECT ||
          at->frag_first[0] <= (guint)at->cue_last)
        continue;
      cf = at->cue_first;
      cl = at->cue_last;
      if (!at->from_model)
        cue_extent (c, at, &cf, &cl);
      if ((guint)at->src_last + 1 != cf || c->sent_of[at->src_first] != c->sent_of[cf])
        continue;
      for (guint i = cf; i <= cl; i++)
        {
          seems |= is_seeming (c, i);
          be |= tok_in (c, i, be_forms);
        }
      /* the long list only when it decides */
      for (guint i = cf; i <= cl && be && !seems && !judged; i++)
        judged = is_judged (c, i);
      if (!seems && !(judged && be))
        continue;
      /* "The mayor was criticized for saying that …": a content further on
       * is what the subject said, not what is said of it */
      if (at->frag_first[0] > cl + 2)
        continue;
      /* "was accused of | using", "has been mentioned as | a potential …" */
      if (((at->frag_first[0] == cl + 1 && at->frag_first[0] < at->frag_last[0]) ||
           at->frag_first[0] == cl + 2) &&
          (tok_is (c, cl + 1, "of") || tok_is (c, cl + 1, "for") || tok_is (c, cl + 1, "as")))
        {
          at->frag_first[0] = cl + 2;
          at->cue_last = cl + 1;
          at->cue_first = cf;
          /* emitted as it stands now, as the tagger's cues are */
          at->from_model = TRUE;
        }
      if (!(at->src_first == at->src_last && tok_is (c, at->src_first, "it")))
        prepend_fragment (at, at->src_first, at->src_last);
      at->src_first = at->src_last = -1;
      at->speaker = -1;
    }
}

/* A content the rules ran on to the end of its clause and the ranker then
 * ended earlier leaves words free that the tagger saw as taken ("she wrote
 * her first book …, Ms. Harper said that …": "wrote" took the rest of the
 * sentence). In the sentences with such words the tagger's attributions
 * are found again with those words free (the sentences it had not tagged
 * are tagged now), and added as before. Returns whether any was added. */
static gboolean
tag_freed_words (Ctx                     *c,
                 DossierQuoteModel       *model,
                 const DossierQuoteInput *in,
                 DossierQuoteWords       *words,
                 guint8                  *tags)
{
  const GArray *sents = c->tk->sentences;
  g_autofree guint8 *role = g_new0 (guint8, c->n + 1);
  g_autofree guint8 *free_words = g_new0 (guint8, c->n + 1);
  g_autofree guint8 *retag = NULL;
  g_autofree guint8 *retagged = NULL;
  guint8 *used = c->used;
  DossierQuoteInput again = *in;
  gboolean any = FALSE;
  guint n_before = c->attrs->len;

  for (guint a = 0; a < c->attrs->len; a++)
    {
      const Attribution *at = &g_array_index (c->attrs, Attribution, a);
      guint cf = at->cue_first, cl = at->cue_last;

      if (at->cue_first >= 0)
        {
          if (!at->from_model)
            cue_extent (c, at, &cf, &cl);
          memset (role + cf, 1, cl - cf + 1);
        }
      if (at->src_first >= 0)
        memset (role + at->src_first, 1, at->src_last - at->src_first + 1);
      for (guint f = 0; f < at->n_frags; f++)
        memset (role + at->frag_first[f], 1, at->frag_last[f] - at->frag_first[f] + 1);
    }
  retag = g_new0 (guint8, sents->len);
  for (guint i = 0; i < c->n; i++)
    if (used[i] && !role[i] && is_word (c, i))
      retag[c->sent_of[i]] = any = TRUE;
  if (!any)
    return FALSE;
  /* the words of those sentences without a role are free (every token is
   * in a sentence) */
  for (guint s = 0; s < sents->len; s++)
    if (retag[s])
      {
        const DossierSentence *sent = &g_array_index (sents, DossierSentence, s);

        for (guint i = sent->first_token; i < sent->first_token + sent->n_tokens; i++)
          free_words[i] = !role[i];
      }
  again.free = free_words;
  dossier_quote_model_tag_more (model, &again, words, tags);
  /* only the spans of those sentences */
  retagged = g_new0 (guint8, c->n + 1);
  for (guint s = 0; s < sents->len; s++)
    if (retag[s])
      {
        const DossierSentence *sent = &g_array_index (sents, DossierSentence, s);

        memcpy (retagged + sent->first_token, tags + sent->first_token, sent->n_tokens);
      }
  /* only the words with a role are used while they are added; the words
   * they take stay used after */
  c->used = role;
  add_model_attributions (c, model, &again, retagged, FALSE);
  for (guint i = 0; i < c->n; i++)
    used[i] |= role[i];
  c->used = used;
  return c->attrs->len > n_before;
}

void
dossier_quotes_find (DossierExtraction *extraction)
{
  g_return_if_fail (extraction != NULL);

  dossier_quotes_find_full (extraction, dossier_quote_model_get_default (),
                            DOSSIER_QUOTE_MODEL_ADD, NULL, NULL);
}

void
dossier_quotes_find_full (DossierExtraction    *extraction,
                          DossierQuoteModel    *model,
                          DossierQuoteModelUse  use,
                          guint8              **rules_out,
                          guint8              **entities_out)
{
  Ctx c = { 0 };
  guint n_annotations;

  g_return_if_fail (extraction != NULL);

  if (rules_out != NULL)
    *rules_out = NULL;
  if (entities_out != NULL)
    *entities_out = NULL;

  c.ex = extraction;
  c.tk = extraction->tokens;
  c.n = dossier_tokens_len (c.tk);
  if (c.n == 0)
    return;
  c.cls = dossier_extraction_word_classes (extraction);
  c.sent_of = g_new0 (guint, c.n);
  c.used = g_new0 (guint8, c.n + 1);
  c.person = g_new0 (guint8, c.n + 1);
  c.quote_of = g_new (int, c.n + 1);
  c.entity_of = g_new (int, c.n + 1);
  c.mention_first = g_new (int, c.n + 1);
  for (guint i = 0; i <= c.n; i++)
    c.quote_of[i] = c.entity_of[i] = c.mention_first[i] = -1;
  c.dq = g_new0 (guint8, c.n + 1);
  c.in_content = g_new0 (guint8, c.n + 1);
  c.quotes = g_array_new (FALSE, FALSE, sizeof (QuoteSpan));
  c.attrs = g_array_new (FALSE, FALSE, sizeof (Attribution));

  for (guint s = 0; s < c.tk->sentences->len; s++)
    {
      const DossierSentence *sent = &g_array_index (c.tk->sentences, DossierSentence, s);
      for (guint i = sent->first_token; i < sent->first_token + sent->n_tokens; i++)
        c.sent_of[i] = s;
    }

  n_annotations = extraction->annotations->len;
  for (guint a = 0; a < n_annotations; a++)
    {
      const DossierExtractAnnotation *ann = dossier_extraction_annotation (extraction, a);
      gboolean is_person = g_strcmp0 (ann->label, "PERSON") == 0;
      guint mfirst;

      if (ann->entity < 0 || (!is_person && g_strcmp0 (ann->label, "ORG") != 0))
        continue;
      mfirst = dossier_tokens_find (c.tk, ann->start);

      for (guint i = mfirst; i < c.n && tok (&c, i)->start < ann->end; i++)
        {
          c.entity_of[i] = ann->entity;
          c.person[i] = is_person;
          c.mention_first[i] = mfirst;
        }
    }

  find_headline (&c);
  find_double_quotes (&c);
  c.fiction = is_fiction_dialogue (&c);
  pair_quotes (&c);
  attach_quotes (&c);
  find_reported (&c);
  find_participles (&c);
  attach_following_quotes (&c);
  attach_continued_paragraphs (&c);
  if (rules_out != NULL || entities_out != NULL ||
      (model != NULL && use != DOSSIER_QUOTE_MODEL_OFF))
    {
      g_autofree guint8 *rules = rule_tags (&c);
      g_autofree guint8 *ents = entity_tags (&c);

      if (model != NULL && use != DOSSIER_QUOTE_MODEL_OFF)
        {
          const guint32 *cls = c.cls;
          g_autofree guint8 *tags = g_new0 (guint8, c.n + 1);
          g_autoptr(DossierQuoteWords) words = NULL;
          g_autofree guint8 *free_words = g_new0 (guint8, c.n + 1);
          DossierQuoteInput in = { c.tk, cls, rules, ents, free_words, extraction->word_clusters };

          for (guint i = 0; i < c.n; i++)
            free_words[i] = !c.used[i];

          dossier_quote_model_tag_words (model, &in, tags, &words);
          add_model_attributions (&c, model, &in, tags, use == DOSSIER_QUOTE_MODEL_REPLACE);
          passive_sources (&c, FALSE);
          /* after the learned decisions, which see the contents as the
           * rules and the tagger give them */
          if (dossier_quote_model_has_ends (model))
            {
              guint n_before = c.attrs->len;

              refine_spans (&c, model, &in, words, 0);
              end_contents_before_clauses (&c);
              if (tag_freed_words (&c, model, &in, words, tags))
                refine_spans (&c, model, &in, words, n_before);
              cut_source_verbs (&c);
              attach_interrupted_subjects (&c);
              start_contents_at_cues (&c);
              subjects_of_seeming (&c);
            }
          passive_sources (&c, TRUE);
        }
      if (rules_out != NULL)
        *rules_out = g_steal_pointer (&rules);
      if (entities_out != NULL)
        *entities_out = g_steal_pointer (&ents);
    }
  sort_attributions (&c);
  resolve_speakers (&c);
  if (c.fiction)
    alternate_turns (&c);
  emit (&c);

  g_free (c.sent_of);
  g_free (c.used);
  g_free (c.person);
  g_free (c.dq);
  g_free (c.in_content);
  g_free (c.mention_first);
  g_free (c.quote_of);
  g_free (c.entity_of);
  g_array_unref (c.quotes);
  g_array_unref (c.attrs);
}
