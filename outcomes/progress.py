"""Progress a provider sends for its own learners, and the local authority's decision on it.

A provider's lead or staff uploads a file of goals (the LA's pseudonymous learner references,
as the LA shares them with the provider) for one LA: checked like the LA's own import (no
personal-data column, every row's problems, nothing sent from a file with one), previewed,
then sent; or one goal typed in the portal (``progress_enter``), or the step a learner reached
towards one of their medium-term outcomes (``progress_step_send``). The rows wait
(``ProgressRow``, pending) until one of the LA's commissioners
accepts or refuses them, the whole file or row by row, a refusal with its reason. An accepted
row becomes the learner's ``GoalOutcome`` for that year and goal (added, or changing the one
held), naming who sent it and who accepted it, or the outcome's step for that year
(``medium_term.step_record``); only then does it count on any dashboard.
"""
import datetime
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from core.history import save_with_history
from core.imports import uploads
from core.imports.files import CONTROL_CHARACTERS, NO_ROWS, ImportFileError, read_sheet, shown
from core.imports.rows import RowError, RowReader
from organisations.models import Organisation, User
from organisations.permissions import can

from . import medium_term
from .import_rows import RowChecker
from .importer import DUPLICATE_ROW, check_headings, goal_warnings
from .medium_term_models import MediumTermOutcome
from .models import GoalOutcome, Learner, LearnerSharing
from .progress_models import ProgressRow, ProgressSubmission
from .references import reference_problem
from .scheme import NO_SCHEME, Scheme, current_scheme
from .services import check_commissioned

PROGRESS_COLUMNS = ("learner_ref", "academic_year", "review_date", "goal", "pfa_area", "rating")
REASON_MAX_LENGTH = 500
# Where a file's name is shown, for progress typed in the portal (it kept no file).
ENTERED_BY_HAND = "Entered in the portal"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()

# Tests assert these.
NOT_ALLOWED_TO_SEND = "Only the provider's own people can send progress for its learners."
NOT_ALLOWED_TO_DECIDE = "Only the local authority's commissioners can accept or refuse progress."
NOT_SHARED = "{la} does not share its learners with {provider}, so progress cannot be sent to it."
NOT_YOUR_LEARNER = ("'{ref}' is not a learner of {la} at {provider}: give the reference the "
                    "local authority uses for a learner it shares with you.")
PLAN_HAS_ERRORS = "The file has errors: correct them and upload it again. Nothing was sent."
GIVE_A_REASON = "Say why the progress is refused: the provider sees the reason."
REASON_TOO_LONG = "The reason is {length} characters long; at most 500 fit."
REASON_NOT_PLAIN = "Write the reason as plain text, without control characters."
NOTHING_CHOSEN = "Choose at least one row waiting for a decision."
NO_LONGER_COMMISSIONED = ("{la} no longer commissions {provider}: refuse the progress, saying "
                          "so, or commission the provider again first.")


@dataclass
class ProgressLine:
    """One valid row of a provider's file."""

    row: int
    learner: Learner
    academic_year: str
    review_date: datetime.date
    goal: str
    pfa_area: str
    rating: str
    soft: dict


@dataclass
class ProgressPlan:
    provider: Organisation
    local_authority: Organisation
    scheme: Scheme
    filename: str
    errors: list[RowError] = field(default_factory=list)
    lines: list[ProgressLine] = field(default_factory=list)
    # Goals that seem to hold what identifies a learner: the provider decides.
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def learners(self) -> int:
        return len({line.learner.pk for line in self.lines})


def shares_with(local_authority: Organisation, provider: Organisation) -> bool:
    return LearnerSharing.objects.filter(local_authority=local_authority,
                                         provider=provider).exists()


def sharing_las(provider: Organisation) -> list[Organisation]:
    """The local authorities that share their learners with ``provider`` (so it may send them
    progress), by name."""
    return list(Organisation.objects.filter(
        kind=Organisation.Kind.LOCAL_AUTHORITY,
        pk__in=LearnerSharing.objects.filter(provider=provider).values("local_authority"))
        .order_by("name"))


def reportable_learners(local_authority: Organisation, provider: Organisation, references):
    """{reference: learner} for those of ``references`` that are the LA's learners with a goal
    at ``provider``: the learners the LA shares with it (one query)."""
    at_provider = GoalOutcome.objects.filter(learner=OuterRef("pk"), provider=provider)
    return {learner.reference: learner for learner in Learner.objects.filter(
        local_authority=local_authority, reference__in=list(references))
        .filter(Exists(at_provider))}


class _LineChecker(RowChecker):
    """A provider's row: a learner reference and the goal's values (no year of birth, need or
    provider: the learner is the LA's, the provider is the sender)."""

    def __init__(self, scheme: Scheme, index: dict[str, int]):
        self.read_goals_with(scheme, index)

    def check(self, number, cells, errors):
        row = RowReader(number, cells, self.index, errors, required=PROGRESS_COLUMNS,
                        letters=False)
        reference = row.text("learner_ref")
        problem = reference_problem(reference) if reference else None
        if problem:
            row.error("learner_ref", problem)
        values = self.outcome_values(row)
        return (reference, values) if row.ok else None


def progress_check(*, content: bytes, filename: str, provider: Organisation,
                   local_authority: Organisation) -> ProgressPlan:
    """Check a provider's file for one LA; every row's problems are in ``plan.errors``. A file
    that cannot be read, has a personal-data column or wrong headings is refused
    (``ImportFileError``) before its rows are read."""
    scheme = current_scheme()
    if scheme is None:
        raise ImportFileError([NO_SCHEME])
    sheet = read_sheet(content, filename)
    index = check_headings(sheet.headings, scheme, PROGRESS_COLUMNS)
    plan = ProgressPlan(provider, local_authority, scheme, filename)
    checker = _LineChecker(scheme, index)
    read = []
    for number, cells in sheet.rows:
        found = checker.check(number, cells, plan.errors)
        if found is not None:
            read.append((number, *found))
    if not read and not plan.errors:
        raise ImportFileError([NO_ROWS])
    learners = reportable_learners(local_authority, provider, {ref for _, ref, _ in read})
    first_of_key = {}
    for number, reference, values in read:
        learner = learners.get(reference)
        if learner is None:
            plan.errors.append(RowError(number, "learner_ref", NOT_YOUR_LEARNER.format(
                ref=shown(reference), la=local_authority.name, provider=provider.name)))
            continue
        line = ProgressLine(number, learner, *values)
        earlier = first_of_key.setdefault((reference, line.academic_year, line.goal), number)
        if earlier != number:
            plan.errors.append(RowError(number, "goal", DUPLICATE_ROW.format(ref=reference,
                                                                            row=earlier)))
            continue
        plan.lines.append(line)
    plan.errors.sort(key=lambda e: e.row)
    plan.warnings = goal_warnings(plan.lines)
    return plan


def require_send(user: User, provider: Organisation) -> None:
    if not can(user, "outcomes.send_progress", provider):
        raise PermissionDenied(NOT_ALLOWED_TO_SEND)


def require_route(user: User, provider: Organisation, local_authority: Organisation) -> None:
    """The user may send progress for ``provider``, and ``local_authority`` shares its
    learners with it."""
    require_send(user, provider)
    if not shares_with(local_authority, provider):
        raise ValidationError(NOT_SHARED.format(la=local_authority.name, provider=provider.name))


def require_decide(user: User, local_authority: Organisation) -> None:
    if not can(user, "outcomes.manage_outcomes", local_authority):
        raise PermissionDenied(NOT_ALLOWED_TO_DECIDE)


def progress_upload(*, provider: Organisation, local_authority: Organisation, filename: str,
                    content: bytes, by: User) -> ProgressSubmission:
    """Keep a checked file for its Confirm (it supersedes the user's earlier previews for the
    same provider and LA)."""
    require_route(by, provider, local_authority)
    return uploads.upload_keep(ProgressSubmission, filename=filename, content=content, by=by,
                               provider=provider, local_authority=local_authority)


def progress_confirm(*, upload: ProgressSubmission, by: User):
    """Check the kept file again and send its rows when it has no errors: ``(plan, sent)``;
    ``(None, False)`` for a file already sent (a second Confirm sends nothing)."""
    provider, la = upload.provider, upload.local_authority
    require_route(by, provider, la)
    return uploads.upload_confirm(
        upload,
        check=lambda content, filename: progress_check(
            content=content, filename=filename, provider=provider, local_authority=la),
        apply=lambda plan, kept: _send(plan, kept))


def _send(plan: ProgressPlan, upload: ProgressSubmission) -> None:
    if not plan.ok:
        raise ValidationError(PLAN_HAS_ERRORS)
    with transaction.atomic():
        ProgressRow.objects.bulk_create([
            ProgressRow(submission=upload, row=line.row, learner=line.learner,
                        academic_year=line.academic_year, review_date=line.review_date,
                        goal=line.goal, pfa_area=line.pfa_area, rating=line.rating,
                        soft=line.soft)
            for line in plan.lines], batch_size=500)
        uploads.upload_applied(upload, now=timezone.now())


def progress_enter(*, provider: Organisation, local_authority: Organisation, by: User,
                   reference: str, academic_year: str, review_date: datetime.date, goal: str,
                   pfa_area: str, rating: str, soft: dict) -> ProgressSubmission:
    """Send one goal's progress typed in the portal: a submission of one row
    (``ENTERED_BY_HAND`` where a file has its name), waiting for the LA's decision as a
    file's rows do. The learner must be one the LA shares with the provider."""
    require_route(by, provider, local_authority)
    learner = reportable_learners(local_authority, provider, [reference]).get(reference)
    if learner is None:
        raise ValidationError({"learner_ref": NOT_YOUR_LEARNER.format(
            ref=shown(reference), la=local_authority.name, provider=provider.name)})
    with transaction.atomic():
        submission = _entered(provider=provider, local_authority=local_authority, by=by)
        ProgressRow.objects.create(
            submission=submission, row=1, learner=learner, academic_year=academic_year,
            review_date=review_date, goal=goal, pfa_area=pfa_area, rating=rating, soft=soft)
    return submission


def progress_step_send(*, provider: Organisation, by: User, outcome: MediumTermOutcome,
                       academic_year: str, review_date: datetime.date,
                       step: str) -> ProgressSubmission:
    """Send the step a learner reached towards one of their medium-term outcomes at a year's
    annual review: a submission of one row to the learner's LA (``ENTERED_BY_HAND``), waiting
    for its decision as any progress does. The learner must be one the LA shares with the
    provider; the step one of the scheme's."""
    learner = outcome.learner
    local_authority = learner.local_authority
    require_route(by, provider, local_authority)
    if learner.reference not in reportable_learners(local_authority, provider,
                                                    [learner.reference]):
        raise ValidationError(NOT_YOUR_LEARNER.format(
            ref=shown(learner.reference), la=local_authority.name, provider=provider.name))
    scheme = current_scheme()
    if scheme is None or step not in {t.code for t in scheme.steps}:
        raise ValidationError({"step": medium_term.CHOOSE_STEP})
    with transaction.atomic():
        submission = _entered(provider=provider, local_authority=local_authority, by=by)
        ProgressRow.objects.create(
            submission=submission, row=1, learner=learner, academic_year=academic_year,
            review_date=review_date, pfa_area=outcome.pfa_area, medium_term=outcome, step=step)
    return submission


def _entered(*, provider: Organisation, local_authority: Organisation,
             by: User) -> ProgressSubmission:
    """A sent submission with no file: progress typed in the portal."""
    now = timezone.now()
    return ProgressSubmission.objects.create(
        uploaded_by=by, filename=ENTERED_BY_HAND, content=b"", sha256=EMPTY_SHA256,
        state=ProgressSubmission.State.APPLIED, applied_at=now, provider=provider,
        local_authority=local_authority)


def counts(submissions) -> dict[int, dict[str, int]]:
    """{submission id: {status: rows}} for these submissions (one query)."""
    found: dict[int, dict[str, int]] = {}
    for entry in (ProgressRow.objects.filter(submission__in=list(submissions))
                  .values("submission", "status").annotate(n=Count("pk"))):
        found.setdefault(entry["submission"], {})[entry["status"]] = entry["n"]
    return found


def clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": GIVE_A_REASON})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": REASON_TOO_LONG.format(length=len(reason))})
    if CONTROL_CHARACTERS.search(reason.replace("\n", " ").replace("\r", " ")):
        raise ValidationError({"reason": REASON_NOT_PLAIN})
    return reason


def progress_decide(*, submission: ProgressSubmission, rows: list[int] | None, accept: bool,
                    reason: str = "", by: User) -> int:
    """Accept or refuse rows of a sent file still waiting for a decision: those numbered in
    ``rows`` (ids), or all of them (``rows`` None). Accepting writes each row into the learner's
    outcome for its year and goal; refusing keeps the reason for the provider. Returns how many
    rows were decided."""
    require_decide(by, submission.local_authority)
    if not accept:
        reason = clean_reason(reason)
    with transaction.atomic():
        pending = (ProgressRow.objects.select_for_update()
                   .filter(submission=submission, status=ProgressRow.Status.PENDING)
                   .select_related("learner").order_by("row"))
        if rows is not None:
            pending = pending.filter(pk__in=rows)
        chosen = list(pending)
        if not chosen:
            raise ValidationError(NOTHING_CHOSEN)
        now = timezone.now()
        if accept:
            _accept(submission, chosen, by=by)
        for line in chosen:
            line.status = ProgressRow.Status.ACCEPTED if accept else ProgressRow.Status.REFUSED
            line.reason = "" if accept else reason
            line.decided_by, line.decided_at = by, now
            save_with_history(line, by=by)
    return len(chosen)


def _accept(submission: ProgressSubmission, chosen: list[ProgressRow], *, by: User) -> None:
    la, provider = submission.local_authority, submission.provider
    try:
        check_commissioned(la, provider)
    except ValidationError:
        raise ValidationError(NO_LONGER_COMMISSIONED.format(
            la=la.name, provider=provider.name)) from None
    scheme = current_scheme()
    if scheme is None:
        raise ValidationError(NO_SCHEME)
    for line in chosen:
        if line.is_step:
            line.step_progress = medium_term.step_record(
                outcome=line.medium_term, academic_year=line.academic_year,
                review_date=line.review_date, provider=provider, step=line.step, by=by)
    chosen = [line for line in chosen if not line.is_step]
    keys = Q(pk__in=[])
    for line in chosen:
        keys |= Q(learner=line.learner_id, academic_year=line.academic_year, goal=line.goal)
    held = {(o.learner_id, o.academic_year, o.goal): o
            for o in GoalOutcome.objects.select_for_update().filter(keys)}
    reason = f"Sent by {provider.name} in {submission.filename}"[:100]
    for line in chosen:
        outcome = held.get((line.learner_id, line.academic_year, line.goal)) or GoalOutcome(
            learner=line.learner, academic_year=line.academic_year, goal=line.goal)
        outcome.scheme_id = scheme.pk
        outcome.provider = provider
        outcome.review_date, outcome.pfa_area = line.review_date, line.pfa_area
        outcome.rating, outcome.soft = line.rating, line.soft
        outcome.updated_by, outcome.submitted_by = by, submission.uploaded_by
        outcome.accepted_by = by
        outcome.full_clean(validate_unique=False, validate_constraints=False)
        save_with_history(outcome, by=by, reason=reason)
        line.outcome = outcome
