"""The reminders: which dates have come, and who is told. Each rule reads what is due on
``today`` and returns, for each event, the message and the people it goes to; ``services``
sends them, once per person and event.

- An open action due within 14 days, and an open action overdue: the provider's leads, and
  the action's owner where "who" names one of the provider's people (by email or name).
- A provider's time to respond to shared visit judgements closing within 3 working days:
  the provider's leads; and once it has passed with no response: the leads and the visiting
  officers (the visit's team, else the partnership's officers).
- A cause-for-concern decision's review date passed with no later decision: the
  partnership's chairs.
- A QA visit planned in the next 7 days: the visiting officers, and the provider's leads
  once the record is shared with the provider (before that the visit is the partnership's
  own preparation).

A visit or a cause for concern whose commissioner has de-commissioned the provider is no longer
anyone's reminder: that organisation has stopped using the provider."""
import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from actionplans.models import Action
from notifications.models import Notification
from notifications.services import Message
from organisations.models import Membership, User
from organisations.selectors import decommissioned, people_in
from visits import workflow as visit_workflow
from visits.dates import add_working_days, long_date
from visits.models import ConcernDecision
from visits.notices import visiting_officers
from visits.selectors import visits as visit_records

ACTION_HORIZON = datetime.timedelta(days=14)
RESPONSE_WARNING_WORKING_DAYS = 3
VISIT_HORIZON = datetime.timedelta(days=7)

Kind = Notification.Kind
Role = Membership.Role


@dataclass(frozen=True)
class Reminder:
    """One event's message and the people it goes to."""

    message: Message
    recipients: tuple[User, ...]


def _days(n: int) -> str:
    return "today" if n == 0 else "tomorrow" if n == 1 else f"in {n} days"


def _ago(n: int) -> str:
    return "yesterday" if n == 1 else f"{n} days ago"


def _unique(*groups) -> tuple[User, ...]:
    seen = {}
    for group in groups:
        for user in group:
            seen.setdefault(user.pk, user)
    return tuple(seen.values())


def _owner(action: Action, staff: list[User]) -> list[User]:
    """The provider's person the action's "who" names, by email or name (none for a role or
    a team, such as "Head of centre")."""
    owner = action.owner.strip().casefold()
    return [u for u in staff if owner and owner in {u.email.casefold(),
                                                    u.display_name.casefold()}]


def action_reminders(today: datetime.date) -> list[Reminder]:
    actions = list(Action.objects.open().filter(due_date__lte=today + ACTION_HORIZON)
                   .select_related("plan__provider").order_by("due_date", "pk"))
    providers = {a.plan.provider_id for a in actions}
    leads = people_in(providers, [Role.PROVIDER_LEAD])
    staff = people_in(providers, [Role.PROVIDER_LEAD, Role.PROVIDER_STAFF])
    reminders = []
    for action in actions:
        provider = action.plan.provider
        what = (f"The action “{action.smart_action[:150]}” in {provider.name}’s action plan "
                f"for {action.plan.period}")
        due = long_date(action.due_date)
        if action.due_date >= today:
            days = (action.due_date - today).days
            message = Message(
                Kind.ACTION_DUE, f"action-due:{action.pk}:{action.due_date}",
                f"Action due {_days(days)}: {provider.name}",
                f"{what} is due on {due} ({_days(days)}). Owner: {action.owner}. It is "
                f"{action.get_status_display().lower()}.", action.get_absolute_url())
        else:
            days = (today - action.due_date).days
            message = Message(
                Kind.ACTION_OVERDUE, f"action-overdue:{action.pk}:{action.due_date}",
                f"Action overdue: {provider.name}",
                f"{what} was due on {due} ({_ago(days)}) and is "
                f"{action.get_status_display().lower()}. Owner: {action.owner}. Record its "
                "progress or agree a new date.", action.get_absolute_url())
        recipients = _unique(leads[provider.pk], _owner(action, staff[provider.pk]))
        reminders.append(Reminder(message, recipients))
    return reminders


def _officers(visits) -> dict[int, list[User]]:
    """Each visit's visiting officers: its team's officers, else its partnership's."""
    return visiting_officers(visits)


def response_reminders(today: datetime.date) -> list[Reminder]:
    closing_by = add_working_days(today, RESPONSE_WARNING_WORKING_DAYS)
    visits = list(visit_records().filter(
        state__in=visit_workflow.RESPONDABLE, response_due__isnull=False,
        response_due__lte=closing_by, provider_response="").exclude(decommissioned())
        .select_related("provider", "commissioner").order_by("response_due", "pk"))
    leads = people_in({v.provider_id for v in visits}, [Role.PROVIDER_LEAD])
    passed = [v for v in visits if v.response_due < today]
    officers = _officers(passed)
    reminders = []
    for visit in visits:
        due = long_date(visit.response_due)
        about = (f"the judgements of the QA visit to {visit.provider.name} by "
                 f"{visit.commissioner.name}")
        if visit.response_due >= today:
            days = (visit.response_due - today).days
            reminders.append(Reminder(Message(
                Kind.RESPONSE_CLOSING, f"response-closing:{visit.pk}:{visit.response_due}",
                f"Time to respond ends {_days(days)}: QA visit by {visit.commissioner.name}",
                f"{visit.provider.name} can respond to {about} until {due} ({_days(days)}). "
                "After that the partnership may finalise the visit without a response.",
                visit.get_absolute_url()), tuple(leads[visit.provider_id])))
        else:
            reminders.append(Reminder(Message(
                Kind.RESPONSE_PASSED, f"response-passed:{visit.pk}:{visit.response_due}",
                f"Time to respond has ended: QA visit to {visit.provider.name}",
                f"The time for {visit.provider.name} to respond to {about} ended on {due} with "
                "no response. The partnership can now finalise the visit.",
                visit.get_absolute_url()),
                _unique(leads[visit.provider_id], officers[visit.pk])))
    return reminders


def concern_review_reminders(today: datetime.date) -> list[Reminder]:
    later = ConcernDecision.objects.filter(concern=OuterRef("concern"),
                                           decided_at__gt=OuterRef("decided_at"))
    decisions = list(ConcernDecision.objects.filter(review_date__lt=today)
                     .exclude(Exists(later))
                     .exclude(decommissioned("concern__partnership", "concern__provider"))
                     .select_related("concern__provider", "concern__section")
                     .order_by("review_date", "pk"))
    chairs = people_in({d.concern.partnership_id for d in decisions}, [Role.PARTNERSHIP_CHAIR])
    reminders = []
    for decision in decisions:
        concern = decision.concern
        reminders.append(Reminder(Message(
            Kind.CONCERN_REVIEW, f"concern-review:{decision.pk}",
            f"Review date passed: {concern.provider.name}",
            f"The decision on the cause for concern about {concern.provider.name} "
            f"({concern.section.title}), “{decision.get_decision_display()}”, was to be "
            f"reviewed on {long_date(decision.review_date)}. Record the review's decision.",
            concern.get_absolute_url()), tuple(chairs[concern.partnership_id])))
    return reminders


def visit_reminders(today: datetime.date) -> list[Reminder]:
    visits = list(visit_records().filter(
        state__in=visit_workflow.SETUP, planned_visit_date__gte=today,
        planned_visit_date__lte=today + VISIT_HORIZON).exclude(decommissioned())
        .select_related("provider", "commissioner").order_by("planned_visit_date", "pk"))
    leads = people_in({v.provider_id for v in visits}, [Role.PROVIDER_LEAD])
    officers = _officers(visits)
    reminders = []
    for visit in visits:
        days = (visit.planned_visit_date - today).days
        shared = visit.state not in visit_workflow.PREPARING
        reminders.append(Reminder(Message(
            Kind.VISIT_SOON, f"visit-soon:{visit.pk}:{visit.planned_visit_date}",
            f"QA visit {_days(days)}: {visit.provider.name}",
            f"{visit.commissioner.name}’s QA visit to {visit.provider.name} is planned for "
            f"{long_date(visit.planned_visit_date)} ({_days(days)}).",
            visit.get_absolute_url()),
            _unique(officers[visit.pk], leads[visit.provider_id] if shared else [])))
    return reminders


# The reminder rules, in the order their reminders go. A closed list, not an extension point:
# reminders sits above every app it reads, so a new reminder is a function here, added to
# this tuple (docs/development/extension-points.md).
RULES = (action_reminders, response_reminders, concern_review_reminders, visit_reminders)


def due_on(today: datetime.date) -> list[Reminder]:
    """Every reminder due on ``today``, rule by rule."""
    return [reminder for rule in RULES for reminder in rule(today)]
