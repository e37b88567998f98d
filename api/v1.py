"""The read-only API, version 1 (``/api/v1/``), with django-ninja: typed answers, the OpenAPI
schema from the code. Every request carries an organisation's token (``Authorization: Bearer
qap_...``) and reads what the organisation's lead sees through the pages' own ``visible_to``
rules (``api.tokens.reader_for``); each collection pages by id with a ``next`` link, and has a
CSV form with the same filters and paging."""
import datetime

from django.db.models import OuterRef, Q, Subquery
from django.http import HttpRequest
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from frameworks.models import Framework
from organisations.models import Commissioning, Organisation

from .models import Scope
from .paging import LARGEST_PAGE, PAGE, BadParameter, as_csv, check_parameters, page_of
from .tokens import reader_for, token_for, token_use

# Tests assert these.
NOT_IN_SCOPE = "This token may not read {what}: make one with that scope."
SLOW_DOWN = "Too many requests: wait {seconds} seconds."


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after


class TokenAuth(HttpBearer):
    """An organisation's usable token; its request counted against its minute."""

    def authenticate(self, request: HttpRequest, token: str):
        found = token_for(token)
        if found is None:
            return None
        request.api_token = found
        use = token_use(found)
        if not use.allowed:
            raise RateLimited(use.retry_after)
        request.reader = reader_for(found)
        return found


api = NinjaAPI(title="QA Portal API", version="1", urls_namespace="api-v1", auth=TokenAuth(),
               docs_url=None, description=(
                   "Read-only: what your organisation's lead sees in the portal, for BI tools. "
                   "Send `Authorization: Bearer <token>`; page with `next`; every collection "
                   "has a `.csv` form with the same filters."))


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    """A parameter of the wrong type or out of range: 400, naming it (not 422)."""
    first = exc.errors[0] if exc.errors else {}
    name = str(first.get("loc", ["", "?"])[-1])
    return api.create_response(request, {"detail": f"{name}: {first.get('msg', 'invalid')}",
                                         "parameter": name}, status=400)


@api.exception_handler(BadParameter)
def _bad_parameter(request, exc):
    return api.create_response(request, {"detail": exc.message, "parameter": exc.parameter},
                               status=400)


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    response = api.create_response(
        request, {"detail": "Send a usable token: Authorization: Bearer qap_..."}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(RateLimited)
def _rate_limited(request, exc):
    response = api.create_response(
        request, {"detail": SLOW_DOWN.format(seconds=exc.retry_after)}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def _scope(request, scope: Scope, what: str) -> None:
    if scope not in request.api_token.scopes:
        raise HttpError(403, NOT_IN_SCOPE.format(what=what))


class Error(Schema):
    detail: str
    parameter: str | None = None


# --- Providers ---------------------------------------------------------------------------

class Provider(Schema):
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


class Providers(Schema):
    results: list[Provider]
    next: str | None


PROVIDER_FIELDS = list(Provider.model_fields)
ERRORS = {400: Error, 401: Error, 403: Error, 429: Error}


def _providers(request, cursor, limit, updated_since):
    check_parameters(request)
    _scope(request, Scope.QUALITY, "quality data")
    organisation = request.api_token.organisation
    link = Commissioning.objects.filter(commissioner=organisation, provider=OuterRef("pk"))
    rows = (Organisation.objects.visible_to(request.reader).providers()
            .annotate(link_status=Subquery(link.values("status")[:1]),
                      link_since=Subquery(link.values("since")[:1])))
    if updated_since:
        rows = rows.filter(
            Q(pk__in=Organisation.history.filter(history_date__gte=updated_since).values("id"))
            | Q(pk__in=Commissioning.objects.filter(commissioner=organisation,
                                                    updated_at__gte=updated_since)
                .values("provider_id")))
    statuses = dict(Commissioning.Status.choices)

    def row(provider):
        return {"id": provider.pk, "slug": provider.slug, "name": provider.name,
                "provider_type": provider.provider_type,
                "provider_type_label": provider.get_provider_type_display(),
                "urn": provider.urn, "ukprn": provider.ukprn, "archived": provider.is_archived,
                "commissioning_status": statuses.get(provider.link_status, ""),
                "commissioned_since": provider.link_since}

    return page_of(request, rows, cursor=cursor, limit=limit, row=row)


@api.get("/providers", response={200: Providers, **ERRORS}, tags=["Providers"])
def providers(request, cursor: str | None = None,
              limit: int = Query(PAGE, ge=1, le=LARGEST_PAGE),
              updated_since: datetime.datetime | None = None):
    """The providers your organisation commissions (a provider's token: itself), by id."""
    results, next_url = _providers(request, cursor, limit, updated_since)
    return {"results": results, "next": next_url}


@api.get("/providers.csv", response={200: None, **ERRORS}, tags=["Providers"])
def providers_csv(request, cursor: str | None = None,
                  limit: int = Query(PAGE, ge=1, le=LARGEST_PAGE),
                  updated_since: datetime.datetime | None = None):
    """The same as CSV; the next page's address is in the ``Link`` header."""
    results, next_url = _providers(request, cursor, limit, updated_since)
    return as_csv(PROVIDER_FIELDS, results, next_url, "providers.csv")


# --- Frameworks --------------------------------------------------------------------------

class FrameworkSummary(Schema):
    id: int
    slug: str
    version: str
    name: str
    publisher: str
    kind: str
    scoring_scheme: str
    comparison: bool


class Frameworks(Schema):
    results: list[FrameworkSummary]
    next: str | None


class Level(Schema):
    code: str
    label: str
    points: int
    colour: str


class Scale(Schema):
    code: str
    name: str
    levels: list[Level]


class Criterion(Schema):
    code: str
    title: str
    text: str


class Section(Schema):
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


def _frameworks(request, cursor, limit, updated_since):
    check_parameters(request)
    rows = Framework.objects.current()
    if updated_since:
        rows = rows.filter(loaded_at__gte=updated_since)
    return page_of(request, rows, cursor=cursor, limit=limit, row=_summary)


@api.get("/frameworks", response={200: Frameworks, **ERRORS}, tags=["Frameworks"])
def frameworks(request, cursor: str | None = None,
               limit: int = Query(PAGE, ge=1, le=LARGEST_PAGE),
               updated_since: datetime.datetime | None = None):
    """The frameworks in use (each one's current version), for labelling the rest."""
    results, next_url = _frameworks(request, cursor, limit, updated_since)
    return {"results": results, "next": next_url}


@api.get("/frameworks.csv", response={200: None, **ERRORS}, tags=["Frameworks"])
def frameworks_csv(request, cursor: str | None = None,
                   limit: int = Query(PAGE, ge=1, le=LARGEST_PAGE),
                   updated_since: datetime.datetime | None = None):
    results, next_url = _frameworks(request, cursor, limit, updated_since)
    return as_csv(FRAMEWORK_FIELDS, results, next_url, "frameworks.csv")


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
