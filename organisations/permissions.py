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
