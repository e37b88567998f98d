"""Reads for QA visit pages and checks: the record's sections, requirements and judgements in a
fixed number of queries, progress and RAG summaries, and what is missing before each step."""
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments import scoring
from assessments.selectors import as_level, assessment_result, scale_levels
from assessments.services import RuleFailure, names_list
from core.lists import years_of
from frameworks.models import Criterion, Framework, Section
from organisations.models import Commissioning, Membership, Organisation
from organisations.permissions import can

from . import rag_rules
from . import workflow as visit_workflow
from .models import (
    Concern,
    ConcernDecision,
    Visit,
    VisitAnswer,
    VisitDetail,
    VisitEvidenceFile,
    VisitJudgement,
    VisitTeamMember,
)

UNRATED_BEFORE_SHARE = ("Rate every “before the visit” requirement before you share the record: "
                        "{codes} {verb} not rated yet.")
UNRATED_BEFORE_RECORD = "Rate every requirement: {codes} {verb} not rated yet."
UNJUDGED = "Record the concluding judgement (rating and narrative) for {sections}."
UNJUSTIFIED = ("Justify the judgement for {sections}: it is better than a Red requirement in "
               "the section.")


def _codes(items) -> tuple[str, str]:
    items = list(items)
    return names_list(items), "is" if len(items) == 1 else "are"


def visits():
    """Every QA visit record: chain ``visible_to(user)`` and the rest. The visit domain's
    records (``records.VISITS``)."""
    return Visit.objects.all()


def creatable_links(user):
    """Commissioning links whose partnership the user is an officer of (not de-commissioned,
    neither organisation archived), by provider then partnership name. A lazy queryset:
    callers filter, count or test it."""
    return (Commissioning.objects.filter(
        commissioner__kind=Organisation.Kind.PARTNERSHIP, commissioner__memberships__user=user,
        commissioner__memberships__role=Membership.Role.PARTNERSHIP_OFFICER,
    ).exclude(status=Commissioning.Status.DECOMMISSIONED).in_use()
        .select_related("provider", "commissioner").order_by("provider__name", "commissioner__name"))


def section_judgements(visit: Visit):
    """The visit's concluding judgements with their level and last editor (a lazy queryset;
    narrow it to one section)."""
    return VisitJudgement.objects.filter(visit=visit).select_related(
        "level", "updated_by")


def section_requirements(visit: Visit, section: Section, *,
                         files: bool = False) -> list[VisitAnswer]:
    """The visit's responses to one section's requirements, in framework order, with their
    criterion and level (one query); with ``files``, who saved each last and its evidence
    files too (a page of rows: two queries)."""
    rows = (VisitAnswer.objects.filter(visit=visit, criterion__section=section)
            .select_related("criterion", "level").order_by("criterion__order"))
    if files:
        rows = rows.select_related("updated_by").prefetch_related(
            Prefetch("files", queryset=VisitEvidenceFile.objects.order_by("uploaded_at", "pk")))
    return list(rows)


@dataclass(frozen=True)
class PreviousVisit:
    """The provider's visit before this one, as one section's page shows it beside each
    requirement: that visit and its responses to the section's requirements by code."""

    visit: Visit
    responses: dict  # criterion code -> VisitAnswer, with its level

    def response(self, code: str) -> VisitAnswer | None:
        return self.responses.get(code)


def previous_visit(visit: Visit, user) -> Visit | None:
    """The provider's most recent other QA visit of the same framework (any version) that the
    user can see, dated before this one (``Visit.visit_date``), with its judgements
    recorded (``workflow.JUDGED``) and its findings open to the user
    (``visits.view_visit_findings``: the provider's people see none before they are shared).
    None when there is none. One query."""
    when = visit.visit_date
    if when is None:
        return None
    candidates = (Visit.objects.visible_to(user)
                  .filter(provider_id=visit.provider_id, framework__slug=visit.framework.slug,
                          state__in=visit_workflow.JUDGED)
                  .exclude(pk=visit.pk)
                  .alias(on=Coalesce("visited_on", "planned_visit_date"))
                  .filter(on__lt=when)
                  .order_by("-on", "-pk"))
    # The findings rule is asked per visit, in one place (visits.permissions): it reads the
    # user's roles, read once per request, so walking the rows costs no query.
    return next((c for c in candidates if can(user, "visits.view_visit_findings", c)), None)


def previous_visit_for_section(visit: Visit, section: Section, user) -> PreviousVisit | None:
    """The previous visit (``previous_visit``) and its responses to the requirements of the
    section with this section's code, by requirement code (codes are stable across framework
    versions). None when there is no previous visit. Two queries, or one when there is none."""
    previous = previous_visit(visit, user)
    if previous is None:
        return None
    responses = (VisitAnswer.objects.filter(visit=previous, criterion__section__code=section.code)
                 .select_related("criterion", "level"))
    return PreviousVisit(visit=previous, responses={r.criterion.code: r for r in responses})


def concerns_for_page(user):
    """The causes for concern the user can see, with everything the concern page shows about
    the visit, section and organisations (a lazy queryset; pick one by pk)."""
    return Concern.objects.visible_to(user).select_related(
        "visit__framework", "visit__provider", "visit__commissioner",
        "section", "provider", "partnership", "raised_by")


def concern_decisions(concern: Concern) -> list[ConcernDecision]:
    """The decisions recorded on a concern, newest first, with who decided (one query)."""
    return list(ConcernDecision.objects.filter(concern=concern).select_related("decided_by")
                .newest_first())


def commissioning_link(*, partnership, provider) -> Commissioning | None:
    """The commissioning link between a partnership and a provider, or None (one query)."""
    return Commissioning.objects.filter(commissioner=partnership, provider=provider).first()


def visit_years(user) -> list[str]:
    """The academic years of the visits the user can see, newest first (one query)."""
    return years_of(Visit.objects.visible_to(user))


def counted_visits(user, *, final: bool = False):
    """The QA visits the user can see that count where visits are read together (the provider
    table, its heatmap, filters and exports, the provider's profile, the trends): never a
    withdrawn one (``workflow.COUNTED``). With ``final``, only those whose judgements are
    shared with the provider or final (``workflow.COUNTED_AS_FINAL``: the trends). A lazy
    queryset."""
    states = visit_workflow.COUNTED_AS_FINAL if final else visit_workflow.COUNTED
    return Visit.objects.visible_to(user).filter(state__in=states)


def counted_judgements(user, *, final: bool = False):
    """The concluding judgements of the visits ``counted_visits`` gives (the same rule), as
    far as the user can see them. A lazy queryset."""
    states = visit_workflow.COUNTED_AS_FINAL if final else visit_workflow.COUNTED
    return VisitJudgement.objects.visible_to(user).filter(visit__state__in=states)


def visits_for_list(user, *, year: str = "", state: str = "", q: str = ""):
    """The QA visits the user can see, in one academic year, in one state, of providers whose
    name holds ``q`` (each when given), newest visit first, then by provider name: a stable
    order to page through. A lazy queryset; ``assessments.selectors.with_progress`` counts a page's
    requirements."""
    visits = Visit.objects.visible_to(user)
    if year:
        visits = visits.filter(period=year)
    if state:
        visits = visits.filter(state=state)
    if q:
        visits = visits.filter(provider__name__icontains=q)
    return (visits.select_related("provider", "commissioner", "framework")
            .order_by(Coalesce("visited_on", "planned_visit_date").desc(nulls_last=True),
                      "provider__name", "pk"))


@dataclass
class SectionRow:
    """One section of a visit: its requirements, judgement and RAG summary."""

    section: Section
    responses: list
    judgement: VisitJudgement | None
    result: scoring.SectionResult
    key: bool = False  # a Red judgement here is a cause for concern
    key_basis: str = ""
    worst: scoring.Level | None = None

    @property
    def before_visit(self):
        return [r for r in self.responses if r.criterion.phase == Criterion.Phase.BEFORE_VISIT]

    @property
    def at_visit(self):
        return [r for r in self.responses if r.criterion.phase != Criterion.Phase.BEFORE_VISIT]

    @property
    def before_counts(self) -> tuple[int, int]:
        """(rated, total) of the "before the visit" requirements."""
        return sum(r.level_id is not None for r in self.before_visit), len(self.before_visit)

    @property
    def at_counts(self) -> tuple[int, int]:
        """(rated, total) of the "at the visit" requirements."""
        return sum(r.level_id is not None for r in self.at_visit), len(self.at_visit)

    @property
    def ratings(self) -> list[tuple[str, scoring.Level | None]]:
        return [(r.criterion.code, as_level(r.level)) for r in self.responses]

    @property
    def raises_concern(self) -> bool:
        """Whether this section's concluding judgement is a cause for concern (Red and key)."""
        j = self.judgement
        return rag_rules.raises_concern(
            judgement_colour=j.level.colour if j is not None and j.level is not None else None,
            key=self.key)

    @property
    def justification_missing(self) -> bool:
        j = self.judgement
        return j is not None and rag_rules.justification_error(
            as_level(j.level), self.ratings, j.justification) is not None


@dataclass
class VisitData:
    visit: Visit
    rows: list
    levels: list
    judgement_levels: list
    result: scoring.AssessmentResult
    chosen_key_codes: set = field(default_factory=set)

    @property
    def responses(self):
        return [r for row in self.rows for r in row.responses]

    @property
    def overall(self) -> scoring.Level | None:
        """The worst concluding judgement so far."""
        return scoring.worst(as_level(row.judgement.level) for row in self.rows if row.judgement)

    @property
    def judged(self) -> int:
        return sum(1 for row in self.rows if row.judgement and row.judgement.level_id
                   and row.judgement.narrative.strip())


def visit_data(visit: Visit, *, files: bool = False, internal_notes: bool = True,
               judgements: bool = True) -> VisitData:
    """The visit record, section by section: what the pages (overview, summaries, the checks
    before each step) and the reports (``reports.selectors.visit_report``) are built from. Five
    queries; one more with ``files``. Without ``internal_notes`` they are never read from the
    database; without ``judgements`` no judgement is read (each row's is None)."""
    framework = visit.framework
    sections = list(Section.objects.filter(framework=framework).order_by("order"))
    responses = (VisitAnswer.objects.filter(visit=visit)
                 .select_related("criterion", "level", "updated_by")
                 .order_by("criterion__section__order", "criterion__order"))
    if not internal_notes:
        responses = responses.defer("internal_notes")
    if files:
        responses = responses.prefetch_related("files")
    responses = list(responses)
    judged = {}
    if judgements:
        judged = {j.section_id: j for j in VisitJudgement.objects.filter(visit=visit)
                  .select_related("level", "updated_by")}
    levels = scale_levels(framework.item_scale_id)
    judgement_levels = (levels if framework.judgement_scale_id == framework.item_scale_id
                        else scale_levels(framework.judgement_scale_id))
    chosen = chosen_key_codes(visit)
    result = assessment_result(visit, responses=responses, sections=sections, levels=levels)
    by_section: dict[int, list] = {s.pk: [] for s in sections}
    for response in responses:
        by_section[response.criterion.section_id].append(response)
    rows = []
    for section, section_result in zip(sections, result.sections, strict=True):
        basis = section_key_basis(visit, section, chosen=chosen)
        row = SectionRow(section=section, responses=by_section[section.pk],
                         judgement=judged.get(section.pk), result=section_result,
                         key=basis is not None, key_basis=basis or "")
        row.worst = scoring.worst(level for _, level in row.ratings)
        rows.append(row)
    return VisitData(visit=visit, rows=rows, levels=levels,
                     judgement_levels=judgement_levels, result=result, chosen_key_codes=chosen)


def section_key_basis(visit: Visit, section: Section, *, chosen=None) -> str | None:
    """Why a section is key for this visit (``rag_rules.key_basis``: the framework's key
    aspect, its ``key_sections``, or the partnership's choice), or None. ``chosen``: the
    visit's chosen key codes when the caller has them; otherwise one query reads them."""
    return rag_rules.key_basis(
        section_code=section.code, key_aspect=section.key_aspect,
        key_sections=visit.framework.scoring_parameters.get("key_sections", []),
        chosen_for_visit=chosen_key_codes(visit) if chosen is None else chosen)


def chosen_key_codes(visit: Visit) -> set[str]:
    """The codes of the sections the partnership chose as key aspects for this visit (one query)."""
    return set(VisitDetail.key_sections.through.objects.filter(
        visitdetail__visit=visit).values_list("section__code", flat=True))


def _section_codes(rows, responses) -> tuple:
    wanted = {r.criterion.section_id for r in responses}
    return tuple(row.section.code for row in rows if row.section.pk in wanted)


def share_blockers(data: VisitData) -> list[RuleFailure]:
    """Why the record cannot be shared with the provider yet (empty: it can)."""
    unrated = [r for row in data.rows for r in row.before_visit if r.level_id is None]
    if not unrated:
        return []
    codes, verb = _codes(r.criterion.code for r in unrated)
    return [RuleFailure(UNRATED_BEFORE_SHARE.format(codes=codes, verb=verb),
                        _section_codes(data.rows, unrated))]


def record_blockers(data: VisitData) -> list[RuleFailure]:
    """Why the visit cannot be marked recorded, or its judgements shared, yet (empty: it can):
    every requirement rated, every section judged with a narrative, and a justification
    wherever a judgement is better than a Red requirement."""
    failures = []
    unrated = [r for r in data.responses if r.level_id is None]
    if unrated:
        codes, verb = _codes(r.criterion.code for r in unrated)
        failures.append(RuleFailure(
            UNRATED_BEFORE_RECORD.format(codes=codes, verb=verb),
            _section_codes(data.rows, unrated), fix="observe"))
    unjudged = [row for row in data.rows if not (row.judgement and row.judgement.level_id
                                                 and row.judgement.narrative.strip())]
    if unjudged:
        failures.append(RuleFailure(
            UNJUDGED.format(sections=names_list(row.section.title for row in unjudged)),
            tuple(row.section.code for row in unjudged), fix="judge"))
    unjustified = [row for row in data.rows if row.justification_missing]
    if unjustified:
        failures.append(RuleFailure(
            UNJUSTIFIED.format(sections=names_list(row.section.title for row in unjustified)),
            tuple(row.section.code for row in unjustified), fix="judge"))
    return failures


def visit_framework() -> Framework | None:
    """The QA visit framework new visits use: the current version (the first by name, should
    more than one be loaded)."""
    return (Framework.objects.current().filter(kind=Framework.Kind.QA_VISIT)
            .order_by("name").first())


@dataclass
class Team:
    officers: list  # VisitTeamMember, each with its user
    visitors: list  # VisitTeamMember recorded by name and school


def visit_team(visit: Visit) -> Team:
    """The visiting team: partnership officers, then school visitors (one query)."""
    team = list(VisitTeamMember.objects.filter(visit=visit).select_related("user"))
    return Team(officers=[m for m in team if m.kind == VisitTeamMember.Kind.OFFICER],
                visitors=[m for m in team if m.kind == VisitTeamMember.Kind.SCHOOL_VISITOR])


def chosen_key_sections(visit: Visit) -> list[Section]:
    """The sections the partnership chose as key aspects for this visit."""
    return list(Section.objects.filter(framework=visit.framework,
                                       code__in=chosen_key_codes(visit)))


def concerns_on_visit(user, visit: Visit) -> list[Concern]:
    """The causes for concern this visit raised, as far as the user may see them, each with
    ``phase_text``: its phase in the words every page uses (``workflow.concern_phase_text``)."""
    return with_phase_text(Concern.objects.visible_to(user).filter(visit=visit)
                           .with_phase().select_related("section"))


def with_phase_text(concerns) -> list[Concern]:
    """The concerns (a queryset annotated ``with_phase``), each with ``phase_text``: its phase
    in the words every page uses (``workflow.concern_phase_text``)."""
    concerns = list(concerns)
    today = timezone.localdate()
    for concern in concerns:
        concern.phase_text = visit_workflow.concern_phase_text(
            concern.status, concern.latest_review_date, today)
    return concerns
