"""``make load``'s virtual users, for locust (headless, run by ``demo.load.drive`` in a process of
its own: locust's gevent patches the standard library, which must not happen in Django's).

No Django here: everything comes from the plan, a JSON file named by ``LOAD_PLAN`` and written
by ``demo.load.drive``: one person for each virtual user (``users``: email, role, pages, and
for a provider lead the section page and the criterion save URL), the sign-in and /healthz
URLs, the demo password, the CSRF cookie's name, the phases' lengths, the share of a lead's
turns that save, and the file the outcome goes to (``records``, JSON lines, read by
``demo.load_report.read_run``).

Each virtual user signs in through the real sign-in form, once, before the clock starts. When
every one has, the page mix runs for ``seconds``: with no pause between requests, a user asks
one of its pages or, a provider lead with a draft self-assessment, saves a criterion in place
as the page's htmx does (GET the section page, POST one row's fields with the CSRF token and
the revision the page was drawn from). When the time is up and every user's last request has
been answered, the same users ask /healthz for ``floor_seconds`` (the floor); then the run
stops. Every request of a phase is one line (its kind, time, and failure if any), and so is
every acknowledged save, every conflict and every save whose answer never came.
"""
import json
import os
import random
import re
import time
from itertools import count
from pathlib import Path

import gevent
from gevent.event import Event
from gevent.lock import BoundedSemaphore
from locust import FastHttpUser, constant, events, task
from locust.exception import StopTest

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
TIMEOUT = PLAN["timeout"]
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISION = re.compile(r'name="c(\d+)-revision" value="(\d+)"')
NEXT_PHASE = {None: "mix", "mix": "floor", "floor": None}
SECONDS = {"mix": PLAN["seconds"], "floor": PLAN["floor_seconds"]}

_records = open(PLAN["records"], "a")  # noqa: SIM115 (open for the whole run)


def record(**line):
    _records.write(json.dumps(line) + "\n")
    _records.flush()


class Clock:
    """The phases every virtual user goes through together. A phase starts when the last user
    arrives at its start (signed in, or done with the phase before), so that sign-ins are not
    timed and requests still in flight at a phase's end count in it, over the time they took."""

    def __init__(self, users: int):
        self.users, self.arrived, self.gate, self.over = users, 0, Event(), Event()
        self.phase: str | None = None
        self.started = self.until = 0.0

    def arrive(self):
        """Wait here until every user has arrived; the last one starts the next phase."""
        self.arrived += 1
        gate = self.gate
        if self.arrived < self.users:
            gate.wait()
            return
        now = time.perf_counter()
        if self.phase:
            record(ended=self.phase, seconds=now - self.started)
        self.phase = NEXT_PHASE[self.phase]
        self.started, self.until = now, now + SECONDS.get(self.phase, 0)
        self.arrived, self.gate = 0, Event()
        if self.phase is None:
            self.over.set()
        gate.set()

    def current(self) -> str | None:
        """The phase now, having waited for the others at its end (None: the run is over)."""
        if self.phase and time.perf_counter() >= self.until:
            self.arrive()
        return self.phase


CLOCK = Clock(len(PLAN["users"]))
_numbers = count()
_signing_in = BoundedSemaphore(PLAN["sign_ins_at_once"])  # a password hash each: not all at once
_never = Event()


@events.test_start.add_listener
def _quit_when_over(environment, **kwargs):
    def quit_when_over():
        CLOCK.over.wait()
        environment.runner.quit()
    gevent.spawn(quit_when_over)


@events.request.add_listener
def _timed(name, response_time, exception, **kwargs):
    if CLOCK.phase:  # sign-ins come before the clock starts
        record(request=name, phase=CLOCK.phase, ms=response_time,
               error=str(exception) if exception else None)


class VirtualUser(FastHttpUser):
    wait_time = constant(0)
    network_timeout = connection_timeout = TIMEOUT

    def on_start(self):
        self.number = next(_numbers)
        self.person = PLAN["users"][self.number]
        self.rng = random.Random(self.number)
        self.saves = 0
        with _signing_in:
            self.sign_in()
        CLOCK.arrive()

    def sign_in(self):
        """The sign-in page, then its form posted (allauth's: the email address is ``login``);
        anything but a redirect stops the run."""
        email, url = self.person["email"], PLAN["sign_in_url"]
        with self.client.get(url, name="sign in", catch_response=True) as page:
            token = CSRF_FIELD.search(page.text or "") if page.status_code == 200 else None
            if page.status_code != 200 or not token:
                record(sign_in_failed=f"the sign-in page answered {page.status_code or page.error}")
                raise StopTest(f"the sign-in page answered {page.status_code}")
        form = {"csrfmiddlewaretoken": token.group(1), "login": email, "password": PLAN["password"]}
        with self.client.post(url, name="sign in", data=form, allow_redirects=False,
                              catch_response=True) as answer:
            if answer.status_code != 302:
                record(sign_in_failed=f"signing in as {email} answered {answer.status_code or answer.error}, "
                                      f"not a redirect")
                raise StopTest(f"signing in as {email} failed")
            answer.success()

    @task
    def turn(self):
        phase = CLOCK.current()
        if phase is None:
            _never.wait()  # until the runner quits (``_quit_when_over``) and stops every user
        elif phase == "floor":
            self.get("healthz", PLAN["healthz_url"])
        elif self.person["save_url"] and self.rng.random() < PLAN["save_share"]:
            self.save()
        else:
            name, url = self.rng.choice(self.person["pages"])
            self.get("read", url, f"{url} ({name})")

    def get(self, kind: str, url: str, what: str = "", needs_rows: bool = False):
        """GET ``url``, counted under ``kind``: anything but a 200 (and, with ``needs_rows``, a
        page without an editable criterion) is a failure. The page, or None."""
        with self.client.get(url, name=kind, catch_response=True) as page:
            text = (page.text or "") if page.status_code == 200 else None
            if text is None:
                page.failure(f"GET {what or url}: {page.status_code or page.error}")
            elif needs_rows and not REVISION.search(text):
                page.failure(f"GET {what or url}: no editable rows")
                text = None
            return text

    def save(self):
        section = self.person["section_url"]
        page = self.get("read", section, needs_rows=True)
        if page is None:
            return
        row, revision = self.rng.choice(REVISION.findall(page))
        self.saves += 1
        text = f"load {PLAN['run_id']} user {self.number} save {self.saves}"
        levels = re.findall(rf'name="c{row}-level"[^>]*value="(\d+)"', page)
        path = self.person["save_url"].replace("{row}", row)
        csrf = next((c.value for c in self.client.cookiejar if c.name == PLAN["csrf_cookie"]), "")
        with self.client.post(path, name="save", allow_redirects=False, catch_response=True, data={
                f"c{row}-revision": revision, f"c{row}-evidence": text,
                f"c{row}-level": self.rng.choice(levels) if levels else ""}, headers={
                "HX-Request": "true", "HX-Current-URL": self.host + section, "X-CSRFToken": csrf,
        }) as answer:
            status = answer.status_code
            if status == 200:
                new = REVISION.search(answer.text or "")
                if new and new.group(1) == row:
                    record(ack=int(row), revision=int(new.group(2)), evidence=text)
                else:
                    answer.failure(f"POST {path}: 200 without the new revision")
                    record(uncertain=int(row), evidence=text)
            elif status == 409:
                answer.success()  # the design refusing a stale save: counted, never an error
                record(conflict=int(row))
            else:
                answer.failure(f"POST {path}: {status or answer.error}")
                if not status or status >= 500:  # it may have been stored before it failed
                    record(uncertain=int(row), evidence=text)
