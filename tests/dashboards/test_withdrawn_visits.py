"""A QA visit withdrawn after its judgements were shared with the provider counts nowhere: not
in the commissioner's provider table (its judgement columns, its Red/Amber filter, its exports),
not in the visit heatmap, not in the trends, and not on the provider's profile, where the visit
is still listed as withdrawn. The visit is made and withdrawn through the services, so its
history shows it was shared and its commissioners still see the record itself."""
import csv
import io

import pytest

from tests.dashboards.test_provider_dashboard import URL, text
from tests.visits.helpers import judgements_shared_visit
from visits import services as visit_services

YEAR = "2025/26"  # the year of the helpers' visit date, 12 March 2026
RED_SAFETY = "Question 1, Learner Safety: Red"


@pytest.fixture
def withdrawn(world, frameworks):
    """Riverside's 2025/26 visit, Learner Safety judged Red and shared with the provider, then
    withdrawn."""
    visit = judgements_shared_visit(world, frameworks, judgements={"1": "red"})
    return visit_services.visit_withdraw(visit=visit, by=world.users["partnership_officer"],
                                         reason="The placement ended before the visit closed.")


def row_of(page: str, provider: str) -> str:
    start = page.index(f" {provider} ", page.index("Provider Status"))
    return page[start:start + 700]


@pytest.mark.parametrize("role", ["la_commissioner", "partnership_officer"])
def test_a_visit_withdrawn_after_sharing_does_not_count_in_the_chosen_years_table(
        withdrawn, world, client_for, role):
    client = client_for(world.users[role])
    assert client.get(f"/visits/{withdrawn.pk}/").status_code == 200  # its record stays seen
    page = text(client.get(URL, {"year": YEAR}))
    assert "Riverside College" in page
    assert RED_SAFETY not in row_of(page, "Riverside College")
    assert "Riverside College" not in text(client.get(URL, {"year": YEAR, "red_amber": "1"}))


def test_a_visit_withdrawn_after_sharing_is_in_no_export_of_the_table(withdrawn, world,
                                                                      client_for):
    response = client_for(world.users["la_commissioner"]).get(
        "/dashboard/providers.csv", {"year": YEAR})
    rows = {r["Provider"]: r for r in csv.DictReader(
        io.StringIO(response.content.decode("utf-8-sig")))}
    assert rows["Riverside College"]["Question 1: Learner Safety"] == ""


def test_a_visit_withdrawn_after_sharing_is_not_on_the_heatmap(withdrawn, world, client_for):
    page = text(client_for(world.users["la_commissioner"]).get("/dashboard/visits/",
                                                               {"year": YEAR}))
    assert "Learner Safety: Red, Riverside College" not in page


def test_a_visit_withdrawn_after_sharing_is_not_counted_in_the_trends(withdrawn, world,
                                                                      client_for):
    page = text(client_for(world.users["la_commissioner"]).get("/dashboard/trends/"))
    assert "No visit judged on this question" in page


def test_the_profile_lists_a_withdrawn_visit_without_its_judgements(withdrawn, world,
                                                                   client_for):
    page = text(client_for(world.users["la_commissioner"]).get(
        f"/dashboard/providers/{world.provider.slug}/"))
    visits = page[page.index("QA visits to Riverside College"):]
    assert "Withdrawn" in visits
    assert "Learner Safety: Red" not in visits
