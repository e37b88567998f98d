"""Reads for reviews: the items a user may read (internal notes only for the reviewing
organisation), the moderated score, and the disagreements behind it."""
from dataclasses import dataclass
from types import SimpleNamespace

from assessments.models import Response
from assessments.scoring import AssessmentResult
from assessments.selectors import assessment_result, scale_levels
from frameworks.models import Criterion, RatingLevel
from organisations.permissions import can

from .models import Review, ReviewItem


def sees_internal_notes(user, review: Review) -> bool:
    return can(user, "reviews.view_review_internal_notes", review)


def items_for(user, review: Review) -> list[ReviewItem]:
    """The review's items in framework order, with their response, criterion and levels. For
    anyone outside the reviewing organisation the internal note is never read from the
    database and reads as blank."""
    items = (ReviewItem.objects.filter(review=review)
             .select_related("response__criterion__section", "response__level", "level")
             .order_by("response__criterion__section__order", "response__criterion__order"))
    if sees_internal_notes(user, review):
        return list(items)
    # The response's own internal notes (a visit partnership's field) are not read either.
    items = list(items.defer("internal_note", "response__internal_notes"))
    for item in items:
        # Set, so reading it never loads the deferred column.
        item.internal_note = ""
    return items


def _moderated_responses(review: Review) -> list:
    """Each response as scoring sees it (criterion and level), with the reviewer's level
    where they disagree."""
    items = (ReviewItem.objects.filter(review=review)
             .select_related("response__criterion", "response__level", "level"))
    return [SimpleNamespace(criterion=item.response.criterion,
                            level=item.level if item.agrees is False else item.response.level)
            for item in items]


def moderated_result(review: Review) -> AssessmentResult:
    """The assessment scored by its framework's own rule, each disagreed item at the
    reviewer's level and every other item at the provider's (e.g. SI QAF 34/36 self-assessed,
    two evidenced criteria rated not evidenced by the reviewer: 32/36)."""
    return assessment_result(review.assessment, responses=_moderated_responses(review))


@dataclass(frozen=True)
class Disagreement:
    """One item where the reviewer's rating differs from the provider's."""

    criterion: Criterion
    self_assessed: RatingLevel | None
    reviewer: RatingLevel
    comment: str


def disagreements(review: Review) -> list[Disagreement]:
    """The items the reviewer does not agree with, in framework order."""
    items = (ReviewItem.objects.filter(review=review, agrees=False)
             .select_related("response__criterion", "response__level", "level")
             .order_by("response__criterion__section__order", "response__criterion__order"))
    return [Disagreement(criterion=i.response.criterion, self_assessed=i.response.level,
                         reviewer=i.level, comment=i.comment) for i in items]


@dataclass(frozen=True)
class Change:
    """A response changed since the submission a review is against."""

    criterion: Criterion
    level_then: RatingLevel | None
    level_now: RatingLevel | None
    evidence_changed: bool


def changes_since_review(review: Review) -> list[Change]:
    """The responses whose rating or evidence changed since the submission the review is
    against (``Review.reviewed_submitted_at``), read from their history, in framework order.
    Empty while that submission stands."""
    if not review.against_earlier_submission:
        return []
    then = {row["id"]: row for row in (
        Response.history.filter(assessment_id=review.assessment_id,
                                history_date__lte=review.reviewed_submitted_at)
        .latest_of_each().values("id", "level_id", "evidence"))}
    levels = {lv.pk: lv for lv in scale_levels(review.assessment.framework.item_scale_id)}
    changes = []
    for response in (Response.objects.filter(assessment_id=review.assessment_id)
                     .select_related("criterion", "level")
                     .order_by("criterion__section__order", "criterion__order")):
        old = then.get(response.pk, {"level_id": None, "evidence": ""})
        if old["level_id"] != response.level_id or old["evidence"] != response.evidence:
            changes.append(Change(criterion=response.criterion,
                                  level_then=levels.get(old["level_id"]),
                                  level_now=response.level,
                                  evidence_changed=old["evidence"] != response.evidence))
    return changes
