"""What every workflow module shares: named transitions between states, and the one check that
a move is in its table. The states and their groups live in each domain's workflow module."""
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied


@dataclass(frozen=True)
class Transition:
    """A named move from one of ``source`` to ``target``. A source of None means the record
    does not exist yet; a target of None keeps the state (sharing a draft, adding evidence)."""

    name: str
    source: frozenset
    target: str | None


class TransitionNotAllowed(PermissionDenied):
    """A service asked for a move the transitions table does not have."""


class Transitions(dict):
    """A workflow's transitions by name."""

    def __init__(self, *transitions: Transition):
        super().__init__((t.name, t) for t in transitions)

    def allowed(self, name: str, state) -> bool:
        """Whether transition ``name`` may start from ``state``."""
        return state in self[name].source

    def next_state(self, name: str, state):
        """The state after transition ``name`` from ``state`` (the same state when the
        transition does not change it); refused when the table has no such move, so a service
        cannot write a move its permission check happened to allow."""
        if not self.allowed(name, state):
            raise TransitionNotAllowed(f"{name!r} cannot start from {state!r}.")
        return self[name].target or state
