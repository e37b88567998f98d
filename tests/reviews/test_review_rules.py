"""The review rules as pages will ask them (``organisations.permissions.can``): who may do
what to a review in each state."""
import pytest

from organisations.permissions import can
from reviews import services
from reviews.models import Review

from .conftest import agree_with_all

REVIEWERS = {"la_commissioner"}
ROLES = ["provider_lead", "provider_staff", "partnership_officer", "partnership_chair",
         "la_commissioner", "other_la_commissioner", "admin", "no_membership"]


@pytest.mark.parametrize("role", ROLES)
def test_who_may_start_a_review_for_each_commissioner(world, submitted, role):
    user = world.users[role]
    by_la = Review(assessment=submitted, organisation=world.la)
    by_partnership = Review(assessment=submitted, organisation=world.partnership)
    by_other_la = Review(assessment=submitted, organisation=world.other_la)
    assert can(user, "reviews.start_review", by_la) is (role == "la_commissioner")
    assert can(user, "reviews.start_review", by_partnership) is (
        role in ("partnership_officer", "partnership_chair"))
    assert not can(user, "reviews.start_review", by_other_la)  # it does not commission Riverside


@pytest.mark.parametrize("role", ROLES)
def test_who_may_act_on_a_review_in_each_state(world, submitted, role):
    commissioner = world.users["la_commissioner"]
    review = services.review_start(assessment=submitted, organisation=world.la, by=commissioner)
    user = world.users[role]

    def allowed():
        return {name for name in ("record", "share", "finalise", "respond_to")
                if can(user, f"reviews.{name}_review", review)}

    reviewer = role in REVIEWERS
    assert allowed() == ({"record", "share"} if reviewer else set())
    agree_with_all(review, commissioner)
    review = services.review_share(review=review, by=commissioner)
    assert allowed() == ({"finalise"} if reviewer else
                         {"respond_to"} if role == "provider_lead" else set())
    review = services.review_finalise(review=review, by=commissioner)
    assert allowed() == set()
    assert can(user, "reviews.view_review_internal_notes", review) is (role in {
        "la_commissioner", "admin"})
