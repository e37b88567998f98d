"""A provider's profile is reachable from where its own people look (Home and the organisation's
page), and from the organisation page for those who commission it; the link is shown exactly
to those the profile opens for."""
import re

import pytest

from organisations.models import Organisation
from organisations.permissions import can
from tests.demo_data import DEMO_USERS

PROFILE = "dashboards.view_provider_profile"


def profile_links(html: str, slug: str) -> list[str]:
    """The words of every link to the provider's profile on the page."""
    return [re.sub(r"<[^>]+>|\s+", " ", words).strip() for words in re.findall(
        rf'<a class="govuk-link" href="/dashboard/providers/{slug}/">(.*?)</a>', html, re.S)]


def page(client, user, url):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("user", ["riverside_lead", "riverside_staff"])
def test_the_providers_people_find_their_profile_on_home_and_their_organisation_page(
        demo, client, user):
    person = demo.user(user)
    for url in ("/", "/organisations/riverside-college/"):
        links = profile_links(page(client, person, url), "riverside-college")
        assert links == ["Riverside College’s profile: results, QA visits, concerns and action "
                         "plans year by year"], url
    assert page(client, person, "/dashboard/providers/riverside-college/")


def test_a_commissioner_finds_the_profile_on_the_providers_page_but_not_on_its_own(
        demo, client):
    commissioner = demo.user("leics_commissioner")
    assert profile_links(page(client, commissioner, "/organisations/riverside-college/"),
                         "riverside-college")
    html = page(client, commissioner, "/organisations/leicestershire-cc/")
    assert "’s profile: results" not in html
    assert "’s profile: results" not in page(client, commissioner, "/")


@pytest.mark.parametrize("user", sorted(DEMO_USERS))
def test_the_rule_behind_the_link_opens_the_same_profiles_as_the_page(demo, client, user):
    person = demo.user(user)
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    for organisation in Organisation.objects.all():
        status = client.get(f"/dashboard/providers/{organisation.slug}/").status_code
        assert can(person, PROFILE, organisation) == (status == 200), (organisation, status)
