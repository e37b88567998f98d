"""The self-assessment workflow: its states, the groups every reader asks about, and its transitions."""
from django.db.models import Q

# TransitionNotAllowed is named here too: callers catch it from their workflow module.
from core.workflow import Transition, TransitionNotAllowed, Transitions  # noqa: F401

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

TRANSITIONS = Transitions(
    Transition("start", frozenset({None}), State.DRAFT),
    Transition("submit", EDITABLE, State.SUBMITTED),
    Transition("reopen", SUBMITTED, State.DRAFT),
    Transition("share", EDITABLE, None),
)


# Services ask next_state before every change of state; views and rules ask allowed.
allowed = TRANSITIONS.allowed
next_state = TRANSITIONS.next_state


def is_editable(assessment) -> bool:
    return assessment.state in EDITABLE


def is_submitted(assessment) -> bool:
    return assessment.state in SUBMITTED


def seen_by_commissioners(assessment) -> bool:
    """Commissioners see a self-assessment once it is submitted, or a draft the provider shared."""
    return (assessment.state not in HIDDEN_FROM_COMMISSIONERS_UNLESS_SHARED
            or assessment.shared_with_commissioners)


# The database form of who sees which state (``assessments.querysets``): the provider's people
# see every state; commissioners as ``seen_by_commissioners``. ``prefix`` reaches the assessment.
def provider_sees(prefix="") -> Q:
    return Q()


def commissioners_see(prefix="") -> Q:
    return (~Q(**{f"{prefix}state__in": HIDDEN_FROM_COMMISSIONERS_UNLESS_SHARED})
            | Q(**{f"{prefix}shared_with_commissioners": True}))
