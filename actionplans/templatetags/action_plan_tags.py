"""Template tags that show an assessment's Stage 2 action plan on assessment pages."""
from django import template

from ..selectors import actions_for_assessment

register = template.Library()


@register.inclusion_tag("actionplans/includes/_stage2_actions.html")
def stage2_actions(assessment, can_edit=False, heading_level=2):
    """The provider's actions for the assessment's year and framework, as the Stage 2 table."""
    return {"assessment": assessment, "actions": list(actions_for_assessment(assessment)),
            "can_edit": can_edit, "heading_level": heading_level,
            "columns": assessment.framework.action_plan_fields}


@register.inclusion_tag("actionplans/includes/_previous_actions.html")
def previous_actions(assessment, section):
    """Last year's actions for this section and what came of them."""
    from ..selectors import previous_actions_by_section

    return {"actions": previous_actions_by_section(assessment).get(section.code, []),
            "section": section}
