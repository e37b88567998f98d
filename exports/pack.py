"""Rendering a local authority's inspection pack: each part of ``dashboards.inspection``
gathered in turn, then one PDF (charts with their tables) and the same figures as an XLSX
workbook, a sheet per kind of table. Progress is reported after every step."""
from collections.abc import Callable

from django.utils import timezone

from dashboards.exports import sections_sheet
from dashboards.inspection import PARTS, Pack
from reports.audience import PROVIDER
from reports.pdf import render_pdf
from reports.renderers import REPORT_BASE_URL, report_header
from reports.spreadsheets import Column, Table, to_xlsx

from .models import BulkExport

# A step per part, then the PDF, then the workbook.
PACK_STEPS = len(PARTS) + 2
PDF_TEMPLATE = "exports/inspection_pack_pdf.html"


def pack_title(export: BulkExport) -> str:
    return f"Local area inspection pack: {export.organisation.name}, {export.period}"


def write_pack(pdf, xlsx, export: BulkExport, *, user,
               progress: Callable[[int], bool]) -> bool:
    """Write the pack's PDF into ``pdf`` and its workbook into ``xlsx`` (binary files).
    ``progress(done)`` is called after each step; when it returns False (the export was
    taken from this worker) writing stops and False is returned."""
    pack = Pack(user, export.organisation, export.period)
    parts = []
    for done, key in enumerate(PARTS, start=1):
        parts.append(pack.part(key))
        if not progress(done):
            return False
    pdf.write(render_pdf(PDF_TEMPLATE, {
        # No copy line: the pack holds no internal notes, and only suppressed figures.
        "report": report_header(title=pack_title(export), provider=export.organisation,
                                framework="Local area inspection pack", period=export.period,
                                status=f"Made {timezone.localdate():%-d %B %Y}",
                                audience=PROVIDER, internal_notes=False),
        "pack": pack, "parts": parts, "ratings": pack.ratings,
    }, base_url=REPORT_BASE_URL))
    if not progress(len(PARTS) + 1):
        return False
    xlsx.write(to_xlsx(*pack_tables(pack, parts)))
    return True


def pack_tables(pack: Pack, parts: list) -> list[Table]:
    """The workbook's sheets: QA coverage, every outcome table, the indicators and the
    trends, each figure as the PDF shows it."""
    coverage = [row for part in parts for row in part.coverage]
    sections = [section for part in parts for section in part.sections]
    indicators = [table for part in parts for table, _ in part.indicators]
    trends = [chart.trend for part in parts for charts in part.trends.values()
              for chart in charts if not chart.trend.empty]
    return [
        Table(title="QA coverage",
              columns=[Column("Figure", 44, True), Column(pack.before, 12),
                       Column(pack.year, 12), Column("Change", 12)],
              rows=[[row.label, row.before, row.now, row.change] for row in coverage]),
        sections_sheet(sections, pack.ratings, filtered=[]),
        Table(title="Area indicators",
              columns=[Column("Indicator", 40, True), Column("Unit", 16),
                       Column("Academic year", 12), Column("Whose figure", 36, True),
                       Column("Figure", 12)],
              rows=[[table.indicator.name, table.indicator.get_unit_display(), year,
                     series.label, series.values[i]]
                    for table in indicators for i, year in enumerate(table.years)
                    for series in table.series if series.values[i] is not None]),
        Table(title="Year on year",
              columns=[Column("Chart", 50, True), Column("Bar", 36, True),
                       Column("Counted", 30, True), Column("Number", 10)],
              rows=[[trend.heading, bar.title or bar.label, series.label, count]
                    for trend in trends for bar, counts in trend.rows
                    for series, count in counts]),
    ]
