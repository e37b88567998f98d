"""Leicestershire's commissioner works with learner rows in a real browser, at 1280 px and at
320 px: opens the learners list, one learner, corrects a goal's rating, and shares learner
rows with Riverside College. Every page passes axe and fits the window."""
import datetime

import pytest
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from organisations.models import Organisation, User
from outcomes import services
from outcomes.models import GoalOutcome, LearnerSharing
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EMAIL = "commissioner@leics.example"


def _checked(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def _learners(demo):
    """Two of Leicestershire's learners, each with a goal at Riverside partially met."""
    commissioner = User.objects.get(email=EMAIL)
    la = Organisation.objects.get(memberships__user=commissioner,
                                  kind=Organisation.Kind.LOCAL_AUTHORITY)
    for n in (1, 2):
        learner = services.learner_create(local_authority=la, reference=f"LEI-LR-{n:04d}",
                                          year_of_birth=2007, primary_need="SLD", by=commissioner)
        services.outcome_record(learner=learner, academic_year="2025/26",
                                review_date=datetime.date(2026, 3, 10), provider=demo.riverside,
                                goal="Keep a paid part-time job for six months",
                                pfa_area="employment", rating="partially_met", by=commissioner)
    return la


@pytest.mark.parametrize("width", [1280, 320])
def test_a_commissioner_corrects_a_rating_and_shares_learner_rows(
        demo, browser_page, login, width):
    la = _learners(demo)
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, EMAIL, DEMO_PASSWORD)
    page.goto("/outcomes/import/")
    page.get_by_role("link", name="See your learners").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learners")
    expect(page.get_by_role("row")).to_have_count(3)
    _checked(page)

    page.get_by_role("link", name="LEI-LR-0001").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learner LEI-LR-0001")
    expect(page.get_by_role("cell", name="Partially met")).to_be_visible()
    _checked(page)

    page.get_by_role("link", name="Correct").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Correct a goal")
    _checked(page)
    page.get_by_label("Fully met").check()
    page.get_by_role("button", name="Save the goal").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("LEI-LR-0001")
    expect(page.get_by_role("cell", name="Fully met", exact=True).first).to_be_visible()
    _checked(page)
    assert GoalOutcome.objects.get(learner__reference="LEI-LR-0001").rating == "fully_met"

    page.goto("/outcomes/sharing/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Which providers see learner rows")
    _checked(page)
    page.get_by_role("button", name="Share learner rows with Riverside College").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Riverside College now sees")
    expect(page.get_by_role("button", name="Stop sharing with Riverside College")).to_be_visible()
    _checked(page)
    assert LearnerSharing.objects.filter(local_authority=la, provider=demo.riverside).exists()
