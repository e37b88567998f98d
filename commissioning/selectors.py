"""Reads of the commissioning cycle that other apps' pages show, in a fixed number of queries
whatever the number of providers."""
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q

from . import standards, workflow
from .models import (
    Agreement,
    Decommissioning,
    DueDiligenceCheck,
    ExpectedStandard,
    SupportEntry,
)


def last_checked(organisation, provider_ids) -> dict:
    """When ``organisation`` last decided a due-diligence check of each provider: {provider
    id: the decision's date-time}, for the providers that have one (one query)."""
    return dict(DueDiligenceCheck.objects
                .filter(commissioner=organisation, provider_id__in=list(provider_ids),
                        decided_at__isnull=False)
                .order_by().values("provider_id").annotate(last=Max("decided_at"))
                .values_list("provider_id", "last"))


def with_standards(agreements):
    """Agreements with their link and standards read alongside (for ``standards.judge``)."""
    return (agreements.select_related("link__provider", "link__commissioner")
            .prefetch_related(Prefetch("standards",
                                       queryset=ExpectedStandard.objects.order_by("pk"))))


def current_agreements(link_ids, today) -> dict:
    """{link id: the ``standards.AgreementState`` of the link's agreement in force on
    ``today`` (the latest to start)}, for the links that have one: at most five queries."""
    chosen = {}
    for agreement in with_standards(Agreement.objects.filter(link_id__in=list(link_ids))
                                    .in_force(today).order_by("link_id", "-starts", "-pk")):
        chosen.setdefault(agreement.link_id, agreement)
    return {state.agreement.link_id: state
            for state in standards.judge(chosen.values(), today)}


@dataclass
class Cycle:
    """Where one provider stands in an organisation's commissioning cycle, for a dashboard
    row: its last due diligence and its current agreement (None: no current agreement)."""

    last_checked: object = None
    agreement: standards.AgreementState | None = None
    # the organisation's support log of the provider over the last year: {uptake: count}
    support: dict = field(default_factory=dict)
    last_support: object = None

    def supported(self, uptake) -> int:
        return self.support.get(uptake, 0)


def support_counts(organisation, provider_ids, today) -> dict:
    """{provider id: ({uptake: count over the year to ``today``}, the latest entry's date)}
    of ``organisation``'s support log (one query)."""
    since = today - standards.YEAR
    uptakes = SupportEntry.Uptake.values
    rows = (SupportEntry.objects.filter(commissioner=organisation,
                                        provider_id__in=list(provider_ids))
            .order_by().values("provider_id")
            .annotate(last=Max("on"), **{u: Count("pk", filter=Q(uptake=u, on__gt=since))
                                         for u in uptakes}))
    return {r["provider_id"]: ({u: r[u] for u in uptakes}, r["last"]) for r in rows}


def cycles(organisation, links, today) -> dict:
    """{provider id: Cycle} for ``organisation``'s ``links`` (a page or a chunk of them): at
    most seven queries whatever the number."""
    links = list(links)
    ids = [link.provider_id for link in links]
    checked = last_checked(organisation, ids)
    agreements = current_agreements([link.pk for link in links], today)
    support = support_counts(organisation, ids, today)
    return {link.provider_id: Cycle(checked.get(link.provider_id), agreements.get(link.pk),
                                    *support.get(link.provider_id, ({}, None)))
            for link in links}


def support_log(user, provider, *, limit=None):
    """The provider's support log as ``user`` may see it, latest first."""
    entries = (SupportEntry.objects.visible_to(user).filter(provider=provider)
               .select_related("commissioner", "recorded_by").order_by("-on", "-pk"))
    return list(entries[:limit] if limit else entries)


def open_checks_of(user, provider_ids) -> list:
    """The due-diligence checks in progress of these providers that ``user`` sees, for their
    people to give evidence (one query)."""
    return list(DueDiligenceCheck.objects.visible_to(user)
                .filter(provider_id__in=list(provider_ids), state__in=workflow.OPEN)
                .select_related("commissioner").order_by("opened_at", "pk"))


def decommissionings(link_ids) -> dict:
    """{link id: its latest de-commissioning}, for the links that have one (one query)."""
    latest = {}
    for record in (Decommissioning.objects.filter(link_id__in=list(link_ids))
                   .order_by("link_id", "-decided_at", "-pk")):
        latest.setdefault(record.link_id, record)
    return latest
