"""The outcomes dashboard: the share of annual-review goals fully, partially and not met, by
Preparing for Adulthood area and year, provider, age band and primary need, and distance
travelled, as charts and tables and as CSV or XLSX, for whoever's organisations count them
(``outcomes.aggregates``: suppressed below five learners for providers and partnerships)."""
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.downloads import attachment
from organisations.permissions import can
from reports.spreadsheets import to_csv, to_xlsx

from .area_indicators import area_indicators
from .exports import outcomes_sheet
from .outcomes import (
    SUPPRESSION_NOTE,
    coverage,
    described,
    figures_for,
    may_import,
    outcome_pages,
)

NOT_ALLOWED = ("The outcomes dashboard is for the people of providers, partnerships and local "
               "authorities.")
def _figures(request):
    user = request.user
    if not can(user, "dashboards.view_outcomes_dashboard"):
        raise PermissionDenied(NOT_ALLOWED)
    return figures_for(user, request.GET)


def _query(figures) -> str:
    """The query string the export links keep: the filters as read (only valid values)."""
    f = figures.filters
    return urlencode({k: v for k, v in {
        "year": f.year, "provider": f.provider_id or "", "need": f.need,
        "age_band": f.age_band, "area": f.area}.items() if v})


@require_GET
def outcomes_page(request):
    """Every section as an accessible table, "by area" and "by year" with a chart above;
    the filters as a GET form; links to the same figures as CSV and XLSX."""
    figures = _figures(request)
    query = _query(figures)
    filtered = described(figures.filters, figures.choices)
    return render(request, "dashboards/outcomes.html", {
        "figures": figures, "filters": figures.filters, "choices": figures.choices,
        "coverage": coverage(request.user), "filtered": filtered,
        "suppression_note": SUPPRESSION_NOTE if figures.suppress else "",
        "may_import": may_import(request.user),
        "outcome_pages": outcome_pages(request.user),
        "area_indicators": area_indicators(request.user),
        "query": query,
        "page_query": query + "&" if query else "",
        "provider_selected": str(figures.filters.provider_id or ""),
        "breadcrumbs": [("Home", reverse("home")), ("Outcomes", None)],
    })


@require_GET
@never_cache
def outcomes_export(request, fmt):
    """The dashboard's figures exactly as filtered and as shown, one row per group."""
    figures = _figures(request)
    sheet = outcomes_sheet(figures, filtered=described(figures.filters, figures.choices))
    content = to_csv(sheet) if fmt == "csv" else to_xlsx(sheet)
    year = figures.filters.year.replace("/", "-") or "none"
    return attachment(content, f"outcomes-{year}.{fmt}")
