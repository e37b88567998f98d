"""Writing notifications and sending their emails. Reminders (``reminders.rules``) and events
(a cause for concern raised) both come through ``notify``; nothing else writes a
``Notification``.

An event notification is emailed at once. A reminder goes as the user chose
(``Preference``): emailed at once, held for the daily digest, or not sent at all. Every email
says what happened and links to the page it is about."""
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from organisations.selectors import people_in

from .models import Notification, Preference

# Notifications older than this are deleted by ``prune``.
KEPT_FOR = datetime.timedelta(days=365)

DIGEST_SUBJECT = "{count} reminders from {service}"
DIGEST_SUBJECT_ONE = "1 reminder from {service}"
DIGEST_INTRO = "Reminders from {service} since your last summary:"
EMAIL_FOOTER = ("You can change how reminders reach you, or stop them, on the notifications "
                "page:\n{url}")


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


def _email(user, subject: str, body: str, base_url: str = "") -> None:
    footer = EMAIL_FOOTER.format(url=absolute(reverse("notifications:list"), base_url))
    text = f"{body}\n\n{footer}"
    transaction.on_commit(lambda: send_mail(subject, text, None, [user.email]))


def notify(user, message: Message, *, now=None, reminder_choice: str | None = None,
           base_url: str = "") -> Notification | None:
    """Tell ``user`` about ``message`` once: a second call for the same user and event does
    nothing and returns None. ``reminder_choice`` is the user's ``Preference`` for a
    reminder (None for an event, which is always emailed): "none" sends nothing."""
    if not user.is_active or reminder_choice == Preference.Reminders.NONE:
        return None
    now = now or timezone.now()
    digest = reminder_choice == Preference.Reminders.DIGEST
    notification, created = Notification.objects.get_or_create(
        user=user, event_key=message.event_key,
        defaults={"kind": message.kind, "subject": message.subject[:200],
                  "body": message.body, "url": message.url, "created_at": now,
                  "in_digest": digest, "emailed_at": None if digest else now})
    if not created:
        return None
    if not digest:
        _email(user, message.subject, f"{message.body}\n\n{absolute(message.url, base_url)}",
               base_url)
    return notification


def notify_holders(organisation_id: int, role: str, message: Message, *,
                   base_url: str = "") -> None:
    """Tell everyone active holding ``role`` in the organisation about an event (emailed at
    once): a cause for concern to the partnership's chairs, shared judgements to the
    provider's leads."""
    for user in people_in([organisation_id], [role])[organisation_id]:
        notify(user, message, base_url=base_url)


def send_digests(*, now=None) -> int:
    """Email each user their waiting digest reminders in one message, and mark them sent.
    Returns the number of emails."""
    now = now or timezone.now()
    waiting = (Notification.objects.filter(in_digest=True, emailed_at__isnull=True)
               .select_related("user").order_by("user_id", "created_at", "pk"))
    by_user: dict[int, list[Notification]] = {}
    for notification in waiting:
        by_user.setdefault(notification.user_id, []).append(notification)
    service = settings.SERVICE_NAME
    for rows in by_user.values():
        user = rows[0].user
        subject = (DIGEST_SUBJECT_ONE.format(service=service) if len(rows) == 1
                   else DIGEST_SUBJECT.format(count=len(rows), service=service))
        items = "\n\n".join(f"- {n.subject}\n  {n.body}\n  {absolute(n.url)}" for n in rows)
        with transaction.atomic():
            sent = Notification.objects.filter(pk__in=[n.pk for n in rows],
                                               emailed_at__isnull=True).update(emailed_at=now)
            if sent and user.is_active:
                _email(user, subject, f"{DIGEST_INTRO.format(service=service)}\n\n{items}")
    return len(by_user)


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
