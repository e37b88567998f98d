"""Small-number suppression of outcomes figures, in one place: which figures a user who may not
see small numbers is shown, and which are withheld, on every page, chart and export.

The method is the one the Government Statistical Service publishes for tables from
administrative data (GSS/ONS "Disclosure control guidance for tables produced from
administrative sources", 2014) and the Department for Education applies to its statistics:

- **primary suppression**: every figure counting 1 to 4 learners is withheld (a zero is
  shown: it tells of no one);
- **secondary (complementary) suppression**: further figures are withheld until no withheld
  figure can be worked out exactly from the figures shown, by subtraction or any other
  sum or difference, within a table, across the tables of a page and across the years of
  the "by year" table — the standard of Hundepool et al., *Statistical
  Disclosure Control* (Eurostat/Wiley 2012, ch. 4: a suppressed cell is protected when its
  value is not determined by the published figures).

Such a reader chooses the year and nothing else (``PUBLISHED``: crossing need with provider,
or area with age band, publishes so many linked marginals that in sparse tables nearly every
figure, totals too, had to be withheld). Every figure shown is a *marginal*: the learners and
goals of one year whose provider, primary need, age band, Preparing for Adulthood area or
rating is the fixed one (``main_key``), or the learners whose average rating in an area
improved, stayed the same or got worse since the year before (``travel_key``), or the
learners rated in a soft-outcome dimension and those rated better, about the same or worse
since the last review (``soft_key``), or the learners whose steps towards their medium-term
outcomes in an area went up, stayed or went down (``medium_key``), as ``outcomes.marginals``
counts them. A figure
outside ``PUBLISHED`` is withheld whatever it counts. Every one of them is a sum over
learners. A withheld figure is protected by a **witness**: another possible set of learners
(one learner's goals moved to another area, rating, provider, need or age band, their
soft-outcome ratings or medium-term steps going another way, another
learner joining the figure's group, or swapped with another's; at worst a twin of one) under
which every figure shown is the same, every row listed is still listed (tables list only the
groups with goals) and the withheld figure is not. Whatever a reader
computes from the figures shown, the two sets agree on it, so it cannot single out the
withheld value. Secondary suppression chooses, for each withheld figure, the witness that
withholds the fewest learners besides, and withholds whatever that witness changes; a figure
withheld that way has the same witness. The tests attack every figure shown with exact
linear algebra to prove nothing withheld is determined.

The search is bounded so that a page never waits long for it: it may work out ``BUDGET``
marginals in all, and once that is spent each figure left takes the cheapest witness among its
first ``QUICK_TRIES`` candidates, and the twin of one of its learners only where none of them
is a witness. Every one is a witness, so the guarantee is the same; it may withhold more. The
budget is a count, never a time, so the same goals always give the same figures withheld.
"""
import heapq
from dataclasses import dataclass, field, replace

from .marginals import (
    DIRECTIONS,
    PUBLISHED,
    Goal,
    LearnerGoals,
    Rules,
    changes,
    is_medium,
    is_soft,
    is_travel,
    lists_a_row,
    main_key,
    medium_key,
    medium_part,
    order,
    published,
    soft_key,
    travel_key,
    travel_part,
    year_part,
)

__all__ = ["DIRECTIONS", "NOTHING_HIDDEN", "PUBLISHED", "THRESHOLD", "WITHHELD", "Goal",
           "LearnerGoals", "Protection", "Rules", "main_key", "medium_key", "protect", "published",
           "soft_key", "travel_key"]

THRESHOLD = 5
WITHHELD = "withheld"
PARTNERS = 6  # other learners tried for a swap, nearest first
# The search for the witness withholding least may work out this many marginals in all (a
# count, not a time, so that the same learners always give the same figures withheld: two
# different patterns of the same figures, on two pages, could be added together). Past it,
# each figure left takes a quicker witness (``QUICK_TRIES``). Measured: a hundred providers'
# 342 learners over five years take about 0.9 s of processor time, six hundred providers'
# 2,035 learners about 3 s, worked out once and then kept in the cache.
BUDGET = 300_000
# Past the budget, each figure left takes the cheapest witness among its first few candidates
# (those nearest it), and a twin only where none of them is one.
QUICK_TRIES = 24
# The offset a witness gives a learner's soft-outcome ratings to count in each direction.
SOFT_OFFSETS = {"improved": 1, "same": 0, "worse": -1}


@dataclass
class Protection:
    """The marginals withheld from one user (``hides``); none for those who see every figure."""

    hidden: frozenset = frozenset()
    figures: dict = field(default_factory=dict)  # key -> (learners, goals), for the tests

    limited: bool = True  # whether only the ``PUBLISHED`` figures may be shown at all

    def hides(self, key) -> bool:
        return key in self.hidden or (self.limited and not published(key))


NOTHING_HIDDEN = Protection(limited=False)


class _Solver:
    """Secondary suppression, worked out incrementally: a learner's marginals are kept per
    year (a candidate witness usually changes one year of one or two learners, so only that
    year's marginals are worked out again), and the figures still to protect wait in a heap,
    widest first."""

    def __init__(self, learners: list[LearnerGoals], rules: Rules, budget: int):
        self.rules = rules
        self.learners = {learner.id: learner for learner in learners}
        self._parts_memo = {}  # (need, band, year, goals) -> that year's marginals
        # The figures across years (distance travelled, medium-term too) each learner counts in.
        self.travels = {lid: self._across(lr) for lid, lr in self.learners.items()}
        self.contributions = {lid: self._contribution(lr) for lid, lr in self.learners.items()}
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
        self.budget = budget  # marginals a search may still work out (see ``protect``)
        self.alike = {}  # (need, year of birth) -> every learner, those alike first
        self.in_year = None  # year -> the learners with goals that year (``_joiners``)

    def _years(self, learner: LearnerGoals) -> dict:
        """year -> the learner's goals that year, in order."""
        years = {}
        for goal in learner.goals:
            years.setdefault(goal.year, []).append(goal)
        return {year: tuple(goals) for year, goals in years.items()}

    def _part(self, learner: LearnerGoals, year, goals) -> dict:
        band = self.rules.band_of(learner.year_of_birth, year)
        memo = (learner.need, band, year, goals)
        part = self._parts_memo.get(memo)
        if part is None:
            part = self._parts_memo[memo] = year_part(learner.need, band, year, goals)
        return part

    def _contribution(self, learner: LearnerGoals) -> dict:
        """Every marginal the learner counts in: key -> (learners (1), goals)."""
        out = {}
        for year, goals in self._years(learner).items():
            out.update(self._part(learner, year, goals))
        out.update(self.travels.get(learner.id) or self._across(learner))
        return out

    def _across(self, learner: LearnerGoals) -> dict:
        return {**travel_part(learner, self.rules), **medium_part(learner)}

    def run(self) -> Protection:
        pending = [(order(k), k) for k in self.hidden]
        heapq.heapify(pending)
        while pending:
            _, key = heapq.heappop(pending)
            if key in self.covered:
                continue
            added = self._protect(key, tries=None if self.budget > 0 else QUICK_TRIES)
            for new in added:
                heapq.heappush(pending, (order(new), new))
        return Protection(hidden=frozenset(self.hidden),
                          figures={k: tuple(v) for k, v in self.figures.items()})

    def _twin(self, key) -> set:
        """The witness found without a search, once the search's budget is spent: a twin of
        the figure's first learner, which changes every figure that learner counts in, and
        all of each (so they are all withheld, and all protected by it)."""
        changed = set(self.contributions[self.members[key][0]])
        added = changed - self.hidden
        self.hidden |= added
        self.covered |= changed
        return added

    def _delta(self, replaced: dict) -> dict:
        """The change to every marginal if the learners in ``replaced`` were as given there
        (an id not among the learners: one more learner); the years of a learner left as
        they were change nothing and are skipped."""
        delta = {}

        def add(part, sign):
            for key, (n, goals) in part.items():
                entry = delta.get(key)
                if entry is None:
                    delta[key] = [sign * n, sign * goals]
                else:
                    entry[0] += sign * n
                    entry[1] += sign * goals

        for lid, learner in replaced.items():
            old = self.learners.get(lid)
            if old is None:
                add(self._contribution(learner), 1)
                continue
            same = (old.need == learner.need and old.year_of_birth == learner.year_of_birth)
            was, now = self._years(old), self._years(learner)
            for year in was.keys() | now.keys():
                if same and was.get(year) == now.get(year):
                    continue
                if year in was:
                    add(self._part(old, year, was[year]), -1)
                if year in now:
                    add(self._part(learner, year, now[year]), 1)
            across = self._across(learner)
            if across != self.travels[lid]:
                add(self.travels[lid], -1)
                add(across, 1)
        self.budget -= len(delta)
        return delta

    def _protect(self, key, tries: int | None = None) -> set:
        """Withhold what the cheapest witness of ``key`` changes: among every candidate, or
        among the first ``tries`` (a twin if none of them is a witness)."""
        best = None
        for n, replaced in enumerate(self._candidates(key)):
            if tries is not None and n >= tries:
                break
            delta = self._delta(replaced)
            changed, covered, cost = set(), set(), 0
            if not self._keeps_rows(delta):
                continue
            for k, (dn, dg) in delta.items():
                shown, whole = changes(k, dn, dg)
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
            return self._twin(key)
        added = best[1] - self.hidden
        self.hidden |= added
        self.covered |= best[2]
        return added

    def _candidates(self, key):
        """Other possible learners, each a {learner id: changed learner}, for the witnesses of
        ``key``: cheap and local first, a twin of a learner last."""
        lids = self.members.get(key, [])
        for lid in lids:
            yield from self._moves(key, self.learners[lid])
        for lid in lids:  # a twin: always possible, and it changes only where lid counts
            learner = self.learners[lid]
            yield {-lid: replace(learner, id=-lid)}

    def _keeps_rows(self, delta: dict) -> bool:
        """Whether every row shown, or not shown for counting no one, stays so: a table lists
        only the groups with goals, so a witness may not empty a row or fill an absent one."""
        for k, (dn, _) in delta.items():
            if dn and lists_a_row(k):
                before = self.figures.get(k, (0, 0))[0]
                if (before == 0) != (before + dn == 0):
                    return False
        return True

    def _moves(self, key, learner: LearnerGoals):
        if is_soft(key):
            yield from self._soft_moves(key, learner)
            return
        if is_medium(key):
            yield from self._medium_moves(key, learner)
            return
        rules = self.rules
        travel = is_travel(key)
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
            return replace(learner, goals=tuple(
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
                    moved = replace(learner, need=other)
                    yield from self._swap_learner(learner, moved, key, "need", other, need)
                    yield {learner.id: moved}
            for partner in self._joiners(key, year):  # or another joins it
                if partner.need != need:
                    yield {partner.id: replace(partner, need=need)}
        if band is not None:
            for other in rules.bands:
                if other != band:
                    born = rules.birth_years_for(other, year)
                    yield {learner.id: replace(learner, year_of_birth=born)}
            born = rules.birth_years_for(band, year)
            for partner in self._joiners(key, year):  # or another joins it
                if partner.year_of_birth != born:
                    yield {partner.id: replace(partner, year_of_birth=born)}
        if provider is not None:
            # A learner from elsewhere joining it that year (never empties a row, which a
            # table shows, as its only learner moving out would), or the learner moving out.
            for partner in self._joiners(key, year):
                yield {partner.id: replace(partner, goals=tuple(
                        _replace(g, "provider", provider) if g.year == year else g
                        for g in partner.goals))}
            # All the year's goals move, never some: a learner is at one provider in a year
            # as the figures count them (the provider's soft outcomes add up to the year's).
            for other in self.providers:
                if other != provider:
                    yield {learner.id: replace(learner, goals=tuple(
                            _replace(g, "provider", other) if g.year == year else g
                            for g in learner.goals))}

    def _soft_moves(self, key, learner: LearnerGoals):
        """Witnesses of a soft-outcome figure: the learner's ratings in its dimension (that
        year, at its provider if it has one) saying another direction, alone or swapped with
        a near learner's, or none at all; or a learner that year rated there who was not."""
        _, year, provider, dimension, direction = key

        def inside(goal) -> bool:
            return goal.year == year and provider in (None, goal.provider)

        def rated(who, offset):  # ``offset`` None: no rating in the dimension
            return replace(who, goals=tuple(
                _with_soft(g, dimension, offset) if inside(g) and (
                    offset is None or any(d == dimension for d, _ in g.soft)) else g
                for g in who.goals))

        now = direction or self._soft_direction(learner, key)
        for other in DIRECTIONS:
            if other == now:
                continue
            moved = rated(learner, SOFT_OFFSETS[other])
            for partner in self._nearest(learner, key):
                if self._soft_direction(partner, key) == other:
                    yield {learner.id: moved, partner.id: rated(partner, SOFT_OFFSETS[now])}
            yield {learner.id: moved}
        yield {learner.id: rated(learner, None)}
        for partner in self._joiners(key, year):
            if any(inside(g) for g in partner.goals) and not self._soft_direction(partner, key):
                yield {partner.id: replace(partner, goals=tuple(
                        _with_soft(g, dimension, 0) if inside(g) else g
                        for g in partner.goals))}

    def _medium_moves(self, key, learner: LearnerGoals):
        """Witnesses of a medium-term figure: the learner's steps in its area that year going
        another way, alone or swapped with a near learner's."""
        _, year, area, direction = key

        def going(who, way):
            return replace(who, medium=tuple(
                (y, a, SOFT_OFFSETS[way] if (y, a) == (year, area) else change)
                for y, a, change in who.medium))

        for other in DIRECTIONS:
            if other == direction:
                continue
            moved = going(learner, other)
            for partner in self._nearest(learner, key):
                if medium_key(year, area=area, direction=other) in medium_part(partner):
                    yield {learner.id: moved, partner.id: going(partner, direction)}
            yield {learner.id: moved}

    def _soft_direction(self, learner: LearnerGoals, key) -> str:
        """The direction the learner counts in for ``key``'s dimension, year and provider
        ("" if not rated there), from the figures they count in."""
        _, year, provider, dimension, _ = key
        counted = self.contributions[learner.id]
        return next((way for way in DIRECTIONS if soft_key(
            year, dimension=dimension, provider=provider, direction=way) in counted), "")

    def _joiners(self, key, year):
        """Learners with goals in ``year`` not counted in ``key``, a few of them, the same
        ones each time: those who might join the figure's group that year."""
        inside = set(self.members.get(key, []))
        if self.in_year is None:
            self.in_year = {}
            for lid in sorted(self.learners):
                for y in {g.year for g in self.learners[lid].goals}:
                    self.in_year.setdefault(y, []).append(self.learners[lid])
        out = []
        for other in self.in_year.get(year, ()):
            if other.id not in inside:
                out.append(other)
                if len(out) == 2 * PARTNERS:
                    break
        return out

    def _nearest(self, learner: LearnerGoals, key):
        """Other learners, those alike in need first, none counted in ``key``."""
        inside = set(self.members.get(key, []))
        alike = self.alike.get((learner.need, learner.year_of_birth))
        if alike is None:
            alike = self.alike[(learner.need, learner.year_of_birth)] = sorted(
                self.learners.values(), key=lambda lr: (
                    lr.need != learner.need, lr.year_of_birth != learner.year_of_birth, lr.id))
        out = []
        for other in alike:
            if other.id not in inside:
                out.append(other)
                if len(out) == PARTNERS:
                    break
        return out

    def _with_partners(self, learner, moved, key, attribute, other, value):
        """Swaps: the learner's goals take ``other``; as many goals of the learner's own or
        of a near learner that had ``other`` (and the figure's other values) take ``value``."""
        if value is None:
            return
        year = key[1] if is_travel(key) else key[0]
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
            swapped = replace(partner, goals=tuple(goals))
            yield {learner.id: swapped} if partner is moved else {learner.id: moved,
                                                                  partner.id: swapped}

    def _swap_learner(self, learner, moved, key, attribute, other, value):
        for partner in self._nearest(learner, key):
            if getattr(partner, attribute) == other:
                yield {learner.id: moved,
                       partner.id: replace(partner, need=value)}


def _with_soft(goal: Goal, dimension: str, offset: int | None) -> Goal:
    """The goal with its rating in ``dimension`` at ``offset`` (None: unrated there)."""
    soft = tuple((d, o) for d, o in goal.soft if d != dimension)
    if offset is not None:
        soft += ((dimension, offset),)
    return Goal(goal.year, goal.provider, goal.area, goal.rating, soft)


def _replace(goal: Goal, attribute: str, value) -> Goal:
    return Goal(**{**goal.__dict__, attribute: value})


def protect(learners: list[LearnerGoals], rules: Rules, *, budget: int = BUDGET) -> Protection:
    """The marginals to withhold so that no figure counting 1 to 4 learners, and no figure
    withheld to protect one, can be worked out from those shown (see the module docstring).
    ``budget``: how many marginals the search for the cheapest witnesses may work out before
    it takes a twin for each figure left (see ``BUDGET``)."""
    return _Solver(learners, rules, budget).run()
