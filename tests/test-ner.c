/* test-ner.c — the entity tagger: its shipped model, CoNLL in and out, a real article
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "dossier-commands.h"
#include "dossier-extraction.h"
#include "dossier-ner-private.h"
#include "dossier-stages.h"
#include "test-util.h"

static DossierNerModel *
default_model (void)
{
  g_autoptr(GError) error = NULL;
  DossierNerModel *model = dossier_ner_model_get_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

/* Entities of the development set's first documents, as a string. */
static char *
tag_summary (DossierNerModel *model)
{
  g_autofree char *contents = NULL;
  g_autoptr(DossierNerCorpus) corpus = NULL;
  g_autoptr(DossierNerTagger) tagger = dossier_ner_tagger_new (model);
  g_autoptr(GArray) entities = g_array_new (FALSE, FALSE, sizeof (DossierNerEntity));
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);
  gsize length;

  contents = dossier_test_load_shared ("conll2003/eng.testa", &length);
  corpus = dossier_ner_corpus_parse (contents, length, TRUE, &error);
  g_assert_no_error (error);
  dossier_ner_tag_corpus (tagger, corpus, entities);
  for (guint i = 0; i < entities->len; i++)
    {
      const DossierNerEntity *e = &g_array_index (entities, DossierNerEntity, i);
      g_string_append_printf (out, "%u-%u:%s:%.4f ", e->start, e->end,
                              dossier_ner_type_to_string (e->type), e->confidence);
    }
  return g_string_free (out, FALSE);
}

static void
test_model_round_trip (void)
{
  DossierNerModel *model = default_model ();
  g_autoptr(GBytes) bytes = dossier_ner_model_get_bytes (model);
  g_autoptr(GBytes) reloaded_bytes = NULL;
  g_autoptr(DossierNerModel) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-ner-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "ner.model", NULL);
  g_assert_true (dossier_ner_model_save (model, path, &error));
  g_assert_no_error (error);

  reloaded = dossier_ner_model_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reloaded);
  reloaded_bytes = dossier_ner_model_get_bytes (reloaded);
  g_assert_true (g_bytes_equal (bytes, reloaded_bytes));

  /* the saved model tags exactly like the built-in one */
  before = tag_summary (model);
  after = tag_summary (reloaded);
  g_assert_cmpstr (before, ==, after);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_model_rejects_damage (void)
{
  g_autoptr(GBytes) bytes = dossier_ner_model_get_bytes (default_model ());
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  struct { const char *what; gsize offset; guint8 value; gsize keep; } cases[] = {
    { "truncated", 0, 0, size - 1 },
    { "empty", 0, 0, 0 },
    { "wrong magic", 0, 'X', size },
    { "future version", 8, 99, size },
    { "words section out of bounds", G_STRUCT_OFFSET (DossierNerHeader, words_offset) + 3, 0x7f,
      size },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, size);
      g_autoptr(GBytes) damaged = NULL;
      g_autoptr(DossierNerModel) model = NULL;
      g_autoptr(GError) error = NULL;

      if (cases[i].keep == size)
        copy[cases[i].offset] = cases[i].value;
      damaged = g_bytes_new (copy, cases[i].keep);
      model = dossier_ner_model_new_from_bytes (damaged, &error);
      g_test_message ("%s: %s", cases[i].what, error ? error->message : "(loaded)");
      g_assert_null (model);
      g_assert_error (error, DOSSIER_NER_ERROR, DOSSIER_NER_ERROR_INVALID_MODEL);
    }
}

/* The regression bar for the shipped model: at least 90 F1 on CoNLL-2003
 * development data (the model card's number is printed by eval-ner). */
static void
test_model_quality (void)
{
  g_autofree char *contents = NULL;
  g_autoptr(DossierNerCorpus) corpus = NULL;
  g_autoptr(DossierNerTagger) tagger = dossier_ner_tagger_new (default_model ());
  g_autoptr(GArray) entities = g_array_new (FALSE, FALSE, sizeof (DossierNerEntity));
  g_autoptr(GError) error = NULL;
  DossierNerScore score = { 0 };
  gsize length;
  double p;
  double r;
  double f;

  contents = dossier_test_load_shared ("conll2003/eng.testa", &length);
  corpus = dossier_ner_corpus_parse (contents, length, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (corpus->tokens->len, ==, 51362);
  g_assert_cmpuint (corpus->documents->len - 1, ==, 216);
  g_assert_cmpuint (corpus->gold->len, ==, 1842 + 1341 + 1837 + 922);

  dossier_ner_tag_corpus (tagger, corpus, entities);
  dossier_ner_score_add (&score, (DossierNerEntity *)corpus->gold->data, corpus->gold->len,
                         (DossierNerEntity *)entities->data, entities->len);
  f = dossier_ner_score_f1 (&score, -1, &p, &r);
  g_test_message ("eng.testa: P %.2f R %.2f F1 %.2f", p, r, f);
  g_assert_cmpfloat (f, >=, 90.0);
  for (guint t = 0; t < DOSSIER_NER_N_TYPES; t++)
    g_assert_cmpfloat (dossier_ner_score_f1 (&score, t, NULL, NULL), >=, 80.0);

  for (guint i = 0; i < entities->len; i++)
    {
      const DossierNerEntity *e = &g_array_index (entities, DossierNerEntity, i);
      g_assert_cmpuint (e->start, <, e->end);
      g_assert_cmpfloat (e->confidence, >, 0.0);
      g_assert_cmpfloat (e->confidence, <=, 1.0);
    }
}

/* The conlleval scoring rules, on tag sequences. */
static void
test_score_conlleval (void)
{
  static const char gold[] =
    "-DOCSTART- -X- -X- O\n\n"
    "Peter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n\n"
    "EU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n"
    "Berlin NNP I-NP I-LOC\nParis NNP I-NP B-LOC\nLondon NNP I-NP I-LOC\n";
  g_autoptr(DossierNerCorpus) corpus = NULL;
  g_autoptr(GError) error = NULL;
  static const guint expect[][3] = {
    { 0, 2, DOSSIER_NER_PER }, { 2, 3, DOSSIER_NER_ORG }, { 4, 5, DOSSIER_NER_MISC },
    { 5, 6, DOSSIER_NER_LOC }, { 6, 8, DOSSIER_NER_LOC },
  };
  DossierNerEntity found[] = {
    { 0, 2, DOSSIER_NER_PER, 1 },   /* right */
    { 2, 3, DOSSIER_NER_LOC, 1 },   /* wrong type */
    { 4, 5, DOSSIER_NER_MISC, 1 },  /* right */
    { 5, 8, DOSSIER_NER_LOC, 1 },   /* wrong span: one, not two */
  };
  DossierNerScore score = { 0 };
  double p;
  double r;

  corpus = dossier_ner_corpus_parse (gold, strlen (gold), TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (corpus->tokens->len, ==, 8);
  g_assert_cmpuint (corpus->documents->len, ==, 2);
  g_assert_cmpuint (corpus->gold->len, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      const DossierNerEntity *e = &g_array_index (corpus->gold, DossierNerEntity, i);
      g_assert_cmpuint (e->start, ==, expect[i][0]);
      g_assert_cmpuint (e->end, ==, expect[i][1]);
      g_assert_cmpuint (e->type, ==, expect[i][2]);
    }

  dossier_ner_score_add (&score, (DossierNerEntity *)corpus->gold->data, corpus->gold->len,
                         found, G_N_ELEMENTS (found));
  g_assert_cmpfloat_with_epsilon (dossier_ner_score_f1 (&score, -1, &p, &r),
                                  2 * 0.5 * 0.4 / 0.9 * 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (p, 50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (r, 40.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (dossier_ner_score_f1 (&score, DOSSIER_NER_PER, NULL, NULL),
                                  100.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (dossier_ner_score_f1 (&score, DOSSIER_NER_LOC, NULL, NULL),
                                  0.0, 1e-9);
}

static void
check_conll_lines (const char *in,
                   gsize       in_len,
                   const char *out)
{
  g_auto(GStrv) in_lines = NULL;
  g_auto(GStrv) out_lines = g_strsplit (out, "\n", -1);
  g_autofree char *input = g_strndup (in, in_len);

  in_lines = g_strsplit (input, "\n", -1);
  g_assert_cmpuint (g_strv_length (in_lines), ==, g_strv_length (out_lines));
  for (guint i = 0; in_lines[i]; i++)
    {
      const char *a = in_lines[i];
      const char *b = out_lines[i];
      gsize n = strlen (a);
      const char *tag;

      if (*a == '\0')
        {
          g_assert_cmpstr (b, ==, "");
          continue;
        }
      /* the input line, unchanged, then one more column */
      g_assert_true (strncmp (a, b, n) == 0);
      g_assert_true (b[n] == ' ' || b[n] == '\t');
      tag = b + n + 1;
      g_assert_null (strchr (tag, ' '));
      if (g_str_has_prefix (a, "-DOCSTART-"))
        g_assert_cmpstr (tag, ==, "O");
      else
        g_assert_true (g_str_equal (tag, "O") ||
                       ((tag[0] == 'I' || tag[0] == 'B') && tag[1] == '-' &&
                        dossier_ner_type_from_string (tag + 2, strlen (tag + 2)) >= 0));
    }
}

static void
test_conll_in_out (void)
{
  g_autofree char *contents = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierNerCorpus) gold = NULL;
  g_autoptr(DossierNerCorpus) tagged = NULL;
  g_autoptr(DossierNerTagger) tagger = dossier_ner_tagger_new (default_model ());
  g_autoptr(GArray) entities = g_array_new (FALSE, FALSE, sizeof (DossierNerEntity));
  gsize length;

  contents = dossier_test_load_shared ("conll2003/eng.testa", &length);
  g_assert_true (dossier_conll_tag (contents, length, out, &error));
  g_assert_no_error (error);
  check_conll_lines (contents, length, out->str);

  /* the appended column, read back as the tags, is what the tagger found */
  gold = dossier_ner_corpus_parse (contents, length, TRUE, &error);
  g_assert_no_error (error);
  dossier_ner_tag_corpus (tagger, gold, entities);
  tagged = dossier_ner_corpus_parse (out->str, out->len, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tagged->gold->len, ==, entities->len);
  for (guint i = 0; i < entities->len; i++)
    {
      const DossierNerEntity *a = &g_array_index (entities, DossierNerEntity, i);
      const DossierNerEntity *b = &g_array_index (tagged->gold, DossierNerEntity, i);
      g_assert_cmpuint (a->start, ==, b->start);
      g_assert_cmpuint (a->end, ==, b->end);
      g_assert_cmpuint (a->type, ==, b->type);
    }
}

static void
test_conll_odd_input (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    /* no DOCSTART, no final newline */
    { "Peter\nBlackburn", NULL },
    /* CRLF line ends stay, the tag goes before them */
    { "-DOCSTART- -X- O\r\n\r\nEU NNP I-ORG\r\nrejects VBZ O\r\n", NULL },
    /* tab-separated columns get a tab; blank lines in a row stay */
    { "EU\tNNP\n\n\nrejects\tVBZ\n", NULL },
    /* empty input */
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) in_lines = g_strsplit (cases[i].in, "\n", -1);
      g_auto(GStrv) out_lines = NULL;

      g_assert_true (dossier_conll_tag (cases[i].in, strlen (cases[i].in), out, &error));
      g_assert_no_error (error);
      if (cases[i].out != NULL)
        g_assert_cmpstr (out->str, ==, cases[i].out);
      out_lines = g_strsplit (out->str, "\n", -1);
      g_assert_cmpuint (g_strv_length (in_lines), ==, g_strv_length (out_lines));
      for (guint j = 0; in_lines[j]; j++)
        {
          gboolean cr = g_str_has_suffix (in_lines[j], "\r");
          g_autofree char *content = g_strndup (in_lines[j], strlen (in_lines[j]) - cr);

          g_assert_cmpint (g_str_has_suffix (out_lines[j], "\r"), ==, cr);
          if (*content == '\0')
            g_assert_cmpstr (out_lines[j], ==, in_lines[j]);
          else
            g_assert_true (g_str_has_prefix (out_lines[j], content));
        }
    }
  {
    /* a tab file gets a tab-separated tag */
    g_autoptr(GString) out = g_string_new (NULL);
    g_assert_true (dossier_conll_tag ("EU\tNNP\n", 7, out, NULL));
    g_assert_true (g_str_has_prefix (out->str, "EU\tNNP\t"));
  }
}

static GPtrArray *
article_spans (DossierExtraction *extraction,
               const char        *label)
{
  GPtrArray *spans = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < extraction->annotations->len; i++)
    {
      DossierExtractAnnotation *a = dossier_extraction_annotation (extraction, i);
      if (g_str_equal (a->label, label))
        g_ptr_array_add (spans, dossier_extraction_dup_span (extraction, a->start, a->end));
    }
  return spans;
}

static gboolean
spans_contain (GPtrArray  *spans,
               const char *text)
{
  for (guint i = 0; i < spans->len; i++)
    if (g_str_equal (g_ptr_array_index (spans, i), text))
      return TRUE;
  return FALSE;
}

static void
test_sample_article (void)
{
  static const char * const people[] = {
    "Donald Trump", "Vladimir Putin", "Dmitry Peskov", "Mike Waltz", "Marco Rubio",
    "Pete Hegseth", "JD Vance", "Keith Kellogg", "Trump", "Putin", "Peskov", "Waltz",
  };
  static const char * const places[] = {
    "United States", "Russia", "Ukraine", "Saudi Arabia", "United Arab Emirates", "Europe",
  };
  static const char * const organisations[] = { "TASS", "NBC News", "Reuters" };
  static const char * const not_people[] = { "Air Force One", "Kremlin", "TASS", "AIR FORCE ONE" };
  g_autofree char *text = NULL;
  g_autoptr(DossierExtraction) extraction = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GPtrArray) orgs = NULL;
  g_autoptr(GPtrArray) locs = NULL;
  gsize length;

  text = dossier_test_load_shared ("samples/air-force-one.txt", &length);
  extraction = dossier_extraction_new (text, length, "2025-02-09");
  dossier_entities_stage_run (extraction);

  for (guint i = 0; i < extraction->annotations->len; i++)
    {
      DossierExtractAnnotation *a = dossier_extraction_annotation (extraction, i);
      g_autofree char *span = dossier_extraction_dup_span (extraction, a->start, a->end);
      g_test_message ("%s %u-%u %.3f %s", a->label, a->start, a->end, a->confidence, span);
      g_assert_cmpuint (a->start, <, a->end);
      g_assert_cmpuint (a->end, <=, g_utf8_strlen (text, length));
      g_assert_cmpint (a->entity, ==, -1);
      g_assert_cmpfloat (a->confidence, >, 0.0);
      g_assert_cmpfloat (a->confidence, <=, 1.0);
    }

  persons = article_spans (extraction, "PERSON");
  orgs = article_spans (extraction, "ORG");
  locs = article_spans (extraction, "PLACE");
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_test_message ("person: %s", people[i]);
      g_assert_true (spans_contain (persons, people[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      g_test_message ("place: %s", places[i]);
      g_assert_true (spans_contain (locs, places[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (organisations); i++)
    {
      g_test_message ("organisation: %s", organisations[i]);
      g_assert_true (spans_contain (orgs, organisations[i]));
    }
  for (guint i = 0; i < persons->len; i++)
    for (guint j = 0; j < G_N_ELEMENTS (not_people); j++)
      g_assert_null (strstr (g_ptr_array_index (persons, i), not_people[j]));
}

/* Offsets are code points, whatever precedes the name. */
static void
test_astral_offsets (void)
{
  static const char text[] = "\xf0\x9f\x87\xba\xf0\x9f\x87\xa6 \xe2\x80\x9cWe will win,"
                             "\xe2\x80\x9d Ukrainian President Volodymyr Zelenskiy told "
                             "reporters in Kyiv.";
  g_autoptr(DossierExtraction) extraction = dossier_extraction_new (text, -1, NULL);
  g_autoptr(GPtrArray) persons = NULL;

  dossier_entities_stage_run (extraction);
  persons = article_spans (extraction, "PERSON");
  g_assert_true (spans_contain (persons, "Volodymyr Zelenskiy"));
}

static char *
entities_of (const char *text)
{
  g_autoptr(DossierExtraction) extraction = dossier_extraction_new (text, -1, NULL);
  GString *out = g_string_new (NULL);

  dossier_entities_stage_run (extraction);
  for (guint i = 0; i < extraction->annotations->len; i++)
    {
      DossierExtractAnnotation *a = dossier_extraction_annotation (extraction, i);
      g_autofree char *span = dossier_extraction_dup_span (extraction, a->start, a->end);
      g_string_append_printf (out, "%s:%s|", a->label, span);
    }
  return g_string_free (out, FALSE);
}

/* After a very long document the tagger lets its buffers go; the next article
 * is tagged as by a tagger that never saw the long one. */
static void
test_after_a_long_document (void)
{
  g_autofree char *sample = dossier_test_load_shared ("samples/air-force-one.txt", NULL);
  g_autofree char *before = entities_of (sample);
  g_autofree char *after = NULL;
  g_autofree char *long_entities = NULL;
  GString *long_text = g_string_new (NULL);

  for (guint i = 0; i < 80; i++)
    {
      g_string_append (long_text, sample);
      g_string_append (long_text, "\n\n");
    }
  long_entities = entities_of (long_text->str);
  g_assert_cmpuint (strlen (long_entities), >, 80 * strlen (before) / 2);
  after = entities_of (sample);
  g_assert_cmpstr (after, ==, before);
  g_string_free (long_text, TRUE);
}

/* Articles bring curly quotes, dashes and ellipses that the CoNLL training
 * text writes in ASCII: the tagger must read them the same way. */
static void
test_typographic_punctuation (void)
{
  static const struct { const char *typographic; const char *ascii; } cases[] = {
    { "\xe2\x80\x9cWe are ready,\xe2\x80\x9d said Angela Merkel\xe2\x80\x99s spokesman "
      "Steffen Seibert in Berlin.",
      "\"We are ready,\" said Angela Merkel's spokesman Steffen Seibert in Berlin." },
    { "LONDON \xe2\x80\x94 Shares in Barclays fell\xe2\x80\xa6 then rallied in New York.",
      "LONDON -- Shares in Barclays fell... then rallied in New York." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *a = entities_of (cases[i].typographic);
      g_autofree char *b = entities_of (cases[i].ascii);
      g_test_message ("%s", b);
      g_assert_cmpstr (a, ==, b);
      g_assert_cmpstr (b, !=, "");
    }
}

/* Text that is no article at all still tags, and every entity is whole. */
static void
test_odd_text (void)
{
  g_autoptr(GString) long_sentence = g_string_new (NULL);
  const char *texts[] = { "", " \n\n ", "...!!!", "\xf0\x9f\x98\x80", NULL, NULL };

  /* far longer than any sentence the features count (255 tokens) */
  for (guint i = 0; i < 3000; i++)
    g_string_append (long_sentence, i % 7 == 0 ? "Paris " : "and ");
  texts[4] = long_sentence->str;

  for (guint i = 0; texts[i] != NULL; i++)
    {
      g_autoptr(DossierExtraction) extraction = dossier_extraction_new (texts[i], -1, NULL);
      guint n_chars = g_utf8_strlen (texts[i], -1);

      dossier_entities_stage_run (extraction);
      for (guint k = 0; k < extraction->annotations->len; k++)
        {
          DossierExtractAnnotation *a = dossier_extraction_annotation (extraction, k);
          g_assert_cmpuint (a->start, <, a->end);
          g_assert_cmpuint (a->end, <=, n_chars);
        }
      if (i < 4)
        g_assert_cmpuint (extraction->annotations->len, ==, 0);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ner/model/round-trip", test_model_round_trip);
  g_test_add_func ("/ner/model/rejects-damage", test_model_rejects_damage);
  g_test_add_func ("/ner/model/quality", test_model_quality);
  g_test_add_func ("/ner/score/conlleval", test_score_conlleval);
  g_test_add_func ("/ner/conll/in-out", test_conll_in_out);
  g_test_add_func ("/ner/conll/odd-input", test_conll_odd_input);
  g_test_add_func ("/ner/article/sample", test_sample_article);
  g_test_add_func ("/ner/article/astral-offsets", test_astral_offsets);
  g_test_add_func ("/ner/article/typographic-punctuation", test_typographic_punctuation);
  g_test_add_func ("/ner/article/odd-text", test_odd_text);
  g_test_add_func ("/ner/article/after-a-long-document", test_after_a_long_document);

  return g_test_run ();
}
