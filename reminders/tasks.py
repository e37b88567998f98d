"""The daily run, as a background task (Django's tasks API, run by ``db_worker``): reminders,
the digest emails, and housekeeping (notifications kept twelve months, and the jobs other
apps register in ``reminders.housekeeping``). Each run first books the next one, at
``RUN_AT`` tomorrow, so the chain holds even if this run's worker is killed; the run itself
is safe to repeat (a reminder goes once per person and event). ``schedule_daily`` books a
first run where none is waiting: `make run` and a deployment call it through
``manage.py schedule_reminders``."""
import datetime
import logging

from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from notifications import services as notifications
from organisations import import_services as organisations
from outcomes import retention
from outcomes import services as outcomes

from . import housekeeping
from .services import Sent, send_reminders

log = logging.getLogger(__name__)

RUN_AT = datetime.time(6, 30)  # local time: before the working day
# A task still "running" this long after it started lost its worker (killed, or the machine
# restarted): no task of the portal's takes nearly so long.
ABANDONED_AFTER = datetime.timedelta(hours=6)


class WorkerStopped(Exception):
    """The worker running a task stopped before the task finished."""


def fail_abandoned(now=None) -> int:
    """Mark tasks whose worker stopped mid-task as failed, so the admin sees them (under
    Django Tasks DB) and nothing waits on them. Work that must not be left half-done commits
    all at once (a reminder is one row, a bulk export is offered only once complete), and
    the daily run books the next before it starts, so a stopped run is repeated the next
    day. Returns how many."""
    now = now or timezone.now()
    stopped = list(DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING,
                                               started_at__lt=now - ABANDONED_AFTER))
    for result in stopped:
        result.set_failed(WorkerStopped(
            f"Still running {ABANDONED_AFTER} after it started on "
            f"{timezone.localtime(result.started_at):%d %B %Y at %H:%M}: the worker stopped "
            "before the task finished."))
        log.warning("Task %s (%s) failed: its worker stopped", result.pk, result.task_path)
    return len(stopped)


def next_run_after(now: datetime.datetime) -> datetime.datetime:
    """``RUN_AT`` on the next local day after ``now`` (today's, if it has not come yet)."""
    local = timezone.localtime(now)
    run = timezone.make_aware(datetime.datetime.combine(local.date(), RUN_AT))
    return run if run > local else timezone.make_aware(
        datetime.datetime.combine(local.date() + datetime.timedelta(days=1), RUN_AT))


def _waiting():
    return DBTaskResult.objects.filter(task_path=daily_run.module_path,
                                       status=TaskResultStatus.READY)


def ran_today(now) -> bool:
    """Whether a daily run has finished today (local time)."""
    start = timezone.make_aware(datetime.datetime.combine(timezone.localtime(now).date(),
                                                          datetime.time.min))
    return DBTaskResult.objects.filter(task_path=daily_run.module_path,
                                       status=TaskResultStatus.SUCCESSFUL,
                                       finished_at__gte=start).exists()


def schedule_daily(now=None, *, at=None) -> datetime.datetime | None:
    """Book a daily run unless one is waiting: at ``at``, else straight away when none has
    run today (so a new deployment, or `make run`, sends today's reminders) and otherwise at
    ``RUN_AT`` tomorrow. Returns when it is booked for (None: one was waiting)."""
    now = now or timezone.now()
    if _waiting().exists():
        return None
    if at is None:
        at = next_run_after(now) if ran_today(now) else now
    daily_run.using(run_after=at).enqueue()
    return at


def daily_work(now, today: datetime.date | None = None) -> tuple[list[Sent], dict]:
    """A day's work, for the worker's daily run and ``manage.py send_reminders`` alike: the
    reminders due ``today`` (the local date of ``now`` unless given), the digests, deleting
    notifications kept twelve months, deleting outcomes and organisations files previewed
    but not imported, failing abandoned tasks, deleting learners' rows and access records past
    their retention (``outcomes.retention``) and the registered housekeeping. Returns the
    reminders sent and a summary of counts."""
    sent = send_reminders(today or timezone.localdate(now), now=now)
    digests = notifications.send_digests(now=now)
    pruned = notifications.prune(now=now)
    previews = outcomes.import_prune(now=now)
    organisation_previews = organisations.import_prune(now=now)
    abandoned = fail_abandoned(now)
    removed = retention.retention_run(now=now)
    # Other apps' jobs (extension point ``reminders.housekeeping``; exports registers its own).
    for job in housekeeping.registered():
        job(now)
    summary = {"reminders": len(sent), "digests": digests, "notifications_pruned": pruned,
               "abandoned_tasks": abandoned, "outcome_previews_deleted": previews,
               "organisation_previews_deleted": organisation_previews,
               "rows_past_retention_deleted": sum(item.total for item in removed)}
    log.info("Daily run: %s", summary)
    return sent, summary


@task(queue_name="reminders")
def daily_run() -> dict:
    now = timezone.now()
    schedule_daily(now, at=next_run_after(now))
    _, summary = daily_work(now)
    return summary
