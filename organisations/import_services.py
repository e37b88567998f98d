"""Writes for the organisations import: applying a plan (providers added and changed, and
their commissioning links added, all or nothing), and keeping, confirming and pruning the
uploaded file. Each checks that the user may import organisations
(``organisations.import_organisations``) and leaves history rows naming them."""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.imports import uploads

from .import_models import OrganisationImport
from .import_rows import FIELDS
from .importer import ImportPlan, import_check
from .models import Commissioning, Organisation, User
from .permissions import can

# Tests assert these.
NOT_ALLOWED = "Only the service's administrators can import organisations."
PLAN_HAS_ERRORS = "The file has errors: correct them and upload it again. Nothing was imported."
CHANGED_MEANWHILE = ("Someone added or changed one of these providers while the file was being "
                     "checked. Upload the file again to see what it changes now.")

# Each row's own values are checked; the database holds the unique and check constraints
# (checking them row by row would ask it twice a row).
BULK_CLEAN = {"validate_unique": False, "validate_constraints": False}
BATCH = 500
# PostgreSQL plans badly over a table that grew in bulk until it is analysed (autovacuum may be
# off): an import adding this many rows analyses the tables once it is committed.
ANALYZE_AFTER_ROWS = 1000


def require_import(user: User) -> None:
    if not can(user, "organisations.import_organisations"):
        raise PermissionDenied(NOT_ALLOWED)


def import_apply(*, plan: ImportPlan, by: User | None,
                 upload: OrganisationImport | None = None) -> None:
    """Apply a checked plan all or nothing: add its providers, change those it changes and
    add its commissioning links (active, since today), each with a history row naming ``by``
    (reason: the file's name), and mark ``upload`` applied. ``by`` is None only on the command
    line (``manage.py import_organisations`` without ``--by``: whoever may run it may import),
    and the history then names nobody. A plan with errors is refused; a clash with a change
    made meanwhile undoes everything."""
    if by is not None:
        require_import(by)
    if not plan.ok:
        raise ValidationError(PLAN_HAS_ERRORS)
    history = {"default_user": by, "default_change_reason": f"Imported from {plan.filename}"[:100],
               "default_date": timezone.now(), "batch_size": BATCH}
    try:
        with transaction.atomic():
            added = _add_providers(plan, history)
            _change_providers(plan, history)
            links = [Commissioning(commissioner=link.commissioner,
                                   provider=link.provider or added[link.row.slug],
                                   status=Commissioning.Status.ACTIVE,
                                   since=timezone.localdate())
                     for link in plan.links_to_add]
            for link in links:
                # Its two organisations were just read or written: not read again per link.
                link.full_clean(exclude=["commissioner", "provider"], **BULK_CLEAN)
            bulk_create_with_history(links, Commissioning, **history)
            if connection.vendor == "postgresql" and \
                    len(plan.to_add) + len(links) >= ANALYZE_AFTER_ROWS:
                transaction.on_commit(_analyze)
            if upload is not None:
                uploads.upload_applied(upload, now=history["default_date"])
    except IntegrityError:
        raise ValidationError(CHANGED_MEANWHILE) from None


def _add_providers(plan: ImportPlan, history: dict) -> dict[str, Organisation]:
    """Add the new providers; each as now held, by its slug."""
    new = [Organisation(kind=Organisation.Kind.PROVIDER, slug=row.slug, **row.values())
           for row in plan.to_add]
    for org in new:
        org.full_clean(**BULK_CLEAN)
    bulk_create_with_history(new, Organisation, **history)
    slugs = sorted(row.slug for row in plan.to_add)
    added = {}
    for start in range(0, len(slugs), BATCH):
        added.update((o.slug, o) for o in Organisation.objects.filter(
            slug__in=slugs[start:start + BATCH]))
    return added


def _change_providers(plan: ImportPlan, history: dict) -> None:
    changed = []
    for change in plan.to_change:
        org = change.obj
        for name, value in change.values.items():
            setattr(org, name, value)
        org.full_clean(**BULK_CLEAN)
        changed.append(org)
    if changed:
        bulk_update_with_history(changed, Organisation, list(FIELDS.values()), **history)


def _analyze() -> None:
    tables = [model._meta.db_table for model in (Organisation, Commissioning)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def import_upload(*, filename: str, content: bytes, by: User) -> OrganisationImport:
    """Keep an uploaded file for its preview and Confirm; it supersedes the user's earlier
    previews (their Confirm is then a 404: upload again)."""
    require_import(by)
    return uploads.upload_keep(OrganisationImport, filename=filename, content=content, by=by)


def import_confirm(*, upload: OrganisationImport, by: User) -> tuple[ImportPlan | None, bool]:
    """Check the kept file again and apply it when it has no errors: ``(plan, applied)``;
    ``(None, False)`` for an upload already applied (a second Confirm does nothing). Raises
    ``ImportFileError`` as ``import_check`` does."""
    require_import(by)
    return uploads.upload_confirm(
        upload, check=lambda content, filename: import_check(content=content, filename=filename),
        apply=lambda plan, kept: import_apply(plan=plan, by=by, upload=kept))


def import_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the files previewed but not imported within an hour (the daily run calls this).
    Returns how many were deleted."""
    return uploads.upload_prune(OrganisationImport, now=now)
