/* dossier-people.c — mentions clustered into people and organisations, with titles
 *
 * Full names ("Donald Trump") make the people; a surname or a first name on
 * its own ("Trump") joins the person of that name mentioned nearest before
 * it (or after, if nobody came before). Titles come from the words in front
 * of a name ("Kremlin spokesman Dmitry Peskov", "Secretary of State Marco
 * Rubio") and from appositions ("Keith Kellogg, the special envoy for the
 * Ukraine war").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dossier-people"

#include "config.h"

#include <string.h>

#include "dossier-hash.h"
#include "dossier-people.h"
#include "dossier-quote-words.h"

typedef struct
{
  guint annotation;
  guint first, last;  /* name tokens (honorifics and possessives stripped) */
  gboolean person;
} Mention;

typedef struct
{
  const DossierTokens *tk;
  const guint32       *cls;
  guint8              *in_mention; /* token is inside a PERSON/ORG mention */
  guint8              *person_at;  /* a PERSON mention starts at the token */
  int                 *org_at;     /* the ORG annotation starting at the token, or -1 */
  guint                n;
} Ctx;

static inline const DossierToken *
tok (const Ctx *c,
     guint      i)
{
  return dossier_tokens_get (c->tk, i);
}

static gboolean
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

static gboolean
is_cap (const Ctx *c,
        guint      i)
{
  return i < c->n && tok (c, i)->kind == DOSSIER_TOKEN_WORD &&
         (tok (c, i)->flags & DOSSIER_TOKEN_CAPITALIZED);
}

static gboolean
same_token_text (const Ctx *c,
                 guint      a,
                 guint      b)
{
  const DossierToken *ta = tok (c, a);
  const DossierToken *tb = tok (c, b);
  gsize la = ta->byte_end - ta->byte_start;

  return la == tb->byte_end - tb->byte_start &&
         g_ascii_strncasecmp (c->tk->text + ta->byte_start, c->tk->text + tb->byte_start, la) == 0;
}

static char *
dup_tokens (const Ctx *c,
            guint      first,
            guint      last)
{
  return g_strndup (c->tk->text + tok (c, first)->byte_start,
                    tok (c, last)->byte_end - tok (c, first)->byte_start);
}

/* ---- honorifics ------------------------------------------------------------- */

/* Forms of address before a name. Mr. and Mrs. X, Miss X and Lady X are
 * different people of one family; Ms. may be Mrs. or Miss. */
enum { HON_NONE, HON_MR, HON_MRS, HON_MISS, HON_MS, HON_LADY };

static int
honorific_at (const Ctx *c,
              guint      i)
{
  static const struct { const char *word; int hon; } forms[] = {
    { "Mr.", HON_MR }, { "Mr", HON_MR }, { "Sir", HON_MR },
    { "Mrs.", HON_MRS }, { "Mrs", HON_MRS }, { "Miss", HON_MISS }, { "Ms.", HON_MS },
    { "Ms", HON_MS }, { "Lady", HON_LADY },
  };

  if (i >= c->n || tok (c, i)->kind != DOSSIER_TOKEN_WORD)
    return HON_NONE;
  for (guint k = 0; k < G_N_ELEMENTS (forms); k++)
    if (dossier_tokens_equal (c->tk, i, forms[k].word, FALSE))
      return forms[k].hon;
  return HON_NONE;
}

/* Miss, Lady, Sir: not in the word classes (the quote tagger was trained
 * without them), stripped from names like Mr. and Mrs. ("Lord Falconer"
 * keeps his: a peer is known by it) */
static gboolean
is_name_honorific (const Ctx *c,
                   guint      i)
{
  return (c->cls[i] & DOSSIER_WORD_HONORIFIC) || honorific_at (c, i) != HON_NONE;
}

/* Military ranks: before one name always a surname */
static gboolean
is_rank (const Ctx *c,
         guint      i)
{
  static const char * const ranks[] = {
    "Colonel", "Col.", "Captain", "Capt.", "Lieutenant", "Lt.", "Sergeant", "Sgt.", "Major",
    "Admiral", "Commander", "Corporal", "Private", NULL
  };

  for (guint k = 0; ranks[k] != NULL; k++)
    if (dossier_tokens_equal (c->tk, i, ranks[k], FALSE))
      return TRUE;
  return FALSE;
}

static char
honorific_gender (int hon)
{
  return hon == HON_MR ? 'm' : hon == HON_NONE ? 0 : 'f';
}

/* Whether a person addressed as @hon can be the person of a full name of
 * gender @gender (0: unknown) addressed as @name_hon. */
static gboolean
honorific_fits (int  hon,
                int  name_hon,
                char gender)
{
  if (gender != 0 && honorific_gender (hon) != 0 && gender != honorific_gender (hon))
    return FALSE;
  if (name_hon == HON_NONE || name_hon == hon)
    return TRUE;
  if (hon == HON_MS || name_hon == HON_MS)
    return (hon == HON_MRS || hon == HON_MISS || name_hon == HON_MRS || name_hon == HON_MISS);
  return FALSE;
}

/* A surname used with the addresses of two different people at least. */
static gboolean
is_family (GHashTable *families,
           const char *surname)
{
  guint mask = GPOINTER_TO_UINT (g_hash_table_lookup (families, surname));

  return (mask & (mask - 1)) != 0;
}

/* ---- titles ----------------------------------------------------------------- */

/* "U.S. National Security Adviser" / "Secretary of State" / "Kremlin spokesman"
 * right before @name; returns the first token of the title or -1. */
static int
title_before (const Ctx *c,
              guint      name)
{
  int k = (int)name;
  int first_title = -1;
  gboolean ends_ok = FALSE;
  guint n_lower = 0;

  if (name == 0 || (tok (c, name)->flags & DOSSIER_TOKEN_PARAGRAPH_START))
    return -1;
  /* the word right before must be a title, or "of X" after one */
  if (c->cls[name - 1] & DOSSIER_WORD_TITLE)
    ends_ok = TRUE;
  else if (is_cap (c, name - 1))
    {
      for (int j = (int)name - 2; j >= 0 && j >= (int)name - 4; j--)
        {
          if (dossier_tokens_equal (c->tk, j, "of", FALSE))
            {
              ends_ok = j > 0 && (c->cls[j - 1] & DOSSIER_WORD_TITLE);
              break;
            }
          if (!is_cap (c, j))
            break;
        }
    }
  if (!ends_ok)
    return -1;

  while (k > 0)
    {
      guint t = k - 1;
      guint32 cl = c->cls[t];

      if (tok (c, k)->flags & DOSSIER_TOKEN_SENTENCE_START)
        break;
      if (tok (c, t)->kind != DOSSIER_TOKEN_WORD || c->in_mention[t])
        break;
      if (cl & DOSSIER_WORD_HONORIFIC)
        break;
      if (cl & DOSSIER_WORD_TITLE)
        {
          k = t;
          first_title = t;
          continue;
        }
      if (dossier_tokens_equal (c->tk, t, "of", FALSE) && first_title < 0)
        {
          k = t;
          continue;
        }
      if (is_cap (c, t) && !(cl & (DOSSIER_WORD_CONJ | DOSSIER_WORD_PREP | DOSSIER_WORD_DET |
                                   DOSSIER_WORD_PRONOUN | DOSSIER_WORD_ADVERB)))
        {
          k = t;
          continue;
        }
      /* "managing director", "chief financial officer": lower-case words just before a title word */
      if (!is_cap (c, t) && ((c->cls[k] & DOSSIER_WORD_TITLE) || n_lower > 0) && n_lower < 2 &&
          !(cl & (DOSSIER_WORD_CONJ | DOSSIER_WORD_PREP | DOSSIER_WORD_DET | DOSSIER_WORD_PRONOUN |
                  DOSSIER_WORD_ADVERB | DOSSIER_WORD_AUX | DOSSIER_WORD_VERB | DOSSIER_WORD_CUE)) &&
          tok (c, t)->kind == DOSSIER_TOKEN_WORD)
        {
          n_lower++;
          k = t;
          continue;
        }
      break;
    }
  if (k >= (int)name)
    return -1;
  /* drop words at the sentence start that are not part of the title ("Meanwhile") */
  while (k < (int)name - 1 && (tok (c, k)->flags & DOSSIER_TOKEN_SENTENCE_START) &&
         !(c->cls[k] & DOSSIER_WORD_TITLE) && !(tok (c, k)->flags & DOSSIER_TOKEN_ABBREVIATION) &&
         !(tok (c, k)->flags & DOSSIER_TOKEN_ALL_CAPS) && k + 1 < (int)name &&
         (c->cls[k] & (DOSSIER_WORD_CONJ | DOSSIER_WORD_PREP | DOSSIER_WORD_ADVERB)))
    k++;
  if (first_title < 0 && !(c->cls[name - 1] & DOSSIER_WORD_TITLE))
    {
      /* "Secretary of State": the title word is before "of" */
      for (int j = (int)name - 1; j >= k; j--)
        if (c->cls[j] & DOSSIER_WORD_TITLE)
          first_title = j;
      if (first_title < 0)
        return -1;
    }
  return k;
}

/* ", the special envoy for the Ukraine war" after the name; returns the last token or -1. */
static int
title_after (const Ctx *c,
             guint      last,
             guint     *first_out)
{
  guint j = last + 1;
  guint k;
  gboolean has_title = FALSE;

  if (!tok_char (c, j, ',') || j + 1 >= c->n)
    return -1;
  j++;
  if (!(c->cls[j] & DOSSIER_WORD_DET) && !(c->cls[j] & DOSSIER_WORD_TITLE) && !is_cap (c, j))
    return -1;
  if (c->cls[j] & DOSSIER_WORD_PRONOUN)
    return -1;
  for (k = j; k < c->n && k < j + 12; k++)
    {
      guint32 cl = c->cls[k];

      if (tok (c, k)->flags & DOSSIER_TOKEN_PARAGRAPH_START)
        break;
      if (tok (c, k)->kind == DOSSIER_TOKEN_PUNCT || tok (c, k)->kind == DOSSIER_TOKEN_QUOTE)
        break;
      /* "Marco Rubio, Secretary of Defense Pete Hegseth": a list, not an apposition */
      if (c->in_mention[k])
        return -1;
      if (cl & (DOSSIER_WORD_CUE | DOSSIER_WORD_AUX | DOSSIER_WORD_VERB | DOSSIER_WORD_PRONOUN))
        return -1;
      if (dossier_tokens_equal (c->tk, k, "and", FALSE) && !has_title)
        return -1;
      if ((cl & DOSSIER_WORD_TITLE) && k < j + 5)
        has_title = TRUE;
    }
  if (!has_title || k == j)
    return -1;
  if (k < c->n && !tok_char (c, k, ',') && !tok_char (c, k, '.') && !tok_char (c, k, ';') &&
      !(tok (c, k)->flags & DOSSIER_TOKEN_PARAGRAPH_START) && k < c->n)
    {
      /* the apposition must end at punctuation */
      if (!(tok (c, k)->kind == DOSSIER_TOKEN_PUNCT))
        return -1;
    }
  *first_out = j;
  return k - 1;
}

/* ---- clustering ------------------------------------------------------- */

static gboolean
names_compatible (const Ctx     *c,
                  const Mention *a,
                  const Mention *b)
{
  /* same surname and first names that agree (equal, or one is an initial) */
  guint la = a->last - a->first + 1;
  guint lb = b->last - b->first + 1;

  if (!same_token_text (c, a->last, b->last))
    return FALSE;
  if (la == 1 || lb == 1)
    return TRUE;
  if (same_token_text (c, a->first, b->first))
    return TRUE;
  return c->tk->text[tok (c, a->first)->byte_start] == c->tk->text[tok (c, b->first)->byte_start] &&
         ((tok (c, a->first)->byte_end - tok (c, a->first)->byte_start <= 2) ||
          (tok (c, b->first)->byte_end - tok (c, b->first)->byte_start <= 2));
}

static void
add_alias (DossierExtractEntity *e,
           const char           *name)
{
  if (g_strcmp0 (e->name, name) == 0)
    return;
  for (guint i = 0; i < e->aliases->len; i++)
    if (g_strcmp0 (g_ptr_array_index (e->aliases, i), name) == 0)
      return;
  g_ptr_array_add (e->aliases, g_strdup (name));
}

/* The tagger's ORG annotation with exactly this token span, or -1. */
static int
find_org (DossierExtraction *extraction,
          const Ctx         *c,
          guint              first,
          guint              last)
{
  int a = c->org_at[first];
  const DossierExtractAnnotation *o;

  if (a < 0)
    return -1;
  o = dossier_extraction_annotation (extraction, a);
  if (o->entity >= 0 || o->end != tok (c, last)->end)
    return -1;
  return a;
}

/* A TITLE for @entity: the tagger's ORG of the same span becomes it, or a new one. */
static void
add_title (DossierExtraction *extraction,
           const Ctx         *c,
           guint              first,
           guint              last,
           double             confidence,
           int                entity)
{
  int org = find_org (extraction, c, first, last);
  guint start = tok (c, first)->start;
  guint end = tok (c, last)->end;
  DossierExtractAnnotation *t;

  if (org >= 0)
    {
      t = dossier_extraction_annotation (extraction, org);
      g_free (t->label);
      t->label = g_strdup ("TITLE");
    }
  else
    t = dossier_extraction_add_annotation (extraction, "TITLE", start, end, confidence);
  if (t != NULL)
    t->entity = entity;
}

/* A lookup key for tokens @first..@last: a kind letter and the lower-cased words. */
static char *
token_key (const Ctx *c,
           guint      first,
           guint      last,
           char       kind)
{
  const char *text = c->tk->text + tok (c, first)->byte_start;
  gsize len = tok (c, last)->byte_end - tok (c, first)->byte_start;
  char *key = g_malloc (len + 3);

  key[0] = kind;
  key[1] = ':';
  for (gsize i = 0; i < len; i++)
    {
      /* ASCII case-folds to its lower case; other text goes the long way */
      if ((guchar)text[i] >= 0x80)
        {
          g_autofree char *down = g_utf8_casefold (text, len);

          g_free (key);
          return g_strdup_printf ("%c:%s", kind, down);
        }
      key[i + 2] = dossier_ascii_lower (text[i]);
    }
  key[len + 2] = '\0';
  return key;
}

typedef struct
{
  int  entity;
  int  hon;     /* its form of address, if one of its mentions has one */
  char gender;  /* from the first name */
} FullName;

/* Surname key → FullName array: the people of two names or more of a family. */
static void
add_full_name (GHashTable *full_names,
               const char *surname,
               int         entity,
               int         hon,
               char        gender)
{
  GArray *names = g_hash_table_lookup (full_names, surname);
  FullName f = { entity, hon, gender };

  if (names == NULL)
    {
      names = g_array_new (FALSE, FALSE, sizeof (FullName));
      g_hash_table_insert (full_names, g_strdup (surname), names);
    }
  for (guint k = 0; k < names->len; k++)
    {
      FullName *o = &g_array_index (names, FullName, k);
      if (o->entity == entity)
        {
          if (o->hon == HON_NONE)
            o->hon = hon;
          return;
        }
    }
  g_array_append_val (names, f);
}

/* The person a one-word name addressed as @hon stands for in a family:
 * the one already met so addressed, else the full name of the family when
 * it is the only one of that gender and fits the address ("Mrs. Obama" is
 * Michelle Obama beside Barack Obama; "Mrs. Bennet" is none of her
 * daughters), else a new person named with the address. */
static int
family_member (DossierExtraction *extraction,
               const Ctx         *c,
               const Mention     *m,
               int                hon,
               const char        *surname,
               GHashTable        *members,
               GHashTable        *full_names)
{
  g_autofree char *key = g_strdup_printf ("%d%s", hon, surname);
  GArray *names = g_hash_table_lookup (full_names, surname);
  gpointer v;
  int found = -1;
  guint n_gender = 0;

  if (g_hash_table_lookup_extended (members, key, NULL, &v))
    return GPOINTER_TO_INT (v);
  for (guint k = 0; names != NULL && k < names->len; k++)
    {
      const FullName *f = &g_array_index (names, FullName, k);
      if (honorific_fits (hon, HON_NONE, f->gender))
        {
          n_gender++;
          if (honorific_fits (hon, f->hon, f->gender))
            found = f->entity;
        }
    }
  if (n_gender != 1 || found < 0)
    {
      g_autofree char *name = dup_tokens (c, m->first - 1, m->last);
      found = dossier_extraction_add_entity (extraction, "PERSON", name);
    }
  g_hash_table_insert (members, g_steal_pointer (&key), GINT_TO_POINTER (found));
  return found;
}

void
dossier_people_cluster (DossierExtraction *extraction)
{
  Ctx c = { 0 };
  g_autoptr(GArray) mentions = NULL;
  g_autofree int *entity_of = NULL;   /* per mention */
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify)g_array_unref);
  g_autoptr(GHashTable) entity_hon = g_hash_table_new (NULL, NULL); /* form of address */
  guint n_annotations;

  g_return_if_fail (extraction != NULL);

  c.tk = extraction->tokens;
  c.n = dossier_tokens_len (c.tk);
  if (c.n == 0)
    return;
  c.cls = dossier_extraction_word_classes (extraction);
  c.in_mention = g_new0 (guint8, c.n + 1);
  c.person_at = g_new0 (guint8, c.n + 1);
  c.org_at = g_new (int, c.n + 1);
  mentions = g_array_new (FALSE, FALSE, sizeof (Mention));

  n_annotations = extraction->annotations->len;
  for (guint i = 0; i <= c.n; i++)
    c.org_at[i] = -1;
  for (guint a = 0; a < n_annotations; a++)
    {
      const DossierExtractAnnotation *ann = dossier_extraction_annotation (extraction, a);
      guint t = dossier_tokens_find (c.tk, ann->start);

      if (t >= c.n || tok (&c, t)->start != ann->start)
        continue;
      if (g_strcmp0 (ann->label, "PERSON") == 0)
        c.person_at[t] = 1;
      else if (g_strcmp0 (ann->label, "ORG") == 0)
        c.org_at[t] = a;
    }

  for (guint a = 0; a < n_annotations; a++)
    {
      const DossierExtractAnnotation *ann = dossier_extraction_annotation (extraction, a);
      Mention m = { a, 0, 0, FALSE };

      if (ann->entity >= 0 || ann->end <= ann->start)
        continue;
      if (g_strcmp0 (ann->label, "PERSON") == 0)
        m.person = TRUE;
      else if (g_strcmp0 (ann->label, "ORG") != 0)
        continue;
      m.first = dossier_tokens_find (c.tk, ann->start);
      if (m.first >= c.n)
        continue;
      m.last = m.first;
      while (m.last + 1 < c.n && tok (&c, m.last + 1)->start < ann->end)
        m.last++;
      /* "U.S. National Security Adviser Mike Waltz": an "organisation" ending in
       * a title right before a person is the person's title */
      if (!m.person && (c.cls[m.last] & DOSSIER_WORD_TITLE) && m.last + 1 < c.n && c.person_at[m.last + 1])
        continue;
      /* strip honorifics, titles and possessives the tagger may include */
      while (m.person && m.first < m.last &&
             ((c.cls[m.first] & DOSSIER_WORD_TITLE) || is_name_honorific (&c, m.first)))
        m.first++;
      while (m.last > m.first && tok (&c, m.last)->kind != DOSSIER_TOKEN_WORD)
        m.last--;
      for (guint i = m.first; i <= m.last; i++)
        c.in_mention[i] = 1;
      g_array_append_val (mentions, m);
    }

  entity_of = g_new (int, mentions->len + 1);
  for (guint i = 0; i < mentions->len; i++)
    entity_of[i] = -1;

  /* pass 1: names of two words or more, and organisations; candidates come
   * from a table by surname (or by the whole name for organisations); "Mr.
   * John Knightley" and "Mrs. John Knightley" stay two people */
  for (guint i = 0; i < mentions->len; i++)
    {
      const Mention *m = &g_array_index (mentions, Mention, i);
      g_autofree char *key = NULL;
      GArray *same;
      int hon = m->person && m->first > 0 ? honorific_at (&c, m->first - 1) : HON_NONE;

      if (m->person && m->last == m->first)
        continue;
      key = m->person ? token_key (&c, m->last, m->last, 'p') : token_key (&c, m->first, m->last, 'o');
      same = g_hash_table_lookup (by_key, key);
      for (int k = same != NULL ? (int)same->len - 1 : -1; k >= 0; k--)
        {
          guint j = g_array_index (same, guint, k);
          const Mention *o = &g_array_index (mentions, Mention, j);
          gpointer other_key = GINT_TO_POINTER (entity_of[j]);
          int other = GPOINTER_TO_INT (g_hash_table_lookup (entity_hon, other_key));

          if (!m->person || (names_compatible (&c, m, o) && honorific_fits (hon, other, 0)))
            {
              entity_of[i] = entity_of[j];
              break;
            }
        }
      if (entity_of[i] < 0)
        {
          g_autofree char *name = dup_tokens (&c, m->first, m->last);
          entity_of[i] = dossier_extraction_add_entity (extraction, m->person ? "PERSON" : "ORG", name);
        }
      if (hon != HON_NONE &&
          !g_hash_table_contains (entity_hon, GINT_TO_POINTER (entity_of[i])))
        g_hash_table_insert (entity_hon, GINT_TO_POINTER (entity_of[i]), GINT_TO_POINTER (hon));
      if (same == NULL)
        {
          same = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (by_key, g_steal_pointer (&key), same);
        }
      g_array_append_val (same, i);
    }

  /* pass 2: one-word names join the nearest full name before them whose
   * surname or first name they are, else the first one after.
   * In a family (a surname with the addresses of different people: "Mr.
   * Bennet", "Mrs. Bennet", "Miss Bennet") an addressed one-word name is
   * the person so addressed (see family_member), and a bare surname is the
   * man of the family ("Darcy" for Mr. Darcy beside Miss Darcy), or nobody
   * known when there are several. */
  {
    g_autoptr(GHashTable) before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GHashTable) after = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GHashTable) single = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GHashTable) families = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GHashTable) full_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              (GDestroyNotify)g_array_unref);
    g_autoptr(GHashTable) members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (guint));
    g_autoptr(GHashTable) ranked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    /* the first full name after each point: filled walking backwards */
    g_autofree int *next_surname = g_new (int, mentions->len + 1);
    g_autofree int *next_first = g_new (int, mentions->len + 1);

    for (guint i = 0; i < mentions->len; i++)
      {
        const Mention *m = &g_array_index (mentions, Mention, i);
        int hon = m->first > 0 ? honorific_at (&c, m->first - 1) : HON_NONE;
        g_autofree char *sk = NULL;
        guint mask;

        if (m->person && m->first == m->last && m->first > 0 && is_rank (&c, m->first - 1))
          g_hash_table_add (ranked, token_key (&c, m->first, m->first, 'p'));
        if (!m->person || hon == HON_NONE || hon == HON_MS)
          continue;
        sk = token_key (&c, m->last, m->last, 'p');
        mask = GPOINTER_TO_UINT (g_hash_table_lookup (families, sk)) | (1u << hon);
        g_hash_table_replace (families, g_steal_pointer (&sk), GUINT_TO_POINTER (mask));
      }
    for (guint i = 0; i < mentions->len; i++)
      {
        const Mention *m = &g_array_index (mentions, Mention, i);
        int hon = m->first > 0 ? honorific_at (&c, m->first - 1) : HON_NONE;
        g_autofree char *sk = NULL;
        const DossierToken *ft;

        if (!m->person || m->last == m->first)
          continue;
        sk = token_key (&c, m->last, m->last, 'p');
        if (!is_family (families, sk))
          continue;
        ft = tok (&c, m->first);
        add_full_name (full_names, sk, entity_of[i], hon,
                       dossier_first_name_gender (c.tk->text + ft->byte_start,
                                                  ft->byte_end - ft->byte_start));
      }

    for (int i = (int)mentions->len - 1; i >= 0; i--)
      {
        const Mention *m = &g_array_index (mentions, Mention, i);
        g_autofree char *k = NULL;
        gpointer v;

        next_surname[i] = next_first[i] = -1;
        if (!m->person)
          continue;
        if (m->last == m->first)
          {
            k = token_key (&c, m->first, m->first, 'p');
            if (g_hash_table_lookup_extended (after, k, NULL, &v))
              next_surname[i] = GPOINTER_TO_INT (v);
            g_free (k);
            k = token_key (&c, m->first, m->first, 'f');
            if (g_hash_table_lookup_extended (after, k, NULL, &v))
              next_first[i] = GPOINTER_TO_INT (v);
            continue;
          }
        g_hash_table_replace (after, token_key (&c, m->last, m->last, 'p'), GINT_TO_POINTER (entity_of[i]));
        g_hash_table_replace (after, token_key (&c, m->first, m->first, 'f'), GINT_TO_POINTER (entity_of[i]));
      }

    for (guint i = 0; i < mentions->len; i++)
      {
        const Mention *m = &g_array_index (mentions, Mention, i);
        g_autofree char *sk = NULL;
        g_autofree char *fk = NULL;
        gpointer v;
        int found = -1;
        gboolean by_surname;

        if (!m->person)
          continue;
        if (m->last != m->first)
          {
            g_hash_table_replace (before, token_key (&c, m->last, m->last, 'p'), GINT_TO_POINTER (entity_of[i]));
            g_hash_table_replace (before, token_key (&c, m->first, m->first, 'f'), GINT_TO_POINTER (entity_of[i]));
            continue;
          }
        sk = token_key (&c, m->first, m->first, 'p');
        fk = token_key (&c, m->first, m->first, 'f');
        if (is_family (families, sk))
          {
            int hon = m->first > 0 ? honorific_at (&c, m->first - 1) : HON_NONE;

            if (hon == HON_NONE)
              g_array_append_val (bare, i);
            else
              entity_of[i] = family_member (extraction, &c, m, hon, sk, members, full_names);
            continue;
          }
        /* after a rank one word is a surname ("Colonel Fitzwilliam" is not
         * Fitzwilliam Darcy), and so is that word alone ("said Fitzwilliam");
         * not after "Mr." ("Mr. Xi" is Xi Jinping) */
        by_surname = (m->first > 0 && is_rank (&c, m->first - 1)) ||
                     g_hash_table_contains (ranked, sk);
        if (g_hash_table_lookup_extended (before, sk, NULL, &v) ||
            (!by_surname && g_hash_table_lookup_extended (before, fk, NULL, &v)))
          found = GPOINTER_TO_INT (v);
        else if (next_surname[i] >= 0)
          found = next_surname[i];
        else if (next_first[i] >= 0 && !by_surname)
          found = next_first[i];
        else if (g_hash_table_lookup_extended (single, sk, NULL, &v))
          found = GPOINTER_TO_INT (v);
        if (found < 0)
          {
            g_autofree char *name = dup_tokens (&c, m->first, m->last);
            found = dossier_extraction_add_entity (extraction, "PERSON", name);
            g_hash_table_replace (single, g_strdup (sk), GINT_TO_POINTER (found));
          }
        entity_of[i] = found;
      }

    for (guint k = 0; k < bare->len; k++)
      {
        guint i = g_array_index (bare, guint, k);
        const Mention *m = &g_array_index (mentions, Mention, i);
        g_autofree char *sk = token_key (&c, m->first, m->first, 'p');
        g_autofree char *mr = g_strdup_printf ("%d%s", HON_MR, sk);
        GArray *names = g_hash_table_lookup (full_names, sk);
        gpointer v;
        int found = -1;
        guint n_men = 0;

        if (g_hash_table_lookup_extended (members, mr, NULL, &v))
          found = GPOINTER_TO_INT (v);
        for (guint j = 0; found < 0 && names != NULL && j < names->len; j++)
          if (g_array_index (names, FullName, j).gender == 'm' ||
              g_array_index (names, FullName, j).hon == HON_MR)
            n_men++;
        for (guint j = 0; found < 0 && n_men == 1 && j < names->len; j++)
          if (g_array_index (names, FullName, j).gender == 'm' ||
              g_array_index (names, FullName, j).hon == HON_MR)
            found = g_array_index (names, FullName, j).entity;
        if (found < 0 && g_hash_table_lookup_extended (single, sk, NULL, &v))
          found = GPOINTER_TO_INT (v);
        if (found < 0)
          {
            g_autofree char *name = dup_tokens (&c, m->first, m->last);
            found = dossier_extraction_add_entity (extraction, "PERSON", name);
            g_hash_table_replace (single, g_strdup (sk), GINT_TO_POINTER (found));
          }
        entity_of[i] = found;
      }
  }

  /* names, aliases, titles */
  for (guint i = 0; i < mentions->len; i++)
    {
      const Mention *m = &g_array_index (mentions, Mention, i);
      DossierExtractAnnotation *ann = dossier_extraction_annotation (extraction, m->annotation);
      DossierExtractEntity *e = dossier_extraction_entity (extraction, entity_of[i]);
      g_autofree char *name = dup_tokens (&c, m->first, m->last);
      int tfirst;
      guint afirst = 0;
      int alast;

      ann->entity = entity_of[i];
      if (strlen (name) > strlen (e->name) && m->person)
        {
          char *old = e->name;
          e->name = g_steal_pointer (&name);
          add_alias (e, old);
          g_free (old);
        }
      else
        add_alias (e, name);
      if (m->person && m->first > 0 && is_name_honorific (&c, m->first - 1))
        {
          g_autofree char *with = dup_tokens (&c, m->first - 1, m->last);
          add_alias (e, with);
        }

      if (!m->person)
        continue;
      tfirst = title_before (&c, m->first);
      if (tfirst >= 0 && (guint)tfirst < m->first)
        {
          add_title (extraction, &c, tfirst, m->first - 1, 0.8, entity_of[i]);
          if (e->title == NULL)
            e->title = dup_tokens (&c, tfirst, m->first - 1);
        }
      alast = title_after (&c, m->last, &afirst);
      if (alast >= 0)
        {
          add_title (extraction, &c, afirst, alast, 0.7, entity_of[i]);
          if (e->title == NULL)
            e->title = dup_tokens (&c, afirst, alast);
        }
    }

  g_free (c.in_mention);
  g_free (c.person_at);
  g_free (c.org_at);
}

char
dossier_people_entity_gender (DossierExtraction *extraction,
                              int                entity)
{
  const DossierExtractEntity *e;
  const char *space;
  char g;

  g_return_val_if_fail (extraction != NULL, 0);

  if (entity < 0 || (guint)entity >= extraction->entities->len)
    return 0;
  e = dossier_extraction_entity (extraction, entity);
  if (g_strcmp0 (e->type, "PERSON") != 0)
    return 0;
  space = strchr (e->name, ' ');
  if (space != NULL && (g = dossier_first_name_gender (e->name, space - e->name)) != 0)
    return g;
  /* the name itself when family_member named it "Mrs. Bennet" */
  for (int i = -1; i < (int)e->aliases->len; i++)
    {
      const char *alias = i < 0 ? e->name : g_ptr_array_index (e->aliases, i);
      if (g_str_has_prefix (alias, "Mr. ") || g_str_has_prefix (alias, "Mr ") ||
          g_str_has_prefix (alias, "Sir ") || g_str_has_prefix (alias, "Lord "))
        return 'm';
      if (g_str_has_prefix (alias, "Mrs. ") || g_str_has_prefix (alias, "Ms. ") ||
          g_str_has_prefix (alias, "Mrs ") || g_str_has_prefix (alias, "Ms ") ||
          g_str_has_prefix (alias, "Miss ") || g_str_has_prefix (alias, "Lady "))
        return 'f';
    }
  if (e->title != NULL)
    {
      g_auto(GStrv) words = g_strsplit (e->title, " ", -1);
      for (guint i = 0; words[i] != NULL; i++)
        {
          guint32 cl = dossier_word_class (words[i], strlen (words[i]));
          if (cl & DOSSIER_WORD_MALE)
            return 'm';
          if (cl & DOSSIER_WORD_FEMALE)
            return 'f';
        }
    }
  return 0;
}
