"""The load driver for ``manage.py load`` (``make load``): gunicorn serving this process's
database, the real users the virtual users sign in as, and locust running ``demo/locustfile.py``
against it in a process of its own (locust's gevent patches the standard library, which must not
happen in Django's).

Each virtual user is a real user picked by role (``plan``) and signs in through the real login
form with the demo password, once, before the clock starts: a wrong password is one failure,
far below django-axes' limit, and the run is far shorter than the session's idle timeout.
Then, until the time is up and with no pause between requests, it asks one of its pages
(``demo.bench.pages_for``) or, for a provider lead with a draft self-assessment, saves a
criterion in place as the page's htmx does (``demo/locustfile.py``). The plan goes to locust as
a JSON file, and what the users saw comes back as JSON lines (``demo.load_report.read_run``);
after the run, ``stored`` and ``stored_as`` read what the database holds of each save.
"""
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from itertools import cycle, zip_longest
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from assessments import workflow
from assessments.models import Assessment, Response
from demo.bench import ROLES, busiest_first, pages_for
from demo.load_report import Ack, Run, read_run
from demo.seed import DEMO_PASSWORD
from operations.loopback import Gunicorn
from organisations.models import Membership

TIMEOUT = 60
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


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


def virtual_users(people: list[Person], users: int) -> list[Person]:
    """The person each of ``users`` virtual users signs in as: the roles taken in turn, so that
    a few virtual users still cover every role."""
    by_role: dict[str, list[Person]] = {}
    for person in people:
        by_role.setdefault(person.role, []).append(person)
    turns = [p for group in zip_longest(*by_role.values()) for p in group if p]
    return [person for _, person in zip(range(users), cycle(turns), strict=False)]


def drive(chosen: list[Person], base: str, *, seconds: float, floor_seconds: float,
          save_share: float, sign_ins_at_once: int, log: Path) -> Run:
    """``demo/locustfile.py`` in locust (headless) against ``base``: a virtual user for each of
    ``chosen``, signed in (``sign_ins_at_once`` at a time) before the page mix's ``seconds``,
    then ``floor_seconds`` of /healthz. locust's own output goes to ``log``; what the users saw
    comes back from their records (its exit status says nothing more: it is 1 on any failure)."""
    with tempfile.TemporaryDirectory(prefix="load-") as scratch:
        records, plan_file = Path(scratch) / "records.jsonl", Path(scratch) / "plan.json"
        plan_file.write_text(json.dumps({
            "users": [asdict(person) for person in chosen], "seconds": seconds,
            "floor_seconds": floor_seconds, "save_share": save_share, "timeout": TIMEOUT,
            "sign_ins_at_once": sign_ins_at_once,
            "sign_in_url": reverse("login"), "healthz_url": reverse("healthz"),
            "password": DEMO_PASSWORD, "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "run_id": time.strftime("%H%M%S"), "records": str(records)}))
        records.touch()
        # Signing in (a password hash each) and a phase's last answers come outside the phases.
        limit = seconds + floor_seconds + 3 * TIMEOUT
        log.parent.mkdir(exist_ok=True)
        # Killed at the timeout, it leaves records that say how far it got (``Run.unfinished``).
        with log.open("w") as output, contextlib.suppress(subprocess.TimeoutExpired):
            subprocess.run(
                [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
                 "--users", str(len(chosen)), "--spawn-rate", str(len(chosen)), "--host", base,
                 "--run-time", f"{limit:.0f}s", "--only-summary"],
                env={**os.environ, "LOAD_PLAN": str(plan_file)}, cwd=settings.BASE_DIR,
                stdout=output, stderr=subprocess.STDOUT, timeout=limit + TIMEOUT, check=False)
        with records.open() as lines:
            return read_run(lines)


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
