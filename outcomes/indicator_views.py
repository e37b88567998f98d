"""Area indicators for an LA's commissioners: each year on year beside its comparators, as a
chart with its table; recording a figure; adding the LA's own indicator. Anyone who manages no
LA's outcomes is refused (403)."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from core.forms import add_service_errors, parse_id, posted

from . import indicators
from .forms import IndicatorForm, IndicatorValueForm
from .services import commissioned_providers
from .views import managed_las


def _chosen_la(request):
    """The LA the page is for: ``?la=`` among those the user manages, else the first."""
    las = managed_las(request.user)
    chosen = parse_id(request.GET.get("la"))
    return next((la for la in las if la.pk == chosen), las[0]), las


def _crumbs(*more):
    return [("Home", reverse("home")), ("Outcomes", reverse("dashboards:outcomes")), *more]


@never_cache
def indicator_list(request):
    """GET: the LA's indicators with their figures, and the form to record one. POST: record
    it (shown again with its errors beside the fields, 400)."""
    la, las = _chosen_la(request)
    form = IndicatorValueForm(posted(request), indicators=indicators.indicators_of(la),
                              providers=commissioned_providers(la), today=timezone.localdate())
    if form.is_bound and form.is_valid():
        try:
            recorded = indicators.value_record(local_authority=la, by=request.user,
                                               **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            whose = (recorded.comparator or (recorded.provider and recorded.provider.name)
                     or f"{la.name} SEND")
            messages.success(request, f"Recorded: {recorded.indicator}, {recorded.academic_year}, "
                                      f"{whose}: {recorded.indicator.shown(recorded.value)}.")
            return redirect(f"{reverse('outcomes:indicators')}?la={la.pk}")
    return render(request, "outcomes/indicators.html", {
        "la": la, "las": las if len(las) > 1 else [], "form": form,
        "tables": [(table, None) for table in indicators.indicator_tables(la)],
        "provider_tables": indicators.provider_tables(la),
        "breadcrumbs": _crumbs(("Area indicators", None)),
    }, status=400 if form.is_bound else 200)


@never_cache
def indicator_add(request):
    """An indicator of the LA's own: name, unit, which way is better, source."""
    la, _ = _chosen_la(request)
    form = IndicatorForm(posted(request))
    if form.is_bound and form.is_valid():
        try:
            indicator = indicators.indicator_add(local_authority=la, by=request.user,
                                                 **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Added the indicator {indicator.name}.")
            return redirect(f"{reverse('outcomes:indicators')}?la={la.pk}")
    return render(request, "outcomes/indicator_form.html", {
        "la": la, "form": form,
        "breadcrumbs": _crumbs(("Area indicators", reverse("outcomes:indicators")),
                               ("Add an indicator", None)),
    }, status=400 if form.is_bound else 200)
