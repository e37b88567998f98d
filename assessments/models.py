"""Assessments: a framework version applied to a provider for a period — self-assessments,
benchmark reviews and QA visits — with a response per criterion, section judgements,
evidence files and the workflow state. Rows change only through ``assessments.services``.
"""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.periods import PERIOD_VALIDATOR
from frameworks.models import Criterion, Framework, RatingLevel, Section
from organisations.models import Organisation

from .querysets import AssessmentChildQuerySet, AssessmentQuerySet


class Assessment(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        PREPARING = "preparing", "Preparing"
        SHARED_WITH_PROVIDER = "shared_with_provider", "Shared with provider"
        VISIT_RECORDED = "visit_recorded", "Visit recorded"
        JUDGEMENTS_SHARED = "judgements_shared", "Judgements shared with provider"
        FINAL = "final", "Final"
        WITHDRAWN = "withdrawn", "Withdrawn"

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    # Copied from the framework so the database can hold "one per provider, framework and year".
    framework_slug = models.SlugField(max_length=60, editable=False)
    kind = models.CharField(max_length=20, choices=Framework.Kind.choices, editable=False)
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="assessments")
    commissioner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="visits", null=True, blank=True,
        help_text="The partnership that carries out a QA visit.",
    )
    period = models.CharField("academic year", max_length=7, validators=[PERIOD_VALIDATOR])
    state = models.CharField(max_length=30, choices=State.choices)
    shared_with_commissioners = models.BooleanField(
        default=False, help_text="The provider lets its commissioners see this draft."
    )
    carried_over_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(blank=True)
    # QA visits
    planned_visit_date = models.DateField(null=True, blank=True)
    visited_on = models.DateField(
        "date the visit took place", null=True, blank=True,
        help_text="Asked for when the visit is marked recorded; never in the future.",
    )
    provider_response = models.TextField(blank=True)
    response_due = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "framework_slug", "period"],
                condition=~Q(kind="qa_visit"),
                name="one_self_assessment_per_provider_framework_year",
            ),
            models.CheckConstraint(
                name="assessment_state_known",
                condition=Q(state__in=[
                    "draft", "submitted", "preparing", "shared_with_provider", "visit_recorded",
                    "judgements_shared", "final", "withdrawn",
                ]),
            ),
        ]
        indexes = [
            # A provider's assessments newest year first (lists, the years in their filters).
            models.Index(fields=["provider", "-period"], name="assessment_provider_period"),
            # The latest submitted (the commissioner's home page): read in order, stop at 50.
            models.Index(fields=["state", "-submitted_at"], name="assessment_state_submitted"),
        ]

    def __str__(self):
        return f"{self.framework.name}, {self.provider}, {self.period}"

    def get_absolute_url(self):
        name = "visits:overview" if self.kind == Framework.Kind.QA_VISIT else "assessments:overview"
        return reverse(name, kwargs={"pk": self.pk})

    @property
    def is_locked(self) -> bool:
        """Nothing may be written, through any path (the workflow's LOCKED group)."""
        return self.state in self.workflow.LOCKED

    @property
    def is_visit(self) -> bool:
        return self.kind == Framework.Kind.QA_VISIT

    # How the record names itself (``assessments.records.Record``), from its type.
    @property
    def noun(self) -> str:
        """"self-assessment" or "QA visit"."""
        from .records import record_type

        return record_type(self).noun

    @property
    def description(self) -> str:
        """Which one it is, for a reader: "SI QAF 2025/26", "QA visit of 18 June 2026"."""
        from .records import record_type

        return record_type(self).describe(self)

    # What templates ask about the state, each read from the workflow module for the kind
    # (``assessments.workflows.for_kind``), so no template compares a state string.
    # Imported here, not at the top: the workflow modules import this one.
    @property
    def workflow(self):
        from .workflows import for_kind

        return for_kind(self.kind)

    @property
    def is_final(self) -> bool:
        """Submitted (a self-assessment) or final (a visit): the green tag."""
        return self.state in self.workflow.FINAL

    @property
    def is_draft(self) -> bool:
        """A self-assessment its provider may still change (``workflow.is_editable``)."""
        from . import workflow

        return workflow.is_editable(self)

    @property
    def shared_draft(self) -> bool:
        """A draft self-assessment the provider lets its commissioners see."""
        return self.shared_with_commissioners and self.is_draft

    @property
    def shows_submitted_as_current(self) -> bool:
        """Its submission stands (not reopened since): "Submitted", not "Last submitted"."""
        from . import workflow

        return workflow.is_submitted(self)

    @property
    def is_preparing(self) -> bool:
        return self.is_visit and self.state in self.workflow.PREPARING

    @property
    def is_withdrawn(self) -> bool:
        return self.is_visit and self.state in self.workflow.WITHDRAWN

    @property
    def takes_provider_evidence(self) -> bool:
        """The record is shared and the provider's people may add evidence."""
        return self.is_visit and self.state in self.workflow.PROVIDER_EVIDENCE

    @property
    def findings_shared(self) -> bool:
        """The provider sees the findings and judgements, and has its right of reply."""
        return self.is_visit and self.workflow.findings_shared(self)

    @property
    def awaits_response(self) -> bool:
        """The judgements are shared and the provider may still reply (until the due date)."""
        return self.is_visit and self.state in self.workflow.RESPONDABLE

    @property
    def visit_date(self):
        """The date a QA visit took place once it is recorded, the planned date until then."""
        return self.visited_on or self.planned_visit_date


class Response(models.Model):
    """What was said and rated against one criterion of one assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="responses")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(
        RatingLevel, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    evidence = models.TextField(
        blank=True, help_text="Self-assessment: what / where the information is held. "
                              "Visit: the provider's evidence.",
    )
    observer_notes = models.TextField(blank=True)
    action_points = models.TextField(blank=True)
    internal_notes = models.TextField(
        blank=True, help_text="The partnership's internal notes: never shown to the provider."
    )
    carried_over = models.BooleanField(
        default=False, help_text="Copied from last year and not yet re-checked."
    )
    # Bumped on every save: a save made against an older revision is a conflict.
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    history = HistoricalRecords()
    objects = AssessmentChildQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "criterion__section__order", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="one_response_per_criterion"
            ),
        ]

    def __str__(self):
        return f"{self.criterion.code} in {self.assessment_id}"


class SectionJudgement(models.Model):
    """A section's concluding judgement (QA visit): rating, narrative, agreed follow-up."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="judgements")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(
        RatingLevel, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    narrative = models.TextField(blank=True)
    follow_up_actions = models.TextField(blank=True)
    justification = models.TextField(
        blank=True, help_text="Why the judgement is better than a Red requirement in the section."
    )
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    history = HistoricalRecords()
    objects = AssessmentChildQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "section__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "section"], name="one_judgement_per_section"
            ),
        ]

    def __str__(self):
        return f"Section {self.section.code} judgement in {self.assessment_id}"


def evidence_path(instance, filename):
    # The stored name is random: the original name is kept on the row, never in the path.
    return f"evidence/{instance.assessment.provider_id}/{instance.assessment_id}/{uuid.uuid4().hex}"


class EvidenceFile(models.Model):
    """A file uploaded as evidence for one response; served only through a checked view."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="files")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = AssessmentChildQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("assessments:evidence_download", kwargs={"pk": self.pk})
