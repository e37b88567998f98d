"""Pages for what a provider says beside its ratings: the cohort's figures and the narrative
and strengths (``assessments.narrative``). Both are the provider's while the self-assessment
is a draft (``assessments.edit_self_assessment``); everyone who sees it reads them on its
overview, summary, PDF and review."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from core.forms import posted, saved
from frameworks.models import Section
from organisations.permissions import can

from . import narrative
from .models import CohortResult, Narrative
from .narrative_forms import CohortForm, NarrativeForm
from .views import assessment_or_404, crumbs

NOT_ALLOWED = "Only the provider's people can change a draft self-assessment."


def _editable(request, pk):
    assessment = assessment_or_404(request, pk)
    if not can(request.user, "assessments.edit_self_assessment", assessment):
        raise PermissionDenied(NOT_ALLOWED)
    return assessment


def cohort_edit(request, pk):
    assessment = _editable(request, pk)
    targets = assessment.framework.cohort
    if not targets:
        raise Http404(narrative.NO_COHORT.format(framework=assessment.framework.name))
    row = CohortResult.objects.filter(assessment=assessment).first()
    initial = {name: getattr(row, name) for name in narrative.FIGURES} if row else {}
    form = CohortForm(posted(request), initial=initial, minimum_hours=targets["minimum_hours"])
    if form.is_bound and form.is_valid() and saved(
            form, lambda: narrative.cohort_save(
                assessment=assessment, by=request.user, **form.cleaned_data)):
        messages.success(request, "Cohort figures saved.")
        return redirect(assessment)
    return render(request, "assessments/cohort.html", {
        "assessment": assessment, "form": form, "targets": targets,
        "breadcrumbs": crumbs(assessment, ("Cohort figures", None)),
    }, status=400 if form.is_bound else 200)


def narrative_edit(request, pk):
    assessment = _editable(request, pk)
    sections = list(Section.objects.filter(framework=assessment.framework_id).order_by("order"))
    initial = NarrativeForm.initial_for(Narrative.objects.filter(assessment=assessment))
    form = NarrativeForm(posted(request), initial=initial, sections=sections)
    if form.is_bound and form.is_valid() and saved(
            form, lambda: narrative.narrative_save(
                assessment=assessment, by=request.user, texts=form.texts())):
        messages.success(request, "Narrative and strengths saved.")
        return redirect(assessment)
    return render(request, "assessments/narrative.html", {
        "assessment": assessment, "form": form,
        "breadcrumbs": crumbs(assessment, ("Narrative and strengths", None)),
    }, status=400 if form.is_bound else 200)
