"""Dashboards read other apps' models through selectors; they own one table of their own: the
threshold above which a provider's self-assessment and its review are flagged as differing."""
from django.db import models
from simple_history.models import HistoricalRecords


class ModerationThreshold(models.Model):
    """How far a framework's self-assessment and its review may differ before the dashboards
    flag the provider (the rule: ``dashboards.moderation.differs``). A framework with no row
    is never flagged."""

    framework_slug = models.SlugField(
        max_length=60, unique=True,
        help_text="The framework, every version of it (e.g. si-qaf).")
    difference = models.PositiveIntegerField(
        help_text="Points frameworks: flagged when the self-assessed and moderated totals differ "
                  "by more than this many points. Other frameworks: flagged when the reviewer "
                  "disagrees with more than this many items.")
    explanation = models.TextField(
        blank=True, help_text="Why this threshold: shown to administrators only.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["framework_slug"]
        constraints = [
            models.CheckConstraint(name="moderation_threshold_positive",
                                   condition=models.Q(difference__gte=1)),
        ]

    def __str__(self):
        return f"{self.framework_slug}: more than {self.difference}"
