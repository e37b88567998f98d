"""Medium-term outcomes counted on the outcomes dashboard: per Preparing for Adulthood area, the
learners whose steps went up, stayed or went down since the year before (a learner's changes
in an area taken together), equal to a hand count; narrowed by the LA's filters; small numbers
withheld from a provider's and a partnership's people on the page and in the CSV and XLSX."""
import datetime

import pytest

from outcomes import aggregates, medium_term
from outcomes.aggregates import FEWER_THAN, Filters
from outcomes.models import Learner
from outcomes.scheme import current_scheme
from outcomes.suppression import medium_key
from tests.dashboards.test_outcomes_dashboard import CSV, URL, XLSX, csv_rows, table, xlsx_rows

pytestmark = pytest.mark.django_db

YEAR, BEFORE = "2025/26", "2024/25"
# learner: (need, [(outcome, step in 2024/25, step in 2025/26)]), all in Employment.
PLANS = {
    1: ("ASD", [("A job", "emerging", "developing")]),
    2: ("ASD", [("A job", "emerging", "developing")]),
    3: ("ASD", [("A job", "not_started", "secure")]),
    4: ("SLD", [("A job", "developing", "secure")]),
    5: ("SLD", [("A job", "secure", "achieved")]),
    6: ("SLD", [("A job", "developing", "developing")]),
    7: ("SLD", [("A job", "secure", "emerging")]),
    # Up 2 on one, down 1 on the other: up 1 taken together.
    8: ("SLD", [("A job", "emerging", "secure"), ("Travel to work", "secure", "developing")]),
    # Reviewed in 2025/26 only: not in the figures.
    9: ("SLD", [("A job", None, "secure")]),
}
# By hand, Employment 2025/26: up 1-5 and 8 (6), the same 6 (1), down 7 (1).


@pytest.fixture
def plans(world, outcome_scheme):
    by = world.users["la_commissioner"]
    for n, (need, outcomes) in PLANS.items():
        learner = Learner.objects.create(local_authority=world.la, reference=f"MT-{n:02d}",
                                         year_of_birth=2008, primary_need=need)
        for text, before, now in outcomes:
            outcome = medium_term.medium_term_add(learner=learner, pfa_area="employment",
                                                  outcome=text, target_year="2027/28", by=by)
            for year, step in ((BEFORE, before), (YEAR, now)):
                if step:
                    medium_term.step_record(
                        outcome=outcome, academic_year=year,
                        review_date=datetime.date(int(year[:4]) + 1, 3, 1),
                        provider=world.provider, step=step, by=by)


def _employment(user, **filters):
    rows = aggregates.medium_travelled(user, current_scheme(), Filters(year=YEAR, **filters),
                                       suppress=False)
    return next((r.improved, r.same, r.worse) for r in rows if r.key == "employment")


def test_the_la_sees_the_hand_count(world, plans):
    la = world.users["la_commissioner"]
    assert _employment(la) == (6, 1, 1)
    assert _employment(la, need="ASD") == (3, 0, 0)
    assert _employment(la, provider_id=world.other_provider.pk) == (0, 0, 0)
    rows = aggregates.medium_travelled(la, current_scheme(), Filters(year=YEAR), suppress=False)
    assert {r.key: r.learners for r in rows}["health"] == 0


def test_the_las_page_and_exports(world, plans, client_for):
    client = client_for(world.users["la_commissioner"])
    assert "Employment 6 1 1" in table(client.get(URL), "medium")
    for rows in (csv_rows(client.get(CSV)), xlsx_rows(client.get(XLSX))):
        row = next(r for r in rows if str(r[0]).startswith("Medium-term")
                   and r[1] == "Employment")
        header = rows[0]
        at = header.index("Learners improved")
        assert [str(v) for v in row[at:at + 3]] == ["6", "1", "1"]


@pytest.mark.parametrize("role", ["provider_lead", "partnership_officer"])
def test_small_numbers_are_withheld(world, plans, client_for, role):
    user = world.users[role]
    protection = aggregates.protection_for(user, current_scheme())
    for direction in ("same", "worse"):
        assert protection.hides(medium_key(YEAR, area="employment", direction=direction))
    client = client_for(user)
    shown = table(client.get(URL), "medium")
    assert f"Employment 6 {FEWER_THAN} {FEWER_THAN}" in shown
    for rows in (csv_rows(client.get(CSV)), xlsx_rows(client.get(XLSX))):
        row = next(r for r in rows if str(r[0]).startswith("Medium-term")
                   and r[1] == "Employment")
        assert list(map(str, row)).count(FEWER_THAN) == 2


def test_no_steps_in_both_years_is_no_table(world, outcome_scheme, client_for):
    page = client_for(world.users["la_commissioner"]).get(URL).content.decode()
    assert "outcomes-medium-caption" not in page


def test_a_provider_with_steps_and_no_goals_is_among_the_filters(world, plans):
    from dashboards.outcomes import choices_for
    choices = choices_for(world.users["la_commissioner"], current_scheme())
    assert choices.years == [YEAR, BEFORE]
    assert list(choices.providers) == [str(world.provider.pk)]
