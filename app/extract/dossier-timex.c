/* dossier-timex.c — recognise temporal expressions and normalise them to TIMEX3
 *
 * The text is cut into pieces (tokens, with hyphenated words split so that
 * "third-quarter" and "two-year" read as two words), each piece is looked up
 * once in a small lexicon, and a set of hand-written rules tries to match at
 * each piece; the longest match wins. A rule computes the TIMEX3 value right
 * away from the reference date and the tense of the clause; anaphoric
 * expressions ("that year", "the following month", a clock time with no day)
 * read against the temporal focus, the last date the text named.
 *
 * Spans follow the TimeML guidelines: determiners, "early"/"late", "this",
 * "last", "ago", and approximators ("about", "more than") are inside the
 * expression; prepositions ("on", "in", "since") are not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-timex"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier-timex.h"
#include "dossier-timex-private.h"

/* ---------------------------------------------------------------------------
 * Calendar arithmetic (proleptic Gregorian, days since 1970-01-01)
 */

gint64
_dossier_timex_days_from_civil (int y,
                                int m,
                                int d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void
_dossier_timex_civil_from_days (gint64  z,
                                int    *y,
                                int    *m,
                                int    *d)
{
  gint64 era, doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

/* ISO weekday of a day number: 1 = Monday … 7 = Sunday */
int
_dossier_timex_weekday (gint64 days)
{
  gint64 w = (days + 3) % 7; /* 1970-01-01 was a Thursday */

  if (w < 0)
    w += 7;
  return w + 1;
}

gboolean
_dossier_timex_is_leap (int y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
_dossier_timex_days_in_month (int y,
                              int m)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (m < 1 || m > 12)
    return 0;
  return m == 2 && _dossier_timex_is_leap (y) ? 29 : days[m - 1];
}

/* ISO 8601 week of a day: the week's year may differ from the day's. */
void
_dossier_timex_iso_week (gint64  days,
                         int    *week_year,
                         int    *week)
{
  gint64 thursday = days - _dossier_timex_weekday (days) + 4;
  int y, m, d;

  _dossier_timex_civil_from_days (thursday, &y, &m, &d);
  *week_year = y;
  *week = (thursday - _dossier_timex_days_from_civil (y, 1, 1)) / 7 + 1;
}

/* Monday of ISO week @week of @week_year */
gint64
_dossier_timex_iso_week_start (int week_year,
                               int week)
{
  gint64 jan4 = _dossier_timex_days_from_civil (week_year, 1, 4);

  return jan4 - (_dossier_timex_weekday (jan4) - 1) + (gint64)(week - 1) * 7;
}

/* ---------------------------------------------------------------------------
 * Lexicon
 */

typedef enum
{
  C_NONE,
  C_MONTH,      /* val 1..12 */
  C_WEEKDAY,    /* val 1..7 */
  C_WEEKDAYS,   /* plural: val 1..7 */
  C_UNIT,       /* val Unit | PLURAL */
  C_NUMWORD,    /* val n */
  C_ORDINAL,    /* val n */
  C_SEASON,     /* val Season */
  C_PART,       /* val PartOfDay */
  C_DEICTIC,    /* val Deictic */
  C_REFWORD,    /* val Ref */
  C_SETADV,     /* daily … : val Unit */
  C_REL,        /* val Rel */
  C_POS,        /* val Pos */
  C_APPROX,     /* val Approx */
  C_AGO,        /* val Ago */
  C_HOLIDAY,    /* val Holiday */
  C_ZONE,
  C_AMPM,       /* val 0 am, 12 pm */
  C_FUNC,       /* the, a, of, every, … : val Func */
} WordClass;

enum { U_SECOND = 1, U_MINUTE, U_HOUR, U_DAY, U_NIGHT, U_WEEK, U_WEEKEND, U_FORTNIGHT, U_MONTH,
       U_QUARTER, U_HALF, U_YEAR, U_DECADE, U_CENTURY, U_MILLENNIUM, PLURAL = 0x100 };
enum { S_SPRING, S_SUMMER, S_FALL, S_WINTER };
enum { P_MORNING, P_AFTERNOON, P_EVENING, P_NIGHT, P_NOON, P_MIDNIGHT, P_MIDDAY };
enum { D_TODAY, D_YESTERDAY, D_TOMORROW, D_TONIGHT };
enum { R_NOW, R_CURRENTLY, R_CURRENT, R_RECENTLY, R_RECENT, R_PREVIOUSLY, R_SOON, R_FUTURE,
       R_PAST, R_PRESENT, R_LATELY, R_NOWADAYS, R_FORMERLY };
enum { REL_LAST, REL_NEXT, REL_THIS, REL_PAST, REL_COMING, REL_PREVIOUS, REL_FOLLOWING,
       REL_CURRENT, REL_LATEST, REL_SAME, REL_UPCOMING };
enum { POS_EARLY, POS_LATE, POS_MID, POS_EARLIER, POS_LATER };
enum { A_APPROX, A_MORE_THAN, A_LESS_THAN, A_AT, A_UP, A_NO, A_SOME, A_NEARLY };
enum { AGO_AGO, AGO_EARLIER, AGO_LATER, AGO_HENCE, AGO_BEFORE, AGO_AFTER };
enum { H_CHRISTMAS, H_CHRISTMAS_EVE, H_NEW_YEAR, H_THANKSGIVING, H_EASTER, H_HALLOWEEN,
       H_VALENTINE, H_INDEPENDENCE, H_LABOR, H_MEMORIAL, H_ELECTION };
enum { F_THE, F_A, F_OF, F_EVERY, F_EACH, F_PER, F_FISCAL, F_END, F_BEGINNING,
       F_MIDDLE, F_START, F_FEW, F_SEVERAL, F_COUPLE, F_AND, F_OR, F_SO, F_FROM,
       F_THAT, F_IN, F_OTHER, F_MANY, F_DOZEN, F_AT, F_TO, F_MORE,
       F_THOUSAND, F_HUNDRED, F_PERIOD, F_OCLOCK, F_LONG, F_TIMES,
       F_TWICE, F_ONCE };

typedef struct
{
  const char *word;
  guint8      cls;
  gint16      val;
} LexEntry;

static const LexEntry lexicon[] = {
  { "january", C_MONTH, 1 }, { "jan", C_MONTH, 1 }, { "february", C_MONTH, 2 },
  { "feb", C_MONTH, 2 }, { "march", C_MONTH, 3 }, { "mar", C_MONTH, 3 },
  { "april", C_MONTH, 4 }, { "apr", C_MONTH, 4 }, { "may", C_MONTH, 5 }, { "june", C_MONTH, 6 },
  { "jun", C_MONTH, 6 }, { "july", C_MONTH, 7 }, { "jul", C_MONTH, 7 }, { "august", C_MONTH, 8 },
  { "aug", C_MONTH, 8 }, { "september", C_MONTH, 9 }, { "sept", C_MONTH, 9 },
  { "sep", C_MONTH, 9 }, { "october", C_MONTH, 10 }, { "oct", C_MONTH, 10 },
  { "november", C_MONTH, 11 }, { "nov", C_MONTH, 11 }, { "december", C_MONTH, 12 },
  { "dec", C_MONTH, 12 },
  { "monday", C_WEEKDAY, 1 }, { "tuesday", C_WEEKDAY, 2 }, { "wednesday", C_WEEKDAY, 3 },
  { "thursday", C_WEEKDAY, 4 }, { "friday", C_WEEKDAY, 5 }, { "saturday", C_WEEKDAY, 6 },
  { "sunday", C_WEEKDAY, 7 }, { "mon", C_WEEKDAY, 1 }, { "tue", C_WEEKDAY, 2 },
  { "tues", C_WEEKDAY, 2 }, { "wed", C_WEEKDAY, 3 }, { "thu", C_WEEKDAY, 4 },
  { "thur", C_WEEKDAY, 4 }, { "thurs", C_WEEKDAY, 4 }, { "fri", C_WEEKDAY, 5 },
  { "sat", C_WEEKDAY, 6 }, { "sun", C_WEEKDAY, 7 },
  { "mondays", C_WEEKDAYS, 1 }, { "tuesdays", C_WEEKDAYS, 2 }, { "wednesdays", C_WEEKDAYS, 3 },
  { "thursdays", C_WEEKDAYS, 4 }, { "fridays", C_WEEKDAYS, 5 }, { "saturdays", C_WEEKDAYS, 6 },
  { "sundays", C_WEEKDAYS, 7 },
  { "second", C_UNIT, U_SECOND }, { "seconds", C_UNIT, U_SECOND | PLURAL },
  { "minute", C_UNIT, U_MINUTE }, { "minutes", C_UNIT, U_MINUTE | PLURAL },
  { "hour", C_UNIT, U_HOUR }, { "hours", C_UNIT, U_HOUR | PLURAL },
  { "day", C_UNIT, U_DAY }, { "days", C_UNIT, U_DAY | PLURAL },
  { "week", C_UNIT, U_WEEK }, { "weeks", C_UNIT, U_WEEK | PLURAL },
  { "weekend", C_UNIT, U_WEEKEND }, { "weekends", C_UNIT, U_WEEKEND | PLURAL },
  { "fortnight", C_UNIT, U_FORTNIGHT },
  { "month", C_UNIT, U_MONTH }, { "months", C_UNIT, U_MONTH | PLURAL },
  { "quarter", C_UNIT, U_QUARTER }, { "quarters", C_UNIT, U_QUARTER | PLURAL },
  { "half", C_UNIT, U_HALF },
  { "year", C_UNIT, U_YEAR }, { "years", C_UNIT, U_YEAR | PLURAL },
  { "decade", C_UNIT, U_DECADE }, { "decades", C_UNIT, U_DECADE | PLURAL },
  { "century", C_UNIT, U_CENTURY }, { "centuries", C_UNIT, U_CENTURY | PLURAL },
  { "millennium", C_UNIT, U_MILLENNIUM }, { "millennia", C_UNIT, U_MILLENNIUM | PLURAL },
  { "one", C_NUMWORD, 1 }, { "two", C_NUMWORD, 2 }, { "three", C_NUMWORD, 3 },
  { "four", C_NUMWORD, 4 }, { "five", C_NUMWORD, 5 }, { "six", C_NUMWORD, 6 },
  { "seven", C_NUMWORD, 7 }, { "eight", C_NUMWORD, 8 }, { "nine", C_NUMWORD, 9 },
  { "ten", C_NUMWORD, 10 }, { "eleven", C_NUMWORD, 11 }, { "twelve", C_NUMWORD, 12 },
  { "thirteen", C_NUMWORD, 13 }, { "fourteen", C_NUMWORD, 14 }, { "fifteen", C_NUMWORD, 15 },
  { "sixteen", C_NUMWORD, 16 }, { "seventeen", C_NUMWORD, 17 }, { "eighteen", C_NUMWORD, 18 },
  { "nineteen", C_NUMWORD, 19 }, { "twenty", C_NUMWORD, 20 }, { "thirty", C_NUMWORD, 30 },
  { "forty", C_NUMWORD, 40 }, { "fifty", C_NUMWORD, 50 }, { "sixty", C_NUMWORD, 60 },
  { "seventy", C_NUMWORD, 70 }, { "eighty", C_NUMWORD, 80 }, { "ninety", C_NUMWORD, 90 },
  { "first", C_ORDINAL, 1 }, { "second", C_ORDINAL, 2 }, { "third", C_ORDINAL, 3 },
  { "fourth", C_ORDINAL, 4 }, { "fifth", C_ORDINAL, 5 }, { "sixth", C_ORDINAL, 6 },
  { "seventh", C_ORDINAL, 7 }, { "eighth", C_ORDINAL, 8 }, { "ninth", C_ORDINAL, 9 },
  { "tenth", C_ORDINAL, 10 }, { "eleventh", C_ORDINAL, 11 }, { "twelfth", C_ORDINAL, 12 },
  { "thirteenth", C_ORDINAL, 13 }, { "fourteenth", C_ORDINAL, 14 },
  { "fifteenth", C_ORDINAL, 15 }, { "sixteenth", C_ORDINAL, 16 },
  { "seventeenth", C_ORDINAL, 17 }, { "eighteenth", C_ORDINAL, 18 },
  { "nineteenth", C_ORDINAL, 19 }, { "twentieth", C_ORDINAL, 20 },
  { "twenty-first", C_ORDINAL, 21 },
  { "spring", C_SEASON, S_SPRING }, { "summer", C_SEASON, S_SUMMER },
  { "fall", C_SEASON, S_FALL }, { "autumn", C_SEASON, S_FALL }, { "winter", C_SEASON, S_WINTER },
  { "morning", C_PART, P_MORNING }, { "afternoon", C_PART, P_AFTERNOON },
  { "evening", C_PART, P_EVENING }, { "night", C_PART, P_NIGHT }, { "noon", C_PART, P_NOON },
  { "midnight", C_PART, P_MIDNIGHT }, { "midday", C_PART, P_MIDDAY },
  { "overnight", C_PART, P_NIGHT },
  { "today", C_DEICTIC, D_TODAY }, { "yesterday", C_DEICTIC, D_YESTERDAY },
  { "tomorrow", C_DEICTIC, D_TOMORROW }, { "tonight", C_DEICTIC, D_TONIGHT },
  { "now", C_REFWORD, R_NOW }, { "currently", C_REFWORD, R_CURRENTLY },
  { "current", C_REFWORD, R_CURRENT }, { "recently", C_REFWORD, R_RECENTLY },
  { "recent", C_REFWORD, R_RECENT }, 
  { "future", C_REFWORD, R_FUTURE },
  { "past", C_REFWORD, R_PAST }, { "present", C_REFWORD, R_PRESENT },
  { "lately", C_REFWORD, R_LATELY }, { "soon", C_REFWORD, R_SOON }, { "nowadays", C_REFWORD, R_NOWADAYS },
  { "formerly", C_REFWORD, R_FORMERLY },
  { "daily", C_SETADV, U_DAY }, { "nightly", C_SETADV, U_NIGHT }, { "weekly", C_SETADV, U_WEEK },
  { "monthly", C_SETADV, U_MONTH }, { "yearly", C_SETADV, U_YEAR },
  { "annually", C_SETADV, U_YEAR },
  { "hourly", C_SETADV, U_HOUR }, { "biweekly", C_SETADV, U_FORTNIGHT },
  { "last", C_REL, REL_LAST }, { "next", C_REL, REL_NEXT }, { "this", C_REL, REL_THIS },
  { "coming", C_REL, REL_COMING }, { "previous", C_REL, REL_PREVIOUS },
  { "prior", C_REL, REL_PREVIOUS }, { "preceding", C_REL, REL_PREVIOUS },
  { "following", C_REL, REL_FOLLOWING }, { "latest", C_REL, REL_LATEST },
  { "same", C_REL, REL_SAME }, { "upcoming", C_REL, REL_UPCOMING },
  { "early", C_POS, POS_EARLY }, { "late", C_POS, POS_LATE }, { "mid", C_POS, POS_MID },
  { "earlier", C_POS, POS_EARLIER }, { "later", C_POS, POS_LATER },
  { "about", C_APPROX, A_APPROX }, { "around", C_APPROX, A_APPROX },
  { "approximately", C_APPROX, A_APPROX }, { "roughly", C_APPROX, A_APPROX },
  { "nearly", C_APPROX, A_NEARLY }, { "almost", C_APPROX, A_NEARLY },
  { "some", C_APPROX, A_SOME }, { "over", C_APPROX, A_MORE_THAN },
  { "under", C_APPROX, A_LESS_THAN },
  { "more", C_APPROX, A_MORE_THAN }, { "less", C_APPROX, A_LESS_THAN },
  { "fewer", C_APPROX, A_LESS_THAN }, { "least", C_APPROX, A_AT }, { "up", C_APPROX, A_UP },
  { "no", C_APPROX, A_NO },
  { "ago", C_AGO, AGO_AGO }, { "hence", C_AGO, AGO_HENCE },
  { "christmas", C_HOLIDAY, H_CHRISTMAS }, { "thanksgiving", C_HOLIDAY, H_THANKSGIVING },
  { "easter", C_HOLIDAY, H_EASTER }, { "halloween", C_HOLIDAY, H_HALLOWEEN },
  { "et", C_ZONE, 0 }, { "est", C_ZONE, 0 }, { "edt", C_ZONE, 0 }, { "ct", C_ZONE, 0 },
  { "cst", C_ZONE, 0 }, { "cdt", C_ZONE, 0 }, { "mt", C_ZONE, 0 }, { "mst", C_ZONE, 0 },
  { "mdt", C_ZONE, 0 }, { "pt", C_ZONE, 0 }, { "pst", C_ZONE, 0 }, { "pdt", C_ZONE, 0 },
  { "gmt", C_ZONE, 0 }, { "utc", C_ZONE, 0 }, { "bst", C_ZONE, 0 }, { "cet", C_ZONE, 0 },
  { "a.m.", C_AMPM, 0 }, { "am", C_AMPM, 0 }, { "a.m", C_AMPM, 0 },
  { "p.m.", C_AMPM, 12 }, { "pm", C_AMPM, 12 }, { "p.m", C_AMPM, 12 },
  { "the", C_FUNC, F_THE }, { "a", C_FUNC, F_A }, { "an", C_FUNC, F_A }, { "of", C_FUNC, F_OF },
  { "every", C_FUNC, F_EVERY }, { "each", C_FUNC, F_EACH }, { "per", C_FUNC, F_PER },
  { "fiscal", C_FUNC, F_FISCAL }, { "end", C_FUNC, F_END }, { "beginning", C_FUNC, F_BEGINNING },
  { "middle", C_FUNC, F_MIDDLE }, { "start", C_FUNC, F_START }, { "few", C_FUNC, F_FEW },
  { "several", C_FUNC, F_SEVERAL }, { "couple", C_FUNC, F_COUPLE }, { "and", C_FUNC, F_AND },
  { "or", C_FUNC, F_OR }, { "so", C_FUNC, F_SO }, { "from", C_FUNC, F_FROM },
  { "that", C_FUNC, F_THAT }, { "in", C_FUNC, F_IN }, { "other", C_FUNC, F_OTHER },
  { "many", C_FUNC, F_MANY }, { "dozen", C_FUNC, F_DOZEN }, { "at", C_FUNC, F_AT },
  { "to", C_FUNC, F_TO }, { "than", C_FUNC, F_MORE }, { "thousand", C_FUNC, F_THOUSAND },
  { "hundred", C_FUNC, F_HUNDRED }, { "period", C_FUNC, F_PERIOD },
  { "o'clock", C_FUNC, F_OCLOCK }, { "long", C_FUNC, F_LONG }, { "times", C_FUNC, F_TIMES },
  { "twice", C_FUNC, F_TWICE }, { "once", C_FUNC, F_ONCE },
};

static GHashTable *lexicon_table;

static void
lexicon_init (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

      /* "second" is both a unit and an ordinal: the ordinal entry comes later
       * and wins; rules ask for the unit reading by the word itself. */
      for (guint i = 0; i < G_N_ELEMENTS (lexicon); i++)
        g_hash_table_insert (table, (gpointer) lexicon[i].word, (gpointer) &lexicon[i]);
      lexicon_table = table;
      g_once_init_leave (&once, 1);
    }
}

/* ---------------------------------------------------------------------------
 * Pieces
 */

enum
{
  PF_CAP        = 1 << 0,
  PF_HYPHEN     = 1 << 1, /* joined to the previous piece by a hyphen */
  PF_SENT_START = 1 << 2,
  PF_DIGITS     = 1 << 3, /* all digits */
  PF_PUNCT      = 1 << 4,
  PF_ABBREV     = 1 << 5, /* ends with a period */
  PF_CLITIC     = 1 << 6,
  PF_NUMERIC    = 1 << 7, /* a NUMBER token (may hold / : - .) */
};

typedef struct
{
  guint  token;
  guint  byte_start;
  guint  byte_end;
  char   w[24];     /* lower-case, without a final period; "" if too long */
  guint8 cls;
  gint16 val;
  guint8 flags;
  int    num;       /* value of an all-digit piece or a 1st/2nd ordinal, else -1 */
  guint8 ndigits;
  guint8 ordinal;   /* "20th" → 20 */
} Piece;

typedef struct
{
  const DossierTokens *tokens;
  Piece               *p;
  guint                n;
  gboolean             have_ref;
  int                  ry, rm, rd;
  gint64               rdays;
  DossierTimexTense    tense;
  DossierTimexTense    forced_tense;
  gboolean             force;
  int                  quarter_year;  /* the last quarter mentioned, for "the quarter" */
  int                  quarter;
  gboolean             months_span;   /* the last period talked about is "the nine months" */
  int                  fy, fm, fd;    /* the temporal focus: the last date named, as far as it
                                       * goes (fm, fd 0 when not given); fy 0 when none */
} Ctx;

typedef struct
{
  guint            len;
  DossierTimexType type;
  char             value[DOSSIER_TIMEX_VALUE_MAX];
  char             mod[DOSSIER_TIMEX_MOD_MAX];
  int              quarter_year;
  int              quarter;
} Match;

static inline const Piece *
P (const Ctx *c,
   guint      i)
{
  static const Piece none = { 0, 0, 0, "", C_NONE, 0, 0, -1, 0, 0 };

  return i < c->n ? &c->p[i] : &none;
}

static inline gboolean
is_cls (const Ctx *c,
        guint      i,
        int        cls)
{
  return i < c->n && c->p[i].cls == cls;
}

static inline gboolean
is_func (const Ctx *c,
         guint      i,
         int        val)
{
  return i < c->n && c->p[i].cls == C_FUNC && c->p[i].val == val;
}

static inline gboolean
is_word (const Ctx  *c,
         guint       i,
         const char *w)
{
  return i < c->n && strcmp (c->p[i].w, w) == 0;
}

static void
add_piece (GArray     *pieces,
           guint       token,
           const char *text,
           guint       byte_start,
           guint       byte_end,
           guint       flags)
{
  Piece p = { 0 };
  gsize len = byte_end - byte_start;
  const LexEntry *e;
  gboolean digits = len > 0;

  p.token = token;
  p.byte_start = byte_start;
  p.byte_end = byte_end;
  p.flags = flags;
  p.num = -1;

  if (len > 1 && text[byte_end - 1] == '.' && (flags & PF_ABBREV))
    len--;
  if (len < sizeof p.w)
    {
      for (gsize k = 0; k < len; k++)
        {
          char ch = text[byte_start + k];
          p.w[k] = g_ascii_tolower (ch);
          if (!g_ascii_isdigit (ch))
            digits = FALSE;
        }
      p.w[len] = '\0';
      /* a.m. / p.m. keep their periods in the lexicon */
      if (len + 1 < sizeof p.w && (flags & PF_ABBREV) &&
          (strcmp (p.w, "a.m") == 0 || strcmp (p.w, "p.m") == 0))
        strcpy (p.w + len, ".");
    }
  else
    digits = FALSE;

  if (g_ascii_isupper (text[byte_start]))
    p.flags |= PF_CAP;
  if (digits)
    {
      p.flags |= PF_DIGITS;
      p.ndigits = len;
      p.num = len <= 9 ? atoi (p.w) : -1;
    }
  else if (len >= 3 && len <= 4 && g_ascii_isdigit (p.w[0]) &&
           (g_str_has_suffix (p.w, "st") || g_str_has_suffix (p.w, "nd") ||
            g_str_has_suffix (p.w, "rd") || g_str_has_suffix (p.w, "th")))
    {
      gboolean ok = TRUE;
      for (gsize k = 0; k + 2 < len; k++)
        ok = ok && g_ascii_isdigit (p.w[k]);
      if (ok)
        p.ordinal = atoi (p.w);
    }

  e = p.w[0] ? g_hash_table_lookup (lexicon_table, p.w) : NULL;
  if (e != NULL)
    {
      p.cls = e->cls;
      p.val = e->val;
    }
  g_array_append_val (pieces, p);
}

static void
build_pieces (GArray              *pieces,
              const DossierTokens *tokens,
              guint                first,
              guint                n)
{
  const char *text = tokens->text;

  for (guint t = first; t < first + n; t++)
    {
      const DossierToken *tok = dossier_tokens_get (tokens, t);
      guint flags = 0;
      const char *s = text + tok->byte_start;
      gsize len = tok->byte_end - tok->byte_start;
      gboolean has_alpha = FALSE, has_hyphen = FALSE;

      if (tok->flags & DOSSIER_TOKEN_SENTENCE_START)
        flags |= PF_SENT_START;
      if (tok->flags & DOSSIER_TOKEN_ABBREVIATION)
        flags |= PF_ABBREV;
      if (tok->kind == DOSSIER_TOKEN_PUNCT || tok->kind == DOSSIER_TOKEN_QUOTE ||
          tok->kind == DOSSIER_TOKEN_SYMBOL)
        flags |= PF_PUNCT;
      if (tok->kind == DOSSIER_TOKEN_CLITIC)
        flags |= PF_CLITIC;
      if (tok->kind == DOSSIER_TOKEN_NUMBER)
        flags |= PF_NUMERIC;

      for (gsize k = 0; k < len; k++)
        {
          if (g_ascii_isalpha (s[k]))
            has_alpha = TRUE;
          else if (s[k] == '-')
            has_hyphen = TRUE;
        }

      if (has_hyphen && has_alpha &&
          (tok->kind == DOSSIER_TOKEN_WORD || tok->kind == DOSSIER_TOKEN_NUMBER))
        {
          gsize k0 = 0;
          guint f = flags & ~PF_NUMERIC;

          for (gsize k = 0; k <= len; k++)
            {
              if (k == len || s[k] == '-')
                {
                  if (k > k0)
                    add_piece (pieces, t, text, tok->byte_start + k0, tok->byte_start + k,
                               f | (k0 > 0 ? PF_HYPHEN : 0));
                  f &= ~PF_SENT_START;
                  k0 = k + 1;
                }
            }
        }
      else
        add_piece (pieces, t, text, tok->byte_start, tok->byte_end, flags);
    }
}

/* ---------------------------------------------------------------------------
 * Value formatting
 */

static void
set_value (Match      *m,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static void
set_value (Match      *m,
           const char *format,
           ...)
{
  va_list args;

  va_start (args, format);
  g_vsnprintf (m->value, sizeof m->value, format, args);
  va_end (args);
}

static void
set_mod (Match      *m,
         const char *mod)
{
  g_strlcpy (m->mod, mod ? mod : "", sizeof m->mod);
}

static void
value_day (const Ctx *c,
           Match     *m,
           gint64     days)
{
  int y, mo, d;

  if (!c->have_ref)
    {
      set_value (m, "XXXX-XX-XX");
      return;
    }
  _dossier_timex_civil_from_days (days, &y, &mo, &d);
  set_value (m, "%04d-%02d-%02d", y, mo, d);
}

static void
value_week (const Ctx *c,
            Match     *m,
            gint64     days)
{
  int wy, w;

  if (!c->have_ref)
    {
      set_value (m, "XXXX-WXX");
      return;
    }
  _dossier_timex_iso_week (days, &wy, &w);
  set_value (m, "%04d-W%02d", wy, w);
}

static void
value_month (const Ctx *c,
             Match     *m,
             int        delta)
{
  int y, mo;

  if (!c->have_ref)
    {
      set_value (m, "XXXX-XX");
      return;
    }
  mo = c->rm - 1 + delta;
  y = c->ry + (mo >= 0 ? mo / 12 : (mo - 11) / 12);
  mo = ((mo % 12) + 12) % 12 + 1;
  set_value (m, "%04d-%02d", y, mo);
}

static void
value_year (const Ctx *c,
            Match     *m,
            int        delta)
{
  if (!c->have_ref)
    set_value (m, "XXXX");
  else
    set_value (m, "%04d", c->ry + delta);
}

static const char *
season_code (int season)
{
  static const char *codes[] = { "SP", "SU", "FA", "WI" };

  return codes[season & 3];
}

static const char *
part_code (int part)
{
  static const char *codes[] = { "MO", "AF", "EV", "NI", "12:00", "24:00", "12:00" };

  return codes[part];
}

/* ---------------------------------------------------------------------------
 * Anchoring: pick the year or day an underspecified expression refers to
 */

/* The year of month @month (day @day or 0) nearest the reference date that
 * agrees with the tense. */
static int
resolve_year (const Ctx *c,
              int        month,
              int        day)
{
  int best = c->ry;
  gint64 best_dist = G_MAXINT64;
  /* a month alone follows the tense; with a day, a wrongly read tense costs
   * a whole year, so the tense only leans */
  gint64 penalty = day > 0 ? 120 : 200;

  for (int y = c->ry - 1; y <= c->ry + 1; y++)
    {
      gint64 start, end, dist;
      int dd = day > 0 ? MIN (day, _dossier_timex_days_in_month (y, month)) : 1;

      start = _dossier_timex_days_from_civil (y, month, dd);
      end = day > 0 ? start : start + _dossier_timex_days_in_month (y, month) - 1;
      if (c->rdays < start)
        dist = start - c->rdays;
      else if (c->rdays > end)
        dist = c->rdays - end;
      else
        dist = 0;
      /* the tense leans, it does not decide: "said … on Nov. 17" in late
       * October is more often a date just ahead than one a year back */
      if (c->tense == DOSSIER_TIMEX_TENSE_PAST && start > c->rdays)
        dist += penalty;
      if (c->tense == DOSSIER_TIMEX_TENSE_FUTURE && end < c->rdays)
        dist += penalty;
      if (dist < best_dist)
        {
          best_dist = dist;
          best = y;
        }
    }
  return best;
}

/* The day of ISO weekday @wd the tense points at: on or before the reference
 * date in the past, on or after it in the future. */
static gint64
resolve_weekday (const Ctx *c,
                 int        wd,
                 int        rel)
{
  int rw = _dossier_timex_weekday (c->rdays);
  int back = (rw - wd + 7) % 7;       /* days back to the last such day (0 = today) */
  int ahead = (wd - rw + 7) % 7;      /* days ahead to the next one */

  switch (rel)
    {
    case REL_LAST:
    case REL_PAST:
    case REL_PREVIOUS:
      return c->rdays - (back == 0 ? 7 : back);
    case REL_NEXT:
    case REL_COMING:
    case REL_UPCOMING:
      return c->rdays + (ahead == 0 ? 7 : ahead);
    case REL_THIS:
      /* the one in the current week */
      return c->rdays - (rw - wd);
    default:
      break;
    }
  switch (c->tense)
    {
    case DOSSIER_TIMEX_TENSE_FUTURE:
      return c->rdays + ahead;
    case DOSSIER_TIMEX_TENSE_PRESENT:
    case DOSSIER_TIMEX_TENSE_NONE:
      /* "they meet Monday": a present tense, or a verb no cue covers, reads
       * as the coming days' schedule; further out it is the week past */
      return ahead <= 3 ? c->rdays + ahead : c->rdays - back;
    case DOSSIER_TIMEX_TENSE_PAST:
    default:
      return c->rdays - back;
    }
}

static int
ref_quarter (const Ctx *c)
{
  return (c->rm - 1) / 3 + 1;
}

/* "the quarter", "the latest quarter": the last one talked about, else the
 * last one completed before the reference date. */
static void
context_quarter (const Ctx *c,
                 int       *year,
                 int       *quarter)
{
  if (c->quarter_year > 0)
    {
      *year = c->quarter_year;
      *quarter = c->quarter;
      return;
    }
  *year = c->ry;
  *quarter = ref_quarter (c) - 1;
  if (*quarter == 0)
    {
      *quarter = 4;
      (*year)--;
    }
}

/* ---------------------------------------------------------------------------
 * Numbers
 */

#define NUM_X (-2)   /* "a few", "several": an unknown number */

/* Reads a cardinal at @i ("3", "three", "twenty-four", "a", "a few", "2 1/2");
 * returns pieces used, 0 if none. @value is NUM_X for an unknown number;
 * @half is set for "1/2". @approx for "a couple of". */
static guint
read_number (const Ctx *c,
             guint      i,
             int       *value,
             gboolean  *half,
             gboolean  *approx)
{
  const Piece *p = P (c, i);

  *half = FALSE;
  *approx = FALSE;
  if (p->flags & PF_DIGITS)
    {
      guint n = 1;

      /* a count of units, not an amount: also keeps the arithmetic in range */
      if (p->num < 0 || p->num > 100000)
        return 0;
      *value = p->num;
      if (strcmp (P (c, i + 1)->w, "1/2") == 0)
        {
          *half = TRUE;
          n++;
        }
      return n;
    }
  if (strcmp (p->w, "1/2") == 0)
    {
      *value = 0;
      *half = TRUE;
      return 1;
    }
  if (p->cls == C_NUMWORD)
    {
      guint n = 1;

      *value = p->val;
      if (p->val >= 20 && p->val % 10 == 0 && is_cls (c, i + 1, C_NUMWORD) && P (c, i + 1)->val < 10)
        {
          *value += P (c, i + 1)->val;
          n++;
        }
      if (is_func (c, i + n, F_HUNDRED))
        {
          *value *= 100;
          n++;
        }
      else if (is_func (c, i + n, F_THOUSAND))
        {
          *value *= 1000;
          n++;
        }
      return n;
    }
  if (is_func (c, i, F_A))
    {
      if (is_func (c, i + 1, F_FEW))
        {
          *value = NUM_X;
          return 2;
        }
      if (is_func (c, i + 1, F_COUPLE) && is_func (c, i + 2, F_OF))
        {
          *value = 2;
          *approx = TRUE;
          return 3;
        }
      if (is_func (c, i + 1, F_DOZEN))
        {
          *value = 12;
          return 2;
        }
      if (is_func (c, i + 1, F_HUNDRED))
        {
          *value = 100;
          return 2;
        }
      if (is_func (c, i + 1, F_THOUSAND))
        {
          *value = 1000;
          return 2;
        }
      *value = 1;
      /* "an additional year", "a further week" */
      if (is_word (c, i + 1, "additional") || is_word (c, i + 1, "extra") || is_word (c, i + 1, "further"))
        return 2;
      return 1;
    }
  if (is_func (c, i, F_FEW) || is_func (c, i, F_SEVERAL) || is_func (c, i, F_MANY))
    {
      *value = NUM_X;
      return 1;
    }
  /* "the next couple of years" */
  if (is_func (c, i, F_COUPLE) && is_func (c, i + 1, F_OF) && i > 0 && !is_func (c, i - 1, F_A))
    {
      *value = 2;
      *approx = TRUE;
      return 2;
    }
  if (is_func (c, i, F_DOZEN))
    {
      *value = 12;
      return 1;
    }
  return 0;
}

/* ---------------------------------------------------------------------------
 * Rules. Each returns the pieces it matched (0 for none) and fills @m.
 */

static int
unit_of (const Ctx *c,
         guint      i,
         gboolean  *plural)
{
  const Piece *p = P (c, i);
  const Piece *next = P (c, i + 1);

  /* "year-ago", "year-end", "five-year-old": not a unit by itself */
  if ((next->flags & PF_HYPHEN) &&
      (strcmp (next->w, "ago") == 0 || strcmp (next->w, "earlier") == 0 ||
       strcmp (next->w, "end") == 0 || strcmp (next->w, "old") == 0 ||
       strcmp (next->w, "olds") == 0))
    return 0;

  if (p->cls == C_UNIT)
    {
      *plural = (p->val & PLURAL) != 0;
      return p->val & ~PLURAL;
    }
  if (strcmp (p->w, "second") == 0)
    {
      *plural = FALSE;
      return U_SECOND;
    }
  if (p->cls == C_PART && p->val == P_NIGHT && strcmp (p->w, "night") == 0)
    {
      *plural = FALSE;
      return U_NIGHT;
    }
  if (strcmp (p->w, "nights") == 0)
    {
      *plural = TRUE;
      return U_NIGHT;
    }
  return 0;
}

/* A duration value: P3Y, PT2H, P9M, PXD … */
static void
value_duration (Match   *m,
                int      unit,
                int      n,
                gboolean half)
{
  char num[16];
  const char *letter = "D";
  const char *unknown_letter = NULL;
  int factor = 1;
  gboolean time = FALSE;

  if (n == NUM_X)
    strcpy (num, "X");
  else
    g_snprintf (num, sizeof num, "%d", n);

  switch (unit)
    {
    case U_SECOND: letter = "S"; time = TRUE; break;
    case U_MINUTE: letter = "M"; time = TRUE; break;
    case U_HOUR: letter = "H"; time = TRUE; break;
    case U_DAY: case U_NIGHT: letter = "D"; break;
    case U_WEEK: letter = "W"; break;
    case U_WEEKEND: letter = "D"; factor = 2; break;
    case U_FORTNIGHT: letter = "W"; factor = 2; break;
    case U_MONTH: letter = "M"; break;
    case U_QUARTER: letter = "Q"; break;
    case U_HALF: letter = "M"; factor = 6; break;
    case U_YEAR: letter = "Y"; break;
    case U_DECADE: letter = "Y"; factor = 10; break;
    case U_CENTURY: letter = "Y"; factor = 100; unknown_letter = "C"; break;
    case U_MILLENNIUM: letter = "Y"; factor = 1000; unknown_letter = "ML"; break;
    default:
      break;
    }
  /* a unit counted in another: two weekends → P4D; some centuries → PXC */
  if (n == NUM_X)
    letter = unknown_letter != NULL ? unknown_letter : letter;
  else if (factor != 1)
    g_snprintf (num, sizeof num, "%d", factor * n);

  if (half && n != NUM_X)
    {
      /* 2 1/2 years → P2Y6M; 1/2 hour → PT30M */
      switch (unit)
        {
        case U_YEAR: set_value (m, "P%sY6M", n ? num : "0"); if (!n) set_value (m, "P6M"); return;
        case U_HOUR: if (n) set_value (m, "PT%sH30M", num); else set_value (m, "PT30M"); return;
        case U_DAY: if (n) set_value (m, "P%sDT12H", num); else set_value (m, "PT12H"); return;
        case U_MONTH: if (n) set_value (m, "P%sM15D", num); else set_value (m, "P15D"); return;
        case U_MINUTE: if (n) set_value (m, "PT%sM30S", num); else set_value (m, "PT30S"); return;
        default: break;
        }
    }
  set_value (m, "P%s%s%s", time ? "T" : "", num, letter);
}

/* The value a calendar unit takes @delta units away from the reference:
 * last year → 2024, next month → 2025-03, this week → 2025-W06. */
static void
value_unit_offset (const Ctx *c,
                   Match     *m,
                   int        unit,
                   int        delta)
{
  switch (unit)
    {
    case U_DAY:
    case U_NIGHT:
      value_day (c, m, c->rdays + delta);
      if (unit == U_NIGHT)
        g_strlcat (m->value, "TNI", sizeof m->value);
      break;
    case U_WEEK:
      value_week (c, m, c->rdays + 7 * delta);
      break;
    case U_WEEKEND:
      value_week (c, m, c->rdays + 7 * delta);
      g_strlcat (m->value, "-WE", sizeof m->value);
      break;
    case U_FORTNIGHT:
      value_week (c, m, c->rdays + 14 * delta);
      break;
    case U_MONTH:
      value_month (c, m, delta);
      break;
    case U_QUARTER:
      if (!c->have_ref)
        set_value (m, "XXXX-QX");
      else
        {
          int q = ref_quarter (c) - 1 + delta;
          int y = c->ry + (q >= 0 ? q / 4 : (q - 3) / 4);

          q = ((q % 4) + 4) % 4 + 1;
          set_value (m, "%04d-Q%d", y, q);
          m->quarter_year = y;
          m->quarter = q;
        }
      break;
    case U_HALF:
      if (!c->have_ref)
        set_value (m, "XXXX-HX");
      else
        {
          int h = (c->rm - 1) / 6 + delta;
          int y = c->ry + (h >= 0 ? h / 2 : (h - 1) / 2);

          h = ((h % 2) + 2) % 2 + 1;
          set_value (m, "%04d-H%d", y, h);
        }
      break;
    case U_YEAR:
      value_year (c, m, delta);
      break;
    case U_DECADE:
      if (!c->have_ref)
        set_value (m, "XXX");
      else
        set_value (m, "%03d", c->ry / 10 + delta);
      break;
    case U_CENTURY:
      if (!c->have_ref)
        set_value (m, "XX");
      else
        set_value (m, "%02d", c->ry / 100 + delta);
      break;
    case U_HOUR:
    case U_MINUTE:
    case U_SECOND:
    default:
      if (!c->have_ref)
        set_value (m, "XXXX-XX-XX");
      else
        value_day (c, m, c->rdays);
      break;
    }
}

/* N units ago / earlier / later / from now: the point N units away, at the
 * unit's granularity. */
static void
value_ago (const Ctx *c,
           Match     *m,
           int        unit,
           int        n,
           int        sign)
{
  if (n == NUM_X)
    {
      set_value (m, sign < 0 ? "PAST_REF" : "FUTURE_REF");
      return;
    }
  switch (unit)
    {
    case U_DAY:
    case U_NIGHT:
      value_day (c, m, c->rdays + sign * n);
      break;
    case U_WEEK:
    case U_WEEKEND:
      value_week (c, m, c->rdays + sign * 7 * n);
      break;
    case U_FORTNIGHT:
      value_week (c, m, c->rdays + sign * 14 * n);
      break;
    case U_MONTH:
      value_month (c, m, sign * n);
      break;
    case U_QUARTER:
      value_unit_offset (c, m, U_QUARTER, sign * n);
      break;
    case U_HALF:
      value_month (c, m, sign * 6 * n);
      break;
    case U_YEAR:
      value_year (c, m, sign * n);
      break;
    case U_DECADE:
      value_year (c, m, sign * 10 * n);
      break;
    case U_CENTURY:
      value_year (c, m, sign * 100 * n);
      break;
    case U_HOUR:
    case U_MINUTE:
    case U_SECOND:
    default:
      value_day (c, m, c->rdays);
      break;
    }
}

static const char *
approx_mod (const Ctx *c,
            guint      i,
            guint     *len)
{
  const Piece *p = P (c, i);

  *len = 0;
  if (p->cls != C_APPROX)
    return NULL;
  switch (p->val)
    {
    case A_APPROX:
      *len = 1;
      return "APPROX";
    case A_NEARLY:
      *len = 1;
      return "APPROX";
    case A_SOME:
      *len = 1;
      return "APPROX";
    case A_MORE_THAN:
      if (is_func (c, i + 1, F_MORE))
        {
          *len = 2;
          return strcmp (p->w, "more") == 0 ? "MORE_THAN" : NULL;
        }
      if (strcmp (p->w, "over") == 0 && !is_func (c, i + 1, F_THE))
        {
          *len = 1;
          return "MORE_THAN";
        }
      return NULL;
    case A_LESS_THAN:
      if (is_func (c, i + 1, F_MORE))
        {
          *len = 2;
          return "LESS_THAN";
        }
      /* "within" is a signal, outside the expression */
      if (strcmp (p->w, "under") == 0 && !is_func (c, i + 1, F_THE))
        {
          *len = 1;
          return "LESS_THAN";
        }
      return NULL;
    case A_AT:
      return NULL;
    case A_UP:
      if (is_func (c, i + 1, F_TO))
        {
          *len = 2;
          return "EQUAL_OR_LESS";
        }
      return NULL;
    case A_NO:
      if (is_word (c, i + 1, "more") && is_func (c, i + 2, F_MORE))
        {
          *len = 3;
          return "EQUAL_OR_LESS";
        }
      if ((is_word (c, i + 1, "less") || is_word (c, i + 1, "fewer")) && is_func (c, i + 2, F_MORE))
        {
          *len = 3;
          return "EQUAL_OR_MORE";
        }
      return NULL;
    default:
      return NULL;
    }
}

static const char *
approx_prefix (const Ctx *c,
               guint      i,
               guint     *len)
{
  const char *mod;

  if (is_func (c, i, F_AT) && is_word (c, i + 1, "least"))
    {
      *len = 2;
      return "EQUAL_OR_MORE";
    }
  if (is_func (c, i, F_AT) && is_word (c, i + 1, "most"))
    {
      *len = 2;
      return "EQUAL_OR_LESS";
    }
  mod = approx_mod (c, i, len);
  if (mod == NULL)
    *len = 0;
  return mod;
}

/* "three years", "the past two months", "18-month", "a few days", "years" */
static guint
rule_duration (Ctx   *c,
               guint  i,
               Match *m)
{
  guint j = i, k;
  int n = 1, unit;
  gboolean half = FALSE, approx = FALSE, plural = FALSE, plural2 = FALSE, the = FALSE, rel_past = FALSE;
  gboolean rel_next = FALSE, have_number;
  const char *mod = NULL;
  guint alen;

  mod = approx_prefix (c, j, &alen);
  j += alen;
  if (is_func (c, j, F_THE))
    {
      the = TRUE;
      j++;
    }
  /* "the year-earlier nine months" */
  if (the && is_word (c, j, "year") && (P (c, j + 1)->flags & PF_HYPHEN) &&
      (is_word (c, j + 1, "earlier") || is_word (c, j + 1, "ago")))
    j += 2;
  if (is_cls (c, j, C_REL) || is_cls (c, j, C_ORDINAL) ||
      (is_cls (c, j, C_REFWORD) && P (c, j)->val == R_PAST))
    {
      int rv = P (c, j)->val;

      if (P (c, j)->cls == C_ORDINAL && rv != 1)
        return 0;
      if (P (c, j)->cls == C_REFWORD)
        rel_past = TRUE;
      else if (rv == REL_LAST || rv == REL_PREVIOUS)
        rel_past = TRUE;
      else if (rv == REL_NEXT || rv == REL_COMING || rv == REL_FOLLOWING || rv == REL_UPCOMING)
        rel_next = TRUE;
      else if (rv != REL_LATEST && rv != REL_SAME && P (c, j)->cls != C_ORDINAL)
        return 0;
      j++;
    }
  /* "at least the past 18 months" */
  k = read_number (c, j, &n, &half, &approx);
  have_number = k > 0;
  /* "a year" alone reads as a duration only in some places; the unit needs the number */
  j += k;
  /* "more than four" — "two more weeks" */
  if (have_number && is_word (c, j, "more") && !is_func (c, j + 1, F_MORE))
    j++;
  /* "12 to 18 months", "two or three years" */
  if (have_number && (is_func (c, j, F_TO) || is_func (c, j, F_OR)))
    {
      int n2;
      gboolean h2, a2;
      guint k2 = read_number (c, j + 1, &n2, &h2, &a2);

      if (k2 > 0 && unit_of (c, j + 1 + k2, &plural))
        {
          j += 1 + k2;
          n = NUM_X;
          if (mod == NULL)
            mod = "APPROX";
        }
    }
  /* "eight trading days", "five business days" */
  if (have_number && (is_word (c, j, "trading") || is_word (c, j, "business") || is_word (c, j, "working")) &&
      is_word (c, j + 1, "days"))
    j++;
  unit = unit_of (c, j, &plural);
  if (unit == 0)
    return 0;
  if (have_number && n >= 1000 && !plural)
    return 0;   /* "the 1988 quarter" */
  /* "three-quarters" is a fraction, "quarter-to-quarter" a comparison */
  if (unit == U_QUARTER && ((P (c, j)->flags & PF_HYPHEN) || (P (c, j + 1)->flags & PF_HYPHEN)))
    return 0;
  /* "a second bomb" */
  if (unit == U_SECOND && !plural && is_func (c, j - 1, F_A))
    return 0;
  if (unit == U_QUARTER && !plural && have_number && n == 1 && !the)
    return 0;   /* "a quarter" of something */
  if (unit == U_HALF)
    return 0;
  /* "second" as a unit only with a number */
  if (unit == U_SECOND && !have_number)
    return 0;
  /* a singular unit after "a" or a number */
  if (!have_number)
    {
      /* "a day-long meeting", "the year-long strike" */
      if (!plural && j == i + (the ? 1 : 0) && (P (c, j + 1)->flags & PF_HYPHEN) && is_func (c, j + 1, F_LONG) &&
          unit != U_SECOND && unit != U_QUARTER && unit != U_HALF)
        {
          m->type = DOSSIER_TIMEX_DURATION;
          value_duration (m, unit, 1, FALSE);
          set_mod (m, mod);
          return j + 2 - i;
        }
      if (!plural)
        return 0;
      /* bare plurals: "years"; "the past few years" is read by read_number */
      n = NUM_X;
      if ((rel_past || rel_next) && !the)
        return 0;
      /* "the days", "days after", "minutes later": too loose to be a duration;
       * "such quarters" are rooms; but "for weeks", "within days" are */
      if (!rel_past && !rel_next &&
          (the || unit == U_SECOND || unit == U_MINUTE || unit == U_HOUR || unit == U_DAY ||
           unit == U_NIGHT || unit == U_WEEK || unit == U_QUARTER) &&
          !(!the && j == i && unit != U_QUARTER && i > 0 &&
            (is_word (c, i - 1, "for") || is_word (c, i - 1, "within"))))
        return 0;
    }
  else if (n == NUM_X && !plural && !(P (c, j)->flags & PF_HYPHEN))
    return 0;
  j++;
  /* "52 years old" is an age */
  if (is_word (c, j, "old"))
    return 0;
  /* "18-month-long", "decades-long" */
  if (is_func (c, j, F_LONG) && (P (c, j)->flags & PF_HYPHEN))
    j++;
  /* "a week or so" */
  if (is_func (c, j, F_OR) && is_func (c, j + 1, F_SO))
    {
      j += 2;
      mod = "APPROX";
    }
  /* "weeks or months": the shorter bound, approximately */
  else if (!have_number && plural && is_func (c, j, F_OR) && unit_of (c, j + 1, &plural2) && plural2)
    {
      j += 2;
      mod = "APPROX";
    }
  /* "a minute and a half", "a year and a half" */
  if (is_func (c, j, F_AND) && is_func (c, j + 1, F_A) && unit_of (c, j + 2, &plural) == U_HALF &&
      n != NUM_X)
    {
      half = TRUE;
      j += 3;
    }

  m->type = DOSSIER_TIMEX_DURATION;
  value_duration (m, unit, n, half);
  if (approx && mod == NULL)
    mod = "APPROX";
  set_mod (m, mod);
  return j - i;
}

static void
resolve_month_year (Ctx   *c,
                    Match *m,
                    int    month)
{
  if (!c->have_ref)
    set_value (m, "XXXX-%02d", month);
  else
    set_value (m, "%04d-%02d", resolve_year (c, month, 0), month);
}

static void
resolve_month_day (Ctx   *c,
                   Match *m,
                   int    month,
                   int    day)
{
  if (!c->have_ref)
    set_value (m, "XXXX-%02d-%02d", month, day);
  else
    set_value (m, "%04d-%02d-%02d", resolve_year (c, month, day), month, day);
}

static gboolean
is_year_piece (const Ctx *c,
               guint      i)
{
  const Piece *p = P (c, i);

  return (p->flags & PF_DIGITS) && p->ndigits == 4 && p->num >= 1000 && p->num <= 2199;
}

/* A year said in words: "nineteen ninety-six", "nineteen eighty" (broadcast
 * transcripts). Returns the pieces read, 0 if none. */
static guint
spoken_year (const Ctx *c,
             guint      j,
             int       *year)
{
  const Piece *p = P (c, j);
  guint k = j + 2;

  if (!(is_cls (c, j, C_NUMWORD) && p->val >= 11 && p->val <= 19 &&
        is_cls (c, j + 1, C_NUMWORD) && P (c, j + 1)->val >= 10))
    return 0;
  *year = p->val * 100 + P (c, j + 1)->val;
  if (P (c, j + 1)->val >= 20 && P (c, j + 1)->val % 10 == 0 && is_cls (c, k, C_NUMWORD) &&
      P (c, k)->val < 10 && (P (c, k)->flags & PF_HYPHEN))
    {
      *year += P (c, k)->val;
      k++;
    }
  return k - j;
}

static gboolean
month_ok (const Ctx *c,
          guint      i)
{
  const Piece *p = P (c, i);

  if (p->cls != C_MONTH || !(p->flags & PF_CAP))
    return FALSE;
  /* "May" and "March" are also a verb: mid-sentence capitals only, or with a day/year */
  if (p->val == 5 && strcmp (p->w, "may") == 0)
    {
      const Piece *n = P (c, i + 1);

      if ((n->flags & PF_DIGITS) && n->num >= 1 && n->num <= 31)
        return TRUE;
      if (n->ordinal)
        return TRUE;
      if ((p->flags & PF_SENT_START) && !is_year_piece (c, i + 1))
        return FALSE;
      if (n->cls == C_NONE && !(n->flags & PF_PUNCT) && !(n->flags & PF_CAP) && n->w[0] &&
          !is_func (c, i + 1, F_AND) && !is_func (c, i + 1, F_OR) && !is_func (c, i + 1, F_OF) &&
          !is_func (c, i + 1, F_TO))
        return FALSE;
    }
  /* "the annual March for Life", "the March of the Combatant Mothers": a
   * name, not the month */
  if (i > 0 && (is_func (c, i - 1, F_THE) || is_word (c, i - 1, "annual")) &&
      (is_word (c, i + 1, "for") || (is_func (c, i + 1, F_OF) && is_func (c, i + 2, F_THE))))
    return FALSE;
  /* abbreviations with their period, or right before a day ("Jan 20") */
  if (strlen (p->w) <= 4 && !(p->flags & PF_ABBREV) &&
      !(strcmp (p->w, "june") == 0 || strcmp (p->w, "july") == 0 || strcmp (p->w, "may") == 0))
    {
      const Piece *n = P (c, i + 1);

      if (!((n->flags & PF_DIGITS) && n->ndigits <= 2 && n->num >= 1 && n->num <= 31) &&
          !(n->ordinal >= 1 && n->ordinal <= 31))
        return FALSE;
    }
  return TRUE;
}

static gboolean
weekday_ok (const Ctx *c,
            guint      i)
{
  const Piece *p = P (c, i);

  if ((p->cls != C_WEEKDAY && p->cls != C_WEEKDAYS) || !(p->flags & PF_CAP))
    return FALSE;
  if (strlen (p->w) <= 5 && p->cls == C_WEEKDAY && !g_str_has_suffix (p->w, "day") &&
      !(p->flags & PF_ABBREV))
    return FALSE;
  return TRUE;
}

static int
day_number (const Ctx *c,
            guint      i)
{
  const Piece *p = P (c, i);

  if ((p->flags & PF_DIGITS) && p->ndigits <= 2 && p->num >= 1 && p->num <= 31)
    return p->num;
  if (p->ordinal >= 1 && p->ordinal <= 31)
    return p->ordinal;
  if (p->cls == C_ORDINAL && p->val <= 31)
    return p->val;
  return 0;
}

/* Parts of a date: "Jan. 20", "January 20, 2025", "20 January 2025",
 * "January 2025", "January", with an optional weekday before. */
static guint
rule_calendar (Ctx   *c,
               guint  i,
               Match *m)
{
  guint j = i;
  int month = 0, day = 0, year = -1, weekday = 0;

  /* "last April", "next March", "this September" */
  if (is_cls (c, j, C_REL) && month_ok (c, j + 1) && !day_number (c, j + 2) &&
      !is_year_piece (c, j + 2) && c->have_ref)
    {
      int rel = P (c, j)->val, mo = P (c, j + 1)->val, y = c->ry;

      if (rel == REL_LAST || rel == REL_PAST || rel == REL_PREVIOUS)
        y = mo < c->rm ? c->ry : c->ry - 1;
      else if (rel == REL_NEXT || rel == REL_COMING)
        y = mo > c->rm ? c->ry : c->ry + 1;
      else if (rel != REL_THIS)
        return 0;
      set_value (m, "%04d-%02d", y, mo);
      m->type = DOSSIER_TIMEX_DATE;
      return 2;
    }

  if (weekday_ok (c, j) && P (c, j)->cls == C_WEEKDAY)
    {
      guint k = j + 1;

      if (is_word (c, k, ","))
        k++;
      if (month_ok (c, k) || (day_number (c, k) && month_ok (c, k + 1)))
        {
          weekday = P (c, j)->val;
          j = k;
        }
    }

  if (month_ok (c, j))
    {
      month = P (c, j)->val;
      j++;
      if (day_number (c, j) && !(is_year_piece (c, j)))
        {
          /* "Jan. 20", not "June 1,000" */
          day = day_number (c, j);
          j++;
          if (is_word (c, j, ",") && is_year_piece (c, j + 1))
            {
              year = P (c, j + 1)->num;
              j += 2;
            }
          else if (is_year_piece (c, j))
            {
              year = P (c, j)->num;
              j++;
            }
        }
      else if (is_year_piece (c, j))
        {
          year = P (c, j)->num;
          j++;
        }
      else if (spoken_year (c, j, &year) > 0)
        j += spoken_year (c, j, &year);
      else if (is_func (c, j, F_OF) && is_year_piece (c, j + 1))
        {
          year = P (c, j + 1)->num;
          j += 2;
        }
      else if (is_word (c, j, ",") && is_year_piece (c, j + 1))
        {
          year = P (c, j + 1)->num;
          j += 2;
        }
      else if (is_cls (c, j, C_REL) && is_word (c, j + 1, "year") && c->have_ref &&
               !(P (c, j + 2)->flags & PF_CLITIC))
        {
          /* "January this year", "June last year" */
          int rel = P (c, j)->val;

          year = c->ry + (rel == REL_LAST ? -1 : rel == REL_NEXT ? 1 : 0);
          if (rel != REL_LAST && rel != REL_NEXT && rel != REL_THIS)
            year = -1;
          else
            j += 2;
        }
    }
  else if (day_number (c, j) && ((P (c, j)->flags & PF_DIGITS) || P (c, j)->ordinal) && month_ok (c, j + 1))
    {
      day = day_number (c, j);
      month = P (c, j + 1)->val;
      j += 2;
      if (is_year_piece (c, j))
        {
          year = P (c, j)->num;
          j++;
        }
      else if (is_word (c, j, ",") && is_year_piece (c, j + 1))
        {
          year = P (c, j + 1)->num;
          j += 2;
        }
    }
  else if (is_func (c, j, F_THE) && day_number (c, j + 1) && is_func (c, j + 2, F_OF) &&
           month_ok (c, j + 3))
    {
      day = day_number (c, j + 1);
      month = P (c, j + 3)->val;
      j += 4;
      if (is_year_piece (c, j))
        {
          year = P (c, j)->num;
          j++;
        }
    }
  else
    return 0;

  if (day > 0)
    {
      int y = year;

      if (y < 0)
        {
          if (weekday && c->have_ref)
            {
              /* the weekday decides the year when it can */
              for (int yy = c->ry - 1; yy <= c->ry + 1; yy++)
                if (day <= _dossier_timex_days_in_month (yy, month) &&
                    _dossier_timex_weekday (_dossier_timex_days_from_civil (yy, month, day)) == weekday &&
                    ABS (yy - c->ry) <= ABS (y - c->ry))
                  y = yy;
            }
          if (y < 0)
            {
              resolve_month_day (c, m, month, day);
              m->type = DOSSIER_TIMEX_DATE;
              return j - i;
            }
        }
      if (day > _dossier_timex_days_in_month (y, month))
        return 0;
      set_value (m, "%04d-%02d-%02d", y, month, day);
    }
  else if (year >= 0)
    set_value (m, "%04d-%02d", year, month);
  else
    resolve_month_year (c, m, month);
  m->type = DOSSIER_TIMEX_DATE;
  return j - i;
}

/* "the week of March 6": the ISO week that day is in */
static guint
rule_week_of (Ctx   *c,
              guint  i,
              Match *m)
{
  Match day = { 0 };
  guint n;
  int y, mo, d;

  if (!is_func (c, i, F_THE) || !is_word (c, i + 1, "week") || !is_func (c, i + 2, F_OF))
    return 0;
  n = rule_calendar (c, i + 3, &day);
  if (n == 0 || strlen (day.value) != 10 || sscanf (day.value, "%d-%d-%d", &y, &mo, &d) != 3)
    return 0;
  {
    int wy, w;

    _dossier_timex_iso_week (_dossier_timex_days_from_civil (y, mo, d), &wy, &w);
    set_value (m, "%04d-W%02d", wy, w);
  }
  m->type = DOSSIER_TIMEX_DATE;
  return 3 + n;
}

/* The second day of "April 24 and 25", "May 3 to 5": a day number alone
 * right after a month and day, in that month. */
static guint
rule_second_day (Ctx   *c,
                 guint  i,
                 Match *m)
{
  const Piece *p = P (c, i);
  int month, day;

  if (i < 3 || !(p->flags & PF_DIGITS) || p->ndigits > 2 || p->num < 1 || p->num > 31)
    return 0;
  if (!is_func (c, i - 1, F_AND) && !is_func (c, i - 1, F_OR) && !is_func (c, i - 1, F_TO) &&
      !is_word (c, i - 1, "through"))
    return 0;
  if (!(P (c, i - 2)->flags & PF_DIGITS) || !day_number (c, i - 2) || !month_ok (c, i - 3))
    return 0;
  month = P (c, i - 3)->val;
  day = p->num;
  if (is_word (c, i + 1, ",") && is_year_piece (c, i + 2))
    {
      if (day > _dossier_timex_days_in_month (P (c, i + 2)->num, month))
        return 0;
      set_value (m, "%04d-%02d-%02d", P (c, i + 2)->num, month, day);
      m->type = DOSSIER_TIMEX_DATE;
      return 3;
    }
  if (day > _dossier_timex_days_in_month (2000, month))
    return 0;
  resolve_month_day (c, m, month, day);
  m->type = DOSSIER_TIMEX_DATE;
  return 1;
}

/* "2025-02-09", "2/9/2025", "11/02/89" */
static guint
rule_numeric_date (Ctx   *c,
                   guint  i,
                   Match *m)
{
  const Piece *p = P (c, i);
  int a, b, d;
  char sep;

  if (!(p->flags & PF_NUMERIC) || p->w[0] == '\0')
    return 0;
  if (sscanf (p->w, "%4d-%2d-%2d", &a, &b, &d) == 3 && strlen (p->w) == 10 && p->w[4] == '-')
    {
      if (b < 1 || b > 12 || d < 1 || d > _dossier_timex_days_in_month (a, b))
        return 0;
      set_value (m, "%04d-%02d-%02d", a, b, d);
      m->type = DOSSIER_TIMEX_DATE;
      return 1;
    }
  if (sscanf (p->w, "%d%c%d/%d", &a, &sep, &b, &d) == 4 && sep == '/')
    {
      int y = d;
      gsize len = strlen (p->w);

      if (len < 6 || len > 10)
        return 0;
      if (y < 100)
        y += y < 50 ? 2000 : 1900;
      if (a < 1 || a > 12 || b < 1 || b > _dossier_timex_days_in_month (y, a) || y < 1900 || y > 2199)
        return 0;
      set_value (m, "%04d-%02d-%02d", y, a, b);
      m->type = DOSSIER_TIMEX_DATE;
      return 1;
    }
  return 0;
}

/* Business shorthand: "Q1 2025", "Q3", "H1 2025", "FY2025", "FY25" */
static guint
rule_shorthand (Ctx   *c,
                guint  i,
                Match *m)
{
  const Piece *p = P (c, i);
  int n, year = -1;
  guint j = i + 1;

  if (!(p->flags & PF_CAP) || strlen (p->w) < 2)
    return 0;
  if ((p->w[0] == 'q' || p->w[0] == 'h') && g_ascii_isdigit (p->w[1]) && p->w[2] == '\0')
    {
      char kind = g_ascii_toupper (p->w[0]);

      n = p->w[1] - '0';
      if (n < 1 || n > (kind == 'Q' ? 4 : 2))
        return 0;
      if (is_year_piece (c, j))
        {
          year = P (c, j)->num;
          j++;
        }
      else if (!c->have_ref)
        {
          set_value (m, "XXXX-%c%d", kind, n);
          m->type = DOSSIER_TIMEX_DATE;
          return 1;
        }
      else
        {
          int cur = kind == 'Q' ? ref_quarter (c) : (c->rm - 1) / 6 + 1;

          year = c->ry;
          if (n > cur && c->tense == DOSSIER_TIMEX_TENSE_PAST && n - cur > 1)
            year--;
        }
      set_value (m, "%04d-%c%d", year, kind, n);
      if (kind == 'Q')
        {
          m->quarter_year = year;
          m->quarter = n;
        }
      m->type = DOSSIER_TIMEX_DATE;
      return j - i;
    }
  if (p->w[0] == 'f' && p->w[1] == 'y' && (strlen (p->w) == 4 || strlen (p->w) == 6) &&
      g_ascii_isdigit (p->w[2]) && g_ascii_isdigit (p->w[3]))
    {
      int y = atoi (p->w + 2);

      if (strlen (p->w) == 4)
        y += y < 50 ? 2000 : 1900;
      set_value (m, "%04d", y);
      m->type = DOSSIER_TIMEX_DATE;
      return 1;
    }
  return 0;
}

/* Years and decades: "2022", "fiscal 1989", "the 1990s", "the '80s" */
static guint
rule_year (Ctx   *c,
           guint  i,
           Match *m)
{
  guint j = i;
  gboolean the = FALSE;
  const Piece *p;
  int len;

  if (is_func (c, j, F_THE))
    {
      the = TRUE;
      j++;
    }
  if (is_func (c, j, F_FISCAL) || (is_word (c, j, "the") && the))
    j++;
  if (is_word (c, j, "year") && is_year_piece (c, j + 1))
    j++;
  p = P (c, j);
  if (is_year_piece (c, j))
    {
      const Piece *prev = i > 0 ? P (c, i - 1) : NULL;
      const Piece *next = P (c, j + 1);

      if (the && !is_func (c, i + 1, F_FISCAL) && !is_word (c, i + 1, "year"))
        return 0;   /* "the 1990 budget" is not a date expression by itself */
      if (prev && (strcmp (prev->w, "$") == 0 || strcmp (prev->w, "#") == 0 ||
                   (prev->cls == C_NONE && (prev->flags & PF_NUMERIC))))
        return 0;
      if (strcmp (next->w, "%") == 0 || is_word (c, j + 1, "percent"))
        return 0;
      set_value (m, "%04d", p->num);
      m->type = DOSSIER_TIMEX_DATE;
      return j + 1 - i;
    }
  /* spoken years: "nineteen ninety-six", "the year two thousand" */
  {
    int y;
    guint k = spoken_year (c, j, &y);

    if (k > 0)
      {
        set_value (m, "%04d", y);
        m->type = DOSSIER_TIMEX_DATE;
        return j + k - i;
      }
  }
  if (is_word (c, j, "year") && is_cls (c, j + 1, C_NUMWORD) && P (c, j + 1)->val == 2 &&
      is_func (c, j + 2, F_THOUSAND))
    {
      set_value (m, "2000");
      m->type = DOSSIER_TIMEX_DATE;
      return j + 3 - i;
    }
  /* 1990s */
  len = strlen (p->w);
  if (len == 5 && p->w[4] == 's' && g_ascii_isdigit (p->w[0]) && g_ascii_isdigit (p->w[3]) &&
      p->w[3] == '0')
    {
      set_value (m, "%.3s", p->w);
      m->type = DOSSIER_TIMEX_DATE;
      return j + 1 - i;
    }
  /* '80s */
  if (the && (strcmp (p->w, "'") == 0 || strcmp (p->w, "\xe2\x80\x98") == 0 ||
              strcmp (p->w, "\xe2\x80\x99") == 0))
    {
      const Piece *q = P (c, j + 1);

      if (strlen (q->w) == 3 && g_ascii_isdigit (q->w[0]) && q->w[1] == '0' && q->w[2] == 's')
        {
          if (c->have_ref)
            set_value (m, "%d%c", (c->ry / 100) - (q->w[0] - '0' > c->ry % 100 / 10 ? 1 : 0), q->w[0]);
          else
            set_value (m, "XX%c", q->w[0]);
          m->type = DOSSIER_TIMEX_DATE;
          return j + 2 - i;
        }
    }
  /* "'80s" as one token */
  if (the && ((len == 4 && p->w[0] == '\'' && g_ascii_isdigit (p->w[1]) && p->w[2] == '0' && p->w[3] == 's') ||
              (len == 6 && strncmp (p->w, "\xe2\x80\x99", 3) == 0 && g_ascii_isdigit (p->w[3]) &&
               p->w[4] == '0' && p->w[5] == 's')))
    {
      int dig = p->w[len - 3] - '0';

      if (c->have_ref)
        set_value (m, "%d%d", (c->ry / 100) - (dig > c->ry % 100 / 10 ? 1 : 0), dig);
      else
        set_value (m, "XX%d", dig);
      m->type = DOSSIER_TIMEX_DATE;
      return j + 1 - i;
    }
  if (len == 3 && g_ascii_isdigit (p->w[0]) && p->w[1] == '0' && p->w[2] == 's' && j > 0 &&
      (strcmp (P (c, j - 1)->w, "'") == 0 || strcmp (P (c, j - 1)->w, "\xe2\x80\x99") == 0))
    return 0;
  /* "the nineties", "the eighties" */
  if (the)
    {
      static const char *decades[] = { "twenties", "thirties", "forties", "fifties", "sixties",
                                       "seventies", "eighties", "nineties" };

      for (guint k = 0; k < G_N_ELEMENTS (decades); k++)
        if (strcmp (p->w, decades[k]) == 0)
          {
            set_value (m, "19%u", k + 2);
            m->type = DOSSIER_TIMEX_DATE;
            return j + 1 - i;
          }
    }
  return 0;
}

/* "the 20th century", "the eleventh century" */
static guint
rule_century (Ctx   *c,
              guint  i,
              Match *m)
{
  guint j = i;
  int n;

  if (is_func (c, j, F_THE))
    j++;
  n = P (c, j)->ordinal ? P (c, j)->ordinal : (is_cls (c, j, C_ORDINAL) ? P (c, j)->val : 0);
  if (n == 0 && is_cls (c, j, C_NUMWORD) && P (c, j)->val == 20 && is_word (c, j + 1, "first"))
    {
      n = 21;
      j++;
    }
  if (n == 0 || !is_word (c, j + 1, "century"))
    return 0;
  set_value (m, "%02d", n - 1);
  m->type = DOSSIER_TIMEX_DATE;
  return j + 2 - i;
}

/* A weekday with what may come around it: "Friday", "last Friday",
 * "Friday morning", "Friday night", "Fridays" (SET). */
static guint
rule_weekday (Ctx   *c,
              guint  i,
              Match *m)
{
  guint j = i;
  int rel = -1, wd;
  gint64 day;

  if (is_func (c, j, F_THE) && is_cls (c, j + 1, C_REL))
    j++;
  if (is_cls (c, j, C_REL))
    {
      rel = P (c, j)->val;
      if (rel != REL_LAST && rel != REL_NEXT && rel != REL_THIS && rel != REL_COMING &&
          rel != REL_PAST && rel != REL_PREVIOUS && rel != REL_FOLLOWING)
        return 0;
      j++;
    }
  else if (is_cls (c, j, C_REFWORD) && P (c, j)->val == R_PAST)
    {
      rel = REL_PAST;
      j++;
    }
  if (!weekday_ok (c, j))
    return 0;
  wd = P (c, j)->val;
  if (P (c, j)->cls == C_WEEKDAYS)
    {
      j++;
      set_value (m, "XXXX-WXX-%d", wd);
      if (is_cls (c, j, C_PART) && P (c, j)->val <= P_NIGHT)
        {
          g_strlcat (m->value, "T", sizeof m->value);
          g_strlcat (m->value, part_code (P (c, j)->val), sizeof m->value);
          j++;
        }
      m->type = DOSSIER_TIMEX_SET;
      return j - i;
    }
  j++;
  if ((rel == REL_PREVIOUS || rel == REL_FOLLOWING) && c->fd > 0)
    {
      /* "the previous Friday", "the following Monday": next to the day the
       * text is talking about */
      gint64 focus = _dossier_timex_days_from_civil (c->fy, c->fm, c->fd);
      int fw = _dossier_timex_weekday (focus);

      if (rel == REL_PREVIOUS)
        day = focus - ((fw - wd + 7) % 7 == 0 ? 7 : (fw - wd + 7) % 7);
      else
        day = focus + ((wd - fw + 7) % 7 == 0 ? 7 : (wd - fw + 7) % 7);
      value_day (c, m, day);
    }
  else if (rel == REL_FOLLOWING)
    return 0;
  else if (!c->have_ref)
    set_value (m, "XXXX-WXX-%d", wd);
  else
    {
      day = resolve_weekday (c, wd, rel);
      value_day (c, m, day);
    }
  m->type = DOSSIER_TIMEX_DATE;
  /* "Friday morning", "Wednesday night": news corpora tag the day */
  if (is_cls (c, j, C_PART) && P (c, j)->val <= P_NIGHT && !(P (c, j)->flags & PF_PUNCT))
    j++;
  return j - i;
}

/* today, yesterday, tomorrow, tonight, with an optional part of day:
 * "yesterday morning", "late yesterday" (position handled by the caller). */
static guint
rule_deictic (Ctx   *c,
              guint  i,
              Match *m)
{
  guint j = i;
  int d;
  gint64 day;

  /* "the day before yesterday", "the day after tomorrow" */
  if (is_func (c, j, F_THE) && is_word (c, j + 1, "day") &&
      ((is_word (c, j + 2, "before") && is_cls (c, j + 3, C_DEICTIC) && P (c, j + 3)->val == D_YESTERDAY) ||
       (is_word (c, j + 2, "after") && is_cls (c, j + 3, C_DEICTIC) && P (c, j + 3)->val == D_TOMORROW)))
    {
      value_day (c, m, c->rdays + (P (c, j + 3)->val == D_YESTERDAY ? -2 : 2));
      m->type = DOSSIER_TIMEX_DATE;
      return 4;
    }
  if (!is_cls (c, j, C_DEICTIC))
    return 0;
  d = P (c, j)->val;
  day = c->rdays + (d == D_YESTERDAY ? -1 : d == D_TOMORROW ? 1 : 0);
  j++;
  value_day (c, m, day);
  m->type = DOSSIER_TIMEX_DATE;
  if (d == D_TONIGHT)
    {
      g_strlcat (m->value, "TNI", sizeof m->value);
      m->type = DOSSIER_TIMEX_TIME;
    }
  else if (is_cls (c, j, C_PART) && P (c, j)->val <= P_NIGHT)
    {
      g_strlcat (m->value, "T", sizeof m->value);
      g_strlcat (m->value, part_code (P (c, j)->val), sizeof m->value);
      m->type = DOSSIER_TIMEX_TIME;
      j++;
    }
  return j - i;
}

/* "this morning", "last night", "this afternoon" */
static guint
rule_part_of_day (Ctx   *c,
                  guint  i,
                  Match *m)
{
  int rel, part;

  /* "mid-afternoon yesterday", "late morning Friday" */
  if (is_cls (c, i, C_POS) && P (c, i)->val <= POS_MID && is_cls (c, i + 1, C_PART) &&
      P (c, i + 1)->val <= P_NIGHT && (is_cls (c, i + 2, C_DEICTIC) || weekday_ok (c, i + 2)))
    {
      int v = P (c, i)->val;
      gint64 day;

      if (is_cls (c, i + 2, C_DEICTIC))
        {
          int d = P (c, i + 2)->val;
          day = c->rdays + (d == D_YESTERDAY ? -1 : d == D_TOMORROW ? 1 : 0);
        }
      else
        day = resolve_weekday (c, P (c, i + 2)->val, -1);
      if (!c->have_ref)
        set_value (m, "XXXX-XX-XX");
      else
        value_day (c, m, day);
      g_strlcat (m->value, "T", sizeof m->value);
      g_strlcat (m->value, part_code (P (c, i + 1)->val), sizeof m->value);
      set_mod (m, v == POS_EARLY ? "START" : v == POS_MID ? "MID" : "END");
      m->type = DOSSIER_TIMEX_TIME;
      return 3;
    }
  /* "by mid afternoon", "late morning": that part of the day written about */
  if (is_cls (c, i, C_POS) && P (c, i)->val <= POS_MID && is_cls (c, i + 1, C_PART) &&
      P (c, i + 1)->val <= P_NIGHT && strcmp (P (c, i + 1)->w, "overnight") != 0 && c->have_ref &&
      !(P (c, i + 2)->w[0] && !(P (c, i + 2)->flags & PF_PUNCT) && P (c, i + 2)->cls == C_NONE &&
        !is_func (c, i + 2, F_AND)))
    {
      int v = P (c, i)->val;

      value_day (c, m, c->fd > 0 ? _dossier_timex_days_from_civil (c->fy, c->fm, c->fd) : c->rdays);
      g_strlcat (m->value, "T", sizeof m->value);
      g_strlcat (m->value, part_code (P (c, i + 1)->val), sizeof m->value);
      set_mod (m, v == POS_EARLY ? "START" : v == POS_MID ? "MID" : "END");
      m->type = DOSSIER_TIMEX_TIME;
      return 2;
    }
  if (!is_cls (c, i, C_REL) || !is_cls (c, i + 1, C_PART))
    return 0;
  rel = P (c, i)->val;
  part = P (c, i + 1)->val;
  if (part > P_NIGHT)
    return 0;
  if (rel == REL_THIS)
    value_day (c, m, c->rdays);
  else if (rel == REL_LAST && part == P_NIGHT)
    value_day (c, m, c->rdays - 1);
  else
    return 0;
  g_strlcat (m->value, "T", sizeof m->value);
  g_strlcat (m->value, part_code (part), sizeof m->value);
  m->type = DOSSIER_TIMEX_TIME;
  return 2;
}

/* PRESENT_REF, PAST_REF, FUTURE_REF: "now", "currently", "recently", "the
 * past", "the future", "recent years", "in the coming years" */
static guint
rule_ref (Ctx   *c,
          guint  i,
          Match *m)
{
  guint j = i;
  gboolean the = FALSE;
  int r;
  gboolean plural;

  if (is_func (c, j, F_THE))
    {
      the = TRUE;
      j++;
    }
  if (is_cls (c, j, C_REL) && (P (c, j)->val == REL_COMING || P (c, j)->val == REL_UPCOMING) &&
      unit_of (c, j + 1, &plural) && plural)
    {
      /* "the coming days", "coming quarters": some time ahead */
      set_value (m, "FUTURE_REF");
      m->type = DOSSIER_TIMEX_DATE;
      return j + 2 - i;
    }
  /* "the near future", "the near term", "the short term", "a later date" */
  if ((the && (is_word (c, j, "near") || is_word (c, j, "short")) &&
       (is_word (c, j + 1, "future") || is_word (c, j + 1, "term"))) ||
      (is_func (c, i, F_A) && is_word (c, i + 1, "later") && is_word (c, i + 2, "date")))
    {
      set_value (m, "FUTURE_REF");
      m->type = DOSSIER_TIMEX_DATE;
      return is_func (c, i, F_A) ? 3 : j + 2 - i;
    }
  /* "Islam will one day be", "he may someday return": an unknown time ahead */
  if (i > 0 && (is_word (c, i - 1, "will") || is_word (c, i - 1, "would") || is_word (c, i - 1, "may") ||
                is_word (c, i - 1, "might") || is_word (c, i - 1, "could") || is_word (c, i - 1, "can") ||
                is_word (c, i - 1, "should")) &&
      ((is_word (c, i, "one") && is_word (c, i + 1, "day")) || is_word (c, i, "someday")))
    {
      set_value (m, "FUTURE_REF");
      m->type = DOSSIER_TIMEX_DATE;
      return is_word (c, i, "someday") ? 1 : 2;
    }
  /* "the weeks ahead", "the months ahead": some time to come */
  if (the && unit_of (c, j, &plural) && plural && is_word (c, j + 1, "ahead"))
    {
      value_duration (m, unit_of (c, j, &plural), NUM_X, FALSE);
      m->type = DOSSIER_TIMEX_DURATION;
      return j + 2 - i;
    }
  /* "these days" */
  if (is_word (c, i, "these") && is_word (c, i + 1, "days"))
    {
      set_value (m, "PRESENT_REF");
      m->type = DOSSIER_TIMEX_DATE;
      return 2;
    }
  if (!is_cls (c, j, C_REFWORD))
    return 0;
  r = P (c, j)->val;
  m->type = DOSSIER_TIMEX_DATE;
  switch (r)
    {
    case R_NOW:
    case R_CURRENTLY:
    case R_NOWADAYS:
      if (the)
        return 0;
      /* "now" inside "just now" is fine; "now-defunct" is not an expression */
      if (P (c, j + 1)->flags & PF_HYPHEN)
        return 0;
      /* "It's Now Or Never": a capital inside the sentence is a title */
      if ((P (c, j)->flags & PF_CAP) && !(P (c, j)->flags & PF_SENT_START) && j > 0 &&
          !(P (c, j - 1)->flags & PF_PUNCT))
        return 0;
      /* "Now, he says, ...": a discourse marker opening the sentence */
      if (r == R_NOW && (P (c, j)->flags & PF_SENT_START) && is_word (c, j + 1, ","))
        return 0;
      set_value (m, "PRESENT_REF");
      return j + 1 - i;
    case R_PRESENT:
      if (!the || is_cls (c, j + 1, C_NONE) == FALSE || (P (c, j + 1)->w[0] && !(P (c, j + 1)->flags & PF_PUNCT)))
        return 0;
      set_value (m, "PRESENT_REF");
      return j + 1 - i;
    case R_CURRENT:
      if (the)
        return 0;
      /* "the then current price": current at a past time */
      if (i > 0 && is_word (c, i - 1, "then"))
        {
          set_value (m, "PAST_REF");
          return j + 1 - i;
        }
      /* "current" before a time unit is part of a bigger expression */
      if (unit_of (c, j + 1, &plural) || is_func (c, j + 1, F_FISCAL))
        return 0;
      set_value (m, "PRESENT_REF");
      return j + 1 - i;
    case R_RECENTLY:
    case R_LATELY:
    case R_PREVIOUSLY:
    case R_FORMERLY:
      if (the)
        return 0;
      set_value (m, "PAST_REF");
      return j + 1 - i;
    case R_RECENT:
      if (unit_of (c, j + 1, &plural) && plural)
        {
          /* "recent years": some years up to now */
          m->type = DOSSIER_TIMEX_DURATION;
          value_duration (m, unit_of (c, j + 1, &plural), NUM_X, FALSE);
          return j + 2 - i;
        }
      return 0;
    case R_SOON:
      /* "as soon as", "too soon", "soon after the vote": a comparison or a
       * time counted from an event */
      if (the || (i > 0 && (is_word (c, i - 1, "as") || is_word (c, i - 1, "too") ||
                            is_word (c, i - 1, "how") || is_word (c, i - 1, "so") ||
                            is_word (c, i - 1, "very"))) ||
          is_word (c, j + 1, "as") || is_word (c, j + 1, "after") || is_word (c, j + 1, "afterward") ||
          is_word (c, j + 1, "afterwards") || is_word (c, j + 1, "thereafter") ||
          is_word (c, j + 1, "enough") || is_word (c, j + 1, "before"))
        return 0;
      /* "was soon released": soon after something past */
      if (c->tense == DOSSIER_TIMEX_TENSE_PAST)
        return 0;
      set_value (m, "FUTURE_REF");
      return j + 1 - i;
    case R_FUTURE:
      if (the && !unit_of (c, j + 1, &plural))
        {
          set_value (m, "FUTURE_REF");
          return j + 1 - i;
        }
      if (unit_of (c, j + 1, &plural) && plural)
        {
          set_value (m, "FUTURE_REF");
          return j + 2 - i;
        }
      return 0;
    case R_PAST:
      if (the && !unit_of (c, j + 1, &plural) && !is_cls (c, j + 1, C_NUMWORD) &&
          !(P (c, j + 1)->flags & PF_DIGITS) && !is_func (c, j + 1, F_FEW) &&
          !is_func (c, j + 1, F_SEVERAL) && !is_cls (c, j + 1, C_WEEKDAY) &&
          (P (c, j + 1)->flags & PF_PUNCT || P (c, j + 1)->cls == C_FUNC || P (c, j + 1)->w[0] == '\0'))
        {
          set_value (m, "PAST_REF");
          return j + 1 - i;
        }
      return 0;
    default:
      return 0;
    }
}

/* The focus moved by @delta units of @unit into @m: the year, month or day
 * the text last named. FALSE when the focus does not go that far. */
static gboolean
value_focus (const Ctx *c,
             Match     *m,
             int        unit,
             int        delta)
{
  if (c->fy <= 0)
    return FALSE;
  switch (unit)
    {
    case U_YEAR:
      set_value (m, "%04d", c->fy + delta);
      return TRUE;
    case U_MONTH:
      {
        int y = c->fy, mo = c->fm + delta;

        if (c->fm == 0)
          return FALSE;
        while (mo < 1)
          mo += 12, y--;
        while (mo > 12)
          mo -= 12, y++;
        set_value (m, "%04d-%02d", y, mo);
        return TRUE;
      }
    case U_DAY:
      {
        int y, mo, d;

        if (c->fd == 0)
          return FALSE;
        _dossier_timex_civil_from_days (_dossier_timex_days_from_civil (c->fy, c->fm, c->fd) + delta,
                                        &y, &mo, &d);
        set_value (m, "%04d-%02d-%02d", y, mo, d);
        return TRUE;
      }
    default:
      return FALSE;
    }
}

/* Anaphoric periods read against the temporal focus, the last date the text
 * named: "that year", "the same month", "the following year", "the previous
 * day", "that quarter". Without a focus they are left to other rules. */
static guint
rule_anaphor (Ctx   *c,
              guint  i,
              Match *m)
{
  guint j = i;
  int delta = 0, unit;
  gboolean plural;

  /* "the year before", "the day after": one unit off the focus, with no
   * object after the preposition */
  if (is_func (c, j, F_THE) && (unit = unit_of (c, j + 1, &plural)) != 0 && !plural &&
      (unit == U_YEAR || unit == U_MONTH || unit == U_DAY || unit == U_WEEK) &&
      (is_word (c, j + 2, "before") || is_word (c, j + 2, "earlier") || is_word (c, j + 2, "after") ||
       is_word (c, j + 2, "later")) &&
      (j + 3 >= c->n || (P (c, j + 3)->flags & PF_PUNCT)))
    {
      delta = is_word (c, j + 2, "before") || is_word (c, j + 2, "earlier") ? -1 : 1;
      if (unit == U_WEEK)
        {
          int wy, w;

          if (c->fd == 0)
            return 0;
          _dossier_timex_iso_week (_dossier_timex_days_from_civil (c->fy, c->fm, c->fd) + 7 * delta, &wy, &w);
          set_value (m, "%04d-W%02d", wy, w);
        }
      else if (!value_focus (c, m, unit, delta))
        return 0;
      m->type = DOSSIER_TIMEX_DATE;
      return 3;
    }
  if (is_func (c, j, F_THAT))
    {
      j++;
      if (is_cls (c, j, C_REL) && P (c, j)->val == REL_SAME)
        j++;
    }
  else if (is_func (c, j, F_THE) && is_cls (c, j + 1, C_REL))
    {
      int rel = P (c, j + 1)->val;

      if (rel == REL_FOLLOWING)
        delta = 1;
      else if (rel == REL_PREVIOUS)
        delta = -1;
      else if (rel != REL_SAME)
        return 0;
      j += 2;
    }
  else
    return 0;
  unit = unit_of (c, j, &plural);
  if (unit == 0 || plural || (P (c, j + 1)->flags & PF_HYPHEN) || (P (c, j + 1)->flags & PF_CLITIC))
    return 0;
  if (unit == U_QUARTER)
    {
      int y, q;

      if (c->quarter_year <= 0 || delta != 0)
        return 0;
      context_quarter (c, &y, &q);
      set_value (m, "%04d-Q%d", y, q);
      m->type = DOSSIER_TIMEX_DATE;
      return j + 1 - i;
    }
  if (!value_focus (c, m, unit, delta))
    return 0;
  m->type = DOSSIER_TIMEX_DATE;
  return j + 1 - i;
}

/* "last year", "this month", "next week", "the past year", "the weekend",
 * "this summer", "last fall" */
static guint
rule_relative_unit (Ctx   *c,
                    guint  i,
                    Match *m)
{
  guint j = i;
  gboolean the = FALSE, plural;
  int rel = -1, unit;
  const char *pos_mod = NULL;

  if (is_func (c, j, F_THE))
    {
      the = TRUE;
      j++;
    }
  if (is_cls (c, j, C_REL))
    rel = P (c, j)->val;
  else if (is_cls (c, j, C_REFWORD) && P (c, j)->val == R_PAST)
    rel = REL_PAST;
  else if (is_cls (c, j, C_REFWORD) && P (c, j)->val == R_CURRENT)
    rel = REL_CURRENT;
  if (rel >= 0)
    j++;

  /* "this past spring" */
  if (rel == REL_THIS && is_cls (c, j, C_REFWORD) && P (c, j)->val == R_PAST)
    {
      rel = REL_LAST;
      j++;
    }

  /* "the early summer", "the late spring" */
  if (the && rel < 0 && is_cls (c, j, C_POS) && P (c, j)->val <= POS_MID && is_cls (c, j + 1, C_SEASON))
    {
      int v = P (c, j)->val;

      pos_mod = v == POS_EARLY ? "START" : v == POS_MID ? "MID" : "END";
      j++;
    }
  /* seasons */
  if (is_cls (c, j, C_SEASON))
    {
      int season = P (c, j)->val, y;

      if (rel < 0 && !the)
        return 0;
      if (rel < 0 && P (c, j)->val == S_FALL && !is_func (c, j + 1, F_OF))
        {
          /* "the fall" is often a drop; take it only with a year or "in" before */
          if (!(i > 0 && is_func (c, i - 1, F_IN)))
            return 0;
        }
      j++;
      if (!c->have_ref)
        {
          set_value (m, "XXXX-%s", season_code (season));
          m->type = DOSSIER_TIMEX_DATE;
          return j - i;
        }
      {
        /* the winter that starts in December carries that year: in January
         * the current season is the previous year's winter */
        int base = c->rm <= 2 ? c->ry - 1 : c->ry;
        int cur = (c->rm >= 3 && c->rm <= 5) ? S_SPRING : (c->rm >= 6 && c->rm <= 8) ? S_SUMMER :
                  (c->rm >= 9 && c->rm <= 11) ? S_FALL : S_WINTER;

        /* "this summer" said in February is the coming one */
        y = c->rm <= 2 && season != S_WINTER ? c->ry : base;
        if (rel == REL_LAST || rel == REL_PAST || rel == REL_PREVIOUS)
          y = season >= cur ? base - 1 : base;
        else if (rel == REL_NEXT || rel == REL_COMING)
          y = season <= cur ? base + 1 : base;
        else if (rel < 0 && c->tense == DOSSIER_TIMEX_TENSE_PAST && season > cur)
          y = base - 1;
        else if (rel < 0 && c->tense == DOSSIER_TIMEX_TENSE_FUTURE && season < cur)
          y = base + 1;
      }
      if (is_func (c, j, F_OF) && is_year_piece (c, j + 1))
        {
          y = P (c, j + 1)->num;
          j += 2;
        }
      else if (is_func (c, j, F_OF) && spoken_year (c, j + 1, &y) > 0)
        j += 1 + spoken_year (c, j + 1, &y);
      else if (is_year_piece (c, j))
        {
          y = P (c, j)->num;
          j++;
        }
      set_value (m, "%04d-%s", y, season_code (season));
      set_mod (m, pos_mod);
      m->type = DOSSIER_TIMEX_DATE;
      return j - i;
    }

  /* "the fiscal year", "the current fiscal year", "the full year" */
  if (the && (is_func (c, j, F_FISCAL) || is_word (c, j, "full")) && is_word (c, j + 1, "year") &&
      !(P (c, j + 2)->flags & PF_HYPHEN) && !(P (c, j + 2)->flags & PF_CLITIC))
    {
      m->type = DOSSIER_TIMEX_DATE;
      if (rel == REL_LATEST || rel == REL_LAST || rel == REL_PREVIOUS || rel == REL_PAST)
        value_year (c, m, -1);
      else if (rel == REL_NEXT || rel == REL_COMING)
        value_year (c, m, 1);
      else if (rel == REL_CURRENT || rel == REL_THIS || is_word (c, j, "full"))
        value_year (c, m, 0);
      else
        {
          m->type = DOSSIER_TIMEX_DURATION;
          set_value (m, "P1Y");
        }
      return j + 2 - i;
    }

  /* "the quarter a year ago", "the same period last year", "last year's quarter" */
  if (c->have_ref && c->quarter_year > 0 &&
      ((the && (is_word (c, j, "quarter") || is_func (c, j, F_PERIOD)) &&
        ((is_func (c, j + 1, F_A) && is_word (c, j + 2, "year") &&
          (is_word (c, j + 3, "ago") || is_word (c, j + 3, "earlier"))) ||
         (is_cls (c, j + 1, C_REL) && P (c, j + 1)->val == REL_LAST && is_word (c, j + 2, "year")))) ||
       (rel == REL_LAST && is_word (c, j, "year") && (P (c, j + 1)->flags & PF_CLITIC) &&
        (is_word (c, j + 2, "quarter") || is_func (c, j + 2, F_PERIOD)))))
    {
      guint end = is_word (c, j, "year") ? j + 3 : is_func (c, j + 1, F_A) ? j + 4 : j + 3;

      if (rel >= 0 && rel != REL_SAME && rel != REL_LAST)
        return 0;
      set_value (m, "%04d-Q%d", c->quarter_year - 1, c->quarter);
      m->type = DOSSIER_TIMEX_DATE;
      return end - i;
    }
  if (the && (is_word (c, j, "corresponding") || is_word (c, j, "comparable")) &&
      (is_word (c, j + 1, "quarter") || is_func (c, j + 1, F_PERIOD)) && is_cls (c, j + 2, C_REL) &&
      P (c, j + 2)->val == REL_LAST && is_word (c, j + 3, "year") && c->have_ref && c->quarter_year > 0)
    {
      set_value (m, "%04d-Q%d", c->quarter_year - 1, c->quarter);
      m->type = DOSSIER_TIMEX_DATE;
      return j + 4 - i;
    }

  /* "the latest period" in an earnings story is the quarter it reports */
  if (rel == REL_LATEST && is_func (c, j, F_PERIOD) && c->have_ref)
    {
      int y;

      context_quarter (c, &y, &m->quarter);
      m->quarter_year = y;
      set_value (m, "%04d-Q%d", y, m->quarter);
      m->type = DOSSIER_TIMEX_DATE;
      return j + 1 - i;
    }

  unit = unit_of (c, j, &plural);
  if (unit == 0 || plural)
    return 0;
  if (unit == U_SECOND || unit == U_MINUTE || unit == U_HOUR || unit == U_NIGHT)
    return 0;
  /* "This Week" mid-sentence is a title */
  if (rel >= 0 && j > i && (P (c, j - 1)->flags & PF_CAP) && (P (c, j)->flags & PF_CAP) &&
      !(P (c, j - 1)->flags & PF_SENT_START))
    return 0;
  /* "the quarter-to-quarter change" */
  if (P (c, j + 1)->flags & PF_HYPHEN)
    return 0;

  m->type = DOSSIER_TIMEX_DATE;
  switch (rel)
    {
    case REL_LAST:
    case REL_PAST:
    case REL_PREVIOUS:
      if ((unit == U_DECADE || unit == U_CENTURY) && rel == REL_PAST)
        {
          m->type = DOSSIER_TIMEX_DURATION;
          value_duration (m, unit, 1, FALSE);
        }
      else if (unit == U_DAY && rel != REL_PREVIOUS)
        return 0;
      else
        value_unit_offset (c, m, unit, -1);
      if (unit == U_QUARTER && rel == REL_LAST && the)
        {
          /* "the last quarter" is usually the fourth one */
          int y = c->ry;
          context_quarter (c, &y, &m->quarter);
          m->quarter_year = y;
          set_value (m, "%04d-Q%d", y, m->quarter);
        }
      break;
    case REL_NEXT:
    case REL_COMING:
    case REL_FOLLOWING:
    case REL_UPCOMING:
      if (unit == U_DAY)
        return 0;
      value_unit_offset (c, m, unit, 1);
      break;
    case REL_THIS:
    case REL_CURRENT:
      if (unit == U_DAY)
        return 0;
      value_unit_offset (c, m, unit, 0);
      break;
    case REL_LATEST:
      if (unit != U_QUARTER)
        return 0;
      {
        int y;
        context_quarter (c, &y, &m->quarter);
        m->quarter_year = y;
        set_value (m, "%04d-Q%d", y, m->quarter);
      }
      break;
    case REL_SAME:
      return 0;
    default:
      if (!the)
        return 0;
      if (unit == U_WEEKEND)
        {
          /* the weekend just past in a past clause, else the coming one */
          int rw = _dossier_timex_weekday (c->rdays);
          gint64 saturday = c->rdays + (6 - rw);

          if (c->tense == DOSSIER_TIMEX_TENSE_PAST || (c->tense == DOSSIER_TIMEX_TENSE_NONE && rw <= 4))
            saturday = rw >= 6 ? c->rdays - (rw - 6) : c->rdays - rw - 1;
          value_week (c, m, saturday);
          g_strlcat (m->value, "-WE", sizeof m->value);
        }
      else if (unit == U_QUARTER)
        {
          int y;
          context_quarter (c, &y, &m->quarter);
          m->quarter_year = y;
          set_value (m, "%04d-Q%d", y, m->quarter);
        }
      else if (unit == U_YEAR)
        {
          /* "player of the year", "game of the year": a title, not a date */
          if (i >= 2 && is_func (c, i - 1, F_OF) && P (c, i - 2)->cls == C_NONE &&
              !(P (c, i - 2)->flags & (PF_PUNCT | PF_DIGITS)) &&
              !is_word (c, i - 2, "rest") && !is_word (c, i - 2, "part") && !is_word (c, i - 2, "most") &&
              !is_word (c, i - 2, "remainder") && !is_word (c, i - 2, "balance") &&
              !is_word (c, i - 2, "bulk") && !is_word (c, i - 2, "course") && !is_word (c, i - 2, "much") &&
              !is_word (c, i - 2, "turn") && !is_word (c, i - 2, "close"))
            return 0;
          /* "the year ended Sept. 30" is a twelve-month period; "the year"
           * alone is the current one */
          if (is_word (c, j + 1, "ended") || is_word (c, j + 1, "ending") || is_word (c, j + 1, "end"))
            {
              m->type = DOSSIER_TIMEX_DURATION;
              set_value (m, "P1Y");
            }
          else
            value_year (c, m, 0);
        }
      else
        return 0;
      break;
    }
  j++;
  /* "the weekend" — "the quarter a year ago" */
  return j - i;
}

/* Quarters and halves: "the third quarter", "third-quarter", "the fourth
 * quarter of 1989", "this year's third quarter", "the fiscal first quarter",
 * "the first half of next year". */
static guint
rule_quarter (Ctx   *c,
              guint  i,
              Match *m)
{
  guint j = i;
  int n, unit, year = -1, ydelta = G_MININT;
  gboolean plural;

  if (is_func (c, j, F_THE))
    j++;
  /* "this year's", "last year's", "1988's" */
  if (is_cls (c, j, C_REL) && is_word (c, j + 1, "year") && (P (c, j + 2)->flags & PF_CLITIC))
    {
      int rel = P (c, j)->val;

      ydelta = rel == REL_LAST ? -1 : rel == REL_NEXT ? 1 : 0;
      j += 3;
    }
  else if (is_year_piece (c, j) && (P (c, j + 1)->flags & PF_CLITIC))
    {
      year = P (c, j)->num;
      j += 2;
    }
  else if (j > i && is_year_piece (c, j) &&
           (is_cls (c, j + 1, C_ORDINAL) || is_func (c, j + 1, F_FISCAL)))
    {
      /* "the 1988 third quarter" */
      year = P (c, j)->num;
      j++;
    }
  else if (j > i && is_year_piece (c, j) && (is_word (c, j + 1, "quarter") || is_func (c, j + 1, F_PERIOD)))
    {
      /* "the 1988 quarter", "the 1989 period": the quarter talked about, that year */
      int y, q;

      context_quarter (c, &y, &q);
      /* "the 1988 period" after "the nine months", or with no quarter
       * talked about: that year's part, read as the year */
      if (is_func (c, j + 1, F_PERIOD) && (c->months_span || c->quarter_year == 0))
        set_value (m, "%04d", P (c, j)->num);
      else
        set_value (m, "%04d-Q%d", P (c, j)->num, q);
      m->type = DOSSIER_TIMEX_DATE;
      return j + 2 - i;
    }
  if (is_func (c, j, F_FISCAL))
    j++;
  if (is_cls (c, j, C_ORDINAL))
    n = P (c, j)->val;
  else if (P (c, j)->ordinal)
    n = P (c, j)->ordinal;
  else if (is_cls (c, j, C_REL) && P (c, j)->val == REL_LAST && is_word (c, j + 1, "half"))
    n = 2;
  else
    return 0;
  j++;
  if (is_func (c, j, F_FISCAL))
    j++;
  unit = unit_of (c, j, &plural);
  if (is_word (c, j, "half"))
    unit = U_HALF;
  if ((unit != U_QUARTER && unit != U_HALF) || (unit == U_QUARTER && n > 4) ||
      (unit == U_HALF && n > 2))
    return 0;
  j++;
  if (plural)
    {
      set_value (m, "XXXX-Q%d", n);
      m->type = DOSSIER_TIMEX_SET;
      return j - i;
    }
  if (is_func (c, j, F_OF))
    {
      Match decade = { 0 };
      guint dn;

      /* "the last half of the '80s": the end of the decade */
      if (unit == U_HALF && (dn = rule_year (c, j + 1, &decade)) > 0 && strlen (decade.value) == 3)
        {
          set_value (m, "%s", decade.value);
          set_mod (m, n == 1 ? "START" : "END");
          m->type = DOSSIER_TIMEX_DATE;
          return j + 1 + dn - i;
        }
      if (is_year_piece (c, j + 1))
        {
          year = P (c, j + 1)->num;
          j += 2;
        }
      else if (is_func (c, j + 1, F_FISCAL) && is_year_piece (c, j + 2))
        {
          year = P (c, j + 2)->num;
          j += 3;
        }
      else if (is_cls (c, j + 1, C_REL) && is_word (c, j + 2, "year"))
        {
          int rel = P (c, j + 1)->val;

          ydelta = rel == REL_LAST ? -1 : rel == REL_NEXT ? 1 : 0;
          j += 3;
        }
      else if (is_func (c, j + 1, F_THE) && is_word (c, j + 2, "year"))
        {
          ydelta = 0;
          j += 3;
        }
    }
  else if (is_year_piece (c, j))
    {
      year = P (c, j)->num;
      j++;
    }

  if (year < 0)
    {
      if (!c->have_ref)
        {
          set_value (m, "XXXX-%c%d", unit == U_QUARTER ? 'Q' : 'H', n);
          m->type = DOSSIER_TIMEX_DATE;
          return j - i;
        }
      if (ydelta != G_MININT)
        year = c->ry + ydelta;
      else
        {
          int cur = unit == U_QUARTER ? ref_quarter (c) : (c->rm - 1) / 6 + 1;

          year = c->ry;
          if (n > cur && c->tense == DOSSIER_TIMEX_TENSE_PAST && n - cur > 1)
            year--;
          else if (n < cur - 1 && c->tense == DOSSIER_TIMEX_TENSE_FUTURE)
            year++;
        }
    }
  set_value (m, "%04d-%c%d", year, unit == U_QUARTER ? 'Q' : 'H', n);
  if (unit == U_QUARTER)
    {
      m->quarter_year = year;
      m->quarter = n;
    }
  m->type = DOSSIER_TIMEX_DATE;
  return j - i;
}

/* "a year ago", "two weeks earlier", "five years from now", "year-earlier",
 * "the year-ago quarter", "a week or so ago" */
static guint
rule_ago (Ctx   *c,
          guint  i,
          Match *m)
{
  guint j = i, k, alen;
  int n, unit, sign;
  gboolean half, approx, plural;
  const char *mod = approx_prefix (c, j, &alen);

  j += alen;
  /* "the year-ago quarter", "year-earlier", "the year-earlier period" */
  {
    guint s = j;

    if (is_func (c, s, F_THE))
      s++;
    if (is_word (c, s, "comparable") || is_cls (c, s, C_REL))
      s++;
    if (is_word (c, s, "year") && (is_word (c, s + 1, "ago") || is_word (c, s + 1, "earlier")) &&
        (P (c, s + 1)->flags & PF_HYPHEN))
      {
        int y, q;
        guint e = s + 2;
        gboolean quarterly = c->quarter_year > 0;

        if (is_cls (c, e, C_ORDINAL) && is_word (c, e + 1, "quarter"))
          {
            y = c->ry - 1;
            q = P (c, e)->val;
            set_value (m, "%04d-Q%d", y, q);
            m->type = DOSSIER_TIMEX_DATE;
            return e + 2 - i;
          }
        if (is_word (c, e, "quarter") || is_func (c, e, F_PERIOD))
          {
            e++;
            quarterly = quarterly || is_word (c, e - 1, "quarter");
          }
        context_quarter (c, &y, &q);
        if (quarterly && c->have_ref && !(c->months_span && !is_word (c, e - 1, "quarter")))
          set_value (m, "%04d-Q%d", y - 1, q);
        else
          value_year (c, m, -1);
        m->type = DOSSIER_TIMEX_DATE;
        return e - i;
      }
  }

  k = read_number (c, j, &n, &half, &approx);
  if (k == 0)
    {
      /* "years ago", "months earlier" */
      unit = unit_of (c, j, &plural);
      if (!unit || !plural || !(is_word (c, j + 1, "ago")))
        return 0;
      set_value (m, "PAST_REF");
      m->type = DOSSIER_TIMEX_DATE;
      return j + 2 - i;
    }
  j += k;
  unit = unit_of (c, j, &plural);
  if (!unit || unit == U_HALF)
    return 0;
  j++;
  if (is_func (c, j, F_OR) && is_func (c, j + 1, F_SO))
    {
      j += 2;
      mod = "APPROX";
    }
  if (is_word (c, j, "ago"))
    sign = -1;
  else if (is_word (c, j, "earlier") || is_word (c, j, "before"))
    sign = -1;
  else if (is_word (c, j, "later") || is_word (c, j, "hence") || is_word (c, j, "after"))
    sign = 1;
  else if (is_func (c, j, F_FROM) && is_word (c, j + 1, "now"))
    {
      sign = 1;
      j++;
    }
  else
    return 0;
  /* "before"/"after" take an object: "two days before the vote" is a duration */
  if ((is_word (c, j, "before") || is_word (c, j, "after")))
    return 0;
  /* "three days later", "a day earlier": counted from another event, so the
   * length is what the text gives */
  if (sign != 0 && !is_word (c, j, "ago") && !is_word (c, j, "now") &&
      (unit == U_DAY || unit == U_HOUR || unit == U_MINUTE || unit == U_SECOND || unit == U_WEEK ||
       n == NUM_X))
    return 0;
  j++;
  m->type = DOSSIER_TIMEX_DATE;
  if (n == 1 && unit == U_YEAR && c->quarter_year > 0 && c->have_ref && !is_word (c, j - 1, "later") &&
      !c->months_span)
    {
      /* earnings stories: "a year ago" is the same quarter of the year before */
      set_value (m, "%04d-Q%d", c->quarter_year - 1, c->quarter);
    }
  else if (n == NUM_X && unit == U_YEAR)
    set_value (m, "PAST_REF");
  else
    value_ago (c, m, unit, n, sign);
  if (approx && mod == NULL)
    mod = "APPROX";
  set_mod (m, mod);
  return j - i;
}

/* Clock times: "3 p.m.", "10:30 a.m. ET", "noon", "midnight Friday",
 * "9 a.m. Tuesday" */
static guint
rule_clock (Ctx   *c,
            guint  i,
            Match *m)
{
  guint j = i, alen;
  int hour = -1, minute = 0;
  gint64 day = c->rdays;
  const Piece *p;
  const char *mod = approx_prefix (c, j, &alen);

  if (mod && strcmp (mod, "APPROX") != 0)
    return 0;
  j += alen;
  p = P (c, j);
  if (p->cls == C_PART && (p->val == P_NOON || p->val == P_MIDNIGHT || p->val == P_MIDDAY) &&
      !(j > 0 && is_word (c, j - 1, "high")))
    {
      hour = p->val == P_MIDNIGHT ? 24 : 12;
      j++;
    }
  else if (p->flags & PF_NUMERIC)
    {
      int h, mi;
      char tail;

      if ((p->flags & PF_DIGITS) && p->num >= 1 && p->num <= 12 && is_cls (c, j + 1, C_AMPM))
        {
          hour = p->num % 12 + P (c, j + 1)->val;
          j += 2;
        }
      else if ((p->flags & PF_DIGITS) && p->ndigits == 4 && p->num / 100 <= 23 && p->num % 100 <= 59 &&
               is_cls (c, j + 1, C_ZONE) && (P (c, j + 1)->flags & PF_CAP))
        {
          /* "at 1800 GMT": the 24-hour clock of wire copy */
          hour = p->num / 100;
          minute = p->num % 100;
          j++;
        }
      else if ((sscanf (p->w, "%d:%d%c", &h, &mi, &tail) == 3 || (mi = 0, sscanf (p->w, "%d%c", &h, &tail) == 2)) &&
               h >= 1 && h <= 12 && mi >= 0 && mi < 60 &&
               (g_str_has_suffix (p->w, "am") || g_str_has_suffix (p->w, "pm")) &&
               (tail == 'a' || tail == 'p'))
        {
          /* "10am", "10:30pm" */
          hour = h % 12 + (tail == 'p' ? 12 : 0);
          minute = mi;
          j++;
        }
      else if (sscanf (p->w, "%d:%d%c", &h, &mi, &tail) == 2 && h >= 0 && h <= 24 && mi >= 0 && mi < 60)
        {
          if (is_cls (c, j + 1, C_AMPM))
            {
              if (h < 1 || h > 12)
                return 0;
              hour = h % 12 + P (c, j + 1)->val;
              j += 2;
            }
          else if (is_cls (c, j + 1, C_ZONE) || (i > 0 && is_func (c, i - 1, F_AT)))
            {
              hour = h;
              j++;
            }
          else
            return 0;
          minute = mi;
        }
      else if ((p->flags & PF_DIGITS) && p->num >= 1 && p->num <= 12 && is_func (c, j + 1, F_OCLOCK))
        {
          hour = p->num;
          j += 2;
        }
      else
        return 0;
    }
  else
    return 0;

  if (is_cls (c, j, C_ZONE) && (P (c, j)->flags & PF_CAP))
    j++;
  else if (is_word (c, j, "local") && is_word (c, j + 1, "time"))
    j += 2;
  if (is_word (c, j, ",") && (weekday_ok (c, j + 1) || month_ok (c, j + 1)))
    j++;
  /* the day it is on */
  {
    Match dm = { 0 };
    guint n;

    if ((n = rule_calendar (c, j, &dm)) > 0 && strlen (dm.value) == 10)
      {
        int y, mo, d;

        if (sscanf (dm.value, "%d-%d-%d", &y, &mo, &d) == 3)
          day = _dossier_timex_days_from_civil (y, mo, d);
        j += n;
      }
    else if ((n = rule_weekday (c, j, &dm)) > 0 && dm.type == DOSSIER_TIMEX_DATE)
      {
        day = resolve_weekday (c, P (c, j + n - 1)->val, -1);
        j += n;
      }
    else if (is_cls (c, j, C_DEICTIC) && P (c, j)->val != D_TONIGHT)
      {
        int d = P (c, j)->val;
        day = c->rdays + (d == D_YESTERDAY ? -1 : d == D_TOMORROW ? 1 : 0);
        j++;
      }
    else if (is_word (c, j, "on") && (rule_weekday (c, j + 1, &dm) > 0 || rule_calendar (c, j + 1, &dm) > 0) &&
             strlen (dm.value) == 10)
      {
        /* "at 1800 GMT on Monday": that day, tagged on its own */
        int y, mo, d;

        if (sscanf (dm.value, "%d-%d-%d", &y, &mo, &d) == 3)
          day = _dossier_timex_days_from_civil (y, mo, d);
      }
  }
  /* a time with no day of its own is on the day the text is talking about */
  if (day == c->rdays && c->fd > 0 && c->have_ref)
    day = _dossier_timex_days_from_civil (c->fy, c->fm, c->fd);
  if (!c->have_ref)
    set_value (m, "XXXX-XX-XXT%02d:%02d", hour, minute);
  else
    {
      int y, mo, d;

      _dossier_timex_civil_from_days (day, &y, &mo, &d);
      set_value (m, "%04d-%02d-%02dT%02d:%02d", y, mo, d, hour, minute);
    }
  set_mod (m, mod);
  m->type = DOSSIER_TIMEX_TIME;
  return j - i;
}

/* every week, each Thursday, daily, annually, "$5 a year" */
static guint
rule_set (Ctx   *c,
          guint  i,
          Match *m)
{
  guint j = i;
  int unit;
  gboolean plural;

  if (is_cls (c, j, C_SETADV))
    {
      /* "the Daily Telegraph", "Screen Daily": a name */
      if ((P (c, j)->flags & PF_CAP) && !(P (c, j)->flags & PF_SENT_START))
        return 0;
      unit = P (c, j)->val;
      /* "biweekly" is every two weeks */
      value_duration (m, unit, unit == U_FORTNIGHT ? 1 : 1, FALSE);
      if (unit == U_NIGHT)
        set_value (m, "P1D");
      m->type = DOSSIER_TIMEX_SET;
      return 1;
    }
  if (is_func (c, j, F_EVERY) || is_func (c, j, F_EACH))
    {
      int n = 1;

      j++;
      if (is_func (c, j, F_OTHER))
        {
          n = 2;
          j++;
        }
      else if ((P (c, j)->flags & PF_DIGITS) || is_cls (c, j, C_NUMWORD))
        {
          gboolean half, approx;
          guint k = read_number (c, j, &n, &half, &approx);
          j += k;
        }
      if (weekday_ok (c, j))
        {
          set_value (m, "XXXX-WXX-%d", P (c, j)->val);
          m->type = DOSSIER_TIMEX_SET;
          return j + 1 - i;
        }
      if (month_ok (c, j))
        {
          set_value (m, "XXXX-%02d", P (c, j)->val);
          m->type = DOSSIER_TIMEX_SET;
          return j + 1 - i;
        }
      if (is_cls (c, j, C_PART) && P (c, j)->val <= P_NIGHT)
        {
          set_value (m, "XXXX-XX-XXT%s", part_code (P (c, j)->val));
          m->type = DOSSIER_TIMEX_SET;
          return j + 1 - i;
        }
      unit = unit_of (c, j, &plural);
      if (!unit || unit == U_HALF)
        return 0;
      value_duration (m, unit, n, FALSE);
      m->type = DOSSIER_TIMEX_SET;
      return j + 1 - i;
    }
  if ((is_func (c, j, F_A) || is_func (c, j, F_PER)) && i > 0)
    {
      const Piece *prev = P (c, i - 1);

      unit = unit_of (c, j + 1, &plural);
      if (!unit || plural || unit == U_HALF)
        return 0;
      if (!(prev->flags & PF_NUMERIC) && !(prev->flags & PF_DIGITS) && prev->cls != C_NUMWORD &&
          !is_func (c, i - 1, F_TIMES) && !is_func (c, i - 1, F_TWICE) &&
          !is_func (c, i - 1, F_ONCE) && !is_word (c, i - 1, "million") &&
          !is_word (c, i - 1, "billion") && !is_word (c, i - 1, "barrels") &&
          !is_word (c, i - 1, "percent"))
        return 0;
      value_duration (m, unit, 1, FALSE);
      m->type = DOSSIER_TIMEX_SET;
      return 2;
    }
  return 0;
}

/* Holidays: "Christmas", "Thanksgiving Day", "New Year's Day" */
static guint
rule_holiday (Ctx   *c,
              guint  i,
              Match *m)
{
  guint j = i;
  int h = -1, month = 0, day = 0, y;
  int rel = -1;

  if (is_cls (c, j, C_REL))
    {
      rel = P (c, j)->val;
      if (rel != REL_LAST && rel != REL_NEXT && rel != REL_THIS)
        return 0;
      j++;
    }
  if (is_cls (c, j, C_HOLIDAY) && (P (c, j)->flags & PF_CAP))
    {
      h = P (c, j)->val;
      j++;
      if (h == H_CHRISTMAS && is_word (c, j, "eve"))
        {
          h = H_CHRISTMAS_EVE;
          j++;
        }
      else if (is_word (c, j, "day") && (P (c, j)->flags & PF_CAP))
        j++;
    }
  else if (is_word (c, j, "new") && (P (c, j)->flags & PF_CAP) && is_word (c, j + 1, "year") &&
           (P (c, j + 2)->flags & PF_CLITIC) && is_word (c, j + 3, "day"))
    {
      h = H_NEW_YEAR;
      j += 4;
    }
  else if ((P (c, j)->flags & PF_CAP) && is_word (c, j + 1, "day") && (P (c, j + 1)->flags & PF_CAP))
    {
      if (is_word (c, j, "independence"))
        h = H_INDEPENDENCE;
      else if (is_word (c, j, "labor") || is_word (c, j, "labour"))
        h = H_LABOR;
      else if (is_word (c, j, "memorial"))
        h = H_MEMORIAL;
      else if (is_word (c, j, "election"))
        h = H_ELECTION;
      else
        return 0;
      j += 2;
    }
  else if (is_word (c, j, "valentine") && (P (c, j + 1)->flags & PF_CLITIC) && is_word (c, j + 2, "day"))
    {
      h = H_VALENTINE;
      j += 3;
    }
  else
    return 0;

  y = c->ry;
  if (is_year_piece (c, j))
    {
      y = P (c, j)->num;
      j++;
    }
  else if (!c->have_ref)
    y = 2001; /* any year for the dates below; the year is printed as XXXX */
  else if (rel == REL_LAST)
    y = c->ry - 1;
  else if (rel == REL_NEXT)
    y = c->ry + 1;
  else if (h == H_THANKSGIVING || h == H_EASTER || h == H_LABOR || h == H_MEMORIAL || h == H_ELECTION)
    {
      /* a movable feast: its month decides the year like a month name does */
      int month_of[] = { 12, 12, 1, 11, 4, 10, 2, 7, 9, 5, 11 };
      y = resolve_year (c, month_of[h], 0);
    }

  switch (h)
    {
    case H_CHRISTMAS: month = 12; day = 25; break;
    case H_CHRISTMAS_EVE: month = 12; day = 24; break;
    case H_NEW_YEAR: month = 1; day = 1; break;
    case H_HALLOWEEN: month = 10; day = 31; break;
    case H_VALENTINE: month = 2; day = 14; break;
    case H_INDEPENDENCE: month = 7; day = 4; break;
    case H_THANKSGIVING:
      {
        /* fourth Thursday of November */
        gint64 first = _dossier_timex_days_from_civil (y, 11, 1);
        int wd = _dossier_timex_weekday (first);
        month = 11;
        day = 1 + (4 - wd + 7) % 7 + 21;
      }
      break;
    case H_LABOR:
      {
        gint64 first = _dossier_timex_days_from_civil (y, 9, 1);
        month = 9;
        day = 1 + (1 - _dossier_timex_weekday (first) + 7) % 7;
      }
      break;
    case H_MEMORIAL:
      {
        gint64 last = _dossier_timex_days_from_civil (y, 5, 31);
        month = 5;
        day = 31 - (_dossier_timex_weekday (last) - 1);
      }
      break;
    case H_ELECTION:
      {
        gint64 first = _dossier_timex_days_from_civil (y, 11, 1);
        month = 11;
        day = 1 + (1 - _dossier_timex_weekday (first) + 7) % 7 + 1;
      }
      break;
    case H_EASTER:
      {
        /* the anonymous Gregorian computus */
        int a = y % 19, b = y / 100, cc = y % 100, d = b / 4, e = b % 4;
        int f = (b + 8) / 25, g = (b - f + 1) / 3, hh = (19 * a + b - d - g + 15) % 30;
        int ii = cc / 4, k = cc % 4, l = (32 + 2 * e + 2 * ii - hh - k) % 7;
        int mm = (a + 11 * hh + 22 * l) / 451;
        month = (hh + l - 7 * mm + 114) / 31;
        day = (hh + l - 7 * mm + 114) % 31 + 1;
      }
      break;
    default:
      return 0;
    }
  if (!c->have_ref && !is_year_piece (c, j - 1))
    set_value (m, "XXXX-%02d-%02d", month, day);
  else if (c->have_ref && !is_year_piece (c, j - 1) && rel < 0 && h != H_THANKSGIVING &&
           h != H_EASTER && h != H_LABOR && h != H_MEMORIAL && h != H_ELECTION)
    set_value (m, "%04d-%02d-%02d", resolve_year (c, month, day), month, day);
  else
    set_value (m, "%04d-%02d-%02d", y, month, day);
  m->type = DOSSIER_TIMEX_DATE;
  /* "Easter week", "Christmas week": the week of the holiday */
  if (is_word (c, j, "week") && !(P (c, j + 1)->flags & PF_CLITIC) &&
      h != H_CHRISTMAS_EVE && h != H_NEW_YEAR)
    {
      int yy, mm, dd;

      j++;
      if (sscanf (m->value, "%d-%d-%d", &yy, &mm, &dd) == 3)
        {
          int wy, w;

          _dossier_timex_iso_week (_dossier_timex_days_from_civil (yy, mm, dd), &wy, &w);
          set_value (m, "%04d-W%02d", wy, w);
        }
      else
        set_value (m, "XXXX-WXX");
    }
  return j - i;
}

/* "year-end", "the end of the year", "year's end" */
static guint
rule_year_end (Ctx   *c,
               guint  i,
               Match *m)
{
  guint j = i;

  if (is_func (c, j, F_AT) || is_cls (c, j, C_APPROX))
    return 0;
  if (is_word (c, j, "year") && is_word (c, j + 1, "end") && (P (c, j + 1)->flags & PF_HYPHEN))
    {
      value_year (c, m, 0);
      if (c->have_ref)
        g_strlcat (m->value, "-12-31", sizeof m->value);
      m->type = DOSSIER_TIMEX_DATE;
      return 2;
    }
  if (is_word (c, j, "year") && is_word (c, j + 1, "end") && !(P (c, j + 1)->flags & PF_HYPHEN))
    {
      value_year (c, m, 0);
      set_mod (m, "END");
      m->type = DOSSIER_TIMEX_DATE;
      return 2;
    }
  if (is_word (c, j, "year") && (P (c, j + 1)->flags & PF_CLITIC) && is_word (c, j + 2, "end"))
    {
      value_year (c, m, 0);
      set_mod (m, "END");
      m->type = DOSSIER_TIMEX_DATE;
      return 3;
    }
  return 0;
}

/* "the day before last Tuesday", "the day after Christmas": one day off a
 * named day */
static guint
rule_day_off (Ctx   *c,
              guint  i,
              Match *m)
{
  Match day = { 0 };
  guint j = i, n = 0;
  int y, mo, d, sign;

  if (is_func (c, j, F_THE))
    j++;
  if (!is_word (c, j, "day") || !(is_word (c, j + 1, "before") || is_word (c, j + 1, "after")))
    return 0;
  sign = is_word (c, j + 1, "before") ? -1 : 1;
  j += 2;
  if ((n = rule_weekday (c, j, &day)) == 0 && (n = rule_calendar (c, j, &day)) == 0 &&
      (n = rule_holiday (c, j, &day)) == 0)
    return 0;
  if (strlen (day.value) != 10 || sscanf (day.value, "%d-%d-%d", &y, &mo, &d) != 3)
    return 0;
  value_day (c, m, _dossier_timex_days_from_civil (y, mo, d) + sign);
  m->type = DOSSIER_TIMEX_DATE;
  return j + n - i;
}

static guint match_core (Ctx *c, guint i, Match *m);

/* "early 2022", "late last year", "mid-March", "the end of 1990", "the middle
 * of October", "earlier this month", "later this year", "late yesterday" */
static guint
rule_position (Ctx   *c,
               guint  i,
               Match *m)
{
  guint j = i, n;
  const char *mod = NULL;

  if (is_cls (c, j, C_POS))
    {
      int v = P (c, j)->val;

      mod = v == POS_EARLY || v == POS_EARLIER ? "START" : v == POS_MID ? "MID" : "END";
      j++;
      /* "earlier in the year", "earlier that day", "later that year" */
      if ((v == POS_EARLIER || v == POS_LATER) && (is_func (c, j, F_IN) || is_func (c, j, F_THAT)))
        {
          gboolean plural;
          guint k = j + 1;
          int unit;

          if (is_func (c, j, F_IN) && is_func (c, k, F_THE))
            k++;
          unit = unit_of (c, k, &plural);
          if (unit == U_YEAR || unit == U_MONTH || unit == U_WEEK || unit == U_DAY)
            {
              /* "later that year": the year the text is talking about */
              if (!is_func (c, j, F_THAT) || !value_focus (c, m, unit, 0))
                value_unit_offset (c, m, unit, 0);
              set_mod (m, mod);
              m->type = DOSSIER_TIMEX_DATE;
              return k + 1 - i;
            }
          return 0;
        }
      /* "earlier"/"later" alone are not expressions; "early"/"late" need a time after them */
    }
  else if (is_func (c, j, F_THE) &&
           (is_func (c, j + 1, F_END) || is_func (c, j + 1, F_BEGINNING) ||
            is_func (c, j + 1, F_MIDDLE) || is_func (c, j + 1, F_START)) &&
           is_func (c, j + 2, F_OF))
    {
      int v = P (c, j + 1)->val;

      mod = v == F_END ? "END" : v == F_MIDDLE ? "MID" : "START";
      j += 3;
    }
  else
    return 0;

  if (is_func (c, j, F_THE) && is_word (c, j + 1, "year") && !(P (c, j + 2)->flags & PF_CLITIC))
    {
      value_year (c, m, 0);
      m->type = DOSSIER_TIMEX_DATE;
      set_mod (m, mod);
      return j + 2 - i;
    }
  if (is_func (c, j, F_THE) && is_word (c, j + 1, "month"))
    {
      value_month (c, m, 0);
      m->type = DOSSIER_TIMEX_DATE;
      set_mod (m, mod);
      return j + 2 - i;
    }
  if (is_func (c, j, F_THE) && is_word (c, j + 1, "week"))
    {
      value_week (c, m, c->rdays);
      m->type = DOSSIER_TIMEX_DATE;
      set_mod (m, mod);
      return j + 2 - i;
    }
  if (is_func (c, j, F_THE) && is_word (c, j + 1, "day"))
    {
      value_day (c, m, c->rdays);
      m->type = DOSSIER_TIMEX_DATE;
      set_mod (m, mod);
      return j + 2 - i;
    }

  n = match_core (c, j, m);
  if (n == 0)
    return 0;
  /* "late Friday", "early next year", "mid-1990s": a point or period gets the mod */
  if (m->type == DOSSIER_TIMEX_DURATION || m->type == DOSSIER_TIMEX_SET)
    return 0;
  if (strcmp (m->value, "PRESENT_REF") == 0 || strcmp (m->value, "PAST_REF") == 0 ||
      strcmp (m->value, "FUTURE_REF") == 0)
    return 0;
  if (m->mod[0] == '\0')
    set_mod (m, mod);
  return j + n - i;
}

/* The rules that do not take a position modifier themselves. */
static guint
match_core (Ctx   *c,
            guint  i,
            Match *best)
{
  typedef guint (*Rule) (Ctx *, guint, Match *);
  static const Rule rules[] = {
    rule_anaphor, rule_calendar, rule_numeric_date, rule_year, rule_century, rule_weekday, rule_deictic,
    rule_part_of_day, rule_ref, rule_relative_unit, rule_quarter, rule_ago, rule_clock,
    rule_set, rule_holiday, rule_year_end, rule_duration, rule_shorthand, rule_second_day,
    rule_week_of, rule_day_off,
  };
  guint best_len = 0;

  for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
    {
      Match m = { 0 };
      guint n = rules[r] (c, i, &m);

      if (n > best_len)
        {
          best_len = n;
          *best = m;
        }
    }
  best->len = best_len;
  return best_len;
}

static guint
match_at (Ctx   *c,
          guint  i,
          Match *best)
{
  Match m = { 0 };
  guint n, best_len;
  const Piece *p = P (c, i);

  if (p->cls == C_NONE && !(p->flags & (PF_DIGITS | PF_NUMERIC)) && !p->ordinal &&
      !(p->w[0] == '1' || p->w[0] == '2'))
    {
      /* only "year-end", "New Year's Day", "Independence Day" etc. start with a plain word */
      if (!is_word (c, i, "year") && !(p->flags & PF_CAP) && !is_word (c, i, "nights") &&
          !is_word (c, i, "these") && !is_word (c, i, "someday"))
        return 0;
    }

  memset (best, 0, sizeof *best);
  best_len = match_core (c, i, best);
  n = rule_position (c, i, &m);
  if (n > best_len)
    {
      *best = m;
      best_len = n;
    }
  best->len = best_len;
  return best_len;
}

/* ---------------------------------------------------------------------------
 * Tense
 */

static const char * const future_cues[] = {
  "will", "'ll", "shall", "would", "expects", "expected", "plans", "planned", "scheduled",
  "intends", "due", "upcoming", "hopes", "aims", "going", "wo", "planning", "preparing", "to",
  "plan", "intend", NULL
};
static const char * const past_cues[] = {
  "was", "were", "had", "did", "said", "told", "took", "made", "went", "came", "gave", "met",
  "saw", "began", "rose", "fell", "got", "held", "led", "left", "lost", "paid", "sold", "won",
  "wrote", "knew", "thought", "became", "brought", "bought", "caught", "ran", "spoke", "ago",
  "declined", "ended", "closed", "sent", "struck", "killed", "found", "heard", "kept",
  "felt", "broke", "chose", "drove", "flew", "grew", "hit", "meant", "stood", "taught",
  "understood", "wore", "announced", "reported", "quit", "set", "spent", "built", "shot", "sought",
  "fought", "threw", "drew", "swore", "froze", "hid", "slept", "sank", "fled", "withdrew", "swept",
  "dealt", "stole", "tore", "woke", "arose", "shook", "undertook", "underwent", "overcame", "forgot",
  "stuck", "hung", "dug", "sat", "lit", "rode", "ate", "drank", "sang", "rang", "swam", NULL
};
static const char * const present_cues[] = {
  "is", "are", "am", "has", "have", "does", "do", NULL
};
static const char * const not_past_ed[] = {
  "need", "indeed", "speed", "seed", "feed", "bed", "red", "based", "united", "limited",
  "proceed", "exceed", "succeed", "breed", "greed", "shed", "weed", "embed", "bleed", "naked",
  "wicked", "sacred", "hundred", "kindred", "related", "concerned", "interested", "detailed",
  "advanced", "qualified", "married", "expected", "scheduled", "planned", "proposed",
  "alleged", "supposed", "used", "armed", "skilled", "talented", NULL
};

enum {
  FUTURE_CUE  = 1 << 0,
  PAST_CUE    = 1 << 1,
  PRESENT_CUE = 1 << 2,
  NOT_PAST_ED = 1 << 3,
};

/* Which of the lists above hold @w (a hash table made once: the tense of
 * every word near a date is looked up, and the lists are long). */
static guint
word_lists (const char *w)
{
  static GHashTable *table;

  if (g_once_init_enter (&table))
    {
      static const struct { const char * const *list; guint flag; } lists[] = {
        { future_cues, FUTURE_CUE }, { past_cues, PAST_CUE }, { present_cues, PRESENT_CUE },
        { not_past_ed, NOT_PAST_ED },
      };
      GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        for (guint i = 0; lists[l].list[i]; i++)
          g_hash_table_insert (t, (gpointer)lists[l].list[i],
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (
                                 g_hash_table_lookup (t, lists[l].list[i])) | lists[l].flag));
      g_once_init_leave (&table, t);
    }
  return GPOINTER_TO_UINT (g_hash_table_lookup (table, w));
}

/* The tense one word signals, or NONE. */
static DossierTimexTense
word_tense (const DossierTokens *tokens,
            guint                t,
            gboolean            *weak)
{
  const DossierToken *tok = dossier_tokens_get (tokens, t);
  char w[24];
  gsize len = tok->byte_end - tok->byte_start;
  guint lists;

  *weak = FALSE;
  if (len >= sizeof w || (tok->kind != DOSSIER_TOKEN_WORD && tok->kind != DOSSIER_TOKEN_CLITIC))
    return DOSSIER_TIMEX_TENSE_NONE;
  for (gsize k = 0; k < len; k++)
    w[k] = g_ascii_tolower (tokens->text[tok->byte_start + k]);
  w[len] = '\0';
  if (strcmp (w, "to") == 0)
    {
      /* "set to resume", "is to resume", "are to meet": a plan */
      if (t > 0 && (dossier_tokens_equal (tokens, t - 1, "set", TRUE) ||
                    dossier_tokens_equal (tokens, t - 1, "is", TRUE) ||
                    dossier_tokens_equal (tokens, t - 1, "are", TRUE) ||
                    dossier_tokens_equal (tokens, t - 1, "was", TRUE) ||
                    dossier_tokens_equal (tokens, t - 1, "were", TRUE)))
        return DOSSIER_TIMEX_TENSE_FUTURE;
      return DOSSIER_TIMEX_TENSE_NONE;
    }
  lists = word_lists (w);
  if (lists & FUTURE_CUE)
    {
      if (strcmp (w, "wo") == 0 && t + 1 < tokens->tokens->len)
        return DOSSIER_TIMEX_TENSE_FUTURE;
      if (strcmp (w, "would") == 0)
        *weak = TRUE;
      return DOSSIER_TIMEX_TENSE_FUTURE;
    }
  /* "were planning", "is expected", "was due": a plan, whatever the tense
   * of the auxiliary */
  if ((strcmp (w, "was") == 0 || strcmp (w, "were") == 0 || strcmp (w, "is") == 0 ||
       strcmp (w, "are") == 0) && t + 1 < dossier_tokens_len (tokens))
    {
      const DossierToken *next = dossier_tokens_get (tokens, t + 1);
      gsize nlen = next->byte_end - next->byte_start;
      char nw[24];

      if (nlen < sizeof nw && next->kind == DOSSIER_TOKEN_WORD)
        {
          for (gsize k = 0; k < nlen; k++)
            nw[k] = g_ascii_tolower (tokens->text[next->byte_start + k]);
          nw[nlen] = '\0';
          if (strcmp (nw, "planning") == 0 || strcmp (nw, "expected") == 0 ||
              strcmp (nw, "scheduled") == 0 || strcmp (nw, "due") == 0 ||
              strcmp (nw, "preparing") == 0 || strcmp (nw, "going") == 0)
            return DOSSIER_TIMEX_TENSE_FUTURE;
        }
    }
  if (lists & PAST_CUE)
    return DOSSIER_TIMEX_TENSE_PAST;
  if (lists & PRESENT_CUE)
    return DOSSIER_TIMEX_TENSE_PRESENT;
  if (len >= 5 && g_str_has_suffix (w, "ed") && !(tok->flags & DOSSIER_TOKEN_CAPITALIZED) &&
      !(lists & NOT_PAST_ED))
    {
      /* "markets untouched by the crisis", "a bomb planted by rebels": a
       * participle after its noun describes it and dates nothing */
      if (t + 1 < dossier_tokens_len (tokens) && dossier_tokens_equal (tokens, t + 1, "by", TRUE) &&
          t > 0 && !dossier_tokens_equal (tokens, t - 1, "was", TRUE) &&
          !dossier_tokens_equal (tokens, t - 1, "were", TRUE) && !dossier_tokens_equal (tokens, t - 1, "been", TRUE) &&
          !dossier_tokens_equal (tokens, t - 1, "is", TRUE) && !dossier_tokens_equal (tokens, t - 1, "are", TRUE) &&
          !dossier_tokens_equal (tokens, t - 1, "be", TRUE) && !dossier_tokens_equal (tokens, t - 1, "had", TRUE) &&
          !dossier_tokens_equal (tokens, t - 1, "has", TRUE) && !dossier_tokens_equal (tokens, t - 1, "have", TRUE))
        return DOSSIER_TIMEX_TENSE_NONE;
      return DOSSIER_TIMEX_TENSE_PAST;
    }
  return DOSSIER_TIMEX_TENSE_NONE;
}

/* A comma, semicolon, dash or quote: the edge of a clause */
static gboolean
is_clause_mark (const DossierTokens *tokens,
                guint                t)
{
  const DossierToken *tok = dossier_tokens_get (tokens, t);

  return tok->kind == DOSSIER_TOKEN_PUNCT || tok->kind == DOSSIER_TOKEN_QUOTE;
}

static DossierTimexTense
tense_with_auxiliary (const DossierTokens *tokens,
                      guint                t,
                      guint                first,
                      DossierTimexTense    tense)
{
  /* "will be held", "has been sold", "is expected": the auxiliary decides */
  for (guint back = 1; back <= 3 && t >= first + back; back++)
    {
      gboolean weak;
      DossierTimexTense aux;

      if (dossier_tokens_equal (tokens, t - back, "be", TRUE) ||
          dossier_tokens_equal (tokens, t - back, "been", TRUE) ||
          dossier_tokens_equal (tokens, t - back, "being", TRUE) ||
          dossier_tokens_equal (tokens, t - back, "not", TRUE) ||
          dossier_tokens_equal (tokens, t - back, "n't", TRUE))
        continue;
      aux = word_tense (tokens, t - back, &weak);
      if (aux == DOSSIER_TIMEX_TENSE_FUTURE)
        return aux;
      if (aux == DOSSIER_TIMEX_TENSE_PRESENT)
        {
          if (dossier_tokens_equal (tokens, t - back, "has", TRUE) ||
              dossier_tokens_equal (tokens, t - back, "have", TRUE))
            return DOSSIER_TIMEX_TENSE_PAST;
          return DOSSIER_TIMEX_TENSE_PRESENT;
        }
      break;
    }
  return tense;
}

DossierTimexTense
dossier_timex_tense_at (const DossierTokens *tokens,
                        guint                first_token,
                        guint                n_tokens)
{
  guint n, s, first, last, left_t = 0, right_t = 0, cue;
  const DossierSentence *sentence = NULL;
  DossierTimexTense left = DOSSIER_TIMEX_TENSE_NONE, right = DOSSIER_TIMEX_TENSE_NONE;
  DossierTimexTense tense;
  guint left_dist = G_MAXUINT, right_dist = G_MAXUINT;
  gboolean deadline = FALSE, soon_as = FALSE, left_weak = FALSE, right_weak = FALSE, weak_future;

  g_return_val_if_fail (tokens != NULL, DOSSIER_TIMEX_TENSE_NONE);

  n = dossier_tokens_len (tokens);
  if (first_token >= n)
    return DOSSIER_TIMEX_TENSE_NONE;
  /* the sentence: binary search over the sentence array */
  {
    guint lo = 0, hi = tokens->sentences->len;

    while (lo < hi)
      {
        guint mid = (lo + hi) / 2;
        const DossierSentence *sm = &g_array_index (tokens->sentences, DossierSentence, mid);

        if (sm->first_token + sm->n_tokens <= first_token)
          lo = mid + 1;
        else
          hi = mid;
      }
    s = lo;
    if (s < tokens->sentences->len)
      sentence = &g_array_index (tokens->sentences, DossierSentence, s);
  }
  first = sentence ? sentence->first_token : 0;
  last = sentence ? sentence->first_token + sentence->n_tokens : n;

  /* "as soon as Tuesday", "until Friday", "by Monday": a deadline right
   * before the expression points ahead, unless the verb is in the past
   * ("had filed reports by Wednesday") */
  for (guint back = 1; back <= 3 && first_token >= first + back; back++)
    {
      guint t = first_token - back;

      if (back == 1 && (dossier_tokens_equal (tokens, t, "until", TRUE) ||
                        dossier_tokens_equal (tokens, t, "till", TRUE) ||
                        dossier_tokens_equal (tokens, t, "by", TRUE) ||
                        dossier_tokens_equal (tokens, t, "through", TRUE)))
        deadline = TRUE;
      /* "up to September 30" */
      if (back == 1 && t > first && dossier_tokens_equal (tokens, t, "to", TRUE) &&
          dossier_tokens_equal (tokens, t - 1, "up", TRUE))
        deadline = TRUE;
      if (back >= 2 && dossier_tokens_equal (tokens, t + 1, "as", TRUE) &&
          (dossier_tokens_equal (tokens, t, "soon", TRUE) || dossier_tokens_equal (tokens, t, "early", TRUE)))
        deadline = soon_as = TRUE;
    }

  /* the nearest cue wins; a comma or a quote between the cue and the
   * expression marks another clause and counts as two words more ("would be
   * ready to leave as soon as Tuesday, Castro said") */
  for (guint t = first_token, pen = 0; t-- > first;)
    {
      gboolean weak;
      DossierTimexTense tt = word_tense (tokens, t, &weak);

      if (is_clause_mark (tokens, t))
        pen += 2;
      if (tt != DOSSIER_TIMEX_TENSE_NONE)
        {
          if (tt == DOSSIER_TIMEX_TENSE_PAST)
            tt = tense_with_auxiliary (tokens, t, first, tt);
          left = tt;
          left_dist = first_token - t + pen;
          left_weak = weak;
          left_t = t;
          break;
        }
    }
  for (guint t = first_token + n_tokens, pen = 0; t < last; t++)
    {
      gboolean weak;
      DossierTimexTense tt = word_tense (tokens, t, &weak);

      if (is_clause_mark (tokens, t))
        pen += 2;
      if (tt != DOSSIER_TIMEX_TENSE_NONE)
        {
          if (tt == DOSSIER_TIMEX_TENSE_PAST)
            tt = tense_with_auxiliary (tokens, t, first, tt);
          right = tt;
          right_dist = t - (first_token + n_tokens) + 1 + pen;
          right_weak = weak;
          right_t = t;
          break;
        }
    }
  tense = left_dist <= right_dist ? left : right;
  cue = left_dist <= right_dist ? left_t : right_t;
  weak_future = tense == DOSSIER_TIMEX_TENSE_FUTURE && (left_dist <= right_dist ? left_weak : right_weak);
  /* "Wednesday's ruling", "Thursday's closing price": a possessive day is
   * one whose news is out, unless a plain future says otherwise */
  if (first_token + n_tokens < n &&
      dossier_tokens_get (tokens, first_token + n_tokens)->kind == DOSSIER_TOKEN_CLITIC &&
      (dossier_tokens_equal (tokens, first_token + n_tokens, "'s", TRUE) ||
       dossier_tokens_equal (tokens, first_token + n_tokens, "\xe2\x80\x99s", TRUE)) &&
      (tense != DOSSIER_TIMEX_TENSE_FUTURE || weak_future))
    return DOSSIER_TIMEX_TENSE_PAST;
  /* "since March" is behind the writer whatever the verb */
  if (first_token > first && dossier_tokens_equal (tokens, first_token - 1, "since", TRUE))
    return DOSSIER_TIMEX_TENSE_PAST;
  /* "postponed until Tuesday", "extended to Nov. 16": moved ahead */
  if (deadline && first_token >= first + 2 &&
      (dossier_tokens_equal (tokens, first_token - 2, "postponed", TRUE) ||
       dossier_tokens_equal (tokens, first_token - 2, "delayed", TRUE) ||
       dossier_tokens_equal (tokens, first_token - 2, "extended", TRUE) ||
       dossier_tokens_equal (tokens, first_token - 2, "adjourned", TRUE) ||
       dossier_tokens_equal (tokens, first_token - 2, "deferred", TRUE)))
    return DOSSIER_TIMEX_TENSE_FUTURE;
  /* "as soon as Tuesday", "as early as next week": ahead, unless it had
   * already happened by then */
  if (soon_as && !(tense == DOSSIER_TIMEX_TENSE_PAST &&
                   (dossier_tokens_equal (tokens, cue, "had", TRUE) ||
                    (cue >= first + 1 && dossier_tokens_equal (tokens, cue - 1, "had", TRUE)) ||
                    (cue >= first + 2 && dossier_tokens_equal (tokens, cue - 2, "had", TRUE)))))
    return DOSSIER_TIMEX_TENSE_FUTURE;
  if (deadline && tense != DOSSIER_TIMEX_TENSE_PAST)
    return DOSSIER_TIMEX_TENSE_FUTURE;
  return tense;
}

/* ---------------------------------------------------------------------------
 * Finding
 */

static gboolean
parse_reference (const char *reference,
                 int        *y,
                 int        *m,
                 int        *d)
{
  if (reference == NULL || strlen (reference) < 10)
    return FALSE;
  if (sscanf (reference, "%4d-%2d-%2d", y, m, d) != 3)
    return FALSE;
  return *m >= 1 && *m <= 12 && *d >= 1 && *d <= _dossier_timex_days_in_month (*y, *m);
}

static void
ctx_init (Ctx        *c,
          const char *reference_date)
{
  memset (c, 0, sizeof *c);
  lexicon_init ();
  c->have_ref = parse_reference (reference_date, &c->ry, &c->rm, &c->rd);
  if (c->have_ref)
    c->rdays = _dossier_timex_days_from_civil (c->ry, c->rm, c->rd);
  else
    {
      c->ry = 2000; /* placeholder arithmetic; values print X where the anchor matters */
      c->rm = 1;
      c->rd = 1;
      c->rdays = _dossier_timex_days_from_civil (2000, 1, 1);
    }
}

/* A dated value becomes the temporal focus: 1995, 1995-05, 1995-05-22,
 * 1995-05-22T10:00; a quarter or week gives its year. */
static void
update_focus (Ctx        *c,
              const char *value)
{
  int y, mo = 0, d = 0;

  if (strlen (value) < 4 || !g_ascii_isdigit (value[0]) || !g_ascii_isdigit (value[1]) ||
      !g_ascii_isdigit (value[2]) || !g_ascii_isdigit (value[3]))
    return;
  y = atoi (value);
  if (value[4] == '-' && g_ascii_isdigit (value[5]) && g_ascii_isdigit (value[6]))
    {
      mo = (value[5] - '0') * 10 + (value[6] - '0');
      if (value[7] == '-' && g_ascii_isdigit (value[8]) && g_ascii_isdigit (value[9]))
        d = (value[8] - '0') * 10 + (value[9] - '0');
    }
  if (mo < 1 || mo > 12)
    mo = d = 0;
  if (d > _dossier_timex_days_in_month (y, mo))
    d = 0;
  c->fy = y;
  c->fm = mo;
  c->fd = d;
}

/* A year range written as one token, "2010-2015" or "1990-95": appends the
 * two years as two expressions inside the token and returns TRUE. */
static gboolean
year_range (Ctx    *c,
            guint   i,
            GArray *out)
{
  const Piece *p = P (c, i);
  const DossierToken *tok;
  const char *text;
  int a, b, na = 4;
  gsize len;

  if (!(p->flags & PF_NUMERIC) || (p->flags & PF_DIGITS))
    return FALSE;
  tok = dossier_tokens_get (c->tokens, p->token);
  text = c->tokens->text + tok->byte_start;
  len = tok->byte_end - tok->byte_start;
  if (p->byte_start != tok->byte_start || p->byte_end != tok->byte_end)
    return FALSE;
  if (len != 7 && len != 9)
    return FALSE;
  for (gsize k = 0; k < len; k++)
    if (k == 4 ? text[k] != '-' : !g_ascii_isdigit (text[k]))
      return FALSE;
  if (sscanf (text, "%4d-%d", &a, &b) != 2)
    return FALSE;
  if (len == 7)
    b += a / 100 * 100;   /* "1990-95" */
  if (a < 1000 || a > 2199 || b <= a || b > 2199 || b - a > 100)
    return FALSE;
  for (int k = 0; k < 2; k++)
    {
      DossierTimex x = { 0 };
      guint from = k == 0 ? 0 : na + 1;
      guint to = k == 0 ? na : len;

      x.first_token = p->token;
      x.n_tokens = 1;
      x.byte_start = tok->byte_start + from;
      x.byte_end = tok->byte_start + to;
      x.start = tok->start + from;   /* digits and '-' are one code point each */
      x.end = tok->start + to;
      x.type = DOSSIER_TIMEX_DATE;
      x.tense = DOSSIER_TIMEX_TENSE_NONE;
      g_snprintf (x.value, sizeof x.value, "%04d", k == 0 ? a : b);
      if (out->len > 0 && g_array_index (out, DossierTimex, out->len - 1).byte_end > x.byte_start)
        return TRUE;
      g_array_append_val (out, x);
    }
  update_focus (c, g_array_index (out, DossierTimex, out->len - 1).value);
  return TRUE;
}

/* Words that look like expressions but are not, or are only in some places. */
static gboolean
reject_match (const Ctx   *c,
              guint        i,
              const Match *m)
{
  const Piece *p = P (c, i);

  if (m->len == 1 && p->cls == C_FUNC)
    return TRUE;
  /* "$1990", "1990 shares" are not years */
  if (m->len == 1 && (p->flags & PF_DIGITS) && m->type == DOSSIER_TIMEX_DATE)
    {
      const Piece *next = P (c, i + 1);

      if (next->w[0] && !(next->flags & PF_PUNCT) && next->cls == C_NONE && !(next->flags & PF_CAP) &&
          g_str_has_suffix (next->w, "s") && !g_str_has_suffix (next->w, "ss") &&
          !(next->flags & PF_CLITIC) &&
          !(strcmp (next->w, "and") == 0 || strcmp (next->w, "when") == 0 ||
            strcmp (next->w, "after") == 0 || strcmp (next->w, "before") == 0 ||
            strcmp (next->w, "was") == 0 || strcmp (next->w, "is") == 0 ||
            strcmp (next->w, "were") == 0 || strcmp (next->w, "because") == 0 ||
            strcmp (next->w, "as") == 0 || strcmp (next->w, "but") == 0 ||
            strcmp (next->w, "until") == 0 || strcmp (next->w, "by") == 0 ||
            strcmp (next->w, "with") == 0 || strcmp (next->w, "from") == 0 ||
            strcmp (next->w, "for") == 0 || strcmp (next->w, "on") == 0 ||
            strcmp (next->w, "through") == 0 || strcmp (next->w, "had") == 0 ||
            strcmp (next->w, "have") == 0 || strcmp (next->w, "has") == 0 ||
            strcmp (next->w, "will") == 0 || strcmp (next->w, "would") == 0 ||
            strcmp (next->w, "election") == 0 || strcmp (next->w, "elections") == 0 ||
            strcmp (next->w, "levels") == 0 || strcmp (next->w, "level") == 0 ||
            strcmp (next->w, "results") == 0 || strcmp (next->w, "budget") == 0 ||
            strcmp (next->w, "season") == 0 || strcmp (next->w, "agreement") == 0 ||
            strcmp (next->w, "where") == 0 || strcmp (next->w, "there") == 0 ||
            strcmp (next->w, "or") == 0 || strcmp (next->w, "to") == 0 ||
            strcmp (next->w, "in") == 0 || strcmp (next->w, "at") == 0 ||
            strcmp (next->w, "that") == 0 || strcmp (next->w, "the") == 0 ||
            strcmp (next->w, "a") == 0 || strcmp (next->w, "it") == 0 ||
            strcmp (next->w, "he") == 0 || strcmp (next->w, "she") == 0 ||
            strcmp (next->w, "they") == 0 || strcmp (next->w, "we") == 0 ||
            strcmp (next->w, "of") == 0 || strcmp (next->w, "than") == 0))
        return TRUE;
    }
  return FALSE;
}

void
dossier_timex_find (const DossierTokens *tokens,
                    guint                first_token,
                    guint                n_tokens,
                    const char          *reference_date,
                    GArray              *out)
{
  g_autoptr(GArray) pieces = NULL;
  Ctx c;

  g_return_if_fail (tokens != NULL);
  g_return_if_fail (out != NULL);
  g_return_if_fail (first_token + n_tokens <= dossier_tokens_len (tokens));

  ctx_init (&c, reference_date);
  pieces = g_array_sized_new (FALSE, FALSE, sizeof (Piece), n_tokens + 16);
  build_pieces (pieces, tokens, first_token, n_tokens);
  c.tokens = tokens;
  c.p = (Piece *) pieces->data;
  c.n = pieces->len;

  for (guint i = 0; i < c.n;)
    {
      Match m;
      guint n, first, last;
      DossierTimex x = { 0 };
      const DossierToken *t0, *t1;

      /* "2010-2015", "1990-95": two years in one token, two expressions */
      if (year_range (&c, i, out))
        {
          i++;
          continue;
        }
      /* cheap filter before computing the tense */
      c.tense = DOSSIER_TIMEX_TENSE_NONE;
      if (match_at (&c, i, &m) == 0 || reject_match (&c, i, &m))
        {
          i++;
          continue;
        }
      c.tense = dossier_timex_tense_at (tokens, c.p[i].token, c.p[i + m.len - 1].token - c.p[i].token + 1);
      n = match_at (&c, i, &m);
      if (n == 0)
        {
          i++;
          continue;
        }
      first = c.p[i].token;
      last = c.p[i + n - 1].token;
      /* "the two-week strike": the determiner belongs to the noun, not to
       * the adjective that is the expression */
      if (n >= 3 && is_func (&c, i, F_THE) && c.p[i + 1].token == last && last > first &&
          (c.p[i + n - 1].flags & PF_HYPHEN) && last + 1 < first_token + n_tokens &&
          dossier_tokens_get (tokens, last + 1)->kind == DOSSIER_TOKEN_WORD &&
          !(dossier_tokens_get (tokens, last + 1)->flags & DOSSIER_TOKEN_CAPITALIZED))
        first = c.p[i + 1].token;
      t0 = dossier_tokens_get (tokens, first);
      t1 = dossier_tokens_get (tokens, last);
      x.first_token = first;
      x.n_tokens = last - first + 1;
      x.start = t0->start;
      x.end = t1->end;
      x.byte_start = t0->byte_start;
      x.byte_end = t1->byte_end;
      /* arithmetic past the years a value can spell ("5000 years ago" from
       * a reference in 1000) gives no value: no expression */
      if (!dossier_timex_value_is_valid (m.value))
        {
          i += n;
          continue;
        }
      x.type = m.type;
      x.tense = c.tense;
      g_strlcpy (x.value, m.value, sizeof x.value);
      g_strlcpy (x.mod, m.mod, sizeof x.mod);
      /* a span ends on a whole token: skip the rest of a hyphenated word */
      i += n;
      while (i < c.n && c.p[i].token == last)
        i++;
      if (out->len > 0)
        {
          DossierTimex *prev = &g_array_index (out, DossierTimex, out->len - 1);

          if (prev->byte_end > x.byte_start)
            continue;
        }
      /* "the quarter", "a year ago" refer back to a quarter already reported on,
       * not to one forecast */
      if (m.quarter_year > 0 && (m.quarter_year * 4 + m.quarter < c.ry * 4 + ref_quarter (&c) ||
                                 (m.quarter_year * 4 + m.quarter == c.ry * 4 + ref_quarter (&c) &&
                                  c.tense == DOSSIER_TIMEX_TENSE_PAST)))
        {
          c.quarter_year = m.quarter_year;
          c.quarter = m.quarter;
          c.months_span = FALSE;
        }
      else if (m.type == DOSSIER_TIMEX_DURATION && m.value[0] == 'P' && g_ascii_isdigit (m.value[1]) &&
               g_str_has_suffix (m.value, "M") && atoi (m.value + 1) > 3 && atoi (m.value + 1) < 12)
        c.months_span = TRUE;  /* "the nine months": a year earlier is the year before */
      if (m.type == DOSSIER_TIMEX_DATE || m.type == DOSSIER_TIMEX_TIME)
        update_focus (&c, m.value);
      g_array_append_val (out, x);
    }
}

char *
dossier_timex_find_dateline (const DossierTokens *tokens)
{
  g_autoptr(GArray) found = NULL;
  guint n, limit = 0;

  g_return_val_if_fail (tokens != NULL, NULL);

  /* the first line, or the first sentence, whichever ends first, and at
   * most 40 tokens: a dateline sits at the very top */
  n = dossier_tokens_len (tokens);
  while (limit < n && limit < 40)
    {
      const DossierToken *t = dossier_tokens_get (tokens, limit);

      if (limit > 0 && (t->flags & (DOSSIER_TOKEN_PARAGRAPH_START | DOSSIER_TOKEN_SENTENCE_START)))
        break;
      limit++;
    }
  found = g_array_new (FALSE, TRUE, sizeof (DossierTimex));
  dossier_timex_find (tokens, 0, limit, NULL, found);
  for (guint i = 0; i < found->len; i++)
    {
      const DossierTimex *x = &g_array_index (found, DossierTimex, i);

      if (strlen (x->value) == 10 && g_ascii_isdigit (x->value[0]) && dossier_timex_value_is_valid (x->value))
        return g_strdup (x->value);
    }
  return NULL;
}

GArray *
dossier_timex_find_in_text (const char *text,
                            gssize      n_bytes,
                            const char *reference_date)
{
  g_autoptr(DossierTokens) tokens = NULL;
  GArray *out;

  g_return_val_if_fail (text != NULL, NULL);

  tokens = dossier_tokens_new (text, n_bytes);
  dossier_tokenize (tokens);
  out = g_array_new (FALSE, TRUE, sizeof (DossierTimex));
  dossier_timex_find (tokens, 0, dossier_tokens_len (tokens), reference_date, out);
  return out;
}

gboolean
dossier_timex_normalise (const char         *text,
                         int                 type,
                         const char         *reference_date,
                         DossierTimexTense   tense,
                         char              **value,
                         char              **mod)
{
  g_autoptr(DossierTokens) tokens = NULL;
  g_autoptr(GArray) pieces = NULL;
  Ctx c;
  Match m;
  guint start = 0, n;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  tokens = dossier_tokens_new (text, -1);
  dossier_tokenize (tokens);
  ctx_init (&c, reference_date);
  pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  build_pieces (pieces, tokens, 0, dossier_tokens_len (tokens));
  c.tokens = tokens;
  c.p = (Piece *) pieces->data;
  c.n = pieces->len;
  c.tense = tense;

  /* the annotation may carry a leading preposition the user included */
  if (c.n > 1 && (is_func (&c, 0, F_IN) || is_word (&c, 0, "on") || is_word (&c, 0, "since") ||
                  is_word (&c, 0, "by") || is_word (&c, 0, "until")))
    start = 1;
  n = match_at (&c, start, &m);
  if (n == 0 || start + n < c.n)
    {
      /* allow trailing punctuation only */
      if (n == 0)
        return FALSE;
      for (guint k = start + n; k < c.n; k++)
        if (!(c.p[k].flags & PF_PUNCT) && !(c.p[k].flags & PF_CLITIC) && c.p[k].token != c.p[start + n - 1].token)
          return FALSE;
    }
  /* the caller's type stands; the value is the one the text reads as */
  (void) type;
  if (!dossier_timex_value_is_valid (m.value))
    return FALSE;
  *value = g_strdup (m.value);
  if (mod != NULL)
    *mod = m.mod[0] ? g_strdup (m.mod) : NULL;
  return TRUE;
}

const char *
dossier_timex_type_to_string (DossierTimexType type)
{
  switch (type)
    {
    case DOSSIER_TIMEX_DATE: return "DATE";
    case DOSSIER_TIMEX_TIME: return "TIME";
    case DOSSIER_TIMEX_DURATION: return "DURATION";
    case DOSSIER_TIMEX_SET: return "SET";
    default: return "DATE";
    }
}

gboolean
dossier_timex_type_from_string (const char       *string,
                                DossierTimexType *type)
{
  static const char *names[] = { "DATE", "TIME", "DURATION", "SET" };

  g_return_val_if_fail (type != NULL, FALSE);

  for (guint i = 0; string && i < G_N_ELEMENTS (names); i++)
    if (strcmp (string, names[i]) == 0)
      {
        *type = i;
        return TRUE;
      }
  return FALSE;
}
