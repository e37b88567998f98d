"""Reads over a review: the moderated score on a levels framework, what changed since a
reopened submission, and the number of queries each read takes."""
from assessments import services as assessment_services
from assessments.selectors import assessment_result
from reviews import services
from reviews.selectors import changes_since_review, disagreements, items_for, moderated_result
from tests.assessments.conftest import rate

from .conftest import item, level, record


def test_an_integrated_benchmark_review_is_moderated_on_the_frameworks_own_scale(
        world, integrated_submitted):
    commissioner = world.users["other_la_commissioner"]
    assessment = integrated_submitted
    review = services.review_start(assessment=assessment, organisation=world.other_la,
                                   by=commissioner)
    developing = level(assessment, "developing")
    record(review, commissioner, "3b", agrees=False, level=developing,
           comment="Transition plans were not seen.")
    self_assessed = assessment_result(assessment)
    moderated = moderated_result(review)
    embedded = level(assessment, "embedded")
    assert moderated.score == self_assessed.score - (embedded.points - developing.points)
    assert not self_assessed.action_plan_required
    assert moderated.action_plan_required  # "developing" is an area for improvement
    assert [(d.criterion.code, d.reviewer.code) for d in disagreements(review)] == [
        ("3b", "developing")]


def test_a_reopened_self_assessment_shows_what_changed_since_the_review_started(
        world, submitted):
    lead = world.users["provider_lead"]
    review = services.review_start(assessment=submitted, organisation=world.la,
                                   by=world.users["la_commissioner"])
    assert changes_since_review(review) == []
    assessment_services.assessment_reopen(assessment=submitted, by=lead,
                                          reason="Evidence for 3.5 found.")
    rate(submitted, lead, {"3.5": "evidenced"})
    review.refresh_from_db()
    changes = changes_since_review(review)
    assert [(c.criterion.code, c.level_then.code, c.level_now.code) for c in changes] == [
        ("3.5", "not_evidenced", "evidenced")]


def test_review_reads_take_a_fixed_number_of_queries(world, submitted,
                                                     django_assert_num_queries):
    commissioner = world.users["la_commissioner"]
    review = services.review_start(assessment=submitted, organisation=world.la, by=commissioner)
    record(review, commissioner, "1.1", agrees=False, level=level(submitted, "not_evidenced"))
    assert item(review, "1.1").agrees is False
    lead = world.users["provider_lead"]
    items_for(lead, review)  # reads the lead's memberships once
    # The items with their responses, criteria and levels: one query for 36 items.
    with django_assert_num_queries(1):
        items_for(lead, review)
    # The items, then the framework's sections and scale.
    with django_assert_num_queries(3):
        moderated_result(review)
    with django_assert_num_queries(1):
        disagreements(review)
