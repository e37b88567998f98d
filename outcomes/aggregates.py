"""Outcomes added up in the database: the share of goals fully, partially and not met by
Preparing for Adulthood area and year, by provider, age band and primary need, and distance
travelled (the same learners year on year). Every figure counts the rows the user's
aggregates may count (``GoalOutcome.objects.in_aggregates_for``).

Small numbers: for a provider's or a partnership's people every figure is read through
``outcomes.suppression`` (``protection_for``), which withholds each figure counting 1 to 4
learners and every figure from which one could be worked out — in pages, charts and exports
alike, since they all read these figures. A local authority's own people see every figure for
their own learners.
"""
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
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.lookups import Exact

from core.kept import kept, key_for
from core.percentages import shares, shown
from organisations.querysets import member_org_ids

from .ages import (
    AGE_BANDS,
    age_band_q,
    band_of,
    birth_year_for,
    previous_year,
)
from .medium_term import step_changes
from .medium_term_models import MediumTermProgress
from .models import GoalOutcome, Learner
from .querysets import LA_KINDS, OTHER_COMMISSIONER_KINDS, PROVIDER_KINDS
from .scheme import Scheme
from .suppression import (
    DIRECTIONS,
    NOTHING_HIDDEN,
    THRESHOLD,
    WITHHELD,
    LearnerGoals,
    Protection,
    Rules,
    main_key,
    medium_key,
    protect,
    soft_key,
    travel_key,
)
from .suppression import Goal as GoalFigure

SUPPRESSION_THRESHOLD = THRESHOLD
FEWER_THAN = WITHHELD  # what a withheld figure shows (the name kept for its readers)
# A worked-out suppression is kept (``core.kept``) under a key naming the goals it was worked
# out for, so it never goes stale. METHOD names the method in ``outcomes.suppression``, so a
# changed method is never served a pattern from the old one.
METHOD = "complementary-4"



def sees_small_numbers(user) -> bool:
    """Whether the user sees figures under five: an admin, or someone whose only
    organisations are local authorities (whose aggregates count their own learners only).
    Anyone who is also in a provider or partnership has them suppressed everywhere."""
    if user.is_admin:
        return True
    return bool(member_org_ids(user, LA_KINDS)) and not member_org_ids(
        user, PROVIDER_KINDS + OTHER_COMMISSIONER_KINDS)


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
    share: int | None  # of the group's goals, whole percent (``core.percentages``)
    suppressed: bool = False

    @property
    def shown(self) -> str:
        if self.suppressed:
            return FEWER_THAN
        return shown(self.share)


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


def _rows(grouped, scheme: Scheme, labels: dict, hidden) -> list[Row]:
    """Rows from (key, rating, goals, learners) and per-key totals, in ``labels`` order;
    ``hidden(key, rating)`` says which figures are withheld (rating None: the row's own)."""
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
        counts = [by_rating.get((key, rating.code), (0, 0)) for rating in scheme.ratings]
        row = Row(key=key, label=label, goals=goals, learners=learners, cells=[
            Cell(goals=n, learners=who, share=share) for (n, who), share in
            zip(counts, shares([n for n, _ in counts]), strict=True)])
        # A withheld row withholds its shares too: they are shares of a withheld total.
        row.suppressed = hidden(key, None)
        for rating, cell in zip(scheme.ratings, row.cells, strict=True):
            cell.suppressed = row.suppressed or hidden(key, rating.code)
        rows.append(row)
    return rows


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


def _protection(user, scheme: Scheme, suppress) -> Protection:
    """``suppress`` as the tables take it: False (every figure), True (work out what to
    withhold for ``user``) or a ``Protection`` already worked out for this request."""
    if isinstance(suppress, Protection):
        return suppress
    return protection_for(user, scheme) if suppress else NOTHING_HIDDEN


def _hidden(protection: Protection, **fixed):
    """``hidden(row key, rating)`` for a table whose rows take the dimension left out of
    ``fixed`` (the one given as ``row=``)."""
    row = fixed.pop("row")

    def hidden(key, rating) -> bool:
        return protection.hides(main_key(**{**fixed, row: key, "rating": rating}))
    return hidden


def _fixed(filters: Filters, *, age: bool = True) -> dict:
    return {"year": filters.year, "provider": filters.provider_id or None,
            "need": filters.need or None, "band": (filters.age_band or None) if age else None,
            "area": filters.area or None}


def by_area(user, scheme: Scheme, filters: Filters, *, suppress) -> list[Row]:
    """A row per Preparing for Adulthood area, in the scheme's order."""
    grouped = _grouped(base_rows(user, filters), F("pfa_area"), scheme)
    hidden = _hidden(_protection(user, scheme, suppress), **{**_fixed(filters), "row": "area"})
    return _rows(grouped, scheme, {a.code: a.label for a in scheme.areas}, hidden)


def by_year(user, scheme: Scheme, filters: Filters, years: list[str], *,
            suppress) -> list[Row]:
    """A row per academic year (oldest first), every other filter applied (the age band
    only narrows a chosen year, so not here)."""
    grouped = _grouped(base_rows(user, Filters(**{**filters.__dict__, "year": ""})),
                       F("academic_year"), scheme)
    hidden = _hidden(_protection(user, scheme, suppress),
                     **{**_fixed(filters, age=False), "row": "year"})
    return _rows(grouped, scheme, {y: y for y in sorted(years)}, hidden)


def by_provider(user, scheme: Scheme, filters: Filters, providers: dict, *,
                suppress) -> list[Row]:
    """A row per provider (``providers``: id -> name, in the order to show)."""
    grouped = _grouped(base_rows(user, filters), F("provider_id"), scheme)
    hidden = _hidden(_protection(user, scheme, suppress),
                     **{**_fixed(filters), "row": "provider"})
    return _rows(grouped, scheme, providers, hidden)


def by_need(user, scheme: Scheme, filters: Filters, *, suppress) -> list[Row]:
    """A row per SEN2 primary need, in the DfE's order."""
    grouped = _grouped(base_rows(user, filters), F("learner__primary_need"), scheme)
    hidden = _hidden(_protection(user, scheme, suppress), **{**_fixed(filters), "row": "need"})
    return _rows(grouped, scheme, dict(Learner.Need.choices), hidden)


def by_age_band(user, scheme: Scheme, filters: Filters, *, suppress) -> list[Row]:
    """A row per age band at the start of the chosen year (needs a year)."""
    if not filters.year:
        return []
    key = Case(*[When(age_band_q(code, filters.year), then=Value(code))
                 for code, *_ in AGE_BANDS], default=Value(""), output_field=CharField())
    grouped = _grouped(base_rows(user, filters), key, scheme)
    hidden = _hidden(_protection(user, scheme, suppress), **{**_fixed(filters), "row": "band"})
    return _rows(grouped, scheme, {code: label for code, label, *_ in AGE_BANDS}, hidden)


@dataclass
class Travel:
    """Distance travelled in one area: the learners reviewed in both years whose goals there
    were rated better on average, the same, or worse than the year before (``hidden``: which
    of the three are withheld)."""

    key: str
    label: str
    improved: int
    same: int
    worse: int
    hidden: tuple = (False, False, False)

    @property
    def learners(self) -> int:
        return self.improved + self.same + self.worse

    @property
    def figures(self) -> list[str]:
        return [FEWER_THAN if hidden else str(n) for n, hidden in
                zip((self.improved, self.same, self.worse), self.hidden, strict=True)]


def _score(scheme: Scheme):
    return Case(*[When(rating=r.code, then=Value(r.score)) for r in scheme.ratings],
                output_field=IntegerField())


def distance_travelled(user, scheme: Scheme, filters: Filters, *, suppress) -> list[Travel]:
    """Per area: each learner's mean goal score there in the chosen year against the year
    before, counted improved / same / worse, in the database (one query per area). Both
    means come from one pass over the two years' rows grouped by learner: a subquery for the
    year before, run for each learner, read the LA's whole year again each time (over ten
    minutes at 50,000 learners on SQLite)."""
    if not filters.year:
        return []
    protection = _protection(user, scheme, suppress)
    before = previous_year(filters.year)
    everywhere = Filters(**{**filters.__dict__, "year": "", "area": ""})
    rows = base_rows(user, everywhere).filter(academic_year__in=[before, filters.year])
    score = _score(scheme)
    result = []
    for area in scheme.areas:
        if filters.area and area.code != filters.area:
            continue
        pairs = (rows.filter(pfa_area=area.code).values("learner")
                 .annotate(mean=Avg(Case(When(academic_year=filters.year, then=score))),
                           before=Avg(Case(When(academic_year=before, then=score))))
                 .filter(mean__isnull=False, before__isnull=False))
        counts = pairs.aggregate(
            improved=Count("learner", filter=Q(mean__gt=F("before"))),
            same=Count("learner", filter=Q(mean=F("before"))),
            worse=Count("learner", filter=Q(mean__lt=F("before"))))
        result.append(Travel(key=area.code, label=area.label, hidden=tuple(
            protection.hides(travel_key(filters.year, area=area.code, direction=direction,
                                        provider=filters.provider_id or None,
                                        need=filters.need or None))
            for direction in DIRECTIONS), **{k: v or 0 for k, v in counts.items()}))
    return result


# What the soft-outcome figures count, in ``DIRECTIONS`` order, as people read them.
SOFT_DIRECTIONS = ("Better", "About the same", "Worse")


@dataclass
class SoftRow:
    """One soft-outcome dimension in a year: the learners rated there, and the share of them
    whose ratings say better, about the same or worse since the last review (each rating's
    offset from the scale's middle, added up over their goals that year; a ``Cell`` each, in
    ``DIRECTIONS`` order)."""

    key: str
    label: str
    learners: int
    cells: list = field(default_factory=list)
    suppressed: bool = False

    @property
    def learners_shown(self) -> str:
        return FEWER_THAN if self.suppressed else str(self.learners)


def _soft_offset(scheme: Scheme, dimension: str):
    """A goal's rating in ``dimension`` as its offset from the scale's middle (None where
    the goal has none there)."""
    rated = KT(f"soft__{dimension}")
    return Case(*[When(Exact(rated, Value(term.code)), then=Value(scheme.soft_offset(term.code)))
                  for term in scheme.soft_scale], default=Value(None),
                output_field=IntegerField())


def soft_outcomes(user, scheme: Scheme, filters: Filters, *, suppress) -> list[SoftRow]:
    """Per soft-outcome dimension, for the chosen year: each learner's ratings there added
    up as offsets from the scale's middle (above it better, below worse), counted by
    direction, in the database (one query). The learners' goals at the filtered provider
    only, where one is chosen (the provider profile)."""
    if not filters.year or not scheme.soft_dimensions:
        return []
    protection = _protection(user, scheme, suppress)
    per_learner = {}
    for n, dimension in enumerate(scheme.soft_dimensions):
        offset = _soft_offset(scheme, dimension.code)
        per_learner[f"sum_{n}"] = Sum(offset)
        per_learner[f"rated_{n}"] = Count(offset)
    counts = {}
    for n, _ in enumerate(scheme.soft_dimensions):
        rated = Q(**{f"rated_{n}__gt": 0})
        counts[f"learners_{n}"] = Count("learner", filter=rated)
        counts[f"improved_{n}"] = Count("learner", filter=rated & Q(**{f"sum_{n}__gt": 0}))
        counts[f"same_{n}"] = Count("learner", filter=rated & Q(**{f"sum_{n}": 0}))
        counts[f"worse_{n}"] = Count("learner", filter=rated & Q(**{f"sum_{n}__lt": 0}))
    totals = (base_rows(user, filters).values("learner")
              .annotate(**per_learner).aggregate(**counts))
    provider = filters.provider_id or None
    rows = []
    for n, dimension in enumerate(scheme.soft_dimensions):
        learners = totals[f"learners_{n}"] or 0
        if not learners:
            continue
        figures = [totals[f"{direction}_{n}"] or 0 for direction in DIRECTIONS]
        row = SoftRow(key=dimension.code, label=dimension.label, learners=learners,
                      suppressed=protection.hides(soft_key(
                          filters.year, dimension=dimension.code, provider=provider)))
        row.cells = [Cell(goals=0, learners=count, share=share, suppressed=row.suppressed or (
            protection.hides(soft_key(filters.year, dimension=dimension.code,
                                      direction=direction, provider=provider))))
                     for direction, count, share in zip(DIRECTIONS, figures, shares(figures),
                                                        strict=True)]
        rows.append(row)
    return rows


def _step_score(scheme: Scheme):
    return Case(*[When(step=t.code, then=Value(t.score)) for t in scheme.steps],
                output_field=IntegerField())


def medium_rows(user, filters: Filters):
    """The steps towards medium-term outcomes the user's figures count, narrowed by the
    filters but the year (the provider: where the learner was reviewed)."""
    rows = MediumTermProgress.objects.in_aggregates_for(user)
    if filters.provider_id:
        rows = rows.filter(provider_id=filters.provider_id)
    if filters.need:
        rows = rows.filter(outcome__learner__primary_need=filters.need)
    if filters.area:
        rows = rows.filter(outcome__pfa_area=filters.area)
    return rows.order_by()


def medium_travelled(user, scheme: Scheme, filters: Filters, *, suppress) -> list[Travel]:
    """Per area: the learners whose steps towards their medium-term outcomes there, reviewed
    in the chosen year and the year before, went up, stayed or went down (their changes in the
    area added up), in the database (one query per area)."""
    if not filters.year or not scheme.steps:
        return []
    protection = _protection(user, scheme, suppress)
    before = previous_year(filters.year)
    rows = medium_rows(user, Filters(**{**filters.__dict__, "area": ""}))
    earlier = (rows.filter(academic_year=before, outcome=OuterRef("outcome"))
               .annotate(score=_step_score(scheme)).values("score")[:1])
    now = rows.filter(academic_year=filters.year)
    if filters.age_band:
        now = now.filter(age_band_q(filters.age_band, filters.year, learner="outcome__learner"))
    result = []
    for area in scheme.areas:
        if filters.area and area.code != filters.area:
            continue
        learners = (now.filter(outcome__pfa_area=area.code)
                    .annotate(change=_step_score(scheme) - Subquery(earlier))
                    .filter(change__isnull=False)
                    .values("outcome__learner").annotate(total=Sum("change")))
        counts = learners.aggregate(
            improved=Count("outcome__learner", filter=Q(total__gt=0)),
            same=Count("outcome__learner", filter=Q(total=0)),
            worse=Count("outcome__learner", filter=Q(total__lt=0)))
        result.append(Travel(key=area.code, label=area.label, hidden=tuple(
            protection.hides(medium_key(filters.year, area=area.code, direction=direction))
            for direction in DIRECTIONS), **{k: v or 0 for k, v in counts.items()}))
    return result


def suppression_rules(scheme: Scheme) -> Rules:
    return Rules(band_of=band_of, birth_years_for=birth_year_for,
                 scores={r.code: r.score for r in scheme.ratings}, previous_year=previous_year,
                 needs=tuple(Learner.Need.values), bands=tuple(code for code, *_ in AGE_BANDS),
                 areas=tuple(a.code for a in scheme.areas))


def protection_for(user, scheme: Scheme, *, published: bool = False) -> Protection:
    """What to withhold from ``user`` in every year, table and filter (two queries: the goals
    and the medium-term steps their figures count, without references); nothing for those who
    see small numbers.

    Worked out once for the goals counted and kept in the cache (``core.kept``), under
    a digest of exactly what suppression reads: the scheme and every goal's learner, need,
    year of birth, year, provider, area, rating and soft outcomes, and every learner's
    medium-term changes. Anyone whose figures count the same goals
    (the same provider's people, the same partnership's) shares the entry; any change to a
    counted goal or learner (an import, a correction, a provider commissioned or no longer)
    gives another digest, so nothing stale is ever read and nothing needs clearing.

    ``published``: the figures leave the service (the inspection pack), so they are
    suppressed whoever asks for them."""
    if sees_small_numbers(user) and not published:
        return NOTHING_HIDDEN
    rows = [(*row[:-1], scheme.soft_offsets(row[-1])) for row in GoalOutcome.objects
            .in_aggregates_for(user).order_by("pk").values_list(
                "learner_id", "learner__primary_need", "learner__year_of_birth",
                "academic_year", "provider_id", "pfa_area", "rating", "soft")]
    medium = step_changes(MediumTermProgress.objects.in_aggregates_for(user), scheme)
    rules = suppression_rules(scheme)
    key = key_for("outcomes-protection", (
        METHOD, scheme.pk, sorted(rules.scores.items()), rules.areas, rules.needs, rules.bands,
        rows, sorted(medium.items())))

    def worked_out():
        learners = {}
        for lid, need, born, year, provider, area, rating, soft in rows:
            entry = learners.setdefault(lid, (need, born, []))
            entry[2].append(GoalFigure(year, provider, area, rating, soft))
        if medium:  # learners with steps and no goal counted (one query more)
            for lid, need, born in Learner.objects.filter(
                    pk__in=set(medium) - set(learners)).values_list(
                    "pk", "primary_need", "year_of_birth"):
                learners[lid] = (need, born, [])
        return protect([LearnerGoals(lid, need, born, tuple(goals), medium.get(lid, ()))
                        for lid, (need, born, goals) in learners.items()], rules).hidden

    return Protection(hidden=kept(key, worked_out))
