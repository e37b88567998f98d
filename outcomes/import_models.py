"""An uploaded outcomes file kept between its preview and its confirmation, and the run that
applies a large one in the task worker."""
from django.db import models

from core.imports.uploads import KeptUpload
from organisations.models import Organisation


class OutcomeImport(KeptUpload):
    """One upload by one LA commissioner, for one LA: the file's bytes as uploaded, so that
    Confirm applies exactly the file that was previewed (``core.imports.uploads``). A file
    writing more rows than a request should (``outcomes.import_runs``) is applied by the task
    worker: ``run`` is where that stands (``outcomes.import_workflow``)."""

    class Run(models.TextChoices):
        NONE = "", "Not confirmed"
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    local_authority = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+",
        limit_choices_to={"kind": Organisation.Kind.LOCAL_AUTHORITY})
    # Learners and goal rows the previewed plan adds or changes.
    writes = models.PositiveIntegerField(default=0)
    run = models.CharField(max_length=10, choices=Run.choices, blank=True, default=Run.NONE)
    run_changed_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    # The learners and rows the run writes (the preview's count, then the worker's own once it
    # has checked the file again) and how many of them are written so far, batch by batch;
    # back to 0 when it fails, since nothing of it was kept.
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What the run did ("50,000 rows added ...") or, once failed, the reason it did not; the
    # rows' errors when the file was checked again and had some (at most
    # ``core.imports.plans.PREVIEW_LIMIT``).
    result = models.TextField(blank=True)
    problems = models.JSONField(default=list, blank=True)
    latest_year = models.CharField(max_length=9, blank=True)

    class Meta(KeptUpload.Meta):
        pass

    @classmethod
    def in_hand(cls) -> models.Q:
        from .import_workflow import IN_PROGRESS

        return models.Q(run__in=IN_PROGRESS)

    def __str__(self):
        return f"{self.filename} for {self.local_authority} ({self.get_state_display().lower()})"
