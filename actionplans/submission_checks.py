"""The SI QAF Stage 2 submission check (a check on submitting, not a permission rule),
registered in ``assessments.submission_rules`` by ``ActionplansConfig.ready``."""
from assessments.services import RuleFailure, names_list

from .selectors import sections_with_complete_actions

ACTION_NEEDED = (
    "A total of {threshold} or below needs a Stage 2 action plan. Add a SMART action "
    "(area, action, when and who) for {sections}."
)


def stage2_action_plan_rule(assessment, result) -> list[RuleFailure]:
    """Points scheme: at or below the threshold, every section below the maximum needs at
    least one complete SMART action in the provider's plan for the year."""
    if result.scheme != "points" or not result.action_plan_required:
        return []
    covered = sections_with_complete_actions(assessment.provider_id, assessment.period)
    missing = [s for s in result.sections_needing_action if s.code not in covered]
    if not missing:
        return []
    threshold = assessment.framework.scoring_parameters["action_plan_threshold"]
    return [RuleFailure(
        ACTION_NEEDED.format(threshold=threshold, sections=names_list(s.title for s in missing)),
        tuple(s.code for s in missing), fix="add_action",
    )]
