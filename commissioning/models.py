"""The commissioning cycle (issue 28): a due-diligence checklist (data, versioned like a
framework: ``fixtures/checklists/``) and the checks a local authority or partnership runs
against it before it commissions a provider, and again each year of the delivery. Rows change
only through ``commissioning.services``."""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from assessments.models import EvidenceFileFields
from organisations.models import Commissioning, Organisation

from .querysets import (
    AgreementQuerySet,
    CheckQuerySet,
    DecommissioningQuerySet,
    SupportQuerySet,
)


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


class Agreement(models.Model):
    """A service level agreement, contract or individual plan a commissioning link works to:
    the LA document's expectations "formalised within ... service level agreements, contracts
    or individual plans ... form a baseline against which performance and quality is
    subsequently assessed". Its expected standards are the baseline, item by item."""

    class Kind(models.TextChoices):
        SLA = "sla", "Service level agreement"
        CONTRACT = "contract", "Contract"
        INDIVIDUAL_PLAN = "individual_plan", "Individual plan"

    link = models.ForeignKey(Commissioning, on_delete=models.PROTECT, related_name="agreements")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SLA)
    reference = models.CharField(max_length=100)
    starts = models.DateField()
    ends = models.DateField(null=True, blank=True)
    places = models.PositiveIntegerField("places or learners", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["link", "-starts", "-pk"]
        constraints = [
            models.CheckConstraint(name="agreement_kind_known", condition=Q(
                kind__in=["sla", "contract", "individual_plan"])),
            models.CheckConstraint(name="agreement_ends_on_or_after_start", condition=(
                Q(ends__isnull=True) | Q(ends__gte=F("starts")))),
            models.CheckConstraint(name="agreement_places_in_range", condition=(
                Q(places__isnull=True) | Q(places__lte=100_000))),
        ]
        indexes = [models.Index(fields=["link", "-starts"], name="agreement_link_starts")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.reference}"

    def get_absolute_url(self):
        return reverse("commissioning:agreement", kwargs={"pk": self.pk})

    def runs_on(self, day) -> bool:
        """In force on ``day``: started, and not yet ended."""
        return self.starts <= day and (self.ends is None or day <= self.ends)


class ExpectedStandard(models.Model):
    """One measurable expectation of an agreement. The portal checks it where it holds what
    it needs (a self-assessment submitted by a date, a QA visit each year, actions closed by
    their date); the commissioner records it where it does not (attendance, say)."""

    class Kind(models.TextChoices):
        SUBMITTED_BY = "submitted_by", "A self-assessment submitted by a date"
        VISIT_EACH_YEAR = "visit_each_year", "A QA visit each year"
        ACTIONS_ON_TIME = "actions_on_time", "Actions closed by their date"
        RECORDED = "recorded", "Another standard, recorded by the commissioner"

    class Outcome(models.TextChoices):
        MET = "met", "Met"
        NOT_MET = "not_met", "Not met"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="standards")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # A self-assessment submitted by a date: which framework (its slug, whatever the version).
    framework_slug = models.SlugField(max_length=60, blank=True)
    due = models.DateField("by", null=True, blank=True)
    # A recorded standard: what it is, and the commissioner's outcome with a note.
    text = models.CharField("standard", max_length=300, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "pk"]
        constraints = [
            models.CheckConstraint(name="standard_kind_known", condition=Q(kind__in=[
                "submitted_by", "visit_each_year", "actions_on_time", "recorded"])),
            models.CheckConstraint(name="standard_submission_names_framework_and_date",
                                   condition=~Q(kind="submitted_by") | (
                                       ~Q(framework_slug="") & Q(due__isnull=False))),
            models.CheckConstraint(name="standard_recorded_says_what", condition=(
                ~Q(kind="recorded") | ~Q(text=""))),
            models.CheckConstraint(name="standard_outcome_only_when_recorded", condition=(
                Q(outcome="") | (Q(kind="recorded") & Q(outcome__in=["met", "not_met"])))),
        ]

    def __str__(self):
        return self.text or self.get_kind_display()

    @property
    def is_recorded_kind(self) -> bool:
        """Recorded by the commissioner, not checked against the portal's data."""
        return self.kind == self.Kind.RECORDED


class SupportEntry(models.Model):
    """Training or support a commissioner offered a provider, and whether the provider took
    it up: the LA document's commissioners "proactive in encouraging and supporting providers
    to undertake training"."""

    class Kind(models.TextChoices):
        TRAINING = "training", "Training"
        SUPPORT = "support", "Support or advice"
        NETWORK = "network", "Network or briefing"

    class Uptake(models.TextChoices):
        OFFERED = "offered", "Offered"
        ATTENDED = "attended", "Attended"
        DECLINED = "declined", "Declined"

    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                 related_name="support_received")
    commissioner = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="support_given")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    topic = models.CharField(max_length=200)
    on = models.DateField("date")
    uptake = models.CharField(max_length=10, choices=Uptake.choices)
    given_by = models.CharField("given by", max_length=200,
                                help_text="Who offered or led it: a person or a team.")
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = SupportQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "support entries"
        ordering = ["-on", "-pk"]
        constraints = [
            models.CheckConstraint(name="support_kind_known", condition=Q(
                kind__in=["training", "support", "network"])),
            models.CheckConstraint(name="support_uptake_known", condition=Q(
                uptake__in=["offered", "attended", "declined"])),
        ]
        indexes = [models.Index(fields=["provider", "-on"], name="support_provider_on")]

    def __str__(self):
        return f"{self.topic} ({self.get_uptake_display().lower()})"


class Decommissioning(models.Model):
    """A decision to de-commission a provider: why, and the QA evidence it rests on (visits,
    causes for concern, expected standards not met). The LA document: QA "can result in the
    de-commissioning of provision". Never changed once made; the link keeps its history."""

    link = models.ForeignKey(Commissioning, on_delete=models.PROTECT,
                             related_name="decommissionings")
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    visits = models.ManyToManyField("visits.Visit", blank=True, related_name="+")
    concerns = models.ManyToManyField("visits.Concern", blank=True, related_name="+")
    standards = models.ManyToManyField(ExpectedStandard, blank=True, related_name="+")

    history = HistoricalRecords()
    objects = DecommissioningQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self):
        return f"{self.link.commissioner} de-commissioned {self.link.provider}"

    def get_absolute_url(self):
        return reverse("commissioning:decommissioning", kwargs={"pk": self.pk})
