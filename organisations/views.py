"""Organisation pages: the providers a user can see, one organisation, and commissioning status."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from core.forms import add_service_errors, posted, saved
from core.lists import PAGE_SIZE, page_of, page_query, search_text

from .forms import ArchiveForm, CommissioningStatusForm, SettingForm
from .models import Commissioning, Membership, Organisation
from .permissions import can
from .selectors import latest_commissioning_history
from .services import (
    NOT_ALLOWED_TO_ARCHIVE,
    NOT_ALLOWED_TO_CHANGE_STATUS,
    NOT_ALLOWED_TO_DESCRIBE,
    commissioning_set_status,
    organisation_archive,
    organisation_restore,
    setting_describe,
)


def _concerns(user):
    """Causes for concern the user may see. Concerns belong to assessments (an app above this
    one): reached through the reverse relation so imports keep running one way."""
    return Organisation.concerns.field.model.objects.visible_to(user)


def _links_with_concerns(user):
    """Commissioning links the user can see, each marked when its partnership has a cause for
    concern about the provider that is not closed (awaiting decision or under review), in the
    same query. A provider's own people are never told: concerns are visible only to those who
    commission the provider."""
    open_concern = _concerns(user).not_closed().filter(provider=OuterRef("provider_id"),
                                                  partnership=OuterRef("commissioner_id"))
    return Commissioning.objects.visible_to(user).annotate(cause_for_concern=Exists(open_concern))


PROVIDERS_PAGE_SIZE = PAGE_SIZE  # rows to a page: providers, and links on an organisation
SEARCH_FROM = 10  # rows, before a list offers a search
HISTORY_SHOWN = 10  # status changes shown per commissioning link, newest first


def _search_and_paginate(rows, *, q, page, field) -> dict:
    """One page of ``rows`` (already scoped by ``visible_to``), narrowed to those whose
    ``field`` contains the search ``q``: the context the search box and
    includes/_pagination.html read. A bad page number gives the first or last page
    (``core.lists``). The search is offered only past SEARCH_FROM rows, or once searched:
    a provider's own people see one or two rows, and no search."""
    query = search_text(q)
    if query:
        rows = rows.filter(**{f"{field}__icontains": query})
    page = page_of(rows, page, PROVIDERS_PAGE_SIZE)
    return {
        "page": page, "q": query,
        "searchable": bool(query) or page.paginator.count > SEARCH_FROM,
        "pagination_query": page_query(q=query),
    }


def organisation_list(request):
    """The providers the user can see, by name, 50 to a page and searchable by name, each with
    its commissioning links (concerns marked); then the partnerships and local authorities.
    Three queries for the providers, whatever their number."""
    user = request.user
    visible = Organisation.objects.visible_to(user).in_use()
    links = _links_with_concerns(user).select_related("commissioner").order_by("commissioner__name")
    providers = (visible.providers()
                 .prefetch_related(Prefetch("commissioned_by", queryset=links, to_attr="links"))
                 .order_by("name", "pk"))
    context = _search_and_paginate(providers, q=request.GET.get("q"), page=request.GET.get("page"),
                                   field="name")
    return render(request, "organisations/organisation_list.html", {
        **context, "providers": context["page"],
        "others": visible.exclude(kind=Organisation.Kind.PROVIDER).order_by("kind", "name"),
        "can_import": can(user, "organisations.import_organisations"),
        "breadcrumbs": [("Home", reverse("home")), ("Providers", None)],
    })


class OrganisationDetailView(DetailView):
    """One organisation: its commissioning links, 50 to a page and searchable by the other
    party's name, each with its latest status changes; for a provider, its causes for concern;
    for its members, its people. The same number of queries however many links it has."""

    template_name = "organisations/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return Organisation.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org, user = self.object, self.request.user
        # A provider's page lists who commissions it; a commissioner's, whom it commissions:
        # the search looks in the names shown.
        other = "commissioner" if org.is_provider else "provider"
        links = (
            _links_with_concerns(user)
            .filter(Q(provider=org) | Q(commissioner=org))
            .select_related("commissioner", "provider")
            .order_by(f"{other}__name", "pk")
        )
        request = self.request
        context.update(_search_and_paginate(links, q=request.GET.get("q"),
                                            page=request.GET.get("page"), field=f"{other}__name"))
        shown = list(context["page"])
        history = latest_commissioning_history(shown, limit=HISTORY_SHOWN)
        context["links"] = [
            {"link": link,
             "can_change": can(user, "organisations.change_commissioning_status", link),
             "history": history[link.pk]}
            for link in shown
        ]
        context["breadcrumbs"] = [
            ("Home", reverse("home")), ("Providers", reverse("organisations:list")), (org.name, None)
        ]
        if org.is_provider:
            decisions = _concerns(user).model.decisions.field.model.objects.select_related(
                "decided_by").order_by("decided_at", "pk")
            context["concerns"] = list(
                _concerns(user).filter(provider=org)
                .select_related("section", "partnership", "visit")
                .prefetch_related(Prefetch("decisions", queryset=decisions))
            )
        context["can_view_profile"] = can(user, "dashboards.view_provider_profile", org)
        context["can_view_members"] = can(user, "organisations.view_members", org)
        context["can_archive"] = can(user, "organisations.archive_organisation", org)
        context["can_manage_people"] = can(user, "people.manage_people", org)
        context["can_manage_tokens"] = can(user, "api.manage_tokens", org)
        context["can_describe"] = (org.is_alternative_provision
                                   and can(user, "organisations.describe_setting", org))
        if context["can_view_members"]:
            context["memberships"] = (
                Membership.objects.visible_to(user).filter(organisation=org).select_related("user")
            )
        return context


def _provider_crumbs(provider, page: str) -> list[tuple]:
    """Home, Providers, the provider, then this page about it."""
    return [("Home", reverse("home")), ("Providers", reverse("organisations:list")),
            (provider.name, provider.get_absolute_url()), (page, None)]


def commissioning_status(request, pk):
    """Change a commissioning link's status (partnership chair / LA commissioner / admin)."""
    link = get_object_or_404(
        Commissioning.objects.visible_to(request.user).select_related("commissioner", "provider"),
        pk=pk,
    )
    if not can(request.user, "organisations.change_commissioning_status", link):
        raise PermissionDenied(NOT_ALLOWED_TO_CHANGE_STATUS)
    form = CommissioningStatusForm(request.POST or None, current_status=link.status)
    if request.method == "POST" and form.is_valid():
        try:
            commissioning_set_status(
                link=link, status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"], by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"{link.provider} is now {Commissioning.Status(form.cleaned_data['status']).label.lower()}"
                f" for {link.commissioner}.",
            )
            return redirect(link.provider)
    breadcrumbs = _provider_crumbs(link.provider, "Change status")
    return render(request, "organisations/commissioning_status_form.html",
                  {"link": link, "form": form, "breadcrumbs": breadcrumbs})


def setting(request, slug):
    """What an alternative provision setting is for and how long its placements last: its
    own lead (or an administrator) says."""
    provider = get_object_or_404(Organisation.objects.visible_to(request.user)
                                 .filter(provider_type__in=Organisation.AP_TYPES), slug=slug)
    if not can(request.user, "organisations.describe_setting", provider):
        raise PermissionDenied(NOT_ALLOWED_TO_DESCRIBE)
    form = SettingForm(posted(request), initial={
        "purpose": provider.setting_purpose, "placement": provider.typical_placement})
    if request.method == "POST" and form.is_valid():
        try:
            setting_describe(provider=provider, purpose=form.cleaned_data["purpose"],
                             placement=form.cleaned_data["placement"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved what {provider.name} is for.")
            return redirect(provider)
    breadcrumbs = _provider_crumbs(provider, "About the setting")
    return render(request, "organisations/setting_form.html",
                  {"provider": provider, "form": form, "breadcrumbs": breadcrumbs},
                  status=400 if request.method == "POST" else 200)


def archive(request, slug):
    """Archive an organisation no longer in use, saying why (administrators)."""
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)
    if not can(request.user, "organisations.archive_organisation", organisation):
        raise PermissionDenied(NOT_ALLOWED_TO_ARCHIVE)
    if organisation.is_archived:
        return redirect(organisation)
    form = ArchiveForm(posted(request))
    if request.method == "POST" and form.is_valid() and saved(form, lambda: organisation_archive(
            organisation=organisation, reason=form.cleaned_data["reason"], by=request.user)):
        messages.success(request, f"{organisation.name} is archived.")
        return redirect(organisation)
    breadcrumbs = _provider_crumbs(organisation, "Archive")
    return render(request, "organisations/archive_form.html",
                  {"organisation": organisation, "form": form, "breadcrumbs": breadcrumbs},
                  status=400 if request.method == "POST" else 200)


@require_POST
def restore(request, slug):
    """Bring an archived organisation back into use (administrators)."""
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)
    if not can(request.user, "organisations.archive_organisation", organisation):
        raise PermissionDenied(NOT_ALLOWED_TO_ARCHIVE)
    if organisation.is_archived:
        organisation_restore(organisation=organisation, by=request.user)
        messages.success(request, f"{organisation.name} is back in use.")
    return redirect(organisation)
