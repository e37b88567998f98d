"""Self-assessment pages: list, start, overview, section (with evidence files), summary,
submit, reopen, share and history. Every object is resolved through ``visible_to``."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from core.lists import chosen, page_of, page_query, years_of
from frameworks.models import Section
from frameworks.selectors import ITEM_NOUNS
from organisations.permissions import can
from organisations.selectors import provider_orgs_of

from . import services
from .evidence import send_evidence_file
from .forms import CriterionForm, ReopenForm, StartForm
from .history import assessment_changes
from .models import Assessment, EvidenceFile, Response
from .narrative import beside_ratings
from .row_editor import post_page, posted, refresh, row_or_404, save_one, section_or_404
from .selectors import (
    assessment_result,
    scale_levels,
    section_neighbours,
    section_page,
    with_progress,
)


def assessment_or_404(request, pk) -> Assessment:
    return get_object_or_404(
        Assessment.objects.visible_to(request.user)
        .select_related("framework", "provider", "submitted_by"),
        pk=pk,
    )


def _perms(user, assessment) -> dict:
    """What the user may do with the assessment, as booleans for templates."""
    return {
        "can_edit": can(user, "assessments.edit_self_assessment", assessment),
        "can_submit": can(user, "assessments.submit_self_assessment", assessment),
        "can_reopen": can(user, "assessments.reopen_self_assessment", assessment),
        "can_share": can(user, "assessments.share_self_assessment", assessment),
    }


def crumbs(assessment, *tail):
    return [
        ("Home", reverse("home")),
        ("Self-assessments", reverse("assessments:list")),
        (f"{assessment.framework.name}, {assessment.period}",
         assessment.get_absolute_url() if tail else None),
        *tail,
    ]


# Long framework texts a list never shows.
FRAMEWORK_TEXTS = ("framework__description", "framework__guidance", "framework__source",
                   "framework__corrections", "framework__scoring_parameters",
                   "framework__action_plan_fields")


def assessment_list(request):
    """Self-assessments the user can see, newest year first, a page at a time, filtered by
    year; progress is counted for the page's rows only."""
    user = request.user
    visible = Assessment.objects.visible_to(user)
    periods = years_of(visible)
    period = chosen(request.GET.get("year"), periods)
    assessments = visible.filter(period=period) if period else visible
    assessments = (
        assessments.select_related("framework", "provider").defer(*FRAMEWORK_TEXTS)
        .order_by("-period", "provider__name", "framework__name", "pk")
    )
    page = page_of(assessments, request.GET.get("page"))
    with_progress(page)
    providers = provider_orgs_of(user)
    return render(request, "assessments/assessment_list.html", {
        "assessments": page, "page": page, "periods": periods, "period": period,
        "pagination_query": page_query(year=period),
        "can_start": providers.exists(),
        "breadcrumbs": [("Home", reverse("home")), ("Self-assessments", None)],
    })


def assessment_start(request):
    """Choose a framework and year; opens the existing assessment if there is one."""
    providers = list(provider_orgs_of(request.user))
    if not providers:
        raise PermissionDenied(services.NOT_ALLOWED_TO_START)
    provider = providers[0]
    if len(providers) > 1:
        chosen = request.POST.get("provider") or request.GET.get("provider")
        provider = next((p for p in providers if str(p.pk) == chosen), None)
    form = StartForm(request.POST or None, today=timezone.localdate(), provider_types={
        p.provider_type for p in ([provider] if provider else providers)})
    if request.method == "POST" and form.is_valid():
        if provider is None:
            form.add_error(None, "Choose the provider this self-assessment is for.")
        else:
            try:
                assessment, created = services.assessment_start(
                    provider=provider, framework=form.cleaned_data["framework"],
                    period=form.cleaned_data["period"], by=request.user,
                    from_last_year=form.cleaned_data["from_last_year"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if created:
                    messages.success(request, f"You have started the {assessment.framework.name} "
                                              f"self-assessment for {assessment.period}.")
                else:
                    messages.info(request, f"{provider} already has a {assessment.framework.name} "
                                           f"self-assessment for {assessment.period}: here it is.")
                return redirect(assessment)
    return render(request, "assessments/assessment_start.html", {
        "form": form, "providers": providers, "provider": provider,
        "breadcrumbs": [("Home", reverse("home")),
                        ("Self-assessments", reverse("assessments:list")),
                        ("Start a self-assessment", None)],
    })


def _page_data(assessment):
    """Sections, responses and the result for overview / summary pages: four queries."""
    sections = list(
        Section.objects.filter(framework=assessment.framework).select_related("group")
        .order_by("order")
    )
    responses = list(
        Response.objects.filter(assessment=assessment).select_related("level", "criterion")
        .order_by("criterion__order")
    )
    levels = scale_levels(assessment.framework.item_scale_id)
    result = assessment_result(assessment, responses=responses, sections=sections, levels=levels)
    return sections, responses, levels, result


def assessment_overview(request, pk):
    assessment = assessment_or_404(request, pk)
    sections, responses, levels, result = _page_data(assessment)
    carried = sum(r.carried_over for r in responses)
    is_draft = assessment.is_draft
    failures = services.submit_check(assessment, result) if is_draft else []
    perms = _perms(request.user, assessment)
    rows = [
        {"section": section, "result": section_result}
        for section, section_result in zip(sections, result.sections, strict=True)
    ]
    return render(request, "assessments/assessment_overview.html", {
        "assessment": assessment, "result": result, "rows": rows,
        "failures": _failure_rows(assessment, sections, failures),
        "carried": carried, **perms, "is_draft": is_draft,
        # The one primary action that fits: carry on rating while anything is unrated, then
        # review and submit once the submission rules pass (never a Submit that would fail).
        "continue_section": next((s for s, r in zip(sections, result.sections, strict=True)
                                  if not r.complete), None) if is_draft and perms["can_edit"] else None,
        "ready_to_submit": is_draft and perms["can_submit"] and not failures,
        "items_rated": ITEM_NOUNS.get(assessment.framework.kind, ("", "criteria"))[1],
        # Read already: the reviews beside the score are scored with them.
        "framework_sections": sections, "item_levels": levels,
        "beside": beside_ratings(assessment, sections),
        "breadcrumbs": crumbs(assessment),
    })


def _failure_rows(assessment, sections, failures) -> list[dict]:
    """Each reason submission is blocked, with links to where the user fixes it."""
    titles = {s.code: s.title for s in sections}
    rows = []
    for failure in failures:
        if failure.fix == "add_action":
            base = reverse("actionplans:stage2_action_create", args=[assessment.pk])
            links = [(f"Add an action for {titles[c]}", f"{base}?section={c}")
                     for c in failure.section_codes]
        else:
            links = [(f"Rate {titles[c]}", reverse("assessments:section", args=[assessment.pk, c]))
                     for c in failure.section_codes]
        rows.append({"message": failure.message, "links": links})
    return rows


def _save_criterion(request, form) -> Response:
    """Record one criterion's rating and evidence, then its files if they passed the checks
    (for ``row_editor``: raises ``EditConflict`` when someone else saved it meanwhile)."""
    data = form.cleaned_data
    saved = services.response_record(
        response=form.row, by=request.user, expected_revision=data["revision"],
        level=data["level"], evidence=data["evidence"],
    )
    for upload in data.get("files", []):
        services.evidence_add(response=form.row, upload=upload, by=request.user)
    return saved


def section_edit(request, pk, code):
    """A section's criteria: the lead statement and prompts beside them, a form per criterion.
    Saving saves every criterion that is valid; anything invalid is shown with what was typed."""
    assessment = assessment_or_404(request, pk)
    section = section_or_404(assessment, code)
    perms = _perms(request.user, assessment)
    page = section_page(assessment, section)
    forms = [CriterionForm(request.POST if posted(request, response) else None,
                           request.FILES if posted(request, response) else None,
                           row=response, levels=page.levels) for _, response in page.rows]
    conflicts = {}
    if request.method == "POST":
        if not perms["can_edit"]:
            raise PermissionDenied(services.LOCKED if assessment.is_locked
                                   else services.NOT_ALLOWED_TO_EDIT)
        done, conflicts = post_page(
            request, assessment=assessment, section=section, forms=forms, save=_save_criterion,
            remove_file=services.evidence_remove, url_name="assessments:section",
            noun="criteria", ignore_errors={"files"})
        if done:
            return done
        page = section_page(assessment, section)
        refresh(forms, [response for _, response in page.rows])
    previous, following = section_neighbours(assessment, section)
    rows = [
        {"criterion": criterion, "response": form.row, "form": form,
         "conflict": conflicts.get(form.row.pk)}
        for (criterion, _), form in zip(page.rows, forms, strict=True)
    ]
    return render(request, "assessments/section_edit.html", {
        "assessment": assessment, "section": section, "rows": rows, "levels": page.levels,
        "previous": previous, "following": following,
        "error_forms": [f for f in forms if f.is_bound and f.errors],
        "has_conflicts": bool(conflicts), **perms,
        "breadcrumbs": crumbs(assessment, (f"{section.code}. {section.title}", None)),
    })


@require_POST
def criterion_save(request, pk, response_pk):
    """Save one criterion in place (htmx). Without htmx, falls back to the section page."""
    assessment = assessment_or_404(request, pk)
    response = row_or_404(assessment, response_pk)
    if not can(request.user, "assessments.edit_self_assessment", assessment):
        raise PermissionDenied(services.LOCKED if assessment.is_locked
                               else services.NOT_ALLOWED_TO_EDIT)
    form = CriterionForm(request.POST, row=response,
                         levels=scale_levels(assessment.framework.item_scale_id))
    return save_one(
        request, form=form, save=_save_criterion,
        page_url=reverse("assessments:section",
                         args=[assessment.pk, response.criterion.section.code]),
        anchor=f"criterion-{response.criterion.code}")


def evidence_download(request, pk):
    """Send an evidence file to someone who can see its assessment (never a public URL)."""
    evidence = get_object_or_404(
        EvidenceFile.objects.visible_to(request.user).select_related("assessment"), pk=pk
    )
    return send_evidence_file(evidence)


def assessment_summary(request, pk):
    """The result: SI QAF matrix mapping and subtotals; IntegratED levels per benchmark and
    category; the meaning in words."""
    assessment = assessment_or_404(request, pk)
    sections, responses, levels, result = _page_data(assessment)
    by_section = {}
    for response in responses:
        by_section.setdefault(response.criterion.section_id, []).append(response)
    rows = []
    for section, section_result in zip(sections, result.sections, strict=True):
        rows.append({"section": section, "result": section_result,
                     "responses": by_section.get(section.pk, [])})
    groups = []
    for row in rows:
        group = row["section"].group
        if not groups or groups[-1]["group"] != group:
            groups.append({"group": group, "rows": [], "counts": {}})
        groups[-1]["rows"].append(row)
        for code, n in row["result"].level_counts.items():
            groups[-1]["counts"][code] = groups[-1]["counts"].get(code, 0) + n
    for group in groups:
        group["level_counts"] = [(lv, group["counts"].get(lv.code, 0)) for lv in levels]
    section_max = assessment.framework.scoring_parameters.get("section_max")
    matrix_columns = list(range(int(section_max), 0, -1)) if section_max else []
    return render(request, "assessments/assessment_summary.html", {
        "assessment": assessment, "result": result, "rows": rows, "groups": groups,
        "levels": levels, "matrix_columns": matrix_columns,
        "overall_counts": [(lv, result.level_counts.get(lv.code, 0)) for lv in levels],
        "beside": beside_ratings(assessment, sections),
        **_perms(request.user, assessment),
        "breadcrumbs": crumbs(assessment, ("Summary", None)),
    })


def assessment_submit(request, pk):
    """Confirm and submit; refused with the reasons when the rules are not met."""
    assessment = assessment_or_404(request, pk)
    if not can(request.user, "assessments.submit_self_assessment", assessment):
        raise PermissionDenied(services.LOCKED if assessment.is_locked
                               else services.NOT_ALLOWED_TO_SUBMIT)
    _, _, _, result = _page_data(assessment)
    failures = services.submit_check(assessment, result)
    if request.method == "POST" and not failures:
        services.assessment_submit(assessment=assessment, by=request.user)
        messages.success(request, f"Submitted. {assessment.provider}'s {assessment.framework.name} "
                                  f"self-assessment for {assessment.period} is now read-only.")
        return redirect("assessments:summary", pk=assessment.pk)
    return render(request, "assessments/assessment_submit.html", {
        "assessment": assessment, "result": result, "failures": failures,
        "breadcrumbs": crumbs(assessment, ("Submit", None)),
    }, status=400 if request.method == "POST" else 200)


def assessment_reopen(request, pk):
    assessment = assessment_or_404(request, pk)
    if not can(request.user, "assessments.reopen_self_assessment", assessment):
        raise PermissionDenied(services.NOT_ALLOWED_TO_REOPEN)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.assessment_reopen(assessment=assessment, by=request.user,
                                   reason=form.cleaned_data["reason"])
        messages.success(request, "Reopened. You can change the self-assessment and submit it again.")
        return redirect(assessment)
    return render(request, "assessments/assessment_reopen.html", {
        "assessment": assessment, "form": form,
        "breadcrumbs": crumbs(assessment, ("Reopen", None)),
    })


@require_POST
def assessment_share(request, pk):
    assessment = assessment_or_404(request, pk)
    if not can(request.user, "assessments.share_self_assessment", assessment):
        raise PermissionDenied(services.NOT_ALLOWED_TO_SHARE)
    shared = request.POST.get("shared") == "1"
    services.assessment_share(assessment=assessment, by=request.user, shared=shared)
    messages.success(request, "Your commissioners can now see this draft." if shared
                     else "Your commissioners can no longer see this draft.")
    return redirect(assessment)


def assessment_history(request, pk):
    """Who changed what, when, from what to what: the assessment and every response."""
    assessment = assessment_or_404(request, pk)
    return render(request, "assessments/assessment_history.html", {
        "assessment": assessment, "changes": assessment_changes(assessment),
        "breadcrumbs": crumbs(assessment, ("History", None)),
    })
