"""Fixtures shared by the whole suite: a small world of organisations and people in every role."""
import os
from dataclasses import dataclass

import pytest
from django.core.management import call_command

from assessments import services as assessment_services
from frameworks.models import Framework
from organisations.models import Membership, Organisation, User

from . import snapshots
from .demo_data import (
    Demo,
    SharedDemo,
    current_frameworks,
    is_transactional,
    load_frameworks_if_missing,
    reads_demo,
    seed_demo,
    shareable,
)
from .factories import (
    PASSWORD,
    CommissioningFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    PartnershipFactory,
    ProviderFactory,
    UserFactory,
)
from .migrated import complete_as_migrated
from .snapshots import Copies

Role = Membership.Role


# CI sets this: there a skipped test (no Chromium, no published sources) is a failure,
# so a check can never pass by not running.
NO_SKIPS_ENV = "QAPORTAL_NO_SKIPS"


def _skipped(session) -> list:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    return reporter.stats.get("skipped", []) if reporter else []


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get(NO_SKIPS_ENV) and exitstatus == pytest.ExitCode.OK and _skipped(session):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = terminalreporter.stats.get("skipped", [])
    if os.environ.get(NO_SKIPS_ENV) and skipped:
        terminalreporter.write_line(
            f"{NO_SKIPS_ENV} is set: {len(skipped)} skipped test(s) fail this run.", red=True)


# The longest tests (10-30 s each where the rest take well under a second) start first in their
# group, longest first, so that with parallel workers (pytest-xdist: `make test`, CI) no worker
# is left running one of them alone at the end. Only the order changes: a test renamed or
# removed here merely runs in its usual place.
RUN_FIRST = [
    "test_a_qa_visit_from_preparation_to_a_final_record",  # browser, ~27 s
    "test_the_page_warns_before_the_idle_sign_out_and_stay_signed_in_keeps_the_session",  # browser
    "test_render_report_from_a_fresh_make_run_database",  # migrate and seed in subprocesses
    "test_the_worker_rides_out_a_database_outage_and_runs_the_next_task",  # scratch cluster
    "test_under_its_supervisor_a_dead_worker_is_started_again_and_ctrl_c_stops_both",  # same
    "test_no_input_gives_a_server_error",  # the hypothesis fuzz test
    "test_provider_lead_completes_the_si_qaf_with_an_action_plan",  # browser
    "test_pages_with_tables_fit_a_320_px_window_without_scrolling_sideways",  # browser
]


def pytest_collection_modifyitems(config, items):
    """Run browser tests last: their transactional tests empty the database afterwards,
    which would drop the frameworks loaded once for the session. pytest-xdist's default
    (``--dist load``) hands each worker its tests in this order, so on every worker too the
    browser tests come after all the others. Within each group the longest tests go first,
    then (as pytest-django orders them) the transactional tests after the others, and the
    tests that read the demo after those that do not: a module's demo stays seeded from the
    first of its tests that reads it to the module's last (``tests/demo_data.py``), so no
    other test may come between. The sort is stable: otherwise the order stays as it was."""
    def order(item):
        name = item.originalname
        first = RUN_FIRST.index(name) if name in RUN_FIRST else len(RUN_FIRST)
        return "browser" in item.keywords, first, is_transactional(item), reads_demo(item)

    items.sort(key=order)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Complete the test database into the one ``migrate`` makes (``tests/migrated.py``),
    load the three seed frameworks once into it, and keep a copy of the rows to write back
    after a transactional test empties it (``tests/snapshots.py``)."""
    with django_db_blocker.unblock():
        complete_as_migrated()
        call_command("load_frameworks", verbosity=0)
        Copies.base = snapshots.read()


@pytest.fixture
def frameworks(db) -> dict[str, Framework]:
    """The seed frameworks by slug (loaded again if a transactional test emptied the database)."""
    return current_frameworks()


@pytest.fixture(scope="module")
def shared_demo(request, django_db_setup, django_db_blocker):
    """The demo seeded once for the module's tests that read it (``tests/demo_data.py``), or
    None in a module with a transactional test: there each test seeds its own."""
    module = request.node
    if not shareable(item for item in request.session.items if item.getparent(pytest.Module) is module):
        yield None
        return
    with django_db_blocker.unblock():
        shared = SharedDemo(module.nodeid)
    yield shared
    with django_db_blocker.unblock():
        shared.close()


@pytest.fixture
def demo(shared_demo, frameworks) -> Demo:
    """The demo data (``make run``'s): Riverside's SI QAF 2024/25 at 34/36 with two Stage 2
    actions, its 2025/26 draft, Oakfield's IntegratED review, the finalised QA visit to Oakfield
    and the one to Beacon shared for evidence. Fresh instances for each test, whose changes are
    rolled back when it ends."""
    if shared_demo is None:
        seed_demo()
    return Demo.fetch()


@pytest.fixture(autouse=True)
def _no_other_test_sees_the_shared_demo(request):
    """A test that did not ask for the demo must not run while a module's shared demo is
    seeded: the demo's tests are ordered after the others in each module to prevent it."""
    if SharedDemo.open_in and not reads_demo(request.node):
        pytest.fail(f"{request.node.nodeid} would see the demo seeded for {SharedDemo.open_in}: "
                    "the tests reading the demo must come last in their module.", pytrace=False)


@pytest.fixture
def outcome_scheme(db):
    """The current outcomes scheme (loaded again if a transactional test emptied the database)."""
    from outcomes.models import OutcomeScheme
    from outcomes.scheme import current_scheme

    if not OutcomeScheme.objects.exists():
        load_frameworks_if_missing()
    if not OutcomeScheme.objects.exists():
        call_command("load_frameworks", verbosity=0)
    return current_scheme()


@dataclass
class World:
    """Two providers: ``provider`` is commissioned by ``partnership`` and ``la``;
    ``other_provider`` only by ``other_la``. One user per role, plus an admin and a
    user with no membership."""

    provider: Organisation
    other_provider: Organisation
    partnership: Organisation
    la: Organisation
    other_la: Organisation
    users: dict[str, User]

    password = PASSWORD

    @classmethod
    def fetch(cls) -> "World":
        """New instances of the world's organisations and people, read from the database."""
        orgs = Organisation.objects.in_bulk(WORLD_ORGANISATIONS, field_name="slug")
        users = {user.email: user for user in User.objects.filter(email__in=WORLD_USERS.values())}
        return cls(*(orgs[slug] for slug in WORLD_ORGANISATIONS),
                   {role: users[email] for role, email in WORLD_USERS.items()})


# The world's organisations by slug, in ``World``'s order, and its people by role.
WORLD_ORGANISATIONS = ["riverside-college", "hilltop-ap", "north-seip", "shire-council",
                       "far-council"]
WORLD_USERS = {
    "provider_lead": "lead@riverside.test",
    "provider_staff": "staff@riverside.test",
    "other_provider_lead": "lead@hilltop.test",
    "partnership_officer": "officer@north.test",
    "partnership_chair": "chair@north.test",
    "la_commissioner": "commissioner@shire.test",
    "other_la_commissioner": "commissioner@far.test",
    "admin": "admin@service.test",
    "no_membership": "nobody@nowhere.test",
}


@pytest.fixture
def world(db) -> World:
    return make_world()


def make_world() -> World:
    """The world's rows (``world``; ``tests/permission_context.py`` shares them)."""
    provider = ProviderFactory(name="Riverside College", slug="riverside-college",
                               provider_type=Organisation.ProviderType.SUPPORTED_INTERNSHIP)
    other_provider = ProviderFactory(name="Hilltop AP", slug="hilltop-ap")
    partnership = PartnershipFactory(name="North SEIP", slug="north-seip")
    la = LocalAuthorityFactory(name="Shire Council", slug="shire-council")
    other_la = LocalAuthorityFactory(name="Far Council", slug="far-council")
    CommissioningFactory(commissioner=partnership, provider=provider)
    CommissioningFactory(commissioner=la, provider=provider)
    CommissioningFactory(commissioner=other_la, provider=other_provider)

    def member(email, org, role):
        user = UserFactory(email=email)
        MembershipFactory(user=user, organisation=org, role=role)
        return user

    roles = {"provider_lead": (provider, Role.PROVIDER_LEAD),
             "provider_staff": (provider, Role.PROVIDER_STAFF),
             "other_provider_lead": (other_provider, Role.PROVIDER_LEAD),
             "partnership_officer": (partnership, Role.PARTNERSHIP_OFFICER),
             "partnership_chair": (partnership, Role.PARTNERSHIP_CHAIR),
             "la_commissioner": (la, Role.LA_COMMISSIONER),
             "other_la_commissioner": (other_la, Role.LA_COMMISSIONER)}
    users = {role: member(WORLD_USERS[role], *roles[role]) for role in roles}
    users["admin"] = UserFactory(email=WORLD_USERS["admin"], is_staff=True, is_superuser=True)
    users["no_membership"] = UserFactory(email=WORLD_USERS["no_membership"])
    return World(provider, other_provider, partnership, la, other_la, users)


@pytest.fixture
def client_for(client):
    """Sign the test client in as a user: ``client_for(user)``."""
    def sign_in(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client
    return sign_in


@pytest.fixture
def start(world, frameworks):
    """``start(slug, user=provider lead, period="2025/26")`` -> a new draft self-assessment."""
    def _start(slug="si-qaf", user=None, period="2025/26", **kwargs):
        assessment, _ = assessment_services.assessment_start(
            provider=world.provider, framework=frameworks[slug], period=period,
            by=user or world.users["provider_lead"], **kwargs)
        return assessment
    return _start


@pytest.fixture(scope="session")
def identity_provider():
    """A real OpenID Connect provider on a free loopback port, for this test process's run
    (tests/identity_provider.py)."""
    from . import identity_provider as idp

    with idp.running() as provider:
        yield provider


@pytest.fixture
def single_sign_on(settings, identity_provider):
    """Single sign-on turned on, with the loopback identity provider."""
    from . import identity_provider as idp

    idp.configure(settings, identity_provider)
    return identity_provider
