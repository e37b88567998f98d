"""Assessments: a framework version applied to a provider for a period by the provider itself
(self-assessments and benchmark reviews), with a response per criterion, evidence files and
the workflow state. Rows change only through ``assessments.services``. (QA visits have their
own models in ``visits``; ``assessments.records`` is what the two share.)
"""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.periods import PERIOD_VALIDATOR
from frameworks.models import Criterion, Framework, RatingLevel
from organisations.models import Organisation

from .querysets import AssessmentChildQuerySet, AssessmentQuerySet


class RecordStates:
    """What templates ask about a record's state, read from its type's workflow module (the
    model's ``workflow`` property: its LOCKED and FINAL groups), so no template compares a
    state string. Shared by self-assessments and QA visits (``visits.models.Visit``)."""

    @property
    def is_locked(self) -> bool:
        """Nothing may be written, through any path (the workflow's LOCKED group)."""
        return self.state in self.workflow.LOCKED

    @property
    def is_final(self) -> bool:
        """Finished (submitted; a visit's final record): the green tag."""
        return self.state in self.workflow.FINAL


class Assessment(RecordStates, models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    # Copied from the framework so the database can hold "one per provider, framework and year".
    framework_slug = models.SlugField(max_length=60, editable=False)
    kind = models.CharField(max_length=20, choices=Framework.Kind.choices, editable=False)
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="assessments")
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

    history = HistoricalRecords()
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "framework_slug", "period"],
                name="one_self_assessment_per_provider_framework_year",
            ),
            models.CheckConstraint(
                name="assessment_state_known",
                condition=Q(state__in=["draft", "submitted"]),
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
        return reverse("assessments:overview", kwargs={"pk": self.pk})

    # How the record names itself (``assessments.records.Record``).
    noun = "self-assessment"

    @property
    def description(self) -> str:
        """Which one it is, for a reader: "SI QAF 2025/26"."""
        return f"{self.framework.name} {self.period}"

    # What templates ask about the state, each read from the workflow module, so no template
    # compares a state string. Imported here, not at the top: the workflow module imports
    # this one.
    @property
    def workflow(self):
        from . import workflow

        return workflow

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


class StoredResult(models.Model):
    """An assessment's result by its framework's rule as its ratings stand, stored whenever
    they change (``assessments.results``). A table of its own, read by primary key, so that
    the assessments' own table (scanned for lists, years and trends) stays narrow. Not
    history: it follows the responses, whose history is kept."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, primary_key=True,
                                      related_name="+")
    data = models.JSONField()  # ``scoring.as_data``

    def __str__(self):
        return f"The result of {self.assessment_id}"


class Response(models.Model):
    """What was said and rated against one criterion of one assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="responses")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(
        RatingLevel, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    evidence = models.TextField(blank=True, help_text="What / where the information is held.")
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


def evidence_path(instance, filename):
    # The stored name is random: the original name is kept on the row, never in the path.
    record = instance.record
    return f"evidence/{record.provider_id}/{record.pk}/{uuid.uuid4().hex}"


class EvidenceFileFields(models.Model):
    """What an evidence file holds, whatever the record it is evidence for (a self-assessment's
    ``EvidenceFile``, a visit's ``visits.VisitEvidenceFile``): served only through a checked
    view. A concrete model names its ``record``."""

    file = models.FileField(upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class EvidenceFile(EvidenceFileFields):
    """A file uploaded as evidence for one response of a self-assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="files")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="files")

    history = HistoricalRecords()
    objects = AssessmentChildQuerySet.as_manager()

    class Meta(EvidenceFileFields.Meta):
        pass

    def get_absolute_url(self):
        return reverse("assessments:evidence_download", kwargs={"pk": self.pk})

    @property
    def record(self):
        return self.assessment


# What a provider says beside its ratings (issue 27): its cohort's results in numbers (SI QAF
# section 6), its narrative and strengths, and its SAR and QIP. Each belongs to one assessment
# and changes only while it is a draft, through ``assessments.narrative``.

COUNT_LIMIT = 100_000  # more interns than any provider has; keeps every sum inside an integer


class CohortResult(models.Model):
    """The cohort figures a provider reports for one self-assessment year, for a framework
    whose file sets ``cohort`` targets. The employment rate is ``employed_qualifying`` of
    ``completed`` (``assessments.cohort``, the one rule)."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="cohort")
    started = models.PositiveIntegerField("interns who started")
    completed = models.PositiveIntegerField("interns who completed")
    employed = models.PositiveIntegerField("moved into paid employment")
    employed_qualifying = models.PositiveIntegerField(
        "of those, in work of the framework's minimum hours a week at or above the minimum wage")
    sustained = models.PositiveIntegerField(
        "still employed at the follow-up point", null=True, blank=True,
        help_text="Empty until the follow-up point has come.")
    follow_up_months = models.PositiveSmallIntegerField("follow-up point, in months", default=6)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = AssessmentChildQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(name="cohort_counts_nest", condition=(
                Q(completed__lte=models.F("started"))
                & Q(employed__lte=models.F("completed"))
                & Q(employed_qualifying__lte=models.F("employed"))
                & (Q(sustained=None) | Q(sustained__lte=models.F("employed"))))),
            models.CheckConstraint(name="cohort_counts_bounded",
                                   condition=Q(started__lte=COUNT_LIMIT)),
        ]

    def __str__(self):
        return f"Cohort of {self.assessment}"


class Narrative(models.Model):
    """The provider's narrative and strengths, for the whole self-assessment (``section``
    empty) or one section: "celebrate strengths" and "both the numerical data and narrative"
    (SI QAF)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE,
                                   related_name="narratives")
    section = models.ForeignKey("frameworks.Section", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+")
    narrative = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = AssessmentChildQuerySet.as_manager()

    class Meta:
        constraints = [
            # One row per section, and one for the whole (no section): two constraints, as
            # SQLite has no NULLS NOT DISTINCT.
            models.UniqueConstraint(fields=["assessment", "section"], name="one_narrative_per_section",
                                    condition=Q(section__isnull=False)),
            models.UniqueConstraint(fields=["assessment"], name="one_narrative_for_the_whole",
                                    condition=Q(section__isnull=True)),
        ]

    def __str__(self):
        return f"Narrative of {self.assessment_id}, section {self.section_id or 'all'}"


class QualityDocument(models.Model):
    """The provider's Self-Assessment Report or Quality Improvement Plan for the year, linked
    (an address) or attached (a checked file, as evidence files are): "link your Quality
    Assurance Framework to your Self-Assessment Report (SAR) and Quality Improvement Plans
    (QIPs)"."""

    class Kind(models.TextChoices):
        SAR = "sar", "Self-Assessment Report (SAR)"
        QIP = "qip", "Quality Improvement Plan (QIP)"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE,
                                   related_name="quality_documents")
    kind = models.CharField(max_length=3, choices=Kind.choices)
    url = models.URLField("web address", max_length=500, blank=True)
    file = models.FileField(upload_to=evidence_path, max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = AssessmentChildQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "added_at", "pk"]
        constraints = [
            models.CheckConstraint(name="quality_document_kind_known",
                                   condition=Q(kind__in=["sar", "qip"])),
            # A link or a file, never both and never neither.
            models.CheckConstraint(name="quality_document_link_or_file", condition=(
                (Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")))),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name or self.url}"

    def get_absolute_url(self):
        return self.url or reverse("assessments:quality_document", kwargs={"pk": self.pk})

    @property
    def record(self):
        return self.assessment
