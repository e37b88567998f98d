"""The commissioner's trends: how an organisation's commissioned providers did, year by year,
counted in the database.

- Frameworks scored in points (SI QAF): how many providers' submitted totals fall in each
  band, per academic year. The top band is full marks (``total_max``: no action plan needed);
  the others are ``POINT_BANDS``.
- Frameworks scored in levels (IntegratED): in one year, how many items of each benchmark
  (section) are at each level.
- The QA visit framework: per evaluative question and year, how many visits were judged Red,
  Amber and Green.

Only final work counts: submitted self-assessments (``assessments.workflow.FINAL``) and visits
whose judgements are shared with the provider or final, never a withdrawn one
(``visits.selectors.counted_visits`` with ``final``), each as far as ``visible_to(user)``
shows it, of the providers the organisation commissions. The self-assessments counted are
read once for every trend (``final_self_assessments``, through the provider index); the totals
are their stored results (``assessments.results``), and the other counts aggregate their rows
for exactly those ids (GROUP BY): given a subquery instead, PostgreSQL read every response in
the service (400 ms at 3,000 providers, then 15 ms). The same number of queries whatever the
number of providers.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from assessments import cohort as cohort_rule
from assessments import workflow as self_assessment_workflow
from assessments.models import Assessment, CohortResult
from assessments.results import figures_of
from frameworks.models import Framework, RatingLevel, Section
from visits.models import VisitJudgement
from visits.selectors import counted_visits

from .access import commissioned_links
from .bands import band_of, point_bands

RAG = [RatingLevel.Colour.RED, RatingLevel.Colour.AMBER, RatingLevel.Colour.GREEN]


@dataclass
class Series:
    """One thing counted (a band, a level, a colour) across the chart's bars."""

    key: str
    label: str
    colour: str = ""  # a RAG colour name, for the chart's fill and its letter


@dataclass
class Bar:
    """One bar (a year, a benchmark, a question): a count per series, in series order."""

    label: str
    counts: list[int]
    title: str = ""  # the full name where ``label`` is short

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class Trend:
    """A chart's figures, and its table's: ``bars`` × ``series``."""

    framework: Framework
    heading: str  # what the chart is of, under the page's section heading
    title: str
    description: str
    series: list[Series]
    bars: list[Bar] = field(default_factory=list)
    unit: str = ""  # what each count is ("providers", "items", "visits")

    @property
    def empty(self) -> bool:
        return not any(bar.total for bar in self.bars)

    @property
    def rows(self) -> list[tuple[Bar, list[tuple[Series, int]]]]:
        """Each bar with its (series, count) pairs, for the table."""
        return [(bar, list(zip(self.series, bar.counts, strict=True))) for bar in self.bars]


def commissioned_provider_ids(user, organisation):
    """The providers the organisation commissions, as far as the user sees the links (a
    subquery: read inside the aggregates, never on its own)."""
    return commissioned_links(user, organisation).values("provider_id")


@dataclass(frozen=True)
class Final:
    """A final self-assessment a trend counts."""

    pk: int
    slug: str  # its framework's
    period: str
    provider: int


def final_self_assessments(user, organisation, frameworks, years) -> list[Final]:
    """The final self-assessments in these frameworks and years of the providers the
    organisation commissions, as far as the user sees them: one query, shared by every trend
    of self-assessments (each asked on its own was three reads of the same rows)."""
    return [Final(*row) for row in (
        Assessment.objects.visible_to(user)
        .filter(provider_id__in=commissioned_provider_ids(user, organisation),
                framework_slug__in=[f.slug for f in frameworks], period__in=years,
                state__in=self_assessment_workflow.FINAL)
        .order_by().values_list("pk", "framework_slug", "period", "provider_id"))]


def point_trends(finals: list[Final], years: list[str],
                 frameworks: list[Framework]) -> list[Trend]:
    """Per points framework: how many providers' submitted totals fall in each band, per year
    (``finals``: ``final_self_assessments``), from their stored results (one query)."""
    # Totals in bands compare providers: never for a framework whose file forbids it.
    frameworks = [f for f in frameworks
                  if f.scoring_scheme == Framework.Scheme.POINTS and f.comparison]
    if not frameworks:
        return []
    by_slug = {f.slug: f for f in frameworks}
    counted = [final for final in finals if final.slug in by_slug]
    totals = figures_of((final.pk for final in counted), "score")
    providers = defaultdict(set)
    for final in counted:
        band = band_of(by_slug[final.slug], totals[final.pk] or 0)
        providers[final.slug, final.period, band].add(final.provider)
    counts = defaultdict(int, {key: len(found) for key, found in providers.items()})
    trends = []
    for framework in frameworks:
        bands = point_bands(framework)
        trends.append(Trend(
            framework=framework, heading=framework.name, unit="providers",
            title=f"{framework.name}: submitted totals by band, {years[-1]} to {years[0]}",
            description=(f"How many commissioned providers' submitted totals were full marks, "
                         f"30 to 35, 24 to 29 or below 24, in each academic year from "
                         f"{years[-1]} to {years[0]}."),
            series=[Series(b.key, b.label) for b in bands],
            bars=[Bar(year, [counts[framework.slug, year, b.key] for b in bands])
                  for year in reversed(years)]))
    return trends


def cohort_trends(finals: list[Final], years: list[str],
                  frameworks: list[Framework]) -> list[Trend]:
    """Per framework with cohort targets (SI QAF): how many providers' submitted cohorts met
    the employment target and how many were below it, per year (``assessments.cohort``, the
    one rule, counted in the database): one query per such framework."""
    trends = []
    for framework in (f for f in frameworks if f.cohort):
        target = framework.cohort["employment_target"]
        ids = [final.pk for final in finals if final.slug == framework.slug]
        counts = {row["assessment__period"]: row for row in (
            CohortResult.objects.filter(assessment_id__in=ids, completed__gt=0).order_by()
            .values("assessment__period")
            .annotate(below=Count("pk", filter=cohort_rule.below_target(target)),
                      reported=Count("pk")))}
        series = [Series("met", f"Met the {target}% target"),
                  Series("below", f"Below {target}%")]
        bars = []
        for year in reversed(years):
            found = counts.get(year, {"below": 0, "reported": 0})
            bars.append(Bar(year, [found["reported"] - found["below"], found["below"]]))
        trends.append(Trend(
            framework=framework, heading=framework.name, unit="providers",
            title=f"{framework.name}: cohorts into work against the {target}% target, "
                  f"{years[-1]} to {years[0]}",
            description=(f"How many commissioned providers' submitted cohorts had {target}% or "
                         f"more of the interns who completed in paid work of "
                         f"{framework.cohort['minimum_hours']} hours a week or more at or above "
                         f"the minimum wage, and how many fewer, in each academic year from "
                         f"{years[-1]} to {years[0]}."),
            series=series, bars=bars))
    return trends


def _short(section: Section) -> str:
    return f"{section.code}. {section.title}"


def level_trends(finals: list[Final], year: str, frameworks: list[Framework]) -> list[Trend]:
    """Per levels framework: in ``year``, how many items of each section are at each level of
    the framework's scale, over every submitted assessment (``finals``), from their stored
    results (one query for every framework, two more for the sections and levels)."""
    frameworks = [f for f in frameworks if f.scoring_scheme == Framework.Scheme.LEVELS]
    if not frameworks:
        return []
    sections = defaultdict(list)
    for section in Section.objects.filter(framework__in=frameworks).order_by("order"):
        sections[section.framework_id].append(section)
    levels = defaultdict(list)
    for level in RatingLevel.objects.filter(
            scale__in=[f.item_scale_id for f in frameworks]).order_by("order"):
        levels[level.scale_id].append(level)
    counted = [final for final in finals if final.slug in {f.slug for f in frameworks}
               and final.period == year]
    rated = figures_of((final.pk for final in counted), "sections")
    counts = defaultdict(int)
    # By codes, not ids: an assessment made on an earlier version of the framework counts
    # under the same benchmark and level.
    for final in counted:
        for section in rated[final.pk]:
            for level, n in section["level_counts"].items():
                counts[final.slug, section["code"], level] += n
    trends = []
    for framework in frameworks:
        scale = levels[framework.item_scale_id]
        trends.append(Trend(
            framework=framework, heading=framework.name, unit="items",
            title=f"{framework.name}: items at each level by benchmark, {year}",
            description=(f"For each benchmark, how many items commissioned providers rated at "
                         f"each level ({', '.join(lv.label for lv in scale)}) in their "
                         f"submitted {year} assessments."),
            series=[Series(lv.code, lv.label) for lv in scale],
            # Named as in the table: the chart shortens a long name and gives it in full in
            # its description.
            bars=[Bar(_short(s), [counts[framework.slug, s.code, lv.code] for lv in scale])
                  for s in sections[framework.pk]]))
    return trends


def visit_trends(user, organisation, years: list[str], framework: Framework | None) -> list[Trend]:
    """Per evaluative question of the visit framework: how many visits were judged Red, Amber
    and Green, per year (two queries, one more for the questions)."""
    if framework is None:
        return []
    questions = list(framework.sections.order_by("order"))
    # The visits' ids first (through the provider index), then their judgements counted for
    # exactly those, as for self-assessments.
    visits = list(counted_visits(user, final=True)
                  .filter(period__in=years,
                          provider_id__in=commissioned_provider_ids(user, organisation))
                  .values_list("pk", flat=True))
    counts = defaultdict(int)
    for row in (VisitJudgement.objects.filter(visit_id__in=visits, level__colour__in=RAG)
                .order_by().values("section__code", "visit__period", "level__colour")
                .annotate(n=Count("visit", distinct=True))):
        counts[row["section__code"], row["visit__period"], row["level__colour"]] = row["n"]
    labels = dict(RatingLevel.Colour.choices)
    series = [Series(colour, labels[colour], colour=colour) for colour in RAG]
    return [Trend(
        framework=framework, heading=f"Question {q.code}, {q.title}", unit="visits",
        title=f"Question {q.code}, {q.title}: visit judgements, {years[-1]} to {years[0]}",
        description=(f"How many QA visits judged {q.title} Red, Amber or Green in each "
                     f"academic year from {years[-1]} to {years[0]}, counting visits whose "
                     f"judgements were shared with the provider or final."),
        series=series,
        bars=[Bar(year, [counts[q.code, year, colour] for colour in RAG])
              for year in reversed(years)]) for q in questions]
