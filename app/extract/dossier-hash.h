/* dossier-hash.h — 64-bit hashing shared by the trained models
 *
 * Strings are hashed once per token (FNV-1a, then a finaliser); features
 * combine those hashes with integer mixing only. Changing either changes
 * every feature id, so the shipped models would have to be retrained.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

static inline guint64
dossier_hash_mix (guint64 x)
{
  x ^= x >> 33;
  x *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  x ^= x >> 33;
  x *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  x ^= x >> 33;
  return x;
}

/* g_ascii_tolower, inline: words are lower-cased byte by byte before they
 * are hashed, and a call per byte showed in the profiles. */
static inline char
dossier_ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

static inline guint64
dossier_hash_bytes (const char *s,
                    gsize       len)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325) ^ len;

  for (gsize i = 0; i < len; i++)
    h = (h ^ (guchar)s[i]) * G_GUINT64_CONSTANT (0x100000001b3);
  return dossier_hash_mix (h);
}

G_END_DECLS
