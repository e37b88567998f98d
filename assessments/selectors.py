"""Reads for assessment pages: results and page data in a fixed number of queries."""
from dataclasses import dataclass

from django.db.models import Count, Q

from frameworks.models import Framework, RatingLevel, Section

from . import scoring
from .models import Assessment, Response


def self_assessments():
    """Every self-assessment and benchmark review (not QA visits): chain ``visible_to(user)``
    and the rest. The self-assessment domain's records (``records.SELF_ASSESSMENTS``)."""
    return Assessment.objects.all()


def self_assessment_frameworks():
    """The current versions of the frameworks providers assess themselves against (not the
    QA visit framework), unordered."""
    return Framework.objects.current().exclude(kind=Framework.Kind.QA_VISIT)


def as_level(level: RatingLevel | None) -> scoring.Level | None:
    if level is None:
        return None
    return scoring.Level(code=level.code, label=level.label, points=level.points,
                         order=level.order, colour=level.colour)


def scale_levels(scale_id) -> list[RatingLevel]:
    return list(RatingLevel.objects.filter(scale_id=scale_id).order_by("order"))


def assessment_result(assessment: Assessment, responses=None, sections=None, levels=None):
    """Score an assessment under its framework's scheme (three queries, or none when the
    caller passes the sections, responses with their level and criterion, and levels)."""
    framework = assessment.framework
    if sections is None:
        sections = list(Section.objects.filter(framework=framework).order_by("order"))
    if responses is None:
        responses = list(
            Response.objects.filter(assessment=assessment)
            .select_related("level", "criterion")
            .order_by("criterion__order")
        )
    if levels is None:
        levels = scale_levels(framework.item_scale_id)
    by_section: dict[int, list] = {s.pk: [] for s in sections}
    for response in sorted(responses, key=lambda r: r.criterion.order):
        by_section[response.criterion.section_id].append(as_level(response.level))
    return scoring.score(
        framework.scoring_scheme, framework.scoring_parameters,
        [as_level(level) for level in levels],
        [scoring.SectionInput(code=s.code, title=s.title, ratings=tuple(by_section[s.pk]))
         for s in sections],
        comparison=framework.comparison,
    )


@dataclass
class SectionPage:
    """A section's criteria with their responses, files and ratings, for one page."""

    section: Section
    rows: list  # (criterion, response) pairs in order
    levels: list


def section_page(assessment: Assessment, section: Section) -> SectionPage:
    """Everything a section page shows, in a fixed number of queries."""
    responses = (
        Response.objects.filter(assessment=assessment, criterion__section=section)
        .select_related("criterion", "level", "updated_by")
        .prefetch_related("files")
        .order_by("criterion__order")
    )
    return SectionPage(
        section=section,
        rows=[(r.criterion, r) for r in responses],
        levels=scale_levels(assessment.framework.item_scale_id),
    )


def section_neighbours(assessment, section):
    """The (code, title) of the sections before and after this one in framework order (None
    at either end)."""
    codes = list(
        Section.objects.filter(framework=assessment.framework).order_by("order")
        .values_list("code", "title")
    )
    index = [c for c, _ in codes].index(section.code)
    previous = codes[index - 1] if index > 0 else None
    following = codes[index + 1] if index + 1 < len(codes) else None
    return previous, following


def with_progress(records) -> list:
    """The records (a page of a list, all of one type: self-assessments or visits), each with
    ``rated`` and ``total``: its criteria or requirements (its ``responses``) rated and in all,
    counted for these rows only (one query; none for an empty page)."""
    records = list(records)
    if not records:
        return records
    counts = {pk: (rated, total) for pk, rated, total in (
        type(records[0]).objects.filter(pk__in=[r.pk for r in records])
        .annotate(rated=Count("responses", filter=Q(responses__level__isnull=False)),
                  total=Count("responses"))
        .values_list("pk", "rated", "total"))}
    for record in records:
        record.rated, record.total = counts.get(record.pk, (0, 0))
    return records
