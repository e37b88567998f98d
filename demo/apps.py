"""App configuration for the demo data: ``seed_demo`` (the organisations, people and records
``make run`` shows) and ``seed_scale`` (thousands of providers, to measure speed). It sits
above every domain app and builds everything through their services."""
from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "Demo data"
