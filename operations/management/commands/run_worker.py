"""``manage.py run_worker``: the task worker (reminders, bulk exports), ``db_worker``'s options
and work, riding out a database outage (``operations.worker``). With ``--supervise`` it runs the
worker as a child and starts it again whenever it exits (``operations.supervisor``), as
``make run`` does; a deployment runs it under systemd (``deploy/qaportal-worker.service``)."""
import logging
import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from operations.supervisor import Supervisor
from operations.worker import TaskWorker

logger = logging.getLogger("operations.worker")

SUPERVISE_ONE_OFF = ("--supervise starts the worker again whenever it stops: not with --batch "
                     "or --max-tasks.")


class Command(db_worker.Command):
    help = ("Run the task worker (every queue with --queue-name '*'), waiting for the database "
            "through an outage; with --supervise, start it again whenever it exits.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--supervise", action="store_true",
            help="Run the worker as a child process and start it again whenever it exits "
                 "(1 s, then doubling up to 30 s); Ctrl-C stops both.")

    def handle(self, *, supervise: bool, verbosity: int, queue_name: str, interval: float,
               batch: bool, backend_name: str, startup_delay: bool, reload: bool,
               max_tasks: int | None, worker_id: str, exclude_queues: str, **options):
        if supervise:
            if batch or max_tasks:
                raise CommandError(SUPERVISE_ONE_OFF)
            argv = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "run_worker",
                    f"--queue-name={queue_name}", f"--interval={interval}",
                    f"--backend={backend_name}", f"--verbosity={verbosity}",
                    "--reload" if reload else "--no-reload"]
            if exclude_queues:
                argv.append(f"--exclude-queues={exclude_queues}")
            if not startup_delay:
                argv.append("--no-startup-delay")
            # Each start has an id of its own (the default): ids must be unique in the pool.
            sys.exit(Supervisor(argv, cwd=settings.BASE_DIR).run())

        # As db_worker's handle, with the worker that waits for the database.
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning("--reload and --batch cannot be given together: not reloading.")
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = TaskWorker(queue_names=queue_names, interval=interval, batch=batch,
                            backend_name=backend_name, startup_delay=startup_delay,
                            max_tasks=max_tasks, worker_id=worker_id,
                            excluded_queue_names=excluded)
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the reloaded child handles signals
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
