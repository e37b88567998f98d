"""App configuration for reminders: the dates quality assurance runs on, and who is told."""
from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "Reminders"
