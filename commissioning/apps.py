"""App configuration for the commissioning cycle: due diligence before commissioning."""
from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "commissioning"
    verbose_name = "Commissioning cycle"

    def ready(self):
        from frameworks.data_loaders import register

        from . import permissions  # noqa: F401  (registers the rules)
        from .checklists import checklist_load, directory

        register(directory, checklist_load)
