"""The shared helpers' app: no tables (an abstract model at most), no URLs; installed so its
tests and checks find it, and so that the worker's tasks are logged with their request ids
(``core.tracing``)."""
from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared helpers"

    def ready(self):
        from . import tracing

        tracing.follow_tasks()
