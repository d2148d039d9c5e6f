/* dossier-extraction.h — what the extraction pipeline produces for one text
 *
 * The pipeline is plain C over GLib: stages read the text and the tokens and
 * append to the result arrays. The app (app/dossier-apply-extraction.c) turns
 * a result into core annotations, entities and events.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "dossier-tokenizer.h"

G_BEGIN_DECLS

typedef struct
{
  guint start;  /* code points, end exclusive; start == end means "no span" */
  guint end;
} DossierSpanRange;

typedef struct
{
  char            *label;      /* PERSON ORG PLACE MISC DATE TIME DURATION SET QUOTE TITLE */
  guint            start;      /* code points, end exclusive */
  guint            end;
  double           confidence; /* 0..1 */
  int              entity;     /* index into DossierExtraction.entities, or -1:
                                * the mention's entity, a QUOTE's speaker,
                                * a TITLE's person */
  /* dates */
  char            *value;      /* TIMEX3 value or NULL */
  char            *mod;        /* TIMEX3 mod or NULL */
  /* quotes */
  char            *kind;       /* direct | indirect | mixed, or NULL */
  DossierSpanRange source;     /* words naming the speaker */
  DossierSpanRange cue;        /* "said", "told", "according to" */
} DossierExtractAnnotation;

typedef struct
{
  char      *type;      /* PERSON ORG PLACE MISC */
  char      *name;      /* canonical name */
  char      *title;     /* role, or NULL */
  GPtrArray *aliases;   /* char*, other names it is called by */
} DossierExtractEntity;

typedef struct
{
  int     anchor;       /* index into annotations of the DATE/TIME that dates it */
  char   *date;         /* normalised TIMEX3 value */
  char   *summary;      /* one line from the clause around the anchor */
  GArray *participants; /* int indexes into entities */
} DossierExtractEvent;

typedef struct
{
  const char    *text;        /* borrowed */
  char          *published;   /* YYYY-MM-DD or NULL: reference date for dates */
  DossierTokens *tokens;
  GArray        *annotations; /* DossierExtractAnnotation */
  GArray        *entities;    /* DossierExtractEntity */
  GArray        *events;      /* DossierExtractEvent */
  guint32       *word_classes; /* of the tokens, made on first use: see below */
  guint16       *word_clusters; /* or NULL: the entity tagger's word clusters of the tokens,
                                 * 4 each (dossier_ner_tagger_tag_full), for the quotes */
} DossierExtraction;

/* A stage of the pipeline. A stage that is not built yet adds nothing. */
typedef struct
{
  const char *name;
  void      (*run) (DossierExtraction *extraction);
} DossierExtractStage;

DossierExtraction        *dossier_extraction_new            (const char        *text,
                                                              gssize             n_bytes,
                                                              const char        *published);
void                      dossier_extraction_free           (DossierExtraction *extraction);
/* dossier_word_classes of the tokens, computed once for the stages that
 * read them; owned by @extraction. */
const guint32            *dossier_extraction_word_classes   (DossierExtraction *extraction);

/* Runs every stage in order: entities, dates, people, quotes, timeline. */
void                      dossier_extraction_run            (DossierExtraction *extraction);

const DossierExtractStage *dossier_extraction_get_stages    (guint             *n_stages);

/* Appends a new annotation (fields zeroed, entity -1) and returns it; the
 * pointer is valid until the next append. */
DossierExtractAnnotation *dossier_extraction_add_annotation (DossierExtraction *extraction,
                                                              const char        *label,
                                                              guint              start,
                                                              guint              end,
                                                              double             confidence);
/* Appends an entity and returns its index. */
int                       dossier_extraction_add_entity     (DossierExtraction *extraction,
                                                              const char        *type,
                                                              const char        *name);
int                       dossier_extraction_add_event      (DossierExtraction *extraction,
                                                              int                anchor,
                                                              const char        *date,
                                                              const char        *summary);

static inline DossierExtractAnnotation *
dossier_extraction_annotation (DossierExtraction *extraction,
                               guint              i)
{
  return &g_array_index (extraction->annotations, DossierExtractAnnotation, i);
}

static inline DossierExtractEntity *
dossier_extraction_entity (DossierExtraction *extraction,
                           guint              i)
{
  return &g_array_index (extraction->entities, DossierExtractEntity, i);
}

/* Byte offset of code point @offset in the text (@offset <= n_chars). */
gsize                     dossier_extraction_byte_offset    (DossierExtraction *extraction,
                                                              guint              offset);
/* Copies the text between two code-point offsets. */
char                     *dossier_extraction_dup_span       (DossierExtraction *extraction,
                                                              guint              start,
                                                              guint              end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierExtraction, dossier_extraction_free)

G_END_DECLS
