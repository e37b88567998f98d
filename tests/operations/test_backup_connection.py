"""Backups connect where the app connects: ``pg_dump`` and ``pg_restore`` are given the
parameters Django's own connection uses, so a host and port given only as DATABASE_URL
options (``?host=/var/run/postgresql&port=5497``) are where they go, never the client
programs' default server (which could hold another database of the same name)."""
import psycopg
import pytest
from django.core.files.storage import default_storage
from django.db import connection

from operations.backup import restore_backup, write_backup
from tests.operations.test_backup import (  # noqa: F401  (scratch and media are fixtures)
    POSTGRESQL,
    RESTORED,
    media,
    row_counts,
    scratch,
)


def _configured(url: str) -> dict:
    """The settings dict Django makes of ``url``, parsed as the settings parse DATABASE_URL."""
    import dj_database_url
    from django.db.utils import ConnectionHandler

    return ConnectionHandler({"default": dj_database_url.parse(url)})["default"].settings_dict


@pytest.mark.parametrize(("url", "expected"), [
    # Host and port given only as URL options: Django connects there, so must pg_dump.
    ("postgres://qa:s3cret@/qaportal?host=/var/run/postgresql&port=5497",
     {"host": "/var/run/postgresql", "port": "5497", "dbname": "qaportal", "user": "qa"}),
    # Both given: Django lets the URL's host and port win over its options.
    ("postgres://qa:s3cret@db.internal:6432/qaportal?port=5497&sslmode=require",
     {"host": "db.internal", "port": "6432", "dbname": "qaportal", "user": "qa",
      "sslmode": "require"}),
])
def test_the_client_programs_connect_where_django_connects(url, expected):
    from operations.backup_databases import client_connection

    conninfo, env = client_connection(_configured(url))
    given = psycopg.conninfo.conninfo_to_dict(conninfo)
    assert {key: given[key] for key in expected} == expected
    assert "password" not in given and "s3cret" not in conninfo  # the command line is public
    assert env["PGPASSWORD"] == "s3cret"


def _live_server_address() -> tuple[str, int]:
    """Where the test database's own connection went (a socket folder or a host name)."""
    connection.ensure_connection()
    info = connection.connection.info
    return info.host, info.port


if POSTGRESQL:  # the client programs exist only for PostgreSQL: on SQLite there is nothing to ask
    @pytest.mark.django_db
    def test_a_backup_and_restore_reach_the_server_named_only_in_the_url_options(
            media, scratch, settings, tmp_path, monkeypatch):
        host, port = _live_server_address()
        # DATABASE_URL=postgres://user@/name?host=...&port=...: no HOST or PORT, only options.
        database = {**connection.settings_dict, "HOST": "", "PORT": "",
                    "OPTIONS": {**connection.settings_dict["OPTIONS"], "host": host, "port": port}}
        # The client programs' own default is a server that is not there: a pg_dump that
        # ignored the options would go there and fail (or find another database by that name).
        monkeypatch.setenv("PGHOST", str(tmp_path))
        monkeypatch.setenv("PGPORT", "1")
        tables = set(row_counts("default"))

        result = write_backup(database=database, storage=default_storage,
                              folder=tmp_path / "backups")
        assert result.tables == len(tables)

        settings.MEDIA_ROOT = tmp_path / "restored-media"
        target = {**database, "NAME": scratch.name}
        restored = restore_backup(path=result.path, database=target, storage=default_storage,
                                  force=False)
        assert restored.mismatches == ()  # every table's row count as the dump counted it
        assert set(row_counts(RESTORED)) == tables
