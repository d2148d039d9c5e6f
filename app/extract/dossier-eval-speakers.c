/* dossier-eval-speakers.c — `dossier eval-speakers [--list] NOVEL_DIR…`
 *
 * Runs the extraction pipeline over a PDNC novel (novel_text.txt) and scores
 * the speakers of its quotes against quotation_info.csv and
 * character_info.csv. The rules:
 *  - our quotes are the QUOTE annotations that hold quotation marks (kind
 *    direct or mixed);
 *  - a gold quotation is found when each of its pieces (sub-quotations, the
 *    parts a narrator's "said he" splits) has at least 90% of its characters
 *    inside our quotes;
 *  - its speaker is that of our quotes overlapping its pieces; when they
 *    name different entities the quotation counts as attributed and wrong;
 *  - an entity stands for a character when its name or one of its mention
 *    texts is a main name or alias of that character (case and runs of
 *    spaces ignored; a form of address written right before a mention,
 *    "Mrs." in "Mrs. Elton", is part of its text, as in the aliases; the
 *    entity's other aliases are not used: the people stage derives them,
 *    "Weston" from "Mrs. Weston"); an alias listed for several characters names nobody
 *    for sure, and an entity whose names fit several characters ("Bennet"
 *    gathering Mr. and Mrs. Bennet) stands for none of them: both count
 *    as wrong, never as right;
 *  - the speaker is right only when its entity stands for the gold speaker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-eval-speakers"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dossier-commands.h"
#include "dossier-eval-speakers.h"

#define MIN_COVERED 0.9

/* an entity's character: an index into the novel's characters, or one of these */
enum { NAMES_NONE = -1, NAMES_SEVERAL = -2 };

/* lower case, runs of white space as one space, no space at either end */
static char *
name_key (const char *name)
{
  GString *key = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = key->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (key, ' ');
      space = FALSE;
      g_string_append_c (key, g_ascii_tolower (*p));
    }
  return g_string_free (key, FALSE);
}

/* name key → character index + 1, or G_MAXINT for a name of several characters */
static GHashTable *
index_aliases (DossierPdncNovel *novel)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint c = 0; c < novel->characters->len; c++)
    {
      const DossierPdncCharacter *ch = &g_array_index (novel->characters, DossierPdncCharacter, c);
      guint n = g_strv_length (ch->aliases);

      for (guint k = 0; k <= n; k++)
        {
          char *key = name_key (k < n ? ch->aliases[k] : ch->main_name);
          gpointer old = g_hash_table_lookup (names, key);

          if (old != NULL && GPOINTER_TO_INT (old) != (int)c + 1)
            g_hash_table_insert (names, key, GINT_TO_POINTER (G_MAXINT));
          else
            g_hash_table_insert (names, key, GINT_TO_POINTER (c + 1));
        }
    }
  return names;
}

static void
note_name (int        *character,
           GHashTable *aliases,
           const char *name)
{
  g_autofree char *key = name_key (name);
  int value = GPOINTER_TO_INT (g_hash_table_lookup (aliases, key));

  if (value == 0 || *character == NAMES_SEVERAL)
    return;
  if (value == G_MAXINT)
    *character = NAMES_SEVERAL;
  else if (*character == NAMES_NONE)
    *character = value - 1;
  else if (*character != value - 1)
    *character = NAMES_SEVERAL;
}

/* Where a mention starting at @start starts with the form of address
 * written right before it ("Mrs. " of "Mrs. Elton"). */
static guint
with_address (DossierExtraction *ex,
              guint              start)
{
  static const char * const forms[] = {
    "Mr.", "Mrs.", "Ms.", "Miss", "Lady", "Sir", "Dr.", "Mr", "Mrs", "Ms", "Dr", NULL
  };
  guint t = dossier_tokens_find (ex->tokens, start);

  if (t == 0 || t >= dossier_tokens_len (ex->tokens) ||
      dossier_tokens_get (ex->tokens, t)->start != start)
    return start;
  for (guint k = 0; forms[k] != NULL; k++)
    if (dossier_tokens_equal (ex->tokens, t - 1, forms[k], FALSE))
      return dossier_tokens_get (ex->tokens, t - 1)->start;
  return start;
}

/* The character each entity stands for, from its name and mentions. */
static int *
entity_characters (DossierPdncNovel  *novel,
                   DossierExtraction *ex)
{
  g_autoptr(GHashTable) aliases = index_aliases (novel);
  int *characters = g_new (int, ex->entities->len + 1);

  for (guint e = 0; e < ex->entities->len; e++)
    {
      const DossierExtractEntity *ent = dossier_extraction_entity (ex, e);

      characters[e] = NAMES_NONE;
      note_name (&characters[e], aliases, ent->name);
    }
  for (guint a = 0; a < ex->annotations->len; a++)
    {
      const DossierExtractAnnotation *ann = dossier_extraction_annotation (ex, a);
      g_autofree char *text = NULL;

      /* mentions only: a QUOTE's or a TITLE's entity is its speaker or person */
      if (ann->entity < 0 || (int)ann->entity >= (int)ex->entities->len ||
          (g_strcmp0 (ann->label, "PERSON") != 0 && g_strcmp0 (ann->label, "ORG") != 0 &&
           g_strcmp0 (ann->label, "PLACE") != 0 && g_strcmp0 (ann->label, "MISC") != 0))
        continue;
      text = dossier_extraction_dup_span (ex, with_address (ex, ann->start), ann->end);
      note_name (&characters[ann->entity], aliases, text);
    }
  return characters;
}

static gboolean
holds_quotation_marks (const DossierExtractAnnotation *ann)
{
  return g_strcmp0 (ann->label, "QUOTE") == 0 &&
         (g_strcmp0 (ann->kind, "direct") == 0 || g_strcmp0 (ann->kind, "mixed") == 0);
}

typedef struct
{
  guint start, end;
  int   speaker;
} OurQuote;

static int
compare_our_quotes (gconstpointer a,
                    gconstpointer b)
{
  const OurQuote *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start ? 1 : 0;
}

typedef enum
{
  VERDICT_MISSED,
  VERDICT_UNATTRIBUTED,
  VERDICT_RIGHT,
  VERDICT_WRONG_CHARACTER,
  VERDICT_WRONG_SEVERAL,
  VERDICT_WRONG_UNNAMED,
  VERDICT_WRONG_CONFLICT,
} Verdict;

static void
count (DossierSpeakerCounts *c,
       Verdict               v)
{
  c->gold++;
  if (v == VERDICT_MISSED)
    return;
  c->found++;
  if (v == VERDICT_UNATTRIBUTED)
    return;
  c->attributed++;
  switch (v)
    {
    case VERDICT_RIGHT: c->right++; break;
    case VERDICT_WRONG_CHARACTER: c->wrong_character++; break;
    case VERDICT_WRONG_SEVERAL: c->wrong_several++; break;
    case VERDICT_WRONG_UNNAMED: c->wrong_unnamed++; break;
    case VERDICT_WRONG_CONFLICT: c->wrong_conflict++; break;
    case VERDICT_MISSED: case VERDICT_UNATTRIBUTED: default: break;
    }
}

void
dossier_eval_speakers_score (DossierPdncNovel     *novel,
                             DossierExtraction    *ex,
                             DossierSpeakerScores *scores,
                             GString              *listing)
{
  static const char * const verdicts[] = {
    "missed", "no speaker", "right", "wrong character", "names several characters",
    "names no character", "conflicting speakers"
  };
  g_autofree int *characters = NULL;
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (OurQuote));
  g_autofree guint *max_end = NULL;
  g_autofree guint8 *covered = NULL;
  g_autofree guint8 *in_gold = NULL;
  guint n_chars;

  g_return_if_fail (novel != NULL);
  g_return_if_fail (ex != NULL);
  g_return_if_fail (scores != NULL);

  memset (scores, 0, sizeof *scores);
  n_chars = ex->tokens->n_chars;
  characters = entity_characters (novel, ex);
  covered = g_new0 (guint8, n_chars + 1);
  in_gold = g_new0 (guint8, n_chars + 1);

  for (guint a = 0; a < ex->annotations->len; a++)
    {
      const DossierExtractAnnotation *ann = dossier_extraction_annotation (ex, a);
      OurQuote q;

      if (!holds_quotation_marks (ann))
        continue;
      q.start = ann->start;
      q.end = MIN (ann->end, n_chars);
      q.speaker = ann->entity;
      g_array_append_val (ours, q);
      memset (covered + q.start, 1, q.end - q.start);
    }
  g_array_sort (ours, compare_our_quotes);
  /* max_end[i]: the furthest end among ours[0..i], to stop looking back early */
  max_end = g_new0 (guint, ours->len + 1);
  for (guint i = 0; i < ours->len; i++)
    max_end[i] = MAX (i > 0 ? max_end[i - 1] : 0, g_array_index (ours, OurQuote, i).end);

  for (guint g = 0; g < novel->quotations->len; g++)
    {
      const DossierPdncQuotation *gq = &g_array_index (novel->quotations, DossierPdncQuotation, g);
      gboolean found = TRUE;
      int speaker = -1;
      gboolean conflict = FALSE;
      Verdict v;

      for (guint k = 0; k < gq->n_pieces; k++)
        {
          guint s = MIN (gq->spans[k].start, n_chars), e = MIN (gq->spans[k].end, n_chars);
          guint n_in = 0;
          guint lo = 0, hi = ours->len;

          memset (in_gold + s, 1, e - s);
          for (guint i = s; i < e; i++)
            n_in += covered[i];
          if (e == s || n_in < MIN_COVERED * (e - s))
            found = FALSE;

          /* our quotes overlapping the piece: those starting before its end … */
          while (lo < hi)
            {
              guint mid = (lo + hi) / 2;
              if (g_array_index (ours, OurQuote, mid).start < e)
                lo = mid + 1;
              else
                hi = mid;
            }
          /* … and ending after its start */
          for (guint i = lo; i > 0 && max_end[i - 1] > s; i--)
            {
              const OurQuote *q = &g_array_index (ours, OurQuote, i - 1);
              if (q->end <= s || q->speaker < 0)
                continue;
              if (speaker >= 0 && speaker != q->speaker)
                conflict = TRUE;
              speaker = q->speaker;
            }
        }

      if (!found)
        v = VERDICT_MISSED;
      else if (speaker < 0)
        v = VERDICT_UNATTRIBUTED;
      else if (conflict)
        v = VERDICT_WRONG_CONFLICT;
      else if (characters[speaker] == NAMES_SEVERAL)
        v = VERDICT_WRONG_SEVERAL;
      else if (characters[speaker] == NAMES_NONE)
        v = VERDICT_WRONG_UNNAMED;
      else if (strcmp (g_array_index (novel->characters, DossierPdncCharacter,
                                      characters[speaker]).main_name, gq->speaker) == 0)
        v = VERDICT_RIGHT;
      else
        v = VERDICT_WRONG_CHARACTER;

      count (&scores->all, v);
      count (&scores->by_type[gq->type], v);
      if (listing != NULL && v != VERDICT_RIGHT)
        {
          g_autofree char *flat = g_strndup (gq->text, 60);
          const char *our_name = speaker >= 0 ? dossier_extraction_entity (ex, speaker)->name : "-";

          g_strdelimit (flat, "\n\t", ' ');
          g_string_append_printf (listing, "%s\t%u\t%s\t%s\t%s\t%s\t%s\n", gq->id,
                                  gq->spans[0].start, dossier_pdnc_quote_type_name (gq->type),
                                  verdicts[v], gq->speaker, our_name, flat);
        }
    }

  for (guint i = 0; i < ours->len; i++)
    {
      const OurQuote *q = &g_array_index (ours, OurQuote, i);
      gboolean any = FALSE;

      for (guint k = q->start; k < q->end && !any; k++)
        any = in_gold[k];
      scores->system_quotes++;
      if (!any)
        scores->system_outside++;
    }
}

static double
percent (guint a,
         guint b)
{
  return b > 0 ? 100.0 * a / b : 0;
}

static void
print_counts (const char                 *title,
              const DossierSpeakerCounts *c)
{
  printf ("  %-10s %6u %6u %6.1f%% %6u %6.1f%% %6u %6.1f%% %6.1f%%   %u / %u / %u / %u\n",
          title, c->gold, c->found, percent (c->found, c->gold),
          c->attributed, percent (c->attributed, c->found),
          c->right, percent (c->right, c->attributed), percent (c->right, c->gold),
          c->wrong_character, c->wrong_several, c->wrong_unnamed, c->wrong_conflict);
}

static int
evaluate_novel (const char           *folder,
                gboolean              list,
                DossierSpeakerScores *total)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierPdncNovel) novel = dossier_pdnc_novel_load (folder, &error);
  g_autoptr(DossierExtraction) ex = NULL;
  g_autoptr(GString) stages_line = g_string_new (NULL);
  g_autoptr(GString) listing = list ? g_string_new (NULL) : NULL;
  const DossierExtractStage *stages;
  DossierSpeakerScores s;
  guint n_stages, n_words = 0;
  gint64 t0;
  double total_ms = 0;

  if (novel == NULL)
    {
      fprintf (stderr, "dossier eval-speakers: %s: %s\n", folder, error->message);
      return 1;
    }

  /* the pipeline of `dossier extract`, stage by stage to time each */
  t0 = g_get_monotonic_time ();
  ex = dossier_extraction_new (novel->text, novel->length, NULL);
  total_ms = (g_get_monotonic_time () - t0) / 1000.0;
  g_string_append_printf (stages_line, "tokens %.0f", total_ms);
  stages = dossier_extraction_get_stages (&n_stages);
  for (guint i = 0; i < n_stages; i++)
    {
      double ms;

      t0 = g_get_monotonic_time ();
      stages[i].run (ex);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      total_ms += ms;
      g_string_append_printf (stages_line, ", %s %.0f", stages[i].name, ms);
    }
  for (guint i = 0; i < dossier_tokens_len (ex->tokens); i++)
    if (dossier_tokens_get (ex->tokens, i)->kind == DOSSIER_TOKEN_WORD)
      n_words++;

  dossier_eval_speakers_score (novel, ex, &s, listing);

  printf ("%s: %u words, %u gold quotations, %u characters; %u quotes of ours with "
          "quotation marks, %u of them outside every gold quotation\n",
          novel->name, n_words, novel->quotations->len, novel->characters->len,
          s.system_quotes, s.system_outside);
  printf ("  pipeline %.0f ms (%s ms)\n", total_ms, stages_line->str);
  printf ("  %-10s %6s %6s %7s %6s %7s %6s %7s %7s   %s\n", "", "gold", "found", "recall",
          "attrib", "of fnd", "right", "of att", "of gold",
          "wrong: character / several / none / conflict");
  print_counts ("all", &s.all);
  for (guint t = 0; t < DOSSIER_PDNC_N_TYPES; t++)
    if (s.by_type[t].gold > 0)
      print_counts (dossier_pdnc_quote_type_name (t), &s.by_type[t]);
  if (listing != NULL)
    {
      printf ("  id\tstart\ttype\tverdict\tgold speaker\tour speaker\tquotation\n");
      fputs (listing->str, stdout);
    }

#define ADD(field) total->all.field += s.all.field; \
  for (guint t = 0; t < DOSSIER_PDNC_N_TYPES; t++) total->by_type[t].field += s.by_type[t].field
  ADD (gold); ADD (found); ADD (attributed); ADD (right);
  ADD (wrong_character); ADD (wrong_several); ADD (wrong_unnamed); ADD (wrong_conflict);
#undef ADD
  total->system_quotes += s.system_quotes;
  total->system_outside += s.system_outside;
  return 0;
}

int
dossier_eval_speakers_main (int    argc,
                            char **argv)
{
  gboolean list = FALSE;
  GOptionEntry entries[] = {
    { "list", 'l', 0, G_OPTION_ARG_NONE, &list,
      "List each gold quotation missed or not attributed right", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("NOVEL_DIR… — score quote speakers against PDNC novels");
  g_autoptr(GError) error = NULL;
  DossierSpeakerScores total = { 0 };

  g_option_context_set_summary (context,
    "NOVEL_DIR is a Project Dialogism Novel Corpus folder (novel_text.txt, quotation_info.csv, "
    "character_info.csv).\n"
    "Our quotes are the QUOTE annotations with quotation marks (direct or mixed). A gold "
    "quotation is found when each of its pieces has at least 90% of its characters inside our "
    "quotes; its speaker is that of our quotes over it (different speakers count as wrong). An "
    "entity stands for a character when its name or a mention text (with a form of address "
    "written right before it) is one of the character's names (main name or alias, case "
    "ignored); an entity whose names fit several characters, or none, is wrong. Columns: "
    "found/gold (recall), attributed/found (coverage), right/attributed (accuracy), "
    "right/gold (accuracy over all gold quotations).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "dossier eval-speakers: %s\n", error->message);
      return 2;
    }
  if (argc < 2)
    {
      fprintf (stderr, "usage: dossier eval-speakers [--list] NOVEL_DIR…\n");
      return 2;
    }
  for (int i = 1; i < argc; i++)
    {
      int status = evaluate_novel (argv[i], list, &total);
      if (status != 0)
        return status;
    }
  if (argc > 2)
    {
      printf ("all novels:\n");
      print_counts ("all", &total.all);
      for (guint t = 0; t < DOSSIER_PDNC_N_TYPES; t++)
        if (total.by_type[t].gold > 0)
          print_counts (dossier_pdnc_quote_type_name (t), &total.by_type[t]);
    }
  printf ("found: every piece 90%% inside our quotes with quotation marks; right: our speaker's "
          "name or mention texts fit the gold character and no other (--help)\n");
  return 0;
}
