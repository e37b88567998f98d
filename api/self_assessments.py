"""Version 1's self-assessments: each one the organisation's lead may see, with its result and
each section's by the framework's own scoring rule as stored with it (``assessments.results``,
the dashboard's: never worked out another way), only levels where the framework forbids totals,
and the review the dashboard shows beside it (``dashboards.moderation.figures``). A page costs
the same queries whatever its rows."""
import datetime

from django.db.models import Q

from assessments.models import Assessment, Response
from assessments.results import results_of
from assessments.selectors import self_assessments as all_self_assessments
from dashboards.moderation import figures as moderation_figures
from dashboards.provider_table import describe
from frameworks.models import Framework

from .base import AboutAProvider, Answer, YearProviderFramework, collection, csv_of, require_scope
from .models import Scope
from .paging import page_of


class SectionScore(Answer):
    code: str
    title: str
    summary: str
    score: int | None  # None where the framework forbids totals
    max_score: int | None
    rated: int
    total: int


class ReviewFigures(Answer):
    reviewer: str
    state: str
    self_assessed_total: int | None  # points frameworks only
    moderated_total: int | None
    items_disagreed: int


class SelfAssessment(AboutAProvider):
    framework: str
    framework_version: str
    academic_year: str
    state: str
    submitted_at: datetime.datetime | None
    totalled: bool
    score: int | None
    max_score: int | None
    summary: str
    rated: int
    total: int
    sections: list[SectionScore]
    review: ReviewFigures | None


class SelfAssessments(Answer):
    results: list[SelfAssessment]
    next: str | None


ROW_COLUMNS = (*(f.name for f in Assessment._meta.concrete_fields), "provider__slug",
               "provider__name", "framework__version", "framework__scoring_scheme")
CSV_FIELDS = [name for name in SelfAssessment.model_fields if name not in ("sections", "review")]
CSV_FIELDS += ["sections", "reviewer", "review_state", "self_assessed_total", "moderated_total",
               "items_disagreed"]


def _rows(request, q: YearProviderFramework):
    # Only what a row shows of its provider and framework, for every row of a 500-row page
    # (the framework's long texts alone were a third of the page query's time, measured).
    rows = (all_self_assessments().visible_to(request.reader)
            .select_related("provider", "framework").only(*ROW_COLUMNS))
    if q.academic_year:
        rows = rows.filter(period=q.academic_year)
    if q.provider:
        rows = rows.filter(provider__slug=q.provider)
    if q.framework:
        rows = rows.filter(framework_slug=q.framework)
    if q.updated_since:
        rows = rows.filter(
            Q(pk__in=Assessment.history.filter(history_date__gte=q.updated_since).values("id"))
            | Q(pk__in=Response.objects.filter(updated_at__gte=q.updated_since)
                .values("assessment_id")))
    return rows


def _flat(item: dict) -> dict:
    review = item["review"] or {}
    return {**{name: item[name] for name in CSV_FIELDS if name in item},
            "sections": [f"{s['code']}: {s['summary']}" for s in item["sections"]],
            "reviewer": review.get("reviewer"), "review_state": review.get("state"),
            "self_assessed_total": review.get("self_assessed_total"),
            "moderated_total": review.get("moderated_total"),
            "items_disagreed": review.get("items_disagreed")}


@collection("/self-assessments", query=YearProviderFramework, answer=SelfAssessments,
            tag="Self-assessments", csv=csv_of(CSV_FIELDS, "self-assessments.csv", _flat))
def self_assessments(request, q: YearProviderFramework) -> dict:
    """The self-assessments your organisation's lead may see, by id, with results by the
    framework's own rule and the review beside each as the dashboard shows it. In the CSV
    form a section is a cell ("1: 5 of 6")."""
    # The same queries whatever the page holds: the page's assessments, the ratings of any
    # whose result is not stored yet, the scorer's three reads and the reviews' two.
    require_scope(request, Scope.QUALITY)
    found, next_url = page_of(request, _rows(request, q), cursor=q.cursor, limit=q.limit,
                              row=lambda a: a)
    own = results_of(found)
    reviews = moderation_figures(request.reader, request.api_token.organisation,
                                 [a.pk for a in found])
    return {"results": [_result(a, own[a.pk], reviews.get(a.pk))
                        for a in found], "next": next_url}


def _result(assessment, result, review) -> dict:
    points = assessment.framework.scoring_scheme == Framework.Scheme.POINTS
    return {
        "id": assessment.pk, "provider_id": assessment.provider_id,
        "provider_slug": assessment.provider.slug, "provider": assessment.provider.name,
        "framework": assessment.framework_slug, "framework_version": assessment.framework.version,
        "academic_year": assessment.period, "state": assessment.get_state_display(),
        "submitted_at": assessment.submitted_at, "totalled": result.totalled,
        "score": result.score if result.totalled else None,
        "max_score": result.max_score if result.totalled else None,
        "summary": describe(result), "rated": result.rated, "total": result.total,
        "sections": [{"code": s.code, "title": s.title, "summary": describe(s),
                      "score": s.score if s.totalled else None,
                      "max_score": s.max_score if s.totalled else None,
                      "rated": s.rated, "total": s.total} for s in result.sections],
        "review": {"reviewer": review.reviewer, "state": str(review.state_label),
                   "self_assessed_total": review.self_assessed if points else None,
                   "moderated_total": review.moderated if points else None,
                   "items_disagreed": review.disagreements} if review else None,
    }
