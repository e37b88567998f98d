"""The scoring rule of ``assessments.scoring`` as database expressions: what one rating scores,
and a section's or an assessment's score summed in the database, for the pages that sum it over
many assessments at once (dashboards, trends, peers, moderation, exports).

The rule is ``scoring``'s, stated once more in SQL and tested against it on generated ratings
of every framework (``tests/assessments/test_scoring_db.py``): a rating scores its level's
points under a scheme that sums them (``scoring.SUMMED``: points and levels), nothing under any
other (rag), and a criterion not yet rated scores 0. No other module names ``level__points``.
"""
from django.db.models import Case, F, IntegerField, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from . import scoring
from .models import Response

# The path from a response to its framework's scheme.
RESPONSE_SCHEME = "assessment__framework__scoring_scheme"


def rating_points(level: str = "level", *, scheme: str | None = None,
                  scheme_field: str = RESPONSE_SCHEME):
    """What one rating scores (``scoring.rating_points``), for each row queried.

    ``level`` is the path from those rows to the rated level ("level" for a response,
    "responses__level" from an assessment). ``scheme`` is the framework's scoring scheme when
    the caller knows every row is scored under it: the expression then needs no join. Without
    it, each row's own framework decides in the database (``scheme_field``: the path from the
    rows to ``Framework.scoring_scheme``)."""
    points = Coalesce(F(f"{level}__points"), Value(0))
    if scheme is not None:
        return points if scheme in scoring.SUMMED else Value(0)
    return Case(When(Q(**{f"{scheme_field}__in": sorted(scoring.SUMMED)}), then=points),
                default=Value(0), output_field=IntegerField())


def summed(points):
    """A group's score from its rows' ``points`` (``rating_points``, or an expression made of
    it): their sum, 0 when nothing in the group is rated, as in ``scoring``."""
    return Coalesce(Sum(points), Value(0))


def points_total(level: str = "level", **kwargs):
    """The score of a group of rows, summed in the database: a section's (responses grouped
    by assessment and ``criterion__section``), an assessment's (grouped by assessment). Takes
    ``rating_points``'s arguments."""
    return summed(rating_points(level, **kwargs))


def assessment_score(assessment, **kwargs) -> Subquery:
    """Subquery: the score of the assessment whose pk is ``assessment`` (an ``OuterRef``);
    None where there is no such assessment (a provider with none). Takes ``rating_points``'s
    ``scheme``."""
    return Subquery(Response.objects.filter(assessment_id=assessment).order_by()
                    .values("assessment_id").annotate(total=points_total(**kwargs))
                    .values("total"), output_field=IntegerField())

