"""The QA visit workflow: its states, the groups every reader asks about, and its transitions."""
from django.db.models import Exists, OuterRef, Q

from assessments.models import Assessment

# TransitionNotAllowed is named here too: callers catch it from their workflow module.
from qaportal.workflow import Transition, TransitionNotAllowed, Transitions  # noqa: F401

State = Assessment.State

STATES = frozenset({State.PREPARING, State.SHARED_WITH_PROVIDER, State.VISIT_RECORDED,
                    State.JUDGEMENTS_SHARED, State.FINAL, State.WITHDRAWN})
# The states as a form's options, in the order a visit passes through them.
STATE_CHOICES = [(state.value, state.label) for state in State if state in STATES]
# Being prepared: only the visiting partnership sees it.
PREPARING = frozenset({State.PREPARING})
# Reaching this state is what "shared with the provider" means in the history: every later
# state passes through it.
SHARED_MARK = State.SHARED_WITH_PROVIDER
# The partnership's observer notes, ratings and action points may be recorded.
OBSERVATION = frozenset({State.PREPARING, State.SHARED_WITH_PROVIDER, State.VISIT_RECORDED})
EDITABLE = OBSERVATION
# Visit date, team and key aspects may change until the visit is recorded.
SETUP = frozenset({State.PREPARING, State.SHARED_WITH_PROVIDER})
# The provider adds its evidence while the record is shared and the visit not yet recorded.
PROVIDER_EVIDENCE = frozenset({State.SHARED_WITH_PROVIDER})
# Concluding judgements may be recorded once the record is shared, until they are shared.
JUDGEMENT = frozenset({State.SHARED_WITH_PROVIDER, State.VISIT_RECORDED})
# Recorded, judgements not yet shared: a judgement changed to Red in a key section now raises
# a cause for concern at once.
RECORDED = frozenset({State.VISIT_RECORDED})
WITHDRAWABLE = frozenset({State.PREPARING, State.SHARED_WITH_PROVIDER, State.VISIT_RECORDED,
                          State.JUDGEMENTS_SHARED})
# From these states on, the provider sees what was found at the visit and the judgements,
# and has its right of reply.
FINDINGS_SHARED = frozenset({State.JUDGEMENTS_SHARED, State.FINAL})
# Recorded: every requirement rated and every section judged, shared or not yet. The visit a
# later visit looks back on is one of these (never a withdrawn one).
JUDGED = RECORDED | FINDINGS_SHARED
# The provider may reply while the judgements are shared and the visit is not final.
RESPONDABLE = frozenset({State.JUDGEMENTS_SHARED})
FINAL = frozenset({State.FINAL})
WITHDRAWN = frozenset({State.WITHDRAWN})
# Read-only for good: nothing is written to the record again.
CLOSED = FINAL | WITHDRAWN
# Nothing may be written, through any path.
LOCKED = CLOSED

TRANSITIONS = Transitions(
    Transition("create", frozenset({None}), State.PREPARING),
    Transition("share", PREPARING, State.SHARED_WITH_PROVIDER),
    Transition("provider_evidence", PROVIDER_EVIDENCE, None),
    Transition("record", frozenset({State.SHARED_WITH_PROVIDER}), State.VISIT_RECORDED),
    Transition("share_judgements", frozenset({State.VISIT_RECORDED}),
               State.JUDGEMENTS_SHARED),
    Transition("respond", RESPONDABLE, None),
    Transition("finalise", frozenset({State.JUDGEMENTS_SHARED}), State.FINAL),
    Transition("withdraw", WITHDRAWABLE, State.WITHDRAWN),
)


# Services ask next_state before every change of state; views and rules ask allowed.
allowed = TRANSITIONS.allowed
next_state = TRANSITIONS.next_state


def seen_by_provider(assessment, ever_shared: bool) -> bool:
    """The provider sees a visit record once it is shared: never while it is being prepared,
    and after a withdrawal only if it had been shared before (``ever_shared``: the history
    shows ``SHARED_MARK``)."""
    if assessment.state in PREPARING:
        return False
    if assessment.state in WITHDRAWN:
        return ever_shared
    return True


def seen_by_commissioners(assessment, ever_shared: bool) -> bool:
    """The provider's other commissioners (an LA, another partnership) see a visit record when
    the provider does: once it has been shared. The visiting partnership sees it from the
    start, which is its membership's rule, not a state's."""
    return seen_by_provider(assessment, ever_shared)


def findings_shared(assessment) -> bool:
    return assessment.state in FINDINGS_SHARED


def shared_history(assessment_id):
    """History rows showing the visit was once shared with the provider: a visit withdrawn
    while still being prepared was never the provider's to see."""
    return Assessment.history.filter(id=assessment_id, state=SHARED_MARK)


def ever_shared_with_provider(assessment) -> bool:
    """Whether the visit was ever shared with the provider (the history check
    ``provider_sees`` makes in the database), for ``seen_by_provider`` on one object."""
    return shared_history(assessment.pk).exists()


# The database form of seen_by_provider and seen_by_commissioners (the same rule): shared
# once. Used by ``Assessment.objects.visible_to``; ``prefix`` reaches the assessment.
def provider_sees(prefix="") -> Q:
    p = prefix
    return (~Q(**{f"{p}state__in": PREPARING | WITHDRAWN})
            | (Q(**{f"{p}state__in": WITHDRAWN}) & Exists(shared_history(OuterRef(f"{p}pk")))))


commissioners_see = provider_sees
