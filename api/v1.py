"""Version 1's providers and frameworks: the organisation's providers with their commissioning
link, and each framework's structure for labelling the rest."""
import datetime
from collections import defaultdict

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from ninja import Status

from commissioning.models import Agreement
from frameworks.models import Framework
from organisations.models import Commissioning, Organisation

from .base import ERRORS, Answer, Error, Refresh, api, collection, csv_of, require_scope
from .models import Scope
from .paging import check_parameters, page_of

# Tests assert this.
NO_PROVIDER = "No provider your organisation commissions has this slug."

# --- Providers ---------------------------------------------------------------------------

class AgreementRow(Answer):
    id: int
    commissioner_slug: str
    kind: str  # sla, contract or individual_plan
    kind_label: str
    reference: str
    starts: datetime.date
    ends: datetime.date | None
    places: int | None
    in_force: bool  # today


class Provider(Answer):
    id: int
    slug: str
    name: str
    provider_type: str
    provider_type_label: str
    urn: str
    ukprn: str
    archived: bool
    # The link from the token's organisation (empty for a provider's own token).
    commissioning_status: str
    commissioned_since: datetime.date | None
    # The agreements of that link (a provider's own token: all of its own).
    agreements: list[AgreementRow]


class Providers(Answer):
    results: list[Provider]
    next: str | None


def _flat_provider(item: dict) -> dict:
    """An agreement a cell's item: "Contract C-1 (2025-09-01 to 2026-08-31)"."""
    return {**item, "agreements": [
        f"{a['kind_label']} {a['reference']} ({a['starts']} to {a['ends'] or 'open-ended'})"
        for a in item["agreements"]]}


def _providers(request):
    organisation = request.api_token.organisation
    link = Commissioning.objects.filter(commissioner=organisation, provider=OuterRef("pk"))
    return (Organisation.objects.visible_to(request.reader).providers()
            .annotate(link_status=Subquery(link.values("status")[:1]),
                      link_since=Subquery(link.values("since")[:1])))


def _provider_rows(request, found: list) -> list[dict]:
    """The page's providers, each with its agreements (one query, whatever the page holds):
    the token's organisation's own link's, or for a provider's token all of its own."""
    organisation = request.api_token.organisation
    agreements = (Agreement.objects.visible_to(request.reader)
                  .filter(link__provider__in=found).select_related("link__commissioner")
                  .order_by("link__provider_id", "-starts", "-pk"))
    if organisation.kind != Organisation.Kind.PROVIDER:
        agreements = agreements.filter(link__commissioner=organisation)
    today = timezone.localdate()
    by_provider = defaultdict(list)
    for agreement in agreements:
        by_provider[agreement.link.provider_id].append({
            "id": agreement.pk, "commissioner_slug": agreement.link.commissioner.slug,
            "kind": agreement.kind, "kind_label": agreement.get_kind_display(),
            "reference": agreement.reference, "starts": agreement.starts,
            "ends": agreement.ends, "places": agreement.places,
            "in_force": agreement.runs_on(today)})
    statuses = dict(Commissioning.Status.choices)
    return [{"id": provider.pk, "slug": provider.slug, "name": provider.name,
             "provider_type": provider.provider_type,
             "provider_type_label": provider.get_provider_type_display(),
             "urn": provider.urn, "ukprn": provider.ukprn, "archived": provider.is_archived,
             "commissioning_status": statuses.get(provider.link_status, ""),
             "commissioned_since": provider.link_since,
             "agreements": by_provider[provider.pk]} for provider in found]


@collection("/providers", query=Refresh, answer=Providers, tag="Providers",
            csv=csv_of(list(Provider.model_fields), "providers.csv", _flat_provider))
def providers(request, q: Refresh) -> dict:
    """The providers your organisation commissions (a provider's token: itself), by id, each
    with your link's status and its agreements (SLAs, contracts, individual plans). In the CSV
    form the agreements are one cell."""
    require_scope(request, Scope.QUALITY)
    organisation = request.api_token.organisation
    rows = _providers(request)
    if q.updated_since:
        since = q.updated_since
        rows = rows.filter(
            Q(pk__in=Organisation.history.filter(history_date__gte=since).values("id"))
            | Q(pk__in=Commissioning.objects.filter(commissioner=organisation,
                                                    updated_at__gte=since)
                .values("provider_id"))
            | Q(pk__in=Agreement.history.filter(history_date__gte=since)
                .values("link__provider_id")))
    found, next_url = page_of(request, rows, cursor=q.cursor, limit=q.limit,
                              row=lambda provider: provider)
    return {"results": _provider_rows(request, found), "next": next_url}


@api.get("/providers/{slug}", response={200: Provider, 404: Error, **ERRORS},
         tags=["Providers"], url_name="provider", operation_id="provider")
def provider(request, slug: str):
    """One provider your organisation commissions, by its slug. A provider it does not
    commission is a 404, exactly as a missing one is."""
    check_parameters(request, ())
    require_scope(request, Scope.QUALITY)
    found = _providers(request).filter(slug=slug[:80]).first()
    if found is None:
        return Status(404, {"detail": NO_PROVIDER})
    request.api_rows = 1
    return _provider_rows(request, [found])[0]


# --- Frameworks --------------------------------------------------------------------------

class FrameworkSummary(Answer):
    id: int
    slug: str
    version: str
    name: str
    publisher: str
    kind: str
    scoring_scheme: str
    comparison: bool


class Frameworks(Answer):
    results: list[FrameworkSummary]
    next: str | None


class Level(Answer):
    code: str
    label: str
    points: int
    colour: str


class Scale(Answer):
    code: str
    name: str
    levels: list[Level]


class Criterion(Answer):
    code: str
    title: str
    text: str


class Section(Answer):
    code: str
    title: str
    evaluative_question: str
    criteria: list[Criterion]


class FrameworkStructure(FrameworkSummary):
    sections: list[Section]
    scales: list[Scale]


FRAMEWORK_FIELDS = list(FrameworkSummary.model_fields)


def _summary(framework) -> dict:
    return {name: getattr(framework, name) for name in FRAMEWORK_FIELDS}


@collection("/frameworks", query=Refresh, answer=Frameworks, tag="Frameworks",
            csv=csv_of(FRAMEWORK_FIELDS, "frameworks.csv"))
def frameworks(request, q: Refresh) -> dict:
    """The frameworks in use (each one's current version), for labelling the rest."""
    rows = Framework.objects.current()
    if q.updated_since:
        rows = rows.filter(loaded_at__gte=q.updated_since)
    results, next_url = page_of(request, rows, cursor=q.cursor, limit=q.limit, row=_summary)
    return {"results": results, "next": next_url}


@api.get("/frameworks/{slug}", response={200: FrameworkStructure, 404: Error, **ERRORS},
         tags=["Frameworks"])
def framework(request, slug: str):
    """One framework's current version: its sections with their criteria, and its scales."""
    check_parameters(request, ())
    found = (Framework.objects.current().filter(slug=slug)
             .prefetch_related("sections__criteria", "scales__levels").first())
    if found is None:
        return Status(404, {"detail": "No framework has this slug."})
    request.api_rows = 1
    return {**_summary(found),
            "sections": [{"code": s.code, "title": s.title,
                          "evaluative_question": s.evaluative_question,
                          "criteria": [{"code": c.code, "title": c.title, "text": c.text}
                                       for c in s.criteria.all()]}
                         for s in found.sections.all()],
            "scales": [{"code": sc.code, "name": sc.name,
                        "levels": [{"code": lv.code, "label": lv.label, "points": lv.points,
                                    "colour": lv.colour} for lv in sc.levels.all()]}
                       for sc in found.scales.all()]}
