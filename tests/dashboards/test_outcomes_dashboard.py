"""The outcomes dashboard and its exports: exact figures for the learners' own LA; figures
under five learners hidden from a provider and a partnership on the page and in the CSV and
XLSX alike; another LA's learners never counted; filters applied, bad values ignored; the
same queries at 5 and 50 providers with outcomes."""
import csv
import io
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from dashboards.charts import WIDTH, ShareBar, share_bars
from outcomes.aggregates import FEWER_THAN
from outcomes.models import Learner
from tests.list_data import many_providers
from tests.outcomes import test_aggregates as known_data
from tests.outcomes.test_aggregates import BEFORE, YEAR, _outcome

pytestmark = pytest.mark.django_db

URL = "/dashboard/outcomes/"
CSV = "/dashboard/outcomes.csv"
XLSX = "/dashboard/outcomes.xlsx"


@pytest.fixture
def outcomes(world, outcome_scheme):
    """The outcomes aggregates' known data (``tests/outcomes/test_aggregates.py``): ten of
    Shire Council's learners at Riverside College, and one of Far Council's."""
    by = world.users["la_commissioner"]
    learners = {n: Learner.objects.create(local_authority=world.la, reference=ref,
                                          year_of_birth=yob, primary_need=need)
                for n, (ref, yob, need) in enumerate(known_data.LEARNERS, start=1)}
    for year, area, ratings in [(YEAR, "employment", known_data.EMPLOYMENT),
                                (BEFORE, "employment", known_data.EMPLOYMENT_BEFORE),
                                (YEAR, "health", known_data.HEALTH)]:
        for n, rating in ratings.items():
            _outcome(learners[n], world.provider, year, area, rating, by)
    far = Learner.objects.create(local_authority=world.other_la, reference="FAR-0001",
                                 year_of_birth=2008, primary_need="HI")
    _outcome(far, world.provider, YEAR, "employment", "not_met",
             world.users["other_la_commissioner"])
    return learners


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def table(response, key) -> str:
    """The text of one section's table."""
    html = response.content.decode()
    start = html.index(f'id="outcomes-{key}-caption"')
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start:html.index("</table>", start)]))


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_an_la_commissioner_sees_exact_shares(world, outcomes, client_for):
    response = client_for(world.users["la_commissioner"]).get(URL)
    assert response.status_code == 200
    by_area = table(response, "area")
    # Employment in 2025/26: 10 learners, 10 goals, 20% not met, 30% partially, 50% fully.
    assert "Employment 10 10 20% 30% 50%" in by_area
    assert "Health 3 3 33% 0% 67%" in by_area
    assert FEWER_THAN not in text(response)
    assert "suppression-note" not in response.content.decode()
    assert "Shire Council’s own learners" in text(response)
    # Distance travelled, 2024/25 to 2025/26: 2 improved, 2 the same, 1 worse.
    assert "Employment 2 2 1" in table(response, "travel")
    assert "2024/25 5 5 40% 20% 40%" in table(response, "year")
    assert 'role="img"' in response.content.decode()


def test_an_la_commissioners_csv_and_xlsx_hold_the_same_figures(world, outcomes, client_for):
    client = client_for(world.users["la_commissioner"])
    rows = csv_rows(client.get(CSV))
    assert rows[0][:7] == ["Section", "Group", "Learners", "Goals", "Not met (share of goals)",
                           "Partially met (share of goals)", "Fully met (share of goals)"]
    employment = next(r for r in rows if r[0].startswith("Goals by Preparing")
                      and r[1] == "Employment")
    assert employment[2:7] == ["10", "10", "20%", "30%", "50%"]
    travel = next(r for r in rows if r[0].startswith("Distance") and r[1] == "Employment")
    assert travel[7:10] == ["2", "2", "1"]
    sheet = xlsx_rows(client.get(XLSX))
    employment = next(r for r in sheet if r[0].startswith("Goals by Preparing")
                      and r[1] == "Employment")
    assert employment[2:7] == [10, 10, "20%", "30%", "50%"]


@pytest.mark.parametrize("role", ["provider_lead", "partnership_officer"])
def test_small_numbers_are_hidden_from_providers_and_partnerships(world, outcomes, client_for,
                                                                  role):
    client = client_for(world.users[role])
    response = client.get(URL)
    assert response.status_code == 200
    assert "suppression-note" in response.content.decode()
    by_area = table(response, "area")
    # Health (3 learners) is withheld, and so is Employment (11): the year's total is shown.
    assert f"Employment {FEWER_THAN} {FEWER_THAN} {FEWER_THAN} {FEWER_THAN} {FEWER_THAN}" \
        in by_area
    assert f"Health {FEWER_THAN} {FEWER_THAN} {FEWER_THAN} {FEWER_THAN} {FEWER_THAN}" in by_area
    # Nowhere on the page, charts included: 3 of 11 is 27%, 1 of 3 is 33%.
    page = response.content.decode()
    assert "27%" not in page and "33%" not in page and "67%" not in page
    assert f"Employment {FEWER_THAN} {FEWER_THAN} {FEWER_THAN}" in table(response, "travel")
    # The exports hold exactly what the page shows, never a hidden figure.
    for rows in (csv_rows(client.get(CSV)), xlsx_rows(client.get(XLSX))):
        employment = next(r for r in rows if str(r[0]).startswith("Goals by Preparing")
                          and r[1] == "Employment")
        assert employment[2:7] == [FEWER_THAN] * 5
        health = next(r for r in rows if str(r[0]).startswith("Goals by Preparing")
                      and r[1] == "Health")
        assert health[2:7] == [FEWER_THAN] * 5
        travel = next(r for r in rows if str(r[0]).startswith("Distance")
                      and r[1] == "Employment")
        assert travel[7:10] == [FEWER_THAN] * 3
        flat = " ".join(str(v) for r in rows for v in r)
        assert "27%" not in flat and "33%" not in flat


def test_another_las_learners_are_never_counted(world, outcomes, client_for):
    response = client_for(world.users["la_commissioner"]).get(URL)
    assert Learner.Need.HI.label not in table(response, "need")
    assert "Employment 10 10" in table(response, "area")
    far = client_for(world.users["other_la_commissioner"]).get(URL)
    assert "Employment 1 1 100% 0% 0%" in table(far, "area")
    assert "Health" not in table(far, "area")


def test_filters_narrow_every_section(world, outcomes, client_for):
    client = client_for(world.users["la_commissioner"])
    sld = client.get(URL, {"need": "SLD"})
    assert "Employment 4 4 50% 50% 0%" in table(sld, "area")
    assert "Health" not in table(sld, "area")
    assert "filtered by primary need: Severe learning difficulty" in text(sld)
    assert 'value="SLD" selected' in sld.content.decode()
    under_16 = client.get(URL, {"age_band": "under_16"})
    assert "Employment 4 4 0% 0% 100%" in table(under_16, "area")
    assert "Health 3 3 33% 0% 67%" in table(under_16, "area")
    rows = csv_rows(client.get(CSV, {"need": "SLD"}))
    employment = next(r for r in rows if r[0].startswith("Goals by Preparing")
                      and r[1] == "Employment")
    assert employment[2:7] == ["4", "4", "50%", "50%", "0%"]
    assert "primary need: Severe learning difficulty" in employment[-1]


@pytest.mark.parametrize("params", [
    {"year": "\x00"}, {"provider": "99999999999999999999"}, {"need": "<script>"},
    {"age_band": "x"}, {"area": "nowhere"}, {"year": "1999/00", "provider": "abc"}])
def test_bad_filter_values_are_ignored(world, outcomes, client_for, params):
    client = client_for(world.users["la_commissioner"])
    response = client.get(URL, params)
    if "\x00" in params.get("year", ""):
        # The site answers any NUL in the address with a 400 before any view runs.
        assert response.status_code == 400
        return
    assert response.status_code == 200
    assert "Employment 10 10 20% 30% 50%" in table(response, "area")
    assert client.get(CSV, params).status_code == 200


def test_someone_in_no_organisation_is_refused(world, outcomes, client_for):
    client = client_for(world.users["no_membership"])
    for url in (URL, CSV, XLSX):
        assert client.get(url).status_code == 403


def test_the_empty_state_offers_the_import_to_la_commissioners(world, outcome_scheme, client_for):
    response = client_for(world.users["la_commissioner"]).get(URL)
    assert "No outcomes have been imported yet" in text(response)
    assert 'href="/outcomes/import/"' in response.content.decode()
    lead = client_for(world.users["provider_lead"]).get(URL)
    assert "No outcomes have been imported yet" in text(lead)
    assert "Import outcomes" not in text(lead)


def _outcomes_for(world, providers, n):
    """A learner of Shire Council at each provider with an employment goal."""
    by = world.users["la_commissioner"]
    for provider in providers:
        learner = Learner.objects.create(local_authority=world.la, reference=f"Q-{provider.pk}-{n}",
                                         year_of_birth=2008, primary_need="ASD")
        _outcome(learner, provider, YEAR, "employment", "fully_met", by)


@pytest.mark.parametrize("role", ["la_commissioner", "partnership_officer", "provider_lead"])
def test_the_page_asks_the_same_queries_at_5_and_50_providers(world, frameworks, outcomes,
                                                              client_for, role):
    client = client_for(world.users[role])
    _outcomes_for(world, many_providers(world, frameworks, 4, own=False), 1)

    def count() -> tuple[int, int]:
        """Queries with the figures worked out (the cache emptied) and then kept."""
        client.get(URL)
        counts = []
        for clear in (True, False):
            if clear:
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(URL).status_code == 200
            counts.append(len(queries))
        return tuple(counts)

    few = count()
    _outcomes_for(world, many_providers(world, frameworks, 45, first=6, own=False), 2)
    assert count() == few, few
    assert few[1] < few[0]


def profile_outcomes(response) -> str:
    return table(response, "profile")


def test_the_provider_profile_shows_outcomes_beside_quality(world, outcomes, client_for):
    url = f"/dashboard/providers/{world.provider.slug}/"
    la = client_for(world.users["la_commissioner"]).get(url)
    assert 'id="outcomes"' in la.content.decode()
    assert "Employment 10 10 20% 30% 50%" in profile_outcomes(la)
    assert f"?year=2025/26&amp;provider={world.provider.pk}" in la.content.decode().replace(
        "%2F", "/")
    lead = client_for(world.users["provider_lead"]).get(url)
    # Where small numbers are withheld: the provider's row of "by provider", the figure the
    # dashboard shows such a reader, never its areas (a filter the reader is not offered).
    shown = profile_outcomes(lead)
    assert f"Riverside College 11 14 {FEWER_THAN} {FEWER_THAN} 50%" in shown
    assert "Employment" not in shown and "33%" not in shown
    assert f"provider={world.provider.pk}" not in lead.content.decode()


def test_the_profile_shows_a_goal_added_since_at_the_next_view(world, outcomes, client_for):
    """The profile's outcomes are kept for the reader as the dashboard's figures are: a goal
    saved since the last view shows at once."""
    client = client_for(world.users["la_commissioner"])
    url = f"/dashboard/providers/{world.provider.slug}/"
    assert "Employment 10 10 20% 30% 50%" in profile_outcomes(client.get(url))
    _outcomes_for(world, [world.provider], 1)
    assert "Employment 11 11 18% 27% 55%" in profile_outcomes(client.get(url))


def test_a_provider_without_outcomes_says_so(world, outcome_scheme, client_for):
    response = client_for(world.users["la_commissioner"]).get(
        f"/dashboard/providers/{world.provider.slug}/")
    assert "No outcomes." in text(response)


def test_the_profile_asks_the_same_queries_with_outcomes_at_5_and_50_providers(
        world, frameworks, outcomes, client_for):
    client = client_for(world.users["partnership_officer"])
    url = f"/dashboard/providers/{world.provider.slug}/"
    _outcomes_for(world, many_providers(world, frameworks, 4, own=False), 1)

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    _outcomes_for(world, many_providers(world, frameworks, 45, first=6, own=False), 2)
    assert count() == few, few


def test_a_hidden_share_draws_no_segment_and_moves_none_shown():
    chart = share_bars(
        chart_id="c", title="Goals", description="Shares.", hidden_text=FEWER_THAN,
        series=["Not met", "Partially met", "Fully met"],
        bars=[ShareBar("Employment", [27.3, 27.3, 45.5], [FEWER_THAN, FEWER_THAN, "45%"],
                       [True, True, False]),
              ShareBar("Health", [33.3, 0.0, 66.7], [FEWER_THAN] * 3, [True] * 3),
              ShareBar("Travel", [20.0, 30.0, 50.0], ["20%", "30%", "50%"], [False] * 3)])
    employment, health, travel = chart.bars
    # The shown segment starts where the bar starts, as wide as its own share.
    assert [(s.x, s.width, s.text) for s in employment.segments] == [
        (0, round(WIDTH * 0.455), "45%")]
    assert "fewer" not in " ".join(s.name for s in employment.segments)
    assert health.empty and health.empty_text == FEWER_THAN and not health.segments
    assert [s.text for s in travel.segments] == ["20%", "30%", "50%"]
    assert sum(s.width for s in travel.segments) == WIDTH


def test_each_provider_row_links_to_its_profile_where_the_reader_may_open_it(world, outcomes,
                                                                               client_for):
    profile = f"/dashboard/providers/{world.provider.slug}/"
    client = client_for(world.users["la_commissioner"])
    html = client.get(URL).content.decode()
    start = html.index('id="outcomes-provider-caption"')
    assert f'href="{profile}">{world.provider.name}</a>' in html[start:html.index("</table>",
                                                                                   start)]
    assert client.get(profile).status_code == 200
    # Far Council counts its learner at Riverside but does not commission it: a name, no link.
    far = client_for(world.users["other_la_commissioner"])
    far_html = far.get(URL).content.decode()
    assert world.provider.name in table(far.get(URL), "provider")
    assert profile not in far_html
    assert far.get(profile).status_code == 404


def test_the_provider_table_shows_25_a_page_and_the_exports_every_one(world, frameworks,
                                                                      outcomes, client_for):
    _outcomes_for(world, many_providers(world, frameworks, 30, own=False), 1)
    client = client_for(world.users["la_commissioner"])
    first = table(client.get(URL), "provider")
    assert "(1 to 25 of 31)" in first and "Provider 001" in first and "Riverside" not in first
    second = client.get(URL, {"page": 2, "year": YEAR})
    assert "(26 to 31 of 31)" in table(second, "provider")
    assert "Riverside College" in table(second, "provider")
    html = second.content.decode()
    assert 'href="?year=2025%2F26&amp;page=1"' in html
    # The other sections are whole on every page, and the CSV holds every provider.
    assert "Employment 40 40" in table(second, "area")  # 10 of Shire's own and 30 more
    rows = [r for r in csv_rows(client.get(CSV)) if r[0].startswith("Goals by provider")]
    assert len(rows) == 31


def _goals_by_group(rows, section_start: str) -> dict:
    return {r[1]: r[3] for r in rows if str(r[0]).startswith(section_start)}


@pytest.mark.parametrize("query", ["", "&need=SLD", "&need=HI", "&area=employment",
                                   "&area=health", "&age_band=16_to_18"])
def test_no_withheld_row_is_the_total_less_the_rows_shown_in_any_filter(world, outcomes,
                                                                       client_for, query):
    """The issue's subtraction, in the CSV a provider lead downloads, at each filter: the
    year's goals (the table by year) less the goals of every row shown never leaves exactly
    one row withheld, in any table of the year."""
    rows = csv_rows(client_for(world.users["provider_lead"]).get(
        f"{CSV}?year={YEAR}{query}"))
    total = _goals_by_group(rows, "Goals by academic year").get(YEAR)
    for section in ("Goals by Preparing", "Goals by provider", "Goals by age band",
                    "Goals by primary need"):
        goals = _goals_by_group(rows, section)
        withheld = [group for group, value in goals.items() if value == FEWER_THAN]
        if total not in (None, FEWER_THAN) and "age_band" not in query:  # by year: every age
            assert len(withheld) != 1, (section, goals, total)


@pytest.mark.parametrize("role", ["provider_lead", "partnership_officer"])
def test_where_small_numbers_are_withheld_the_figures_are_chosen_by_year_only(
        world, outcomes, client_for, role):
    """A need within a provider, an area within an age band: every filter would publish more
    figures to work a withheld one out from. Such a reader is offered the year alone, and a
    filter put in the address is ignored, on the page and in both exports."""
    client = client_for(world.users[role])
    plain = client.get(URL, {"year": YEAR})
    page = plain.content.decode()
    assert 'name="year"' in page
    assert not any(f'name="{name}"' in page for name in ("provider", "need", "age_band", "area"))
    assert "chosen by year only" in text(plain)
    narrowed = client.get(URL, {"year": YEAR, "need": "SLD", "area": "employment"})
    assert "filtered by" not in text(narrowed)
    for section in ("area", "need", "provider", "travel"):
        assert table(narrowed, section) == table(plain, section)
    assert csv_rows(client.get(CSV, {"year": YEAR, "need": "SLD"})) == csv_rows(
        client.get(CSV, {"year": YEAR}))


def test_a_figure_outside_those_published_is_withheld_whatever_it_counts():
    from outcomes.suppression import NOTHING_HIDDEN, Protection, main_key, travel_key
    protection = Protection(hidden=frozenset())
    assert not protection.hides(main_key(YEAR, area="employment", rating="fully_met"))
    assert not protection.hides(main_key(YEAR, provider=1))
    assert protection.hides(main_key(YEAR, provider=1, need="SLD"))
    assert protection.hides(main_key(YEAR, band="under_16", area="health"))
    assert protection.hides(travel_key(YEAR, area="health", direction="same", need="SLD"))
    assert not protection.hides(travel_key(YEAR, area="health", direction="same"))
    assert not NOTHING_HIDDEN.hides(main_key(YEAR, provider=1, need="SLD"))


def test_shares_on_the_page_round_half_up_and_add_up_to_100(world, outcomes, client_for):
    """40 independent-living goals, 13 / 13 / 14: 32.5 %, 32.5 %, 35 %. Rounded half to even
    they showed 32 %, 32 %, 35 % (99 in all); by largest remainder, one half goes up."""
    by = world.users["la_commissioner"]
    for n, rating in enumerate(["not_met"] * 13 + ["partially_met"] * 13 + ["fully_met"] * 14):
        learner = Learner.objects.create(local_authority=world.la, reference=f"IL-{n:04d}",
                                         year_of_birth=2008, primary_need="ASD")
        _outcome(learner, world.provider, YEAR, "independent_living", rating, by)
    client = client_for(by)
    assert "Independent Living 40 40 33% 32% 35%" in table(client.get(URL, {"year": YEAR}), "area")
    row = next(r for r in csv_rows(client.get(CSV, {"year": YEAR}))
               if r[0].startswith("Goals by Preparing") and r[1] == "Independent Living")
    assert row[4:7] == ["33%", "32%", "35%"]


@pytest.mark.parametrize("role, pages", [
    ("la_commissioner", ["Learners", "Choose which providers see learner rows",
                         "Accept or refuse progress from providers", "Area indicators",
                         "Make an inspection pack"]),
    ("provider_lead", ["Learners your local authorities share with you",
                       "Send your learners’ progress"]),
    ("provider_staff", ["Learners your local authorities share with you",
                        "Send your learners’ progress"]),
    ("partnership_officer", []),
])
def test_the_dashboard_links_the_outcomes_pages_each_person_may_use(world, outcome_scheme,
                                                                    client_for, role, pages):
    html = client_for(world.users[role]).get(URL).content.decode()
    start = html.find('id="outcome-pages"')
    links = re.findall(r'<a class="govuk-link" href="[^"]+">([^<]+)</a>',
                       html[start:html.find("</ul>", start)]) if start >= 0 else []
    assert links == pages
