"""Issue 30 in a real browser at 1280 px and at 320 px: Leicestershire's data-protection lead
(the demo's ``dpo@leics.example``) opens Data protection from the outcomes dashboard, changes
the LA's retention periods (a wrong age said next to the field first), downloads everything
held on one learner, and erases another after checking what will go; the page then lists the
erasure. Every page passes axe and fits the window."""
import datetime
import io
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from organisations.models import Organisation, User
from outcomes import services
from outcomes.models import Learner
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def _learners():
    leics = Organisation.objects.get(slug="leicestershire-cc")
    provider = Organisation.objects.get(slug="riverside-college")
    by = User.objects.get(email="commissioner@leics.example")
    for n in (1, 2):
        learner = services.learner_create(local_authority=leics, reference=f"LEI-{n:04d}",
                                          year_of_birth=2007, primary_need="ASD", by=by)
        services.outcome_record(learner=learner, academic_year="2025/26",
                                review_date=datetime.date(2026, 3, 12), provider=provider,
                                goal=f"Travel to college by bus, goal {n}",
                                pfa_area="independent_living", rating="fully_met", by=by)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_lead_sets_retention_answers_subject_access_and_erases(demo, browser_page, login,
                                                                   console_problems, width):
    _learners()
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "dpo@leics.example", DEMO_PASSWORD)
    page.goto("/dashboard/outcomes/")
    page.get_by_role("link", name="Data protection: access records").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data protection")
    expect(page.locator("main")).to_contain_text("turns 31 (the service’s default)")
    expect(page.locator("#no-removals")).to_be_visible()
    _checked(page)

    # Retention periods: a wrong age first.
    page.get_by_role("link", name="Change the retention periods for Leicestershire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Retention periods")
    _checked(page)
    page.get_by_label("Keep a learner’s rows until the end of the year they turn").fill("24")
    page.get_by_role("button", name="Save retention periods").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("25 or more")
    expect(page).to_have_title(re.compile(r"^Error: Retention periods: Leicestershire"))
    _checked(page)
    page.get_by_label("Keep a learner’s rows until the end of the year they turn").fill("35")
    page.get_by_role("button", name="Save retention periods").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "retention periods are saved")
    expect(page.locator("main")).to_contain_text("turns 35")

    # Subject access: an unknown reference, then one of theirs.
    page.get_by_role("link", name="Download everything held on one learner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Download everything held on one learner")
    _checked(page)
    page.get_by_label("Learner reference").fill("LEI-9999")
    page.get_by_role("button", name="Download everything held (ZIP)").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("no learner with the reference")
    _checked(page)
    page.get_by_label("Learner reference").fill("LEI-0001")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download everything held (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert "goal 1" in archive.read("goals.csv").decode("utf-8-sig")
    assert "Subject access request" in archive.read("records-of-access.csv").decode("utf-8-sig")

    # Erasure: check what will go, then erase.
    page.goto("/outcomes/data-protection/")
    page.get_by_role("link", name="Erase one learner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erase one learner")
    _checked(page)
    page.get_by_label("Learner reference").fill("LEI-0002")
    page.get_by_label("Why erase them").fill("The young person's request of 1 December 2026")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erase learner LEI-0002?")
    expect(page.locator("main")).to_contain_text("goal 2")
    _checked(page)
    page.get_by_role("button", name="Erase learner LEI-0002").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Learner LEI-0002 is erased")
    expect(page.locator("#removals-caption")).to_contain_text("Deletions (1)")
    expect(page.locator("main")).to_contain_text("Erasure of one learner")
    _checked(page)
    assert list(Learner.objects.values_list("reference", flat=True)) == ["LEI-0001"]
    # The two wrong answers were refused (400) on purpose.
    console_problems[:] = [p for p in console_problems if "400 (Bad Request)" not in p]
