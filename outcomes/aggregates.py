"""Outcomes added up in the database: the share of goals fully, partially and not met by
Preparing for Adulthood area and year, by provider, age band and primary need, and distance
travelled (the same learners year on year). Every figure counts the rows the user's
aggregates may count (``GoalOutcome.objects.in_aggregates_for``).

Small numbers: for a provider's or a partnership's people every cell counting fewer than
five learners is shown as "fewer than 5" — in pages, charts and exports alike, since they
all read these figures. A row of cells where exactly one would be suppressed has its next
smallest suppressed too, so no hidden cell can be worked out from the row's total. A local
authority's own people see every figure for their own learners.
"""
import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)

from organisations.querysets import member_org_ids

from .models import GoalOutcome, Learner
from .querysets import LA_KINDS
from .scheme import Scheme

SUPPRESSION_THRESHOLD = 5
FEWER_THAN = f"fewer than {SUPPRESSION_THRESHOLD}"
# Age on 31 August before the academic year starts (the school-year convention), in bands.
AGE_BANDS = (("under_16", "Under 16", None, 15), ("16_to_18", "16 to 18", 16, 18),
             ("19_to_25", "19 to 25", 19, 25), ("over_25", "Over 25", 26, None))


def sees_small_numbers(user) -> bool:
    """Whether the user sees figures under five: an admin, or someone whose only
    organisations are local authorities (whose aggregates count their own learners only).
    Anyone who is also in a provider or partnership has them suppressed everywhere."""
    if user.is_admin:
        return True
    return bool(member_org_ids(user, LA_KINDS)) and not member_org_ids(
        user, ("provider", "partnership"))


@dataclass(frozen=True)
class Filters:
    """What the aggregates are narrowed to ("" = all); each value checked by the view."""

    year: str = ""
    provider_id: int | None = None
    need: str = ""
    age_band: str = ""
    area: str = ""


@dataclass
class Cell:
    """One figure: goals at a rating in a group, with the learners behind it."""

    goals: int
    learners: int
    share: float | None  # of the group's goals, 0-100
    suppressed: bool = False

    @property
    def shown(self) -> str:
        if self.suppressed:
            return FEWER_THAN
        return f"{self.share:.0f}%" if self.share is not None else "–"


@dataclass
class Row:
    """One group (an area in a year, a provider, an age band, a need): its goals and learners
    and a cell per rating, worst first."""

    key: str
    label: str
    goals: int
    learners: int
    cells: list = field(default_factory=list)  # Cell per scheme rating
    suppressed: bool = False
    url: str = ""  # where the group's label links to, if anywhere

    @property
    def learners_shown(self) -> str:
        return FEWER_THAN if self.suppressed else str(self.learners)

    @property
    def goals_shown(self) -> str:
        return FEWER_THAN if self.suppressed else str(self.goals)


def _start_year(academic_year: str) -> int:
    return int(academic_year[:4])


def age_band_q(band: str, academic_year: str) -> Q:
    """The outcomes whose learner was in ``band`` at the start of ``academic_year``."""
    start = _start_year(academic_year)
    _, _, low, high = next(b for b in AGE_BANDS if b[0] == band)
    q = Q()
    if low is not None:  # age >= low  <=>  born in or before start - low
        q &= Q(learner__year_of_birth__lte=start - low)
    if high is not None:
        q &= Q(learner__year_of_birth__gte=start - high)
    return q


def base_rows(user, filters: Filters):
    """The outcome rows behind every figure, narrowed by the filters."""
    rows = GoalOutcome.objects.in_aggregates_for(user)
    if filters.year:
        rows = rows.filter(academic_year=filters.year)
    if filters.provider_id:
        rows = rows.filter(provider_id=filters.provider_id)
    if filters.need:
        rows = rows.filter(learner__primary_need=filters.need)
    if filters.area:
        rows = rows.filter(pfa_area=filters.area)
    if filters.age_band and filters.year:
        rows = rows.filter(age_band_q(filters.age_band, filters.year))
    return rows.order_by()


def _rows(grouped, scheme: Scheme, labels: dict, suppress: bool) -> list[Row]:
    """Rows from (key, rating, goals, learners) and per-key totals, in ``labels`` order."""
    totals, by_rating = {}, {}
    for entry in grouped:
        key = entry["key"]
        if entry["rating"] is None:
            totals[key] = (entry["goals"], entry["learners"])
        else:
            by_rating[(key, entry["rating"])] = (entry["goals"], entry["learners"])
    rows = []
    for key, label in labels.items():
        if key not in totals:
            continue
        goals, learners = totals[key]
        cells = []
        for rating in scheme.ratings:
            n, who = by_rating.get((key, rating.code), (0, 0))
            cells.append(Cell(goals=n, learners=who, share=100 * n / goals if goals else None))
        row = Row(key=key, label=label, goals=goals, learners=learners, cells=cells)
        if suppress:
            _suppress(row)
        rows.append(row)
    return rows


def _suppress(row: Row) -> None:
    """Hide what counts fewer than five learners, and enough besides that nothing hidden can
    be worked out (see the module docstring)."""
    if row.learners < SUPPRESSION_THRESHOLD:
        row.suppressed = True
        for cell in row.cells:
            cell.suppressed = True
        return
    small = [c for c in row.cells if 0 < c.learners < SUPPRESSION_THRESHOLD]
    for cell in small:
        cell.suppressed = True
    if len(small) == 1:
        rest = sorted((c for c in row.cells if not c.suppressed and c.goals),
                      key=lambda c: c.goals)
        if rest:
            rest[0].suppressed = True


def _grouped(rows, key_expr, scheme: Scheme) -> list[dict]:
    """(key, rating, goals, learners) per key and rating, plus per-key totals (rating None):
    one query, grouped in the database, counting each rating's goals and distinct learners
    beside the group's own (a learner may have goals at several ratings, so the group's
    learners are counted, not added up)."""
    counts = {"goals": Count("pk"), "learners": Count("learner", distinct=True)}
    for n, rating in enumerate(scheme.ratings):
        at = Q(rating=rating.code)
        counts[f"goals_{n}"] = Count("pk", filter=at)
        counts[f"learners_{n}"] = Count("learner", distinct=True, filter=at)
    grouped = []
    for entry in rows.annotate(key=key_expr).values("key").annotate(**counts):
        grouped.append({"key": entry["key"], "rating": None, "goals": entry["goals"],
                        "learners": entry["learners"]})
        grouped.extend({"key": entry["key"], "rating": rating.code,
                        "goals": entry[f"goals_{n}"], "learners": entry[f"learners_{n}"]}
                       for n, rating in enumerate(scheme.ratings) if entry[f"goals_{n}"])
    return grouped


def by_area(user, scheme: Scheme, filters: Filters, *, suppress: bool) -> list[Row]:
    """A row per Preparing for Adulthood area, in the scheme's order."""
    grouped = _grouped(base_rows(user, filters), F("pfa_area"), scheme)
    return _rows(grouped, scheme, {a.code: a.label for a in scheme.areas}, suppress)


def by_year(user, scheme: Scheme, filters: Filters, years: list[str], *,
            suppress: bool) -> list[Row]:
    """A row per academic year (oldest first), every other filter applied."""
    grouped = _grouped(base_rows(user, Filters(**{**filters.__dict__, "year": ""})),
                       F("academic_year"), scheme)
    return _rows(grouped, scheme, {y: y for y in sorted(years)}, suppress)


def by_provider(user, scheme: Scheme, filters: Filters, providers: dict, *,
                suppress: bool) -> list[Row]:
    """A row per provider (``providers``: id -> name, in the order to show)."""
    grouped = _grouped(base_rows(user, filters), F("provider_id"), scheme)
    return _rows(grouped, scheme, providers, suppress)


def by_need(user, scheme: Scheme, filters: Filters, *, suppress: bool) -> list[Row]:
    """A row per SEN2 primary need, in the DfE's order."""
    grouped = _grouped(base_rows(user, filters), F("learner__primary_need"), scheme)
    return _rows(grouped, scheme, dict(Learner.Need.choices), suppress)


def by_age_band(user, scheme: Scheme, filters: Filters, *, suppress: bool) -> list[Row]:
    """A row per age band at the start of the chosen year (needs a year)."""
    if not filters.year:
        return []
    key = Case(*[When(age_band_q(code, filters.year), then=Value(code))
                 for code, *_ in AGE_BANDS], default=Value(""), output_field=CharField())
    grouped = _grouped(base_rows(user, filters), key, scheme)
    return _rows(grouped, scheme, {code: label for code, label, *_ in AGE_BANDS}, suppress)


@dataclass
class Travel:
    """Distance travelled in one area: the learners reviewed in both years whose goals there
    were rated better on average, the same, or worse than the year before."""

    key: str
    label: str
    improved: int
    same: int
    worse: int
    suppress: bool = False

    @property
    def learners(self) -> int:
        return self.improved + self.same + self.worse

    def shown(self, n: int) -> str:
        if self.suppress and n < SUPPRESSION_THRESHOLD and (n or self.learners < SUPPRESSION_THRESHOLD):
            return FEWER_THAN
        return str(n)

    @property
    def figures(self) -> list[str]:
        return [self.shown(self.improved), self.shown(self.same), self.shown(self.worse)]


def _score(scheme: Scheme):
    return Case(*[When(rating=r.code, then=Value(r.score)) for r in scheme.ratings],
                output_field=IntegerField())


def previous_year(academic_year: str) -> str:
    start = _start_year(academic_year) - 1
    return f"{start}/{(start + 1) % 100:02d}"


def distance_travelled(user, scheme: Scheme, filters: Filters, *, suppress: bool) -> list[Travel]:
    """Per area: each learner's mean goal score there in the chosen year against the year
    before, counted improved / same / worse, in the database (one query per area)."""
    if not filters.year:
        return []
    before = previous_year(filters.year)
    everywhere = Filters(**{**filters.__dict__, "year": "", "area": ""})
    rows = base_rows(user, everywhere)
    result = []
    for area in scheme.areas:
        if filters.area and area.code != filters.area:
            continue
        earlier = (rows.filter(academic_year=before, pfa_area=area.code,
                               learner=OuterRef("learner"))
                   .values("learner").annotate(mean=Avg(_score(scheme))).values("mean"))
        pairs = (rows.filter(academic_year=filters.year, pfa_area=area.code)
                 .values("learner").annotate(mean=Avg(_score(scheme)),
                                             before=Subquery(earlier[:1]))
                 .filter(before__isnull=False))
        counts = pairs.aggregate(
            improved=Count("learner", filter=Q(mean__gt=F("before"))),
            same=Count("learner", filter=Q(mean=F("before"))),
            worse=Count("learner", filter=Q(mean__lt=F("before"))))
        result.append(Travel(key=area.code, label=area.label, suppress=suppress,
                             **{k: v or 0 for k, v in counts.items()}))
    return result


def today_year(today: datetime.date | None = None) -> str:
    """The academic year (September to August) ``today`` falls in."""
    today = today or datetime.date.today()
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}/{(start + 1) % 100:02d}"
