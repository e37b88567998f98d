"""The provider dashboard as a PDF for a meeting: the provider table as filtered (its first
``PDF_ROWS`` rows; the CSV has them all) and the trends' charts with their tables. The exports
worker makes it a step at a time (``exports.dashboard``) so that its page shows its progress:
the rows ``EXPORT_CHUNK`` at a time, then the charts, then the PDF itself."""
import math
from collections.abc import Iterator, Mapping

from django.utils import timezone

from core.periods import academic_year
from reports.audience import COMMISSIONER
from reports.pdf import render_pdf
from reports.renderers import REPORT_BASE_URL, report_header

from . import provider_table
from .trend_views import trend_charts

# An export reads its rows this many providers at a time: bounded memory and queries per chunk.
EXPORT_CHUNK = 500
# The PDF's table stops here (about 40 pages); the CSV and XLSX hold every row.
PDF_ROWS = 1000
TEMPLATE = "dashboards/dashboard_pdf.html"


def read_filters(params: Mapping) -> provider_table.Filters:
    """The dashboard's filters from its query string's parameters (``params``: a ``QueryDict``
    or a plain dict), read as every dashboard page and download reads them."""
    years = provider_table.dashboard_years(academic_year(timezone.localdate()))
    return provider_table.Filters.read(params, years=years,
                                       frameworks=provider_table.self_assessment_frameworks())


def filled_chunks(user, organisation, rows, filters, questions, count: int) -> Iterator[list]:
    """The first ``count`` rows filled (``provider_table.fill``), ``EXPORT_CHUNK`` providers
    at a time: an export's memory and queries per chunk stay bounded."""
    for start in range(0, count, EXPORT_CHUNK):
        yield provider_table.fill(user, rows[start:min(start + EXPORT_CHUNK, count)],
                                  filters.year, filters.frameworks, questions,
                                  organisation=organisation, latest_visit=filters.latest)


def filled(user, organisation, rows, filters, questions, count: int) -> list:
    """The first ``count`` rows filled, a chunk at a time (``filled_chunks``)."""
    return [row for chunk in filled_chunks(user, organisation, rows, filters, questions, count)
            for row in chunk]


class DashboardPdf:
    """The dashboard PDF of ``organisation`` with ``filters``, made for ``user`` (only what
    ``visible_to(user)`` gives): its rows are counted when it is made, then filled a chunk at
    a time (``fill``), its charts gathered (``chart``) and the PDF rendered (``render``)."""

    def __init__(self, user, organisation, filters: provider_table.Filters):
        self.user, self.organisation, self.filters = user, organisation, filters
        self.questions = provider_table.visit_questions()
        self.rows = provider_table.rows_for(user, organisation, filters)
        self.total = self.rows.count()
        self.shown = min(self.total, PDF_ROWS)
        self.filled: list = []
        self.charts: dict = {}

    @property
    def chunks(self) -> int:
        """How many chunks of rows the table is filled in."""
        return math.ceil(self.shown / EXPORT_CHUNK)

    @property
    def steps(self) -> int:
        """The steps its progress counts: each chunk of rows, the charts, and the PDF."""
        return self.chunks + 2

    @property
    def title(self) -> str:
        return f"Provider dashboard: {self.organisation.name}, {self.filters.shown_as}"

    @property
    def provider_ids(self) -> list[int]:
        """The providers whose rows the table holds (once filled)."""
        return [row.provider.pk for row in self.filled]

    def fill(self) -> Iterator[int]:
        """Fill the table's rows a chunk at a time, yielding the chunks done after each."""
        chunks = filled_chunks(self.user, self.organisation, self.rows, self.filters,
                               self.questions, self.shown)
        for done, chunk in enumerate(chunks, start=1):
            self.filled += chunk
            yield done

    def chart(self) -> None:
        """The trends' charts, as the trends page draws them."""
        self.charts = trend_charts(self.user, self.organisation, self.filters.years,
                                   self.filters.year)

    def render(self) -> bytes:
        """The PDF of the filled rows and the charts."""
        total, filters = self.total, self.filters
        return render_pdf(TEMPLATE, {
            "report": report_header(
                title=self.title, provider=self.organisation, framework="Provider dashboard",
                period=filters.shown_as, status=f"{total} provider{'s' if total != 1 else ''}",
                audience=COMMISSIONER, internal_notes=False),
            "organisation": self.organisation, "filters": filters, "rows": self.filled,
            "total": total, "frameworks": filters.frameworks, "questions": self.questions,
            "year": filters.year, "years": filters.years, "charts": self.charts,
        }, base_url=REPORT_BASE_URL)
