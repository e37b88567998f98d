"""The commissioner's provider table: one row per provider an organisation commissions, with
its latest self-assessment results, its QA visit judgements (by default at its latest visit,
whatever the year; or at its visit in the chosen year), its causes for concern not closed
(awaiting decision or under review, ``visits.workflow``) and its action plan's open and overdue
actions.

The rows are the organisation's commissioning links (``Commissioning.objects.visible_to``),
filtered and sorted in the database. What each row shows is read for the rows shown only
(``fill``): a fixed number of queries per page, whatever the number of providers.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from django.db.models import Count, Exists, F, Min, OuterRef, Subquery
from django.utils import timezone

from actionplans import workflow as action_workflow
from actionplans.models import Action
from assessments import cohort as cohort_rule
from assessments import results, scoring
from assessments import selectors as assessment_selectors
from assessments.models import Assessment, CohortResult
from assessments.scoring_db import assessment_score
from assessments.workflow import FINAL
from commissioning.selectors import Cycle, cycles
from core.lists import chosen, page_query, search_text
from core.periods import latest_open_period, previous_period
from frameworks.models import Framework
from organisations.models import Commissioning, Organisation
from visits import workflow as visit_workflow
from visits.models import Concern, Visit

from . import moderation
from .access import commissioned_links
from .bands import point_bands
from .visit_columns import (  # noqa: F401 (the table's visit columns, read through it too)
    NOT_GREEN,
    add_visits,
    latest_visits,
    visit_questions,
    with_red_or_amber,
    with_visit_in,
)

# The year filter's value for "each provider's latest QA visit, whatever its year": the
# default, so the dashboard never opens on a year in which nothing has been judged yet.
LATEST = "latest"
LATEST_LABEL = "Each provider’s latest QA visit"


class Concerns:
    """The "causes for concern" filter's options, in the phases' words (``visits.workflow``)."""

    NOT_CLOSED = "not_closed"
    AWAITING_DECISION = visit_workflow.AWAITING_DECISION
    ANY = "any"
    CHOICES = [(NOT_CLOSED, "With a cause for concern not closed"),
               (AWAITING_DECISION, "With a cause for concern awaiting decision"),
               (ANY, "With any cause for concern")]
    # Earlier links said "1" or "open" for the first option.
    FORMER = {"1": NOT_CLOSED, "open": NOT_CLOSED}


@dataclass(frozen=True)
class Filters:
    """The dashboard's filter form, each value checked against its options ("" = all).

    ``band`` is "<framework slug>:<band key>" (a points framework's score band, ``bands``);
    ``sort`` is "" (provider name) or "total:<framework slug>" (lowest latest total first)."""

    year: str  # the chosen year; with ``latest``, the current one (results, action plans)
    years: list[str]
    latest: bool = False  # visits: each provider's latest, whatever its year (``latest_visits``)
    provider_type: str = ""
    status: str = ""
    concern: str = ""
    red_amber: bool = False
    overdue: bool = False
    differ: bool = False  # only providers whose self-assessment and review differ (``moderation``)
    q: str = ""
    band: str = ""
    sort: str = ""
    framework: str = ""  # a framework slug: only providers with a final result in it
    cohort: str = ""  # a framework slug: only providers whose latest cohort is below its target
    band_choices: tuple = ()
    cohort_choices: tuple = ()
    sort_choices: tuple = ()
    framework_choices: tuple = ()
    frameworks: tuple = ()  # the self-assessment frameworks the options were made from

    @classmethod
    def read(cls, params, *, years: list[str], frameworks=()) -> "Filters":
        # Bands and "lowest first" only where totals mean something and may be compared.
        scored = [f for f in frameworks
                  if f.scoring_scheme == Framework.Scheme.POINTS and f.comparison]
        band_choices = tuple((f"{f.slug}:{band.key}", f"{f.name}: {band.label}")
                             for f in scored for band in point_bands(f))
        sort_choices = (("", "Provider name"),) + tuple(
            (f"total:{f.slug}", f"{f.name} total, lowest first") for f in scored)
        framework_choices = tuple((f.slug, f"With a submitted {f.name}") for f in frameworks)
        cohort_choices = tuple(
            (f.slug, f"{f.name}: employment rate below {f.cohort['employment_target']}%")
            for f in frameworks if f.cohort)
        concern = Concerns.FORMER.get(params.get("concern"), params.get("concern"))
        year = chosen(params.get("year"), years)
        return cls(
            year=year or years[0], years=years, latest=not year,
            provider_type=chosen(params.get("type"), dict(Organisation.ProviderType.choices)),
            status=chosen(params.get("status"), dict(Commissioning.Status.choices)),
            concern=chosen(concern, dict(Concerns.CHOICES)),
            red_amber=params.get("red_amber") == "1",
            overdue=params.get("overdue") == "1", differ=params.get("differ") == "1",
            q=search_text(params.get("q")),
            band=chosen(params.get("band"), dict(band_choices)),
            sort=chosen(params.get("sort"), dict(sort_choices)),
            framework=chosen(params.get("framework"), dict(framework_choices)),
            cohort=chosen(params.get("cohort"), dict(cohort_choices)),
            band_choices=band_choices, sort_choices=sort_choices, cohort_choices=cohort_choices,
            framework_choices=framework_choices, frameworks=tuple(frameworks))

    @property
    def cohort_frameworks(self) -> list[Framework]:
        """The frameworks whose providers report cohort figures: a column each."""
        return [f for f in self.frameworks if f.cohort]

    @property
    def year_choices(self) -> list[tuple[str, str]]:
        return [(LATEST, LATEST_LABEL)] + [(year, year) for year in self.years]

    @property
    def year_value(self) -> str:
        """The year filter's value: ``LATEST`` or the chosen year."""
        return LATEST if self.latest else self.year

    @property
    def visit_year(self) -> str | None:
        """The year whose QA visits are shown, or None for each provider's latest."""
        return None if self.latest else self.year

    @property
    def shown_as(self) -> str:
        """What the visits shown are, for titles and captions: "latest QA visits", "2025/26"."""
        return "latest QA visits" if self.latest else self.year

    @property
    def statement(self) -> str:
        """What the table shows for which years, in a sentence (the page, the PDF)."""
        if self.latest:
            return (f"Showing each provider’s latest QA visit, whatever its academic year, with "
                    f"its date and year; self-assessment results are the latest submitted up to "
                    f"{self.year}, and actions are from the {self.year} action plans.")
        return (f"Showing {self.year}: QA visits in {self.year}, self-assessment results "
                f"submitted up to {self.year}, and actions from the {self.year} action plans.")

    @property
    def concern_choices(self) -> list[tuple[str, str]]:
        return Concerns.CHOICES

    @property
    def active(self) -> bool:
        return bool(self.provider_type or self.status or self.concern or self.red_amber
                    or self.overdue or self.differ or self.q or self.band or self.framework
                    or self.cohort)

    @property
    def described(self) -> list[str]:
        """The filters set, in words (for the PDF, which has no form to show them)."""
        said = []
        if self.provider_type:
            said.append(f"type: {Organisation.ProviderType(self.provider_type).label}")
        if self.status:
            said.append(f"commissioning status: {Commissioning.Status(self.status).label}")
        if self.concern:
            said.append(dict(Concerns.CHOICES)[self.concern].lower())
        if self.red_amber:
            said.append("judged Red or Amber at " + ("its latest QA visit" if self.latest
                                                     else f"a QA visit in {self.year}"))
        if self.overdue:
            said.append("with overdue actions")
        if self.differ:
            said.append("whose self-assessment and review differ by more than the threshold")
        if self.band:
            said.append(f"latest total: {dict(self.band_choices)[self.band]}")
        if self.framework:
            said.append(dict(self.framework_choices)[self.framework].lower())
        if self.cohort:
            said.append("latest cohort: " + dict(self.cohort_choices)[self.cohort])
        if self.q:
            said.append(f"name contains “{self.q}”")
        return said

    @property
    def query(self) -> str:
        """The filters as a query string (for pagination links and the exports)."""
        return page_query(year=self.year_value, type=self.provider_type, status=self.status,
                          concern=self.concern, red_amber="1" if self.red_amber else "",
                          overdue="1" if self.overdue else "",
                          differ="1" if self.differ else "", q=self.q, band=self.band,
                          sort=self.sort, framework=self.framework, cohort=self.cohort)


def latest_final(user, slug: str, year: str) -> Subquery:
    """For a commissioning link: the pk of its provider's latest final self-assessment in
    framework ``slug`` up to ``year`` that the user may see (None without one)."""
    return Subquery(Assessment.objects.visible_to(user)
                    .filter(provider=OuterRef("provider"), framework_slug=slug, state__in=FINAL,
                            period__lte=year)
                    .order_by("-period").values("pk")[:1])


def with_latest_total(user, links, slug: str, year: str):
    """The links annotated with ``latest_total``: the points total of the provider's latest
    final self-assessment in framework ``slug`` up to ``year`` that the user may see (None
    without one), summed in the database (``assessments.scoring_db``): the frameworks offered
    for it are scored in points."""
    latest = latest_final(user, slug, year)
    return (links.annotate(latest_assessment=latest)
            .annotate(latest_total=assessment_score(OuterRef("latest_assessment"),
                                                    scheme=Framework.Scheme.POINTS)))


def rows_for(user, organisation, filters: Filters):
    """The organisation's commissioning links the user may see, filtered, by provider name
    (or by the chosen framework's latest total, lowest first, then name)."""
    links = commissioned_links(user, organisation).select_related("provider")
    if filters.provider_type:
        links = links.filter(provider__provider_type=filters.provider_type)
    if filters.status:
        links = links.filter(status=filters.status)
    if filters.q:
        links = links.filter(provider__name__icontains=filters.q)
    if filters.concern:
        concerns = Concern.objects.visible_to(user).filter(provider=OuterRef("provider"))
        if filters.concern == Concerns.NOT_CLOSED:
            concerns = concerns.not_closed()
        elif filters.concern == Concerns.AWAITING_DECISION:
            concerns = concerns.in_phase(Concerns.AWAITING_DECISION)
        links = links.filter(Exists(concerns))
    if filters.red_amber:
        links = with_red_or_amber(user, links, filters.visit_year)
    if filters.framework:
        links = links.filter(Exists(Assessment.objects.visible_to(user).filter(
            provider=OuterRef("provider"), framework_slug=filters.framework, state__in=FINAL,
            period__lte=filters.year)))
    if filters.cohort:
        target = next(f for f in filters.frameworks if f.slug == filters.cohort).cohort
        links = links.annotate(cohort_assessment=latest_final(user, filters.cohort, filters.year))
        links = links.filter(Exists(CohortResult.objects.filter(
            cohort_rule.below_target(target["employment_target"]),
            assessment_id=OuterRef("cohort_assessment"))))
    if filters.differ:
        links = moderation.with_difference(
            user, links, organisation=organisation, frameworks=filters.frameworks,
            latest=lambda slug: latest_final(user, slug, filters.year))
    if filters.overdue:
        links = links.filter(Exists(Action.objects.visible_to(user)
                                    .overdue(timezone.localdate())
                                    .filter(plan__provider=OuterRef("provider"))))
    order = ["provider__name", "pk"]
    if filters.band:
        slug, key = filters.band.split(":", 1)
        framework = Framework.objects.current().filter(slug=slug).first()
        band = next(b for b in point_bands(framework) if b.key == key)
        links = with_latest_total(user, links, slug, filters.year).filter(
            latest_total__isnull=False)
        if band.low is not None:
            links = links.filter(latest_total__gte=band.low)
        if band.high is not None:
            links = links.filter(latest_total__lte=band.high)
    if filters.sort:
        slug = filters.sort.split(":", 1)[1]
        if not filters.band or not filters.band.startswith(f"{slug}:"):
            links = with_latest_total(user, links, slug, filters.year)
        order = [F("latest_total").asc(nulls_last=True), *order]
    return links.order_by(*order)


@dataclass
class Result:
    """A provider's result in one framework's self-assessment, and the one before it."""

    assessment: Assessment
    result: scoring.AssessmentResult
    summary: str  # "33 of 36"; "Embedded 4, Established 6, Developing 3"
    previous: "Result | None" = None
    cohort: "cohort_rule.Figures | None" = None  # its cohort figures, for a framework with targets
    # The review the dashboard shows beside it (``moderation.figures``; set by ``fill`` only)
    moderation: "moderation.Moderation | None" = None

    @property
    def change(self) -> int | None:
        """This total less the previous one, for a framework scored in points whose results
        may be totalled (None without a previous result, or for levels, where a sum of points
        would mean nothing)."""
        if (self.previous is None or self.result.scheme != Framework.Scheme.POINTS
                or not self.result.totalled):
            return None
        return self.result.score - self.previous.result.score

    @property
    def change_text(self) -> str:
        """"Up 3 since 2023/24", "Down 2 since …", "Same as …", or "" with nothing to compare."""
        change = self.change
        if change is None:
            return ""
        since = self.previous.assessment.period
        if change == 0:
            return f"Same as {since}"
        return f"{'Up' if change > 0 else 'Down'} {abs(change)} since {since}"


def describe(result: scoring.Shown) -> str:
    """A result (or a section's) in a few words: a points total out of its maximum where it
    may be totalled (``scoring.Shown``), or how many items are at each level, highest first."""
    if result.totalled:
        return f"{result.score} of {result.max_score}"
    return level_words(result.level_counts, result.labels)


def level_words(counts: dict, labels) -> str:
    """How many items are at each level, in the order of ``labels`` ((code, label) pairs,
    highest level first), leaving out the levels with none: "Embedded 1, Established 2"."""
    return ", ".join(f"{label} {counts[code]}" for code, label in labels if counts.get(code))


def dashboard_years(current: str, count: int = 5) -> list[str]:
    """The academic years the dashboard offers: the current one and the ``count - 1`` before."""
    years = [current]
    while len(years) < count:
        years.append(previous_period(years[-1]))
    return years


@dataclass
class Row:
    """What the table shows for one link."""

    link: Commissioning
    # (framework, its latest Result or None) per framework column, in order
    results: list = field(default_factory=list)
    visit: Visit | None = None
    # (question, its judgement's RatingLevel or None) per evaluative question, in order
    judgements: list = field(default_factory=list)
    concerns_awaiting: int = 0  # causes for concern awaiting the chair's decision
    concerns_under_review: int = 0  # decided, under review
    next_review: object = None  # the soonest review date of those under review
    concerns_text: str = "None"  # the two in words (``visits.workflow.concerns_summary``)
    # (framework, the latest result's cohort Figures or None) per framework with cohort targets
    cohorts: list = field(default_factory=list)
    open_actions: int = 0
    overdue_actions: int = 0
    # its last due diligence and current agreement (``commissioning.selectors.Cycle``)
    cycle: Cycle = field(default_factory=Cycle)

    @property
    def provider(self) -> Organisation:
        return self.link.provider

    @property
    def concerns_not_closed(self) -> int:
        return self.concerns_awaiting + self.concerns_under_review


def self_assessment_frameworks() -> list[Framework]:
    """The frameworks whose latest results the table shows, one column each (the current
    version of each; a provider's results in earlier versions count under the same name)."""
    return list(assessment_selectors.self_assessment_frameworks().order_by("name"))


def scorer(framework_ids):
    """``score(assessment, ratings_by_section)``: the result of an assessment of these
    framework versions, rated so, by its framework's own rule (``assessments.results``), and
    it in words (``describe``): three queries, whatever the number of assessments."""
    scorer = results.Scorer(framework_ids)

    def score(assessment, ratings):
        result = scorer.score(assessment, ratings)
        return result, describe(result)
    return score


def result_history(user, provider_ids, frameworks, *, up_to: str | None = None,
                   keep: int | None = None) -> dict[tuple[int, str], list[Result]]:
    """Each provider's final self-assessments in each framework that the user may see (only
    years up to ``up_to``, and only the newest ``keep``, if given), newest first, each
    ``Result`` linked to the one before it, by (provider id, framework slug): a fixed number
    of queries, whatever the number of providers and years. Never a year that is not open to
    self-assessment yet (``periods.latest_open_period``): one made for a year that has not
    begun is no provider's latest result, nor the year its peers are compared in."""
    newest = latest_open_period(timezone.localdate())
    assessments = (Assessment.objects.visible_to(user)
                   .filter(provider_id__in=provider_ids,
                           framework_slug__in=[f.slug for f in frameworks], state__in=FINAL,
                           period__lte=min(up_to, newest) if up_to else newest)
                   .order_by("provider_id", "framework_slug", "-period"))
    kept: dict[tuple[int, str], list[Assessment]] = defaultdict(list)
    for assessment in assessments:
        found = kept[assessment.provider_id, assessment.framework_slug]
        if keep is None or len(found) < keep:
            found.append(assessment)
    wanted = [a for found in kept.values() for a in found]
    if not wanted:
        return {}
    own = results.results_of(wanted)
    cohort_frameworks = {f.slug: f for f in frameworks if f.cohort}
    cohorts = {row.assessment_id: row for row in CohortResult.objects.filter(
        assessment__in=[a for a in wanted if a.framework_slug in cohort_frameworks])
    } if cohort_frameworks else {}
    history = {}
    for key, found in kept.items():
        chain = [Result(a, own[a.pk], describe(own[a.pk]), cohort=cohort_rule.figures_of(
            cohorts.get(a.pk), cohort_frameworks.get(a.framework_slug))) for a in found]
        for newer, older in pairwise(chain):
            newer.previous = older
        history[key] = chain
    return history


def latest_results(user, provider_ids, year, frameworks) -> dict[tuple[int, str], Result]:
    """The latest final self-assessment of each provider in each framework up to ``year``,
    with the one before it, by (provider id, framework slug): a fixed number of queries."""
    return {key: results[0] for key, results in
            result_history(user, provider_ids, frameworks, up_to=year, keep=2).items()}


def fill(user, links, year: str, frameworks: list[Framework], questions, *,
         organisation: Organisation, latest_visit: bool = False) -> list[Row]:
    """The rows for ``links`` (a page of ``organisation``'s links, or a chunk of an export): a
    fixed number of queries, each reading only these providers' data. Each latest result
    carries the figures of the review the organisation's dashboard shows beside it. The QA
    visit is the year's, or with ``latest_visit`` each provider's latest (``latest_visits``)."""
    rows = [Row(link) for link in links]
    ids = [row.provider.pk for row in rows]
    if not rows:
        return rows
    results = latest_results(user, ids, year, frameworks)
    moderated = moderation.figures(user, organisation,
                                  [r.assessment.pk for r in results.values()])
    for result in results.values():
        result.moderation = moderated.get(result.assessment.pk)
    add_visits(user, rows, None if latest_visit else year, questions)
    concerns = {r["provider_id"]: r for r in (
        Concern.objects.visible_to(user).not_closed().filter(provider_id__in=ids)
        .order_by().values("provider_id")
        .annotate(awaiting=Count("pk", filter=visit_workflow.concern_phase_q(
                      visit_workflow.AWAITING_DECISION)),
                  under_review=Count("pk", filter=visit_workflow.concern_phase_q(
                      visit_workflow.UNDER_REVIEW)),
                  next_review=Min("latest_review_date")))}
    today = timezone.localdate()
    cycle = cycles(organisation, links, today)
    actions = {r["plan__provider_id"]: r for r in (
        Action.objects.visible_to(user).filter(plan__provider_id__in=ids, plan__period=year)
        .order_by().values("plan__provider_id")
        .annotate(open=Count("pk", filter=action_workflow.open_q()),
                  overdue=Count("pk", filter=action_workflow.overdue_q(today))))}
    for row in rows:
        pid = row.provider.pk
        row.results = [(f, results.get((pid, f.slug))) for f in frameworks]
        row.cohorts = [(f, result.cohort if result else None)
                       for f, result in row.results if f.cohort]
        counts = concerns.get(pid, {})
        row.concerns_awaiting = counts.get("awaiting", 0)
        row.concerns_under_review = counts.get("under_review", 0)
        row.next_review = counts.get("next_review")
        row.concerns_text = visit_workflow.concerns_summary(
            awaiting=row.concerns_awaiting, under_review=row.concerns_under_review,
            next_review=row.next_review, today=today)
        counts = actions.get(pid, {})
        row.open_actions, row.overdue_actions = counts.get("open", 0), counts.get("overdue", 0)
        row.cycle = cycle[pid]
    return rows
