"""Home and organisation pages as each role sees them; query counts that must not grow."""
import pytest
from django.urls import reverse

from organisations.models import Commissioning
from tests.factories import CommissioningFactory, ProviderFactory


def test_provider_lead_home_shows_who_commissions_them(world, client_for):
    html = client_for(world.users["provider_lead"]).get(reverse("home")).content.decode()
    assert "Riverside College" in html
    assert "Provider lead" in html
    assert "North SEIP" in html and "Shire Council" in html
    assert "Hilltop AP" not in html


def test_commissioner_home_lists_providers_needing_attention(world, client_for):
    Commissioning.objects.filter(commissioner=world.la).update(status="under_review")
    html = client_for(world.users["la_commissioner"]).get(reverse("home")).content.decode()
    assert "Needs attention" in html
    assert "Riverside College</a>: under review" in html


def test_header_names_the_signed_in_user_and_organisation(world, client_for):
    user = world.users["partnership_officer"]
    html = client_for(user).get(reverse("home")).content.decode()
    assert user.display_name in html
    assert "Partnership officer at North SEIP" in html


def test_user_without_membership_is_told_what_to_do(world, client_for):
    html = client_for(world.users["no_membership"]).get(reverse("home")).content.decode()
    assert "You are not a member of any organisation yet" in html


def test_provider_members_are_listed_only_for_members(world, client_for):
    url = world.provider.get_absolute_url()
    assert "staff@riverside.test" in client_for(world.users["provider_lead"]).get(url).content.decode()
    assert "staff@riverside.test" not in client_for(
        world.users["la_commissioner"]).get(url).content.decode()


@pytest.mark.parametrize("extra", [1, 30])
def test_provider_list_queries_do_not_grow_with_providers(world, client_for, extra,
                                                          django_assert_max_num_queries):
    for _ in range(extra):
        CommissioningFactory(commissioner=world.la, provider=ProviderFactory())
    client = client_for(world.users["la_commissioner"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("organisations:list"))
    assert response.content.decode().count("govuk-table__row") == extra + 2  # header + Riverside


@pytest.mark.parametrize("extra", [1, 30])
def test_home_queries_do_not_grow_with_providers(world, client_for, extra,
                                                 django_assert_max_num_queries):
    for _ in range(extra):
        CommissioningFactory(commissioner=world.la, provider=ProviderFactory(), status="suspended")
    client = client_for(world.users["la_commissioner"])
    with django_assert_max_num_queries(8):
        client.get(reverse("home"))


def test_organisation_detail_queries_are_bounded(world, client_for, django_assert_max_num_queries):
    client = client_for(world.users["admin"])
    with django_assert_max_num_queries(12):
        client.get(world.provider.get_absolute_url())
