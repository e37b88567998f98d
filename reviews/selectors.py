"""Reads for reviews: the items a user may read (internal notes only for the reviewing
organisation), the moderated score, and the disagreements behind it."""
from dataclasses import dataclass
from types import SimpleNamespace

from assessments.scoring import AssessmentResult
from assessments.selectors import assessment_result
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
