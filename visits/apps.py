"""App configuration for QA visits."""
from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = "QA visits"

    def ready(self):
        from assessments import records, workflows
        from frameworks.models import Framework

        from . import (
            permissions,  # noqa: F401  (registers the rules)
            workflow,
        )
        from .records import VISITS

        workflows.register(Framework.Kind.QA_VISIT, workflow)
        records.register(VISITS)
