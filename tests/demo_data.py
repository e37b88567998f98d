"""The demo data as tests read it: seeded once per test module and shared, each test inside a
savepoint of its own, as Django's ``TestCase.setUpTestData`` shares a class's data.

Seeding the demo takes about 0.65 s; a test reading it takes a few milliseconds. So the first
test of a module that asks for ``demo`` seeds it inside a transaction that stays open while the
module's demo tests run; each test's own transaction (pytest-django's ``db``) nests inside it
as a savepoint and is rolled back when the test ends, so every test starts from the demo as
seeded, and the module's transaction is rolled back after its last test. Each test gets its own
model instances, fetched again (``Demo.fetch``), so one test's changes in memory cannot reach
the next either.

A transactional test (``transaction=True``, ``live_server``: the browser tests) commits, and
then empties the database, so it cannot run inside a transaction: in a module with one the demo
is seeded for each test, as before. Within a module the tests that read the demo run after the
others (``tests/conftest.py`` orders them), so no other test sees the demo's rows; a test
that would is failed, naming the module.
"""
import io
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection, transaction
from pytest_django.fixtures import validate_django_db

from actionplans.models import ActionPlan
from assessments.models import Assessment
from frameworks.models import Framework
from organisations.models import Organisation, User
from visits.models import Visit

from . import snapshots
from .snapshots import Copies

DEMO_FIXTURE = "demo"

DEMO_USERS = {
    "riverside_lead": "lead@riverside.example",
    "riverside_staff": "staff@riverside.example",
    "oakfield_lead": "lead@oakfield.example",
    "leics_commissioner": "commissioner@leics.example",  # commissions Riverside and Oakfield
    "rutland_commissioner": "commissioner@rutland.example",  # commissions only Oakfield
    "seip_officer": "officer@nwleics-seip.example",  # commissions Oakfield and Beacon
    "seip_chair": "chair@nwleics-seip.example",
    "admin": "admin@qaportal.example",
}


@dataclass
class Demo:
    si: Assessment  # Riverside, SI QAF 2024/25, submitted, 34/36
    draft: Assessment  # Riverside, SI QAF 2025/26, draft, not shared
    review: Assessment  # Oakfield, IntegratED 2025/26, submitted
    plan: ActionPlan  # Riverside 2024/25: two Stage 2 actions
    visit: Visit  # Oakfield, QA visit of 18 June 2026 by NW Leics SEIP, final
    beacon_visit: Visit  # Beacon, QA visit in six days, shared with the provider
    riverside: Organisation
    oakfield: Organisation
    users: dict  # short name -> User

    def user(self, name) -> User:
        return self.users[name]

    @classmethod
    def fetch(cls) -> "Demo":
        """New instances of the demo's records, read from the database."""
        riverside = Organisation.objects.get(slug="riverside-college")
        oakfield = Organisation.objects.get(slug="oakfield-ap")
        return cls(
            si=Assessment.objects.get(provider=riverside, framework_slug="si-qaf",
                                      period="2024/25"),
            draft=Assessment.objects.get(provider=riverside, framework_slug="si-qaf",
                                         period="2025/26"),
            review=Assessment.objects.get(provider=oakfield,
                                          framework_slug="integrated-ap-benchmarks"),
            plan=ActionPlan.objects.get(provider=riverside, period="2024/25"),
            visit=Visit.objects.get(provider=oakfield, framework__slug="leics-ap-visit"),
            beacon_visit=Visit.objects.get(provider__slug="beacon-academy",
                                           framework__slug="leics-ap-visit"),
            riverside=riverside, oakfield=oakfield,
            users={name: User.objects.get(email=email) for name, email in DEMO_USERS.items()},
        )


def load_frameworks_if_missing() -> None:
    """Load the seed frameworks again if a transactional test emptied the database: written
    back from the session's start (``tests/snapshots.py``) where it can be, else loaded."""
    if Framework.objects.count() >= 3:
        return
    if Copies.base is not None and snapshots.is_empty():
        snapshots.write(Copies.base)
    else:
        call_command("load_frameworks", verbosity=0)


def current_frameworks() -> dict[str, Framework]:
    """The seed frameworks by slug (loaded again if a transactional test emptied the
    database): the ``frameworks`` fixture."""
    load_frameworks_if_missing()
    return {f.slug: f for f in Framework.objects.current()}


def at_the_sessions_start() -> bool:
    """Whether the database holds what the session started with and nothing of the demo (so
    the demo's copy fits over it)."""
    base_frameworks = Copies.base and Copies.base.get(Framework._meta.db_table)
    return bool(base_frameworks) and not Organisation.objects.exists() and (
        set(Framework.objects.values_list("pk", flat=True))
        == {row[0] for row in base_frameworks[1]})


def seed_demo() -> None:
    """Seed the demo (``make run``'s), or write back this process's copy of it where it fits."""
    load_frameworks_if_missing()
    fits = at_the_sessions_start()
    if fits and Copies.demo is not None:
        snapshots.write(Copies.demo)
        return
    call_command("seed_demo", stdout=io.StringIO())
    if fits and Copies.demo is None:
        after = snapshots.read()
        Copies.demo = after and snapshots.added(after, Copies.base)


def is_transactional(item) -> bool:
    """Whether pytest-django runs the test as a ``TransactionTestCase`` (as it decides)."""
    marker = item.get_closest_marker("django_db")
    if marker:
        transactional, reset_sequences, *_ = validate_django_db(marker)
        if transactional or reset_sequences:
            return True
    return bool({"transactional_db", "live_server"} & set(item.fixturenames))


def reads_demo(item) -> bool:
    return DEMO_FIXTURE in getattr(item, "fixturenames", ())


def shareable(items) -> bool:
    """Whether the demo can be seeded once for these tests (one module's): none of them is
    transactional (one that reads the demo would run inside the open transaction; one that
    does not might run next to the demo's tests and see it)."""
    return not any(is_transactional(item) for item in items)


class SharedRows:
    """Rows made once by ``make()`` inside a transaction left open until ``close()`` rolls it
    back (the ``cls_atomics`` of Django's ``TestCase``); ``made`` is what ``make`` returned.
    Each test then runs in a savepoint inside it and reads the rows again."""

    def __init__(self, make):
        if connection.in_atomic_block:
            raise RuntimeError("Shared rows must be made before the test's transaction starts "
                               "(a module-scoped fixture is set up first).")
        self.atomic = transaction.atomic()
        # As Django marks its class-wide transaction: a durable block inside may still open.
        self.atomic._from_testcase = True
        self.atomic.__enter__()
        try:
            self.made = make()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)


class SharedDemo(SharedRows):
    """The demo seeded once for a module. ``open_in`` names the module it was seeded for
    while it is open."""

    open_in: str | None = None

    def __init__(self, module: str):
        super().__init__(seed_demo)
        SharedDemo.open_in = module

    def close(self) -> None:
        super().close()
        SharedDemo.open_in = None
