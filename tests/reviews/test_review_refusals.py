"""What a review refuses: what may not be reviewed, by whom, and each rule on an item."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from organisations.models import Commissioning
from reviews import services
from reviews.models import Review, ReviewItem

from .conftest import agree_with_all, item, level, record


@pytest.fixture
def review(world, submitted):
    return services.review_start(assessment=submitted, organisation=world.la,
                                 by=world.users["la_commissioner"])


def messages(excinfo) -> list[str]:
    return excinfo.value.messages


def test_a_draft_self_assessment_cannot_be_reviewed(world, start):
    draft = start("si-qaf")
    with pytest.raises(ValidationError) as excinfo:
        services.review_start(assessment=draft, organisation=world.la,
                              by=world.users["la_commissioner"])
    assert messages(excinfo) == [services.NOT_REVIEWABLE.format(state="draft")]
    assert not Review.objects.exists()


def test_a_commissioner_cannot_review_a_provider_it_does_not_commission(world, submitted):
    with pytest.raises(ValidationError) as excinfo:
        services.review_start(assessment=submitted, organisation=world.other_la,
                              by=world.users["other_la_commissioner"])
    assert messages(excinfo) == ["Far Council does not commission Riverside College."]


def test_a_decommissioned_provider_is_not_reviewed(world, submitted):
    Commissioning.objects.filter(commissioner=world.la, provider=world.provider).update(
        status=Commissioning.Status.DECOMMISSIONED)
    with pytest.raises(ValidationError, match="does not commission"):
        services.review_start(assessment=submitted, organisation=world.la,
                              by=world.users["la_commissioner"])


@pytest.mark.parametrize("role", ["provider_lead", "provider_staff", "no_membership",
                                  "partnership_officer"])
def test_only_the_reviewing_organisations_commissioners_start_its_review(world, submitted, role):
    with pytest.raises(PermissionDenied, match="Only a partnership officer or chair"):
        services.review_start(assessment=submitted, organisation=world.la, by=world.users[role])


def test_an_organisation_reviews_a_self_assessment_once(world, submitted, review):
    with pytest.raises(ValidationError) as excinfo:
        services.review_start(assessment=submitted, organisation=world.la,
                              by=world.users["la_commissioner"])
    assert messages(excinfo) == [services.ALREADY_REVIEWED.format(organisation="Shire Council")]


def test_nothing_is_recorded_once_the_review_is_shared(world, review):
    commissioner = world.users["la_commissioner"]
    agree_with_all(review, commissioner)
    services.review_share(review=review, by=commissioner)
    with pytest.raises(PermissionDenied, match=services.NOT_ALLOWED_TO_RECORD):
        record(review, commissioner, "1.1", agrees=False,
               level=level(review.assessment, "not_evidenced"))
    assert item(review, "1.1").agrees is True


def test_a_review_with_unreviewed_items_is_not_shared_and_says_how_many(world, review):
    commissioner = world.users["la_commissioner"]
    record(review, commissioner, "1.1")
    with pytest.raises(ValidationError) as excinfo:
        services.review_share(review=review, by=commissioner)
    assert messages(excinfo) == ["35 items still to review before the review can be shared."]
    assert Review.objects.get(pk=review.pk).state == Review.State.DRAFT


def test_a_save_from_a_stale_form_is_refused_and_the_other_save_is_kept(world, submitted):
    officer, chair = world.users["partnership_officer"], world.users["partnership_chair"]
    review = services.review_start(assessment=submitted, organisation=world.partnership,
                                   by=officer)
    opened = item(review, "1.1")
    services.item_record(item=opened, by=officer, expected_revision=opened.revision,
                         agrees=True, level=None, comment="Agreed at moderation.",
                         internal_note="")
    with pytest.raises(services.ReviewEditConflict) as excinfo:
        services.item_record(item=opened, by=chair, expected_revision=opened.revision,
                             agrees=False, level=level(submitted, "not_evidenced"),
                             comment="Not seen.", internal_note="")
    assert str(excinfo.value) == services.STALE_ITEM
    assert excinfo.value.current.comment == "Agreed at moderation."
    kept = item(review, "1.1")
    assert (kept.agrees, kept.comment, kept.revision) == (True, "Agreed at moderation.", 1)


def test_a_level_from_another_scale_is_refused(world, review, frameworks):
    other = frameworks["integrated-ap-benchmarks"].item_scale.levels.first()
    with pytest.raises(ValidationError) as excinfo:
        record(review, world.users["la_commissioner"], "1.1", agrees=False, level=other)
    assert messages(excinfo) == [services.LEVEL_NOT_ON_SCALE]


@pytest.mark.parametrize(("agrees", "level_code", "message"), [
    (False, None, services.LEVEL_REQUIRED),
    (True, "not_evidenced", services.LEVEL_WITH_AGREEMENT),
    (None, "not_evidenced", services.LEVEL_WITH_AGREEMENT),
    (False, "evidenced", services.SAME_AS_SELF_ASSESSED.format(level="Evidenced")),
], ids=["disagree without a level", "agree with a level", "unreviewed with a level",
        "disagree with the provider's own level"])
def test_a_level_goes_with_disagreement_and_only_with_it(world, review, agrees, level_code,
                                                         message):
    chosen = level(review.assessment, level_code) if level_code else None
    with pytest.raises(ValidationError) as excinfo:
        record(review, world.users["la_commissioner"], "1.1", agrees=agrees, level=chosen)
    assert messages(excinfo) == [message]
    assert item(review, "1.1").revision == 0


def test_the_database_holds_a_level_exactly_when_the_reviewer_disagrees(review):
    with transaction.atomic(), pytest.raises(IntegrityError):
        ReviewItem.objects.filter(review=review).update(agrees=False)


def test_another_organisation_cannot_record_on_a_review(world, review):
    with pytest.raises(PermissionDenied, match=services.NOT_ALLOWED_TO_RECORD):
        record(review, world.users["partnership_officer"], "1.1")


def test_only_the_provider_lead_responds_and_only_while_shared(world, review):
    commissioner, lead = world.users["la_commissioner"], world.users["provider_lead"]
    with pytest.raises(PermissionDenied, match=services.NOT_ALLOWED_TO_RESPOND):
        services.review_respond(review=review, by=lead, response="Too early.")
    agree_with_all(review, commissioner)
    services.review_share(review=review, by=commissioner)
    with pytest.raises(PermissionDenied, match=services.NOT_ALLOWED_TO_RESPOND):
        services.item_reply(item=item(review, "1.1"), by=world.users["provider_staff"],
                            reply="Staff reply.")
    with pytest.raises(ValidationError, match=services.RESPONSE_REQUIRED):
        services.review_respond(review=review, by=lead, response="   ")


def test_a_draft_is_not_finalised_and_a_final_review_is_read_only(world, review):
    commissioner, lead = world.users["la_commissioner"], world.users["provider_lead"]
    with pytest.raises(PermissionDenied, match=services.NOT_ALLOWED_TO_FINALISE):
        services.review_finalise(review=review, by=commissioner)
    agree_with_all(review, commissioner)
    services.review_share(review=review, by=commissioner)
    services.review_finalise(review=review, by=commissioner)
    with pytest.raises(PermissionDenied, match=services.REVIEW_LOCKED):
        services.item_reply(item=item(review, "1.1"), by=lead, reply="Late.")
    with pytest.raises(PermissionDenied, match=services.REVIEW_LOCKED):
        services.review_finalise(review=review, by=commissioner)
