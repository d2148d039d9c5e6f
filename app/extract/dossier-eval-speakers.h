/* dossier-eval-speakers.h — speakers of quotes scored against a PDNC novel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dossier-extraction.h"
#include "dossier-pdnc.h"

G_BEGIN_DECLS

typedef struct
{
  guint gold;             /* gold quotations */
  guint found;            /* every piece covered by our quotes (see dossier-eval-speakers.c) */
  guint attributed;       /* found, and our quotes over it name a speaker */
  guint right;            /* the speaker is the gold character */
  guint wrong_character;  /* an entity whose names fit one other character */
  guint wrong_several;    /* an entity whose names fit several characters */
  guint wrong_unnamed;    /* an entity whose names fit no listed character */
  guint wrong_conflict;   /* our quotes over it name different speakers */
} DossierSpeakerCounts;

typedef struct
{
  DossierSpeakerCounts all;
  DossierSpeakerCounts by_type[DOSSIER_PDNC_N_TYPES];
  guint                system_quotes;   /* our QUOTE annotations with quotation marks */
  guint                system_outside;  /* … that overlap no gold quotation */
} DossierSpeakerScores;

/* Scores the QUOTE annotations of @extraction (run over @novel's text)
 * against @novel. With @listing, appends one line per gold quotation that
 * was missed or not attributed right. */
void dossier_eval_speakers_score (DossierPdncNovel     *novel,
                                  DossierExtraction    *extraction,
                                  DossierSpeakerScores *scores,
                                  GString              *listing);

G_END_DECLS
