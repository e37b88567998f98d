"""Action plans: one per provider and year, holding SMART actions (the SI QAF Stage 2 template:
Identified area for improvement, SMART action, When, Who, Progress, Outcome)."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from assessments.models import Assessment
from assessments.querysets import assessment_visibility
from core.periods import PERIOD_VALIDATOR, period_slug
from frameworks.models import Criterion, Section
from organisations.models import Organisation
from organisations.querysets import ProviderScopedQuerySet, anonymous
from visits.models import Visit
from visits.querysets import visit_visibility


class ActionPlan(models.Model):
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="action_plans")
    period = models.CharField("academic year", max_length=7, validators=[PERIOD_VALIDATOR])
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ProviderScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "provider__name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "period"], name="one_plan_per_provider_year"),
        ]

    def __str__(self):
        return f"Action plan, {self.provider}, {self.period}"

    def get_absolute_url(self):
        return reverse("actionplans:plan", kwargs={"slug": self.provider.slug,
                                                   "period": period_slug(self.period)})


class ActionQuerySet(ProviderScopedQuerySet):
    provider_field = "plan__provider"

    def visible_to(self, user):
        """Actions in plans of providers the user may see, less those drawn from a record
        the user may not see: a Stage 2 action on a provider's unshared draft is its own
        working, hidden from its commissioners until the draft is shared or submitted (the
        rule is ``assessments.querysets.assessment_visibility``), and an action from a QA
        visit is seen by whoever sees the visit (``visits.querysets.visit_visibility``)."""
        rows = super().visible_to(user)
        if anonymous(user) or user.is_admin:
            return rows
        return rows.filter(
            Q(source_assessment=None) | assessment_visibility(user, prefix="source_assessment__"),
            Q(source_visit=None) | visit_visibility(user, prefix="source_visit__"))

    def open(self):
        """Actions not done or dropped (``workflow.OPEN``)."""
        from . import workflow  # here: the workflow module imports this one

        return self.filter(workflow.open_q())

    def overdue(self, today=None):
        """Open actions whose due date has passed."""
        from . import workflow

        return self.filter(workflow.overdue_q(today or timezone.localdate()))


class ActionUpdateQuerySet(ProviderScopedQuerySet):
    provider_field = "action__plan__provider"

    def visible_to(self, user):
        """Progress notes on actions the user may see."""
        return self.filter(action__in=Action.objects.visible_to(user).values("pk"))


class Action(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    # The identified area for improvement: a framework section (or benchmark).
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    area = models.CharField("identified area for improvement", max_length=300)
    # Where the action came from, if anywhere: a self-assessment (a Stage 2 action, one from a
    # review) or a QA visit (its action points and follow-up actions), never both.
    source_assessment = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, related_name="actions", null=True, blank=True
    )
    source_visit = models.ForeignKey(
        Visit, on_delete=models.SET_NULL, related_name="actions", null=True, blank=True
    )
    # The requirement whose action points this is, for an action from a QA visit.
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+",
                                  null=True, blank=True)
    # The open action of an earlier year's plan this one carries forward (``carry_forward``);
    # that one was closed, its progress note naming the year it went to.
    carried_from = models.ForeignKey("self", on_delete=models.SET_NULL, related_name="carried_to",
                                     null=True, blank=True, editable=False)
    smart_action = models.TextField("SMART action")
    due_date = models.DateField("when", null=True, blank=True)
    owner = models.CharField("who", max_length=200)
    success_measure = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    dropped_reason = models.TextField(blank=True)
    progress = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "section__order", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="dropped_action_has_reason",
                condition=~Q(status="dropped") | ~Q(dropped_reason=""),
            ),
            models.CheckConstraint(
                name="action_has_one_source_at_most",
                condition=Q(source_assessment__isnull=True) | Q(source_visit__isnull=True),
                violation_error_message="An action comes from a self-assessment or a QA visit, "
                                        "not both.",
            ),
            models.UniqueConstraint(
                fields=["carried_from"], name="action_carried_forward_once",
                violation_error_message="This action has already been carried forward.",
            ),
        ]

    def __str__(self):
        return f"{self.area}: {self.smart_action[:60]}"

    def get_absolute_url(self):
        return reverse("actionplans:action", kwargs={"pk": self.pk})

    @property
    def source(self):
        """The record the action came from (a self-assessment or a QA visit), or None for an
        action the provider added."""
        return self.source_assessment or self.source_visit

    @property
    def source_description(self) -> str:
        """Where the action came from, for a reader: "QA visit of 18 June 2026, requirement
        1.2", "Supported Internship Quality Assurance Framework 2024/25, section 2"; "" for an
        action the provider added. Needs source_assessment__framework, source_visit, section,
        criterion."""
        source = self.source
        if source is None:
            return ""
        when = source.description
        if self.criterion_id:
            return f"{when}, requirement {self.criterion.code}"
        if self.section_id:
            return f"{when}, section {self.section.code}"
        return when

    @property
    def is_dropped(self) -> bool:
        return self.status == self.Status.DROPPED

    @property
    def status_tag_class(self) -> str:
        """The GOV.UK tag colour that shows this status."""
        return {self.Status.DONE: "govuk-tag--green", self.Status.DROPPED: "govuk-tag--grey",
                self.Status.IN_PROGRESS: "govuk-tag--blue"}.get(self.status, "govuk-tag--light-blue")

    @property
    def is_open(self) -> bool:
        """Not done or dropped (``workflow.OPEN``)."""
        from . import workflow

        return workflow.is_open(self)

    @property
    def is_overdue(self) -> bool:
        from . import workflow

        return workflow.is_overdue(self, timezone.localdate())


class ActionUpdate(models.Model):
    """A dated progress note on an action, with the status it left the action in."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    note = models.TextField()
    status = models.CharField(max_length=20, choices=Action.Status.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ActionUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%d %b %Y}: {self.note[:60]}"
