"""The commissioner's trends page: submitted results and QA visit judgements of the providers
an organisation commissions, over the dashboard's five academic years, as charts and tables."""
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.lists import chosen
from core.periods import academic_year
from visits.selectors import visit_framework

from . import provider_table, trend_kept, trends
from .access import breadcrumbs, commissioning_organisation, view_links
from .charts import stacked_bars


def trend_charts(user, organisation, years: list[str], year: str) -> dict[str, list]:
    """The trends' charts by kind ("points", "cohorts", "levels", "visits"): for the page and
    the PDFs. Kept for the reader while nothing they count changes (``trend_kept``)."""
    frameworks = provider_table.self_assessment_frameworks()
    questions = visit_framework()

    def make():
        finals = trends.final_self_assessments(user, organisation, frameworks, {*years, year})
        sections = [
            ("points", trends.point_trends(finals, years, frameworks)),
            ("cohorts", trends.cohort_trends(finals, years, frameworks)),
            ("levels", trends.level_trends(finals, year, frameworks)),
            ("visits", trends.visit_trends(user, organisation, years, questions)),
        ]
        return {name: [stacked_bars(trend, f"chart-{name}-{n}")
                       for n, trend in enumerate(found, start=1)] for name, found in sections}

    return trend_kept.kept_charts(user, organisation, frameworks, questions, years, year, make)


@require_GET
def trends_page(request):
    """Per points framework, submitted totals by band per year; per levels framework, the
    chosen year's items at each level per benchmark; per visit question, Red / Amber / Green
    judgements per year. Each chart has a table of the same figures beneath."""
    user = request.user
    organisation, organisations = commissioning_organisation(request)
    years = provider_table.dashboard_years(academic_year(timezone.localdate()))
    year = chosen(request.GET.get("year"), years) or years[0]
    charts = trend_charts(user, organisation, years, year)
    return render(request, "dashboards/trends.html", {
        "organisation": organisation, "organisations": organisations,
        "organisation_choices": [(org.slug, org.name) for org in organisations],
        "years": years, "year": year, "year_choices": [(y, y) for y in years],
        "charts": charts,
        "views": view_links(f"year={year}&" + (f"org={organisation.slug}&"
                                               if len(organisations) > 1 else ""), "Trends"),
        "breadcrumbs": breadcrumbs("Trends"),
    })
