/* dossier-session-private.h — test hooks of the draft writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dossier-session.h"

G_BEGIN_DECLS

/* While held, draft writes started on the worker wait before writing (as on a slow
 * disk), so tests can order them against newer writes. */
void _dossier_session_hold_writes (gboolean hold);

G_END_DECLS
