"""Outcome figures through the API are the outcomes dashboard's, row for row and figure for
figure, as each organisation's lead sees them (the LA's own small numbers; a partnership's
and a provider's suppressed), paged, and as CSV; never a learner's row."""
import csv
import io

import pytest
from django.urls import reverse

from api.models import Scope
from outcomes import services
from outcomes.models import GoalOutcome
from tests.dashboards.test_outcomes_dashboard import outcomes  # noqa: F401  (a fixture)
from tests.outcomes.test_aggregates import YEAR

URL = "/api/v1/outcome-figures"


def _dashboard_rows(client_for, user, query) -> list[list[str]]:
    response = client_for(user).get(reverse("dashboards:outcomes_csv"), query)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _api_rows(client, query) -> list[list[str]]:
    rows, params, address = [], {**query, "limit": 3}, URL + ".csv"
    headings = None
    while address:
        response = client.get(address, params)
        assert response.status_code == 200, response.content
        page = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        headings, rows = page[0], rows + page[1:]
        link = response.get("Link", "")
        address, params = (link[1:link.index(">")] if link else None), None
    return [headings, *rows]


@pytest.mark.parametrize("role", ["la_commissioner", "partnership_officer", "provider_lead"])
def test_the_figures_are_the_dashboards_row_for_row(world, outcomes, api_for,  # noqa: F811
                                                    client_for, role):
    for query in ({"year": YEAR}, {"year": YEAR, "area": "employment"}, {}):
        expected = _dashboard_rows(client_for, world.users[role], query)
        assert len(expected) > 1
        assert _api_rows(api_for(role), query) == expected, (role, query)


def test_the_figures_kept_for_the_api_change_when_a_goal_changes(world, outcomes,  # noqa: F811
                                                                    api_for, client_for):
    """The API's sheet is kept as the figures are (``dashboards.outcomes.kept_form``), and
    made again as soon as a goal it counts changes."""
    client, user, query = api_for("la_commissioner"), world.users["la_commissioner"], {"year": YEAR}
    before = _api_rows(client, query)
    assert _api_rows(client, query) == before  # kept
    outcome = GoalOutcome.objects.filter(academic_year=YEAR, pfa_area="employment",
                                         rating="not_met", learner__local_authority=world.la)[0]
    services.outcome_change(outcome=outcome, by=user, rating="fully_met")
    after = _api_rows(client, query)
    assert after != before
    assert after == _dashboard_rows(client_for, user, query)


def test_the_json_names_each_figure_by_its_column(world, outcomes, api_for):  # noqa: F811
    body = api_for("la_commissioner").get(URL, {"year": YEAR, "limit": 500}).json()
    assert body["next"] is None and "Learners" in body["columns"]
    assert set(body) == {"columns", "results", "next"}  # the CSV's own rows stay out
    by_area = [r for r in body["results"] if r["group"] == "Employment"]
    assert by_area and by_area[0]["values"]["Learners"] == 10
    assert not any("SHIRE-L" in str(r) for r in body["results"])  # never a learner's reference


def test_a_token_without_the_outcomes_scope_or_a_filter_it_does_not_take_is_refused(
        world, outcomes, api_for):  # noqa: F811
    assert api_for("la_commissioner", scopes=[Scope.QUALITY]).get(URL).status_code == 403
    bad = api_for("la_commissioner").get(URL, {"updated_since": "2026-01-01T00:00:00Z"})
    assert bad.status_code == 400 and bad.json()["parameter"] == "updated_since"
