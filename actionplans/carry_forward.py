"""Starting next year's plan from the last: each open action of the provider's most recent
earlier plan is carried forward (a new action linked to it), closed as done, or dropped with a
reason, once."""
import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Subquery
from django.utils import timezone

from core.history import save_with_history
from organisations.models import Organisation, User
from organisations.permissions import can

from . import workflow
from .models import Action, ActionPlan
from .services import NOT_ALLOWED_TO_MANAGE, action_progress_record, plan_for

# The progress note (and reason) an action carried forward is closed with.
CARRIED_FORWARD_TO = "Carried forward to {period}"
CARRIED_FORWARD_FROM = "Carried forward from {period}"
NOTHING_DECIDED = "Choose what to do with at least one action."
ALREADY_DECIDED = ("“{action}” has already been carried forward, closed or dropped, or is not an "
                   "open action of the last plan: nothing was changed.")
DECIDED_TWICE = "“{action}” was given more than one decision: nothing was changed."
DUE_DATE_NEEDED = "Enter the new due date for “{action}”."
DUE_DATE_IN_PAST = "The new due date for “{action}” must be today or in the future."
NOTE_NEEDED = "Say what was done for “{action}”."
REASON_NEEDED = "Give the reason for dropping “{action}”."


class Choice(models.TextChoices):
    """What happens to an open action of the last plan."""

    CARRY = "carry", "Carry forward"
    CLOSE = "close", "Close as done"
    DROP = "drop", "Drop"


@dataclass(frozen=True)
class Decision:
    """One decision on one open action: ``due_date`` for carrying forward, ``note`` for
    closing as done, ``reason`` for dropping (the others are ignored)."""

    action: Action
    choice: str
    due_date: datetime.date | None = None
    note: str = ""
    reason: str = ""


class LastPlan(NamedTuple):
    period: str
    open_actions: int


def open_from_last_year(provider: Organisation, period: str, *, user: User | None = None):
    """The open actions of the provider's most recent plan before ``period`` (whichever year
    that is) that are not yet carried forward, as the plan page lists them; with ``user``,
    only those the user may see. One query; none when there is no earlier plan."""
    earlier = (ActionPlan.objects.filter(provider=provider, period__lt=period)
               .order_by("-period").values("period")[:1])
    actions = Action.objects.all() if user is None else Action.objects.visible_to(user)
    return (actions.filter(plan__provider=provider, plan__period=Subquery(earlier))
            .filter(workflow.open_q(), carried_to__isnull=True)
            .select_related("plan", "section__framework")
            .order_by("section__framework__name", "section__order", "created_at", "pk"))


def last_plan_open(provider: Organisation, period: str, *, user: User) -> LastPlan | None:
    """The year of the provider's last plan before ``period`` and how many of its open actions
    (that the user may see) are still to be decided, or None when there are none. One query."""
    rows = list(open_from_last_year(provider, period, user=user).order_by("plan__period")
                .values("plan__period").annotate(n=Count("pk"))[:1])
    return LastPlan(rows[0]["plan__period"], rows[0]["n"]) if rows else None


def carried_to(action: Action, user: User) -> Action | None:
    """The action that carries ``action`` forward, if the user may see it (one query, and
    none for an open action: carrying forward closes it)."""
    if workflow.is_open(action):
        return None
    return Action.objects.visible_to(user).filter(carried_from=action).select_related("plan").first()


def origin_visible(action: Action, user: User) -> bool:
    """Whether the user may open the action ``action`` was carried forward from (one query, or
    none when it was not carried forward)."""
    return bool(action.carried_from_id
                and Action.objects.visible_to(user).filter(pk=action.carried_from_id).exists())


def _check(decision: Decision, action: Action, today: datetime.date) -> None:
    """Refuse a decision without what it needs: a due date not before today, a note, a
    reason."""
    name = action.area
    if decision.choice == Choice.CARRY:
        if decision.due_date is None:
            raise ValidationError(DUE_DATE_NEEDED.format(action=name))
        if decision.due_date < today:
            raise ValidationError(DUE_DATE_IN_PAST.format(action=name))
    elif decision.choice == Choice.CLOSE:
        if not decision.note.strip():
            raise ValidationError(NOTE_NEEDED.format(action=name))
    elif decision.choice == Choice.DROP:
        if not decision.reason.strip():
            raise ValidationError(REASON_NEEDED.format(action=name))
    else:
        raise ValidationError(f"“{decision.choice}” is not a decision.")


def _carry(action: Action, *, plan: ActionPlan, due_date, by: User) -> Action:
    """A copy of ``action`` in ``plan`` (area, section, SMART action, who, how success is
    measured; not its source, which the original keeps) due on ``due_date``, linked to it;
    the original closed with a progress note naming the year."""
    new = Action(plan=plan, section=action.section, area=action.area,
                 smart_action=action.smart_action, owner=action.owner,
                 success_measure=action.success_measure, due_date=due_date,
                 carried_from=action, created_by=by)
    new.full_clean()  # the unique carried_from: carried forward once
    try:
        with transaction.atomic():
            save_with_history(new, by=by, reason=CARRIED_FORWARD_FROM.format(period=action.plan.period))
    except IntegrityError:  # carried forward by someone else in the meantime
        raise ValidationError(ALREADY_DECIDED.format(action=action.area)) from None
    note = CARRIED_FORWARD_TO.format(period=plan.period)
    action_progress_record(action=action, by=by, note=note,
                           status=workflow.CLOSED_AS_CARRIED_FORWARD, dropped_reason=note)
    return new


@transaction.atomic
def carry_forward(*, plan: ActionPlan, decisions: list[Decision], by: User) -> list[Action]:
    """Apply each decision on an open action of the provider's last plan before ``plan``'s
    year: carry it forward into ``plan`` (a new action with the new due date, which must not be
    before today), close it as done (with the note) or drop it (with the reason), through the
    progress service, so each keeps its progress notes and history. All or nothing; each action
    is decided once (a second decision is refused). Returns the new actions."""
    if not can(by, "actionplans.manage_plan", plan):
        raise PermissionDenied(NOT_ALLOWED_TO_MANAGE)
    if not decisions:
        raise ValidationError(NOTHING_DECIDED)
    seen = set()
    for decision in decisions:
        if decision.action.pk in seen:
            raise ValidationError(DECIDED_TWICE.format(action=decision.action.area))
        seen.add(decision.action.pk)
    offered = {a.pk: a for a in open_from_last_year(plan.provider, plan.period)
               .select_for_update(of=("self",)).filter(pk__in=seen)}
    today = timezone.localdate()
    for decision in decisions:
        action = offered.get(decision.action.pk)
        if action is None:
            raise ValidationError(ALREADY_DECIDED.format(action=decision.action.area))
        _check(decision, action, today)
    made = []
    for decision in decisions:
        action = offered[decision.action.pk]
        if decision.choice == Choice.CARRY:
            made.append(_carry(action, plan=plan, due_date=decision.due_date, by=by))
        elif decision.choice == Choice.CLOSE:
            action_progress_record(action=action, by=by, note=decision.note,
                                   status=workflow.CLOSED_AS_DONE)
        else:
            action_progress_record(action=action, by=by, note=decision.reason,
                                   status=workflow.CLOSED_AS_DROPPED, dropped_reason=decision.reason)
    return made


def carry_forward_into(*, provider: Organisation, period: str, decisions: list[Decision],
                       by: User) -> ActionPlan:
    """``carry_forward`` into the provider's plan for ``period``, made if there is none yet (and
    not made if the decisions are refused)."""
    with transaction.atomic():
        plan = plan_for(provider, period)
        carry_forward(plan=plan, decisions=decisions, by=by)
    return plan


def summary(decisions: list[Decision]) -> str:
    """What was done, for the page's message: "3 actions decided: 1 carried forward, 1 closed
    as done, 1 dropped."."""
    done = [f"{n} {words}" for choice, words in ((Choice.CARRY, "carried forward"),
                                                 (Choice.CLOSE, "closed as done"),
                                                 (Choice.DROP, "dropped"))
            if (n := sum(d.choice == choice for d in decisions))]
    count = len(decisions)
    return f"{count} action{'' if count == 1 else 's'} decided: {', '.join(done)}."
