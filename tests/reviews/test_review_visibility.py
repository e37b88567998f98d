"""Who sees a review, in which state, and that internal notes stay with the reviewing
organisation."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews import services
from reviews.models import Review, ReviewItem
from reviews.selectors import items_for

from .conftest import agree_with_all, item, record

NOTE = "Governor vacancy: ask the LA lead before we share."

LA_PEOPLE = ["la_commissioner"]
PARTNERSHIP_PEOPLE = ["partnership_officer", "partnership_chair"]
PROVIDER_PEOPLE = ["provider_lead", "provider_staff"]
NOBODY = ["other_provider_lead", "other_la_commissioner", "no_membership"]


@pytest.fixture
def la_review(world, submitted):
    """The LA's review of Riverside's SI QAF, an internal note on 1.1, every item agreed."""
    commissioner = world.users["la_commissioner"]
    review = services.review_start(assessment=submitted, organisation=world.la, by=commissioner)
    record(review, commissioner, "1.1", comment="Agreed.", internal_note=NOTE)
    agree_with_all(review, commissioner)
    return review


def sees(world, role, review) -> bool:
    user = world.users[role]
    visible = Review.objects.visible_to(user).filter(pk=review.pk).exists()
    items = ReviewItem.objects.visible_to(user).filter(review=review).exists()
    assert visible == items
    return visible


def share(world, review):
    return services.review_share(review=review, by=world.users["la_commissioner"])


def finalise(world, review):
    share(world, review)
    return services.review_finalise(review=review, by=world.users["la_commissioner"])


@pytest.mark.parametrize(("role", "expected"), [
    *[(r, True) for r in LA_PEOPLE], ("admin", True),
    *[(r, False) for r in PARTNERSHIP_PEOPLE + PROVIDER_PEOPLE + NOBODY],
])
def test_a_draft_review_is_the_reviewing_organisations_alone(world, la_review, role, expected):
    assert sees(world, role, la_review) is expected


@pytest.mark.parametrize(("role", "expected"), [
    *[(r, True) for r in LA_PEOPLE + PROVIDER_PEOPLE], ("admin", True),
    *[(r, False) for r in PARTNERSHIP_PEOPLE + NOBODY],
])
def test_a_shared_review_is_seen_by_the_provider_not_by_other_commissioners(
        world, la_review, role, expected):
    share(world, la_review)
    assert sees(world, role, la_review) is expected


@pytest.mark.parametrize(("role", "expected"), [
    *[(r, True) for r in LA_PEOPLE + PROVIDER_PEOPLE + PARTNERSHIP_PEOPLE], ("admin", True),
    *[(r, False) for r in NOBODY],
])
def test_a_final_review_is_seen_by_every_commissioner_of_the_provider(
        world, la_review, role, expected):
    finalise(world, la_review)
    assert sees(world, role, la_review) is expected


def test_the_partnerships_own_draft_is_its_own_while_the_las_is_hidden(world, submitted,
                                                                       la_review):
    officer = world.users["partnership_officer"]
    own = services.review_start(assessment=submitted, organisation=world.partnership, by=officer)
    assert list(Review.objects.visible_to(officer)) == [own]
    assert list(Review.objects.visible_to(world.users["la_commissioner"])) == [la_review]


@pytest.mark.parametrize("role", PROVIDER_PEOPLE + PARTNERSHIP_PEOPLE)
def test_an_internal_note_never_reaches_the_provider_or_another_commissioner(
        world, la_review, role):
    finalise(world, la_review)
    review = Review.objects.visible_to(world.users[role]).get(pk=la_review.pk)
    with CaptureQueriesContext(connection) as queries:
        items = items_for(world.users[role], review)
        assert {i.internal_note for i in items} == {""}
    assert len(items) == 36
    assert not any("internal_note" in q["sql"] for q in queries.captured_queries)
    assert [i.comment for i in items if i.response.criterion.code == "1.1"] == ["Agreed."]


@pytest.mark.parametrize("role", ["la_commissioner", "admin"])
def test_the_reviewing_organisation_reads_its_internal_notes(world, la_review, role):
    items = items_for(world.users[role], la_review)
    assert [i.internal_note for i in items if i.response.criterion.code == "1.1"] == [NOTE]
    assert item(la_review, "1.1").internal_note == NOTE
