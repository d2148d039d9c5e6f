/* dossier-timex.h — temporal expressions: find them in news text, normalise them to TIMEX3
 *
 * A rule-based recogniser for the TimeML TIMEX3 types DATE, TIME, DURATION and
 * SET, and a normaliser that turns each expression into a TIMEX3 `value` and
 * `mod` against a reference date (the publication date), looking at the tense
 * of the clause around it ("said on Friday" is the last Friday, "will meet on
 * Friday" the next one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "dossier-tokenizer.h"

G_BEGIN_DECLS

typedef enum
{
  DOSSIER_TIMEX_DATE,
  DOSSIER_TIMEX_TIME,
  DOSSIER_TIMEX_DURATION,
  DOSSIER_TIMEX_SET,
} DossierTimexType;

typedef enum
{
  DOSSIER_TIMEX_TENSE_NONE,    /* unknown: nearest reading (a weekday up to three days ahead, else past) */
  DOSSIER_TIMEX_TENSE_PAST,
  DOSSIER_TIMEX_TENSE_PRESENT,
  DOSSIER_TIMEX_TENSE_FUTURE,
} DossierTimexTense;

#define DOSSIER_TIMEX_VALUE_MAX 32
#define DOSSIER_TIMEX_MOD_MAX   16

typedef struct
{
  guint             first_token;  /* tokens covered, in the DossierTokens searched */
  guint             n_tokens;
  guint             start;        /* code points, end exclusive */
  guint             end;
  guint             byte_start;   /* bytes, end exclusive */
  guint             byte_end;
  DossierTimexType  type;
  DossierTimexTense tense;        /* the tense the value was resolved with */
  char              value[DOSSIER_TIMEX_VALUE_MAX]; /* TIMEX3 value, e.g. 2025-02-09 */
  char              mod[DOSSIER_TIMEX_MOD_MAX];     /* TIMEX3 mod or "" */
} DossierTimex;

const char *dossier_timex_type_to_string   (DossierTimexType     type);
gboolean    dossier_timex_type_from_string (const char          *string,
                                            DossierTimexType    *type);

/* Appends to @out (a GArray of DossierTimex) the expressions found in tokens
 * [@first_token, @first_token + @n_tokens), in text order. @reference_date is
 * YYYY-MM-DD (a longer ISO value is cut to its date) or NULL: then values
 * that need an anchor keep X for what is unknown ("XXXX-01-20"). "That
 * year" or "the following month" read against the last date found before
 * them in the range. Every value written passes dossier_timex_value_is_valid(). */
void        dossier_timex_find             (const DossierTokens *tokens,
                                            guint                first_token,
                                            guint                n_tokens,
                                            const char          *reference_date,
                                            GArray              *out);

/* Tokenizes @text and finds the expressions in all of it. Returns a GArray of
 * DossierTimex. */
GArray     *dossier_timex_find_in_text     (const char          *text,
                                            gssize               n_bytes,
                                            const char          *reference_date);

/* The publication date a dateline at the top of the text gives ("WASHINGTON,
 * Feb. 9, 2025 —", "Sunday 9 February 2025", "2025-02-09"), as a newly
 * allocated YYYY-MM-DD, or NULL when the first lines carry no full date. */
char       *dossier_timex_find_dateline    (const DossierTokens *tokens);

/* The tense of the clause around tokens [@first_token, @first_token + @n_tokens):
 * the nearest cue ("will", "said", "was", "-ed" verbs …) in the same sentence. */
DossierTimexTense dossier_timex_tense_at   (const DossierTokens *tokens,
                                            guint                first_token,
                                            guint                n_tokens);

/* Normalises one expression, e.g. the text of a DATE annotation, against
 * @reference_date (or NULL) in a clause of @tense (from
 * dossier_timex_tense_at() on the article's tokens, or NONE). A leading
 * preposition ("on Friday") is allowed. @type is the annotation's type or -1;
 * the value is the one the words read as whatever the type. Returns FALSE
 * when @text is not a temporal expression this recogniser reads; else sets
 * @value (and @mod, NULL if none), both newly allocated. */
gboolean    dossier_timex_normalise        (const char          *text,
                                            int                  type,
                                            const char          *reference_date,
                                            DossierTimexTense    tense,
                                            char               **value,
                                            char               **mod);

/* TRUE if @value is a well-formed TIMEX3 value: dates, weeks, quarters,
 * seasons, times, durations, PRESENT_REF/PAST_REF/FUTURE_REF, with X for
 * unknown digits; calendar dates must exist (no 2025-02-29). */
gboolean    dossier_timex_value_is_valid   (const char          *value);

/* Orders two values on the time line by the start of the period they name,
 * a coarser value first when two start together (2022 before 2022-01-01);
 * PAST_REF before dated values, PRESENT_REF and FUTURE_REF after them;
 * durations and unknown values last. Returns <0, 0, >0. */
int         dossier_timex_value_compare    (const char          *a,
                                            const char          *b);
/* A string that sorts (by strcmp) as dossier_timex_value_compare() orders
 * @value: made once per value, for sorting many. */
char       *dossier_timex_value_sort_key   (const char          *value);

/* A human-readable form: "Sunday 9 February 2025", "February 2025",
 * "early 2022", "week 6 of 2025", "3 years", "the present". */
char       *dossier_timex_value_describe   (const char          *value,
                                            const char          *mod);

G_END_DECLS
