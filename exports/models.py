"""BulkExport: one person's request for a ZIP of report PDFs (with an XLSX summary) for chosen
providers and a year, for a local authority's inspection pack for a year (a PDF, and its
figures as XLSX), or for the provider dashboard as a PDF with its filters, rendered by a
background task. Its state moves only through
``exports.services`` (the states and their groups are in ``exports.workflow``)."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.periods import PERIOD_VALIDATOR
from organisations.models import Organisation

from .querysets import BulkExportQuerySet


class BulkExport(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired"

    class Kind(models.TextChoices):
        REPORTS = "reports", "Providers’ reports"
        INSPECTION_PACK = "inspection_pack", "Local area inspection pack"
        DASHBOARD = "dashboard", "Provider dashboard PDF"

    class Report(models.TextChoices):
        SELF_ASSESSMENTS = "self_assessments", "Self-assessments and benchmark reviews"
        VISITS = "visits", "QA visit records"
        ACTION_PLANS = "action_plans", "Action plans"

    class Audience(models.TextChoices):
        # The values are reports.audience.PROVIDER and COMMISSIONER.
        PROVIDER = "provider", "Provider copy (no internal notes)"
        COMMISSIONER = "commissioner", "Commissioner copy (may hold internal notes)"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REPORTS)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                     related_name="bulk_exports")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="bulk_exports",
        help_text="The partnership or local authority the export was asked for as.")
    period = models.CharField("academic year", max_length=7, validators=[PERIOD_VALIDATOR])
    reports = models.JSONField(default=list, blank=True,
                               help_text="Report values (BulkExport.Report); none for a pack.")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    all_commissioned = models.BooleanField(
        default=False, help_text="Asked for every provider the organisation commissions "
                                 "(resolved to the providers below when asked).")
    providers = models.ManyToManyField(Organisation, related_name="+")
    filters = models.JSONField(
        default=dict, blank=True,
        help_text="The provider dashboard's filters as asked: its query string's parameters, "
                  "checked (exports.dashboard); none for other kinds.")
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    items_total = models.PositiveIntegerField(default=0)
    items_done = models.PositiveIntegerField(default=0)
    # One {"item": ..., "reason": ...} per report that could not be rendered or included.
    failures = models.JSONField(default=list, blank=True)
    # Why the whole export failed (a worker stopped, an unexpected error).
    failure_reason = models.TextField(blank=True)
    # The ZIP of reports, or the inspection pack's or the dashboard's PDF.
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True, max_length=255)
    # The inspection pack's figures as XLSX (none for reports: the ZIP holds its summary).
    spreadsheet = models.FileField(upload_to="exports/%Y/%m/", blank=True, max_length=255)
    task_id = models.CharField(max_length=64, blank=True)
    # The requester's rights when the reports were gathered (exports.permissions.rights_of):
    # the ZIP is downloaded only while they still have them all.
    made_with = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Moved on every change of state and every item rendered: a running export whose
    # updated_at stands still has lost its worker (``services.exports_fail_stale``).
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = BulkExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"]),
                   models.Index(fields=["state", "updated_at"])]
        constraints = [
            models.CheckConstraint(
                name="bulk_export_state_known",
                condition=Q(state__in=["queued", "running", "ready", "failed", "expired"])),
            models.CheckConstraint(name="bulk_export_kind_known",
                                   condition=Q(kind__in=["reports", "inspection_pack",
                                                         "dashboard"])),
            models.CheckConstraint(name="bulk_export_done_within_total",
                                   condition=Q(items_done__lte=models.F("items_total"))),
            # A file is offered only when the export is ready: never a half-written one.
            models.CheckConstraint(name="bulk_export_file_only_when_ready",
                                   condition=Q(state="ready") | Q(file="")),
            models.CheckConstraint(name="bulk_export_spreadsheet_only_when_ready",
                                   condition=Q(state="ready") | Q(spreadsheet="")),
        ]

    def __str__(self):
        return f"{self.title} {self.pk} by {self.requested_by} ({self.period})"

    def get_absolute_url(self):
        return reverse("exports:detail", kwargs={"pk": self.pk})

    @property
    def is_pack(self) -> bool:
        """An inspection pack, not a ZIP of providers' reports."""
        return self.kind == self.Kind.INSPECTION_PACK

    @property
    def is_dashboard(self) -> bool:
        """The provider dashboard as a PDF."""
        return self.kind == self.Kind.DASHBOARD

    @property
    def is_reports(self) -> bool:
        """A ZIP of providers' reports (counted in reports, not steps)."""
        return self.kind == self.Kind.REPORTS

    @property
    def title(self) -> str:
        if self.is_dashboard:
            return "Provider dashboard PDF"
        return "Inspection pack" if self.is_pack else "Bulk export"

    @property
    def file_word(self) -> str:
        """What its files' names say they hold."""
        if self.is_dashboard:
            return "provider_dashboard"
        return "inspection_pack" if self.is_pack else "reports"

    @property
    def report_labels(self) -> list[str]:
        labels = dict(self.Report.choices)
        return [labels.get(value, value) for value in self.reports]
