"""Where an outcomes import applied by the task worker stands: its states, the groups every
reader asks about, and its moves. Services move a run only through ``TRANSITIONS``; templates
and views ask the group functions below, never a state string."""
# TransitionNotAllowed is named here too: callers catch it from their workflow module.
from core.workflow import Transition, TransitionNotAllowed, Transitions  # noqa: F401

from .import_models import OutcomeImport

Run = OutcomeImport.Run

# Waiting for the worker, or being applied: the status page polls.
IN_PROGRESS = frozenset({Run.QUEUED, Run.RUNNING})
DONE = frozenset({Run.DONE})
FAILED = frozenset({Run.FAILED})
# Over: when it finished is recorded, and the page stops polling.
FINISHED = DONE | FAILED
# Handed to the worker at some time: the status page shows it.
HANDED_OVER = IN_PROGRESS | FINISHED

TRANSITIONS = Transitions(
    Transition("queue", frozenset({Run.NONE}), Run.QUEUED),
    Transition("start", frozenset({Run.QUEUED}), Run.RUNNING),
    Transition("finish", frozenset({Run.RUNNING}), Run.DONE),
    Transition("fail", IN_PROGRESS, Run.FAILED),
)


def in_progress(upload) -> bool:
    return upload.run in IN_PROGRESS


def done(upload) -> bool:
    return upload.run in DONE


def failed(upload) -> bool:
    return upload.run in FAILED
