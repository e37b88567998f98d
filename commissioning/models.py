"""The commissioning cycle (issue 28): a due-diligence checklist (data, versioned like a
framework: ``fixtures/checklists/``) and the checks a local authority or partnership runs
against it before it commissions a provider, and again each year of the delivery. Rows change
only through ``commissioning.services``."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from assessments.models import EvidenceFileFields
from organisations.models import Commissioning, Organisation

from .querysets import CheckQuerySet


class Checklist(models.Model):
    """One loaded version of a checklist file; never changed once loaded."""

    slug = models.SlugField(max_length=60)
    version = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    source = models.TextField("where it comes from")
    content_hash = models.CharField(max_length=64)
    source_file = models.CharField(max_length=300, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug", "-loaded_at"]
        constraints = [models.UniqueConstraint(fields=["slug", "version"],
                                               name="unique_checklist_version")]

    def __str__(self):
        return f"{self.name} (version {self.version})"


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(max_length=60)
    group = models.CharField(max_length=200)
    text = models.TextField()
    source = models.TextField("where it comes from")
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["checklist", "order"]
        constraints = [models.UniqueConstraint(fields=["checklist", "code"],
                                               name="unique_checklist_item_code")]

    def __str__(self):
        return self.text


class DueDiligenceCheck(models.Model):
    """A commissioner's check of a provider against a checklist, open until it decides."""

    class State(models.TextChoices):
        OPEN = "open", "In progress"
        DECIDED = "decided", "Decided"

    class Decision(models.TextChoices):
        COMMISSION = "commission", "Commission"
        WITH_CONDITIONS = "with_conditions", "Commission with conditions"
        DO_NOT_COMMISSION = "do_not_commission", "Do not commission"

    commissioner = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="due_diligence_checks")
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                 related_name="checked_by")
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="checks")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    conditions = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The link the decision made, or the one already there when the check repeats a year on.
    link = models.ForeignKey(Commissioning, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="due_diligence_checks")

    history = HistoricalRecords()
    objects = CheckQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="check_state_known",
                                   condition=Q(state__in=["open", "decided"])),
            # Decided exactly when a decision is recorded; conditions only with conditions.
            models.CheckConstraint(name="check_decided_with_a_decision", condition=(
                Q(state="open", decision="") | (Q(state="decided") & ~Q(decision="")))),
            models.CheckConstraint(name="check_conditions_only_with_conditions", condition=(
                Q(conditions="") | Q(decision="with_conditions"))),
            # One open check of a provider by a commissioner at a time.
            models.UniqueConstraint(fields=["commissioner", "provider"],
                                    condition=Q(state="open"), name="one_open_check"),
        ]
        indexes = [models.Index(fields=["provider", "-decided_at"],
                                name="check_provider_decided")]

    def __str__(self):
        return f"Due diligence of {self.provider} by {self.commissioner}"

    def get_absolute_url(self):
        return reverse("commissioning:check", kwargs={"pk": self.pk})

    # What templates ask, read from the workflow module, so no template compares a string.
    @property
    def is_open(self) -> bool:
        from . import workflow  # here: the workflow module imports this one

        return workflow.is_open(self)

    @property
    def commissions(self) -> bool:
        """Decided to commission, with or without conditions."""
        from . import workflow

        return workflow.commissions(self.decision)


class CheckItem(models.Model):
    """One checklist item of one check: met, not met or not applicable, with a note."""

    class Outcome(models.TextChoices):
        MET = "met", "Met"
        NOT_MET = "not_met", "Not met"
        NOT_APPLICABLE = "not_applicable", "Not applicable"

    due_diligence = models.ForeignKey(DueDiligenceCheck, on_delete=models.CASCADE,
                                      related_name="items")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    note = models.TextField(blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_diligence", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["due_diligence", "item"],
                                    name="one_row_per_checklist_item"),
            models.CheckConstraint(name="check_item_outcome_known", condition=Q(
                outcome__in=["", "met", "not_met", "not_applicable"])),
        ]

    def __str__(self):
        return f"{self.item.code}: {self.outcome or 'not yet checked'}"

    @property
    def outcome_tag(self) -> str:
        """The GOV.UK tag colour of the outcome, so a template never compares one."""
        return {self.Outcome.MET: "govuk-tag--green", self.Outcome.NOT_MET: "govuk-tag--red"}.get(
            self.outcome, "govuk-tag--grey")


class CheckEvidence(EvidenceFileFields):
    """A file given as evidence for one item of a check: by the provider's people, asked for
    it, or by the commissioner's, who received it. Served only through a checked view."""

    due_diligence = models.ForeignKey(DueDiligenceCheck, on_delete=models.CASCADE,
                                      related_name="files")
    row = models.ForeignKey(CheckItem, on_delete=models.CASCADE, related_name="files")

    history = HistoricalRecords()

    class Meta(EvidenceFileFields.Meta):
        pass

    def get_absolute_url(self):
        return reverse("commissioning:evidence", kwargs={"pk": self.pk})

    @property
    def record(self):
        return self.due_diligence
