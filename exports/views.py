"""Bulk export pages: the user's exports, asking for one (or for a local authority's
inspection pack, or for the provider dashboard as a PDF), its progress (an htmx fragment
polled while it is being made; a plain reload without JavaScript), and its download: the ZIP,
or the pack's PDF and workbook, or the dashboard's PDF.

An export is its requester's alone: through ``visible_to`` anyone else gets a 404. Asking
needs ``exports.export_for`` on the partnership or LA (a 403 for provider people)."""
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.activity import not_activity
from core.forms import add_service_errors
from core.lists import page_of
from core.periods import period_slug
from dashboards.access import commissioning_organisation
from dashboards.dashboard_pdf import PDF_ROWS, read_filters
from dashboards.provider_table import rows_for
from organisations.models import Organisation
from organisations.permissions import can

from . import services, workflow
from .dashboard import asked_filters
from .forms import ALL, FIND, BulkExportForm, PackForm
from .models import BulkExport
from .permissions import NOT_ALLOWED, PACK_NOT_ALLOWED, download_refused
from .selectors import (
    chosen_organisation,
    commissioned_providers,
    export_organisations,
    exports_for_list,
    pack_organisations,
)

TITLE = "Bulk exports"
POLL_SECONDS = 2


def _crumbs(*more):
    return [("Home", reverse("home")), (TITLE, reverse("exports:list")), *more]


def _status(export, now, user=None) -> dict:
    """What the templates ask about an export's state (never a state string). Given the user,
    also why they may not download a ready export ("refused")."""
    downloadable = workflow.downloadable(export, now)
    return {
        "in_progress": workflow.in_progress(export),
        "downloadable": downloadable,
        "failed": workflow.failed(export),
        "expired": workflow.expired(export, now),
        "refused": download_refused(user, export) if user and downloadable else "",
    }


@require_GET
def export_list(request):
    """The user's own exports, newest first, 50 to a page."""
    if not can(request.user, "exports.use_exports"):
        raise PermissionDenied(NOT_ALLOWED)
    page = page_of(exports_for_list(request.user), request.GET.get("page"))
    now = timezone.now()
    return render(request, "exports/export_list.html", {
        "page": page, "rows": [(export, _status(export, now)) for export in page],
        "may_make_pack": bool(pack_organisations(request.user)),
        "breadcrumbs": [("Home", reverse("home")), (TITLE, None)],
    })


@require_http_methods(["GET", "POST"])
def export_new(request):
    """Ask for an export for the chosen partnership or LA (``?org=<slug>`` when the user may
    export for several)."""
    organisations = export_organisations(request.user)
    organisation = chosen_organisation(organisations, request.GET.get("org"))
    providers = commissioned_providers(organisation)
    today = timezone.localdate()
    if request.method == "POST" and request.POST.get("action") == FIND:
        # "Find providers": the same form again, as filled in, listing the providers found;
        # nothing is checked until the export is asked for.
        form = BulkExportForm(initial=BulkExportForm.as_filled(request.POST),
                              organisation=organisation, providers=providers, today=today)
    else:
        form = BulkExportForm(request.POST if request.method == "POST" else None,
                              organisation=organisation, providers=providers, today=today)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            export = services.export_request(
                by=request.user, organisation=organisation, period=data["period"],
                reports=data["reports"], audience=data["audience"],
                providers=data["providers"], all_commissioned=data["which"] == ALL)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Your export for {export.period} has been queued. This "
                                      "page shows its progress.")
            return redirect(export)
    return _asking(request, "exports/export_form.html", form, organisation, organisations,
                   "New export")


def _asking(request, template, form, organisation, organisations, crumb, status=200):
    """The page asking for an export or a pack for ``organisation``, with the choice among
    ``organisations`` where the user has several."""
    several = len(organisations) > 1
    return render(request, template, {
        "form": form, "organisation": organisation,
        "organisations": organisations if several else [],
        "action": f"?org={organisation.slug}" if several else "",
        "breadcrumbs": _crumbs((crumb, None)),
    }, status=status)


@require_http_methods(["GET", "POST"])
def pack_new(request):
    """Ask for the inspection pack of a local authority the user is a commissioner of
    (``?org=<slug>`` when they are one of several), for a year."""
    organisations = pack_organisations(request.user)
    if not organisations:
        raise PermissionDenied(PACK_NOT_ALLOWED)
    organisation = chosen_organisation(organisations, request.GET.get("org"))
    form = PackForm(request.POST if request.method == "POST" else None,
                    today=timezone.localdate())
    if form.is_bound and form.is_valid():
        export = services.pack_request(by=request.user, organisation=organisation,
                                       period=form.cleaned_data["period"])
        messages.success(request, f"Your inspection pack for {export.period} is being made. "
                                  "This page shows its progress.")
        return redirect(export)
    return _asking(request, "exports/pack_form.html", form, organisation, organisations,
                   "Inspection pack", status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def dashboard_pdf_new(request):
    """Ask for the provider dashboard as a PDF, with the filters of the query string (the
    dashboard's own, ``?org=`` among them): GET says what it will hold and offers the button
    (the dashboard's old PDF address leads here), POST queues it and opens its progress.
    Whoever may not open the dashboard gets its 403; filters it would not read, this page
    again naming them (400), with nothing queued."""
    organisation, _ = commissioning_organisation(request)
    errors, filters, total = [], None, None
    if request.method == "POST":
        try:
            export = services.dashboard_pdf_request(by=request.user, organisation=organisation,
                                                    params=request.GET)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, "The PDF of the provider dashboard is being made. This "
                                      "page shows its progress.")
            return redirect(export)
    if not errors:
        try:
            filters, _ = asked_filters(request.GET, organisation=organisation)
        except ValidationError as exc:
            errors = exc.messages
        else:
            total = rows_for(request.user, organisation, filters).count()
    query = request.GET.urlencode()
    dashboard = reverse("dashboards:providers") + (f"?{query}" if query else "")
    return render(request, "exports/dashboard_pdf_form.html", {
        "organisation": organisation, "filters": filters, "total": total, "errors": errors,
        "pdf_rows": PDF_ROWS, "dashboard_url": dashboard,
        "action": request.path + (f"?{query}" if query else ""),
        "breadcrumbs": [("Home", reverse("home")), ("Provider dashboard", dashboard),
                        ("PDF of the dashboard", None)],
    }, status=400 if errors else 200)


def again_url(export) -> str:
    """Where its requester asks for the same again: the same form, or for the dashboard's PDF
    the page asking for it with the same filters."""
    if export.is_dashboard:
        return reverse("exports:dashboard_pdf") + "?" + urlencode(
            {**export.filters, "org": export.organisation.slug})
    return reverse("exports:pack_new" if export.is_pack else "exports:new")


def progress_mark(export) -> str:
    """What the progress fragment shows, in short: a poll that has seen it gets no new one."""
    return f"{export.state}-{export.items_done}-{export.items_total}-{len(export.failures)}"


@require_GET
@never_cache
def export_detail(request, pk):
    """An export's progress, its failures, and its download link once ready. An htmx request
    (the page polling) gets the progress fragment alone."""
    export = get_object_or_404(
        BulkExport.objects.visible_to(request.user).select_related("organisation"), pk=pk)
    seen = progress_mark(export)
    if request.htmx:
        not_activity(request)  # the page polling, not the user
    if request.htmx and request.GET.get("seen") == seen:
        # Nothing new since the fragment the page shows: htmx leaves it as it is, so a
        # screen reader is not told the same progress again.
        return HttpResponse(status=204)
    context = {
        "export": export, "status": _status(export, timezone.now(), request.user), "seen": seen,
        # Only those the user still sees: the page names no provider they may no longer see.
        "providers": export.providers.filter(
            pk__in=Organisation.objects.visible_to(request.user).values("pk")).order_by("name"),
        "poll_seconds": POLL_SECONDS, "again_url": again_url(export),
        "breadcrumbs": _crumbs((f"{export.title} {export.pk}", None)),
    }
    if request.htmx:
        return render(request, "exports/includes/_progress.html", context)
    if export.is_dashboard:
        context.update(dashboard_filters=read_filters(export.filters), pdf_rows=PDF_ROWS)
    return render(request, "exports/export_detail.html", context)


@require_GET
@never_cache
def export_download(request, pk):
    """The ZIP (a pack's PDF), to its requester only, while it is ready and not expired (else
    a 404), and only with the rights it was made with (else a 403 saying what changed)."""
    export = _to_download(request, pk)
    if not export.is_reports:  # an inspection pack's or the dashboard's PDF
        return _file(export.file, _download_name(export, "pdf"), "application/pdf")
    return _file(export.file, _download_name(export, "zip"), "application/zip")


@require_GET
@never_cache
def export_spreadsheet(request, pk):
    """An inspection pack's figures as XLSX, on the same terms as its PDF (any other export:
    a 404)."""
    export = _to_download(request, pk, packs_only=True)
    return _file(export.spreadsheet, _download_name(export, "xlsx"), XLSX)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _to_download(request, pk, *, packs_only: bool = False) -> BulkExport:
    """The user's own export (a pack, with ``packs_only``), ready and not expired (else a
    404), while they keep the rights it was made with (else a 403 saying what changed)."""
    export = get_object_or_404(BulkExport.objects.visible_to(request.user)
                               .select_related("organisation"), pk=pk)
    if (packs_only and not export.is_pack) or not workflow.downloadable(export, timezone.now()):
        raise Http404(f"This {export.title.lower()} is not ready, or has expired.")
    refused = download_refused(request.user, export)
    if refused:
        raise PermissionDenied(refused)
    return export


def _download_name(export, extension: str) -> str:
    return (f"{export.organisation.slug}_{period_slug(export.period)}_{export.file_word}_"
            f"{export.pk}.{extension}")


def _file(stored, filename: str, content_type: str) -> FileResponse:
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError):  # ValueError: no file named
        raise Http404("The file is missing from storage.") from None
    return FileResponse(handle, as_attachment=True, filename=filename,
                        content_type=content_type)
