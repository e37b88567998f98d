"""Reads for home pages and dashboards: a few aggregate queries, never one per provider."""
from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from assessments.models import Assessment
from organisations.models import Commissioning, Membership, Organisation


@dataclass
class HomeSection:
    """What one membership shows on the home page."""

    membership: Membership
    status_counts: list[tuple[str, str, int]] = field(default_factory=list)
    attention: list[Commissioning] = field(default_factory=list)
    commissioners: list[Commissioning] = field(default_factory=list)
    drafts: list = field(default_factory=list)  # provider: self-assessments not yet submitted
    submitted: list = field(default_factory=list)  # commissioner: latest submitted


def home_sections(user, memberships) -> list[HomeSection]:
    """One section per membership: for commissioners the status of what they commission and the
    links needing attention and the latest submitted self-assessments; for providers who
    commissions them and their self-assessments in progress. Five queries at most."""
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
        for link in (
            visible.filter(commissioner_id__in=commissioner_ids)
            .exclude(status=Commissioning.Status.ACTIVE)
            .select_related("provider")
            .order_by("provider__name")
        ):
            attention.setdefault(link.commissioner_id, []).append(link)
    commissioners: dict[int, list[Commissioning]] = {}
    if provider_ids:
        for link in visible.filter(provider_id__in=provider_ids).select_related("commissioner"):
            commissioners.setdefault(link.provider_id, []).append(link)
    drafts: dict[int, list] = {}
    submitted: dict[int, list] = {}
    assessments = (Assessment.objects.visible_to(user).self_assessments()
                   .select_related("framework", "provider"))
    if provider_ids:
        for a in (assessments.filter(provider_id__in=provider_ids, state=Assessment.State.DRAFT)
                  .annotate(rated=Count("responses", filter=Q(responses__level__isnull=False)),
                            total=Count("responses"))
                  .order_by("-period", "framework__name")):
            drafts.setdefault(a.provider_id, []).append(a)
    if commissioner_ids:
        latest = list(assessments.filter(
            state=Assessment.State.SUBMITTED,
            provider__commissioned_by__commissioner_id__in=commissioner_ids,
        ).annotate(via_commissioner=F("provider__commissioned_by__commissioner_id"))
         .order_by("-submitted_at")[:50])
        for a in latest:
            bucket = submitted.setdefault(a.via_commissioner, [])
            if len(bucket) < 5:
                bucket.append(a)
    for section in sections:
        org_id = section.membership.organisation_id
        section.drafts = drafts.get(org_id, [])
        section.submitted = submitted.get(org_id, [])
        by_status = counts.get(org_id, {})
        section.status_counts = [
            (value, label, by_status.get(value, 0)) for value, label in Commissioning.Status.choices
        ]
        section.attention = attention.get(org_id, [])
        section.commissioners = commissioners.get(org_id, [])
    return sections


def admin_summary() -> dict[str, int]:
    """Counts an administrator sees on the home page, in one query."""
    return Organisation.objects.aggregate(
        providers=Count("pk", filter=Q(kind="provider")),
        partnerships=Count("pk", filter=Q(kind="partnership")),
        local_authorities=Count(
            "pk", filter=Q(kind="local_authority")
        ),
    )
