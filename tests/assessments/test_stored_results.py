"""Each self-assessment's stored result (``assessments.results``) is the scoring rule's answer
from its ratings as they stand, after every path that writes a rating: starting one, rating
through the service (on ratings hypothesis generates, for every framework), the admin, the
demo and scale seeders. One not stored yet reads the same, and ``store_results`` stores it."""
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from assessments import scoring
from assessments.models import Assessment, StoredResult
from assessments.results import Scorer, figures_of, ratings_of, results_of
from assessments.selectors import assessment_result
from frameworks.models import Framework, RatingLevel
from tests.assessments.test_scoring_db import AGREEMENT, rate, rows, self_assessment
from tests.factories import UserFactory


def rule(assessment) -> scoring.AssessmentResult:
    """The scoring rule's answer from the assessment's ratings, read afresh."""
    return assessment_result(assessment, responses=list(
        rows(assessment).select_related("level", "criterion")))


def stored(assessment) -> dict | None:
    found = StoredResult.objects.filter(assessment=assessment).first()
    return found.data if found else None


def assert_stored_as_rule_says(assessments) -> None:
    assessments = list(assessments)
    assert assessments
    read = results_of(assessments)
    for assessment in assessments:
        expected = rule(assessment)
        assert stored(assessment) == scoring.as_data(expected), assessment
        assert read[assessment.pk] == expected


@pytest.fixture
def drafts(world, frameworks):
    """A draft of every self-assessment framework loaded, with its lead."""
    return [self_assessment(world, framework) for framework in
            Framework.objects.exclude(kind=Framework.Kind.QA_VISIT).order_by("slug", "version")]


def test_a_new_self_assessment_stores_its_result_with_nothing_rated(drafts):
    for assessment, _ in drafts:
        assert stored(assessment)["rated"] == 0
        assert stored(assessment)["total"] == rows(assessment).count() > 0
    assert_stored_as_rule_says(a for a, _ in drafts)


@given(data=st.data())
@AGREEMENT
def test_rating_through_the_service_stores_the_rules_result(data, drafts):
    """Every framework, ratings drawn (some not rated), rated twice so that a level changed
    and one taken back are stored too."""
    with transaction.atomic():
        for assessment, by in drafts:
            levels = list(RatingLevel.objects.filter(scale=assessment.framework.item_scale))
            count = rows(assessment).count()
            for label in ("first", "second"):
                rate(assessment, by, data.draw(st.lists(
                    st.none() | st.sampled_from(levels), min_size=count, max_size=count),
                    label=f"{assessment.framework.slug} {label}"))
        assert_stored_as_rule_says(Assessment.objects.filter(pk__in=[a.pk for a, _ in drafts]))
        transaction.set_rollback(True)


def test_the_scale_seeder_stores_every_result_as_the_rule_says(db, frameworks):
    call_command("seed_scale", stdout=io.StringIO(), providers=6, years=2)
    assert_stored_as_rule_says(Assessment.objects.filter(provider__slug__startswith="scale-"))



# The tests reading the demo come last (``conftest._no_other_test_sees_the_shared_demo``).

def test_a_result_not_stored_reads_as_the_rule_says_and_the_command_stores_it(demo):
    assessments = Assessment.objects.exclude(kind=Framework.Kind.QA_VISIT)
    assert StoredResult.objects.count() == assessments.count() > 2
    expected = {a.pk: rule(a) for a in assessments.all()}
    StoredResult.objects.all().delete()
    assert results_of(assessments.all()) == expected
    out = io.StringIO()
    call_command("store_results", stdout=out)
    assert f"Stored the results of {len(expected)} self-assessment(s)." in out.getvalue()
    assert_stored_as_rule_says(assessments.all())
    call_command("store_results", stdout=out)
    assert "Stored the results of 0 self-assessment(s)." in out.getvalue()


def test_the_demo_stores_every_result_as_the_rule_says(demo):
    """The demo rates through the services."""
    assert_stored_as_rule_says(Assessment.objects.exclude(kind=Framework.Kind.QA_VISIT))


def test_a_rating_changed_in_the_admin_stores_the_result_again(demo, client):
    draft = demo.draft
    response = draft.responses.order_by("pk").first()
    other = (RatingLevel.objects.filter(scale=draft.framework.item_scale)
             .exclude(pk=response.level_id).first())
    before = stored(draft)
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("admin:assessments_response_change", args=[response.pk])
    answer = client.post(url, {"level": other.pk, "evidence": response.evidence,
                               "carried_over": ""})
    assert answer.status_code == 302
    assert stored(draft) != before
    assert_stored_as_rule_says([draft])


def test_a_scorer_reads_a_reviewers_ratings_as_the_rule_does(demo):
    """``Scorer.score`` (a moderated view's ratings) and the stored result agree on the
    assessment's own ratings."""
    assessment = demo.si
    scorer = Scorer([assessment.framework_id])
    own = ratings_of([assessment])[assessment.pk]
    assert scorer.score(assessment, own) == scorer.stored(assessment, stored(assessment)) == rule(
        assessment)


def test_one_figure_of_each_result_reads_as_the_rule_says_stored_or_not(demo):
    """``figures_of`` (the trends' totals and levels) reads one figure from the database, and
    works out any result not stored."""
    assessments = list(Assessment.objects.exclude(kind=Framework.Kind.QA_VISIT))
    expected = {a.pk: scoring.as_data(rule(a)) for a in assessments}
    StoredResult.objects.filter(assessment=demo.si).delete()
    for key in ("score", "sections", "rated"):
        assert figures_of([a.pk for a in assessments], key) == {
            pk: data[key] for pk, data in expected.items()}
