"""The review workflow: its states, the groups every reader asks about, and its transitions."""
# TransitionNotAllowed is named here too: callers catch it from their workflow module.
from core.workflow import Transition, TransitionNotAllowed, Transitions  # noqa: F401

from .models import Review

State = Review.State

STATES = frozenset({State.DRAFT, State.SHARED, State.FINAL})
# The reviewer records agreement, ratings, comments and internal notes.
EDITABLE = frozenset({State.DRAFT})
# Shared with the provider, who may reply per item and overall.
SHARED = frozenset({State.SHARED})
# Read-only for good; seen by every commissioner of the provider.
FINAL = frozenset({State.FINAL})
# The provider's people see the review (never its internal notes) from sharing on.
PROVIDER_SEES = SHARED | FINAL
# The provider lead may reply while the review is shared and not yet final.
RESPONDABLE = SHARED
# Nothing may be written, through any path.
LOCKED = FINAL
# A disagreement may become an action in the provider's plan once the provider can read it.
ACTIONABLE = PROVIDER_SEES

TRANSITIONS = Transitions(
    Transition("create", frozenset({None}), State.DRAFT),
    Transition("record", EDITABLE, None),
    Transition("share", EDITABLE, State.SHARED),
    Transition("respond", RESPONDABLE, None),
    Transition("finalise", SHARED, State.FINAL),
)

# Services ask next_state before every change of state; views and rules ask allowed.
allowed = TRANSITIONS.allowed
next_state = TRANSITIONS.next_state
