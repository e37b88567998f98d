"""An organisation's API tokens, for its lead and administrators: the list (with each token's
last use and count), making one (its secret shown once), one token's requests, and revoking
it. Anyone who cannot see the organisation finds none (404); one who can but does not lead it
is refused (403)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import add_service_errors, posted
from core.lists import page_of
from organisations.models import Organisation
from organisations.permissions import can

from .forms import TokenForm
from .models import ApiToken
from .tokens import NOT_ALLOWED, token_create, token_revoke


def _organisation(request, slug) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)
    if not can(request.user, "api.manage_tokens", organisation):
        raise PermissionDenied(NOT_ALLOWED)
    return organisation


def _crumbs(organisation, *last):
    crumbs = [("Home", reverse("home")), (organisation.name, organisation.get_absolute_url())]
    if not last:
        return [*crumbs, ("API tokens", None)]
    return [*crumbs, ("API tokens", reverse("tokens:list", args=[organisation.slug])), *last]


@require_safe
def token_list(request, slug):
    organisation = _organisation(request, slug)
    page = page_of(ApiToken.objects.filter(organisation=organisation)
                   .select_related("created_by", "revoked_by"), request.GET.get("page"))
    return render(request, "api/tokens.html", {
        "organisation": organisation, "page": page, "tokens": page.object_list,
        "breadcrumbs": _crumbs(organisation)})


@never_cache
@require_http_methods(["GET", "POST"])
def token_new(request, slug):
    organisation = _organisation(request, slug)
    form = TokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = token_create(organisation=organisation, by=request.user,
                                         **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # The secret is shown on this answer only: never kept, never in a redirect.
            return render(request, "api/token_made.html", {
                "organisation": organisation, "token": token, "secret": secret,
                "base": request.build_absolute_uri("/api/v1/"),
                "breadcrumbs": _crumbs(organisation, ("Token made", None))})
    return render(request, "api/token_new.html", {
        "organisation": organisation, "form": form,
        "breadcrumbs": _crumbs(organisation, ("Make a token", None)),
    }, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def token_detail(request, slug, pk):
    """The token, its requests (newest first, 50 a page) and, on POST, its revocation."""
    organisation = _organisation(request, slug)
    token = get_object_or_404(ApiToken.objects.select_related("created_by", "revoked_by"),
                              organisation=organisation, pk=pk)
    if request.method == "POST":
        token_revoke(token=token, by=request.user)
        messages.success(request, f"The token “{token.name}” is revoked: it no longer works.")
        return redirect("tokens:list", slug=slug)
    page = page_of(token.requests.all(), request.GET.get("page"))
    return render(request, "api/token_detail.html", {
        "organisation": organisation, "token": token, "page": page,
        "requests": page.object_list,
        "breadcrumbs": _crumbs(organisation, (token.name, None))})
