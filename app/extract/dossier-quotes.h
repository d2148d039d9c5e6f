/* dossier-quotes.h — direct and reported quotes with cue, source and speaker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dossier-extraction.h"

G_BEGIN_DECLS

/* Adds QUOTE annotations (kind, cue, source, speaker entity or -1) for the
 * text of @extraction. PERSON/ORG mentions with their entity set (the people
 * stage) are used to resolve speakers; without them quotes still get their
 * source and cue spans. A quote interrupted by its attribution ("…," X said.
 * "…") gives two QUOTE annotations that share the same cue and source. */
void dossier_quotes_find (DossierExtraction *extraction);

G_END_DECLS
