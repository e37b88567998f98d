"""CSV and XLSX exports: an assessment's ratings (a QA visit's per audience) and a provider's
action plan for a year.

Every text cell, CSV or XLSX, goes through ``core.cells.safe_cell``: text a spreadsheet would
run as a formula gets a leading quote.
"""
import datetime
import io
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from actionplans.selectors import plan_actions
from assessments.models import Response
from assessments.records import SELF_ASSESSMENTS, record_type
from core.cells import csv_bytes, safe_cell
from reviews.selectors import assessment_reviews
from visits.records import VISITS

from .selectors import visit_report


@dataclass
class Column:
    heading: str
    width: int = 14  # characters, for XLSX
    wrap: bool = False


@dataclass
class Table:
    """One sheet: a title, its columns and rows of plain values (str, int, date, datetime,
    bool or None)."""

    title: str
    columns: list[Column]
    rows: list[list]


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def assessment_table(assessment, *, user=None) -> Table:
    """One row per criterion, in framework order, and for each review of it that ``user`` may
    see (``reviews.selectors.assessment_reviews``) the reviewer's rating, the points after
    review, their comment and the provider's reply: two queries, and four more with reviews."""
    responses = (
        Response.objects.filter(assessment=assessment)
        .select_related("criterion__section", "level", "updated_by")
        .order_by("criterion__section__order", "criterion__order")
    )
    columns = [
        Column("Section", 28, True), Column("Code", 7), Column("Criterion", 60, True),
        Column("Rating", 18), Column("Points", 8), Column("Evidence", 60, True),
        Column("Carried over", 12), Column("Last changed by", 24), Column("Last changed at", 18),
    ]
    summaries = assessment_reviews(user, assessment)
    reviewed = []
    for summary in summaries:
        name = summary.review.organisation.name
        state = summary.review.get_state_display().lower()
        columns += [Column(f"Review by {name} ({state}): rating", 22),
                    Column(f"Review by {name}: points after review", 12),
                    Column(f"Review by {name}: comment", 40, True),
                    Column(f"Review by {name}: provider's reply", 40, True)]
        reviewed.append({item.response_id: item for item in summary.items})
    rows = []
    for r in responses:
        section = r.criterion.section
        row = [
            f"{section.code}. {section.title}", r.criterion.code, r.criterion.text,
            r.level.label if r.level else "Not yet rated",
            r.level.points if r.level else None, r.evidence, r.carried_over,
            r.updated_by.display_name if r.updated_by else "", _local(r.updated_at),
        ]
        for items in reviewed:
            item = items.get(r.pk)
            row += _review_cells(item, r)
        rows.append(row)
    return Table("Ratings", columns, rows)


def _review_cells(item, response) -> list:
    """A review's four cells for one criterion: the reviewer's rating ("Agrees" or theirs),
    the points after review, the comment and the provider's reply."""
    if item is None or item.agrees is None:
        return ["Not reviewed yet", None, "", ""]
    level = item.level if item.agrees is False else response.level
    return [f"Agrees: {level.label}" if item.agrees else level.label,
            level.points if level else None, item.comment, item.provider_reply]


NOT_SHARED_YET = "Not shared yet"


def visit_table(visit, audience: str, *, internal_notes: bool = True) -> Table:
    """One row per requirement of a QA visit, in framework order, as ``audience`` may read it
    (the same copy rules as the PDF, :func:`reports.selectors.visit_report`): the internal
    notes column only in a commissioner copy allowed to hold them, and in the provider's
    copy no findings at the visit until the judgements are shared."""
    data = visit_report(visit, audience, internal_notes=internal_notes)
    columns = [
        Column("Section", 28, True), Column("Code", 7), Column("Phase", 16),
        Column("Requirement", 60, True), Column("Rating", 14), Column("Provider evidence", 50, True),
        Column("Observer notes", 50, True), Column("Action points", 40, True),
    ]
    if data.internal_notes:
        columns.append(Column("Internal notes (not shared with the provider)", 40, True))
    rows = []
    for row in data.sections:
        section = f"{row.section.code}. {row.section.title}"
        for req in row.requirements:
            text = "\n".join([req.text, *(f"• {p}" for p in req.prompts)]).strip()
            if req.findings_shown:
                findings = [req.level.label if req.level else "Not yet rated",
                            req.observer_notes, req.action_points]
            else:
                findings = [NOT_SHARED_YET, NOT_SHARED_YET, NOT_SHARED_YET]
            evidence = "\n".join([req.evidence, *(f"File: {f}" for f in req.files)]).strip()
            cells = [section, req.code, req.phase_label, text, findings[0], evidence,
                     *findings[1:]]
            if data.internal_notes:
                cells.append(req.internal_notes)
            rows.append(cells)
    return Table("Visit ratings", columns, rows)


# Each type of record's table, ``table(record, audience, **copy_options)`` (the options are
# ``audience.copy_options``): a self-assessment's is the same for every audience.
RECORD_TABLES = {
    SELF_ASSESSMENTS: lambda assessment, audience, **options: assessment_table(assessment,
                                                                               **options),
    VISITS: visit_table,
}


def record_table(record, audience: str, **options) -> Table:
    """The ratings table of a record of any type, for ``audience`` (CSV / XLSX downloads)."""
    return RECORD_TABLES[record_type(record)](record, audience, **options)


def action_plan_table(provider, period, *, user) -> Table:
    """Every action in the provider's plan for the year that the user may see, whatever its
    framework or status."""
    columns = [
        Column("Framework", 28, True), Column("Section", 8),
        Column("Identified area for improvement", 30, True), Column("SMART action", 60, True),
        Column("When", 12), Column("Who", 24, True), Column("Status", 13),
        Column("Progress", 40, True), Column("Outcome", 40, True),
        Column("Success measure", 40, True), Column("Overdue", 9), Column("Came from", 36, True),
    ]
    rows = [
        [a.section.framework.name if a.section_id else "", a.section.code if a.section_id else "",
         a.area, a.smart_action, a.due_date, a.owner, a.get_status_display(), a.progress,
         a.outcome, a.success_measure, a.is_overdue, a.source_description]
        for a in plan_actions(provider, period, user=user)
    ]
    return Table("Action plan", columns, rows)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens accented text correctly."""
    return csv_bytes([c.heading for c in table.columns],
                     ([_text(v) for v in row] for row in table.rows))


def _xlsx_value(value):
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str):
        # Control characters pasted from other programs are not allowed in XLSX.
        return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def to_xlsx(*tables: Table) -> bytes:
    """A sheet per table, each with a bold, frozen heading row, a filter, and dates as
    dates."""
    book = Workbook()
    for n, table in enumerate(tables):
        _sheet(book.active if n == 0 else book.create_sheet(), table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(sheet, table: Table) -> None:
    sheet.title = table.title
    sheet.append([c.heading for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_xlsx_value(v) for v in row])
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            if column.wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                cell.alignment = Alignment(vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
