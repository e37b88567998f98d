"""Reads for action plans."""
from .models import Action


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


def actions_for_assessment(assessment):
    """The provider's actions for the assessment's year in sections of its framework."""
    return (
        Action.objects.filter(plan__provider_id=assessment.provider_id,
                              plan__period=assessment.period,
                              section__framework_id=assessment.framework_id)
        .select_related("section")
        .order_by("section__order", "created_at", "pk")
    )
