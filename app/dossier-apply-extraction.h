/* dossier-apply-extraction.h — between the extraction pipeline and the project model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dossier-extraction.h"
#include "dossier-project.h"

G_BEGIN_DECLS

/* Runs the pipeline over @document (with its publication date). */
DossierExtraction *dossier_extract_document        (DossierDocument   *document);

/* Replaces the model's annotations, entities and events of @document by
 * @extraction's, never touching what a human made or changed, and never
 * bringing back what a human deleted (the document's rejections). */
void               dossier_apply_extraction        (DossierProject    *project,
                                                    DossierDocument   *document,
                                                    DossierExtraction *extraction);

/* The document's current annotations as an extraction (for exporters). */
DossierExtraction *dossier_extraction_from_document (DossierProject   *project,
                                                     DossierDocument  *document);

G_END_DECLS
