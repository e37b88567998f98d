"""An LA commissioner reads the soft outcomes on the outcomes dashboard (chart, then table)
and on the provider's profile; the provider's lead reads the same table with the small
figures withheld. At 1280 px and at 320 px, fitting the window and passing axe."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.outcomes.test_soft_outcomes import soft  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SOFT = "Soft outcomes, 2025/26"
CONFIDENCE = "Confidence and motivation changes"


@pytest.mark.parametrize("width", [1280, 320])
def test_soft_outcomes_on_the_dashboard_and_the_profile(world, soft, browser_page, login,  # noqa: F811
                                                        width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "commissioner@shire.test", world.password)
    page.goto("/dashboard/outcomes/?year=2025/26")
    chart = page.get_by_role("img", name=SOFT)
    expect(chart).to_be_visible()
    table = page.locator("table", has=page.locator("caption", has_text=SOFT))
    expect(table.get_by_role("row", name=f"{CONFIDENCE} 10 60% 30% 10%")).to_be_visible()
    assert chart.bounding_box()["y"] < table.bounding_box()["y"]
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.goto(f"/dashboard/providers/{world.provider.slug}/")
    table = page.locator("table", has=page.locator("caption", has_text=SOFT))
    expect(table.get_by_role("row", name=f"{CONFIDENCE} 10 60% 30% 10%")).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, "lead@riverside.test", world.password)
    page.goto("/dashboard/outcomes/")
    table = page.locator("table", has=page.locator("caption", has_text=SOFT))
    row = table.get_by_role("row", name=CONFIDENCE, exact=False)
    expect(row).to_contain_text("withheld")
    expect(page.get_by_text("10%", exact=True)).to_have_count(0)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
