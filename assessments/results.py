"""Each self-assessment's result by its framework's rule (``scoring``), stored with it
(``StoredResult``) whenever its ratings change, so that a page or API answer of many
assessments reads what is stored instead of reading every rating and scoring each again.

Whatever changes a response's level stores the result again in the same transaction
(``store``): ``services.assessment_start`` and ``services.response_record``, the admin's
response form and the scale seeder. A result not stored (an assessment from before results
were stored, or rated by hand) is worked out from its ratings when read, so a reader never
sees anything but the rule's own answer; ``manage.py store_results`` stores them.
Tests compare what is stored with what ``scoring`` says, for every write path.
"""
from collections import defaultdict

from django.db.models import Count

from frameworks.models import Framework, RatingLevel, Section

from . import scoring
from .models import Assessment, Response, StoredResult
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

    def stored(self, assessment, data: dict) -> scoring.AssessmentResult:
        """The result stored for ``assessment`` (``data``: ``scoring.as_data``)."""
        framework_id = assessment.framework_id
        return scoring.from_data(data, self.frameworks[framework_id].scoring_scheme,
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


def results_of(assessments) -> dict[int, scoring.AssessmentResult]:
    """Each assessment's own result, by id: what is stored, and for any not stored the rule's
    answer from its ratings. Four queries while all are stored, as the services keep them; one
    more otherwise."""
    assessments = list(assessments)
    if not assessments:
        return {}
    scorer = Scorer({a.framework_id for a in assessments})
    stored = dict(StoredResult.objects.filter(assessment__in=[a.pk for a in assessments])
                  .values_list("assessment_id", "data"))
    unstored = [a for a in assessments if a.pk not in stored]
    ratings = ratings_of(unstored) if unstored else {}
    return {a.pk: scorer.stored(a, stored[a.pk]) if a.pk in stored
            else scorer.score(a, ratings[a.pk]) for a in assessments}


def figures_of(assessment_ids, key: str) -> dict:
    """One figure of each assessment's result (``key`` of ``scoring.as_data``: "score",
    "sections", ...), by id, read in the database without the rest of what is stored: one
    query while all are stored; any not stored are worked out by the rule (four more)."""
    assessment_ids = list(assessment_ids)
    found = dict(StoredResult.objects.filter(assessment_id__in=assessment_ids)
                 .values_list("assessment_id", f"data__{key}"))
    missing = [pk for pk in assessment_ids if pk not in found]
    if missing:
        found.update({pk: data[key] for pk, data in _worked_out(missing).items()})
    return found


def _worked_out(assessment_ids) -> dict[int, dict]:
    """The results of these assessments by the rule from their ratings, as stored (a batch:
    four queries)."""
    assessments = list(Assessment.objects.filter(pk__in=assessment_ids)
                       .only("pk", "framework_id"))
    scorer = Scorer({a.framework_id for a in assessments})
    ratings = ratings_of(assessments)
    return {a.pk: scoring.as_data(scorer.score(a, ratings[a.pk])) for a in assessments}


def store(assessment_ids) -> None:
    """Work out and store the results of these assessments from their ratings, a batch at a
    time (a few queries a batch)."""
    assessment_ids = list(assessment_ids)
    for start in range(0, len(assessment_ids), BATCH):
        worked_out = _worked_out(assessment_ids[start:start + BATCH])
        StoredResult.objects.bulk_create(
            [StoredResult(assessment_id=pk, data=data) for pk, data in worked_out.items()],
            update_conflicts=True, unique_fields=["assessment"], update_fields=["data"])


def store_missing() -> int:
    """Store the result of every assessment without one; how many there were."""
    missing = list(Assessment.objects.exclude(pk__in=StoredResult.objects.values("assessment"))
                   .values_list("pk", flat=True))
    store(missing)
    return len(missing)
