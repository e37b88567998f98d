"""A provider's own self-assessment set beside what its QA visit found: where the provider rated
an area well and the visit judged a question linked to it Amber or Red.

Which self-assessment sections speak to which visit questions is framework data (a
``frameworks.Crosswalk``, loaded from ``fixtures/crosswalks``), never code. "Rated well" is
the framework's own rule: every item rated and the section needing no action
(``assessments.scoring``: full marks for SI QAF, no item on the lowest levels for IntegratED).
"""
from collections import defaultdict
from dataclasses import dataclass

from frameworks.models import CrosswalkLink, Framework, RatingLevel, Section

from . import provider_table


@dataclass(frozen=True)
class Disagreement:
    """One area the provider rated well that the visit judged Amber or Red."""

    framework: Framework
    result: provider_table.Result  # the self-assessment the rating comes from
    section_title: str
    rating: str  # "6 of 6"; "Embedded 2, Established 2"
    question: Section
    level: RatingLevel


def links_by_section(visit_framework) -> dict[tuple[str, str], set[str]]:
    """(framework slug, section code) -> the visit question codes it speaks to, from the newest
    crosswalk of each framework to this visit framework (one query)."""
    by_crosswalk = defaultdict(list)
    newest = {}  # framework slug -> (loaded_at, pk) of its newest crosswalk
    for link in (CrosswalkLink.objects
                 .filter(crosswalk__visit_framework__slug=visit_framework.slug)
                 .select_related("crosswalk__framework", "section", "question")):
        crosswalk = link.crosswalk
        by_crosswalk[crosswalk.pk].append(link)
        key = (crosswalk.loaded_at, crosswalk.pk)
        newest[crosswalk.framework.slug] = max(newest.get(crosswalk.framework.slug, key), key)
    links = defaultdict(set)
    for _, crosswalk_pk in newest.values():
        for link in by_crosswalk[crosswalk_pk]:
            links[link.crosswalk.framework.slug, link.section.code].add(link.question.code)
    return links


def find(user, rows, year: str, frameworks: list[Framework], visit_framework) -> list:
    """Each row (``provider_table.Row`` with its visit added) with ``disagreements``: the areas
    its latest final self-assessment up to ``year`` rated well that the year's visit judged
    Amber or Red on a linked question. A fixed number of queries for the rows given."""
    if not rows or visit_framework is None:
        for row in rows:
            row.disagreements = []
        return rows
    links = links_by_section(visit_framework)
    results = provider_table.latest_results(user, [row.provider.pk for row in rows], year,
                                            frameworks)
    for row in rows:
        judged = {question.code: (question, level) for question, level in row.judgements
                  if level is not None and level.colour in provider_table.NOT_GREEN}
        row.disagreements = []
        for framework in frameworks:
            result = results.get((row.provider.pk, framework.slug))
            if result is None or not judged:
                continue
            for section in result.result.sections:
                if not section.complete or section.needs_action:
                    continue
                for code in sorted(links.get((framework.slug, section.code), ())):
                    if code in judged:
                        question, level = judged[code]
                        row.disagreements.append(Disagreement(
                            framework, result, section.title,
                            provider_table.describe(section),
                            question, level))
    return rows
