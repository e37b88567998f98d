"""App configuration for QA visits."""
from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = "QA visits"

    def ready(self):
        from assessments import workflows
        from frameworks.models import Framework

        from . import (
            permissions,  # noqa: F401  (registers the rules)
            workflow,
        )

        workflows.register(Framework.Kind.QA_VISIT, workflow)
