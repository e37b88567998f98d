"""The privacy notice and the accessibility statement, linked from every page's footer,
signed in or not: axe finds nothing, and each fits a 320 px window."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 320])
def test_the_footer_leads_to_the_privacy_notice_and_the_accessibility_statement(
        browser_page, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accounts/login/")
    footer = page.get_by_role("contentinfo")
    footer.get_by_role("link", name="Privacy notice").click()
    expect(page.get_by_role("heading", level=1, name="Privacy notice for QA Portal")).to_be_visible()
    expect(page.get_by_text("[Not set for this deployment: give SERVICE_DPO_CONTACT]")).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1,
                            name="Accessibility statement for QA Portal")).to_be_visible()
    expect(page.get_by_role("heading", name="Preparation of this accessibility statement")) \
        .to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
