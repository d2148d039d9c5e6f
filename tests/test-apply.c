/* test-apply.c — re-running the model never overwrites or resurrects a human's work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dossier-apply-extraction.h"
#include "dossier-project-io.h"
#include "test-util.h"

static DossierProject *
sample_project (DossierDocument **document)
{
  g_autoptr(GError) error = NULL;
  gsize length;
  g_autofree char *text = dossier_test_load_shared ("samples/air-force-one.txt", &length);
  DossierProject *project = dossier_project_new_from_text (text, length, "sample", "2025-02-09", &error);

  g_assert_no_error (error);
  *document = g_list_model_get_item (dossier_project_get_documents (project), 0);
  g_object_unref (*document); /* the project keeps it */
  return project;
}

static void
extract (DossierProject  *project,
         DossierDocument *document)
{
  g_autoptr(DossierExtraction) x = dossier_extract_document (document);
  dossier_apply_extraction (project, document, x);
}

static DossierAnnotation *
find (DossierDocument *document,
      const char      *label,
      const char      *text)
{
  GListModel *annotations = dossier_document_get_annotations (document);

  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, i);
      if (g_strcmp0 (dossier_annotation_get_label (a), label) == 0 &&
          g_strcmp0 (dossier_annotation_get_text (a), text) == 0)
        return a;
    }
  return NULL;
}

static guint
count (DossierDocument *document,
       const char      *label,
       const char      *text)
{
  GListModel *annotations = dossier_document_get_annotations (document);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, i);
      if (g_strcmp0 (dossier_annotation_get_label (a), label) == 0 &&
          (text == NULL || g_strcmp0 (dossier_annotation_get_text (a), text) == 0))
        n++;
    }
  return n;
}

static void
test_reextract_is_stable (void)
{
  DossierDocument *document;
  g_autoptr(DossierProject) project = sample_project (&document);
  guint first, second;

  extract (project, document);
  first = g_list_model_get_n_items (dossier_document_get_annotations (document));
  g_assert_cmpuint (first, >, 0);
  extract (project, document);
  second = g_list_model_get_n_items (dossier_document_get_annotations (document));
  g_assert_cmpuint (second, ==, first);
  /* entities are not duplicated either: one Donald Trump */
  {
    GListModel *entities = dossier_project_get_entities (project);
    guint trumps = 0;
    for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
      {
        g_autoptr(DossierEntity) e = g_list_model_get_item (entities, i);
        if (g_strcmp0 (dossier_entity_get_name (e), "Donald Trump") == 0)
          trumps++;
      }
    g_assert_cmpuint (trumps, ==, 1);
  }
}

static void
test_reextract_keeps_human_work (void)
{
  DossierDocument *document;
  g_autoptr(DossierProject) project = sample_project (&document);
  DossierAnnotation *air_force, *waltz_org, *friday;
  g_autoptr(DossierAnnotation) added = NULL;
  guint start, end;

  extract (project, document);

  /* the human deletes a wrong ORG ("Air Force"), relabels another, fixes a date, adds a MISC */
  air_force = find (document, "ORG", "Air Force");
  g_assert_nonnull (air_force);
  start = dossier_annotation_get_start (air_force);
  end = dossier_annotation_get_end (air_force);
  dossier_document_add_rejection (document, "ORG", start, end);
  dossier_document_remove_annotation (document, air_force);

  waltz_org = find (document, "ORG", "U.S. National Security Adviser");
  if (waltz_org != NULL)
    {
      dossier_annotation_set_label (waltz_org, "TITLE");
      dossier_annotation_set_origin (waltz_org, DOSSIER_ORIGIN_HUMAN);
    }

  friday = find (document, "DATE", "Friday");
  g_assert_nonnull (friday);
  dossier_annotation_set_value (friday, "2025-01-31");
  dossier_annotation_set_origin (friday, DOSSIER_ORIGIN_HUMAN);

  {
    const char *text = dossier_document_get_text (document);
    guint at = g_utf8_pointer_to_offset (text, strstr (text, "Air Force One"));
    added = dossier_annotation_new ("human1", "MISC", at, at + 13, "Air Force One", DOSSIER_ORIGIN_HUMAN);
    dossier_document_add_annotation (document, added);
  }

  extract (project, document);

  /* the rejected one does not come back */
  g_assert_cmpuint (count (document, "ORG", "Air Force"), ==, 0);
  g_assert_true (dossier_document_is_rejected (document, "ORG", start, end));
  /* the relabelled one stays as the human left it, and the model's version is not added beside it */
  if (waltz_org != NULL)
    {
      g_assert_cmpuint (count (document, "TITLE", "U.S. National Security Adviser"), ==, 1);
      g_assert_cmpuint (count (document, "ORG", "U.S. National Security Adviser"), ==, 0);
    }
  /* the human's date keeps its value, once */
  g_assert_cmpuint (count (document, "DATE", "Friday"), ==, 1);
  g_assert_cmpstr (dossier_annotation_get_value (find (document, "DATE", "Friday")), ==, "2025-01-31");
  /* the human's own annotation is still there */
  g_assert_true (dossier_document_find_annotation (document, "human1") == added);
}

static void
test_entities_shared_across_documents (void)
{
  DossierDocument *first;
  g_autoptr(DossierProject) project = sample_project (&first);
  g_autoptr(DossierDocument) second = NULL;
  g_autofree char *id = dossier_project_new_id (project, "d");
  DossierAnnotation *trump1, *trump2;

  extract (project, first);
  second = dossier_document_new (id, "WASHINGTON (Reuters) - Donald Trump said on Monday he would call Putin.");
  dossier_document_set_published (second, "2025-02-10");
  dossier_project_add_document (project, second);
  extract (project, second);

  trump1 = find (first, "PERSON", "Donald Trump");
  trump2 = find (second, "PERSON", "Donald Trump");
  g_assert_nonnull (trump1);
  g_assert_nonnull (trump2);
  g_assert_cmpstr (dossier_annotation_get_entity (trump1), ==, dossier_annotation_get_entity (trump2));

  /* re-extracting the second document leaves the first one's annotations alone */
  {
    guint before = g_list_model_get_n_items (dossier_document_get_annotations (first));
    extract (project, second);
    g_assert_cmpuint (g_list_model_get_n_items (dossier_document_get_annotations (first)), ==, before);
    g_assert_nonnull (dossier_project_find_entity (project, dossier_annotation_get_entity (trump1)));
  }
}

static void
test_reextract_keeps_human_timeline (void)
{
  DossierDocument *document;
  g_autoptr(DossierProject) project = sample_project (&document);
  g_autoptr(DossierEvent) loose = NULL;
  DossierAnnotation *friday;
  DossierEvent *friday_event = NULL;
  GListModel *events = dossier_project_get_events (project);

  extract (project, document);

  /* a human corrects the Friday date; an event with no anchor is added by hand */
  friday = find (document, "DATE", "Friday");
  g_assert_nonnull (friday);
  dossier_annotation_set_value (friday, "2025-01-31");
  dossier_annotation_set_origin (friday, DOSSIER_ORIGIN_HUMAN);
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DossierEvent) e = g_list_model_get_item (events, i);
      if (g_strcmp0 (dossier_event_get_anchor (e), dossier_annotation_get_id (friday)) == 0)
        friday_event = e;
    }
  g_assert_nonnull (friday_event);
  dossier_event_set_date (friday_event, "2025-01-31");
  dossier_event_set_summary (friday_event, "The interview, as corrected");
  loose = dossier_event_new ("e-hand", "2024-11-05", NULL);
  dossier_event_set_summary (loose, "Election day");
  dossier_project_add_event (project, loose);

  extract (project, document);

  /* both survive as the human left them, and the Friday date is dated once */
  g_assert_true (dossier_project_find_event (project, "e-hand") == loose);
  {
    guint n = 0;
    for (guint i = 0; i < g_list_model_get_n_items (events); i++)
      {
        g_autoptr(DossierEvent) e = g_list_model_get_item (events, i);
        if (g_strcmp0 (dossier_event_get_anchor (e), dossier_annotation_get_id (friday)) == 0)
          {
            n++;
            g_assert_cmpstr (dossier_event_get_date (e), ==, "2025-01-31");
            g_assert_cmpstr (dossier_event_get_summary (e), ==, "The interview, as corrected");
          }
      }
    g_assert_cmpuint (n, ==, 1);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/apply/reextract-is-stable", test_reextract_is_stable);
  g_test_add_func ("/apply/reextract-keeps-human-work", test_reextract_keeps_human_work);
  g_test_add_func ("/apply/entities-shared-across-documents", test_entities_shared_across_documents);
  g_test_add_func ("/apply/reextract-keeps-human-timeline", test_reextract_keeps_human_timeline);
  return g_test_run ();
}
