"""App configuration for actionplans."""
from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = "Action plans"

    def ready(self):
        from assessments import submission_rules
        from visits import finalised_hooks

        from .submission_checks import stage2_action_plan_rule
        from .visit_hooks import actions_from_finalised_visit

        # Submitting a points self-assessment at or below the threshold needs a Stage 2 plan.
        submission_rules.register(stage2_action_plan_rule)
        # A finalised visit's action points and follow-up actions become actions.
        finalised_hooks.register(actions_from_finalised_visit)
