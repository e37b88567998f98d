"""Due-diligence pages: the organisation's checks, starting one (of a provider in the portal or
a new prospective one), marking its items and deciding. Every check is read through
``DueDiligenceCheck.objects.visible_to``; what a user may do comes from the app's rules."""
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from assessments.evidence import send_evidence_file
from core.forms import add_service_errors, parse_id, posted, saved
from core.lists import page_of, page_query, search_text
from organisations.kinds import COMMISSIONER_KINDS, OrganisationKind
from organisations.models import Organisation
from organisations.permissions import can
from organisations.querysets import member_org_ids

from . import services
from .forms import DecisionForm, EvidenceForm, InviteLeadForm, ItemForm, ProspectiveProviderForm
from .models import CheckEvidence, CheckItem, DueDiligenceCheck

SEARCH_MINIMUM = 3  # characters before providers are listed by name
SEARCH_SHOWN = 20
NO_ORGANISATION = "Only people of a partnership or local authority check providers."


def _crumbs(*tail):
    return [("Home", reverse("home")), ("Due diligence", reverse("commissioning:list") if tail
                                        else None), *tail]


def _own_organisations(user) -> list[Organisation]:
    """The partnerships and local authorities the user may open checks for."""
    ids = member_org_ids(user, COMMISSIONER_KINDS)
    return [org for org in Organisation.objects.filter(pk__in=ids).order_by("name")
            if can(user, "commissioning.open_check", org)]


def check_list(request):
    """The checks the user may see, open ones first, 50 to a page."""
    checks = (DueDiligenceCheck.objects.visible_to(request.user)
              .select_related("commissioner", "provider").order_by("state", "-opened_at", "-pk"))
    page = page_of(checks, request.GET.get("page"))
    return render(request, "commissioning/check_list.html", {
        "page": page, "checks": page.object_list,
        "can_open": bool(_own_organisations(request.user)),
        "breadcrumbs": _crumbs(),
    })


def check_new(request):
    """Start a check for one of the user's organisations: of a provider already in the portal
    (found by name) or of a new one recorded here."""
    organisations = _own_organisations(request.user)
    if not organisations:
        raise PermissionDenied(NO_ORGANISATION)
    chosen = next((o for o in organisations if o.slug == (request.POST or request.GET).get("org")),
                  organisations[0])
    q = search_text(request.GET.get("q"))
    found = []
    if len(q) >= SEARCH_MINIMUM:
        found = list(Organisation.objects.in_use().filter(kind=OrganisationKind.PROVIDER,
                                                          name__icontains=q)
                     .order_by("name")[:SEARCH_SHOWN])
    form = ProspectiveProviderForm(posted(request) if "name" in request.POST else None)
    error = None
    if request.method == "POST":
        try:
            if "provider" in request.POST:
                provider = get_object_or_404(Organisation, kind=OrganisationKind.PROVIDER,
                                             pk=parse_id(request.POST.get("provider")) or 0)
                check = services.check_open(commissioner=chosen, provider=provider,
                                            by=request.user)
            elif form.is_valid():
                provider = services.prospective_provider_create(
                    name=form.cleaned_data["name"], by=request.user, commissioner=chosen,
                    provider_type=form.cleaned_data["provider_type"])
                check = services.check_open(commissioner=chosen, provider=provider,
                                            by=request.user)
            else:
                check = None
        except ValidationError as exc:
            check = None
            if "name" in request.POST:
                add_service_errors(form, exc)
            else:
                error = " ".join(exc.messages)
        if check is not None:
            messages.success(request, f"Due-diligence check of {check.provider} started.")
            return redirect(check)
    return render(request, "commissioning/check_new.html", {
        "organisations": organisations, "chosen": chosen, "q": q, "found": found,
        "searched": len(q) >= SEARCH_MINIMUM, "minimum": SEARCH_MINIMUM, "shown": SEARCH_SHOWN,
        "form": form, "error": error, "query": page_query(q=q, org=chosen.slug),
        "breadcrumbs": _crumbs(("Start a check", None)),
    }, status=400 if request.method == "POST" else 200)


def _check(request, pk) -> DueDiligenceCheck:
    return get_object_or_404(DueDiligenceCheck.objects.visible_to(request.user)
                             .select_related("commissioner", "provider", "checklist", "link",
                                             "decided_by"), pk=pk)


def check_detail(request, pk):
    check = _check(request, pk)
    rows = list(check.items.select_related("item", "updated_by").prefetch_related("files")
                .order_by("item__order"))
    return render(request, "commissioning/check_detail.html", {
        "check": check, "groups": [(group, list(items)) for group, items in
                                   groupby(rows, key=lambda row: row.item.group)],
        "marked": sum(bool(row.outcome) for row in rows), "total": len(rows),
        "can_record": can(request.user, "commissioning.record_check", check),
        "can_decide": can(request.user, "commissioning.decide_check", check),
        "can_add_evidence": can(request.user, "commissioning.add_evidence", check),
        "can_invite_lead": can(request.user, "commissioning.invite_lead", check),
        "breadcrumbs": _crumbs((str(check.provider), None)),
    })


def item_edit(request, pk, code):
    check = _check(request, pk)
    if not can(request.user, "commissioning.record_check", check):
        raise PermissionDenied(services.NOT_ALLOWED)
    row = get_object_or_404(CheckItem.objects.select_related("item"), due_diligence=check,
                            item__code=code)
    form = ItemForm(posted(request), initial={"outcome": row.outcome, "note": row.note})
    if form.is_bound and form.is_valid() and saved(form, lambda: services.item_record(
            row=row, outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"].strip(), by=request.user)):
        messages.success(request, f"Saved: {row.item.text}")
        return redirect(f"{check.get_absolute_url()}#item-{row.item.code}")
    return render(request, "commissioning/item_edit.html", {
        "check": check, "row": row, "form": form,
        "breadcrumbs": _crumbs((str(check.provider), check.get_absolute_url()),
                               ("Check an item", None)),
    }, status=400 if form.is_bound else 200)


def check_decide(request, pk):
    check = _check(request, pk)
    if not can(request.user, "commissioning.decide_check", check):
        raise PermissionDenied(services.NOT_ALLOWED)
    form = DecisionForm(posted(request))
    if form.is_bound and form.is_valid() and saved(form, lambda: services.check_decide(
            check=check, decision=form.cleaned_data["decision"],
            conditions=form.cleaned_data["conditions"], by=request.user)):
        messages.success(request, "Decision recorded.")
        return redirect(check)
    return render(request, "commissioning/check_decide.html", {
        "check": check, "form": form,
        "breadcrumbs": _crumbs((str(check.provider), check.get_absolute_url()),
                               ("Decide", None)),
    }, status=400 if form.is_bound else 200)


def item_evidence(request, pk, code):
    """Add a file as evidence for one item (the provider's people, or the commissioner's)."""
    check = _check(request, pk)
    if not can(request.user, "commissioning.add_evidence", check):
        raise PermissionDenied(services.NOT_ALLOWED)
    row = get_object_or_404(CheckItem.objects.select_related("item"), due_diligence=check,
                            item__code=code)
    form = EvidenceForm(posted(request), request.FILES or None)
    stored = []
    if form.is_bound and form.is_valid() and saved(form, lambda: stored.append(
            services.evidence_add(row=row, upload=form.cleaned_data["file"], by=request.user))):
        messages.success(request, f"Uploaded {stored[0].original_name}.")
        return redirect(f"{check.get_absolute_url()}#item-{row.item.code}")
    return render(request, "commissioning/item_evidence.html", {
        "check": check, "row": row, "form": form, "files": list(row.files.all()),
        "breadcrumbs": _crumbs((str(check.provider), check.get_absolute_url()),
                               ("Add evidence", None)),
    }, status=400 if form.is_bound else 200)


def lead_invite(request, pk):
    """Invite the first lead of a prospective provider, to give its evidence for the check."""
    check = _check(request, pk)
    if not can(request.user, "commissioning.invite_lead", check):
        raise PermissionDenied(services.LEAD_NOT_YOURS)
    form = InviteLeadForm(posted(request))
    if form.is_bound and form.is_valid() and saved(form, lambda: services.lead_invite(
            check=check, email=form.cleaned_data["email"], by=request.user,
            base_url=f"{request.scheme}://{request.get_host()}")):
        messages.success(request, f"Invitation sent to {form.cleaned_data['email']}. They can "
                                  f"give evidence for each item once they have accepted it.")
        return redirect(check)
    return render(request, "commissioning/invite_lead.html", {
        "check": check, "form": form,
        "breadcrumbs": _crumbs((str(check.provider), check.get_absolute_url()),
                               ("Invite the provider's lead", None)),
    }, status=400 if form.is_bound else 200)


def evidence_download(request, pk):
    """A file given for a check, to whoever sees the check (a 404 for anyone else)."""
    evidence = get_object_or_404(
        CheckEvidence.objects.filter(due_diligence__in=DueDiligenceCheck.objects.visible_to(
            request.user).values("pk")), pk=pk)
    return send_evidence_file(evidence)
