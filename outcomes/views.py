"""The outcomes import pages for an LA's commissioners: upload a file, see what it adds and
changes and every error, confirm; and the template downloads. Anyone who may not manage an
LA's outcomes is refused (403); an upload is found only among the user's own (404)."""
import hashlib
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.activity import not_activity
from core.downloads import attachment
from core.forms import parse_id
from core.imports.files import ImportFileError
from core.imports.plans import PREVIEW_LIMIT
from core.imports.views import confirmed, own_upload
from organisations.models import Organisation
from organisations.permissions import can
from organisations.querysets import member_org_ids

from . import import_runs, import_workflow, services
from .forms import ImportUploadForm
from .import_models import OutcomeImport
from .import_templates import FILENAME, template_csv, template_xlsx
from .importer import import_check
from .scheme import NO_SCHEME, current_scheme

IMPORTED = "{filename} imported for {la}: {summary}."
POLL_SECONDS = 2


def las_managed_by(user) -> list[Organisation]:
    """The local authorities whose outcomes the user may import and decide, by name."""
    return [la for la in Organisation.objects.filter(
                pk__in=member_org_ids(user, (Organisation.Kind.LOCAL_AUTHORITY,)))
            .order_by("name") if can(user, "outcomes.manage_outcomes", la)]


def managed_las(user) -> list[Organisation]:
    """``las_managed_by``; none is a 403."""
    las = las_managed_by(user)
    if not las:
        raise PermissionDenied(services.NOT_ALLOWED)
    return las


def _crumbs(*more):
    """Home, the outcomes dashboard (the menu's Outcomes), then ``more``."""
    return [("Home", reverse("home")), ("Outcomes", reverse("dashboards:outcomes")), *more]


def _upload_page(request, form, las, status=200):
    return render(request, "outcomes/import_upload.html", {
        "form": form, "several": len(las) > 1, "la": las[0] if len(las) == 1 else None,
        "breadcrumbs": _crumbs(("Import outcomes", None)),
    }, status=status)


def _preview_page(request, plan, upload=None):
    """The plan's counts, and its errors and changes up to ``PREVIEW_LIMIT`` of each, so a
    20,000-row file makes a page a browser and a screen reader can manage."""
    changes = plan.learners_to_change + plan.rows_to_change
    return render(request, "outcomes/import_preview.html", {
        "plan": plan, "upload": upload, "limit": PREVIEW_LIMIT,
        "in_worker": upload is not None and import_runs.in_worker(upload),
        "errors": plan.errors[:PREVIEW_LIMIT], "changes": changes[:PREVIEW_LIMIT],
        "changes_count": len(changes),
        "breadcrumbs": _crumbs(("Import outcomes", reverse("outcomes:import")),
                               ("Check the file", None)),
    })


@never_cache
def import_upload(request):
    """GET: the upload form. POST: check the file and show what it would do (nothing is
    written but the kept file, and only when it can be applied)."""
    las = managed_las(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None,
                            local_authorities=las)
    if request.method != "POST" or not form.is_valid():
        return _upload_page(request, form, las)
    la = form.cleaned_data["local_authority"]
    content, filename = form.cleaned_data["content"], form.cleaned_data["filename"]
    try:
        plan = import_check(content=content, filename=filename, local_authority=la)
    except ImportFileError as exc:
        for message in exc.messages:
            form.add_error("file", message)
        return _upload_page(request, form, las)
    upload = None
    if plan.ok and plan.has_changes:
        upload = services.import_upload(local_authority=la, filename=filename, content=content,
                                        sha256=hashlib.sha256(content).hexdigest(),
                                        by=request.user, writes=plan.writes)
    return _preview_page(request, plan, upload)


@require_POST
def import_confirm(request):
    """Apply a previewed upload: the user's own, for an LA they still manage, checked again
    first. A second Confirm of the same upload changes nothing. A large one is handed to the
    task worker, and its status page shows how it goes."""
    las = managed_las(request.user)
    upload = own_upload(request, OutcomeImport.objects.filter(local_authority__in=las)
                        .select_related("local_authority"))
    if import_runs.in_worker(upload):
        import_runs.import_queue(upload=upload, by=request.user)
        return redirect("outcomes:import_status", pk=upload.pk)
    again = reverse("outcomes:import")
    result = confirmed(request, lambda: services.import_confirm(upload=upload, by=request.user),
                       again=again, already=again)
    if not isinstance(result, tuple):
        return result
    plan, applied = result
    if not applied:
        return _preview_page(request, plan)
    messages.success(request, IMPORTED.format(filename=upload.filename,
                                              la=upload.local_authority.name,
                                              summary=plan.applied_summary()))
    return redirect(_figures(plan.latest_year))


def _figures(year: str | None) -> str:
    """The figures an import feeds, for the (latest) year it was about."""
    figures = reverse("dashboards:outcomes")
    return f"{figures}?{urlencode({'year': year})}" if year else figures


@require_GET
@never_cache
def import_status(request, pk):
    """Where a file handed to the task worker stands: waiting, importing (how many learners
    and rows of how many are written), imported (with what it changed) or not (with why),
    and when it started and finished. The user's own, for an LA they still manage (404 for
    any other). An htmx request (the page polling) gets the status fragment alone, or 204
    when nothing changed since ``seen``."""
    las = managed_las(request.user)
    upload = get_object_or_404(
        OutcomeImport.objects.filter(local_authority__in=las, uploaded_by=request.user,
                                     run__in=import_workflow.HANDED_OVER)
        .select_related("local_authority").defer("content"), pk=pk)
    seen = (f"{upload.run}-{upload.rows_done}-"
            f"{upload.run_changed_at and upload.run_changed_at.timestamp()}")
    if request.htmx:
        not_activity(request)  # the page polling, not the user
        if request.GET.get("seen") == seen:
            return HttpResponse(status=204)
    context = {
        "upload": upload, "seen": seen, "poll_seconds": POLL_SECONDS,
        "in_progress": import_workflow.in_progress(upload),
        "done": import_workflow.done(upload), "failed": import_workflow.failed(upload),
        "figures": _figures(upload.latest_year),
        "breadcrumbs": _crumbs(("Import outcomes", reverse("outcomes:import")),
                               (upload.filename, None)),
    }
    if request.htmx:
        return render(request, "outcomes/includes/_import_status.html", context)
    return render(request, "outcomes/import_status.html", context)


def _template(request, fmt: str) -> HttpResponse:
    las = managed_las(request.user)
    chosen = parse_id(request.GET.get("la"))
    la = next((la for la in las if la.pk == chosen), las[0])
    scheme = current_scheme()
    if scheme is None:
        raise Http404(NO_SCHEME)
    content = template_csv(scheme, la) if fmt == "csv" else template_xlsx(scheme, la)
    return attachment(content, f"{FILENAME}.{fmt}")


@require_GET
def template_csv_download(request):
    """The import template as CSV."""
    return _template(request, "csv")


@require_GET
def template_xlsx_download(request):
    """The import template as XLSX."""
    return _template(request, "xlsx")
