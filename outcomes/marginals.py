"""The figures a learner counts in, as ``outcomes.suppression`` sees them: every marginal a
page, chart or export may show a reader whose small numbers are withheld, and the part each
learner's goals contribute to each. No database, no Django: plain values in, keys out.

Three kinds of figure, each a sum over learners:

- **main** (``main_key``): the learners and goals of one year whose provider, primary need,
  age band, Preparing for Adulthood area or rating is the fixed one;
- **distance travelled** (``travel_key``): the learners whose average goal rating in an area
  improved, stayed the same or got worse since the year before;
- **soft outcomes** (``soft_key``): the learners rated in a soft-outcome dimension in a year
  (direction None), and those whose ratings there say better, about the same or worse since
  the last review (the offsets from the scale's middle added up) — over all their goals that
  year, or their goals at one provider (the provider profile);
- **medium-term distance travelled** (``medium_key``): the learners whose steps towards their
  medium-term outcomes in an area went up, stayed or went down since the year before (their
  changes in the area added up).
"""
from dataclasses import dataclass
from functools import lru_cache

DIRECTIONS = ("improved", "same", "worse")
# What a reader whose figures are suppressed is shown: which of (provider, need, age band,
# area, rating) a figure fixes, each table of the page once, for each year, with no filter but
# the year. Every further combination (a need within a provider, an age band within an area, …)
# is a marginal more that a withheld figure must be protected against; with all 32 published,
# sparse tables left no witness but a twin and every figure, totals too, was withheld. So these
# readers choose only the year, and a figure outside these is withheld whatever it counts.
PUBLISHED = frozenset({
    (False, False, False, False, False), (False, False, False, False, True),  # the year
    (False, False, False, True, False), (False, False, False, True, True),  # by area
    (True, False, False, False, False), (True, False, False, False, True),  # by provider
    (False, True, False, False, False), (False, True, False, False, True),  # by need
    (False, False, True, False, False), (False, False, True, False, True),  # by age band
})
# Distance travelled: by area and direction, for the year (no provider, no need).
# Soft outcomes: by dimension and direction, for the year and for each provider in it.
# Medium-term distance travelled: by area and direction, for the year.


def main_key(year, *, provider=None, need=None, band=None, area=None, rating=None) -> tuple:
    """The marginal behind a row (``rating`` None: its learners and goals) or a share."""
    return (year, provider, need, band, area, rating)


def travel_key(year, *, area, direction, provider=None, need=None) -> tuple:
    """The marginal behind a distance-travelled figure (learners)."""
    return ("travel", year, provider, need, area, direction)


def soft_key(year, *, dimension, direction=None, provider=None) -> tuple:
    """The marginal behind a soft-outcome figure (learners): those rated in the dimension
    (``direction`` None) or those whose ratings there went that way."""
    return ("soft", year, provider, dimension, direction)


def medium_key(year, *, area, direction) -> tuple:
    """The marginal behind a medium-term distance-travelled figure (learners)."""
    return ("medium", year, area, direction)


@dataclass(frozen=True)
class Goal:
    year: str
    provider: int
    area: str
    rating: str
    # (soft-outcome dimension, offset from the scale's middle: below 0 worse, above better)
    soft: tuple = ()


@dataclass(frozen=True)
class LearnerGoals:
    """One learner as suppression sees them: no reference, only what figures count."""

    id: int
    need: str
    year_of_birth: int
    goals: tuple  # Goal
    # (year, area, the steps' scores that year less the year before, added up over the
    # learner's medium-term outcomes in the area reviewed in both)
    medium: tuple = ()


@dataclass(frozen=True)
class Rules:
    """What turns a learner's goals into figures: the age band of a year of birth in a year,
    each rating's score, the year before a year, and every value a dimension may take."""

    band_of: object  # (year_of_birth, academic_year) -> band code
    birth_years_for: object  # (band, academic_year) -> a year of birth in that band
    scores: dict  # rating code -> score
    previous_year: object  # academic_year -> the one before
    needs: tuple
    bands: tuple
    areas: tuple


def is_travel(key) -> bool:
    return key[0] == "travel"


def is_soft(key) -> bool:
    return key[0] == "soft"


def is_medium(key) -> bool:
    return key[0] == "medium"


def counts_learners_only(key) -> bool:
    """Whether the figure counts learners and no goals (distance travelled, soft outcomes)."""
    return key[0] in ("travel", "soft", "medium")


def published(key) -> bool:
    """Whether a reader whose figures are suppressed may be shown ``key`` at all."""
    if is_travel(key):
        return key[2] is None and key[3] is None
    if is_soft(key) or is_medium(key):
        return True
    return tuple(part is not None for part in key[1:]) in PUBLISHED


def direction_of(total: int) -> str:
    """Improved, the same or worse, from a learner's summed offsets (or score differences)."""
    return DIRECTIONS[0] if total > 0 else DIRECTIONS[1] if total == 0 else DIRECTIONS[2]


@lru_cache(maxsize=2**16)
def _main_keys(year, *values) -> tuple:
    """The main marginals one goal counts in (the search asks for the same goals often)."""
    return tuple((year, *(v if fixed else None for v, fixed in zip(values, mask, strict=True)))
                 for mask in PUBLISHED)


def year_part(need, band, year, goals) -> dict:
    """Every main and soft-outcome marginal of one year that a learner's goals that year
    count in: key -> (learners (1), goals; none for soft outcomes)."""
    out = {}
    get = out.get
    soft = {}
    for goal in goals:
        for key in _main_keys(year, goal.provider, need, band, goal.area, goal.rating):
            out[key] = get(key, 0) + 1
        for dimension, offset in goal.soft:
            for scope in (None, goal.provider):
                soft[(scope, dimension)] = soft.get((scope, dimension), 0) + offset
    part = {key: (1, n) for key, n in out.items()}
    for (scope, dimension), total in soft.items():
        part[soft_key(year, dimension=dimension, provider=scope)] = (1, 0)
        part[soft_key(year, dimension=dimension, provider=scope,
                      direction=direction_of(total))] = (1, 0)
    return part


def travel_part(learner: LearnerGoals, rules: Rules) -> dict:
    """The distance-travelled marginals the learner counts in: key -> (1, 0)."""
    sums = {}
    for goal in learner.goals:
        score = rules.scores.get(goal.rating, 0)
        entry = sums.setdefault((goal.year, None, goal.area), [0, 0])
        entry[0] += score
        entry[1] += 1
    out = {}
    for (year, provider, area), (total, n) in sums.items():
        before = sums.get((rules.previous_year(year), provider, area))
        if before is None:
            continue
        # mean > mean before, compared exactly: total / n against before[0] / before[1]
        direction = direction_of(total * before[1] - before[0] * n)
        out[travel_key(year, area=area, direction=direction, provider=provider)] = (1, 0)
    return out


def medium_part(learner: LearnerGoals) -> dict:
    """The medium-term distance-travelled marginals the learner counts in: key -> (1, 0)."""
    return {medium_key(year, area=area, direction=direction_of(change)): (1, 0)
            for year, area, change in learner.medium}


def changes(key, learners_delta: int, goals_delta: int) -> tuple[bool, bool]:
    """(whether a figure shown for the key would change, whether every figure the key
    stands for changes: a row's learners and goals, a share's goals, travel's and soft
    outcomes' learners)."""
    if counts_learners_only(key):
        return learners_delta != 0, learners_delta != 0
    if key[5] is not None:  # a rating: its share of the row's goals
        return goals_delta != 0, goals_delta != 0
    return bool(learners_delta or goals_delta), bool(learners_delta and goals_delta)


def lists_a_row(key) -> bool:
    """Whether the figure is a row's own (its table lists the row only when it counts
    someone): a main row's learners, a soft-outcome dimension's learners rated."""
    if is_travel(key) or is_medium(key):
        return False  # every area is listed, whoever it counts
    if is_soft(key):
        return key[4] is None
    return key[5] is None


def order(key) -> tuple:
    """Widest figures first: protecting them protects many narrower ones on the way."""
    fixed = (4 if is_travel(key) else 3 if is_soft(key) or is_medium(key) else 5) \
        - key.count(None)
    return (fixed, str(key))
