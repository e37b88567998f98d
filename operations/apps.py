"""The operations app: its management commands (backup, restore, run_worker, faults)."""
from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = "Operations"
