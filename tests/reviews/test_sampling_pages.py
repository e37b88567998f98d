"""The moderation sample pages through the test client: drawing one, the list, the sample with
each provider's self-assessments and review states, who sees them, and their query counts."""
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from organisations.models import Membership, Organisation
from reviews import sampling, services
from reviews.models import ModerationSample, Review
from reviews.sampling import draw_sample
from tests.factories import CommissioningFactory, MembershipFactory, ProviderFactory

Method = ModerationSample.Method


def la_sample(world, **kwargs):
    kwargs = {"method": Method.ALL, **kwargs}
    return draw_sample(organisation=world.la, period="2025/26",
                       by=world.users["la_commissioner"], **kwargs)


def test_an_la_commissioner_draws_a_sample_and_is_shown_it(world, client_for):
    client = client_for(world.users["la_commissioner"])
    page = client.get(reverse("reviews:sample_draw"))
    assert page.status_code == 200
    assert page.context["population"] == [("Supported internship provider / college", 1)]
    response = client.post(reverse("reviews:sample_draw"),
                           {"period": "2025/26", "method": "size", "size": "1", "seed": "77"})
    sample = ModerationSample.objects.get()
    assert response.status_code == 302 and response["Location"] == sample.get_absolute_url()
    assert (sample.organisation, sample.seed, sample.drawn) == (world.la, 77, 1)
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert b"Riverside College" in detail.content and b"77" in detail.content
    assert "seed 77" in str(list(detail.context["messages"])[0])


def test_the_draw_form_shows_each_mistake_beside_its_field(world, client_for):
    client = client_for(world.users["la_commissioner"])
    response = client.post(reverse("reviews:sample_draw"),
                           {"period": "2025/26", "method": "size", "size": "2"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "size": [sampling.SIZE_RANGE.format(population=1)]}
    assert b"There is a problem" in response.content
    assert b'href="#id_size"' in response.content
    response = client.post(reverse("reviews:sample_draw"), {"period": "2025/26"})
    assert response.context["form"].errors == {"method": [sampling.METHOD_REQUIRED]}
    assert b'href="#id_method_0"' in response.content
    assert not ModerationSample.objects.exists()


def test_a_nul_or_a_huge_number_is_refused_politely(world, client_for):
    client = client_for(world.users["la_commissioner"])
    for data in ({"method": "size", "size": "1\x00"}, {"method": "size", "size": "9" * 40},
                 {"method": "all", "seed": "9" * 40}, {"method": "all\x00"},
                 {"method": "share", "share": "-5"}):
        response = client.post(reverse("reviews:sample_draw"), {"period": "2025/26", **data})
        assert response.status_code == 200, data
        assert response.context["form"].errors, data
    assert not ModerationSample.objects.exists()


def test_the_list_shows_the_organisations_samples_current_and_superseded(world, client_for):
    first = la_sample(world, seed=1)
    second = la_sample(world, seed=2)
    response = client_for(world.users["la_commissioner"]).get(reverse("reviews:sample_list"))
    assert response.status_code == 200
    assert [s.pk for s in response.context["samples"]] == [second.pk, first.pk]
    assert b"Superseded" in response.content and b"Current" in response.content
    assert response.context["can_draw"]


def test_another_organisations_sample_does_not_exist_for_you(world, client_for):
    sample = la_sample(world)
    for role in ("other_la_commissioner", "partnership_officer", "provider_lead"):
        response = client_for(world.users[role]).get(sample.get_absolute_url())
        assert response.status_code == 404, role
    other = client_for(world.users["other_la_commissioner"]).get(reverse("reviews:sample_list"))
    assert list(other.context["samples"]) == []
    assert ModerationSample.objects.visible_to(world.users["other_la_commissioner"]).count() == 0
    assert ModerationSample.objects.visible_to(world.users["admin"]).count() == 1
    assert ModerationSample.objects.visible_to(world.users["la_commissioner"]).count() == 1


def test_a_member_of_two_organisations_chooses_which_ones_samples(world, client_for):
    commissioner = world.users["la_commissioner"]
    MembershipFactory(user=commissioner, organisation=world.other_la,
                      role=Membership.Role.LA_COMMISSIONER)
    draw_sample(organisation=world.other_la, period="2025/26", method=Method.ALL, by=commissioner)
    client = client_for(commissioner)
    response = client.get(reverse("reviews:sample_list") + "?org=far-council")
    assert response.context["organisation"] == world.other_la
    assert len(response.context["samples"]) == 1
    response = client.post(reverse("reviews:sample_draw") + "?org=shire-council",
                           {"period": "2025/26", "method": "all"})
    assert ModerationSample.objects.current().get(organisation=world.la).drawn == 1


def test_an_admin_sees_samples_but_does_not_draw(world, client_for):
    sample = la_sample(world)
    client = client_for(world.users["admin"])
    assert client.get(sample.get_absolute_url()).status_code == 200
    page = client.get(reverse("reviews:sample_list") + "?org=shire-council")
    assert page.status_code == 200 and not page.context["can_draw"]
    assert b"Draw a sample" not in page.content
    assert client.get(reverse("reviews:sample_draw")).status_code == 403


def test_the_sample_shows_each_self_assessment_and_the_state_of_its_review(
        world, submitted, client_for):
    other = ProviderFactory(name="Zephyr AP", provider_type=Organisation.ProviderType.AP_SCHOOL)
    CommissioningFactory(commissioner=world.la, provider=other)
    sample = la_sample(world)
    client = client_for(world.users["la_commissioner"])
    rows = client.get(sample.get_absolute_url()).context["rows"]
    assert [(r.provider.name, [(sa.assessment, sa.review_label) for sa in r.self_assessments])
            for r in rows] == [("Riverside College", [(submitted, "Not started")]),
                               ("Zephyr AP", [])]
    services.review_start(assessment=submitted, organisation=world.la,
                          by=world.users["la_commissioner"])
    response = client.get(sample.get_absolute_url())
    assert response.context["rows"][0].self_assessments[0].review_label == "Draft"
    assert reverse("assessments:overview", kwargs={"pk": submitted.pk}).encode() in \
        response.content
    assert [(s.label, s.population, s.drawn) for s in response.context["strata"]] == [
        ("Supported internship provider / college", 1, 1),
        ("AP school or pupil referral unit", 1, 1)]
    changes = response.context["changes"]
    assert [(c.who, c.after) for c in changes] == [
        (world.users["la_commissioner"].display_name,
         f"Drawn: All the providers, 2 of 2 providers, seed {sample.seed}")]


def test_another_organisations_review_is_not_this_samples(world, submitted, client_for):
    services.review_start(assessment=submitted, organisation=world.partnership,
                          by=world.users["partnership_officer"])
    sample = la_sample(world)
    rows = client_for(world.users["la_commissioner"]).get(sample.get_absolute_url()).context["rows"]
    assert rows[0].self_assessments[0].review_label == "Not started"


def _providers_with_reviewed_self_assessments(world, frameworks, count, first):
    """``count`` more providers the LA commissions, each with a submitted SI QAF for 2025/26
    that the LA has started to review (rows only: the page reads them)."""
    framework = frameworks["si-qaf"]
    providers = [ProviderFactory(name=f"Provider {i:03d}", slug=f"provider-{i:03d}")
                 for i in range(first, first + count)]
    for provider in providers:
        CommissioningFactory(commissioner=world.la, provider=provider)
    assessments = Assessment.objects.bulk_create(
        Assessment(framework=framework, framework_slug=framework.slug, kind=framework.kind,
                   provider=provider, period="2025/26", state=Assessment.State.SUBMITTED,
                   submitted_at=timezone.now(), created_by=world.users["provider_lead"])
        for provider in providers)
    Review.objects.bulk_create(
        Review(assessment=a, organisation=world.la, state=Review.State.DRAFT,
               reviewed_submitted_at=a.submitted_at, created_by=world.users["la_commissioner"])
        for a in assessments[::2])


def _queries(client, url) -> int:
    client.get(url)  # the first request of a session may write it; count the next
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_sample_page_asks_the_same_queries_at_5_and_50_providers(
        world, frameworks, client_for):
    client = client_for(world.users["la_commissioner"])
    _providers_with_reviewed_self_assessments(world, frameworks, 4, first=1)
    few = la_sample(world)
    assert few.drawn == 5
    _providers_with_reviewed_self_assessments(world, frameworks, 45, first=5)
    many = la_sample(world)
    assert many.drawn == 50
    counts = {name: _queries(client, sample.get_absolute_url())
              for name, sample in (("few", few), ("many", many))}
    assert counts["few"] == counts["many"] <= 11, counts  # 11: the header's unread count
    lists = _queries(client, reverse("reviews:sample_list"))
    assert lists <= counts["many"]
