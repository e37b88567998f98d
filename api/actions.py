"""Version 1's actions: each action in the action plans the organisation's lead sees
(``Action.objects.visible_to``: a Stage 2 action on a provider's unshared draft stays its own),
whether it is open and overdue by the one rule (``actionplans.workflow``), filtered by
academic year, provider and state."""
import datetime

from django.utils import timezone
from ninja import Query, Schema

from actionplans import workflow
from actionplans.models import Action

from .base import ERRORS, api, require_scope
from .models import Scope
from .paging import LARGEST_PAGE, PAGE, BadParameter, as_csv, check_parameters, page_of

FILTERS = ("academic_year", "provider", "state")
# The states a filter may ask for, each the workflow's own condition.
STATES = {"open": lambda today: workflow.open_q(),
          "overdue": lambda today: workflow.overdue_q(today),
          "done": lambda today: workflow.done_q(),
          "closed": lambda today: ~workflow.open_q()}
# Tests assert this.
BAD_STATE = "state must be one of: " + ", ".join(STATES) + "."


class ActionRow(Schema):
    id: int
    provider_id: int
    provider_slug: str
    provider: str
    academic_year: str
    area: str
    section: str
    source: str  # "self-assessment", "QA visit" or ""
    smart_action: str
    owner: str
    due_date: datetime.date | None
    success_measure: str
    status: str
    open: bool
    overdue: bool
    updated_at: datetime.datetime


class Actions(Schema):
    results: list[ActionRow]
    next: str | None


FIELDS = list(ActionRow.model_fields)


def _page(request, cursor, limit, academic_year, provider, state, updated_since):
    check_parameters(request, FILTERS)
    require_scope(request, Scope.QUALITY)
    today = timezone.localdate()
    rows = (Action.objects.visible_to(request.reader)
            .select_related("plan__provider", "section"))
    if academic_year:
        rows = rows.filter(plan__period=academic_year)
    if provider:
        rows = rows.filter(plan__provider__slug=provider)
    if state:
        if state not in STATES:
            raise BadParameter("state", BAD_STATE)
        rows = rows.filter(STATES[state](today))
    if updated_since:
        rows = rows.filter(updated_at__gte=updated_since)

    def row(action):
        source = ("self-assessment" if action.source_assessment_id
                  else "QA visit" if action.source_visit_id else "")
        return {"id": action.pk, "provider_id": action.plan.provider_id,
                "provider_slug": action.plan.provider.slug,
                "provider": action.plan.provider.name, "academic_year": action.plan.period,
                "area": action.area, "section": action.section.code if action.section else "",
                "source": source, "smart_action": action.smart_action, "owner": action.owner,
                "due_date": action.due_date, "success_measure": action.success_measure,
                "status": action.get_status_display(), "open": workflow.is_open(action),
                "overdue": workflow.is_overdue(action, today), "updated_at": action.updated_at}

    return page_of(request, rows, cursor=cursor, limit=limit, row=row)


@api.get("/actions", response={200: Actions, **ERRORS}, tags=["Actions"])
def actions(request, cursor: str | None = None,
            limit: int = Query(PAGE, ge=1, le=LARGEST_PAGE),
            updated_since: datetime.datetime | None = None,
            academic_year: str | None = Query(None, max_length=7),
            provider: str | None = Query(None, max_length=80),
            state: str | None = Query(None, max_length=10)):
    """The actions of the action plans your organisation's lead sees, by id. ``state``: open,
    overdue (open and past its date), done, or closed (done or dropped)."""
    results, next_url = _page(request, cursor, limit, academic_year, provider, state,
                              updated_since)
    return {"results": results, "next": next_url}


@api.get("/actions.csv", response={200: None, **ERRORS}, tags=["Actions"])
def actions_csv(request, cursor: str | None = None,
                limit: int = Query(PAGE, ge=1, le=LARGEST_PAGE),
                updated_since: datetime.datetime | None = None,
                academic_year: str | None = Query(None, max_length=7),
                provider: str | None = Query(None, max_length=80),
                state: str | None = Query(None, max_length=10)):
    """The same as CSV; the next page in the ``Link`` header."""
    results, next_url = _page(request, cursor, limit, academic_year, provider, state,
                              updated_since)
    return as_csv(FIELDS, results, next_url, "actions.csv")
