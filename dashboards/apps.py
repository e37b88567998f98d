"""App configuration for dashboards."""
from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "Dashboards"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
