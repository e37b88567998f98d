"""Writes for outcomes monitoring: applying an import plan, and recording or changing one
goal's outcome by hand. Each runs in one transaction, checks that the user may manage the
LA's outcomes (``outcomes.manage_outcomes``), and leaves history rows naming the user."""
import datetime
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.history import delete_with_history, save_with_history
from core.imports import uploads
from core.imports.files import CONTROL_CHARACTERS

# How long an uploaded file is kept for its Confirm, and the refusal after: the same for every
# import, named here too for this import's readers.
from core.imports.uploads import PREVIEW_EXPIRED as PREVIEW_EXPIRED
from core.imports.uploads import PREVIEW_LASTS as PREVIEW_LASTS
from organisations.models import Commissioning, Organisation, User
from organisations.permissions import can

from .import_models import OutcomeImport
from .importer import ImportPlan, import_check
from .indicator_models import IndicatorUpload
from .models import GoalOutcome, Learner
from .progress_models import ProgressSubmission
from .scheme import NO_SCHEME, current_scheme

# Tests assert these.
NOT_ALLOWED = "Only the local authority's commissioners can import or change its outcomes."
PLAN_HAS_ERRORS = "The file has errors: correct them and upload it again. Nothing was imported."
CHANGED_MEANWHILE = ("Someone changed these learners' outcomes while the file was being "
                     "checked. Upload the file again to see what it changes now.")

PROVIDER_NOT_COMMISSIONED = "Choose a provider {la} commissions."
GOAL_NOT_PLAIN = "Write the goal on one line of plain text, without control characters."

# A bulk import checks each row's own values; its foreign keys are rows just read or written
# (checking them one by one would ask the database once a row for each: the goal's LA too,
# copied onto every goal), and the database holds the unique and check constraints.
BULK_CLEAN = {"validate_unique": False, "validate_constraints": False}
LEARNER_KEYS = ["local_authority"]
# PostgreSQL plans badly over a table that grew in bulk until it is analysed (autovacuum may be
# off): an import adding this many rows analyses the tables once it is committed.
ANALYZE_AFTER_ROWS = 1000
# Django's bulk_update writes one CASE per field over the batch: small batches keep it linear.
BATCH = 500
OUTCOME_KEYS = ["learner", "local_authority", "scheme", "provider", "updated_by", "submitted_by",
                "accepted_by"]

LEARNER_FIELDS = ("year_of_birth", "primary_need")
OUTCOME_FIELDS = ("review_date", "provider", "pfa_area", "rating", "soft")


def require_manage(user: User, local_authority: Organisation) -> None:
    if not can(user, "outcomes.manage_outcomes", local_authority):
        raise PermissionDenied(NOT_ALLOWED)


OnProgress = Callable[[int, int], None]


def import_apply(*, plan: ImportPlan, by: User, upload: OutcomeImport | None = None,
                 progress: OnProgress | None = None) -> None:
    """Apply a checked plan all or nothing: add and change its learners and rows, each with a
    history row naming ``by`` (reason: the file's name), and mark ``upload`` applied. A plan
    with errors is refused; a clash with a change made meanwhile undoes everything.
    ``progress(done, total)`` is told the learners and rows written, 0 first, then after each
    batch of ``BATCH`` (inside the transaction: what it records elsewhere is no promise that
    they are kept)."""
    la = plan.local_authority
    require_manage(by, la)
    if not plan.ok:
        raise ValidationError(PLAN_HAS_ERRORS)
    reason = f"Imported from {plan.filename}"[:100]
    now = timezone.now()
    written = _Written(plan.writes, progress)
    try:
        with transaction.atomic():
            written(0)
            _apply(plan, by=by, reason=reason, now=now, written=written)
            if connection.vendor == "postgresql" and len(plan.rows_to_add) >= ANALYZE_AFTER_ROWS:
                transaction.on_commit(_analyze)
            if upload is not None:
                uploads.upload_applied(upload, now=now)
    except IntegrityError:
        raise ValidationError(CHANGED_MEANWHILE) from None


class _Written:
    """Counts the learners and rows written and tells ``progress`` after each batch."""

    def __init__(self, total: int, progress: OnProgress | None):
        self.total, self.done, self.progress = total, 0, progress

    def __call__(self, count: int) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(self.done, self.total)


def _batches(objs: list) -> list[list]:
    return [objs[start:start + BATCH] for start in range(0, len(objs), BATCH)]


def _analyze() -> None:
    tables = [model._meta.db_table for model in (Learner, GoalOutcome)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def _apply(plan: ImportPlan, *, by: User, reason: str, now: datetime.datetime,
           written: _Written) -> None:
    la = plan.local_authority
    new_learners = [Learner(local_authority=la, reference=row.reference,
                            year_of_birth=row.year_of_birth, primary_need=row.primary_need)
                    for row in plan.learners_to_add]
    for learner in new_learners:
        learner.full_clean(exclude=LEARNER_KEYS, **BULK_CLEAN)
    for batch in _batches(new_learners):
        bulk_create_with_history(batch, Learner, batch_size=BATCH, default_user=by,
                                 default_change_reason=reason, default_date=now)
        written(len(batch))
    changed = []
    for change in plan.learners_to_change:
        learner = change.obj
        for name in LEARNER_FIELDS:
            setattr(learner, name, change.values[name])
        learner.updated_at = now
        learner.full_clean(exclude=LEARNER_KEYS, **BULK_CLEAN)
        changed.append(learner)
    for batch in _batches(changed):
        bulk_update_with_history(batch, Learner, [*LEARNER_FIELDS, "updated_at"],
                                 batch_size=BATCH, default_user=by,
                                 default_change_reason=reason, default_date=now)
        written(len(batch))
    learners = {learner.reference: learner for learner in Learner.objects.filter(
        local_authority=la, reference__in={row.reference for row in plan.rows_to_add})}
    new_outcomes = [
        GoalOutcome(learner=learners[row.reference], local_authority_id=la.pk,
                    scheme_id=plan.scheme.pk,
                    academic_year=row.academic_year, review_date=row.review_date,
                    provider=row.provider, goal=row.goal, pfa_area=row.pfa_area,
                    rating=row.rating, soft=row.soft, updated_by=by, submitted_by=by,
                    accepted_by=by)
        for row in plan.rows_to_add]
    for outcome in new_outcomes:
        outcome.full_clean(exclude=OUTCOME_KEYS, **BULK_CLEAN)
    for batch in _batches(new_outcomes):
        bulk_create_with_history(batch, GoalOutcome, batch_size=BATCH, default_user=by,
                                 default_change_reason=reason, default_date=now)
        written(len(batch))
    _update_outcomes(plan, by=by, reason=reason, now=now, written=written)


def _update_outcomes(plan: ImportPlan, *, by: User, reason: str, now: datetime.datetime,
                     written: _Written) -> None:
    """Write the changed rows, each batch naming only the fields that change in it (Django's
    bulk_update costs a CASE per field per row: a new rating is one field, not nine), then who
    and when for all of them, then one history row each."""
    groups: dict[tuple, list[GoalOutcome]] = {}
    changed = []
    for change in plan.rows_to_change:
        outcome = change.obj
        for name in OUTCOME_FIELDS:
            setattr(outcome, name, change.values[name])
        outcome.scheme_id = plan.scheme.pk
        outcome.updated_by = outcome.submitted_by = outcome.accepted_by = by
        outcome.updated_at = now
        outcome.full_clean(exclude=OUTCOME_KEYS, **BULK_CLEAN)
        names = tuple(sorted({c if c in OUTCOME_FIELDS else "soft" for c, _, _ in change.fields}))
        groups.setdefault(names, []).append(outcome)
        changed.append(outcome)
    for names, outcomes in groups.items():
        for batch in _batches(outcomes):
            GoalOutcome.objects.bulk_update(batch, list(names), batch_size=BATCH)
            written(len(batch))
    for start in range(0, len(changed), BATCH):
        GoalOutcome.objects.filter(pk__in=[o.pk for o in changed[start:start + BATCH]]).update(
            scheme_id=plan.scheme.pk, updated_by=by, updated_at=now, submitted_by=by,
            accepted_by=by)
    GoalOutcome.history.bulk_history_create(
        changed, batch_size=BATCH, update=True, default_user=by, default_change_reason=reason,
        default_date=now)


def outcome_record(*, learner: Learner, academic_year: str, review_date: datetime.date,
                   provider: Organisation, goal: str, pfa_area: str, rating: str,
                   soft: dict | None = None, by: User) -> GoalOutcome:
    """Record one goal's outcome for a learner by hand (the same checks as a model's fields;
    the importer's code-or-label reading is the form's job)."""
    require_manage(by, learner.local_authority)
    scheme = current_scheme()
    if scheme is None:
        raise ValidationError(NO_SCHEME)
    _check_codes(scheme, pfa_area=pfa_area, rating=rating, soft=soft or {})
    if CONTROL_CHARACTERS.search(goal):
        raise ValidationError({"goal": GOAL_NOT_PLAIN})
    check_commissioned(learner.local_authority, provider)
    outcome = GoalOutcome(learner=learner, scheme_id=scheme.pk, academic_year=academic_year,
                          review_date=review_date, provider=provider, goal=goal,
                          pfa_area=pfa_area, rating=rating, soft=soft or {}, updated_by=by,
                          submitted_by=by, accepted_by=by)
    with transaction.atomic():
        outcome.full_clean()
        save_with_history(outcome, by=by)
    return outcome


def outcome_change(*, outcome: GoalOutcome, by: User, **values) -> GoalOutcome:
    """Change a recorded outcome's review date, provider, area, rating or soft outcomes."""
    require_manage(by, outcome.learner.local_authority)
    unknown = set(values) - set(OUTCOME_FIELDS)
    if unknown:
        raise TypeError(f"outcome_change cannot change {', '.join(sorted(unknown))}")
    scheme = current_scheme()
    if scheme is None:
        raise ValidationError(NO_SCHEME)
    with transaction.atomic():
        outcome = GoalOutcome.objects.select_for_update().get(pk=outcome.pk)
        for name, value in values.items():
            setattr(outcome, name, value)
        _check_codes(scheme, pfa_area=outcome.pfa_area, rating=outcome.rating, soft=outcome.soft)
        check_commissioned(outcome.learner.local_authority, outcome.provider)
        outcome.scheme_id = scheme.pk
        outcome.updated_by = outcome.submitted_by = outcome.accepted_by = by
        outcome.full_clean()
        save_with_history(outcome, by=by)
    return outcome


def commissioned_providers(local_authority: Organisation):
    """The providers ``local_authority`` commissions, by name: where its learners' goals and
    steps may be recorded, and its indicators' figures by provider."""
    return Organisation.objects.filter(
        kind=Organisation.Kind.PROVIDER,
        pk__in=Commissioning.objects.filter(commissioner=local_authority)
        .values("provider")).order_by("name")


def check_commissioned(local_authority: Organisation, provider: Organisation) -> None:
    if not Commissioning.objects.filter(commissioner=local_authority, provider=provider,
                                        provider__kind=Organisation.Kind.PROVIDER).exists():
        raise ValidationError({"provider": PROVIDER_NOT_COMMISSIONED.format(
            la=local_authority.name)})


def _check_codes(scheme, *, pfa_area: str, rating: str, soft: dict) -> None:
    errors = {}
    if pfa_area not in {t.code for t in scheme.areas}:
        errors["pfa_area"] = "Choose a Preparing for Adulthood area."
    if rating not in {t.code for t in scheme.ratings}:
        errors["rating"] = "Choose how far the goal was met."
    dimensions = {t.code for t in scheme.soft_dimensions}
    scale = {t.code for t in scheme.soft_scale}
    if any(k not in dimensions or v not in scale for k, v in soft.items()):
        errors["soft"] = "Choose each soft outcome from the scale."
    if errors:
        raise ValidationError(errors)


def import_upload(*, local_authority: Organisation, filename: str, content: bytes,
                  sha256: str, by: User, writes: int = 0) -> OutcomeImport:
    """Keep an uploaded file for its preview and Confirm, with how many learners and rows its
    plan writes. It supersedes the user's earlier previews for the LA, which are dropped
    (their Confirm is then a 404: upload again)."""
    require_manage(by, local_authority)
    return uploads.upload_keep(OutcomeImport, filename=filename, content=content, sha256=sha256,
                               by=by, local_authority=local_authority,
                               fields={"writes": writes})


def import_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the files previewed but not imported (or sent) within ``PREVIEW_LASTS`` (the
    daily run calls this): outcomes, providers' progress and indicator figures. Returns how
    many were deleted. First, an import whose worker was lost is failed."""
    from .import_runs import runs_fail_stale

    runs_fail_stale(now=now)
    return sum(uploads.upload_prune(model, now=now)
               for model in (OutcomeImport, ProgressSubmission, IndicatorUpload))


def import_confirm(*, upload: OutcomeImport, by: User,
                   progress: OnProgress | None = None) -> tuple[ImportPlan | None, bool]:
    """Check the kept file again and apply it when it has no errors: ``(plan, applied)``.
    An upload already applied is left alone: ``(None, False)``, so a second Confirm does
    nothing. Raises ``ImportFileError`` as ``import_check`` does. With ``progress`` (the task
    worker's run, which holds the upload by its run state), the upload's row is not locked:
    ``progress`` may write on it from another connection (``import_apply``)."""
    require_manage(by, upload.local_authority)
    la = upload.local_authority
    return uploads.upload_confirm(
        upload,
        check=lambda content, filename: import_check(content=content, filename=filename,
                                                     local_authority=la),
        apply=lambda plan, kept: import_apply(plan=plan, by=by, upload=kept, progress=progress),
        lock=progress is None)


# Learners added by hand, and which providers see learner rows.
LEARNER_EXISTS = "{la} already has a learner with the reference {reference}."
NOT_ALLOWED_TO_SHARE = ("Only the local authority's commissioners can choose which providers "
                        "see its learners' rows.")


def learner_create(*, local_authority: Organisation, reference: str, year_of_birth: int,
                   primary_need: str, by: User) -> Learner:
    """Add one learner to the LA's by hand, with a history row naming ``by``: the importer's
    rules (a pseudonymous reference, never a personal identifier: the field's validator,
    ``outcomes.references``; a plausible year of birth; a SEN2 need)."""
    require_manage(by, local_authority)
    learner = Learner(local_authority=local_authority, reference=reference,
                      year_of_birth=year_of_birth, primary_need=primary_need)
    learner.full_clean(validate_unique=False, validate_constraints=False)
    exists = LEARNER_EXISTS.format(la=local_authority.name, reference=reference)
    if Learner.objects.filter(local_authority=local_authority, reference=reference).exists():
        raise ValidationError({"reference": exists})
    try:
        with transaction.atomic():
            save_with_history(learner, by=by, reason="Added by hand")
    except IntegrityError:
        raise ValidationError({"reference": exists}) from None
    return learner


def require_share(user: User, local_authority: Organisation) -> None:
    if not can(user, "outcomes.share_learner_rows", local_authority):
        raise PermissionDenied(NOT_ALLOWED_TO_SHARE)


def learner_sharing_set(*, local_authority: Organisation, provider: Organisation, shared: bool,
                        by: User) -> bool:
    """Share the LA's learner rows with a provider it commissions, or stop sharing them; the
    ``LearnerSharing`` row is made or deleted with a history row naming ``by``. Returns
    whether anything changed (switching to the state it is in changes nothing)."""
    from .models import LearnerSharing

    require_share(by, local_authority)
    check_commissioned(local_authority, provider)
    with transaction.atomic():
        existing = (LearnerSharing.objects.select_for_update()
                    .filter(local_authority=local_authority, provider=provider).first())
        if shared and existing is None:
            sharing = LearnerSharing(local_authority=local_authority, provider=provider,
                                     enabled_by=by)
            sharing.full_clean(validate_unique=False, validate_constraints=False)
            try:
                with transaction.atomic():
                    save_with_history(sharing, by=by)
            except IntegrityError:
                return False  # switched on meanwhile by someone else: the state asked for
            return True
        if not shared and existing is not None:
            delete_with_history(existing, by=by)
            return True
    return False
