"""Version 1's providers and frameworks: the organisation's providers with their commissioning
link, and each framework's structure for labelling the rest."""
import datetime

from django.db.models import OuterRef, Q, Subquery
from ninja import Status

from frameworks.models import Framework
from organisations.models import Commissioning, Organisation

from .base import ERRORS, Answer, Error, Refresh, api, collection, csv_of, require_scope
from .models import Scope
from .paging import check_parameters, page_of

# --- Providers ---------------------------------------------------------------------------

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


class Providers(Answer):
    results: list[Provider]
    next: str | None


@collection("/providers", query=Refresh, answer=Providers, tag="Providers",
            csv=csv_of(list(Provider.model_fields), "providers.csv"))
def providers(request, q: Refresh) -> dict:
    """The providers your organisation commissions (a provider's token: itself), by id."""
    require_scope(request, Scope.QUALITY)
    organisation = request.api_token.organisation
    link = Commissioning.objects.filter(commissioner=organisation, provider=OuterRef("pk"))
    rows = (Organisation.objects.visible_to(request.reader).providers()
            .annotate(link_status=Subquery(link.values("status")[:1]),
                      link_since=Subquery(link.values("since")[:1])))
    if q.updated_since:
        rows = rows.filter(
            Q(pk__in=Organisation.history.filter(history_date__gte=q.updated_since)
              .values("id"))
            | Q(pk__in=Commissioning.objects.filter(commissioner=organisation,
                                                    updated_at__gte=q.updated_since)
                .values("provider_id")))
    statuses = dict(Commissioning.Status.choices)

    def row(provider):
        return {"id": provider.pk, "slug": provider.slug, "name": provider.name,
                "provider_type": provider.provider_type,
                "provider_type_label": provider.get_provider_type_display(),
                "urn": provider.urn, "ukprn": provider.ukprn, "archived": provider.is_archived,
                "commissioning_status": statuses.get(provider.link_status, ""),
                "commissioned_since": provider.link_since}

    results, next_url = page_of(request, rows, cursor=q.cursor, limit=q.limit, row=row)
    return {"results": results, "next": next_url}


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
