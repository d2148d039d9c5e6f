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

/* The check a table stores for a 64-bit hash: its high half, never 0 (0 marks an empty slot). */
static inline guint32
dossier_hash_check (guint64 h)
{
  guint32 c = (guint32)(h >> 32);

  return c != 0 ? c : 1;
}

/* The home slot of a hash in a table of @n slots (any size): its low half scaled, not masked. */
static inline guint32
dossier_hash_home (guint64 h,
                   guint32 n)
{
  return (guint32)(((guint64)(guint32)h * n) >> 32);
}

G_END_DECLS
