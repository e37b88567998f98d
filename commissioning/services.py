"""Every write of the commissioning cycle: one transaction, a permission check, a history row.

A commissioner records a prospective provider, opens a due-diligence check of it against the
current checklist, marks each item met, not met or not applicable with a note, and decides:
commission, commission with conditions, or do not commission. Commissioning makes exactly one
commissioning link (or keeps the one a check repeated a year on was about)."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from assessments.selectors import self_assessment_frameworks
from assessments.services import store_upload
from core.history import delete_with_history, save_with_history
from organisations.kinds import COMMISSIONER_KINDS, OrganisationKind
from organisations.models import Commissioning, Organisation, User
from organisations.permissions import can
from organisations.services import commissioning_set_status
from people.models import Invitation
from people.services import first_lead_invite
from visits import workflow as visit_workflow
from visits.models import Concern, Visit

from . import workflow
from .checklists import current_checklist
from .models import (
    Agreement,
    CheckEvidence,
    CheckItem,
    Decommissioning,
    DueDiligenceCheck,
    ExpectedStandard,
    SupportEntry,
)
from .selectors import with_standards
from .standards import judge

# Tests assert these.
NOT_ALLOWED = "Only the organisation's officers, chairs and commissioners can do this."
NOT_A_COMMISSIONER = "{organisation} does not commission providers."
NOT_A_PROVIDER = "{organisation} is not a provider."
ARCHIVED = "{organisation} is archived: no new work starts with it."
NO_CHECKLIST = ("No due-diligence checklist is loaded: run `python manage.py load_frameworks`, "
                "which loads fixtures/checklists/.")
ALREADY_OPEN = "{commissioner} already has a due-diligence check of {provider} in progress."
NOT_OPEN = "This check has been decided: it cannot be changed."
OUTCOME_UNKNOWN = "Choose met, not met or not applicable."
ITEMS_LEFT = ("Mark every item before deciding: {count} of {total} are not checked yet.")
CONDITIONS_REQUIRED = "Say what the conditions are."
CONDITIONS_ONLY = "Conditions go with a decision to commission with conditions."
DECISION_UNKNOWN = "Choose commission, commission with conditions or do not commission."
COMMISSIONED_REASON = "Commissioned after due diligence."
LEAD_NOT_YOURS = ("Only the checking organisation's people invite a provider's first lead, "
                  "while the check is in progress and the provider has no lead.")


def _require(condition: bool, message: str = NOT_ALLOWED) -> None:
    if not condition:
        raise PermissionDenied(message)


@transaction.atomic
def prospective_provider_create(*, name: str, provider_type: str, by: User,
                                commissioner: Organisation) -> Organisation:
    """A provider no one commissions yet, recorded by a commissioner to check it."""
    _require(can(by, "commissioning.open_check", commissioner))
    base = slugify(name)[:70] or "provider"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    provider = Organisation(name=name.strip(), slug=slug, kind=OrganisationKind.PROVIDER,
                            provider_type=provider_type)
    provider.full_clean()
    save_with_history(provider, by=by)
    return provider


@transaction.atomic
def check_open(*, commissioner: Organisation, provider: Organisation,
               by: User) -> DueDiligenceCheck:
    """Open a check of ``provider`` for ``commissioner`` against the current checklist, with a
    row per item to mark. A provider it already commissions may be checked again (a year on):
    the check then names that link."""
    _require(can(by, "commissioning.open_check", commissioner))
    if commissioner.kind not in COMMISSIONER_KINDS:
        raise ValidationError(NOT_A_COMMISSIONER.format(organisation=commissioner))
    if provider.kind != OrganisationKind.PROVIDER:
        raise ValidationError({"provider": NOT_A_PROVIDER.format(organisation=provider)})
    if provider.is_archived:
        raise ValidationError({"provider": ARCHIVED.format(organisation=provider)})
    checklist = current_checklist()
    if checklist is None:
        raise ValidationError(NO_CHECKLIST)
    already = DueDiligenceCheck.objects.filter(commissioner=commissioner, provider=provider,
                                               state__in=workflow.OPEN)
    if already.exists():
        raise ValidationError({"provider": ALREADY_OPEN.format(commissioner=commissioner,
                                                               provider=provider)})
    check = DueDiligenceCheck(commissioner=commissioner, provider=provider, checklist=checklist,
                              opened_by=by, link=Commissioning.objects.filter(
                                  commissioner=commissioner, provider=provider).first())
    try:
        with transaction.atomic():
            save_with_history(check, by=by)
    except IntegrityError:  # opened by someone else meanwhile (one open check a pair)
        raise ValidationError({"provider": ALREADY_OPEN.format(
            commissioner=commissioner, provider=provider)}) from None
    bulk_create_with_history([CheckItem(due_diligence=check, item=item)
                              for item in checklist.items.order_by("order")], CheckItem,
                             default_user=by)
    return check


def _locked(check: DueDiligenceCheck) -> DueDiligenceCheck:
    return (DueDiligenceCheck.objects.select_for_update(of=("self",))
            .select_related("commissioner", "provider").get(pk=check.pk))


@transaction.atomic
def item_record(*, row: CheckItem, outcome: str, note: str, by: User) -> CheckItem:
    """Mark one item met, not met or not applicable, with a note."""
    check = _locked(row.due_diligence)
    _require(can(by, "commissioning.record_check", check),
             NOT_OPEN if not workflow.is_open(check) else NOT_ALLOWED)
    if outcome not in CheckItem.Outcome.values:
        raise ValidationError({"outcome": OUTCOME_UNKNOWN})
    row = CheckItem.objects.get(pk=row.pk)
    if (row.outcome, row.note) != (outcome, note):
        row.outcome, row.note, row.updated_by = outcome, note, by
        save_with_history(row, by=by)
    return row


@transaction.atomic
def check_decide(*, check: DueDiligenceCheck, decision: str, conditions: str,
                 by: User) -> DueDiligenceCheck:
    """Decide once every item is marked. Commissioning (with or without conditions) makes
    the commissioning link, active from today, unless the check's pair already has one."""
    check = _locked(check)
    _require(can(by, "commissioning.decide_check", check),
             NOT_OPEN if not workflow.is_open(check) else NOT_ALLOWED)
    if decision not in DueDiligenceCheck.Decision.values:
        raise ValidationError({"decision": DECISION_UNKNOWN})
    conditions = conditions.strip()
    if decision == DueDiligenceCheck.Decision.WITH_CONDITIONS and not conditions:
        raise ValidationError({"conditions": CONDITIONS_REQUIRED})
    if decision != DueDiligenceCheck.Decision.WITH_CONDITIONS and conditions:
        raise ValidationError({"conditions": CONDITIONS_ONLY})
    rows = list(check.items.values_list("outcome", flat=True))
    left = sum(not outcome for outcome in rows)
    if left:
        raise ValidationError(ITEMS_LEFT.format(count=left, total=len(rows)))
    if workflow.commissions(decision):
        link = (Commissioning.objects.select_for_update()
                .filter(commissioner=check.commissioner, provider=check.provider).first())
        if link is None:
            link = Commissioning(commissioner=check.commissioner, provider=check.provider,
                                 status=Commissioning.Status.ACTIVE, since=timezone.localdate(),
                                 status_reason=conditions or COMMISSIONED_REASON)
            save_with_history(link, by=by, reason=COMMISSIONED_REASON)
        check.link = link
    check.state = DueDiligenceCheck.State.DECIDED
    check.decision, check.conditions = decision, conditions
    check.decided_by, check.decided_at = by, timezone.now()
    save_with_history(check, by=by)
    return check


@transaction.atomic
def evidence_add(*, row: CheckItem, upload, by: User) -> CheckEvidence:
    """Store a checked file (size, type by its content) as evidence for one item."""
    check = _locked(row.due_diligence)
    _require(can(by, "commissioning.add_evidence", check),
             NOT_OPEN if not workflow.is_open(check) else NOT_ALLOWED)
    try:
        return store_upload(CheckEvidence(due_diligence=check, row=row), upload, by=by)
    except ValidationError as exc:  # about the file: shown beside the file field
        raise ValidationError({"file": exc.messages}) from None


# Agreements and their expected standards --------------------------------------------------

REFERENCE_REQUIRED = "Enter the agreement's reference."
STARTS_REQUIRED = "Enter the date the agreement starts."
ENDS_BEFORE_START = "The agreement cannot end before it starts."
FRAMEWORK_AND_DATE = "Choose the self-assessment and enter the date it is due by."
TEXT_REQUIRED = "Say what the standard is, for example “Attendance at least 90%”."
RECORD_OUTCOME = "Choose met or not met."


def _agreement_values(agreement: Agreement, *, kind, reference, starts, ends, places):
    errors = {}
    if kind not in Agreement.Kind.values:
        errors["kind"] = "Choose the kind of agreement."
    if not reference.strip():
        errors["reference"] = REFERENCE_REQUIRED
    if starts is None:
        errors["starts"] = STARTS_REQUIRED
    elif ends is not None and ends < starts:
        errors["ends"] = ENDS_BEFORE_START
    if errors:
        raise ValidationError(errors)
    agreement.kind, agreement.reference = kind, reference.strip()
    agreement.starts, agreement.ends, agreement.places = starts, ends, places
    agreement.full_clean()


@transaction.atomic
def agreement_create(*, link: Commissioning, by: User, **values) -> Agreement:
    """Record an agreement (SLA, contract or individual plan) a commissioning link works to."""
    _require(can(by, "commissioning.manage_agreements", link))
    agreement = Agreement(link=Commissioning.objects.select_for_update().get(pk=link.pk))
    _agreement_values(agreement, **values)
    save_with_history(agreement, by=by, reason=f"agreement {agreement.reference} recorded")
    return agreement


@transaction.atomic
def agreement_update(*, agreement: Agreement, by: User, **values) -> Agreement:
    _require(can(by, "commissioning.manage_agreements", agreement.link))
    agreement = Agreement.objects.select_for_update().select_related("link").get(pk=agreement.pk)
    _agreement_values(agreement, **values)
    save_with_history(agreement, by=by, reason=f"agreement {agreement.reference} changed")
    return agreement


@transaction.atomic
def standard_add(*, agreement: Agreement, kind: str, by: User, framework_slug: str = "",
                 due=None, text: str = "") -> ExpectedStandard:
    """Add an expected standard: one the portal checks (a self-assessment by a date, a QA
    visit each year, actions closed by their date) or one the commissioner records."""
    _require(can(by, "commissioning.manage_agreements", agreement.link))
    Kind = ExpectedStandard.Kind
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose the kind of standard."})
    standard = ExpectedStandard(agreement=agreement, kind=kind)
    if kind == Kind.SUBMITTED_BY:
        if framework_slug and not self_assessment_frameworks().filter(
                slug=framework_slug).exists():
            framework_slug = ""
        if not framework_slug or due is None:
            raise ValidationError({"framework_slug" if not framework_slug else "due":
                                   FRAMEWORK_AND_DATE})
        standard.framework_slug, standard.due = framework_slug, due
    elif kind == Kind.RECORDED:
        if not text.strip():
            raise ValidationError({"text": TEXT_REQUIRED})
        standard.text = text.strip()
    standard.full_clean()
    save_with_history(standard, by=by, reason="expected standard added")
    return standard


@transaction.atomic
def standard_remove(*, standard: ExpectedStandard, by: User) -> None:
    _require(can(by, "commissioning.manage_agreements", standard.agreement.link))
    delete_with_history(standard, by=by)


@transaction.atomic
def standard_record(*, standard: ExpectedStandard, outcome: str, note: str,
                    by: User) -> ExpectedStandard:
    """Record whether a standard the portal cannot check is met, with a note."""
    _require(can(by, "commissioning.record_standard", standard))
    if outcome not in ExpectedStandard.Outcome.values:
        raise ValidationError({"outcome": RECORD_OUTCOME})
    standard = ExpectedStandard.objects.select_for_update().get(pk=standard.pk)
    standard.outcome, standard.note = outcome, note.strip()
    standard.recorded_by, standard.recorded_at = by, timezone.now()
    save_with_history(standard, by=by, reason="standard recorded")
    return standard


# Support log ---------------------------------------------------------------------------------

@transaction.atomic
def support_log(*, link: Commissioning, kind: str, topic: str, on, uptake: str, given_by: str,
                note: str, by: User) -> SupportEntry:
    """Record training or support ``link``'s commissioner offered its provider."""
    _require(can(by, "commissioning.log_support", link))
    entry = SupportEntry(provider_id=link.provider_id, commissioner_id=link.commissioner_id,
                         kind=kind, topic=topic.strip(), on=on, uptake=uptake,
                         given_by=given_by.strip(), note=note.strip(), recorded_by=by)
    entry.full_clean()
    save_with_history(entry, by=by, reason="support logged")
    return entry


# A prospective provider's first lead ---------------------------------------------------------

@transaction.atomic
def lead_invite(*, check: DueDiligenceCheck, email: str, by: User,
                base_url: str = "") -> Invitation:
    """Invite the first lead of the provider a check is of, so it can give its evidence."""
    _require(can(by, "commissioning.invite_lead", check), LEAD_NOT_YOURS)
    return first_lead_invite(organisation=check.provider, email=email, by=by, base_url=base_url)


# De-commissioning -----------------------------------------------------------------------------

DECOMMISSION_REASON = "Give the reason for de-commissioning."
ALREADY_DECOMMISSIONED = "{provider} is already de-commissioned by {commissioner}."
NOT_THIS_LINKS = "Choose evidence about {provider} from those listed."
EVIDENCE_SHOWN = 20  # of each kind, latest first


@transaction.atomic
def decommission(*, link: Commissioning, reason: str, by: User, visits=(), concerns=(),
                 standards=()) -> Decommissioning:
    """De-commission the link's provider, recording why and the QA evidence it rests on (the
    link's own visits, causes for concern and expected standards). The link's status changes
    with its history; its provider's records stay readable to those who could read them."""
    _require(can(by, "commissioning.decommission", link))
    link = (Commissioning.objects.select_for_update().select_related("commissioner", "provider")
            .get(pk=link.pk))
    if link.status == Commissioning.Status.DECOMMISSIONED:
        raise ValidationError(ALREADY_DECOMMISSIONED.format(provider=link.provider,
                                                            commissioner=link.commissioner))
    if not reason.strip():
        raise ValidationError({"reason": DECOMMISSION_REASON})
    evidence = decommission_evidence(link)
    chosen = {"visits": list(visits), "concerns": list(concerns), "standards": list(standards)}
    for field, items in chosen.items():
        allowed = {item.pk for item in evidence[field]}
        if any(item.pk not in allowed for item in items):
            raise ValidationError({field: NOT_THIS_LINKS.format(provider=link.provider)})
    commissioning_set_status(link=link, status=Commissioning.Status.DECOMMISSIONED,
                             reason=reason, by=by)
    record = Decommissioning(link=link, reason=reason.strip(), decided_by=by)
    save_with_history(record, by=by)
    for field, items in chosen.items():
        getattr(record, field).set(items)
    return record


def decommission_evidence(link: Commissioning) -> dict:
    """What a de-commissioning of ``link`` may rest on: the commissioner's recorded QA visits
    of the provider, its causes for concern about it, and the link's standards not met today
    (latest first; one query each, and the standards' judging)."""
    visits = list(Visit.objects.filter(provider_id=link.provider_id,
                                       commissioner_id=link.commissioner_id,
                                       state__in=visit_workflow.JUDGED | visit_workflow.FINAL)
                  .order_by("-visited_on", "-pk")[:EVIDENCE_SHOWN])
    concerns = list(Concern.objects.filter(provider_id=link.provider_id,
                                           partnership_id=link.commissioner_id)
                    .select_related("section").order_by("-raised_at", "-pk")[:EVIDENCE_SHOWN])
    agreements = with_standards(Agreement.objects.filter(link=link)
                                .order_by("-starts", "-pk")[:EVIDENCE_SHOWN])
    standards = [judged for state in judge(agreements, timezone.localdate())
                 for judged in state.standards if judged.status.not_met]
    return {"visits": visits, "concerns": concerns,
            "standards": [judged.standard for judged in standards], "judged": standards}
