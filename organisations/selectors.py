"""Reads about the signed-in user that many pages need, loaded once per request."""
from .models import Membership


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
