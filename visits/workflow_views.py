"""The visit workflow's steps as pages: share with the provider, mark the visit recorded,
share the judgements; the provider's reply, finalising and withdrawing. Each step is named
by the ``visits.workflow`` transition it takes."""
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from core.forms import add_service_errors, posted
from organisations.permissions import can

from . import follow_up, services
from . import workflow as visit_workflow
from .dates import long_date
from .forms import (
    FinaliseForm,
    RespondForm,
    VisitRecordForm,
    WithdrawForm,
)
from .pages import base_url, crumbs, failure_rows, visit_or_404
from .selectors import (
    record_blockers,
    share_blockers,
    visit_data,
)

STEPS = {
    # name: (permission, refusal, blockers(data), service, title, button, success message)
    "share": ("visits.share_visit", services.NOT_ALLOWED_TO_SHARE, share_blockers,
              services.visit_share_with_provider, "Share the record with the provider",
              "Share with the provider",
              "Shared. {provider}'s people can now see the record and add their evidence."),
    "record": ("visits.mark_visit_recorded", services.NOT_ALLOWED_TO_MARK_RECORDED,
               record_blockers, services.visit_mark_recorded, "Mark the visit recorded",
               "Mark the visit recorded",
               "The visit is recorded. {provider} can no longer add evidence."),
    "share_judgements": ("visits.share_visit_judgements",
                         services.NOT_ALLOWED_TO_SHARE_JUDGEMENTS, record_blockers,
                         services.visit_share_judgements,
                         "Share the judgements with the provider", "Share the judgements",
                         "Shared the judgements. {provider} can respond until {due}."),
}

# The steps that email people (the record shared, a cause for concern raised, judgements
# shared): their links use the address the request reached, as every email sent from a
# request does.
EMAILING = frozenset({"share", "record", "share_judgements"})


def next_step(visit, data) -> tuple[str, list]:
    """The next step in the workflow and what is missing before it: the first of ``STEPS``
    (named by their ``visit_workflow`` transitions) that may start from the visit's state."""
    for name, (_perm, _refusal, blockers, _service, title, *_rest) in STEPS.items():
        if visit_workflow.allowed(name, visit.state):
            return title[:1].lower() + title[1:], blockers(data)
    return "", []


def _step(request, pk, name):
    perm, refusal, blockers, service, title, button, success = STEPS[name]
    visit = visit_or_404(request, pk)
    if not can(request.user, perm, visit):
        raise PermissionDenied(refusal)
    data = visit_data(visit)
    failures = blockers(data)
    # Recording asks for the date the visit took place; the other steps ask nothing.
    form = (VisitRecordForm(request.POST if request.method == "POST" else None, visit=visit,
                            today=timezone.localdate()) if name == "record" else None)
    if request.method == "POST" and not failures and (form is None or form.is_valid()):
        kwargs = {"base_url": base_url(request)} if name in EMAILING else {}
        if form is not None:
            kwargs["visited_on"] = form.cleaned_data["visited_on"]
        try:
            raised = service(visit=visit, by=request.user, **kwargs)
        except ValidationError as exc:
            if form is None:
                raise
            add_service_errors(form, exc)
        else:
            visit.refresh_from_db()
            messages.success(request, success.format(
                provider=visit.provider.name,
                due=long_date(visit.response_due) if visit.response_due else ""))
            if name == "record" and raised:
                messages.warning(request, "Cause for concern raised for "
                                 + ", ".join(c.section.title for c in raised)
                                 + ". The partnership chair has been emailed.")
            return redirect("visits:overview", pk=visit.pk)
    concerns = [row for row in data.rows if row.raises_concern] if name == "record" else []
    return render(request, "visits/visit_step.html", {
        "visit": visit, "data": data, "name": name, "title": title, "button": button,
        "form": form,
        "failures": failure_rows(visit, data, failures), "concern_rows": concerns,
        "working_days": settings.VISIT_RESPONSE_WORKING_DAYS,
        "breadcrumbs": crumbs(visit, (title, None)),
    }, status=400 if request.method == "POST" else 200)


def visit_share(request, pk):
    return _step(request, pk, "share")


def visit_record(request, pk):
    return _step(request, pk, "record")


def visit_share_judgements(request, pk):
    return _step(request, pk, "share_judgements")


def visit_respond(request, pk):
    """The provider lead's right of reply, beside the shared judgements."""
    visit = visit_or_404(request, pk)
    if not can(request.user, "visits.respond_to_visit", visit):
        raise PermissionDenied(services.NOT_ALLOWED_TO_RESPOND)
    if not services.response_open(visit):
        raise PermissionDenied(services.RESPONSE_CLOSED.format(
            date=long_date(visit.response_due)))
    form = RespondForm(request.POST or None, initial={"response": visit.provider_response})
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_respond(visit=visit, by=request.user,
                                   response=form.cleaned_data["response"],
                                   base_url=base_url(request))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Your response has been sent to the partnership.")
            return redirect("visits:overview", pk=visit.pk)
    return render(request, "visits/visit_respond.html", {
        "visit": visit, "form": form, "data": visit_data(visit),
        "breadcrumbs": crumbs(visit, ("Respond to the judgements", None)),
    })


def visit_finalise(request, pk):
    visit = visit_or_404(request, pk)
    if not can(request.user, "visits.finalise_visit", visit):
        raise PermissionDenied(services.NOT_ALLOWED_TO_FINALISE)
    blocker = services.finalise_blocker(visit)
    actions = follow_up.agreed_actions(visit)
    form = FinaliseForm(posted(request), actions=actions)
    if request.method == "POST" and not blocker and form.is_valid():
        try:
            services.visit_finalise(visit=visit, by=request.user, agreed=form.agreed())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Finalised. The record is read-only, and the actions "
                                      f"agreed at the visit are in {visit.provider.name}'s "
                                      f"action plan for {visit.period}.")
            return redirect("visits:overview", pk=visit.pk)
    return render(request, "visits/visit_finalise.html", {
        "visit": visit, "blocker": blocker, "actions": actions, "form": form,
        "breadcrumbs": crumbs(visit, ("Finalise", None)),
    }, status=400 if request.method == "POST" else 200)


def visit_withdraw(request, pk):
    visit = visit_or_404(request, pk)
    if not can(request.user, "visits.withdraw_visit", visit):
        raise PermissionDenied(services.NOT_ALLOWED_TO_WITHDRAW)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.visit_withdraw(visit=visit, by=request.user,
                                reason=form.cleaned_data["reason"])
        messages.success(request, "The visit record is withdrawn. It stays in the history.")
        return redirect("visits:overview", pk=visit.pk)
    return render(request, "visits/visit_withdraw.html", {
        "visit": visit, "form": form, "breadcrumbs": crumbs(visit, ("Withdraw", None)),
    })
