"""Moderation sample pages: a partnership's or LA's samples by year, drawing one, and a
sample with each provider's self-assessments and review states. Samples are resolved through
``visible_to`` (another organisation's is a 404); drawing asks ``reviews.draw_sample``."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import add_service_errors
from core.lists import page_of
from organisations.permissions import can

from . import sampling
from .sample_forms import SampleDrawForm
from .sampling_models import ModerationSample
from .sampling_selectors import (
    NOT_STARTED,
    chosen_organisation,
    drawing_organisations,
    population_counts,
    sample_changes,
    sample_rows,
    sample_strata,
    samples_for_list,
    sampling_organisations,
)

TITLE = "Moderation samples"


def _list_url(organisation, several: bool) -> str:
    url = reverse("reviews:sample_list")
    return f"{url}?org={organisation.slug}" if several else url


@require_GET
def sample_list(request):
    """The chosen organisation's samples, newest year first, 50 to a page."""
    organisations = sampling_organisations(request.user)
    organisation = chosen_organisation(organisations, request.GET.get("org"))
    page = page_of(samples_for_list(request.user, organisation), request.GET.get("page"))
    several = len(organisations) > 1
    return render(request, "reviews/sample_list.html", {
        "organisation": organisation, "organisations": organisations if several else [],
        "samples": page, "page": page,
        "query": f"org={organisation.slug}&" if several else "",
        "can_draw": can(request.user, "reviews.draw_sample", organisation),
        "breadcrumbs": [("Home", reverse("home")), ("Reviews", reverse("reviews:list")),
                        (TITLE, None)],
    })


@require_http_methods(["GET", "POST"])
def sample_draw(request):
    """Draw a sample for the chosen organisation (one the user reviews for)."""
    organisations = drawing_organisations(request.user)
    if not organisations:
        raise PermissionDenied(sampling.NOT_ALLOWED_TO_DRAW)
    organisation = chosen_organisation(organisations, request.GET.get("org"))
    today = timezone.localdate()
    form = SampleDrawForm(request.POST or None, today=today,
                          years=sampling.sample_years(organisation, today))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sample = sampling.draw_sample(
                organisation=organisation, period=data["period"], method=data["method"],
                size=data["size"], share=data["share"], seed=data["seed"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"You have drawn {organisation.name}'s moderation sample "
                                      f"for {sample.period}: {sample.drawn} of "
                                      f"{sample.population} providers, seed {sample.seed}.")
            return redirect("reviews:sample_detail", pk=sample.pk)
    several = len(organisations) > 1
    return render(request, "reviews/sample_draw.html", {
        "form": form, "organisation": organisation, "population": population_counts(organisation),
        "action": f"?org={organisation.slug}" if several else "",
        "list_url": _list_url(organisation, several),
        "breadcrumbs": [("Home", reverse("home")), ("Reviews", reverse("reviews:list")),
                        (TITLE, _list_url(organisation, several)), ("Draw a sample", None)],
    })


@require_GET
def sample_detail(request, pk):
    """The sampled providers with their self-assessments and review states, the counts per
    provider type, how the sample was drawn, and its history."""
    sample = get_object_or_404(
        ModerationSample.objects.visible_to(request.user)
        .select_related("organisation", "drawn_by", "replaces", "replaced_by"), pk=pk)
    several = len(sampling_organisations(request.user)) > 1
    replaced_by = getattr(sample, "replaced_by", None)
    return render(request, "reviews/sample_detail.html", {
        "sample": sample, "rows": sample_rows(request.user, sample),
        "strata": sample_strata(sample), "changes": sample_changes(sample),
        "is_current": sample.is_current, "replaced_by": replaced_by, "not_started": NOT_STARTED,
        "can_draw": can(request.user, "reviews.draw_sample", sample.organisation),
        "draw_url": reverse("reviews:sample_draw")
        + (f"?org={sample.organisation.slug}" if several else ""),
        "breadcrumbs": [("Home", reverse("home")), ("Reviews", reverse("reviews:list")),
                        (TITLE, _list_url(sample.organisation, several)),
                        (f"{sample.period} sample", None)],
    })
