"""Visibility of causes for concern."""
from django.db import models
from django.db.models import OuterRef, Subquery

from organisations.querysets import anonymous, commissioned_provider_ids

from . import workflow


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

        latest = (ConcernDecision.objects.filter(concern=OuterRef("pk"))
                  .order_by("-decided_at", "-pk"))
        return self.annotate(latest_review_date=Subquery(latest.values("review_date")[:1]))

    def in_phase(self, phase: str):
        """Concerns in one phase (``workflow.AWAITING_DECISION``, ``UNDER_REVIEW`` or
        ``CONCERN_CLOSED``)."""
        return self.with_phase().filter(workflow.concern_phase_q(phase))

    def not_closed(self):
        """Concerns awaiting the chair's decision or under review: what a commissioner
        watches."""
        return self.with_phase().filter(workflow.concern_not_closed_q())
