"""App configuration for the read-only API (``/api/v1/``) and its tokens."""
from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Read-only API"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
