/* dossier-stages.h — the stages of the extraction pipeline, in the order they run
 *
 * Each stage lives in its own file and reads what the earlier ones added.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dossier-extraction.h"

G_BEGIN_DECLS

/* PERSON / ORG / PLACE / MISC mentions from the statistical tagger */
void dossier_entities_stage_run (DossierExtraction *extraction);
/* DATE / TIME / DURATION / SET with TIMEX3 values against extraction->published */
void dossier_dates_stage_run    (DossierExtraction *extraction);
/* mentions clustered into entities; TITLE annotations */
void dossier_people_stage_run   (DossierExtraction *extraction);
/* QUOTE with kind, cue, source and speaker (an entity index) */
void dossier_quotes_stage_run   (DossierExtraction *extraction);
/* dated events from DATE/TIME annotations */
void dossier_timeline_stage_run (DossierExtraction *extraction);

G_END_DECLS
