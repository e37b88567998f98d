"""Medium-term outcomes: what a learner's EHC plan aims at over several years (each mapped to a
Preparing for Adulthood area, with the academic year it should be reached by), and the step
of progress towards it recorded at each annual review. Rows change only through
``outcomes.medium_term``."""
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from organisations.models import Organisation

from .models import ACADEMIC_YEAR_PATTERN, Learner, OutcomeScheme
from .querysets import AggregatedQuerySet

YEAR_VALIDATOR = RegexValidator(ACADEMIC_YEAR_PATTERN, "Give the year as 2025/26.")


class MediumTermOutcome(models.Model):
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="medium_term")
    # The learner's LA, copied on every save (as ``GoalOutcome`` does): an LA's figures read
    # its own rows through an index.
    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                        related_name="+", editable=False)
    pfa_area = models.CharField("Preparing for Adulthood area", max_length=40)
    outcome = models.CharField(max_length=500)
    target_year = models.CharField("to be reached by", max_length=7,
                                   validators=[YEAR_VALIDATOR])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["learner", "target_year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "outcome"],
                                    name="one_medium_term_outcome_per_text"),
            models.CheckConstraint(condition=models.Q(target_year__regex=ACADEMIC_YEAR_PATTERN),
                                   name="medium_term_target_year"),
        ]
        indexes = [models.Index(fields=["local_authority", "pfa_area"],
                                name="medium_term_la_area")]

    def __str__(self):
        return f"{self.learner.reference}: {self.outcome[:40]}"

    def save(self, *args, **kwargs):
        self.local_authority_id = self.learner.local_authority_id
        super().save(*args, **kwargs)


class MediumTermProgress(models.Model):
    """The step reached towards a medium-term outcome at one year's annual review, at the
    provider the learner attended."""

    outcome = models.ForeignKey(MediumTermOutcome, on_delete=models.CASCADE,
                                related_name="progress")
    # The learner's LA, copied on every save: aggregates read an LA's rows (and a provider's,
    # a partnership's) as they read goal outcomes (``AggregatedQuerySet``).
    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                        related_name="+", editable=False)
    scheme = models.ForeignKey(OutcomeScheme, on_delete=models.PROTECT, related_name="+")
    academic_year = models.CharField(max_length=7, validators=[YEAR_VALIDATOR])
    review_date = models.DateField()
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"kind": Organisation.Kind.PROVIDER})
    step = models.CharField(max_length=40)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = AggregatedQuerySet.as_manager()

    class Meta:
        ordering = ["outcome", "academic_year"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "academic_year"],
                                    name="one_medium_term_step_per_year"),
            models.CheckConstraint(condition=models.Q(academic_year__regex=ACADEMIC_YEAR_PATTERN),
                                   name="medium_term_progress_year"),
        ]
        indexes = [models.Index(fields=["provider", "academic_year"],
                                name="medium_term_provider_year"),
                   models.Index(fields=["local_authority", "academic_year"],
                                name="medium_term_la_year")]

    def __str__(self):
        return f"{self.outcome} in {self.academic_year}: {self.step}"

    def save(self, *args, **kwargs):
        self.local_authority_id = self.outcome.local_authority_id
        super().save(*args, **kwargs)
