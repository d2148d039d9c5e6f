/* test-history.c — every kind of edit is undone and redone exactly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dossier-apply-extraction.h"
#include "dossier-edit.h"
#include "dossier-project-io.h"
#include "test-util.h"

static int
compare_lines (const char **a,
               const char **b)
{
  return strcmp (*a, *b);
}

/* The whole state an edit can touch, as text, to compare before and after. */
static char *
dump_project (DossierProject *project)
{
  GString *s = g_string_new (NULL);
  GListModel *documents = dossier_project_get_documents (project);
  GListModel *entities = dossier_project_get_entities (project);
  GListModel *events = dossier_project_get_events (project);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(DossierDocument) d = g_list_model_get_item (documents, i);
      GListModel *annotations = dossier_document_get_annotations (d);
      const GArray *rejections = dossier_document_get_rejections (d);

      g_string_append_printf (s, "document %s published %s\n", dossier_document_get_id (d),
                              dossier_document_get_published (d));
      for (guint j = 0; j < g_list_model_get_n_items (annotations); j++)
        {
          g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, j);
          g_string_append_printf (s, "  %s %s %u-%u «%s» %s entity=%s speaker=%s value=%s mod=%s\n",
                                  dossier_annotation_get_id (a), dossier_annotation_get_label (a),
                                  dossier_annotation_get_start (a), dossier_annotation_get_end (a),
                                  dossier_annotation_get_text (a),
                                  dossier_origin_to_string (dossier_annotation_get_origin (a)),
                                  dossier_annotation_get_entity (a), dossier_annotation_get_speaker (a),
                                  dossier_annotation_get_value (a), dossier_annotation_get_mod (a));
        }
      for (guint j = 0; j < rejections->len; j++)
        {
          const DossierRejection *r = &g_array_index (rejections, DossierRejection, j);
          g_string_append_printf (s, "  rejected %s %u-%u\n", r->label, r->start, r->end);
        }
    }
  for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
    {
      g_autoptr(DossierEntity) e = g_list_model_get_item (entities, i);
      g_autofree char *aliases = g_strjoinv ("|", (char **)dossier_entity_get_aliases (e));
      g_ptr_array_add (lines, g_strdup_printf ("entity %s %s %s title=%s aliases=%s\n", dossier_entity_get_id (e),
                              dossier_entity_get_kind (e), dossier_entity_get_name (e),
                              dossier_entity_get_title (e), aliases));
    }
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DossierEvent) e = g_list_model_get_item (events, i);
      g_autofree char *who = g_strjoinv ("|", (char **)dossier_event_get_participants (e));
      g_ptr_array_add (lines, g_strdup_printf ("event %s %s anchor=%s who=%s\n", dossier_event_get_id (e),
                              dossier_event_get_date (e), dossier_event_get_anchor (e), who));
    }
  /* the order of entities and events carries no meaning (views sort them) */
  g_ptr_array_sort (lines, (GCompareFunc)compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append (s, g_ptr_array_index (lines, i));
  return g_string_free (s, FALSE);
}

static char *sample_text;

/* The sample article, with no annotations (extracted when @extract). */
static DossierProject *
sample_project (gboolean          extract,
                DossierDocument **document)
{
  g_autoptr(GError) error = NULL;
  DossierProject *project = dossier_project_new_from_text (sample_text, strlen (sample_text), "Sample", "2025-02-09", &error);

  g_assert_no_error (error);
  *document = g_list_model_get_item (dossier_project_get_documents (project), 0);
  g_object_unref (*document);
  if (extract)
    {
      g_autoptr(DossierExtraction) extraction = dossier_extract_document (*document);
      dossier_apply_extraction (project, *document, extraction);
    }
  return project;
}

static guint
offset_of (const char *needle,
           guint       nth)
{
  const char *at = sample_text;

  for (guint i = 0; i <= nth; i++)
    {
      at = strstr (i ? at + 1 : at, needle);
      g_assert_nonnull (at);
    }
  return g_utf8_pointer_to_offset (sample_text, at);
}

static DossierAnnotation *
annotation_at (DossierDocument *document,
               const char      *label,
               guint            start,
               guint            end)
{
  GListModel *annotations = dossier_document_get_annotations (document);

  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, i);
      if (dossier_annotation_get_start (a) == start && dossier_annotation_get_end (a) == end &&
          g_strcmp0 (dossier_annotation_get_label (a), label) == 0)
        return a;
    }
  return NULL;
}

/* Undo brings back exactly @before, redo exactly @after, twice over. */
static void
assert_undo_redo (DossierProject *project,
                  const char     *before,
                  guint           n_steps)
{
  DossierHistory *history = dossier_project_get_history (project);
  g_autofree char *after = dump_project (project);

  g_assert_cmpstr (before, !=, after);
  for (guint round = 0; round < 2; round++)
    {
      g_autofree char *undone = NULL;
      g_autofree char *redone = NULL;

      for (guint i = 0; i < n_steps; i++)
        g_assert_true (dossier_history_undo (history));
      undone = dump_project (project);
      g_assert_cmpstr (undone, ==, before);
      g_assert_true (dossier_history_can_redo (history));
      for (guint i = 0; i < n_steps; i++)
        g_assert_true (dossier_history_redo (history));
      redone = dump_project (project);
      g_assert_cmpstr (redone, ==, after);
    }
  g_assert_false (dossier_history_can_redo (history));
}

static void
test_add_annotation (void)
{
  DossierDocument *document;
  g_autoptr(DossierProject) project = sample_project (FALSE, &document);
  g_autofree char *before = dump_project (project);
  DossierHistory *history = dossier_project_get_history (project);
  guint at = offset_of ("Dmitry Peskov", 0);
  DossierAnnotation *a;
  DossierEntity *peskov;

  g_assert_false (dossier_history_can_undo (history));
  a = dossier_edit_add_annotation (project, document, "PERSON", at, at + 13);
  g_assert_cmpstr (dossier_annotation_get_text (a), ==, "Dmitry Peskov");
  g_assert_cmpint (dossier_annotation_get_origin (a), ==, DOSSIER_ORIGIN_HUMAN);
  /* a mention is linked to a person of that name, made for it */
  peskov = dossier_project_find_entity (project, dossier_annotation_get_entity (a));
  g_assert_nonnull (peskov);
  g_assert_cmpstr (dossier_entity_get_name (peskov), ==, "Dmitry Peskov");
  g_assert_cmpstr (dossier_entity_get_kind (peskov), ==, "PERSON");
  g_assert_cmpuint (dossier_history_get_n_steps (history), ==, 1);
  assert_undo_redo (project, before, 1);

  /* the same object comes back, so views that hold it stay right */
  g_assert_true (dossier_document_find_annotation (document, dossier_annotation_get_id (a)) == a);

  /* a second mention of the same name joins the same person */
  at = offset_of ("Peskov", 1);
  a = dossier_edit_add_annotation (project, document, "PERSON", at, at + 6);
  g_assert_cmpstr (dossier_entity_get_name (dossier_project_find_entity (project, dossier_annotation_get_entity (a))),
                   ==, "Peskov");
}

static void
test_relabel_and_resize (void)
{
  DossierDocument *document;
  g_autoptr(DossierProject) project = sample_project (TRUE, &document);
  guint sunday = offset_of ("Sunday", 0);
  g_autofree char *before = NULL;
  DossierAnnotation *date, *person;
  guint at = offset_of ("Dmitry Peskov", 0);

  /* a model date, relabelled: it becomes the human's, and the model's version is rejected */
  date = annotation_at (document, "DATE", sunday, sunday + 6);
  g_assert_nonnull (date);
  g_assert_cmpint (dossier_annotation_get_origin (date), ==, DOSSIER_ORIGIN_MODEL);
  before = dump_project (project);
  dossier_edit_set_label (project, document, date, "TIME");
  g_assert_cmpstr (dossier_annotation_get_label (date), ==, "TIME");
  g_assert_cmpint (dossier_annotation_get_origin (date), ==, DOSSIER_ORIGIN_HUMAN);
  g_assert_cmpstr (dossier_annotation_get_value (date), ==, "2025-02-09");
  g_assert_true (dossier_document_is_rejected (document, "DATE", sunday, sunday + 6));
  assert_undo_redo (project, before, 1);

  /* relabelled as a person, a date loses its value and gains a person */
  g_clear_pointer (&before, g_free);
  before = dump_project (project);
  dossier_edit_set_label (project, document, date, "PERSON");
  g_assert_null (dossier_annotation_get_value (date));
  g_assert_nonnull (dossier_project_find_entity (project, dossier_annotation_get_entity (date)));
  assert_undo_redo (project, before, 1);

  /* resize "Peskov" out to "Dmitry Peskov" and back in */
  person = dossier_edit_add_annotation (project, document, "PERSON", at + 7, at + 13);
  g_clear_pointer (&before, g_free);
  before = dump_project (project);
  dossier_edit_resize (project, document, person, at, at + 13);
  g_assert_cmpstr (dossier_annotation_get_text (person), ==, "Dmitry Peskov");
  g_assert_true (dossier_document_index_of (document, person) != G_MAXUINT);
  assert_undo_redo (project, before, 1);
  g_assert_true (dossier_history_undo (dossier_project_get_history (project)));
  g_assert_cmpstr (dossier_annotation_get_text (person), ==, "Peskov");
}

static void
test_delete_and_reextract (void)
{
  DossierDocument *document;
  g_autoptr(DossierProject) project = sample_project (TRUE, &document);
  DossierHistory *history = dossier_project_get_history (project);
  guint january = offset_of ("January 20", 0);
  guint friday = offset_of ("Friday", 0);
  guint at = offset_of ("Kremlin spokesman", 0);
  g_autofree char *before = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *after = NULL;
  g_autoptr(DossierExtraction) extraction = NULL;
  DossierHistorySnapshot *snapshot;
  DossierAnnotation *date, *title, *fri;
  gboolean has_event = FALSE;

  date = annotation_at (document, "DATE", january, january + 10);
  g_assert_nonnull (date);
  for (guint i = 0; i < g_list_model_get_n_items (dossier_project_get_events (project)); i++)
    {
      g_autoptr(DossierEvent) e = g_list_model_get_item (dossier_project_get_events (project), i);
      has_event |= g_strcmp0 (dossier_event_get_anchor (e), dossier_annotation_get_id (date)) == 0;
    }
  g_assert_true (has_event);

  /* deleting a model date leaves a tombstone and takes its timeline event along */
  before = dump_project (project);
  dossier_edit_remove_annotation (project, document, date);
  g_assert_null (annotation_at (document, "DATE", january, january + 10));
  g_assert_true (dossier_document_is_rejected (document, "DATE", january, january + 10));
  g_assert_null (strstr (after = dump_project (project), "2025-01-20"));
  assert_undo_redo (project, before, 1);

  /* human edits: a title the model never marks, a date value corrected by hand */
  title = dossier_edit_add_annotation (project, document, "TITLE", at, at + 17);
  fri = annotation_at (document, "DATE", friday, friday + 6);
  g_assert_nonnull (fri);
  dossier_edit_set_value (project, document, fri, "2025-02-14", NULL);
  g_assert_cmpuint (dossier_history_get_n_steps (history), ==, 3);
  edited = dump_project (project);

  /* re-extraction, one step: the human's work stays, the deleted date stays deleted */
  snapshot = dossier_history_snapshot_new (history, document);
  dossier_history_begin (history, "Extract");
  extraction = dossier_extract_document (document);
  dossier_apply_extraction (project, document, extraction);
  dossier_history_record_since (history, snapshot);
  dossier_history_end (history);
  g_assert_cmpuint (dossier_history_get_n_steps (history), ==, 4);

  g_assert_null (annotation_at (document, "DATE", january, january + 10));
  g_assert_true (annotation_at (document, "TITLE", at, at + 17) == title);
  g_assert_true (annotation_at (document, "DATE", friday, friday + 6) == fri);
  g_assert_cmpstr (dossier_annotation_get_value (fri), ==, "2025-02-14");
  g_assert_cmpint (dossier_annotation_get_origin (fri), ==, DOSSIER_ORIGIN_HUMAN);

  /* undoing the re-extraction gives back the document exactly as it was */
  g_assert_true (dossier_history_undo (history));
  g_clear_pointer (&after, g_free);
  after = dump_project (project);
  g_assert_cmpstr (after, ==, edited);
}

static void
test_value_follows_events (void)
{
  DossierDocument *document;
  g_autoptr(DossierProject) project = sample_project (TRUE, &document);
  guint january = offset_of ("January 20", 0);
  g_autofree char *before = dump_project (project);
  DossierAnnotation *date = annotation_at (document, "DATE", january, january + 10);
  GListModel *events = dossier_project_get_events (project);
  gboolean found = FALSE;

  dossier_edit_set_value (project, document, date, "2025-01-21", "APPROX");
  g_assert_cmpstr (dossier_annotation_get_mod (date), ==, "APPROX");
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DossierEvent) e = g_list_model_get_item (events, i);
      if (g_strcmp0 (dossier_event_get_anchor (e), dossier_annotation_get_id (date)) == 0)
        {
          g_assert_cmpstr (dossier_event_get_date (e), ==, "2025-01-21");
          found = TRUE;
        }
    }
  g_assert_true (found);
  assert_undo_redo (project, before, 1);

  /* the publication date, by hand */
  g_clear_pointer (&before, g_free);
  before = dump_project (project);
  dossier_edit_set_published (project, document, "2025-02-10");
  g_assert_cmpstr (dossier_document_get_published (document), ==, "2025-02-10");
  assert_undo_redo (project, before, 1);
}

/* "Trump said: “I’ve had it. …”": the source cleared, the cue without its colon, the kind
 * changed; three steps; extraction run again leaves all three as the human made them. */
static void
test_quote_parts (void)
{
  DossierDocument *document;
  g_autoptr(DossierProject) project = sample_project (TRUE, &document);
  guint trump = offset_of ("Trump said: “I’ve had it", 0);
  guint inside = offset_of ("I’ve had it", 0);
  g_autofree char *before = dump_project (project);
  GListModel *annotations = dossier_document_get_annotations (document);
  DossierAnnotation *q = NULL;
  const char *text;
  guint start, end;

  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, i);
      if (g_strcmp0 (dossier_annotation_get_label (a), "QUOTE") == 0 &&
          dossier_annotation_get_start (a) <= inside && dossier_annotation_get_end (a) > inside)
        q = a;
    }
  g_assert_nonnull (q);
  g_assert_true (dossier_annotation_get_source (q, &start, &end, &text));
  g_assert_cmpuint (start, ==, trump);
  g_assert_cmpstr (text, ==, "Trump");

  dossier_edit_set_quote_source (project, document, q, 0, 0);
  g_assert_false (dossier_annotation_get_source (q, NULL, NULL, NULL));
  g_assert_cmpint (dossier_annotation_get_origin (q), ==, DOSSIER_ORIGIN_HUMAN);
  dossier_edit_set_quote_cue (project, document, q, trump + 6, trump + 10);
  g_assert_true (dossier_annotation_get_cue (q, &start, &end, &text));
  g_assert_cmpstr (text, ==, "said");
  dossier_edit_set_quote_kind (project, document, q, "mixed");
  g_assert_cmpstr (dossier_annotation_get_kind (q), ==, "mixed");
  /* no change, no step */
  dossier_edit_set_quote_kind (project, document, q, "mixed");
  dossier_edit_set_quote_source (project, document, q, 0, 0);
  assert_undo_redo (project, before, 3);

  {
    g_autoptr(DossierExtraction) extraction = dossier_extract_document (document);
    dossier_apply_extraction (project, document, extraction);
  }
  g_assert_true (dossier_document_index_of (document, q) != G_MAXUINT);
  g_assert_false (dossier_annotation_get_source (q, NULL, NULL, NULL));
  g_assert_true (dossier_annotation_get_cue (q, NULL, NULL, &text));
  g_assert_cmpstr (text, ==, "said");
  g_assert_cmpstr (dossier_annotation_get_kind (q), ==, "mixed");
}

static void
test_human_date_on_timeline (void)
{
  DossierDocument *document;
  g_autoptr(DossierProject) project = sample_project (FALSE, &document);
  GListModel *events = dossier_project_get_events (project);
  guint friday = offset_of ("Friday", 0);
  guint trump = offset_of ("Trump said that", 0);
  g_autofree char *before = NULL;
  DossierAnnotation *date, *person;
  g_autoptr(DossierEvent) event = NULL;

  person = dossier_edit_add_annotation (project, document, "PERSON", trump, trump + 5);
  date = dossier_edit_add_annotation (project, document, "DATE", friday, friday + 6);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 0);

  /* dated by hand, it joins the timeline with its sentence and the people in it */
  before = dump_project (project);
  dossier_edit_set_value (project, document, date, "2025-02-07", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 1);
  event = g_list_model_get_item (events, 0);
  g_assert_cmpstr (dossier_event_get_date (event), ==, "2025-02-07");
  g_assert_cmpstr (dossier_event_get_anchor (event), ==, dossier_annotation_get_id (date));
  /* "so.In" runs two sentences together in the source: the summary keeps both */
  g_assert_cmpstr (dossier_event_get_summary (event), ==,
                   "Trump has promised to end the war but not set out yet in public how he would do so."
                   "In a Friday interview with the New York Post, Trump said that he had \"better not say\" "
                   "how many times he and Putin had spoken and did not disclose when the latest conversation "
                   "had taken place.");
  g_assert_cmpstr (dossier_event_get_participants (event)[0], ==, dossier_annotation_get_entity (person));
  g_assert_null (dossier_event_get_participants (event)[1]);
  assert_undo_redo (project, before, 1);
}

static void
test_people (void)
{
  DossierDocument *document;
  g_autoptr(DossierProject) project = sample_project (FALSE, &document);
  DossierHistory *history = dossier_project_get_history (project);
  g_autofree char *before = NULL;
  DossierAnnotation *trump, *donald, *quote, *split;
  DossierEntity *short_name, *full_name, *alone;
  guint at = offset_of ("Trump", 1);
  guint n_person = 0;
  GListModel *annotations = dossier_document_get_annotations (document);

  /* label all matches: every other whole-word "Trump" (one is inside "Donald Trump"), one step */
  trump = dossier_edit_add_annotation (project, document, "PERSON", at, at + 5);
  before = dump_project (project);
  g_assert_cmpuint (dossier_edit_label_all_matches (project, document, trump), ==, 7);
  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(DossierAnnotation) a = g_list_model_get_item (annotations, i);
      if (g_strcmp0 (dossier_annotation_get_label (a), "PERSON") == 0)
        {
          g_assert_cmpstr (dossier_annotation_get_text (a), ==, "Trump");
          g_assert_cmpstr (dossier_annotation_get_entity (a), ==, dossier_annotation_get_entity (trump));
          n_person++;
        }
    }
  g_assert_cmpuint (n_person, ==, 8);
  assert_undo_redo (project, before, 1);
  /* nothing left to label: all matches are marked */
  g_assert_cmpuint (dossier_edit_label_all_matches (project, document, trump), ==, 0);

  /* merge "Trump" into "Donald Trump": mentions, quotes and names move over */
  short_name = dossier_project_find_entity (project, dossier_annotation_get_entity (trump));
  g_object_ref (short_name);
  donald = annotation_at (document, "PERSON", offset_of ("Trump", 0), offset_of ("Trump", 0) + 5);
  dossier_edit_resize (project, document, donald, offset_of ("Donald Trump", 0), offset_of ("Trump", 0) + 5);
  dossier_edit_link_new_entity (project, document, donald, "Donald Trump");
  full_name = dossier_project_find_entity (project, dossier_annotation_get_entity (donald));
  dossier_edit_set_entity_title (project, full_name, "U.S. President");
  quote = dossier_edit_add_annotation (project, document, "QUOTE", offset_of ("“I do believe", 0),
                                       offset_of ("war.”", 0) + 5);
  dossier_edit_set_speaker (project, document, quote, dossier_entity_get_id (short_name));
  g_assert_cmpstr (dossier_annotation_get_speaker (quote), ==, dossier_entity_get_id (short_name));

  g_clear_pointer (&before, g_free);
  before = dump_project (project);
  dossier_edit_merge_entities (project, full_name, short_name);
  g_assert_null (dossier_project_find_entity (project, dossier_entity_get_id (short_name)));
  g_assert_cmpstr (dossier_annotation_get_entity (trump), ==, dossier_entity_get_id (full_name));
  g_assert_cmpstr (dossier_annotation_get_speaker (quote), ==, dossier_entity_get_id (full_name));
  g_assert_true (g_strv_contains (dossier_entity_get_aliases (full_name), "Trump"));
  {
    guint n_mentions, n_quotes;
    dossier_project_count_mentions (project, dossier_entity_get_id (full_name), &n_mentions, &n_quotes);
    g_assert_cmpuint (n_mentions, ==, 8);
    g_assert_cmpuint (n_quotes, ==, 1);
  }
  assert_undo_redo (project, before, 1);

  /* rename keeps the old name as an alias */
  g_clear_pointer (&before, g_free);
  before = dump_project (project);
  dossier_edit_rename_entity (project, full_name, "Donald J. Trump");
  g_assert_cmpstr (dossier_entity_get_name (full_name), ==, "Donald J. Trump");
  g_assert_true (g_strv_contains (dossier_entity_get_aliases (full_name), "Donald Trump"));
  assert_undo_redo (project, before, 1);

  /* split one mention off into a person of its own */
  split = annotation_at (document, "PERSON", offset_of ("Trump", 7), offset_of ("Trump", 7) + 5);
  g_clear_pointer (&before, g_free);
  before = dump_project (project);
  alone = dossier_edit_link_new_entity (project, document, split, NULL);
  g_assert_cmpstr (dossier_entity_get_name (alone), ==, "Trump");
  g_assert_cmpstr (dossier_annotation_get_entity (split), ==, dossier_entity_get_id (alone));
  assert_undo_redo (project, before, 1);

  /* deleting the last mention of a person removes the person; undo brings both back */
  g_clear_pointer (&before, g_free);
  before = dump_project (project);
  dossier_edit_remove_annotation (project, document, split);
  g_assert_null (dossier_project_find_entity (project, dossier_entity_get_id (alone)));
  assert_undo_redo (project, before, 1);

  /* undo all the way back to the bare article */
  while (dossier_history_undo (history))
    ;
  g_assert_cmpuint (g_list_model_get_n_items (annotations), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (dossier_project_get_entities (project)), ==, 0);
  g_object_unref (short_name);
}

static void
test_label_all_dates (void)
{
  DossierDocument *document;
  g_autoptr(DossierProject) project = sample_project (FALSE, &document);
  GListModel *events = dossier_project_get_events (project);
  guint sunday = offset_of ("Sunday", 0);
  guint second = offset_of ("Sunday", 1);
  g_autofree char *before = NULL;
  DossierAnnotation *date, *copy;
  gboolean found = FALSE;

  date = dossier_edit_add_annotation (project, document, "DATE", sunday, sunday + 6);
  dossier_edit_set_value (project, document, date, "2025-02-09", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 1);

  /* the other "Sunday" gets the date, and its own place on the timeline, as if dated by hand */
  before = dump_project (project);
  g_assert_cmpuint (dossier_edit_label_all_matches (project, document, date), ==, 1);
  copy = annotation_at (document, "DATE", second, second + 6);
  g_assert_nonnull (copy);
  g_assert_cmpstr (dossier_annotation_get_value (copy), ==, "2025-02-09");
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 2);
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(DossierEvent) e = g_list_model_get_item (events, i);

      if (g_strcmp0 (dossier_event_get_anchor (e), dossier_annotation_get_id (copy)) != 0)
        continue;
      found = TRUE;
      g_assert_cmpstr (dossier_event_get_date (e), ==, "2025-02-09");
      g_assert_cmpstr (dossier_event_get_summary (e), ==,
                       "Trump told reporters on Sunday that he would meet with Putin at an "
                       "appropriate time.");
    }
  g_assert_true (found);
  /* the copies and their events are one step */
  assert_undo_redo (project, before, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sample_text = dossier_test_load_shared ("samples/air-force-one.txt", NULL);
  g_test_add_func ("/history/add-annotation", test_add_annotation);
  g_test_add_func ("/history/relabel-and-resize", test_relabel_and_resize);
  g_test_add_func ("/history/delete-and-reextract", test_delete_and_reextract);
  g_test_add_func ("/history/value-follows-events", test_value_follows_events);
  g_test_add_func ("/history/human-date-on-timeline", test_human_date_on_timeline);
  g_test_add_func ("/history/quote-parts", test_quote_parts);
  g_test_add_func ("/history/people", test_people);
  g_test_add_func ("/history/label-all-dates", test_label_all_dates);
  return g_test_run ();
}
