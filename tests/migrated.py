"""The test database made from the models (``TEST["MIGRATE"] = False`` in the test settings)
completed into the one ``migrate`` makes: every migration recorded as applied (so the
migration tests can go back from it), and the rows a migration seeds written.

``same_as_migrated`` compares a database ``migrate`` made with the test database: the same
tables, columns, indexes and constraints, and the same seeded rows. A new migration that
seeds rows fails that comparison until ``SEEDS`` names it."""
import re
import sqlite3

from django.core.management import call_command
from django.db import connection
from django.db.migrations import RunPython
from django.db.migrations.loader import MigrationLoader

# The migrations that write rows a new database needs, whose RunPython steps are run (with
# the models as they were at the migration, as `migrate` runs them).
SEEDS = [("dashboards", "0002_seed_moderation_thresholds"), ("outcomes", "0006_area_indicators")]
# Tables that hold rows after `migrate` whatever the migrations seed: written by
# post_migrate (content types, permissions) or the migration recorder.
MADE_BY_DJANGO = {"django_migrations", "django_content_type", "auth_permission"}


def complete_as_migrated() -> None:
    call_command("migrate", fake=True, verbosity=0)
    loader = MigrationLoader(connection)
    for app, name in SEEDS:
        # The models as each step of the migration sees them, as `migrate` runs it.
        state = loader.project_state((app, name), at_end=False)
        for operation in loader.get_migration(app, name).operations:
            if isinstance(operation, RunPython):
                operation.code(state.apps, None)
            else:
                operation.state_forwards(app, state)


def _sqlite_schema(cursor) -> dict:
    """{table: (its columns as (name, type, not null, primary key), its indexes as (unique,
    columns) and as written but for their names, its foreign keys as (column, table, column))}."""
    tables = [name for (name,) in cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    schema = {}
    for table in tables:
        columns = sorted((c[1], c[2].upper(), c[3], c[5])
                         for c in cursor.execute(f'PRAGMA table_info("{table}")'))
        indexes = sorted(((i[2], tuple(c[2] for c in cursor.execute(
            f'PRAGMA index_info("{i[1]}")'))) for i in list(cursor.execute(
                f'PRAGMA index_list("{table}")'))), key=repr)
        # As written, less the name (a model moved between apps keeps its indexes' names).
        indexes += sorted(re.sub(r'INDEX "[^"]+"', "INDEX", sql) for (sql,) in cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL", [table]))
        keys = sorted((k[3], k[2], k[4]) for k in cursor.execute(
            f'PRAGMA foreign_key_list("{table}")'))
        schema[table] = (columns, indexes, keys)
    return schema


def _seeded(cursor, schema) -> dict:
    """{table: its rows} for every table holding rows, but Django's own; each row as its
    (column, value) pairs by column name (a column a migration added comes last in its table,
    and first or in between when the table is made from the model), a true or false as 1 or 0
    (as SQLite holds them)."""
    found = {}
    for table in schema:
        if table in MADE_BY_DJANGO:
            continue
        read = cursor.execute(f'SELECT * FROM "{table}"')
        names = [column[0] for column in read.description]
        rows = sorted((tuple(sorted((name, int(value) if isinstance(value, bool) else value)
                                    for name, value in zip(names, row, strict=True)))
                       for row in read.fetchall()), key=repr)
        if rows:
            found[table] = rows
    return found


def differences(migrated_path, tables_now_filled=()) -> list[str]:
    """How the SQLite database at ``migrated_path`` (made by ``migrate``, nothing else) differs
    from the test database: each table whose schema or seeded rows differ. Tables the session
    has filled since (``tables_now_filled``: the frameworks) are compared by schema only."""
    with sqlite3.connect(migrated_path) as other:
        theirs = _sqlite_schema(other.cursor())
        their_rows = _seeded(other.cursor(), theirs)
    with connection.cursor() as cursor:
        ours = _sqlite_schema(cursor.connection.cursor())
        our_rows = _seeded(cursor.connection.cursor(), ours)
    found = [f"{table}: only in the migrated database" for table in theirs.keys() - ours.keys()]
    found += [f"{table}: only in the test database" for table in ours.keys() - theirs.keys()]
    found += [f"{table}: schema differs: {theirs[table]} != {ours[table]}"
              for table in theirs.keys() & ours.keys() if theirs[table] != ours[table]]
    for table in (their_rows.keys() | our_rows.keys()) - set(tables_now_filled):
        if their_rows.get(table) != our_rows.get(table):
            found.append(f"{table}: rows differ: {their_rows.get(table)} != {our_rows.get(table)}")
    return found
