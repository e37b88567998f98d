"""Version 1's outcome figures: the outcomes dashboard's figures for the token's organisation,
row for row as its CSV gives them (``dashboards.exports.outcomes_sheet``): the same sections,
the same filters, the same suppression (``outcomes.suppression``, through the dashboard's
``figures_for``). Never a learner's row."""
from ninja import Query, Schema
from ninja.errors import HttpError

from dashboards.exports import outcomes_sheet
from dashboards.outcomes import FILTERS, described, figures_for
from organisations.permissions import can

from .base import ERRORS, Error, api, require_scope
from .models import Scope
from .paging import LARGEST_PAGE, PAGE, as_csv, check_parameters, page_of_list

# Tests assert this.
NO_FIGURES = "Your organisation has no outcome figures to read."


class FigureRow(Schema):
    section: str
    group: str
    # Each column of the dashboard's CSV after the section and group: a whole number, or the
    # text the page shows ("45%", "fewer than 5", "withheld"), or none where it does not apply.
    values: dict[str, int | str | None]


class Figures(Schema):
    columns: list[str]
    results: list[FigureRow]
    next: str | None


def _sheet(request):
    check_parameters(request, FILTERS, common=("cursor", "limit"))
    require_scope(request, Scope.OUTCOMES)
    if not can(request.reader, "dashboards.view_outcomes_dashboard"):
        raise HttpError(403, NO_FIGURES)
    params = {name: request.GET.get(name, "")[:80] for name in FILTERS}
    figures = figures_for(request.reader, params)
    return outcomes_sheet(figures, filtered=described(figures.filters, figures.choices))


@api.get("/outcome-figures", response={200: Figures, **ERRORS, 403: Error},
         tags=["Outcome figures"])
def outcome_figures(request, cursor: str | None = None,
                    limit: int = Query(PAGE, ge=1, le=LARGEST_PAGE),
                    year: str | None = Query(None, max_length=9),
                    provider: int | None = None,
                    need: str | None = Query(None, max_length=10),
                    age_band: str | None = Query(None, max_length=20),
                    area: str | None = Query(None, max_length=60)):
    """The outcomes dashboard's figures, one row per group of each section, filtered and
    suppressed exactly as the dashboard is for your organisation's lead."""
    sheet = _sheet(request)
    headings = [column.heading for column in sheet.columns]
    page, next_url = page_of_list(request, sheet.rows, cursor=cursor, limit=limit)
    return {"columns": headings[2:], "next": next_url,
            "results": [{"section": row[0], "group": row[1],
                         "values": dict(zip(headings[2:], row[2:], strict=True))}
                        for row in page]}


@api.get("/outcome-figures.csv", response={200: None, **ERRORS, 403: Error},
         tags=["Outcome figures"])
def outcome_figures_csv(request, cursor: str | None = None,
                        limit: int = Query(PAGE, ge=1, le=LARGEST_PAGE),
                        year: str | None = Query(None, max_length=9),
                        provider: int | None = None,
                        need: str | None = Query(None, max_length=10),
                        age_band: str | None = Query(None, max_length=20),
                        area: str | None = Query(None, max_length=60)):
    """The same as CSV, with the dashboard's own columns."""
    sheet = _sheet(request)
    headings = [column.heading for column in sheet.columns]
    page, next_url = page_of_list(request, sheet.rows, cursor=cursor, limit=limit)
    return as_csv(headings, [dict(zip(headings, row, strict=True)) for row in page], next_url,
                  "outcome-figures.csv")
