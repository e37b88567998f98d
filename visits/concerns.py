"""Causes for concern: raising one when a key section's judgement is Red (the partnership's
chairs are emailed, the commissioning local authorities told), and the chair's decision,
with what it does to the partnership's commissioning of the provider (the visiting officers
and the local authorities told). Called by ``visits.services`` and the concern page."""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.services import require
from core.history import save_with_history
from frameworks.models import Section
from organisations.models import Commissioning, User
from organisations.permissions import can
from organisations.services import commissioning_set_status

from . import notices, rag_rules
from .dates import long_date
from .models import Concern, ConcernDecision, Visit, VisitJudgement
from .selectors import commissioning_link, section_key_basis

NOT_ALLOWED_TO_JUDGE = "Only the partnership's officers can record judgements, before they are shared."
NOT_ALLOWED_TO_DECIDE = "Only the chair of the partnership that raised the concern can record a decision."
DECISION_REASONS_REQUIRED = "Give the reasons for the decision."
CONDITIONS_REQUIRED = "Set out the conditions."
REVIEW_DATE_REQUIRED = "Give the date the conditions will be reviewed."
REVIEW_DATE_IN_PAST = "The review date must be in the future."

# Each decision's effect on the partnership's commissioning link.
DECISION_STATUS = {
    ConcernDecision.Decision.CONTINUE: Commissioning.Status.ACTIVE,
    ConcernDecision.Decision.CONDITIONS: Commissioning.Status.UNDER_REVIEW,
    ConcernDecision.Decision.SUSPEND: Commissioning.Status.SUSPENDED,
    ConcernDecision.Decision.DECOMMISSION: Commissioning.Status.DECOMMISSIONED,
}


def concern_raise(*, visit: Visit, section: Section, by: User,
                  base_url: str = "") -> Concern | None:
    """Raise a cause for concern when the section's judgement is Red in a key section and
    none has been raised for it on this visit; email the partnership's chairs once the
    transaction commits. Returns the new concern, or None."""
    with transaction.atomic():
        require(can(by, "visits.record_visit_judgement", visit), NOT_ALLOWED_TO_JUDGE)
        judgement = (VisitJudgement.objects.select_related("level")
                     .filter(visit=visit, section=section).first())
        if judgement is None or judgement.level is None:
            return None
        basis = section_key_basis(visit, section)
        if not rag_rules.raises_concern(judgement_colour=judgement.level.colour,
                                        key=basis is not None):
            return None
        if Concern.objects.filter(visit=visit, section=section).exists():
            return None
        concern = Concern(visit=visit, provider_id=visit.provider_id,
                          partnership_id=visit.commissioner_id, section=section, basis=basis,
                          raised_by=by)
        concern.full_clean()
        save_with_history(concern, by=by, reason="Raised")
        notices.concern_raised(concern, base_url=base_url)
        return concern


@transaction.atomic
def concern_decide(
    *, concern: Concern, by: User, decision: str, reasons: str, conditions: str = "",
    review_date: datetime.date | None = None, today: datetime.date | None = None,
    base_url: str = "",
) -> ConcernDecision:
    """Record the chair's decision about the future use of the provider and set the
    partnership's commissioning link to match (with its own history): continue -> active,
    conditions -> under review, suspend new placements -> suspended, de-commission ->
    de-commissioned. The visiting officers and the commissioning local authorities are told."""
    concern = Concern.objects.select_for_update(of=("self",)).select_related(
        "visit", "section", "provider", "partnership").get(pk=concern.pk)
    require(can(by, "visits.decide_concern", concern), NOT_ALLOWED_TO_DECIDE)
    today = today or timezone.localdate()
    errors = {}
    if not reasons.strip():
        errors["reasons"] = DECISION_REASONS_REQUIRED
    if decision == ConcernDecision.Decision.CONDITIONS:
        if not conditions.strip():
            errors["conditions"] = CONDITIONS_REQUIRED
        if review_date is None:
            errors["review_date"] = REVIEW_DATE_REQUIRED
        elif review_date <= today:
            errors["review_date"] = REVIEW_DATE_IN_PAST
    else:
        conditions, review_date = "", None
    if errors:
        raise ValidationError(errors)
    record = ConcernDecision(concern=concern, decision=decision, reasons=reasons.strip(),
                             conditions=conditions.strip(), review_date=review_date,
                             decided_by=by)
    record.full_clean()
    save_with_history(record, by=by)
    concern.status = Concern.Status.DECIDED
    save_with_history(concern, by=by, reason=f"Decided: {record.get_decision_display()}")
    link = commissioning_link(partnership=concern.partnership, provider=concern.provider)
    status = DECISION_STATUS[ConcernDecision.Decision(decision)]
    if link is not None and link.status != status:
        when = concern.visit.visit_date
        reason = (f"{record.get_decision_display()}: decision on the cause for concern in "
                  f"{concern.section.title} (QA visit"
                  f"{' of ' + long_date(when) if when else ''}). {record.reasons}")
        if record.conditions:
            reason += (f"\nConditions, to be reviewed on {long_date(record.review_date)}: "
                       f"{record.conditions}")
        commissioning_set_status(link=link, status=status, reason=reason, by=by)
    notices.concern_decided(record, status=Commissioning.Status(status).label,
                            base_url=base_url)
    return record
