"""Causes for concern and the chair's decisions across an organisation's providers, by phase
(awaiting decision, under review, closed: ``visits.workflow``), and which review dates have
passed."""
from django.db.models import Case, F, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.utils import timezone

from organisations.models import Commissioning
from visits import workflow
from visits.models import Concern, ConcernDecision

from .access import commissioned_links


class Show:
    """What the concerns list may be narrowed to (the form's values and labels), in the
    phases' words (``visits.workflow``)."""

    NOT_CLOSED = "not_closed"
    AWAITING_DECISION = workflow.AWAITING_DECISION
    UNDER_REVIEW = workflow.UNDER_REVIEW
    REVIEW_PASSED = "review_passed"
    CLOSED = workflow.CONCERN_CLOSED
    CHOICES = [(NOT_CLOSED, "Not closed: awaiting decision or under review"),
               (AWAITING_DECISION, workflow.CONCERN_PHASES[workflow.AWAITING_DECISION]),
               (UNDER_REVIEW, workflow.CONCERN_PHASES[workflow.UNDER_REVIEW]),
               (REVIEW_PASSED, "Under review, review date passed"),
               (CLOSED, workflow.CONCERN_PHASES[workflow.CONCERN_CLOSED])]
    # Earlier links said "open" (awaiting decision) and "review_set" (under review).
    FORMER = {"open": AWAITING_DECISION, "review_set": UNDER_REVIEW}


def concerns_for(user, organisation, *, show: str = "", q: str = "") -> QuerySet[Concern]:
    """The concerns the user may see about the providers ``organisation`` commissions, each
    with its latest decision (``decision``, ``review_date``): those awaiting a decision first,
    then by review date, soonest first, then newest raised."""
    latest = ConcernDecision.objects.filter(concern=OuterRef("pk")).newest_first()
    providers = commissioned_links(user, organisation).values("provider_id")
    concerns = (Concern.objects.visible_to(user).filter(provider__in=providers).with_phase()
                .annotate(decision=Subquery(latest.values("decision")[:1]),
                          review_date=F("latest_review_date")))
    today = timezone.localdate()
    if show == Show.NOT_CLOSED:
        concerns = concerns.filter(workflow.concern_not_closed_q())
    elif show in (Show.AWAITING_DECISION, Show.UNDER_REVIEW, Show.CLOSED):
        concerns = concerns.filter(workflow.concern_phase_q(show))
    elif show == Show.REVIEW_PASSED:
        concerns = concerns.filter(workflow.concern_phase_q(Show.UNDER_REVIEW),
                                   latest_review_date__lt=today)
    if q:
        concerns = concerns.filter(provider__name__icontains=q)
    open_first = Case(When(status=Concern.Status.OPEN, then=Value(0)), default=Value(1),
                      output_field=IntegerField())
    return (concerns.select_related("provider", "section")
            .order_by(open_first, F("review_date").asc(nulls_last=True),
                      "-raised_at", "-pk"))


def decision_label(value: str | None) -> str:
    """A decision's words ("Continue with conditions"), or "" for none yet."""
    return ConcernDecision.Decision(value).label if value else ""


def review_passed(concern, today=None) -> bool:
    today = today or timezone.localdate()
    return (workflow.concern_phase(concern.status, concern.review_date) == workflow.UNDER_REVIEW
            and concern.review_date < today)


def phase_text(concern, today=None) -> str:
    """The concern's phase in words ("Decided, under review until 6 Mar 2027")."""
    return workflow.concern_phase_text(concern.status, concern.review_date,
                                       today or timezone.localdate())


def shared_decisions(organisation) -> QuerySet[ConcernDecision]:
    """The headline of the latest decision on each cause for concern that another partnership
    in the organisation's area has decided, about a provider the organisation does not
    commission (those it does are in its own list): provider, decision, date, review date.
    Never the visit, the concern's page or anyone's notes. None outside an area."""
    if organisation.area_id is None or not organisation.is_commissioner:
        return ConcernDecision.objects.none()
    latest = (ConcernDecision.objects.filter(concern=OuterRef("concern")).newest_first()
              .values("pk")[:1])
    own = Commissioning.objects.filter(commissioner=organisation).values("provider_id")
    return (ConcernDecision.objects.filter(pk=Subquery(latest),
                                           concern__partnership__area_id=organisation.area_id)
            .exclude(concern__partnership=organisation)
            .exclude(concern__provider__in=own)
            .select_related("concern__provider", "concern__partnership")
            .newest_first())
