"""The database-outage drill behind ``manage.py faults`` (``make faults``): gunicorn serving the
portal from a scratch PostgreSQL cluster, a signed-in user and an anonymous one asking pages and
/healthz before, during and after stopping the cluster, and the verdict on what they got.

gunicorn runs ``qaportal.settings.load``: the development settings with DEBUG off, so errors go
through the project's handler500 as in production, with the production database settings
(persistent connections, ``CONN_HEALTH_CHECKS``). Unlike ``prod`` it needs no HTTPS (secure
cookies, the HTTPS redirect) on loopback nor ``collectstatic``, and it allows the demo data."""
import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from .loopback import Gunicorn, NoRedirect
from .outage import RETRY_AFTER_SECONDS
from .scratch_postgres import ScratchCluster

SETTINGS = "qaportal.settings.load"
TIMEOUT = 30
UNAVAILABLE_TEXT = "Sorry, the service is unavailable"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOGIN_LINE = re.compile(r"^\s+(\S+@\S+)\s+(.+)$")
PASSWORD_LINE = re.compile(r"^Password for every demo login: (\S+)$")


@dataclass
class Row:
    """One request of the drill and what came back."""

    at: float  # seconds since the drill's first request
    phase: str
    who: str
    method: str
    path: str
    status: int | None  # None: no HTTP answer at all
    ms: float
    expected: int  # what it answers while the database is up
    retry_after: str = ""
    unavailable_page: bool = False
    note: str = ""


def verdict(rows: list[Row]) -> list[str]:
    """What went wrong, if anything: a 500 or no answer anywhere; a request during the outage
    answered other than 503 with Retry-After and the unavailable page; and, in each phase after
    the database is back, any request (the first above all) not answered as when it was up."""
    problems = []
    for row in rows:
        where = f"{row.at:6.2f}s {row.method} {row.path} ({row.phase}, {row.who})"
        if row.status is None or (row.status >= 500 and row.status != 503):
            problems.append(f"{where}: {row.status or 'no answer: ' + row.note}")
        elif row.phase == "outage":
            if row.status != 503 or not row.retry_after or not row.unavailable_page:
                problems.append(f"{where}: {row.status} during the outage, not the 503 page "
                                "with Retry-After")
        elif row.status != row.expected:
            problems.append(f"{where}: {row.status}, not {row.expected}")
    for phase in ("back", "restarted"):
        first = next((r for r in rows if r.phase == phase), None)
        if first is None:
            problems.append(f"No request after the database came back ({phase}).")
        elif first.status != first.expected:
            problems.append(f"The first request after the database came back ({phase}) "
                            f"answered {first.status}.")
    if not any(r.phase == "outage" for r in rows):
        problems.append("No request during the outage.")
    return problems


def table(rows: list[Row]) -> str:
    head = f"{'time':>7}  {'phase':<10} {'who':<10} {'request':<36} {'status':>6} {'ms':>6}  note"
    lines = [head, "-" * len(head)]
    for r in rows:
        note = r.note or (f"unavailable page, Retry-After: {r.retry_after}"
                          if r.unavailable_page else "")
        lines.append(f"{r.at:6.2f}s  {r.phase:<10} {r.who:<10} {r.method + ' ' + r.path:<36} "
                     f"{r.status or '-':>6} {r.ms:6.0f}  {note}")
    return "\n".join(lines)


class Browser:
    """One visitor: its own cookies, redirects not followed."""

    def __init__(self, base: str, who: str):
        self.base, self.who = base, who
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect)
        self.token = ""

    def fetch(self, method: str, path: str, data: dict | None = None,
              headers: dict | None = None):
        """(status or None, headers, body, error text)."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, method=method,
                                     headers=headers or {})
        try:
            with self.opener.open(req, timeout=TIMEOUT) as response:
                return response.status, response.headers, response.read().decode(), ""
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read().decode(errors="replace"), ""
        except OSError as exc:
            return None, {}, "", str(exc)

    def get_token(self):
        status, _, page, error = self.fetch("GET", reverse("login"))
        found = CSRF_FIELD.search(page)
        if status != 200 or not found:
            raise RuntimeError(f"The sign-in page answered {status or error}.")
        self.token = found.group(1)

    def sign_in(self, email: str, password: str):
        self.get_token()
        status, _, _, error = self.fetch("POST", reverse("login"), self.login_form(
            email, password))
        if status != 302:
            raise RuntimeError(f"Signing in as {email} answered {status or error}, not 302.")

    def login_form(self, email: str, password: str) -> dict:
        return {"csrfmiddlewaretoken": self.token, "username": email, "password": password}


def drill_env(url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}}
    return {**env, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": SETTINGS}


def prepare(url: str, out) -> tuple[str, str]:
    """Migrate, load the frameworks and the demo data into the scratch database; the demo login
    to sign in as (an LA commissioner: the most pages) and the password, as seed_demo prints them."""
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    for args in (["migrate", "--noinput", "-v0"], ["load_frameworks", "-v0"], ["seed_demo"]):
        out.write(f"  manage.py {' '.join(args)}\n")
        result = subprocess.run([*manage, *args], env=drill_env(url), cwd=settings.BASE_DIR,
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stdout}{result.stderr}")
    lines = result.stdout.splitlines()
    logins = [m.groups() for m in map(LOGIN_LINE.match, lines) if m]
    password = next((m.group(1) for m in map(PASSWORD_LINE.match, lines) if m), None)
    if not logins or not password:
        raise RuntimeError(f"seed_demo printed no demo logins:\n{result.stdout}")
    email = next((e for e, role in logins if "commissioner" in role.lower()), logins[0][0])
    return email, password


@dataclass
class Ask:
    """One request of a round."""

    browser: Browser
    method: str
    path: str
    expected: int
    form: dict | None = None
    headers: dict | None = None
    label: str = ""


class Drill:
    """The requests, phase by phase, and the rows they make."""

    def __init__(self, base: str, email: str, password: str, out):
        self.out = out
        self.user = Browser(base, "signed in")
        self.anonymous = Browser(base, "anonymous")
        self.email, self.password = email, password
        self.rows: list[Row] = []
        self.started = 0.0

    def requests(self) -> list[Ask]:
        """One round: what each visitor asks, and what it answers while the database is up."""
        htmx = {"HX-Request": "true", "HX-Current-URL": self.user.base + reverse("home")}
        return [
            Ask(self.user, "GET", reverse("home"), expected=200),
            Ask(self.user, "GET", reverse("organisations:list"), expected=200),
            Ask(self.user, "GET", reverse("dashboards:providers"), expected=200),
            Ask(self.user, "GET", reverse("organisations:list"), headers=htmx, expected=200,
                label=" (htmx)"),
            Ask(self.anonymous, "POST", reverse("login"), expected=302,
                form=self.anonymous.login_form(self.email, self.password)),
            Ask(self.anonymous, "GET", reverse("healthz"), expected=200),
        ]

    def ask(self, phase: str, request: Ask):
        started = time.perf_counter()
        status, headers, body, error = request.browser.fetch(
            request.method, request.path, request.form, request.headers)
        if request.form is not None and status == 302:
            self.anonymous.cookies.clear()  # signed in: start again as an anonymous visitor
            self.anonymous.get_token()
        self.rows.append(Row(
            at=started - self.started, phase=phase, who=request.browser.who,
            method=request.method, path=request.path + request.label, status=status,
            ms=(time.perf_counter() - started) * 1000, expected=request.expected,
            retry_after=headers.get("Retry-After", "") if headers else "",
            unavailable_page=UNAVAILABLE_TEXT in body or '"database": "unavailable"' in body,
            note=error))

    def run(self, cluster: ScratchCluster, outage_seconds: float) -> list[Row]:
        self.user.sign_in(self.email, self.password)
        self.anonymous.get_token()
        self.started = time.perf_counter()
        for request in self.requests():
            self.ask("before", request)
        self.out.write("Stopping the scratch cluster (fast shutdown) ...\n")
        cluster.stop()
        until = time.perf_counter() + outage_seconds
        while time.perf_counter() < until:
            for request in self.requests():
                self.ask("outage", request)
            time.sleep(1)  # a few rounds, not a flood: the table goes in the notes
        self.out.write("Starting the scratch cluster again ...\n")
        cluster.start()  # returns once pg_isready says it accepts connections
        for request in self.requests():
            self.ask("back", request)
        self.out.write("Restarting it with no request in between (stale persistent "
                       "connections) ...\n")
        cluster.stop()
        cluster.start()
        for request in self.requests():
            self.ask("restarted", request)
        return self.rows


def log_summary(log: Path) -> tuple[list[str], int]:
    """gunicorn's log: the outage lines the portal wrote, and how many tracebacks it holds."""
    text = log.read_text(errors="replace") if log.exists() else ""
    outage_lines = [line for line in text.splitlines() if "Database unavailable" in line
                    or "Database connection made again" in line]
    return outage_lines, text.count("Traceback (most recent call last)")


def run(out, *, port: int, version: str | None, outage_seconds: float, workers: int) -> bool:
    """The whole drill; prints as it goes; True when it passed. Cleans up whatever happens."""
    log = Path(settings.BASE_DIR) / "var" / "faults-gunicorn.log"
    with ScratchCluster(port, version) as cluster:
        out.write(f"Scratch PostgreSQL {cluster.version} cluster on 127.0.0.1:{cluster.port}; "
                  "preparing its database:\n")
        email, password = prepare(cluster.url, out)
        with Gunicorn(env=drill_env(cluster.url), workers=workers, log=log,
                      timeout=TIMEOUT) as server:
            out.write(f"gunicorn ({workers} sync workers, {SETTINGS}) on {server.base}; "
                      f"signed in as {email}\n")
            rows = Drill(server.base, email, password, out).run(cluster, outage_seconds)
    out.write("\n" + table(rows) + "\n\n")
    for phase in ("before", "outage", "back", "restarted"):
        counts: dict = {}
        for r in rows:
            if r.phase == phase:
                counts[r.status] = counts.get(r.status, 0) + 1
        out.write(f"{phase:<10} " + ", ".join(f"{n} x {s}" for s, n in sorted(
            counts.items(), key=lambda item: str(item[0]))) + "\n")
    outage_lines, tracebacks = log_summary(log)
    out.write(f"\ngunicorn's log ({log}): {len(outage_lines)} outage lines, "
              f"{tracebacks} tracebacks\n")
    for line in outage_lines:
        out.write(f"  {line}\n")
    problems = verdict(rows)
    if tracebacks:
        problems.append(f"{tracebacks} tracebacks in gunicorn's log (see {log}).")
    for problem in problems:
        out.write(f"FAIL: {problem}\n")
    if not problems:
        out.write(f"PASS: during the outage every request answered 503 with Retry-After: "
                  f"{RETRY_AFTER_SECONDS} and the unavailable page, none 500; the first "
                  "request after the database came back (and after a restart) succeeded, with "
                  "no restart of gunicorn.\n")
    return not problems
