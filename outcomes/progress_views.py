"""Progress providers send for their learners (``outcomes.progress``): the list of files sent,
sending one (upload, check, confirm), one goal typed in or the step reached towards a
medium-term outcome, and one file's rows, where the local authority's commissioners accept or
refuse them and the provider reads each decision and its reason."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_service_errors, parse_id
from core.imports.files import ImportFileError
from core.imports.plans import PREVIEW_LIMIT
from core.imports.views import confirmed, own_upload
from core.lists import page_of
from organisations.models import Organisation
from organisations.permissions import can
from organisations.querysets import member_org_ids

from . import progress
from .forms import ProgressUploadForm, RefuseForm
from .learner_forms import ProgressEntryForm, StepSendForm
from .medium_term_models import MediumTermOutcome
from .models import Learner
from .progress_models import ProgressRow, ProgressSubmission
from .views import las_managed_by

SENT = "{filename} sent to {la}: {rows} rows for {learners} learners, waiting for its decision."
DECIDED = "{count} {rows} {verb}."
ENTERED = "Progress for learner {reference} sent to {la}, waiting for its decision."
STEP_SENT = "Step for learner {reference} sent to {la}, waiting for its decision."
NOT_FOR_YOU = "Progress is sent by providers' people and decided by local authorities' commissioners."
CHOOSE_DECISION = "Choose to accept or refuse the rows."
ROWS_PER_PAGE = 100


def _crumbs(*more):
    return [("Home", reverse("home")), ("Progress from providers", reverse("outcomes:progress_list")),
            *more]


def _senders(user) -> list[Organisation]:
    """The providers the user may send progress for, by name."""
    return [provider for provider in Organisation.objects.filter(
        pk__in=member_org_ids(user, (Organisation.Kind.PROVIDER,))).order_by("name")
        if can(user, "outcomes.send_progress", provider)]


def _routes(user, senders=None) -> list[tuple]:
    """(provider, local authority) pairs the user may send progress along (from ``senders``,
    the user's, where already found), by name."""
    return [(provider, la) for provider in (_senders(user) if senders is None else senders)
            for la in progress.sharing_las(provider)]


@require_GET
@never_cache
def progress_list(request):
    """The files of progress the user's organisations sent or were sent, newest first, each
    with its rows waiting, accepted and refused."""
    user = request.user
    senders = _senders(user)
    if not (senders or las_managed_by(user) or user.is_admin):
        raise PermissionDenied(NOT_FOR_YOU)
    routes = _routes(user, senders)
    sent = (ProgressSubmission.objects.visible_to(user)
            .filter(state=ProgressSubmission.State.APPLIED)
            .select_related("provider", "local_authority", "uploaded_by")
            .order_by("-applied_at", "-pk"))
    page = page_of(sent, request.GET.get("page"))
    counts = progress.counts(page.object_list)
    return render(request, "outcomes/progress_list.html", {
        "page": page, "can_send": bool(routes), "waits_for_sharing": bool(senders) and not routes,
        "rows": [(submission, counts.get(submission.pk, {})) for submission in page],
        "breadcrumbs": [("Home", reverse("home")), ("Progress from providers", None)],
    })


def _upload_page(request, form, status=200):
    scheme = progress.current_scheme()
    return render(request, "outcomes/progress_upload.html", {
        "form": form, "several": form.only is None,
        "soft_columns": [d.column for d in scheme.soft_dimensions] if scheme else [],
        "breadcrumbs": _crumbs(("Send progress", None)),
    }, status=status)


@require_http_methods(["GET", "POST"])
@never_cache
def progress_enter(request):
    """GET: the form for one goal's progress. POST: send it to the local authority, where it
    waits for a decision as a file's rows do."""
    routes = _routes(request.user)
    if not routes:
        raise PermissionDenied(progress.NOT_ALLOWED_TO_SEND)
    scheme = progress.current_scheme()
    if scheme is None:
        raise Http404(progress.NO_SCHEME)
    form = ProgressEntryForm(request.POST if request.method == "POST" else None, routes=routes,
                             scheme=scheme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        provider, la = data["route"]
        try:
            submission = progress.progress_enter(
                provider=provider, local_authority=la, by=request.user,
                reference=data["learner_ref"], academic_year=data["academic_year"],
                review_date=data["review_date"], goal=data["goal"], pfa_area=data["pfa_area"],
                rating=data["rating"], soft=data["soft"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, ENTERED.format(reference=data["learner_ref"], la=la.name))
            return redirect(submission)
    return render(request, "outcomes/progress_enter.html", {
        "form": form, "breadcrumbs": _crumbs(("Enter one goal’s progress", None)),
    }, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def step_send(request, pk):
    """GET: the form for the step a learner the LA shares with the user's provider reached
    towards one of their medium-term outcomes. POST: send it to the learner's LA, where it
    waits for a decision as any progress does."""
    outcome = get_object_or_404(
        MediumTermOutcome.objects.filter(learner__in=Learner.objects.visible_to(request.user))
        .select_related("learner__local_authority"), pk=pk)
    learner = outcome.learner
    routes = [(provider, la) for provider, la in _routes(request.user)
              if la.pk == learner.local_authority_id]
    if not routes:
        raise PermissionDenied(progress.NOT_ALLOWED_TO_SEND)
    scheme = progress.current_scheme()
    if scheme is None or not scheme.steps:
        raise Http404(progress.NO_SCHEME)
    form = StepSendForm(request.POST if request.method == "POST" else None, routes=routes,
                        scheme=scheme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        provider, la = data["route"]
        try:
            submission = progress.progress_step_send(
                provider=provider, by=request.user, outcome=outcome,
                academic_year=data["academic_year"], review_date=data["review_date"],
                step=data["step"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, STEP_SENT.format(reference=learner.reference, la=la.name))
            return redirect(submission)
    learner_url = reverse("outcomes:learner", args=[learner.pk])
    return render(request, "outcomes/progress_step.html", {
        "form": form, "outcome": outcome, "learner": learner,
        "area": scheme.area_label(outcome.pfa_area), "back": f"{learner_url}#medium-term",
        "breadcrumbs": [("Home", reverse("home")), ("Learners", reverse("outcomes:learners")),
                        (learner.reference, learner_url), ("Send a step", None)],
    }, status=400 if form.is_bound else 200)


@never_cache
def progress_upload(request):
    """GET: the upload form. POST: check the file and show what would be sent (nothing is
    written but the kept file, and only when it can be sent)."""
    routes = _routes(request.user)
    if not routes:
        raise PermissionDenied(progress.NOT_ALLOWED_TO_SEND)
    form = ProgressUploadForm(request.POST if request.method == "POST" else None,
                              request.FILES or None, routes=routes)
    if request.method != "POST" or not form.is_valid():
        return _upload_page(request, form, status=400 if form.is_bound else 200)
    provider, la = form.cleaned_data["route"]
    content, filename = form.cleaned_data["content"], form.cleaned_data["filename"]
    try:
        plan = progress.progress_check(content=content, filename=filename, provider=provider,
                                       local_authority=la)
    except ImportFileError as exc:
        for message in exc.messages:
            form.add_error("file", message)
        return _upload_page(request, form, status=400)
    upload = None
    if plan.ok:
        upload = progress.progress_upload(provider=provider, local_authority=la,
                                          filename=filename, content=content, by=request.user)
    return render(request, "outcomes/progress_preview.html", {
        "plan": plan, "upload": upload, "limit": PREVIEW_LIMIT,
        "errors": plan.errors[:PREVIEW_LIMIT],
        "lines": [(line, plan.scheme.rating_label(line.rating))
                  for line in plan.lines[:PREVIEW_LIMIT]],
        "breadcrumbs": _crumbs(("Send progress", reverse("outcomes:progress_send")),
                               ("Check the file", None)),
    })


@require_POST
def progress_confirm(request):
    """Send a previewed file of the user's own, checked again first; a second Confirm of the
    same file sends nothing more."""
    if not _routes(request.user):
        raise PermissionDenied(progress.NOT_ALLOWED_TO_SEND)
    upload = own_upload(request, ProgressSubmission.objects.select_related(
        "provider", "local_authority"))
    result = confirmed(request, lambda: progress.progress_confirm(upload=upload, by=request.user),
                       again=reverse("outcomes:progress_send"), already=upload.get_absolute_url())
    if not isinstance(result, tuple):
        return result
    plan, sent = result
    if not sent:
        messages.error(request, progress.PLAN_HAS_ERRORS)
        return redirect("outcomes:progress_send")
    messages.success(request, SENT.format(filename=upload.filename, la=upload.local_authority.name,
                                          rows=len(plan.lines), learners=plan.learners))
    return redirect(upload.get_absolute_url())


@never_cache
def progress_detail(request, pk):
    """One file's rows with their decisions. The LA's commissioners accept or refuse the rows
    waiting (POST ``decision``: "accept_all", "accept" or "refuse" with the chosen ``row`` ids;
    a refusal with its ``reason``)."""
    user = request.user
    submission = get_object_or_404(
        ProgressSubmission.objects.visible_to(user).filter(state=ProgressSubmission.State.APPLIED)
        .select_related("provider", "local_authority", "uploaded_by"), pk=pk)
    deciding = can(user, "outcomes.manage_outcomes", submission.local_authority)
    refuse_form, problems, status = RefuseForm(), [], 200
    if request.method == "POST":
        if not deciding:
            raise PermissionDenied(progress.NOT_ALLOWED_TO_DECIDE)
        done, refuse_form, problems = _decide(request, submission)
        if done:
            return redirect(request.get_full_path())
        status = 400
    rows = (ProgressRow.objects.filter(submission=submission)
            .select_related("learner", "decided_by", "medium_term").order_by("row"))
    page = page_of(rows, request.GET.get("page"), per_page=ROWS_PER_PAGE)
    counts = progress.counts([submission]).get(submission.pk, {})
    scheme = progress.current_scheme()
    shown = [(row, scheme.area_label(row.pfa_area), scheme.step_label(row.step) if row.is_step
              else scheme.rating_label(row.rating)) for row in page] if scheme else [
        (row, row.pfa_area, row.step or row.rating) for row in page]
    return render(request, "outcomes/progress_detail.html", {
        "submission": submission, "page": page, "shown": shown, "counts": counts, "deciding": deciding,
        "pending": counts.get(ProgressRow.Status.PENDING, 0), "refuse_form": refuse_form,
        "problems": problems,
        "breadcrumbs": _crumbs((submission.filename, None)),
    }, status=status)


def _decide(request, submission) -> tuple[bool, RefuseForm, list[str]]:
    """Apply the decision posted: (done, the reason form, the problems that are not the
    reason's, such as no row chosen)."""
    decision = request.POST.get("decision")
    chosen = [pk for pk in map(parse_id, request.POST.getlist("row")) if pk is not None]
    form = RefuseForm(request.POST if decision == "refuse" else None)
    if decision not in ("accept_all", "accept", "refuse"):
        return False, form, [CHOOSE_DECISION]
    if decision == "refuse" and not form.is_valid():
        return False, form, []
    try:
        count = progress.progress_decide(
            submission=submission, rows=None if decision == "accept_all" else chosen,
            accept=decision != "refuse", by=request.user,
            reason=form.cleaned_data["reason"] if decision == "refuse" else "")
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and form.is_bound:
            add_service_errors(form, exc)
            return False, form, []
        return False, form, exc.messages
    messages.success(request, DECIDED.format(count=count, rows="row" if count == 1 else "rows",
                                             verb="refused" if decision == "refuse" else "accepted"))
    return True, form, []
