"""Drawing a moderation sample: its size, its proportions by provider type, that a recorded
seed draws it again, its history, superseding, and what it refuses."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from organisations.models import Commissioning, Membership, Organisation
from reviews import sampling
from reviews.models import ModerationSample, SampledProvider, SampleStratum
from reviews.sample_forms import SampleDrawForm
from reviews.sampling import allocate, draw_sample, share_size
from reviews.sampling_models import SEED_MAX
from tests.factories import (
    CommissioningFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    ProviderFactory,
)

Type = Organisation.ProviderType
Method = ModerationSample.Method
AP, SI, IAP = Type.AP_SCHOOL, Type.SUPPORTED_INTERNSHIP, Type.INDEPENDENT_AP


@pytest.fixture
def population(world):
    """The LA commissions 6 AP schools and 4 supported internship providers (Riverside and
    3 more): 10 providers."""
    for n in range(6):
        CommissioningFactory(commissioner=world.la, provider=ProviderFactory(
            name=f"AP school {n}", provider_type=AP))
    for n in range(3):
        CommissioningFactory(commissioner=world.la, provider=ProviderFactory(
            name=f"SI college {n}", provider_type=SI))
    return world


def draw(world, *, by="la_commissioner", organisation=None, period="2025/26", **kwargs):
    return draw_sample(organisation=organisation or world.la, period=period,
                       by=world.users[by], **kwargs)


def drawn_ids(sample) -> set[int]:
    return set(SampledProvider.objects.filter(sample=sample).values_list("provider_id", flat=True))


def messages_of(excinfo, field) -> list[str]:
    return excinfo.value.message_dict[field]


# The allocation rule, without a database.
@pytest.mark.parametrize(("populations", "size", "expected"), [
    ({AP: 6, SI: 4}, 5, {AP: 3, SI: 2}),
    ({AP: 6, SI: 4}, 10, {AP: 6, SI: 4}),
    ({AP: 6, SI: 4}, 1, {AP: 1, SI: 0}),
    # 7 × 9/10 = 6.3 and 7 × 1/10 = 0.7: the remainder goes to the larger remainder.
    ({AP: 9, SI: 1}, 7, {AP: 6, SI: 1}),
    # 2 × 1/10 = 0.2 rounds to none, but with a place for each type the small one gets one.
    ({AP: 9, SI: 1}, 2, {AP: 1, SI: 1}),
    # Fewer places than types: proportional, ties to the larger type, then type order.
    ({SI: 2, AP: 3, IAP: 5}, 1, {SI: 0, AP: 0, IAP: 1}),
    ({SI: 1, AP: 1, IAP: 1}, 2, {SI: 1, AP: 1, IAP: 0}),
    # An empty type gets nothing.
    ({SI: 0, AP: 4, IAP: 2}, 3, {SI: 0, AP: 2, IAP: 1}),
])
def test_places_are_shared_in_proportion_by_largest_remainder(populations, size, expected):
    assert allocate(populations, size) == expected
    assert sum(expected.values()) == size


@pytest.mark.parametrize(("share", "population", "expected"), [
    (25, 10, 3), (20, 10, 2), (24, 10, 2), (1, 10, 1), (100, 10, 10), (50, 3, 2), (33, 3, 1),
    (10, 0, 0),
])
def test_a_percentage_rounds_half_up_to_at_least_one_provider(share, population, expected):
    assert share_size(share, population) == expected


def test_a_number_draws_exactly_that_many_providers(population):
    sample = draw(population, method=Method.SIZE, size=4)
    assert sample.drawn == 4 and sample.population == 10
    assert SampledProvider.objects.filter(sample=sample).count() == 4


def test_a_percentage_draws_its_rounded_share(population):
    sample = draw(population, method=Method.SHARE, share=25)
    assert sample.drawn == 3 and sample.share == 25 and sample.size is None
    assert len(drawn_ids(sample)) == 3


def test_all_draws_every_commissioned_provider(population):
    sample = draw(population, method=Method.ALL)
    expected = set(Commissioning.objects.filter(commissioner=population.la)
                   .values_list("provider_id", flat=True))
    assert drawn_ids(sample) == expected and sample.drawn == 10


def test_the_sample_is_stratified_in_proportion_to_provider_types(population):
    sample = draw(population, method=Method.SIZE, size=5)
    rows = SampledProvider.objects.filter(sample=sample)
    assert sorted(rows.values_list("provider_type", flat=True)) == sorted([AP] * 3 + [SI] * 2)
    strata = {s.provider_type: (s.population, s.drawn)
              for s in SampleStratum.objects.filter(sample=sample)}
    assert strata == {AP: (6, 3), SI: (4, 2)}


def test_the_provider_type_is_kept_as_it_was_when_drawn(population):
    sample = draw(population, method=Method.ALL)
    population.provider.provider_type = AP
    population.provider.save()
    row = SampledProvider.objects.get(sample=sample, provider=population.provider)
    assert row.provider_type == SI


def test_the_same_seed_draws_the_same_providers(population):
    first = draw(population, method=Method.SIZE, size=5, seed=4821)
    again = draw(population, method=Method.SIZE, size=5, seed=4821)
    assert again.seed == first.seed == 4821
    assert drawn_ids(again) == drawn_ids(first)


def test_different_seeds_draw_different_samples(population):
    samples = {frozenset(drawn_ids(draw(population, method=Method.SIZE, size=5, seed=seed)))
               for seed in range(1, 9)}
    # 6C3 × 4C2 = 120 possible samples: eight seeds all agreeing would be no random draw.
    assert len(samples) > 1


def test_a_seed_is_made_and_recorded_when_none_is_given(population):
    seeds = {draw(population, method=Method.SIZE, size=5).seed for _ in range(3)}
    assert all(0 <= seed <= SEED_MAX for seed in seeds)
    latest = ModerationSample.objects.current().get(organisation=population.la)
    assert drawn_ids(draw(population, method=Method.SIZE, size=5, seed=latest.seed)) == \
        drawn_ids(latest)


def test_the_draw_is_recorded_in_history_naming_who_drew_it(population):
    commissioner = population.users["la_commissioner"]
    sample = draw(population, method=Method.SIZE, size=5)
    record = sample.history.get()
    assert record.history_user == commissioner and record.history_type == "+"
    assert record.history_change_reason == "Drawn"
    assert sample.drawn_by == commissioner and sample.drawn_at is not None
    rows = SampledProvider.history.filter(sample_id=sample.pk)
    assert rows.count() == 5 and {r.history_user for r in rows} == {commissioner}
    assert {r.history_user for r in SampleStratum.history.filter(sample_id=sample.pk)} == {
        commissioner}


def test_drawing_again_supersedes_the_years_sample_and_keeps_it(population):
    first = draw(population, method=Method.SIZE, size=5, seed=1)
    second = draw(population, by="la_commissioner", method=Method.SHARE, share=50, seed=2)
    first.refresh_from_db()
    assert not first.is_current and first.superseded_at == second.drawn_at
    assert second.is_current and second.replaces == first
    assert list(ModerationSample.objects.current().filter(organisation=population.la)) == [second]
    assert SampledProvider.objects.filter(sample=first).count() == 5  # kept as drawn
    superseded = first.history.order_by("history_date").last()
    assert superseded.superseded_at is not None
    assert superseded.history_change_reason == "Superseded by a new draw"
    assert superseded.history_user == population.users["la_commissioner"]


def test_another_year_has_its_own_current_sample(population):
    this_year = draw(population, method=Method.ALL)
    last_year = draw(population, method=Method.ALL, period="2024/25")
    assert this_year.is_current and last_year.is_current and last_year.replaces is None
    assert ModerationSample.objects.current().filter(organisation=population.la).count() == 2


def test_providers_not_commissioned_are_never_drawn(population):
    sample = draw(population, method=Method.ALL)
    assert population.other_provider.pk not in drawn_ids(sample)


def test_decommissioned_providers_are_left_out(population):
    link = Commissioning.objects.get(commissioner=population.la, provider=population.provider)
    link.status = Commissioning.Status.DECOMMISSIONED
    link.save()
    sample = draw(population, method=Method.ALL)
    assert sample.population == 9 and population.provider.pk not in drawn_ids(sample)
    suspended = Commissioning.objects.filter(commissioner=population.la).exclude(pk=link.pk).first()
    suspended.status = Commissioning.Status.SUSPENDED
    suspended.save()
    assert suspended.provider_id in drawn_ids(draw(population, method=Method.ALL))


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"method": Method.SIZE, "size": 0}, "size", sampling.SIZE_RANGE.format(population=10)),
    ({"method": Method.SIZE, "size": 11}, "size", sampling.SIZE_RANGE.format(population=10)),
    ({"method": Method.SIZE}, "size", sampling.SIZE_REQUIRED),
    ({"method": Method.ALL, "size": 3}, "size", sampling.SIZE_NOT_ASKED),
    ({"method": Method.SHARE}, "share", sampling.SHARE_REQUIRED),
    ({"method": Method.SHARE, "share": 0}, "share", sampling.SHARE_RANGE),
    ({"method": Method.SHARE, "share": 101}, "share", sampling.SHARE_RANGE),
    ({"method": Method.SIZE, "size": 2, "share": 5}, "share", sampling.SHARE_NOT_ASKED),
    ({"method": Method.ALL, "seed": -1}, "seed", sampling.SEED_RANGE),
    ({"method": Method.ALL, "seed": 2**31}, "seed", sampling.SEED_RANGE),
    ({"method": "random"}, "method", sampling.METHOD_REQUIRED),
    ({"method": Method.ALL, "period": "2025"}, "period", "Enter the academic year like 2025/26."),
])
def test_a_bad_request_is_refused_beside_its_field(population, kwargs, field, message):
    with pytest.raises(ValidationError) as excinfo:
        draw(population, **kwargs)
    assert messages_of(excinfo, field) == [message]
    assert not ModerationSample.objects.exists()


def test_an_organisation_commissioning_nobody_has_nothing_to_sample(world):
    empty = LocalAuthorityFactory(name="Empty Council", slug="empty-council")
    MembershipFactory(user=world.users["la_commissioner"], organisation=empty,
                      role=Membership.Role.LA_COMMISSIONER)
    with pytest.raises(ValidationError) as excinfo:
        draw(world, organisation=empty, method=Method.ALL)
    assert excinfo.value.messages == [sampling.NO_PROVIDERS.format(organisation="Empty Council")]


@pytest.mark.parametrize("role", ["provider_lead", "partnership_officer", "other_la_commissioner",
                                  "admin", "no_membership"])
def test_only_the_organisations_reviewers_draw_its_sample(population, role):
    with pytest.raises(PermissionDenied):
        draw(population, by=role, method=Method.ALL)
    assert not ModerationSample.objects.exists()


@pytest.mark.parametrize("role", ["partnership_officer", "partnership_chair"])
def test_a_partnerships_officer_and_chair_draw_its_sample(world, role):
    sample = draw(world, by=role, organisation=world.partnership, method=Method.ALL)
    assert drawn_ids(sample) == {world.provider.pk}


def test_the_database_holds_one_current_sample_per_organisation_and_year(population):
    sample = draw(population, method=Method.ALL)
    with pytest.raises(IntegrityError), transaction.atomic():
        ModerationSample.objects.create(
            organisation=population.la, period="2025/26", method=Method.ALL, seed=1,
            population=1, drawn=1, drawn_by=population.users["la_commissioner"],
            drawn_at=sample.drawn_at)


# The form: whole numbers only, politely, and only the box the method asks for.
FORM_TODAY = datetime.date(2026, 3, 12)


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"method": "size", "size": "\x00"}, "size",
     "Enter the number of providers as a whole number, like 5."),
    ({"method": "size", "size": "9" * 30}, "size",
     "Enter a number of providers no larger than the number you commission."),
    ({"method": "size", "size": "9" * 5000}, "size",
     "Enter the number of providers as a whole number, like 5."),
    ({"method": "size", "size": ""}, "size", sampling.SIZE_REQUIRED),
    ({"method": "share", "share": "150"}, "share", sampling.SHARE_RANGE),
    ({"method": "all", "seed": "9" * 20}, "seed", sampling.SEED_RANGE),
    ({"method": "all", "seed": "1\x002"}, "seed",
     "Enter the seed as a whole number, like 4821, or leave it blank."),
    ({"method": "\x00"}, "method", sampling.METHOD_REQUIRED),
    ({"method": "all", "period": "2025/26\x00"}, "period", "Choose the academic year."),
])
def test_the_form_refuses_what_is_no_whole_number_politely(data, field, message):
    form = SampleDrawForm({"period": "2025/26", **data}, today=FORM_TODAY)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_a_number_in_the_box_of_another_method_is_ignored():
    form = SampleDrawForm({"period": "2025/26", "method": "all", "size": "abc", "share": "500"},
                          today=FORM_TODAY)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["size"] is None and form.cleaned_data["share"] is None
