"""The read-only API, version 1 (``/api/v1/``), with django-ninja: typed answers, the OpenAPI
schema from the code. Every request carries an organisation's token (``Authorization: Bearer
qap_...``) and reads what the organisation's lead sees through the pages' own ``visible_to``
rules (``api.tokens.reader_for``); each collection pages by id with a ``next`` link, and has a
CSV form with the same filters and paging.

This module holds what every endpoint shares: the API, its token check, its errors, the scope
check and ``collection``, which makes a collection's JSON and CSV addresses from one function
and one schema of its parameters. The endpoints are in the modules beside it; ``api.urls``
imports them all."""
import datetime
import inspect
import re
from collections.abc import Callable
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer
from pydantic import AfterValidator, BaseModel, BeforeValidator

from .models import Scope
from .paging import LARGEST_PAGE, PAGE, BadParameter, as_csv, check_parameters
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


def require_scope(request, scope: Scope) -> None:
    """A 403 unless the token may read ``scope``."""
    if scope not in request.api_token.scopes:
        raise HttpError(403, NOT_IN_SCOPE.format(what=Scope(scope).label.lower()))


class Answer(BaseModel):
    """A part of an answer. Plain pydantic, not ninja's ``Schema``: the answers here are built
    as dicts, and ``Schema``'s check on every object (made for reading Django objects) cost
    about four times as much a row, a third of a 500-row page's time (measured)."""


class AboutAProvider(Answer):
    """A row about one provider: its own id first, then the provider's."""
    id: int
    provider_id: int
    provider_slug: str
    provider: str


class Error(Answer):
    detail: str
    parameter: str | None = None


# The errors every endpoint may answer with.
ERRORS = {400: Error, 401: Error, 403: Error, 429: Error}


class Paging(Schema):
    """The parameters of every collection: where to start, and how many rows a page."""
    cursor: str | None = Field(None, description="The cursor in the last page's `next`.")
    limit: int = Field(PAGE, ge=1, le=LARGEST_PAGE, description="Rows a page.")


# A date and time as RFC 3339 writes it (the schema's ``date-time``), with or without its
# offset (none: the service's time zone). Pydantic alone would also read "0.5" or "20261207" as
# seconds since 1970, and so answer a typing slip with every row.
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?")
# Tests assert this.
NOT_A_DATE_TIME = "a date and time, such as 2026-12-01T00:00:00Z"


def _date_time(value):
    if isinstance(value, str) and not DATE_TIME.fullmatch(value):
        raise ValueError(NOT_A_DATE_TIME)
    return value


# Real offsets run from -12:00 to +14:00; PostgreSQL refuses some a string may carry (-19:55).
LARGEST_OFFSET = datetime.timedelta(hours=14)


def _aware(value: datetime.datetime) -> datetime.datetime:
    """In UTC, as the database is asked: an offset beyond any real one, or a moment before
    the year 1 or after 9999 once in UTC, is not a date and time."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if abs(value.utcoffset()) > LARGEST_OFFSET:
        raise ValueError(NOT_A_DATE_TIME)
    try:
        return value.astimezone(datetime.UTC)
    except OverflowError as error:
        raise ValueError(NOT_A_DATE_TIME) from error


DateTime = Annotated[datetime.datetime, BeforeValidator(_date_time), AfterValidator(_aware)]


class Refresh(Paging):
    """A collection whose rows can be asked for when changed, for an incremental refresh."""
    updated_since: DateTime | None = Field(
        None, description="Only rows changed at or after this time (ISO 8601).")


class YearAndProvider(Refresh):
    """A collection of one provider's records a year."""
    academic_year: str | None = Field(None, max_length=7, description="e.g. 2025/26")
    provider: str | None = Field(None, max_length=80, description="A provider's slug.")


class YearProviderFramework(YearAndProvider):
    """A collection of records against a framework."""
    framework: str | None = Field(None, max_length=60, description="A framework's slug.")


def collection(path: str, *, query: type[Paging], answer: type[Answer], tag: str,
               csv: Callable[[dict], HttpResponse], responses: dict | None = None):
    """Register ``path`` (JSON) and ``path.csv`` for the decorated ``read(request, query)``,
    which returns the JSON answer (``results`` and ``next``); ``csv`` makes the CSV form of
    that same answer. Both refuse a parameter not in ``query``."""
    operation = path.strip("/").replace("-", "_").replace("/", "_")

    def register(read):
        codes = {**ERRORS, **(responses or {})}

        @api.get(path, response={200: answer, **codes}, tags=[tag], operation_id=operation,
                 url_name=operation, summary=tag,
                 description=inspect.cleandoc(read.__doc__ or ""))
        def as_json(request, filters: Query[query]):
            check_parameters(request, query.model_fields)
            # Checked against the answer's schema and written in one pass.
            return HttpResponse(answer.model_validate(read(request, filters)).model_dump_json(),
                                content_type="application/json; charset=utf-8")

        @api.get(f"{path}.csv", response={200: None, **codes}, tags=[tag],
                 operation_id=f"{operation}_csv", url_name=f"{operation}_csv",
                 summary=f"{tag} as CSV",
                 description="The same rows as CSV, one column per field; the next page's "
                             "address is in the `Link` header.")
        def as_csv_(request, filters: Query[query]):
            check_parameters(request, query.model_fields)
            return csv(read(request, filters))

        return read
    return register


def csv_of(fields: list[str], filename: str, flat: Callable[[dict], dict] = lambda row: row):
    """The usual ``csv`` for ``collection``: each result (through ``flat``) a row of
    ``fields``."""
    def make(answer: dict) -> HttpResponse:
        return as_csv(fields, [flat(row) for row in answer["results"]], answer["next"],
                      filename)
    return make
