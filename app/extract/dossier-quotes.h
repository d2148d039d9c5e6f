/* dossier-quotes.h — direct and reported quotes with cue, source and speaker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dossier-extraction.h"
#include "dossier-quote-model.h"

G_BEGIN_DECLS

/* Adds QUOTE annotations (kind, cue, source, speaker entity or -1) for the
 * text of @extraction. PERSON/ORG mentions with their entity set (the people
 * stage) are used to resolve speakers; without them quotes still get their
 * source and cue spans. A quote interrupted by its attribution ("…," X said.
 * "…") gives two QUOTE annotations that share the same cue and source. */
void dossier_quotes_find      (DossierExtraction    *extraction);

typedef enum
{
  DOSSIER_QUOTE_MODEL_OFF,     /* the rules only */
  DOSSIER_QUOTE_MODEL_ADD,     /* the tagger adds attributions in words the rules left free */
  DOSSIER_QUOTE_MODEL_REPLACE, /* the tagger's attributions instead of the rules' */
} DossierQuoteModelUse;

/* The same with an explicit @model (NULL: the rules only). @rules_out and
 * @entities_out, if not NULL, receive the tagger's rule and entity inputs
 * (one byte per token, see DossierQuoteInput; free with g_free): the
 * trainer reads them. dossier_quotes_find uses the compiled-in model. */
void dossier_quotes_find_full (DossierExtraction    *extraction,
                               DossierQuoteModel    *model,
                               DossierQuoteModelUse  use,
                               guint8              **rules_out,
                               guint8              **entities_out);

G_END_DECLS
