"""Fault injection at the database connection for the outage tests: ``database_unreachable()``
makes every use of the default connection a real attempt to connect to a database that is not
there. Also a URLconf (the project's, and two pages that fail inside) for ``pytest.mark.urls``."""
import socket
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

from django.db import DEFAULT_DB_ALIAS, connections
from django.shortcuts import render
from django.urls import path

from qaportal.urls import urlpatterns as project_urlpatterns


def _closed_port() -> int:
    """A loopback port nothing listens on (it was free a moment ago)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def database_unreachable():
    """While inside, every query, transaction and health check on the default connection first
    makes a real connection attempt with the driver, through a second Django connection with
    the same settings but pointing where no database is (PostgreSQL: a closed port; SQLite: a
    file in a folder that does not exist), so it fails exactly as a fresh connection fails when
    the server has gone: Django's OperationalError wrapping psycopg's or sqlite3's.

    The test's own connection, holding the test's transaction, is set aside, not closed: when
    the block ends the next request uses it again, as a reconnect would."""
    wrapper = connections[DEFAULT_DB_ALIAS]
    nowhere = {**wrapper.settings_dict}
    with TemporaryDirectory() as tmp:
        if wrapper.vendor == "postgresql":
            nowhere.update(HOST="127.0.0.1", PORT=str(_closed_port()))
        else:
            nowhere["NAME"] = str(Path(tmp) / "gone" / "qaportal.sqlite3")
        unreachable = wrapper.__class__(nowhere, alias="unreachable")
        # Every path to a cursor goes through ensure_connection (cursor(), atomic(),
        # get_autocommit()): the instance attribute shadows the method until deleted.
        wrapper.ensure_connection = unreachable.ensure_connection
        try:
            yield
        finally:
            del wrapper.ensure_connection
            unreachable.close()


def value_error(request):
    """A page with a bug: not the database's fault, so still a 500."""
    raise ValueError("a bug, not an outage")


def database_goes_mid_page(request):
    """The user and session read while the database answers; it goes while the page renders,
    so the portal's context processor (the user's memberships) is what fails."""
    assert request.user.is_authenticated
    with database_unreachable():
        return render(request, "pages/accessibility.html")


urlpatterns = [
    *project_urlpatterns,
    path("test-faults/value-error/", value_error),
    path("test-faults/database-goes-mid-page/", database_goes_mid_page),
]
handler500 = "qaportal.views.server_error"
