/* dossier-people.h — mentions clustered into people and organisations, with titles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dossier-extraction.h"

G_BEGIN_DECLS

/* Clusters the PERSON/ORG mentions that have no entity yet ("Donald Trump",
 * "Trump", "U.S. President Donald Trump" → one person), adds the entities,
 * sets each mention's entity, fills names, aliases and titles and adds TITLE
 * annotations ("Kremlin spokesman", "the special envoy for the Ukraine war")
 * whose entity is the person. */
void dossier_people_cluster       (DossierExtraction *extraction);

/* 'm', 'f' or 0 (unknown) for a person entity: from the first name, the
 * honorific ("Mr.", "Mrs.") or a gendered title. */
char dossier_people_entity_gender (DossierExtraction *extraction,
                                   int                entity);

G_END_DECLS
