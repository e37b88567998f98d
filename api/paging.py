"""What every collection of the API shares: its query parameters checked (an unknown one is a
400 naming it), keyset pages in a stable order (by id, with a signed cursor for the next page,
so a forged one is refused), and the same page as JSON or as CSV."""
from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from django.core import signing
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja.errors import HttpError

from core.cells import csv_bytes

SALT = "api.cursor"
LARGEST_PAGE = 500
PAGE = 100
# Tests assert these.
UNKNOWN = "Unknown parameter: {name}. This endpoint takes: {names}."
BAD_CURSOR = "The cursor is not one this API gave: start again without it."


class BadParameter(HttpError):
    """A 400 whose JSON names the parameter."""

    def __init__(self, parameter: str, message: str):
        super().__init__(400, message)
        self.parameter = parameter


def check_parameters(request: HttpRequest, allowed: Iterable[str]) -> None:
    """Refuse any parameter the endpoint does not take (a misspelt filter would otherwise
    return everything, silently)."""
    allowed = set(allowed)
    for name in request.GET:
        if name not in allowed:
            raise BadParameter(name, UNKNOWN.format(name=name, names=", ".join(sorted(allowed))))


def after_id(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        value = signing.loads(cursor, salt=SALT)
        return int(value["after"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise BadParameter("cursor", BAD_CURSOR) from error


def page_of(request: HttpRequest, rows: QuerySet, *, cursor: str | None, limit: int,
            row: Callable) -> tuple[list[dict], str | None]:
    """One page of ``rows`` (ordered by id, after the cursor's id), each through ``row``, and
    the address of the next page (None on the last)."""
    found = list(rows.filter(pk__gt=after_id(cursor)).order_by("pk")[:limit + 1])
    more = len(found) > limit
    found = found[:limit]
    request.api_rows = len(found)
    return [row(item) for item in found], _next_url(request, found[-1].pk) if more else None


def page_of_list(request: HttpRequest, rows: list, *, cursor: str | None,
                 limit: int) -> tuple[list, str | None]:
    """One page of a list worked out whole (figures kept for their reader), by position, with
    the same signed cursor and ``next`` address as ``page_of``."""
    start = after_id(cursor)
    found = rows[start:start + limit]
    request.api_rows = len(found)
    return found, _next_url(request, start + limit) if start + limit < len(rows) else None


def _next_url(request: HttpRequest, after: int) -> str:
    """This address with the same parameters and a signed cursor starting after ``after``."""
    query = request.GET.copy()
    query["cursor"] = signing.dumps({"after": after}, salt=SALT)
    return request.build_absolute_uri(request.path) + "?" + urlencode(query, doseq=True)


def as_csv(headings: list[str], results: list[dict], next_url: str | None,
           filename: str) -> HttpResponse:
    """The page as CSV, one column per field (a list as its items joined by "; "), with the
    next page's address in a ``Link`` header."""
    response = HttpResponse(csv_bytes(headings, (
        ["; ".join(map(str, v)) if isinstance(v, list) else "" if v is None else str(v)
         for v in (item[h] for h in headings)] for item in results)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if next_url:
        response["Link"] = f'<{next_url}>; rel="next"'
    return response
