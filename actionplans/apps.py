"""App configuration for actionplans."""
from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = "Action plans"

    def ready(self):
        from assessments.services import submission_rules
        from visits.services import visit_finalised_hooks

        from .submission_checks import stage2_action_plan_rule
        from .visit_hooks import actions_from_finalised_visit

        if stage2_action_plan_rule not in submission_rules:
            submission_rules.append(stage2_action_plan_rule)
        if actions_from_finalised_visit not in visit_finalised_hooks:
            visit_finalised_hooks.append(actions_from_finalised_visit)
