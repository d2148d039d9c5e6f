/* dossier-quote-words.h — word classes for quote attribution and people
 *
 * A small hand-written lexicon (speech verbs, pronouns, determiners, titles …)
 * looked up once per token, so the attribution rules work on integer classes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "dossier-tokenizer.h"

G_BEGIN_DECLS

typedef enum
{
  DOSSIER_WORD_CUE        = 1 << 0,  /* said, says, told, added, wrote … */
  DOSSIER_WORD_CUE_OBJECT = 1 << 1,  /* told, asked, warned: an object comes before the content */
  DOSSIER_WORD_CUE_WEAK   = 1 << 2,  /* believes, thinks, hopes: only "X believes (that) …" */
  DOSSIER_WORD_PRONOUN    = 1 << 3,  /* subject pronouns: he she they it we I you who which */
  DOSSIER_WORD_DET        = 1 << 4,  /* the a an his her their some many … */
  DOSSIER_WORD_PREP       = 1 << 5,  /* of in on at for with by … */
  DOSSIER_WORD_CONJ       = 1 << 6,  /* and but or that because if when while … */
  DOSSIER_WORD_AUX        = 1 << 7,  /* has have had will would is was … */
  DOSSIER_WORD_ADVERB     = 1 << 8,  /* also later repeatedly … (between source and cue) */
  DOSSIER_WORD_TITLE      = 1 << 9,  /* president senator spokesman adviser envoy … */
  DOSSIER_WORD_HONORIFIC  = 1 << 10, /* Mr. Mrs. Ms. Dr. */
  DOSSIER_WORD_MALE       = 1 << 11, /* he him his Mr. (and male titles) */
  DOSSIER_WORD_FEMALE     = 1 << 12, /* she her Mrs. Ms. */
  DOSSIER_WORD_TIME       = 1 << 13, /* Monday today yesterday week … */
  DOSSIER_WORD_VERB       = 1 << 14, /* common verbs that end a noun phrase */
  DOSSIER_WORD_PLURAL_PRO = 1 << 15, /* they we (no single person) */
  DOSSIER_WORD_RELATIVE   = 1 << 16, /* who which */
  DOSSIER_WORD_PERSON_PRO = 1 << 17, /* he she (refer to a person) */
  DOSSIER_WORD_PERSON_NOUN = 1 << 18, /* official, source, spokesman: nouns naming speakers */
  DOSSIER_WORD_NOUN_TOO   = 1 << 19, /* claims, reports, tweets: verbs that are often plural nouns */
  DOSSIER_WORD_SPEECH     = 1 << 20, /* cried, returned, answered: cues only next to a quote */
} DossierWordClass;

/* Class bits of a word (ASCII case-insensitive); 0 for unknown words. */
guint32  dossier_word_class        (const char          *word,
                                    gsize                len);
/* One class per token of @tokens; free with g_free. */
guint32 *dossier_word_classes      (const DossierTokens *tokens);

/* Gender of a first name from the built-in table: 'm', 'f' or 0 (unknown or unisex). */
char     dossier_first_name_gender (const char          *name,
                                    gsize                len);

G_END_DECLS
