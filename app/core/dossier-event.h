/* dossier-event.h — a dated timeline entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DOSSIER_TYPE_EVENT (dossier_event_get_type ())

G_DECLARE_FINAL_TYPE (DossierEvent, dossier_event, DOSSIER, EVENT, GObject)

DossierEvent       *dossier_event_new              (const char         *id,
                                                    const char         *date,
                                                    const char         *anchor);
DossierEvent       *dossier_event_copy             (DossierEvent       *self);
gboolean            dossier_event_equal            (DossierEvent       *a,
                                                    DossierEvent       *b);
const char         *dossier_event_get_id           (DossierEvent       *self);
/* TIMEX3 value */
const char         *dossier_event_get_date         (DossierEvent       *self);
void                dossier_event_set_date         (DossierEvent       *self,
                                                    const char         *date);
/* id of the DATE/TIME annotation that anchors it */
const char         *dossier_event_get_anchor       (DossierEvent       *self);
void                dossier_event_set_anchor       (DossierEvent       *self,
                                                    const char         *anchor);
const char         *dossier_event_get_summary      (DossierEvent       *self);
void                dossier_event_set_summary      (DossierEvent       *self,
                                                    const char         *summary);
/* entity ids */
const char * const *dossier_event_get_participants (DossierEvent       *self);
void                dossier_event_set_participants (DossierEvent       *self,
                                                    const char * const *participants);
JsonObject         *dossier_event_get_extra        (DossierEvent       *self);
void                dossier_event_set_extra        (DossierEvent       *self,
                                                    JsonObject         *extra);

G_END_DECLS
