"""Paging through the self-assessments over real HTTP (issue 31, acceptance 2): an LA's token
against pytest-django's live server, a few rows a page, following the JSON's ``next`` and the
CSV's ``Link`` header to the end; the two forms hold the same rows, and those rows give the
results the commissioner's provider dashboard exports as CSV for the same academic year, and
with no year (each provider's latest), cell for cell.

The dashboard's CSV has one row per provider, and for each framework its latest final result up
to the year chosen (``dashboards.provider_table.latest_results``); the API has one row per
self-assessment. So for a year the API's rows are the dashboard's cells of that year, and with
no filter each provider's newest final row in each framework is the dashboard's cell."""
import csv
import io
import json
import urllib.request

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, Response
from assessments.workflow import FINAL
from core.periods import academic_year, previous_period
from frameworks.models import Criterion
from tests.dashboards.test_moderation import review
from tests.factories import CommissioningFactory, ProviderFactory

from .conftest import make_token

LIMIT = 2  # rows a page: the LA sees 12 self-assessments, 6 pages in all, 3 for one year
SI, INTEGRATED = "si-qaf", "integrated-ap-benchmarks"

# The dashboard's columns for each framework ("<framework name>: <column>",
# ``dashboards.exports.provider_table_sheet``) and the API's CSV field that holds each: the
# result's summary is the dashboard's own (``tests/api/test_self_assessments.py`` checks it
# against ``result_history``), the review's figures ``dashboards.moderation.figures``. The
# dashboard shows totals only for a framework scored in points; a column it does not have is
# left out of the comparison.
DASHBOARD_COLUMNS = {
    "year": lambda row: row["academic_year"],
    "result": lambda row: row["summary"],
    "review": lambda row: (f"{row['review_state']}, {row['reviewer']}" if row["reviewer"]
                           else "Not reviewed"),
    "self-assessed total": lambda row: row["self_assessed_total"],
    "moderated total": lambda row: row["moderated_total"],
    "items disagreed": lambda row: row["items_disagreed"],
}
FINAL_STATES = {str(Assessment.State(state).label) for state in FINAL}
# The CSV's fields compared with the JSON's, page by page.
COMPARED = ("id", "provider", "framework", "academic_year", "state", "summary", "reviewer",
            "review_state", "self_assessed_total", "moderated_total", "items_disagreed")


def _self_assessment(provider, framework, period, *, rated: int, by, state="submitted"):
    """A self-assessment made as rows (the services' rules are tested elsewhere; the API and
    the dashboard only read): its first ``rated`` criteria at the scale's top level, the rest
    at its lowest, so each one's result differs."""
    levels = list(framework.item_scale.levels.order_by("order"))
    top, low = max(levels, key=lambda lv: lv.points), min(levels, key=lambda lv: lv.points)
    made = Assessment.objects.create(
        framework=framework, framework_slug=framework.slug, kind=framework.kind,
        provider=provider, period=period, state=state, created_by=by,
        submitted_at=timezone.now() if state == "submitted" else None)
    criteria = Criterion.objects.filter(framework=framework).order_by("section__order", "order")
    Response.objects.bulk_create(
        Response(assessment=made, criterion=criterion, level=top if n < rated else low)
        for n, criterion in enumerate(criteria))
    return made


@pytest.fixture
def years():
    """The current academic year, the one before (the filter) and the one before that."""
    current = academic_year(timezone.localdate())
    return current, previous_period(current), previous_period(previous_period(current))


@pytest.fixture
def assessments(world, frameworks, years):
    """Shire Council's providers: Riverside and six more, with twelve self-assessments the LA
    sees over three years in two frameworks (one provider's latest is older than the year
    filtered on, one has only a draft), and the LA's own draft review of one."""
    current, year, earlier = years
    admin = world.users["admin"]
    si, integrated = frameworks[SI], frameworks[INTEGRATED]
    providers = [world.provider]
    for n in range(1, 7):
        provider = ProviderFactory(name=f"Paging Provider {n}", slug=f"paging-provider-{n}")
        CommissioningFactory(commissioner=world.la, provider=provider)
        providers.append(provider)
    made = []
    for n, provider in enumerate(providers[:5]):
        made.append(_self_assessment(provider, si, year, rated=30 + n, by=admin))
        if n % 2 == 0:
            made.append(_self_assessment(provider, si, earlier, rated=20 + n, by=admin))
    made.append(_self_assessment(providers[1], integrated, year, rated=5, by=admin))
    made.append(_self_assessment(providers[3], integrated, earlier, rated=9, by=admin))
    made.append(_self_assessment(providers[4], si, current, rated=36, by=admin))
    made.append(_self_assessment(providers[5], si, earlier, rated=25, by=admin))
    # Not the LA's to see: a draft not shared with its commissioners.
    _self_assessment(providers[6], si, current, rated=3, by=admin, state="draft")
    review(made[0], world.la, world.users["la_commissioner"], ["1.1", "2.1", "3.1"])
    return made


def _get(url: str, secret: str):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers, response.read()


def _json_pages(base: str, secret: str, path: str, query: str) -> list[list[dict]]:
    """Every page of ``path`` as JSON, following ``next``."""
    pages, url = [], f"{base}{path}?{query}"
    while url:
        status, _, body = _get(url, secret)
        assert status == 200, (url, body)
        answer = json.loads(body)
        pages.append(answer["results"])
        url = answer["next"]
    return pages


def _csv_pages(base: str, secret: str, path: str, query: str) -> list[list[dict]]:
    """Every page of ``path`` as CSV, following the ``Link`` header."""
    pages, url = [], f"{base}{path}?{query}"
    while url:
        status, headers, body = _get(url, secret)
        assert status == 200 and headers["Content-Type"].startswith("text/csv"), (url, body)
        pages.append(list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")))))
        link = headers.get("Link")
        url = link[1:link.index(">")] if link else None
        assert not link or link.endswith('rel="next"'), link
    return pages


def _as_csv_cells(row: dict) -> dict:
    """A JSON row's compared fields as its CSV row writes them (``api.paging.as_csv``)."""
    review_ = row["review"] or {}
    fields = {**row, "reviewer": review_.get("reviewer"), "review_state": review_.get("state"),
              **{name: review_.get(name) for name in
                 ("self_assessed_total", "moderated_total", "items_disagreed")}}
    return {name: "" if fields[name] is None else str(fields[name]) for name in COMPARED}


def _api_rows(live_server, secret, query: str) -> tuple[list[dict], int]:
    """The self-assessments as CSV rows, every page, checked against the JSON's pages; and
    how many pages there were."""
    path = "/api/v1/self-assessments"
    as_json = _json_pages(live_server.url, secret, path, query)
    as_csv = _csv_pages(live_server.url, secret, path + ".csv", query)
    assert [len(page) for page in as_csv] == [len(page) for page in as_json]
    rows = [row for page in as_csv for row in page]
    assert [_as_csv_cells(row) for page in as_json for row in page] == [
        {name: row[name] for name in COMPARED} for row in rows]
    assert len({row["id"] for row in rows}) == len(rows)  # no row twice across pages
    return rows, len(as_csv)


def _framework_names(live_server, secret) -> dict[str, str]:
    """Each framework's name by slug, from the API itself (its labelling endpoint)."""
    pages = _json_pages(live_server.url, secret, "/api/v1/frameworks", "")
    return {row["slug"]: row["name"] for page in pages for row in page}


def _dashboard_cells(client, query: dict) -> tuple[dict, list[dict]]:
    """The dashboard's CSV: {(provider, framework name): {column: cell}} for each result it
    shows, and its rows."""
    response = client.get(reverse("dashboards:providers_csv"), query)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = {}
    for row in rows:
        for heading in row:
            name, _, column = heading.rpartition(": ")
            if column == "result" and row[heading] != "None submitted":
                cells[row["Provider"], name] = {
                    column: row[f"{name}: {column}"] for column in DASHBOARD_COLUMNS
                    if f"{name}: {column}" in row}
    return cells, rows


def _api_cells(rows: list[dict], names: dict[str, str], dashboard: dict) -> dict:
    """The newest final row of each provider in each framework, as the dashboard's cells
    (only the columns the dashboard has for that framework)."""
    newest = {}
    for row in rows:
        key = (row["provider"], names[row["framework"]])
        if row["state"] in FINAL_STATES and (
                key not in newest or row["academic_year"] > newest[key]["academic_year"]):
            newest[key] = row
    columns = {key: set(cells) for key, cells in dashboard.items()}
    every = set(DASHBOARD_COLUMNS)
    return {key: {column: DASHBOARD_COLUMNS[column](row)
                  for column in columns.get(key, every)} for key, row in newest.items()}


def test_paging_the_api_over_http_gives_the_dashboards_rows(live_server, world, assessments,
                                                            years, client_for):
    current, year, earlier = years
    secret = make_token(world.la, world.users["admin"])
    names = _framework_names(live_server, secret)
    dashboard = client_for(world.users["la_commissioner"])

    # One academic year: the API's rows are the dashboard's cells of that year.
    rows, pages = _api_rows(live_server, secret, f"academic_year={year}&limit={LIMIT}")
    cells, shown = _dashboard_cells(dashboard, {"year": year})
    of_the_year = {key: cell for key, cell in cells.items() if cell["year"] == year}
    assert (len(rows), pages) == (6, 3) and {row["academic_year"] for row in rows} == {year}
    assert _api_cells(rows, names, cells) == of_the_year
    # The dashboard's other cells are a provider's latest from an earlier year.
    assert {cell["year"] for cell in cells.values()} == {year, earlier}
    assert len(shown) == 7  # every provider the LA commissions, one with nothing submitted

    # No filter: every self-assessment the LA may see; each provider's newest final one in
    # each framework is the dashboard's latest.
    every, pages = _api_rows(live_server, secret, f"limit={LIMIT}")
    assert (len(every), pages) == (12, 6)
    assert {row["id"] for row in every} == {str(a.pk) for a in assessments}
    cells, _ = _dashboard_cells(dashboard, {})
    assert _api_cells(every, names, cells) == cells
    assert {cell["year"] for cell in cells.values()} == {current, year, earlier}
    reviewed = cells["Riverside College", names[SI]]
    assert reviewed["review"] == "Draft, Shire Council" and reviewed["items disagreed"] == "3"
