"""Writes for action plans: each in a transaction, with history naming the user."""
from django.core.exceptions import PermissionDenied
from django.db import transaction

from assessments.models import Assessment
from organisations.models import User
from organisations.permissions import can

from .models import Action, ActionPlan

NOT_ALLOWED_TO_ADD_ACTION = "You cannot add actions to this self-assessment's action plan."


@transaction.atomic
def stage2_action_create(*, assessment: Assessment, by: User, section, area: str,
                         smart_action: str, due_date, owner: str, success_measure: str) -> Action:
    """Add a SMART action for a section to the provider's plan for the assessment's year."""
    if not can(by, "assessments.edit_self_assessment", assessment):
        raise PermissionDenied(NOT_ALLOWED_TO_ADD_ACTION)
    plan, _ = ActionPlan.objects.get_or_create(provider=assessment.provider, period=assessment.period)
    action = Action(
        plan=plan, section=section, area=area.strip(), source_assessment=assessment,
        smart_action=smart_action.strip(), due_date=due_date, owner=owner.strip(),
        success_measure=success_measure.strip(), created_by=by,
    )
    action.full_clean()
    action._history_user = by
    action.save()
    return action
