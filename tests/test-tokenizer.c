/* test-tokenizer.c — tokens and sentences of real news text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dossier-tokenizer.h"
#include "test-util.h"

/* Joins the tokens with '|' so an expectation reads like the text. */
static char *
join_tokens (const char *text)
{
  g_autoptr(DossierTokens) tokens = dossier_tokens_new (text, -1);
  GString *out = g_string_new (NULL);

  dossier_tokenize (tokens);
  for (guint i = 0; i < dossier_tokens_len (tokens); i++)
    {
      g_autofree char *s = dossier_tokens_dup_text (tokens, i);
      if (i > 0)
        g_string_append_c (out, '|');
      g_string_append (out, s);
    }
  return g_string_free (out, FALSE);
}

static char *
join_sentences (const char *text)
{
  g_autoptr(DossierTokens) tokens = dossier_tokens_new (text, -1);
  GString *out = g_string_new (NULL);

  dossier_tokenize (tokens);
  for (guint i = 0; i < tokens->sentences->len; i++)
    {
      const DossierSentence *s = &g_array_index (tokens->sentences, DossierSentence, i);
      const DossierToken *first = dossier_tokens_get (tokens, s->first_token);
      const DossierToken *last = dossier_tokens_get (tokens, s->first_token + s->n_tokens - 1);
      if (i > 0)
        g_string_append (out, " || ");
      g_string_append_len (out, text + first->byte_start, last->byte_end - first->byte_start);
    }
  return g_string_free (out, FALSE);
}

static void
test_tokens_news (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "ABOARD AIR FORCE ONE/MOSCOW--U.S. President Donald Trump said",
      "ABOARD|AIR|FORCE|ONE|/|MOSCOW|--|U.S.|President|Donald|Trump|said" },
    { "between Putin and a U.S president since early 2022.",
      "between|Putin|and|a|U.S|president|since|early|2022|." },
    { "Trump said: \xe2\x80\x9cI\xe2\x80\x99ve had it. Let\xe2\x80\x99s just say I\xe2\x80\x99ve had it...And I expect",
      "Trump|said|:|\xe2\x80\x9c|I|\xe2\x80\x99ve|had|it|.|Let|\xe2\x80\x99s|just|say|I|\xe2\x80\x99ve|had|it|...|And|I|expect" },
    { "\"We're talking to both sides,\" he said.",
      "\"|We|'re|talking|to|both|sides|,|\"|he|said|." },
    { "how he would do so.In a Friday interview with the New York Post,",
      "how|he|would|do|so|.|In|a|Friday|interview|with|the|New|York|Post|," },
    { "I don\xe2\x80\x99t want to tell you about the Ukraine-Russia war.",
      "I|do|n\xe2\x80\x99t|want|to|tell|you|about|the|Ukraine-Russia|war|." },
    { "On Jan. 20, 2025, at 3 p.m. ET, Mr. Smith paid $1,500.50 (about 3.5%).",
      "On|Jan.|20|,|2025|,|at|3|p.m.|ET|,|Mr.|Smith|paid|$|1,500.50|(|about|3.5|%|)|." },
    { "Germany's representative to the European Union's veterinary committee",
      "Germany|'s|representative|to|the|European|Union|'s|veterinary|committee" },
    { "See https://www.reuters.com/world/ (in the 1990s) or mail tips@example.org.",
      "See|https://www.reuters.com/world/|(|in|the|1990s|)|or|mail|tips|@|example.org|." },
    { "George W. Bush met O'Brien in mid-March \xe2\x80\x94 in the '90s.",
      "George|W.|Bush|met|O'Brien|in|mid-March|\xe2\x80\x94|in|the|'90s|." },
    { "Music of the \xe2\x80\x99" "80s and \xe2\x80\x99" "90s returned.",
      "Music|of|the|\xe2\x80\x99" "80s|and|\xe2\x80\x99" "90s|returned|." },
    /* party and state after a name keep their periods (PolNeAR train) */
    { "Rep. Gregory Meeks (D-N.Y.) said Clinton reassured them",
      "Rep.|Gregory|Meeks|(|D-N.Y.|)|said|Clinton|reassured|them" },
    { "Democrat Dianne Feinstein (D-Calif.) last week said",
      "Democrat|Dianne|Feinstein|(|D-Calif.|)|last|week|said" },
    { "a rise in anti-U.S. sentiment",
      "a|rise|in|anti-U.S.|sentiment" },
    /* after a hyphen one capital is not an initial, and lower-case words are no abbreviation */
    { "He has a Type-A. The rest follow-up.",
      "He|has|a|Type-A|.|The|rest|follow-up|." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = join_tokens (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static void
test_sentences_news (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "Trump has promised to end the war but not set out yet in public how he would do so.In a Friday interview, Trump said that he had \"better not say\" how many times.",
      "Trump has promised to end the war but not set out yet in public how he would do so. || In a Friday interview, Trump said that he had \"better not say\" how many times." },
    { "\xe2\x80\x9cIf we are talking, I don\xe2\x80\x99t want to tell you about the conversations,\xe2\x80\x9d Trump said. \xe2\x80\x9cI do believe we\xe2\x80\x99re making progress. We want to stop the Ukraine-Russia war.\xe2\x80\x9d",
      "\xe2\x80\x9cIf we are talking, I don\xe2\x80\x99t want to tell you about the conversations,\xe2\x80\x9d Trump said. || \xe2\x80\x9cI do believe we\xe2\x80\x99re making progress. || We want to stop the Ukraine-Russia war.\xe2\x80\x9d" },
    { "Mike Waltz also declined to elaborate when asked about communications between the two countries.\"There certainly are a lot of sensitive conversations going on,\" Waltz said on NBC News.",
      "Mike Waltz also declined to elaborate when asked about communications between the two countries. || \"There certainly are a lot of sensitive conversations going on,\" Waltz said on NBC News." },
    { "He met Mr. Peskov on Jan. 20 in the U.S. The talks went on.\nA new paragraph",
      "He met Mr. Peskov on Jan. 20 in the U.S. || The talks went on. || A new paragraph" },
    { "Prices rose 3.5 percent... analysts said. Why? Nobody knows!",
      "Prices rose 3.5 percent... analysts said. || Why? || Nobody knows!" },
    { "Rep. Gregory Meeks (D-N.Y.) said Clinton reassured them. He met Sen. Dianne Feinstein (D-Calif.) on Jan. 5 and anti-U.S. protesters.",
      "Rep. Gregory Meeks (D-N.Y.) said Clinton reassured them. || He met Sen. Dianne Feinstein (D-Calif.) on Jan. 5 and anti-U.S. protesters." },
    { "They called it anti-U.S. The talks went on.",
      "They called it anti-U.S. || The talks went on." },
    { "said Sen. Joe Donnelly, D-Ind. He said the bill would pass.",
      "said Sen. Joe Donnelly, D-Ind. || He said the bill would pass." },
    { "He thanked then-Gov. He Jiankui was not there.",
      "He thanked then-Gov. He Jiankui was not there." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = join_sentences (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static void
test_offsets_code_points (void)
{
  /* curly quotes, an emoji outside the BMP and a ZWJ family: offsets count code points */
  const char *text = "\xe2\x80\x9cHi\xe2\x80\x9d \xf0\x9f\x98\x80 Z\xc3\xbcrich \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9 end";
  g_autoptr(DossierTokens) tokens = dossier_tokens_new (text, -1);
  static const guint expected[][2] = { { 0, 1 }, { 1, 3 }, { 3, 4 }, { 5, 6 }, { 7, 13 }, { 14, 17 }, { 18, 21 } };

  dossier_tokenize (tokens);
  g_assert_cmpuint (dossier_tokens_len (tokens), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const DossierToken *t = dossier_tokens_get (tokens, i);
      g_assert_cmpuint (t->start, ==, expected[i][0]);
      g_assert_cmpuint (t->end, ==, expected[i][1]);
    }
  g_assert_cmpuint (tokens->n_chars, ==, g_utf8_strlen (text, -1));
  g_assert_true (dossier_tokens_get (tokens, 0)->flags & DOSSIER_TOKEN_QUOTE_OPEN);
  g_assert_true (dossier_tokens_get (tokens, 2)->flags & DOSSIER_TOKEN_QUOTE_CLOSE);
}

static void
test_sample_article (void)
{
  g_autofree char *text = dossier_test_load_shared ("samples/air-force-one.txt", NULL);
  g_autoptr(DossierTokens) tokens = dossier_tokens_new (text, -1);
  guint n_paragraphs = 1;
  guint found_so = 0;

  dossier_tokenize (tokens);

  for (const char *p = text; *p; p++)
    if (*p == '\n')
      n_paragraphs++;

  /* every token's code-point offsets cover exactly its bytes */
  for (guint i = 0; i < dossier_tokens_len (tokens); i++)
    {
      const DossierToken *t = dossier_tokens_get (tokens, i);
      g_assert_cmpuint (g_utf8_pointer_to_offset (text, text + t->byte_start), ==, t->start);
      g_assert_cmpuint (g_utf8_strlen (text + t->byte_start, t->byte_end - t->byte_start), ==,
                        t->end - t->start);
      if (dossier_tokens_equal (tokens, i, "so", FALSE) && dossier_tokens_equal (tokens, i + 1, ".", FALSE))
        {
          g_assert_true (dossier_tokens_get (tokens, i + 2)->flags & DOSSIER_TOKEN_SENTENCE_START);
          found_so++;
        }
    }
  g_assert_cmpuint (found_so, ==, 1);

  /* sentences never cross a paragraph, and the last one ends the text */
  g_assert_cmpuint (g_array_index (tokens->sentences, DossierSentence,
                                   tokens->sentences->len - 1).paragraph, ==, n_paragraphs - 1);
  g_assert_cmpuint (g_array_index (tokens->sentences, DossierSentence,
                                   tokens->sentences->len - 1).end, ==, tokens->n_chars);
  /* 11 paragraphs, and more sentences than that: the splitter found the inner boundaries */
  g_assert_cmpuint (n_paragraphs, ==, 11);
  g_assert_cmpuint (tokens->sentences->len, >=, 22);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tokenizer/tokens/news", test_tokens_news);
  g_test_add_func ("/tokenizer/sentences/news", test_sentences_news);
  g_test_add_func ("/tokenizer/offsets/code-points", test_offsets_code_points);
  g_test_add_func ("/tokenizer/sample-article", test_sample_article);
  return g_test_run ();
}
