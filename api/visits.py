"""Version 1's QA visits: each visit record the organisation's lead sees
(``Visit.objects.visible_to``: a provider's record once shared with it), with its concluding
judgement per section and its rating per requirement as far as the workflow lets the reader
see them (``visits.view_visit_findings``: a provider sees them once they are shared with it;
never anyone's internal notes). Whether a visit counts where visits are read together (a
withdrawn one never does) is ``visits.workflow``'s rule."""
import datetime
from collections import defaultdict

from django.db.models import Q

from organisations.permissions import can
from visits import workflow
from visits.models import Visit, VisitAnswer, VisitJudgement

from .base import AboutAProvider, Answer, YearProviderFramework, collection, csv_of, require_scope
from .models import Scope
from .paging import page_of


class Judgement(Answer):
    section: str  # the section's code
    title: str
    level: str | None  # the level's code ("green"), none until judged
    label: str | None  # "Green"


class Rating(Answer):
    requirement: str  # the requirement's code
    section: str
    level: str | None
    label: str | None


class VisitRow(AboutAProvider):
    partnership_slug: str
    partnership: str
    framework: str
    framework_version: str
    academic_year: str
    state: str
    counted: bool  # counts where visits are read together (a withdrawn visit never does)
    planned_visit_date: datetime.date | None
    visited_on: datetime.date | None
    findings_shown: bool  # false: the findings are not yet the reader's to see
    judgements: list[Judgement]
    ratings: list[Rating]


class Visits(Answer):
    results: list[VisitRow]
    next: str | None


CSV_FIELDS = [name for name in VisitRow.model_fields if name != "ratings"]


def _flat(item: dict) -> dict:
    """A section or requirement a cell's item: "1: Green"."""
    return {**item, "judgements": [f"{j['section']}: {j['label'] or 'not judged'}"
                                   for j in item["judgements"]]}


def _rows(request, q: YearProviderFramework):
    rows = (Visit.objects.visible_to(request.reader)
            .select_related("provider", "commissioner", "framework"))
    if q.academic_year:
        rows = rows.filter(period=q.academic_year)
    if q.provider:
        rows = rows.filter(provider__slug=q.provider)
    if q.framework:
        rows = rows.filter(framework__slug=q.framework)
    if q.updated_since:
        since = q.updated_since
        rows = rows.filter(
            Q(pk__in=Visit.history.filter(history_date__gte=since).values("id"))
            | Q(pk__in=VisitJudgement.objects.filter(updated_at__gte=since).values("visit_id"))
            | Q(pk__in=VisitAnswer.objects.filter(updated_at__gte=since).values("visit_id")))
    return rows


@collection("/visits", query=YearProviderFramework, answer=Visits, tag="QA visits",
            csv=csv_of(CSV_FIELDS, "visits.csv", _flat))
def visits(request, q: YearProviderFramework) -> dict:
    """The QA visit records your organisation's lead sees, by id, each with its concluding
    judgement per section and its rating per requirement where the workflow lets your
    organisation see them (`findings_shown`; a provider sees them once they are shared with
    it). A withdrawn visit is listed with `counted` false: its judgements count nowhere. The
    CSV form has the judgements in one cell ("1: Green; 2: Amber") and leaves out the
    ratings."""
    # The same queries whatever the page holds: the visits, their judgements, their ratings.
    require_scope(request, Scope.QUALITY)
    found, next_url = page_of(request, _rows(request, q), cursor=q.cursor, limit=q.limit,
                              row=lambda visit: visit)
    shown = {v.pk for v in found if can(request.reader, "visits.view_visit_findings", v)}
    judgements, ratings = defaultdict(list), defaultdict(list)
    # Ordered here: the models' own order joins every visit in the service.
    for judgement in (VisitJudgement.objects.filter(visit__in=shown)
                      .select_related("section", "level")
                      .order_by("visit_id", "section__order")):
        judgements[judgement.visit_id].append({
            "section": judgement.section.code, "title": judgement.section.title,
            "level": judgement.level.code if judgement.level else None,
            "label": judgement.level.label if judgement.level else None})
    for answer in (VisitAnswer.objects.filter(visit__in=shown)
                   .select_related("criterion__section", "level")
                   .order_by("visit_id", "criterion__section__order", "criterion__order")):
        ratings[answer.visit_id].append({
            "requirement": answer.criterion.code, "section": answer.criterion.section.code,
            "level": answer.level.code if answer.level else None,
            "label": answer.level.label if answer.level else None})
    return {"next": next_url, "results": [{
        "id": v.pk, "provider_id": v.provider_id, "provider_slug": v.provider.slug,
        "provider": v.provider.name, "partnership_slug": v.commissioner.slug,
        "partnership": v.commissioner.name, "framework": v.framework.slug,
        "framework_version": v.framework.version, "academic_year": v.period,
        "state": v.get_state_display(), "counted": workflow.counted(v),
        "planned_visit_date": v.planned_visit_date, "visited_on": v.visited_on,
        "findings_shown": v.pk in shown, "judgements": judgements[v.pk],
        "ratings": ratings[v.pk]} for v in found]}
