"""Every list, dashboard and detail page asks the same number of queries whatever the size of
the service: the pages ``make bench`` measures, as an LA commissioner, a partnership officer
and a provider lead, at 5 and at 50 commissioned providers (each with a QA visit, an action
plan and a submitted self-assessment)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Assessment
from demo.bench import pages_for
from reviews import services as review_services
from tests.assessments.conftest import rate, si_ratings
from tests.list_data import many_providers
from tests.reviews.conftest import agree_with_all


def submitted_self_assessments(world, frameworks, providers):
    """A submitted SI QAF for each provider (rows only: the pages read them, they don't
    change them), each reviewed by the LA, final (so every role sees the reviews)."""
    framework = frameworks["si-qaf"]
    made = Assessment.objects.bulk_create(
        Assessment(framework=framework, framework_slug=framework.slug, kind=framework.kind,
                   provider=provider, period="2025/26", state=Assessment.State.SUBMITTED,
                   submitted_at=timezone.now(), created_by=world.users["provider_lead"])
        for provider in providers)
    for assessment in made:
        final_review(world, assessment)


def final_review(world, assessment):
    commissioner = world.users["la_commissioner"]
    review = review_services.review_start(assessment=assessment, organisation=world.la,
                                          by=commissioner)
    agree_with_all(review, commissioner)
    review_services.review_share(review=review, by=commissioner)
    review_services.review_finalise(review=review, by=commissioner)


def query_counts(client, pages) -> dict[str, int]:
    counts = {}
    for name, url in pages:
        client.get(url)  # the first request of a session may write it; count the next
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        counts[name] = len(captured)
    return counts


@pytest.mark.parametrize("role", ["la_commissioner", "partnership_officer", "provider_lead"])
def test_every_page_asks_the_same_queries_at_5_and_50_providers(
        world, frameworks, client_for, start, role):
    lead = world.users["provider_lead"]
    own = start()
    rate(own, lead, si_ratings([6] * 6))
    # Last year's, submitted at 34/36 and reviewed by the LA: the review pages' rows.
    last = start(period="2024/25")
    rate(last, lead, si_ratings([6, 6, 4, 6, 6, 6]))
    Assessment.objects.filter(pk=last.pk).update(state=Assessment.State.SUBMITTED,
                                                 submitted_at=timezone.now())
    last.refresh_from_db()
    final_review(world, last)
    submitted_self_assessments(world, frameworks, many_providers(world, frameworks, 5))
    user = world.users[role]
    client = client_for(user)
    pages = pages_for(user)
    assert len(pages) >= 10
    few = query_counts(client, pages)
    submitted_self_assessments(
        world, frameworks, many_providers(world, frameworks, 45, first=6, own=False))
    assert pages_for(user) == pages  # the same objects, now among many more
    assert query_counts(client, pages) == few
