"""The scoring rule's two forms agree: ``assessments.scoring`` in Python and
``assessments.scoring_db`` in the database, on ratings hypothesis generates (some not yet
rated) for a record of every framework loaded (a self-assessment, or a QA visit for the visit
framework), saved through the services.

Each example rates the assessments in a savepoint rolled back afterwards; hypothesis is
derandomised, so a run is the same on every machine."""
import pytest
from django.db import transaction
from django.db.models import OuterRef
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments import scoring, scoring_db
from assessments import services as assessment_services
from assessments.models import Assessment
from assessments.selectors import assessment_result
from frameworks.models import Framework, RatingLevel
from organisations.models import Membership
from tests.factories import CommissioningFactory, MembershipFactory, ProviderFactory
from tests.visits.helpers import shared_visit
from visits import services as visit_services
from visits.models import Visit

AGREEMENT = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])


def self_assessment(world, framework):
    """A draft of ``framework`` for a new provider of a type it is for, and its lead."""
    provider = ProviderFactory(provider_type=framework.applies_to[0])
    CommissioningFactory(commissioner=world.la, provider=provider)
    lead = MembershipFactory(organisation=provider, role=Membership.Role.PROVIDER_LEAD).user
    assessment, _ = assessment_services.assessment_start(
        provider=provider, framework=framework, period="2025/26", by=lead)
    return assessment, lead


@pytest.fixture
def assessments(world, frameworks):
    """One assessment of every framework loaded, with the person who rates it."""
    made = []
    for framework in Framework.objects.order_by("slug", "version"):
        if framework.kind == Framework.Kind.QA_VISIT:
            visit = shared_visit(world, {"leics-ap-visit": framework})
            made.append((visit, world.users["partnership_officer"]))
        else:
            made.append(self_assessment(world, framework))
    return made


def rows(record):
    """The record's rows (a self-assessment's responses, a visit's answers), unordered."""
    return record.responses.order_by()


def scheme_field(record) -> str:
    """The path from the record's rows to their framework's scoring scheme."""
    return ("visit__framework__scoring_scheme" if isinstance(record, Visit)
            else scoring_db.RESPONSE_SCHEME)


def rate(assessment, by, levels: list) -> None:
    """Rate the record's rows, in criterion order, at ``levels`` (None: not yet rated),
    through its workflow's service."""
    responses = (rows(assessment).select_related("criterion")
                 .order_by("criterion__section__order", "criterion__order"))
    for response, level in zip(responses, levels, strict=True):
        if response.level_id == (level.pk if level else None):
            continue
        if isinstance(assessment, Visit):
            visit_services.requirement_record(
                response=response, by=by, expected_revision=response.revision, level=level,
                observer_notes="Seen.", action_points="", internal_notes="")
        else:
            assessment_services.response_record(
                response=response, by=by, expected_revision=response.revision, level=level,
                evidence="Minutes of the steering group")


def database_scores(assessment, scheme=None) -> tuple[dict, int]:
    """The record's score per section code and in all, as the database sums them."""
    responses = rows(assessment)
    field = scheme_field(assessment)
    sections = dict(responses.values("criterion__section__code")
                    .annotate(score=scoring_db.points_total(scheme=scheme, scheme_field=field))
                    .values_list("criterion__section__code", "score"))
    total = responses.aggregate(
        score=scoring_db.points_total(scheme=scheme, scheme_field=field))["score"]
    return sections, total


@given(data=st.data())
@AGREEMENT
def test_the_database_scores_every_framework_as_scoring_does(data, assessments):
    """Per section and in all; with the scheme read from each row's framework in the database
    and with the scheme given by the caller; as a response's points, an annotation of the
    assessment (a subquery) and a sum over the assessment's responses."""
    with transaction.atomic():
        for assessment, by in assessments:
            framework = assessment.framework
            levels = list(RatingLevel.objects.filter(scale=framework.item_scale))
            count = rows(assessment).count()
            ratings = data.draw(st.lists(st.none() | st.sampled_from(levels),
                                         min_size=count, max_size=count),
                                label=framework.slug)
            rate(assessment, by, ratings)
            result = assessment_result(assessment, responses=list(
                rows(assessment).select_related("level", "criterion")))
            expected = {s.code: s.score for s in result.sections}
            for scheme in (None, framework.scoring_scheme):
                assert database_scores(assessment, scheme) == (expected, result.score)
            points = (rows(assessment)
                      .annotate(points=scoring_db.rating_points(scheme_field=scheme_field(
                          assessment)))
                      .values_list("points", flat=True))
            assert sum(points) == result.score
            summed = scoring_db.points_total("responses__level",
                                             scheme_field="framework__scoring_scheme")
            if isinstance(assessment, Visit):
                annotated = Visit.objects.filter(pk=assessment.pk).annotate(summed=summed)
                assert annotated.values_list("summed", flat=True).get() == result.score
                continue
            annotated = Assessment.objects.filter(pk=assessment.pk).annotate(
                score=scoring_db.assessment_score(OuterRef("pk")), summed=summed)
            assert annotated.values_list("score", "summed").get() == (result.score,) * 2
        transaction.set_rollback(True)


def test_every_scheme_loaded_is_one_the_rule_knows(frameworks):
    """The agreement test covers every framework loaded: each is scored under a scheme
    ``scoring`` knows, and among them are one that sums points and one that does not."""
    schemes = set(Framework.objects.values_list("scoring_scheme", flat=True))
    assert schemes <= set(scoring.SCHEMES)
    assert schemes & scoring.SUMMED and schemes - scoring.SUMMED


def test_a_rating_scores_its_points_only_under_a_scheme_that_sums_them():
    evidenced = scoring.Level("evidenced", "Evidenced", 1, 1)
    green = scoring.Level("green", "Green", 3, 3, "green")
    assert scoring.rating_points("points", evidenced) == 1
    assert scoring.rating_points("levels", green) == 3
    assert scoring.rating_points("rag", green) == 0
    assert scoring.rating_points("points", None) == 0

