"""Reads for reports: everything a report shows, in a fixed number of queries."""
from dataclasses import dataclass, field

from actionplans.models import Action
from actionplans.selectors import actions_for_assessment
from assessments.models import Assessment, Response
from assessments.selectors import assessment_result
from frameworks.models import RatingLevel, Section

# The SI QAF Stage 2 template, used when a framework names no action plan columns.
DEFAULT_ACTION_COLUMNS = [
    "Identified Areas for Improvement", "SMART Action", "When", "Who", "Progress", "Outcome",
]


@dataclass
class SectionRows:
    section: Section
    result: object  # scoring.SectionResult
    responses: list
    marks: list = field(default_factory=list)  # (number, marked?) for the matrix mapping


@dataclass
class GroupRows:
    group: object  # SectionGroup or None
    sections: list
    level_counts: list  # (RatingLevel, count)


@dataclass
class AssessmentReport:
    assessment: Assessment
    result: object  # scoring.AssessmentResult
    levels: list
    sections: list  # SectionRows
    groups: list  # GroupRows
    matrix_columns: list
    actions: list
    action_columns: list
    overall_counts: list  # (RatingLevel, count)

    @property
    def portal_default_scale(self) -> bool:
        return bool(self.levels) and self.levels[0].scale.portal_default

    @property
    def scale(self):
        return self.levels[0].scale if self.levels else None


def assessment_report(assessment: Assessment) -> AssessmentReport:
    """A self-assessment or benchmark review with its result, per-section and per-group rows,
    and the provider's actions for its year: six queries, whatever the size."""
    framework = assessment.framework
    sections = list(
        Section.objects.filter(framework=framework).select_related("group").order_by("order")
    )
    responses = list(
        Response.objects.filter(assessment=assessment)
        .select_related("level", "criterion", "updated_by")
        .prefetch_related("files")
        .order_by("criterion__section__order", "criterion__order")
    )
    levels = list(
        RatingLevel.objects.filter(scale_id=framework.item_scale_id).select_related("scale")
        .order_by("order")
    )
    result = assessment_result(assessment, responses=responses, sections=sections, levels=levels)

    section_max = framework.scoring_parameters.get("section_max")
    matrix_columns = list(range(int(section_max), 0, -1)) if section_max else []
    by_section: dict[int, list] = {}
    for response in responses:
        by_section.setdefault(response.criterion.section_id, []).append(response)
    rows = [
        SectionRows(section=s, result=r, responses=by_section.get(s.pk, []),
                    marks=[(n, n == r.score) for n in matrix_columns])
        for s, r in zip(sections, result.sections, strict=True)
    ]
    groups: list[GroupRows] = []
    for row in rows:
        if not groups or groups[-1].group != row.section.group:
            groups.append(GroupRows(group=row.section.group, sections=[], level_counts=[]))
        groups[-1].sections.append(row)
    for group in groups:
        counts: dict[str, int] = {}
        for row in group.sections:
            for code, n in row.result.level_counts.items():
                counts[code] = counts.get(code, 0) + n
        group.level_counts = [(lv, counts.get(lv.code, 0)) for lv in levels]
    return AssessmentReport(
        assessment=assessment, result=result, levels=levels, sections=rows, groups=groups,
        matrix_columns=matrix_columns, actions=list(actions_for_assessment(assessment)),
        action_columns=framework.action_plan_fields or DEFAULT_ACTION_COLUMNS,
        overall_counts=[(lv, result.level_counts.get(lv.code, 0)) for lv in levels],
    )


def plan_actions(provider, period):
    """Every action in a provider's plan for a year (any framework, any status), in order:
    framework, section, then when it was added."""
    return (
        Action.objects.filter(plan__provider=provider, plan__period=period)
        .select_related("section__framework", "plan")
        .order_by("section__framework__name", "section__order", "created_at", "pk")
    )
