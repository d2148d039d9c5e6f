/* dossier-timex-value.c — TIMEX3 values: check, order, describe
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-timex-value"

#include "config.h"

#include <string.h>

#include "dossier-timex.h"
#include "dossier-timex-private.h"

typedef enum
{
  V_INVALID,
  V_PAST_REF,
  V_POINT,       /* a calendar period with a known start */
  V_PRESENT_REF,
  V_FUTURE_REF,
  V_UNANCHORED,  /* X in the year: XXXX-01-20 */
  V_DURATION,
} ValueKind;

typedef enum
{
  G_MILLENNIUM_ = 0,
  G_CENTURY,
  G_DECADE,
  G_YEAR,
  G_HALF,
  G_QUARTER,
  G_SEASON,
  G_MONTH,
  G_WEEK,
  G_DAY,
  G_PART_OF_DAY,
  G_HOUR,
  G_MINUTE,
  G_SECOND,
} Granularity;

typedef struct
{
  ValueKind   kind;
  Granularity granularity;
  gint64      start;        /* first day (days since 1970) */
  int         seconds;      /* seconds into the start day */
  int         year, month, day, week, quarter, half, hour, minute;
  const char *season;       /* SP SU FA WI or NULL */
  const char *part;         /* MO AF EV NI or NULL */
} Value;

static int
digits (const char *s,
        int         n,
        gboolean   *has_x)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (s[i] == 'X')
        {
          *has_x = TRUE;
          v = v * 10;
        }
      else if (g_ascii_isdigit (s[i]))
        v = v * 10 + (s[i] - '0');
      else
        return -1;
    }
  return v;
}

static gboolean
parse_duration (const char *s)
{
  gboolean time = FALSE, any = FALSE;

  if (*s++ != 'P')
    return FALSE;
  while (*s)
    {
      const char *n = s;

      if (*s == 'T' && !time)
        {
          time = TRUE;
          s++;
          continue;
        }
      while (g_ascii_isdigit (*s) || *s == 'X' || *s == '.')
        s++;
      if (s == n)
        return FALSE;
      if (time ? strchr ("HMS", *s) == NULL : strchr ("YMWDQHLCE", *s) == NULL || *s == '\0')
        {
          /* DE (decade), CE (century), ML (millennium) */
          if (!time && (strncmp (s, "DE", 2) == 0 || strncmp (s, "CE", 2) == 0 ||
                        strncmp (s, "ML", 2) == 0))
            {
              s += 2;
              any = TRUE;
              continue;
            }
          return FALSE;
        }
      if (*s == '\0')
        return FALSE;
      s++;
      any = TRUE;
    }
  return any;
}

/* Parses the time part after 'T': "15:00", "15:00:30", "MO", "24" */
static gboolean
parse_time (const char *s,
            Value      *v)
{
  gboolean x = FALSE;
  gsize len = strlen (s);

  if (len == 2 && (strcmp (s, "MO") == 0 || strcmp (s, "AF") == 0 || strcmp (s, "EV") == 0 ||
                   strcmp (s, "NI") == 0 || strcmp (s, "DT") == 0))
    {
      static const int hours[] = { 8, 14, 19, 22, 12 };
      const char *parts[] = { "MO", "AF", "EV", "NI", "DT" };

      for (int i = 0; i < 5; i++)
        if (strcmp (s, parts[i]) == 0)
          {
            v->part = parts[i];
            v->seconds = hours[i] * 3600;
          }
      v->granularity = G_PART_OF_DAY;
      return TRUE;
    }
  if (len < 2)
    return FALSE;
  v->hour = digits (s, 2, &x);
  if (v->hour < 0 || v->hour > 24)
    return FALSE;
  v->granularity = G_HOUR;
  v->seconds = v->hour * 3600;
  if (len == 2)
    return TRUE;
  if (s[2] != ':' || len < 5)
    return FALSE;
  v->minute = digits (s + 3, 2, &x);
  if (v->minute < 0 || v->minute > 59)
    return FALSE;
  v->granularity = G_MINUTE;
  v->seconds += v->minute * 60;
  if (len == 5)
    return TRUE;
  if (s[5] != ':' || len != 8 || digits (s + 6, 2, &x) < 0 || digits (s + 6, 2, &x) > 60)
    return FALSE;
  v->granularity = G_SECOND;
  return TRUE;
}

static gboolean
parse_value (const char *s,
             Value      *v)
{
  gboolean x = FALSE;
  gsize len;
  const char *t;

  memset (v, 0, sizeof *v);
  v->kind = V_INVALID;
  if (s == NULL || *s == '\0')
    return FALSE;
  if (strcmp (s, "PAST_REF") == 0)
    return (v->kind = V_PAST_REF), TRUE;
  if (strcmp (s, "PRESENT_REF") == 0)
    return (v->kind = V_PRESENT_REF), TRUE;
  if (strcmp (s, "FUTURE_REF") == 0)
    return (v->kind = V_FUTURE_REF), TRUE;
  if (s[0] == 'P')
    {
      if (!parse_duration (s))
        return FALSE;
      v->kind = V_DURATION;
      return TRUE;
    }

  len = strlen (s);
  /* centuries, decades */
  if (len == 2 || len == 3)
    {
      int n = digits (s, len, &x);

      if (n < 0)
        return FALSE;
      v->granularity = len == 2 ? G_CENTURY : G_DECADE;
      v->year = len == 2 ? n * 100 : n * 10;
      v->kind = x ? V_UNANCHORED : V_POINT;
      v->start = _dossier_timex_days_from_civil (v->year, 1, 1);
      return TRUE;
    }
  if (len < 4)
    return FALSE;
  v->year = digits (s, 4, &x);
  if (v->year < 0)
    return FALSE;
  v->kind = x ? V_UNANCHORED : V_POINT;
  v->granularity = G_YEAR;
  v->start = _dossier_timex_days_from_civil (v->year, 1, 1);
  if (len == 4)
    return TRUE;
  if (s[4] != '-')
    return FALSE;
  t = s + 5;

  if (t[0] == 'W' && t[1] != 'I')
    {
      gboolean wx = FALSE;
      int weeks;

      if (strlen (t) < 3)
        return FALSE;
      v->week = digits (t + 1, 2, &wx);
      weeks = _dossier_timex_weekday (_dossier_timex_days_from_civil (v->year, 12, 28));
      (void) weeks;
      if (v->week < 0 || (!wx && (v->week < 1 || v->week > 53)))
        return FALSE;
      if (!wx && !x && v->week == 53)
        {
          int wy, w;

          /* a year has week 53 only if its 28 December is in it */
          _dossier_timex_iso_week (_dossier_timex_days_from_civil (v->year, 12, 28), &wy, &w);
          if (w != 53)
            return FALSE;
        }
      v->granularity = G_WEEK;
      if (wx)
        v->kind = V_UNANCHORED;
      else if (!x)
        v->start = _dossier_timex_iso_week_start (v->year, v->week);
      t += 3;
      if (*t == '\0')
        return TRUE;
      if (strcmp (t, "-WE") == 0)
        {
          v->start += 5;
          v->granularity = G_DAY;
          return TRUE;
        }
      if (t[0] == '-' && t[1] >= '1' && t[1] <= '7' && t[2] == '\0')
        {
          v->start += t[1] - '1';
          v->granularity = G_DAY;
          return TRUE;
        }
      return FALSE;
    }
  if ((t[0] == 'Q' || t[0] == 'H') && t[2] == '\0')
    {
      gboolean qx = FALSE;
      int n = digits (t + 1, 1, &qx);

      if (n < 0 || (!qx && (n < 1 || n > (t[0] == 'Q' ? 4 : 2))))
        return FALSE;
      if (qx)
        v->kind = V_UNANCHORED;
      if (t[0] == 'Q')
        {
          v->quarter = n;
          v->granularity = G_QUARTER;
          v->start = _dossier_timex_days_from_civil (v->year, 3 * (MAX (n, 1) - 1) + 1, 1);
        }
      else
        {
          v->half = n;
          v->granularity = G_HALF;
          v->start = _dossier_timex_days_from_civil (v->year, 6 * (MAX (n, 1) - 1) + 1, 1);
        }
      return TRUE;
    }
  if (strcmp (t, "SP") == 0 || strcmp (t, "SU") == 0 || strcmp (t, "FA") == 0 ||
      strcmp (t, "WI") == 0)
    {
      static const char *seasons[] = { "SP", "SU", "FA", "WI" };
      static const int months[] = { 3, 6, 9, 12 };

      for (int i = 0; i < 4; i++)
        if (strcmp (t, seasons[i]) == 0)
          {
            v->season = seasons[i];
            v->start = _dossier_timex_days_from_civil (v->year, months[i], 21);
          }
      v->granularity = G_SEASON;
      return TRUE;
    }
  if (strlen (t) < 2)
    return FALSE;
  v->month = digits (t, 2, &x);
  if (v->month < 0 || (v->month != 0 && v->month > 12) || (v->month == 0 && !x))
    return FALSE;
  v->granularity = G_MONTH;
  if (x)
    v->kind = V_UNANCHORED;
  else
    v->start = _dossier_timex_days_from_civil (v->year, v->month, 1);
  t += 2;
  if (*t == '\0')
    return TRUE;
  if (t[0] != '-' || strlen (t) < 3)
    return FALSE;
  v->day = digits (t + 1, 2, &x);
  if (v->day < 0)
    return FALSE;
  if (!x && (v->day < 1 || v->day > _dossier_timex_days_in_month (v->year, v->month)))
    return FALSE;
  /* with an unknown year, 29 February stays possible */
  if (x && v->month >= 1 && v->day > (v->month == 2 ? 29 : _dossier_timex_days_in_month (2001, v->month)))
    return FALSE;
  v->granularity = G_DAY;
  if (x)
    v->kind = V_UNANCHORED;
  else
    v->start = _dossier_timex_days_from_civil (v->year, v->month, v->day);
  t += 3;
  if (*t == '\0')
    return TRUE;
  if (*t != 'T')
    return FALSE;
  return parse_time (t + 1, v);
}

gboolean
dossier_timex_value_is_valid (const char *value)
{
  Value v;

  g_return_val_if_fail (value != NULL, FALSE);

  return parse_value (value, &v);
}

int
dossier_timex_value_compare (const char *a,
                             const char *b)
{
  Value va, vb;
  gboolean oka = parse_value (a, &va), okb = parse_value (b, &vb);

  if (!oka || !okb)
    return oka - okb ? (oka ? -1 : 1) : g_strcmp0 (a, b);
  if (va.kind != vb.kind)
    return va.kind < vb.kind ? -1 : 1;
  if (va.kind == V_POINT)
    {
      if (va.start != vb.start)
        return va.start < vb.start ? -1 : 1;
      if (va.granularity != vb.granularity)
        return va.granularity < vb.granularity ? -1 : 1;
      if (va.seconds != vb.seconds)
        return va.seconds < vb.seconds ? -1 : 1;
      return 0;
    }
  if (va.kind == V_UNANCHORED)
    {
      /* same unknown year: by month and day */
      if (va.month != vb.month)
        return va.month < vb.month ? -1 : 1;
      if (va.day != vb.day)
        return va.day < vb.day ? -1 : 1;
    }
  return g_strcmp0 (a, b);
}

char *
dossier_timex_value_sort_key (const char *value)
{
  Value v;

  if (!parse_value (value, &v))
    return value ? g_strconcat ("1\x01", value, NULL) : g_strdup ("1");
  if (v.kind == V_POINT)
    /* the start biased to sort as unsigned hex, then the granularity and the seconds */
    return g_strdup_printf ("0%c%016" G_GINT64_MODIFIER "x%02x%05d", '0' + v.kind,
                            (guint64)v.start ^ G_GUINT64_CONSTANT (0x8000000000000000),
                            v.granularity, v.seconds);
  if (v.kind == V_UNANCHORED)
    return g_strdup_printf ("0%c%02d%02d\x01%s", '0' + v.kind, v.month, v.day, value);
  return g_strdup_printf ("0%c\x01%s", '0' + v.kind, value);
}

static const char *const month_names[] = {
  "January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"
};
static const char *const weekday_names[] = {
  "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"
};

static const char *
mod_word (const char *mod)
{
  if (mod == NULL || *mod == '\0')
    return NULL;
  if (strcmp (mod, "START") == 0)
    return "early";
  if (strcmp (mod, "MID") == 0)
    return "mid";
  if (strcmp (mod, "END") == 0)
    return "late";
  if (strcmp (mod, "APPROX") == 0)
    return "about";
  if (strcmp (mod, "BEFORE") == 0)
    return "before";
  if (strcmp (mod, "AFTER") == 0)
    return "after";
  if (strcmp (mod, "ON_OR_BEFORE") == 0)
    return "on or before";
  if (strcmp (mod, "ON_OR_AFTER") == 0)
    return "on or after";
  if (strcmp (mod, "LESS_THAN") == 0)
    return "less than";
  if (strcmp (mod, "MORE_THAN") == 0)
    return "more than";
  if (strcmp (mod, "EQUAL_OR_LESS") == 0)
    return "at most";
  if (strcmp (mod, "EQUAL_OR_MORE") == 0)
    return "at least";
  return NULL;
}

static void
describe_duration (GString    *out,
                   const char *value)
{
  const char *s = value + 1;
  gboolean time = FALSE, first = TRUE;

  while (*s)
    {
      const char *n = s;
      g_autofree char *number = NULL;
      const char *unit = NULL;
      gboolean one;

      if (*s == 'T')
        {
          time = TRUE;
          s++;
          continue;
        }
      while (g_ascii_isdigit (*s) || *s == 'X' || *s == '.')
        s++;
      number = g_strndup (n, s - n);
      one = strcmp (number, "1") == 0;
      switch (*s)
        {
        case 'Y': unit = one ? "year" : "years"; break;
        case 'M': unit = time ? (one ? "minute" : "minutes") : (one ? "month" : "months"); break;
        case 'W': unit = one ? "week" : "weeks"; break;
        case 'D':
          if (s[1] == 'E')
            {
              unit = one ? "decade" : "decades";
              s++;
            }
          else
            unit = one ? "day" : "days";
          break;
        case 'H': unit = one ? "hour" : "hours"; break;
        case 'S': unit = one ? "second" : "seconds"; break;
        case 'Q': unit = one ? "quarter" : "quarters"; break;
        case 'C':
          unit = one ? "century" : "centuries";
          if (s[1] == 'E')
            s++;
          break;
        case 'E': unit = one ? "decade" : "decades"; break;
        case 'L': unit = one ? "millennium" : "millennia"; break;
        default: unit = ""; break;
        }
      if (*s)
        s++;
      if (!first)
        g_string_append (out, " ");
      if (strcmp (number, "X") == 0)
        g_string_append_printf (out, "some %s", unit);
      else
        g_string_append_printf (out, "%s %s", number, unit);
      first = FALSE;
    }
}

char *
dossier_timex_value_describe (const char *value,
                              const char *mod)
{
  GString *out;
  Value v;
  const char *prefix = mod_word (mod);

  g_return_val_if_fail (value != NULL, NULL);

  out = g_string_new (NULL);
  if (prefix != NULL)
    g_string_append_printf (out, "%s ", prefix);
  if (!parse_value (value, &v))
    {
      /* shown as it is, but always as valid UTF-8: a project file may hold anything */
      g_autofree char *valid = g_utf8_make_valid (value, -1);

      g_string_append (out, valid);
      return g_string_free (out, FALSE);
    }
  switch (v.kind)
    {
    case V_PAST_REF:
      g_string_append (out, "the past");
      break;
    case V_PRESENT_REF:
      g_string_append (out, "the present");
      break;
    case V_FUTURE_REF:
      g_string_append (out, "the future");
      break;
    case V_DURATION:
      describe_duration (out, value);
      break;
    case V_UNANCHORED:
    case V_POINT:
      {
        gboolean known_year = v.kind == V_POINT || (value[0] != 'X' && value[3] != 'X' && strlen (value) > 4);
        char year[16];

        if (known_year && v.kind == V_UNANCHORED && g_ascii_isdigit (value[0]) && g_ascii_isdigit (value[3]))
          g_snprintf (year, sizeof year, "%d", v.year);
        else if (v.kind == V_POINT)
          g_snprintf (year, sizeof year, "%d", v.year);
        else
          year[0] = '\0';

        switch (v.granularity)
          {
          case G_MILLENNIUM_:
          case G_CENTURY:
            if (v.kind == V_POINT)
              {
                int n = v.year / 100 + 1;
                const char *suffix = (n % 10 == 1 && n != 11) ? "st" : (n % 10 == 2 && n != 12) ? "nd" :
                                     (n % 10 == 3 && n != 13) ? "rd" : "th";
                g_string_append_printf (out, "the %d%s century", n, suffix);
              }
            else
              g_string_append (out, "an unknown century");
            break;
          case G_DECADE:
            if (v.kind == V_POINT)
              g_string_append_printf (out, "the %ds", v.year);
            else
              g_string_append (out, "an unknown decade");
            break;
          case G_YEAR:
            g_string_append (out, v.kind == V_POINT ? year : "an unknown year");
            break;
          case G_HALF:
            g_string_append_printf (out, "the %s half of %s", v.half == 1 ? "first" : "second",
                                    year[0] ? year : "the year");
            break;
          case G_QUARTER:
            {
              static const char *ord[] = { "first", "second", "third", "fourth" };
              if (v.quarter >= 1 && v.quarter <= 4)
                g_string_append_printf (out, "the %s quarter of %s", ord[v.quarter - 1],
                                        year[0] ? year : "the year");
              else
                g_string_append_printf (out, "a quarter of %s", year[0] ? year : "the year");
            }
            break;
          case G_SEASON:
            {
              const char *name = strcmp (v.season, "SP") == 0 ? "spring" : strcmp (v.season, "SU") == 0 ?
                                 "summer" : strcmp (v.season, "FA") == 0 ? "autumn" : "winter";
              g_string_append_printf (out, "%s%s%s", name, year[0] ? " " : "", year);
            }
            break;
          case G_MONTH:
            if (v.month >= 1 && v.month <= 12)
              g_string_append_printf (out, "%s%s%s", month_names[v.month - 1], year[0] ? " " : "", year);
            else
              g_string_append_printf (out, "a month of %s", year[0] ? year : "an unknown year");
            break;
          case G_WEEK:
            if (v.kind == V_POINT)
              g_string_append_printf (out, "week %d of %d", v.week, v.year);
            else
              g_string_append (out, "an unknown week");
            break;
          case G_DAY:
          case G_PART_OF_DAY:
          case G_HOUR:
          case G_MINUTE:
          case G_SECOND:
            if (v.kind == V_POINT)
              {
                int y, m, d;

                _dossier_timex_civil_from_days (v.start, &y, &m, &d);
                if (strstr (value, "-WE") != NULL)
                  g_string_append_printf (out, "the weekend of %d %s %d", d, month_names[m - 1], y);
                else
                  g_string_append_printf (out, "%s %d %s %d",
                                          weekday_names[_dossier_timex_weekday (v.start) - 1], d,
                                          month_names[m - 1], y);
              }
            else if (v.month >= 1 && v.month <= 12 && v.day >= 1)
              g_string_append_printf (out, "%d %s%s%s", v.day, month_names[v.month - 1],
                                      year[0] ? " " : "", year);
            else
              g_string_append (out, "an unknown day");
            if (v.granularity == G_PART_OF_DAY)
              {
                const char *p = strcmp (v.part, "MO") == 0 ? "morning" : strcmp (v.part, "AF") == 0 ?
                                "afternoon" : strcmp (v.part, "EV") == 0 ? "evening" :
                                strcmp (v.part, "NI") == 0 ? "night" : "daytime";
                g_string_append_printf (out, ", %s", p);
              }
            else if (v.granularity >= G_HOUR)
              g_string_append_printf (out, ", %02d:%02d", v.hour, v.minute);
            break;
          default:
            g_string_append (out, value);
            break;
          }
      }
      break;
    case V_INVALID:
    default:
      g_string_append (out, value);
      break;
    }
  return g_string_free (out, FALSE);
}
