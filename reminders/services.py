"""Sending the reminders due on a day: each to its people, once per person and event (the
notification's unique event key holds that, even with two runs at once), as each person
chose (``notifications.models.Preference``)."""
import datetime
from dataclasses import dataclass

from django.utils import timezone

from notifications.models import Notification, Preference
from notifications.services import notify, preferences_for

from .rules import due_on


@dataclass(frozen=True)
class Sent:
    """One reminder to one person (or, in a dry run, one that would go)."""

    user: object
    subject: str
    how: str  # the person's Preference.Reminders value


def send_reminders(today: datetime.date | None = None, *, dry_run: bool = False,
                   now=None) -> list[Sent]:
    """Send every reminder due on ``today`` (the local date) that has not gone to its person
    before, skipping those who take none. A dry run writes and sends nothing and returns
    what would go."""
    today = today or timezone.localdate()
    reminders = due_on(today)
    people = {u.pk for r in reminders for u in r.recipients}
    choices = preferences_for(people)
    already = set()
    if dry_run:
        already = set(Notification.objects.filter(
            user_id__in=people, event_key__in={r.message.event_key for r in reminders})
            .values_list("user_id", "event_key"))
    sent = []
    for reminder in reminders:
        for user in reminder.recipients:
            choice = choices[user.pk]
            if choice == Preference.Reminders.NONE:
                continue
            if dry_run:
                if (user.pk, reminder.message.event_key) not in already:
                    sent.append(Sent(user, reminder.message.subject, choice))
            elif notify(user, reminder.message, now=now, reminder_choice=choice):
                sent.append(Sent(user, reminder.message.subject, choice))
    return sent
