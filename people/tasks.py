"""The invitation email, sent by the task worker; a send the mail server refuses or cannot
take is tried again later (the same waits as notifications' emails), each attempt recorded
on the invitation. Logs name the invitation, never the address."""
import logging

from django.utils import timezone
from django_tasks import task

from notifications.tasks import ATTEMPTS, RETRY_AFTER, EmailNotSent

from . import services

log = logging.getLogger(__name__)


@task(queue_name="default")
def send_invitation(invitation_id: int, base_url: str = "", attempt: int = 1) -> str:
    try:
        return services.deliver(invitation_id, base_url=base_url)
    except OSError as error:
        reason = type(error).__name__
        if attempt >= ATTEMPTS:
            log.error("Invitation %s not sent after %d attempts (%s)", invitation_id, attempt,
                      reason)
            raise EmailNotSent(f"Not sent after {attempt} attempts: {reason}") from None
        when = timezone.now() + RETRY_AFTER[attempt - 1]
        send_invitation.using(run_after=when).enqueue(invitation_id, base_url, attempt + 1)
        log.warning("Invitation %s not sent (%s); attempt %d at %s", invitation_id, reason,
                    attempt + 1, when.isoformat())
        return f"attempt {attempt} failed ({reason}); trying again at {when.isoformat()}"
