"""App configuration for reviews (moderation of submitted self-assessments)."""
from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews and moderation"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
