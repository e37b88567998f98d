"""Area indicators for an LA's commissioners: each year on year beside its comparators, as a
chart with its table; recording a figure, or many from a file (checked, previewed, then
confirmed); adding the LA's own indicator. Anyone who manages no LA's outcomes is refused
(403)."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.forms import add_service_errors, parse_id, posted
from core.imports.files import ImportFileError
from core.imports.plans import PREVIEW_LIMIT
from core.imports.views import confirmed, own_upload

from . import indicator_import, indicators
from .forms import IndicatorFileForm, IndicatorForm, IndicatorValueForm
from .indicator_models import IndicatorUpload
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


RECORDED = "Recorded {count} figures from {filename} for {la}: {added} new, {changed} changed."


def _import_page(request, la, form, status):
    return render(request, "outcomes/indicator_import.html", {
        "la": la, "form": form, "columns": indicator_import.COLUMNS,
        "breadcrumbs": _crumbs(("Area indicators", reverse("outcomes:indicators")),
                               ("Import figures", None)),
    }, status=status)


@never_cache
def indicator_import_file(request):
    """GET: the upload form. POST: check the file and show every figure it would record
    (nothing is written but the kept file, and only when it has no problem)."""
    la, _ = _chosen_la(request)
    form = IndicatorFileForm(posted(request), request.FILES or None)
    if not form.is_bound or not form.is_valid():
        return _import_page(request, la, form, 400 if form.is_bound else 200)
    content, filename = form.cleaned_data["content"], form.cleaned_data["filename"]
    try:
        plan = indicator_import.indicators_check(content=content, filename=filename,
                                                 local_authority=la)
    except ImportFileError as exc:
        for message in exc.messages:
            form.add_error("file", message)
        return _import_page(request, la, form, 400)
    upload = None
    if plan.ok:
        upload = indicator_import.indicators_upload(local_authority=la, filename=filename,
                                                    content=content, by=request.user)
    return render(request, "outcomes/indicator_preview.html", {
        "plan": plan, "upload": upload, "limit": PREVIEW_LIMIT,
        "errors": plan.errors[:PREVIEW_LIMIT], "lines": plan.lines[:PREVIEW_LIMIT],
        "again": f"{reverse('outcomes:indicators_import')}?la={la.pk}",
        "breadcrumbs": _crumbs(("Area indicators", reverse("outcomes:indicators")),
                               ("Check the file", None)),
    }, status=200 if plan.ok else 400)


@require_POST
def indicator_import_confirm(request):
    """Record a previewed file of the user's own, checked again first; a second Confirm of
    the same file records nothing more."""
    _chosen_la(request)  # a 403 for anyone who manages no LA's outcomes
    upload = own_upload(request, IndicatorUpload.objects.select_related("local_authority"))
    la = upload.local_authority
    page = f"{reverse('outcomes:indicators')}?la={la.pk}"
    result = confirmed(request, lambda: indicator_import.indicators_confirm(
        upload=upload, by=request.user),
        again=f"{reverse('outcomes:indicators_import')}?la={la.pk}", already=page)
    if not isinstance(result, tuple):
        return result
    plan, recorded = result
    if not recorded:
        messages.error(request, indicator_import.PLAN_HAS_ERRORS)
        return redirect(f"{reverse('outcomes:indicators_import')}?la={la.pk}")
    messages.success(request, RECORDED.format(count=len(plan.lines), filename=upload.filename,
                                              la=la.name, added=plan.added,
                                              changed=plan.changed))
    return redirect(page)
