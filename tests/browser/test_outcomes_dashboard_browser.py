"""An LA commissioner opens the outcomes dashboard at 1280 px and at 320 px, reads the
shares by area in the chart and its table, filters by primary need and downloads the CSV of
exactly those figures; the page fits the window and passes axe."""
import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.dashboards.test_outcomes_dashboard import outcomes  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BY_AREA = "Goals by Preparing for Adulthood area, 2025/26"


@pytest.mark.parametrize("width", [1280, 320])
def test_a_commissioner_filters_the_outcomes_by_need_and_downloads_the_csv(
        world, outcomes, browser_page, login, width):  # noqa: F811
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "commissioner@shire.test", world.password)
    page.goto("/dashboard/outcomes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcomes")
    chart = page.get_by_role("img", name=BY_AREA)
    expect(chart).to_be_visible()
    table = page.locator("table", has=page.locator("caption", has_text=BY_AREA))
    expect(table.get_by_role("row", name="Employment 10 10 20% 30% 50%")).to_be_visible()
    assert chart.bounding_box()["y"] < table.bounding_box()["y"]
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.get_by_label("Primary need", exact=True).select_option(label="Severe learning difficulty")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_text("filtered by primary need: Severe learning difficulty")).to_be_visible()
    table = page.locator("table", has=page.locator("caption", has_text=BY_AREA))
    expect(table.get_by_role("row", name="Employment 4 4 50% 50% 0%")).to_be_visible()
    expect(table.get_by_role("row", name="Health", exact=False)).to_have_count(0)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV of the outcomes").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    by_area = [r for r in rows if r["Section"] == BY_AREA]
    assert [(r["Group"], r["Learners"], r["Not met (share of goals)"]) for r in by_area] == [
        ("Employment", "4", "50%")]
    assert all("Severe learning difficulty" in r["Filtered by"] for r in rows)
