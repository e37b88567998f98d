"""App configuration for dashboards."""
from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "Dashboards"

    def ready(self):
        from outcomes import imported_hooks

        from . import permissions  # noqa: F401  (registers the rules)
        from .outcomes import figures_after_import
        from .trend_kept import follow_writes

        imported_hooks.register(figures_after_import)
        follow_writes()
