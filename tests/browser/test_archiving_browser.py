"""An administrator archives a provider no longer in use and restores it, in a real browser at
1280 px and at 320 px: the reason is asked for (its error beside the field), the provider's
page says it is archived and why, and the providers list leaves it out until it is restored.
Every page passes axe and fits the window."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_an_administrator_archives_a_provider_and_restores_it(
        world, browser_page, login, console_problems, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "admin@service.test", PASSWORD)
    page.goto(world.other_provider.get_absolute_url())
    page.get_by_role("link", name="Archive this organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Archive this organisation")
    _checked(page)
    page.get_by_role("button", name="Archive").click()
    expect(page.get_by_role("link", name="Say why the organisation is archived.")).to_be_visible()
    _checked(page)
    page.get_by_label("Why is it archived?").fill("Closed in July 2026.")
    page.get_by_role("button", name="Archive").click()
    expect(page.locator("#archived")).to_contain_text("Closed in July 2026.")
    _checked(page)

    page.goto("/organisations/")
    expect(page.get_by_role("link", name="Hilltop AP")).to_have_count(0)
    page.goto(world.other_provider.get_absolute_url())
    page.get_by_role("button", name="Restore Hilltop AP").click()
    expect(page.get_by_text("Hilltop AP is back in use.")).to_be_visible()
    expect(page.locator("#archived")).to_have_count(0)
    _checked(page)
    # The form sent without a reason is a 400, which the browser notes: expected.
    console_problems[:] = [p for p in console_problems if "status of 400" not in p]
