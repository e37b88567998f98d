"""The privacy notice and accessibility statement name who runs the deployment from its
settings, and say plainly which setting is missing when one is."""
import pytest

from qaportal import statements


@pytest.mark.parametrize("path", ["/privacy/", "/accessibility/"])
def test_each_page_names_the_deployment_from_its_settings(client, settings, path):
    settings.SERVICE_CONTROLLER = "Wolds Council"
    settings.SERVICE_DPO_CONTACT = "dpo@wolds.gov.uk"
    settings.SERVICE_CONTACT_EMAIL = "qa-portal@wolds.gov.uk"
    page = client.get(path)
    assert page.status_code == 200
    assert "Wolds Council" in page.text and "Not set for this deployment" not in page.text
    assert ("dpo@wolds.gov.uk" if path == "/privacy/" else "qa-portal@wolds.gov.uk") in page.text


def test_unset_details_show_which_setting_to_give(client, settings):
    settings.SERVICE_CONTROLLER = ""
    page = client.get("/privacy/").text
    assert "[Not set for this deployment: give SERVICE_CONTROLLER]" in page
    assert statements.deployment().unset[0] == "SERVICE_CONTROLLER"


def test_the_statement_gives_its_dates_and_every_known_issue(client):
    page = client.get("/accessibility/").text
    assert f"This statement was prepared on {statements.PREPARED:%-d %B %Y}" in page
    assert f"It was last reviewed on {statements.LAST_REVIEWED:%-d %B %Y}" in page
    for issue in statements.KNOWN_ISSUES:
        assert issue in page.replace("&#x27;", "'")


def test_every_page_links_to_both_in_its_footer(client):
    page = client.get("/accounts/login/").text
    footer = page[page.index('<footer'):]
    assert 'href="/privacy/"' in footer and 'href="/accessibility/"' in footer
