"""The task worker (``manage.py run_worker``) through a real database outage: a scratch
PostgreSQL cluster of its own is stopped under it and started again, and the worker must still
be running and run the next task; under its supervisor (``run_worker --supervise``, as
``make run`` starts it) a worker that dies anyway is started again, and Ctrl-C stops both.

The cluster needs Debian's ``pg_createcluster`` and root (as ``make faults`` does); without
them these tests skip, which CI (``QAPORTAL_NO_SKIPS``) counts as a failure. Each run names its
cluster after its process, on a free port, so that parallel runs and ``make faults`` never
meet. A task is queued as the portal queues it (``daily_run.enqueue()``, in a ``manage.py
shell`` against the scratch database) and its row read back with psycopg."""
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from operations.fault_drill import drill_env
from operations.loopback import free_port
from operations.scratch_postgres import ScratchCluster
from operations.worker import FIRST_RETRY_SECONDS, MAX_RUNS, DatabaseOutage, TaskWorker, retry_delays
from reminders.tasks import daily_run
from tests.qaportal.db_fault import database_unreachable

MANAGE = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
WORKER_ARGS = ["--queue-name=*", "--no-reload", "--no-startup-delay", "--interval=0.5"]
OUTAGE_SECONDS = 6
# The worker tries again 1, 2, 4, 8 ... s apart: after a 6 s outage, within about 8 s.
BACK_WITHIN_SECONDS = 30
STARTED = re.compile(r"Task worker started \(pid (\d+)\)")


def no_cluster_reason() -> str | None:
    if not shutil.which("pg_createcluster"):
        return "Needs Debian's pg_createcluster (postgresql-common) for a scratch cluster."
    if os.geteuid() != 0:
        return "pg_createcluster needs root for a scratch cluster."
    return None


@pytest.fixture(scope="module")
def cluster():
    """A scratch cluster with the portal's tables, for this module's tests."""
    reason = no_cluster_reason()
    if reason:
        pytest.skip(reason)
    with ScratchCluster(free_port(), name=f"qaportal-worker-test-{os.getpid()}") as cluster:
        manage(cluster, "migrate", "--noinput", "-v0")
        yield cluster


def manage(cluster, *args) -> str:
    result = subprocess.run([*MANAGE, *args], env=drill_env(cluster.url), cwd=settings.BASE_DIR,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def enqueue(cluster) -> str:
    """Queue the daily run, as the portal does; its task id."""
    out = manage(cluster, "shell", "-c",
                 "from reminders.tasks import daily_run; print(daily_run.enqueue().id)")
    return out.strip().splitlines()[-1]


def status(cluster, task_id: str) -> str:
    with psycopg.connect(cluster.url, connect_timeout=5) as db:
        row = db.execute("SELECT status FROM django_tasks_database_dbtaskresult WHERE id = %s",
                         (task_id,)).fetchone()
    return row[0]


def finished(cluster, task_id: str, within: float) -> str:
    """The task's status once it is no longer waiting or running (or when ``within`` is up)."""
    deadline = time.monotonic() + within
    while (now := status(cluster, task_id)) in {"READY", "RUNNING"} \
            and time.monotonic() < deadline:
        time.sleep(0.25)
    return now


class Process:
    """``manage.py run_worker ARGS`` against the scratch cluster, its output in a file."""

    def __init__(self, cluster, log: Path, *args):
        self.log = log
        self.handle = log.open("w")
        # As from a terminal, where Ctrl-C reaches it: a suite started in the background of a
        # shell without job control inherits SIGINT ignored, and the supervisor keeps an
        # ignored SIGINT ignored (as ``make run``'s background worker needs).
        self.process = subprocess.Popen(
            [*MANAGE, "run_worker", *args], env=drill_env(cluster.url), cwd=settings.BASE_DIR,
            stdout=self.handle, stderr=subprocess.STDOUT,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))

    def output(self) -> str:
        return self.log.read_text()

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self):
        if self.alive():
            self.process.kill()
            self.process.wait()
        self.handle.close()


@pytest.fixture
def processes():
    started = []
    yield lambda *args: started.append(Process(*args)) or started[-1]
    for process in started:
        process.close()


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_for(predicate, seconds: float):
    deadline = time.monotonic() + seconds
    while not (found := predicate()) and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


@pytest.mark.own_database
def test_the_worker_rides_out_a_database_outage_and_runs_the_next_task(cluster, tmp_path,
                                                                        processes):
    worker = processes(cluster, tmp_path / "worker.log", *WORKER_ARGS)
    before = enqueue(cluster)
    assert finished(cluster, before, within=30) == "SUCCESSFUL", worker.output()

    cluster.stop()
    time.sleep(OUTAGE_SECONDS)
    assert worker.alive(), f"The worker exited during the outage:\n{worker.output()}"
    cluster.start()

    after = enqueue(cluster)
    assert finished(cluster, after, within=BACK_WITHIN_SECONDS) == "SUCCESSFUL", worker.output()
    assert worker.alive(), worker.output()
    log = worker.output()
    assert "Database unavailable: the task worker waits" in log
    assert "Database available again" in log
    assert "Traceback" not in log  # one line, not a traceback per try


@pytest.mark.own_database
def test_under_its_supervisor_a_dead_worker_is_started_again_and_ctrl_c_stops_both(
        cluster, tmp_path, processes):
    supervisor = processes(cluster, tmp_path / "supervisor.log", "--supervise", *WORKER_ARGS)
    first = wait_for(lambda: STARTED.findall(supervisor.output()), 30)
    assert first, supervisor.output()
    os.kill(int(first[0]), signal.SIGKILL)  # as the kernel's out-of-memory killer would

    again = wait_for(lambda: STARTED.findall(supervisor.output())[1:], 30)
    assert again, supervisor.output()
    assert "Task worker (pid " in supervisor.output() and "was killed by SIGKILL" in \
        supervisor.output()
    task = enqueue(cluster)
    assert finished(cluster, task, within=30) == "SUCCESSFUL", supervisor.output()

    supervisor.process.send_signal(signal.SIGINT)  # Ctrl-C
    assert supervisor.process.wait(timeout=30) == 0, supervisor.output()
    assert not pid_alive(int(again[0]))
    assert "Traceback" not in supervisor.output()


@pytest.fixture
def frameworks_loaded_again_afterwards(django_db_blocker):
    """A transactional test empties the database: load the frameworks again for those after."""
    yield
    with django_db_blocker.unblock():
        call_command("load_frameworks", verbosity=0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("frameworks_loaded_again_afterwards")
def test_a_daily_run_the_outage_cuts_short_runs_again_once_the_database_is_back(caplog):
    """The database goes while the daily run works (the project's fault injector), so neither
    the run nor its failure can be saved; the worker waits (its sleep ends the outage here),
    queues the run again, and it runs to the end. Transactional: the worker closes the
    connection it waits with, as it does in production."""
    outage = ExitStack()
    met = []

    def daily_work_meets_the_outage(now, today=None):
        if not met:
            met.append(now)
            outage.enter_context(database_unreachable())
            DBTaskResult.objects.count()  # the run's next query
        return [], {"reminders": 0}

    real_sleep = time.sleep

    def sleep(seconds):
        if seconds >= FIRST_RETRY_SECONDS:  # the worker waiting for the database: it comes back
            outage.close()
        else:  # django-tasks-db's own tries to save the result, 0.1 s apart, meet the outage
            real_sleep(seconds)

    task_id = daily_run.enqueue().id
    worker = TaskWorker(queue_names=["*"], interval=0, batch=True, backend_name="default",
                        startup_delay=False, max_tasks=None, worker_id="worker-0",
                        excluded_queue_names=[])
    with mock.patch("reminders.tasks.daily_work", daily_work_meets_the_outage), \
            mock.patch("time.sleep", sleep), \
            caplog.at_level(logging.INFO, logger="operations.worker"):
        worker.run()  # batch: returns once nothing is ready to run

    result = DBTaskResult.objects.get(pk=task_id)
    assert met and result.status == TaskResultStatus.SUCCESSFUL, result.traceback
    assert result.worker_ids == ["worker-0", "worker-0"]  # claimed twice: cut short, then run
    lines = [r.getMessage() for r in caplog.records if r.name == "operations.worker"]
    assert lines[0].startswith("Database unavailable: the task worker waits for it, trying "
                               "again in 1 s (OperationalError: ") and lines[0].endswith(
        f"; task {task_id} was cut short")
    assert lines[1].startswith("Database available again after ")
    assert lines[2] == (f"Task {task_id} (reminders.tasks.daily_run) was cut short by the "
                        "database outage: queued to run again (run 2 of at most 3).")


def test_the_worker_waits_one_second_then_twice_as_long_each_time_up_to_thirty():
    delays = retry_delays()
    assert [next(delays) for _ in range(8)] == [1, 2, 4, 8, 16, 30, 30, 30]


def interrupted_task(*, runs: int) -> DBTaskResult:
    """A daily run claimed ``runs`` times, the last by the worker the database left mid-task."""
    result = DBTaskResult.objects.get(pk=daily_run.enqueue().id)
    for run in range(runs):
        result.claim(f"worker-{run}")
    return result


def worker() -> TaskWorker:
    return TaskWorker(queue_names=["*"], interval=1, batch=False, backend_name="default",
                      startup_delay=False, max_tasks=None, worker_id="worker-0",
                      excluded_queue_names=[])


@pytest.mark.django_db
def test_a_task_the_outage_interrupted_runs_again_when_the_database_is_back():
    task = worker()
    task.interrupted = interrupted_task(runs=1)
    task.recover_interrupted()
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY
    assert task.interrupted is None


@pytest.mark.django_db
def test_a_task_interrupted_on_each_of_its_runs_is_failed_with_the_reason():
    task = worker()
    task.interrupted = interrupted_task(runs=MAX_RUNS)
    task.recover_interrupted()
    result = DBTaskResult.objects.get()
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == f"{DatabaseOutage.__module__}.DatabaseOutage"
    assert f"interrupted by a database outage on each of its {MAX_RUNS} runs" in result.traceback
    assert result.finished_at <= timezone.now()


@pytest.mark.django_db
def test_a_task_whose_outcome_was_saved_after_all_is_left_as_it_is():
    task = worker()
    task.interrupted = interrupted_task(runs=1)
    task.interrupted.set_successful({"reminders": 0})
    task.recover_interrupted()
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_the_documented_deployment_restarts_the_worker_and_runs_our_command():
    """The systemd units in deploy/ (README: deployment) restart whatever exits, and run
    commands that exist."""
    from django.core.management import get_commands

    deploy = Path(settings.BASE_DIR) / "deploy"
    worker_unit = (deploy / "qaportal-worker.service").read_text()
    web_unit = (deploy / "qaportal-web.service").read_text()
    for unit in (worker_unit, web_unit):
        assert re.search(r"^Restart=always$", unit, re.M)
        assert re.search(r"^StartLimitIntervalSec=0$", unit, re.M)  # never gives up
    command = re.search(r"^ExecStart=\S+python manage.py (\S+)", worker_unit, re.M).group(1)
    assert command == "run_worker" and command in get_commands()
    assert re.search(r"^ExecStart=\S+gunicorn qaportal.wsgi", web_unit, re.M)



def test_a_one_off_run_cannot_be_supervised():
    """--batch and --max-tasks stop the worker on purpose: a supervisor would start it again."""
    from django.core.management.base import CommandError

    from operations.management.commands.run_worker import SUPERVISE_ONE_OFF

    for one_off in ({"batch": True}, {"max_tasks": 5}):
        with pytest.raises(CommandError, match=SUPERVISE_ONE_OFF.split(":")[0]):
            call_command("run_worker", supervise=True, reload=False, **one_off)
