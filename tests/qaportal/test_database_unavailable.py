"""The database gone mid-use: every request that needs it answers 503 with the portal's
"service unavailable" page (never a 500), /healthz says so, the error is logged once and not as
a traceback, and the next request after the database is back succeeds. Other errors stay 500.

The fault is injected at the connection (``db_fault.database_unreachable``): every use of the
database makes a real connection attempt that the driver refuses."""
import logging

import psycopg
import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError, ProgrammingError
from django.test import Client
from django.urls import reverse

from organisations.models import Membership
from qaportal import outage
from tests.factories import PASSWORD, MembershipFactory, ProviderFactory, UserFactory

from .db_fault import database_unreachable

UNAVAILABLE = "Sorry, the service is unavailable"
TRY_AGAIN = "Try again in a few minutes."


@pytest.fixture(autouse=True)
def fresh_outage_log():
    outage.outage_log.reset()
    yield
    outage.outage_log.reset()


@pytest.fixture
def lead(db):
    user = UserFactory(email="lead@riverside.test", full_name="Rita Lead")
    MembershipFactory(user=user, organisation=ProviderFactory(name="Riverside College"),
                      role=Membership.Role.PROVIDER_LEAD)
    return user


@pytest.fixture
def browser():
    # A server error is answered, not raised into the test: as a browser sees it.
    return Client(raise_request_exception=False)


@pytest.fixture
def signed_in(browser, lead):
    browser.force_login(lead, backend="django.contrib.auth.backends.ModelBackend")
    return browser


def assert_unavailable_page(response):
    page = response.content.decode()
    assert response.status_code == 503, page[:500]
    assert response["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert f"<title>{UNAVAILABLE} – QA Portal</title>" in page
    assert f'<h1 class="govuk-heading-l">{UNAVAILABLE}</h1>' in page
    assert TRY_AGAIN in page
    assert 'class="govuk-template"' in page and "govuk/qaportal.css" in page
    # Said without the database: no user, no navigation.
    assert "Signed in as" not in page and "govuk-service-navigation" not in page


def test_a_signed_in_page_is_a_503_saying_to_try_again_and_the_next_request_succeeds(signed_in):
    assert signed_in.get(reverse("home")).status_code == 200
    with database_unreachable():
        assert_unavailable_page(signed_in.get(reverse("home")))
        assert_unavailable_page(signed_in.get(reverse("organisations:list")))
    response = signed_in.get(reverse("home"))
    assert response.status_code == 200
    assert "Rita Lead" in response.content.decode()  # still signed in: the session was kept


def test_signing_in_while_the_database_is_unavailable_is_a_503_and_works_after(browser, lead):
    form = {"login": lead.email, "password": PASSWORD}
    with database_unreachable():
        assert_unavailable_page(browser.post(reverse("login"), form))
    response = browser.post(reverse("login"), form)
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_an_anonymous_visitor_with_an_old_session_cookie_gets_the_503(browser, db):
    browser.cookies[settings.SESSION_COOKIE_NAME] = "a-session-the-database-would-look-up"
    with database_unreachable():
        assert_unavailable_page(browser.get(reverse("home")))
    response = browser.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_htmx_request_gets_the_503_too(signed_in):
    with database_unreachable():
        response = signed_in.get(reverse("organisations:list"), headers={
            "HX-Request": "true", "HX-Current-URL": "http://testserver/"})
    assert_unavailable_page(response)
    assert signed_in.get(reverse("organisations:list"), headers={
        "HX-Request": "true"}).status_code == 200


def test_healthz_is_503_json_with_retry_after_and_200_once_the_database_is_back(browser, db):
    with database_unreachable():
        response = browser.get(reverse("healthz"))
    assert response.status_code == 503
    assert response["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "error" and body["database"] == "unavailable" and body["reason"]
    assert browser.get(reverse("healthz")).json() == {"status": "ok", "database": "ok"}


@pytest.mark.urls("tests.qaportal.db_fault")
def test_the_database_going_while_a_page_renders_is_a_503_too(signed_in):
    # The portal's context processor reads the user's memberships: that query is what fails.
    assert_unavailable_page(signed_in.get("/test-faults/database-goes-mid-page/"))
    assert signed_in.get(reverse("home")).status_code == 200


@pytest.mark.urls("tests.qaportal.db_fault")
def test_any_other_error_is_still_a_500(signed_in):
    response = signed_in.get("/test-faults/value-error/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page and UNAVAILABLE not in page
    assert "<title>Sorry, there is a problem with the service – QA Portal</title>" in page
    assert not response.has_header("Retry-After")


def test_the_outage_is_logged_as_one_line_not_a_traceback_per_request(signed_in, caplog):
    with caplog.at_level(logging.INFO), database_unreachable():
        for _ in range(3):
            assert signed_in.get(reverse("home")).status_code == 503
    outage_lines = [r for r in caplog.records if r.name == "qaportal.outage"]
    assert len(outage_lines) == 1, [r.getMessage() for r in outage_lines]
    assert outage_lines[0].levelno == logging.ERROR
    assert outage_lines[0].getMessage().startswith("Database unavailable: GET / answered 503")
    assert not [r for r in caplog.records if r.exc_info], "no traceback is logged"
    assert not [r for r in caplog.records if r.name == "django.request"]


def test_the_log_counts_the_503s_it_did_not_write_and_says_when_the_database_is_back(
        caplog, rf):
    log = outage.OutageLog()
    error = OperationalError("connection refused")
    with caplog.at_level(logging.INFO, logger="qaportal.outage"):
        for _ in range(4):
            log.unavailable(rf.get("/"), error)
        log.connected()
        log.connected()  # a connection in good times says nothing
    assert [r.getMessage() for r in caplog.records] == [
        "Database unavailable: GET / answered 503 (OperationalError: connection refused)",
        "Database connection made again; 3 more requests answered 503 since the last line",
    ]


def _wrapped(driver_error):
    """``driver_error`` as Django raises it (django.db.utils.DatabaseErrorWrapper)."""
    try:
        try:
            raise driver_error
        except Exception as exc:
            raise OperationalError(str(exc)) from exc
    except OperationalError as wrapped:
        return wrapped


@pytest.mark.parametrize(("error", "unavailable"), [
    (_wrapped(psycopg.OperationalError("connection refused")), True),  # no SQLSTATE: client side
    (_wrapped(psycopg.errors.AdminShutdown("terminating connection")), True),  # 57P01
    (_wrapped(psycopg.errors.CannotConnectNow("the database system is starting up")), True),
    (_wrapped(psycopg.errors.TooManyConnections("too many clients")), True),  # 53300
    (_wrapped(psycopg.errors.ConnectionFailure("connection failure")), True),  # 08006
    (_wrapped(psycopg.errors.QueryCanceled("statement timeout")), False),  # 57014: the query's
    (_wrapped(psycopg.errors.LockNotAvailable("could not obtain lock")), False),
    (InterfaceError("connection already closed"), True),
    (ProgrammingError("column does not exist"), False),
    (ValueError("a bug"), False),
    (None, False),
])
def test_which_database_errors_mean_the_database_is_unavailable(error, unavailable):
    assert outage.database_unavailable(error) is unavailable


def test_sqlite_errors_that_mean_unavailable_and_one_that_means_a_bug(tmp_path):
    import sqlite3

    def sqlite_error(sql, path=":memory:"):
        try:
            sqlite3.connect(path).execute(sql)
        except sqlite3.OperationalError as exc:
            return _wrapped(exc)

    # A folder this test knows is missing: any fixed path may exist on some machine.
    missing = tmp_path / "missing" / "db.sqlite3"
    assert outage.database_unavailable(sqlite_error("SELECT 1", str(missing)))
    assert not outage.database_unavailable(sqlite_error("SELECT * FROM no_such_table"))


def test_an_error_raised_while_handling_an_outage_still_counts_as_the_outage():
    try:
        try:
            raise InterfaceError("connection already closed")
        except InterfaceError:
            raise KeyError("session") from None
    except KeyError as exc:
        assert outage.database_unavailable(exc) is False  # "from None": the chain is cut
    try:
        try:
            raise InterfaceError("connection already closed")
        except InterfaceError:
            raise KeyError("session")  # noqa: B904
    except KeyError as exc:
        assert outage.database_unavailable(exc) is True


def test_production_reconnects_by_itself_checking_persistent_connections_first():
    database = settings.DATABASES["default"]
    assert database["CONN_HEALTH_CHECKS"] is True
    if database["ENGINE"] == "django.db.backends.postgresql":
        assert database["CONN_MAX_AGE"] > 0
