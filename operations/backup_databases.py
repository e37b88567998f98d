"""The database half of a backup: a consistent dump with every table's row count, and loading a
dump into a database that may be absent, empty or (when the operator says so) replaced.

PostgreSQL goes through ``pg_dump`` (custom format) and ``pg_restore``; SQLite through
Python's sqlite3 online backup API, which copies a live database page by page without
stopping its writers. Each function takes a Django database settings dict
(``connections[alias].settings_dict``), so the same code serves the configured database and a
test's scratch one.
"""
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db.utils import load_backend
from psycopg.conninfo import make_conninfo

POSTGRESQL = "postgresql"
SQLITE = "sqlite"
DUMP_NAMES = {POSTGRESQL: "database.pgdump", SQLITE: "database.sqlite3"}

NO_TOOL = ("{tool} is not installed here: install the PostgreSQL client programs, of the "
           "server's version or newer.")
TOOL_FAILED = "{tool} failed: {detail}"
IN_MEMORY = "The configured database is an in-memory SQLite database: it cannot be backed up or restored."
NO_SQLITE_FILE = "There is no SQLite database at {path} to back up."
CANNOT_CREATE = "The database {name} does not exist and could not be created: {detail}"


class DatabaseError(Exception):
    """A database could not be dumped or loaded; the message says why, for the operator."""


@dataclass(frozen=True)
class DatabaseState:
    """What the target database holds before a restore."""

    exists: bool
    tables: dict  # table name -> row count

    @property
    def empty(self) -> bool:
        return not self.tables


def vendor(database: dict) -> str:
    """``"postgresql"`` or ``"sqlite"`` (anything else is refused)."""
    name = load_backend(database["ENGINE"]).DatabaseWrapper.vendor
    if name not in DUMP_NAMES:
        raise DatabaseError(f"Backups support PostgreSQL and SQLite, not {name}.")
    return name


def _wrapper(database: dict, **changes):
    """A Django connection of its own to ``database`` (closed by the caller), so a backup or
    restore never disturbs the connections the rest of the process holds."""
    settings_dict = {**database, **changes}
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias="backup")


def _count_tables(wrapper, cursor) -> dict[str, int]:
    counts = {}
    for table in sorted(wrapper.introspection.table_names(cursor)):
        cursor.execute(f"SELECT COUNT(*) FROM {wrapper.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def table_counts(database: dict) -> dict[str, int]:
    """Every table's row count in ``database`` (views and the engine's own tables left out)."""
    wrapper = _wrapper(database)
    try:
        with wrapper.cursor() as cursor:
            return _count_tables(wrapper, cursor)
    finally:
        wrapper.close()


def dump_database(database: dict, folder: Path) -> tuple[Path, dict[str, int]]:
    """Dump ``database`` into ``folder``; return the dump file and the row counts *of that dump*
    (counted in the same snapshot, so a busy server cannot make them disagree)."""
    if vendor(database) == POSTGRESQL:
        return _dump_postgresql(database, folder / DUMP_NAMES[POSTGRESQL])
    return _dump_sqlite(database, folder / DUMP_NAMES[SQLITE])


def database_state(database: dict) -> DatabaseState:
    """Whether ``database`` exists and which tables it holds, touching nothing."""
    if vendor(database) == POSTGRESQL:
        if not _postgresql_exists(database):
            return DatabaseState(exists=False, tables={})
        return DatabaseState(exists=True, tables=table_counts(database))
    path = _sqlite_path(database)
    if not path.exists() or path.stat().st_size == 0:
        return DatabaseState(exists=path.exists(), tables={})
    return DatabaseState(exists=True, tables=table_counts(database))


def load_database(database: dict, dump: Path, *, replace: bool) -> None:
    """Load ``dump`` into ``database``, creating it if absent. ``replace`` drops what the database
    holds first; without it the caller has made sure the database is empty."""
    if vendor(database) == POSTGRESQL:
        _load_postgresql(database, dump, replace=replace)
    else:
        _load_sqlite(database, dump)


# PostgreSQL ------------------------------------------------------------------------------

# Keyword arguments Django hands psycopg that are psycopg's own rather than libpq's, and
# client_encoding, which pg_dump chooses for itself (the database's encoding).
_NOT_FOR_CLIENTS = {"cursor_factory", "context", "prepare_threshold", "autocommit", "row_factory",
                    "client_encoding"}
NO_SSLPASSWORD = ("The database settings give an sslpassword, which the PostgreSQL client "
                  "programs can only be given on their command line, where others could read "
                  "it: use a key without a passphrase, readable only by the service.")


def client_connection(database: dict) -> tuple[str, dict[str, str]]:
    """Where ``pg_dump`` and ``pg_restore`` connect: the parameters Django's own connection to
    ``database`` uses (its ``get_connection_params``: NAME, USER, HOST and PORT over OPTIONS,
    as Django orders them), as a connection string for the command line, and the environment,
    which alone carries the password (never the command line, where another user could read
    it in the process list). Re-reading DATABASE_URL here instead could reach another server."""
    params = {key: value for key, value in _wrapper(database).get_connection_params().items()
              if key not in _NOT_FOR_CLIENTS and value is not None and value != ""}
    if "sslpassword" in params:
        raise DatabaseError(NO_SSLPASSWORD)
    env = dict(os.environ)
    password = params.pop("password", None)
    if password:
        env["PGPASSWORD"] = str(password)
    return make_conninfo("", **params), env


def _run(tool: str, args: list[str], database: dict) -> None:
    if shutil.which(tool) is None:
        raise DatabaseError(NO_TOOL.format(tool=tool))
    conninfo, env = client_connection(database)
    done = subprocess.run([tool, f"--dbname={conninfo}", *args], env=env, capture_output=True,
                          text=True)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise DatabaseError(TOOL_FAILED.format(tool=tool, detail=" ".join(detail[-3:]) or
                                               f"exit status {done.returncode}"))


def _dump_postgresql(database: dict, into: Path) -> tuple[Path, dict[str, int]]:
    wrapper = _wrapper(database)
    try:
        with wrapper.cursor() as cursor:
            # One snapshot for the counts and for pg_dump: export it from a read-only
            # repeatable-read transaction that stays open until pg_dump has finished.
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _count_tables(wrapper, cursor)
            _run("pg_dump", ["--format=custom", f"--snapshot={snapshot}", f"--file={into}"],
                 database)
            cursor.execute("COMMIT")
        return into, counts
    finally:
        wrapper.close()


def _maintenance(database: dict):
    """A connection to the server's ``postgres`` database, from which a database is looked up
    or created (the configured one may not exist yet)."""
    return _wrapper(database, NAME="postgres")


def _postgresql_exists(database: dict) -> bool:
    wrapper = _maintenance(database)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]])
            return cursor.fetchone() is not None
    finally:
        wrapper.close()


def _create_postgresql(database: dict) -> None:
    wrapper = _maintenance(database)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {wrapper.ops.quote_name(database['NAME'])}")
    except Exception as error:  # the server's own reason (no CREATEDB right, say) is the message
        raise DatabaseError(CANNOT_CREATE.format(name=database["NAME"], detail=error)) from None
    finally:
        wrapper.close()


# What a forced restore drops: every table and view, then every sequence left (those of identity
# columns go with their tables), in the schemas on the search path, where Django and the dump
# put them. Dropping the objects rather than the database needs no right beyond owning them,
# and leaves the database's own settings alone.
_OBJECTS = """
    SELECT c.relkind, n.nspname, c.relname FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ANY (current_schemas(false)) AND c.relkind = ANY (%s)
"""
_DROP = {"r": "TABLE", "p": "TABLE", "f": "FOREIGN TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW",
         "S": "SEQUENCE"}


def _empty_postgresql(database: dict) -> None:
    wrapper = _wrapper(database)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("BEGIN")
            for kinds in (["r", "p", "f", "v", "m"], ["S"]):
                cursor.execute(_OBJECTS, [kinds])
                for kind, schema, name in cursor.fetchall():
                    qualified = f"{wrapper.ops.quote_name(schema)}.{wrapper.ops.quote_name(name)}"
                    cursor.execute(f"DROP {_DROP[kind]} IF EXISTS {qualified} CASCADE")
            cursor.execute("COMMIT")
    finally:
        wrapper.close()


def _load_postgresql(database: dict, dump: Path, *, replace: bool) -> None:
    if not _postgresql_exists(database):
        _create_postgresql(database)
    elif replace:
        _empty_postgresql(database)
    # One transaction: a restore that fails part way leaves no half-restored database (an
    # empty one when it was forced: the archive's checksums were checked before that).
    _run("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                        str(dump)], database)


# SQLite ----------------------------------------------------------------------------------

def _sqlite_path(database: dict) -> Path:
    name = str(database["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise DatabaseError(IN_MEMORY)
    return Path(name)


def _dump_sqlite(database: dict, into: Path) -> tuple[Path, dict[str, int]]:
    path = _sqlite_path(database)
    if not path.is_file():  # sqlite3 would create an empty one and back that up
        raise DatabaseError(NO_SQLITE_FILE.format(path=path))
    source = sqlite3.connect(path, timeout=20)
    target = sqlite3.connect(into)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    # The copy is the snapshot: count it, not the live file.
    return into, table_counts({**database, "NAME": str(into), "OPTIONS": {}})


def _load_sqlite(database: dict, dump: Path) -> None:
    path = _sqlite_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    # The backup API replaces the whole target, page by page and under its lock, so a copy
    # never mixes with what the file held and a reader never sees half a database.
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "restore.sqlite3"
        shutil.copyfile(dump, copy)  # the archive's file is never opened for writing
        source = sqlite3.connect(copy)
        target = sqlite3.connect(path, timeout=20)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
