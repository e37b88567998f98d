"""Reads that several pages need: a user's memberships (loaded once per request), the
providers they work for, and the latest history of commissioning links."""
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, F, OuterRef, QuerySet, Window
from django.db.models.functions import RowNumber

from .models import Commissioning, Membership, Organisation, User
from .permissions import PROVIDER_ROLES
from .querysets import memberships_of


def request_memberships(request) -> list[Membership]:
    """The signed-in user's memberships with their organisations, by organisation name
    (``memberships_of``: one read per request, shared with visibility and permissions)."""
    return memberships_of(request.user)


def provider_orgs_of(user) -> QuerySet[Organisation]:
    """The providers ``user`` works for (as provider lead or staff), by name: where they may
    start a self-assessment or keep an action plan."""
    return Organisation.objects.filter(
        kind=Organisation.Kind.PROVIDER, memberships__user=user,
        memberships__role__in=PROVIDER_ROLES,
    ).order_by("name")


def people_in(org_ids: Iterable[int], roles: Iterable[str]) -> defaultdict[int, list[User]]:
    """The active people holding any of ``roles`` in each organisation, by email: who the
    portal tells of a concern, shared judgements or a reminder (one query, whatever the
    number of organisations)."""
    people = defaultdict(list)
    for membership in (Membership.objects.filter(organisation_id__in=set(org_ids),
                                                 role__in=list(roles), user__is_active=True)
                       .select_related("user").order_by("user__email")):
        people[membership.organisation_id].append(membership.user)
    return people


def latest_commissioning_history(links: Iterable[Commissioning], *, limit: int) -> dict[int, list]:
    """The newest ``limit`` history entries of each link, newest first, with who made them,
    by link id: one query for all the links, whatever their number. ``links`` come from
    ``Commissioning.objects.visible_to(user)``, so history is read only for links the user
    may see."""
    by_link = {link.pk: [] for link in links}
    if not by_link:
        return by_link
    newest_first = [F("history_date").desc(), F("history_id").desc()]
    entries = (
        Commissioning.history.model.objects.filter(id__in=by_link)
        .select_related("history_user")
        .annotate(recency=Window(RowNumber(), partition_by=F("id"), order_by=newest_first))
        .filter(recency__lte=limit)
        .order_by("id", "recency")
    )
    for entry in entries:
        by_link[entry.id].append(entry)
    return by_link


def decommissioned(commissioner: str = "commissioner", provider: str = "provider"):
    """A condition on rows naming a commissioner and a provider (by these paths): the link
    between the two is de-commissioned. Such rows leave that organisation's reminders."""
    return Exists(Commissioning.objects.filter(
        commissioner=OuterRef(commissioner), provider=OuterRef(provider),
        status=Commissioning.Status.DECOMMISSIONED))
