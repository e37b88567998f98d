"""Each self-assessment's result by its framework's rule (``scoring``), stored with it
(``Assessment.result``) whenever its ratings change, so that a page or API answer of many
assessments reads what is stored instead of reading every rating and scoring each again.

Whatever changes a response's level stores the result again in the same transaction
(``store``): ``services.assessment_start`` and ``services.response_record``, the admin's
response form and the scale seeder. A result not stored yet (``result`` null: a row from
before the column, or one written by hand) is worked out from its ratings when read, so a
reader never sees anything but the rule's own answer; ``manage.py store_results`` fills them.
Tests compare what is stored with what ``scoring`` says, for every write path.
"""
from collections import defaultdict

from django.db.models import Count

from frameworks.models import Framework, RatingLevel, Section

from . import scoring
from .models import Assessment, Response
from .selectors import as_level

BATCH = 500  # assessments scored and written at a time by ``store``


class Scorer:
    """Scores assessments of the given framework versions by each one's own rule, from their
    ratings or from what is stored: three queries, whatever the number of assessments."""

    def __init__(self, framework_ids):
        self.frameworks = {f.pk: f for f in Framework.objects.filter(pk__in=framework_ids)}
        self.sections = defaultdict(list)
        for section in Section.objects.filter(framework__in=self.frameworks).order_by("order"):
            self.sections[section.framework_id].append(section)
        self.levels = defaultdict(dict)
        for level in RatingLevel.objects.filter(
                scale__in={f.item_scale_id for f in self.frameworks.values()}).order_by("order"):
            self.levels[level.scale_id][level.pk] = as_level(level)
        self.titles = {pk: {s.code: s.title for s in found}
                       for pk, found in self.sections.items()}
        self.shown = {pk: scoring.shown_as(f.scoring_scheme,
                                           list(self.levels[f.item_scale_id].values()),
                                           f.comparison)
                      for pk, f in self.frameworks.items()}

    def score(self, assessment, ratings: dict) -> scoring.AssessmentResult:
        """The result of ``assessment`` rated as ``ratings`` say (section id -> level ids, in
        criterion order; None where not rated): its own, or a reviewer's view of it."""
        framework = self.frameworks[assessment.framework_id]
        scale = self.levels[framework.item_scale_id]
        inputs = [scoring.SectionInput(code=s.code, title=s.title, ratings=tuple(
            scale.get(level_id) for level_id in ratings.get(s.pk, ())))
            for s in self.sections[framework.pk]]
        return scoring.score(framework.scoring_scheme, framework.scoring_parameters,
                             list(scale.values()), inputs, comparison=framework.comparison)

    def stored(self, assessment) -> scoring.AssessmentResult:
        """The result stored with ``assessment`` (which must have one)."""
        framework_id = assessment.framework_id
        return scoring.from_data(assessment.result, self.frameworks[framework_id].scoring_scheme,
                                 self.titles[framework_id], **self.shown[framework_id])


def ratings_of(assessments) -> dict:
    """The level ids each of ``assessments`` (a queryset or a list) is rated, by assessment id
    and section id (one query)."""
    ratings = defaultdict(lambda: defaultdict(list))
    for row in (Response.objects.filter(assessment__in=assessments).order_by()
                .values("assessment_id", "criterion__section_id", "level_id")
                .annotate(n=Count("pk"))):
        ratings[row["assessment_id"]][row["criterion__section_id"]] += (
            [row["level_id"]] * row["n"])
    return ratings


def results_of(assessments, scorer: Scorer | None = None) -> dict[int, scoring.AssessmentResult]:
    """Each assessment's own result, by id: what is stored, and for any not stored yet the
    rule's answer from its ratings. Four queries (three with ``scorer``), whatever the number
    and whether any are stored."""
    assessments = list(assessments)
    if not assessments:
        return {}
    scorer = scorer or Scorer({a.framework_id for a in assessments})
    # Asked of the database, not of the rows in hand, so that the count never depends on them.
    unstored = ratings_of(Assessment.objects.filter(
        pk__in=[a.pk for a in assessments], result__isnull=True))
    return {a.pk: scorer.stored(a) if a.result is not None else scorer.score(a, unstored[a.pk])
            for a in assessments}


def store(assessment_ids) -> None:
    """Work out and store the results of these assessments from their ratings, a batch at a
    time (a few queries a batch)."""
    assessment_ids = list(assessment_ids)
    for start in range(0, len(assessment_ids), BATCH):
        batch = list(Assessment.objects.filter(pk__in=assessment_ids[start:start + BATCH])
                     .only("pk", "framework_id", "result"))
        scorer = Scorer({a.framework_id for a in batch})
        ratings = ratings_of(batch)
        for assessment in batch:
            assessment.result = scoring.as_data(scorer.score(assessment, ratings[assessment.pk]))
        Assessment.objects.bulk_update(batch, ["result"])


def store_missing() -> int:
    """Store the result of every assessment without one; how many there were."""
    missing = list(Assessment.objects.filter(result__isnull=True).values_list("pk", flat=True))
    store(missing)
    return len(missing)
