"""Organisation pages: the providers a user can see, one organisation, and commissioning status."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import DetailView, ListView

from .forms import CommissioningStatusForm
from .models import Commissioning, Membership, Organisation
from .permissions import can
from .services import commissioning_set_status


class OrganisationListView(ListView):
    """Every organisation the user can see, providers first, with their commissioning links."""

    template_name = "organisations/organisation_list.html"
    context_object_name = "organisations"

    def get_queryset(self):
        links = Commissioning.objects.visible_to(self.request.user).select_related("commissioner")
        return (
            Organisation.objects.visible_to(self.request.user)
            .prefetch_related(Prefetch("commissioned_by", queryset=links, to_attr="links"))
            .annotate(member_count=Count("memberships", distinct=True))
            .order_by("kind", "name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisations = context["organisations"]
        context["providers"] = [o for o in organisations if o.is_provider]
        context["others"] = [o for o in organisations if not o.is_provider]
        return context


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
            Commissioning.objects.visible_to(user)
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
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
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
