"""Medium-term outcomes and the progress towards them, recorded by the learner's local
authority (its people who manage outcomes), and each learner's as a timeline: the step reached
at each annual review and the distance travelled since the first.

The steps are the outcomes scheme's (``Scheme.steps``, from version 2): least first, each
scored, so distance travelled is the difference in score between two reviews.
"""
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from core.history import save_with_history
from core.imports.files import CONTROL_CHARACTERS
from organisations.models import Organisation, User

from .ages import previous_year
from .medium_term_models import MediumTermOutcome, MediumTermProgress
from .models import Learner
from .scheme import NO_SCHEME, Scheme, current_scheme
from .services import check_commissioned, require_manage

# Tests assert these.
SAME_OUTCOME = "This learner already has this medium-term outcome."
NO_STEPS = ("The outcomes scheme loaded has no steps for medium-term outcomes: run "
            "`python manage.py load_frameworks` to load version 2 or later.")
CHOOSE_AREA = "Choose a Preparing for Adulthood area."
CHOOSE_STEP = "Choose the step reached."
NOT_PLAIN = "Write the outcome as plain text, without control characters."


def _scheme_with_steps() -> Scheme:
    scheme = current_scheme()
    if scheme is None:
        raise ValidationError(NO_SCHEME)
    if not scheme.steps:
        raise ValidationError(NO_STEPS)
    return scheme


def medium_term_add(*, learner: Learner, pfa_area: str, outcome: str, target_year: str,
                    by: User) -> MediumTermOutcome:
    """Hold a new medium-term outcome for a learner."""
    require_manage(by, learner.local_authority)
    scheme = _scheme_with_steps()
    if pfa_area not in {t.code for t in scheme.areas}:
        raise ValidationError({"pfa_area": CHOOSE_AREA})
    if CONTROL_CHARACTERS.search(outcome):
        raise ValidationError({"outcome": NOT_PLAIN})
    if MediumTermOutcome.objects.filter(learner=learner, outcome=outcome).exists():
        raise ValidationError({"outcome": SAME_OUTCOME})
    row = MediumTermOutcome(learner=learner, pfa_area=pfa_area, outcome=outcome,
                            target_year=target_year, created_by=by)
    with transaction.atomic():
        row.full_clean(validate_constraints=False)
        save_with_history(row, by=by)
    return row


def step_record(*, outcome: MediumTermOutcome, academic_year: str,
                review_date: datetime.date, provider: Organisation, step: str,
                by: User) -> MediumTermProgress:
    """Record the step reached at a year's annual review (changing the one held for that year,
    if any)."""
    la = outcome.learner.local_authority
    require_manage(by, la)
    scheme = _scheme_with_steps()
    if step not in {t.code for t in scheme.steps}:
        raise ValidationError({"step": CHOOSE_STEP})
    check_commissioned(la, provider)
    with transaction.atomic():
        row = (MediumTermProgress.objects.select_for_update()
               .filter(outcome=outcome, academic_year=academic_year).first()
               or MediumTermProgress(outcome=outcome, academic_year=academic_year))
        row.scheme_id = scheme.pk
        row.review_date, row.provider, row.step, row.recorded_by = (
            review_date, provider, step, by)
        row.full_clean(validate_unique=False, validate_constraints=False)
        save_with_history(row, by=by)
    return row


@dataclass(frozen=True)
class Step:
    academic_year: str
    review_date: datetime.date
    provider: str
    label: str
    change: int | None  # score since the review before (None: the first)

    @property
    def change_shown(self) -> str:
        if self.change is None:
            return "First review"
        if self.change == 0:
            return "No change"
        steps = "step" if abs(self.change) == 1 else "steps"
        return f"{'Up' if self.change > 0 else 'Down'} {abs(self.change)} {steps}"


@dataclass(frozen=True)
class Timeline:
    """One medium-term outcome with the step reached at each review, oldest first."""

    outcome: MediumTermOutcome
    area: str
    steps: tuple[Step, ...]
    travelled: int | None  # the latest score less the first (None: fewer than two reviews)

    @property
    def travelled_shown(self) -> str:
        if self.travelled is None:
            return "Not yet: fewer than two reviews recorded"
        if self.travelled == 0:
            return "No change since the first review"
        steps = "step" if abs(self.travelled) == 1 else "steps"
        way = "up" if self.travelled > 0 else "down"
        return f"{abs(self.travelled)} {steps} {way} since {self.steps[0].academic_year}"


def timelines(learner: Learner, scheme: Scheme) -> list[Timeline]:
    """The learner's medium-term outcomes, by the year to reach them, each with its steps
    (two queries)."""
    out = []
    for outcome in (MediumTermOutcome.objects.filter(learner=learner)
                    .prefetch_related("progress__provider").order_by("target_year", "pk")):
        steps, before, first = [], None, None
        for row in outcome.progress.all():
            score = scheme.step_score(row.step)
            steps.append(Step(row.academic_year, row.review_date, row.provider.name,
                              scheme.step_label(row.step),
                              None if before is None or score is None else score - before))
            first = score if first is None else first
            before = score
        travelled = (before - first) if len(steps) > 1 and None not in (before, first) else None
        out.append(Timeline(outcome, scheme.area_label(outcome.pfa_area), tuple(steps),
                            travelled))
    return out


def plan_of(learner: Learner, scheme: Scheme) -> list[tuple[MediumTermOutcome, str]]:
    """The learner's medium-term outcomes with their areas' labels, by the year to reach them,
    without their steps (one query): what a provider the learner's LA shares them with sees."""
    return [(outcome, scheme.area_label(outcome.pfa_area)) for outcome in
            MediumTermOutcome.objects.filter(learner=learner).order_by("target_year", "pk")]


def step_changes(steps, scheme: Scheme) -> dict[int, tuple]:
    """{learner id: ((year, area, change), ...)} from ``steps`` (``MediumTermProgress`` rows):
    each learner's changes of score since the year before, added up per year and area (one
    query), as suppression reads them."""
    scores = {t.code: t.score for t in scheme.steps}
    by_outcome, learners = {}, {}
    for outcome, learner, area, year, step in steps.order_by("pk").values_list(
            "outcome_id", "outcome__learner_id", "outcome__pfa_area", "academic_year", "step"):
        if step in scores:
            by_outcome.setdefault((outcome, learner, area), {})[year] = scores[step]
    for (_, learner, area), years in by_outcome.items():
        for year, score in years.items():
            before = years.get(previous_year(year))
            if before is not None:
                changes = learners.setdefault(learner, {})
                changes[(year, area)] = changes.get((year, area), 0) + score - before
    return {learner: tuple(sorted((year, area, change) for (year, area), change in
                                  changes.items())) for learner, changes in learners.items()}
