"""Permission rules over outcomes (django-rules), registered by ``OutcomesConfig.ready``.

Who may see a row is ``visible_to`` (``outcomes.querysets``); these say who may change what:
an LA's commissioners import and correct their own learners' outcomes and decide which
providers see learner rows. Each rule is asked about the local authority (an
``Organisation``)."""
import rules

from organisations.models import Membership, Organisation
from organisations.permissions import roles_in
from organisations.querysets import memberships_of

Role = Membership.Role


@rules.predicate
def is_la_commissioner_of(user, local_authority):
    return (isinstance(local_authority, Organisation)
            and local_authority.kind == Organisation.Kind.LOCAL_AUTHORITY
            and Role.LA_COMMISSIONER in roles_in(user, local_authority))


rules.add_perm("outcomes.manage_outcomes", is_la_commissioner_of)
rules.add_perm("outcomes.share_learner_rows", is_la_commissioner_of)


@rules.predicate
def sends_progress_for(user, provider):
    """The provider's lead and staff send progress for its learners (decided: both, as both
    complete its self-assessments; the LA accepts or refuses every row)."""
    return (isinstance(provider, Organisation) and provider.kind == Organisation.Kind.PROVIDER
            and bool({Role.PROVIDER_LEAD, Role.PROVIDER_STAFF} & set(roles_in(user, provider))))


rules.add_perm("outcomes.send_progress", sends_progress_for)


def sends_progress_anywhere(user) -> bool:
    """Whether the user sends progress for any of their providers (from the memberships read
    for the request: no query)."""
    return any(sends_progress_for(user, m.organisation) for m in memberships_of(user))


def data_protection_las(user) -> list[Organisation]:
    """The local authorities whose data-protection lead the user is (from the memberships read
    for the request: no query), by name."""
    return [m.organisation for m in memberships_of(user)
            if m.data_protection_lead and m.organisation.kind == Organisation.Kind.LOCAL_AUTHORITY]


@rules.predicate
def is_data_protection_lead_of(user, local_authority):
    """An LA's data-protection lead reads its records of access to learner-level data (an
    administrator does not: they are the LA's)."""
    return any(la.pk == getattr(local_authority, "pk", None) for la in data_protection_las(user))


rules.add_perm("outcomes.read_access_records", is_data_protection_lead_of)
