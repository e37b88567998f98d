"""Scratch databases for ``make bench`` and ``make load``: where they live, whether they
exist, and how one is prepared (migrate, frameworks, demo data, ``seed_scale``).

PostgreSQL beside ``DATABASE_URL`` when that names one (a database per size on the same
server), else an SQLite file under ``var/``.
"""
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def scratch_url(size: int, years: int, *, name: str = "") -> str:
    """The database URL of the scratch database for ``size`` providers x ``years`` years (or
    the one called ``name``)."""
    base = os.environ.get("DATABASE_URL", "")
    name = name or f"qaportal_bench_{size}x{years}"
    if base.startswith("postgres"):
        parts = urlsplit(base)
        return urlunsplit(parts._replace(path=f"/{name}"))
    return f"sqlite:///{Path(settings.BASE_DIR) / 'var' / (name + '.sqlite3')}"


def engine_name(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgres") else "SQLite"


def manage(*args, url: str, capture=False) -> subprocess.CompletedProcess:
    """Run ``manage.py`` with ``args`` in a fresh process against the database at ``url``."""
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run([sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
                          env=env, check=True, text=True,
                          stdout=subprocess.PIPE if capture else None)


def _postgres_admin(url: str):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def exists(url: str) -> bool:
    """Whether the scratch database at ``url`` has been created (it may still need seeding)."""
    if url.startswith("postgres"):
        import psycopg

        admin, name = _postgres_admin(url)
        with psycopg.connect(admin, autocommit=True) as conn:
            return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                [name]).fetchone() is not None
    return Path(url.removeprefix("sqlite:///")).exists()


def prepare(url: str, size: int, years: int, fresh: bool, out):
    """Create (``fresh``: drop and create) the database at ``url`` and seed it: migrate, load the
    frameworks, ``seed_demo``, ``seed_scale`` (each idempotent, so running it again on a seeded
    database only checks)."""
    started = time.perf_counter()
    create(url, fresh)
    seeded = manage("seed_scale", "--providers", str(size), "--years", str(years), url=url,
                    capture=True)
    out.write(f"{size} providers x {years} years ready in {time.perf_counter() - started:.0f} s: "
              f"{seeded.stdout.strip().splitlines()[-1] if seeded.stdout.strip() else ''}\n")


def create(url: str, fresh: bool) -> None:
    """Create (``fresh``: drop and create) the database at ``url``, then migrate, load the
    frameworks and ``seed_demo`` (each idempotent)."""
    if url.startswith("postgres"):
        import psycopg

        found = exists(url)
        admin, name = _postgres_admin(url)
        with psycopg.connect(admin, autocommit=True) as conn:
            if found and fresh:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            if not found or fresh:
                conn.execute(f'CREATE DATABASE "{name}"')
    else:
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(exist_ok=True)
        if fresh and path.exists():
            path.unlink()
    manage("migrate", "--noinput", "-v0", url=url)
    manage("load_frameworks", url=url, capture=True)
    manage("seed_demo", url=url, capture=True)
