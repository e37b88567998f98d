"""Soft outcomes counted, on known data: each learner's ratings in a dimension taken together
(above the scale's middle better, below it worse), the share of learners rated each way equal
to a hand count for the learners' own LA, and small numbers withheld — with whatever would
give them away — from a provider's and a partnership's people on the dashboard, its CSV and
XLSX and the provider profile alike."""
import pytest

from outcomes import aggregates
from outcomes.aggregates import FEWER_THAN, Filters
from outcomes.models import GoalOutcome, Learner
from outcomes.scheme import current_scheme
from outcomes.suppression import soft_key
from tests.dashboards.test_outcomes_dashboard import CSV, URL, XLSX, csv_rows, table, xlsx_rows
from tests.outcomes.test_aggregates import YEAR, _outcome

pytestmark = pytest.mark.django_db

# Confidence and motivation on the scale 1 (much worse) to 5 (much better), 3 the middle, per
# learner's goals in 2025/26. By hand: rated 10; better 6 (1-6), about the same 3 (7, 8, and
# 10 whose 5 and 1 cancel out), worse 1 (9): 60%, 30%, 10%.
CONFIDENCE = {1: ["4"], 2: ["5"], 3: ["4", "4"], 4: ["5", "3"], 5: ["4"], 6: ["4"],
              7: ["3"], 8: ["3", "3"], 9: ["2"], 10: ["5", "1"]}
# Feelings: five learners about the same (100%), none better or worse.
FEELINGS = {1: "3", 2: "3", 3: "3", 4: "3", 5: "3"}


@pytest.fixture
def soft(world, outcome_scheme):
    by = world.users["la_commissioner"]
    for n, ratings in CONFIDENCE.items():
        learner = Learner.objects.create(local_authority=world.la, reference=f"SOFT-{n:02d}",
                                         year_of_birth=2008, primary_need="ASD")
        for g, rating in enumerate(ratings):
            outcome = _outcome(learner, world.provider, YEAR, "employment", "fully_met", by,
                               goal=f"Goal {g + 1}")
            outcome.soft = {"confidence_motivation": rating}
            if g == 0 and n in FEELINGS:
                outcome.soft["feelings"] = FEELINGS[n]
            outcome.save()
    # Another LA's learner at the same provider, much better: never in Shire's figures.
    far = Learner.objects.create(local_authority=world.other_la, reference="FAR-0009",
                                 year_of_birth=2008, primary_need="HI")
    far_goal = _outcome(far, world.provider, YEAR, "employment", "fully_met",
                        world.users["other_la_commissioner"])
    far_goal.soft = {"confidence_motivation": "5"}
    far_goal.save()


def _rows(user, **filters):
    return {row.key: row for row in aggregates.soft_outcomes(
        user, current_scheme(), Filters(year=YEAR, **filters), suppress=False)}


def test_the_la_sees_each_dimensions_learners_by_direction_as_counted_by_hand(world, soft):
    rows = _rows(world.users["la_commissioner"])
    confidence = rows["confidence_motivation"]
    assert confidence.learners == 10
    assert [c.learners for c in confidence.cells] == [6, 3, 1]
    assert [c.shown for c in confidence.cells] == ["60%", "30%", "10%"]
    assert [c.shown for c in rows["feelings"].cells] == ["0%", "100%", "0%"]
    assert rows["feelings"].learners == 5
    # A dimension nobody was rated in is no row (as a table lists only groups with goals).
    assert list(rows) == ["confidence_motivation", "feelings"]


def test_the_provider_counts_every_las_learners_there(world, soft):
    """An admin's figures at the provider: Far Council's learner joins the better ones."""
    rows = _rows(world.users["admin"], provider_id=world.provider.pk)
    assert [c.learners for c in rows["confidence_motivation"].cells] == [7, 3, 1]


def test_a_change_of_rating_moves_the_learner(world, soft):
    """Learner 9 rated about the same on a second look: worse 0, the same 4."""
    outcome = GoalOutcome.objects.get(learner__reference="SOFT-09")
    outcome.soft = {"confidence_motivation": "3"}
    outcome.save()
    rows = _rows(world.users["la_commissioner"])
    assert [c.learners for c in rows["confidence_motivation"].cells] == [6, 4, 0]


def test_the_las_page_and_exports_show_the_hand_counted_shares(world, soft, client_for):
    client = client_for(world.users["la_commissioner"])
    response = client.get(URL + "?year=2025/26")
    assert "Confidence and motivation changes 10 60% 30% 10%" in table(response, "soft")
    assert "chart-outcomes-soft-title" in response.content.decode()
    for rows in (csv_rows(client.get(CSV)), xlsx_rows(client.get(XLSX))):
        header = rows[0]
        confidence = next(r for r in rows if str(r[0]).startswith("Soft outcomes")
                          and r[1] == "Confidence and motivation changes")
        better = header.index("Better (share of learners rated)")
        assert [int(confidence[2]), *confidence[better:better + 3]] == [10, "60%", "30%", "10%"]


@pytest.mark.parametrize("role", ["provider_lead", "partnership_officer"])
def test_small_numbers_are_withheld_everywhere_with_what_would_give_them_away(
        world, soft, client_for, role):
    user = world.users[role]
    protection = aggregates.protection_for(user, current_scheme())
    # Worse counts one learner: withheld, and so is a second figure of the dimension, so
    # that the learners rated less the others shown does not give it.
    worse = soft_key(YEAR, dimension="confidence_motivation", direction="worse")
    assert protection.hides(worse)
    directions = [soft_key(YEAR, dimension="confidence_motivation", direction=d)
                  for d in ("improved", "same")]
    total = soft_key(YEAR, dimension="confidence_motivation")
    assert protection.hides(total) or any(protection.hides(k) for k in directions)
    client = client_for(user)
    response = client.get(URL)
    shown = table(response, "soft")
    assert "10%" not in response.content.decode()
    assert shown.count(FEWER_THAN) >= 2
    for rows in (csv_rows(client.get(CSV)), xlsx_rows(client.get(XLSX))):
        flat = " ".join(str(v) for r in rows for v in r)
        assert "10%" not in flat
        confidence = next(r for r in rows if str(r[0]).startswith("Soft outcomes")
                          and r[1] == "Confidence and motivation changes")
        assert list(map(str, confidence)).count(FEWER_THAN) >= 2
    profile = client.get(f"/dashboard/providers/{world.provider.slug}/").content.decode()
    assert "Soft outcomes, 2025/26" in profile and "10%" not in profile


def test_the_profile_shows_the_providers_soft_outcomes(world, soft, client_for):
    page = client_for(world.users["la_commissioner"]).get(
        f"/dashboard/providers/{world.provider.slug}/")
    assert "Confidence and motivation changes 10 60% 30% 10%" in table(page, "profile-soft")


def test_a_scale_with_no_middle_is_refused():
    from frameworks.loader import FrameworkFileError
    from outcomes.scheme import directory, parse
    text = (directory() / "outcomes-1.yaml").read_text().replace(
        '    - code: "5"\n      label: Much better\n', "")
    with pytest.raises(FrameworkFileError, match="odd number"):
        parse(text, "outcomes-even.yaml")
