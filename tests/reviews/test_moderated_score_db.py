"""The moderated score's two forms agree: ``reviews.selectors.moderated_result`` in Python and
``reviews.scoring_db.moderated_score`` in the database (built from ``assessments.scoring_db``),
on reviews hypothesis generates (items agreed, disagreed at another level, or not yet
reviewed) of a submitted SI QAF (points) and IntegratED benchmark review (levels), recorded
through the review service. Each example runs in a savepoint rolled back afterwards."""
import pytest
from django.db import transaction
from django.db.models import OuterRef
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frameworks.models import RatingLevel
from reviews import services
from reviews.models import Review, ReviewItem
from reviews.scoring_db import moderated_score
from reviews.selectors import moderated_result

AGREEMENT = settings(max_examples=15, deadline=None, derandomize=True, database=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])


@pytest.fixture
def reviews(world, submitted, integrated_submitted):
    """A review of each framework's submitted self-assessment, with its reviewer."""
    la, far = world.users["la_commissioner"], world.users["other_la_commissioner"]
    return [(services.review_start(assessment=submitted, organisation=world.la, by=la), la),
            (services.review_start(assessment=integrated_submitted,
                                   organisation=world.other_la, by=far), far)]


def review_items(data, review, by) -> None:
    """Record each item as hypothesis draws it: not yet reviewed, agreed, or rated at another
    level of the framework's scale."""
    levels = list(RatingLevel.objects.filter(scale=review.assessment.framework.item_scale))
    for item in (ReviewItem.objects.filter(review=review).select_related("response")
                 .order_by("pk")):
        others = [lv for lv in levels if lv.pk != item.response.level_id]
        choice = data.draw(st.none() | st.just(True) | st.sampled_from(others))
        if choice is None:
            continue
        disagrees = isinstance(choice, RatingLevel)
        services.item_record(item=item, by=by, expected_revision=item.revision,
                             agrees=not disagrees, level=choice if disagrees else None,
                             comment="Seen otherwise." if disagrees else "", internal_note="")


@given(data=st.data())
@AGREEMENT
def test_the_database_moderates_a_review_as_the_selectors_do(data, reviews):
    with transaction.atomic():
        for review, by in reviews:
            review_items(data, review, by)
            expected = moderated_result(review).score
            scheme = review.assessment.framework.scoring_scheme
            found = Review.objects.filter(pk=review.pk).annotate(
                generic=moderated_score(OuterRef("pk")),
                given=moderated_score(OuterRef("pk"), scheme=scheme)).values_list(
                "generic", "given").get()
            assert found == (expected, expected)
        transaction.set_rollback(True)
