"""The provider table's QA visit columns: each provider's latest visit (in a year, or of any
year) with its judgement on each evaluative question, and the filters on them. Only the visits
that count (``visits.selectors.counted_visits``: never a withdrawn one) are read."""
from collections import defaultdict

from django.db.models import Case, Exists, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce

from frameworks.models import RatingLevel
from visits import workflow as visit_workflow
from visits.models import VisitJudgement
from visits.selectors import counted_judgements, counted_visits, visit_framework

# A judgement worse than Green: what "any question Red or Amber" looks for.
NOT_GREEN = (RatingLevel.Colour.RED, RatingLevel.Colour.AMBER)


def latest_visits(user, *, by_provider: bool = False):
    """The QA visits the user may see that count (never a withdrawn one), each provider's
    latest first: a visit with judgements (recorded, shared or final) before one still to
    happen, then by its date (the day of the visit, or the planned day until then), newest
    first. So "latest" is the newest visit that judged the provider, whatever its academic
    year, and a provider with none judged yet shows its coming visit. ``by_provider``: ordered
    by provider first."""
    return (counted_visits(user)
            .annotate(judged_first=Case(When(state__in=visit_workflow.JUDGED, then=Value(0)),
                                        default=Value(1)),
                      visit_day=Coalesce("visited_on", "planned_visit_date"))
            .order_by(*(["provider_id"] if by_provider else []), "judged_first",
                      F("visit_day").desc(nulls_last=True), "-pk"))


def add_visits(user, rows: list, year: str | None, questions) -> list:
    """Each row's latest QA visit in ``year`` that the user may see and that counts (or, with
    ``year`` None, its latest of any year: ``latest_visits``), with its judgement on each
    evaluative question (two queries, for these rows' providers only)."""
    visits = {}
    ids = [row.provider.pk for row in rows]
    if year is None:
        found = latest_visits(user, by_provider=True).filter(provider_id__in=ids)
    else:
        found = (counted_visits(user).filter(provider_id__in=ids, period=year)
                 .order_by("provider_id", "-visited_on", "-planned_visit_date", "-pk"))
    for visit in found:
        visits.setdefault(visit.provider_id, visit)
    judgements = defaultdict(dict)
    for judgement in (VisitJudgement.objects.filter(visit__in=visits.values(),
                                                    level__isnull=False)
                      .select_related("level")):
        judgements[judgement.visit_id][judgement.section_id] = judgement.level
    for row in rows:
        row.visit = visits.get(row.provider.pk)
        if row.visit:
            judged = judgements.get(row.visit.pk, {})
            row.judgements = [(q, judged.get(q.pk)) for q in questions]
    return rows


def with_red_or_amber(user, links, year: str | None):
    """Only the links whose provider was judged Red or Amber on any question at a QA visit in
    ``year`` that the user may see and that counts (with ``year`` None: at its latest visit,
    the one the table shows)."""
    if year is None:  # the pk of the provider's latest visit, then its judgements
        latest = latest_visits(user).filter(provider=OuterRef("provider")).values("pk")[:1]
        return links.annotate(latest_visit=Subquery(latest)).filter(Exists(
            VisitJudgement.objects.filter(visit_id=OuterRef("latest_visit"),
                                          level__colour__in=NOT_GREEN)))
    return links.filter(Exists(counted_judgements(user).filter(
        visit__provider=OuterRef("provider"), visit__period=year,
        level__colour__in=NOT_GREEN)))


def with_visit_in(user, links, year: str | None):
    """Only the links whose provider had a QA visit in ``year`` that the user may see and that
    counts (with ``year`` None: any visit ``latest_visits`` would show)."""
    visits = latest_visits(user) if year is None else counted_visits(user).filter(period=year)
    return links.filter(Exists(visits.filter(provider=OuterRef("provider"))))


def visit_questions() -> list:
    """The QA visit framework's sections (its evaluative questions), in order."""
    framework = visit_framework()
    return list(framework.sections.order_by("order")) if framework else []
