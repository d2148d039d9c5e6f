/* test-timex.c — temporal expressions, TIMEX3 values, the timeline and TimeML
 *
 * Every expected value below was worked out by hand from a calendar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dossier-commands.h"
#include "dossier-extraction.h"
#include "dossier-stages.h"
#include "dossier-timex.h"
#include "test-util.h"

typedef struct
{
  const char *reference;  /* publication date */
  const char *sentence;
  const char *expression; /* the span expected */
  const char *type;
  const char *value;
  const char *mod;        /* NULL for none */
} Case;

static const Case cases[] = {
  /* 2025-02-09 is a Sunday */
  { "2025-02-09", "Trump said on Friday that talks went well.", "Friday", "DATE", "2025-02-07", NULL },
  { "2025-02-09", "Trump will meet Putin on Friday.", "Friday", "DATE", "2025-02-14", NULL },
  { "2025-02-09", "Trump said on Sunday he believed it.", "Sunday", "DATE", "2025-02-09", NULL },
  { "2025-02-09", "They met last Friday.", "last Friday", "DATE", "2025-02-07", NULL },
  { "2025-02-09", "They meet next Friday.", "next Friday", "DATE", "2025-02-14", NULL },
  { "2025-02-09", "Officials arrived yesterday.", "yesterday", "DATE", "2025-02-08", NULL },
  { "2025-02-09", "Officials arrive tomorrow.", "tomorrow", "DATE", "2025-02-10", NULL },
  { "2025-02-09", "He took office on January 20.", "January 20", "DATE", "2025-01-20", NULL },
  { "2025-02-09", "He took office on Jan. 20.", "Jan. 20", "DATE", "2025-01-20", NULL },
  { "2025-02-09", "He took office on 20 January 2025.", "20 January 2025", "DATE", "2025-01-20", NULL },
  { "2025-02-09", "It was signed on Oct. 31, 1989, in Bonn.", "Oct. 31, 1989", "DATE", "1989-10-31", NULL },
  { "2025-02-09", "The first call since early 2022 was made.", "early 2022", "DATE", "2022", "START" },
  { "2025-02-09", "Reuters reported earlier this month that talks began.", "earlier this month", "DATE", "2025-02", "START" },
  { "2025-02-09", "Prices fell late last year.", "late last year", "DATE", "2024", "END" },
  { "2025-02-09", "The vote comes in mid-March.", "mid-March", "DATE", "2025-03", "MID" },
  { "2025-02-09", "Sales rose last week.", "last week", "DATE", "2025-W05", NULL },
  { "2025-02-09", "Sales rose this week.", "this week", "DATE", "2025-W06", NULL },
  { "2025-02-09", "Sales rose last month.", "last month", "DATE", "2025-01", NULL },
  { "2025-02-09", "Sales rose last year.", "last year", "DATE", "2024", NULL },
  { "2025-02-09", "Sales will rise next year.", "next year", "DATE", "2026", NULL },
  { "2025-02-09", "The war began two years ago.", "two years ago", "DATE", "2023", NULL },
  { "2025-02-09", "Profit rose in the third quarter, the company said.", "the third quarter", "DATE", "2024-Q3", NULL },
  { "2025-02-09", "The plan covers the first quarter of 2026.", "the first quarter of 2026", "DATE", "2026-Q1", NULL },
  { "2025-02-09", "Music of the 1990s returned.", "the 1990s", "DATE", "199", NULL },
  { "2025-02-09", "The summit opens at 3 p.m. ET.", "3 p.m. ET", "TIME", "2025-02-09T15:00", NULL },
  { "2025-02-09", "He spoke this morning.", "this morning", "TIME", "2025-02-09TMO", NULL },
  { "2025-02-09", "The talks lasted three years.", "three years", "DURATION", "P3Y", NULL },
  { "2025-02-09", "He was jailed for 18 months.", "18 months", "DURATION", "P18M", NULL },
  { "2025-02-09", "It took a decade.", "a decade", "DURATION", "P10Y", NULL },
  { "2025-02-09", "He waited for more than two hours.", "more than two hours", "DURATION", "PT2H", "MORE_THAN" },
  { "2025-02-09", "They meet every week.", "every week", "SET", "P1W", NULL },
  { "2025-02-09", "The report is published annually.", "annually", "SET", "P1Y", NULL },
  { "2025-02-09", "The country is now at war.", "now", "DATE", "PRESENT_REF", NULL },
  { "2025-02-09", "He recently resigned.", "recently", "DATE", "PAST_REF", NULL },
  { "2025-02-09", "Nobody knows the future.", "the future", "DATE", "FUTURE_REF", NULL },
  { "2025-02-09", "The visit is planned for this summer.", "this summer", "DATE", "2025-SU", NULL },
  { "1998-02-06", "The company was sold last fall.", "last fall", "DATE", "1997-FA", NULL },
  { "2025-02-09", "They celebrated Christmas together.", "Christmas", "DATE", "2024-12-25", NULL },
  { "2025-02-09", "The file is dated 2025-01-31.", "2025-01-31", "DATE", "2025-01-31", NULL },
  { "2025-02-09", "Revenue rose in Q1 2025.", "Q1 2025", "DATE", "2025-Q1", NULL },
  { "2025-02-09", "Results for FY2024 were weak.", "FY2024", "DATE", "2024", NULL },
  { "2025-02-09", "The vote is at 10am.", "10am", "TIME", "2025-02-09T10:00", NULL },
  { "2025-02-09", "He arrived at 10:30 a.m. ET Friday.", "10:30 a.m. ET Friday", "TIME", "2025-02-07T10:30", NULL },
  { "2025-02-09", "He was born in nineteen ninety-six.", "nineteen ninety-six", "DATE", "1996", NULL },
  { "2025-02-09", "Prices rose in recent weeks.", "recent weeks", "DURATION", "PXW", NULL },
  { "2025-02-09", "In the coming days, officials travel.", "the coming days", "DATE", "FUTURE_REF", NULL },
  { "2025-02-09", "The talks lasted a year and a half.", "a year and a half", "DURATION", "P1Y6M", NULL },
  { "2025-02-09", "Talks resume in May.", "May", "DATE", "2025-05", NULL },
  { "2025-02-09", "It ended on Jan 20.", "Jan 20", "DATE", "2025-01-20", NULL },
  { "2025-02-09", "It ended on 20th January, 2025.", "20th January, 2025", "DATE", "2025-01-20", NULL },
  { "2025-02-09", "He left the day before yesterday.", "the day before yesterday", "DATE", "2025-02-07", NULL },
  /* tense, 2025-02-12 is a Wednesday */
  { "2025-02-12", "He said on Monday he would go.", "Monday", "DATE", "2025-02-10", NULL },
  { "2025-02-12", "He will speak on Monday.", "Monday", "DATE", "2025-02-17", NULL },
  { "2025-02-12", "The vote will be held on Friday.", "Friday", "DATE", "2025-02-14", NULL },
  { "2025-02-12", "The vote was held on Friday.", "Friday", "DATE", "2025-02-07", NULL },
  { "2025-02-12", "The summit is on Friday.", "Friday", "DATE", "2025-02-14", NULL },
  /* year boundaries: 2025-01-02 is a Thursday in ISO week 1 of 2025 */
  { "2025-01-02", "Sales fell last week.", "last week", "DATE", "2024-W52", NULL },
  { "2025-01-02", "Sales fell this week.", "this week", "DATE", "2025-W01", NULL },
  { "2025-01-02", "Sales fell last month.", "last month", "DATE", "2024-12", NULL },
  { "2025-01-02", "The deal closed on Dec. 30.", "Dec. 30", "DATE", "2024-12-30", NULL },
  { "2025-01-02", "The market closed on December 31.", "December 31", "DATE", "2024-12-31", NULL },
  { "2025-01-02", "He left last year.", "last year", "DATE", "2024", NULL },
  { "2024-12-30", "The law takes effect on January 1.", "January 1", "DATE", "2025-01-01", NULL },
  /* ISO weeks across years: 2021-01-03 is in 2020-W53, 2026-12-31 in 2026-W53 */
  { "2021-01-03", "Cases rose this week.", "this week", "DATE", "2020-W53", NULL },
  { "2021-01-03", "Cases will rise next week.", "next week", "DATE", "2021-W01", NULL },
  { "2026-12-31", "Cases rose this week.", "this week", "DATE", "2026-W53", NULL },
  { "2026-12-31", "Cases will rise next week.", "next week", "DATE", "2027-W01", NULL },
  /* leap years */
  { "2024-03-01", "The bill passed yesterday.", "yesterday", "DATE", "2024-02-29", NULL },
  { "2023-03-01", "The bill passed yesterday.", "yesterday", "DATE", "2023-02-28", NULL },
  { "2100-03-01", "The bill passed yesterday.", "yesterday", "DATE", "2100-02-28", NULL },
  { "2000-03-01", "The bill passed yesterday.", "yesterday", "DATE", "2000-02-29", NULL },
  { "2024-03-10", "It was signed on February 29.", "February 29", "DATE", "2024-02-29", NULL },
  { "2025-02-12", "Rebels fled on Friday and will return.", "Friday", "DATE", "2025-02-07", NULL },
  { "1998-05-01", "He and Arafat meet separately Monday with Albright.", "Monday", "DATE", "1998-05-04", NULL },
  /* a comma or a quote ends the clause of a tense cue: the speech verb
   * after it does not date a meeting announced in the quote */
  { "2025-02-09", "\"The ministers will meet in Geneva on Thursday,\" he said.", "Thursday", "DATE",
    "2025-02-13", NULL },
  { "2025-02-12", "Talks ended in Geneva on Monday, and he will speak.", "Monday", "DATE", "2025-02-10", NULL },
  /* a reported quarter that is the current one still anchors "a year earlier" */
  { "1989-11-02", "The company reported lower fourth-quarter earnings. It earned $45 million, "
    "down from $85 million a year earlier.", "a year earlier", "DATE", "1988-Q4", NULL },
  { "1989-11-02", "The company reported lower fourth-quarter earnings. Sales in the latest period "
    "rose.", "the latest period", "DATE", "1989-Q4", NULL },
  /* plans, postponements, "since", possessive days */
  { "2000-03-29", "Officials did not plan to remove him on Thursday morning.", "Thursday morning", "DATE",
    "2000-03-30", NULL },
  { "2000-01-07", "Protesters were planning a march on Saturday.", "Saturday", "DATE", "2000-01-08", NULL },
  { "2000-03-30", "Officials postponed until Tuesday morning any action.", "Tuesday morning", "DATE",
    "2000-04-04", NULL },
  { "1990-08-13", "The carrier, at sea since March, will stay.", "March", "DATE", "1990-03", NULL },
  { "2000-01-07", "They would look for ways around Wednesday's ruling.", "Wednesday", "DATE", "2000-01-05", NULL },
  { "1989-10-30", "The price is a premium over Thursday\xe2\x80\x99s closing price.", "Thursday", "DATE",
    "1989-10-26", NULL },
  { "2025-02-12", "Friday's vote will be close.", "Friday", "DATE", "2025-02-14", NULL },
  { "1989-10-30", "Prosecutors may soon seek an indictment.", "soon", "DATE", "FUTURE_REF", NULL },
  { "1989-10-30", "Sell programs hurt market makers more these days.", "these days", "DATE", "PRESENT_REF",
    NULL },
  { "2000-04-03", "He could come to the U.S. as early as Tuesday, officials said.", "Tuesday", "DATE",
    "2000-04-04", NULL },
  { "2025-02-12", "They had filed the reports as early as Monday.", "Monday", "DATE", "2025-02-10", NULL },
  { "1989-10-30", "Shares fell on Friday, down 4% from the previous Friday.", "the previous Friday", "DATE",
    "1989-10-20", NULL },
  { "1989-10-30", "The talks began on Oct. 3 and ended the following Monday.", "the following Monday", "DATE",
    "1989-10-09", NULL },
  { "1998-02-13", "Qantas will double its flights by August in a search for markets untouched by the crisis.",
    "August", "DATE", "1998-08", NULL },
  { "1998-03-03", "Islam will one day be the second largest religion.", "one day", "DATE", "FUTURE_REF", NULL },
  { "1998-03-03", "The strike lasted one day.", "one day", "DURATION", "P1D", NULL },
  { "2000-04-17", "The boy will stay through Easter week.", "Easter week", "DATE", "2000-W16", NULL },
  { "2000-02-24", "The day before last Tuesday's hearing, he visited.", "The day before last Tuesday", "DATE",
    "2000-02-21", NULL },
  { "2025-02-09", "They met the day after Christmas.", "the day after Christmas", "DATE", "2024-12-26", NULL },
  { "2000-01-07", "For weeks the government has held rallies.", "weeks", "DURATION", "PXW", NULL },
  { "1998-02-19", "He probably died within weeks or months of his capture.", "weeks or months", "DURATION",
    "PXW", "APPROX" },
  { "2000-04-03", "Lawyers emerged from their third day-long meeting.", "day-long", "DURATION", "P1D", NULL },
  { "1989-11-02", "The loan may be extended for an additional year.", "an additional year", "DURATION", "P1Y",
    NULL },
  { "1989-10-30", "Eight trading days after Oct. 12, the index had fallen.", "Eight trading days", "DURATION",
    "P8D", NULL },
  { "1989-10-26", "Sales grew in the '80s.", "the '80s", "DATE", "198", NULL },
  { "1989-10-26", "Sales grew in the last half of the '80s.", "the last half of the '80s", "DATE", "198",
    "END" },
  { "1989-10-26", "Over the next couple of years sales will grow.", "the next couple of years", "DURATION",
    "P2Y", "APPROX" },
  { "1989-10-26", "Holders may buy shares at half the then current market price.", "current", "DATE",
    "PAST_REF", NULL },
  { "1989-10-27", "Fund managers will face pressure in the weeks ahead.", "the weeks ahead", "DURATION", "PXW",
    NULL },
  { "1989-10-26", "Orders rose from the low levels of the early summer.", "the early summer", "DATE", "1989-SU",
    "START" },
  { "1987-03-02", "The agreement lets them try to negotiate up to September 30 any future quotas.",
    "September 30", "DATE", "1987-09-30", NULL },
  { "2025-02-12", "The exhibition runs through Sunday.", "Sunday", "DATE", "2025-02-16", NULL },
  /* wire-copy clock times, and the day named after "on" */
  { "2005-03-01", "The dollar traded at $1.36 at 1800 GMT on Monday.", "1800 GMT", "TIME", "2005-02-28T18:00",
    NULL },
  { "2005-03-01", "The index closed at 5 p.m. on Jan. 3.", "5 p.m.", "TIME", "2005-01-03T17:00", NULL },
  /* a range of years in one token: two dates */
  { "2025-02-09", "Sales grew in 2010-2015.", "2010", "DATE", "2010", NULL },
  { "2025-02-09", "Sales grew in 2010-2015.", "2015", "DATE", "2015", NULL },
  { "2025-02-09", "Output fell in the 1990-95 period.", "95", "DATE", "1995", NULL },
  /* spoken years with a month or season, a second day, the week of a day, a
   * part of the day alone */
  { "1998-02-27", "January nineteen ninety-seven. A bomb went off.", "January nineteen ninety-seven", "DATE",
    "1997-01", NULL },
  { "1998-02-23", "Prices were this low in the winter of nineteen ninety-four.",
    "the winter of nineteen ninety-four", "DATE", "1994-WI", NULL },
  { "1999-02-10", "A ceremony will be held on April 24 and 25.", "25", "DATE", "1999-04-25", NULL },
  { "2000-02-24", "The hearing is set for the week of March 6.", "the week of March 6", "DATE", "2000-W10",
    NULL },
  { "1998-03-06", "By mid afternoon, the operation was over.", "mid afternoon", "TIME", "1998-03-06TAF",
    "MID" },
  { "1989-11-02", "In the first nine months, net was $306 million, against a loss in the 1988 period.",
    "the 1988 period", "DATE", "1988", NULL },
  { "2005-03-01", "Profit was A$300bn in 2004, up from A$246bn the year before.", "the year before", "DATE",
    "2003", NULL },
  /* the temporal focus: anaphoric periods and bare clock times read against
   * the last date the text named */
  { "1998-04-18", "On May 22, 1995, he was promoted, and the following year he moved.",
    "the following year", "DATE", "1996", NULL },
  { "2000-01-28", "She fled in June 1998 and returned later that year.", "later that year", "DATE",
    "1998", "END" },
  { "1989-11-02", "Imports were $37 million in 1988, a small share of all imports that year.",
    "that year", "DATE", "1988", NULL },
  { "1989-10-27", "In March, the company hired advisers. The following month, it put itself up for sale.",
    "The following month", "DATE", "1989-04", NULL },
  { "1998-08-08", "The bomb went off on Friday, Aug. 7. Police arrived at about 10:35 a.m.",
    "about 10:35 a.m.", "TIME", "1998-08-07T10:35", "APPROX" },
  { "1999-10-24", "He was killed on Oct. 23. Earlier that day, his family called the police.",
    "Earlier that day", "DATE", "1999-10-23", "START" },
  /* no reference date: what the text does not say stays X */
  { NULL, "He took office on January 20.", "January 20", "DATE", "XXXX-01-20", NULL },
  { NULL, "It happened in 1998.", "1998", "DATE", "1998", NULL },
};

static void
test_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr(GArray) found = dossier_timex_find_in_text (c->sentence, -1, c->reference);
      gboolean matched = FALSE;

      for (guint k = 0; k < found->len; k++)
        {
          const DossierTimex *x = &g_array_index (found, DossierTimex, k);
          g_autofree char *span = g_strndup (c->sentence + x->byte_start, x->byte_end - x->byte_start);

          if (strcmp (span, c->expression) != 0)
            continue;
          matched = TRUE;
          if (strcmp (dossier_timex_type_to_string (x->type), c->type) != 0 ||
              strcmp (x->value, c->value) != 0 || strcmp (x->mod, c->mod ? c->mod : "") != 0)
            g_error ("\"%s\" in \"%s\" (reference %s): expected %s %s %s, got %s %s %s", c->expression,
                     c->sentence, c->reference ? c->reference : "none", c->type, c->value,
                     c->mod ? c->mod : "", dossier_timex_type_to_string (x->type), x->value, x->mod);
        }
      if (!matched)
        {
          GString *got = g_string_new (NULL);

          for (guint k = 0; k < found->len; k++)
            {
              const DossierTimex *x = &g_array_index (found, DossierTimex, k);
              g_string_append_printf (got, " \"%.*s\"", (int)(x->byte_end - x->byte_start),
                                      c->sentence + x->byte_start);
            }
          g_error ("\"%s\" not found in \"%s\"; found:%s", c->expression, c->sentence, got->str);
        }
    }
}

typedef struct
{
  const char *text;
  const char *value;
} Expected;

static const DossierExtractAnnotation *
find_annotation (DossierExtraction *extraction,
                 const char        *text,
                 guint              nth)
{
  for (guint i = 0; i < extraction->annotations->len; i++)
    {
      const DossierExtractAnnotation *a = dossier_extraction_annotation (extraction, i);
      g_autofree char *span = dossier_extraction_dup_span (extraction, a->start, a->end);

      if (strcmp (span, text) == 0 && nth-- == 0)
        return a;
    }
  return NULL;
}

/* The sample article, published on Sunday 2025-02-09. */
/* Words that look like dates but are not. */
static void
test_not_expressions (void)
{
  static const char *sentences[] = {
    "A second bomb exploded near the market.",
    "About three-quarters of voters agreed.",
    "He paid $1990 for the car.",
    "The 52-year-old man was arrested.",
    "May I ask a question?",
    "They will march on the capital.",
    "The quarter-to-quarter change was small.",
    "Jan Smith has 3 cats.",
    "He was soon released.",
    "Leave as soon as you can.",
    "It came too soon for them.",
    "Agents watched the annual March for Life.",
    "She led the March of the Mothers.",
    "The film High Noon was shown.",
    "Now, he says, it looks bad.",
    "Days later he left the city.",
    "The score was 1995-1990.",
    "He was named player of the year.",
    "He wrote in the Daily Telegraph.",
    "His single It's Now Or Never sold well.",
    "Inspectors were kept out of such quarters.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sentences); i++)
    {
      g_autoptr(GArray) found = dossier_timex_find_in_text (sentences[i], -1, "2025-02-09");

      if (found->len > 0)
        {
          const DossierTimex *x = &g_array_index (found, DossierTimex, 0);
          g_error ("\"%.*s\" found in \"%s\"", (int)(x->byte_end - x->byte_start),
                   sentences[i] + x->byte_start, sentences[i]);
        }
    }
}

static void
test_sample_article (void)
{
  g_autofree char *text = dossier_test_load_shared ("samples/air-force-one.txt", NULL);
  g_autoptr(DossierExtraction) extraction = dossier_extraction_new (text, -1, "2025-02-09");
  static const Expected expected[] = {
    { "Sunday", "2025-02-09" },
    { "January 20", "2025-01-20" },
    { "Friday", "2025-02-07" },
    { "early 2022", "2022" },
    { "earlier this month", "2025-02" },
  };
  static const char *order[] = { "2022", "2025-01-20", "2025-02", "2025-02-07", "2025-02-09", "2025-02-09" };
  const DossierExtractAnnotation *a;

  dossier_extraction_run (extraction);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      a = find_annotation (extraction, expected[i].text, 0);
      g_assert_nonnull (a);
      g_assert_cmpstr (a->label, ==, "DATE");
      g_assert_cmpstr (a->value, ==, expected[i].value);
    }
  a = find_annotation (extraction, "Sunday", 1);
  g_assert_nonnull (a);
  g_assert_cmpstr (a->value, ==, "2025-02-09");
  a = find_annotation (extraction, "early 2022", 0);
  g_assert_cmpstr (a->mod, ==, "START");

  /* the timeline: every dated expression, in date order */
  g_assert_cmpuint (extraction->events->len, ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const DossierExtractEvent *e = &g_array_index (extraction->events, DossierExtractEvent, i);
      const DossierExtractAnnotation *anchor = dossier_extraction_annotation (extraction, e->anchor);

      g_assert_cmpstr (e->date, ==, order[i]);
      g_assert_cmpstr (anchor->value, ==, e->date);
      g_assert_nonnull (e->summary);
      g_assert_cmpuint (strlen (e->summary), >, 0);
    }
  /* "Trump said on Sunday he believed …": the summary comes from that clause */
  g_assert_nonnull (strstr (g_array_index (extraction->events, DossierExtractEvent, 4).summary,
                            "said on Sunday"));
}

/* An event lists the people and organisations of its sentence, once each. */
static void
test_participants (void)
{
  /* code points: Putin 0-5, Trump 10-15, Riyadh 19-25, Friday 29-35, Putin 37-42, Xi 47-49 */
  const char *text = "Putin met Trump in Riyadh on Friday. Putin and Xi will meet next week.";
  g_autoptr(DossierExtraction) extraction = dossier_extraction_new (text, -1, "2025-02-09");
  const DossierExtractEvent *friday, *week;
  int putin = dossier_extraction_add_entity (extraction, "PERSON", "Vladimir Putin");
  int trump = dossier_extraction_add_entity (extraction, "PERSON", "Donald Trump");
  int riyadh = dossier_extraction_add_entity (extraction, "PLACE", "Riyadh");
  int xi = dossier_extraction_add_entity (extraction, "PERSON", "Xi Jinping");

  dossier_extraction_add_annotation (extraction, "PERSON", 0, 5, 0.9)->entity = putin;
  dossier_extraction_add_annotation (extraction, "PERSON", 10, 15, 0.9)->entity = trump;
  dossier_extraction_add_annotation (extraction, "PLACE", 19, 25, 0.9)->entity = riyadh;
  dossier_extraction_add_annotation (extraction, "PERSON", 37, 42, 0.9)->entity = putin;
  dossier_extraction_add_annotation (extraction, "PERSON", 47, 49, 0.9)->entity = xi;

  dossier_dates_stage_run (extraction);
  dossier_timeline_stage_run (extraction);

  g_assert_cmpuint (extraction->events->len, ==, 2);
  friday = &g_array_index (extraction->events, DossierExtractEvent, 0);
  week = &g_array_index (extraction->events, DossierExtractEvent, 1);
  g_assert_cmpstr (friday->date, ==, "2025-02-07");
  g_assert_cmpuint (friday->participants->len, ==, 2);
  g_assert_cmpint (g_array_index (friday->participants, int, 0), ==, putin);
  g_assert_cmpint (g_array_index (friday->participants, int, 1), ==, trump);
  /* next week from Sunday 9 February is week 7 */
  g_assert_cmpstr (week->date, ==, "2025-W07");
  g_assert_cmpuint (week->participants->len, ==, 2);
  g_assert_cmpint (g_array_index (week->participants, int, 0), ==, putin);
  g_assert_cmpint (g_array_index (week->participants, int, 1), ==, xi);
}

/* Without a publication date the dateline anchors the article. */
static void
test_dateline (void)
{
  const char *text = "WASHINGTON, Feb. 9, 2025 — The president said on Friday that talks had begun.\n"
                     "He took office on January 20.\n";
  g_autoptr(DossierExtraction) extraction = dossier_extraction_new (text, -1, NULL);
  g_autoptr(DossierExtraction) bare = dossier_extraction_new ("He took office on January 20.", -1, NULL);

  dossier_extraction_run (extraction);
  g_assert_cmpstr (find_annotation (extraction, "Friday", 0)->value, ==, "2025-02-07");
  g_assert_cmpstr (find_annotation (extraction, "January 20", 0)->value, ==, "2025-01-20");

  dossier_extraction_run (bare);
  g_assert_cmpstr (find_annotation (bare, "January 20", 0)->value, ==, "XXXX-01-20");
}

/* When the user changes the publication date, every value follows it. */
static void
test_renormalise (void)
{
  char *value = NULL, *mod = NULL;
  const char *text = "Trump said on Friday that he met Putin last week.";
  g_autoptr(DossierExtraction) first = dossier_extraction_new (text, -1, "2025-02-09");
  g_autoptr(DossierExtraction) second = dossier_extraction_new (text, -1, "2025-03-01");

  g_assert_true (dossier_timex_normalise ("Friday", -1, "2025-02-09", DOSSIER_TIMEX_TENSE_PAST, &value, &mod));
  g_assert_cmpstr (value, ==, "2025-02-07");
  g_assert_null (mod);
  g_clear_pointer (&value, g_free);
  /* 2025-03-01 is a Saturday: the Friday before is 28 February */
  g_assert_true (dossier_timex_normalise ("Friday", -1, "2025-03-01", DOSSIER_TIMEX_TENSE_PAST, &value, &mod));
  g_assert_cmpstr (value, ==, "2025-02-28");
  g_clear_pointer (&value, g_free);
  g_assert_true (dossier_timex_normalise ("on Friday", -1, "2025-03-01", DOSSIER_TIMEX_TENSE_FUTURE, &value, &mod));
  g_assert_cmpstr (value, ==, "2025-03-07");
  g_clear_pointer (&value, g_free);
  g_assert_true (dossier_timex_normalise ("early 2022", -1, "2025-03-01", DOSSIER_TIMEX_TENSE_NONE, &value, &mod));
  g_assert_cmpstr (value, ==, "2022");
  g_assert_cmpstr (mod, ==, "START");
  g_clear_pointer (&value, g_free);
  g_clear_pointer (&mod, g_free);
  g_assert_false (dossier_timex_normalise ("the president", -1, "2025-03-01", DOSSIER_TIMEX_TENSE_NONE, &value, &mod));

  dossier_extraction_run (first);
  dossier_extraction_run (second);
  g_assert_cmpstr (find_annotation (first, "Friday", 0)->value, ==, "2025-02-07");
  g_assert_cmpstr (find_annotation (second, "Friday", 0)->value, ==, "2025-02-28");
  g_assert_cmpstr (find_annotation (first, "last week", 0)->value, ==, "2025-W05");
  /* 2025-02-22 is in week 8 */
  g_assert_cmpstr (find_annotation (second, "last week", 0)->value, ==, "2025-W08");
}

static void
test_values (void)
{
  static const char *valid[] = {
    "2025-02-09", "2024-02-29", "2000-02-29", "2025-W06", "2020-W53", "2026-W53", "2025-W06-7",
    "2025-Q1", "2025-H2", "2025-SU", "2025-02", "2025", "199", "19", "2025-02-09T15:00",
    "2025-02-09TMO", "P3Y", "PT2H30M", "P1W", "PXY", "PRESENT_REF", "PAST_REF", "FUTURE_REF",
    "XXXX-01-20", "XXXX-02-29", "XXXX-WXX-5",
  };
  static const char *invalid[] = {
    "2023-02-29", "2100-02-29", "2025-13", "2025-00-10", "2021-W53", "2025-Q5", "2025-04-31",
    "P", "P3", "yesterday", "", "2025-02-09T25:00",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    if (!dossier_timex_value_is_valid (valid[i]))
      g_error ("%s should be valid", valid[i]);
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    if (dossier_timex_value_is_valid (invalid[i]))
      g_error ("%s should be invalid", invalid[i]);
}

static void
test_order (void)
{
  /* each value starts no later than the next one; a coarser value first */
  static const char *ordered[] = {
    "PAST_REF", "199", "2022", "2022-01-01", "2024-WI", "2025", "2025-Q1", "2025-01", "2025-01-20",
    "2025-W05", "2025-02", "2025-W06", "2025-02-07", "2025-02-09", "2025-02-09T15:00",
    "PRESENT_REF", "FUTURE_REF", "XXXX-01-20", "P3Y",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ordered); i++)
    for (guint k = 0; k < G_N_ELEMENTS (ordered); k++)
      {
        int cmp = dossier_timex_value_compare (ordered[i], ordered[k]);

        if ((i < k && cmp >= 0) || (i > k && cmp <= 0) || (i == k && cmp != 0))
          g_error ("%s vs %s: %d", ordered[i], ordered[k], cmp);
      }
}

/* The timeline sorts by keys made once per date: they order as the comparison does,
 * ties included, on every date of the TempEval training data and on odd values. */
static void
test_sort_keys (void)
{
  static const char *odd[] = {
    "PAST_REF", "PRESENT_REF", "FUTURE_REF", "XXXX-01-20", "XXXX-12-01", "XXXX-WXX", "P3Y", "PT2H",
    "-0044-03-15", "0001", "9999-12-31T23:59", "2025-02-09T15:00", "2025-02-09TNI", "2025-SU",
    "2025-H1", "2025-Q4", "2025-W52", "20XX", "not a date", "", "2025-02-30",
  };
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = dossier_test_shared_path ("timeml/TBAQ-cleaned/TimeBank");
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    g_ptr_array_add (values, g_strdup (odd[i]));
  /* the value="…" of every TIMEX3 in a few dozen files */
  for (guint files = 0; d && (name = g_dir_read_name (d)) && files < 40; files++)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;

      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      for (const char *p = strstr (text, "value=\""); p; p = strstr (p + 1, "value=\""))
        {
          const char *end = strchr (p + 7, '"');
          if (end != NULL)
            g_ptr_array_add (values, g_strndup (p + 7, end - (p + 7)));
        }
    }
  g_assert_cmpuint (values->len, >, 200);
  for (guint i = 0; i < values->len; i++)
    g_ptr_array_add (keys, dossier_timex_value_sort_key (g_ptr_array_index (values, i)));
  for (guint i = 0; i < values->len; i++)
    for (guint k = 0; k < values->len; k++)
      {
        int cmp = dossier_timex_value_compare (g_ptr_array_index (values, i),
                                               g_ptr_array_index (values, k));
        int by_key = strcmp (g_ptr_array_index (keys, i), g_ptr_array_index (keys, k));

        if ((cmp > 0) != (by_key > 0) || (cmp < 0) != (by_key < 0))
          g_error ("%s vs %s: compare %d, keys %d", (char *)g_ptr_array_index (values, i),
                   (char *)g_ptr_array_index (values, k), cmp, by_key);
      }
}

static void
test_describe (void)
{
  static const struct { const char *value, *mod, *text; } descriptions[] = {
    { "2025-02-09", NULL, "Sunday 9 February 2025" },
    { "2025-02", NULL, "February 2025" },
    { "2022", "START", "early 2022" },
    { "2025-W06", NULL, "week 6 of 2025" },
    { "2025-Q1", NULL, "the first quarter of 2025" },
    { "199", NULL, "the 1990s" },
    { "P3Y", NULL, "3 years" },
    { "PRESENT_REF", NULL, "the present" },
    { "XXXX-01-20", NULL, "20 January" },
    { "2025-02-09T15:00", NULL, "Sunday 9 February 2025, 15:00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (descriptions); i++)
    {
      g_autofree char *text = dossier_timex_value_describe (descriptions[i].value, descriptions[i].mod);

      g_assert_cmpstr (text, ==, descriptions[i].text);
    }
}

static char *
strip_tags (const char *s,
            gsize       start,
            gsize       end)
{
  GString *out = g_string_new (NULL);
  gboolean in_tag = FALSE;

  for (gsize i = start; i < end; i++)
    {
      if (s[i] == '<')
        in_tag = TRUE;
      else if (s[i] == '>')
        in_tag = FALSE;
      else if (!in_tag)
        g_string_append_c (out, s[i]);
    }
  return g_string_free (out, FALSE);
}

/* A real TimeBank document: our tags in, the text and everything outside <TEXT> unchanged. */
static void
test_timeml_round_trip (void)
{
  gsize length, in_text, in_end, out_text, out_end;
  g_autofree char *file = dossier_test_load_shared ("timeml/TBAQ-cleaned/TimeBank/wsj_0006.tml", &length);
  g_autoptr(GString) document = g_string_new_len (file, length);
  const char *contents = document->str;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *in_plain = NULL, *out_plain = NULL;

  g_assert_true (dossier_timeml_tag (contents, length, NULL, out, &error));
  g_assert_no_error (error);

  g_assert_nonnull (strstr (out->str, "<TEXT>"));
  g_assert_nonnull (strstr (out->str, "</TEXT>"));
  in_text = strstr (contents, "<TEXT>") - contents;
  in_end = strstr (contents, "</TEXT>") - contents;
  out_text = strstr (out->str, "<TEXT>") - out->str;
  out_end = strstr (out->str, "</TEXT>") - out->str;
  /* outside <TEXT>: byte-identical */
  g_assert_cmpuint (in_text, ==, out_text);
  g_assert_cmpint (memcmp (contents, out->str, in_text), ==, 0);
  g_assert_cmpuint (length - in_end, ==, out->len - out_end);
  g_assert_cmpint (memcmp (contents + in_end, out->str + out_end, length - in_end), ==, 0);
  /* inside: the same text between the tags */
  in_plain = strip_tags (contents, in_text, in_end);
  out_plain = strip_tags (out->str, out_text, out_end);
  g_assert_cmpstr (in_plain, ==, out_plain);
  /* our tag for "year-end", against the DCT 1989-11-02; EVENT tags kept */
  g_assert_nonnull (strstr (out->str, "type=\"DATE\" value=\"1989-12-31\">year-end</TIMEX3>"));
  g_assert_nonnull (strstr (out->str, "<EVENT eid=\"e1\" class=\"REPORTING\">said</EVENT>"));
  /* the gold tag is gone */
  g_assert_null (strstr (out->str, "tid=\"t10\""));
}

static void
test_timeml_broken (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *no_text = "<TimeML><DOCID>x</DOCID></TimeML>";
  const char *unterminated = "<TimeML><TEXT>On Friday <EVENT eid=\"e1\"</TEXT></TimeML>";

  g_assert_false (dossier_timeml_tag (no_text, strlen (no_text), NULL, out, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (dossier_timeml_tag (unterminated, strlen (unterminated), NULL, out, &error));
  g_assert_nonnull (error);
}

/* Scoring a folder against itself is perfect. */
static void
test_eval_self (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = dossier_test_shared_path ("timeml/TBAQ-cleaned/AQUAINT");
      char *argv[] = { (char *) "eval-timex", dir, dir, NULL };

      exit (dossier_eval_timex_main (3, argv));
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*73 files, 579 gold TIMEX3, 579 system TIMEX3*");
  g_test_trap_assert_stdout ("*relaxed span  P 100.00  R 100.00  F1 100.00*");
  g_test_trap_assert_stdout ("*value  accuracy 100.00  F1 100.00*");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timex/table", test_table);
  g_test_add_func ("/timex/not-expressions", test_not_expressions);
  g_test_add_func ("/timex/sample-article", test_sample_article);
  g_test_add_func ("/timex/dateline", test_dateline);
  g_test_add_func ("/timex/participants", test_participants);
  g_test_add_func ("/timex/renormalise", test_renormalise);
  g_test_add_func ("/timex/values", test_values);
  g_test_add_func ("/timex/order", test_order);
  g_test_add_func ("/timex/sort-keys", test_sort_keys);
  g_test_add_func ("/timex/describe", test_describe);
  g_test_add_func ("/timex/timeml-round-trip", test_timeml_round_trip);
  g_test_add_func ("/timex/timeml-broken", test_timeml_broken);
  g_test_add_func ("/timex/eval-self", test_eval_self);

  return g_test_run ();
}
