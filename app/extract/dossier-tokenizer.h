/* dossier-tokenizer.h — tokens and sentences of news text, with code-point offsets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <string.h>

#include "dossier-hash.h"

G_BEGIN_DECLS

typedef enum
{
  DOSSIER_TOKEN_WORD,         /* letters, digits, hyphens, inner apostrophes, "U.S." */
  DOSSIER_TOKEN_NUMBER,       /* 2025, 3.5, 1,000, 10:30, 2025-02-09 */
  DOSSIER_TOKEN_CLITIC,       /* 's n't 've 're 'll 'd 'm (split off as in CoNLL/PTB) */
  DOSSIER_TOKEN_QUOTE,        /* " “ ” ‘ ’ ' « » used as quotation marks */
  DOSSIER_TOKEN_PUNCT,        /* . , ; : ! ? ... -- ( ) [ ] and the like */
  DOSSIER_TOKEN_SYMBOL,       /* $ % & / @ # emoji, other symbols */
  DOSSIER_TOKEN_URL,          /* http://… www.… name@host */
} DossierTokenKind;

typedef enum
{
  DOSSIER_TOKEN_SPACE_BEFORE     = 1 << 0, /* whitespace precedes the token */
  DOSSIER_TOKEN_PARAGRAPH_START  = 1 << 1, /* first token after a line break (a blank line in
                                            * hard-wrapped text) or of the text */
  DOSSIER_TOKEN_SENTENCE_START   = 1 << 2,
  DOSSIER_TOKEN_CAPITALIZED      = 1 << 3, /* first character is an upper-case letter */
  DOSSIER_TOKEN_ALL_CAPS         = 1 << 4, /* has letters, all upper case */
  DOSSIER_TOKEN_HAS_DIGIT        = 1 << 5,
  DOSSIER_TOKEN_ABBREVIATION     = 1 << 6, /* ends in a period that is part of the token */
  DOSSIER_TOKEN_QUOTE_OPEN       = 1 << 7, /* a quote mark that opens (by form or position) */
  DOSSIER_TOKEN_QUOTE_CLOSE      = 1 << 8, /* a quote mark that closes */
} DossierTokenFlags;

typedef struct
{
  guint start;      /* code points into the text, end exclusive */
  guint end;
  guint byte_start; /* bytes into the text, end exclusive */
  guint byte_end;
  guint16 kind;     /* DossierTokenKind */
  guint16 flags;    /* DossierTokenFlags */
} DossierToken;

typedef struct
{
  guint first_token; /* index into tokens */
  guint n_tokens;
  guint start;       /* code points */
  guint end;
  guint paragraph;   /* index of the paragraph (line) the sentence is in */
} DossierSentence;

typedef struct
{
  const char *text;  /* borrowed, valid UTF-8 */
  gsize       n_bytes;
  guint       n_chars;
  GArray     *tokens;     /* DossierToken */
  GArray     *sentences;  /* DossierSentence */
} DossierTokens;

DossierTokens *dossier_tokens_new        (const char          *text,
                                          gssize               n_bytes);
void           dossier_tokens_free       (DossierTokens       *tokens);
void           dossier_tokenize          (DossierTokens       *tokens);

static inline const DossierToken *
dossier_tokens_get (const DossierTokens *tokens,
                    guint                i)
{
  return &g_array_index (tokens->tokens, DossierToken, i);
}

static inline guint
dossier_tokens_len (const DossierTokens *tokens)
{
  return tokens->tokens->len;
}

/* Copies the token's text; for debugging and tests. */
char          *dossier_tokens_dup_text   (const DossierTokens *tokens,
                                          guint                i);
/* TRUE if the token's bytes equal @word (ASCII case-insensitive when @fold).
 * Inline: the rules ask it tens of thousands of times an article, nearly
 * always of a literal whose length the compiler knows. */
static inline gboolean
dossier_tokens_equal (const DossierTokens *tokens,
                      guint                i,
                      const char          *word,
                      gboolean             fold)
{
  const DossierToken *t;
  const char *s;
  gsize len = strlen (word);

  if (i >= tokens->tokens->len)
    return FALSE;
  t = dossier_tokens_get (tokens, i);
  if (t->byte_end - t->byte_start != len)
    return FALSE;
  s = tokens->text + t->byte_start;
  if (!fold)
    return memcmp (s, word, len) == 0;
  for (gsize k = 0; k < len; k++)
    if (dossier_ascii_lower (s[k]) != dossier_ascii_lower (word[k]))
      return FALSE;
  return TRUE;
}
/* Index of the token containing code point @offset, or the next one; n_tokens if none. */
guint          dossier_tokens_find       (const DossierTokens *tokens,
                                          guint                offset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierTokens, dossier_tokens_free)

G_END_DECLS
