"""Secondary suppression: no withheld figure can be worked out from the figures shown, by any
sum or difference, within a table, across tables, years and filters. Hypothesis makes small
groups of learners (where small numbers abound) and an exact linear attacker
(``tests/outcomes/attack.py``) tries every figure a page, chart or export can show."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outcomes.suppression import Goal, LearnerGoals, Rules, main_key, protect

from .attack import recovered

YEARS = ("2024/25", "2025/26")
PROVIDERS = (1, 2)
NEEDS = ("ASD", "SEMH")
AREAS = ("employment", "community", "independent", "health")
RATINGS = ("not_met", "partly_met", "fully_met")
BANDS = ("under_16", "16_to_18", "19_to_25", "over_25")


def band_of(born, year):
    age = int(year[:4]) - born
    return "under_16" if age <= 15 else "16_to_18" if age <= 18 else (
        "19_to_25" if age <= 25 else "over_25")


RULES = Rules(band_of=band_of,
              birth_years_for=lambda band, year: int(year[:4]) - {
                  "under_16": 15, "16_to_18": 16, "19_to_25": 19, "over_25": 26}[band],
              scores={"not_met": 0, "partly_met": 1, "fully_met": 2},
              previous_year=lambda year: f"{int(year[:4]) - 1}/{int(year[:4]) % 100:02d}",
              needs=NEEDS, bands=BANDS, areas=AREAS)
DOMAIN = (YEARS, PROVIDERS, NEEDS, BANDS, AREAS, RATINGS)

goal_in_year = st.tuples(st.sampled_from(AREAS), st.sampled_from(RATINGS))


@st.composite
def learners(draw):
    """Up to 14 learners, each at one provider a year, with 1 to 3 goals in one or both."""
    out = []
    for lid in range(1, draw(st.integers(min_value=1, max_value=14)) + 1):
        goals = []
        for year in draw(st.sampled_from([YEARS[:1], YEARS[1:], YEARS])):
            provider = draw(st.sampled_from(PROVIDERS))
            for area, rating in draw(st.lists(goal_in_year, min_size=1, max_size=3)):
                goals.append(Goal(year, provider, area, rating))
        out.append(LearnerGoals(lid, draw(st.sampled_from(NEEDS)),
                                draw(st.sampled_from((2007, 2008, 2010))), tuple(goals)))
    return out


def _withheld_and_small(protection):
    return {k for k, (n, _) in protection.figures.items() if 0 < n < 5}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(learners())
def test_no_withheld_figure_can_be_worked_out_from_those_shown(group):
    protection = protect(group, RULES)
    assert _withheld_and_small(protection) <= protection.hidden
    assert recovered(set(protection.hidden), DOMAIN, protection.figures) == []


def test_the_issues_subtraction_no_longer_works():
    """10 goals in the year, Employment 6 (6 learners), Health 4 (4 learners): Health is
    withheld, and so is enough besides that 10 - 6 is not there to compute."""
    group = [LearnerGoals(n, "ASD", 2008, (Goal("2025/26", 1, "employment", "fully_met"),))
             for n in range(1, 7)]
    group += [LearnerGoals(n, "ASD", 2008, (Goal("2025/26", 1, "health", "fully_met"),))
              for n in range(7, 11)]
    protection = protect(group, RULES)
    assert protection.hides(main_key("2025/26", area="health"))
    assert recovered(set(protection.hidden), DOMAIN, protection.figures) == []


def test_the_attacker_finds_what_primary_suppression_alone_gives_away():
    """The same group with only the figures under five withheld (the rule before): the
    attacker works Health out, so the test can fail."""
    group = [LearnerGoals(n, "ASD", 2008, (Goal("2025/26", 1, "employment", "fully_met"),))
             for n in range(1, 7)]
    group += [LearnerGoals(n, "ASD", 2008, (Goal("2025/26", 1, "health", "fully_met"),))
              for n in range(7, 11)]
    figures = protect(group, RULES).figures
    primary_only = {k for k, (n, _) in figures.items() if 0 < n < 5}
    found = recovered(primary_only, DOMAIN, figures)
    assert (main_key("2025/26", area="health"), "goals") in found
