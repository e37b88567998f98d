"""The task worker (``manage.py run_worker``): django-tasks-db's worker, which rides out a
database outage instead of exiting on its first ``OperationalError``.

django-tasks-db's ``Worker.run`` re-raises any database error but "database is locked" from
polling and claiming, and ``run_task`` lets one escape when the task's result cannot be saved
(three tries 0.1 s apart): ``db_worker`` then exits and reminders and bulk exports wait for a
worker that never comes. Here an error that means the database is unavailable (the one rule,
``qaportal.outage.database_unavailable``) is logged in one line, the broken connections are
closed, and the worker tries the database again 1 s later, then 2, 4, ... up to every 30 s,
until it answers; then it carries on with the same worker id. Any other error still stops
the worker, with its traceback, for the supervisor to start it again.

A task the outage interrupted (its result could not be saved) is still marked running. When
the database is back the worker queues it again, so it runs once more: every task of the
portal is safe to run again (the daily run sends each reminder once; a bulk export's run only
starts an export still waiting, so one cut short mid-way is failed, with the reason, by the next
exports housekeeping after ``EXPORT_STALE_MINUTES`` without progress, for its requester to ask
again). A task added later must be safe to run again too, or catch the outage itself. After
``MAX_RUNS`` runs each cut short so, it is marked failed with the reason, never left running.
A worker killed mid-task (not an outage: the machine restarted) leaves its task running until
the daily run fails it (``reminders.tasks.fail_abandoned``, after 6 hours)."""
import contextlib
import logging
import time
from collections.abc import Iterator

from django.db import DatabaseError, InterfaceError, OperationalError, connections, router
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from qaportal.outage import database_unavailable, error_summary

logger = logging.getLogger("operations.worker")

FIRST_RETRY_SECONDS = 1
MAX_RETRY_SECONDS = 30
# How many times a task may be cut short by an outage before it is failed rather than run again.
MAX_RUNS = 3


class DatabaseOutage(Exception):
    """The database became unavailable while the task ran, on each of its runs."""


def retry_delays(first: float = FIRST_RETRY_SECONDS,
                 most: float = MAX_RETRY_SECONDS) -> Iterator[float]:
    """How long to wait before each try while the database is unavailable: doubling, capped."""
    delay = first
    while True:
        yield delay
        delay = min(delay * 2, most)


class TaskWorker(Worker):
    """django-tasks-db's worker, which waits for the database when it goes (see the module)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The task being run, kept when an outage cuts it short until its row is put right.
        self.interrupted: DBTaskResult | None = None
        self.alias = router.db_for_write(DBTaskResult)
        self.last_error: BaseException | None = None

    def run(self) -> None:
        while True:
            try:
                self.recover_interrupted()
                return super().run()
            except (OperationalError, InterfaceError) as exc:
                if not database_unavailable(exc):
                    raise
                if not self.wait_for_database(exc):
                    return
                self.startup_delay = False  # its random delay is for a cold start only

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.interrupted = db_task_result
        super().run_task(db_task_result)  # raises only when the result could not be saved
        self.interrupted = None

    def close_connections(self) -> None:
        """Drop every connection, broken or not, so the next query makes a new one."""
        for conn in connections.all(initialized_only=True):
            # It is going anyway; a broken connection may fail to close cleanly.
            with contextlib.suppress(DatabaseError):
                conn.close()

    def database_answers(self) -> bool:
        try:
            with connections[self.alias].cursor() as cursor:
                cursor.execute("SELECT 1")
        except (OperationalError, InterfaceError) as exc:
            if not database_unavailable(exc):
                raise
            self.last_error = exc
            return False
        return True

    def wait_for_database(self, exc: BaseException) -> bool:
        """Wait, trying again with backoff, until the database answers (True) or the worker is
        told to stop (False; a signal while it sleeps ends the process straight away)."""
        started = time.monotonic()
        self.last_error = exc
        delays = retry_delays()
        delay = next(delays)
        logger.error("Database unavailable: the task worker waits for it, trying again in "
                     "%.0f s (%s)%s", delay, error_summary(exc),
                     f"; task {self.interrupted.pk} was cut short" if self.interrupted else "")
        while self.running:
            self.close_connections()
            time.sleep(delay)
            if self.database_answers():
                logger.warning("Database available again after %.0f s: the task worker "
                               "carries on.", time.monotonic() - started)
                return True
            delay = next(delays)
            logger.warning("Database still unavailable after %.0f s: the task worker tries "
                           "again in %.0f s (%s)", time.monotonic() - started, delay,
                           error_summary(self.last_error))
        return False

    def recover_interrupted(self) -> None:
        """Queue again the task an outage cut short, or fail it after ``MAX_RUNS`` runs so cut
        short; nothing if its result was saved after all."""
        if self.interrupted is None:
            return
        pk, path = self.interrupted.pk, self.interrupted.task_path
        result = DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING).first()
        if result is None:
            self.interrupted = None
            return
        runs = len(result.worker_ids)  # each claim adds the claiming worker's id
        if runs < MAX_RUNS:
            DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY)
            logger.warning("Task %s (%s) was cut short by the database outage: queued to run "
                           "again (run %d of at most %d).", pk, path, runs + 1, MAX_RUNS)
        else:
            result.set_failed(DatabaseOutage(
                f"The task was interrupted by a database outage on each of its {runs} runs, "
                f"the last on {timezone.localtime():%d %B %Y at %H:%M}: not run again."))
            logger.error("Task %s (%s) was cut short by a database outage on each of its %d "
                         "runs: marked failed.", pk, path, runs)
        self.interrupted = None
