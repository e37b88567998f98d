"""Reads for home pages and dashboards: a few queries per membership, never one per provider."""
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery, Window

from assessments.models import Assessment
from commissioning.selectors import open_checks_of
from organisations.models import Commissioning, Membership, Organisation
from organisations.permissions import PROVIDER_ROLES, can
from visits import workflow as visit_workflow
from visits.models import Concern, ConcernDecision, Visit
from visits.selectors import with_phase_text

# The most rows each list on a home page section shows, however many there are.
SUBMITTED_PER_ORGANISATION = 5
ATTENTION_PER_ORGANISATION = 10
CONCERNS_PER_ORGANISATION = 10
VISITS_PER_ORGANISATION = 10


@dataclass
class HomeSection:
    """What one membership shows on the home page."""

    membership: Membership
    status_counts: list[tuple[str, str, int]] = field(default_factory=list)
    attention: list[Commissioning] = field(default_factory=list)  # the first ten, by name
    attention_total: int = 0  # links not active, in all
    commissioners: list[Commissioning] = field(default_factory=list)
    drafts: list = field(default_factory=list)  # provider: self-assessments not yet submitted
    submitted: list = field(default_factory=list)  # commissioner: latest submitted
    concerns: list = field(default_factory=list)  # commissioner: causes for concern, open first
    visits: list = field(default_factory=list)  # provider / partnership: QA visits in progress
    visits_total: int = 0  # how many are in progress (``visits`` holds the soonest ten)
    views_profile: bool = False  # a provider's people: a link to its profile
    checks: list = field(default_factory=list)  # provider: due-diligence checks in progress

    @property
    def starts_self_assessments(self) -> bool:
        """A provider's lead or staff (``assessments.start_self_assessment``)."""
        return self.membership.role in PROVIDER_ROLES


def home_sections(user, memberships) -> list[HomeSection]:
    """One section per membership: for commissioners the status of what they commission and the
    links needing attention and the latest submitted self-assessments; for providers who
    commissions them and their self-assessments in progress; causes for concern for
    commissioners and QA visits in progress for providers and partnerships. Each list holds
    the first few rows, read with a query per membership that shows it (seven queries for one
    membership), so the cost follows the user's memberships, not the number of providers."""
    sections = [HomeSection(membership=m) for m in memberships]
    commissioner_ids = [m.organisation_id for m in memberships if m.organisation.is_commissioner]
    provider_ids = [m.organisation_id for m in memberships if m.organisation.is_provider]
    visible = Commissioning.objects.visible_to(user)
    counts: dict[int, dict[str, int]] = {}
    attention: dict[int, list[Commissioning]] = {}
    if commissioner_ids:
        for row in (
            visible.filter(commissioner_id__in=commissioner_ids)
            .values("commissioner_id", "status")
            .annotate(n=Count("pk"))
        ):
            counts.setdefault(row["commissioner_id"], {})[row["status"]] = row["n"]
        needing_attention = (visible.exclude(status=Commissioning.Status.ACTIVE)
                             .select_related("provider").order_by("provider__name", "pk"))
        for org_id in commissioner_ids:
            attention[org_id] = list(needing_attention.filter(commissioner_id=org_id)
                                     [:ATTENTION_PER_ORGANISATION])
    commissioners: dict[int, list[Commissioning]] = {}
    checks: dict[int, list] = {}
    if provider_ids:
        for link in visible.filter(provider_id__in=provider_ids).select_related("commissioner"):
            commissioners.setdefault(link.provider_id, []).append(link)
        for check in open_checks_of(user, provider_ids):
            checks.setdefault(check.provider_id, []).append(check)
    drafts: dict[int, list] = {}
    submitted: dict[int, list] = {}
    assessments = (Assessment.objects.visible_to(user)
                   .select_related("framework", "provider"))
    if provider_ids:
        for a in (assessments.filter(provider_id__in=provider_ids, state=Assessment.State.DRAFT)
                  .annotate(rated=Count("responses", filter=Q(responses__level__isnull=False)),
                            total=Count("responses"))
                  .order_by("-period", "framework__name")):
            drafts.setdefault(a.provider_id, []).append(a)
    if commissioner_ids:
        # The five latest per partnership or LA: a query each, reading five rows (the
        # (state, -submitted_at) index), not the latest fifty of all to keep five of each.
        for org_id in commissioner_ids:
            submitted[org_id] = list(assessments.filter(
                state=Assessment.State.SUBMITTED, provider__commissioned_by__commissioner_id=org_id,
            ).order_by("-submitted_at")[:SUBMITTED_PER_ORGANISATION])
    concerns = _concerns_by_commissioner(user, commissioner_ids)
    visits, visit_totals = _visits_in_progress(user, memberships)
    for section in sections:
        org_id = section.membership.organisation_id
        section.concerns = concerns.get(org_id, [])
        section.visits = visits.get(org_id, [])
        section.visits_total = visit_totals.get(org_id, 0)
        section.drafts = drafts.get(org_id, [])
        section.submitted = submitted.get(org_id, [])
        by_status = counts.get(org_id, {})
        section.status_counts = [
            (value, label, by_status.get(value, 0)) for value, label in Commissioning.Status.choices
        ]
        section.attention = attention.get(org_id, [])
        section.attention_total = sum(n for status, n in by_status.items()
                                      if status != Commissioning.Status.ACTIVE)
        section.commissioners = commissioners.get(org_id, [])
        section.checks = checks.get(org_id, [])
        section.views_profile = can(user, "dashboards.view_provider_profile",
                                    section.membership.organisation)
    return sections




def _concerns_by_commissioner(user, commissioner_ids) -> dict[int, list[Concern]]:
    """Causes for concern about the providers each partnership or LA commissions, open ones
    first, each with its latest decision: the first ten per organisation, a query each."""
    latest = ConcernDecision.objects.filter(concern=OuterRef("pk")).newest_first()
    concerns = (Concern.objects.visible_to(user).with_phase()
                .annotate(decision=Subquery(latest.values("decision")[:1]),
                          decided_at=Subquery(latest.values("decided_at")[:1]))
                .select_related("provider", "section", "partnership", "visit")
                .order_by("-status", "-raised_at", "-pk"))
    by_org: dict[int, list[Concern]] = {}
    for org_id in commissioner_ids:
        by_org[org_id] = with_phase_text(
            concerns.filter(provider__commissioned_by__commissioner_id=org_id)
            [:CONCERNS_PER_ORGANISATION])
        for concern in by_org[org_id]:
            concern.decision_label = (ConcernDecision.Decision(concern.decision).label
                                      if concern.decision else "")
    return by_org


def _visits_in_progress(user, memberships) -> tuple[dict[int, list[Visit]], dict[int, int]]:
    """QA visits not yet final or withdrawn, for a provider's people (once shared with them)
    and the partnership carrying them out, soonest first: the first ten per organisation and
    how many there are in all (counted in the same query). One query per such membership;
    none for LA commissioners."""
    org_ids = sorted({m.organisation_id for m in memberships
                      if m.organisation.is_provider or m.organisation.is_partnership})
    in_progress = (Visit.objects.visible_to(user)
                   .exclude(state__in=visit_workflow.CLOSED)
                   .select_related("provider", "commissioner")
                   .annotate(in_all=Window(Count("pk"))).order_by("planned_visit_date", "pk"))
    visits, totals = {}, {}
    for org_id in org_ids:
        visits[org_id] = list(in_progress.filter(Q(provider_id=org_id) | Q(commissioner_id=org_id))
                              [:VISITS_PER_ORGANISATION])
        totals[org_id] = visits[org_id][0].in_all if visits[org_id] else 0
    return visits, totals


def admin_summary() -> dict[str, int]:
    """Counts an administrator sees on the home page, in one query."""
    return Organisation.objects.aggregate(
        providers=Count("pk", filter=Q(kind=Organisation.Kind.PROVIDER)),
        partnerships=Count("pk", filter=Q(kind=Organisation.Kind.PARTNERSHIP)),
        local_authorities=Count("pk", filter=Q(kind=Organisation.Kind.LOCAL_AUTHORITY)),
    )
