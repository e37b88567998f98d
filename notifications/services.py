"""Writing notifications and sending their emails. Reminders (``reminders.rules``, through
``notify``) and events (``events``, through ``notify_event``) are the only ways a
``Notification`` is written.

Each notification is listed on its person's notifications page. Its email goes as the person
chose (``Preference``): at once, in the daily digest, or not at all; a reminder for someone
who takes none is not written at all, and an event with ``always_email`` (a cause for concern
to the partnership's chairs) is emailed at once whatever they chose. Every email says what
happened and links to the page it is about.

Emails are sent by a background task (``tasks.send_email``, on the worker), queued in the
same transaction as the notification: the task is a row in the same database, so an action
that rolls back queues nothing and one that commits cannot lose its email. A failed send is
tried again later, a bounded number of times (``tasks.RETRY_AFTER``)."""
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .events import Event
from .models import Notification, Preference

# Notifications older than this are deleted by ``prune``.
KEPT_FOR = datetime.timedelta(days=365)

DIGEST_SUBJECT = "{count} notifications from {service}"
DIGEST_SUBJECT_ONE = "1 notification from {service}"
DIGEST_INTRO = "What {service} has told you since your last summary:"
EMAIL_FOOTER = ("You can change how reminders and notifications reach you by email on the "
                "notifications page:\n{url}")


@dataclass(frozen=True)
class Message:
    """What to tell a user: the kind, the event it is about (one notification per user and
    event), a subject and body in plain words, and the page (a path) it links to."""

    kind: str
    event_key: str
    subject: str
    body: str
    url: str


def absolute(path: str, base_url: str = "") -> str:
    """A link for an email: the portal's address (the request's, else ``SITE_URL``) and the
    path."""
    return (base_url or settings.SITE_URL).rstrip("/") + path


def preferences_for(user_ids) -> dict[int, str]:
    """Each user's reminder choice, the default for those who never chose (one query)."""
    chosen = dict(Preference.objects.filter(user_id__in=list(user_ids))
                  .values_list("user_id", "reminders"))
    return {pk: chosen.get(pk, Preference.DEFAULT) for pk in user_ids}


def preference_of(user) -> str:
    return preferences_for([user.pk])[user.pk]


def preference_set(*, user, reminders: str) -> Preference:
    if reminders not in Preference.Reminders.values:
        raise ValueError(f"Unknown reminder choice {reminders!r}")
    preference, _ = Preference.objects.update_or_create(user=user,
                                                        defaults={"reminders": reminders})
    return preference


def _queue_email(notification_ids: list[int], *, base_url: str = "",
                 digest: bool = False) -> None:
    from .tasks import send_email

    send_email.enqueue(notification_ids, base_url, digest)


def _tell(user, message: Message, *, email: str, now, base_url: str) -> Notification | None:
    """Write ``user``'s notification of ``message`` unless they have it already, and email it
    as ``email`` says (a ``Preference.Reminders`` value). None when they had it."""
    digest = email == Preference.Reminders.DIGEST
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            user=user, event_key=message.event_key,
            defaults={"kind": message.kind, "subject": message.subject[:200],
                      "body": message.body, "url": message.url, "created_at": now,
                      "in_digest": digest})
        if not created:
            return None
        if email == Preference.Reminders.IMMEDIATE:
            _queue_email([notification.pk], base_url=base_url)
    return notification


def notify(user, message: Message, *, now=None, reminder_choice: str | None = None,
           base_url: str = "") -> Notification | None:
    """Tell ``user`` about ``message`` once: a second call for the same user and event does
    nothing and returns None. ``reminder_choice`` is the user's ``Preference`` for a
    reminder ("none" writes nothing); without one the email goes at once."""
    if not user.is_active or reminder_choice == Preference.Reminders.NONE:
        return None
    return _tell(user, message, email=reminder_choice or Preference.Reminders.IMMEDIATE,
                 now=now or timezone.now(), base_url=base_url)


def notify_event(event: Event, *, about, recipients, url: str, by=None, base_url: str = "",
                 now=None, **fields) -> list[Notification]:
    """Tell each of ``recipients`` (the event's audience) of ``event`` about the thing
    ``about`` names (its id, with anything that makes a new occurrence a new event), except
    ``by``, who acted. Each is told once however often this is called: listed in the portal
    always, emailed as they chose unless the event is always emailed. ``url`` is the page
    it is about; ``fields`` fill the event's subject and body. Call it inside the action's
    transaction: if that rolls back, nobody is told. Returns the new notifications."""
    message = Message(event.kind, event.key_for(about), event.subject.format(**fields),
                      event.body.format(**fields), url)
    people = {}
    for user in recipients:
        if user.is_active and (by is None or user.pk != by.pk):
            people.setdefault(user.pk, user)
    choices = preferences_for(people)
    now = now or timezone.now()
    told = []
    for pk, user in people.items():
        email = Preference.Reminders.IMMEDIATE if event.always_email else choices[pk]
        notification = _tell(user, message, email=email, now=now, base_url=base_url)
        if notification is not None:
            told.append(notification)
    return told


def email_text(notifications: list[Notification], *, base_url: str = "",
               digest: bool = False) -> tuple[str, str]:
    """The subject and text of one email: a notification alone, or a digest of several."""
    footer = EMAIL_FOOTER.format(url=absolute(reverse("notifications:list"), base_url))
    if not digest:
        [notification] = notifications
        return notification.subject, (f"{notification.body}\n\n"
                                      f"{absolute(notification.url, base_url)}\n\n{footer}")
    service = settings.SERVICE_NAME
    subject = (DIGEST_SUBJECT_ONE.format(service=service) if len(notifications) == 1
               else DIGEST_SUBJECT.format(count=len(notifications), service=service))
    items = "\n\n".join(f"- {n.subject}\n  {n.body}\n  {absolute(n.url, base_url)}"
                         for n in notifications)
    return subject, f"{DIGEST_INTRO.format(service=service)}\n\n{items}\n\n{footer}"


def deliver(notification_ids: list[int], *, base_url: str = "", digest: bool = False,
            now=None) -> str:
    """Send the email for these notifications of one person (the email task's work), unless
    it went already or they no longer have an active account, and record when it went.
    Raises whatever the mail server raised; nothing is recorded then."""
    rows = list(Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
                .select_related("user").order_by("created_at", "pk"))
    if not rows:
        return "nothing to send"
    user = rows[0].user
    if not user.is_active:
        return "not sent: the account is no longer active"
    subject, text = email_text(rows, base_url=base_url, digest=digest)
    send_mail(subject, text, None, [user.email])
    Notification.objects.filter(pk__in=[n.pk for n in rows]).update(
        emailed_at=now or timezone.now())
    return "sent"


def send_digests(*, now=None) -> int:
    """Queue each user's waiting digest notifications as one email. Returns the number of
    emails."""
    waiting = (Notification.objects.filter(in_digest=True, emailed_at__isnull=True)
               .order_by("user_id", "created_at", "pk").values_list("user_id", "pk"))
    by_user: dict[int, list[int]] = {}
    for user_id, pk in waiting:
        by_user.setdefault(user_id, []).append(pk)
    emails = 0
    for ids in by_user.values():
        with transaction.atomic():
            # Taken out of the digest as its email is queued, so two runs at once, or the
            # next day's before a retry succeeds, never send it twice.
            if Notification.objects.filter(pk__in=ids, in_digest=True).update(in_digest=False):
                _queue_email(ids, digest=True)
                emails += 1
    return emails


def mark_read(notification: Notification, *, now=None) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=now or timezone.now())


def mark_all_read(user, *, now=None) -> int:
    return Notification.objects.visible_to(user).unread().update(read_at=now or timezone.now())


def prune(*, now=None) -> int:
    """Delete notifications kept for twelve months. Returns how many."""
    cutoff = (now or timezone.now()) - KEPT_FOR
    deleted, _ = Notification.objects.filter(created_at__lt=cutoff).delete()
    return deleted
