"""Writes for bulk exports: asking for one (a ZIP of reports, an inspection pack, the provider
dashboard's PDF; each queues its background task), running it,
and the housekeeping that fails exports whose worker was lost and expires old files.

A ZIP is built in a temporary file and saved to storage only when complete; the export
becomes ready (and its file offered) in the same UPDATE that names the file, and only if it is
still running, so a half-written file is never offered. Moves between states are conditional
UPDATEs on the state ``exports.workflow`` allows them from: the worker and the housekeeping
never overwrite each other's decision."""
import datetime
import logging
import secrets
import tempfile
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core.periods import period_slug
from organisations.permissions import can

from . import notices, workflow
from .dashboard import asked_filters, dashboard_for, write_dashboard
from .models import BulkExport
from .pack import PACK_STEPS, write_pack
from .permissions import NOT_ALLOWED, PACK_NOT_ALLOWED, rights_of
from .rendering import INCLUDED, write_zip
from .selectors import commissioned_providers, export_items, export_providers

logger = logging.getLogger(__name__)

State = BulkExport.State

# How long a ready ZIP may be downloaded.
KEEP_DAYS = 7
# A running export whose progress has not moved for this long has lost its worker (one
# report takes about a second to render).
STALE_MINUTES = settings.EXPORT_STALE_MINUTES
# A queued export no worker has started in this long is failed rather than left waiting.
QUEUED_HOURS = settings.EXPORT_QUEUED_HOURS

PROVIDERS_REQUIRED = "Choose at least one provider, or every provider you commission."
PROVIDER_NOT_COMMISSIONED = "Choose only providers {organisation} commissions."
NO_PROVIDERS_COMMISSIONED = "{organisation} commissions no providers to export."
REPORTS_REQUIRED = "Choose at least one kind of report."
DASHBOARD_NOT_ALLOWED = ("Only the partnerships and local authorities that commission "
                         "providers make the provider dashboard’s PDF, each of its own.")
STALE_REASON = ("The export stopped: its worker made no progress for {minutes} minutes "
                "(it may have been stopped or restarted). Start the export again.")
NEVER_STARTED = ("No worker started the export within {hours} hours. Start it again, or "
                 "ask the service's administrators to check the background worker.")
UNEXPECTED = "The export could not be made ({error}). Start it again; if it fails again, " \
             "tell the service's administrators."


@transaction.atomic
def export_request(*, by, organisation, period: str, reports: list[str], audience: str,
                   providers, all_commissioned: bool) -> BulkExport:
    """Ask for a bulk export for ``organisation`` (one the user may export for): the chosen
    ``providers`` (each commissioned by it) or, with ``all_commissioned``, every provider it
    commissions now. Queues the rendering task in the same transaction."""
    if not can(by, "exports.export_for", organisation):
        raise PermissionDenied(NOT_ALLOWED)
    commissioned = commissioned_providers(organisation)
    if all_commissioned:
        providers = list(commissioned)
        if not providers:
            raise ValidationError({"providers": NO_PROVIDERS_COMMISSIONED.format(
                organisation=organisation.name)})
    else:
        providers = list(providers)
        if not providers:
            raise ValidationError({"providers": PROVIDERS_REQUIRED})
        # Only the chosen are read back: the check costs what was chosen, not all commissioned.
        chosen = {p.pk for p in providers}
        if commissioned.filter(pk__in=chosen).count() != len(chosen):
            raise ValidationError({"providers": PROVIDER_NOT_COMMISSIONED.format(
                organisation=organisation.name)})
    if not reports or not set(reports) <= set(BulkExport.Report.values):
        raise ValidationError({"reports": REPORTS_REQUIRED})
    return _queued(BulkExport(requested_by=by, organisation=organisation, period=period,
                              reports=list(reports), audience=audience,
                              all_commissioned=all_commissioned), providers)


@transaction.atomic
def pack_request(*, by, organisation, period: str) -> BulkExport:
    """Ask for ``organisation``'s inspection pack for ``period`` (a local authority whose
    commissioner ``by`` is). Its providers are those the LA commissions when asked: the
    pack is downloaded only while its requester still sees them all. Queues the task."""
    if not can(by, "exports.inspection_pack_for", organisation):
        raise PermissionDenied(PACK_NOT_ALLOWED)
    return _queued(BulkExport(kind=BulkExport.Kind.INSPECTION_PACK, requested_by=by,
                              organisation=organisation, period=period, reports=[],
                              audience=BulkExport.Audience.COMMISSIONER, all_commissioned=True),
                   commissioned_providers(organisation))


@transaction.atomic
def dashboard_pdf_request(*, by, organisation, params: Mapping) -> BulkExport:
    """Ask for the provider dashboard of ``organisation`` as a PDF, with the filters of
    ``params`` (the dashboard's query string's parameters; ``org`` among them, if given, must
    be ``organisation``): refused, naming them, where the dashboard would not read them as
    given (``dashboard.asked_filters``). For whoever may open the dashboard
    (``dashboards.view_provider_dashboard``, as its PDF always was) for an organisation in use
    they export for. Queues the task, which reads the rows: its providers are those the PDF
    holds, and it is downloaded only while its requester still sees them all."""
    if (not can(by, "dashboards.view_provider_dashboard")
            or not can(by, "exports.export_for", organisation)
            or organisation.archived_at is not None):
        raise PermissionDenied(DASHBOARD_NOT_ALLOWED)
    filters, kept = asked_filters(params, organisation=organisation)
    return _queued(BulkExport(kind=BulkExport.Kind.DASHBOARD, requested_by=by,
                              organisation=organisation, period=filters.year, reports=[],
                              audience=BulkExport.Audience.COMMISSIONER, filters=kept), ())


def _queued(export: BulkExport, providers) -> BulkExport:
    """Save the asked-for ``export`` with its providers and queue its rendering task (in the
    caller's transaction: both or neither)."""
    export.state = workflow.next_state("request", None)
    export.full_clean()
    export.save()
    export.providers.set(providers)
    from .tasks import render_bulk_export

    result = render_bulk_export.enqueue(export.pk)
    export.task_id = str(result.id)
    export.save(update_fields=["task_id"])
    return export


def _move(export_id: int, transition: str, *, among=None, **changes) -> bool:
    """Move the export by ``transition`` if it is still in a state the transition starts
    from (and still ``among`` those, a queryset, if given): one conditional UPDATE. False
    when it was not (someone else moved it first)."""
    target = workflow.TRANSITIONS[transition]
    changes.setdefault("updated_at", timezone.now())
    if target.target:
        changes["state"] = target.target
    rows = BulkExport.objects.all() if among is None else among
    return bool(rows.filter(pk=export_id, state__in=target.source).update(**changes))


def _stored_name(export: BulkExport, extension: str) -> str:
    """A name no one can guess for one of the export's files in storage."""
    name = (f"{slugify(export.organisation.slug)}_{period_slug(export.period)}_{export.file_word}_"
            f"{secrets.token_hex(8)}.{extension}")
    return export.file.field.generate_filename(export, name)


def _store(export: BulkExport, out, extension: str) -> str:
    out.seek(0)
    return default_storage.save(_stored_name(export, extension), File(out))


def export_run(*, export_id: int) -> str:
    """Render a queued export (the background task's work): every item, with progress after
    each; the ZIP stored and the export ready only when complete. Returns what happened."""
    now = timezone.now()
    if not _move(export_id, "start", started_at=now):
        return "not queued"
    export = BulkExport.objects.select_related("requested_by", "organisation").get(pk=export_id)
    try:
        if export.is_pack:
            return _make_pack(export)
        if export.is_dashboard:
            return _make_dashboard(export)
        providers = export_providers(export, export.requested_by)
        items = export_items(export, export.requested_by, providers=providers)
        # What the reports below are rendered with: the same user object, whose memberships
        # are read once, so the record and the copies cannot disagree.
        _move(export_id, "progress", items_total=len(items),
              made_with=rights_of(export.requested_by))

        def progress(done, failures):
            return _move(export_id, "progress", items_done=done, failures=failures)

        with tempfile.TemporaryFile() as out:
            outcomes = write_zip(out, export, items, user=export.requested_by, progress=progress,
                                 providers=providers)
            if outcomes is None:
                return "taken away"
            name = _store(export, out, "zip")
        return _finish(export_id, file=name, items_done=len(items),
                       failures=[o.failure() for o in outcomes if o.status != INCLUDED])
    except Exception as exc:
        logger.exception("Bulk export %s failed", export_id)
        _fail(export_id, failure_reason=UNEXPECTED.format(error=type(exc).__name__),
              finished_at=timezone.now())
        raise


def _make_pack(export: BulkExport) -> str:
    """The inspection pack: each part gathered, then the PDF and the XLSX, with progress
    after each step; both files stored, and the export ready only when both are."""
    export_id = export.pk
    _move(export_id, "progress", items_total=PACK_STEPS,
          made_with=rights_of(export.requested_by))

    def progress(done):
        return _move(export_id, "progress", items_done=done)

    with tempfile.TemporaryFile() as pdf, tempfile.TemporaryFile() as xlsx:
        if not write_pack(pdf, xlsx, export, user=export.requested_by, progress=progress):
            return "taken away"
        pdf_name = _store(export, pdf, "pdf")
        xlsx_name = _store(export, xlsx, "xlsx")
    return _finish(export_id, file=pdf_name, spreadsheet=xlsx_name, items_done=PACK_STEPS)


def _make_dashboard(export: BulkExport) -> str:
    """The provider dashboard's PDF: its rows counted, then filled a chunk at a time, its
    charts, then the PDF, with progress after each step; stored, and the export ready only
    then. Its providers are the rows the PDF holds."""
    export_id = export.pk
    made = dashboard_for(export)
    _move(export_id, "progress", items_total=made.steps, made_with=rights_of(export.requested_by))

    def progress(done):
        return _move(export_id, "progress", items_done=done)

    with tempfile.TemporaryFile() as pdf:
        if not write_dashboard(pdf, made, progress=progress):
            return "taken away"
        export.providers.set(made.provider_ids)
        name = _store(export, pdf, "pdf")
    return _finish(export_id, file=name, items_done=made.steps)


def _finish(export_id: int, **stored) -> str:
    """Make the export ready with its stored files (and its requester told), if it is still
    running; otherwise delete the files, which are never offered."""
    finished = timezone.now()
    with transaction.atomic():  # ready and its requester told, or neither
        ready = _move(export_id, "finish", finished_at=finished,
                      expires_at=finished + datetime.timedelta(days=KEEP_DAYS), **stored)
        if ready:
            _tell(export_id, notices.export_ready)
    if not ready:
        for field in ("file", "spreadsheet"):
            if stored.get(field):
                default_storage.delete(stored[field])
        return "taken away"
    return "ready"


def _tell(export_id: int, notice) -> None:
    notice(BulkExport.objects.select_related("requested_by", "organisation").get(pk=export_id))


@transaction.atomic
def _fail(export_id: int, *, among=None, **changes) -> bool:
    """Fail the export if it is still in progress (and ``among`` those), and tell its
    requester."""
    failed = _move(export_id, "fail", among=among, **changes)
    if failed:
        _tell(export_id, notices.export_failed)
    return failed


def exports_fail_stale(*, now=None, minutes: int = STALE_MINUTES,
                       hours: int = QUEUED_HOURS, dry_run: bool = False) -> int:
    """Fail every export whose worker was lost: running without progress for ``minutes``, or
    queued and never started for ``hours``. The admin lists them with the reason."""
    now = now or timezone.now()
    stale = BulkExport.objects.in_states(workflow.RUNNING).filter(
        updated_at__lt=now - datetime.timedelta(minutes=minutes))
    waiting = BulkExport.objects.in_states(workflow.IN_PROGRESS - workflow.RUNNING).filter(
        created_at__lt=now - datetime.timedelta(hours=hours))
    if dry_run:
        return stale.count() + waiting.count()
    failed = 0
    # One at a time (there are few), each only if still where it was found, so each
    # requester is told of their own.
    for rows, reason in ((stale, STALE_REASON.format(minutes=minutes)),
                         (waiting, NEVER_STARTED.format(hours=hours))):
        for export_id in list(rows.values_list("pk", flat=True)):
            failed += _fail(export_id, among=rows, updated_at=now, finished_at=now,
                            failure_reason=reason)
    return failed


def exports_expire(*, now=None, dry_run: bool = False) -> int:
    """Delete the ZIP of every ready export past its expiry and mark it expired."""
    now = now or timezone.now()
    due = BulkExport.objects.in_states(workflow.DOWNLOADABLE).filter(expires_at__lte=now)
    if dry_run:
        return due.count()
    expired = 0
    for export in due.only("pk", "file", "spreadsheet"):
        # The row first: from then on nobody is offered the files, which are then deleted.
        if _move(export.pk, "expire", file="", spreadsheet=""):
            expired += 1
            for stored in (export.file, export.spreadsheet):
                if stored.name:
                    default_storage.delete(stored.name)
    return expired


def daily_housekeeping(now) -> None:
    """The reminders' daily run calls this (registered in ``reminders.housekeeping``)."""
    exports_housekeeping(now=now)


def exports_housekeeping(*, now=None, dry_run: bool = False) -> dict[str, int]:
    """What a periodic run (``manage.py prune_exports``, the reminders' run) calls."""
    return {"failed": exports_fail_stale(now=now, dry_run=dry_run),
            "expired": exports_expire(now=now, dry_run=dry_run)}
