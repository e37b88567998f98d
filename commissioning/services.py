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

from assessments.services import store_upload
from core.history import save_with_history
from organisations.kinds import COMMISSIONER_KINDS, OrganisationKind
from organisations.models import Commissioning, Organisation, User
from organisations.permissions import can

from . import workflow
from .checklists import current_checklist
from .models import CheckEvidence, CheckItem, DueDiligenceCheck

# Tests assert these.
NOT_ALLOWED = "Only the organisation's officers, chairs and commissioners can do this."
NOT_A_COMMISSIONER = "{organisation} does not commission providers."
NOT_A_PROVIDER = "{organisation} is not a provider."
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
    return store_upload(CheckEvidence(due_diligence=check, row=row), upload, by=by)
