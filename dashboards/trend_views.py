"""The commissioner's trends page: submitted results and QA visit judgements of the providers
an organisation commissions, over the dashboard's five academic years, as charts and tables."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from organisations.models import Organisation
from organisations.permissions import can
from organisations.querysets import COMMISSIONER_KINDS, member_org_ids
from qaportal.lists import chosen
from qaportal.periods import academic_year
from visits.selectors import visit_framework

from . import provider_table, trends
from .charts import stacked_bars

NOT_A_COMMISSIONER = ("Trends are for the partnerships and local authorities that commission "
                      "providers.")
NO_ORGANISATION = "You are not a member of a partnership or local authority."


def commissioning_organisation(request) -> tuple[Organisation, list[Organisation]]:
    """The organisation whose providers the page shows (``?org=<slug>`` among the user's own
    partnerships and LAs; an admin's: every one; the first by name otherwise), and the choice.
    The same rule as the provider dashboard's; a 403 for anyone who commissions nothing."""
    user = request.user
    if not can(user, "dashboards.view_provider_dashboard"):
        raise PermissionDenied(NOT_A_COMMISSIONER)
    organisations = Organisation.objects.commissioners().order_by("name")
    if not user.is_admin:
        organisations = organisations.filter(pk__in=member_org_ids(user, COMMISSIONER_KINDS))
    organisations = list(organisations)
    if not organisations:
        raise PermissionDenied(NO_ORGANISATION)
    organisation = next((o for o in organisations if o.slug == request.GET.get("org")),
                        organisations[0])
    return organisation, organisations


@require_GET
def trends_page(request):
    """Per points framework, submitted totals by band per year; per levels framework, the
    chosen year's items at each level per benchmark; per visit question, Red / Amber / Green
    judgements per year. Each chart has a table of the same figures beneath."""
    user = request.user
    organisation, organisations = commissioning_organisation(request)
    years = provider_table.dashboard_years(academic_year(timezone.localdate()))
    year = chosen(request.GET.get("year"), years) or years[0]
    frameworks = provider_table.self_assessment_frameworks()
    sections = [
        ("points", trends.point_trends(user, organisation, years, frameworks)),
        ("levels", trends.level_trends(user, organisation, year, frameworks)),
        ("visits", trends.visit_trends(user, organisation, years, visit_framework())),
    ]
    charts = {name: [stacked_bars(trend, f"chart-{name}-{n}")
                     for n, trend in enumerate(found, start=1)] for name, found in sections}
    return render(request, "dashboards/trends.html", {
        "organisation": organisation, "organisations": organisations,
        "organisation_choices": [(org.slug, org.name) for org in organisations],
        "years": years, "year": year, "year_choices": [(y, y) for y in years],
        "charts": charts,
        "breadcrumbs": [("Home", reverse("home")),
                        ("Provider dashboard", reverse("dashboards:providers")),
                        ("Trends", None)],
    })
