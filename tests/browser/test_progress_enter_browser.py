"""Riverside's lead types one goal's progress in a real browser: a reference left out is named
in the error summary and beside its field, with everything else typed kept; once corrected,
the goal is sent and waits for Shire Council's decision. At 1280 px and at 320 px, every page
passing axe and fitting the window."""
import pytest
from playwright.sync_api import expect

from outcomes.progress_models import ProgressRow
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.outcomes.helpers import shared_learners

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_lead_enters_one_goals_progress(world, outcome_scheme, browser_page,
                                            console_problems, login, width):
    shared_learners(world.la, world.provider, world.users["la_commissioner"], 3)
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "lead@riverside.test", world.password)
    page.goto("/outcomes/progress/")
    page.get_by_role("link", name="Enter one goal’s progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter one goal’s progress")
    _checked(page)

    page.get_by_label("Academic year").fill("2025/26")
    page.get_by_label("Day").fill("12")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year", exact=True).fill("2026")
    page.get_by_label("Goal", exact=True).fill("Travel to college by bus")
    page.get_by_label("Independent Living").check()
    page.get_by_label("Fully met").check()
    page.get_by_label("Confidence and motivation changes (optional)").select_option(
        label="Better")
    page.get_by_role("button", name="Send to the local authority").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the learner's reference.")
    expect(page.get_by_label("Goal", exact=True)).to_have_value("Travel to college by bus")
    _checked(page)
    # The 400 of a form shown again with its errors is what it should be.
    console_problems[:] = [p for p in console_problems if "400 (Bad Request)" not in p]

    page.get_by_label("The learner's reference").fill("SH-0003")
    page.get_by_role("button", name="Send to the local authority").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Progress for learner SH-0003 sent to Shire Council")
    expect(page.get_by_text("Entered in the portal").first).to_be_visible()
    _checked(page)
    row = ProgressRow.objects.get()
    assert (row.learner.reference, row.status, row.soft) == (
        "SH-0003", ProgressRow.Status.PENDING, {"confidence_motivation": "4"})
