"""The provider dashboard's other views of the same providers: the visit heatmap (providers by
the four evaluative questions) and the causes for concern with the chair's decisions."""
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.lists import chosen, page_of, page_query, search_text
from visits.selectors import visit_framework

from . import beside, provider_table
from .concerns import (
    Show,
    concerns_for,
    decision_label,
    phase_text,
    review_passed,
    shared_decisions,
)
from .views import dashboard_context, dashboard_request


@require_GET
def visit_heatmap(request):
    """Every commissioned provider with a QA visit in the year, by the visit's evaluative
    questions: each cell the judgement's colour and its letter, linking to the visit section."""
    organisation, organisations, filters, rows = dashboard_request(request)
    questions = provider_table.visit_questions()
    page = page_of(provider_table.with_visit_in(request.user, rows, filters.visit_year),
                   request.GET.get("page"))
    return render(request, "dashboards/visit_heatmap.html", {
        **dashboard_context(organisation, organisations, filters, "Visit judgements"),
        "page": page, "questions": questions,
        "rows": provider_table.add_visits(request.user, [provider_table.Row(link) for link in page],
                                          filters.visit_year, questions),
    })


@require_GET
def concerns(request):
    """Causes for concern about the organisation's providers, open ones first, with the latest
    decision and its review date (passed ones marked)."""
    organisation, organisations, filters, _ = dashboard_request(request)
    show = request.GET.get("show")
    show = chosen(Show.FORMER.get(show, show), dict(Show.CHOICES))
    q = search_text(request.GET.get("q"))
    page = page_of(concerns_for(request.user, organisation, show=show, q=q),
                   request.GET.get("page"))
    today = timezone.localdate()
    for concern in page:
        concern.decision_text = decision_label(concern.decision)
        concern.review_passed = review_passed(concern, today)
        concern.phase_text = phase_text(concern, today)
    # Decisions by other partnerships in the organisation's area (the headline only).
    shared = page_of(shared_decisions(organisation), request.GET.get("shared"))
    for decision in shared:
        decision.decision_text = decision_label(decision.decision)
    context = dashboard_context(organisation, organisations, filters, "Causes for concern")
    return render(request, "dashboards/concerns.html", {
        **context, "page": page, "show": show, "q": q, "show_choices": Show.CHOICES,
        "query": page_query(show=show, q=q, shared=shared.number if shared.number > 1 else None)
        + context["org_query"],
        "shared": shared, "area": organisation.area,
        "shared_query": page_query(show=show, q=q, page=page.number if page.number > 1 else None)
        + context["org_query"],
    })


@require_GET
def self_assessment_beside_visit(request):
    """Providers whose visit in the year judged a question Amber or Red, each with the areas of
    its own latest self-assessment that it rated well and that speak to that question (the
    framework's crosswalk): where the two disagree."""
    organisation, organisations, filters, rows = dashboard_request(request)
    questions = provider_table.visit_questions()
    # Only a Red or Amber judgement can disagree with a good rating: the database keeps
    # those providers, and the page's rows are compared.
    judged = provider_table.with_red_or_amber(request.user, rows, filters.visit_year)
    page = page_of(judged, request.GET.get("page"))
    found = provider_table.add_visits(request.user, [provider_table.Row(link) for link in page],
                                      filters.visit_year, questions)
    beside.find(request.user, found, filters.year, filters.frameworks, visit_framework())
    return render(request, "dashboards/beside_visit.html", {
        **dashboard_context(organisation, organisations, filters, "Self-assessment and visit"),
        "page": page, "rows": found,
    })
