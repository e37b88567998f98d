"""Leicestershire's commissioner records attendance for two years beside England's and for its
learners at Oakfield beside the whole cohort, adds an indicator of its own, and reads them on
the outcomes dashboard as a chart with its table: at 1280 px and at 320 px, every page passing
axe and fitting the window."""
import pytest
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def _record(page, indicator, year, value, comparator="", provider="Your whole SEND cohort"):
    page.get_by_label("Indicator", exact=True).select_option(label=indicator)
    page.get_by_label("Academic year", exact=True).select_option(year)
    page.get_by_label("Provider (optional)").select_option(label=provider)
    page.get_by_label("Comparator (leave blank for your own SEND cohort)").fill(comparator)
    page.get_by_label("Figure", exact=True).fill(value)
    page.get_by_role("button", name="Record the figure").click()


@pytest.mark.parametrize("width", [1280, 320])
def test_a_commissioner_records_attendance_beside_england_and_reads_the_chart(
        demo, browser_page, console_problems, login, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "commissioner@leics.example", DEMO_PASSWORD)
    page.goto("/outcomes/indicators/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Area indicators")
    _checked(page)
    _record(page, "Attendance", "2025/26", "ninety")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the figure as a number")
    _checked(page)
    console_problems[:] = [p for p in console_problems if "400 (Bad Request)" not in p]
    _record(page, "Attendance", "2025/26", "91.2")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("91.2%")
    _record(page, "Attendance", "2024/25", "90.4")
    _record(page, "Attendance", "2025/26", "92.5", comparator="England")
    table = page.locator("table:has(caption:has-text('Attendance (per cent) by academic year'))")
    expect(table.locator("tr", has_text="2025/26")).to_contain_text("92.5%")
    _checked(page)
    _record(page, "Attendance", "2025/26", "88.4", provider="Oakfield Alternative Provision")
    by_provider = page.locator("table:has(caption:has-text('Attendance by provider, 2025/26'))")
    expect(by_provider.get_by_role("row", name="Oakfield Alternative Provision 88.4% 91.2% worse")
           ).to_be_visible()
    _checked(page)

    page.get_by_role("link", name="Add an indicator of your own").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Add an indicator")
    _checked(page)
    page.get_by_label("Name").fill("Key stage 2 attainment")
    page.get_by_label("Per cent").check()
    page.get_by_label("Higher is better").check()
    page.get_by_role("button", name="Add the indicator").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Key stage 2 attainment")

    page.goto("/dashboard/outcomes/")
    expect(page.get_by_role("heading", name="Area indicators: Leicestershire County Council")
           ).to_be_visible()
    expect(page.get_by_role("heading", name="Attendance", exact=True)).to_be_visible()
    expect(page.get_by_text("2025/26: 91.2% against England 92.5%, worse")).to_be_visible()
    expect(page.locator("svg title", has_text="Attendance, per cent")).to_have_count(1)
    _checked(page)
