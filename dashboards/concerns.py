"""Causes for concern and the chair's decisions across an organisation's providers: which are
still open, which decisions set a review date, and which review dates have passed."""
from django.db.models import Case, F, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.utils import timezone

from visits.models import Concern, ConcernDecision

from .access import commissioned_links


class Show:
    """What the concerns list may be narrowed to (the form's values and labels)."""

    OPEN = "open"
    REVIEW_SET = "review_set"
    REVIEW_PASSED = "review_passed"
    CHOICES = [(OPEN, "Open: waiting for the chair's decision"),
               (REVIEW_SET, "Decided, with a review date"),
               (REVIEW_PASSED, "Review date passed")]


def concerns_for(user, organisation, *, show: str = "", q: str = "") -> QuerySet[Concern]:
    """The concerns the user may see about the providers ``organisation`` commissions, each
    with its latest decision (``decision``, ``review_date``): open ones first, then by review
    date, soonest first, then newest raised."""
    latest = ConcernDecision.objects.filter(concern=OuterRef("pk")).order_by("-decided_at", "-pk")
    providers = commissioned_links(user, organisation).values("provider_id")
    concerns = (Concern.objects.visible_to(user).filter(provider__in=providers)
                .annotate(decision=Subquery(latest.values("decision")[:1]),
                          review_date=Subquery(latest.values("review_date")[:1])))
    today = timezone.localdate()
    if show == Show.OPEN:
        concerns = concerns.open()
    elif show == Show.REVIEW_SET:
        concerns = concerns.filter(status=Concern.Status.DECIDED, review_date__isnull=False)
    elif show == Show.REVIEW_PASSED:
        concerns = concerns.filter(status=Concern.Status.DECIDED, review_date__lt=today)
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
    return bool(concern.review_date and concern.review_date < today
                and concern.status == Concern.Status.DECIDED)

