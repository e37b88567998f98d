"""Permission rules over QA visits and causes for concern (django-rules).

Registered at start-up by ``VisitsConfig.ready``. The states each rule allows come from
``visits.workflow``, never from strings here; the predicates read only the object's own
fields (state, provider_id, commissioner_id); a rule about a visit is false for anything
else.
"""
import rules

from organisations.models import Commissioning, Membership
from organisations.permissions import PARTNERSHIP_ROLES, PROVIDER_ROLES, in_use, is_admin, roles_in

from . import workflow as visit_workflow
from .models import Visit

Role = Membership.Role


def _visit_state_in(name: str, states: frozenset):
    @rules.predicate(name=f"visit_state_{name}")
    def check(user, visit):
        return isinstance(visit, Visit) and visit.state in states
    return check


def _visit_can(transition: str):
    """The visit is in a state the workflow's ``transition`` may start from."""
    return _visit_state_in(transition, visit_workflow.TRANSITIONS[transition].source)


@rules.predicate
def is_partnership_officer_for_link(user, link):
    """A partnership officer of the commissioning partnership, while the link is in use."""
    return (Role.PARTNERSHIP_OFFICER in roles_in(user, link.commissioner_id)
            and link.status != Commissioning.Status.DECOMMISSIONED)


@rules.predicate
def is_visit_officer(user, visit):
    """A partnership officer of the partnership carrying out the visit."""
    return (isinstance(visit, Visit)
            and Role.PARTNERSHIP_OFFICER in roles_in(user, visit.commissioner_id))


@rules.predicate
def is_visit_chair(user, visit):
    return (isinstance(visit, Visit)
            and Role.PARTNERSHIP_CHAIR in roles_in(user, visit.commissioner_id))


@rules.predicate
def is_visit_partnership_member(user, visit):
    return isinstance(visit, Visit) and bool(roles_in(user, visit.commissioner_id)
                                        & PARTNERSHIP_ROLES)


@rules.predicate
def is_visit_provider_member(user, visit):
    return isinstance(visit, Visit) and bool(roles_in(user, visit.provider_id) & PROVIDER_ROLES)


@rules.predicate
def is_visit_provider_lead(user, visit):
    return isinstance(visit, Visit) and Role.PROVIDER_LEAD in roles_in(user, visit.provider_id)


@rules.predicate
def is_concern_chair(user, concern):
    """A partnership chair of the partnership whose visit raised the concern."""
    return Role.PARTNERSHIP_CHAIR in roles_in(user, concern.partnership_id)


# No new visit with an archived provider or partnership (``organisations.permissions.in_use``).
rules.add_perm("visits.create_visit", is_partnership_officer_for_link & in_use)
rules.add_perm("visits.change_visit_setup",
               is_visit_officer & _visit_state_in("setup", visit_workflow.SETUP))
rules.add_perm("visits.record_visit_observations",
               is_visit_officer & _visit_state_in("observation", visit_workflow.OBSERVATION))
rules.add_perm("visits.share_visit", is_visit_officer & _visit_can("share"))
rules.add_perm("visits.add_provider_evidence",
               is_visit_provider_member & _visit_can("provider_evidence"))
rules.add_perm("visits.record_visit_judgement",
               is_visit_officer & _visit_state_in("judgement", visit_workflow.JUDGEMENT))
rules.add_perm("visits.mark_visit_recorded", is_visit_officer & _visit_can("record"))
rules.add_perm("visits.share_visit_judgements",
               is_visit_officer & _visit_can("share_judgements"))
rules.add_perm("visits.respond_to_visit", is_visit_provider_lead & _visit_can("respond"))
rules.add_perm("visits.finalise_visit",
               (is_visit_officer | is_visit_chair) & _visit_can("finalise"))
rules.add_perm("visits.withdraw_visit", is_visit_officer & _visit_can("withdraw"))
# Internal notes are the visiting partnership's alone: never the provider's, nor other
# commissioners'.
rules.add_perm("visits.view_visit_internal_notes", is_admin | is_visit_partnership_member)
# What was found at the visit and the judgements: the provider sees them once shared.
rules.add_perm("visits.view_visit_findings",
               is_admin | ~is_visit_provider_member
               | _visit_state_in("findings_shared", visit_workflow.FINDINGS_SHARED))
# The log of contacts with the provider: the visiting partnership's, like its internal notes;
# its officers and chairs add to it while the visit is not withdrawn.
rules.add_perm("visits.view_visit_contacts", is_admin | is_visit_partnership_member)
rules.add_perm("visits.log_visit_contact", (is_visit_officer | is_visit_chair)
               & _visit_state_in("contacts", visit_workflow.CONTACTS))
rules.add_perm("visits.decide_concern", is_concern_chair)
