"""Version 1's actions: each action in the action plans the organisation's lead sees
(``Action.objects.visible_to``: a Stage 2 action on a provider's unshared draft stays its own),
whether it is open and overdue by the one rule (``actionplans.workflow``), filtered by
academic year, provider and state."""
import datetime
from typing import Literal

from django.utils import timezone
from ninja import Field

from actionplans import workflow
from actionplans.models import Action

from .base import AboutAProvider, Answer, YearAndProvider, collection, csv_of, require_scope
from .models import Scope
from .paging import page_of

# The states a filter may ask for, each the workflow's own condition.
STATES = {"open": lambda today: workflow.open_q(),
          "overdue": lambda today: workflow.overdue_q(today),
          "done": lambda today: workflow.done_q(),
          "closed": lambda today: ~workflow.open_q()}
StateName = Literal[tuple(STATES)]


class ActionRow(AboutAProvider):
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


class Actions(Answer):
    results: list[ActionRow]
    next: str | None


class ActionFilters(YearAndProvider):
    state: StateName | None = Field(None, description="open, overdue, done or closed.")


@collection("/actions", query=ActionFilters, answer=Actions, tag="Actions",
            csv=csv_of(list(ActionRow.model_fields), "actions.csv"))
def actions(request, q: ActionFilters) -> dict:
    """The actions of the action plans your organisation's lead sees, by id. ``state``: open,
    overdue (open and past its date), done, or closed (done or dropped)."""
    require_scope(request, Scope.QUALITY)
    today = timezone.localdate()
    rows = (Action.objects.visible_to(request.reader)
            .select_related("plan__provider", "section"))
    if q.academic_year:
        rows = rows.filter(plan__period=q.academic_year)
    if q.provider:
        rows = rows.filter(plan__provider__slug=q.provider)
    if q.state:
        rows = rows.filter(STATES[q.state](today))
    if q.updated_since:
        rows = rows.filter(updated_at__gte=q.updated_since)

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

    results, next_url = page_of(request, rows, cursor=q.cursor, limit=q.limit, row=row)
    return {"results": results, "next": next_url}
