"""Organisation pages: the providers a user can see, one organisation, and commissioning status."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import DetailView

from qaportal.forms import add_service_errors
from qaportal.lists import PAGE_SIZE, page_of, page_query, search_text

from .forms import CommissioningStatusForm
from .models import Commissioning, Membership, Organisation
from .permissions import can
from .services import commissioning_set_status


def _concerns(user):
    """Causes for concern the user may see. Concerns belong to assessments (an app above this
    one): reached through the reverse relation so imports keep running one way."""
    return Organisation.concerns.field.model.objects.visible_to(user)


def _links_with_concerns(user):
    """Commissioning links the user can see, each marked when its partnership has an open
    cause for concern about the provider (in the same query). A provider's own people are
    never told: concerns are visible only to those who commission the provider."""
    open_concern = _concerns(user).open().filter(provider=OuterRef("provider_id"),
                                                  partnership=OuterRef("commissioner_id"))
    return Commissioning.objects.visible_to(user).annotate(cause_for_concern=Exists(open_concern))


PROVIDERS_PAGE_SIZE = PAGE_SIZE
SEARCH_FROM = 10  # providers, before the list offers a search


def organisation_list(request):
    """The providers the user can see, by name, 50 to a page and searchable by name, each with
    its commissioning links (concerns marked); then the partnerships and local authorities.
    Three queries for the providers, whatever their number."""
    user = request.user
    visible = Organisation.objects.visible_to(user)
    query = search_text(request.GET.get("q"))
    providers = visible.providers()
    if query:
        providers = providers.filter(name__icontains=query)
    links = _links_with_concerns(user).select_related("commissioner").order_by("commissioner__name")
    page = page_of(
        providers.prefetch_related(Prefetch("commissioned_by", queryset=links, to_attr="links"))
        .order_by("name", "pk"),
        request.GET.get("page"), PROVIDERS_PAGE_SIZE,
    )
    return render(request, "organisations/organisation_list.html", {
        "providers": page, "page": page, "q": query,
        # A provider's own people see one or two providers: no search for them.
        "searchable": bool(query) or page.paginator.count > SEARCH_FROM,
        "pagination_query": page_query(q=query),
        "others": visible.exclude(kind=Organisation.Kind.PROVIDER).order_by("kind", "name"),
        "breadcrumbs": [("Home", reverse("home")), ("Providers", None)],
    })


class OrganisationDetailView(DetailView):
    """One organisation: its commissioning links (with history) and, for its members, its people."""

    template_name = "organisations/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return Organisation.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org, user = self.object, self.request.user
        links = (
            _links_with_concerns(user)
            .filter(Q(provider=org) | Q(commissioner=org))
            .select_related("commissioner", "provider")
        )
        context["links"] = [
            {"link": link,
             "can_change": can(user, "organisations.change_commissioning_status", link),
             "history": link.history.select_related("history_user").all()[:10]}
            for link in links
        ]
        context["breadcrumbs"] = [
            ("Home", reverse("home")), ("Providers", reverse("organisations:list")), (org.name, None)
        ]
        if org.is_provider:
            decisions = _concerns(user).model.decisions.field.model.objects.select_related(
                "decided_by").order_by("decided_at", "pk")
            context["concerns"] = list(
                _concerns(user).filter(provider=org)
                .select_related("section", "partnership", "assessment")
                .prefetch_related(Prefetch("decisions", queryset=decisions))
            )
        context["can_view_members"] = can(user, "organisations.view_members", org)
        if context["can_view_members"]:
            context["memberships"] = (
                Membership.objects.visible_to(user).filter(organisation=org).select_related("user")
            )
        return context


def commissioning_status(request, pk):
    """Change a commissioning link's status (partnership chair / LA commissioner / admin)."""
    link = get_object_or_404(
        Commissioning.objects.visible_to(request.user).select_related("commissioner", "provider"),
        pk=pk,
    )
    if not can(request.user, "organisations.change_commissioning_status", link):
        raise PermissionDenied("You cannot change the commissioning status of this provider.")
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
    breadcrumbs = [
        ("Home", reverse("home")), ("Providers", reverse("organisations:list")),
        (link.provider.name, link.provider.get_absolute_url()), ("Change status", None),
    ]
    return render(request, "organisations/commissioning_status_form.html",
                  {"link": link, "form": form, "breadcrumbs": breadcrumbs})
