"""`manage.py seed_scale` reviews some submitted self-assessments, as an LA commissioning the
provider would through ``reviews.services``, so the bench measures the review pages."""
import io

import pytest
from django.core.management import call_command

from assessments.models import Assessment, Response
from demo.bench import busiest, pages_for
from frameworks.models import Section
from organisations.models import Commissioning, Membership, Organisation
from reviews.models import Review, ReviewItem, ReviewSection

SCALE = {"providers": 12, "years": 2}


@pytest.fixture
def seeded(db, frameworks):
    out = io.StringIO()
    call_command("seed_scale", stdout=out, **SCALE)
    return out.getvalue()


def scale_reviews():
    return Review.objects.filter(assessment__provider__slug__startswith="scale-provider-")


def test_seed_scale_reviews_some_submitted_self_assessments_in_every_state(seeded):
    reviews = scale_reviews()
    submitted = Assessment.objects.filter(
        provider__slug__startswith="scale-provider-", state=Assessment.State.SUBMITTED)
    assert 0 < reviews.count() < submitted.count()
    assert set(reviews.values_list("state", flat=True)) == set(Review.State.values)
    assert reviews.filter(state=Review.State.FINAL).count() > reviews.filter(
        state=Review.State.DRAFT).count()
    for review in reviews.select_related("assessment"):
        assert review.assessment.state == Assessment.State.SUBMITTED
        assert review.reviewed_submitted_at == review.assessment.submitted_at
        assert review.created_at > review.assessment.submitted_at
        assert (review.shared_at is None) == (review.state == Review.State.DRAFT)
        assert (review.finalised_at is None) == (review.state != Review.State.FINAL)
    assert "reviews:" in seeded and "review items:" in seeded and "review sections:" in seeded


def test_every_review_is_by_an_la_commissioning_the_provider_with_its_commissioner(seeded):
    for review in scale_reviews().select_related("organisation", "assessment"):
        assert review.organisation.kind == Organisation.Kind.LOCAL_AUTHORITY
        assert Commissioning.objects.filter(
            commissioner=review.organisation, provider_id=review.assessment.provider_id,
            status=Commissioning.Status.ACTIVE).exists()
        assert Membership.objects.filter(user=review.created_by_id, organisation=review.organisation,
                                         role=Membership.Role.LA_COMMISSIONER).exists()


def test_every_review_has_an_item_per_response_and_a_row_per_section(seeded):
    for review in scale_reviews():
        responses = set(Response.objects.filter(assessment=review.assessment_id)
                        .values_list("pk", flat=True))
        items = list(review.items.values_list("response_id", flat=True))
        assert sorted(items) == sorted(responses)
        sections = set(Section.objects.filter(framework=review.assessment.framework_id)
                       .values_list("pk", flat=True))
        assert sorted(review.sections.values_list("section_id", flat=True)) == sorted(sections)
        if review.state != Review.State.DRAFT:  # only a draft may be shared part-reviewed
            assert not review.items.filter(agrees__isnull=True).exists()


def test_disagreements_are_few_and_at_another_level_of_the_item_scale(seeded):
    items = ReviewItem.objects.filter(review__in=scale_reviews())
    assert items.filter(agrees=True).exists()
    disagreements = items.filter(agrees=False).select_related(
        "level", "response", "review__assessment__framework")
    assert disagreements.exists()
    for item in disagreements:
        assert item.level_id != item.response.level_id
        assert item.level.scale_id == item.review.assessment.framework.item_scale_id
        assert item.comment
    for review in scale_reviews():
        assert review.items.filter(agrees=False).count() <= 4
    assert not items.filter(agrees=True, level__isnull=False).exists()
    assert not items.filter(agrees__isnull=True, level__isnull=False).exists()
    assert ReviewSection.objects.filter(review__in=scale_reviews()).exclude(comment="").exists()


def test_reviews_have_the_history_rows_the_services_leave(seeded):
    for review in scale_reviews():
        rows = list(review.history.order_by("history_date"))
        assert rows[0].history_type == "+" and rows[0].state == Review.State.DRAFT
        assert rows[-1].state == review.state
        assert rows[-1].provider_response == review.provider_response
        assert {r.history_user_id for r in rows
                if r.history_change_reason != "Provider responded"} == {review.created_by_id}
    items = ReviewItem.objects.filter(review__in=scale_reviews())
    assert ReviewItem.history.filter(id__in=items.values("pk"), history_type="+").count() \
        == items.count()
    for item in items.exclude(agrees=None)[:50]:
        last = item.history.order_by("-history_date").first()
        assert (last.agrees, last.level_id, last.revision, last.provider_reply) == (
            item.agrees, item.level_id, item.revision, item.provider_reply)
    assert ReviewSection.history.filter(
        id__in=ReviewSection.objects.filter(review__in=scale_reviews()).values("pk")).exists()


@pytest.mark.parametrize("role", [Membership.Role.LA_COMMISSIONER,
                                  Membership.Role.PARTNERSHIP_OFFICER, Membership.Role.PROVIDER_LEAD])
def test_the_bench_measures_the_review_pages_of_each_role(seeded, client_for, role):
    user = busiest(role)
    assert user.email.startswith("scale-")
    pages = dict(pages_for(user))
    assert {"reviews list", "review overview", "review section"} <= set(pages)
    client = client_for(user)
    for name in ("reviews list", "review overview", "review section"):
        assert client.get(pages[name]).status_code == 200, name


def test_a_review_started_after_the_seed_gets_new_ids(seeded):
    """The seed gives ids itself; the sequences (PostgreSQL) are moved past them."""
    from reviews import services

    reviewed = scale_reviews().values("assessment_id")
    assessment = (Assessment.objects.exclude(pk__in=reviewed)
                  .filter(provider__slug__startswith="scale-provider-",
                          state=Assessment.State.SUBMITTED).order_by("pk").first())
    link = Commissioning.objects.filter(
        provider_id=assessment.provider_id, status=Commissioning.Status.ACTIVE,
        commissioner__kind=Organisation.Kind.LOCAL_AUTHORITY).select_related("commissioner").first()
    commissioner = Membership.objects.filter(organisation=link.commissioner,
                                             role=Membership.Role.LA_COMMISSIONER).first().user
    top = Review.objects.order_by("-pk").first().pk
    review = services.review_start(assessment=assessment, organisation=link.commissioner,
                                   by=commissioner)
    assert review.pk > top
    assert review.items.count() == assessment.responses.count()
