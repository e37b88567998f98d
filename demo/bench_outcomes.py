"""The outcomes dashboard and import at one LA's real size, for ``manage.py bench --outcomes``
(``make bench-outcomes``).

Two scratch databases (``demo.scratch``: PostgreSQL beside ``DATABASE_URL`` when that names one,
else SQLite under ``var/``) hold the demo, and Leicestershire's outcomes for five academic years
imported the way an LA imports them (``outcomes.services.import_apply``): 500 goal rows a year
in one, 50,000 (10,000 learners, five goals each) in the other. In each, a fresh process asks
the commissioner's outcomes dashboard (queries, and the median time of ``repeat`` requests after
two warm-ups); in the large one, another fresh process checks and applies one more year's file
of 50,000 rows as the worker does, timed, with its peak memory.
"""
import csv
import io
import random
import resource
import statistics
import time

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisations.models import Commissioning, Organisation, User
from outcomes.importer import columns_for, import_check
from outcomes.scheme import current_scheme

from .bench import MEASURE_SETTINGS

LA = "leicestershire-cc"
COMMISSIONER = "commissioner@leics.example"
YEARS = ["2021/22", "2022/23", "2023/24", "2024/25", "2025/26"]
NEXT_YEAR = "2026/27"
GOALS_PER_LEARNER = 5
NEEDS = ["ASD", "SEMH", "MLD", "SLCN", "SPLD", "SLD"]
GOALS = ["Travel to the workplace on time", "Plan and cook a meal each week",
         "Join a club or group outside college", "Book and attend own health appointments",
         "Manage a weekly budget"]


def year_file(rows: int, year: str) -> bytes:
    """A CSV of ``rows`` goals for the LA in ``year``: the same learners every year (so
    distance travelled finds them), each with five goals across the areas, rated at random
    with soft outcomes on about a third of them."""
    scheme = current_scheme()
    la = Organisation.objects.get(slug=LA)
    providers = sorted(Commissioning.objects.filter(commissioner=la)
                       .values_list("provider__slug", flat=True))
    areas = [a.code for a in scheme.areas]
    ratings = [r.code for r in scheme.ratings]
    soft = [t.code for t in scheme.soft_scale]
    rng = random.Random(f"{rows}/{year}")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns_for(scheme))
    start = int(year[:4])
    for n in range(rows // GOALS_PER_LEARNER):
        for g in range(GOALS_PER_LEARNER):
            soft_cells = ([rng.choice(soft) for _ in scheme.soft_dimensions]
                          if rng.random() < 0.35 else ["" for _ in scheme.soft_dimensions])
            writer.writerow([f"BENCH-{n:06d}", 2004 + n % 8, NEEDS[n % len(NEEDS)],
                             providers[n % len(providers)], year, f"{start + 1}-03-12",
                             f"Goal {g + 1}: {GOALS[g]}", areas[g % len(areas)],
                             rng.choice(ratings), *soft_cells])
    return out.getvalue().encode()


def import_year(rows: int, year: str) -> dict:
    """Check and apply one year's file as the commissioner, as the worker does: seconds to
    check, to apply, and this process's peak memory (MB)."""
    from outcomes import services

    content = year_file(rows, year)
    la = Organisation.objects.get(slug=LA)
    by = User.objects.get(email=COMMISSIONER)
    started = time.perf_counter()
    plan = import_check(content=content, filename=f"{year[:4]}.csv", local_authority=la)
    checked = time.perf_counter()
    services.import_apply(plan=plan, by=by)
    applied = time.perf_counter()
    assert plan.ok and len(plan.rows_to_add) == rows, plan.summary()
    return {"rows": rows, "megabytes": len(content) / 1024 / 1024,
            "check_s": checked - started, "apply_s": applied - checked,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure_dashboard(repeat: int) -> dict:
    """The commissioner's outcomes dashboard, its figures worked out (the cache emptied before
    each request: the first view after the data changed) and kept (the views after it):
    status, queries and median ms of each."""
    from django.core.cache import cache

    with override_settings(**MEASURE_SETTINGS):
        client = Client()
        client.force_login(User.objects.get(email=COMMISSIONER))
        url = reverse("dashboards:outcomes")
        figures = {}
        for kind, clear in (("worked_out", True), ("kept", False)):
            for _ in range(2):
                client.get(url)
            if clear:
                cache.clear()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            queries = len(captured)  # now: the next request empties the query log
            times = []
            for _ in range(repeat):
                if clear:
                    cache.clear()
                start = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            figures[kind] = {"status": response.status_code, "queries": queries,
                             "ms": statistics.median(times)}
    return figures


def table(small: dict, large: dict, rows: tuple[int, int]) -> str:
    """The figures side by side, as Markdown."""
    lines = [f"| outcomes dashboard, {len(YEARS)} years | {rows[0]:,} rows a year | "
             f"{rows[1]:,} rows a year | ratio |", "| --- | --- | --- | --- |"]
    for kind, said in (("kept", "figures kept"), ("worked_out", "figures worked out")):
        s, m = small["dashboard"][kind], large["dashboard"][kind]
        lines += [f"| queries, {said} | {s['queries']} | {m['queries']} | |",
                  f"| ms (median), {said} | {s['ms']:.0f} | {m['ms']:.0f} | "
                  f"{m['ms'] / s['ms']:.2f} |"]
    imported = large["import"]
    lines.append(f"| import of {imported['rows']:,} rows ({imported['megabytes']:.1f} MB CSV) | | "
                 f"check {imported['check_s']:.1f} s, apply {imported['apply_s']:.1f} s, peak "
                 f"{imported['peak_mb']:.0f} MB | |")
    return "\n".join(lines)


