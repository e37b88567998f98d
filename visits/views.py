"""QA visit pages: list, create, overview, team, section (observer notes and ratings),
judgement, provider evidence, the steps of the workflow, the provider's reply, history, and
causes for concern with the chair's decision. Every object is resolved through
``visible_to``; what the user may do comes from ``organisations.permissions`` as booleans."""
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from assessments.models import Assessment, EvidenceFile, Response
from assessments.row_editor import (
    post_page,
    posted,
    redirect_after_save,
    refresh,
    save_one,
    section_or_404,
    set_revision,
)
from assessments.scoring import worst
from assessments.selectors import as_level, scale_levels, section_neighbours
from assessments.services import EditConflict
from frameworks.models import Criterion, Framework, Section
from organisations.permissions import can
from qaportal.forms import add_service_errors, parse_id

from . import services
from . import workflow as visit_workflow
from .forms import (
    ChooseProviderForm,
    DecisionForm,
    EvidenceForm,
    JudgementForm,
    RequirementForm,
    RespondForm,
    VisitRecordForm,
    VisitSetupForm,
    WithdrawForm,
)
from .models import Concern, VisitTeamMember
from .selectors import (
    chosen_key_codes,
    commissioning_link,
    concern_decisions,
    concerns_for_page,
    creatable_links,
    record_blockers,
    section_judgements,
    section_key_basis,
    section_requirements,
    share_blockers,
    visit_changes,
    visit_data,
    visits_for_list,
)

PERMS = {
    "can_change_setup": "visits.change_visit_setup",
    "can_observe": "visits.record_visit_observations",
    "can_share": "visits.share_visit",
    "can_add_evidence": "visits.add_provider_evidence",
    "can_judge": "visits.record_visit_judgement",
    "can_mark_recorded": "visits.mark_visit_recorded",
    "can_share_judgements": "visits.share_visit_judgements",
    "can_respond": "visits.respond_to_visit",
    "can_finalise": "visits.finalise_visit",
    "can_withdraw": "visits.withdraw_visit",
    "can_view_internal": "visits.view_visit_internal_notes",
    "can_view_findings": "visits.view_visit_findings",
}


def _visit(request, pk) -> Assessment:
    return get_object_or_404(
        Assessment.objects.visible_to(request.user).visits()
        .select_related("framework", "provider", "commissioner"),
        pk=pk,
    )


def _perms(user, visit) -> dict:
    """What the user may do with the visit, as booleans for templates."""
    return {name: can(user, perm, visit) for name, perm in PERMS.items()}


def _title(visit) -> str:
    when = f"{visit.visit_date:%d/%m/%Y}" if visit.visit_date else visit.period
    return f"{visit.provider.name}, {when}"


def _crumbs(visit, *tail):
    return [
        ("Home", reverse("home")),
        ("QA visits", reverse("visits:list")),
        (_title(visit), reverse("visits:overview", args=[visit.pk]) if tail else None),
        *tail,
    ]


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


# List and create -----------------------------------------------------------------------


def visit_list(request):
    """The visits the user can see, newest first, with progress counted in one query."""
    links = creatable_links(request.user)
    return render(request, "visits/visit_list.html", {
        "visits": visits_for_list(request.user), "can_create": links.exists(),
        "breadcrumbs": [("Home", reverse("home")), ("QA visits", None)],
    })


def _visit_framework():
    return (Framework.objects.current().filter(kind=Framework.Kind.QA_VISIT)
            .order_by("name").first())


def visit_create(request):
    """Choose the provider (when there is a choice), then the date, team and key aspects."""
    links = creatable_links(request.user)
    if not links.exists():
        raise PermissionDenied(services.NOT_ALLOWED_TO_CREATE)
    framework = _visit_framework()
    if framework is None:
        raise Http404("No QA visit framework is loaded.")
    chosen = parse_id(request.POST.get("link") or request.GET.get("link"))
    link = links.filter(pk=chosen).first() if chosen else None
    if link is None and links.count() == 1:
        link = links.first()
    crumbs = [("Home", reverse("home")), ("QA visits", reverse("visits:list")),
              ("Create a visit record", None)]
    if link is None:
        form = ChooseProviderForm(request.GET if "link" in request.GET else None, links=links)
        form.is_valid()
        return render(request, "visits/visit_choose_provider.html",
                      {"form": form, "breadcrumbs": crumbs})
    form = VisitSetupForm(request.POST or None, partnership=link.commissioner, framework=framework,
                          initial={"officers": [request.user.pk]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.visit_create(
                link=link, framework=framework, planned_visit_date=data["planned_visit_date"],
                officers=list(data["officers"]), school_visitors=data["school_visitors"],
                key_sections=list(data["key_sections"]), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"You have created the QA visit record for "
                                      f"{link.provider.name}. Complete the “before the visit” "
                                      f"requirements, then share it with the provider.")
            return redirect("visits:overview", pk=visit.pk)
    return render(request, "visits/visit_setup.html", {
        "form": form, "link": link, "framework": framework, "creating": True,
        "breadcrumbs": crumbs,
    })


def visit_setup(request, pk):
    """Change the planned date, the visiting team and the chosen key aspects."""
    visit = _visit(request, pk)
    if not can(request.user, "visits.change_visit_setup", visit):
        raise PermissionDenied(services.NOT_ALLOWED_TO_CHANGE_SETUP)
    team = list(VisitTeamMember.objects.filter(assessment=visit))
    visitors = [(m.name, m.school) for m in team if m.kind == VisitTeamMember.Kind.SCHOOL_VISITOR]
    form = VisitSetupForm(
        request.POST or None, partnership=visit.commissioner, framework=visit.framework,
        visitors=visitors,
        initial={"planned_visit_date": visit.planned_visit_date,
                 "officers": [m.user_id for m in team if m.user_id],
                 "key_sections": list(Section.objects.filter(
                     framework=visit.framework, code__in=chosen_key_codes(visit)))},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.visit_update_setup(
                assessment=visit, planned_visit_date=data["planned_visit_date"],
                officers=list(data["officers"]), school_visitors=data["school_visitors"],
                key_sections=list(data["key_sections"]), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Saved the visit date, team and key aspects.")
            return redirect("visits:overview", pk=visit.pk)
    return render(request, "visits/visit_setup.html", {
        "form": form, "visit": visit, "framework": visit.framework, "creating": False,
        "link": None, "breadcrumbs": _crumbs(visit, ("Date, team and key aspects", None)),
    })


# Overview --------------------------------------------------------------------------------


def _failure_rows(visit, data, failures) -> list[dict]:
    """Each reason the next step is blocked, with links to where the user fixes it."""
    titles = {row.section.code: row.section.title for row in data.rows}
    rows = []
    for failure in failures:
        name = "visits:judgement" if failure.fix == "judge" else "visits:section"
        verb = "Judge" if failure.fix == "judge" else "Rate"
        rows.append({"message": failure.message, "links": [
            (f"{verb} {code}. {titles[code]}", reverse(name, args=[visit.pk, code]))
            for code in failure.section_codes]})
    return rows


def _next_step(visit, data) -> tuple[str, list]:
    """The next step in the workflow and what is missing before it: the first of ``STEPS``
    (named by their ``visit_workflow`` transitions) that may start from the visit's state."""
    for name, (_perm, _refusal, blockers, _service, title, *_rest) in STEPS.items():
        if visit_workflow.allowed(name, visit.state):
            return title[:1].lower() + title[1:], blockers(data)
    return "", []


def visit_overview(request, pk):
    visit = _visit(request, pk)
    perms = _perms(request.user, visit)
    data = visit_data(visit)
    step, failures = _next_step(visit, data)
    team = list(VisitTeamMember.objects.filter(assessment=visit).select_related("user"))
    concerns = list(Concern.objects.visible_to(request.user).filter(assessment=visit)
                    .select_related("section"))
    return render(request, "visits/visit_overview.html", {
        "visit": visit, "data": data, "rows": data.rows, "step": step,
        "failures": _failure_rows(visit, data, failures) if perms["can_view_findings"] else [],
        "finalise_blocker": (services.finalise_blocker(visit)
                             if visit_workflow.allowed("finalise", visit.state) else None),
        "officers": [m for m in team if m.kind == VisitTeamMember.Kind.OFFICER],
        "visitors": [m for m in team if m.kind == VisitTeamMember.Kind.SCHOOL_VISITOR],
        "concerns": concerns, **perms,
        "can_respond": perms["can_respond"] and services.response_open(visit),
        "breadcrumbs": _crumbs(visit),
    })


# Section page: the partnership's notes and ratings ---------------------------------------


def _observable(visit, response, perms) -> bool:
    """Whether the user may record the partnership's fields of this requirement now."""
    return perms["can_observe"] and (
        not visit.is_preparing
        or response.criterion.phase == Criterion.Phase.BEFORE_VISIT)


def _save_requirement(request, form) -> Response:
    data = form.cleaned_data
    return services.requirement_record(
        response=form.row, by=request.user, expected_revision=data["revision"],
        level=data["level"], observer_notes=data["observer_notes"],
        action_points=data["action_points"], internal_notes=data["internal_notes"])


def _save_evidence(request, form) -> Response:
    data = form.cleaned_data
    saved = services.provider_evidence_record(
        response=form.row, by=request.user, expected_revision=data["revision"],
        evidence=data["evidence"])
    for upload in data.get("files", []):
        services.provider_evidence_add_file(response=form.row, upload=upload, by=request.user)
    return saved


def _rows_page(request, visit, section, responses, forms, *, save, denied, url_name, template,
               crumb, levels=(), ignore_errors=()):
    """A section's requirements as a page of row forms (the partnership's section page, the
    provider's evidence page), through the assessments row editor."""
    perms = _perms(request.user, visit)
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
             or r.criterion.phase == Criterion.Phase.BEFORE_VISIT}
            for r, f in zip(responses, forms, strict=True)]
    return render(request, template, {
        "visit": visit, "section": section, "rows": rows, "levels": levels,
        "previous": previous, "following": following, "editable": any(forms),
        "error_forms": [f for f in forms if f and f.is_bound and f.errors],
        "has_conflicts": bool(conflicts), **perms,
        "breadcrumbs": _crumbs(visit, (f"{crumb}{section.code}. {section.title}", None)),
    })


def visit_section(request, pk, code):
    """One section, a requirement after another: what the requirement asks, the provider's
    evidence, and the partnership's observer notes, R/A/G, action points and internal notes."""
    visit = _visit(request, pk)
    section = section_or_404(visit, code)
    perms = _perms(request.user, visit)
    levels = scale_levels(visit.framework.item_scale_id)
    responses = section_requirements(visit, section, files=True)
    forms = [RequirementForm(request.POST if posted(request, r) else None, row=r, levels=levels)
             if _observable(visit, r, perms) else None for r in responses]
    return _rows_page(request, visit, section, responses, forms, save=_save_requirement,
                      denied=services.NOT_ALLOWED_TO_OBSERVE, url_name="visits:section",
                      template="visits/visit_section.html", crumb="", levels=levels)


def _requirement(visit, response_pk) -> Response:
    return get_object_or_404(Response.objects.select_related("criterion__section", "level"),
                             assessment=visit, pk=response_pk)


def _save_one(request, visit, form, save, url_name):
    """Save one requirement in place (htmx); without htmx, back to it on its page."""
    response = form.row
    return save_one(request, form=form, save=save,
                    page_url=reverse(url_name, args=[visit.pk, response.criterion.section.code]),
                    anchor=f"requirement-{response.criterion.code}")


@require_POST
def requirement_save(request, pk, response_pk):
    visit = _visit(request, pk)
    response = _requirement(visit, response_pk)
    if not _observable(visit, response, _perms(request.user, visit)):
        raise PermissionDenied(services.AT_VISIT_NOT_YET
                               if can(request.user, "visits.record_visit_observations", visit)
                               else services.NOT_ALLOWED_TO_OBSERVE)
    form = RequirementForm(request.POST, row=response,
                           levels=scale_levels(visit.framework.item_scale_id))
    return _save_one(request, visit, form, _save_requirement, "visits:section")


# Judgement page ----------------------------------------------------------------------------


def visit_judgement(request, pk, code):
    """A section's concluding judgement, with the requirement ratings beside it."""
    visit = _visit(request, pk)
    section = section_or_404(visit, code)
    perms = _perms(request.user, visit)
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
                    justification=data["justification"], base_url=_base_url(request))
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
        "breadcrumbs": _crumbs(visit, (f"Judgement: {section.code}. {section.title}", None)),
    })


def _key_basis(visit, section) -> str:
    """Why a Red judgement in this section would be a cause for concern ("" when it is not)."""
    basis = section_key_basis(visit, section)
    return Concern.Basis(basis).label if basis else ""


# Provider evidence -------------------------------------------------------------------------


def provider_evidence(request, pk, code):
    """The provider's evidence for a section's requirements (text and files), beside what the
    partnership recorded before the visit. Never shows internal notes."""
    visit = _visit(request, pk)
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
    visit = _visit(request, pk)
    response = _requirement(visit, response_pk)
    if not can(request.user, "visits.add_provider_evidence", visit):
        raise PermissionDenied(services.NOT_ALLOWED_TO_ADD_EVIDENCE)
    return _save_one(request, visit, EvidenceForm(request.POST, row=response), _save_evidence,
                     "visits:evidence")


def evidence_download(request, pk, file_pk):
    """Send a provider evidence file to someone who can see the visit (never a public URL)."""
    visit = _visit(request, pk)
    evidence = get_object_or_404(EvidenceFile.objects.visible_to(request.user), assessment=visit,
                                 pk=file_pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name,
                        content_type=evidence.content_type)


# The workflow's steps -----------------------------------------------------------------------

# Keyed by the ``visit_workflow`` transition each step takes.
STEPS = {
    # name: (permission, refusal, blockers(data), service, title, button, success message)
    "share": ("visits.share_visit", services.NOT_ALLOWED_TO_SHARE, share_blockers,
              services.visit_share_with_provider, "Share the record with the provider",
              "Share with the provider",
              "Shared. {provider}'s people can now see the record and add their evidence."),
    "record": ("visits.mark_visit_recorded", services.NOT_ALLOWED_TO_MARK_RECORDED,
               record_blockers, services.visit_mark_recorded, "Mark the visit recorded",
               "Mark the visit recorded",
               "The visit is recorded. {provider} can no longer add evidence."),
    "share_judgements": ("visits.share_visit_judgements",
                         services.NOT_ALLOWED_TO_SHARE_JUDGEMENTS, record_blockers,
                         services.visit_share_judgements,
                         "Share the judgements with the provider", "Share the judgements",
                         "Shared the judgements. {provider} can respond until {due}."),
}


def _step(request, pk, name):
    perm, refusal, blockers, service, title, button, success = STEPS[name]
    visit = _visit(request, pk)
    if not can(request.user, perm, visit):
        raise PermissionDenied(refusal)
    data = visit_data(visit)
    failures = blockers(data)
    # Recording asks for the date the visit took place; the other steps ask nothing.
    form = (VisitRecordForm(request.POST if request.method == "POST" else None, visit=visit,
                            today=timezone.localdate()) if name == "record" else None)
    if request.method == "POST" and not failures and (form is None or form.is_valid()):
        kwargs = ({"base_url": _base_url(request), "visited_on": form.cleaned_data["visited_on"]}
                  if name == "record" else {})
        try:
            raised = service(assessment=visit, by=request.user, **kwargs)
        except ValidationError as exc:
            if form is None:
                raise
            add_service_errors(form, exc)
        else:
            visit.refresh_from_db()
            messages.success(request, success.format(
                provider=visit.provider.name,
                due=services.long_date(visit.response_due) if visit.response_due else ""))
            if name == "record" and raised:
                messages.warning(request, "Cause for concern raised for "
                                 + ", ".join(c.section.title for c in raised)
                                 + ". The partnership chair has been emailed.")
            return redirect("visits:overview", pk=visit.pk)
    concerns = [row for row in data.rows if row.raises_concern] if name == "record" else []
    return render(request, "visits/visit_step.html", {
        "visit": visit, "data": data, "name": name, "title": title, "button": button,
        "form": form,
        "failures": _failure_rows(visit, data, failures), "concern_rows": concerns,
        "working_days": settings.VISIT_RESPONSE_WORKING_DAYS,
        "breadcrumbs": _crumbs(visit, (title, None)),
    }, status=400 if request.method == "POST" else 200)


def visit_share(request, pk):
    return _step(request, pk, "share")


def visit_record(request, pk):
    return _step(request, pk, "record")


def visit_share_judgements(request, pk):
    return _step(request, pk, "share_judgements")


def visit_respond(request, pk):
    """The provider lead's right of reply, beside the shared judgements."""
    visit = _visit(request, pk)
    if not can(request.user, "visits.respond_to_visit", visit):
        raise PermissionDenied(services.NOT_ALLOWED_TO_RESPOND)
    if not services.response_open(visit):
        raise PermissionDenied(services.RESPONSE_CLOSED.format(
            date=services.long_date(visit.response_due)))
    form = RespondForm(request.POST or None, initial={"response": visit.provider_response})
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_respond(assessment=visit, by=request.user,
                                   response=form.cleaned_data["response"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Your response has been sent to the partnership.")
            return redirect("visits:overview", pk=visit.pk)
    return render(request, "visits/visit_respond.html", {
        "visit": visit, "form": form, "data": visit_data(visit),
        "breadcrumbs": _crumbs(visit, ("Respond to the judgements", None)),
    })


def visit_finalise(request, pk):
    visit = _visit(request, pk)
    if not can(request.user, "visits.finalise_visit", visit):
        raise PermissionDenied(services.NOT_ALLOWED_TO_FINALISE)
    blocker = services.finalise_blocker(visit)
    if request.method == "POST" and not blocker:
        services.visit_finalise(assessment=visit, by=request.user)
        messages.success(request, f"Finalised. The record is read-only, and its action points "
                                  f"and follow-up actions are in {visit.provider.name}'s action "
                                  f"plan for {visit.period}.")
        return redirect("visits:overview", pk=visit.pk)
    data = visit_data(visit)
    actions = sum(bool(r.action_points) for r in data.responses) + sum(
        bool(row.judgement and row.judgement.follow_up_actions) for row in data.rows)
    return render(request, "visits/visit_finalise.html", {
        "visit": visit, "data": data, "blocker": blocker, "actions": actions,
        "breadcrumbs": _crumbs(visit, ("Finalise", None)),
    }, status=400 if request.method == "POST" else 200)


def visit_withdraw(request, pk):
    visit = _visit(request, pk)
    if not can(request.user, "visits.withdraw_visit", visit):
        raise PermissionDenied(services.NOT_ALLOWED_TO_WITHDRAW)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.visit_withdraw(assessment=visit, by=request.user,
                                reason=form.cleaned_data["reason"])
        messages.success(request, "The visit record is withdrawn. It stays in the history.")
        return redirect("visits:overview", pk=visit.pk)
    return render(request, "visits/visit_withdraw.html", {
        "visit": visit, "form": form, "breadcrumbs": _crumbs(visit, ("Withdraw", None)),
    })


def visit_history(request, pk):
    """Who changed what, when, from what to what — as far as the viewer may see it."""
    visit = _visit(request, pk)
    perms = _perms(request.user, visit)
    return render(request, "visits/visit_history.html", {
        "visit": visit,
        "changes": visit_changes(visit, internal_notes=perms["can_view_internal"],
                                 findings=perms["can_view_findings"]),
        "breadcrumbs": _crumbs(visit, ("History", None)),
    })


# Causes for concern --------------------------------------------------------------------------


def concern_detail(request, pk):
    """A cause for concern: the judgement behind it, the decisions so far, and for the
    partnership chair the decision form."""
    concern = get_object_or_404(concerns_for_page(request.user), pk=pk)
    can_decide = can(request.user, "visits.decide_concern", concern)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied(services.NOT_ALLOWED_TO_DECIDE)
        if form.is_valid():
            data = form.cleaned_data
            try:
                record = services.concern_decide(
                    concern=concern, by=request.user, decision=data["decision"],
                    reasons=data["reasons"], conditions=data["conditions"],
                    review_date=data["review_date"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Decision recorded: {record.get_decision_display()}. "
                                          f"The commissioning status of {concern.provider.name} for "
                                          f"{concern.partnership.name} now matches it.")
                return redirect("visits:concern", pk=concern.pk)
    visit = concern.assessment
    judgement = section_judgements(visit).filter(section=concern.section).first()
    responses = section_requirements(visit, concern.section)
    decisions = concern_decisions(concern)
    link = commissioning_link(partnership=concern.partnership, provider=concern.provider)
    return render(request, "visits/concern_detail.html", {
        "concern": concern, "visit": visit, "judgement": judgement, "responses": responses,
        "decisions": decisions, "form": form, "can_decide": can_decide, "link": link,
        "breadcrumbs": [("Home", reverse("home")),
                        (concern.provider.name, concern.provider.get_absolute_url()),
                        (f"Cause for concern: {concern.section.title}", None)],
    })
