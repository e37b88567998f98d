"""Permission predicates about organisations and roles (django-rules), and ``can``, the one test.

Seeing an object is decided by ``visible_to(user)`` (another organisation's object is a
404); rules decide what a user may *do* with an object they can see (403 if not). Each app
registers the rules over its own objects (``assessments/permissions.py`` for assessments and
visits, whose states it reads from its workflow modules); templates get booleans from views.
"""
import rules

from .models import Membership, Organisation
from .querysets import memberships_of

Role = Membership.Role

PROVIDER_ROLES = {Role.PROVIDER_LEAD, Role.PROVIDER_STAFF}
COMMISSIONER_ROLES = {Role.PARTNERSHIP_OFFICER, Role.PARTNERSHIP_CHAIR, Role.LA_COMMISSIONER,
                      Role.AP_COMMISSIONER}
# Who may change a commissioning link's status: the people who decide on commissioning.
COMMISSIONING_DECIDERS = {Role.PARTNERSHIP_CHAIR, Role.LA_COMMISSIONER, Role.AP_COMMISSIONER}
PARTNERSHIP_ROLES = {Role.PARTNERSHIP_OFFICER, Role.PARTNERSHIP_CHAIR}


def roles_in(user, organisation) -> set[str]:
    """The user's roles in one organisation (from ``memberships_of``, read once per request)."""
    if not user.is_authenticated:
        return set()
    cache = getattr(user, "_qaportal_roles", None)
    if cache is None:
        cache = {}
        for membership in memberships_of(user):
            cache.setdefault(membership.organisation_id, set()).add(membership.role)
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
# What an AP setting is for and how long its placements last: its own lead says (or an
# administrator).
rules.add_perm("organisations.describe_setting", is_admin | is_provider_lead)
rules.add_perm("organisations.change_commissioning_status", is_admin | decides_commissioning)


@rules.predicate
def in_use(user, obj):
    """The organisation, or a commissioning link's two organisations, not archived: no new
    work starts with an archived organisation (its records stay readable)."""
    if obj is None:
        return True
    if isinstance(obj, Organisation):
        return not obj.is_archived
    return not (obj.provider.is_archived or obj.commissioner.is_archived)


# Archiving an organisation, and restoring it: the service's administrators.
rules.add_perm("organisations.archive_organisation", is_admin)
# Adding and changing providers from a file, with their commissioning links: the service's
# administrators, who otherwise add organisations one by one in the admin.
rules.add_perm("organisations.import_organisations", is_admin)


@rules.predicate
def is_provider_member(user, provider):
    return bool(roles_in(user, provider) & PROVIDER_ROLES)


def can(user, permission: str, obj=None) -> bool:
    """Test a portal permission by its rule alone. Django's ``has_perm`` would let every
    superuser through; here an administrator gets only what the rules give admins."""
    return bool(user.is_authenticated and user.is_active and rules.has_perm(permission, user, obj))


# Action plans: the provider's own lead and staff keep the plan; everyone who can see the
# provider can read it.
@rules.predicate
def is_plan_provider_member(user, plan):
    provider_id = getattr(plan, "provider_id", None) or getattr(plan, "pk", None)
    return bool(roles_in(user, provider_id) & PROVIDER_ROLES)


rules.add_perm("actionplans.manage_plan", is_plan_provider_member)
