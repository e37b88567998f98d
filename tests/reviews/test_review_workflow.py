"""A review from start to final through the services: the moderated score, the
disagreements, and the history of every step."""
from assessments.selectors import assessment_result
from reviews import services, workflow
from reviews.models import Review, ReviewItem, ReviewSection
from reviews.selectors import disagreements, moderated_result

from .conftest import agree_with_all, item, level, record


def test_an_la_reviews_a_34_of_36_si_qaf_and_the_moderated_score_is_32(world, submitted):
    commissioner = world.users["la_commissioner"]
    lead = world.users["provider_lead"]
    review = services.review_start(assessment=submitted, organisation=world.la, by=commissioner)
    assert review.state == Review.State.DRAFT
    assert review.reviewed_submitted_at == submitted.submitted_at
    assert review.items.count() == 36 and review.sections.count() == 6
    assert set(review.items.values_list("agrees", flat=True)) == {None}

    not_evidenced = level(submitted, "not_evidenced")
    record(review, commissioner, "1.1", agrees=False, level=not_evidenced,
           comment="The steering group minutes do not show leadership sign-off.",
           internal_note="Ask the LA lead about the governor vacancy.")
    record(review, commissioner, "2.3", agrees=False, level=not_evidenced,
           comment="No employer forum this year.")
    agree_with_all(review, commissioner)
    section = ReviewSection.objects.get(review=review, section__code="1")
    services.section_comment(review_section=section, by=commissioner,
                             comment="  Strong leadership overall.  ")

    review = services.review_share(review=review, by=commissioner)
    assert review.state == Review.State.SHARED and review.shared_at is not None

    services.item_reply(item=item(review, "1.1"), by=lead,
                        reply="The sign-off is in the March minutes, page 4.")
    services.review_respond(review=review, by=lead, response="We accept the 2.3 finding.")
    review = services.review_finalise(review=review, by=commissioner)
    assert review.state == Review.State.FINAL and review.finalised_at is not None

    assert assessment_result(submitted).score == 34
    moderated = moderated_result(review)
    assert (moderated.score, moderated.max_score) == (32, 36)
    assert [(s.code, s.score) for s in moderated.sections] == [
        ("1", 5), ("2", 5), ("3", 4), ("4", 6), ("5", 6), ("6", 6)]
    found = disagreements(review)
    assert [(d.criterion.code, d.self_assessed.code, d.reviewer.code) for d in found] == [
        ("1.1", "evidenced", "not_evidenced"), ("2.3", "evidenced", "not_evidenced")]
    assert found[1].comment == "No employer forum this year."
    review.refresh_from_db()
    assert review.provider_response == "We accept the 2.3 finding."
    assert item(review, "1.1").provider_reply.startswith("The sign-off")
    assert ReviewSection.objects.get(pk=section.pk).comment == "Strong leadership overall."


def test_every_step_leaves_a_history_row_naming_who_took_it(world, submitted):
    commissioner = world.users["la_commissioner"]
    lead = world.users["provider_lead"]
    review = services.review_start(assessment=submitted, organisation=world.la, by=commissioner)
    record(review, commissioner, "1.1", agrees=False, level=level(submitted, "not_evidenced"))
    agree_with_all(review, commissioner)
    services.review_share(review=review, by=commissioner)
    services.item_reply(item=item(review, "1.1"), by=lead, reply="See the minutes.")
    services.review_respond(review=review, by=lead, response="Noted.")
    services.review_finalise(review=review, by=commissioner)

    rows = list(Review.history.filter(id=review.pk).order_by("history_date")
                .values_list("state", "history_user_id", "history_change_reason"))
    assert rows == [
        ("draft", commissioner.pk, "Review started"),
        ("shared", commissioner.pk, "Shared with the provider"),
        ("shared", lead.pk, "Provider responded"),
        ("final", commissioner.pk, "Finalised"),
    ]
    first = item(review, "1.1")
    item_rows = list(ReviewItem.history.filter(id=first.pk).order_by("history_date")
                     .values_list("revision", "agrees", "history_user_id"))
    assert item_rows == [(0, None, commissioner.pk), (1, False, commissioner.pk),
                         (2, False, lead.pk)]
    assert ReviewSection.history.filter(review_id=review.pk).count() == 6


def test_several_organisations_review_the_same_self_assessment(world, submitted):
    by_la = services.review_start(assessment=submitted, organisation=world.la,
                                  by=world.users["la_commissioner"])
    by_partnership = services.review_start(assessment=submitted, organisation=world.partnership,
                                           by=world.users["partnership_officer"])
    assert {by_la.pk, by_partnership.pk} == set(submitted.reviews.values_list("pk", flat=True))


def test_a_review_of_a_reopened_self_assessment_is_against_an_earlier_submission(
        world, submitted):
    from assessments import services as assessment_services

    review = services.review_start(assessment=submitted, organisation=world.la,
                                   by=world.users["la_commissioner"])
    assert not review.against_earlier_submission
    assessment_services.assessment_reopen(assessment=submitted, by=world.users["provider_lead"],
                                          reason="Evidence for 3.5 found.")
    review = Review.objects.select_related("assessment").get(pk=review.pk)
    assert review.against_earlier_submission


def test_the_workflow_names_its_groups_and_moves():
    State = Review.State
    assert workflow.next_state("create", None) == State.DRAFT
    assert workflow.next_state("share", State.DRAFT) == State.SHARED
    assert workflow.next_state("respond", State.SHARED) == State.SHARED
    assert workflow.next_state("finalise", State.SHARED) == State.FINAL
    assert {State.SHARED, State.FINAL} == workflow.PROVIDER_SEES
    assert not workflow.allowed("record", State.SHARED)
