"""The daily run, as a background task (Django's tasks API, run by ``db_worker``): reminders,
the digest emails, and housekeeping (notifications kept twelve months, and whatever other
apps register). Each run first books the next one, at ``RUN_AT`` tomorrow, so the chain holds
even if this run's worker is killed; the run itself is safe to repeat (a reminder goes once
per person and event). ``schedule_daily`` books a first run where none is waiting: `make run`
and a deployment call it through ``manage.py schedule_reminders``."""
import datetime
import logging
from collections.abc import Callable

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult
from django_tasks.base import TaskResultStatus

from notifications import services as notifications

from .services import send_reminders

log = logging.getLogger(__name__)

RUN_AT = datetime.time(6, 30)  # local time: before the working day
HOUSEKEEPING: list[Callable] = []


def register_housekeeping(job: Callable) -> None:
    """Add ``job(now)`` to the daily run (an app above this one registers from its ready)."""
    if job not in HOUSEKEEPING:
        HOUSEKEEPING.append(job)


def next_run_after(now: datetime.datetime) -> datetime.datetime:
    """``RUN_AT`` on the next local day after ``now`` (today's, if it has not come yet)."""
    local = timezone.localtime(now)
    run = timezone.make_aware(datetime.datetime.combine(local.date(), RUN_AT))
    return run if run > local else timezone.make_aware(
        datetime.datetime.combine(local.date() + datetime.timedelta(days=1), RUN_AT))


def _waiting():
    return DBTaskResult.objects.filter(task_path=daily_run.module_path,
                                       status=TaskResultStatus.READY)


def schedule_daily(now=None) -> bool:
    """Book the next daily run unless one is waiting. Returns whether it booked one."""
    now = now or timezone.now()
    if _waiting().exists():
        return False
    daily_run.using(run_after=next_run_after(now)).enqueue()
    return True


@task(queue_name="reminders")
def daily_run() -> dict:
    now = timezone.now()
    schedule_daily(now)
    sent = send_reminders(timezone.localdate(now), now=now)
    digests = notifications.send_digests(now=now)
    pruned = notifications.prune(now=now)
    for job in HOUSEKEEPING:
        job(now)
    summary = {"reminders": len(sent), "digests": digests, "notifications_pruned": pruned}
    log.info("Daily run: %s", summary)
    return summary
