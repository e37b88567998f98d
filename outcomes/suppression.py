"""Small-number suppression of outcomes figures, in one place: which figures a user who may not
see small numbers is shown, and which are withheld, on every page, chart and export.

The method is the one the Government Statistical Service publishes for tables from
administrative data (GSS/ONS "Disclosure control guidance for tables produced from
administrative sources", 2014) and the Department for Education applies to its statistics:

- **primary suppression**: every figure counting 1 to 4 learners is withheld (a zero is
  shown: it tells of no one);
- **secondary (complementary) suppression**: further figures are withheld until no withheld
  figure can be worked out exactly from the figures shown, by subtraction or any other
  sum or difference, within a table, across the tables of a page, across the years of the
  "by year" table, and across every filter — the standard of Hundepool et al., *Statistical
  Disclosure Control* (Eurostat/Wiley 2012, ch. 4: a suppressed cell is protected when its
  value is not determined by the published figures).

Every figure the dashboard can show, for any filter, is a *marginal*: the learners and goals
of one year whose provider, primary need, age band, Preparing for Adulthood area and rating
match the fixed ones (``main_key``), or the learners whose average rating in an area improved,
stayed the same or got worse since the year before, by provider and need (``travel_key``).
Every one of them is a sum over learners. A withheld figure is protected by a **witness**:
another possible set of learners (one learner's goals moved to another area, rating,
provider, need or age band, or swapped with another's; at worst a twin of a learner) under
which every figure shown is the same, every row listed is still listed (tables list only the
groups with goals) and the withheld figure is not. Whatever a reader
computes from the figures shown, the two sets agree on it, so it cannot single out the
withheld value. Secondary suppression chooses, for each withheld figure, the witness that
withholds the fewest learners besides, and withholds whatever that witness changes; a figure
withheld that way has the same witness. The tests attack every figure shown with exact
linear algebra to prove nothing withheld is determined.
"""
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import product

THRESHOLD = 5
WITHHELD = "withheld"
DIRECTIONS = ("improved", "same", "worse")
# Which of (provider, need, age band, area, rating) a marginal fixes: every combination.
_MASKS = tuple(product((True, False), repeat=5))
_TRAVEL_MASKS = tuple(product((True, False), repeat=2))  # provider, need
PARTNERS = 6  # other learners tried for a swap, nearest first


def main_key(year, *, provider=None, need=None, band=None, area=None, rating=None) -> tuple:
    """The marginal behind a row (``rating`` None: its learners and goals) or a share."""
    return (year, provider, need, band, area, rating)


def travel_key(year, *, area, direction, provider=None, need=None) -> tuple:
    """The marginal behind a distance-travelled figure (learners)."""
    return ("travel", year, provider, need, area, direction)


@dataclass(frozen=True)
class Goal:
    year: str
    provider: int
    area: str
    rating: str


@dataclass(frozen=True)
class LearnerGoals:
    """One learner as suppression sees them: no reference, only what figures count."""

    id: int
    need: str
    year_of_birth: int
    goals: tuple  # Goal


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


@dataclass
class Protection:
    """The marginals withheld from one user (``hides``); none for those who see every figure."""

    hidden: frozenset = frozenset()
    figures: dict = field(default_factory=dict)  # key -> (learners, goals), for the tests

    def hides(self, key) -> bool:
        return key in self.hidden


NOTHING_HIDDEN = Protection()


def _is_travel(key) -> bool:
    return key[0] == "travel"


def _contribution(learner: LearnerGoals, rules: Rules) -> dict:
    """Every marginal the learner counts in: key -> [learners (1), goals]."""
    out = {}
    for goal in learner.goals:
        coords = (goal.provider, learner.need, rules.band_of(learner.year_of_birth, goal.year),
                  goal.area, goal.rating)
        for mask in _MASKS:
            key = (goal.year, *(c if m else None for c, m in zip(coords, mask, strict=True)))
            entry = out.get(key)
            if entry is None:
                out[key] = [1, 1]
            else:
                entry[1] += 1
    _travel(learner, rules, out)
    return out


def _means(goals, rules) -> dict:
    """(year, provider or None, area) -> mean score, as a fraction (exact comparison)."""
    sums = {}
    for goal in goals:
        for provider in (None, goal.provider):
            entry = sums.setdefault((goal.year, provider, goal.area), [0, 0])
            entry[0] += rules.scores.get(goal.rating, 0)
            entry[1] += 1
    return {k: Fraction(total, n) for k, (total, n) in sums.items()}


def _travel(learner: LearnerGoals, rules: Rules, out: dict) -> None:
    means = _means(learner.goals, rules)
    for (year, provider, area), mean in means.items():
        before = means.get((rules.previous_year(year), provider, area))
        if before is None:
            continue
        direction = DIRECTIONS[0] if mean > before else DIRECTIONS[1] if mean == before \
            else DIRECTIONS[2]
        for need in (None, learner.need):
            out[travel_key(year, area=area, direction=direction, provider=provider,
                           need=need)] = [1, 0]


def _changes(key, learners_delta: int, goals_delta: int) -> tuple[bool, bool]:
    """(whether a figure shown for the key would change, whether every figure the key
    stands for changes: a row's learners and goals, a share's goals, travel's learners)."""
    if _is_travel(key):
        return learners_delta != 0, learners_delta != 0
    if key[5] is not None:  # a rating: its share of the row's goals
        return goals_delta != 0, goals_delta != 0
    return bool(learners_delta or goals_delta), bool(learners_delta and goals_delta)


class _Solver:
    def __init__(self, learners: list[LearnerGoals], rules: Rules):
        self.rules = rules
        self.learners = {learner.id: learner for learner in learners}
        self.contributions = {lid: _contribution(lr, rules) for lid, lr in self.learners.items()}
        self.figures, self.members = {}, {}
        for lid, contribution in self.contributions.items():
            for key, (n, goals) in contribution.items():
                entry = self.figures.setdefault(key, [0, 0])
                entry[0] += n
                entry[1] += goals
                self.members.setdefault(key, []).append(lid)
        self.providers = sorted({g.provider for lr in learners for g in lr.goals})
        self.hidden = {k for k, (n, _) in self.figures.items() if 0 < n < THRESHOLD}
        self.covered = set()

    def run(self) -> Protection:
        while True:
            pending = sorted((k for k in self.hidden if k not in self.covered), key=_order)
            if not pending:
                break
            self._protect(pending[0])
        return Protection(hidden=frozenset(self.hidden),
                          figures={k: tuple(v) for k, v in self.figures.items()})

    def _delta(self, replaced: dict) -> dict:
        delta = {}
        for lid, learner in replaced.items():
            for key, (n, goals) in self.contributions.get(lid, {}).items():
                entry = delta.setdefault(key, [0, 0])
                entry[0] -= n
                entry[1] -= goals
            if learner is None:
                continue
            for key, (n, goals) in _contribution(learner, self.rules).items():
                entry = delta.setdefault(key, [0, 0])
                entry[0] += n
                entry[1] += goals
        return delta

    def _protect(self, key) -> None:
        best = None
        for replaced in self._candidates(key):
            delta = self._delta(replaced)
            changed, covered, cost = set(), set(), 0
            if not self._keeps_rows(delta):
                continue
            for k, (dn, dg) in delta.items():
                shown, whole = _changes(k, dn, dg)
                if shown:
                    changed.add(k)
                    if k not in self.hidden:
                        cost += 1 + self.figures.get(k, (0, 0))[0]
                if whole:
                    covered.add(k)
            if key not in covered:
                continue
            if best is None or cost < best[0]:
                best = (cost, changed, covered)
                if cost == 0:
                    break
        if best is None:  # a twin always protects a figure that counts someone
            raise RuntimeError(f"No witness for a withheld figure counting no one: {key}")
        self.hidden |= best[1]
        self.covered |= best[2]

    def _candidates(self, key):
        """Other possible learners, each a {learner id: changed learner}, for the witnesses of
        ``key``: cheap and local first, a twin of a learner last."""
        lids = self.members.get(key, [])
        for lid in lids:
            yield from self._moves(key, self.learners[lid])
        for lid in lids:  # a twin: always possible, and it changes only where lid counts
            learner = self.learners[lid]
            yield {-lid: LearnerGoals(-lid, learner.need, learner.year_of_birth, learner.goals)}

    def _keeps_rows(self, delta: dict) -> bool:
        """Whether every row shown, or not shown for counting no one, stays so: a table lists
        only the groups with goals, so a witness may not empty a row or fill an absent one."""
        for k, (dn, _) in delta.items():
            if dn and not _is_travel(k) and k[5] is None:
                before = self.figures.get(k, (0, 0))[0]
                if (before == 0) != (before + dn == 0):
                    return False
        return True

    def _moves(self, key, learner: LearnerGoals):
        rules = self.rules
        travel = _is_travel(key)
        if travel:
            _, year, provider, need, area, _direction = key
            band = rating = None
        else:
            year, provider, need, band, area, rating = key
        before = rules.previous_year(year)

        def inside(goal) -> bool:
            if travel:
                return (goal.year in (year, before) and goal.area == area
                        and provider in (None, goal.provider))
            return (goal.year == year and provider in (None, goal.provider)
                    and area in (None, goal.area) and rating in (None, goal.rating))

        def with_goals(changed):
            return LearnerGoals(learner.id, learner.need, learner.year_of_birth, tuple(
                changed(g) if inside(g) else g for g in learner.goals))

        # Goal-level: another rating or area for the goals in the figure, alone or swapped
        # with another learner's goals so that every total stays as it was.
        for attribute, value, values in (("rating", rating, tuple(rules.scores)),
                                         ("area", area, rules.areas)):
            if value is None and not (travel and attribute == "rating"):
                continue
            for other in values:
                if other == value:
                    continue
                moved = with_goals(lambda g, a=attribute, o=other: _replace(g, a, o))
                yield from self._with_partners(learner, moved, key, attribute, other, value)
                yield {learner.id: moved}
        # Learner-level: another need or age band, or another provider for the year's goals.
        if need is not None:
            for other in rules.needs:
                if other != need:
                    moved = LearnerGoals(learner.id, other, learner.year_of_birth,
                                         learner.goals)
                    yield from self._swap_learner(learner, moved, key, "need", other, need)
                    yield {learner.id: moved}
        if band is not None:
            for other in rules.bands:
                if other != band:
                    born = rules.birth_years_for(other, year)
                    yield {learner.id: LearnerGoals(learner.id, learner.need, born,
                                                    learner.goals)}
        if provider is not None:
            for other in self.providers:
                if other != provider:
                    yield {learner.id: with_goals(lambda g, o=other: _replace(g, "provider", o))}

    def _nearest(self, learner: LearnerGoals, key):
        """Other learners, those alike in need first, none counted in ``key``."""
        inside = set(self.members.get(key, []))
        others = [lr for lid, lr in self.learners.items() if lid not in inside]
        others.sort(key=lambda lr: (lr.need != learner.need,
                                    lr.year_of_birth != learner.year_of_birth, lr.id))
        return others[:PARTNERS]

    def _with_partners(self, learner, moved, key, attribute, other, value):
        """Swaps: the learner's goals take ``other``; as many goals of the learner's own or
        of a near learner that had ``other`` (and the figure's other values) take ``value``."""
        if value is None:
            return
        year = key[1] if _is_travel(key) else key[0]
        count = sum(1 for a, b in zip(learner.goals, moved.goals, strict=True) if a != b)
        for partner in [moved, *self._nearest(learner, key)]:
            goals, left = list(partner.goals), count
            for i, goal in enumerate(goals):
                if left and goal.year == year and getattr(goal, attribute) == other and (
                        partner is not moved or goal == learner.goals[i]):
                    goals[i] = _replace(goal, attribute, value)
                    left -= 1
            if left:
                continue
            swapped = LearnerGoals(partner.id, partner.need, partner.year_of_birth, tuple(goals))
            yield {learner.id: swapped} if partner is moved else {learner.id: moved,
                                                                  partner.id: swapped}

    def _swap_learner(self, learner, moved, key, attribute, other, value):
        for partner in self._nearest(learner, key):
            if getattr(partner, attribute) == other:
                yield {learner.id: moved,
                       partner.id: LearnerGoals(partner.id, value, partner.year_of_birth,
                                                partner.goals)}


def _replace(goal: Goal, attribute: str, value) -> Goal:
    return Goal(**{**goal.__dict__, attribute: value})


def _order(key) -> tuple:
    """Widest figures first: protecting them protects many narrower ones on the way."""
    fixed = sum(1 for part in key[2:] if part is not None) if _is_travel(key) else sum(
        1 for part in key[1:] if part is not None)
    return (fixed, str(key))


def protect(learners: list[LearnerGoals], rules: Rules) -> Protection:
    """The marginals to withhold so that no figure counting 1 to 4 learners, and no figure
    withheld to protect one, can be worked out from those shown (see the module docstring)."""
    return _Solver(learners, rules).run()
