/* test-quotes.c — quotes, speakers, people and titles, brat export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-quotes"

#include "config.h"

#include <string.h>

#include "dossier-commands.h"
#include "dossier-extraction.h"
#include "dossier-quote-brat.h"
#include "dossier-stages.h"
#include "test-quote-util.h"
#include "test-util.h"

/* ORG mentions as the entity tagger marks them, written by hand (the people are in
 * test-quote-util.h). */
static const char * const sample_orgs[] = {
  "New York Post", "TASS", "NBC News", "Reuters", NULL
};

static void
add_mentions (DossierExtraction  *ex,
              const char * const *names,
              const char         *label)
{
  for (guint n = 0; names[n] != NULL; n++)
    {
      gsize len = strlen (names[n]);
      const char *p = ex->text;

      while ((p = strstr (p, names[n])) != NULL)
        {
          guint start = g_utf8_pointer_to_offset (ex->text, p);
          guint end = start + g_utf8_strlen (names[n], len);
          gboolean taken = FALSE;
          gboolean word = (p == ex->text || !g_ascii_isalnum (p[-1])) && !g_ascii_isalnum (p[len]);

          for (guint a = 0; a < ex->annotations->len; a++)
            {
              const DossierExtractAnnotation *o = dossier_extraction_annotation (ex, a);
              if (o->start < end && start < o->end)
                taken = TRUE;
            }
          if (!taken && word)
            dossier_extraction_add_annotation (ex, label, start, end, 1.0);
          p += len;
        }
    }
}

/* Extraction with hand-marked mentions, then the people and quotes stages. */
static DossierExtraction *
extract (const char         *text,
         const char * const *people,
         const char * const *orgs)
{
  DossierExtraction *ex = dossier_extraction_new (text, -1, NULL);

  if (people != NULL)
    add_mentions (ex, people, "PERSON");
  if (orgs != NULL)
    add_mentions (ex, orgs, "ORG");
  dossier_people_stage_run (ex);
  dossier_quotes_stage_run (ex);
  return ex;
}

/* DOSSIER_TEST_DUMP=1 prints what was found, to read along a failing test. */
static void
dump (DossierExtraction *ex)
{
  for (guint a = 0; a < ex->annotations->len; a++)
    {
      DossierExtractAnnotation *q = dossier_extraction_annotation (ex, a);
      g_autofree char *t = dossier_extraction_dup_span (ex, q->start, q->end);
      g_autofree char *s = span_text (ex, q->source);
      g_autofree char *c = span_text (ex, q->cue);

      g_printerr ("%s %s [%s] source=[%s] cue=[%s] entity=%s\n", q->label, q->kind ? q->kind : "", t, s, c,
                  q->entity >= 0 ? dossier_extraction_entity (ex, q->entity)->name : "-");
    }
}

static guint
count_label (DossierExtraction *ex,
             const char        *label)
{
  guint n = 0;

  for (guint a = 0; a < ex->annotations->len; a++)
    if (g_strcmp0 (dossier_extraction_annotation (ex, a)->label, label) == 0)
      n++;
  return n;
}

/* Asserts the quote containing @needle: its whole text, kind, source, cue and speaker. */
static void
check_quote (DossierExtraction *ex,
             const char        *needle,
             const char        *text,
             const char        *kind,
             const char        *source,
             const char        *cue,
             const char        *speaker)
{
  DossierExtractAnnotation *q = find_quote (ex, needle);
  g_autofree char *t = NULL;
  g_autofree char *s = NULL;
  g_autofree char *c = NULL;

  if (q == NULL)
    g_error ("no quote containing \"%s\"", needle);
  t = dossier_extraction_dup_span (ex, q->start, q->end);
  s = span_text (ex, q->source);
  c = span_text (ex, q->cue);
  if (text != NULL)
    g_assert_cmpstr (t, ==, text);
  g_assert_cmpstr (q->kind, ==, kind);
  g_assert_cmpstr (s, ==, source);
  g_assert_cmpstr (c, ==, cue);
  if (speaker == NULL)
    g_assert_cmpint (q->entity, ==, -1);
  else
    {
      g_assert_cmpint (q->entity, >=, 0);
      g_assert_cmpstr (dossier_extraction_entity (ex, q->entity)->name, ==, speaker);
    }
}

static void
test_pairing_nested (void)
{
  static const char * const people[] = { "Maria Lopez", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("“When he told me ‘we will win this,’ I believed him,” Maria Lopez said.", people, NULL);

  g_assert_cmpuint (count_label (ex, "QUOTE"), ==, 1);
  check_quote (ex, "we will win", "“When he told me ‘we will win this,’ I believed him,”", "direct",
               "Maria Lopez", "said", "Maria Lopez");
}

static void
test_pairing_multi_paragraph (void)
{
  static const char * const people[] = { "John Smith", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("The mayor, John Smith, said in a statement: “The city will rebuild the bridge.\n"
             "“We have the money and we have the will.”\n"
             "The bridge collapsed in March.\n", people, NULL);

  /* one quote per paragraph, both by the mayor; the third paragraph is narrative */
  g_assert_cmpuint (count_label (ex, "QUOTE"), ==, 2);
  /* the cue as annotators mark it (PolNeAR): the phrase and its colon */
  check_quote (ex, "rebuild", "“The city will rebuild the bridge.", "direct",
               "The mayor, John Smith,", "said in a statement:", "John Smith");
  check_quote (ex, "the money", "“We have the money and we have the will.”", "direct",
               "The mayor, John Smith,", "said in a statement:", "John Smith");
  g_assert_null (find_quote (ex, "collapsed"));
}

static void
test_pairing_continued_paragraph (void)
{
  static const char * const people[] = { "John Smith", "Smith", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("Mayor John Smith spoke after the vote.\n"
             "“We will rebuild the bridge,” Smith said.\n"
             "“The money is there, and so is the will.”\n"
             "The bridge collapsed in March.\n", people, NULL);

  /* a quote paragraph with no cue of its own goes on with the speaker before it */
  g_assert_cmpuint (count_label (ex, "QUOTE"), ==, 2);
  check_quote (ex, "rebuild", "“We will rebuild the bridge,”", "direct", "Smith", "said", "John Smith");
  check_quote (ex, "money", "“The money is there, and so is the will.”", "direct", "Smith", "said",
               "John Smith");
}

static void
test_pairing_interrupted (void)
{
  static const char * const people[] = { "Dmitry Peskov", "Peskov", NULL };
  static const char * const orgs[] = { "TASS", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("Kremlin spokesman Dmitry Peskov spoke to TASS.\n"
             "\"I personally may not know something, be unaware of something,\" Peskov said when "
             "asked by TASS to comment. \"Therefore, in this case, I can neither confirm nor deny it.\"\n",
             people, orgs);

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  g_assert_cmpuint (count_label (ex, "QUOTE"), ==, 2);
  check_quote (ex, "personally", "\"I personally may not know something, be unaware of something,\"",
               "direct", "Peskov", "said", "Dmitry Peskov");
  check_quote (ex, "Therefore", "\"Therefore, in this case, I can neither confirm nor deny it.\"",
               "direct", "Peskov", "said", "Dmitry Peskov");
}

static void
test_pairing_unbalanced (void)
{
  static const char * const people[] = { "Ana Ruiz", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("The 6-foot-5\" guard scored 30 points, and Ana Ruiz called the night a \"turning point.\n"
             "The team plays again on Friday. Tickets are sold out.\n"
             "\"We are ready,\" Ana Ruiz said.\n", people, NULL);

  /* the stray marks stay in their paragraph; the next paragraph is not a quote */
  g_assert_null (find_quote (ex, "Tickets"));
  check_quote (ex, "ready", "\"We are ready,\"", "direct", "Ana Ruiz", "said", "Ana Ruiz");
}

/* A quote that ends in a dash at the end of its paragraph names nobody after the dash: no
 * source, not an empty one (the refining model refused the whole article's spans then). */
static void
test_pairing_dash_at_paragraph_end (void)
{
  static const char * const people[] = { "Emma", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("\"You are charming as you are, and I wish she were here again!\"--\n"
             "Emma said nothing to that, and the talk went on.\n", people, NULL);

  for (guint a = 0; a < ex->annotations->len; a++)
    {
      DossierExtractAnnotation *q = dossier_extraction_annotation (ex, a);
      g_autofree char *source = span_text (ex, q->source);

      if (g_strcmp0 (q->label, "QUOTE") == 0 && q->source.end > 0)
        g_assert_cmpstr (source, !=, "");
    }
}

static void
test_pairing_apostrophes (void)
{
  static const char * const people[] = { "Jones", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("The band’s ’90s hits weren’t on the list, and the singers' fans didn't mind. "
             "“We’re not commenting on the players’ contracts,” Jones said.", people, NULL);

  g_assert_cmpuint (count_label (ex, "QUOTE"), ==, 1);
  check_quote (ex, "commenting", "“We’re not commenting on the players’ contracts,”", "direct",
               "Jones", "said", "Jones");
}

static void
test_speakers_sample (void)
{
  g_autofree char *text = dossier_test_load_shared ("samples/air-force-one.txt", NULL);
  g_autoptr(DossierExtraction) ex = extract (text, sample_people, sample_orgs);

  /* "X said: …" */
  check_quote (ex, "I’ve had it", "“I’ve had it. Let’s just say I’ve had it...And I expect to have many "
               "more conversations. We have to get that war ended.”", "direct", "Trump", "said:",
               "Donald Trump");
  /* an interrupted quote: "…," Trump said. "…" */
  check_quote (ex, "If we are talking", "“If we are talking, I don’t want to tell you about the "
               "conversations,”", "direct", "Trump", "said", "Donald Trump");
  check_quote (ex, "I do believe", "“I do believe we’re making progress. We want to stop the "
               "Ukraine-Russia war.”", "direct", "Trump", "said", "Donald Trump");
  /* a description, then a pronoun */
  check_quote (ex, "in touch with Russia", "the United States was in touch with Russia and Ukraine",
               "indirect", "The president", "said", "Donald Trump");
  check_quote (ex, "both sides", "\"We're talking to both sides,\"", "direct", "he", "said",
               "Donald Trump");
  /* a partial quote inside reported speech */
  check_quote (ex, "better not say", NULL, "mixed", "Trump", "said", "Donald Trump");
  /* "X told Y that "…"" */
  check_quote (ex, "many different communications", "that \"many different communications are emerging.\"",
               "mixed", "Kremlin spokesman Dmitry Peskov", "told", "Dmitry Peskov");
  check_quote (ex, "I personally", NULL, "direct", "Peskov", "said", "Dmitry Peskov");
  check_quote (ex, "Therefore", NULL, "direct", "Peskov", "said", "Dmitry Peskov");
  /* 'countries."There' runs the quote into the previous sentence */
  check_quote (ex, "sensitive conversations", "\"There certainly are a lot of sensitive conversations going on,\"",
               "direct", "Waltz", "said", "Mike Waltz");
  /* reported speech */
  check_quote (ex, "making progress in its talks", NULL, "indirect", "U.S. President Donald Trump",
               "said", "Donald Trump");
  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  check_quote (ex, "appropriate time", "that he would meet with Putin at an appropriate time",
               "indirect", "Trump", "told", "Donald Trump");
}

/* A source after an opening phrase and its comma starts after the comma,
 * where PolNeAR's annotators start it; a title before a name stays. */
static void
test_sources_after_opening_phrase (void)
{
  g_autoptr(DossierExtraction) ex =
    extract ("Court fight.\n\n"
             "In May, a U.S. District Court judge sided with the Democrats, saying the law placed "
             "an undue burden on voters.\n", NULL, NULL);

  check_quote (ex, "undue burden", "the law placed an undue burden on voters", "indirect",
               "a U.S. District Court judge", "saying", NULL);
}

/* A quotation keeps the words leading into it, as annotators mark it:
 * the quote becomes a mixed one. */
static void
test_quote_lead_in (void)
{
  g_autoptr(DossierExtraction) ex =
    extract ("Census.\n\n"
             "The survey asks whether any resident has \"difficulty remembering, concentrating or "
             "making decisions.\" But the Census relies on profound memory lapses to achieve "
             "compliance with its demands, in addition to a threatened fine of as much as $5,000.\n",
             NULL, NULL);

  check_quote (ex, "difficulty remembering",
               "whether any resident has \"difficulty remembering, concentrating or making decisions.\"",
               "mixed", "The survey", "asks", NULL);
}

/* Reported content before its cue starts after an opening clause and its
 * comma, where annotators start it. */
static void
test_content_after_opening_clause (void)
{
  g_autoptr(DossierExtraction) ex =
    extract ("Turnout.\n\n"
             "Though Republicans boast of stronger participation by their primary voters, there is "
             "no correlation between primary turnout and which party wins the general election, "
             "political scientists say.\n", NULL, NULL);

  check_quote (ex, "no correlation",
               "there is no correlation between primary turnout and which party wins the general election",
               "indirect", "political scientists", "say", NULL);
}

/* A source and cue set off by commas inside the clause they report: the
 * subject before them is content too, a first fragment. */
static void
test_interrupted_subject (void)
{
  static const char * const people[] = { "Joe Biden", "Rubio", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("Senate.\n\n"
             "Vice President Joe Biden, Rubio said, had been in the Senate for \"a thousand years\" "
             "and passed \"hundreds of bills.\"\n", people, NULL);

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  check_quote (ex, "Joe Biden", "Vice President Joe Biden", "indirect", "Rubio", "said", "Rubio");
  check_quote (ex, "thousand years", NULL, "mixed", "Rubio", "said", "Rubio");
}

/* "she wrote …" takes the rest of the sentence by the rules, and it ends at
 * "budgets", before ", Ms. Harper said that": the words it gave back hold an
 * attribution of their own, which the tagger finds when it tags them again
 * (the rules had taken them). */
static void
test_freed_words_tagged (void)
{
  static const char * const people[] = { "Ms. Harper", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("Savings.\n\n"
             "Back when she wrote her first book on family budgets, Ms. Harper said that she "
             "considered credit cards a trap. These days, she has softened her view.\n", people, NULL);

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  check_quote (ex, "credit cards", "that she considered credit cards a trap", "indirect",
               "Ms. Harper", "said", "Harper");
  check_quote (ex, "family budgets", "her first book on family budgets", "indirect", "she",
               "wrote", NULL);
}

/* NYT style: a '' … '' quote ending its sentence with a period is not what
 * the next sentence's source says (PolNeAR train,
 * nyt_2016-04-25_trump-s-aging-air-fleet-gives-hi). */
static void
test_nyt_quote_ends_sentence (void)
{
  static const char * const people[] = { "Trump", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("Fleet.\n\n"
             "Mr. Trump said that he was aware of the Boeing's limitations and that he did not "
             "''use it that much.'' According to F.A.A. records, the Boeing has flown about 333 hours "
             "between Mr. Trump's announcement of his intention to run for president last June and "
             "March 16, 2016.\n", people, NULL);

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  check_quote (ex, "use it that much",
               "that he was aware of the Boeing's limitations and that he did not ''use it that much.''",
               "mixed", "Mr. Trump", "said", "Trump");
}

/* A show's title in quotation marks before the source is not what the
 * source said; the clause after the cue is (PolNeAR train,
 * breitbart_2016-01-31_issa-hillary-clinton-s-honesty-i). */
static void
test_title_before_source (void)
{
  static const char * const people[] = { "Darrell Issa", "Hillary Clinton", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("Issa.\n\n"
             "Sunday on Fox News channel’s “Sunday Morning Futures,” Rep. Darrell Issa said "
             "Democratic presidential candidate Hillary Clinton’s “judgment” and "
             "“honesty” are in question because of her handling of classified material on a "
             "private email server during her tenure as secretary of state.\n", people, NULL);

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  g_assert_null (find_quote (ex, "Morning Futures"));
  check_quote (ex, "honesty", NULL, "mixed", "Rep. Darrell Issa", "said", "Darrell Issa");
}

/* A mixed quote ending with its quotation: the quoted sentence after its cue
 * goes on with it, a second fragment of the same attribution (PolNeAR train,
 * nyt_2015-11-26_with-fewer-golfers-in-u-s-course). */
static void
test_mixed_quote_continued (void)
{
  static const char * const people[] = { "Hedge", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("Golf.\n\n"
             "Still, golf clubs are ''just scratching out a profit,'' Mr. Hedge said from his office "
             "in Orlando. ''Golf is a razor-thin industry from an investor standpoint. I hardly ever "
             "advise investing in a golf course.''\n", people, NULL);

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  check_quote (ex, "scratching", NULL, "mixed", "Mr. Hedge", "said", "Hedge");
  check_quote (ex, "razor-thin",
               "''Golf is a razor-thin industry from an investor standpoint. I hardly ever advise "
               "investing in a golf course.''", "direct", "Mr. Hedge", "said", "Hedge");
}

/* A source and cue set off by commas after an opening phrase or clause,
 * before a content that is a clause of its own: what opens the sentence is
 * content too, a first fragment (PolNeAR train,
 * huff-post_2016-06-27_hillary-clinton-slams-donald-tru and
 * huff-post_2016-02-01_here-s-why-winning-iowa-could-br). */
static void
test_interrupted_clause (void)
{
  static const char * const people[] = { "Clinton", "David Bositis", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("Abortion.\n\n"
             "If she becomes president, Clinton suggested in a tweet, women won’t be punished for "
             "exercising their right to terminate a pregnancy.\n\n"
             "Political analyst David Bositis agreed that the shift was a matter of geography and "
             "experience. For black voters in states like South Carolina, he said, their “political "
             "experience [told] them that African-Americans cannot win support from whites.”\n",
             people, NULL);

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  check_quote (ex, "If she becomes", "If she becomes president", "indirect", "Clinton", "suggested",
               "Clinton");
  check_quote (ex, "women won", NULL, "indirect", "Clinton", "suggested", "Clinton");
  check_quote (ex, "For black voters", "For black voters in states like South Carolina", "indirect", "he",
               "said", "David Bositis");
}

/* The same with a phrase after the cue ("explained earlier in the
 * hearing,"), which is neither content nor cue, and with "as" before the
 * source and an adverb opening the content. */
static void
test_interrupted_subject_after_phrase (void)
{
  static const char * const people[] = { "Smith", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("Wages.\n\n"
             "The bank fired 5,300 workers over the scheme. Those workers, Smith explained earlier "
             "in the hearing, were paid between $30,000 and $60,000 a year.\n\n"
             "The island, as one of the forecasters pointed out, rarely gets two hurricanes in a "
             "row.\n", people, NULL);

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  check_quote (ex, "Those workers", "Those workers", "indirect", "Smith", "explained", "Smith");
  check_quote (ex, "were paid", "were paid between $30,000 and $60,000 a year", "indirect", "Smith",
               "explained", "Smith");
  check_quote (ex, "The island", "The island", "indirect", "one of the forecasters", "pointed out",
               NULL);
  check_quote (ex, "rarely gets", "rarely gets two hurricanes in a row", "indirect",
               "one of the forecasters", "pointed out", NULL);
}

/* What is expected of a subject, or said about it, is not said by it: the
 * subject is the first fragment of the content, and there is no source or
 * speaker. */
static void
test_subject_of_expected (void)
{
  g_autoptr(DossierExtraction) ex =
    extract ("Campaign.\n\n"
             "The governor has not appeared at a rally since July. Both senators are expected "
             "to visit the state in the coming weeks.\n\n"
             "The company's founder was accused of using $50 million of investors' money for "
             "personal expenses.\n", NULL, NULL);

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  check_quote (ex, "Both senators", "Both senators", "indirect", "", "are expected", NULL);
  check_quote (ex, "to visit", "to visit the state in the coming weeks", "indirect", "", "are expected",
               NULL);
  check_quote (ex, "founder", "The company's founder", "indirect", "", "was accused of", NULL);
  check_quote (ex, "using", "using $50 million of investors' money for personal expenses", "indirect", "",
               "was accused of", NULL);
}

/* "The mayor was criticized for saying that …": what is said further on,
 * past another verb, is not said of the subject, which is no fragment of it
 * ("The mayor that the city was broke"). */
static void
test_subject_of_judged_speaker (void)
{
  g_autoptr(DossierExtraction) ex =
    extract ("Budget.\n\n"
             "The council met on Monday. The mayor was criticized for saying that the city was "
             "broke.\n", NULL, NULL);

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  g_assert_null (find_quote (ex, "mayor"));
  check_quote (ex, "broke", "that the city was broke", "indirect", "", "was criticized", NULL);
}

/* "said he hastily, as he opened the door": a pronoun after its cue is the
 * whole source, and the speaker is whom it stands for (Pride and Prejudice,
 * as in PDNC). */
static void
test_pronoun_after_cue_is_source (void)
{
  static const char * const people[] = { "Bingley", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("In a few minutes she was joined by Bingley, whose conference with her father had "
             "been short and to the purpose.\n\n"
             "\"Where is your sister?\" said he hastily, as he opened the door.\n\n"
             "\"With my mother up stairs. She will be down in a moment, I dare say.\"\n",
             people, NULL);

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  check_quote (ex, "Where is", NULL, "direct", "he", "said", "Bingley");
}

/* A quoted title inside the clause of the source and cue is not the quote
 * going on; the next quoted sentence is (PolNeAR train,
 * nyt_2016-03-12_protesting-at-trump-rallies-a-ri). */
static void
test_title_inside_source_clause (void)
{
  static const char * const people[] = { "John McGraw", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("Rallies.\n\n"
             "''He deserved it,'' the assailant, John McGraw, told the television program ''Inside "
             "Edition'' after the confrontation, which was captured on video from several angles. "
             "''Next time, we might have to kill him.''\n", people, NULL);
  g_autofree char *source = NULL;

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  g_assert_null (find_quote (ex, "Inside Edition"));
  g_assert_nonnull (find_quote (ex, "deserved"));
  /* whether the apposition's comma is in the source is the source ranker's call (annotators
   * do both); both quotes have the same one */
  source = span_text (ex, find_quote (ex, "deserved")->source);
  g_assert_true (g_str_has_prefix (source, "the assailant, John McGraw"));
  check_quote (ex, "deserved", "''He deserved it,''", "direct", source, "told", "John McGraw");
  check_quote (ex, "Next time", "''Next time, we might have to kill him.''", "direct", source,
               "told", "John McGraw");
}

/* In fiction a quote interrupted by its speaker goes on after a semicolon as after a comma
 * (Jane Austen, Emma, as in PDNC). */
static void
test_interrupted_after_semicolon (void)
{
  static const char * const people[] = { "Emma", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("Emma read the letter twice.\n\n"
             "\"He is very obliging,\" said Emma; \"but is he sure that Harriet means to "
             "marry him?\"\n", people, NULL);

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  check_quote (ex, "obliging", "\"He is very obliging,\"", "direct", "Emma", "said", "Emma");
  check_quote (ex, "Harriet", "\"but is he sure that Harriet means to marry him?\"", "direct",
               "Emma", "said", "Emma");
}

/* A source grows on over the apostrophe of a plural possessive, which opens no quotation;
 * not over the quotation mark of the quote that goes on (see above). */
static void
test_source_over_possessive (void)
{
  static const char * const people[] = { "Nancy Pelosi", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("The vote.\n\n"
             "\"We will win,\" said the Democrats' leader Nancy Pelosi.\n", people, NULL);

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  check_quote (ex, "win", "\"We will win,\"", "direct", "the Democrats' leader Nancy Pelosi", "said",
               "Nancy Pelosi");
}

/* Which mention is the source: the pronoun right before the cue ("in which he
 * said"), not the subject the sentence opens with; a passive without an agent
 * ("was accused of") has none, and the person it is about did not say it. */
static void
test_source_choice (void)
{
  static const char * const people[] = { "Terry Branstad", "Alvarez", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("Budget talks stall.\n\n"
             "DES MOINES, Iowa -- Gov. Terry Branstad met with legislative leaders on Tuesday.\n\n"
             "Democrats in the legislature seized on a radio interview last week, in which he said "
             "the state budget would be balanced by spring.\n\n"
             "Mr. Alvarez, the charity's former treasurer, was accused of diverting $2 million "
             "from its accounts.\n", people, NULL);
  DossierExtractAnnotation *q;

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  check_quote (ex, "budget", "the state budget would be balanced by spring", "indirect", "he",
               "said", "Terry Branstad");
  /* reported, as PolNeAR marks an accusation, but in nobody's name: not Mr. Alvarez's */
  q = find_quote (ex, "diverting");
  g_assert_nonnull (q);
  {
    g_autofree char *s = span_text (ex, q->source);

    g_assert_cmpstr (s, ==, "");
    g_assert_cmpint (q->entity, ==, -1);
  }
}

/* A question is no attribution: "Who said …?" names nobody. */
static void
test_question_is_no_source (void)
{
  g_autoptr(DossierExtraction) ex =
    extract ("The plan.\n\nWho said the plan would fail? Nobody knew.\n", NULL, NULL);

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  g_assert_cmpuint (count_label (ex, "QUOTE"), ==, 0);
}

/* A content's start does not move back into its own source: the second quotation after
 * "said Jones, of the U.S." starts at its quotation mark. */
static void
test_content_start_not_in_source (void)
{
  static const char * const people[] = { "Jones", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("The vote.\n\n\"They lost,\" said Jones, of the U.S. \"And\" Smith\n", people, NULL);

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  g_assert_null (find_quote (ex, "Jones"));
  g_assert_nonnull (find_quote (ex, "They lost"));
}

static void
test_nyt_content_start (void)
{
  static const char * const people[] = { "Donald J. Trump", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("Taxes.\n\n"
             "Not paying taxes ''makes me smart,'' Donald J. Trump said last week.\n", people, NULL);

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  check_quote (ex, "makes me smart", "Not paying taxes ''makes me smart,''", "mixed", "Donald J. Trump",
               "said", "Donald J. Trump");
}

/* A content after its cue starts right after it, over the words a ranker
 * would skip to a "that" or a quotation further in: "exemptions that let …"
 * (not "that let …"), "himself as …", "as “reckless” …"; after a phrase
 * ("via email"), at a "that". */
static void
test_content_starts_at_cue (void)
{
  g_autoptr(DossierExtraction) ex =
    extract ("Housing.\n\n"
             "The council member has attacked exemptions that let developers skip affordable units, "
             "and has called for new limits.\n\n"
             "The mayor is describing as “reckless” a state plan to cut transit money.\n\n"
             "He has portrayed himself as a careful steward of the city budget.\n\n"
             "His spokeswoman said via email that, “Of course the mayor will defend himself” "
             "against what the campaign calls a smear.\n", NULL, NULL);

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  check_quote (ex, "developers", "exemptions that let developers skip affordable units", "indirect",
               "The council member", "has attacked", NULL);
  check_quote (ex, "reckless", "as “reckless” a state plan to cut transit money", "mixed",
               "The mayor", "is describing", NULL);
  check_quote (ex, "steward", "himself as a careful steward of the city budget", "indirect", "He",
               "has portrayed", NULL);
  check_quote (ex, "Of course", "that, “Of course the mayor will defend himself” against what the campaign "
               "calls a smear", "mixed", "His spokeswoman", "said", NULL);
}

/* A quotation inside a sentence followed by a noun phrase is a title, not
 * a quote with a bare verb after it (PolNeAR train,
 * nyt_2016-05-17_a-big-bet-on-nostalgia). */
static void
test_title_inside_sentence (void)
{
  static const char * const people[] = { "Sarah Aubrey", "M. Night Shyamalan", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("Nostalgia.\n\n"
             "Other titles will be reimagined, even if the name initially helped open doors. Sarah "
             "Aubrey, who oversees programming at TNT, described the excitement when M. Night "
             "Shyamalan approached the network about revamping ''Tales From the Crypt,'' the kitschy "
             "HBO horror series.\n", people, NULL);

  if (g_getenv ("DOSSIER_TEST_DUMP") != NULL)
    dump (ex);
  /* not said by "the kitschy HBO horror" with the cue "series" (part of
   * what Sarah Aubrey described, as annotators have it, or nothing) */
  for (guint a = 0; a < ex->annotations->len; a++)
    {
      DossierExtractAnnotation *q = dossier_extraction_annotation (ex, a);
      g_autofree char *cue = NULL;

      if (g_strcmp0 (q->label, "QUOTE") != 0)
        continue;
      cue = span_text (ex, q->cue);
      g_assert_cmpstr (cue, !=, "series");
    }
}

static void
test_speakers_news (void)
{
  static const char * const people[] = { "Karine Jean-Pierre", "Jean-Pierre", "Olaf Scholz", "Scholz", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("German Chancellor Olaf Scholz met White House spokeswoman Karine Jean-Pierre on Monday.\n"
             "\"We will not be intimidated,\" said Scholz.\n"
             "Jean-Pierre told reporters that the talks were \"productive.\"\n"
             "\"This is a good day,\" she added.\n"
             "According to officials, the meeting lasted two hours.\n"
             "\"No comment,\" a diplomat said.\n", people, NULL);

  check_quote (ex, "intimidated", "\"We will not be intimidated,\"", "direct", "Scholz", "said", "Olaf Scholz");
  check_quote (ex, "productive", "that the talks were \"productive.\"", "mixed", "Jean-Pierre", "told",
               "Karine Jean-Pierre");
  /* "she": the last speaker, a woman by her first name */
  check_quote (ex, "good day", "\"This is a good day,\"", "direct", "she", "added", "Karine Jean-Pierre");
  check_quote (ex, "two hours", "the meeting lasted two hours", "indirect", "officials", "According to", NULL);
  /* an unnamed source: no speaker rather than a wrong one */
  check_quote (ex, "No comment", "\"No comment,\"", "direct", "a diplomat", "said", NULL);
}

static void
test_speakers_pronouns (void)
{
  static const char * const people[] = { "Xi Jinping", "Angela Merkel", "Li Wei", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("Xi Jinping met Angela Merkel in Beijing on Monday.\n"
             "\"We welcome cooperation,\" he said.\n"
             "Xi Jinping later met Li Wei.\n"
             "\"The talks went well,\" he said.\n", people, NULL);

  /* "he" is not Merkel; Xi's first name says nothing, but he is the only other one */
  check_quote (ex, "cooperation", NULL, "direct", "he", "said", "Xi Jinping");
  /* two men of unknown gender named just before: no speaker rather than a guess */
  check_quote (ex, "went well", NULL, "direct", "he", "said", NULL);
}

static void
check_sample_people (DossierExtraction *ex)
{
  static const struct { const char *name; const char *title; } expected[] = {
    { "Donald Trump", "U.S. President" },
    { "Vladimir Putin", "Russian President" },
    { "Dmitry Peskov", "Kremlin spokesman" },
    { "Mike Waltz", "U.S. National Security Adviser" },
    { "Marco Rubio", "Secretary of State" },
    { "Pete Hegseth", "Secretary of Defense" },
    { "JD Vance", "Vice President" },
    { "Keith Kellogg", "the special envoy for the Ukraine war" },
  };
  guint n_people = 0;
  guint n_trump = 0;

  for (guint e = 0; e < ex->entities->len; e++)
    if (g_strcmp0 (dossier_extraction_entity (ex, e)->type, "PERSON") == 0)
      n_people++;
  g_assert_cmpuint (n_people, ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      gboolean found = FALSE;
      for (guint e = 0; e < ex->entities->len; e++)
        {
          DossierExtractEntity *en = dossier_extraction_entity (ex, e);
          if (g_strcmp0 (en->name, expected[i].name) == 0)
            {
              g_assert_cmpstr (en->title, ==, expected[i].title);
              found = TRUE;
            }
        }
      if (!found)
        g_error ("no person %s", expected[i].name);
    }

  /* every "Trump" and "Donald Trump" is the same person; TITLE annotations point to it */
  for (guint a = 0; a < ex->annotations->len; a++)
    {
      DossierExtractAnnotation *m = dossier_extraction_annotation (ex, a);
      g_autofree char *t = dossier_extraction_dup_span (ex, m->start, m->end);
      if (g_strcmp0 (m->label, "PERSON") == 0 && g_str_has_suffix (t, "Trump"))
        {
          g_assert_cmpstr (dossier_extraction_entity (ex, m->entity)->name, ==, "Donald Trump");
          n_trump++;
        }
      if (g_strcmp0 (m->label, "TITLE") == 0 && g_strcmp0 (t, "Kremlin spokesman") == 0)
        g_assert_cmpstr (dossier_extraction_entity (ex, m->entity)->name, ==, "Dmitry Peskov");
    }
  g_assert_cmpuint (n_trump, ==, 8);
  g_assert_cmpuint (count_label (ex, "TITLE"), ==, 8);
}

static void
test_speakers_organisations (void)
{
  static const char * const orgs[] = { "Nestle", "Foreign Office", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("Nestle said sales grew by 4.5% last year.\n"
             "It said that trading would remain just as competitive.\n"
             "A Foreign Office spokesman said he could not comment.\n", NULL, orgs);

  check_quote (ex, "sales grew", "sales grew by 4.5% last year", "indirect", "Nestle", "said", "Nestle");
  /* "it": the organisation that spoke just before */
  check_quote (ex, "competitive", NULL, "indirect", "It", "said", "Nestle");
  /* the spokesman is a person of the Foreign Office, not the office itself */
  check_quote (ex, "comment", NULL, "indirect", "A Foreign Office spokesman", "said", NULL);
}

static void
test_people_sample (void)
{
  g_autofree char *text = dossier_test_load_shared ("samples/air-force-one.txt", NULL);
  g_autoptr(DossierExtraction) ex = extract (text, sample_people, sample_orgs);

  check_sample_people (ex);
}

/* The whole pipeline, with the shipped entity tagger marking the mentions. */
static void
test_pipeline_sample (void)
{
  g_autofree char *text = dossier_test_load_shared ("samples/air-force-one.txt", NULL);
  g_autoptr(DossierExtraction) ex = dossier_extraction_new (text, -1, "2025-02-09");

  dossier_extraction_run (ex);
  check_sample_people (ex);
  check_quote (ex, "I’ve had it", NULL, "direct", "Trump", "said:", "Donald Trump");
  check_quote (ex, "If we are talking", NULL, "direct", "Trump", "said", "Donald Trump");
  check_quote (ex, "I do believe", NULL, "direct", "Trump", "said", "Donald Trump");
  check_quote (ex, "both sides", NULL, "direct", "he", "said", "Donald Trump");
  check_quote (ex, "better not say", NULL, "mixed", "Trump", "said", "Donald Trump");
  check_quote (ex, "many different communications", NULL, "mixed", "Kremlin spokesman Dmitry Peskov",
               "told", "Dmitry Peskov");
  check_quote (ex, "I personally", NULL, "direct", "Peskov", "said", "Dmitry Peskov");
  check_quote (ex, "Therefore", NULL, "direct", "Peskov", "said", "Dmitry Peskov");
  check_quote (ex, "sensitive conversations", NULL, "direct", "Waltz", "said", "Mike Waltz");
  /* "the first officially acknowledged conversation": a participle describing its noun is no
   * cue, and Trump says nothing there */
  for (guint a = 0; a < ex->annotations->len; a++)
    {
      DossierExtractAnnotation *q = dossier_extraction_annotation (ex, a);
      g_autofree char *c = span_text (ex, q->cue);

      g_assert_false (g_str_has_suffix (c, "acknowledged"));
    }
}

static void
test_people_titles_inside_mentions (void)
{
  /* a tagger that marks the title and the honorific as part of the name */
  static const char * const people[] = { "President Barack Obama", "Mr. Obama", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("President Barack Obama spoke on Tuesday. Mr. Obama said the plan would work.\n"
             "\"We are ready,\" he said.\n", people, NULL);
  DossierExtractEntity *e;
  gboolean alias = FALSE;

  g_assert_cmpuint (ex->entities->len, ==, 1);
  e = dossier_extraction_entity (ex, 0);
  g_assert_cmpstr (e->name, ==, "Barack Obama");
  g_assert_cmpstr (e->title, ==, "President");
  for (guint i = 0; i < e->aliases->len; i++)
    if (g_strcmp0 (g_ptr_array_index (e->aliases, i), "Mr. Obama") == 0)
      alias = TRUE;
  g_assert_true (alias);
  check_quote (ex, "plan", "the plan would work", "indirect", "Mr. Obama", "said", "Barack Obama");
  check_quote (ex, "ready", "\"We are ready,\"", "direct", "he", "said", "Barack Obama");
}

/* A BBC politics story (../shared/data/news-text), through the whole pipeline. */
static void
test_pipeline_bbc (void)
{
  g_autofree char *text = dossier_test_load_shared ("news-text/bbc/politics/005.txt", NULL);
  g_autoptr(DossierExtraction) ex = dossier_extraction_new (text, -1, NULL);

  dossier_extraction_run (ex);
  /* the ally is not Brown himself, and is not named */
  check_quote (ex, "Budget giveaway", NULL, "indirect", "Chancellor Gordon Brown's closest ally",
               "has denied", NULL);
  /* "He said": Balls, the last speaker, even though Brown is named in what Balls said */
  check_quote (ex, "tax credit rules", NULL, "indirect", "He", "said", "Ed Balls");
  check_quote (ex, "big change in our political culture", NULL, "direct", "he", "told", "Ed Balls");
  /* a quote whose later paragraphs were run into one line: all Sir Digby's */
  check_quote (ex, "prudent chancellor", NULL, "direct", "Sir Digby", "added:", "Digby Jones");
  check_quote (ex, "spend any excess", "\"That would be a good way to spend any excess.\"", "direct",
               "Sir Digby", "added:", "Digby Jones");
}

/* A novel's dialogue (three '"…," said he'): each paragraph is a new turn,
 * an unattributed one between two speakers is the earlier one's again,
 * and Mr. and Mrs. Bennet are two people. */
static void
test_fiction_dialogue (void)
{
  static const char * const people[] = { "Bennet", "Smith", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("\"I am tired,\" said he. \"I shall go,\" said he. \"Good night,\" said he.\n\n"
             "\"Have you heard?\" said Mrs. Bennet.\n\n"
             "\"No,\" said Mr. Bennet.\n\n"
             "\"Netherfield is let at last.\"\n\n"
             "\"Is he married or single?\"\n\n"
             "Mr. Smith came in.\n\n"
             "\"We will win,\" Smith said.\n\n"
             "\"The polls are with us.\"\n", people, NULL);

  check_quote (ex, "heard", "\"Have you heard?\"", "direct", "Mrs. Bennet", "said", "Mrs. Bennet");
  check_quote (ex, "No,", "\"No,\"", "direct", "Mr. Bennet", "said", "Mr. Bennet");
  check_quote (ex, "Netherfield", "\"Netherfield is let at last.\"", "direct", "", "",
               "Mrs. Bennet");
  check_quote (ex, "married", "\"Is he married or single?\"", "direct", "", "", "Mr. Bennet");
  /* no alternation after one speaker, and no continuation in a novel: kept, without a speaker */
  check_quote (ex, "polls", "\"The polls are with us.\"", "direct", "", "", NULL);
}

/* The same turns in news: a quote paragraph after a dialogue gets no
 * speaker, one after a single speaker continues it. */
static void
test_news_turns (void)
{
  static const char * const people[] = { "Bennet", "Smith", NULL };
  g_autoptr(DossierExtraction) ex =
    extract ("\"Have you heard?\" said Mrs. Bennet.\n"
             "\"No,\" said Mr. Bennet.\n"
             "\"Netherfield is let at last.\"\n"
             "Mr. Smith came in.\n"
             "\"We will win,\" Smith said.\n"
             "\"The polls are with us.\"\n", people, NULL);

  check_quote (ex, "No,", "\"No,\"", "direct", "Mr. Bennet", "said", "Mr. Bennet");
  g_assert_null (find_quote (ex, "Netherfield"));
  check_quote (ex, "polls", "\"The polls are with us.\"", "direct", "Smith", "said", "Smith");
}

/* Every T line's text is the code-point slice of the article. */
static void
assert_spans_match (const char          *text,
                    DossierBratDocument *doc)
{
  glong n_chars = g_utf8_strlen (text, -1);

  for (guint i = 0; i < doc->spans->len; i++)
    {
      const DossierBratSpan *s = &g_array_index (doc->spans, DossierBratSpan, i);
      g_autoptr(GString) joined = g_string_new (NULL);

      for (guint f = 0; f < s->n_frags; f++)
        {
          const char *b0, *b1;
          g_assert_cmpuint (s->frags[f].end, <=, n_chars);
          b0 = g_utf8_offset_to_pointer (text, s->frags[f].start);
          b1 = g_utf8_offset_to_pointer (text, s->frags[f].end);
          if (f > 0)
            g_string_append_c (joined, ' ');
          g_string_append_len (joined, b0, b1 - b0);
        }
      g_assert_cmpstr (joined->str, ==, s->text);
    }
}

static void
test_brat_round_trip (void)
{
  g_autofree char *text = dossier_test_load_shared ("samples/air-force-one.txt", NULL);
  g_autoptr(DossierExtraction) ex = extract (text, sample_people, sample_orgs);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(DossierBratDocument) doc = NULL;
  gboolean interrupted = FALSE;
  guint n_quotes = count_label (ex, "QUOTE");

  dossier_brat_write (ex, out);
  doc = dossier_brat_parse (out->str, out->len);
  assert_spans_match (text, doc);

  /* the two interrupted quotes (Trump's and Peskov's) are one attribution each */
  g_assert_cmpuint (doc->attributions->len, ==, n_quotes - 2);
  for (guint i = 0; i < doc->attributions->len; i++)
    {
      const DossierBratAttribution *a = &g_array_index (doc->attributions, DossierBratAttribution, i);
      g_assert_cmpuint (a->n_cue, ==, 1);
      if (a->n_content == 2)
        interrupted = TRUE;
    }
  g_assert_true (interrupted);
  g_assert_nonnull (strstr (out->str, "\tKremlin spokesman Dmitry Peskov\n"));
  g_assert_nonnull (strstr (out->str, "\tPERSON "));
}

static void
test_brat_read_polnear (void)
{
  /* the example of ../shared/data/quotes/polnear/README.md */
  g_autofree char *text = dossier_test_load_shared
    ("quotes/polnear/train/text/breitbart_2016-03-01_the-latest-sanders-wins-minnesot.txt", NULL);
  gsize len = 0;
  g_autofree char *ann = dossier_test_load_shared
    ("quotes/polnear/train/attributions/breitbart_2016-03-01_the-latest-sanders-wins-minnesot_ef2d.ann", &len);
  g_autoptr(DossierBratDocument) doc = dossier_brat_parse (ann, len);
  gboolean found = FALSE;

  assert_spans_match (text, doc);
  for (guint i = 0; i < doc->attributions->len; i++)
    {
      const DossierBratAttribution *a = &g_array_index (doc->attributions, DossierBratAttribution, i);
      if (a->n_content == 2 && a->content[0].start == 1707 && a->content[1].end == 2005)
        {
          g_assert_cmpuint (a->content[0].end, ==, 1750);
          g_assert_cmpuint (a->content[1].start, ==, 1871);
          g_assert_cmpuint (a->n_source, ==, 1);
          g_assert_cmpuint (a->source[0].start, ==, 1751);
          g_assert_cmpuint (a->source[0].end, ==, 1778);
          g_assert_cmpuint (a->cue[0].start, ==, 1779);
          found = TRUE;
        }
    }
  g_assert_true (found);
}

/* brat lists a span's fragments in the order they were selected: they are
 * read in text order, so that a content can be the same as another. */
static void
test_brat_fragment_order (void)
{
  gsize len = 0;
  g_autofree char *ann = dossier_test_load_shared ("quotes/polnear/dev/attributions/"
                                                   "breitbart_2016-09-20_poll-wealthy-voters-"
                                                   "abandon-repu_6b86.ann", &len);
  g_autoptr(DossierBratDocument) doc = dossier_brat_parse (ann, len);
  gboolean found = FALSE;

  /* T7	Content 209 236;91 186	in favor of Hillary Clinton that Americans living … */
  g_assert_nonnull (strstr (ann, "Content 209 236;91 186"));
  for (guint i = 0; i < doc->attributions->len; i++)
    {
      const DossierBratAttribution *a =
        &g_array_index (doc->attributions, DossierBratAttribution, i);

      for (guint f = 1; f < a->n_content; f++)
        g_assert_cmpuint (a->content[f - 1].end, <=, a->content[f].start);
      if (a->n_content == 2 && a->content[1].start == 209)
        {
          g_assert_cmpuint (a->content[0].start, ==, 91);
          g_assert_cmpuint (a->content[0].end, ==, 186);
          g_assert_cmpuint (a->content[1].end, ==, 236);
          found = TRUE;
        }
    }
  g_assert_true (found);
}

/* Broken input (stray marks, runs of cues, mentions anywhere) never breaks
 * the stages, and whatever they find exports to brat spans that match the text. */
static void
test_robustness_random_input (void)
{
  static const char * const pieces[] = {
    "\"", "“", "”", "'", "‘", "’", "''", " said", " says", " told", " according to", " he", " she",
    " Trump", " Mr.", ",", ".", "\n", "\n\n", " ", ":", "—", " (", ")", " that", " adding", " the",
    " President", " spokesman", " Peskov", "é", " who", ", the special envoy for", " of", " and",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20250209);

  for (guint n = 0; n < 300; n++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(DossierExtraction) ex = NULL;
      g_autoptr(DossierBratDocument) doc = NULL;
      guint len = g_rand_int_range (rand, 0, 200);
      guint n_tokens;

      for (guint i = 0; i < len; i++)
        g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      ex = dossier_extraction_new (text->str, text->len, NULL);
      n_tokens = dossier_tokens_len (ex->tokens);
      for (guint m = 0; m < 8 && n_tokens > 0; m++)
        {
          guint a = g_rand_int_range (rand, 0, n_tokens);
          guint width = g_rand_int_range (rand, 0, 3);
          guint b = MIN (n_tokens - 1, a + width);
          dossier_extraction_add_annotation (ex, m % 2 ? "PERSON" : "ORG",
                                             dossier_tokens_get (ex->tokens, a)->start,
                                             dossier_tokens_get (ex->tokens, b)->end, 1.0);
        }
      dossier_people_stage_run (ex);
      dossier_quotes_stage_run (ex);
      for (guint a = 0; a < ex->annotations->len; a++)
        {
          const DossierExtractAnnotation *q = dossier_extraction_annotation (ex, a);
          g_assert_cmpuint (q->start, <, q->end);
          g_assert_cmpuint (q->end, <=, ex->tokens->n_chars);
          g_assert_cmpint (q->entity, <, (int)ex->entities->len);
          g_assert_cmpuint (q->source.end, <=, ex->tokens->n_chars);
          g_assert_cmpuint (q->cue.end, <=, ex->tokens->n_chars);
        }
      dossier_brat_write (ex, out);
      doc = dossier_brat_parse (out->str, out->len);
      assert_spans_match (text->str, doc);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/quotes/interrupted-after-semicolon", test_interrupted_after_semicolon);
  g_test_add_func ("/quotes/source-over-possessive", test_source_over_possessive);
  g_test_add_func ("/quotes/question-is-no-source", test_question_is_no_source);
  g_test_add_func ("/quotes/source-choice", test_source_choice);
  g_test_add_func ("/quotes/content-start-not-in-source", test_content_start_not_in_source);
  g_test_add_func ("/quotes/pairing/nested", test_pairing_nested);
  g_test_add_func ("/quotes/pairing/multi-paragraph", test_pairing_multi_paragraph);
  g_test_add_func ("/quotes/pairing/continued-paragraph", test_pairing_continued_paragraph);
  g_test_add_func ("/quotes/pairing/interrupted", test_pairing_interrupted);
  g_test_add_func ("/quotes/pairing/unbalanced", test_pairing_unbalanced);
  g_test_add_func ("/quotes/pairing/dash-at-paragraph-end", test_pairing_dash_at_paragraph_end);
  g_test_add_func ("/quotes/pairing/apostrophes", test_pairing_apostrophes);
  g_test_add_func ("/quotes/speakers/sample", test_speakers_sample);
  g_test_add_func ("/quotes/speakers/news", test_speakers_news);
  g_test_add_func ("/quotes/speakers/pronouns", test_speakers_pronouns);
  g_test_add_func ("/quotes/speakers/organisations", test_speakers_organisations);
  g_test_add_func ("/quotes/sources/after-opening-phrase", test_sources_after_opening_phrase);
  g_test_add_func ("/quotes/lead-in", test_quote_lead_in);
  g_test_add_func ("/quotes/content-after-opening-clause", test_content_after_opening_clause);
  g_test_add_func ("/quotes/interrupted-subject", test_interrupted_subject);
  g_test_add_func ("/quotes/freed-words-tagged", test_freed_words_tagged);
  g_test_add_func ("/quotes/nyt-quote-ends-sentence", test_nyt_quote_ends_sentence);
  g_test_add_func ("/quotes/title-before-source", test_title_before_source);
  g_test_add_func ("/quotes/mixed-quote-continued", test_mixed_quote_continued);
  g_test_add_func ("/quotes/interrupted-clause", test_interrupted_clause);
  g_test_add_func ("/quotes/title-inside-source-clause", test_title_inside_source_clause);
  g_test_add_func ("/quotes/nyt-content-start", test_nyt_content_start);
  g_test_add_func ("/quotes/interrupted-subject-after-phrase", test_interrupted_subject_after_phrase);
  g_test_add_func ("/quotes/subject-of-expected", test_subject_of_expected);
  g_test_add_func ("/quotes/subject-of-judged-speaker", test_subject_of_judged_speaker);
  g_test_add_func ("/quotes/pronoun-after-cue-is-source", test_pronoun_after_cue_is_source);
  g_test_add_func ("/quotes/content-starts-at-cue", test_content_starts_at_cue);
  g_test_add_func ("/quotes/title-inside-sentence", test_title_inside_sentence);
  g_test_add_func ("/quotes/people/sample", test_people_sample);
  g_test_add_func ("/quotes/people/titles-inside-mentions", test_people_titles_inside_mentions);
  g_test_add_func ("/quotes/fiction-dialogue", test_fiction_dialogue);
  g_test_add_func ("/quotes/news-turns", test_news_turns);
  g_test_add_func ("/quotes/pipeline/sample", test_pipeline_sample);
  g_test_add_func ("/quotes/pipeline/bbc", test_pipeline_bbc);
  g_test_add_func ("/quotes/brat/round-trip", test_brat_round_trip);
  g_test_add_func ("/quotes/brat/read-polnear", test_brat_read_polnear);
  g_test_add_func ("/quotes/brat/fragment-order", test_brat_fragment_order);
  g_test_add_func ("/quotes/robustness/random-input", test_robustness_random_input);
  return g_test_run ();
}
