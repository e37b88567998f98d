"""A provider's profile page: one provider across every framework, for its commissioners and
its own people."""
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.downloads import attachment
from core.periods import academic_year
from organisations.models import Organisation
from organisations.permissions import can
from reports.audience import audience_for
from reports.pdf import render_pdf
from reports.renderers import REPORT_BASE_URL, report_header

from .profile import SUPPORT_IN_PACK, profile_for


@require_GET
def provider_profile(request, slug):
    """The provider's commissioning status, self-assessment results year by year, QA visit
    judgements, causes for concern and action plans: whatever of these the user may see
    (another organisation's provider is a 404)."""
    user = request.user
    provider = _provider(user, slug)
    crumbs = [("Home", reverse("home"))]
    if can(user, "dashboards.view_provider_dashboard"):
        crumbs.append(("Provider dashboard", reverse("dashboards:providers")))
    crumbs.append((provider.name, None))
    return render(request, "dashboards/provider_profile.html", {
        "profile": profile_for(user, provider), "provider": provider, "breadcrumbs": crumbs,
    })


@require_GET
def provider_profile_pdf(request, slug):
    """The provider pack: the profile as a PDF for a meeting, the same figures for the same
    person as the page, with each agreement's standards and the support log (its latest
    ``SUPPORT_IN_PACK`` entries). The provider's own people get the provider copy."""
    user = request.user
    provider = _provider(user, slug)
    profile = profile_for(user, provider, support_shown=SUPPORT_IN_PACK)
    context = {
        "report": report_header(
            title=f"Provider pack: {provider.name}", provider=provider,
            framework="Provider pack", period=academic_year(timezone.localdate()),
            status=f"{len(profile.links)} commissioning link{pluralize(len(profile.links))}",
            audience=audience_for(user, provider), internal_notes=False),
        "profile": profile, "provider": provider,
    }
    return attachment(render_pdf("dashboards/provider_profile_pdf.html", context,
                                 base_url=REPORT_BASE_URL),
                      f"{provider.slug}-provider-pack-{timezone.localdate():%Y-%m-%d}.pdf")


def _provider(user, slug) -> Organisation:
    """The provider the user may see (another organisation's provider is a 404)."""
    return get_object_or_404(Organisation.objects.visible_to(user).providers(), slug=slug)
