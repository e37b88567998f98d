"""Home page: what needs doing, per role; and the commissioner's provider dashboard."""
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.downloads import attachment
from core.lists import page_of
from core.periods import period_slug
from organisations.models import Commissioning, Organisation
from organisations.selectors import request_memberships
from reports.spreadsheets import to_csv, to_xlsx

from . import provider_table
from .access import breadcrumbs, commissioning_organisation, view_links
from .concerns import shared_decisions
from .dashboard_pdf import filled, read_filters
from .exports import provider_table_sheet
from .selectors import admin_summary, home_sections

# Where the dashboard's PDF is asked for: the exports worker makes it (``exports.dashboard``).
PDF_REQUEST = "exports:dashboard_pdf"


def home(request):
    user = request.user
    memberships = request_memberships(request)
    context = {
        "sections": home_sections(user, memberships),
        "summary": admin_summary() if user.is_admin else None,
    }
    return render(request, "dashboards/home.html", context)


def dashboard_request(request):
    """The organisation, the filters and the filtered rows the dashboard's pages and exports
    share; 403 for anyone who commissions no providers."""
    user = request.user
    organisation, organisations = commissioning_organisation(request)
    filters = read_filters(request.GET)
    rows = provider_table.rows_for(user, organisation, filters)
    return organisation, organisations, filters, rows


@require_GET
def provider_dashboard(request):
    """Every provider the organisation commissions, 50 to a page: its latest self-assessment
    results, the QA visit judgements (each provider's latest visit unless a year is chosen),
    open concerns and actions; filtered and searchable, with the same rows as CSV or XLSX."""
    organisation, organisations, filters, rows = dashboard_request(request)
    frameworks = filters.frameworks
    questions = provider_table.visit_questions()
    page = page_of(rows, request.GET.get("page"))
    return render(request, "dashboards/provider_dashboard.html", {
        **dashboard_context(organisation, organisations, filters, "Provider table"),
        "page": page,
        "rows": provider_table.fill(request.user, page, filters.year, frameworks, questions,
                                    organisation=organisation, latest_visit=filters.latest),
        "frameworks": frameworks, "questions": questions, "year_slug": period_slug(filters.year),
        # Decisions other partnerships in the area have shared (their headlines are on the
        # causes for concern page).
        "shared_decisions": shared_decisions(organisation).count(),
    })


def dashboard_context(organisation, organisations, filters, current: str) -> dict:
    """What every dashboard page's template needs: the organisation and its choice, the filter
    form, the query string its links keep, the links between the views (``current`` marked)
    and the breadcrumbs."""
    org_query = f"org={organisation.slug}&" if len(organisations) > 1 else ""
    query = filters.query + org_query
    return {
        "organisation": organisation, "organisations": organisations, "filters": filters,
        "organisation_choices": [(org.slug, org.name) for org in organisations],
        "types": Organisation.ProviderType.choices, "statuses": Commissioning.Status.choices,
        "query": query, "org_query": org_query, "current_view": current,
        "views": view_links(query, current),
        "breadcrumbs": breadcrumbs(current),
    }


@require_GET
@never_cache
def provider_dashboard_pdf(request):
    """The dashboard's PDF used to be made here, in the request (12 to 19 s at 3,000
    providers); the exports worker makes it now. This address (bookmarks, old links) leads to
    the page that asks for it, with the same filters; anyone who may not open the dashboard
    gets its 403."""
    commissioning_organisation(request)
    query = request.GET.urlencode()
    return redirect(reverse(PDF_REQUEST) + (f"?{query}" if query else ""))


def _filename(organisation, filters, fmt: str) -> str:
    """"providers-<organisation>-2025-26.csv", or "...-latest-visits-2026-27.csv" for each
    provider's latest visit (the year: of the results and action plans)."""
    shown = f"latest-visits-{period_slug(filters.year)}" if filters.latest else period_slug(
        filters.year)
    return f"providers-{slugify(organisation.name)}-{shown}.{fmt}"


@require_GET
@never_cache
def provider_dashboard_export(request, fmt):
    """The provider table exactly as filtered, every page of it, as CSV or XLSX."""
    organisation, _, filters, rows = dashboard_request(request)
    questions = provider_table.visit_questions()
    rows_filled = filled(request.user, organisation, rows, filters, questions, rows.count())
    sheet = provider_table_sheet(rows_filled, organisation=organisation, year=filters.year,
                                 frameworks=filters.frameworks, questions=questions,
                                 latest_visit=filters.latest)
    content = to_csv(sheet) if fmt == "csv" else to_xlsx(sheet)
    return attachment(content, _filename(organisation, filters, fmt))
