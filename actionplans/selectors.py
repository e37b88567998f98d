"""Reads for action plans: plans, proposals from assessments, last year's actions."""
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from assessments.models import Assessment
from assessments.selectors import assessment_result
from core.lists import years_of
from core.periods import previous_period
from frameworks.models import Section

from . import workflow
from .models import Action, ActionPlan


def sections_with_complete_actions(provider_id, period) -> set[str]:
    """Codes of the sections that hold at least one complete SMART action (area, action,
    when and who) in the provider's plan for the year."""
    return set(
        Action.objects.filter(plan__provider_id=provider_id, plan__period=period)
        .exclude(status=Action.Status.DROPPED)
        .exclude(smart_action="").exclude(owner="").exclude(due_date=None)
        .exclude(section=None)
        .values_list("section__code", flat=True)
    )


def actions_for_assessment(assessment, user):
    """The provider's actions for the assessment's year in sections of its framework that the
    user may see (``user`` None: every one, for a report an operator renders with the
    ``render_report`` command)."""
    actions = Action.objects.all() if user is None else Action.objects.visible_to(user)
    return (
        actions.filter(plan__provider_id=assessment.provider_id, plan__period=assessment.period,
                       section__framework_id=assessment.framework_id)
        .select_related("section")
        .order_by("section__order", "created_at", "pk")
    )


class PlanState(models.TextChoices):
    """What the plan list filters plans by, counting only the actions the user can see."""

    OVERDUE = "overdue", "With overdue actions"
    OPEN = "open", "With open actions"
    NO_OPEN = "no_open", "With no open actions"


def plan_years(user) -> list[str]:
    """The academic years of the plans the user can see, newest first (one query)."""
    return years_of(ActionPlan.objects.visible_to(user))


def plans_for(user, *, year: str = "", state: str = "", q: str = ""):
    """Plans the user can see, for one academic year, in one ``PlanState``, of providers whose
    name holds ``q`` (each when given), newest year first, then by provider name: a stable
    order to page through. A lazy queryset; ``with_action_counts`` counts a page's actions."""
    plans = ActionPlan.objects.visible_to(user)
    if year:
        plans = plans.filter(period=year)
    if state:
        seen = Action.objects.visible_to(user).filter(plan=OuterRef("pk"))
        plans = plans.filter({
            PlanState.OVERDUE: Exists(seen.overdue(timezone.localdate())),
            PlanState.OPEN: Exists(seen.open()),
            PlanState.NO_OPEN: ~Exists(seen.open()),
        }[state])
    if q:
        plans = plans.filter(provider__name__icontains=q)
    return plans.select_related("provider").order_by("-period", "provider__name", "pk")


def with_action_counts(user, plans) -> list[ActionPlan]:
    """The plans, each with ``total``, ``open`` and ``overdue``: the actions the user can see,
    counted for these rows only (one query, reading only these plans' actions)."""
    plans = list(plans)
    today = timezone.localdate()
    counts = {row["plan_id"]: (row["total"], row["open"], row["overdue"]) for row in (
        Action.objects.visible_to(user).filter(plan_id__in=[p.pk for p in plans])
        .order_by().values("plan_id")
        .annotate(total=Count("pk"), open=Count("pk", filter=workflow.open_q()),
                  overdue=Count("pk", filter=workflow.overdue_q(today))))}
    for plan in plans:
        plan.total, plan.open, plan.overdue = counts.get(plan.pk, (0, 0, 0))
    return plans


def plan_actions(provider, period, *, user):
    """Every action in a provider's plan for a year that the user can see (any framework, any
    status), in order: framework, section, then when it was added. The plan page and every
    action-plan export read this one list."""
    return (
        Action.objects.visible_to(user).filter(plan__provider=provider, plan__period=period)
        .select_related("section__framework", "plan", "source_assessment__framework",
                        "source_visit", "criterion", "carried_from__plan")
        .order_by("section__framework__name", "section__order", "created_at", "pk")
    )


@dataclass(frozen=True)
class Proposal:
    """An area for improvement an assessment proposes and the plan does not yet cover."""

    assessment: Assessment
    section: Section
    reason: str


def proposals(provider, period, user) -> list[Proposal]:
    """Areas the year's self-assessments propose: each SI QAF section below its maximum and
    each benchmark rated on one of the lowest levels — unless the plan already has an
    action for that section. A few queries per framework assessed that year."""
    covered = set(Action.objects.visible_to(user)
                  .filter(plan__provider=provider, plan__period=period)
                  .exclude(section=None).values_list("section_id", flat=True))
    found = []
    assessments = (Assessment.objects.visible_to(user)
                   .filter(provider=provider, period=period).select_related("framework"))
    for assessment in assessments:
        sections = list(Section.objects.filter(framework=assessment.framework).order_by("order"))
        result = assessment_result(assessment, sections=sections)
        for section, section_result in zip(sections, result.sections, strict=True):
            if section_result.needs_action and section.pk not in covered and section_result.rated:
                if result.scheme == "points":
                    reason = f"{section_result.score}/{section_result.max_score} evidenced"
                else:
                    reason = "rated on one of the lowest levels"
                found.append(Proposal(assessment, section, reason))
    return found


def previous_actions_by_section(assessment, user) -> dict[str, list[Action]]:
    """Last year's actions for the same framework, by section code: next year's
    self-assessment shows them beside each section (the seed asks for evidence of
    "changes made as a result of your action plan")."""
    previous = previous_period(assessment.period)
    by_code: dict[str, list[Action]] = {}
    actions = (Action.objects.visible_to(user)
               .filter(plan__provider_id=assessment.provider_id, plan__period=previous,
                       section__framework__slug=assessment.framework_slug)
               .select_related("section").order_by("section__order", "pk"))
    for action in actions:
        by_code.setdefault(action.section.code, []).append(action)
    return by_code


def visit_actions_by_requirement(visit, section_code: str, user) -> dict[str, list[Action]]:
    """The actions raised from a QA visit's requirements in one section (``source_visit`` the
    visit, ``criterion`` the requirement) that the user may see, by requirement code, in the
    order they were raised: the next visit shows them beside each requirement. One query."""
    by_code: dict[str, list[Action]] = {}
    actions = (Action.objects.visible_to(user)
               .filter(source_visit=visit, criterion__section__code=section_code)
               .select_related("criterion").order_by("criterion__order", "created_at", "pk"))
    for action in actions:
        by_code.setdefault(action.criterion.code, []).append(action)
    return by_code


def review_actions(review) -> dict:
    """Criterion id -> the action raised from the review's assessment for that criterion (an
    action from a disagreement), for the review's pages (one query)."""
    return {a.criterion_id: a for a in Action.objects.filter(
        source_assessment_id=review.assessment_id, criterion__isnull=False)
        .only("pk", "criterion_id", "plan_id")}
