"""Permission rules over self-assessments and benchmark reviews (django-rules).

Registered at start-up by ``AssessmentsConfig.ready``. The states each rule allows come from
``assessments.workflow``, never from strings here; the predicates read only the object's own
fields (kind, state, provider_id). QA visits have theirs in ``visits.permissions``.
"""
import rules

from organisations.models import Membership
from organisations.permissions import PROVIDER_ROLES, in_use, is_provider_member, roles_in

from . import workflow

Role = Membership.Role


def _provider_roles(user, assessment):
    return roles_in(user, assessment.provider_id)


@rules.predicate
def is_assessment_provider_member(user, assessment):
    return bool(_provider_roles(user, assessment) & PROVIDER_ROLES)


@rules.predicate
def is_assessment_provider_lead(user, assessment):
    return Role.PROVIDER_LEAD in _provider_roles(user, assessment)


@rules.predicate
def is_self_assessment_draft(user, assessment):
    return workflow.is_editable(assessment)


@rules.predicate
def is_submitted_self_assessment(user, assessment):
    return workflow.is_submitted(assessment)


# An archived provider starts no new self-assessment (``organisations.permissions.in_use``).
rules.add_perm("assessments.start_self_assessment", is_provider_member & in_use)
rules.add_perm("assessments.edit_self_assessment",
               is_assessment_provider_member & is_self_assessment_draft)
rules.add_perm("assessments.submit_self_assessment",
               is_assessment_provider_lead & is_self_assessment_draft)
rules.add_perm("assessments.share_self_assessment",
               is_assessment_provider_lead & is_self_assessment_draft)
rules.add_perm("assessments.reopen_self_assessment",
               is_assessment_provider_lead & is_submitted_self_assessment)
