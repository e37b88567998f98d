"""The API's costs at two sizes of service, for ``manage.py bench`` (``make bench``).

``measure()`` runs inside ``demo.bench.measure`` (same database, same settings): it makes a
token for the busiest LA commissioner's and partnership officer's organisations, finds every
address in the API's own OpenAPI schema (so a new endpoint is measured without a change here;
a ``{name}`` in a path is filled from the first row of the collection above it), and asks each
through Django's test client with the token, as a BI tool would: the queries and the median
time of ``repeat`` requests for a collection's first page of ``LIMIT`` rows. Then it pages
through all the largest LA's self-assessments (JSON and CSV, ``LARGEST_PAGE`` rows a page,
following ``next`` or the ``Link`` header) and times the walk. The tokens (and their request
log) are deleted after.

``flag``, ``is_paging`` and ``paging_table`` are ``demo.bench.table``'s part for these rows:
an endpoint slower than ``RATIO`` times at the larger size is flagged; paging under
``ROWS_PER_SECOND`` at the larger size, or whose queries a page differ between the sizes (its
pages are fuller at the larger), fails the bench, as a query count that grows does.
"""
import csv
import datetime
import io
import json
import re
import time
from contextlib import contextmanager

from django.db import connection, reset_queries
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import api.urls  # noqa: F401  (registers every endpoint with the API before its schema is read)
from api.base import api
from api.models import ApiToken, Scope
from api.paging import LARGEST_PAGE
from api.tokens import token_create
from organisations.models import User
from people.grants import leads

from .probes import Probe, first, get, results

# The roles whose organisation's token is measured (``demo.bench.ROLES``' names).
ROLES = ("commissioner", "officer")
# Rows a page: the most that fills the first page at both sizes (at 30 providers the busiest
# partnership sees 12 providers, the busiest LA 14 providers and 70 self-assessments), so the
# two sizes do the same work.
LIMIT = 10
# The goals (issue 31): an endpoint at the larger size within RATIO times its time at the
# smaller; paging through the largest LA's self-assessments at ROWS_PER_SECOND at least.
RATIO = 1.3
ROWS_PER_SECOND = 2000
PAGED = "self-assessments"
PAGING_ROLE = "commissioner"  # the busiest LA's
WALKS = 3
# Every request in a run counts against the token's minute: no 429s while measuring.
SETTINGS = {"API_RATE_LIMIT": 10 ** 9}
LINK = re.compile(r'<([^>]+)>;\s*rel="next"')


def endpoints() -> list[tuple[str, bool]]:
    """(path, takes ``limit``) of every GET address in the API's schema, collections first."""
    found = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        if "get" in operations:
            names = {p["name"] for p in operations["get"].get("parameters", [])}
            found.append((path, "limit" in names))
    return sorted(found, key=lambda item: ("{" in item[0], item[0]))


def below_root(path: str) -> str:
    """The path below the API's root (``/api/v1/providers``: ``providers``)."""
    return path.removeprefix(api.get_root_path({}))


def _rows(response) -> tuple[int, str | None]:
    """How many rows a JSON or CSV answer holds, and its next page's address."""
    if response["Content-Type"].startswith("text/csv"):
        link = LINK.search(response.get("Link", ""))
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        return max(len(rows) - 1, 0), link.group(1) if link else None
    body = json.loads(response.content)
    if isinstance(body, dict) and "results" in body:
        return len(body["results"]), body.get("next")
    return 1, None


def _filled(client: Client, path: str) -> str | None:
    """``path`` with each ``{name}`` filled from the first row of the collection above it
    (``/frameworks/{slug}``: the first framework's slug), or None where none gives one."""
    while match := re.search(r"\{(\w+)\}", path):
        above = path[:match.start()].rstrip("/")
        response = client.get(above, {"limit": 1})
        results = json.loads(response.content).get("results") if response.status_code == 200 else None
        if not results or match.group(1) not in results[0]:
            return None
        path = path[:match.start()] + str(results[0][match.group(1)]) + path[match.end():]
    return path


def _walk(client: Client, url: str) -> tuple[int, int, float, list[int]]:
    """Page through from ``url`` to the last page: rows, pages, seconds asking and each page's
    queries."""
    rows = pages = 0
    seconds, queries = 0.0, []
    while url:
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            seconds += time.perf_counter() - start
        queries.append(len(captured))
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        got, url = _rows(response)
        rows, pages = rows + got, pages + 1
    return rows, pages, seconds, queries


def walk_probe(role: str, client: Client, path: str) -> Probe:
    """All the rows of ``path`` a page of ``LARGEST_PAGE`` at a time (one walk read to warm up
    and count; each timing another walk)."""
    url = f"{path}?limit={LARGEST_PAGE}"
    rows, pages, _, queries = _walk(client, url)

    def ask() -> float:
        return _walk(client, url)[2] * 1000
    return Probe(f"{role}|walk {below_root(path)}", "walk", {
        "role": role, "paging": below_root(path), "url": url, "rows": rows, "pages": pages,
        "queries": [min(queries), max(queries)]}, ask, rounds=WALKS)


def _token_for(membership) -> tuple[ApiToken, str]:
    organisation = membership.organisation
    by = (membership.user if leads(membership.user, organisation) else
          User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first())
    return token_create(organisation=organisation, name="make bench", by=by,
                        scopes=[Scope.QUALITY, Scope.OUTCOMES],
                        expires=timezone.localdate() + datetime.timedelta(days=7))


@contextmanager
def probes(memberships: dict):
    """A probe for every endpoint's first page as each of ``ROLES``' organisations
    (``memberships``: role name to its busiest membership, as ``demo.bench.busiest_first``
    gives), and the commissioner's walks; the tokens are deleted after."""
    found, tokens = [], []
    try:
        for role in ROLES:
            membership = memberships.get(role)
            if membership is None:
                continue
            token, secret = _token_for(membership)
            tokens.append(token)
            client = Client(headers={"Authorization": f"Bearer {secret}"})
            for path, pages in endpoints():
                url = _filled(client, path)
                if url is None:
                    continue
                url += f"?limit={LIMIT}" if pages else ""
                response, queries = first(client, url)
                if response.status_code == 403:  # not the organisation's to read
                    continue
                found.append(Probe(f"{role}|api {below_root(path)}", "api", {
                    "role": role, "page": "api " + below_root(path), "url": url,
                    "status": response.status_code, "queries": queries,
                    "rows": _rows(response)[0]}, get(client, url)))
            if role == PAGING_ROLE:
                found += [walk_probe(role, client, path) for path, _ in endpoints()
                          if path.rstrip("/").endswith((f"/{PAGED}", f"/{PAGED}.csv"))]
        yield found
    finally:
        ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).delete()


@override_settings(**SETTINGS)
def measure(memberships: dict, repeat: int = 7, walks: int = WALKS) -> list[dict]:
    """The probes timed in this database alone: each endpoint ``repeat`` times, each walk
    ``walks`` times."""
    with probes(memberships) as found:
        return results(found, {p.key: [p.ask() for _ in range(walks if p.rounds else repeat)]
                               for p in found})


def is_paging(row: dict) -> bool:
    return "rows_per_s" in row


def flag(large: dict, ratio: float) -> str:
    """The table's note on an API row: not answered, or slower than the goal."""
    if not large["page"].startswith("api "):
        return ""
    if large["status"] != 200:
        return f"  <- status {large['status']}"
    return f"  <- over {RATIO}x" if ratio > RATIO else ""


def paging_table(small: list[dict], large: list[dict],
                 sizes: tuple[int, int]) -> tuple[str, list[str]]:
    """The paging rows at both sizes, and those under ``ROWS_PER_SECOND`` at the larger."""
    by_key = {(m["role"], m["paging"]): m for m in small if is_paging(m)}
    head = (f"{'API paging, ' + str(LARGEST_PAGE) + ' rows a page':<41} {'size':>5} {'rows':>7} "
            f"{'pages':>5} {'seconds':>8} {'rows/s':>8} {'queries a page':>15}")
    lines, slow = [head, "-" * len(head)], []
    for m in (row for row in large if is_paging(row)):
        name = f"{m['role']} {m['paging']}"
        small_run = by_key.get((m["role"], m["paging"]))
        for size, run in ((sizes[0], small_run), (sizes[1], m)):
            if run is None:
                continue
            low, high = run["queries"]
            note = ""
            if run is m and m["rows_per_s"] < ROWS_PER_SECOND:
                note = f"  <- under {ROWS_PER_SECOND:,} rows/s"
                slow.append(f"{name} at {size}: {m['rows_per_s']:,} rows/s, under "
                            f"{ROWS_PER_SECOND:,}")
            # Fuller pages at the larger size: a query a row shows here, not on a first page
            # of LIMIT rows at both sizes.
            if run is m and small_run and set(m["queries"]) != set(small_run["queries"]):
                note += "  <- queries grow"
                slow.append(f"{name}: queries a page grow")
            lines.append(f"{name:<41} {size:>5} {run['rows']:>7} {run['pages']:>5} "
                         f"{run['seconds']:>8.2f} {run['rows_per_s']:>8,} "
                         f"{(str(low) if low == high else f'{low}-{high}'):>15}{note}")
    return "\n".join(lines), slow
