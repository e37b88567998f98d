"""Leicestershire's commissioner imports area indicator figures from a file in a real browser:
a file with a mistyped year is refused with the problem named by row and column and nothing
recorded; the corrected file is previewed (what is new, what is replaced), recorded on
Confirm, and the indicators page shows the figures. At 1280 px and at 320 px, every page
passing axe and fitting the window."""
import pytest
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from outcomes.indicator_models import IndicatorValue
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.outcomes.test_indicator_import import FIGURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_a_commissioner_imports_indicator_figures(demo, browser_page, console_problems, login,
                                                  tmp_path, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "commissioner@leics.example", DEMO_PASSWORD)
    page.goto("/outcomes/indicators/")
    page.get_by_role("link", name="Import figures from a file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import indicator figures")
    _checked(page)
    held = IndicatorValue.objects.count()

    wrong = tmp_path / "wrong.csv"
    wrong.write_bytes(FIGURES.csv_bytes(rows=FIGURES.with_cell("academic_year", "2025-26",
                                                               row=1)))
    page.get_by_label("Upload a file").set_input_files(str(wrong))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Row 3, column B (academic_year): Give the academic year as 2025/26")
    _checked(page)
    console_problems[:] = [p for p in console_problems if "400 (Bad Request)" not in p]
    assert IndicatorValue.objects.count() == held

    page.get_by_role("link", name="Upload a corrected file").click()
    rows = FIGURES.with_cell("provider", "Oakfield Alternative Provision", row=4)
    right = tmp_path / "figures.csv"
    right.write_bytes(FIGURES.csv_bytes(rows=rows))
    page.get_by_label("Upload a file").set_input_files(str(right))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the file")
    expect(page.get_by_role("table", name="What is recorded")).to_contain_text(
        "Oakfield Alternative Provision")
    _checked(page)
    page.get_by_role("button", name="Record the figures").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Recorded 5 figures from figures.csv for Leicestershire County Council")
    expect(page.get_by_role("heading", level=1)).to_have_text("Area indicators")
    _checked(page)
