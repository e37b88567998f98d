"""App configuration for bulk exports."""
from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = "Bulk exports"

    def ready(self):
        from reminders import housekeeping

        from . import permissions  # noqa: F401  (registers the rules)
        from .services import daily_housekeeping

        # The worker's daily run fails exports whose worker stopped and deletes expired ZIPs.
        housekeeping.register(daily_housekeeping)
