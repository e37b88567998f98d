"""The visit record's section pages: the partnership's observer notes and ratings, the
concluding judgements, and the provider's evidence (text and files), each through the
assessments row editor."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments.evidence import send_evidence_file
from assessments.row_editor import (
    post_page,
    posted,
    redirect_after_save,
    refresh,
    row_or_404,
    save_one,
    section_or_404,
    set_revision,
)
from assessments.scoring import worst
from assessments.selectors import as_level, scale_levels, section_neighbours
from assessments.services import EditConflict
from core.forms import add_service_errors
from frameworks.models import Criterion
from organisations.permissions import can

from . import services
from .forms import (
    EvidenceForm,
    JudgementForm,
    RequirementForm,
)
from .models import Concern, VisitAnswer, VisitEvidenceFile
from .pages import base_url, crumbs, perms_for, visit_or_404
from .selectors import (
    previous_visit_for_section,
    section_judgements,
    section_key_basis,
    section_requirements,
)


def _observable(visit, response, perms) -> bool:
    """Whether the user may record the partnership's fields of this requirement now."""
    return perms["can_observe"] and (
        not visit.is_preparing
        or response.criterion.phase == Criterion.Phase.BEFORE_VISIT)


def _save_requirement(request, form) -> VisitAnswer:
    data = form.cleaned_data
    return services.requirement_record(
        response=form.row, by=request.user, expected_revision=data["revision"],
        level=data["level"], observer_notes=data["observer_notes"],
        action_points=data["action_points"], internal_notes=data["internal_notes"])


def _save_evidence(request, form) -> VisitAnswer:
    data = form.cleaned_data
    saved = services.provider_evidence_record(
        response=form.row, by=request.user, expected_revision=data["revision"],
        evidence=data["evidence"])
    for upload in data.get("files", []):
        services.provider_evidence_add_file(response=form.row, upload=upload, by=request.user)
    return saved


def _rows_page(request, visit, section, responses, forms, *, save, denied, url_name, template,
               crumb, levels=(), ignore_errors=(), before=None):
    """A section's requirements as a page of row forms (the partnership's section page, the
    provider's evidence page), through the assessments row editor. ``before``: the
    provider's previous visit (``selectors.PreviousVisit``), shown beside each requirement."""
    perms = perms_for(request.user, visit)
    conflicts = {}
    if request.method == "POST":
        if not any(forms):
            raise PermissionDenied(denied)
        done, conflicts = post_page(
            request, assessment=visit, section=section, forms=forms, save=save,
            remove_file=services.provider_evidence_remove_file, url_name=url_name,
            noun="requirements", ignore_errors=ignore_errors)
        if done:
            return done
        fresh = {r.pk: r for r in section_requirements(visit, section, files=True)}
        responses = [fresh[r.pk] for r in responses]
        refresh(forms, responses)
    previous, following = section_neighbours(visit, section)
    rows = [{"criterion": r.criterion, "response": r, "form": f, "conflict": conflicts.get(r.pk),
             "shows_observations": perms["can_view_findings"]
             or r.criterion.phase == Criterion.Phase.BEFORE_VISIT,
             "previous_response": before.response(r.criterion.code) if before else None}
            for r, f in zip(responses, forms, strict=True)]
    return render(request, template, {
        "visit": visit, "section": section, "rows": rows, "levels": levels,
        "previous": previous, "following": following, "editable": any(forms),
        "previous_visit": before.visit if before else None,
        "error_forms": [f for f in forms if f and f.is_bound and f.errors],
        "has_conflicts": bool(conflicts), **perms,
        "breadcrumbs": crumbs(visit, (f"{crumb}{section.code}. {section.title}", None)),
    })


def visit_section(request, pk, code):
    """One section, a requirement after another: what the requirement asks, the provider's
    evidence, and the partnership's observer notes, R/A/G, action points and internal notes;
    beside each, its rating at the provider's previous visit and the actions raised from it."""
    visit = visit_or_404(request, pk)
    section = section_or_404(visit, code)
    perms = perms_for(request.user, visit)
    levels = scale_levels(visit.framework.item_scale_id)
    responses = section_requirements(visit, section, files=True)
    forms = [RequirementForm(request.POST if posted(request, r) else None, row=r, levels=levels)
             if _observable(visit, r, perms) else None for r in responses]
    return _rows_page(request, visit, section, responses, forms, save=_save_requirement,
                      denied=services.NOT_ALLOWED_TO_OBSERVE, url_name="visits:section",
                      template="visits/visit_section.html", crumb="", levels=levels,
                      before=previous_visit_for_section(visit, section, request.user))


def _save_one(request, visit, form, save, url_name):
    """Save one requirement in place (htmx); without htmx, back to it on its page."""
    response = form.row
    return save_one(request, form=form, save=save,
                    page_url=reverse(url_name, args=[visit.pk, response.criterion.section.code]),
                    anchor=f"requirement-{response.criterion.code}")


@require_POST
def requirement_save(request, pk, response_pk):
    visit = visit_or_404(request, pk)
    response = row_or_404(visit, response_pk)
    if not _observable(visit, response, perms_for(request.user, visit)):
        raise PermissionDenied(services.AT_VISIT_NOT_YET
                               if can(request.user, "visits.record_visit_observations", visit)
                               else services.NOT_ALLOWED_TO_OBSERVE)
    form = RequirementForm(request.POST, row=response,
                           levels=scale_levels(visit.framework.item_scale_id))
    return _save_one(request, visit, form, _save_requirement, "visits:section")


def visit_judgement(request, pk, code):
    """A section's concluding judgement, with the requirement ratings beside it."""
    visit = visit_or_404(request, pk)
    section = section_or_404(visit, code)
    perms = perms_for(request.user, visit)
    if not perms["can_view_findings"]:
        raise PermissionDenied("The judgements are shared with the provider once the visit is "
                               "recorded and agreed.")
    judgement = get_object_or_404(section_judgements(visit), section=section)
    responses = section_requirements(visit, section)
    ratings = [(r.criterion.code, as_level(r.level)) for r in responses]
    levels = scale_levels(visit.framework.judgement_scale_id)
    form = JudgementForm(request.POST if request.method == "POST" else None, row=judgement,
                         levels=levels, ratings=ratings)
    conflict = None
    if request.method == "POST":
        if not perms["can_judge"]:
            raise PermissionDenied(services.NOT_ALLOWED_TO_JUDGE)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.visit_record_judgement(
                    judgement=judgement, by=request.user, expected_revision=data["revision"],
                    level=data["level"], narrative=data["narrative"],
                    follow_up_actions=data["follow_up_actions"],
                    justification=data["justification"], base_url=base_url(request))
            except EditConflict as exc:
                conflict = exc.current
                set_revision(form, conflict.revision)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Saved the judgement for {section.title}.")
                return redirect_after_save(request, visit, section, "visits:judgement")
    previous, following = section_neighbours(visit, section)
    return render(request, "visits/visit_judgement.html", {
        "visit": visit, "section": section, "judgement": judgement, "responses": responses,
        "form": form, "levels": levels, "conflict": conflict,
        "worst": worst(level for _, level in ratings),
        "key_basis": _key_basis(visit, section), "previous": previous, "following": following, **perms,
        "breadcrumbs": crumbs(visit, (f"Judgement: {section.code}. {section.title}", None)),
    })


def _key_basis(visit, section) -> str:
    """Why a Red judgement in this section would be a cause for concern ("" when it is not)."""
    basis = section_key_basis(visit, section)
    return Concern.Basis(basis).label if basis else ""


def provider_evidence(request, pk, code):
    """The provider's evidence for a section's requirements (text and files), beside what the
    partnership recorded before the visit. Never shows internal notes."""
    visit = visit_or_404(request, pk)
    section = section_or_404(visit, code)
    editable = can(request.user, "visits.add_provider_evidence", visit)
    responses = section_requirements(visit, section, files=True)
    forms = [EvidenceForm(request.POST if posted(request, r) else None,
                          request.FILES if posted(request, r) else None, row=r)
             if editable else None for r in responses]
    return _rows_page(request, visit, section, responses, forms, save=_save_evidence,
                      denied=services.NOT_ALLOWED_TO_ADD_EVIDENCE, url_name="visits:evidence",
                      template="visits/visit_evidence.html", crumb="Evidence: ",
                      ignore_errors={"files"})


@require_POST
def evidence_save(request, pk, response_pk):
    visit = visit_or_404(request, pk)
    response = row_or_404(visit, response_pk)
    if not can(request.user, "visits.add_provider_evidence", visit):
        raise PermissionDenied(services.NOT_ALLOWED_TO_ADD_EVIDENCE)
    return _save_one(request, visit, EvidenceForm(request.POST, row=response), _save_evidence,
                     "visits:evidence")


def evidence_download(request, pk, file_pk):
    """Send a provider evidence file to someone who can see the visit (never a public URL)."""
    visit = visit_or_404(request, pk)
    return send_evidence_file(get_object_or_404(
        VisitEvidenceFile.objects.visible_to(request.user), visit=visit, pk=file_pk))
