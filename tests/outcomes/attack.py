"""An attacker for the suppression tests: every figure shown is a linear equation in the
unknown counts behind it (goals by year, provider, need, age band, area and rating; learners by
year, provider, need and age band; distance travelled by year, provider scope, need, area and
direction; soft outcomes by year, provider, dimension and direction; medium-term distance
travelled by year, area and direction). A withheld figure is
worked out when its own equation is a combination of those shown: that is every sum,
difference and multiple of figures a reader could try. Checked exactly by elimination modulo
a large prime (whose rank equals the rational rank for matrices of small whole numbers like
these)."""
from itertools import product

from outcomes.suppression import (
    DIRECTIONS,
    main_key,
    medium_key,
    published,
    soft_key,
    travel_key,
)

PRIME = (1 << 61) - 1


class Span:
    """The row space of the equations shown, kept reduced for membership tests."""

    def __init__(self):
        self.rows = {}  # pivot -> row (dict column -> value), pivot entry 1

    def _reduce(self, row: dict) -> dict:
        row = {c: v % PRIME for c, v in row.items() if v % PRIME}
        for pivot in sorted(self.rows):
            if pivot in row:
                factor = row[pivot]
                for c, v in self.rows[pivot].items():
                    row[c] = (row.get(c, 0) - factor * v) % PRIME
                    if not row[c]:
                        del row[c]
        return row

    def add(self, row: dict) -> None:
        row = self._reduce(row)
        if row:
            pivot = min(row)
            inverse = pow(row[pivot], PRIME - 2, PRIME)
            row = {c: v * inverse % PRIME for c, v in row.items()}
            for other in self.rows.values():  # keep every row reduced by the new pivot
                if pivot in other:
                    factor = other[pivot]
                    for c, v in row.items():
                        other[c] = (other.get(c, 0) - factor * v) % PRIME
                        if not other[c]:
                            del other[c]
            self.rows[pivot] = row

    def determines(self, row: dict) -> bool:
        return not self._reduce(row)


def equations(key, domain) -> dict:
    """{"goals": equation, "learners": equation or None} of a figure over the unknowns;
    learners are linear only where no area or rating is fixed (a learner has goals in several
    areas, but one provider, need and age band in a year)."""
    years, providers, needs, bands, areas, ratings, *_ = domain
    if key[0] == "medium":  # no total is shown: each learner counts in one direction
        return {"learners": _numbered({key: 1})}
    if key[0] == "soft":  # a learner is at one provider in a year, so scopes add up
        _, year, provider, dimension, direction = key
        cells = {("s", year, p, dimension, d): 1 for p in ([provider] if provider else providers)
                 for d in ([direction] if direction else DIRECTIONS)}
        return {"learners": _numbered(cells)}
    if key[0] == "travel":
        _, year, provider, need, area, direction = key
        cells = {("t", year, provider or "all", n, area, direction): 1
                 for n in ([need] if need else needs)}
        return {"learners": _numbered(cells)}
    year, provider, need, band, area, rating = key
    choice = [[provider] if provider else providers, [need] if need else needs,
              [band] if band else bands]
    goals = {("g", year, *cell, x, r): 1 for cell in product(*choice)
             for x in ([area] if area else areas) for r in ([rating] if rating else ratings)}
    learners = ({("l", year, *cell): 1 for cell in product(*choice)}
                if area is None and rating is None else None)
    return {"goals": _numbered(goals), "learners": _numbered(learners) if learners else None}


_NUMBERS = {}


def _numbered(cells: dict) -> dict:
    return {_NUMBERS.setdefault(c, len(_NUMBERS)): v for c, v in cells.items()}


def every_key(domain, *, only_published: bool = True):
    """Every figure a page, chart or export can show a reader whose figures are suppressed,
    in every year (``only_published`` False: every figure any filter could show anyone).
    A seventh member of ``domain``: the soft-outcome dimensions."""
    years, providers, needs, bands, areas, ratings, *rest = domain
    dimensions = rest[0] if rest else ()
    for year in years:
        keys = [main_key(year, provider=provider, need=need, band=band, area=area,
                         rating=rating)
                for provider, need, band, area, rating in product(
                    [None, *providers], [None, *needs], [None, *bands], [None, *areas],
                    [None, *ratings])]
        keys += [travel_key(year, area=area, direction=direction, provider=provider,
                            need=need)
                 for provider, need, area, direction in product(
                     [None, *providers], [None, *needs], areas, DIRECTIONS)]
        keys += [medium_key(year, area=area, direction=direction)
                 for area, direction in product(areas, DIRECTIONS)]
        keys += [soft_key(year, dimension=dimension, direction=direction, provider=provider)
                 for provider, dimension, direction in product(
                     [None, *providers], dimensions, [None, *DIRECTIONS])]
        yield from (key for key in keys if published(key) or not only_published)


def shown_quantities(key) -> tuple[str, ...]:
    """What the page shows of a figure: a row its learners and goals, a share its goals
    (taken as exact: a share of a shown total gives the count), travel its learners."""
    if key[0] in ("travel", "soft", "medium"):
        return ("learners",)
    return ("goals",) if key[5] is not None else ("learners", "goals")


def recovered(hidden: set, domain, figures: dict) -> list:
    """The withheld figures (counting someone) that the figures shown determine, with what."""
    spans = {"goals": Span(), "learners": Span()}
    keys = list(every_key(domain))
    for key in keys:
        if key in hidden:
            continue
        eq = equations(key, domain)
        for quantity in shown_quantities(key):
            if eq[quantity] is not None:
                spans[quantity].add(eq[quantity])
    found = []
    for key in keys:
        if key not in hidden or not figures.get(key, (0, 0))[0]:
            continue
        eq = equations(key, domain)
        for quantity in shown_quantities(key):
            if eq[quantity] is not None and spans[quantity].determines(eq[quantity]):
                found.append((key, quantity))
    return found
