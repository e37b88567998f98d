"""App configuration for outcomes monitoring."""
from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes monitoring"

    def ready(self):
        from frameworks.data_loaders import register

        from . import permissions  # noqa: F401  (registers the rules)
        from .scheme import directory, scheme_load

        register(directory, scheme_load)
