"""Action plan pages: plans, a provider's plan for a year with the areas its assessments
propose, actions with their progress, adding a Stage 2 action from a self-assessment, and
deciding what happens to last year's open actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from assessments.records import record_type
from assessments.selectors import self_assessment_frameworks, self_assessments
from core.forms import add_service_errors, parse_id, posted
from core.lists import ListFilters, page_of
from core.periods import academic_year, period_from_slug, period_slug
from frameworks.models import Section
from organisations.models import Organisation
from organisations.permissions import can
from organisations.selectors import provider_orgs_of
from reviews.models import ReviewItem

from . import carry_forward, selectors, services
from .forms import ActionForm, CarryForwardForm, ProgressForm, Stage2ActionForm
from .models import Action, ActionPlan


def _period(value: str) -> str:
    try:
        return period_from_slug(value)
    except ValueError:
        raise Http404("Unknown academic year.") from None


def _provider(request, slug) -> Organisation:
    return get_object_or_404(Organisation.objects.visible_to(request.user).providers(), slug=slug)


def _plan_crumbs(provider, period, *tail):
    url = reverse("actionplans:plan", args=[provider.slug, period_slug(period)])
    return [("Home", reverse("home")), ("Action plans", reverse("actionplans:list")),
            (f"{provider.name}, {period}", url if tail else None), *tail]


def plan_list(request):
    """The plans the user can see, 50 to a page, newest year first, filtered by academic year
    and by open or overdue actions and searched by provider name; actions are counted for the
    page's rows only. A provider's own people also get a link to this year's plan."""
    user = request.user
    filters = ListFilters.read(request.GET, years=selectors.plan_years(user),
                               states=selectors.PlanState.choices)
    page = page_of(selectors.plans_for(user, year=filters.year, state=filters.state, q=filters.q),
                   request.GET.get("page"))
    this_year = academic_year(timezone.localdate())
    return render(request, "actionplans/plan_list.html", {
        "plans": selectors.with_action_counts(user, page), "page": page, "filters": filters,
        "providers": provider_orgs_of(user), "this_year": this_year,
        "this_year_slug": period_slug(this_year),
        "breadcrumbs": [("Home", reverse("home")), ("Action plans", None)],
    })


def plan_detail(request, slug, period):
    provider = _provider(request, slug)
    period = _period(period)
    plan = ActionPlan.objects.filter(provider=provider, period=period).first()
    can_manage = can(request.user, "actionplans.manage_plan", provider)
    return render(request, "actionplans/plan_detail.html", {
        "provider": provider, "period": period, "period_slug": period_slug(period), "plan": plan,
        "actions": list(selectors.plan_actions(provider, period, user=request.user)) if plan else [],
        "proposals": selectors.proposals(provider, period, request.user) if can_manage else [],
        "can_manage": can_manage,
        # Last year's open actions still to decide: for those who may decide them.
        "last_plan": carry_forward.last_plan_open(provider, period, user=request.user)
        if can_manage else None,
        "breadcrumbs": _plan_crumbs(provider, period),
    })


def carry_forward_view(request, slug, period):
    """Each open action of the provider's last plan before this year, to carry forward into
    this year's plan (with a new due date), close as done or drop; the plan is made when the
    first decisions are saved. An invalid form is shown again with its errors (400)."""
    provider = _provider(request, slug)
    period = _period(period)
    if not can(request.user, "actionplans.manage_plan", provider):
        raise PermissionDenied(services.NOT_ALLOWED_TO_MANAGE)
    actions = list(carry_forward.open_from_last_year(provider, period, user=request.user))
    form = CarryForwardForm(posted(request), actions=actions)
    plan_url = reverse("actionplans:plan", args=[provider.slug, period_slug(period)])
    if request.method == "POST" and form.is_valid():
        decisions = form.decisions()
        try:
            carry_forward.carry_forward_into(provider=provider, period=period,
                                             decisions=decisions, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, carry_forward.summary(decisions))
            return redirect(plan_url)
    return render(request, "actionplans/carry_forward.html", {
        "provider": provider, "period": period, "form": form, "plan_url": plan_url,
        "last_period": actions[0].plan.period if actions else None,
        "breadcrumbs": _plan_crumbs(provider, period, ("Open actions from last year", None)),
    }, status=400 if request.method == "POST" else 200)


def _action_sections():
    return (Section.objects.filter(framework__in=self_assessment_frameworks())
            .select_related("framework").order_by("framework__name", "order"))


def action_create(request, slug, period):
    """Add an action; from a proposal, the area, section and source assessment come filled."""
    provider = _provider(request, slug)
    period = _period(period)
    if not can(request.user, "actionplans.manage_plan", provider):
        raise PermissionDenied(services.NOT_ALLOWED_TO_MANAGE)
    source = None
    assessment_id = parse_id(request.GET.get("assessment") or request.POST.get("assessment"))
    if assessment_id:
        source = (self_assessments().visible_to(request.user)
                  .filter(provider=provider, period=period, pk=assessment_id).first())
    initial = {}
    section_id = parse_id(request.GET.get("section"))
    section = _action_sections().filter(pk=section_id).first() if section_id else None
    if section:
        initial = {"section": section.pk, "area": section.title}
    form = ActionForm(request.POST or None, initial=initial, sections=_action_sections())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = services.action_create(
                provider=provider, period=period, by=request.user, section=data["section"],
                area=data["area"], smart_action=data["smart_action"], due_date=data["due_date"],
                owner=data["owner"], success_measure=data["success_measure"],
                source_assessment=source)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Added an action for {action.area}.")
            return redirect(action.plan)
    return render(request, "actionplans/action_form.html", {
        "provider": provider, "period": period, "form": form, "source": source,
        "title": "Add an action",
        "cancel_url": reverse("actionplans:plan", args=[provider.slug, period_slug(period)]),
        "breadcrumbs": _plan_crumbs(provider, period, ("Add an action", None)),
    })


def _action(request, pk) -> Action:
    return get_object_or_404(
        Action.objects.visible_to(request.user)
        .select_related("plan__provider", "section__framework", "source_assessment__framework",
                        "source_visit__framework", "criterion", "carried_from__plan"),
        pk=pk,
    )


def _source_visible(user, source) -> bool:
    """Whether the user may open the record the action came from (one query)."""
    return source is not None and (record_type(source).records().visible_to(user)
                                   .filter(pk=source.pk).exists())


def action_detail(request, pk):
    """An action, its progress updates (newest first), and the form to record progress."""
    action = _action(request, pk)
    plan = action.plan
    can_manage = can(request.user, "actionplans.manage_plan", plan)
    form = ProgressForm(request.POST or None, initial={"status": action.status})
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(services.NOT_ALLOWED_TO_MANAGE)
        if form.is_valid():
            try:
                services.action_progress_record(
                    action=action, by=request.user, note=form.cleaned_data["note"],
                    status=form.cleaned_data["status"],
                    dropped_reason=form.cleaned_data["dropped_reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Progress recorded.")
                return redirect(action)
    return render(request, "actionplans/action_detail.html", {
        "action": action, "plan": plan, "form": form, "can_manage": can_manage,
        "updates": action.updates.select_related("created_by"),
        # A commissioner does not see a provider's unshared draft, so gets no link to it.
        "source_visible": _source_visible(request.user, action.source),
        # Carried forward from an earlier year's action, or to a later year's.
        "origin_visible": carry_forward.origin_visible(action, request.user),
        "carried_to": carry_forward.carried_to(action, request.user),
        "breadcrumbs": _plan_crumbs(plan.provider, plan.period, (action.area, None)),
    })


def action_edit(request, pk):
    action = _action(request, pk)
    if not can(request.user, "actionplans.manage_plan", action.plan):
        raise PermissionDenied(services.NOT_ALLOWED_TO_MANAGE)
    initial = {"area": action.area, "smart_action": action.smart_action,
               "due_date": action.due_date, "owner": action.owner,
               "success_measure": action.success_measure, "outcome": action.outcome}
    form = ActionForm(request.POST or None, initial=initial, with_outcome=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_edit(action=action, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Action saved.")
            return redirect(action)
    plan = action.plan
    return render(request, "actionplans/action_form.html", {
        "provider": plan.provider, "period": plan.period, "form": form, "action": action,
        "title": "Change the action",
        "breadcrumbs": _plan_crumbs(plan.provider, plan.period, (action.area, action.get_absolute_url()),
                                    ("Change", None)),
    })


def stage2_action_create_view(request, pk):
    assessment = get_object_or_404(
        self_assessments().visible_to(request.user)
        .select_related("framework", "provider"), pk=pk,
    )
    if not can(request.user, "assessments.edit_self_assessment", assessment):
        raise PermissionDenied(services.NOT_ALLOWED_TO_ADD_ACTION)
    initial = {}
    code = request.GET.get("section")
    if code and request.method == "GET":
        section = Section.objects.filter(framework=assessment.framework, code=code).first()
        if section:
            initial = {"section": section.pk, "area": section.title}
    form = Stage2ActionForm(request.POST or None, initial=initial, framework=assessment.framework)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.stage2_action_create(assessment=assessment, by=request.user, section=data["section"],
                                      area=data["area"], smart_action=data["smart_action"],
                                      due_date=data["due_date"], owner=data["owner"],
                                      success_measure=data["success_measure"])
        messages.success(request, f"Added an action for {data['section'].title}.")
        return redirect(assessment)
    return render(request, "actionplans/stage2_action_form.html", {
        "assessment": assessment, "form": form,
        "breadcrumbs": [
            ("Home", reverse("home")), ("Self-assessments", reverse("assessments:list")),
            (f"{assessment.framework.name}, {assessment.period}", assessment.get_absolute_url()),
            ("Add an action", None),
        ],
    })


@require_POST
def review_action_create(request, pk):
    """Turn a review's disagreement (a review item) into an action in the provider's plan,
    in one step, then back to the review's disagreements."""
    item = get_object_or_404(ReviewItem.objects.visible_to(request.user)
                             .select_related("review", "response__criterion"), pk=pk)
    back = reverse("reviews:overview", args=[item.review_id]) + "#disagreements"
    try:
        action = services.action_from_disagreement(item=item, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(request, f"{item.response.criterion.code} is now an action in "
                              f"{action.plan.provider.name}'s plan for {action.plan.period}, "
                              "for the provider to agree and make SMART.")
    return redirect(back)
