"""An LA data-protection lead's pages: the retention periods in force and what was deleted
(``data_protection``), changing the LA's periods (``retention``), one learner's subject-access
file (``subject_access``) and one learner's erasure (``erase``, with a confirmation page listing
what will go). Anyone who leads no LA's data protection is refused (403)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.downloads import attachment
from core.forms import posted
from core.lists import page_of
from organisations.models import Organisation
from organisations.permissions import can

from . import retention
from .access import Kind, record_access
from .access_views import NOT_ALLOWED, lead_las
from .data_protection_forms import ErasureForm, RetentionForm, SubjectAccessForm
from .models import GoalOutcome
from .retention_models import DataRemoval, RetentionPeriods
from .subject_access import subject_access_file

TITLE = "Data protection"
SUBJECT_ACCESS = "Subject access request"


def _crumbs(*last):
    crumbs = [("Home", reverse("home")), ("Outcomes", reverse("dashboards:outcomes"))]
    if not last:
        return [*crumbs, (TITLE, None)]
    return [*crumbs, (TITLE, reverse("outcomes:data_protection")), *last]


@require_GET
def data_protection(request):
    """The periods in force for each of the user's LAs, the tasks, and the removals made."""
    las = lead_las(request)
    periods = retention.periods_for(las)
    removals = page_of(DataRemoval.objects.visible_to(request.user)
                       .select_related("local_authority"), request.GET.get("page"))
    return render(request, "outcomes/data_protection.html", {
        "las": [(la, periods[la.pk]) for la in las], "page": removals,
        "removals": removals.object_list, "breadcrumbs": _crumbs()})


@require_http_methods(["GET", "POST"])
def retention_periods(request, slug):
    """Set the LA's own periods (they apply from the next daily run)."""
    lead_las(request)
    la = get_object_or_404(Organisation, slug=slug, kind=Organisation.Kind.LOCAL_AUTHORITY)
    if not can(request.user, "outcomes.read_access_records", la):
        raise PermissionDenied(NOT_ALLOWED)
    current = retention.periods_for([la])[la.pk]
    own = RetentionPeriods.objects.filter(local_authority=la).first() or RetentionPeriods(
        local_authority=la, learner_age=current.learner_age, access_years=current.access_years)
    form = RetentionForm(posted(request), instance=own)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{la.name}’s retention periods are saved. The next daily run "
                                  "deletes what is past them.")
        return redirect("outcomes:data_protection")
    return render(request, "outcomes/retention_periods.html", {
        "form": form, "local_authority": la, "periods": current,
        "breadcrumbs": _crumbs(("Retention periods", None)),
    }, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def subject_access(request):
    """A learner's reference in; a ZIP of everything held on them out (its download recorded
    as an access to their rows)."""
    las = lead_las(request)
    form = SubjectAccessForm(posted(request), las=las)
    if request.method == "POST" and form.is_valid():
        learner = form.learner
        # Recorded first, so that the file's records of access hold this download too.
        rows = sum(retention.count_rows([learner.pk]).values())
        record_access(request, Kind.DOWNLOAD, [(learner.local_authority_id, learner.reference)]
                      * max(rows, 1), purpose=SUBJECT_ACCESS)
        content, filename, _ = subject_access_file(learner, by=request.user)
        return attachment(content, filename)
    return render(request, "outcomes/subject_access.html", {
        "form": form, "breadcrumbs": _crumbs(("Subject access", None)),
    }, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def erase(request):
    """Step one: the learner and the reason. Step two (the same form posted with ``check``
    done): what will go, and a button to erase. Step three: erased, in one transaction."""
    las = lead_las(request)
    form = ErasureForm(posted(request), las=las)
    if request.method == "POST" and form.is_valid():
        learner = form.learner
        if request.POST.get("confirmed") == "yes":
            removal = retention.erase_learner(learner=learner, by=request.user,
                                              reason=form.cleaned_data["reason"])
            messages.success(request, f"Learner {learner.reference} is erased: "
                                      f"{removal.total} rows deleted.")
            return redirect("outcomes:data_protection")
        goals = list(GoalOutcome.objects.filter(learner=learner)
                     .select_related("provider").order_by("academic_year", "pk"))
        record_access(request, Kind.LEARNER, [(learner.local_authority_id, learner.reference)]
                      * max(len(goals), 1), purpose="Checking what erasure deletes")
        return render(request, "outcomes/erase_confirm.html", {
            "form": form, "learner": learner, "goals": goals,
            "counts": retention.count_rows([learner.pk]),
            "breadcrumbs": _crumbs(("Erase a learner", reverse("outcomes:erase")),
                                   ("Check and erase", None)),
        })
    return render(request, "outcomes/erase.html", {
        "form": form, "breadcrumbs": _crumbs(("Erase a learner", None)),
    }, status=400 if form.errors else 200)
