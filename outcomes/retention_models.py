"""How long learners' rows and the records of access to them are kept (``RetentionPeriods``:
the service's default, and any LA's own), and the record of what was deleted, by the daily
run's retention or by one learner's erasure (``DataRemoval``: counts and a hashed reference,
never the rows)."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from organisations.models import Organisation

from .access_models import AppendOnlyRecord

# The service's defaults, where no row says otherwise (an administrator may add the service's
# own: a row with no local authority) (see README "Data protection"): the
# IRMS Information Management Toolkit for Schools keeps SEN files and EHC plans until the
# pupil's date of birth + 31 years (a plan can run to 25, and six years more for the
# Limitation Act); access records, two years.
LEARNER_AGE = 31
ACCESS_YEARS = 2
# The bounds a period may be set to: a plan runs to 25 at least; access records a year at least.
LEARNER_AGE_RANGE = (25, 100)
ACCESS_YEARS_RANGE = (1, 20)
# Tests assert this.
REMOVAL_KEPT = "A record of data removed is never changed or deleted."


class RetentionPeriods(models.Model):
    """The periods for one local authority's learners, or (no local authority) the service's
    default for every LA without its own row."""

    local_authority = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        limit_choices_to={"kind": Organisation.Kind.LOCAL_AUTHORITY},
        help_text="Empty: the service's default.")
    learner_age = models.PositiveSmallIntegerField(
        "keep learners until the end of the year they turn", default=LEARNER_AGE,
        validators=[MinValueValidator(LEARNER_AGE_RANGE[0]),
                    MaxValueValidator(LEARNER_AGE_RANGE[1])],
        help_text="Only the year of birth is held, so a learner's rows go on 1 January after "
                  "the year they reach this age.")
    access_years = models.PositiveSmallIntegerField(
        "keep access records for (years)", default=ACCESS_YEARS,
        validators=[MinValueValidator(ACCESS_YEARS_RANGE[0]),
                    MaxValueValidator(ACCESS_YEARS_RANGE[1])])
    changed_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "retention periods"
        verbose_name_plural = "retention periods"
        constraints = [
            # One service default (the row with no LA) and one row per LA.
            models.UniqueConstraint(Coalesce("local_authority", Value(0)),
                                    name="one_retention_periods_each"),
            models.CheckConstraint(
                condition=models.Q(learner_age__gte=LEARNER_AGE_RANGE[0],
                                   learner_age__lte=LEARNER_AGE_RANGE[1]),
                name="retention_learner_age_range"),
            models.CheckConstraint(
                condition=models.Q(access_years__gte=ACCESS_YEARS_RANGE[0],
                                   access_years__lte=ACCESS_YEARS_RANGE[1]),
                name="retention_access_years_range"),
        ]

    def __str__(self):
        whose = self.local_authority.name if self.local_authority_id else "Service default"
        return f"{whose}: learners to {self.learner_age}, access records {self.access_years} years"


class DataRemovalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The removals from the local authorities whose data-protection lead the user is."""
        from .permissions import data_protection_las

        return self.filter(local_authority__in=[la.pk for la in data_protection_las(user)])


class DataRemoval(AppendOnlyRecord):
    """What one deletion removed from one local authority's data: how many rows of each kind
    (never the rows), when, why, and for an erasure who asked and a keyed hash of the learner's
    reference (so an LA can show a reference was erased without keeping it). Append-only."""

    class Kind(models.TextChoices):
        RETENTION = "retention", "Past its retention period"
        ERASURE = "erasure", "Erasure of one learner"

    at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    local_authority = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                        related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+")
    who = models.CharField(max_length=254, blank=True)
    reason = models.TextField(blank=True)
    reference_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # What went: a label ("Goals", "History of goals", ...) -> how many rows.
    counts = models.JSONField(default=dict)

    kept_message = REMOVAL_KEPT
    objects = DataRemovalQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["local_authority", "-at"], name="removal_la_at")]
        verbose_name = "data removal record"

    def __str__(self):
        return f"{self.get_kind_display()} – {self.at:%Y-%m-%d %H:%M}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())
