"""CSV and XLSX exports of ratings and action plans, and the formula-injection guard."""
import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from assessments.models import Response
from reports.spreadsheets import (
    Column,
    Table,
    action_plan_table,
    assessment_table,
    safe_cell,
    to_csv,
    to_xlsx,
)

RATING_HEADINGS = ["Section", "Code", "Criterion", "Rating", "Points", "Evidence", "Carried over",
                   "Last changed by", "Last changed at"]


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(content: bytes):
    return load_workbook(io.BytesIO(content)).active


@pytest.mark.parametrize("value, expected", [
    ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
    ("+44 20 7946 0000", "'+44 20 7946 0000"),
    ("-1+2", "'-1+2"),
    ("@cmd", "'@cmd"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("Plain text = fine", "Plain text = fine"),
    ("", ""),
    (-3, -3),
    (None, None),
])
def test_safe_cell_quotes_text_a_spreadsheet_would_run(value, expected):
    assert safe_cell(value) == expected


FORMULAS_BEHIND_SPACE_OR_CONTROL = ["\t=HYPERLINK(\"http://evil.example\",\"Click\")", "\r=1+1", " =1",
                                    "\n@SUM(A1)", "\x01-2+3", "\u00a0+1"]


def test_csv_and_xlsx_quote_a_formula_behind_leading_space_or_control_characters():
    table = Table("Guard", [Column("Text")], [[v] for v in FORMULAS_BEHIND_SPACE_OR_CONTROL])
    csv_cells = [row[0] for row in read_csv(to_csv(table))[1:]]
    xlsx_cells = [row[0].value for row in read_xlsx(to_xlsx(table)).iter_rows(min_row=2)]
    for cell in csv_cells + xlsx_cells:
        assert cell.startswith("'"), f"{cell!r} would run as a formula"
    # The text itself is kept (XLSX drops only the control characters it cannot hold).
    assert csv_cells == ["'" + v for v in FORMULAS_BEHIND_SPACE_OR_CONTROL]


def test_assessment_csv_has_one_row_per_criterion(demo):
    rows = read_csv(to_csv(assessment_table(demo.si)))
    assert rows[0] == RATING_HEADINGS
    assert len(rows) == 1 + 36
    by_code = {row[1]: row for row in rows[1:]}
    assert by_code["1.1"][0] == "1. Leadership"
    assert by_code["2.3"][3:5] == ["Not yet evidenced", "0"]
    assert by_code["2.4"][3:5] == ["Evidenced", "1"]
    assert by_code["2.4"][5] == "Criterion 2.4: QA evidence folder on the shared drive, 2024/25 tab"
    assert by_code["2.4"][6] == "No"
    assert by_code["2.4"][7] == "Priya Shah"
    assert datetime.datetime.strptime(by_code["2.4"][8], "%Y-%m-%d %H:%M")
    assert [row[1] for row in rows[1:7]] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]


def test_assessment_xlsx_has_the_same_rows_with_numbers_and_dates_as_such(demo):
    sheet = read_xlsx(to_xlsx(assessment_table(demo.review)))
    rows = list(sheet.values)
    assert sheet.title == "Ratings"
    # The demo's final review by Rutland follows the ratings (an operator's copy: final ones).
    assert list(rows[0]) == RATING_HEADINGS + [
        "Review by Rutland County Council (final): rating",
        "Review by Rutland County Council: points after review",
        "Review by Rutland County Council: comment",
        "Review by Rutland County Council: provider's reply"]
    assert len(rows) == 1 + 20
    by_code = {row[1]: row for row in rows[1:]}
    assert by_code["7a"][3:5] == ("Not yet in place", 1)
    assert by_code["13"][3:5] == ("Developing", 2)
    assert by_code["13"][9:11] == ("Established", 3)
    assert by_code["7a"][9:11] == ("Agrees: Not yet in place", 1)
    assert isinstance(by_code["13"][8], datetime.datetime)
    assert sheet.freeze_panes == "A2"


def test_carried_over_responses_say_so(demo):
    """The 2025/26 draft was started from last year: evidence carried over, nothing rated."""
    rows = read_csv(to_csv(assessment_table(demo.draft)))
    assert {row[6] for row in rows[1:]} == {"Yes"}
    assert {row[3] for row in rows[1:]} == {"Not yet rated"}
    assert {row[4] for row in rows[1:]} == {""}
    assert rows[1][5] == "Criterion 1.1: QA evidence folder on the shared drive, 2024/25 tab"


def riverside_plan(demo, period="2024/25"):
    """Riverside's action plan for the year as its lead downloads it."""
    return action_plan_table(demo.riverside, period, user=demo.user("riverside_lead"))


def test_action_plan_csv_and_xlsx_list_every_action_of_the_year(demo):
    rows = read_csv(to_csv(riverside_plan(demo)))
    assert rows[0] == ["Framework", "Section", "Identified area for improvement", "SMART action",
                       "When", "Who", "Status", "Progress", "Outcome", "Success measure", "Overdue",
                       "Came from"]
    assert [row[1:3] for row in rows[1:]] == [["2", "Planning"], ["6", "Results"]]
    assert rows[1][11] == "Supported Internship Quality Assurance Framework 2024/25, section 2"
    assert rows[1][5] == "Supported internship coordinator"
    assert rows[1][6] == "Not started"
    assert rows[1][9] == "Reviewed at the termly quality meeting."
    assert rows[1][10] == "No"
    assert datetime.date.fromisoformat(rows[1][4])

    sheet = read_xlsx(to_xlsx(riverside_plan(demo)))
    values = list(sheet.values)
    assert sheet.title == "Action plan"
    assert len(values) == 3
    assert isinstance(values[1][4], datetime.datetime)  # a date cell, read back as datetime
    assert values[1][10] == "No"
    assert read_csv(to_csv(riverside_plan(demo, "2030/31")))[1:] == []


def test_actions_from_a_visit_name_their_requirement_or_section(demo):
    rows = read_csv(to_csv(action_plan_table(demo.oakfield, "2025/26", user=demo.user("oakfield_lead"))))
    assert [(row[1], row[11]) for row in rows[1:]] == [
        ("1", "QA visit of 18 June 2026, requirement 1.2"),
        ("1", "QA visit of 18 June 2026, section 1"),  # the section's follow-up action
        ("2", "QA visit of 18 June 2026, requirement 2.2"),
        ("2", "QA visit of 18 June 2026, requirement 2.4"),
        ("4", "QA visit of 18 June 2026, section 4"),
    ]


def test_overdue_actions_say_yes(demo):
    # Section 2's action is still open (section 6's was carried forward into 2025/26).
    demo.plan.actions.filter(section__code="2").update(due_date=datetime.date(2021, 9, 1))
    rows = read_csv(to_csv(riverside_plan(demo)))
    assert [row[10] for row in rows[1:]] == ["Yes", "No"]


def test_formulas_typed_as_evidence_come_out_as_text(demo):
    Response.objects.filter(assessment=demo.si, criterion__code="1.1").update(
        evidence='=HYPERLINK("http://evil.example","Click")')
    Response.objects.filter(assessment=demo.si, criterion__code="1.2").update(
        evidence="@SUM(1+1)\x0b")
    demo.plan.actions.filter(section__code="2").update(owner="+cmd|' /C calc'!A0",
                                                        smart_action="-2+3")
    rows = read_csv(to_csv(assessment_table(demo.si)))
    assert rows[1][5] == '\'=HYPERLINK("http://evil.example","Click")'
    sheet = read_xlsx(to_xlsx(assessment_table(demo.si)))
    assert sheet["F2"].value == '\'=HYPERLINK("http://evil.example","Click")'
    assert sheet["F2"].data_type == "s"
    assert sheet["F3"].value == "'@SUM(1+1)"  # and the control character is dropped

    plan_rows = read_csv(to_csv(riverside_plan(demo)))
    assert plan_rows[1][3] == "'-2+3"
    assert plan_rows[1][5] == "'+cmd|' /C calc'!A0"
    plan_sheet = read_xlsx(to_xlsx(riverside_plan(demo)))
    assert plan_sheet["D2"].value == "'-2+3"
    assert all(cell.data_type != "f" for row in plan_sheet.iter_rows() for cell in row)
