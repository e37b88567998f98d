"""What rows were written last, in one short query: for figures kept for a reader and served
only while nothing they read has changed.

Every write to a table with history leaves a history row (the house rule: services save with
``core.history``, bulk writes with ``bulk_create_with_history``; a deletion too). So the newest
history row of each table names the state of its rows: the largest ``history_id`` and the
latest ``history_date``, both indexed, each a lookup whatever the number of rows. Any write
changes one of them, and so the version.
"""
from django.db import connection


def history_parts(models) -> list[str]:
    """The SQL expressions of ``history_version`` for these models, to join others in one
    SELECT."""
    quote = connection.ops.quote_name
    parts = []
    for model in models:
        table = quote(model.history.model._meta.db_table)
        parts += [f"(SELECT MAX(history_id) FROM {table})",
                  f"(SELECT MAX(history_date) FROM {table})"]
    return parts


def read(parts: list[str]) -> tuple[str, ...]:
    """The values of these SQL expressions, as text (one query)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(str(value) for value in cursor.fetchone())


def history_version(models) -> tuple[str, ...]:
    """The newest history row's id and date in each of ``models`` (one query)."""
    return read(history_parts(models))
