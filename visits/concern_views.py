"""A cause for concern: the judgement behind it, the decisions so far, and the chair's
decision form."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from core.forms import add_service_errors
from organisations.permissions import can

from . import workflow
from .concerns import NOT_ALLOWED_TO_DECIDE, concern_decide
from .forms import (
    DecisionForm,
)
from .pages import base_url
from .selectors import (
    commissioning_link,
    concern_decisions,
    concerns_for_page,
    section_judgements,
    section_requirements,
)


def concern_detail(request, pk):
    """A cause for concern: the judgement behind it, the decisions so far, and for the
    partnership chair the decision form."""
    concern = get_object_or_404(concerns_for_page(request.user), pk=pk)
    can_decide = can(request.user, "visits.decide_concern", concern)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied(NOT_ALLOWED_TO_DECIDE)
        if form.is_valid():
            data = form.cleaned_data
            try:
                record = concern_decide(
                    concern=concern, by=request.user, decision=data["decision"],
                    reasons=data["reasons"], conditions=data["conditions"],
                    review_date=data["review_date"], base_url=base_url(request))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Decision recorded: {record.get_decision_display()}. "
                                          f"The commissioning status of {concern.provider.name} for "
                                          f"{concern.partnership.name} now matches it.")
                return redirect("visits:concern", pk=concern.pk)
    visit = concern.visit
    judgement = section_judgements(visit).filter(section=concern.section).first()
    responses = section_requirements(visit, concern.section)
    decisions = concern_decisions(concern)
    link = commissioning_link(partnership=concern.partnership, provider=concern.provider)
    latest = decisions[0] if decisions else None  # newest first
    phase = workflow.concern_phase_text(concern.status, latest.review_date if latest else None,
                                        timezone.localdate())
    return render(request, "visits/concern_detail.html", {
        "concern": concern, "visit": visit, "judgement": judgement, "responses": responses,
        "phase_text": phase,
        "decisions": decisions, "form": form, "can_decide": can_decide, "link": link,
        "breadcrumbs": [("Home", reverse("home")),
                        (concern.provider.name, concern.provider.get_absolute_url()),
                        (f"Cause for concern: {concern.section.title}", None)],
    })
