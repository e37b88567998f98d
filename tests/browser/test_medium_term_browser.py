"""Shire Council's commissioner adds a medium-term outcome to a learner and records the step
reached at two annual reviews in a real browser; the learner's page shows the timeline and
the distance travelled, and the outcomes dashboard counts it. A year typed wrongly is named in
the error summary and beside its field. At 1280 px and at 320 px, every page passing axe and
fitting the window."""
import pytest
from playwright.sync_api import expect

from outcomes.models import Learner
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OUTCOME = "Work part-time in retail"


def _checked(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def _step(page, year, day, month, calendar_year, step):
    page.get_by_role("link", name="Record a step").click()
    page.get_by_label("Academic year of the review").fill(year)
    page.get_by_label("Day").fill(day)
    page.get_by_label("Month").fill(month)
    page.get_by_label("Year", exact=True).fill(calendar_year)
    page.get_by_label("Provider").select_option(label="Riverside College")
    page.get_by_label(step, exact=True).check()
    page.get_by_role("button", name="Save the step").click()
    # The learner's page again: checked only once it has loaded (a check made while the
    # browser is still between pages finds no document).
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Step saved for SH-0042: {step} in {year}")


@pytest.mark.parametrize("width", [1280, 320])
def test_a_commissioner_records_a_medium_term_outcome_and_its_steps(
        world, outcome_scheme, browser_page, console_problems, login, width):
    learner = Learner.objects.create(local_authority=world.la, reference="SH-0042",
                                     year_of_birth=2007, primary_need="ASD")
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "commissioner@shire.test", world.password)
    page.goto(f"/outcomes/learners/{learner.pk}/")
    expect(page.get_by_role("heading", name="Medium-term outcomes")).to_be_visible()
    _checked(page)
    page.get_by_role("button", name="Add a medium-term outcome").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a medium-term outcome")
    _checked(page)
    page.get_by_label("Employment").check()
    page.get_by_label("Medium-term outcome").fill(OUTCOME)
    page.get_by_label("Academic year to reach it by").fill("2027-28")
    page.get_by_role("button", name="Save the outcome").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Give the academic year as 2025/26.")
    expect(page.get_by_label("Medium-term outcome")).to_have_value(OUTCOME)
    _checked(page)
    console_problems[:] = [p for p in console_problems if "400 (Bad Request)" not in p]
    page.get_by_label("Academic year to reach it by").fill("2027/28")
    page.get_by_role("button", name="Save the outcome").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Medium-term outcome added for SH-0042")

    _step(page, "2024/25", "10", "3", "2025", "Emerging")
    _checked(page)
    _step(page, "2025/26", "12", "3", "2026", "Secure")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Step saved for SH-0042: Secure in 2025/26")
    expect(page.get_by_text("2 steps up since 2024/25")).to_be_visible()
    table = page.get_by_role("table", name=f"{OUTCOME}: step reached at each annual review")
    expect(table.get_by_role("row", name="2025/26 12 Mar 2026 Riverside College Secure Up 2 "
                                          "steps")).to_be_visible()
    _checked(page)

    page.goto("/dashboard/outcomes/?year=2025/26")
    medium = "Medium-term outcomes: distance travelled, 2024/25 to 2025/26"
    table = page.locator("table", has=page.locator("caption", has_text=medium))
    expect(table.get_by_role("row", name="Employment 1 0 0")).to_be_visible()
    _checked(page)
