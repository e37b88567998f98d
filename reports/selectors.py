"""Reads for reports: everything a report shows, in a fixed number of queries."""
from dataclasses import dataclass, field

from django.db.models import Prefetch

from actionplans.selectors import actions_for_assessment
from assessments.models import Assessment, Response
from assessments.narrative import beside_ratings
from assessments.selectors import assessment_result
from frameworks.models import Criterion, RatingLevel, Section
from reviews.selectors import assessment_reviews
from visits.models import (
    Concern,
    ConcernDecision,
    Visit,
    VisitAnswer,
    VisitDetail,
    VisitJudgement,
)
from visits.selectors import visit_data, visit_team, visits, with_phase_text

from .audience import COMMISSIONER, visit_findings_shown, with_internal_notes

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
    reviews: list = field(default_factory=list)  # reviews.selectors.ReviewSummary
    beside: object = None  # assessments.narrative.Beside: cohort, narrative, SAR and QIP

    @property
    def holds_internal_notes(self) -> bool:
        """Whether this copy shows any review's internal note."""
        return any(summary.internal_notes for summary in self.reviews)

    @property
    def portal_default_scale(self) -> bool:
        return bool(self.levels) and self.levels[0].scale.portal_default

    @property
    def scale(self):
        return self.levels[0].scale if self.levels else None


def assessment_report(assessment: Assessment, *, user=None,
                      internal_notes: bool = False) -> AssessmentReport:
    """A self-assessment or benchmark review with its result, per-section and per-group rows,
    the provider's actions for its year and the reviews of it that ``user`` may see (``user``
    None: every action and every final review, for the ``render_report`` command run by an
    operator): ten queries, whatever the size and however many reviews, and one more for
    the internal notes when ``internal_notes`` (a commissioner copy) and ``user`` is in a
    reviewing organisation."""
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
        matrix_columns=matrix_columns, actions=list(actions_for_assessment(assessment, user)),
        action_columns=framework.action_plan_fields or DEFAULT_ACTION_COLUMNS,
        overall_counts=[(lv, result.level_counts.get(lv.code, 0)) for lv in levels],
        reviews=assessment_reviews(user, assessment, sections=sections, levels=levels,
                                   internal_notes=internal_notes),
        beside=beside_ratings(assessment, sections),
    )


# QA visit records ------------------------------------------------------------------------

PHASES = dict(Criterion.Phase.choices)


@dataclass
class VisitRequirement:
    """One requirement of a visit as a copy shows it. ``findings_shown`` False: the
    partnership's rating, observer notes and action points are not in this copy yet.
    ``internal_notes`` is None whenever the copy may not hold them."""

    code: str
    title: str
    text: str
    prompts: list
    phase: str  # "before_visit" or "at_visit"
    phase_label: str
    evidence: str
    files: list  # original file names
    findings_shown: bool
    level: RatingLevel | None = None
    observer_notes: str = ""
    action_points: str = ""
    internal_notes: str | None = None


@dataclass
class VisitSectionRows:
    section: Section
    key: bool  # a Red judgement here is a cause for concern
    requirements: list  # VisitRequirement
    judgement: VisitJudgement | None  # None when not judged or not in this copy


@dataclass
class VisitReport:
    visit: Visit
    audience: str
    internal_notes: bool  # this copy holds the internal notes
    findings_shown: bool  # this copy holds the findings at the visit and the judgements
    officers: list  # display names
    school_visitors: list  # (name, school)
    sections: list  # VisitSectionRows
    levels: list  # RatingLevel: the requirement scale, lowest first
    concerns: list  # Concern with .decisions_list, commissioner copies only
    withdrawn_reason: str = ""

    @property
    def holds_internal_notes(self) -> bool:
        """Whether this copy shows any internal note (it may hold them and one is written)."""
        return self.internal_notes and any(
            req.internal_notes for row in self.sections for req in row.requirements)

    @property
    def response_shown(self) -> bool:
        """The provider's right of reply exists once the judgements are shared."""
        return self.visit.findings_shared


def visit_report(visit: Visit, audience: str, *, internal_notes: bool = True) -> VisitReport:
    """A QA visit record as one audience may read it, built from ``visit_data`` like the
    visit's pages: ten queries for a commissioner copy, eight for the provider's (seven
    before the judgements are shared), whatever the size.

    The provider's copy never reads internal notes from the database, so no template can
    show them; it leaves out causes for concern (which the provider's people never see) and,
    until the judgements are shared, what was found at the visit and the judgements. A
    commissioner copy holds internal notes only when ``internal_notes`` is true (the caller
    decides: the visiting partnership and admins may see them, other commissioners not)."""
    notes = with_internal_notes(audience, internal_notes)
    findings = visit_findings_shown(visit, audience)
    visit = (visits().select_related("framework", "provider", "commissioner", "visit_detail")
             .get(pk=visit.pk))
    data = visit_data(visit, files=True, internal_notes=notes, judgements=findings)
    team = visit_team(visit)
    concerns = []
    if audience == COMMISSIONER:
        concerns = with_phase_text(
            Concern.objects.filter(visit=visit).with_phase()
            .select_related("section", "raised_by")
            .prefetch_related(Prefetch(
                "decisions", to_attr="decisions_list",
                queryset=ConcernDecision.objects.select_related("decided_by")
                .order_by("decided_at", "pk")))
            .order_by("section__order", "pk"))
    try:
        withdrawn_reason = visit.visit_detail.withdrawn_reason
    except VisitDetail.DoesNotExist:
        withdrawn_reason = ""
    return VisitReport(
        visit=visit, audience=audience, internal_notes=notes, findings_shown=findings,
        officers=[m.user.display_name for m in team.officers],
        school_visitors=[(m.name, m.school) for m in team.visitors],
        sections=[VisitSectionRows(
            section=row.section, key=row.key, judgement=row.judgement,
            requirements=[_requirement(r, findings=findings, notes=notes) for r in row.responses],
        ) for row in data.rows],
        levels=data.levels, concerns=concerns, withdrawn_reason=withdrawn_reason,
    )


def _requirement(response: VisitAnswer, *, findings: bool, notes: bool) -> VisitRequirement:
    """One requirement as the copy shows it: the partnership's findings only when ``findings``
    (or when it was recorded before the visit), internal notes only when ``notes``."""
    criterion = response.criterion
    shown = findings or criterion.phase == Criterion.Phase.BEFORE_VISIT
    return VisitRequirement(
        code=criterion.code, title=criterion.title, text=criterion.text,
        prompts=criterion.prompts or [], phase=criterion.phase,
        phase_label=PHASES.get(criterion.phase, criterion.phase), evidence=response.evidence,
        files=[f.original_name for f in response.files.all()], findings_shown=shown,
        level=response.level if shown else None,
        observer_notes=response.observer_notes if shown else "",
        action_points=response.action_points if shown else "",
        internal_notes=response.internal_notes if notes else None,
    )
