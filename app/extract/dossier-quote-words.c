/* dossier-quote-words.c — word classes for quote attribution and people
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-quote-words"

#include "config.h"

#include <string.h>

#include "dossier-hash.h"
#include "dossier-people-names.h"
#include "dossier-quote-words.h"

typedef struct
{
  const char *words; /* space-separated */
  guint32     cls;
} WordList;

#define CUE DOSSIER_WORD_CUE
#define OBJ DOSSIER_WORD_CUE_OBJECT
#define WEAK DOSSIER_WORD_CUE_WEAK

/* Reporting verbs: every form is listed, so no stemming is needed. */
static const WordList word_lists[] = {
  { "said says say saying added adds adding wrote writes write writing noted notes noting "
    "tweeted tweets tweeting explained explains explaining argued argues arguing "
    "claimed claims claiming stated states insisted insists insisting "
    "declared declares declaring acknowledged acknowledges acknowledging admitted admits admitting "
    "conceded concedes conceding contended contends asserted asserts asserting "
    "announced announces announcing reported reports reporting "
    "continued continues recalled recalls recalling replied replies replying "
    "responded responds responding predicted predicts predicting "
    "suggested suggests suggesting concluded concludes concluding "
    "emphasized emphasizes emphasised stressed stresses stressing "
    "complained complains complaining joked jokes joking quipped quips "
    "alleged alleges alleging charged charges countered counters "
    "maintained maintains observed observes confirmed confirms confirming denied denies "
    "revealed reveals disclosed wondered wonders mused "
    "promised promises promising vowed vows vowing pledged pledges "
    "testified testifies posted posts boasted boasts bragged "
    "speculated speculates estimated estimates cautioned "
    "indicated indicates agreed agrees predicted "
    "recounted remarked remarks commented comments commenting proclaimed proclaims "
    "called calls calling described describes describing accused accuses accusing "
    "criticized criticizes criticised blamed blames praised praises "
    "likened likens exhorted blasted slammed branded labeled labelled dubbed mocked touted "
    "lamented scolded condemned condemns denounced denounces ruled cited cites "
    "yells yelled shouted shouts screamed screams chanted chanting exclaimed whispered "
    "endorsed endorses defended defending citing suggest argue questioned questioning "
    "attacked rejected mentioned mentioning dismissed dismissing insist discussed "
    "criticizing echoed echoing reiterated urging acknowledge denouncing stating decried "
    "highlighted thanked thanking slams praising touting reminding referenced retweeted "
    "pledging bemoaned blasts blasting assailed warn invoked emphasizing implying implied "
    "points pointed pointing recalls retorted insisted declined declines refused refuses "
    "rip rips hammers speaks slams praises warns", CUE },
  { "found finds shows showed show", CUE | WEAK },
  /* fiction's speech verbs ("…," cried Bingley): not cues elsewhere, and
   * not among the classes the quote tagger reads */
  { "cried cries repeated repeats answered answers returned rejoined resumed interrupted",
    DOSSIER_WORD_SPEECH },
  { "told tells tell telling asked asks asking warned warns warning assured assures "
    "reminded reminds informed informs urged urges advised advises", CUE | OBJ },
  { "believes believed believe thinks thought think hopes hoped hope expects expected expect "
    "fears feared fear knows knew know feels felt feel worries worried worry "
    "suspect suspects suspected", CUE | WEAK },
  { "claims reports tweets remarks comments calls notes states charges posts promises "
    "estimates fears hopes warnings counters denies", DOSSIER_WORD_NOUN_TOO },
  { "he she", DOSSIER_WORD_PRONOUN | DOSSIER_WORD_PERSON_PRO },
  { "i", DOSSIER_WORD_PRONOUN },
  { "it you", DOSSIER_WORD_PRONOUN },
  { "they we", DOSSIER_WORD_PRONOUN | DOSSIER_WORD_PLURAL_PRO },
  { "who which", DOSSIER_WORD_PRONOUN | DOSSIER_WORD_RELATIVE },
  { "the a an this these those his her their its our my your another some many several "
    "both all each every any no most few other one two three four five six seven eight nine ten "
    "dozens hundreds thousands more", DOSSIER_WORD_DET },
  { "of in on at for with by from to about into over after before during under against "
    "between among through since until without within across behind beyond near per via "
    "like than amid despite toward towards upon around onto off out up down aboard "
    "including excluding regarding concerning following involving alongside besides",
    DOSSIER_WORD_PREP },
  { "and but or nor that because if when while although though as whether so yet where "
    "whereas unless then once how why what", DOSSIER_WORD_CONJ },
  { "has have had will would could can may might should must shall is was are were be been "
    "being do does did 's 've 'd 'll 're", DOSSIER_WORD_AUX },
  { "also later previously recently repeatedly often never again further publicly privately "
    "reportedly initially earlier already still even just only actually simply frequently "
    "flatly quickly firmly immediately subsequently always similarly separately frankly "
    "openly bluntly angrily falsely correctly rightly wrongly reportedly apparently "
    "not n't long loudly quietly meanwhile however instead now then later also still "
    "nonetheless nevertheless moreover indeed", DOSSIER_WORD_ADVERB },
  { "president senator sen. rep. gov. governor secretary spokesman spokeswoman spokesperson "
    "adviser advisor envoy minister chairman chairwoman chair director ambassador "
    "nominee leader chief judge justice mayor aide representative congressman "
    "congresswoman speaker ceo founder executive commissioner attorney general "
    "lawyer analyst professor manager strategist pollster economist correspondent reporter "
    "editor columnist official officer prosecutor sheriff chancellor premier king queen "
    "prince princess pope bishop cardinal rabbi imam coach captain commander colonel "
    "lieutenant sergeant admiral marshal deputy vice-president vice head candidate "
    "campaign-manager counsel treasurer inspector superintendent prime diplomat "
    "spokespeople negotiator lawmaker legislator delegate mp", DOSSIER_WORD_TITLE },
  { "mr. mrs. ms. dr. mr mrs ms dr", DOSSIER_WORD_HONORIFIC },
  { "he him his himself mr. mr king prince congressman chairman spokesman", DOSSIER_WORD_MALE },
  { "she her hers herself mrs. ms. mrs ms queen princess congresswoman chairwoman spokeswoman",
    DOSSIER_WORD_FEMALE },
  { "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight "
    "week month year morning afternoon evening night last earlier this", DOSSIER_WORD_TIME },
  { "is was are were be been has have had will would could can may might should must do does "
    "did get got make made go went take took give gave see saw come came want wanted "
    "need needs called calls call", DOSSIER_WORD_VERB },
  { "official officials source sources spokesman spokeswoman spokesperson aide aides "
    "analyst analysts expert experts observer observers adviser advisers advisor advisors "
    "president senator governor lawyer lawyers attorney attorneys leader leaders "
    "critics critic supporters supporter officer officers police campaign statement "
    "report reports poll polls survey study researchers people voters residents witnesses "
    "democrats republicans administration department ministry agency spokespeople "
    "candidate nominee mayor secretary chairman minister envoy diplomat diplomats "
    "executive executives economist economists strategist strategists pollster "
    "prosecutors prosecutor investigators", DOSSIER_WORD_PERSON_NOUN },
};

/* The lexicon: an open-addressing table of the words' hashes (64 bits, so
 * a word outside it never takes a listed word's classes in practice; for
 * words of up to eight bytes, never at all). */
typedef struct
{
  guint64 hash;   /* 0: empty */
  guint32 cls;
} LexSlot;

#define LEX_SLOTS 2048

static LexSlot *lexicon;

/* Words of up to eight bytes (nearly all) are read as one number and mixed
 * once, a one-to-one map, instead of hashed byte by byte; the table is built
 * here, so no model depends on it. */
static inline guint64
lex_hash (const char *word,
          gsize       len)
{
  guint64 h;

  if (len <= 8)
    {
      guint64 a = 0;

      memcpy (&a, word, len);
      h = dossier_hash_mix (a);
    }
  else
    h = dossier_hash_bytes (word, len);
  return h != 0 ? h : 1;
}

static const LexSlot *
get_lexicon (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      LexSlot *table = g_new0 (LexSlot, LEX_SLOTS);
      guint n = 0;

      for (guint i = 0; i < G_N_ELEMENTS (word_lists); i++)
        {
          g_auto(GStrv) words = g_strsplit (word_lists[i].words, " ", -1);

          for (guint j = 0; words[j] != NULL; j++)
            {
              guint64 h;
              guint32 s;

              if (words[j][0] == '\0')
                continue;
              h = lex_hash (words[j], strlen (words[j]));
              s = (guint32)h & (LEX_SLOTS - 1);
              while (table[s].hash != 0 && table[s].hash != h)
                s = (s + 1) & (LEX_SLOTS - 1);
              if (table[s].hash == 0)
                n++;
              table[s].hash = h;
              table[s].cls |= word_lists[i].cls;
            }
        }
      /* at most half full, so a miss stops soon */
      g_assert (n <= LEX_SLOTS / 2);
      lexicon = table;
      g_once_init_leave (&initialized, 1);
    }
  return lexicon;
}

static guint32
lexicon_lookup (const char *word,
                gsize       len)
{
  const LexSlot *table = get_lexicon ();
  guint64 h = lex_hash (word, len);
  guint32 s = (guint32)h & (LEX_SLOTS - 1);

  while (table[s].hash != 0)
    {
      if (table[s].hash == h)
        return table[s].cls;
      s = (s + 1) & (LEX_SLOTS - 1);
    }
  return 0;
}

guint32
dossier_word_class (const char *word,
                    gsize       len)
{
  char buf[32];

  g_return_val_if_fail (word != NULL, 0);

  if (len == 0 || len >= sizeof buf)
    return 0;
  for (gsize i = 0; i < len; i++)
    {
      guchar c = word[i];
      /* curly apostrophe in clitics: ’s → 's */
      if (c == 0xE2 && i + 2 < len && (guchar)word[i + 1] == 0x80 && (guchar)word[i + 2] == 0x99)
        {
          gsize k = i;

          buf[k++] = '\'';
          for (gsize j = i + 3; j < len && k < sizeof buf - 1; j++)
            buf[k++] = dossier_ascii_lower (word[j]);
          return lexicon_lookup (buf, k);
        }
      if (c >= 0x80)
        return 0;
      buf[i] = dossier_ascii_lower (c);
    }
  return lexicon_lookup (buf, len);
}

guint32 *
dossier_word_classes (const DossierTokens *tokens)
{
  guint n;
  guint32 *classes;

  g_return_val_if_fail (tokens != NULL, NULL);

  n = dossier_tokens_len (tokens);
  classes = g_new0 (guint32, n + 1);
  for (guint i = 0; i < n; i++)
    {
      const DossierToken *t = dossier_tokens_get (tokens, i);

      if (t->kind == DOSSIER_TOKEN_WORD || t->kind == DOSSIER_TOKEN_CLITIC)
        classes[i] = dossier_word_class (tokens->text + t->byte_start, t->byte_end - t->byte_start);
    }
  return classes;
}

char
dossier_first_name_gender (const char *name,
                           gsize       len)
{
  char key[15];
  guint lo = 0, hi;

  g_return_val_if_fail (name != NULL, 0);

  if (len == 0 || len > 14)
    return 0;
  memset (key, ' ', 14);
  for (gsize i = 0; i < len; i++)
    {
      if ((guchar)name[i] >= 0x80)
        return 0;
      key[i] = dossier_ascii_lower (name[i]);
    }

  hi = dossier_people_n_first_names;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int cmp = memcmp (dossier_people_first_names + mid * 15, key, 14);

      if (cmp == 0)
        return dossier_people_first_names[mid * 15 + 14];
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return 0;
}
