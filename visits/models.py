"""QA visits: the visit record (``Visit``), its answer per requirement, its judgement per
section and its evidence files; the visiting team, the partnership's per-visit key aspects,
causes for concern and the chair's decisions. Written only through ``visits.services``.

The team, details and concerns tables were created by the assessments app and kept their rows
when the models moved here (``assessments`` migration 0004 renamed them). The visit record
and its rows were rows of the shared assessment tables until ``visits`` migration 0003 moved
them here, keeping their primary keys.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from assessments.models import EvidenceFileFields, RecordStates
from core.periods import PERIOD_VALIDATOR
from frameworks.models import Criterion, Framework, RatingLevel, Section
from organisations.models import Organisation

from .querysets import ConcernDecisionQuerySet, ConcernQuerySet, VisitChildQuerySet, VisitQuerySet


class Visit(RecordStates, models.Model):
    """A QA visit record: a partnership's visit to a provider against the visit framework, with
    an answer per requirement (``VisitAnswer``) and a concluding judgement per section
    (``VisitJudgement``). Its states and transitions are ``visits.workflow``'s.

    Visits were rows of ``assessments.Assessment`` until migration 0002; they kept their primary
    keys (and their answers, judgements and files theirs), so every old URL still works."""

    class State(models.TextChoices):
        PREPARING = "preparing", "Preparing"
        SHARED_WITH_PROVIDER = "shared_with_provider", "Shared with provider"
        VISIT_RECORDED = "visit_recorded", "Visit recorded"
        JUDGEMENTS_SHARED = "judgements_shared", "Judgements shared with provider"
        FINAL = "final", "Final"
        WITHDRAWN = "withdrawn", "Withdrawn"

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="visits")
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                 related_name="visits_received")
    commissioner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="visits_made",
        help_text="The partnership that carries out the visit.",
    )
    period = models.CharField("academic year", max_length=7, validators=[PERIOD_VALIDATOR])
    state = models.CharField(max_length=30, choices=State.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    planned_visit_date = models.DateField(null=True, blank=True)
    visited_on = models.DateField(
        "date the visit took place", null=True, blank=True,
        help_text="Asked for when the visit is marked recorded; never in the future.",
    )
    provider_response = models.TextField(blank=True)
    response_due = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "provider__name"]
        constraints = [
            models.CheckConstraint(
                name="visit_state_known",
                condition=Q(state__in=["preparing", "shared_with_provider", "visit_recorded",
                                       "judgements_shared", "final", "withdrawn"]),
            ),
        ]
        indexes = [models.Index(fields=["provider", "-period"], name="visit_provider_period")]

    # How the record names itself (``assessments.records.Record``).
    noun = "QA visit"

    def __str__(self):
        return f"{self.framework.name}, {self.provider}, {self.period}"

    def get_absolute_url(self):
        return reverse("visits:overview", kwargs={"pk": self.pk})

    @property
    def description(self) -> str:
        """ "QA visit of 18 June 2026" (the day it took place, else the planned day), or
        "QA visit, 2025/26" before a day is set."""
        day = self.visit_date
        return f"QA visit of {date_format(day, 'j F Y')}" if day else f"QA visit, {self.period}"

    @property
    def visit_date(self):
        """The date the visit took place once it is recorded, the planned date until then."""
        return self.visited_on or self.planned_visit_date

    # What templates ask about the state, each read from ``visits.workflow``, so no template
    # compares a state string. Imported here, not at the top: the workflow imports this module.
    @property
    def workflow(self):
        from . import workflow

        return workflow

    @property
    def is_preparing(self) -> bool:
        return self.state in self.workflow.PREPARING

    @property
    def is_withdrawn(self) -> bool:
        return self.state in self.workflow.WITHDRAWN

    @property
    def takes_provider_evidence(self) -> bool:
        """The record is shared and the provider's people may add evidence."""
        return self.state in self.workflow.PROVIDER_EVIDENCE

    @property
    def findings_shared(self) -> bool:
        """The provider sees the findings and judgements, and has its right of reply."""
        return self.workflow.findings_shared(self)

    @property
    def awaits_response(self) -> bool:
        """The judgements are shared and the provider may still reply (until the due date)."""
        return self.state in self.workflow.RESPONDABLE


class VisitAnswer(models.Model):
    """What the provider's evidence and the partnership's observation say against one
    requirement of one visit (a ``records.Row``)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="responses")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(
        RatingLevel, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    evidence = models.TextField(blank=True, help_text="The provider's evidence.")
    observer_notes = models.TextField(blank=True)
    action_points = models.TextField(blank=True)
    internal_notes = models.TextField(
        blank=True, help_text="The partnership's internal notes: never shown to the provider."
    )
    # Bumped on every save: a save made against an older revision is a conflict.
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    history = HistoricalRecords()
    objects = VisitChildQuerySet.as_manager()

    class Meta:
        ordering = ["visit", "criterion__section__order", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "criterion"],
                                    name="one_answer_per_requirement"),
        ]

    def __str__(self):
        return f"{self.criterion.code} in visit {self.visit_id}"


class VisitJudgement(models.Model):
    """A section's concluding judgement: rating, narrative, agreed follow-up."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="judgements")
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
    objects = VisitChildQuerySet.as_manager()

    class Meta:
        ordering = ["visit", "section__order"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "section"],
                                    name="one_judgement_per_visit_section"),
        ]

    def __str__(self):
        return f"Section {self.section.code} judgement in visit {self.visit_id}"


class VisitEvidenceFile(EvidenceFileFields):
    """A file the provider uploaded as evidence for one requirement of a visit."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="files")
    answer = models.ForeignKey(VisitAnswer, on_delete=models.CASCADE, related_name="files")

    history = HistoricalRecords()
    objects = VisitChildQuerySet.as_manager()

    class Meta(EvidenceFileFields.Meta):
        pass

    def get_absolute_url(self):
        return reverse("visits:evidence_download", kwargs={"pk": self.visit_id, "file_pk": self.pk})

    @property
    def record(self):
        return self.visit


class VisitDetail(models.Model):
    """What a QA visit record holds beyond the assessment row: the sections the partnership
    treats as key aspects for this visit only, and why the visit was withdrawn."""

    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="visit_detail")
    key_sections = models.ManyToManyField(
        Section, blank=True, related_name="+", verbose_name="key aspects chosen for this visit",
        help_text="A Red judgement in one of these sections is a cause for concern, as in the "
                  "framework's own key aspects.",
    )
    withdrawn_reason = models.TextField(blank=True)
    # Before the visit, "consulting the LEBC database": whether the provider is on it (as a
    # result of its annual health and safety and safeguarding audit), when that was checked,
    # and the audit's recommendations still outstanding. None: not checked yet.
    lebc_listed = models.BooleanField("on the LEBC database", null=True, blank=True)
    lebc_checked_on = models.DateField("date the LEBC database was checked", null=True,
                                       blank=True)
    lebc_outstanding = models.TextField("LEBC recommendations outstanding", blank=True)

    history = HistoricalRecords(m2m_fields=[key_sections])

    def __str__(self):
        return f"Visit details for {self.visit_id}"


class VisitContact(models.Model):
    """One contact between the visiting partnership and the provider about a visit: the
    telephone conversation before it, and every call, email or meeting through its
    follow-up. The partnership's own record: the provider does not see it."""

    class Kind(models.TextChoices):
        CALL = "call", "Telephone call"
        EMAIL = "email", "Email"
        MEETING = "meeting", "Meeting"

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField("how", max_length=10, choices=Kind.choices)
    contacted_on = models.DateField("date")
    with_whom = models.CharField("with whom", max_length=200,
                                 help_text="Who you spoke to or wrote to at the provider.")
    summary = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-contacted_on", "-pk"]
        indexes = [models.Index(fields=["visit", "-contacted_on"], name="visit_contact_date")]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.contacted_on} about visit {self.visit_id}"


class VisitTeamMember(models.Model):
    """One person on a visiting team: a partnership officer (a user) or a school visitor
    recorded by name and school."""

    class Kind(models.TextChoices):
        OFFICER = "officer", "Partnership officer"
        SCHOOL_VISITOR = "school_visitor", "School visitor"

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="team")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    name = models.CharField(max_length=200, blank=True)
    school = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["visit", "kind", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                name="team_member_officer_or_visitor",
                condition=(Q(kind="officer") & Q(user__isnull=False))
                | (Q(kind="school_visitor") & Q(user__isnull=True) & ~Q(name="") & ~Q(school="")),
                violation_error_message="An officer is a user; a school visitor has a name and a school.",
            ),
            models.UniqueConstraint(
                fields=["visit", "user"], condition=Q(user__isnull=False),
                name="one_team_place_per_officer",
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.OFFICER:
            return str(self.user)
        return f"{self.name} ({self.school})"


class Concern(models.Model):
    """A Red concluding judgement in a key aspect of a QA visit: the partnership chair is
    alerted and decides on the future use of the provider. Never deleted."""

    class Status(models.TextChoices):
        OPEN = "open", "Awaiting a decision"
        DECIDED = "decided", "Decided"

    class Basis(models.TextChoices):
        KEY_ASPECT = "key_aspect", "a key aspect in the framework"
        KEY_SECTION = "key_section", "a key section in the framework's scoring"
        CHOSEN_FOR_VISIT = "chosen_for_visit", "chosen as a key aspect for this visit"

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="concerns")
    # Copied from the visit so dashboards and organisation pages can filter without a join.
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="concerns")
    partnership = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="raised_concerns"
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(max_length=20, choices=Basis.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "section"], name="one_concern_per_visit_section"),
            models.CheckConstraint(name="concern_status_known",
                                   condition=Q(status__in=["open", "decided"])),
        ]

    def __str__(self):
        return f"Cause for concern: {self.provider}, {self.section.title}"

    def get_absolute_url(self):
        return reverse("visits:concern", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        """Still waiting for the chair's decision."""
        return self.status == self.Status.OPEN


class ConcernDecision(models.Model):
    """The partnership chair's decision about the future use of a provider after a cause for
    concern. A later decision (say, at the review date) is a new row; none is ever deleted."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", "Continue to use the provider"
        CONDITIONS = "continue_with_conditions", "Continue with conditions"
        SUSPEND = "suspend_new_placements", "Suspend new placements"
        DECOMMISSION = "decommission", "De-commission the provider"

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="decisions")
    decision = models.CharField(max_length=30, choices=Decision.choices)
    reasons = models.TextField()
    conditions = models.TextField(blank=True)
    review_date = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ConcernDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["concern", "decided_at", "pk"]
        constraints = [
            models.CheckConstraint(name="decision_has_reasons", condition=~Q(reasons="")),
            models.CheckConstraint(
                name="conditions_have_text_and_review_date",
                condition=~Q(decision="continue_with_conditions")
                | (~Q(conditions="") & Q(review_date__isnull=False)),
                violation_error_message="Conditions need the conditions and a review date.",
            ),
        ]

    def __str__(self):
        return f"{self.get_decision_display()} ({self.concern})"
