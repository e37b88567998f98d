"""App configuration for the read-only API (``/api/v1/``) and its tokens."""
from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Read-only API"

    def ready(self):
        from people import removed_hooks

        from . import permissions  # noqa: F401  (registers the rules)
        from .tokens import revoke_on_removal

        removed_hooks.register(revoke_on_removal)
