/* dossier-commands.h — headless commands and format converters of `dossier`
 *
 * Each lives in its own file in app/extract/; app/dossier-command-line.c
 * dispatches to them. They return a process exit status and print one-line
 * messages on stderr for bad input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "dossier-extraction.h"

G_BEGIN_DECLS

/* dossier eval-ner FILE.conll — dossier-eval-ner.c */
int      dossier_eval_ner_main    (int           argc,
                                   char        **argv);
/* dossier eval-timex GOLD_DIR SYSTEM_DIR — dossier-eval-timex.c */
int      dossier_eval_timex_main  (int           argc,
                                   char        **argv);
/* dossier eval-quotes GOLD_DIR SYSTEM_DIR — dossier-eval-quotes.c */
int      dossier_eval_quotes_main (int           argc,
                                   char        **argv);
/* dossier eval-speakers NOVEL_DIR… (PDNC novels) — dossier-eval-speakers.c */
int      dossier_eval_speakers_main (int         argc,
                                     char      **argv);

/* --from conll --to conll: every input line back unchanged, plus a predicted
 * tag column — dossier-conll.c */
gboolean dossier_conll_tag        (const char   *contents,
                                   gsize         length,
                                   GString      *out,
                                   GError      **error);
/* --from timeml --to timeml: the document back with our own TIMEX3 tags in
 * <TEXT>; @published overrides the DCT when not NULL — dossier-timeml.c */
gboolean dossier_timeml_tag       (const char   *contents,
                                   gsize         length,
                                   const char   *published,
                                   GString      *out,
                                   GError      **error);
/* --to brat: standoff .ann of an extraction — dossier-brat.c */
void     dossier_brat_write       (DossierExtraction *extraction,
                                   GString      *out);

G_END_DECLS
