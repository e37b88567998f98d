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
from django.db.models import Q

from organisations.models import Organisation
from organisations.querysets import (
    COMMISSIONER_KINDS,
    anonymous,
    commissioned_provider_ids,
    member_org_ids,
    visible_provider_ids,
)

VISIT = "qa_visit"


def _by_kind(prefix, clause):
    """``clause(workflow)`` for each kind's workflow, each applied to assessments of its kind."""
    from . import workflow
    from .workflows import registered

    own = registered()
    q = ~Q(**{f"{prefix}kind__in": list(own)}) & clause(workflow)
    for kind, module in own.items():
        q |= Q(**{f"{prefix}kind": kind}) & clause(module)
    return q


def assessment_visibility(user, prefix=""):
    """The Q object for assessments the user may see; ``prefix`` reaches the assessment.
    Which states each audience sees is the workflow's rule for the kind
    (``provider_sees`` / ``commissioners_see``); membership decides the audience."""
    p = prefix
    # Only the branches the user's memberships give them are asked (a provider lead's query
    # never mentions commissioning), so the database tests each row against less.
    branches = []
    providers = member_org_ids(user, (Organisation.Kind.PROVIDER,))
    if providers:
        branches.append(Q(**{f"{p}provider__in": providers})
                        & _by_kind(p, lambda wf: wf.provider_sees(p)))
    commissioners = member_org_ids(user, COMMISSIONER_KINDS)
    if commissioners:
        # The organisation carrying out an assessment (a visit's partnership) sees it from
        # the start: that is its membership's rule, not a state's.
        branches.append(Q(**{f"{p}provider__in": commissioned_provider_ids(user)}) & (
            _by_kind(p, lambda wf: wf.commissioners_see(p))
            | Q(**{f"{p}commissioner__in": commissioners})))
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
