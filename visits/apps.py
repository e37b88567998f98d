"""App configuration for QA visits."""
from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = "QA visits"

    def ready(self):
        from assessments import records

        from . import permissions  # noqa: F401  (registers the rules)
        from .records import VISITS

        records.register(VISITS)
