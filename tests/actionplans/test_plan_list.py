"""The action plans list at scale: 50 to a page in a stable order, filtered by academic year
and by open or overdue actions, searched by provider name, in a fixed number of queries, and
never failing on a query string it did not write."""
import pytest
from django.urls import reverse

from actionplans.models import Action
from actionplans.selectors import PlanState
from tests.list_data import many_providers, plan

ROLES = ["partnership_officer", "la_commissioner", "provider_lead"]
# Session, user, the years to filter by, the count, the page, its action counts and the
# user's own providers (for the link to this year's plan) and the unread notifications in the
# header: whatever the number of providers.
QUERIES = {"partnership_officer": 9, "la_commissioner": 9, "provider_lead": 9}


@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize("role", ROLES)
def test_the_plan_list_reads_as_many_queries_at_5_as_at_50_providers(
        world, frameworks, client_for, role, n, django_assert_num_queries):
    many_providers(world, frameworks, n)
    client = client_for(world.users[role])
    with django_assert_num_queries(QUERIES[role]):
        response = client.get(reverse("actionplans:list"), {"state": "overdue", "q": "o"})
    assert response.status_code == 200


def names(response) -> list[str]:
    return [p.provider.name for p in response.context["plans"]]


def test_page_one_holds_50_and_links_to_the_next(world, frameworks, client_for):
    many_providers(world, frameworks, 55)
    plan(world, world.provider, period="2024/25")
    client = client_for(world.users["la_commissioner"])
    response = client.get(reverse("actionplans:list"))
    html = response.content.decode()
    assert len(response.context["plans"]) == 50
    assert names(response)[:2] == ["Provider 001", "Provider 002"]  # newest year, then by name
    assert "1 to 50 of 57" in html
    assert 'href="?page=2" rel="next"' in html
    second = client.get(reverse("actionplans:list"), {"page": "2"})
    assert [(p.provider.name, p.period) for p in second.context["plans"]][-2:] == [
        ("Riverside College", "2025/26"), ("Riverside College", "2024/25")]
    first = response.context["plans"][0]
    assert (first.total, first.open, first.overdue) == (2, 1, 1)


def test_each_filter_narrows_the_list(world, frameworks, client_for):
    providers = many_providers(world, frameworks, 4)
    plan(world, world.provider, period="2024/25", statuses=[Action.Status.DONE])
    plan(world, providers[0], period="2024/25", statuses=[Action.Status.IN_PROGRESS])
    client = client_for(world.users["la_commissioner"])
    url = reverse("actionplans:list")

    def shown(**params):
        return [(p.provider.name, p.period) for p in client.get(url, params).context["plans"]]

    assert shown(year="2024/25") == [("Provider 001", "2024/25"), ("Riverside College", "2024/25")]
    assert len(shown(state="overdue")) == 5 and all(y == "2025/26" for _, y in shown(state="overdue"))
    assert shown(state="open", year="2024/25") == [("Provider 001", "2024/25")]
    assert shown(state="no_open") == [("Riverside College", "2024/25")]
    assert shown(q="riverside") == [("Riverside College", "2025/26"), ("Riverside College", "2024/25")]
    assert "No action plans match your filters." in client.get(
        url, {"q": "riverside", "state": "open", "year": "2024/25"}).content.decode()


def test_the_state_options_come_from_plan_state_and_the_form_works_without_script(
        world, frameworks, client_for):
    many_providers(world, frameworks, 1)
    html = client_for(world.users["la_commissioner"]).get(reverse("actionplans:list")).content.decode()
    assert '<form method="get" action="" role="search" aria-label="Filter action plans">' in html
    for value, label in PlanState.choices:
        assert f'<option value="{value}">{label}</option>' in html
    assert '<label class="govuk-label govuk-label--s" for="filter-q">Provider name</label>' in html
    assert ">Apply</button>" in html


def test_the_provider_lead_sees_only_its_own_plans(world, frameworks, client_for):
    many_providers(world, frameworks, 6)
    response = client_for(world.users["provider_lead"]).get(reverse("actionplans:list"), {"q": "o"})
    assert names(response) == ["Riverside College"]


@pytest.mark.parametrize("params", [
    {"page": "99999999999999999999999999"}, {"page": "abc"}, {"page": "0"}, {"year": "9" * 40},
    {"state": "overdue;drop"}, {"q": "x" * 5000}, {"q": "%_"},
])
def test_odd_query_strings_give_a_normal_page(world, frameworks, client_for, params):
    many_providers(world, frameworks, 3)
    response = client_for(world.users["la_commissioner"]).get(reverse("actionplans:list"), params)
    assert response.status_code == 200
    assert "Action plans" in response.content.decode()


@pytest.mark.parametrize("params", [{"page": "\x00"}, {"state": "\x00"}, {"q": "a\x00"}])
def test_a_nul_is_a_bad_request_never_a_server_error(world, frameworks, client_for, params):
    response = client_for(world.users["la_commissioner"]).get(reverse("actionplans:list"), params)
    assert response.status_code == 400
