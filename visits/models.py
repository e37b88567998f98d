"""QA visits: what a visit record holds beyond its assessment row (the visiting team, the
partnership's per-visit key aspects), causes for concern and the chair's decisions.
Written only through ``visits.services``.

The tables were created by the assessments app and kept their rows when the models moved
here (``assessments`` migration 0004 renamed them; nothing was copied).
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from assessments.models import Assessment
from frameworks.models import Section
from organisations.models import Organisation

from .querysets import ConcernQuerySet


class VisitDetail(models.Model):
    """What a QA visit record holds beyond the assessment row: the sections the partnership
    treats as key aspects for this visit only, and why the visit was withdrawn."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="visit_detail"
    )
    key_sections = models.ManyToManyField(
        Section, blank=True, related_name="+", verbose_name="key aspects chosen for this visit",
        help_text="A Red judgement in one of these sections is a cause for concern, as in the "
                  "framework's own key aspects.",
    )
    withdrawn_reason = models.TextField(blank=True)

    history = HistoricalRecords(m2m_fields=[key_sections])

    def __str__(self):
        return f"Visit details for {self.assessment_id}"


class VisitTeamMember(models.Model):
    """One person on a visiting team: a partnership officer (a user) or a school visitor
    recorded by name and school."""

    class Kind(models.TextChoices):
        OFFICER = "officer", "Partnership officer"
        SCHOOL_VISITOR = "school_visitor", "School visitor"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="team")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    name = models.CharField(max_length=200, blank=True)
    school = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "kind", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                name="team_member_officer_or_visitor",
                condition=(Q(kind="officer") & Q(user__isnull=False))
                | (Q(kind="school_visitor") & Q(user__isnull=True) & ~Q(name="") & ~Q(school="")),
                violation_error_message="An officer is a user; a school visitor has a name and a school.",
            ),
            models.UniqueConstraint(
                fields=["assessment", "user"], condition=Q(user__isnull=False),
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

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="concerns")
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
            models.UniqueConstraint(fields=["assessment", "section"], name="one_concern_per_visit_section"),
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
