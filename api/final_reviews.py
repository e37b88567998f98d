"""Version 1's final reviews: each final review (moderation) of a self-assessment the
organisation's lead sees (``Review.objects.visible_to``; a final review is read-only and seen
by every commissioner of the provider), with its totals by the scoring rule's database form
(``dashboards.moderation.with_figures``, the dashboard's) and the reviewer's view of each
item. Never a reviewer's internal note."""
import datetime
from collections import defaultdict

from dashboards.moderation import with_figures
from frameworks.models import Framework
from reviews import workflow
from reviews.models import Review, ReviewItem

from .base import Answer, YearProviderFramework, collection, csv_of, require_scope
from .models import Scope
from .paging import page_of


class Item(Answer):
    requirement: str  # the criterion's code
    section: str
    self_assessed: str | None  # the provider's level code
    agrees: bool | None  # none: not reviewed
    moderated: str | None  # the reviewer's level code where they disagree


class FinalReview(Answer):
    id: int
    self_assessment_id: int
    provider_id: int
    provider_slug: str
    provider: str
    reviewer_slug: str
    reviewer: str
    framework: str
    academic_year: str
    finalised_at: datetime.datetime | None
    self_assessed_total: int | None  # points frameworks only
    moderated_total: int | None
    items_disagreed: int
    items: list[Item]


class FinalReviews(Answer):
    results: list[FinalReview]
    next: str | None


CSV_FIELDS = [name for name in FinalReview.model_fields if name != "items"]


def _rows(request, q: YearProviderFramework):
    rows = with_figures(Review.objects.visible_to(request.reader)
                        .filter(state__in=workflow.FINAL)
                        .select_related("assessment__provider", "assessment__framework",
                                        "organisation"))
    if q.academic_year:
        rows = rows.filter(assessment__period=q.academic_year)
    if q.provider:
        rows = rows.filter(assessment__provider__slug=q.provider)
    if q.framework:
        rows = rows.filter(assessment__framework_slug=q.framework)
    if q.updated_since:
        # Final reviews are read-only: one changes only by becoming final.
        rows = rows.filter(finalised_at__gte=q.updated_since)
    return rows


@collection("/final-reviews", query=YearProviderFramework, answer=FinalReviews, tag="Final reviews",
            csv=csv_of(CSV_FIELDS, "final-reviews.csv"))
def final_reviews(request, q: YearProviderFramework) -> dict:
    """The final reviews (moderation) of self-assessments your organisation's lead sees, by
    id: the self-assessed and moderated totals (frameworks scored in points; others: the
    items disagreed) and the reviewer's view of each item. The CSV form leaves out the
    items."""
    # The same queries whatever the page holds: the reviews with their figures, their items.
    require_scope(request, Scope.QUALITY)
    found, next_url = page_of(request, _rows(request, q), cursor=q.cursor, limit=q.limit,
                              row=lambda review: review)
    items = defaultdict(list)
    # Ordered here: the model's own order joins every review in the service.
    for item in (ReviewItem.objects.filter(review__in=found)
                 .select_related("response__criterion__section", "response__level", "level")
                 .order_by("review_id", "response__criterion__section__order",
                           "response__criterion__order")):
        items[item.review_id].append({
            "requirement": item.response.criterion.code,
            "section": item.response.criterion.section.code,
            "self_assessed": item.response.level.code if item.response.level else None,
            "agrees": item.agrees, "moderated": item.level.code if item.level else None})
    results = []
    for r in found:
        assessment = r.assessment
        points = assessment.framework.scoring_scheme == Framework.Scheme.POINTS
        results.append({
            "id": r.pk, "self_assessment_id": assessment.pk,
            "provider_id": assessment.provider_id, "provider_slug": assessment.provider.slug,
            "provider": assessment.provider.name, "reviewer_slug": r.organisation.slug,
            "reviewer": r.organisation.name, "framework": assessment.framework_slug,
            "academic_year": assessment.period, "finalised_at": r.finalised_at,
            "self_assessed_total": (r.self_assessed or 0) if points else None,
            "moderated_total": (r.moderated or 0) if points else None,
            "items_disagreed": r.disagreements or 0, "items": items[r.pk]})
    return {"results": results, "next": next_url}
