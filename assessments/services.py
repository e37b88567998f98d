"""Writes for self-assessments: start, record a response, evidence files, share, submit, reopen.

Each function runs in a transaction, checks the user may do it in the assessment's
current state, and leaves a history row naming the user. Submitted assessments are
read-only here, whatever path the call came from.
"""
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.history import delete_with_history, save_with_history
from core.periods import PERIOD_VALIDATOR, is_open_period, latest_open_period, previous_period
from frameworks.models import Criterion, Framework, RatingLevel
from organisations.models import Organisation, User
from organisations.permissions import can

from . import notices, results, submission_rules, workflow
from .evidence import check_upload
from .models import Assessment, EvidenceFile, Response
from .selectors import assessment_result

NOT_A_SELF_ASSESSMENT = "{framework} is not a self-assessment framework."
NOT_FOR_PROVIDER = ("{framework} is not for {provider} ({provider_type}). Choose one of the "
                    "frameworks shown.")
NOT_ALLOWED_TO_START = "Only the provider's own lead or staff can start its self-assessment."
NOT_ALLOWED_TO_EDIT = "You cannot change this self-assessment."
LOCKED = "This self-assessment has been submitted and is read-only. A provider lead can reopen it."
NOT_ALLOWED_TO_SUBMIT = "Only the provider lead can submit this self-assessment."
NOT_ALLOWED_TO_REOPEN = "Only the provider lead can reopen a submitted self-assessment."
NOT_ALLOWED_TO_SHARE = "Only the provider lead can share a draft with commissioners."
UNRATED_BEFORE_SUBMIT = "Rate every criterion before you submit: {sections} still have criteria to rate."
REOPEN_REASON_REQUIRED = "Give the reason for reopening this self-assessment."
LEVEL_NOT_ON_SCALE = "Choose one of the ratings shown."
NO_PREVIOUS_YEAR = "There is no {framework} self-assessment for {period} to start from."
YEAR_NOT_OPEN = ("{period} has not begun: choose {latest} or an earlier academic year for a "
                 "self-assessment.")
SUBMIT_YEAR_NOT_OPEN = ("This self-assessment is for {period}, which has not begun: it can be "
                        "submitted from when {period} opens.")


class EditConflict(Exception):
    """Someone else saved the same criterion after this user opened it."""

    def __init__(self, current: Response):
        super().__init__("This criterion was changed by someone else after you opened it.")
        self.current = current


def require(condition: bool, message: str):
    """Refuse the action (PermissionDenied with the message) unless the condition holds."""
    if not condition:
        raise PermissionDenied(message)


def locked_assessment(assessment: Assessment) -> Assessment:
    """Re-read the assessment under a row lock so state checks and writes cannot interleave."""
    return (Assessment.objects.select_for_update(of=("self",)).select_related("framework")
            .get(pk=assessment.pk))


@transaction.atomic
def assessment_start(
    *, provider: Organisation, framework: Framework, period: str, by: User,
    from_last_year: bool = False,
) -> tuple[Assessment, bool]:
    """Start (or open, when it exists) the provider's self-assessment for a framework and year.
    The framework must be one for the provider's type (``Framework.applies_to``).

    With ``from_last_year``, last year's evidence text is copied as a starting point,
    matched by criterion code; every rating starts "not yet rated" and each copied item
    is marked carried over until someone saves it. Returns (assessment, created)."""
    require(can(by, "assessments.start_self_assessment", provider), NOT_ALLOWED_TO_START)
    if framework.kind == Framework.Kind.QA_VISIT:
        raise ValidationError({"framework": NOT_A_SELF_ASSESSMENT.format(framework=framework.name)})
    if not framework.applies_to_provider_type(provider.provider_type):
        raise ValidationError({"framework": NOT_FOR_PROVIDER.format(
            framework=framework.name, provider=provider.name,
            provider_type=provider.get_provider_type_display())})
    PERIOD_VALIDATOR(period)
    today = timezone.localdate()
    if not is_open_period(period, today):
        raise ValidationError({"period": YEAR_NOT_OPEN.format(
            period=period, latest=latest_open_period(today))})
    existing = Assessment.objects.filter(
        provider=provider, framework_slug=framework.slug, period=period
    ).exclude(kind=Framework.Kind.QA_VISIT).first()
    if existing:
        return existing, False
    previous = None
    if from_last_year:
        previous = Assessment.objects.filter(
            provider=provider, framework_slug=framework.slug, period=previous_period(period)
        ).exclude(kind=Framework.Kind.QA_VISIT).first()
        if previous is None:
            raise ValidationError({"from_last_year": NO_PREVIOUS_YEAR.format(
                framework=framework.name, period=previous_period(period))})
    assessment = Assessment(
        framework=framework, framework_slug=framework.slug, kind=framework.kind,
        provider=provider, period=period, state=workflow.next_state("start", None), created_by=by,
        carried_over_from=previous,
    )
    assessment.full_clean()
    save_with_history(assessment, by=by)
    carried = {}
    if previous is not None:
        carried = {
            code: text for code, text in previous.responses.values_list("criterion__code", "evidence")
            if text.strip()
        }
    criteria = Criterion.objects.filter(framework=framework).only("pk", "code")
    bulk_create_with_history(
        [Response(assessment=assessment, criterion=c, evidence=carried.get(c.code, ""),
                  carried_over=c.code in carried, updated_by=by) for c in criteria],
        Response, default_user=by,
    )
    results.store([assessment.pk])
    return assessment, True


@transaction.atomic
def response_record(
    *, response: Response, by: User, expected_revision: int, level: RatingLevel | None,
    evidence: str,
) -> Response:
    """Save one criterion's rating and evidence text.

    ``expected_revision`` is the revision the user's form was drawn from: if someone saved
    the criterion since, nothing is written and EditConflict carries their version."""
    assessment = locked_assessment(response.assessment)
    if assessment.is_locked:
        raise PermissionDenied(LOCKED)
    require(can(by, "assessments.edit_self_assessment", assessment), NOT_ALLOWED_TO_EDIT)
    current = (Response.objects.select_for_update(of=("self",)).select_related("level")
               .get(pk=response.pk))
    if current.revision != expected_revision and _changed_by_others(current, expected_revision, by):
        raise EditConflict(current)
    if level is not None and level.scale_id != assessment.framework.item_scale_id:
        raise ValidationError({"level": LEVEL_NOT_ON_SCALE})
    rerated = current.level_id != (level.pk if level else None)
    current.level = level
    current.evidence = evidence.strip()
    current.carried_over = False
    save_revision(current, by=by)
    if rerated:
        results.store([assessment.pk])
    return current


def save_revision(row, *, by: User):
    """Save a changed row (a response or a section judgement) as its next revision, by
    ``by``, with a history row. The revision is what a page's form carries, so a later save
    from a page drawn before this one is a conflict (``EditConflict``), never lost."""
    row.revision += 1
    row.updated_by = by
    save_with_history(row, by=by)
    return row


def revision_unknown(row, expected_revision: int) -> bool:
    """Whether ``expected_revision`` is not one the row ever had: every page is drawn from a
    revision between 0 and the row's current one, so anything else (a crafted form, a
    30-digit number) is a conflict for every row editor, never leave to skip the check —
    and is decided here, before any query is given a number the database may not hold."""
    return not 0 <= expected_revision <= row.revision


def _changed_by_others(response: Response, since_revision: int, user: User) -> bool:
    """Whether anyone but ``user`` saved the response after ``since_revision`` (or that
    revision is not one it had). The user's own later saves (an in-place save still in
    flight when they pressed Save) are not a conflict: the form they send holds everything
    they typed."""
    if revision_unknown(response, since_revision):
        return True
    return (
        Response.history.filter(id=response.pk, revision__gt=since_revision)
        .exclude(history_user=user).exists()
    )


@transaction.atomic
def evidence_add(*, response: Response, upload, by: User) -> EvidenceFile:
    """Attach an evidence file to a criterion after checking its size and type."""
    assessment = locked_assessment(response.assessment)
    if assessment.is_locked:
        raise PermissionDenied(LOCKED)
    require(can(by, "assessments.edit_self_assessment", assessment), NOT_ALLOWED_TO_EDIT)
    return store_evidence_file(assessment=assessment, response=response, upload=upload, by=by)


@transaction.atomic
def evidence_remove(*, evidence: EvidenceFile, by: User) -> None:
    """Remove an evidence file from a draft; the history keeps its name and checksum."""
    assessment = locked_assessment(evidence.assessment)
    if assessment.is_locked:
        raise PermissionDenied(LOCKED)
    require(can(by, "assessments.edit_self_assessment", assessment), NOT_ALLOWED_TO_EDIT)
    delete_evidence_file(evidence, by=by)


def store_evidence_file(*, assessment: Assessment, response: Response, upload,
                        by: User) -> EvidenceFile:
    """Check an upload (size, type by content) and store it against ``response``. The caller
    has locked the assessment and checked ``by`` may add evidence to it."""
    return store_upload(EvidenceFile(assessment=assessment, response=response), upload, by=by)


def store_upload(evidence, upload, *, by: User):
    """Check an upload (size, type by content) and store it as ``evidence``, an unsaved
    evidence file (``EvidenceFileFields``) that already names its record and row."""
    checked = check_upload(upload)
    evidence.original_name = checked.name
    evidence.content_type = checked.content_type
    evidence.size = checked.size
    evidence.sha256 = checked.sha256
    evidence.uploaded_by = by
    evidence.file.save(checked.name, upload, save=False)
    save_with_history(evidence, by=by)
    return evidence


def delete_evidence_file(evidence, *, by: User) -> None:
    """Delete an evidence file's row now and its stored file once the transaction commits
    (a rollback keeps both); the history keeps its name and checksum. The caller has checked
    ``by`` may remove it."""
    stored = evidence.file
    delete_with_history(evidence, by=by)
    transaction.on_commit(lambda: stored.storage.delete(stored.name))


@transaction.atomic
def assessment_share(*, assessment: Assessment, by: User, shared: bool) -> Assessment:
    """Let (or stop letting) the provider's commissioners see this draft; they are told the
    first time it is shared."""
    assessment = locked_assessment(assessment)
    require(can(by, "assessments.share_self_assessment", assessment), NOT_ALLOWED_TO_SHARE)
    workflow.next_state("share", assessment.state)
    assessment.shared_with_commissioners = shared
    save_with_history(assessment, by=by)
    if shared:
        notices.assessment_shared(assessment, by=by)
    return assessment


@dataclass(frozen=True)
class RuleFailure:
    """One reason an assessment cannot be submitted yet, and the sections it concerns."""

    message: str
    section_codes: tuple = ()
    fix: str = "rate"  # what the user does: "rate" the sections, "add_action", or "wait" (the year)


def names_list(titles) -> str:
    titles = list(titles)
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]


def submit_check(assessment: Assessment, result=None) -> list[RuleFailure]:
    """Why the assessment cannot be submitted yet: every criterion must be rated, then every
    rule other apps registered (``assessments.submission_rules``) must pass, and the
    academic year must have begun (``is_open_period``: a self-assessment made early waits
    for its year). An empty list means it can be submitted."""
    result = result or assessment_result(assessment)
    failures = []
    if not is_open_period(assessment.period, timezone.localdate()):
        failures.append(RuleFailure(SUBMIT_YEAR_NOT_OPEN.format(period=assessment.period),
                                    fix="wait"))
    unrated = [s for s in result.sections if not s.complete]
    if unrated:
        return failures + [RuleFailure(
            UNRATED_BEFORE_SUBMIT.format(sections=names_list(s.title for s in unrated)),
            tuple(s.code for s in unrated),
        )]
    # Other apps' rules (extension point ``assessments.submission_rules``; actionplans
    # registers the SI QAF Stage 2 action plan rule).
    for rule in submission_rules.registered():
        failures.extend(rule(assessment, result))
    return failures


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by: User) -> Assessment:
    """Submit a complete self-assessment; it becomes read-only, and the commissioners'
    reviewers are told."""
    assessment = locked_assessment(assessment)
    if assessment.is_locked:
        raise PermissionDenied(LOCKED)
    require(can(by, "assessments.submit_self_assessment", assessment), NOT_ALLOWED_TO_SUBMIT)
    failures = submit_check(assessment)
    if failures:
        raise ValidationError([failure.message for failure in failures])
    assessment.state = workflow.next_state("submit", assessment.state)
    assessment.submitted_by = by
    assessment.submitted_at = timezone.now()
    save_with_history(assessment, by=by, reason="Submitted")
    notices.assessment_submitted(assessment, by=by)
    return assessment


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, by: User, reason: str) -> Assessment:
    """Reopen a submitted self-assessment for changes, recording why. The history keeps the
    submitted version of every response."""
    assessment = locked_assessment(assessment)
    require(can(by, "assessments.reopen_self_assessment", assessment), NOT_ALLOWED_TO_REOPEN)
    if not reason.strip():
        raise ValidationError({"reason": REOPEN_REASON_REQUIRED})
    assessment.state = workflow.next_state("reopen", assessment.state)
    assessment.reopen_reason = reason.strip()
    save_with_history(assessment, by=by, reason=f"Reopened: {reason.strip()}")
    return assessment
