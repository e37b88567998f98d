"""Template context every page needs: service name, the user's organisations, navigation, and
the session time limit the page warns about."""
from django.conf import settings
from django.urls import reverse

from notifications.models import Notification
from organisations.models import Membership
from organisations.permissions import can
from organisations.selectors import request_memberships
from people import single_sign_on
from people.two_factor import required_for
from qaportal.middleware import idle_seconds

# How long before the idle limit the page offers to keep the session going.
SESSION_WARNING_SECONDS = 120


def portal(request):
    user = getattr(request, "user", None)
    context = {"service_name": settings.SERVICE_NAME, "navigation": [], "user_memberships": [],
               "single_sign_on": single_sign_on.button()}
    if user is None or not user.is_authenticated:
        return context
    memberships = request_memberships(request)
    roles = {m.role for m in memberships}
    sees_providers = user.is_admin or roles & {
        Membership.Role.PARTNERSHIP_OFFICER, Membership.Role.PARTNERSHIP_CHAIR,
        Membership.Role.LA_COMMISSIONER,
    }
    nav = [("Home", reverse("home"))]
    nav.append(("Providers" if sees_providers else "Your organisation", reverse("organisations:list")))
    if can(user, "dashboards.view_provider_dashboard"):
        nav.append(("Provider dashboard", reverse("dashboards:providers")))
    if memberships or user.is_admin:
        nav.append(("Self-assessments", reverse("assessments:list")))
        nav.append(("QA visits", reverse("visits:list")))
        nav.append(("Reviews", reverse("reviews:list")))
    if can(user, "dashboards.view_outcomes_dashboard"):
        nav.append(("Outcomes", reverse("dashboards:outcomes")))
    if memberships or user.is_admin:
        nav.append(("Action plans", reverse("actionplans:list")))
    if can(user, "exports.use_exports"):
        nav.append(("Bulk exports", reverse("exports:list")))
    nav.append(("Frameworks", reverse("frameworks:list")))
    if user.is_admin:
        nav.append(("Administration", reverse("admin:index")))
    context["navigation"] = [{"label": label, "url": url} for label, url in nav]
    context["user_memberships"] = memberships
    context["two_factor_required"] = required_for(user)
    # The header's count (one query, on the partial index of unread rows).
    context["unread_notifications"] = Notification.objects.visible_to(user).unread().count()
    context["session_timeout"] = {
        "idle_seconds": idle_seconds(),
        "warn_seconds": min(SESSION_WARNING_SECONDS, idle_seconds() // 2),
    }
    return context


def current_navigation(navigation, path: str, breadcrumbs=None) -> list[dict]:
    """The navigation with the current section marked. The page's breadcrumbs decide it: the
    crumb after "Home" names the section (its link, or this page when it has none), so the
    menu and the breadcrumbs cannot disagree. A page without breadcrumbs goes by its path."""
    if breadcrumbs and len(breadcrumbs) > 1:
        section_url = breadcrumbs[1][1] or path
        return [{**item, "current": item["url"] == section_url} for item in navigation]
    return [{**item, "current": path == item["url"] if item["url"] == "/"
             else path.startswith(item["url"])} for item in navigation]
