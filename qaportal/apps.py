"""The project app: connects the project-wide signal receivers."""
from django.apps import AppConfig


class QaportalConfig(AppConfig):
    name = "qaportal"
    verbose_name = "QA Portal"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_started

        user_logged_in.connect(session_started, dispatch_uid="qaportal.session_started")
