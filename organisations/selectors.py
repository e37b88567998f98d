"""Reads about a user that many pages need: their memberships (loaded once per request)
and the providers they work for."""
from django.db.models import QuerySet

from .models import Membership, Organisation
from .permissions import PROVIDER_ROLES


def request_memberships(request) -> list[Membership]:
    """The user's memberships with their organisations, cached on the request."""
    cached = getattr(request, "_qaportal_memberships", None)
    if cached is None:
        user = request.user
        cached = (
            list(Membership.objects.filter(user=user).select_related("organisation")
                 .order_by("organisation__name"))
            if user.is_authenticated else []
        )
        request._qaportal_memberships = cached
    return cached


def provider_orgs_of(user) -> QuerySet[Organisation]:
    """The providers ``user`` works for (as provider lead or staff), by name: where they may
    start a self-assessment or keep an action plan."""
    return Organisation.objects.filter(
        kind=Organisation.Kind.PROVIDER, memberships__user=user,
        memberships__role__in=PROVIDER_ROLES,
    ).order_by("name")
