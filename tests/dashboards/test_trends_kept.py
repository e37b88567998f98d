"""The trends' charts are kept for each reader while nothing they count changes
(``dashboards.trend_kept``): a second view reads none of the counted rows, and any committed
write to a counted row, or to which providers are commissioned, shows at the next view."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history.utils import bulk_create_with_history

from assessments.services import assessment_reopen
from dashboards.trend_kept import counted_version
from organisations.models import Commissioning
from tests.factories import ProviderFactory
from visits.models import VisitJudgement

from .test_trends import LAST, SI_TABLE, URL, commissioned, judged, si_qaf, table

COUNTED_TABLES = ("assessments_assessment", "visits_visit", "visits_visitjudgement")


def viewed(client, **params):
    """The trends page for last year, and whether it read any counted row."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"year": LAST, **params})
    assert response.status_code == 200
    read = any(name in query["sql"] for query in queries for name in COUNTED_TABLES)
    return response, read


def bands(response) -> list[str]:
    return table(response, SI_TABLE)[LAST]


@pytest.fixture
def la(world, frameworks, client_for):
    """Two of the LA's providers with last year's SI QAF submitted (full marks and 30), and
    the LA's commissioner's client."""
    si_qaf(world, frameworks, world.provider, LAST, 36)
    si_qaf(world, frameworks, commissioned(world, "Provider 1"), LAST, 30)
    return client_for(world.users["la_commissioner"])


def test_a_second_view_reads_no_counted_row_and_shows_the_same(la):
    first, read_first = viewed(la)
    second, read_second = viewed(la)
    assert read_first and not read_second
    assert bands(second) == bands(first) == ["1", "1", "0", "0"]


def test_a_write_shows_at_the_next_view_once_committed(
        world, frameworks, la, django_capture_on_commit_callbacks):
    viewed(la)
    with django_capture_on_commit_callbacks(execute=True):
        si_qaf(world, frameworks, commissioned(world, "Provider 2"), LAST, 36)
    response, read = viewed(la)
    assert read and bands(response) == ["2", "1", "0", "0"]


def test_the_token_is_replaced_when_the_write_commits_not_before(
        world, frameworks, la, django_capture_on_commit_callbacks):
    """Charts another reader works out while the write is uncommitted (from the rows before
    it) are kept under the token the commit replaces: never served after it."""
    before = counted_version(world.la.pk)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        si_qaf(world, frameworks, commissioned(world, "Provider 2"), LAST, 24)
        assert counted_version(world.la.pk) == before
    assert callbacks and counted_version(world.la.pk) != before


def test_a_self_assessment_reopened_through_the_service_leaves_the_trends(
        world, la, django_capture_on_commit_callbacks):
    assert bands(viewed(la)[0]) == ["1", "1", "0", "0"]
    full_marks = world.provider.assessments.get(framework_slug="si-qaf", period=LAST)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_reopen(assessment=full_marks, by=world.users["provider_lead"],
                          reason="The provider asked to correct section 3.")
    assert bands(viewed(la)[0]) == ["0", "1", "0", "0"]


def test_a_visit_judgement_changed_shows_at_the_next_view(
        world, frameworks, la, django_capture_on_commit_callbacks):
    visit = judged(world, frameworks, world.provider, ["red", "amber", "green", "green"])
    assert table(viewed(la)[0], "Question 1, Learner Safety")[LAST] == ["1", "0", "0"]
    judgement = VisitJudgement.objects.get(visit=visit, section__code="1")
    judgement.level = VisitJudgement.objects.get(visit=visit, section__code="3").level
    with django_capture_on_commit_callbacks(execute=True):
        judgement.save()
    assert table(viewed(la)[0], "Question 1, Learner Safety")[LAST] == ["0", "0", "1"]


def test_a_link_imported_in_bulk_shows_at_the_next_view(world, frameworks, la):
    """Imports write commissioning links without signals: their history rows change the key."""
    provider = ProviderFactory(name="Imported AP")
    si_qaf(world, frameworks, provider, LAST, 36)
    viewed(la)
    bulk_create_with_history([Commissioning(commissioner=world.la, provider=provider)],
                             Commissioning)
    response, read = viewed(la)
    assert read and bands(response) == ["2", "1", "0", "0"]


def test_a_write_for_another_organisations_provider_keeps_this_ones_charts(
        world, frameworks, la, django_capture_on_commit_callbacks):
    viewed(la)
    before = counted_version(world.la.pk)
    with django_capture_on_commit_callbacks(execute=True):
        si_qaf(world, frameworks, world.other_provider, LAST, 36)
    assert counted_version(world.la.pk) == before
    assert not viewed(la)[1]


def test_each_reader_has_charts_of_their_own(world, la, client_for):
    viewed(la)
    elsewhere = client_for(world.users["la_commissioner"])
    assert not viewed(elsewhere)[1]  # the same person in another session
    response, read = viewed(client_for(world.users["admin"]), org=world.la.slug)
    assert read and bands(response) == ["1", "1", "0", "0"]
