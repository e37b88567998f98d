"""An LA commissioner opens the trends page from the provider dashboard, at 1280 px and at
320 px: the SI QAF chart has its title, the table of the same figures is beneath it, the
page fits the window and passes axe."""
import pytest
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SI_QAF = "Supported Internship Quality Assurance Framework: submitted totals by band"


@pytest.mark.parametrize("width", [1280, 320])
def test_a_commissioner_sees_the_trend_charts_with_their_tables(
        demo, browser_page, login, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "commissioner@leics.example", DEMO_PASSWORD)
    page.goto("/dashboard/trends/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trends")
    chart = page.get_by_role("img", name=SI_QAF)
    expect(chart).to_be_visible()
    expect(chart.locator("text", has_text="2024/25")).to_be_visible()
    # The 2024/25 SI QAF (34 of 36) is in the 30 to 35 band.
    table = page.locator("table", has=page.locator("caption", has_text=SI_QAF))
    expect(table).to_be_visible()
    expect(table.get_by_role("row", name="2024/25 0 1 0 0")).to_be_visible()
    # The table comes after its chart.
    assert chart.bounding_box()["y"] < table.bounding_box()["y"]
    expect(page.get_by_role("img", name="Question 1, Learner Safety: visit judgements",
                            exact=False)).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


IED = "IntegratED AP Quality Benchmark Toolkit: items at each level by benchmark"


@pytest.mark.parametrize("width", [1280, 320])
def test_the_benchmark_chart_names_its_bars_as_its_table_does(
        demo, browser_page, login, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "commissioner@leics.example", DEMO_PASSWORD)
    page.goto("/dashboard/trends/?year=2025%2F26")
    chart = page.get_by_role("img", name=IED, exact=False)
    table = page.locator("table", has=page.locator("caption", has_text=IED))
    names = table.locator("tbody th").all_inner_texts()
    assert len(names) == 13 and names[0] == "1. Workforce development and wellbeing"
    labels = chart.locator('text[x="0"][font-weight="bold"]')
    assert labels.all_text_contents() == names
    # Each name fits inside the chart, at either width.
    box = chart.bounding_box()
    for label in labels.all():
        right = label.bounding_box()
        assert right["x"] + right["width"] <= box["x"] + box["width"] + 0.5
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
