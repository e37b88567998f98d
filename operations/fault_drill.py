"""The database-outage drill behind ``manage.py faults`` (``make faults``): gunicorn and the task
worker serving the portal from a scratch PostgreSQL cluster, a signed-in user and an anonymous
one asking pages and /healthz before, during and after stopping the cluster, the signed-in user
asking for a bulk export before the outage and after each restart, and the verdict on what they
got and on whether the worker lived through it and made every export.

The worker is ``manage.py run_worker`` itself, not under its supervisor: the drill shows that it
waits through the outage, so a worker that exited is a failure, not something to restart.

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
from django.utils import timezone

from core.periods import academic_year
from qaportal.outage import RETRY_AFTER_SECONDS

from .loopback import Gunicorn, NoRedirect, sign_in_form, stop
from .scratch_postgres import ScratchCluster
from .supervisor import describe_exit
from .worker import MAX_RETRY_SECONDS

SETTINGS = "qaportal.settings.load"
TIMEOUT = 30
UNAVAILABLE_TEXT = "Sorry, the service is unavailable"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOGIN_LINE = re.compile(r"^\s+(\S+@\S+)\s+(.+)$")
PASSWORD_LINE = re.compile(r"^Password for every demo login: (\S+)$")
EXPORT_PATH = re.compile(r"/exports/(\d+)/$")
ERROR_ITEM = re.compile(r'govuk-error-summary__list">\s*<li>(?:<a [^>]*>)?([^<]+)')
STATE_TAG = re.compile(r'<strong class="govuk-tag[^"]*">\s*([^<]+?)\s*</strong>')
# Once the database is back the worker tries it again within MAX_RETRY_SECONDS; then the
# export (every provider, this year) takes a few seconds. Longer than this, it was not made.
EXPORT_READY_SECONDS = MAX_RETRY_SECONDS + 60


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


@dataclass
class ExportCheck:
    """A bulk export the signed-in user asked for in a phase, and what became of it."""

    phase: str
    path: str  # its page, or what was asked when it was not accepted
    outcome: str  # "ready"; else what its page (or the request) said last
    seconds: float  # from asking until ready, or until the drill stopped waiting


def worker_verdict(checks: list[ExportCheck], worker_exit: int | None) -> list[str]:
    """What went wrong with the task worker: it exited during the drill (it must wait through
    the outage), or an export asked for was not made, or none was asked for after the outage."""
    problems = []
    if worker_exit is not None:
        problems.append(f"The task worker {describe_exit(worker_exit)} during the drill: it "
                        "must wait through an outage.")
    for check in checks:
        if check.outcome != "ready":
            problems.append(f"The bulk export asked for {check.phase} ({check.path}) was not "
                            f"made within {check.seconds:.0f} s: {check.outcome}.")
    for phase in ("back", "restarted"):
        if not any(c.phase == phase for c in checks):
            problems.append(f"No bulk export was asked for after the database came back "
                            f"({phase}).")
    return problems


def export_table(checks: list[ExportCheck]) -> str:
    head = f"{'phase':<10} {'bulk export':<20} {'seconds':>7}  outcome"
    lines = [head, "-" * len(head)]
    for c in checks:
        lines.append(f"{c.phase:<10} {c.path:<20} {c.seconds:7.1f}  {c.outcome}")
    return "\n".join(lines)


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
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
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
        return sign_in_form(self.token, email, password)


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
    """The requests, phase by phase, and the rows they make; the exports, and their checks."""

    def __init__(self, base: str, email: str, password: str, out):
        self.out = out
        self.user = Browser(base, "signed in")
        self.anonymous = Browser(base, "anonymous")
        self.email, self.password = email, password
        self.rows: list[Row] = []
        self.exports: list[ExportCheck] = []
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

    def ask(self, phase: str, request: Ask) -> tuple[Row, str]:
        """Make the request, add its row; the row and the page."""
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
        return self.rows[-1], body

    def export(self, phase: str):
        """Ask for a bulk export of every provider the user commissions, this year, every
        report, as the form does; then read its page until the worker has made it (a download
        link) or has failed it, or EXPORT_READY_SECONDS have passed. The page read last is
        kept as a row; one answered other than 200 ends the wait."""
        new = reverse("exports:new")
        _, form = self.ask(phase, Ask(self.user, "GET", new, expected=200))
        token = CSRF_FIELD.search(form)
        data = {"csrfmiddlewaretoken": token.group(1) if token else "", "which": "all",
                "period": academic_year(timezone.localdate()), "audience": "provider",
                "reports": ["self_assessments", "visits", "action_plans"]}
        asked = time.perf_counter()
        status, headers, answer, error = self.user.fetch("POST", new, data)
        location = headers.get("Location", "") if headers else ""
        self.rows.append(Row(
            at=asked - self.started, phase=phase, who=self.user.who, method="POST", path=new,
            status=status, ms=(time.perf_counter() - asked) * 1000, expected=302,
            note=error or location))
        found = EXPORT_PATH.search(location)
        if status != 302 or not found:
            said = ERROR_ITEM.search(answer)
            self.exports.append(ExportCheck(phase, f"POST {new}", f"not accepted: "
                                            f"{status or error}"
                                            + (f" ({said.group(1).strip()})" if said else ""), 0))
            return
        page, download = found.group(0), reverse("exports:download", args=[found.group(1)])
        while True:
            row, body = self.ask(phase, Ask(self.user, "GET", page, expected=200))
            seconds = time.perf_counter() - asked
            tag = STATE_TAG.search(body)
            outcome = "ready" if download in body else (
                tag.group(1) if tag else f"answered {row.status or row.note}")
            if (outcome == "ready" or "govuk-tag--red" in body or row.status != 200
                    or seconds > EXPORT_READY_SECONDS):
                row.note = f"{outcome} after {seconds:.1f} s"
                self.exports.append(ExportCheck(phase, page, outcome, seconds))
                return
            self.rows.pop()  # one row for the wait: the page as last read
            time.sleep(0.5)

    def run(self, cluster: ScratchCluster, outage_seconds: float) -> list[Row]:
        self.user.sign_in(self.email, self.password)
        self.anonymous.get_token()
        self.started = time.perf_counter()
        for request in self.requests():
            self.ask("before", request)
        self.export("before")
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
        self.out.write("Asking for a bulk export: the task worker must make it ...\n")
        self.export("back")
        self.out.write("Restarting it with no request in between (stale persistent "
                       "connections) ...\n")
        cluster.stop()
        cluster.start()
        for request in self.requests():
            self.ask("restarted", request)
        self.export("restarted")
        return self.rows


GUNICORN_OUTAGE_LINES = ("Database unavailable", "Database connection made again")
WORKER_OUTAGE_LINES = ("Database unavailable", "Database still unavailable",
                       "Database available again", "cut short by")


def log_summary(log: Path, markers=GUNICORN_OUTAGE_LINES) -> tuple[list[str], int]:
    """A log: the outage lines the portal wrote, and how many tracebacks it holds."""
    text = log.read_text(errors="replace") if log.exists() else ""
    outage_lines = [line for line in text.splitlines() if any(m in line for m in markers)]
    return outage_lines, text.count("Traceback (most recent call last)")


class TaskWorker:
    """``manage.py run_worker`` (every queue) with ``env``, its output in ``log``; a context
    manager that stops it (SIGTERM, as systemd does) however the drill ends."""

    def __init__(self, *, env: dict, log: Path):
        self.env, self.log = env, log
        self.process = None

    def __enter__(self):
        self.log.parent.mkdir(exist_ok=True)
        self._log_file = self.log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "run_worker",
             "--queue-name=*", "--no-reload", "--no-startup-delay"],
            env=self.env, cwd=settings.BASE_DIR, stdout=self._log_file,
            stderr=subprocess.STDOUT)
        return self

    def exit_status(self) -> int | None:
        """None while it runs."""
        return self.process.poll()

    def __exit__(self, *exc):
        stop(self.process)  # SIGTERM: the worker finishes the task in hand, then exits
        self._log_file.close()


def run(out, *, port: int, version: str | None, outage_seconds: float, workers: int) -> bool:
    """The whole drill; prints as it goes; True when it passed. Cleans up whatever happens."""
    log = Path(settings.BASE_DIR) / "var" / "faults-gunicorn.log"
    worker_log = Path(settings.BASE_DIR) / "var" / "faults-worker.log"
    with ScratchCluster(port, version) as cluster:
        out.write(f"Scratch PostgreSQL {cluster.version} cluster on 127.0.0.1:{cluster.port}; "
                  "preparing its database:\n")
        email, password = prepare(cluster.url, out)
        with (Gunicorn(env=drill_env(cluster.url), workers=workers, log=log,
                       timeout=TIMEOUT) as server,
              TaskWorker(env=drill_env(cluster.url), log=worker_log) as worker):
            out.write(f"gunicorn ({workers} sync workers, {SETTINGS}) on {server.base} and "
                      f"the task worker (run_worker); signed in as {email}\n")
            drill = Drill(server.base, email, password, out)
            rows = drill.run(cluster, outage_seconds)
            worker_exit = worker.exit_status()
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
    worker_lines, worker_tracebacks = log_summary(worker_log, WORKER_OUTAGE_LINES)
    out.write(f"\nThe task worker: bulk exports asked for before the outage and after each "
              f"restart\n{export_table(drill.exports)}\n")
    out.write(f"The task worker's log ({worker_log}): "
              f"{'still running' if worker_exit is None else describe_exit(worker_exit)}, "
              f"{len(worker_lines)} outage lines, {worker_tracebacks} tracebacks\n")
    for line in worker_lines:
        out.write(f"  {line}\n")
    problems = verdict(rows) + worker_verdict(drill.exports, worker_exit)
    if tracebacks:
        problems.append(f"{tracebacks} tracebacks in gunicorn's log (see {log}).")
    if worker_tracebacks:
        problems.append(f"{worker_tracebacks} tracebacks in the task worker's log "
                        f"(see {worker_log}).")
    for problem in problems:
        out.write(f"FAIL: {problem}\n")
    if not problems:
        out.write(f"PASS: during the outage every request answered 503 with Retry-After: "
                  f"{RETRY_AFTER_SECONDS} and the unavailable page, none 500; the first "
                  "request after the database came back (and after a restart) succeeded, with "
                  "no restart of gunicorn; the task worker waited through both outages and made "
                  "each bulk export asked for after them.\n")
    return not problems
