"""Writes for reviews: start one, record each item and section comment, share it with the
provider, the provider lead's replies, finalise (each of the last three tells people:
``reviews.notices``).

Each function runs in a transaction with the review's row locked, checks who may do it in the
review's current state (``organisations.permissions.can``) and that the workflow has the move
(``workflow.next_state``), and leaves a history row naming the user. Final reviews are
read-only here, whatever path the call came from.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from assessments.models import Assessment, Response
from assessments.services import EditConflict, require, revision_unknown, save_revision
from core.history import save_with_history
from frameworks.models import RatingLevel, Section
from organisations.models import Organisation, User
from organisations.permissions import can, roles_in

from . import notices, workflow
from .models import Review, ReviewItem, ReviewSection
from .permissions import REVIEWER_ROLES, commissions, reviewable

NOT_ALLOWED_TO_START = ("Only a partnership officer or chair, or an LA commissioner, of the "
                        "reviewing organisation can start a review.")
NOT_REVIEWABLE = "Only a submitted self-assessment can be reviewed: this one is {state}."
NOT_COMMISSIONED = "{organisation} does not commission {provider}."
ALREADY_REVIEWED = "{organisation} has already started a review of this self-assessment."
NOT_ALLOWED_TO_RECORD = "Only the reviewing organisation can change this review, while it is a draft."
NOT_ALLOWED_TO_SHARE = "Only the reviewing organisation can share a draft review."
NOT_ALLOWED_TO_RESPOND = "Only the provider lead can respond, while the review is shared."
NOT_ALLOWED_TO_FINALISE = "Only the reviewing organisation can finalise a shared review."
REVIEW_LOCKED = "This review is final and read-only."
STALE_ITEM = ("This item was changed by someone else after you opened it. Their version is "
              "shown: check it and save again.")
LEVEL_NOT_ON_SCALE = "Choose one of the ratings shown."
LEVEL_REQUIRED = "Choose your own rating when you do not agree."
LEVEL_WITH_AGREEMENT = "Give your own rating only when you do not agree."
SAME_AS_SELF_ASSESSED = ("Your rating is the provider's own ({level}): choose a different one, "
                         "or agree.")
UNREVIEWED = "{count} item{s} still to review before the review can be shared."
REPLY_REQUIRED = "Write your reply."
RESPONSE_REQUIRED = "Write your response to the review."


class ReviewEditConflict(EditConflict):
    """Someone else saved the same review item after this user opened it: nothing was
    written, and ``current`` is their version. An ``EditConflict``, so the row-page editor
    (``assessments.row_editor``) handles it as it does a criterion's."""

    def __init__(self, current: ReviewItem):
        Exception.__init__(self, STALE_ITEM)
        self.current = current


def _locked_review(review: Review) -> Review:
    """The review under a row lock (its own row only), refused when it is final."""
    review = (Review.objects.select_for_update(of=("self",))
              .select_related("assessment", "assessment__framework").get(pk=review.pk))
    if review.state in workflow.LOCKED:
        raise PermissionDenied(REVIEW_LOCKED)
    return review


@transaction.atomic
def review_start(*, assessment: Assessment, organisation: Organisation, by: User) -> Review:
    """Start the organisation's review of a submitted self-assessment it commissions: an item
    per response, not yet reviewed, and a section comment per section, blank."""
    require(bool(roles_in(by, organisation) & REVIEWER_ROLES), NOT_ALLOWED_TO_START)
    # Locked so a reopening cannot slip between the check and the review's start.
    assessment = (Assessment.objects.select_for_update(of=("self",)).select_related("framework")
                  .get(pk=assessment.pk))
    if not reviewable(assessment):
        raise ValidationError(NOT_REVIEWABLE.format(state=assessment.get_state_display().lower()))
    if not commissions(organisation.pk, assessment.provider_id):
        raise ValidationError(NOT_COMMISSIONED.format(organisation=organisation.name,
                                                      provider=assessment.provider.name))
    if Review.objects.filter(assessment=assessment, organisation=organisation).exists():
        raise ValidationError(ALREADY_REVIEWED.format(organisation=organisation.name))
    review = Review(assessment=assessment, organisation=organisation,
                    state=workflow.next_state("create", None),
                    reviewed_submitted_at=assessment.submitted_at, created_by=by)
    require(can(by, "reviews.start_review", review), NOT_ALLOWED_TO_START)
    review.full_clean()
    save_with_history(review, by=by, reason="Review started")
    bulk_create_with_history(
        [ReviewItem(review=review, response=r, updated_by=by)
         for r in Response.objects.filter(assessment=assessment).only("pk")],
        ReviewItem, default_user=by,
    )
    bulk_create_with_history(
        [ReviewSection(review=review, section=s)
         for s in Section.objects.filter(framework=assessment.framework_id).only("pk")],
        ReviewSection, default_user=by,
    )
    return review


def _changed_by_others(item: ReviewItem, since_revision: int, user: User) -> bool:
    """Whether anyone but ``user`` saved the item after ``since_revision`` (the user's own
    in-flight saves are not a conflict: their form holds everything they typed), or
    ``since_revision`` is not one the item had."""
    if revision_unknown(item, since_revision):
        return True
    return (item.revision != since_revision
            and ReviewItem.history.filter(id=item.pk, revision__gt=since_revision)
            .exclude(history_user=user).exists())


def _check_rating(agrees: bool | None, level: RatingLevel | None, response: Response,
                  scale_id) -> None:
    if level is not None and level.scale_id != scale_id:
        raise ValidationError({"level": LEVEL_NOT_ON_SCALE})
    if agrees is False and level is None:
        raise ValidationError({"level": LEVEL_REQUIRED})
    if agrees is not False and level is not None:
        raise ValidationError({"level": LEVEL_WITH_AGREEMENT})
    if agrees is False and level.pk == response.level_id:
        raise ValidationError({"level": SAME_AS_SELF_ASSESSED.format(level=level.label)})


@transaction.atomic
def item_record(
    *, item: ReviewItem, by: User, expected_revision: int, agrees: bool | None,
    level: RatingLevel | None, comment: str, internal_note: str,
) -> ReviewItem:
    """Save the reviewer's view of one item: agree, or their own rating on the framework's
    item scale; a comment for the provider and an internal note for their organisation.

    ``expected_revision`` is the revision the reviewer's form was drawn from: if someone
    else saved the item since, nothing is written and ReviewEditConflict carries theirs."""
    review = _locked_review(item.review)
    require(can(by, "reviews.record_review", review), NOT_ALLOWED_TO_RECORD)
    workflow.next_state("record", review.state)
    current = (ReviewItem.objects.select_for_update(of=("self",)).select_related("response")
               .get(pk=item.pk, review=review))
    if _changed_by_others(current, expected_revision, by):
        raise ReviewEditConflict(current)
    _check_rating(agrees, level, current.response, review.assessment.framework.item_scale_id)
    current.agrees = agrees
    current.level = level
    current.comment = comment.strip()
    current.internal_note = internal_note.strip()
    current.full_clean()
    return save_revision(current, by=by)


@transaction.atomic
def section_comment(*, review_section: ReviewSection, by: User, comment: str) -> ReviewSection:
    """Save the reviewer's overall comment on one section."""
    review = _locked_review(review_section.review)
    require(can(by, "reviews.record_review", review), NOT_ALLOWED_TO_RECORD)
    workflow.next_state("record", review.state)
    current = ReviewSection.objects.select_for_update(of=("self",)).get(
        pk=review_section.pk, review=review)
    current.comment = comment.strip()
    save_with_history(current, by=by)
    return current


@transaction.atomic
def review_share(*, review: Review, by: User) -> Review:
    """Share the review with the provider, once every item is reviewed."""
    review = _locked_review(review)
    require(can(by, "reviews.share_review", review), NOT_ALLOWED_TO_SHARE)
    unreviewed = review.items.filter(agrees__isnull=True).count()
    if unreviewed:
        raise ValidationError(UNREVIEWED.format(count=unreviewed, s="" if unreviewed == 1 else "s"))
    review.state = workflow.next_state("share", review.state)
    review.shared_at = timezone.now()
    save_with_history(review, by=by, reason="Shared with the provider")
    notices.review_shared(review, by=by)
    return review


@transaction.atomic
def item_reply(*, item: ReviewItem, by: User, reply: str) -> ReviewItem:
    """The provider lead's reply to one item of a shared review."""
    review = _locked_review(item.review)
    require(can(by, "reviews.respond_to_review", review), NOT_ALLOWED_TO_RESPOND)
    workflow.next_state("respond", review.state)
    if not reply.strip():
        raise ValidationError({"reply": REPLY_REQUIRED})
    current = ReviewItem.objects.select_for_update(of=("self",)).get(pk=item.pk, review=review)
    current.provider_reply = reply.strip()
    saved = save_revision(current, by=by)
    notices.review_replied(review, by=by)
    return saved


@transaction.atomic
def review_respond(*, review: Review, by: User, response: str) -> Review:
    """The provider lead's overall response to a shared review."""
    review = _locked_review(review)
    require(can(by, "reviews.respond_to_review", review), NOT_ALLOWED_TO_RESPOND)
    workflow.next_state("respond", review.state)
    if not response.strip():
        raise ValidationError({"response": RESPONSE_REQUIRED})
    review.provider_response = response.strip()
    save_with_history(review, by=by, reason="Provider responded")
    notices.review_replied(review, by=by)
    return review


@transaction.atomic
def review_finalise(*, review: Review, by: User) -> Review:
    """Finalise a shared review: read-only from now on, and seen by every commissioner of
    the provider (without its internal notes)."""
    review = _locked_review(review)
    require(can(by, "reviews.finalise_review", review), NOT_ALLOWED_TO_FINALISE)
    review.state = workflow.next_state("finalise", review.state)
    review.finalised_at = timezone.now()
    save_with_history(review, by=by, reason="Finalised")
    notices.review_finalised(review, by=by)
    return review
