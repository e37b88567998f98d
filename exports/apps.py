"""App configuration for bulk exports."""
from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = "Bulk exports"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
