"""Who leads each kind of organisation, and which roles each may grant: the one table.

An organisation's lead invites people into their own organisation, changes their roles and
removes them, giving no role their row here does not list. An administrator may give the same
roles in any organisation: that is how the first lead of a new organisation is invited.
Change who may grant what here, nowhere else.
"""
from organisations.models import Membership, Organisation
from organisations.permissions import roles_in
from organisations.querysets import memberships_of

Role = Membership.Role
Kind = Organisation.Kind

# kind of organisation -> (the role that leads it, the roles that lead may grant, highest first)
GRANTS = {
    Kind.PROVIDER: (Role.PROVIDER_LEAD, (Role.PROVIDER_LEAD, Role.PROVIDER_STAFF)),
    Kind.PARTNERSHIP: (Role.PARTNERSHIP_CHAIR, (Role.PARTNERSHIP_CHAIR, Role.PARTNERSHIP_OFFICER)),
    Kind.LOCAL_AUTHORITY: (Role.LA_COMMISSIONER, (Role.LA_COMMISSIONER,)),
    Kind.SCHOOL: (Role.AP_COMMISSIONER, (Role.AP_COMMISSIONER,)),
    Kind.MULTI_ACADEMY_TRUST: (Role.AP_COMMISSIONER, (Role.AP_COMMISSIONER,)),
}


def lead_role(organisation) -> str:
    """The role that leads an organisation of this kind."""
    return GRANTS[organisation.kind][0]


def grantable_roles(user, organisation) -> list[str]:
    """The roles ``user`` may give in ``organisation`` (the table's, for its lead or an
    administrator), none for anyone else."""
    return list(GRANTS[organisation.kind][1]) if leads(user, organisation) else []


def leads(user, organisation) -> bool:
    """Whether ``user`` may manage the organisation's people: its lead, or an administrator."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_admin or lead_role(organisation) in roles_in(user, organisation)


def role_choices(roles) -> list[tuple[str, str]]:
    return [(role, Role(role).label) for role in roles]


def led_organisation_ids(user) -> list[int]:
    """The organisations ``user`` leads (from the memberships read once per request)."""
    return [m.organisation_id for m in memberships_of(user)
            if m.role == GRANTS[m.organisation.kind][0]]


def has_lead(organisation) -> bool:
    """Whether the organisation has an active member in its lead role."""
    return Membership.objects.filter(organisation=organisation, role=lead_role(organisation),
                                     user__is_active=True).exists()
