"""Agreements and their expected standards, and a provider's support log: pages about one
commissioning link. A link is read through ``Commissioning.objects.visible_to`` (an agreement
and a support entry are its provider's, seen by whoever sees the provider); what a user may
do comes from the app's rules."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.forms import posted, saved
from core.lists import page_of
from organisations.models import Commissioning, Organisation
from organisations.permissions import can

from . import services, standards
from .forms import (
    AgreementForm,
    DecommissionForm,
    RecordStandardForm,
    StandardForm,
    SupportForm,
)
from .models import Agreement, Decommissioning, ExpectedStandard, SupportEntry
from .selectors import with_standards


def _link(request, pk) -> Commissioning:
    return get_object_or_404(Commissioning.objects.visible_to(request.user)
                             .select_related("commissioner", "provider"), pk=pk)


def _provider_crumbs(provider, *tail):
    return [("Home", reverse("home")), ("Providers", reverse("organisations:list")),
            (provider.name, provider.get_absolute_url()), *tail]


def _crumbs(link, *tail):
    return _provider_crumbs(link.provider, (
        "Agreements", reverse("commissioning:link_agreements", kwargs={"pk": link.pk})
        if tail else None), *tail)


def _agreement(request, pk) -> Agreement:
    return get_object_or_404(with_standards(Agreement.objects.visible_to(request.user)), pk=pk)


def link_agreements(request, pk):
    """The agreements a commissioning link has worked to, the one in force first."""
    link = _link(request, pk)
    today = timezone.localdate()
    page = page_of(with_standards(link.agreements.order_by("-starts", "-pk")),
                   request.GET.get("page"))
    return render(request, "commissioning/link_agreements.html", {
        "link": link, "page": page, "states": standards.judge(page.object_list, today),
        "today": today, "can_manage": can(request.user, "commissioning.manage_agreements", link),
        "breadcrumbs": _crumbs(link),
    })


def _agreement_form_page(request, link, agreement=None):
    initial = ({"kind": agreement.kind, "reference": agreement.reference,
                "starts": agreement.starts, "ends": agreement.ends, "places": agreement.places}
               if agreement else {"kind": Agreement.Kind.SLA})
    form = AgreementForm(posted(request), initial=initial)
    done = {}

    def save():
        values = form.cleaned_data
        if agreement is None:
            done["agreement"] = services.agreement_create(link=link, by=request.user, **values)
        else:
            done["agreement"] = services.agreement_update(agreement=agreement, by=request.user,
                                                          **values)

    if form.is_bound and form.is_valid() and saved(form, save):
        messages.success(request, f"Saved the agreement {done['agreement'].reference}.")
        return redirect(done["agreement"])
    return render(request, "commissioning/agreement_form.html", {
        "link": link, "agreement": agreement, "form": form,
        "breadcrumbs": _crumbs(link, ("Change the agreement" if agreement
                                      else "Add an agreement", None)),
    }, status=400 if form.is_bound else 200)


def agreement_new(request, pk):
    link = _link(request, pk)
    if not can(request.user, "commissioning.manage_agreements", link):
        raise PermissionDenied(services.NOT_ALLOWED)
    return _agreement_form_page(request, link)


def agreement_edit(request, pk):
    agreement = _agreement(request, pk)
    if not can(request.user, "commissioning.manage_agreements", agreement.link):
        raise PermissionDenied(services.NOT_ALLOWED)
    return _agreement_form_page(request, agreement.link, agreement)


def agreement_detail(request, pk):
    """One agreement and each expected standard: met, not met, not yet due or not recorded,
    and why."""
    agreement = _agreement(request, pk)
    today = timezone.localdate()
    state = standards.judge([agreement], today)[0]
    user = request.user
    return render(request, "commissioning/agreement_detail.html", {
        "agreement": agreement, "link": agreement.link, "state": state, "today": today,
        "in_force": agreement.runs_on(today),
        "can_manage": can(user, "commissioning.manage_agreements", agreement.link),
        "can_record": {j.standard.pk for j in state.standards
                       if can(user, "commissioning.record_standard", j.standard)},
        "breadcrumbs": _crumbs(agreement.link, (str(agreement), None)),
    })


def standard_new(request, pk):
    agreement = _agreement(request, pk)
    if not can(request.user, "commissioning.manage_agreements", agreement.link):
        raise PermissionDenied(services.NOT_ALLOWED)
    form = StandardForm(posted(request))
    if form.is_bound and form.is_valid() and saved(form, lambda: services.standard_add(
            agreement=agreement, by=request.user, **form.cleaned_data)):
        messages.success(request, "Added the expected standard.")
        return redirect(agreement)
    return render(request, "commissioning/standard_form.html", {
        "agreement": agreement, "form": form,
        "breadcrumbs": _crumbs(agreement.link, (str(agreement), agreement.get_absolute_url()),
                               ("Add a standard", None)),
    }, status=400 if form.is_bound else 200)


def _standard(request, pk) -> ExpectedStandard:
    return get_object_or_404(ExpectedStandard.objects.filter(
        agreement__in=Agreement.objects.visible_to(request.user).values("pk"))
        .select_related("agreement__link__provider", "agreement__link__commissioner"), pk=pk)


def standard_record(request, pk):
    standard = _standard(request, pk)
    if not can(request.user, "commissioning.record_standard", standard):
        raise PermissionDenied(services.NOT_ALLOWED)
    agreement = standard.agreement
    form = RecordStandardForm(posted(request), initial={"outcome": standard.outcome,
                                                        "note": standard.note})
    if form.is_bound and form.is_valid() and saved(form, lambda: services.standard_record(
            standard=standard, by=request.user, **form.cleaned_data)):
        messages.success(request, f"Recorded: {standard.text}.")
        return redirect(agreement)
    return render(request, "commissioning/standard_record.html", {
        "standard": standard, "agreement": agreement, "form": form,
        "breadcrumbs": _crumbs(agreement.link, (str(agreement), agreement.get_absolute_url()),
                               ("Record a standard", None)),
    }, status=400 if form.is_bound else 200)


@require_POST
def standard_remove(request, pk):
    standard = _standard(request, pk)
    if not can(request.user, "commissioning.manage_agreements", standard.agreement.link):
        raise PermissionDenied(services.NOT_ALLOWED)
    services.standard_remove(standard=standard, by=request.user)
    messages.success(request, "Removed the expected standard.")
    return redirect(standard.agreement)


def support_list(request, slug):
    """A provider's support log, every commissioner's entries, latest first, 50 to a page."""
    provider = get_object_or_404(Organisation.objects.visible_to(request.user).providers(),
                                 slug=slug)
    page = page_of(SupportEntry.objects.visible_to(request.user).filter(provider=provider)
                   .select_related("commissioner").order_by("-on", "-pk"),
                   request.GET.get("page"))
    links = [link for link in Commissioning.objects.visible_to(request.user)
             .filter(provider=provider).select_related("commissioner", "provider")
             if can(request.user, "commissioning.log_support", link)]
    return render(request, "commissioning/support_list.html", {
        "provider": provider, "page": page, "links": links,
        "breadcrumbs": _provider_crumbs(provider, ("Support log", None)),
    })


def support_new(request, pk):
    """Log training or support a commissioning link's commissioner offered its provider."""
    link = _link(request, pk)
    if not can(request.user, "commissioning.log_support", link):
        raise PermissionDenied(services.NOT_ALLOWED)
    form = SupportForm(posted(request))
    if form.is_bound and form.is_valid() and saved(form, lambda: services.support_log(
            link=link, by=request.user, **form.cleaned_data)):
        messages.success(request, f"Logged: {form.cleaned_data['topic']}.")
        return redirect("commissioning:support", slug=link.provider.slug)
    return render(request, "commissioning/support_form.html", {
        "link": link, "form": form,
        "breadcrumbs": _provider_crumbs(link.provider, (
            "Support log", reverse("commissioning:support", kwargs={"slug": link.provider.slug})),
            ("Log support", None)),
    }, status=400 if form.is_bound else 200)


def decommission(request, pk):
    """De-commission the link's provider: why, and the QA evidence it rests on."""
    link = _link(request, pk)
    if not can(request.user, "commissioning.decommission", link):
        raise PermissionDenied(services.NOT_ALLOWED)
    form = DecommissionForm(posted(request), evidence=services.decommission_evidence(link))
    done = []
    if form.is_bound and form.is_valid() and saved(form, lambda: done.append(
            services.decommission(link=link, reason=form.cleaned_data["reason"],
                                  by=request.user, **form.chosen()))):
        messages.success(request, f"{link.provider.name} is de-commissioned by "
                                  f"{link.commissioner.name}.")
        return redirect(done[0])
    return render(request, "commissioning/decommission_form.html", {
        "link": link, "form": form,
        "breadcrumbs": _crumbs(link, ("De-commission", None)),
    }, status=400 if form.is_bound else 200)


def decommissioning_detail(request, pk):
    record = get_object_or_404(
        Decommissioning.objects.visible_to(request.user)
        .select_related("link__provider", "link__commissioner", "decided_by"), pk=pk)
    return render(request, "commissioning/decommissioning_detail.html", {
        "record": record, "link": record.link,
        "visits": list(record.visits.order_by("-visited_on", "-pk")),
        "concerns": list(record.concerns.select_related("section").order_by("-raised_at")),
        "standards": list(record.standards.select_related("agreement").order_by("pk")),
        "breadcrumbs": _crumbs(record.link, ("De-commissioning", None)),
    })
