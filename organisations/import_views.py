"""The organisations import pages, for the service's administrators: upload a file of
providers, see what it adds and changes and every error (the file field again beside them),
confirm; and the template downloads. Anyone else is refused (403); an upload is found only
among the user's own (404)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.downloads import attachment
from core.imports.files import ImportFileError
from core.imports.plans import PREVIEW_LIMIT
from core.imports.views import confirmed, own_upload

from . import import_services as services
from .forms import OrganisationImportForm
from .import_models import OrganisationImport
from .import_templates import FILENAME, template_csv, template_xlsx
from .importer import import_check
from .permissions import can

# Tests assert these.
IMPORTED = "{filename} imported: {summary}."
CORRECT_THE_FILE = ("The file has {count} {problems}, listed above. Correct the file and "
                    "upload it again: nothing has been imported.")


def _require(user) -> None:
    if not can(user, "organisations.import_organisations"):
        raise PermissionDenied(services.NOT_ALLOWED)


def _crumbs(*more):
    return [("Home", reverse("home")), ("Providers", reverse("organisations:list")), *more]


def _upload_page(request, form):
    return render(request, "organisations/import_upload.html", {
        "form": form, "breadcrumbs": _crumbs(("Import organisations", None))})


def _preview_page(request, plan, upload=None):
    """The plan's counts; its errors (with the file field again, to upload the file
    corrected), or what it adds and changes, up to ``PREVIEW_LIMIT`` of each."""
    form = None
    if plan.errors:
        form = OrganisationImportForm()
        count = len(plan.errors)
        form.errors["file"] = form.error_class([CORRECT_THE_FILE.format(
            count=count, problems="problem" if count == 1 else "problems")])
    changes = [(change, column, old, new) for change in plan.to_change
               for column, old, new in change.fields]
    return render(request, "organisations/import_preview.html", {
        "plan": plan, "upload": upload, "form": form, "limit": PREVIEW_LIMIT,
        "errors": plan.errors[:PREVIEW_LIMIT], "to_add": plan.to_add[:PREVIEW_LIMIT],
        "changes": changes[:PREVIEW_LIMIT], "changes_count": len(changes),
        "links": plan.links_to_add[:PREVIEW_LIMIT],
        "breadcrumbs": _crumbs(("Import organisations", reverse("organisations:import")),
                               ("Check the file", None)),
    })


@never_cache
def import_upload(request):
    """GET: the upload form. POST: check the file and show what it would do (nothing is
    written but the kept file, and only when it can be applied)."""
    _require(request.user)
    form = OrganisationImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _upload_page(request, form)
    content, filename = form.cleaned_data["content"], form.cleaned_data["filename"]
    try:
        plan = import_check(content=content, filename=filename)
    except ImportFileError as exc:
        for message in exc.messages:
            form.add_error("file", message)
        return _upload_page(request, form)
    upload = None
    if plan.ok and plan.has_changes:
        upload = services.import_upload(filename=filename, content=content, by=request.user)
    return _preview_page(request, plan, upload)


@require_POST
def import_confirm(request):
    """Apply a previewed upload of the user's own, checked again first. A second Confirm of
    the same upload changes nothing."""
    _require(request.user)
    upload = own_upload(request, OrganisationImport.objects.all())
    again = reverse("organisations:import")
    result = confirmed(request, lambda: services.import_confirm(upload=upload, by=request.user),
                       again=again, already=again)
    if not isinstance(result, tuple):
        return result
    plan, applied = result
    if not applied:
        return _preview_page(request, plan)
    messages.success(request, IMPORTED.format(filename=upload.filename,
                                              summary=plan.applied_summary()))
    return redirect("organisations:list")


def _template(request, fmt: str) -> HttpResponse:
    _require(request.user)
    content = template_csv() if fmt == "csv" else template_xlsx()
    return attachment(content, f"{FILENAME}.{fmt}")


@require_GET
def template_csv_download(request):
    """The import template as CSV."""
    return _template(request, "csv")


@require_GET
def template_xlsx_download(request):
    """The import template as XLSX."""
    return _template(request, "xlsx")
