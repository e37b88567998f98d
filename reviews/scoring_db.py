"""A review's moderated score as database expressions, for the dashboards that show it beside
many self-assessments at once: the rule of ``selectors.moderated_result`` (each item the reviewer
disagrees with at the reviewer's level, every other at the provider's), built from
``assessments.scoring_db``'s rating points."""
from django.db.models import Case, IntegerField, Q, Subquery, When

from assessments.scoring_db import rating_points, summed

from .models import ReviewItem

# The path from a review's item to its framework's scheme.
ITEM_SCHEME = "review__assessment__framework__scoring_scheme"
# An item the reviewer rated otherwise than the provider.
DISAGREES = Q(agrees=False)


def moderated_points(*, scheme: str | None = None):
    """What one review item scores once moderated: the reviewer's level where they disagree,
    the provider's otherwise. ``scheme`` as in ``rating_points``."""
    return Case(
        When(DISAGREES, then=rating_points("level", scheme=scheme, scheme_field=ITEM_SCHEME)),
        default=rating_points("response__level", scheme=scheme, scheme_field=ITEM_SCHEME),
        output_field=IntegerField())


def moderated_score(review, *, scheme: str | None = None) -> Subquery:
    """Subquery: the moderated score of the review whose pk is ``review`` (an ``OuterRef``);
    None where there is no such review."""
    return Subquery(ReviewItem.objects.filter(review_id=review).order_by().values("review_id")
                    .annotate(total=summed(moderated_points(scheme=scheme))).values("total"),
                    output_field=IntegerField())
