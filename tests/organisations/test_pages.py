"""Home and organisation pages as each role sees them; query counts that must not grow."""
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from organisations.models import Commissioning
from organisations.views import PROVIDERS_PAGE_SIZE
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
    assert escape(user.display_name) in html  # a name may hold an apostrophe
    assert "Partnership officer at North SEIP" in html


def test_user_without_membership_is_told_what_to_do(world, client_for):
    html = client_for(world.users["no_membership"]).get(reverse("home")).content.decode()
    assert "You are not a member of any organisation yet" in html


def test_provider_members_are_listed_only_for_members(world, client_for):
    url = world.provider.get_absolute_url()
    assert "staff@riverside.test" in client_for(world.users["provider_lead"]).get(url).content.decode()
    assert "staff@riverside.test" not in client_for(
        world.users["la_commissioner"]).get(url).content.decode()


@pytest.mark.parametrize("extra", [1, 30, 120])
def test_provider_list_queries_do_not_grow_with_providers(world, client_for, extra,
                                                          django_assert_max_num_queries):
    for _ in range(extra):
        CommissioningFactory(commissioner=world.la, provider=ProviderFactory())
    client = client_for(world.users["la_commissioner"])
    with django_assert_max_num_queries(9):
        response = client.get(reverse("organisations:list"))
    shown = min(extra + 1, PROVIDERS_PAGE_SIZE)  # Riverside and the extra providers
    assert response.content.decode().count("govuk-table__row") == shown + 1  # and the header


def _rows(html):
    return re.findall(r'<th scope="row" class="govuk-table__header"><a [^>]*>([^<]+)</a>', html)


def test_a_commissioner_pages_through_and_searches_their_providers(world, client_for):
    for n in range(1, 61):
        CommissioningFactory(commissioner=world.la,
                             provider=ProviderFactory(name=f"Provider {n:02d} Academy"))
    client = client_for(world.users["la_commissioner"])
    url = reverse("organisations:list")

    first = client.get(url).content.decode()
    assert _rows(first)[:2] == ["Provider 01 Academy", "Provider 02 Academy"]
    assert len(_rows(first)) == 50
    assert "(1 to 50 of 61)" in first
    assert 'aria-label="Page 2"' in first
    second = client.get(url, {"page": 2}).content.decode()
    assert _rows(second) == [f"Provider {n} Academy" for n in range(51, 61)] + ["Riverside College"]
    assert "(51 to 61 of 61)" in second

    found = client.get(url, {"q": "provider 0"}).content.decode()
    assert _rows(found) == [f"Provider {n:02d} Academy" for n in range(1, 10)]
    assert "Providers matching “provider 0”, with who commissions them (9)" in found
    assert 'value="provider 0"' in found
    # Hilltop AP exists but is not commissioned by the LA: a search does not reveal it.
    nothing = client.get(url, {"q": "Hilltop"}).content.decode()
    assert _rows(nothing) == []
    assert "No provider you can see has “Hilltop” in its name." in nothing


def test_search_terms_stay_on_the_page_links(world, client_for):
    for n in range(1, 61):
        CommissioningFactory(commissioner=world.la,
                             provider=ProviderFactory(name=f"Oak {n:02d} School"))
    html = client_for(world.users["la_commissioner"]).get(
        reverse("organisations:list"), {"q": "oak"}).content.decode()
    assert 'href="?q=oak&amp;page=2"' in html


def test_a_provider_lead_sees_their_provider_without_a_search_box(world, client_for):
    html = client_for(world.users["provider_lead"]).get(reverse("organisations:list")).content.decode()
    assert _rows(html) == ["Riverside College"]
    assert "Search providers by name" not in html


@pytest.mark.parametrize("extra", [1, 30])
def test_home_queries_do_not_grow_with_providers(world, client_for, extra,
                                                 django_assert_max_num_queries):
    for _ in range(extra):
        CommissioningFactory(commissioner=world.la, provider=ProviderFactory(), status="suspended")
    client = client_for(world.users["la_commissioner"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert f"Suspended: <strong>{extra}</strong>" in response.content.decode()


def test_organisation_detail_queries_are_bounded(world, client_for, django_assert_max_num_queries):
    client = client_for(world.users["admin"])
    with django_assert_max_num_queries(12):
        response = client.get(world.provider.get_absolute_url())
    assert response.status_code == 200
    assert "<h1" in response.content.decode() and world.provider.name in response.content.decode()
