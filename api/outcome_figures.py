"""Version 1's outcome figures: the outcomes dashboard's figures for the token's organisation,
row for row as its CSV gives them (``dashboards.exports.outcomes_sheet``): the same sections,
the same filters, the same suppression (``outcomes.suppression``, through the dashboard's
``figures_for``). Never a learner's row."""
from ninja import Field
from ninja.errors import HttpError

from dashboards.exports import outcomes_sheet
from dashboards.outcomes import FILTERS, described, kept_form
from organisations.permissions import can

from .base import Answer, Error, Paging, collection, require_scope
from .models import Scope
from .paging import as_csv, page_of_list

# Tests assert this.
NO_FIGURES = "Your organisation has no outcome figures to read."


class FigureRow(Answer):
    section: str
    group: str
    # Each column of the dashboard's CSV after the section and group: a whole number, or the
    # text the page shows ("45%", "fewer than 5", "withheld"), or none where it does not apply.
    values: dict[str, int | str | None]


class Figures(Answer):
    columns: list[str]
    results: list[FigureRow]
    next: str | None


class FigureFilters(Paging):
    """The outcomes dashboard's own filters (no ``updated_since``: figures are worked out
    whole, not rows that change)."""
    year: str | None = Field(None, max_length=9, description="A year the figures cover.")
    provider: int | None = Field(None, description="A provider's id.")
    need: str | None = Field(None, max_length=10, description="A primary need's code.")
    age_band: str | None = Field(None, max_length=20)
    area: str | None = Field(None, max_length=60, description="An outcome area.")


def _sheet(figures) -> tuple[list[str], list[list]]:
    """The dashboard's CSV of ``figures``: its headings and rows."""
    sheet = outcomes_sheet(figures, filtered=described(figures.filters, figures.choices))
    return [column.heading for column in sheet.columns], sheet.rows


def _csv(answer: dict):
    """The dashboard's CSV rows themselves, under its headings (the answer carries both; the
    JSON form leaves them out)."""
    headings = answer["headings"]
    return as_csv(headings, [dict(zip(headings, row, strict=True)) for row in answer["rows"]],
                  answer["next"], "outcome-figures.csv")


@collection("/outcome-figures", query=FigureFilters, answer=Figures, tag="Outcome figures",
            csv=_csv, responses={403: Error})
def outcome_figures(request, q: FigureFilters) -> dict:
    """The outcomes dashboard's figures, one row per group of each section, filtered and
    suppressed exactly as the dashboard is for your organisation's lead. The CSV form has
    the dashboard's own columns."""
    require_scope(request, Scope.OUTCOMES)
    if not can(request.reader, "dashboards.view_outcomes_dashboard"):
        raise HttpError(403, NO_FIGURES)
    # The dashboard's own reading of its filters, from the same strings.
    params = {name: request.GET.get(name, "")[:80] for name in FILTERS}
    headings, rows = kept_form(request.reader, params, "api-sheet", _sheet)
    page, next_url = page_of_list(request, rows, cursor=q.cursor, limit=q.limit)
    return {"columns": headings[2:], "next": next_url, "headings": headings, "rows": page,
            "results": [{"section": row[0], "group": row[1],
                         "values": dict(zip(headings[2:], row[2:], strict=True))}
                        for row in page]}
