"""A self-assessment's Self-Assessment Report (SAR) and Quality Improvement Plan (QIP), linked
by web address or attached as a checked file (issue 27): the services that add and remove
them (only while the self-assessment is a draft), the selector every page reads them through,
and their page and download. The SI QAF asks providers to "link your Quality Assurance
Framework to your Self-Assessment Report (SAR) and Quality Improvement Plans (QIPs)"."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core.forms import add_service_errors, parse_id
from core.history import delete_with_history, save_with_history
from organisations.models import User
from organisations.permissions import can

from . import workflow
from .evidence import check_upload, send_evidence_file
from .models import Assessment, QualityDocument
from .quality_document_forms import (
    ADDRESS_OR_FILE,
    KIND_REQUIRED,
    NOT_BOTH,
    QualityDocumentForm,
    check_address,
)
from .services import LOCKED, NOT_ALLOWED_TO_EDIT, require
from .views import assessment_or_404, crumbs

EDIT_PERMISSION = "assessments.edit_self_assessment"
# SAR first, then QIP: the order the framework names them.
KIND_ORDER = list(QualityDocument.Kind.values)


# Writes ---------------------------------------------------------------------------------

def _editable(assessment: Assessment, by: User) -> Assessment:
    """The assessment re-read under a row lock, once its workflow says it may still change
    and ``by`` may change it (PermissionDenied with the reason otherwise)."""
    assessment = (Assessment.objects.select_for_update(of=("self",))
                  .select_related("framework").get(pk=assessment.pk))
    if not workflow.is_editable(assessment):
        raise PermissionDenied(LOCKED)
    require(can(by, EDIT_PERMISSION, assessment), NOT_ALLOWED_TO_EDIT)
    return assessment


@transaction.atomic
def document_add(*, assessment: Assessment, by: User, kind: str, url: str = "",
                 upload=None) -> QualityDocument:
    """Link (``url``) or attach (``upload``, checked as evidence files are: size, and type by
    content) the provider's SAR or QIP to a draft self-assessment: exactly one of the two.
    An address must be http or https (``check_address``). The history names ``by``."""
    assessment = _editable(assessment, by)
    if kind not in KIND_ORDER:
        raise ValidationError({"kind": KIND_REQUIRED})
    url = (url or "").strip()
    if url and upload:
        raise ValidationError({"url": NOT_BOTH})
    if not url and not upload:
        raise ValidationError({"url": ADDRESS_OR_FILE})
    document = QualityDocument(assessment=assessment, kind=kind, added_by=by)
    if url:
        try:
            document.url = check_address(url)
        except ValidationError as exc:
            raise ValidationError({"url": exc.messages}) from None
        document.full_clean()
        save_with_history(document, by=by)
        return document
    try:
        checked = check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    document.original_name = checked.name
    document.content_type = checked.content_type
    document.size = checked.size
    document.sha256 = checked.sha256
    document.file.save(checked.name, upload, save=False)
    try:
        document.full_clean()
        save_with_history(document, by=by)
    except Exception:
        document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def document_remove(*, document: QualityDocument, by: User) -> None:
    """Remove a SAR or QIP from a draft self-assessment. The row goes now and an attached
    file once the transaction commits (a rollback keeps both); the history keeps what it
    was, who added it and who removed it. Removing one already gone does nothing."""
    _editable(document.assessment, by)
    current = QualityDocument.objects.filter(pk=document.pk,
                                             assessment_id=document.assessment_id).first()
    if current is None:
        return
    stored = current.file
    delete_with_history(current, by=by)
    if stored:
        transaction.on_commit(lambda: stored.storage.delete(stored.name))


# Reads ----------------------------------------------------------------------------------

def quality_documents_of(assessment: Assessment) -> list[QualityDocument]:
    """The assessment's SAR entries then its QIP entries, each oldest first, with who added
    them: one query. Pages, the PDF and other apps read them through this."""
    rows = QualityDocument.objects.filter(assessment=assessment).select_related("added_by")
    return sorted(rows, key=lambda document: KIND_ORDER.index(document.kind))


# Pages ----------------------------------------------------------------------------------

def _document_or_404(assessment: Assessment, value) -> QualityDocument:
    """One of the assessment's documents by a posted id, or a 404."""
    pk = parse_id(value)
    if pk is None:
        raise Http404("No such document.")
    return get_object_or_404(QualityDocument.objects.select_related("added_by"),
                             assessment=assessment, pk=pk)


def quality_documents(request, pk):
    """The self-assessment's SAR and QIP: everyone who sees it reads them; while it is a draft
    the provider's people add one (a web address or a file) and remove one, after
    confirming. A POST from anyone else, or to a submitted one, is a 403."""
    assessment = assessment_or_404(request, pk)
    can_edit = can(request.user, EDIT_PERMISSION, assessment)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(LOCKED if assessment.is_locked else NOT_ALLOWED_TO_EDIT)
    here = reverse("assessments:quality_documents", kwargs={"pk": assessment.pk})
    form = QualityDocumentForm() if can_edit else None
    removing = None
    if request.method == "POST" and "remove" in request.POST:
        removing = _document_or_404(assessment, request.POST.get("remove"))
        if request.POST.get("confirm") == "yes":
            document_remove(document=removing, by=request.user)
            messages.success(request, f"Removed {removing}.")
            return redirect(here)
    elif request.method == "POST":
        form = QualityDocumentForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                document = document_add(assessment=assessment, by=request.user,
                                        kind=data["kind"], url=data["url"], upload=data["file"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Added {document}.")
                return redirect(here)
    return render(request, "assessments/quality_documents.html", {
        "assessment": assessment, "documents": quality_documents_of(assessment),
        "can_edit": can_edit, "form": form, "removing": removing,
        "breadcrumbs": crumbs(assessment, ("SAR and QIP", None)),
    }, status=400 if form is not None and form.errors else 200)


def quality_document_download(request, pk):
    """Send an attached SAR or QIP to someone who can see its self-assessment (a 404 for
    anyone else, and for a linked one: its page links to the address itself)."""
    document = get_object_or_404(
        QualityDocument.objects.visible_to(request.user).exclude(file=""), pk=pk)
    return send_evidence_file(document)
