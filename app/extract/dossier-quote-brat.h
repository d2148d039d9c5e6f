/* dossier-quote-brat.h — reading brat standoff attributions (PolNeAR style)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "dossier-extraction.h"

G_BEGIN_DECLS

#define DOSSIER_BRAT_MAX_FRAGMENTS 8

typedef struct
{
  char             *id;     /* "T12" */
  char             *label;
  guint             n_frags;
  DossierSpanRange  frags[DOSSIER_BRAT_MAX_FRAGMENTS];
  char             *text;   /* covered text as written (fragments joined by a space) */
} DossierBratSpan;

typedef struct
{
  guint            n_content;
  DossierSpanRange content[DOSSIER_BRAT_MAX_FRAGMENTS];
  guint            n_source;
  DossierSpanRange source[DOSSIER_BRAT_MAX_FRAGMENTS];
  guint            n_cue;
  DossierSpanRange cue[DOSSIER_BRAT_MAX_FRAGMENTS];
} DossierBratAttribution;

typedef struct
{
  GArray *spans;         /* DossierBratSpan: every T line */
  GArray *attributions;  /* DossierBratAttribution: every E line with a Content */
} DossierBratDocument;

/* Parses a .ann file; malformed lines and role arguments that point to
 * missing T ids are skipped. Never returns NULL. */
DossierBratDocument *dossier_brat_parse          (const char          *contents,
                                                  gsize                length);
void                 dossier_brat_document_free  (DossierBratDocument *document);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierBratDocument, dossier_brat_document_free)

G_END_DECLS
