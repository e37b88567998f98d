"""The self-assessment workflow: its states, the groups every reader asks about, and its transitions."""
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from .models import Assessment

State = Assessment.State

STATES = frozenset({State.DRAFT, State.SUBMITTED})
# The provider's people may still change ratings, evidence and sharing.
EDITABLE = frozenset({State.DRAFT})
# Its commissioners see these only when the provider shares the draft; anything drawn from
# such an assessment (its Stage 2 actions) is hidden with it.
HIDDEN_FROM_COMMISSIONERS_UNLESS_SHARED = frozenset({State.DRAFT})
# Submitted: read-only until a provider lead reopens it.
SUBMITTED = frozenset({State.SUBMITTED})
FINAL = SUBMITTED
# Nothing may be written, through any path, until it is reopened.
LOCKED = SUBMITTED


@dataclass(frozen=True)
class Transition:
    """A named move between states; ``source`` None means the assessment does not exist yet."""

    name: str
    source: frozenset
    target: str | None  # None: the state does not change (sharing a draft)


TRANSITIONS = {
    t.name: t for t in (
        Transition("start", frozenset({None}), State.DRAFT),
        Transition("submit", EDITABLE, State.SUBMITTED),
        Transition("reopen", SUBMITTED, State.DRAFT),
        Transition("share", EDITABLE, None),
    )
}


class TransitionNotAllowed(PermissionDenied):
    """A service asked for a move the transitions table does not have."""


def allowed(name: str, state) -> bool:
    """Whether transition ``name`` may start from ``state``."""
    return state in TRANSITIONS[name].source


def next_state(name: str, state):
    """The state after transition ``name`` from ``state`` (the same state when the transition
    does not change it); refused when the table has no such move, so a service cannot write a
    move its permission check happened to allow."""
    if not allowed(name, state):
        raise TransitionNotAllowed(f"{name!r} cannot start from {state!r}.")
    return TRANSITIONS[name].target or state


def is_editable(assessment) -> bool:
    return not assessment.is_visit and assessment.state in EDITABLE


def is_submitted(assessment) -> bool:
    return not assessment.is_visit and assessment.state in SUBMITTED


def seen_by_commissioners(assessment) -> bool:
    """Commissioners see a self-assessment once it is submitted, or a draft the provider shared."""
    return (assessment.state not in HIDDEN_FROM_COMMISSIONERS_UNLESS_SHARED
            or assessment.shared_with_commissioners)
