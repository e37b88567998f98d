"""Visibility of assessments: who sees which, in which state.

- A provider's members see their provider's self-assessments in every state, and its
  QA visit records once the partnership has shared them (not while "preparing", nor
  after a withdrawal that came before sharing).
- A partnership or LA that commissions the provider sees submitted self-assessments,
  and drafts only when the provider has shared them. It sees QA visit records the
  partnership has shared; the partnership carrying out the visit sees it from the start.
- Admins see everything.
"""
from django.db import models
from django.db.models import Exists, OuterRef, Q

from organisations.querysets import anonymous

VISIT = "qa_visit"


def _member_org_ids(user, kinds):
    from organisations.models import Organisation

    return Organisation.objects.filter(kind__in=kinds, memberships__user=user).values("pk")


def commissioned_provider_ids(user):
    """The providers commissioned by any organisation the user belongs to (a pk subquery)."""
    from organisations.models import Organisation

    return Organisation.objects.filter(
        kind="provider", commissioned_by__commissioner__memberships__user=user
    ).values("pk")


def _shared_history(assessment_id):
    """History rows showing the visit was once shared with the provider: a visit withdrawn
    while still being prepared was never the provider's to see."""
    from .models import Assessment
    from .visit_workflow import SHARED_MARK

    return Assessment.history.filter(id=assessment_id, state=SHARED_MARK)


def ever_shared_with_provider(assessment) -> bool:
    """Whether the visit was ever shared with the provider (the same history check as
    ``visible_to``), for ``visit_workflow.seen_by_provider`` on one object."""
    return _shared_history(assessment.pk).exists()


def assessment_visibility(user, prefix=""):
    """The Q object for assessments the user may see; ``prefix`` reaches the assessment.
    Each clause is the database form of a ``workflow`` / ``visit_workflow`` rule."""
    from . import visit_workflow, workflow

    p = prefix
    # visit_workflow.seen_by_provider and seen_by_commissioners (the same rule): shared once.
    shared_visit = Q(**{f"{p}kind": VISIT}) & (
        ~Q(**{f"{p}state__in": visit_workflow.PREPARING | visit_workflow.WITHDRAWN})
        | (Q(**{f"{p}state__in": visit_workflow.WITHDRAWN})
           & Exists(_shared_history(OuterRef(f"{p}pk"))))
    )
    own = Q(**{f"{p}provider__in": _member_org_ids(user, ["provider"])}) & (
        ~Q(**{f"{p}kind": VISIT}) | shared_visit)
    # workflow.seen_by_commissioners, the shared visits, and every visit of the visiting
    # partnership from the start.
    commissioned = Q(**{f"{p}provider__in": commissioned_provider_ids(user)}) & (
        (~Q(**{f"{p}kind": VISIT})
         & (~Q(**{f"{p}state__in": workflow.HIDDEN_FROM_COMMISSIONERS_UNLESS_SHARED})
            | Q(**{f"{p}shared_with_commissioners": True})))
        | shared_visit
        | Q(**{f"{p}commissioner__in": _member_org_ids(user, ["partnership", "local_authority"])})
    )
    return own | commissioned


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Assessments the user may see (see the module docstring for the rule)."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        return self.filter(assessment_visibility(user))

    def for_provider(self, provider):
        """One provider's assessments."""
        return self.filter(provider=provider)

    def self_assessments(self):
        """Self-assessments and benchmark reviews (not QA visits)."""
        return self.exclude(kind=VISIT)

    def visits(self):
        """QA visit records."""
        return self.filter(kind=VISIT)


class AssessmentChildQuerySet(models.QuerySet):
    """Responses, judgements and files: visible when their assessment is."""

    def visible_to(self, user):
        """Rows whose assessment the user may see."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        return self.filter(assessment_visibility(user, prefix="assessment__"))
