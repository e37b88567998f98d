"""Action plan pages: adding a Stage 2 SMART action from a self-assessment."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from assessments.models import Assessment
from organisations.permissions import can

from .forms import Stage2ActionForm
from .services import NOT_ALLOWED_TO_ADD_ACTION, stage2_action_create


def stage2_action_create_view(request, pk):
    assessment = get_object_or_404(
        Assessment.objects.visible_to(request.user).self_assessments()
        .select_related("framework", "provider"), pk=pk,
    )
    if not can(request.user, "assessments.edit_self_assessment", assessment):
        raise PermissionDenied(NOT_ALLOWED_TO_ADD_ACTION)
    initial = {}
    code = request.GET.get("section")
    form = Stage2ActionForm(request.POST or None, framework=assessment.framework)
    if code and request.method == "GET":
        section = form.fields["section"].queryset.filter(code=code).first()
        if section:
            initial = {"section": section.pk, "area": section.title}
            form = Stage2ActionForm(initial=initial, framework=assessment.framework)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        stage2_action_create(assessment=assessment, by=request.user, section=data["section"],
                             area=data["area"], smart_action=data["smart_action"],
                             due_date=data["due_date"], owner=data["owner"],
                             success_measure=data["success_measure"])
        messages.success(request, f"Added an action for {data['section'].title}.")
        return redirect(assessment)
    return render(request, "actionplans/stage2_action_form.html", {
        "assessment": assessment, "form": form,
        "breadcrumbs": [
            ("Home", reverse("home")), ("Self-assessments", reverse("assessments:list")),
            (f"{assessment.framework.name}, {assessment.period}", assessment.get_absolute_url()),
            ("Add an action", None),
        ],
    })
