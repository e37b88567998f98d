"""QA visit pages: the list, creating a visit record, its date and team, its overview, and
its history. Every visit is resolved through ``visible_to``; what the user may do comes from
``visits.permissions`` as booleans (``pages.perms_for``)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from assessments.selectors import with_progress
from core.forms import add_service_errors, parse_id
from core.lists import ListFilters, page_of
from organisations.permissions import can

from . import contacts, services
from . import workflow as visit_workflow
from .forms import (
    ChooseProviderForm,
    VisitSetupForm,
)
from .history import visit_changes
from .pages import crumbs, failure_rows, perms_for, visit_or_404
from .selectors import (
    chosen_key_sections,
    commissioning_link,
    concerns_on_visit,
    creatable_links,
    visit_data,
    visit_framework,
    visit_team,
    visit_years,
    visits_for_list,
)
from .workflow_views import next_step


def visit_list(request):
    """The visits the user can see, 50 to a page, newest first, filtered by academic year and
    state and searched by provider name; progress is counted for the page's rows only."""
    user = request.user
    filters = ListFilters.read(request.GET, years=visit_years(user),
                               states=visit_workflow.STATE_CHOICES)
    page = page_of(visits_for_list(user, year=filters.year, state=filters.state, q=filters.q),
                   request.GET.get("page"))
    return render(request, "visits/visit_list.html", {
        "visits": with_progress(page), "page": page, "filters": filters,
        "can_create": creatable_links(user).exists(),
        "breadcrumbs": [("Home", reverse("home")), ("QA visits", None)],
    })


def visit_create(request):
    """Choose the provider (when there is a choice), then the date, team and key aspects."""
    links = creatable_links(request.user)
    if not links.exists():
        raise PermissionDenied(services.NOT_ALLOWED_TO_CREATE)
    framework = visit_framework()
    if framework is None:
        raise Http404("No QA visit framework is loaded.")
    chosen = parse_id(request.POST.get("link") or request.GET.get("link"))
    link = links.filter(pk=chosen).first() if chosen else None
    if link is None and links.count() == 1:
        link = links.first()
    crumbs = [("Home", reverse("home")), ("QA visits", reverse("visits:list")),
              ("Create a visit record", None)]
    if link is None:
        form = ChooseProviderForm(request.GET if "link" in request.GET else None, links=links)
        form.is_valid()
        return render(request, "visits/visit_choose_provider.html",
                      {"form": form, "breadcrumbs": crumbs})
    form = VisitSetupForm(request.POST or None, partnership=link.commissioner, framework=framework,
                          initial={"officers": [request.user.pk]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.visit_create(
                link=link, framework=framework, planned_visit_date=data["planned_visit_date"],
                officers=list(data["officers"]), school_visitors=data["school_visitors"],
                key_sections=list(data["key_sections"]), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"You have created the QA visit record for "
                                      f"{link.provider.name}. Complete the “before the visit” "
                                      f"requirements, then share it with the provider.")
            return redirect("visits:overview", pk=visit.pk)
    return render(request, "visits/visit_setup.html", {
        "form": form, "link": link, "framework": framework, "creating": True,
        "breadcrumbs": crumbs,
    })


def visit_setup(request, pk):
    """Change the planned date, the visiting team and the chosen key aspects."""
    visit = visit_or_404(request, pk)
    if not can(request.user, "visits.change_visit_setup", visit):
        raise PermissionDenied(services.NOT_ALLOWED_TO_CHANGE_SETUP)
    team = visit_team(visit)
    form = VisitSetupForm(
        request.POST or None, partnership=visit.commissioner, framework=visit.framework,
        visitors=[(m.name, m.school) for m in team.visitors],
        initial={"planned_visit_date": visit.planned_visit_date,
                 "officers": [m.user_id for m in team.officers],
                 "key_sections": chosen_key_sections(visit)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.visit_update_setup(
                visit=visit, planned_visit_date=data["planned_visit_date"],
                officers=list(data["officers"]), school_visitors=data["school_visitors"],
                key_sections=list(data["key_sections"]), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Saved the visit date, team and key aspects.")
            return redirect("visits:overview", pk=visit.pk)
    return render(request, "visits/visit_setup.html", {
        "form": form, "visit": visit, "framework": visit.framework, "creating": False,
        "link": None, "breadcrumbs": crumbs(visit, ("Date, team and key aspects", None)),
    })


def visit_overview(request, pk):
    visit = visit_or_404(request, pk)
    perms = perms_for(request.user, visit)
    data = visit_data(visit)
    step, failures = next_step(visit, data)
    team = visit_team(visit)
    return render(request, "visits/visit_overview.html", {
        "visit": visit, "data": data, "rows": data.rows, "step": step,
        "failures": failure_rows(visit, data, failures) if perms["can_view_findings"] else [],
        "finalise_blocker": (services.finalise_blocker(visit)
                             if visit_workflow.allowed("finalise", visit.state) else None),
        "officers": team.officers, "visitors": team.visitors,
        "concerns": concerns_on_visit(request.user, visit), **perms,
        "can_respond": perms["can_respond"] and services.response_open(visit),
        "before": contacts.before_and_after(visit) if perms["can_view_contacts"] else None,
        # The service level agreement the visit is linked to (the record says it is).
        "link": commissioning_link(partnership=visit.commissioner, provider=visit.provider),
        "breadcrumbs": crumbs(visit),
    })


def visit_history(request, pk):
    """Who changed what, when, from what to what — as far as the viewer may see it."""
    visit = visit_or_404(request, pk)
    perms = perms_for(request.user, visit)
    return render(request, "visits/visit_history.html", {
        "visit": visit,
        "changes": visit_changes(visit, internal_notes=perms["can_view_internal"],
                                 findings=perms["can_view_findings"]),
        "breadcrumbs": crumbs(visit, ("History", None)),
    })
