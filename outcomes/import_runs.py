"""Applying a large outcomes import in the task worker: Confirm queues it, the worker checks
the kept file again and applies it all or nothing (``outcomes.services.import_confirm``, the
same as a small file's Confirm in its request), and the status page shows where it stands
and how many learners and rows are written so far. A file writing at most
``IN_REQUEST_WRITES`` learners and rows is applied in the request.

Progress and all or nothing: the import is one transaction, so its own writes are invisible to
the status page until it commits. The worker writes the count after each batch through a
connection of its own (a thread's), outside that transaction; if the import fails, the count
goes back to 0 and none of its rows is kept. That needs a database taking a second writer while
a transaction is open (PostgreSQL): SQLite's single writer would wait for the import, so there
the page shows the start and the end only."""
import datetime
import logging
from concurrent.futures import ThreadPoolExecutor

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection
from django.db.models import F
from django.utils import timezone
from django.utils.text import capfirst

from core.imports.files import ImportFileError
from core.imports.plans import PREVIEW_LIMIT

from . import import_workflow as workflow
from . import imported_hooks
from .import_models import OutcomeImport
from .services import import_confirm, require_manage

logger = logging.getLogger(__name__)

# 2,000 learners and rows apply in about half a second; 50,000 take 15 s, too long to hold a
# request (and its worker) for.
IN_REQUEST_WRITES = 2_000
# A run unchanged this long lost its worker: the next housekeeping fails it (nothing of it was
# written: the import is one transaction).
STALE_AFTER = datetime.timedelta(hours=1)

# Tests assert these.
HAS_ERRORS_NOW = ("Checked again before importing, the file has errors (listed below): correct "
                  "them and upload it again. Nothing was imported.")
UNEXPECTED = ("The import stopped on an unexpected error ({error}). Nothing was imported: "
              "upload the file again, and if it fails again, tell your administrator.")
LOST = ("The import stopped before it finished (the server was restarted). Nothing was "
        "imported: upload the file again.")


def in_worker(upload: OutcomeImport) -> bool:
    """Whether Confirm hands the upload to the task worker."""
    return upload.writes > IN_REQUEST_WRITES


def _move(upload_id: int, transition: str, **changes) -> bool:
    """One conditional UPDATE: False when the run was not where the move starts from. It
    records when the run started and finished; a failed one has written nothing."""
    target = workflow.TRANSITIONS[transition]
    now = timezone.now()
    if target.target == OutcomeImport.Run.RUNNING:
        changes["started_at"] = now
    if target.target in workflow.FINISHED:
        changes["finished_at"] = now
    if target.target in workflow.FAILED:
        changes["rows_done"] = 0
    rows = OutcomeImport.objects.filter(pk=upload_id, run__in=target.source)
    return bool(rows.update(run=target.target, run_changed_at=now, **changes))


def concurrent_writes() -> bool:
    """Whether the database takes the progress's writes while the import's transaction is
    open (see the module's docstring)."""
    return connection.vendor == "postgresql"


class Progress:
    """``progress(done, total)`` for ``import_confirm``: writes the run's counts through a
    thread's own connection, waiting for each write (a few ms a batch of 500), so the status
    page sees them move while the import's transaction is open. Close it when done."""

    def __init__(self, upload_id: int):
        self.upload_id = upload_id
        self.pool = ThreadPoolExecutor(max_workers=1) if concurrent_writes() else None

    def __call__(self, done: int, total: int) -> None:
        if self.pool is None:
            return
        try:
            self.pool.submit(self._write, done, total).result()
        except DatabaseError:
            # The count is for the page: the import goes on, and its end is recorded.
            logger.warning("Outcomes import %s: its progress was not written", self.upload_id,
                           exc_info=True)

    def _write(self, done: int, total: int) -> None:
        OutcomeImport.objects.filter(pk=self.upload_id, run=OutcomeImport.Run.RUNNING).update(
            rows_done=done, rows_total=total, run_changed_at=timezone.now())

    def close(self) -> None:
        if self.pool is not None:
            # The thread's own connection: ``connection`` is looked up in the thread.
            self.pool.submit(lambda: connection.close()).result()
            self.pool.shutdown()


def import_queue(*, upload: OutcomeImport, by) -> bool:
    """Hand a previewed upload to the task worker (its uploader, who may still manage the
    LA's outcomes). False when it was handed over before: a second Confirm queues nothing."""
    require_manage(by, upload.local_authority)
    if not _move(upload.pk, "queue", rows_total=upload.writes, rows_done=0):
        return False
    from .tasks import apply_outcome_import

    result = apply_outcome_import.enqueue(upload.pk)
    OutcomeImport.objects.filter(pk=upload.pk).update(task_id=str(result.id))
    return True


def import_run(upload_id: int) -> str:
    """The task's work: check the kept file again and apply it, recording what happened on
    the upload. Returns that, in short."""
    if not _move(upload_id, "start"):
        return "not queued"
    upload = OutcomeImport.objects.select_related("local_authority", "uploaded_by").get(
        pk=upload_id)
    progress = Progress(upload_id)
    try:
        plan, applied = import_confirm(upload=upload, by=upload.uploaded_by, progress=progress)
    except (ImportFileError, ValidationError, PermissionDenied) as exc:
        messages = getattr(exc, "messages", None) or [str(exc)]
        _move(upload_id, "fail", result=" ".join(messages))
        return "refused"
    except Exception as exc:
        logger.exception("Outcomes import %s failed", upload_id)
        _move(upload_id, "fail", result=UNEXPECTED.format(error=type(exc).__name__))
        raise
    finally:
        progress.close()
    if plan is None:  # applied meanwhile: nothing more to do
        _move(upload_id, "finish", rows_done=F("rows_total"))
        return "already applied"
    if not applied:
        _move(upload_id, "fail", result=HAS_ERRORS_NOW,
              problems=[f"{capfirst(error.where)}: {error.message}"
                        for error in plan.errors[:PREVIEW_LIMIT]])
        return "errors"
    _move(upload_id, "finish", result=plan.applied_summary(), latest_year=plan.latest_year or "",
          rows_total=plan.writes, rows_done=plan.writes)
    upload.latest_year = plan.latest_year or ""
    # Other apps' hooks (extension point ``outcomes.imported_hooks``: the dashboards').
    for hook in imported_hooks.registered():
        try:
            hook(upload=upload)
        except Exception:
            logger.exception("After outcomes import %s: %s failed", upload_id, hook.__qualname__)
    return "applied"


def runs_fail_stale(*, now: datetime.datetime | None = None) -> int:
    """Fail every run unchanged for ``STALE_AFTER`` (its worker was lost). Returns how many."""
    now = now or timezone.now()
    return OutcomeImport.objects.filter(run__in=workflow.IN_PROGRESS,
                                        run_changed_at__lt=now - STALE_AFTER).update(
        run=workflow.TRANSITIONS["fail"].target, run_changed_at=now, finished_at=now,
        rows_done=0, result=LOST)
