"""The bulk export workflow: its states, the groups every reader asks about, and its
transitions. Services move an export only through ``next_state``; templates and views ask
the group functions below, never a state string."""
# TransitionNotAllowed is named here too: callers catch it from their workflow module.
from core.workflow import Transition, TransitionNotAllowed, Transitions  # noqa: F401

from .models import BulkExport

State = BulkExport.State

STATES = frozenset(State)
# Waiting for a worker, or being rendered: the progress page polls.
IN_PROGRESS = frozenset({State.QUEUED, State.RUNNING})
RUNNING = frozenset({State.RUNNING})
# The ZIP is complete and stored: the requester may download it until it expires.
DOWNLOADABLE = frozenset({State.READY})
FAILED = frozenset({State.FAILED})
EXPIRED = frozenset({State.EXPIRED})
# Nothing more happens to it (but a ready export's file still expires).
FINISHED = DOWNLOADABLE | FAILED | EXPIRED

TRANSITIONS = Transitions(
    Transition("request", frozenset({None}), State.QUEUED),
    Transition("start", frozenset({State.QUEUED}), State.RUNNING),
    Transition("progress", RUNNING, None),
    Transition("finish", RUNNING, State.READY),
    Transition("fail", IN_PROGRESS, State.FAILED),
    Transition("expire", DOWNLOADABLE, State.EXPIRED),
)

allowed = TRANSITIONS.allowed
next_state = TRANSITIONS.next_state


def in_progress(export) -> bool:
    return export.state in IN_PROGRESS


def downloadable(export, now) -> bool:
    """Ready, with its file, and not past its expiry (which the next prune also records)."""
    return (export.state in DOWNLOADABLE and bool(export.file)
            and (export.expires_at is None or export.expires_at > now))


def failed(export) -> bool:
    return export.state in FAILED


def expired(export, now) -> bool:
    return export.state in EXPIRED or (export.state in DOWNLOADABLE and not downloadable(export, now))
