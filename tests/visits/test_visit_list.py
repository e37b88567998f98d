"""The QA visits list at scale: 50 to a page in a stable order, filtered by academic year and
state, searched by provider name, in a fixed number of queries, and never failing on a query
string it did not write."""
import datetime

import pytest
from django.urls import reverse

from tests.list_data import many_providers, visit
from visits import workflow
from visits.models import Visit

ROLES = ["partnership_officer", "la_commissioner", "provider_lead"]
# Session, user, the officer's links, the years to filter by, the count, the page and its
# progress, and the unread notifications in the header: whatever the number of providers.
QUERIES = {"partnership_officer": 9, "la_commissioner": 9, "provider_lead": 9}


@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize("role", ROLES)
def test_the_visit_list_reads_as_many_queries_at_5_as_at_50_providers(
        world, frameworks, client_for, role, n, django_assert_num_queries):
    many_providers(world, frameworks, n)
    client = client_for(world.users[role])
    with django_assert_num_queries(QUERIES[role]):
        response = client.get(reverse("visits:list"), {"year": "2025/26", "q": "o"})
    assert response.status_code == 200


def names(response) -> list[str]:
    return [v.provider.name for v in response.context["visits"]]


def test_page_one_holds_50_newest_first_and_links_to_the_next(world, frameworks, client_for):
    many_providers(world, frameworks, 55)
    client = client_for(world.users["partnership_officer"])
    response = client.get(reverse("visits:list"))
    html = response.content.decode()
    assert len(response.context["visits"]) == 50
    assert names(response)[:2] == ["Provider 055", "Provider 054"]  # the latest visit first
    assert "1 to 50 of 56" in html
    assert 'href="?page=2" rel="next"' in html
    second = client.get(reverse("visits:list"), {"page": "2"})
    assert names(second) == ["Provider 005", "Provider 004", "Provider 003", "Provider 002",
                             "Provider 001", "Riverside College"]


def test_the_same_day_orders_by_provider_name_then_record(world, frameworks, client_for):
    providers = many_providers(world, frameworks, 3)
    Visit.objects.update(planned_visit_date=datetime.date(2026, 2, 2))
    response = client_for(world.users["partnership_officer"]).get(reverse("visits:list"))
    assert names(response) == [p.name for p in providers] + ["Riverside College"]


def test_each_filter_narrows_the_list_and_the_next_link_keeps_it(world, frameworks, client_for):
    many_providers(world, frameworks, 55)
    visit(world, frameworks, world.provider, state="preparing", day=datetime.date(2025, 3, 1),
          period="2024/25")
    client = client_for(world.users["partnership_officer"])
    url = reverse("visits:list")
    last_year = client.get(url, {"year": "2024/25"})
    assert names(last_year) == ["Riverside College"]
    final = client.get(url, {"state": "final"})
    assert {v.state for v in final.context["visits"]} == {"final"}
    assert len(final.context["visits"]) == 14  # every fourth of 55, and Riverside's
    assert names(client.get(url, {"q": "provider 05"})) == [f"Provider 05{i}" for i in (5, 4, 3, 2, 1, 0)]
    assert names(client.get(url, {"q": "RIVERSIDE", "year": "2025/26", "state": "final"})) == [
        "Riverside College"]
    this_year = client.get(url, {"year": "2025/26"})
    assert len(this_year.context["visits"]) == 50
    assert 'href="?year=2025%2F26&amp;page=2" rel="next"' in this_year.content.decode()


def test_the_state_options_come_from_the_workflow(world, frameworks, client_for):
    many_providers(world, frameworks, 1)
    html = client_for(world.users["partnership_officer"]).get(reverse("visits:list")).content.decode()
    for value, label in workflow.STATE_CHOICES:
        assert f'<option value="{value}">{label}</option>' in html
    assert "Apply" in html and '<label class="govuk-label govuk-label--s" for="filter-state">' in html


def test_a_filter_matching_nothing_says_so(world, frameworks, client_for):
    many_providers(world, frameworks, 2)
    response = client_for(world.users["la_commissioner"]).get(
        reverse("visits:list"), {"q": "no such provider"})
    assert "No visit records match your filters." in response.content.decode()


def test_the_provider_and_la_see_only_what_they_saw_before(world, frameworks, client_for):
    many_providers(world, frameworks, 6)
    visit(world, frameworks, world.provider, state="preparing", day=datetime.date(2025, 3, 1),
          period="2024/25")
    lead = client_for(world.users["provider_lead"]).get(reverse("visits:list"), {"q": "o"})
    assert names(lead) == ["Riverside College"]  # not its visit being prepared
    assert len(client_for(world.users["other_la_commissioner"]).get(
        reverse("visits:list")).context["visits"]) == 0


@pytest.mark.parametrize("params", [
    {"page": "99999999999999999999999999"}, {"page": "abc"}, {"page": "-1"}, {"page": "1.5"},
    {"year": "9" * 40}, {"year": "2025-26"}, {"state": "drafts"}, {"state": "FINAL"},
    {"q": "x" * 5000}, {"page": "2", "q": "%"}, {"q": "_"}, {"q": "\u202e"},
])
def test_odd_query_strings_give_a_normal_page(world, frameworks, client_for, params):
    many_providers(world, frameworks, 3)
    response = client_for(world.users["partnership_officer"]).get(reverse("visits:list"), params)
    assert response.status_code == 200
    assert "QA visits" in response.content.decode()


@pytest.mark.parametrize("params", [{"page": "\x00"}, {"year": "\x00"}, {"state": "\x00final"},
                                    {"q": "Provider\x00 0"}])
def test_a_nul_is_a_bad_request_never_a_server_error(world, frameworks, client_for, params):
    """The project's middleware answers NUL anywhere in the address with its 400 page."""
    many_providers(world, frameworks, 1)
    response = client_for(world.users["partnership_officer"]).get(reverse("visits:list"), params)
    assert response.status_code == 400
