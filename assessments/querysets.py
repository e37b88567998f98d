"""Visibility of self-assessments: who sees which, in which state.

- A provider's members see their provider's self-assessments in every state.
- A partnership or LA that commissions the provider sees submitted self-assessments,
  and drafts only when the provider has shared them.
- Admins see everything.
(QA visit records: ``visits.querysets``.)
"""
from django.db import models
from django.db.models import Q

from organisations.querysets import (
    COMMISSIONER_KINDS,
    anonymous,
    commissioned_provider_ids,
    member_org_ids,
    visible_provider_ids,
)


def assessment_visibility(user, prefix=""):
    """The Q object for self-assessments the user may see; ``prefix`` reaches the assessment.
    Which states each audience sees is ``assessments.workflow``'s rule (``provider_sees`` /
    ``commissioners_see``); membership decides the audience."""
    from . import workflow  # here: the workflow module imports the models, which import this

    p = prefix
    # Only the branches the user's memberships give them are asked (a provider lead's query
    # never mentions commissioning), so the database tests each row against less.
    branches = []
    providers = member_org_ids(user, ("provider",))
    if providers:
        branches.append(Q(**{f"{p}provider__in": providers}) & workflow.provider_sees(p))
    if member_org_ids(user, COMMISSIONER_KINDS):
        branches.append(Q(**{f"{p}provider__in": commissioned_provider_ids(user)})
                        & workflow.commissioners_see(p))
    if not branches:
        return Q(**{f"{p}pk__in": []})
    if len(branches) == 1:
        return branches[0]
    # Both branches ask for a provider the user may see: said once more up front, it changes
    # nothing in the result but lets the database start from those providers' rows (the
    # provider index) instead of testing every assessment against the ORed rule.
    return Q(**{f"{p}provider__in": visible_provider_ids(user)}) & (branches[0] | branches[1])


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


class AssessmentChildQuerySet(models.QuerySet):
    """Responses, judgements and files: visible when their assessment is."""

    def visible_to(self, user):
        """Rows whose assessment the user may see."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        return self.filter(assessment_visibility(user, prefix="assessment__"))
