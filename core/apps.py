"""The shared helpers' app: no tables (an abstract model at most), no URLs; installed so its
tests and checks find it."""
from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared helpers"
