"""Outcomes added up on known data: exact shares by area, year, provider, need and age band;
distance travelled on known pairs; small numbers hidden from providers and partnerships and
never from the learners' own LA; another LA's learners in nobody's figures but its own."""
import datetime

import pytest
from django.core.management import call_command

from outcomes import aggregates
from outcomes.aggregates import FEWER_THAN, Filters
from outcomes.models import GoalOutcome, Learner, OutcomeScheme
from outcomes.scheme import current_scheme

pytestmark = pytest.mark.django_db

YEAR, BEFORE = "2025/26", "2024/25"
# Ten learners at the world's provider, Shire Council's: (reference, year of birth, need).
LEARNERS = [(f"SHIRE-L{n:02d}", yob, need) for n, yob, need in [
    (1, 2010, "ASD"), (2, 2010, "ASD"), (3, 2010, "ASD"), (4, 2010, "ASD"),
    (5, 2008, "ASD"), (6, 2008, "ASD"), (7, 2008, "SLD"), (8, 2008, "SLD"),
    (9, 2004, "SLD"), (10, 2004, "SLD")]]
# 2025/26 employment: five fully met, three partially, two not met.
EMPLOYMENT = {1: "fully_met", 2: "fully_met", 3: "fully_met", 4: "fully_met", 5: "fully_met",
              6: "partially_met", 7: "partially_met", 8: "partially_met",
              9: "not_met", 10: "not_met"}
# 2024/25 employment for five of them: 1 and 2 improved since, 3 and 9 the same, 6 worse.
EMPLOYMENT_BEFORE = {1: "not_met", 2: "partially_met", 3: "fully_met", 6: "fully_met",
                     9: "not_met"}
# 2025/26 health for three: two fully met, one not.
HEALTH = {1: "fully_met", 2: "fully_met", 3: "not_met"}


@pytest.fixture
def scheme(db):
    if not OutcomeScheme.objects.exists():
        call_command("load_frameworks", verbosity=0)
    return current_scheme()


def _outcome(learner, provider, year, area, rating, by, goal=None):
    return GoalOutcome.objects.create(
        learner=learner, scheme_id=current_scheme().pk, academic_year=year,
        review_date=datetime.date(int(year[:4]) + 1, 3, 1), provider=provider,
        goal=goal or f"{area} goal for {learner.reference}", pfa_area=area, rating=rating,
        updated_by=by)


@pytest.fixture
def known(world, scheme):
    by = world.users["la_commissioner"]
    learners = {}
    for n, (ref, yob, need) in enumerate(LEARNERS, start=1):
        learners[n] = Learner.objects.create(local_authority=world.la, reference=ref,
                                             year_of_birth=yob, primary_need=need)
    for n, rating in EMPLOYMENT.items():
        _outcome(learners[n], world.provider, YEAR, "employment", rating, by)
    for n, rating in EMPLOYMENT_BEFORE.items():
        _outcome(learners[n], world.provider, BEFORE, "employment", rating, by)
    for n, rating in HEALTH.items():
        _outcome(learners[n], world.provider, YEAR, "health", rating, by)
    # Far Council's learner at the same provider: in the provider's figures, never Shire's.
    far = Learner.objects.create(local_authority=world.other_la, reference="FAR-0001",
                                 year_of_birth=2008, primary_need="HI")
    _outcome(far, world.provider, YEAR, "employment", "not_met",
             world.users["other_la_commissioner"])
    return learners


def _shares(row):
    return [cell.shown for cell in row.cells]


def test_the_la_sees_exact_shares_by_area(world, scheme, known):
    la = world.users["la_commissioner"]
    assert aggregates.sees_small_numbers(la)
    rows = {r.key: r for r in aggregates.by_area(la, scheme, Filters(year=YEAR), suppress=False)}
    assert set(rows) == {"employment", "health"}
    employment = rows["employment"]
    assert (employment.goals, employment.learners) == (10, 10)
    # Ratings worst first: not met, partially met, fully met.
    assert [r.code for r in scheme.ratings] == ["not_met", "partially_met", "fully_met"]
    assert _shares(employment) == ["20%", "30%", "50%"]
    assert _shares(rows["health"]) == ["33%", "0%", "67%"]
    assert rows["health"].learners_shown == "3"


def test_the_providers_lead_sees_small_numbers_hidden(world, scheme, known):
    lead = world.users["provider_lead"]
    assert not aggregates.sees_small_numbers(lead)
    rows = {r.key: r for r in aggregates.by_area(lead, scheme, Filters(year=YEAR), suppress=True)}
    employment = rows["employment"]
    # The provider counts Far Council's learner too: 11 goals, 11 learners.
    assert (employment.goals, employment.learners) == (11, 11)
    # Health (3 learners) is withheld; the year's 14 goals are shown in the table by year, so
    # Employment is withheld too, or 14 - 11 would give Health away.
    assert employment.suppressed and employment.goals_shown == FEWER_THAN
    assert _shares(employment) == [FEWER_THAN] * 3
    health = rows["health"]
    assert health.suppressed and health.learners_shown == FEWER_THAN
    assert _shares(health) == [FEWER_THAN] * 3


def test_a_partnership_sees_its_providers_figures_hidden_below_five(world, scheme, known):
    officer = world.users["partnership_officer"]
    rows = {r.key: r for r in aggregates.by_area(officer, scheme, Filters(year=YEAR),
                                                 suppress=not aggregates.sees_small_numbers(officer))}
    assert rows["employment"].learners == 11 and rows["health"].suppressed


def test_another_las_learners_are_in_nobody_elses_figures(world, scheme, known):
    far = world.users["other_la_commissioner"]
    rows = aggregates.by_area(far, scheme, Filters(year=YEAR), suppress=False)
    assert [(r.key, r.goals) for r in rows] == [("employment", 1)]
    assert aggregates.by_area(world.users["no_membership"], scheme, Filters(year=YEAR),
                              suppress=True) == []
    la = aggregates.by_need(world.users["la_commissioner"], scheme, Filters(year=YEAR),
                            suppress=False)
    assert "HI" not in {r.key for r in la}


def test_by_year_need_provider_and_age_band(world, scheme, known):
    la = world.users["la_commissioner"]
    years = aggregates.by_year(la, scheme, Filters(area="employment"), [BEFORE, YEAR],
                               suppress=False)
    assert [(r.key, r.goals, _shares(r)) for r in years] == [
        (BEFORE, 5, ["40%", "20%", "40%"]), (YEAR, 10, ["20%", "30%", "50%"])]
    needs = {r.key: r for r in aggregates.by_need(la, scheme, Filters(year=YEAR, area="employment"),
                                                  suppress=False)}
    assert (needs["ASD"].goals, _shares(needs["ASD"])) == (6, ["0%", "17%", "83%"])
    assert (needs["SLD"].goals, _shares(needs["SLD"])) == (4, ["50%", "50%", "0%"])
    providers = aggregates.by_provider(la, scheme, Filters(year=YEAR),
                                       {world.provider.pk: world.provider.name}, suppress=False)
    assert [(r.label, r.goals) for r in providers] == [(world.provider.name, 13)]
    bands = {r.key: r for r in aggregates.by_age_band(
        la, scheme, Filters(year=YEAR, area="employment"), suppress=False)}
    # In 2025/26: born 2010 -> 15 (under 16), 2008 -> 17, 2004 -> 21.
    assert {k: r.goals for k, r in bands.items()} == {"under_16": 4, "16_to_18": 4, "19_to_25": 2}
    assert _shares(bands["under_16"]) == ["0%", "0%", "100%"]
    # Filtering by need narrows every view.
    only_sld = aggregates.by_area(la, scheme, Filters(year=YEAR, need="SLD"), suppress=False)
    assert [(r.key, r.goals) for r in only_sld] == [("employment", 4)]
    under_16 = aggregates.by_area(la, scheme, Filters(year=YEAR, age_band="under_16"),
                                  suppress=False)
    assert {r.key: r.goals for r in under_16} == {"employment": 4, "health": 3}


def test_distance_travelled_on_known_pairs(world, scheme, known):
    la = world.users["la_commissioner"]
    travel = {t.key: t for t in aggregates.distance_travelled(la, scheme, Filters(year=YEAR),
                                                               suppress=False)}
    employment = travel["employment"]
    assert (employment.improved, employment.same, employment.worse) == (2, 2, 1)
    assert employment.figures == ["2", "2", "1"]
    assert travel["health"].learners == 0  # nobody had a health goal the year before
    hidden = aggregates.distance_travelled(world.users["provider_lead"], scheme,
                                           Filters(year=YEAR), suppress=True)
    assert {t.key: t.figures for t in hidden}["employment"] == [FEWER_THAN] * 3


def test_the_figures_take_the_same_queries_at_any_size(world, scheme, known,
                                                      django_assert_max_num_queries):
    la = world.users["la_commissioner"]
    aggregates.sees_small_numbers(la)  # reads the user's memberships, once per request
    with django_assert_max_num_queries(2):
        aggregates.by_area(la, scheme, Filters(year=YEAR), suppress=False)
    with django_assert_max_num_queries(len(scheme.areas)):
        aggregates.distance_travelled(la, scheme, Filters(year=YEAR), suppress=False)


def _counting_protect(monkeypatch) -> list:
    """Every time suppression is worked out (not read from the cache), a call recorded."""
    from django.core.cache import cache

    from outcomes import suppression

    cache.clear()
    calls = []

    def counted(*args, **kwargs):
        calls.append(1)
        return suppression.protect(*args, **kwargs)
    monkeypatch.setattr(aggregates, "protect", counted)
    return calls


def test_suppression_is_worked_out_once_for_everyone_counting_the_same_goals(
        world, known, scheme, monkeypatch):
    calls = _counting_protect(monkeypatch)
    lead = aggregates.protection_for(world.users["provider_lead"], scheme)
    staff = aggregates.protection_for(world.users["provider_staff"], scheme)
    again = aggregates.protection_for(world.users["provider_lead"], scheme)
    assert len(calls) == 1
    assert lead.hidden == staff.hidden == again.hidden
    assert lead.hides(aggregates.main_key(YEAR, area="health"))


def test_a_changed_goal_is_never_read_from_a_stale_suppression(world, known, scheme,
                                                               monkeypatch):
    """Health has three learners (withheld); two more health goals make it five, shown,
    as soon as they are saved."""
    calls = _counting_protect(monkeypatch)
    lead = world.users["provider_lead"]
    health = aggregates.main_key(YEAR, area="health")
    assert aggregates.protection_for(lead, scheme).hides(health)
    by = world.users["la_commissioner"]
    for n in (4, 5):
        _outcome(known[n], world.provider, YEAR, "health", "fully_met", by)
    assert not aggregates.protection_for(lead, scheme).hides(health)
    # A correction of one rating is a change too.
    GoalOutcome.objects.filter(learner=known[5], pfa_area="health").update(rating="not_met")
    corrected = aggregates.protection_for(lead, scheme)
    assert len(calls) == 3
    assert corrected.hidden == aggregates.protect(
        _learner_goals(lead), aggregates.suppression_rules(scheme)).hidden


def _learner_goals(user) -> list:
    learners = {}
    for lid, need, born, year, provider, area, rating in (
            GoalOutcome.objects.in_aggregates_for(user).order_by("pk").values_list(
                "learner_id", "learner__primary_need", "learner__year_of_birth",
                "academic_year", "provider_id", "pfa_area", "rating")):
        learners.setdefault(lid, (need, born, []))[2].append(
            aggregates.GoalFigure(year, provider, area, rating))
    return [aggregates.LearnerGoals(lid, need, born, tuple(goals))
            for lid, (need, born, goals) in learners.items()]
