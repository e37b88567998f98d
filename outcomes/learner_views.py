"""Learner pages: the learners whose rows the user may see, one learner's goals by year with
their history, goals and learners entered and corrected by hand by the LA's commissioners,
and the LA's choice of which providers see learner rows. Another LA's learner is a 404;
a learner the user sees but may not change is a 403."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.cells import csv_bytes
from core.downloads import attachment
from core.forms import add_service_errors, parse_id
from core.lists import chosen, page_of, page_query, search_text
from organisations.models import Commissioning, Organisation
from organisations.permissions import can
from organisations.querysets import member_org_ids

from . import medium_term, services
from .access import Kind, record_access
from .learner_forms import LearnerForm, OutcomeForm
from .learner_history import learner_changes
from .models import GoalOutcome, Learner, LearnerSharing
from .permissions import sends_progress_anywhere
from .querysets import LA_KINDS, PROVIDER_KINDS
from .scheme import NO_SCHEME, current_scheme, scheme_by_pk

NO_LEARNER_ROWS = ("Learner-level rows are for the local authority's people and the providers "
                   "it shares them with.")
LEARNER_ADDED = "Learner {reference} added."
GOAL_ADDED = "Goal added for {reference}."
GOAL_SAVED = "Goal saved for {reference}."
SHARED = "{provider} now sees the learner rows of {la}'s learners at {provider}."
UNSHARED = "{provider} no longer sees {la}'s learner rows."


def _crumbs(*more):
    return [("Home", reverse("home")), ("Outcomes", reverse("dashboards:outcomes")), *more]


def _las_where(user, permission: str) -> list[Organisation]:
    """The local authorities the user belongs to and holds ``permission`` in, by name."""
    return [la for la in Organisation.objects.filter(
                pk__in=member_org_ids(user, LA_KINDS)).order_by("name")
            if can(user, permission, la)]


def _listed(request):
    """The learners whose rows the user may see, searched and filtered as ``request.GET``
    asks, with the goals the user sees and what the filters offer and chose."""
    user = request.user
    if not user.is_admin and not member_org_ids(user, LA_KINDS + PROVIDER_KINDS):
        raise PermissionDenied(NO_LEARNER_ROWS)
    outcomes = GoalOutcome.objects.visible_to(user)
    years = list(outcomes.order_by("-academic_year").values_list("academic_year", flat=True)
                 .distinct())
    q = search_text(request.GET.get("q"))[:40]
    need = chosen(request.GET.get("need"), {value for value, _ in Learner.Need.choices})
    year = chosen(request.GET.get("year"), years)
    learners = Learner.objects.visible_to(user)
    if q:
        learners = learners.filter(reference__icontains=q)
    if need:
        learners = learners.filter(primary_need=need)
    if year:
        learners = learners.filter(pk__in=outcomes.filter(academic_year=year).values("learner"))
    return learners, outcomes, {"q": q, "need": need, "year": year, "years": years}


@require_GET
def learner_list(request):
    """The learners whose rows the user may see, 50 a page, by reference; searched by
    reference and filtered by primary need and by a year with a goal the user sees. The
    learners shown are recorded (``outcomes.access``)."""
    user = request.user
    learners, outcomes, asked = _listed(request)
    goals = (outcomes.filter(learner=OuterRef("pk")).order_by().values("learner")
             .annotate(n=Count("pk")).values("n"))
    learners = (learners.select_related("local_authority")
                .annotate(goals=Coalesce(Subquery(goals, output_field=IntegerField()), 0))
                .order_by("reference", "pk"))
    page = page_of(learners, request.GET.get("page"))
    record_access(request, Kind.LIST,
                  [(learner.local_authority_id, learner.reference) for learner in page])
    q, need, year = asked["q"], asked["need"], asked["year"]
    return render(request, "outcomes/learner_list.html", {
        "page": page, "learners": page.object_list, "q": q, "need": need, "year": year,
        "need_choices": Learner.Need.choices, "year_choices": [(y, y) for y in asked["years"]],
        "active": bool(q or need or year), "query": page_query(q=q, need=need, year=year),
        "several_las": len(member_org_ids(user, LA_KINDS)) > 1 or user.is_admin,
        "can_add": bool(_las_where(user, "outcomes.manage_outcomes")),
        "can_share": bool(_las_where(user, "outcomes.share_learner_rows")),
        "breadcrumbs": _crumbs(("Learners", None)),
    })


LEARNER_COLUMNS = ["learner_ref", "local_authority", "year_of_birth", "primary_need",
                   "academic_year", "review_date", "provider", "goal", "pfa_area", "rating"]


@require_GET
def learner_csv(request):
    """The learners the list shows, as filtered (every page), one row per goal the user sees
    (a learner without one: a row of their own facts), as CSV; the download is recorded. Two
    queries read in step, by reference, so a large LA's file is never held twice."""
    learners, outcomes, _ = _listed(request)
    needs = dict(Learner.Need.choices)
    goals = iter(outcomes.filter(learner__in=learners.values("pk"))
                 .order_by("learner__reference", "learner_id", "academic_year", "review_date",
                           "pk")
                 .values_list("learner_id", "academic_year", "review_date", "provider__name",
                              "goal", "scheme_id", "pfa_area", "rating")
                 .iterator(chunk_size=2000))
    goal = next(goals, None)
    rows, seen, schemes = [], [], {}
    for pk, reference, la_id, la_name, born, need in (
            learners.order_by("reference", "pk")
            .values_list("pk", "reference", "local_authority_id", "local_authority__name",
                         "year_of_birth", "primary_need").iterator(chunk_size=2000)):
        facts = [reference, la_name, str(born), needs.get(need, need)]
        had = False
        while goal is not None and goal[0] == pk:
            _, year, review, provider, text, scheme_id, area, rating = goal
            if scheme_id not in schemes:
                schemes[scheme_id] = scheme_by_pk(scheme_id)
            scheme = schemes[scheme_id]
            rows.append([*facts, year, review.isoformat(), provider, text,
                         scheme.area_label(area), scheme.rating_label(rating)])
            seen.append((la_id, reference))
            had, goal = True, next(goals, None)
        if not had:
            rows.append([*facts, "", "", "", "", "", ""])
            seen.append((la_id, reference))
    record_access(request, Kind.DOWNLOAD, seen)
    return attachment(csv_bytes(LEARNER_COLUMNS, rows), "learners.csv")


def _learner(request, pk) -> Learner:
    return get_object_or_404(Learner.objects.visible_to(request.user)
                             .select_related("local_authority"), pk=pk)


def _labelled(outcomes) -> list[dict]:
    """Each outcome with its area, rating and soft outcomes as its scheme labels them."""
    schemes = {}
    rows = []
    for outcome in outcomes:
        if outcome.scheme_id not in schemes:
            schemes[outcome.scheme_id] = scheme_by_pk(outcome.scheme_id)
        scheme = schemes[outcome.scheme_id]
        rows.append({"outcome": outcome, "area": scheme.area_label(outcome.pfa_area),
                     "rating": scheme.rating_label(outcome.rating),
                     "soft": scheme.soft_labelled(outcome.soft)})
    return rows


@require_GET
def learner_detail(request, pk):
    """One learner: the goals the user may see by academic year, newest first, and for the
    LA's people the medium-term outcomes with their steps and the history of changes."""
    learner = _learner(request, pk)
    user = request.user
    outcomes = (GoalOutcome.objects.visible_to(user).filter(learner=learner)
                .select_related("provider").order_by("-academic_year", "review_date", "pk"))
    years: dict[str, list] = {}
    for row in _labelled(outcomes):
        years.setdefault(row["outcome"].academic_year, []).append(row)
    la_staff = user.is_admin or learner.local_authority_id in member_org_ids(user, LA_KINDS)
    shown = [(learner.local_authority_id, learner.reference)]
    record_access(request, Kind.LEARNER, shown * max(1, sum(len(r) for r in years.values())))
    scheme = current_scheme()
    with_steps = scheme is not None and bool(scheme.steps)
    return render(request, "outcomes/learner_detail.html", {
        "learner": learner, "years": list(years.items()),
        # The plan's medium-term outcomes with their steps: the LA's own people's (the steps
        # name every provider). A provider the LA shares the learner with sees the outcomes
        # alone, to send the step reached at a review.
        "timelines": medium_term.timelines(learner, scheme) if la_staff and with_steps else None,
        "plan": medium_term.plan_of(learner, scheme) if not la_staff and with_steps else None,
        "sends": not la_staff and sends_progress_anywhere(user),
        "can_manage": can(user, "outcomes.manage_outcomes", learner.local_authority),
        "changes": learner_changes(learner) if la_staff else None,
        "breadcrumbs": _crumbs(("Learners", reverse("outcomes:learners")),
                               (learner.reference, None)),
    })


@require_http_methods(["GET", "POST"])
def learner_add(request):
    """Add a learner by hand to an LA the user manages outcomes for."""
    las = _las_where(request.user, "outcomes.manage_outcomes")
    if not las:
        raise PermissionDenied(services.NOT_ALLOWED)
    form = LearnerForm(request.POST or None, local_authorities=las)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            learner = services.learner_create(
                local_authority=data["local_authority"], reference=data["reference"],
                year_of_birth=data["year_of_birth"], primary_need=data["primary_need"],
                by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, LEARNER_ADDED.format(reference=learner.reference))
            return redirect("outcomes:learner", pk=learner.pk)
    return render(request, "outcomes/learner_form.html", {
        "form": form, "la": las[0] if len(las) == 1 else None,
        "breadcrumbs": _crumbs(("Learners", reverse("outcomes:learners")),
                               ("Add a learner", None)),
    })


def _outcome_page(request, form, learner, title, outcome=None):
    return render(request, "outcomes/outcome_form.html", {
        "form": form, "learner": learner, "title": title, "outcome": outcome,
        "breadcrumbs": _crumbs(("Learners", reverse("outcomes:learners")),
                               (learner.reference, reverse("outcomes:learner", args=[learner.pk])),
                               (title, None)),
    })


def _scheme():
    scheme = current_scheme()
    if scheme is None:
        raise Http404(NO_SCHEME)
    return scheme


@require_http_methods(["GET", "POST"])
def outcome_add(request, pk):
    """Record a goal's outcome for a learner by hand."""
    learner = _learner(request, pk)
    services.require_manage(request.user, learner.local_authority)
    form = OutcomeForm(request.POST or None, local_authority=learner.local_authority,
                       scheme=_scheme(), new=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.outcome_record(
                learner=learner, academic_year=data["academic_year"],
                review_date=data["review_date"], provider=data["provider"], goal=data["goal"],
                pfa_area=data["pfa_area"], rating=data["rating"], soft=data["soft"],
                by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, GOAL_ADDED.format(reference=learner.reference))
            return redirect("outcomes:learner", pk=learner.pk)
    return _outcome_page(request, form, learner, "Add a goal")


@require_http_methods(["GET", "POST"])
def outcome_edit(request, pk):
    """Correct a recorded goal's review date, provider, area, rating or soft outcomes."""
    outcome = get_object_or_404(GoalOutcome.objects.visible_to(request.user)
                                .select_related("learner__local_authority"), pk=pk)
    learner = outcome.learner
    services.require_manage(request.user, learner.local_authority)
    form = OutcomeForm(request.POST or None, initial=OutcomeForm.initial_for(outcome),
                       local_authority=learner.local_authority, scheme=_scheme(), new=False)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.outcome_change(
                outcome=outcome, by=request.user, review_date=data["review_date"],
                provider=data["provider"], pfa_area=data["pfa_area"], rating=data["rating"],
                soft=data["soft"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, GOAL_SAVED.format(reference=learner.reference))
            return redirect("outcomes:learner", pk=learner.pk)
    return _outcome_page(request, form, learner, "Correct a goal", outcome)


@require_http_methods(["GET", "POST"])
def sharing(request):
    """GET: each LA's commissioned providers, and whether each sees learner rows. POST:
    switch one (``la``, ``provider``, ``share`` "yes" or "no"), then back to the list."""
    las = _las_where(request.user, "outcomes.share_learner_rows")
    if not las:
        raise PermissionDenied(services.NOT_ALLOWED_TO_SHARE)
    if request.method == "POST":
        la = next((la for la in las if la.pk == parse_id(request.POST.get("la"))), None)
        provider_id = parse_id(request.POST.get("provider"))
        provider = (Organisation.objects.filter(
            pk=provider_id, kind=Organisation.Kind.PROVIDER,
            pk__in=Commissioning.objects.filter(commissioner=la).values("provider")).first()
            if la is not None and provider_id else None)
        share = request.POST.get("share")
        if provider is None or share not in ("yes", "no"):
            raise Http404("No such provider of yours.")
        services.learner_sharing_set(local_authority=la, provider=provider,
                                     shared=share == "yes", by=request.user)
        said = SHARED if share == "yes" else UNSHARED
        messages.success(request, said.format(provider=provider.name, la=la.name))
        return redirect("outcomes:sharing")
    shared = set(LearnerSharing.objects.filter(local_authority__in=las)
                 .values_list("local_authority_id", "provider_id"))
    links = (Commissioning.objects.filter(commissioner__in=las,
                                          provider__kind=Organisation.Kind.PROVIDER)
             .select_related("provider").order_by("provider__name", "pk"))
    by_la = {la.pk: [] for la in las}
    for link in links:
        by_la[link.commissioner_id].append(
            (link.provider, (link.commissioner_id, link.provider_id) in shared))
    return render(request, "outcomes/sharing.html", {
        "las": [(la, by_la[la.pk]) for la in las], "several": len(las) > 1,
        "breadcrumbs": _crumbs(("Learners", reverse("outcomes:learners")),
                               ("Which providers see learner rows", None)),
    })
