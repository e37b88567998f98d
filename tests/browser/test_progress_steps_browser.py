"""Riverside's lead sends the step a shared learner reached towards a medium-term outcome in a
real browser: from the learner's page, a mistyped year named in the error summary and beside
its field, then sent; Shire Council's commissioner accepts it and the learner's timeline shows
it. At 1280 px and at 320 px, every page passing axe and fitting the window."""
import pytest
from playwright.sync_api import expect

from outcomes import medium_term
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.outcomes.helpers import shared_learners

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OUTCOME = "Work part-time in retail"


def _checked(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_a_provider_sends_a_step_and_the_la_accepts_it(world, outcome_scheme, browser_page,
                                                       console_problems, login, width):
    learner = shared_learners(world.la, world.provider, world.users["la_commissioner"], 1)[0]
    medium_term.medium_term_add(learner=learner, pfa_area="employment", outcome=OUTCOME,
                                target_year="2027/28", by=world.users["la_commissioner"])
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, world.users["provider_lead"].email, world.password)
    page.goto(f"/outcomes/learners/{learner.pk}/")
    expect(page.get_by_role("heading", name=OUTCOME)).to_be_visible()
    _checked(page)
    page.get_by_role("link", name="Send the step reached").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send the step reached")
    _checked(page)

    page.get_by_label("Academic year of the review").fill("2025-26")
    page.get_by_label("Day").fill("12")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year", exact=True).fill("2026")
    page.get_by_label("Secure", exact=True).check()
    page.get_by_role("button", name="Send to the local authority").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Give the academic year as 2025/26.")
    expect(page.locator("#div_id_academic_year .govuk-error-message")).to_be_visible()
    expect(page.get_by_label("Secure", exact=True)).to_be_checked()
    _checked(page)
    console_problems[:] = [p for p in console_problems if "400 (Bad Request)" not in p]
    page.get_by_label("Academic year of the review").fill("2025/26")
    page.get_by_role("button", name="Send to the local authority").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Step for learner SH-0001 sent to Shire Council")
    expect(page.get_by_text("Step reached: Secure")).to_be_visible()
    _checked(page)

    page.context.clear_cookies()
    login(page, world.users["la_commissioner"].email, world.password)
    page.goto("/outcomes/progress/")
    page.get_by_role("link", name="Entered in the portal").first.click()
    page.get_by_role("button", name="Accept the row waiting").click()
    expect(page.get_by_text("Accepted", exact=True).last).to_be_visible()
    page.goto(f"/outcomes/learners/{learner.pk}/")
    table = page.get_by_role("table", name=f"{OUTCOME}: step reached at each annual review")
    expect(table.get_by_role("row", name="2025/26 12 Mar 2026 Riverside College Secure "
                                          "First review")).to_be_visible()
    _checked(page)
