"""App configuration for actionplans."""
from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = "Action plans"

    def ready(self):
        from assessments.services import submission_rules

        from .rules import stage2_action_plan_rule

        if stage2_action_plan_rule not in submission_rules:
            submission_rules.append(stage2_action_plan_rule)
