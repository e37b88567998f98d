"""Who is told of an event, from what this app may read (organisations and their people):
the holders of roles in organisations, and the people of the organisations that commission
a provider. Audiences that need an app's own records (a visit's team, a review's author) are
read by that app and handed to ``services.notify_event``."""
from collections.abc import Iterable

from organisations.models import Commissioning, Membership, User
from organisations.selectors import people_in

Role = Membership.Role

# The roles told of a provider's work for its commissioners: those who read and review it.
REVIEWING_ROLES = (Role.LA_COMMISSIONER, Role.PARTNERSHIP_OFFICER)
LA_COMMISSIONERS = (Role.LA_COMMISSIONER,)


def holders(org_ids: Iterable[int], roles: Iterable[str]) -> list[User]:
    """The active people holding any of ``roles`` in the organisations (one query)."""
    by_org = people_in(org_ids, roles)
    return [user for users in by_org.values() for user in users]


def commissioners_of(provider_id: int, roles: Iterable[str]) -> list[User]:
    """The active people holding any of ``roles`` in every partnership or local authority
    that commissions the provider through a link still in use (not de-commissioned): one
    query, however many commission it."""
    links = (Commissioning.objects.active().filter(provider_id=provider_id).order_by()
             .values("commissioner_id"))
    return [m.user for m in Membership.objects.filter(
        organisation_id__in=links, role__in=list(roles), user__is_active=True)
        .select_related("user").order_by("user__email")]
