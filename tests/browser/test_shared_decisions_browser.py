"""A second Leicestershire partnership, which does not commission Oakfield, reads the SEIP
chair's decision about it on its dashboard and causes for concern page, at 1280 px and at
320 px: the headline only. Every page passes axe and fits the window."""
import pytest
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_decision_is_shared_across_the_area(demo, browser_page, login):
    page = browser_page
    login(page, "officer@hinckley-seip.example", DEMO_PASSWORD)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/dashboard/providers/")
        page.get_by_role("link", name="1 decision on causes for concern shared across "
                                       "Leicestershire").click()
        expect(page.get_by_role("heading", name="Decisions shared across Leicestershire")
               ).to_be_visible()
        row = page.get_by_role("row").filter(has_text="Oakfield Alternative Provision")
        expect(row).to_contain_text("North West Leicestershire SEIP")
        expect(row.get_by_role("link")).to_have_count(0)
        assert_no_horizontal_scroll(page)
        assert_accessible(page)
