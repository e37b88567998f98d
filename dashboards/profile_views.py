"""A provider's profile page: one provider across every framework, for its commissioners and
its own people."""
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from organisations.models import Organisation
from organisations.permissions import can

from .profile import profile_for


@require_GET
def provider_profile(request, slug):
    """The provider's commissioning status, self-assessment results year by year, QA visit
    judgements, causes for concern and action plans: whatever of these the user may see
    (another organisation's provider is a 404)."""
    user = request.user
    provider = get_object_or_404(Organisation.objects.visible_to(user).providers(), slug=slug)
    crumbs = [("Home", reverse("home"))]
    if can(user, "dashboards.view_provider_dashboard"):
        crumbs.append(("Provider dashboard", reverse("dashboards:providers")))
    crumbs.append((provider.name, None))
    return render(request, "dashboards/provider_profile.html", {
        "profile": profile_for(user, provider), "provider": provider, "breadcrumbs": crumbs,
    })
