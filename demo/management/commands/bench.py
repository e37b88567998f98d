"""``manage.py bench``: what every page costs at two sizes of service (``make bench``).

For each size it prepares a scratch database (PostgreSQL beside ``DATABASE_URL`` when that
names one, else an SQLite file under ``var/``): migrate, load the frameworks, ``seed_scale``
(``ANALYZE`` on PostgreSQL comes with it). Then it measures every page in that database in a
fresh process (``--measure``) and prints one table. Exits 1 if any page's query count grows
with the data. Not part of ``make test``: it takes minutes.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.bench import measure, table


def _scratch_url(size: int, years: int) -> str:
    base = os.environ.get("DATABASE_URL", "")
    name = f"qaportal_bench_{size}x{years}"
    if base.startswith("postgres"):
        parts = urlsplit(base)
        return urlunsplit(parts._replace(path=f"/{name}"))
    return f"sqlite:///{Path(settings.BASE_DIR) / 'var' / (name + '.sqlite3')}"


def _manage(*args, url: str, capture=False):
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run([sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
                          env=env, check=True, text=True,
                          stdout=subprocess.PIPE if capture else None)


def _prepare(url: str, size: int, years: int, fresh: bool, out):
    if url.startswith("postgres"):
        parts = urlsplit(url)
        admin = urlunsplit(parts._replace(path="/postgres"))
        name = parts.path.lstrip("/")
        import psycopg

        with psycopg.connect(admin, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  [name]).fetchone()
            if exists and fresh:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            if not exists or fresh:
                conn.execute(f'CREATE DATABASE "{name}"')
    else:
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(exist_ok=True)
        if fresh and path.exists():
            path.unlink()
    started = time.perf_counter()
    _manage("migrate", "--noinput", "-v0", url=url)
    _manage("load_frameworks", url=url, capture=True)
    _manage("seed_demo", url=url, capture=True)
    seeded = _manage("seed_scale", "--providers", str(size), "--years", str(years), url=url,
                     capture=True)
    out.write(f"{size} providers x {years} years ready in {time.perf_counter() - started:.0f} s: "
              f"{seeded.stdout.strip().splitlines()[-1] if seeded.stdout.strip() else ''}\n")


class Command(BaseCommand):
    help = "Measure every page's queries and time at two sizes of service."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs=2, default=[30, 3000], metavar="N",
                            help="The two numbers of providers (default 30 3000).")
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--repeat", type=int, default=7, help="Timed requests per page.")
        parser.add_argument("--fresh", action="store_true",
                            help="Seed the scratch databases again even if they exist.")
        parser.add_argument("--measure", metavar="FILE", dest="measure_into",
                            help="(internal) measure this database and write JSON to FILE.")

    def handle(self, *args, sizes, years, repeat, fresh, measure_into, **options):
        if measure_into:
            Path(measure_into).write_text(json.dumps(measure(repeat)))
            return
        runs = []
        for size in sizes:
            url = _scratch_url(size, years)
            _prepare(url, size, years, fresh, self.stdout)
            with tempfile.NamedTemporaryFile(suffix=".json") as out:
                _manage("bench", "--measure", out.name, "--repeat", str(repeat), url=url)
                runs.append(json.loads(Path(out.name).read_text()))
        text, grew = table(runs[0], runs[1], tuple(sizes))
        engine = "PostgreSQL" if _scratch_url(0, 0).startswith("postgres") else "SQLite"
        self.stdout.write(f"\n{engine}; median of {repeat} requests after 2 warm-ups; "
                          f"ratio = ms at {sizes[1]} / ms at {sizes[0]}; x floor = ms / floor ms\n")
        self.stdout.write(text + "\n")
        if grew:
            raise CommandError("Query counts grow with the data: " + "; ".join(grew))
