"""When the database is unavailable: which errors mean that, the 503 page said without the
database, and one log line now and then instead of a traceback on every request."""
import logging
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("qaportal.outage")

# The page says "Try again in a few minutes"; Retry-After tells browsers and load balancers.
RETRY_AFTER_SECONDS = 60
# While the database stays down, each process logs one line this often, with a count of the
# requests answered 503 since: an outage at a hundred requests a second is a few lines, not a
# traceback each.
LOG_EVERY_SECONDS = 30

# PostgreSQL error codes that mean the server is not there to answer, rather than that a query
# was wrong: class 08 (connection exception), class 53 (insufficient resources: too many
# connections, disk full, out of memory) and the server shutting down, crashing or starting up.
# psycopg gives None when the failure is on the client's side (connection refused, server
# closed the connection unexpectedly).
UNAVAILABLE_SQLSTATE_CLASSES = ("08", "53")
UNAVAILABLE_SQLSTATES = {"57P01", "57P02", "57P03"}
# SQLite's: the file cannot be opened or read, or another process holds it too long.
UNAVAILABLE_SQLITE_ERRORS = {"SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_BUSY", "SQLITE_LOCKED"}


def _is_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, InterfaceError):  # the connection is closed or unusable
        return True
    if not isinstance(exc, OperationalError):
        return False
    driver_error = exc.__cause__  # Django wraps the driver's exception
    if hasattr(driver_error, "sqlstate"):  # psycopg
        code = driver_error.sqlstate
        return (code is None or code.startswith(UNAVAILABLE_SQLSTATE_CLASSES)
                or code in UNAVAILABLE_SQLSTATES)
    sqlite_name = getattr(driver_error, "sqlite_errorname", None)
    if isinstance(sqlite_name, str):
        # Extended codes carry the primary one as a prefix: SQLITE_IOERR_READ, SQLITE_BUSY_TIMEOUT.
        return sqlite_name.startswith(tuple(UNAVAILABLE_SQLITE_ERRORS))
    return True  # an OperationalError without the driver's detail: the database's, not ours


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether ``exc``, or an error it was raised from or while handling, says the database
    cannot be reached or cannot answer now (503), rather than that the code is wrong (500).

    Django raises ``InterfaceError`` for a closed connection and wraps the driver's
    ``OperationalError``, which covers both an unreachable server and a few query failures
    (a statement timeout, a missing SQLite table): only the first kind counts."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if _is_unavailable(exc):
            return True
        seen.add(id(exc))
        # "raise ... from None" says the error handled before is not this one's reason.
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    return False


def error_summary(exc: BaseException) -> str:
    """The error's class and the first line of its message, for a log line: the database's
    reason (connection refused, shutting down), without the query or its parameters that a
    driver may add on later lines."""
    first_line = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first_line[:300]}" if first_line else type(exc).__name__


class OutageLog:
    """One log line when a process first answers 503, then at most one every
    ``LOG_EVERY_SECONDS`` with how many more it answered; and a line when it connects again."""

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        self._last: float | None = None
        self._since = 0

    def unavailable(self, request, exc: BaseException):
        if getattr(request, "qaportal_outage_logged", False):
            return  # a second failure in the same request (a middleware on the way out)
        request.qaportal_outage_logged = True
        now = time.monotonic()
        with self._lock:
            if self._last is not None and now - self._last < LOG_EVERY_SECONDS:
                self._since += 1
                return
            more, self._last, self._since = self._since, now, 0
        logger.error("Database unavailable: %s %s answered 503 (%s)%s", request.method,
                     request.path, error_summary(exc),
                     f"; {more} more answered 503 since the last line" if more else "")

    def connected(self, **kwargs):
        """A new database connection: if this process had been answering 503, say it is over."""
        with self._lock:
            if self._last is None:
                return
            more = self._since
            self.reset()
        logger.warning("Database connection made again%s",
                       f"; {more} more requests answered 503 since the last line" if more else "")


outage_log = OutageLog()


def unavailable_response(request, exc: BaseException) -> HttpResponse:
    """The 503 page in the portal's style, rendered from the template alone: no request context,
    so no user, session, messages or navigation, none of which can be read without the database.
    Never cached, with ``Retry-After``; logged here, once, in place of Django's traceback."""
    outage_log.unavailable(request, exc)
    html = loader.get_template("503.html").render({
        "service_name": settings.SERVICE_NAME, "retry_after_seconds": RETRY_AFTER_SECONDS})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    response._has_been_logged = True  # django.utils.log.log_response: the line above is enough
    return response
