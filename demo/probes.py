"""What ``make bench`` times, readied once and timed many times: a ``Probe`` per page, floor,
API endpoint and API walk (``demo.bench``, ``demo.api_bench``), and ``results()``, the rows
``demo.bench.table`` sets side by side, from each probe's times."""
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Probe:
    """One thing to time, ready: ``ask()`` makes one timed request (or walk) and gives its ms;
    ``fixed`` is what was read once, after two requests to warm up (status, queries, rows).
    ``kind`` says how ``results`` reads its times: a page, a floor, an API row or a walk."""

    key: str
    kind: str
    fixed: dict
    ask: Callable[[], float]
    rounds: int | None = None  # at most this many timings (a walk takes seconds)


def get(client, url) -> Callable[[], float]:
    def ask() -> float:
        start = time.perf_counter()
        client.get(url)
        return (time.perf_counter() - start) * 1000
    return ask


def first(client, url):
    """The third answer (after two to warm up), and its queries."""
    for _ in range(2):
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured)  # now: the next request empties the query log


def results(probes: list[Probe], times: dict[str, list[float]]) -> list[dict]:
    """The measurements ``table`` sets side by side: each probe's median time with what was
    read once."""
    median = {key: statistics.median(found) for key, found in times.items() if found}
    rows = []
    for probe in probes:
        if probe.key not in median and probe.kind != "floor":
            continue  # not timed: the other size has no such page
        ms = median.get(probe.key, 0.0)
        if probe.kind == "page":
            floor = median.get(probe.fixed["floor"], 0.0)
            rows.append({**{k: v for k, v in probe.fixed.items() if k != "floor"},
                         "ms": round(ms, 1), "floor_ms": round(floor, 1)})
        elif probe.kind == "api":
            rows.append({**probe.fixed, "ms": round(ms, 1), "floor_ms": 0})
        elif probe.kind == "walk":
            seconds = ms / 1000
            rows.append({**probe.fixed, "seconds": round(seconds, 3),
                         "rows_per_s": round(probe.fixed["rows"] / seconds) if seconds else 0})
    return rows


