"""Who may open the dashboards, for which organisation, and the links between their views."""
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from organisations.models import Commissioning, Organisation
from organisations.permissions import can
from organisations.querysets import COMMISSIONER_KINDS, member_org_ids

NOT_A_COMMISSIONER = ("The provider dashboard is for the partnerships and local authorities "
                      "that commission providers.")
NO_ORGANISATION = "You are not a member of a partnership or local authority."

# The dashboard's views of the same providers, for the links between them: (title, URL name).
DASHBOARD_VIEWS = [("Provider table", "dashboards:providers"),
                   ("Visit judgements", "dashboards:heatmap"),
                   ("Self-assessment and visit", "dashboards:beside"),
                   ("Causes for concern", "dashboards:concerns"),
                   ("Trends", "dashboards:trends")]


def commissioning_organisation(request) -> tuple[Organisation, list[Organisation]]:
    """The organisation whose providers a dashboard page shows (``?org=<slug>`` among the
    user's own partnerships and LAs; an admin's: every one; the first by name otherwise), and
    the choice. A 403 for anyone who commissions nothing."""
    user = request.user
    if not can(user, "dashboards.view_provider_dashboard"):
        raise PermissionDenied(NOT_A_COMMISSIONER)
    organisations = Organisation.objects.commissioners().in_use().order_by("name")
    if not user.is_admin:
        organisations = organisations.filter(pk__in=member_org_ids(user, COMMISSIONER_KINDS))
    organisations = list(organisations)
    if not organisations:
        raise PermissionDenied(NO_ORGANISATION)
    organisation = next((o for o in organisations if o.slug == request.GET.get("org")),
                        organisations[0])
    return organisation, organisations


def commissioned_links(user, organisation):
    """The organisation's commissioning links the user may see, with providers in use: the
    providers every dashboard view counts (a lazy queryset). An archived provider's records
    stay on its own page and profile."""
    return Commissioning.objects.visible_to(user).in_use().filter(commissioner=organisation)


def view_links(query: str, current: str) -> list[dict]:
    """The links between the dashboard's views, each keeping ``query``; ``current`` marked."""
    return [{"title": title, "url": f"{reverse(name)}?{query}", "current": title == current}
            for title, name in DASHBOARD_VIEWS]


def breadcrumbs(current: str) -> list[tuple]:
    """Home, then the dashboard (a link unless it is this page), then this view."""
    if current == DASHBOARD_VIEWS[0][0]:
        return [("Home", reverse("home")), ("Provider dashboard", None)]
    return [("Home", reverse("home")), ("Provider dashboard", reverse("dashboards:providers")),
            (current, None)]
