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
shows it, of the providers the organisation commissions. Each count reads the ids of the
assessments it counts first (through the provider index), then aggregates their rows for
exactly those ids (GROUP BY): given a subquery instead, PostgreSQL read every response in the
service (400 ms at 3,000 providers, now 15 ms). The same number of queries whatever the number
of providers.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from assessments import cohort as cohort_rule
from assessments import workflow as self_assessment_workflow
from assessments.models import Assessment, CohortResult, Response
from assessments.scoring_db import points_total
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


def _final_self_assessments(user, organisation, slugs, years):
    return (Assessment.objects.visible_to(user)
            .filter(provider_id__in=commissioned_provider_ids(user, organisation),
                    framework_slug__in=slugs, period__in=years,
                    state__in=self_assessment_workflow.FINAL))


def point_trends(user, organisation, years: list[str], frameworks: list[Framework]) -> list[Trend]:
    """Per points framework: how many providers' submitted totals fall in each band, per year
    (one query for every framework)."""
    # Totals in bands compare providers: never for a framework whose file forbids it.
    frameworks = [f for f in frameworks
                  if f.scoring_scheme == Framework.Scheme.POINTS and f.comparison]
    if not frameworks:
        return []
    # The assessments first (an index read per commissioned provider), then their totals
    # summed in the database for exactly those ids: given the assessments as a subquery, the
    # planner read every response in the service.
    assessments = {pk: (slug, period, provider) for pk, slug, period, provider in
                   _final_self_assessments(user, organisation, [f.slug for f in frameworks],
                                           years)
                   .values_list("pk", "framework_slug", "period", "provider_id")}
    totals = dict.fromkeys(assessments, 0)
    totals.update(Response.objects.filter(assessment_id__in=list(assessments)).order_by()
                  .values("assessment_id")
                  .annotate(total=points_total(scheme=Framework.Scheme.POINTS))
                  .values_list("assessment_id", "total"))
    by_slug = {f.slug: f for f in frameworks}
    providers = defaultdict(set)
    for pk, (slug, period, provider) in assessments.items():
        providers[slug, period, band_of(by_slug[slug], totals[pk] or 0)].add(provider)
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


def cohort_trends(user, organisation, years: list[str],
                  frameworks: list[Framework]) -> list[Trend]:
    """Per framework with cohort targets (SI QAF): how many providers' submitted cohorts met
    the employment target and how many were below it, per year (``assessments.cohort``, the
    one rule, counted in the database): one query per such framework."""
    trends = []
    for framework in (f for f in frameworks if f.cohort):
        target = framework.cohort["employment_target"]
        ids = list(_final_self_assessments(user, organisation, [framework.slug], years)
                   .values_list("pk", flat=True))
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


def level_trends(user, organisation, year: str, frameworks: list[Framework]) -> list[Trend]:
    """Per levels framework: in ``year``, how many items of each section are at each level of
    the framework's scale, over every submitted assessment (one query for every framework,
    two more for the sections and levels)."""
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
    # The ids first, for the same reason as in ``point_trends``.
    assessments = list(_final_self_assessments(user, organisation, [f.slug for f in frameworks],
                                               [year]).values_list("pk", flat=True))
    counts = defaultdict(int)
    # By codes, not ids: an assessment made on an earlier version of the framework counts
    # under the same benchmark and level.
    for row in (Response.objects.filter(assessment__in=assessments, level__isnull=False)
                .order_by().values("assessment__framework_slug", "criterion__section__code",
                                   "level__code")
                .annotate(n=Count("pk"))):
        counts[row["assessment__framework_slug"], row["criterion__section__code"],
               row["level__code"]] = row["n"]
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
    # exactly those, as in ``point_trends``.
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
