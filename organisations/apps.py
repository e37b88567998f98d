"""App configuration for organisations."""
from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = "Organisations and people"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
