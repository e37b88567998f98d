"""The frameworks and the demo as rows, read once per test process and written back in one
transaction, so a transactional test (the browser tests) starts from them in a few
milliseconds instead of loading the frameworks (~0.25 s) and seeding the demo (~0.65 s) again
after each test empties the database.

``BASE`` holds every row the session starts with (the frameworks and outcome scheme that
``load_frameworks`` loads); ``DEMO`` the rows seeding the demo adds to exactly that. Each is
written back only where it fits: ``BASE`` into an empty database, ``DEMO`` over ``BASE`` as
written (the same framework ids). Anywhere else the caller loads or seeds for real. SQLite only
(where the browser tests run): its cursor gives back values it takes as they are.

Django's content types and permissions are never copied (``post_migrate`` makes them again
after each flush, under new ids), so a copy holding a row that points at one is not kept.
"""
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

NOT_COPIED = (ContentType, Permission)


def _tables() -> list[tuple[str, bool]]:
    """(table, whether it points at a content type or a permission) for every table of ours."""
    tables = []
    for model in apps.get_models(include_auto_created=True):
        if model in NOT_COPIED or not model._meta.managed or model._meta.proxy:
            continue
        points = any(field.related_model in NOT_COPIED
                     for field in model._meta.concrete_fields if field.is_relation)
        tables.append((model._meta.db_table, points))
    return tables


def read() -> dict | None:
    """Every row of every table, by table: (columns, rows). None where the copy could not be
    written back as it was (not SQLite, or a row pointing at a content type)."""
    if connection.vendor != "sqlite":
        return None
    copy = {}
    with connection.cursor() as cursor:
        for table, points in _tables():
            cursor.execute(f'SELECT * FROM "{table}"')
            rows = cursor.fetchall()
            if rows and points:
                return None
            if rows:
                copy[table] = ([column[0] for column in cursor.description], rows)
    return copy


def added(after: dict, before: dict) -> dict:
    """The rows in ``after`` that are not in ``before``, by table; None when a row of
    ``before`` changed or went (then ``after`` is not ``before`` plus rows)."""
    delta = {}
    for table, (columns, rows) in after.items():
        earlier = set(before.get(table, ((), ()))[1])
        if not earlier <= set(rows):
            return None
        new = [row for row in rows if row not in earlier]
        if new:
            delta[table] = (columns, new)
    if any(table not in after for table in before):
        return None
    return delta


def write(copy: dict) -> None:
    """Insert the copy's rows, in one transaction (foreign keys are checked at its end)."""
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (columns, rows) in copy.items():
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)


def is_empty() -> bool:
    """Whether no table of ours holds a row (as after a transactional test's flush)."""
    with connection.cursor() as cursor:
        for table, _ in _tables():
            cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')
            if cursor.fetchone():
                return False
    return True


class Copies:
    """This test process's copies: ``BASE`` from the session's start, ``DEMO`` the demo."""

    base: dict | None = None
    demo: dict | None = None
