"""Permission predicates, in one place (django-rules). Templates get booleans from views.

Seeing an object is decided by ``visible_to(user)`` (another organisation's object is a
404); these rules decide what a user may *do* with an object they can see (403 if not).
"""
import rules

from .models import Membership, Organisation

Role = Membership.Role

PROVIDER_ROLES = {Role.PROVIDER_LEAD, Role.PROVIDER_STAFF}
COMMISSIONER_ROLES = {Role.PARTNERSHIP_OFFICER, Role.PARTNERSHIP_CHAIR, Role.LA_COMMISSIONER}
# Who may change a commissioning link's status: the people who decide on commissioning.
COMMISSIONING_DECIDERS = {Role.PARTNERSHIP_CHAIR, Role.LA_COMMISSIONER}


def roles_in(user, organisation) -> set[str]:
    """The user's roles in one organisation, cached on the user for the request."""
    if not user.is_authenticated:
        return set()
    cache = getattr(user, "_qaportal_roles", None)
    if cache is None:
        cache = {}
        for org_id, role in Membership.objects.filter(user=user).values_list(
            "organisation_id", "role"
        ):
            cache.setdefault(org_id, set()).add(role)
        user._qaportal_roles = cache
    org_id = organisation.pk if isinstance(organisation, Organisation) else organisation
    return cache.get(org_id, set())


@rules.predicate
def is_admin(user):
    return bool(user.is_authenticated and user.is_admin)


@rules.predicate
def is_member(user, organisation):
    return bool(roles_in(user, organisation))


@rules.predicate
def is_provider_lead(user, provider):
    return Role.PROVIDER_LEAD in roles_in(user, provider)


@rules.predicate
def decides_commissioning(user, link):
    """A partnership chair or LA commissioner of the commissioning organisation."""
    return bool(roles_in(user, link.commissioner_id) & COMMISSIONING_DECIDERS)


rules.add_perm("organisations.view_members", is_admin | is_member)
rules.add_perm("organisations.change_commissioning_status", is_admin | decides_commissioning)


# Assessments. Predicates read only the object's own fields (provider_id, state, kind), so
# this module needs no import from the apps above it.
EDITABLE_SELF_ASSESSMENT_STATES = {"draft"}


def _provider_roles(user, assessment):
    return roles_in(user, assessment.provider_id)


@rules.predicate
def is_provider_member(user, provider):
    return bool(roles_in(user, provider) & PROVIDER_ROLES)


@rules.predicate
def is_assessment_provider_member(user, assessment):
    return bool(_provider_roles(user, assessment) & PROVIDER_ROLES)


@rules.predicate
def is_assessment_provider_lead(user, assessment):
    return Role.PROVIDER_LEAD in _provider_roles(user, assessment)


@rules.predicate
def is_self_assessment_draft(user, assessment):
    return assessment.kind != "qa_visit" and assessment.state in EDITABLE_SELF_ASSESSMENT_STATES


@rules.predicate
def is_submitted_self_assessment(user, assessment):
    return assessment.kind != "qa_visit" and assessment.state == "submitted"


rules.add_perm("assessments.start_self_assessment", is_provider_member)
rules.add_perm("assessments.edit_self_assessment",
               is_assessment_provider_member & is_self_assessment_draft)
rules.add_perm("assessments.submit_self_assessment",
               is_assessment_provider_lead & is_self_assessment_draft)
rules.add_perm("assessments.share_self_assessment",
               is_assessment_provider_lead & is_self_assessment_draft)
rules.add_perm("assessments.reopen_self_assessment",
               is_assessment_provider_lead & is_submitted_self_assessment)


def can(user, permission: str, obj=None) -> bool:
    """Test a portal permission by its rule alone. Django's ``has_perm`` would let every
    superuser through; here an administrator gets only what the rules give admins."""
    return bool(user.is_authenticated and user.is_active and rules.has_perm(permission, user, obj))


# QA visits and causes for concern. As above, predicates read only the object's own fields
# (kind, state, provider_id, commissioner_id; a concern's partnership_id), never the apps above.
VISIT = "qa_visit"
VISIT_OBSERVATION_STATES = {"preparing", "shared_with_provider", "visit_recorded"}
VISIT_SETUP_STATES = {"preparing", "shared_with_provider"}
VISIT_JUDGEMENT_STATES = {"shared_with_provider", "visit_recorded"}
VISIT_WITHDRAWABLE_STATES = {"preparing", "shared_with_provider", "visit_recorded",
                             "judgements_shared"}
# From these states on, the provider sees what was found at the visit and the judgements.
VISIT_FINDINGS_SHARED_STATES = {"judgements_shared", "final"}
PARTNERSHIP_ROLES = {Role.PARTNERSHIP_OFFICER, Role.PARTNERSHIP_CHAIR}


def _visit_state_is(*states):
    @rules.predicate(name=f"visit_state_in_{'_'.join(sorted(states))}")
    def check(user, assessment):
        return assessment.kind == VISIT and assessment.state in states
    return check


@rules.predicate
def is_partnership_officer_for_link(user, link):
    """A partnership officer of the commissioning partnership, while the link is in use."""
    return (Role.PARTNERSHIP_OFFICER in roles_in(user, link.commissioner_id)
            and link.status != "decommissioned")


@rules.predicate
def is_visit_officer(user, assessment):
    """A partnership officer of the partnership carrying out the visit."""
    return (assessment.kind == VISIT
            and Role.PARTNERSHIP_OFFICER in roles_in(user, assessment.commissioner_id))


@rules.predicate
def is_visit_chair(user, assessment):
    return (assessment.kind == VISIT
            and Role.PARTNERSHIP_CHAIR in roles_in(user, assessment.commissioner_id))


@rules.predicate
def is_visit_partnership_member(user, assessment):
    return assessment.kind == VISIT and bool(roles_in(user, assessment.commissioner_id)
                                             & PARTNERSHIP_ROLES)


@rules.predicate
def is_visit_provider_member(user, assessment):
    return assessment.kind == VISIT and bool(_provider_roles(user, assessment) & PROVIDER_ROLES)


@rules.predicate
def is_visit_provider_lead(user, assessment):
    return assessment.kind == VISIT and Role.PROVIDER_LEAD in _provider_roles(user, assessment)


@rules.predicate
def is_concern_chair(user, concern):
    """A partnership chair of the partnership whose visit raised the concern."""
    return Role.PARTNERSHIP_CHAIR in roles_in(user, concern.partnership_id)


rules.add_perm("assessments.create_visit", is_partnership_officer_for_link)
rules.add_perm("assessments.change_visit_setup",
               is_visit_officer & _visit_state_is(*VISIT_SETUP_STATES))
rules.add_perm("assessments.record_visit_observations",
               is_visit_officer & _visit_state_is(*VISIT_OBSERVATION_STATES))
rules.add_perm("assessments.share_visit", is_visit_officer & _visit_state_is("preparing"))
rules.add_perm("assessments.add_provider_evidence",
               is_visit_provider_member & _visit_state_is("shared_with_provider"))
rules.add_perm("assessments.record_visit_judgement",
               is_visit_officer & _visit_state_is(*VISIT_JUDGEMENT_STATES))
rules.add_perm("assessments.mark_visit_recorded",
               is_visit_officer & _visit_state_is("shared_with_provider"))
rules.add_perm("assessments.share_visit_judgements",
               is_visit_officer & _visit_state_is("visit_recorded"))
rules.add_perm("assessments.respond_to_visit",
               is_visit_provider_lead & _visit_state_is("judgements_shared"))
rules.add_perm("assessments.finalise_visit",
               (is_visit_officer | is_visit_chair) & _visit_state_is("judgements_shared"))
rules.add_perm("assessments.withdraw_visit",
               is_visit_officer & _visit_state_is(*VISIT_WITHDRAWABLE_STATES))
# Internal notes are the visiting partnership's alone: never the provider's, nor other
# commissioners'.
rules.add_perm("assessments.view_visit_internal_notes", is_admin | is_visit_partnership_member)
# What was found at the visit and the judgements: the provider sees them once shared.
rules.add_perm("assessments.view_visit_findings",
               is_admin | ~is_visit_provider_member
               | _visit_state_is(*VISIT_FINDINGS_SHARED_STATES))
rules.add_perm("assessments.decide_concern", is_concern_chair)


# Action plans: the provider's own lead and staff keep the plan; everyone who can see the
# provider can read it.
@rules.predicate
def is_plan_provider_member(user, plan):
    provider_id = getattr(plan, "provider_id", None) or getattr(plan, "pk", None)
    return bool(roles_in(user, provider_id) & PROVIDER_ROLES)


rules.add_perm("actionplans.manage_plan", is_plan_provider_member)
