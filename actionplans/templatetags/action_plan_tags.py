"""Template tags that show an assessment's Stage 2 action plan on assessment pages."""
from django import template

from ..selectors import actions_for_assessment, previous_actions_by_section

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
