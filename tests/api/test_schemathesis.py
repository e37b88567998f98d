"""Every endpoint the live OpenAPI schema lists, fuzzed by schemathesis (issue 31, acceptance 1):
requests made from the schema as pytest-django's live server serves it (so an endpoint added
later is covered without a word here), sent over HTTP with an LA's token of both scopes. No
answer is a server error, and every answer conforms to the schema: a documented status code,
a documented content type, and a JSON body that matches that status's schema (the ``.csv``
forms document a 200 with no body schema: any CSV passes there). Schemathesis's other default
checks run too: a request without the token must be a 401, another method a 405.

Deterministic for CI (``derandomize``; the coverage phase's boundary cases are fixed anyway)
and bounded (``MAX_EXAMPLES`` generated requests an operation, besides those cases). The world
has a row in every collection, so the pages are not all empty."""
import hypothesis
import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig

from tests.dashboards.test_moderation import review
from tests.dashboards.test_outcomes_dashboard import outcomes  # noqa: F401  (a fixture)
from tests.reviews.conftest import submitted  # noqa: F401  (a fixture)
from tests.visits.helpers import recorded_visit

from .conftest import make_token

# Requests the fuzzing phase may generate for an operation (on top of the coverage phase's
# boundary cases: missing, empty, too long, out of range, wrong type, ...).
MAX_EXAMPLES = 20

# Left out of schemathesis's defaults: whether every schema-valid request is accepted. A cursor
# is any string to the schema, yet only one this API signed is accepted (a forged one is the
# 400 the issue asks for), and no schema can say "a string we signed". The reverse check (a
# request the schema calls invalid is refused) stays on.
NOT_CHECKED = [schemathesis.checks.positive_data_acceptance]


@pytest.fixture
def api_secret(world, frameworks, submitted, outcomes, settings):  # noqa: F811
    """An LA's token of both scopes, in a world with a row in every collection: Riverside's
    SI QAF submitted with its Stage 2 action, the LA's final review of it, a recorded QA visit
    with a red judgement (so a cause for concern) and the LA's learners' outcomes."""
    # A thousand requests with the one token in well under a minute: the per-token limit (its
    # 429 is tested in test_api.py) would otherwise answer most of them.
    settings.API_RATE_LIMIT = 1_000_000
    review(submitted, world.la, world.users["la_commissioner"], ["1.1", "2.1"], state="final")
    recorded_visit(world, frameworks, judgements={"1": "red"})
    return make_token(world.la, world.users["admin"])


@pytest.fixture
def api_schema(request, live_server, api_secret):
    """The schema as the live server serves it, its requests carrying the token."""
    # schemathesis 4.32 names each operation's subtest through pytest's former private
    # ``Node._nodeid``, which pytest 9.2 no longer has: give it back (it only names reports).
    request.node._nodeid = request.node.nodeid
    auth = {"Authorization": f"Bearer {api_secret}"}
    # An explicit default configuration: no schemathesis.toml found above the working
    # directory can change what this test checks.
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json",
                                           config=SchemathesisConfig(), headers=auth)
    schema.config.update(base_url=live_server.url, headers=auth)
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@hypothesis.settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None)
def test_every_endpoint_answers_as_its_schema_says_and_never_with_a_server_error(case):
    case.call_and_validate(excluded_checks=NOT_CHECKED)
