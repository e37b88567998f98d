"""App configuration for assessments."""
from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
