"""Template tags that show action plans on other apps' pages: an assessment's Stage 2 plan,
last year's actions beside a self-assessment's section, the open actions of last year's plan
still to carry forward, and the actions from the previous QA visit beside each requirement of
the next one."""
from django import template

from core.periods import period_slug
from organisations.permissions import can

from ..carry_forward import last_plan_open
from ..selectors import (
    actions_for_assessment,
    previous_actions_by_section,
    review_actions,
    visit_actions_by_requirement,
)

register = template.Library()


@register.inclusion_tag("actionplans/includes/_stage2_actions.html", takes_context=True)
def stage2_actions(context, assessment, can_edit=False, heading_level=2):
    """The provider's actions for the assessment's year and framework that the signed-in
    user may see, as the Stage 2 table."""
    user = context["request"].user
    return {"assessment": assessment, "actions": list(actions_for_assessment(assessment, user)),
            "can_edit": can_edit, "heading_level": heading_level,
            "columns": assessment.framework.action_plan_fields}


@register.inclusion_tag("actionplans/includes/_previous_actions.html", takes_context=True)
def previous_actions(context, assessment, section):
    """Last year's actions for this section and what came of them."""
    by_section = previous_actions_by_section(assessment, context["request"].user)
    return {"actions": by_section.get(section.code, []), "section": section}


@register.inclusion_tag("actionplans/includes/_carry_forward_notice.html", takes_context=True)
def carry_forward_notice(context, provider, period):
    """On a page about the provider's year (the self-assessment it has just started, say): how
    many open actions of its last plan are still to carry forward, close or drop, linking to
    the page that decides them. Only for those who may decide them (one query), nothing for
    anyone else (no query)."""
    user = context["request"].user
    allowed = can(user, "actionplans.manage_plan", provider)
    return {"last_plan": last_plan_open(provider, period, user=user) if allowed else None,
            "provider": provider, "period_slug": period_slug(period)}


def _visit_actions(request, visit, section_code) -> dict:
    """``visit_actions_by_requirement`` for the signed-in user, read once per request for a
    visit and section however many requirements ask (kept on the request, like the user's
    roles on the user)."""
    cache = getattr(request, "_qaportal_visit_actions", None)
    if cache is None:
        cache = request._qaportal_visit_actions = {}
    key = (visit.pk, section_code)
    if key not in cache:
        cache[key] = visit_actions_by_requirement(visit, section_code, request.user)
    return cache[key]


@register.inclusion_tag("actionplans/includes/_previous_visit.html", takes_context=True)
def previous_visit_requirement(context, previous_visit, response, code, section_code):
    """Beside a requirement of a QA visit: its rating at the provider's previous visit
    (``response``, that visit's response to it, or None) and the actions raised from it that
    the user may see, with their status. Nothing when there is no previous visit."""
    if not previous_visit:
        return {"show": False}
    actions = _visit_actions(context["request"], previous_visit, section_code).get(code, [])
    return {"show": bool(actions or (response and response.level_id)), "actions": actions,
            "previous_visit": previous_visit, "response": response, "code": code,
            "section_code": section_code}


@register.inclusion_tag("actionplans/includes/_review_item_action.html", takes_context=True)
def review_item_action(context, review, item):
    """Beside a review's disagreement: the action raised from it, or for the reviewing
    organisation (once the review is shared) a button that raises it in one step. The
    review's actions are read once per request, however many disagreements ask."""
    request = context["request"]
    cache = getattr(request, "_qaportal_review_actions", None)
    if cache is None:
        cache = request._qaportal_review_actions = {}
    if review.pk not in cache:
        cache[review.pk] = (review_actions(review),
                            can(request.user, "reviews.raise_review_action", review))
    actions, can_raise = cache[review.pk]
    return {"action": actions.get(item.response.criterion_id), "can_raise": can_raise,
            "item": item, "review": review, "csrf_token": context.get("csrf_token")}
