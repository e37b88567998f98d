"""The QA visit workflow: its states, the groups every reader asks about, and its transitions."""
from django.db.models import Exists, OuterRef, Q

# TransitionNotAllowed is named here too: callers catch it from their workflow module.
from core.workflow import Transition, TransitionNotAllowed, Transitions  # noqa: F401

from .models import Visit

State = Visit.State

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
# The visits that count wherever visits are read together (the provider table, its heatmap,
# filters and exports, the provider's profile, the trends): every one but a withdrawn visit,
# whatever it had reached before it was withdrawn. Its record is still seen where it was
# (``provider_sees``) and listed as withdrawn, but its judgements count nowhere.
COUNTED = STATES - WITHDRAWN
# Figures of final work (the trends) count, of those, only the visits whose judgements are
# shared with the provider or final, as they count only submitted self-assessments.
COUNTED_AS_FINAL = COUNTED & FINDINGS_SHARED
# Nothing may be written, through any path.
LOCKED = CLOSED
# The partnership keeps its log of contacts with the provider from preparation through the
# follow-up after the record is final; a withdrawn visit has no follow-up.
CONTACTS = STATES - WITHDRAWN

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


def seen_by_provider(visit, ever_shared: bool) -> bool:
    """The provider sees a visit record once it is shared: never while it is being prepared,
    and after a withdrawal only if it had been shared before (``ever_shared``: the history
    shows ``SHARED_MARK``)."""
    if visit.state in PREPARING:
        return False
    if visit.state in WITHDRAWN:
        return ever_shared
    return True


def seen_by_commissioners(visit, ever_shared: bool) -> bool:
    """The provider's other commissioners (an LA, another partnership) see a visit record when
    the provider does: once it has been shared. The visiting partnership sees it from the
    start, which is its membership's rule, not a state's."""
    return seen_by_provider(visit, ever_shared)


def findings_shared(visit) -> bool:
    return visit.state in FINDINGS_SHARED


def counted(visit) -> bool:
    """Whether the visit counts where visits are read together (``COUNTED``)."""
    return visit.state in COUNTED


def shared_history(visit_id):
    """History rows showing the visit was once shared with the provider: a visit withdrawn
    while still being prepared was never the provider's to see."""
    return Visit.history.filter(id=visit_id, state=SHARED_MARK)


def ever_shared_with_provider(visit) -> bool:
    """Whether the visit was ever shared with the provider (the history check
    ``provider_sees`` makes in the database), for ``seen_by_provider`` on one object."""
    return shared_history(visit.pk).exists()


# The database form of seen_by_provider and seen_by_commissioners (the same rule): shared
# once. Used by ``Visit.objects.visible_to``; ``prefix`` reaches the visit.
def provider_sees(prefix="") -> Q:
    p = prefix
    return (~Q(**{f"{p}state__in": PREPARING | WITHDRAWN})
            | (Q(**{f"{p}state__in": WITHDRAWN}) & Exists(shared_history(OuterRef(f"{p}pk")))))


commissioners_see = provider_sees


# Causes for concern -----------------------------------------------------------------------
# A concern's phase, in the words the people who follow it use. It awaits the chair's decision
# until one is recorded. A decision that sets a review date (continue with conditions) keeps
# it under review until that date, and after it until the chair decides again; any other
# decision closes it. "Not closed" is what a commissioner watches. Every page, filter and
# export names the phases with these words.
AWAITING_DECISION = "awaiting_decision"
UNDER_REVIEW = "under_review"
CONCERN_CLOSED = "closed"
CONCERN_PHASES = {AWAITING_DECISION: "Awaiting decision",
                  UNDER_REVIEW: "Decided, under review",
                  CONCERN_CLOSED: "Closed"}
CONCERN_NOT_CLOSED = frozenset({AWAITING_DECISION, UNDER_REVIEW})
# The concern's own status field: decided once the chair has recorded a decision.
CONCERN_UNDECIDED = "open"


def concern_phase(status: str, review_date) -> str:
    """The phase of a concern with this status whose latest decision set ``review_date``
    (None: no decision, or one without a review date)."""
    if status == CONCERN_UNDECIDED:
        return AWAITING_DECISION
    return UNDER_REVIEW if review_date else CONCERN_CLOSED


def concern_phase_text(status: str, review_date, today) -> str:
    """One concern's phase as a reader sees it: "Awaiting decision", "Decided, under review
    until 18 Dec 2026" (or "... review was due 18 Dec 2026" once that date has passed),
    "Closed"."""
    phase = concern_phase(status, review_date)
    if phase == UNDER_REVIEW:
        return f"Decided, {_under_review(review_date, today)}"
    return CONCERN_PHASES[phase]


def concerns_summary(*, awaiting: int, under_review: int, next_review, today) -> str:
    """A provider's concerns that are not closed, in words: "1 awaiting decision; 1 under
    review until 18 Dec 2026" (``next_review``: the soonest review date of those under
    review); "None" when every concern is closed or there is none."""
    parts = []
    if awaiting:
        parts.append(f"{awaiting} awaiting decision")
    if under_review:
        parts.append(f"{under_review} {_under_review(next_review, today, soonest=under_review > 1)}")
    return "; ".join(parts) or "None"


def _under_review(review_date, today, *, soonest: bool = False) -> str:
    day = f"{review_date.day} {review_date:%b %Y}"
    if review_date >= today:
        return f"under review{', the soonest' if soonest else ''} until {day}"
    return f"under review, {'the soonest ' if soonest else ''}review was due {day}"


def concern_phase_q(phase: str, *, review_date: str = "latest_review_date") -> Q:
    """The database form of ``concern_phase`` for one phase, over a concern queryset annotated
    with its latest decision's review date (``review_date``, the annotation's name)."""
    undecided = Q(status=CONCERN_UNDECIDED)
    if phase == AWAITING_DECISION:
        return undecided
    if phase == UNDER_REVIEW:
        return ~undecided & Q(**{f"{review_date}__isnull": False})
    return ~undecided & Q(**{f"{review_date}__isnull": True})


def concern_not_closed_q(*, review_date: str = "latest_review_date") -> Q:
    return (concern_phase_q(AWAITING_DECISION, review_date=review_date)
            | concern_phase_q(UNDER_REVIEW, review_date=review_date))
