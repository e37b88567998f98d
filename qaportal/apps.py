"""The project app: connects the project-wide signal receivers and registers its checks."""
from django.apps import AppConfig


class QaportalConfig(AppConfig):
    name = "qaportal"
    verbose_name = "QA Portal"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created

        from . import checks  # noqa: F401  (registers the deployment checks)
        from .middleware import session_started
        from .outage import outage_log

        user_logged_in.connect(session_started, dispatch_uid="qaportal.session_started")
        # After an outage, the first new connection ends it in the log.
        connection_created.connect(outage_log.connected, dispatch_uid="qaportal.outage_over")
