"""An organisation's page: its commissioning links 50 to a page, searchable, each with its
latest status changes, in the same number of queries however many links it has."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CommissioningFactory, LocalAuthorityFactory, ProviderFactory

MOST_QUERIES = 10  # whatever the number of links; today 9 (10 on a provider's page)


def _cards(html):
    return re.findall(r'<h3 class="govuk-summary-card__title">([^<]+)</h3>', html)


def _add_links(world, role, count):
    """``count`` more links on the page of the role's organisation, each with a status change."""
    for _ in range(count):
        if role == "provider_lead":
            links = [CommissioningFactory(commissioner=LocalAuthorityFactory(), provider=world.provider)]
        else:
            provider = ProviderFactory()
            links = [CommissioningFactory(commissioner=commissioner, provider=provider)
                     for commissioner in (world.la, world.partnership)]
        for link in links:
            link.status, link.status_reason = "under_review", "Ofsted letter"
            link.save()


ROLE_PAGE = {"la_commissioner": "la", "partnership_officer": "partnership",
             "provider_lead": "provider"}


@pytest.mark.parametrize("role", list(ROLE_PAGE))
def test_the_page_reads_as_many_queries_for_50_links_as_for_5(world, client_for, role):
    client = client_for(world.users[role])
    url = getattr(world, ROLE_PAGE[role]).get_absolute_url()
    counts = []
    for more in (5, 45):  # 5, then 50 commissioned providers (or commissioners)
        _add_links(world, role, more)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert "Ofsted letter" in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1] <= MOST_QUERIES, counts


@pytest.fixture
def sixty(world):
    """Shire Council commissions Riverside College and 60 academies."""
    for n in range(1, 61):
        CommissioningFactory(commissioner=world.la,
                             provider=ProviderFactory(name=f"Provider {n:02d} Academy"))
    return world.la.get_absolute_url()


def test_a_commissioner_sees_50_providers_and_a_link_to_the_next_page(world, client_for, sixty):
    client = client_for(world.users["la_commissioner"])
    first = client.get(sixty).content.decode()
    assert _cards(first) == [f"Provider {n:02d} Academy" for n in range(1, 51)]
    assert "Showing 1 to 50 of 61 providers" in first
    assert 'href="?page=2" rel="next"' in first
    assert "Search providers by name" in first

    second = client.get(sixty, {"page": 2}).content.decode()
    assert _cards(second) == [f"Provider {n} Academy" for n in range(51, 61)] + ["Riverside College"]
    assert "Showing 51 to 61 of 61 providers" in second
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert "<title>Shire Council (page 2 of 2)" in second


def test_a_commissioner_searches_their_providers_by_name(world, client_for, sixty):
    client = client_for(world.users["la_commissioner"])
    found = client.get(sixty, {"q": "provider 0"}).content.decode()
    assert _cards(found) == [f"Provider {n:02d} Academy" for n in range(1, 10)]
    assert "Providers matching “provider 0” (9)" in found
    assert 'value="provider 0"' in found
    assert "Show all providers" in found


def test_a_search_with_no_match_says_so(world, client_for, sixty):
    client = client_for(world.users["la_commissioner"])
    # Hilltop AP exists but Shire Council does not commission it: a search does not reveal it.
    nothing = client.get(sixty, {"q": "Hilltop"}).content.decode()
    assert _cards(nothing) == []
    assert "No provider here has “Hilltop” in its name." in nothing
    # The search is over the providers' names, not the commissioner's own.
    assert "No provider here has “Shire” in its name." in client.get(
        sixty, {"q": "Shire"}).content.decode()


def test_search_terms_stay_on_the_page_links(world, client_for, sixty):
    html = client_for(world.users["la_commissioner"]).get(sixty, {"q": "academy"}).content.decode()
    assert "Providers matching “academy”: 1 to 50 of 60" in html
    assert 'href="?q=academy&amp;page=2"' in html


def test_a_provider_lead_with_two_commissioners_sees_both_and_no_search(world, client_for):
    html = client_for(world.users["provider_lead"]).get(world.provider.get_absolute_url()).content.decode()
    assert _cards(html) == ["North SEIP", "Shire Council"]
    assert "Search partnerships and local authorities by name" not in html
    assert 'class="govuk-pagination"' not in html


def test_a_provider_searches_its_many_commissioners_by_name(world, client_for):
    for n in range(12):
        CommissioningFactory(commissioner=LocalAuthorityFactory(name=f"Borough {n:02d}"),
                             provider=world.provider)
    html = client_for(world.users["provider_lead"]).get(
        world.provider.get_absolute_url(), {"q": "seip"}).content.decode()
    assert "Search partnerships and local authorities by name" in html
    assert _cards(html) == ["North SEIP"]


def test_each_link_shows_its_own_latest_ten_status_changes_newest_first(world, client_for):
    links = list(world.la.commissions.all()) + list(world.partnership.commissions.all())
    for link in links:
        for n in range(1, 13):
            link.status_reason = f"{link.commissioner.name} change {n:02d}"
            link.save()
    html = client_for(world.users["provider_lead"]).get(world.provider.get_absolute_url()).content.decode()
    for name in ("North SEIP", "Shire Council"):
        shown = re.findall(rf"{name} change (\d\d)", html)
        # Each change shows as the current reason (once) and in the history (ten).
        assert shown[0] == "12" and shown[1:] == [f"{n:02d}" for n in range(12, 2, -1)]


@pytest.mark.parametrize("params", [
    {"page": "9999999999999999999999999"}, {"page": "-1"}, {"page": "two"}, {"page": ""},
    {"page": "1.5"}, {"q": "x" * 5000}, {"q": "é🙂\u202e", "page": "2"},
])
def test_odd_page_numbers_and_searches_give_a_normal_page(world, client_for, sixty, params):
    response = client_for(world.users["la_commissioner"]).get(sixty, params)
    assert response.status_code == 200


@pytest.mark.parametrize("params", [{"page": "1\x00"}, {"q": "a\x00b"}])
def test_a_nul_in_the_page_or_search_is_a_bad_request_not_a_server_error(
        world, client_for, sixty, params):
    # Refused for the whole site by qaportal.middleware, before any lookup.
    assert client_for(world.users["la_commissioner"]).get(sixty, params).status_code == 400


def test_a_page_number_past_the_end_shows_the_last_page(world, client_for, sixty):
    html = client_for(world.users["la_commissioner"]).get(sixty, {"page": "99"}).content.decode()
    assert _cards(html)[-1] == "Riverside College"
