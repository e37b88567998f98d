"""Visibility of QA visit records and of causes for concern.

- A provider's members see their provider's visit records once the partnership has shared
  them (not while "preparing", nor after a withdrawal that came before sharing:
  ``workflow.provider_sees``).
- A partnership or LA that commissions the provider sees them when the provider does
  (``workflow.commissioners_see``); the partnership carrying out the visit from the start.
- Admins see everything.
"""
from django.db import models
from django.db.models import OuterRef, Q, Subquery

from organisations.querysets import (
    COMMISSIONER_KINDS,
    anonymous,
    commissioned_provider_ids,
    member_org_ids,
    visible_provider_ids,
)


def visit_visibility(user, prefix=""):
    """The Q object for visit records the user may see; ``prefix`` reaches the visit."""
    from . import workflow  # here: the workflow module imports the models, which import this

    p = prefix
    branches = []
    providers = member_org_ids(user, ("provider",))
    if providers:
        branches.append(Q(**{f"{p}provider__in": providers}) & workflow.provider_sees(p))
    commissioners = member_org_ids(user, COMMISSIONER_KINDS)
    if commissioners:
        # The partnership carrying out a visit sees it from the start: its membership's rule.
        branches.append(Q(**{f"{p}provider__in": commissioned_provider_ids(user)}) & (
            workflow.commissioners_see(p) | Q(**{f"{p}commissioner__in": commissioners})))
    if not branches:
        return Q(**{f"{p}pk__in": []})
    if len(branches) == 1:
        return branches[0]
    # Said once more up front so the database starts from those providers' rows.
    return Q(**{f"{p}provider__in": visible_provider_ids(user)}) & (branches[0] | branches[1])


class VisitQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Visit records the user may see (see the module docstring for the rule)."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        return self.filter(visit_visibility(user))

    def for_provider(self, provider):
        """One provider's visit records."""
        return self.filter(provider=provider)


class VisitChildQuerySet(models.QuerySet):
    """Answers, judgements and evidence files: visible when their visit is."""

    def visible_to(self, user):
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        return self.filter(visit_visibility(user, prefix="visit__"))


class ConcernDecisionQuerySet(models.QuerySet):
    def newest_first(self):
        """The latest decision first: by when it was made, then by id (two in one instant)."""
        return self.order_by("-decided_at", "-pk")


class ConcernQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Concerns about providers the user's partnership or local authority commissions
        (admins: all). A provider's own people never see them here."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        return self.filter(provider__in=commissioned_provider_ids(user))

    def open(self):
        """Concerns still waiting for the chair's decision."""
        from .models import Concern  # here: the models module imports this one

        return self.filter(status=Concern.Status.OPEN)

    def with_phase(self):
        """Each concern with ``latest_review_date``, its latest decision's review date, which
        with its status gives its phase (``workflow.concern_phase``)."""
        from .models import ConcernDecision

        latest = ConcernDecision.objects.filter(concern=OuterRef("pk")).newest_first()
        return self.annotate(latest_review_date=Subquery(latest.values("review_date")[:1]))

    def in_phase(self, phase: str):
        """Concerns in one phase (``workflow.AWAITING_DECISION``, ``UNDER_REVIEW`` or
        ``CONCERN_CLOSED``)."""
        from . import workflow  # here: the workflow module imports the models

        return self.with_phase().filter(workflow.concern_phase_q(phase))

    def not_closed(self):
        """Concerns awaiting the chair's decision or under review: what a commissioner
        watches."""
        from . import workflow

        return self.with_phase().filter(workflow.concern_not_closed_q())
