"""A provider's profile: everything one user may see about one provider across every
framework (its commissioning links, self-assessment results year by year, QA visits and their
judgements, the reviews of its self-assessments with their moderated scores, causes for
concern and the chair's decisions, action plans, the latest year's learner outcomes by
Preparing for Adulthood area as the viewer's figures count them), and beside its latest
self-assessment in each framework the anonymised median of providers of the same type
(``peers``, the one read that goes past ``visible_to``).

Every read is scoped by ``visible_to(user)`` and filtered to the one provider: a fixed number of
queries, whatever the size of the service and however many years the provider has.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from actionplans import workflow as action_workflow
from actionplans.models import Action, ActionPlan
from assessments.models import Assessment, Response
from commissioning.selectors import current_agreements, decommissionings, support_log
from frameworks.models import Framework, RatingLevel
from organisations.models import Commissioning, Organisation
from organisations.permissions import can
from organisations.querysets import COMMISSIONER_KINDS, member_org_ids
from reviews.models import Review, ReviewItem
from visits import selectors as visit_selectors
from visits import workflow as visit_workflow
from visits.models import Concern, ConcernDecision, Visit, VisitJudgement

from . import moderation, provider_table
from .outcomes import ProviderOutcomes, provider_outcomes
from .peers import PEER_MINIMUM, service_wide_peer_medians

SUPPORT_SHOWN = 5  # of the support log's latest entries; the rest on its own page
SUPPORT_IN_PACK = 100  # of its latest entries in the provider pack (the PDF)


@dataclass
class FrameworkHistory:
    """One framework's submitted results for the provider, newest year first."""

    framework: Framework
    results: list  # of provider_table.Result

    @property
    def year_on_year(self) -> list:
        """For a framework whose results are not compared (``Framework.comparison``: IntegratED)
        each section's level in each year, newest year first, against the provider's own
        earlier results only: (code, title, [its level or items at each level, or "" where that
        year's version had no such section]) per section of the latest result."""
        if self.framework.comparison or not self.results:
            return []
        by_year = [{s.code: s.shown for s in result.result.sections} for result in self.results]
        return [(s.code, s.title, [year.get(s.code, "") for year in by_year])
                for s in self.results[0].result.sections]


@dataclass
class VisitRow:
    """One QA visit and, when the user may see them and the visit counts (it was not
    withdrawn: ``visits.workflow.COUNTED``), its judgements per question."""

    visit: Visit
    findings_shown: bool
    counted: bool = True
    # (question, its judgement's RatingLevel or None) per evaluative question, in order
    judgements: list = field(default_factory=list)


@dataclass
class ConcernRow:
    concern: Concern
    decision: ConcernDecision | None  # the latest, if the chair has decided

    @property
    def phase_text(self) -> str:
        """Awaiting decision, decided and under review until a date, or closed."""
        review_date = self.decision.review_date if self.decision else None
        return visit_workflow.concern_phase_text(self.concern.status, review_date,
                                                 timezone.localdate())


@dataclass
class PlanRow:
    plan: ActionPlan
    open: int = 0
    done: int = 0
    overdue: int = 0


@dataclass
class PeerRow:
    """One section of the provider's latest result beside the median of its peers."""

    code: str
    title: str
    own: str  # "5 of 6"; "Established 2, Developing 1 (8 of 16 points)"
    median: str  # "4.5 of 6", or "" when not shown


@dataclass
class PeerComparison:
    """The provider's latest submitted result in one framework, section by section, beside
    the median of the service's other providers of the same type for the same year."""

    framework: Framework
    result: "provider_table.Result"
    contributors: int
    shown: bool
    rows: list  # of PeerRow
    minimum: int = PEER_MINIMUM

    @property
    def levels(self) -> bool:
        return self.result.result.scheme == Framework.Scheme.LEVELS


@dataclass
class ReviewRow:
    """One review of one of the provider's self-assessments: both scores in the framework's
    own words ("34 of 36"; "Embedded 4, Established 6, …") and the figures behind the flag."""

    review: Review  # with its assessment, framework and reviewing organisation
    self_assessed: str
    moderated: str
    figures: "moderation.Moderation"


@dataclass
class Profile:
    provider: Organisation
    links: list
    histories: list
    comparisons: list
    reviews: list  # of ReviewRow
    questions: list
    visits: list
    concerns_shown: bool
    concerns: list
    plans: list
    outcomes: ProviderOutcomes | None = None  # the latest year's goals met, by area
    # (link, its agreement in force as ``commissioning.standards.AgreementState`` or None, its
    # latest de-commissioning or None)
    commissioning: list = field(default_factory=list)
    support: list = field(default_factory=list)  # the latest entries of its support log
    support_more: bool = False  # whether the log has more than those


def sees_concerns(user, links) -> bool:
    """Whether the user sees causes for concern about the provider with these commissioning
    links: as ``Concern.objects.visible_to``, an admin or a member of an organisation that
    commissions it; never the provider's own people. Decides whether the section shows."""
    if user.is_admin:
        return True
    commissioners = set(member_org_ids(user, COMMISSIONER_KINDS))
    return any(link.commissioner_id in commissioners for link in links)


def links_of(user, provider) -> list[Commissioning]:
    """The provider's commissioning links the user may see, by commissioner name."""
    return list(Commissioning.objects.visible_to(user).filter(provider=provider)
                .select_related("commissioner").order_by("commissioner__name", "pk"))


def histories_of(user, provider) -> list[FrameworkHistory]:
    """Each current self-assessment framework with the provider's final results in it that
    the user may see, newest first (an empty list where there are none)."""
    frameworks = provider_table.self_assessment_frameworks()
    history = provider_table.result_history(user, [provider.pk], frameworks)
    return [FrameworkHistory(f, history.get((provider.pk, f.slug), [])) for f in frameworks]


def comparisons_of(provider, histories) -> list[PeerComparison]:
    """For each framework the provider has a final result in (of those the user may see),
    its latest result by section beside the median of the same figure across the service's
    other providers of its type in that year (points: each section's score; levels: each
    benchmark's points, with its items at each level): two queries, whatever the size of the
    service."""
    # Never for a framework whose file forbids comparing providers (IntegratED): its year on
    # year levels (``year_on_year``) stand instead.
    latest = [(h.framework, h.results[0]) for h in histories if h.results and h.framework.comparison]
    if not latest:
        return []
    labels = defaultdict(list)  # framework id -> (level code, label), highest level first
    for level in (RatingLevel.objects.filter(scale__framework_id__in={
            r.assessment.framework_id for _, r in latest}).select_related("scale__framework")
            .order_by("-order")):
        if level.scale_id == level.scale.framework.item_scale_id:
            labels[level.scale.framework_id].append((level.code, level.label))
    peers = service_wide_peer_medians(
        provider_id=provider.pk, provider_type=provider.provider_type,
        wanted={(r.assessment.framework_slug, r.assessment.period):
                [s.code for s in r.result.sections] for _, r in latest})
    comparisons = []
    for framework, result in latest:
        found = peers[result.assessment.framework_slug, result.assessment.period]
        rows = []
        for section in result.result.sections:
            own = f"{section.score} of {section.max_score}"
            if result.result.scheme == Framework.Scheme.LEVELS:
                levels = provider_table.level_words(section.level_counts,
                                                    labels[result.assessment.framework_id])
                own = f"{levels} ({own} points)" if levels else f"{own} points"
            median = (f"{found.medians[section.code]} of {section.max_score}"
                      + (" points" if result.result.scheme == Framework.Scheme.LEVELS else "")
                      if found.shown else "")
            rows.append(PeerRow(section.code, section.title, own, median))
        comparisons.append(PeerComparison(framework, result, found.contributors, found.shown,
                                          rows))
    return comparisons


def reviews_of(user, provider) -> list[ReviewRow]:
    """Each review the user may see (``Review.objects.visible_to``) of the provider's
    self-assessments the user may see, by framework, newest year first, then reviewer: the
    self-assessed score and the moderated one (each disagreed item at the reviewer's level, as
    ``reviews.selectors.moderated_result``), scored by the framework's own rule, and the
    disagreements. Internal notes are never read. A fixed number of queries, however many
    reviews."""
    reviews = list(Review.objects.visible_to(user)
                   .filter(assessment__provider=provider,
                           assessment__in=Assessment.objects.visible_to(user))
                   .select_related("assessment__framework", "organisation")
                   .order_by("assessment__framework__name", "-assessment__period",
                             "organisation__name", "pk"))
    if not reviews:
        return []
    own = defaultdict(lambda: defaultdict(list))  # assessment -> section -> level ids
    for row in (Response.objects.filter(assessment_id__in={r.assessment_id for r in reviews})
                .order_by().values("assessment_id", "criterion__section_id", "level_id")
                .annotate(n=Count("pk"))):
        own[row["assessment_id"]][row["criterion__section_id"]] += [row["level_id"]] * row["n"]
    moderated = defaultdict(lambda: defaultdict(list))  # review -> section -> level ids
    disagreed = Counter()
    for row in (ReviewItem.objects.filter(review__in=reviews).order_by()
                .values("review_id", "response__criterion__section_id", "agrees", "level_id",
                        "response__level_id").annotate(n=Count("pk"))):
        disagrees = row["agrees"] is False
        level_id = row["level_id"] if disagrees else row["response__level_id"]
        moderated[row["review_id"]][row["response__criterion__section_id"]] += (
            [level_id] * row["n"])
        disagreed[row["review_id"]] += row["n"] if disagrees else 0
    score = provider_table.scorer({r.assessment.framework_id for r in reviews})
    limits = moderation.thresholds()
    rows = []
    for review in reviews:
        assessment = review.assessment
        self_result, self_words = score(assessment, own[assessment.pk])
        moderated_result, moderated_words = score(assessment, moderated[review.pk])
        rows.append(ReviewRow(review, self_words, moderated_words, moderation.Moderation(
            review_id=review.pk, reviewer=review.organisation.name, own=False,
            state_label=review.get_state_display(),
            points=assessment.framework.scoring_scheme == Framework.Scheme.POINTS,
            self_assessed=self_result.score, moderated=moderated_result.score,
            disagreements=disagreed[review.pk],
            threshold=limits.get(assessment.framework_slug))))
    return rows


def visits_of(user, provider, questions) -> list[VisitRow]:
    """The provider's QA visits the user may see, newest first, each with its judgements per
    question where the user may see the findings and the visit counts (a withdrawn one is
    listed, its judgements are not: ``visits.workflow.counted``): one query for every visit's
    judgements."""
    visits = [VisitRow(v, can(user, "visits.view_visit_findings", v), visit_workflow.counted(v))
              for v in (visit_selectors.visits().visible_to(user).filter(provider=provider)
                        .order_by("-visited_on", "-planned_visit_date", "-pk"))]
    shown = [v.visit.pk for v in visits if v.findings_shown and v.counted]
    judged = defaultdict(dict)
    if shown:
        for judgement in (VisitJudgement.objects.filter(visit_id__in=shown, level__isnull=False)
                          .select_related("level")):
            judged[judgement.visit_id][judgement.section_id] = judgement.level
    for row in visits:
        if row.findings_shown and row.counted:
            levels = judged.get(row.visit.pk, {})
            row.judgements = [(q, levels.get(q.pk)) for q in questions]
    return visits


def concerns_of(user, provider) -> list[ConcernRow]:
    """The causes for concern about the provider the user may see, newest first, each with
    the chair's latest decision (two queries)."""
    concerns = list(Concern.objects.visible_to(user).filter(provider=provider)
                    .select_related("section", "partnership").order_by("-raised_at", "-pk"))
    latest = {}
    if concerns:
        for decision in ConcernDecision.objects.filter(concern__in=concerns).order_by(
                "concern", "decided_at", "pk"):
            latest[decision.concern_id] = decision
    return [ConcernRow(c, latest.get(c.pk)) for c in concerns]


def plans_of(user, provider) -> list[PlanRow]:
    """The provider's action plans the user may see, newest year first, with how many of
    their actions (those the user may see) are open, done and overdue: two queries."""
    plans = [PlanRow(p) for p in ActionPlan.objects.visible_to(user).filter(provider=provider)
             .select_related("provider").order_by("-period")]
    if not plans:
        return plans
    today = timezone.localdate()
    counts = {row["plan_id"]: row for row in (
        Action.objects.visible_to(user).filter(plan__in=[p.plan for p in plans])
        .order_by().values("plan_id")
        .annotate(open=Count("pk", filter=action_workflow.open_q()),
                  done=Count("pk", filter=action_workflow.done_q()),
                  overdue=Count("pk", filter=action_workflow.overdue_q(today))))}
    for row in plans:
        found = counts.get(row.plan.pk, {})
        row.open, row.done, row.overdue = (found.get("open", 0), found.get("done", 0),
                                           found.get("overdue", 0))
    return plans


def profile_for(user, provider, *, support_shown: int = SUPPORT_SHOWN) -> Profile:
    """Everything the profile page shows about ``provider`` (found through
    ``Organisation.objects.visible_to(user)``), for ``user``, with the support log's latest
    ``support_shown`` entries."""
    links = links_of(user, provider)
    questions = provider_table.visit_questions()
    concerns_shown = sees_concerns(user, links)
    histories = histories_of(user, provider)
    agreements = current_agreements([link.pk for link in links], timezone.localdate())
    ended = decommissionings(link.pk for link in links if link.is_decommissioned)
    support = support_log(user, provider, limit=support_shown + 1)
    return Profile(
        commissioning=[(link, agreements.get(link.pk), ended.get(link.pk)) for link in links],
        support=support[:support_shown], support_more=len(support) > support_shown,
        provider=provider, links=links, histories=histories,
        comparisons=comparisons_of(provider, histories),
        reviews=reviews_of(user, provider),
        questions=questions, visits=visits_of(user, provider, questions),
        concerns_shown=concerns_shown,
        concerns=concerns_of(user, provider) if concerns_shown else [],
        plans=plans_of(user, provider),
        outcomes=provider_outcomes(user, provider))
