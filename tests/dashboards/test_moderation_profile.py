"""The provider profile lists each review its reader may see of the provider's
self-assessments: who reviewed it, the review's state, the self-assessed and moderated scores,
the disagreements and the flag; never another organisation's draft, never an internal note,
and the same number of queries for one review or five."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Assessment, Response
from frameworks.models import Criterion
from reviews.models import Review, ReviewItem
from reviews.selectors import moderated_result
from tests.dashboards.test_moderation import review, thresholds, vale  # noqa: F401
from tests.dashboards.test_provider_dashboard import text
from tests.reviews.conftest import record, submitted  # noqa: F401

SECRET = "Internal: the coach's file was thin"


def url(provider) -> str:
    return f"/dashboard/providers/{provider.slug}/"


def reviews_section(client, provider) -> str:
    page = text(client.get(url(provider)))
    start = page.index("Reviews of self-assessments")
    return page[start:page.index("QA visits", start)]


@pytest.fixture
def reviewed(world, submitted, thresholds, vale):  # noqa: F811
    """Riverside's SI QAF (34/36) reviewed by Shire (a draft: three rated down, 31, with an
    internal note), North SEIP (final: one rated down, 33) and Vale (a draft: six down, 28)."""
    shire = review(submitted, world.la, world.users["la_commissioner"], ["1.1", "1.2"])
    record(shire, world.users["la_commissioner"], "2.1", agrees=False,
           level=submitted.framework.item_scale.levels.get(code="not_evidenced"),
           comment="No placement logs.", internal_note=SECRET)
    north = review(submitted, world.partnership, world.users["partnership_officer"], ["1.1"],
                   state="final")
    vales = review(submitted, vale, vale.commissioner, ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"])
    return {"shire": shire, "north": north, "vale": vales}


def test_a_commissioner_sees_its_own_draft_and_every_final_review(
        world, reviewed, client_for):
    section = reviews_section(client_for(world.users["la_commissioner"]), world.provider)
    assert "Supported Internship Quality Assurance Framework, 2025/26" in section
    assert "North SEIP Final 34 of 36 33 of 36 1" in section
    assert "Shire Council Draft 34 of 36 31 of 36 Differs by 3 points" in section
    assert "Vale Council" not in section and "28 of 36" not in section
    assert SECRET not in section
    assert moderated_result(reviewed["shire"]).score == 31
    assert moderated_result(reviewed["north"]).score == 33


def test_each_review_links_to_its_review_page(world, reviewed, submitted, client_for):  # noqa: F811
    page = client_for(world.users["la_commissioner"]).get(url(world.provider)).content.decode()
    for name in ("shire", "north"):
        assert page.count(f'href="{reviewed[name].get_absolute_url()}"') == 1


def test_the_provider_sees_shared_and_final_reviews_only(world, reviewed, client_for):
    section = reviews_section(client_for(world.users["provider_lead"]), world.provider)
    assert "North SEIP" in section and "33 of 36" in section
    assert "Shire Council" not in section and "Vale Council" not in section
    assert SECRET not in section


def test_another_la_sees_its_own_draft_not_shires(world, reviewed, vale, client_for):  # noqa: F811
    section = reviews_section(client_for(vale.commissioner), world.provider)
    assert "Vale Council Draft 34 of 36 28 of 36 Differs by 6 points" in section
    assert "North SEIP" in section
    assert "Shire Council" not in section and SECRET not in section


def test_a_profile_without_reviews_says_so(world, submitted, client_for):  # noqa: F811
    section = reviews_section(client_for(world.users["la_commissioner"]), world.provider)
    assert "No reviews." in section


def shire_reviews(world, frameworks, periods):
    """For each period a submitted SI QAF of Riverside's, every criterion evidenced, and
    Shire's draft review rating one down, as rows (the profile only reads them)."""
    framework = frameworks["si-qaf"]
    criteria = list(Criterion.objects.filter(section__framework=framework)
                    .values_list("pk", flat=True))
    evidenced, not_evidenced = (framework.item_scale.levels.get(code=c)
                                for c in ("evidenced", "not_evidenced"))
    now = timezone.now()
    for period in periods:
        assessment = Assessment.objects.create(
            framework=framework, framework_slug=framework.slug, kind=framework.kind,
            provider=world.provider, period=period, state=Assessment.State.SUBMITTED,
            created_by=world.users["provider_lead"], submitted_at=now)
        responses = Response.objects.bulk_create(
            Response(assessment=assessment, criterion_id=c, level=evidenced) for c in criteria)
        draft = Review.objects.create(
            assessment=assessment, organisation=world.la, state=Review.State.DRAFT,
            reviewed_submitted_at=now - datetime.timedelta(minutes=1),
            created_by=world.users["la_commissioner"])
        ReviewItem.objects.bulk_create(
            ReviewItem(review=draft, response=r, agrees=n > 0,
                       level=not_evidenced if n == 0 else None)
            for n, r in enumerate(responses))


def test_one_review_or_five_take_the_same_queries(world, frameworks, thresholds, client_for):  # noqa: F811
    client = client_for(world.users["la_commissioner"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(world.provider)).status_code == 200
        return len(queries)

    shire_reviews(world, frameworks, ["2025/26"])
    client.get(url(world.provider))
    one = count()
    shire_reviews(world, frameworks, ["2021/22", "2022/23", "2023/24", "2024/25"])
    assert count() == one, one
    assert reviews_section(client, world.provider).count("36 of 36 35 of 36") == 5
