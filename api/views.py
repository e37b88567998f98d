"""An organisation's API tokens, for its lead and administrators: the list (with each token's
last use and count), making one (its secret shown once), one token's requests, and revoking
it. Anyone who cannot see the organisation finds none (404); one who can but does not lead it
is refused (403). And the API's reference, public as its schema is."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import add_service_errors, posted
from core.lists import page_of
from organisations.models import Organisation
from organisations.permissions import can
from organisations.querysets import memberships_of
from people.grants import GRANTS, Role

from .forms import TokenForm
from .models import SCOPE_HINTS, ApiToken, Scope
from .paging import LARGEST_PAGE, PAGE
from .reference import ANSWERS, TOKEN, ExampleForm, inline, reference
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


@login_not_required
@require_safe
def api_reference(request):
    """The API's reference, from its schema (it shows no data, so it is public, as the schema
    is). ``?try=<operation>`` with that endpoint's example form fills the form in and shows
    the request's address and curl command, built here: the page has no script."""
    schema, groups = reference()
    tried = request.GET.get("try")
    base = request.build_absolute_uri("/").rstrip("/")
    sections, submitted = [], None
    for group in groups:
        items = []
        for endpoint in group.endpoints:
            form = example = None
            if endpoint.tried:
                form = ExampleForm(endpoint, request.GET if tried == endpoint.operation else None)
                if form.is_bound:
                    submitted = form
                    example = form.example(base) if form.is_valid() else None
            items.append({"endpoint": endpoint, "form": form, "example": example})
        sections.append({"group": group, "items": items})
    user = request.user
    manages = list({m.organisation_id: m.organisation for m in memberships_of(user)
                    if can(user, "api.manage_tokens", m.organisation)}.values())
    first = next((e for g in groups for e in g.endpoints if e.paged), None)
    return render(request, "api/reference.html", {
        "info": schema.get("info", {}), "sections": sections, "form": submitted,
        "breadcrumbs": [("Home", reverse("home")), ("API reference", None)],
        "schema_url": reverse("api-v1:openapi-json"), "manages": manages,
        "is_admin": user.is_authenticated and user.is_admin,
        "lead_roles": list(dict.fromkeys(Role(lead).label for lead, _ in GRANTS.values())),
        "scopes": [(Scope(scope).label, SCOPE_HINTS.get(scope, "")) for scope in Scope],
        "rate_limit": settings.API_RATE_LIMIT, "page": PAGE, "largest_page": LARGEST_PAGE,
        "errors": [(status, inline(meaning)) for status, meaning in ANSWERS.items()],
        "token": TOKEN, "example": first and f"{base}{first.path}?limit={LARGEST_PAGE}",
    }, status=400 if submitted is not None and submitted.errors else 200)
