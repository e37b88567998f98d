"""A due-diligence check's states and what its decision does, in one place: open until the
commissioner decides; the decision is final. Commissioning or commissioning with conditions
makes the commissioning link (or keeps the one a repeated check was about); not commissioning
makes none."""
from .models import DueDiligenceCheck

State = DueDiligenceCheck.State
Decision = DueDiligenceCheck.Decision

OPEN = frozenset({State.OPEN})
# The decisions that make (or keep) a commissioning link.
COMMISSIONS = frozenset({Decision.COMMISSION, Decision.WITH_CONDITIONS})


def is_open(check) -> bool:
    return check.state in OPEN


def commissions(decision: str) -> bool:
    return decision in COMMISSIONS
