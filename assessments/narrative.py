"""What a provider says beside its ratings (issue 27): the year's cohort figures (for a framework
whose file sets ``cohort`` targets), the narrative and strengths for the whole
self-assessment and each section, and (``quality_documents``) its SAR and QIP. Written only
while the self-assessment is a draft, with history; read in a fixed number of queries."""
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from frameworks.models import Section
from organisations.models import User

from . import cohort as cohort_rule
from .models import Assessment, CohortResult, Narrative
from .services import LOCKED, locked_assessment

NO_COHORT = "{framework} does not ask for cohort figures."
# (figure, what it counts, the figure it is part of): each is at most the one it is part of.
NESTED = (("completed", "interns who completed", "started", "interns who started"),
          ("employed", "interns in paid employment", "completed", "interns who completed"),
          ("employed_qualifying", "interns in qualifying work", "employed",
           "interns in paid employment"),
          ("sustained", "interns still employed", "employed", "interns in paid employment"))
MORE_THAN = "The number of {what} cannot be more than the number of {than} ({value})."
FIGURES = ("started", "completed", "employed", "employed_qualifying", "sustained",
           "follow_up_months")


def _editable(assessment: Assessment) -> Assessment:
    assessment = locked_assessment(assessment)
    if assessment.is_locked:
        raise PermissionDenied(LOCKED)
    return assessment


@transaction.atomic
def cohort_save(*, assessment: Assessment, by: User, **figures) -> CohortResult:
    """Record the year's cohort figures (``FIGURES``), each part of the one before it."""
    assessment = _editable(assessment)
    if not assessment.framework.cohort:
        raise ValidationError(NO_COHORT.format(framework=assessment.framework.name))
    # Every figure larger than the one it is part of, each named beside its own field.
    errors = {name: MORE_THAN.format(what=what, than=than, value=figures[whole])
              for name, what, whole, than in NESTED
              if figures.get(name) is not None and figures.get(whole) is not None
              and figures[name] > figures[whole]}
    if errors:
        raise ValidationError(errors)
    row, _ = CohortResult.objects.update_or_create(
        assessment=assessment, defaults={**{name: figures.get(name) for name in FIGURES},
                                         "updated_by": by})
    return row


@transaction.atomic
def narrative_save(*, assessment: Assessment, by: User, texts: dict) -> None:
    """Record the narrative and strengths: ``texts`` maps a section id (None: the whole
    self-assessment) to (narrative, strengths). Only what changed is written (and so in the
    history); a section id of another framework is refused."""
    assessment = _editable(assessment)
    sections = set(Section.objects.filter(framework=assessment.framework_id)
                   .values_list("pk", flat=True))
    if not set(texts) - {None} <= sections:
        raise ValidationError("A section of another framework was given.")
    existing = {row.section_id: row for row in Narrative.objects.filter(assessment=assessment)}
    for section_id, (narrative, strengths) in texts.items():
        row = existing.get(section_id)
        if row is None and (narrative or strengths):
            Narrative.objects.create(assessment=assessment, section_id=section_id,
                                     narrative=narrative, strengths=strengths, updated_by=by)
        elif row is not None and (row.narrative, row.strengths) != (narrative, strengths):
            row.narrative, row.strengths, row.updated_by = narrative, strengths, by
            row.save()


@dataclass
class Beside:
    """Everything the self-assessment's pages show beside the ratings."""

    asks_cohort: bool
    cohort: "cohort_rule.Figures | None"
    overall: Narrative | None
    sections: list = field(default_factory=list)  # (Section, Narrative) with something said
    documents: list = field(default_factory=list)  # QualityDocument rows

    @property
    def says_anything(self) -> bool:
        return bool(self.overall or self.sections)


def beside_ratings(assessment: Assessment, sections=None) -> Beside:
    """The cohort figures, narratives and documents of one self-assessment: three queries for
    a framework that asks for cohort figures, two for any other (one more when the caller does
    not pass the framework's sections)."""
    from .quality_documents import quality_documents_of

    framework = assessment.framework
    if sections is None:
        sections = list(Section.objects.filter(framework=framework).order_by("order"))
    row = (CohortResult.objects.filter(assessment=assessment).first() if framework.cohort
           else None)
    narratives = {n.section_id: n for n in Narrative.objects.filter(assessment=assessment)}
    return Beside(
        asks_cohort=bool(framework.cohort), cohort=cohort_rule.figures_of(row, framework),
        overall=narratives.get(None),
        sections=[(s, narratives[s.pk]) for s in sections if s.pk in narratives],
        documents=quality_documents_of(assessment))
