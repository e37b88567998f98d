"""One request id for a request and every task it starts, in every log line of both.

A request's id is the one the proxy in front sent (``X-Request-ID``, when it looks like one) or
a new one; it goes back in the response's ``X-Request-ID`` header
(``qaportal.request_log.RequestLogMiddleware``) and is bound to the logging context
(structlog's context variables), so every line logged while the request is served carries it.

Tasks: the task backend (``TracedDatabaseBackend``, in ``TASKS``) makes every ``@task`` a
``TracedTask``, which stores the id in force when it is enqueued among the task's keyword
arguments and takes it out again before the task's function is called. The worker binds it,
with the task's own id and name, while the task runs, and logs one line when it ends
(``task_started`` / ``task_finished``). A task enqueued by a task keeps the id it ran under.

Nothing personal is logged here: ids, names of views and tasks, states and times only.
"""
import logging
import re
import uuid
from dataclasses import dataclass

import structlog
from django_tasks.base import PY311, Task, TaskResultStatus
from django_tasks.signals import task_finished, task_started
from django_tasks_db.backend import DatabaseBackend

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
KWARG = "request_id"
# What an id from the proxy may look like (HAProxy's unique-id, nginx's $request_id, a UUID):
# anything else is replaced, so that nothing a client sends reaches the logs.
SENT_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")

logger = structlog.get_logger("qaportal.tasks")


def request_id_from(sent: str | None) -> str:
    """The id a request is served under: ``sent`` if it looks like an id, else a new one."""
    return sent if sent and SENT_ID.fullmatch(sent) else uuid.uuid4().hex


def current_request_id() -> str:
    """The id of the request (or of the task's request) being served here, or ""."""
    return structlog.contextvars.get_contextvars().get(KWARG) or ""


@dataclass(frozen=True, slots=PY311, kw_only=True)
class TracedTask(Task):
    """A task that carries the request id in force when it was enqueued. (``Task``'s methods
    are named, not reached by ``super()``: a dataclass with slots is a new class, which the
    zero-argument ``super()`` of its methods does not know.)"""

    def enqueue(self, *args, **kwargs):
        kwargs.setdefault(KWARG, current_request_id())
        return Task.enqueue(self, *args, **kwargs)

    async def aenqueue(self, *args, **kwargs):
        kwargs.setdefault(KWARG, current_request_id())
        return await Task.aenqueue(self, *args, **kwargs)

    def call(self, *args, **kwargs):
        kwargs.pop(KWARG, None)
        return Task.call(self, *args, **kwargs)

    async def acall(self, *args, **kwargs):
        kwargs.pop(KWARG, None)
        return await Task.acall(self, *args, **kwargs)


class TracedDatabaseBackend(DatabaseBackend):
    """django-tasks-db's backend, its tasks ``TracedTask``s."""

    task_class = TracedTask


def task_began(sender, task_result, **kwargs) -> None:
    """Bind the task's request id, id and name for every line logged while it runs."""
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(
        request_id=str(task_result.kwargs.get(KWARG) or ""), task_id=str(task_result.id),
        task=task_result.task.module_path)


def task_ended(sender, task_result, **kwargs) -> None:
    """One line for the task: its state and how long it ran; then the binding is dropped."""
    began, ended = task_result.started_at, task_result.finished_at
    level = logging.INFO if task_result.status == TaskResultStatus.SUCCESSFUL else logging.WARNING
    logger.log(level, "task", status=str(task_result.status), attempts=task_result.attempts,
               ms=round((ended - began).total_seconds() * 1000, 1) if began and ended else None)
    structlog.contextvars.clear_contextvars()


def follow_tasks() -> None:
    """Connect the worker's signals (``CoreConfig.ready``)."""
    task_started.connect(task_began, dispatch_uid="core-tracing-started")
    task_finished.connect(task_ended, dispatch_uid="core-tracing-finished")
