"""Writes for QA visits: create and prepare the record, share it, provider evidence, observer
notes and ratings, concluding judgements, record the visit, share the judgements, the
provider's reply, finalise and withdraw. Causes for concern are raised and decided in
``visits.concerns``.

Each function runs in a transaction, checks who may do it in the visit's current state
(``organisations.permissions``), and leaves a history row naming the user. Final and
withdrawn visits are read-only here, whatever path the call came from.
"""
import datetime
from collections.abc import Mapping
from itertools import pairwise

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from assessments.selectors import as_level
from assessments.services import (
    EditConflict,
    delete_evidence_file,
    require,
    revision_unknown,
    save_revision,
    store_upload,
)
from core.history import delete_with_history, save_with_history
from core.periods import academic_year
from frameworks.models import Criterion, Framework, RatingLevel, Section
from organisations.models import Commissioning, Membership, Organisation, User
from organisations.permissions import can

from . import finalised_hooks, follow_up, notices, rag_rules
from . import workflow as visit_workflow
from .concerns import NOT_ALLOWED_TO_JUDGE, concern_raise
from .dates import add_working_days, long_date, visit_date_error
from .models import (
    Concern,
    Visit,
    VisitAnswer,
    VisitDetail,
    VisitEvidenceFile,
    VisitJudgement,
    VisitTeamMember,
)
from .selectors import (
    chosen_key_codes,
    record_blockers,
    share_blockers,
    visit_data,
)

NOT_A_VISIT_FRAMEWORK = "{framework} is not a QA visit framework."
NOT_ALLOWED_TO_CREATE = ("Only a partnership officer of a partnership that commissions the "
                         "provider can create a QA visit record.")
NOT_ALLOWED_TO_CHANGE_SETUP = ("Only the partnership's officers can change the visit date and "
                               "team, before the visit is recorded.")
NOT_ALLOWED_TO_OBSERVE = "Only the partnership's officers can record observations on this visit now."
AT_VISIT_NOT_YET = "“At the visit” requirements are recorded once the record is shared with the provider."
NOT_ALLOWED_TO_SHARE = "Only a partnership officer can share a record that is being prepared."
NOT_ALLOWED_TO_ADD_EVIDENCE = ("Only the provider's lead and staff can add evidence, while the "
                               "record is shared with them.")
NOT_ALLOWED_TO_MARK_RECORDED = ("Only a partnership officer can mark the visit recorded, once the "
                                "record is shared.")
NOT_ALLOWED_TO_SHARE_JUDGEMENTS = ("Only a partnership officer can share the judgements, once the "
                                   "visit is recorded.")
NOT_ALLOWED_TO_RESPOND = "Only the provider lead can respond, once the judgements are shared."
NOT_ALLOWED_TO_FINALISE = "Only a partnership officer or chair can finalise, once the judgements are shared."
NOT_ALLOWED_TO_WITHDRAW = "Only a partnership officer can withdraw a visit record that is not final."
VISIT_LOCKED = "This visit record is {state} and read-only."
DATE_REQUIRED = "Enter the planned date of the visit."
JUDGEMENTS_BEFORE_VISIT = "Judgements cannot be shared before the visit took place on {date}."
OFFICERS_REQUIRED = "Choose at least one partnership officer for the visiting team."
OFFICER_NOT_IN_PARTNERSHIP = "{name} is not a partnership officer of {partnership}."
VISITOR_INCOMPLETE = "Give both the name and the school of each school visitor."
SECTION_NOT_IN_FRAMEWORK = "Choose sections of this visit record."
LEVEL_NOT_ON_SCALE = "Choose Red, Amber or Green."
RESPONSE_REQUIRED = "Write your response to the judgements."
RESPONSE_CLOSED = "The time to respond ended on {date}."
WAITING_FOR_RESPONSE = ("The provider has until {date} to respond to the judgements. You can "
                        "finalise once they respond or that date has passed.")
WITHDRAW_REASON_REQUIRED = "Give the reason for withdrawing this visit record."

OBSERVER_FIELDS = ("level_id", "observer_notes", "action_points", "internal_notes")
JUDGEMENT_FIELDS = ("level_id", "narrative", "follow_up_actions", "justification")

def _locked_visit(visit: Visit) -> Visit:
    """The visit under a row lock (its own row only: the framework it joins is shared by every
    visit); refused when it is final or withdrawn."""
    visit = (Visit.objects.select_for_update(of=("self",)).select_related("framework")
                  .get(pk=visit.pk))
    if visit.is_locked:
        raise PermissionDenied(VISIT_LOCKED.format(state=visit.get_state_display().lower()))
    return visit


def _changed_by_others(model, obj, since_revision: int, user: User, fields) -> bool:
    """Whether anyone but ``user`` changed one of ``fields`` of the row after
    ``since_revision``. Changes to other fields (the provider's evidence while an officer
    writes notes) are not a conflict, nor are the user's own in-flight saves. A revision the
    row never had is always one."""
    if revision_unknown(obj, since_revision):
        return True
    if obj.revision == since_revision:
        return False
    records = list(model.history.filter(id=obj.pk, revision__gte=since_revision)
                   .order_by("revision", "history_date", "history_id"))
    return any(
        later.history_user_id != user.pk
        and any(getattr(earlier, f) != getattr(later, f) for f in fields)
        for earlier, later in pairwise(records)
    )


def _check_level(level: RatingLevel | None, scale_id):
    if level is not None and level.scale_id != scale_id:
        raise ValidationError({"level": LEVEL_NOT_ON_SCALE})


# Creating and preparing ---------------------------------------------------------------


def _team_officers(partnership: Organisation, officers) -> list[User]:
    """The officers, checked to be partnership officers of the visiting partnership."""
    officers = list(dict.fromkeys(officers))
    if not officers:
        raise ValidationError({"officers": OFFICERS_REQUIRED})
    allowed = set(Membership.objects.filter(
        organisation=partnership, role=Membership.Role.PARTNERSHIP_OFFICER,
    ).values_list("user_id", flat=True))
    for user in officers:
        if user.pk not in allowed:
            raise ValidationError({"officers": OFFICER_NOT_IN_PARTNERSHIP.format(
                name=user.display_name, partnership=partnership.name)})
    return officers


def _clean_visitors(school_visitors) -> list[tuple[str, str]]:
    cleaned = []
    for name, school in school_visitors:
        name, school = name.strip(), school.strip()
        if not name and not school:
            continue
        if not (name and school):
            raise ValidationError({"school_visitors": VISITOR_INCOMPLETE})
        cleaned.append((name, school))
    return list(dict.fromkeys(cleaned))


def _set_team(visit: Visit, officers: list[User], visitors, by: User):
    """Make the team match, deleting and adding rows one by one so the history has each."""
    wanted_officers = {u.pk for u in officers}
    wanted_visitors = set(visitors)
    kept_officers, kept_visitors = set(), set()
    for member in VisitTeamMember.objects.filter(visit=visit):
        key = (member.name, member.school)
        if member.kind == VisitTeamMember.Kind.OFFICER and member.user_id in wanted_officers:
            kept_officers.add(member.user_id)
        elif member.kind == VisitTeamMember.Kind.SCHOOL_VISITOR and key in wanted_visitors \
                and key not in kept_visitors:
            kept_visitors.add(key)
        else:
            delete_with_history(member, by=by)
    for user in officers:
        if user.pk not in kept_officers:
            member = VisitTeamMember(visit=visit, kind=VisitTeamMember.Kind.OFFICER,
                                     user=user)
            member.full_clean()
            save_with_history(member, by=by)
    for name, school in visitors:
        if (name, school) not in kept_visitors:
            member = VisitTeamMember(visit=visit, name=name, school=school,
                                     kind=VisitTeamMember.Kind.SCHOOL_VISITOR)
            member.full_clean()
            save_with_history(member, by=by)


def _set_key_sections(visit: Visit, key_sections, by: User):
    sections = list(key_sections)
    if any(s.framework_id != visit.framework_id for s in sections):
        raise ValidationError({"key_sections": SECTION_NOT_IN_FRAMEWORK})
    detail, _ = VisitDetail.objects.get_or_create(visit=visit)
    if {s.code for s in sections} != chosen_key_codes(visit):
        detail._history_user = by
        detail.key_sections.set(sections)


@transaction.atomic
def visit_create(
    *, link: Commissioning, framework: Framework, planned_visit_date: datetime.date,
    officers, school_visitors=(), key_sections=(), by: User,
) -> Visit:
    """Start a QA visit record for the provider of a commissioning link, carried out by the
    link's partnership: a response per requirement and a judgement per section, all blank."""
    require(can(by, "visits.create_visit", link), NOT_ALLOWED_TO_CREATE)
    if framework.kind != Framework.Kind.QA_VISIT:
        raise ValidationError({"framework": NOT_A_VISIT_FRAMEWORK.format(framework=framework.name)})
    if planned_visit_date is None:
        raise ValidationError({"planned_visit_date": DATE_REQUIRED})
    officers = _team_officers(link.commissioner, officers)
    visitors = _clean_visitors(school_visitors)
    visit = Visit(
        framework=framework, provider_id=link.provider_id, commissioner_id=link.commissioner_id,
        period=academic_year(planned_visit_date), planned_visit_date=planned_visit_date,
        state=visit_workflow.next_state("create", None), created_by=by,
    )
    visit.full_clean()
    save_with_history(visit, by=by, reason="Visit record created")
    bulk_create_with_history(
        [VisitAnswer(visit=visit, criterion=c, updated_by=by)
         for c in Criterion.objects.filter(framework=framework).only("pk")],
        VisitAnswer, default_user=by,
    )
    bulk_create_with_history(
        [VisitJudgement(visit=visit, section=s, updated_by=by)
         for s in Section.objects.filter(framework=framework).only("pk")],
        VisitJudgement, default_user=by,
    )
    detail = VisitDetail(visit=visit)
    save_with_history(detail, by=by)
    _set_key_sections(visit, key_sections, by)
    _set_team(visit, officers, visitors, by)
    return visit


@transaction.atomic
def visit_update_setup(
    *, visit: Visit, planned_visit_date: datetime.date, officers,
    school_visitors=(), key_sections=(), by: User,
) -> Visit:
    """Change the planned date, the visiting team and the sections chosen as key aspects."""
    visit = _locked_visit(visit)
    require(can(by, "visits.change_visit_setup", visit), NOT_ALLOWED_TO_CHANGE_SETUP)
    if planned_visit_date is None:
        raise ValidationError({"planned_visit_date": DATE_REQUIRED})
    officers = _team_officers(visit.commissioner, officers)
    visitors = _clean_visitors(school_visitors)
    if visit.planned_visit_date != planned_visit_date:
        visit.planned_visit_date = planned_visit_date
        visit.period = academic_year(planned_visit_date)
        visit.full_clean()
        save_with_history(visit, by=by, reason="Visit date changed")
    _set_key_sections(visit, key_sections, by)
    _set_team(visit, officers, visitors, by)
    return visit


@transaction.atomic
def visit_share_with_provider(*, visit: Visit, by: User,
                              base_url: str = "") -> Visit:
    """Share the prepared record with the provider: every "before the visit" requirement
    must be rated. The provider's lead and staff are told to add their evidence."""
    visit = _locked_visit(visit)
    require(can(by, "visits.share_visit", visit), NOT_ALLOWED_TO_SHARE)
    failures = share_blockers(visit_data(visit))
    if failures:
        raise ValidationError([f.message for f in failures])
    visit.state = visit_workflow.next_state("share", visit.state)
    save_with_history(visit, by=by, reason="Shared with the provider")
    notices.visit_shared(visit, by=by, base_url=base_url)
    return visit


# Evidence and observations -------------------------------------------------------------


def _open_for_evidence(visit: Visit, by: User) -> Visit:
    """The visit, locked, when ``by`` may add provider evidence to it now; refused otherwise."""
    visit = _locked_visit(visit)
    require(can(by, "visits.add_provider_evidence", visit), NOT_ALLOWED_TO_ADD_EVIDENCE)
    visit_workflow.next_state("provider_evidence", visit.state)
    return visit


def _locked_response(response: VisitAnswer, by: User, fields, expected_revision: int) -> VisitAnswer:
    current = (VisitAnswer.objects.select_for_update(of=("self",)).select_related("criterion")
               .get(pk=response.pk))
    if _changed_by_others(VisitAnswer, current, expected_revision, by, fields):
        raise EditConflict(current)
    return current


@transaction.atomic
def provider_evidence_record(
    *, response: VisitAnswer, by: User, expected_revision: int, evidence: str,
) -> VisitAnswer:
    """Save the provider's evidence text for one requirement."""
    _open_for_evidence(response.visit, by)
    current = _locked_response(response, by, ("evidence",), expected_revision)
    current.evidence = evidence.strip()
    return save_revision(current, by=by)


@transaction.atomic
def provider_evidence_add_file(*, response: VisitAnswer, upload, by: User) -> VisitEvidenceFile:
    """Attach a provider evidence file to a requirement, after the same checks as any upload."""
    visit = _open_for_evidence(response.visit, by)
    return store_upload(VisitEvidenceFile(visit=visit, answer=response), upload, by=by)


@transaction.atomic
def provider_evidence_remove_file(*, evidence: VisitEvidenceFile, by: User) -> None:
    """Remove a provider evidence file; the history keeps its name and checksum."""
    _open_for_evidence(evidence.visit, by)
    delete_evidence_file(evidence, by=by)


@transaction.atomic
def requirement_record(
    *, response: VisitAnswer, by: User, expected_revision: int, level: RatingLevel | None,
    observer_notes: str, action_points: str, internal_notes: str,
) -> VisitAnswer:
    """Save the partnership's observer notes, R/A/G rating, action points and internal notes
    for one requirement. While the record is being prepared, only "before the visit"
    requirements can be recorded."""
    visit = _locked_visit(response.visit)
    require(can(by, "visits.record_visit_observations", visit), NOT_ALLOWED_TO_OBSERVE)
    current = _locked_response(response, by, OBSERVER_FIELDS, expected_revision)
    if (visit.is_preparing
            and current.criterion.phase != Criterion.Phase.BEFORE_VISIT):
        raise PermissionDenied(AT_VISIT_NOT_YET)
    _check_level(level, visit.framework.item_scale_id)
    current.level = level
    current.observer_notes = observer_notes.strip()
    current.action_points = action_points.strip()
    current.internal_notes = internal_notes.strip()
    return save_revision(current, by=by)


# Judgements and the visit's record -----------------------------------------------------


@transaction.atomic
def visit_record_judgement(
    *, judgement: VisitJudgement, by: User, expected_revision: int,
    level: RatingLevel | None, narrative: str, follow_up_actions: str, justification: str,
    base_url: str = "",
) -> VisitJudgement:
    """Save a section's concluding judgement. A judgement better than a Red requirement in
    the section needs a justification. Once the visit is recorded, a Red judgement in a key
    section raises a cause for concern at once."""
    visit = _locked_visit(judgement.visit)
    require(can(by, "visits.record_visit_judgement", visit), NOT_ALLOWED_TO_JUDGE)
    current = VisitJudgement.objects.select_for_update(of=("self",)).select_related("section").get(
        pk=judgement.pk)
    if _changed_by_others(VisitJudgement, current, expected_revision, by, JUDGEMENT_FIELDS):
        raise EditConflict(current)
    _check_level(level, visit.framework.judgement_scale_id)
    ratings = [(r.criterion.code, as_level(r.level)) for r in
               VisitAnswer.objects.filter(visit=visit, criterion__section=current.section)
               .select_related("criterion", "level").order_by("criterion__order")]
    error = rag_rules.justification_error(as_level(level), ratings, justification)
    if error:
        raise ValidationError({"justification": error})
    current.level = level
    current.narrative = narrative.strip()
    current.follow_up_actions = follow_up_actions.strip()
    current.justification = justification.strip()
    save_revision(current, by=by)
    if visit.state in visit_workflow.RECORDED:
        concern_raise(visit=visit, section=current.section, by=by, base_url=base_url)
    return current


@transaction.atomic
def visit_mark_recorded(
    *, visit: Visit, by: User, visited_on: datetime.date,
    today: datetime.date | None = None, base_url: str = "",
) -> list[Concern]:
    """Record the visit, on the date it took place (today or earlier: a visit is not recorded
    before it happens): every requirement rated, every section judged and justified. The
    visit's academic year follows that date. The provider can no longer add evidence. Each
    Red judgement in a key section raises a cause for concern and the partnership chair is
    emailed. Returns the concerns raised."""
    visit = _locked_visit(visit)
    require(can(by, "visits.mark_visit_recorded", visit), NOT_ALLOWED_TO_MARK_RECORDED)
    error = visit_date_error(visited_on, today or timezone.localdate())
    if error:
        raise ValidationError({"visited_on": error})
    data = visit_data(visit)
    failures = record_blockers(data)
    if failures:
        raise ValidationError([f.message for f in failures])
    visit.state = visit_workflow.next_state("record", visit.state)
    visit.visited_on = visited_on
    visit.period = academic_year(visited_on)
    visit.full_clean()
    save_with_history(visit, by=by, reason="Visit recorded")
    raised = []
    for row in data.rows:
        concern = concern_raise(visit=visit, section=row.section, by=by,
                                base_url=base_url)
        if concern:
            raised.append(concern)
    return raised


@transaction.atomic
def visit_share_judgements(
    *, visit: Visit, by: User, today: datetime.date | None = None,
    base_url: str = "",
) -> Visit:
    """Share the judgements with the provider, who may respond within
    ``VISIT_RESPONSE_WORKING_DAYS`` working days counted from today, the day they are shared
    (never before the visit took place). The provider's leads are told; ``base_url`` is the
    portal's address for the email's link (else ``SITE_URL``)."""
    visit = _locked_visit(visit)
    require(can(by, "visits.share_visit_judgements", visit),
             NOT_ALLOWED_TO_SHARE_JUDGEMENTS)
    failures = record_blockers(visit_data(visit))
    if failures:
        raise ValidationError([f.message for f in failures])
    today = today or timezone.localdate()
    if visit.visited_on and today < visit.visited_on:
        raise ValidationError(JUDGEMENTS_BEFORE_VISIT.format(date=long_date(visit.visited_on)))
    visit.state = visit_workflow.next_state("share_judgements", visit.state)
    visit.response_due = add_working_days(today, settings.VISIT_RESPONSE_WORKING_DAYS)
    save_with_history(visit, by=by, reason="Judgements shared with the provider")
    notices.judgements_shared(visit, by=by, base_url=base_url)
    return visit


def response_open(visit: Visit, today: datetime.date | None = None) -> bool:
    """Whether the provider's time to respond to the judgements is still running."""
    today = today or timezone.localdate()
    return visit.response_due is None or today <= visit.response_due


@transaction.atomic
def visit_respond(
    *, visit: Visit, by: User, response: str, today: datetime.date | None = None,
    base_url: str = "",
) -> Visit:
    """The provider's right of reply to the judgements, until the response date. The
    visiting officers are told (once, however often the response is changed)."""
    visit = _locked_visit(visit)
    require(can(by, "visits.respond_to_visit", visit), NOT_ALLOWED_TO_RESPOND)
    visit_workflow.next_state("respond", visit.state)
    if not response_open(visit, today):
        raise PermissionDenied(RESPONSE_CLOSED.format(date=long_date(visit.response_due)))
    if not response.strip():
        raise ValidationError({"response": RESPONSE_REQUIRED})
    visit.provider_response = response.strip()
    save_with_history(visit, by=by, reason="Provider responded")
    notices.visit_responded(visit, by=by, base_url=base_url)
    return visit


def finalise_blocker(visit: Visit, today: datetime.date | None = None) -> str | None:
    """Why the visit cannot be finalised yet: the provider's time to respond is still running."""
    today = today or timezone.localdate()
    if (not visit.provider_response.strip() and visit.response_due
            and today <= visit.response_due):
        return WAITING_FOR_RESPONSE.format(date=long_date(visit.response_due))
    return None


@transaction.atomic
def visit_finalise(
    *, visit: Visit, by: User, today: datetime.date | None = None,
    agreed: Mapping[str, tuple[str, datetime.date | None]] | None = None,
) -> Visit:
    """Finalise the visit once the provider has responded or its time has passed, and each
    action agreed at it has an owner and a due date (``agreed``, by ``AgreedAction.key``).
    Read-only from now on; the ``finalised_hooks`` run in this transaction."""
    today = today or timezone.localdate()
    visit = _locked_visit(visit)
    require(can(by, "visits.finalise_visit", visit), NOT_ALLOWED_TO_FINALISE)
    blocker = finalise_blocker(visit, today)
    if blocker:
        raise ValidationError(blocker)
    actions = follow_up.agreed_actions(visit)
    errors = follow_up.agree(actions, agreed or {}, today)
    if errors:
        raise ValidationError(errors)
    visit.state = visit_workflow.next_state("finalise", visit.state)
    save_with_history(visit, by=by, reason="Finalised")
    # Other apps' hooks (extension point ``visits.finalised_hooks``).
    for hook in finalised_hooks.registered():
        hook(visit=visit, by=by, actions=actions)
    return visit


@transaction.atomic
def visit_withdraw(*, visit: Visit, by: User, reason: str) -> Visit:
    """Withdraw a visit record that is not final, recording why. Nothing is deleted."""
    visit = _locked_visit(visit)
    require(can(by, "visits.withdraw_visit", visit), NOT_ALLOWED_TO_WITHDRAW)
    if not reason.strip():
        raise ValidationError({"reason": WITHDRAW_REASON_REQUIRED})
    detail, _ = VisitDetail.objects.get_or_create(visit=visit)
    detail.withdrawn_reason = reason.strip()
    save_with_history(detail, by=by)
    visit.state = visit_workflow.next_state("withdraw", visit.state)
    save_with_history(visit, by=by, reason=f"Withdrawn: {reason.strip()}")
    return visit
