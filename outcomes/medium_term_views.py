"""Medium-term outcomes entered by the learner's local authority (``outcomes.medium_term``):
adding one to a learner, and recording the step reached at an annual review. Another LA's
learner is a 404; a learner the user sees but may not change is a 403."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.forms import add_service_errors

from . import medium_term, services
from .learner_forms import MediumTermForm, StepForm
from .medium_term_models import MediumTermOutcome
from .models import Learner
from .scheme import Scheme, current_scheme

OUTCOME_ADDED = "Medium-term outcome added for {reference}."
STEP_SAVED = "Step saved for {reference}: {step} in {year}."


def _scheme() -> Scheme:
    scheme = current_scheme()
    if scheme is None or not scheme.steps:
        raise Http404(medium_term.NO_STEPS)
    return scheme


def _page(request, form, learner, title, outcome=None, status=200):
    learner_url = reverse("outcomes:learner", args=[learner.pk])
    return render(request, "outcomes/medium_term_form.html", {
        "form": form, "learner": learner, "title": title, "outcome": outcome,
        "back": f"{learner_url}#medium-term",
        "breadcrumbs": [("Home", reverse("home")), ("Outcomes", reverse("dashboards:outcomes")),
                        ("Learners", reverse("outcomes:learners")),
                        (learner.reference, learner_url), (title, None)],
    }, status=status)


@require_http_methods(["GET", "POST"])
def medium_term_add(request, pk):
    """Add a medium-term outcome to a learner."""
    learner = get_object_or_404(Learner.objects.visible_to(request.user)
                                .select_related("local_authority"), pk=pk)
    services.require_manage(request.user, learner.local_authority)
    scheme = _scheme()
    form = MediumTermForm(request.POST if request.method == "POST" else None, scheme=scheme)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            medium_term.medium_term_add(learner=learner, pfa_area=data["pfa_area"],
                                        outcome=data["outcome"],
                                        target_year=data["target_year"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, OUTCOME_ADDED.format(reference=learner.reference))
            return redirect(reverse("outcomes:learner", args=[learner.pk]) + "#medium-term")
    return _page(request, form, learner, "Add a medium-term outcome",
                 status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def step_add(request, pk):
    """Record the step reached towards a medium-term outcome at a year's annual review."""
    outcome = get_object_or_404(
        MediumTermOutcome.objects.filter(learner__in=Learner.objects.visible_to(request.user))
        .select_related("learner__local_authority"), pk=pk)
    learner = outcome.learner
    services.require_manage(request.user, learner.local_authority)
    scheme = _scheme()
    form = StepForm(request.POST if request.method == "POST" else None,
                    local_authority=learner.local_authority, scheme=scheme)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            medium_term.step_record(outcome=outcome, academic_year=data["academic_year"],
                                    review_date=data["review_date"], provider=data["provider"],
                                    step=data["step"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, STEP_SAVED.format(
                reference=learner.reference, step=scheme.step_label(data["step"]),
                year=data["academic_year"]))
            return redirect(reverse("outcomes:learner", args=[learner.pk]) + "#medium-term")
    return _page(request, form, learner, "Record a step", outcome=outcome,
                 status=400 if form.is_bound else 200)
