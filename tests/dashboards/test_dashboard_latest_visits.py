"""The provider dashboard opens on each provider's latest QA visit, whatever its year, and says
so, on a fixed clock (6 December 2026, early in 2026/27): Riverside judged Red for Learner
Safety in June 2026 (2025/26) with a visit planned for next week, Hilltop (commissioned by the
LA too here) judged all Green in October 2026 (2026/27). A chosen year still shows only that
year's visits. The heatmap, the Red/Amber filter and the CSV/XLSX follow the same default."""
import csv
import datetime
import io
import zoneinfo

import pytest
import time_machine
from openpyxl import load_workbook

from tests.dashboards.test_provider_dashboard import URL, judged_visit, text
from tests.factories import CommissioningFactory
from tests.list_data import visit
from visits.models import Visit

LONDON = zoneinfo.ZoneInfo("Europe/London")
RED_SAFETY = "Question 1, Learner Safety: Red"


@pytest.fixture(autouse=True)
def december_2026():
    with time_machine.travel(datetime.datetime(2026, 12, 6, 12, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def visits(world, frameworks):
    CommissioningFactory(commissioner=world.la, provider=world.other_provider)
    june = judged_visit(world, frameworks, world.provider, ["red", "amber", "green", "green"])
    Visit.objects.filter(pk=june.pk).update(visited_on=datetime.date(2026, 6, 18))
    # Older, and one to come: neither is Riverside's latest judged visit.
    old = judged_visit(world, frameworks, world.provider, ["green"] * 4, period="2024/25")
    Visit.objects.filter(pk=old.pk).update(visited_on=datetime.date(2025, 3, 4))
    visit(world, frameworks, world.provider, state="shared_with_provider",
          day=datetime.date(2026, 12, 12), period="2026/27")
    october = judged_visit(world, frameworks, world.other_provider, ["green"] * 4,
                           period="2026/27")
    Visit.objects.filter(pk=october.pk).update(visited_on=datetime.date(2026, 10, 8))
    return june, october


def row_of(page: str, provider: str) -> str:
    start = page.index(f" {provider} ", page.index("Provider Status"))
    return page[start:start + 700]


def test_by_default_each_providers_latest_judged_visit_is_shown_with_its_date_and_year(
        visits, world, client_for):
    page = text(client_for(world.users["la_commissioner"]).get(URL))
    assert ("Showing each provider’s latest QA visit, whatever its academic year, with its date "
            "and year") in page
    assert "Latest QA visit" in page
    riverside = row_of(page, "Riverside College")
    assert "18 Jun 2026" in riverside and "(2025/26)" in riverside
    assert RED_SAFETY in riverside
    hilltop = row_of(page, "Hilltop AP")
    assert "8 Oct 2026" in hilltop and "(2026/27)" in hilltop
    assert "Question 1, Learner Safety: Green" in hilltop


def test_a_chosen_year_shows_only_that_years_visits_and_says_so(visits, world, client_for):
    page = text(client_for(world.users["la_commissioner"]).get(URL, {"year": "2026/27"}))
    assert "Showing 2026/27: QA visits in 2026/27" in page
    assert "QA visit in 2026/27" in page
    assert RED_SAFETY not in page
    assert "12 Dec 2026" in row_of(page, "Riverside College")  # the visit still to come


def test_the_red_or_amber_filter_looks_at_the_latest_visit_by_default(visits, world,
                                                                      client_for):
    client = client_for(world.users["la_commissioner"])
    page = text(client.get(URL, {"red_amber": "1"}))
    assert "Riverside College" in page and "Hilltop AP" not in page
    assert "Hilltop AP" not in text(client.get(URL, {"red_amber": "1", "year": "2026/27"}))


def test_the_heatmap_opens_on_the_latest_visits_too(visits, world, client_for):
    page = text(client_for(world.users["la_commissioner"]).get("/dashboard/visits/"))
    assert "Learner Safety: Red, Riverside College" in page
    assert "Learner Safety: Green, Hilltop AP" in page


def test_the_exports_follow_the_same_default(visits, world, client_for):
    client = client_for(world.users["la_commissioner"])
    response = client.get("/dashboard/providers.csv")
    assert "latest-visits-2026-27.csv" in response["Content-Disposition"]
    rows = {r["Provider"]: r for r in csv.DictReader(
        io.StringIO(response.content.decode("utf-8-sig")))}
    assert rows["Riverside College"]["Latest QA visit"] == "2026-06-18"
    assert rows["Riverside College"]["QA visit: academic year"] == "2025/26"
    assert rows["Riverside College"]["Question 1: Learner Safety"] == "Red"
    assert rows["Hilltop AP"]["QA visit: academic year"] == "2026/27"
    sheet = load_workbook(io.BytesIO(client.get("/dashboard/providers.xlsx").content)).active
    header = [cell.value for cell in sheet[1]]
    assert "Latest QA visit" in header and "QA visit: academic year" in header


def test_a_withdrawn_visit_is_never_the_latest(world, frameworks, client_for):
    june = judged_visit(world, frameworks, world.provider, ["red", "amber", "green", "green"])
    Visit.objects.filter(pk=june.pk).update(visited_on=datetime.date(2026, 6, 18))
    withdrawn = judged_visit(world, frameworks, world.provider, ["green"] * 4, period="2026/27")
    Visit.objects.filter(pk=withdrawn.pk).update(
        state="withdrawn", visited_on=datetime.date(2026, 11, 1))
    page = text(client_for(world.users["la_commissioner"]).get(URL))
    assert RED_SAFETY in row_of(page, "Riverside College")
