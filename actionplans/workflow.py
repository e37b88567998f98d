"""An action's statuses: the groups every reader asks about. An action is open until it is done
or dropped; an open action past its due date is overdue. Querysets, dashboards, reports and
reminders read these, never the status strings."""
from django.db.models import Q

from .models import Action

Status = Action.Status

STATUSES = frozenset(Status)
# Finished with: carried out, or given up with a reason.
CLOSED = frozenset({Status.DONE, Status.DROPPED})
# Still to be carried out: what "open actions" counts everywhere.
OPEN = STATUSES - CLOSED
DONE = frozenset({Status.DONE})


def is_open(action) -> bool:
    return action.status not in CLOSED


def is_overdue(action, today) -> bool:
    """Open and past its due date."""
    return is_open(action) and action.due_date is not None and action.due_date < today


# The database form of is_open and is_overdue, as conditions (for a filter or a count);
# ``prefix`` reaches the action.
def open_q(prefix: str = "") -> Q:
    return ~Q(**{f"{prefix}status__in": CLOSED})


def overdue_q(today, prefix: str = "") -> Q:
    return open_q(prefix) & Q(**{f"{prefix}due_date__lt": today})


def done_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": DONE})


# How an open action of an earlier year's plan is closed when next year's plan is started
# (``carry_forward``): done, dropped with a reason, or carried forward. Carried forward closes
# it in its own year as dropped, the reason naming the year it went to: it was not carried
# out there, so it never counts as done; ``Action.carried_to`` leads to the new action.
CLOSED_AS_DONE = Status.DONE
CLOSED_AS_DROPPED = Status.DROPPED
CLOSED_AS_CARRIED_FORWARD = Status.DROPPED
