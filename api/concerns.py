"""Version 1's causes for concern: each concern the organisation's lead sees
(``Concern.objects.visible_to``: a commissioner of the provider; never the provider's own
people), its phase by ``visits.workflow``'s rule, and every decision the partnership chair has
recorded on it, oldest first."""
import datetime
from collections import defaultdict
from typing import Literal

from django.db.models import Q
from ninja import Field

from visits import workflow
from visits.models import Concern, ConcernDecision

from .base import AboutAProvider, Answer, YearAndProvider, collection, csv_of, require_scope
from .models import Scope
from .paging import page_of

Phase = Literal[tuple(workflow.CONCERN_PHASES)]


class Decision(Answer):
    id: int
    decision: str  # its code, e.g. "continue_with_conditions"
    label: str
    reasons: str
    conditions: str
    review_date: datetime.date | None
    decided_at: datetime.datetime


class ConcernRow(AboutAProvider):
    partnership_slug: str
    partnership: str
    visit_id: int
    academic_year: str
    section: str
    section_title: str
    basis: str
    phase: str  # awaiting_decision, under_review or closed
    phase_label: str
    raised_at: datetime.datetime
    decisions: list[Decision]


class Concerns(Answer):
    results: list[ConcernRow]
    next: str | None


class ConcernFilters(YearAndProvider):
    phase: Phase | None = Field(None, description="awaiting_decision, under_review or closed.")


CSV_FIELDS = [name for name in ConcernRow.model_fields if name != "decisions"]
CSV_FIELDS += ["decisions", "latest_decision", "latest_review_date", "latest_conditions"]


def _flat(item: dict) -> dict:
    """The latest decision's fields beside the count of decisions."""
    latest = item["decisions"][-1] if item["decisions"] else {}
    return {**item, "decisions": len(item["decisions"]),
            "latest_decision": latest.get("label"),
            "latest_review_date": latest.get("review_date"),
            "latest_conditions": latest.get("conditions")}


def _rows(request, q: ConcernFilters):
    rows = (Concern.objects.visible_to(request.reader).with_phase()
            .select_related("provider", "partnership", "section", "visit"))
    if q.academic_year:
        rows = rows.filter(visit__period=q.academic_year)
    if q.provider:
        rows = rows.filter(provider__slug=q.provider)
    if q.phase:
        rows = rows.filter(workflow.concern_phase_q(q.phase))
    if q.updated_since:
        since = q.updated_since
        rows = rows.filter(
            Q(pk__in=Concern.history.filter(history_date__gte=since).values("id"))
            | Q(pk__in=ConcernDecision.objects.filter(decided_at__gte=since)
                .values("concern_id")))
    return rows


@collection("/concerns", query=ConcernFilters, answer=Concerns, tag="Causes for concern",
            csv=csv_of(CSV_FIELDS, "concerns.csv", _flat))
def concerns(request, q: ConcernFilters) -> dict:
    """The causes for concern your organisation's lead sees (a commissioner of the provider;
    a provider's own token finds none), by id: the section judged Red, the concern's phase,
    and every decision the partnership chair has recorded, oldest first. The CSV form gives
    the number of decisions and the latest one's decision, review date and conditions."""
    # The same queries whatever the page holds: the concerns, their decisions.
    require_scope(request, Scope.QUALITY)
    found, next_url = page_of(request, _rows(request, q), cursor=q.cursor, limit=q.limit,
                              row=lambda concern: concern)
    decisions = defaultdict(list)
    for decision in ConcernDecision.objects.filter(concern__in=found).order_by("decided_at",
                                                                               "pk"):
        decisions[decision.concern_id].append({
            "id": decision.pk, "decision": decision.decision,
            "label": decision.get_decision_display(), "reasons": decision.reasons,
            "conditions": decision.conditions, "review_date": decision.review_date,
            "decided_at": decision.decided_at})
    results = []
    for c in found:
        phase = workflow.concern_phase(c.status, c.latest_review_date)
        results.append({
            "id": c.pk, "provider_id": c.provider_id, "provider_slug": c.provider.slug,
            "provider": c.provider.name, "partnership_slug": c.partnership.slug,
            "partnership": c.partnership.name, "visit_id": c.visit_id,
            "academic_year": c.visit.period, "section": c.section.code,
            "section_title": c.section.title, "basis": c.get_basis_display(),
            "phase": phase, "phase_label": workflow.CONCERN_PHASES[phase],
            "raised_at": c.raised_at, "decisions": decisions[c.pk]})
    return {"results": results, "next": next_url}
