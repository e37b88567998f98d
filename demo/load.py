"""The load driver for ``manage.py load`` (``make load``): gunicorn serving this process's
database, and virtual users on threads asking it for pages and saving criteria.

Each virtual user is a real user picked by role (``plan``) and signs in through the real login
form with the demo password, once, before the clock starts: a wrong password is one failure,
far below django-axes' limit, and the run is far shorter than the session's idle timeout.
Then, until the time is up and with no pause between requests, it asks one of its pages
(``demo.bench.pages_for``) or, for a provider lead with a draft self-assessment, saves a
criterion in place as the page's htmx does: GET the section page, POST one row's fields with
the CSRF token and the revision the page was drawn from. Only the standard library: urllib
on threads (gunicorn's sync workers close every connection, so there is nothing to pool).
"""
import http.cookiejar
import os
import random
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from assessments import workflow
from assessments.models import Assessment, Response
from demo.bench import ROLES, busiest_first, pages_for
from demo.load_report import Ack, Tally
from demo.seed import DEMO_PASSWORD
from operations.loopback import Gunicorn, NoRedirect, sign_in_form
from organisations.models import Membership

TIMEOUT = 60
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISION = re.compile(r'name="c(\d+)-revision" value="(\d+)"')


@dataclass
class Person:
    """A real user a virtual user signs in as, with what it reads and (a lead) where it saves."""

    email: str
    role: str
    pages: list[tuple[str, str]]
    section_url: str = ""
    save_url: str = ""  # with {row} for the response's id


def _save_target(user) -> tuple[str, str]:
    """(section page, criterion save URL pattern) of the user's draft self-assessment, if any."""
    draft = (Assessment.objects.visible_to(user)
             .filter(state__in=workflow.EDITABLE, provider__memberships__user=user)
             .select_related("framework").order_by("-period", "pk").first())
    if draft is None:
        return "", ""
    section = draft.framework.sections.order_by("order").first()
    row = Response.objects.filter(assessment=draft).order_by("pk").first()
    # The row's id is the URL's last number (the assessment's may be the same number).
    head, _, tail = reverse("assessments:criterion_save",
                            args=[draft.pk, row.pk]).rpartition(f"/{row.pk}/")
    return reverse("assessments:section", args=[draft.pk, section.code]), f"{head}/{{row}}/{tail}"


def plan(per_role: int) -> list[Person]:
    """Up to ``per_role`` active users for each role, busiest first (``demo.bench.busiest_first``);
    provider leads only where their provider has a draft self-assessment to save in, and with
    each lead a member of staff of the same provider saving in the same draft, so that two
    people's saves of one row meet (a conflict, by design)."""
    people = []
    for role_name, role in ROLES.items():
        found = 0
        for membership in busiest_first(role):
            user = membership.user
            section_url, save_url = ("", "")
            if role == Membership.Role.PROVIDER_LEAD:
                section_url, save_url = _save_target(user)
                if not save_url:
                    continue
                staff = (Membership.objects.filter(
                    organisation=membership.organisation, role=Membership.Role.PROVIDER_STAFF,
                    user__is_active=True).select_related("user").order_by("pk").first())
                if staff and _save_target(staff.user) == (section_url, save_url):
                    people.append(Person(staff.user.email, "provider staff",
                                         pages_for(staff.user), section_url, save_url))
            people.append(Person(user.email, role_name, pages_for(user), section_url, save_url))
            found += 1
            if found == per_role:
                break
    return people


def stored(rows) -> dict[int, tuple[int, str]]:
    """Each response's (revision, evidence) as now stored."""
    return {pk: (rev, text) for pk, rev, text in
            Response.objects.filter(pk__in=list(rows)).values_list("pk", "revision", "evidence")}


def stored_as(acks: list[Ack]) -> list[Ack]:
    """The acknowledged saves with the revision each was stored as, from the history rows
    (None when no history row has its text): what the check trusts, not the answer."""
    found: dict[tuple[int, str], int] = {}
    history = Response.history.filter(id__in={a.row for a in acks},
                                      evidence__in=[a.evidence for a in acks])
    for row, text, revision in history.values_list("id", "evidence", "revision"):
        found[row, text] = min(revision, found.get((row, text), revision))
    return [Ack(a.row, found.get((a.row, a.evidence)), a.evidence) for a in acks]


class Client:
    """One browser: its own cookies, no redirects followed."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect)

    def request(self, path: str, data: dict | None = None,
                headers: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(req, timeout=TIMEOUT) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def csrf_token(self) -> str:
        return next((c.value for c in self.cookies if c.name == settings.CSRF_COOKIE_NAME), "")

    def sign_in(self, email: str):
        status, page = self.request(reverse("login"))
        token = CSRF_FIELD.search(page)
        if status != 200 or not token:
            raise RuntimeError(f"the login page answered {status}")
        status, _ = self.request(reverse("login"),
                                 sign_in_form(token.group(1), email, DEMO_PASSWORD))
        if status != 302:
            raise RuntimeError(f"signing in as {email} answered {status}, not a redirect")


@dataclass
class Outcome:
    """What one virtual user saw in one phase."""

    ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: int = 0
    conflicts: int = 0
    acks: list[Ack] = field(default_factory=list)
    uncertain: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    error_samples: list[str] = field(default_factory=list)

    def error(self, what: str):
        self.errors += 1
        if len(self.error_samples) < 3:
            self.error_samples.append(what)


class VirtualUser:
    def __init__(self, number: int, person: Person, base: str, save_share: float, run_id: str):
        self.number, self.person, self.save_share = number, person, save_share
        self.client = Client(base)
        self.rng = random.Random(number)
        self.run_id = run_id
        self.saves = 0

    def _timed(self, out: Outcome, kind: str, path: str, data=None, headers=None):
        started = time.perf_counter()
        try:
            status, body = self.client.request(path, data, headers)
        except (OSError, urllib.error.URLError) as exc:
            out.ms[kind].append((time.perf_counter() - started) * 1000)
            return None, str(exc)
        out.ms[kind].append((time.perf_counter() - started) * 1000)
        return status, body

    def read(self, out: Outcome):
        name, url = self.rng.choice(self.person.pages)
        status, body = self._timed(out, "read", url)
        if status != 200:
            out.error(f"GET {url} ({name}): {status or body}")

    def save(self, out: Outcome):
        status, page = self._timed(out, "read", self.person.section_url)
        if status != 200:
            out.error(f"GET {self.person.section_url}: {status or page}")
            return
        rows = REVISION.findall(page)
        if not rows:
            out.error(f"GET {self.person.section_url}: no editable rows")
            return
        row, revision = self.rng.choice(rows)
        self.saves += 1
        text = f"load {self.run_id} user {self.number} save {self.saves}"
        levels = re.findall(rf'name="c{row}-level"[^>]*value="(\d+)"', page)
        path = self.person.save_url.replace("{row}", row)
        status, body = self._timed(out, "save", path, {
            f"c{row}-revision": revision, f"c{row}-evidence": text,
            f"c{row}-level": self.rng.choice(levels) if levels else ""},
            {"HX-Request": "true", "HX-Current-URL": self.client.base + self.person.section_url,
             "X-CSRFToken": self.client.csrf_token()})
        if status == 200:
            new = REVISION.search(body)
            if new and new.group(1) == row:
                out.acks.append(Ack(int(row), int(new.group(2)), text))
            else:
                out.error(f"POST {path}: 200 without the new revision")
                out.uncertain[int(row)].add(text)
        elif status == 409:
            out.conflicts += 1
        else:
            out.error(f"POST {path}: {status or body}")
            if status is None or status >= 500:
                out.uncertain[int(row)].add(text)  # it may have been stored before it failed

    def drive(self, until: float, healthz: str | None) -> Outcome:
        out = Outcome()
        while time.perf_counter() < until:
            if healthz:
                status, body = self._timed(out, "healthz", healthz)
                if status != 200:
                    out.error(f"GET {healthz}: {status or body}")
            elif self.person.save_url and self.rng.random() < self.save_share:
                self.save(out)
            else:
                self.read(out)
        return out


def run_phase(users: list[VirtualUser], seconds: float, healthz: str | None = None
              ) -> tuple[Tally, Outcome]:
    """Every user driving at once for ``seconds``: the tally, and every outcome merged."""
    outcomes: list[Outcome] = [Outcome() for _ in users]
    until = time.perf_counter() + seconds

    def work(i):
        outcomes[i] = users[i].drive(until, healthz)

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(len(users))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    merged = Outcome()
    for out in outcomes:
        for kind, ms in out.ms.items():
            merged.ms[kind] += ms
        merged.errors += out.errors
        merged.conflicts += out.conflicts
        merged.acks += out.acks
        for row, texts in out.uncertain.items():
            merged.uncertain[row] |= texts
        merged.error_samples += out.error_samples[: max(0, 5 - len(merged.error_samples))]
    # Requests still in flight at the end count, over the time they really took.
    return Tally(elapsed, dict(merged.ms), merged.errors, merged.conflicts), merged


class Server(Gunicorn):
    """gunicorn serving ``qaportal.wsgi`` on loopback with this process's database, with the
    ``qaportal.settings.load``: the development settings with debug off."""

    def __init__(self, workers: int, log: Path):
        db = settings.DATABASES["default"]
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{db['NAME']}"
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "qaportal.settings.load",
               "LOG_LEVEL": "WARNING"}
        super().__init__(env=env, workers=workers, log=log, timeout=TIMEOUT,
                         extra=("--backlog", "2048"))
