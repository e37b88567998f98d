"""Importing learner outcomes from a file: exact rows, every error with its row and column,
all or nothing, re-imports and changes with history, and files refused before any row."""
import datetime

import pytest

from core.imports.columns import MISSING_COLUMNS, UNKNOWN_COLUMNS
from core.imports.files import MAX_BYTES, NOT_UTF8, TOO_LARGE, ImportFileError
from outcomes import services
from outcomes.import_rows import GOAL_CONTROL, GOAL_TOO_LONG, LOOKS_LIKE_UPN, NOT_COMMISSIONED
from outcomes.importer import (
    DUPLICATE_ROW,
    LEARNER_DISAGREES,
    PERSONAL_DATA,
    ImportPlan,
    import_check,
)
from outcomes.models import GoalOutcome, Learner

from .helpers import HEADINGS, ROWS, csv_bytes, with_cell, xlsx_bytes


def check(world, content, filename="outcomes.csv", la=None):
    return import_check(content=content, filename=filename, local_authority=la or world.la)


def apply(world, content, filename="outcomes.csv", by=None):
    plan = check(world, content, filename)
    assert plan.ok, [str(e) for e in plan.errors]
    services.import_apply(plan=plan, by=by or world.users["la_commissioner"])
    return plan


def stored(world):
    return sorted(
        (o.learner.reference, o.learner.year_of_birth, o.learner.primary_need, o.provider.slug,
         o.academic_year, o.review_date, o.goal, o.pfa_area, o.rating, o.soft)
        for o in GoalOutcome.objects.select_related("learner", "provider"))


EXPECTED = sorted([
    ("SH-0001", 2007, "ASD", "riverside-college", "2025/26", datetime.date(2026, 3, 12),
     "Travel to college by bus", "independent_living", "fully_met", {"confidence_motivation": "4"}),
    ("SH-0001", 2007, "ASD", "riverside-college", "2025/26", datetime.date(2026, 3, 12),
     "Make a sandwich", "independent_living", "partially_met", {}),
    ("SH-0002", 2008, "SLCN", "riverside-college", "2025/26", datetime.date(2026, 5, 14),
     "Complete a work placement", "employment", "not_met", {"confidence_motivation": "3"}),
])


@pytest.mark.parametrize("make, filename", [(csv_bytes, "o.csv"), (xlsx_bytes, "o.xlsx")])
def test_a_valid_file_creates_exactly_its_rows_with_codes(shire, make, filename):
    plan = apply(shire, make(), filename)
    assert plan.summary() == "3 rows to add, 0 to change, 0 unchanged; 2 learners to add"
    assert stored(shire) == EXPECTED
    assert set(Learner.objects.values_list("local_authority", flat=True)) == {shire.la.pk}
    outcome = GoalOutcome.objects.get(goal="Make a sandwich")
    assert outcome.updated_by == shire.users["la_commissioner"]
    record = outcome.history.get()
    assert record.history_user == shire.users["la_commissioner"]
    assert record.history_change_reason == f"Imported from {filename}"
    assert Learner.history.filter(reference="SH-0002").get().history_user == \
        shire.users["la_commissioner"]


def test_xlsx_dates_may_be_date_cells(shire):
    rows = with_cell("review_date", datetime.datetime(2026, 3, 12))
    apply(shire, xlsx_bytes(rows=rows), "o.xlsx")
    assert GoalOutcome.objects.get(goal="Travel to college by bus").review_date == \
        datetime.date(2026, 3, 12)


def test_headings_are_case_insensitive_in_any_order(shire):
    order = list(reversed(range(len(HEADINGS))))
    headings = [HEADINGS[i].upper() if i % 2 else f" {HEADINGS[i].title()} " for i in order]
    rows = [[row[i] for i in order] for row in ROWS]
    apply(shire, csv_bytes(headings, rows))
    assert stored(shire) == EXPECTED


def test_soft_outcome_columns_are_optional(shire):
    apply(shire, csv_bytes(HEADINGS[:-1], [r[:-1] for r in ROWS]))
    assert GoalOutcome.objects.filter(soft={}).count() == 3


def test_a_file_with_row_errors_lists_every_error_and_saves_nothing(shire):
    rows = [list(r) for r in ROWS]
    rows[0][HEADINGS.index("rating")] = "brilliant"
    rows[0][HEADINGS.index("review_date")] = "31/02/2026"
    rows[1][HEADINGS.index("learner_ref")] = "A123456789012"
    rows[2][HEADINGS.index("provider")] = "hilltop-ap"
    rows[2][HEADINGS.index("year_of_birth")] = "08"
    rows[2][HEADINGS.index("academic_year")] = "2025/27"
    rows[2][HEADINGS.index("goal")] = ""
    rows[2][HEADINGS.index("soft_confidence")] = "9"
    plan = check(shire, csv_bytes(rows=rows))
    assert [(e.row, e.column) for e in plan.errors] == [
        (2, "review_date"), (2, "rating"), (3, "learner_ref"), (4, "year_of_birth"),
        (4, "provider"), (4, "academic_year"), (4, "goal"), (4, "soft_confidence")]
    assert str(plan.errors[2]) == "row 3, learner_ref: " + LOOKS_LIKE_UPN.format(
        value="A123456789012")
    assert plan.errors[4].message == NOT_COMMISSIONED.format(value="hilltop-ap",
                                                             la="Shire Council")
    with pytest.raises(services.ValidationError):
        services.import_apply(plan=plan, by=shire.users["la_commissioner"])
    assert not GoalOutcome.objects.exists() and not Learner.objects.exists()


def test_a_provider_the_la_does_not_commission_is_an_error(shire):
    shire.other_provider.reference = "200002"
    shire.other_provider.save()
    plan = check(shire, csv_bytes(rows=with_cell("provider", "200002")))
    assert [(e.row, e.column, e.message) for e in plan.errors] == [
        (2, "provider", NOT_COMMISSIONED.format(value="200002", la="Shire Council"))]


def test_labels_and_codes_are_both_accepted_in_any_case(shire):
    rows = with_cell("rating", "FULLY MET")
    rows = with_cell("pfa_area", "Independent Living", rows=rows)
    rows = with_cell("primary_need", "autistic spectrum disorder", rows=rows)
    rows = with_cell("soft_confidence", "better", rows=rows)
    apply(shire, csv_bytes(rows=rows))
    assert stored(shire) == EXPECTED


def test_re_importing_the_same_file_changes_nothing(shire):
    apply(shire, csv_bytes())
    before = (GoalOutcome.history.count(), Learner.history.count())
    plan = apply(shire, xlsx_bytes(), "again.xlsx")
    assert plan.summary() == "0 rows to add, 0 to change, 3 unchanged; 0 learners to add"
    assert (GoalOutcome.history.count(), Learner.history.count()) == before
    assert stored(shire) == EXPECTED


def test_a_changed_rating_updates_the_row_with_history(shire):
    apply(shire, csv_bytes())
    other = shire.users["la_commissioner"]
    plan = apply(shire, csv_bytes(rows=with_cell("rating", "Not met", row=1)), "term-2.csv",
                 by=other)
    assert plan.summary() == "0 rows to add, 1 to change, 2 unchanged; 0 learners to add"
    assert plan.rows_to_change[0].fields == [("rating", "Partially met", "Not met")]
    outcome = GoalOutcome.objects.get(goal="Make a sandwich")
    assert outcome.rating == "not_met"
    records = list(outcome.history.order_by("history_date", "history_id"))
    assert [(r.rating, r.history_type) for r in records] == [("partially_met", "+"),
                                                             ("not_met", "~")]
    assert records[-1].history_change_reason == "Imported from term-2.csv"
    assert records[-1].history_user == other


def test_a_learner_held_with_other_facts_is_a_change(shire):
    apply(shire, csv_bytes())
    rows = [with_cell("primary_need", "MLD", row=n)[n] for n in range(2)] + [ROWS[2]]
    plan = apply(shire, csv_bytes(rows=rows))
    assert plan.summary() == ("0 rows to add, 0 to change, 3 unchanged; 0 learners to add, "
                              "1 to change")
    learner = Learner.objects.get(reference="SH-0001")
    assert learner.primary_need == "MLD"
    assert learner.history.count() == 2


def test_a_learner_whose_rows_disagree_and_repeated_goals_are_errors(shire):
    rows = [list(r) for r in ROWS] + [list(ROWS[0])]
    rows[1][HEADINGS.index("year_of_birth")] = "2006"
    plan = check(shire, csv_bytes(rows=rows))
    assert [(e.row, e.column, e.message) for e in plan.errors] == [
        (3, "year_of_birth", LEARNER_DISAGREES.format(
            ref="SH-0001", what="year of birth", first=2007, row=2, value=2006)),
        (5, "goal", DUPLICATE_ROW.format(ref="SH-0001", row=2))]


@pytest.mark.parametrize("goal, message", [
    ("Learn\x00 to cook", GOAL_CONTROL), ("Line one\nline two", GOAL_CONTROL),
    ("x" * 501, GOAL_TOO_LONG.format(length=501))])
def test_goals_with_control_characters_or_too_long_are_errors(shire, goal, message):
    plan = check(shire, csv_bytes(rows=with_cell("goal", goal)))
    assert [(e.row, e.column, e.message) for e in plan.errors] == [(2, "goal", message)]


@pytest.mark.parametrize("column", ["date_of_birth", "Date of Birth", " DOB ", "first-name",
                                    "NHS Number", "postcode"])
def test_a_file_with_a_personal_data_column_is_refused_before_any_row(shire, column):
    # The row would be an error if it were read: the refusal comes first, and alone.
    headings = [*HEADINGS, column]
    rows = [[*r, "x"] for r in with_cell("rating", "brilliant")]
    with pytest.raises(ImportFileError) as refused:
        check(shire, csv_bytes(headings, rows))
    assert refused.value.messages == [PERSONAL_DATA.format(columns=column.strip())]
    with pytest.raises(ImportFileError):
        check(shire, xlsx_bytes(headings, rows), "o.xlsx")


def test_unknown_and_missing_columns_are_refused_with_the_known_ones(shire):
    headings = ["learner_ref", "colour", *HEADINGS[2:]]
    headings.remove("rating")
    with pytest.raises(ImportFileError) as refused:
        check(shire, csv_bytes(headings, [r[:-1] for r in ROWS]))
    assert refused.value.messages[0].startswith(UNKNOWN_COLUMNS.split("{")[0] + "colour.")
    assert "soft_social_cohesion" in refused.value.messages[0]
    assert MISSING_COLUMNS.format(columns="year_of_birth, rating") in refused.value.messages


def test_other_encodings_wrong_types_and_large_files_are_refused(shire):
    with pytest.raises(ImportFileError) as refused:
        check(shire, csv_bytes(rows=with_cell("goal", "Café")).decode().encode("latin-1"))
    assert refused.value.messages == [NOT_UTF8]
    with pytest.raises(ImportFileError):
        check(shire, b"not a workbook", "o.xlsx")
    with pytest.raises(ImportFileError):
        check(shire, csv_bytes(), "o.txt")
    with pytest.raises(ImportFileError) as refused:
        check(shire, csv_bytes() + b" " * MAX_BYTES)
    assert refused.value.messages == [TOO_LARGE]


def test_a_utf8_file_with_a_byte_order_mark_is_read(shire):
    apply(shire, "\ufeff".encode() + csv_bytes(rows=with_cell("goal", "Café visit")))
    assert GoalOutcome.objects.filter(goal="Café visit").exists()


def test_only_the_las_commissioners_may_apply(shire):
    plan = check(shire, csv_bytes())
    for name in ("other_la_commissioner", "provider_lead", "partnership_officer", "admin"):
        with pytest.raises(services.PermissionDenied):
            services.import_apply(plan=plan, by=shire.users[name])
    assert not GoalOutcome.objects.exists()


def test_a_file_over_the_row_limit_is_refused(shire, monkeypatch):
    from core.imports import files as import_files

    monkeypatch.setattr(import_files, "MAX_ROWS", 2)
    for make, name in ((csv_bytes, "o.csv"), (xlsx_bytes, "o.xlsx")):
        with pytest.raises(ImportFileError) as refused:
            check(shire, make(), name)
        assert refused.value.messages == [import_files.TOO_MANY_ROWS]
    assert not GoalOutcome.objects.exists()


def test_blank_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers(shire):
    rows = [ROWS[0], [""] * len(HEADINGS), with_cell("rating", "brilliant", row=1)[1]]
    plan = check(shire, csv_bytes(rows=rows))
    assert [(e.row, e.column) for e in plan.errors] == [(4, "rating")]


def test_rows_changing_different_columns_are_all_written(shire):
    apply(shire, csv_bytes())
    rows = with_cell("soft_confidence", "5", row=0)
    rows = with_cell("rating", "Fully met", row=1, rows=rows)
    rows = with_cell("review_date", "2026-05-15", row=2, rows=with_cell("pfa_area", "health",
                                                                        row=2, rows=rows))
    plan = apply(shire, csv_bytes(rows=rows), "second.csv")
    assert plan.summary() == "0 rows to add, 3 to change, 0 unchanged; 0 learners to add"
    got = {o.goal: (o.rating, o.pfa_area, o.review_date, o.soft, o.history.count())
           for o in GoalOutcome.objects.all()}
    assert got == {
        "Travel to college by bus": ("fully_met", "independent_living",
                                     datetime.date(2026, 3, 12), {"confidence_motivation": "5"}, 2),
        "Make a sandwich": ("fully_met", "independent_living", datetime.date(2026, 3, 12), {}, 2),
        "Complete a work placement": ("not_met", "health", datetime.date(2026, 5, 15),
                                      {"confidence_motivation": "3"}, 2),
    }


@pytest.mark.parametrize("counts, said", [
    ((92, 3, 0, 40, 0), "92 goals added, 3 changed; 40 learners added"),
    ((1, 0, 0, 1, 0), "1 goal added; 1 learner added"),
    ((0, 1, 2, 0, 1), "1 goal changed; 1 learner changed; 2 goals already as in the file"),
    ((2, 0, 1, 0, 2), "2 goals added; 2 learners changed; 1 goal already as in the file"),
    ((0, 0, 0, 1, 1), "no goals added or changed; 1 learner added, 1 changed"),
])
def test_what_an_import_did_is_said_with_counts_and_plurals(shire, counts, said):
    added, changed, unchanged, learners_added, learners_changed = counts
    plan = ImportPlan(local_authority=shire.la, scheme=None, filename="o.csv",
                      rows_to_add=[None] * added, rows_to_change=[None] * changed,
                      unchanged=unchanged, learners_to_add=[None] * learners_added,
                      learners_to_change=[None] * learners_changed)
    assert plan.applied_summary() == said


@pytest.mark.parametrize("field, value", [("urn", "100009"), ("ukprn", "10012345")])
def test_a_provider_is_found_by_its_urn_or_its_ukprn(shire, field, value):
    setattr(shire.provider, field, value)
    shire.provider.save()
    plan = check(shire, csv_bytes(rows=with_cell("provider", value)))
    assert plan.ok and {r.provider for r in plan.rows_to_add} == {shire.provider}


def _rows(n: int, start: int = 0) -> list[list]:
    return [[f"SH-{start + i:04d}", "2007", "ASD", "100001", "2025/26", "2026-03-12",
             "Travel to college by bus", "employment", "fully_met", ""] for i in range(n)]


@pytest.mark.parametrize("n", [3, 40])
def test_applying_an_import_asks_the_same_queries_for_3_rows_as_for_40(
        shire, n, django_assert_max_num_queries):
    """Each row's own values are checked, never its foreign keys one by one: the LA's copied
    onto every goal asked the database once a row (a quarter of a 50,000-row import)."""
    plan = check(shire, csv_bytes(rows=_rows(n)))
    assert plan.ok
    with django_assert_max_num_queries(25):
        services.import_apply(plan=plan, by=shire.users["la_commissioner"])
    assert GoalOutcome.objects.filter(local_authority=shire.la).count() == n
