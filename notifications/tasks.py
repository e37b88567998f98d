"""The email task: each notification's email (or a day's digest) is sent by the worker
(``manage.py db_worker``), not inside the request that caused it, and a send the mail server
refuses or cannot take is tried again later: after 1, 5, 30 and 120 minutes, then it is
marked failed (under Django Tasks DB in the admin, with the reason) and logged. The
notification stays on the person's notifications page whatever happens to its email."""
import datetime
import logging

from django.utils import timezone
from django_tasks import task

from . import services

log = logging.getLogger(__name__)

# How long to wait before each further attempt; one attempt more than there are waits.
RETRY_AFTER = (datetime.timedelta(minutes=1), datetime.timedelta(minutes=5),
               datetime.timedelta(minutes=30), datetime.timedelta(hours=2))
ATTEMPTS = len(RETRY_AFTER) + 1


class EmailNotSent(Exception):
    """The mail server refused, or could not be reached, at every attempt."""


@task(queue_name="default")
def send_email(notification_ids: list[int], base_url: str = "", digest: bool = False,
               attempt: int = 1) -> str:
    """Send one email for the notifications (``services.deliver``). On a mail server's
    failure (``smtplib.SMTPException`` and connection errors are ``OSError``s) queue the
    next attempt, until ``ATTEMPTS``. Logs name the notifications, never the address."""
    try:
        return services.deliver(notification_ids, base_url=base_url, digest=digest)
    except OSError as error:
        reason = type(error).__name__
        if attempt >= ATTEMPTS:
            log.error("Email for notifications %s not sent after %d attempts (%s)",
                      notification_ids, attempt, reason)
            raise EmailNotSent(f"Not sent after {attempt} attempts: {reason}") from None
        when = timezone.now() + RETRY_AFTER[attempt - 1]
        send_email.using(run_after=when).enqueue(notification_ids, base_url, digest,
                                                 attempt + 1)
        log.warning("Email for notifications %s not sent (%s); attempt %d at %s",
                    notification_ids, reason, attempt + 1, when.isoformat())
        return f"attempt {attempt} failed ({reason}); trying again at {when.isoformat()}"
