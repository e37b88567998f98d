"""The review pages through the test client: start, rate a section, share, reply, respond,
finalise; what each reader sees, the refusals, and a bad form never losing what was saved."""
import pytest
from django.urls import reverse

from reviews import services
from reviews.models import Review, ReviewItem

from .conftest import agree_with_all, item, level, record

pytestmark = pytest.mark.django_db


def _start(client, user, assessment):
    client.force_login(user)
    response = client.post(reverse("reviews:start", args=[assessment.pk]), {})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Review.objects.get(assessment=assessment)


def _section_post(review, code, choices: dict, *, comments=None, notes=None, next="stay",
                  section_comment=None):
    """A section page's POST: ``choices`` maps criterion code -> level pk (or "")."""
    data = {"next": next}
    for current in ReviewItem.objects.filter(review=review,
                                             response__criterion__section__code=code):
        code_ = current.response.criterion.code
        prefix = f"c{current.pk}"
        data[f"{prefix}-revision"] = current.revision
        data[f"{prefix}-level"] = choices.get(code_, current.response.level_id)
        data[f"{prefix}-comment"] = (comments or {}).get(code_, "")
        data[f"{prefix}-internal_note"] = (notes or {}).get(code_, "")
    if section_comment is not None:
        data["section-comment"] = section_comment
    return data


def test_a_commissioner_starts_a_review_from_the_self_assessment_page(client, world, submitted):
    commissioner = world.users["la_commissioner"]
    client.force_login(commissioner)
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert "Start a review" in page
    start = client.get(reverse("reviews:start", args=[submitted.pk])).content.decode()
    assert f"You are reviewing for <strong>{world.la.name}</strong>" in start

    review = _start(client, commissioner, submitted)
    assert review.organisation == world.la
    overview = client.get(review.get_absolute_url()).content.decode()
    assert "Self-assessed 34/36; after this review 34/36 so far (0 of 36 items reviewed)" in overview
    # Starting again opens the same review.
    again = client.get(reverse("reviews:start", args=[submitted.pk]))
    assert again.status_code == 302 and again.url == review.get_absolute_url()


def test_rating_a_section_disagrees_agrees_and_comments(client, world, submitted):
    commissioner = world.users["la_commissioner"]
    review = _start(client, commissioner, submitted)
    not_evidenced = level(submitted, "not_evidenced")
    data = _section_post(review, "1", {"1.1": not_evidenced.pk},
                         comments={"1.1": "No sign-off in the minutes."},
                         notes={"1.1": "Ask about the governor vacancy."},
                         section_comment="Leadership is strong.", next="next")
    response = client.post(reverse("reviews:section", args=[review.pk, "1"]), data)
    assert response.status_code == 302
    assert response.url == reverse("reviews:section", args=[review.pk, "2"])

    first = item(review, "1.1")
    assert first.agrees is False and first.level == not_evidenced
    assert first.comment == "No sign-off in the minutes."
    assert first.internal_note == "Ask about the governor vacancy."
    assert item(review, "1.2").agrees is True and item(review, "1.2").level is None
    assert review.sections.get(section__code="1").comment == "Leadership is strong."

    overview = client.get(review.get_absolute_url()).content.decode()
    assert "Self-assessed 34/36; after this review 33/36 so far (6 of 36 items reviewed)" in overview
    assert "self-assessed <strong>Evidenced</strong>, reviewer <strong>Not yet evidenced</strong>" \
        in overview


def test_a_comment_without_a_rating_is_an_error_next_to_the_item_and_nothing_is_lost(
        client, world, submitted):
    commissioner = world.users["la_commissioner"]
    review = _start(client, commissioner, submitted)
    record(review, commissioner, "1.2", agrees=True, comment="Seen the minutes.")
    data = _section_post(review, "1", {"1.1": ""}, comments={"1.1": "Typed before rating."})
    response = client.post(reverse("reviews:section", args=[review.pk, "1"]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "1.1: Choose your rating before you comment." in page
    assert "Typed before rating." in page  # what the user typed is drawn again
    assert item(review, "1.1").agrees is None
    assert item(review, "1.2").comment == ""  # saved as posted: the page held a blank comment
    assert item(review, "1.2").agrees is True


def test_a_save_over_someone_elses_is_a_conflict_not_a_lost_write(client, world, submitted):
    commissioner = world.users["la_commissioner"]
    colleague = world.users["partnership_officer"]
    review = _start(client, commissioner, submitted)
    stale = _section_post(review, "1", {}, comments={"1.1": "Mine."})
    # A colleague in the same LA saves 1.1 first (made a commissioner of the LA here).
    from organisations.models import Membership
    Membership.objects.create(user=colleague, organisation=world.la,
                              role=Membership.Role.LA_COMMISSIONER)
    record(review, colleague, "1.1", agrees=True, comment="Theirs.")
    response = client.post(reverse("reviews:section", args=[review.pk, "1"]), stale)
    assert response.status_code == 400
    assert "someone else saved this item after you opened the page" in response.content.decode()
    assert item(review, "1.1").comment == "Theirs."
    assert item(review, "1.2").agrees is True  # the other rows were saved


def test_the_provider_sees_a_shared_review_without_internal_notes_and_replies(
        client, world, submitted):
    commissioner = world.users["la_commissioner"]
    lead = world.users["provider_lead"]
    review = _start(client, commissioner, submitted)
    record(review, commissioner, "1.1", agrees=False, level=level(submitted, "not_evidenced"),
           comment="No sign-off in the minutes.", internal_note="SECRET-NOTE governor vacancy.")
    agree_with_all(review, commissioner)

    client.force_login(lead)
    assert client.get(review.get_absolute_url()).status_code == 404  # a draft is the LA's own
    assert "Review by" not in client.get(submitted.get_absolute_url()).content.decode()

    client.force_login(commissioner)
    assert client.post(reverse("reviews:share", args=[review.pk])).status_code == 302

    client.force_login(lead)
    for url in (review.get_absolute_url(), reverse("reviews:section", args=[review.pk, "1"]),
                submitted.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "SECRET-NOTE" not in page
        assert "Internal note" not in page
    section = client.get(reverse("reviews:section", args=[review.pk, "1"])).content.decode()
    assert "No sign-off in the minutes." in section and "Your reply on 1.1" in section

    first = item(review, "1.1")
    response = client.post(reverse("reviews:section", args=[review.pk, "1"]), {
        "next": "stay", f"c{first.pk}-revision": first.revision,
        f"c{first.pk}-reply": "The sign-off is in the March minutes, page 4."})
    assert response.status_code == 302
    assert item(review, "1.1").provider_reply == "The sign-off is in the March minutes, page 4."

    response = client.post(reverse("reviews:respond", args=[review.pk]), {"response": "  "})
    assert response.status_code == 200 and "Write your response" in response.content.decode()
    client.post(reverse("reviews:respond", args=[review.pk]), {"response": "We accept 2.3."})
    review.refresh_from_db()
    assert review.provider_response == "We accept 2.3."
    # The provider may not rate.
    assert client.post(reverse("reviews:finalise", args=[review.pk])).status_code == 403


def test_sharing_is_refused_until_every_item_is_reviewed(client, world, submitted):
    commissioner = world.users["la_commissioner"]
    review = _start(client, commissioner, submitted)
    record(review, commissioner, "1.1", agrees=True)
    page = client.get(reverse("reviews:share", args=[review.pk])).content.decode()
    assert "35 items still to review" in page
    response = client.post(reverse("reviews:share", args=[review.pk]))
    assert response.status_code == 400
    assert "35 items still to review before the review can be shared." in response.content.decode()
    review.refresh_from_db()
    assert review.state == Review.State.DRAFT


def test_a_final_review_is_seen_by_the_other_commissioner_of_the_provider(client, world,
                                                                         submitted):
    commissioner = world.users["la_commissioner"]
    officer = world.users["partnership_officer"]
    review = _start(client, commissioner, submitted)
    record(review, commissioner, "1.1", agrees=False, level=level(submitted, "not_evidenced"),
           internal_note="SECRET-NOTE")
    agree_with_all(review, commissioner)
    client.post(reverse("reviews:share", args=[review.pk]))

    client.force_login(officer)
    assert client.get(review.get_absolute_url()).status_code == 404  # shared, not final
    client.force_login(commissioner)
    assert client.post(reverse("reviews:finalise", args=[review.pk])).status_code == 302

    client.force_login(officer)
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Self-assessed 34/36; after this review 33/36." in page
    assert "SECRET-NOTE" not in client.get(
        reverse("reviews:section", args=[review.pk, "1"])).content.decode()
    assessment_page = client.get(submitted.get_absolute_url()).content.decode()
    assert "Review by Shire Council" in assessment_page and "33/36" in assessment_page


def test_a_draft_cannot_be_reviewed_and_a_provider_not_commissioned_is_not_there(
        client, world, start):
    draft = start("si-qaf")
    client.force_login(world.users["la_commissioner"])
    response = client.get(reverse("reviews:start", args=[draft.pk]))
    # Commissioners see a draft only when it is shared with them: here it is not there.
    assert response.status_code == 404
    client.force_login(world.users["other_la_commissioner"])
    assert client.get(reverse("reviews:start", args=[draft.pk])).status_code == 404


def test_a_provider_lead_cannot_start_a_review(client, world, submitted):
    client.force_login(world.users["provider_lead"])
    response = client.get(reverse("reviews:start", args=[submitted.pk]))
    assert response.status_code == 403
    assert "Start a review" not in client.get(submitted.get_absolute_url()).content.decode()


def test_the_self_assessment_page_reads_its_reviews_in_the_same_queries_for_one_or_two(
        client, world, submitted):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(user):
        client.force_login(user)
        client.get(submitted.get_absolute_url())
        with CaptureQueriesContext(connection) as captured:
            page = client.get(submitted.get_absolute_url())
        return len(captured), page.content.decode()

    commissioner, officer = world.users["la_commissioner"], world.users["partnership_officer"]
    for organisation, reviewer in ((world.la, commissioner), (world.partnership, officer)):
        review = services.review_start(assessment=submitted, organisation=organisation,
                                       by=reviewer)
        agree_with_all(review, reviewer)
        services.review_share(review=review, by=reviewer)
        services.review_finalise(review=review, by=reviewer)
        if organisation == world.la:
            one, _ = count(world.users["provider_lead"])
    two, page = count(world.users["provider_lead"])
    assert page.count("Read the review by") == 2
    assert two == one


def test_a_reopened_self_assessment_marks_the_review_and_lists_what_changed(
        client, world, submitted):
    from assessments import services as assessment_services
    from tests.assessments.conftest import rate

    commissioner, lead = world.users["la_commissioner"], world.users["provider_lead"]
    review = _start(client, commissioner, submitted)
    assert "against an earlier submission" not in client.get(
        review.get_absolute_url()).content.decode()
    assessment_services.assessment_reopen(assessment=submitted, by=lead,
                                          reason="Evidence for 3.5 found.")
    rate(submitted, lead, {"3.5": "evidenced"})
    page = client.get(review.get_absolute_url()).content.decode()
    assert "This review is against an earlier submission" in page
    assert "3.5: rating Not yet evidenced → Evidenced" in page
    # The reviewer can still finish the review of what was submitted.
    data = _section_post(review, "1", {})
    assert client.post(reverse("reviews:section", args=[review.pk, "1"]), data).status_code == 302


def test_an_integrated_review_page_offers_the_four_levels_and_scores_them(
        client, world, integrated_submitted):
    commissioner = world.users["other_la_commissioner"]
    assessment = integrated_submitted
    review = _start(client, commissioner, assessment)
    first = review.assessment.framework.sections.order_by("order").first()
    page = client.get(reverse("reviews:section", args=[review.pk, first.code])).content.decode()
    for label in assessment.framework.item_scale.levels.values_list("label", flat=True):
        assert f">{label}</label>" in page
    developing = level(assessment, "developing")
    criterion = first.criteria.order_by("order").first().code
    data = _section_post(review, first.code, {criterion: developing.pk},
                         comments={criterion: "Not seen in practice."})
    assert client.post(reverse("reviews:section", args=[review.pk, first.code]),
                       data).status_code == 302
    overview = client.get(review.get_absolute_url()).content.decode()
    assert f"{criterion}</a>: self-assessed <strong>Embedded</strong>, reviewer " \
           f"<strong>{developing.label}</strong>" in overview
