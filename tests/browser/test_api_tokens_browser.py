"""Issue 31's token pages in a real browser at 1280 px and at 320 px: Leicestershire's
commissioner (its lead) makes an API token from the organisation's page (a form sent empty
first), copies it, uses it against the API, reads its request on the token's page and revokes
it, after which the API refuses it. Every page passes axe and fits the window."""
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_a_lead_makes_uses_and_revokes_a_token(demo, browser_page, login, console_problems,
                                               width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "commissioner@leics.example", DEMO_PASSWORD)
    page.goto("/organisations/leicestershire-cc/")
    page.get_by_role("link", name="Leicestershire County Council’s API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    expect(page.locator("#no-tokens")).to_be_visible()
    _checked(page)

    page.get_by_role("button", name="Make a token").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make an API token")
    _checked(page)
    page.get_by_role("button", name="Make the token").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for the token")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose what the token may read")
    _checked(page)
    page.get_by_label("Name").fill("Power BI quality dashboard")
    expires = timezone.localdate() + datetime.timedelta(days=90)
    page.get_by_label("Day").fill(str(expires.day))
    page.get_by_label("Month").fill(str(expires.month))
    page.get_by_label("Year").fill(str(expires.year))
    page.get_by_label("Quality data").check()
    page.get_by_role("button", name="Make the token").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Token made")
    _checked(page)
    secret = page.get_by_label("Your token").input_value()
    assert secret.startswith("qap_")

    answer = page.request.get("/api/v1/providers", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200
    assert {row["slug"] for row in answer.json()["results"]} == {
        "riverside-college", "oakfield-ap", "beacon-academy"}

    page.get_by_role("link", name="Back to Leicestershire County Council’s API tokens").click()
    page.get_by_role("link", name="Power BI quality dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Power BI quality dashboard")
    expect(page.locator("#requests-caption")).to_contain_text("Requests (1)")
    expect(page.locator("main")).to_contain_text("/api/v1/providers")
    _checked(page)
    page.get_by_role("button", name="Revoke this token").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is revoked")
    expect(page.locator("main")).to_contain_text("Revoked")
    _checked(page)
    refused = page.request.get("/api/v1/providers", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status == 401
    console_problems[:] = [p for p in console_problems if "400 (Bad Request)" not in p]
