"""Progress a provider sends for its own learners, pending until the learners' local authority
accepts or refuses it, row by row (``outcomes.progress``): a goal's rating, or the step
reached towards a medium-term outcome. Only accepted rows become ``GoalOutcome`` (or
``MediumTermProgress``) rows, so only they count on any dashboard."""
from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from core.imports.uploads import KeptUpload
from organisations.models import Organisation

from .medium_term_models import MediumTermOutcome, MediumTermProgress
from .models import ACADEMIC_YEAR_PATTERN, GoalOutcome, Learner
from .querysets import ProgressQuerySet


class ProgressSubmission(KeptUpload):
    """One file a provider's person sent to one local authority: kept between its preview
    and its Confirm (``core.imports.uploads``); once confirmed (``state`` applied) its rows
    are ``ProgressRow`` rows and its bytes are not kept."""

    provider = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+",
                                 limit_choices_to={"kind": Organisation.Kind.PROVIDER})
    local_authority = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+",
        limit_choices_to={"kind": Organisation.Kind.LOCAL_AUTHORITY})

    objects = ProgressQuerySet.as_manager()

    class Meta(KeptUpload.Meta):
        indexes = [
            models.Index(fields=["local_authority", "state", "-uploaded_at"],
                         name="progress_la_state_date"),
            models.Index(fields=["provider", "state", "-uploaded_at"],
                         name="progress_provider_state_date"),
        ]

    def __str__(self):
        return f"{self.filename} from {self.provider} to {self.local_authority}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("outcomes:progress", kwargs={"pk": self.pk})


class ProgressRow(models.Model):
    """One goal's progress as the provider sent it (or, with ``medium_term``, the step reached
    towards that medium-term outcome), and the local authority's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        ACCEPTED = "accepted", "Accepted"
        REFUSED = "refused", "Refused"

    submission = models.ForeignKey(ProgressSubmission, on_delete=models.CASCADE,
                                   related_name="rows")
    row = models.PositiveIntegerField(help_text="The row of the file it came from.")
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="+")
    academic_year = models.CharField(max_length=7)
    review_date = models.DateField()
    goal = models.CharField(max_length=500, blank=True)
    pfa_area = models.CharField("Preparing for Adulthood area", max_length=40)
    rating = models.CharField(max_length=40, blank=True)
    medium_term = models.ForeignKey(MediumTermOutcome, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True)
    step = models.CharField(max_length=40, blank=True)
    soft = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(blank=True, help_text="Why it was refused.")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The goal's outcome the row became, once accepted.
    outcome = models.ForeignKey(GoalOutcome, on_delete=models.SET_NULL, related_name="+",
                                null=True, blank=True)
    # The step recorded, once a medium-term row is accepted.
    step_progress = models.ForeignKey(MediumTermProgress, on_delete=models.SET_NULL,
                                      related_name="+", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["submission", "row"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "row"], name="one_progress_row"),
            models.CheckConstraint(
                condition=models.Q(academic_year__regex=ACADEMIC_YEAR_PATTERN),
                name="progress_academic_year"),
            # A goal with its rating, or a medium-term outcome with its step: never both.
            models.CheckConstraint(
                condition=(models.Q(medium_term__isnull=True, step="")
                           & ~models.Q(goal="") & ~models.Q(rating=""))
                | (models.Q(medium_term__isnull=False, goal="", rating="") & ~models.Q(step="")),
                name="progress_goal_or_step"),
        ]
        indexes = [models.Index(fields=["submission", "status"], name="progress_row_status")]

    def __str__(self):
        return f"Row {self.row} of {self.submission}"

    @property
    def is_step(self) -> bool:
        """The step reached towards a medium-term outcome, not a goal's rating."""
        return self.medium_term_id is not None

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def status_tag(self) -> str:
        """The GOV.UK tag colour of its status."""
        return {self.Status.PENDING: "govuk-tag--yellow", self.Status.ACCEPTED: "govuk-tag--green",
                self.Status.REFUSED: "govuk-tag--red"}[self.status]
