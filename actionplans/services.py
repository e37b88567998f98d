"""Writes for action plans: each in a transaction, with history naming the user."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from assessments.models import Assessment
from core.history import save_with_history
from organisations.models import Organisation, User
from organisations.permissions import can
from reviews.models import Review, ReviewItem

from .models import Action, ActionPlan, ActionUpdate

NOT_ALLOWED_TO_ADD_ACTION = "You cannot add actions to this self-assessment's action plan."
NOT_ALLOWED_TO_MANAGE = "Only the provider's own lead and staff can change its action plan."
DROPPED_NEEDS_REASON = "Give the reason for dropping this action."
NOTE_REQUIRED = "Write what has happened since the last update."
# The owner of an action someone else raised for the provider, until the provider names one.
TO_BE_AGREED = "To be agreed"


def plan_for(provider: Organisation, period: str) -> ActionPlan:
    """The provider's action plan for the period, created empty if there is none yet."""
    plan, _ = ActionPlan.objects.get_or_create(provider=provider, period=period)
    return plan


@transaction.atomic
def action_create(*, provider: Organisation, period: str, by: User, section, area: str,
                  smart_action: str, due_date, owner: str, success_measure: str,
                  source_assessment: Assessment | None = None) -> Action:
    """Add a SMART action to the provider's plan for the year (made if it does not exist)."""
    if not can(by, "actionplans.manage_plan", provider):
        raise PermissionDenied(NOT_ALLOWED_TO_MANAGE)
    action = Action(
        plan=plan_for(provider, period), section=section, area=area.strip(),
        source_assessment=source_assessment, smart_action=smart_action.strip(),
        due_date=due_date, owner=owner.strip(), success_measure=success_measure.strip(),
        created_by=by,
    )
    action.full_clean()
    save_with_history(action, by=by)
    return action


def stage2_action_create(*, assessment: Assessment, by: User, section, area: str,
                         smart_action: str, due_date, owner: str, success_measure: str) -> Action:
    """Add a Stage 2 SMART action for a section while the self-assessment is a draft."""
    if not can(by, "assessments.edit_self_assessment", assessment):
        raise PermissionDenied(NOT_ALLOWED_TO_ADD_ACTION)
    return action_create(provider=assessment.provider, period=assessment.period, by=by,
                         section=section, area=area, smart_action=smart_action,
                         due_date=due_date, owner=owner, success_measure=success_measure,
                         source_assessment=assessment)


@transaction.atomic
def action_edit(*, action: Action, by: User, area: str, smart_action: str, due_date, owner: str,
                success_measure: str, outcome: str) -> Action:
    """Change what an action says; its source (assessment, section) stays."""
    action = Action.objects.select_for_update(of=("self",)).select_related("plan").get(pk=action.pk)
    if not can(by, "actionplans.manage_plan", action.plan):
        raise PermissionDenied(NOT_ALLOWED_TO_MANAGE)
    action.area, action.smart_action = area.strip(), smart_action.strip()
    action.due_date, action.owner = due_date, owner.strip()
    action.success_measure, action.outcome = success_measure.strip(), outcome.strip()
    action.full_clean()
    save_with_history(action, by=by)
    return action


@transaction.atomic
def action_progress_record(*, action: Action, by: User, note: str, status: str,
                           dropped_reason: str = "") -> ActionUpdate:
    """Add a dated progress note and set the action's status (dropping needs a reason)."""
    action = Action.objects.select_for_update(of=("self",)).select_related("plan").get(pk=action.pk)
    if not can(by, "actionplans.manage_plan", action.plan):
        raise PermissionDenied(NOT_ALLOWED_TO_MANAGE)
    if not note.strip():
        raise ValidationError({"note": NOTE_REQUIRED})
    if status == Action.Status.DROPPED and not dropped_reason.strip():
        raise ValidationError({"dropped_reason": DROPPED_NEEDS_REASON})
    update = ActionUpdate(action=action, note=note.strip(), status=status, created_by=by)
    update.full_clean()
    save_with_history(update, by=by)
    action.status = status
    action.dropped_reason = dropped_reason.strip() if status == Action.Status.DROPPED else ""
    action.progress = note.strip()
    save_with_history(action, by=by)
    return update


NOT_ALLOWED_TO_RAISE = ("Only the reviewing organisation can turn a disagreement into an action, "
                        "once the review is shared with the provider.")
NOT_A_DISAGREEMENT = "Only an item the reviewer does not agree with can become an action."
ALREADY_AN_ACTION = "{code} is already an action in {provider}'s plan for {period}."


@transaction.atomic
def action_from_disagreement(*, item, by: User) -> Action:
    """One step from a review's disagreement to an action in the provider's plan for the
    reviewed year: the criterion's section and code, the reviewer's rating and comment as the
    action to agree, owner to be agreed; the provider then makes it SMART. Once per item."""
    review = (Review.objects.select_for_update(of=("self",))
              .select_related("assessment__framework", "assessment__provider", "organisation")
              .get(pk=item.review_id))
    if not can(by, "reviews.raise_review_action", review):
        raise PermissionDenied(NOT_ALLOWED_TO_RAISE)
    item = (ReviewItem.objects.select_related("response__criterion__section", "response__level",
                                               "level").get(pk=item.pk, review=review))
    if item.agrees is not False:
        raise ValidationError(NOT_A_DISAGREEMENT)
    assessment, criterion = review.assessment, item.response.criterion
    if Action.objects.filter(source_assessment=assessment, criterion=criterion).exists():
        raise ValidationError(ALREADY_AN_ACTION.format(
            code=criterion.code, provider=assessment.provider.name, period=assessment.period))
    said = (f"{review.organisation.name}'s review rates {criterion.code} "
            f"“{item.level.label}” (self-assessed “{item.response.level.label}”).")
    action = Action(
        plan=plan_for(assessment.provider, assessment.period), section=criterion.section,
        criterion=criterion, area=criterion.section.title,
        smart_action=f"{said} {item.comment}".strip(), owner=TO_BE_AGREED,
        source_assessment=assessment, created_by=by)
    action.full_clean()
    save_with_history(action, by=by, reason=f"From {review.organisation.name}'s review")
    return action
