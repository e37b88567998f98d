"""Issue 30, acceptance 1, in a real browser at 1280 px and at 320 px: Leicestershire's
commissioner opens two learners and downloads the learner-level CSV; their colleague, made
the LA's data-protection lead on the People page, finds exactly those three access records,
searches them and downloads them; Rutland's data-protection lead sees none of them. Every
page passes axe and fits the window."""
import csv
import datetime
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from organisations.models import Membership, Organisation, User
from outcomes import services
from people import services as people_services
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.factories import PASSWORD, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def _sign_in(page, login, email, password=DEMO_PASSWORD):
    page.context.clear_cookies()
    login(page, email, password)


def _learners(la, by) -> list:
    provider = Organisation.objects.get(slug="riverside-college")
    made = []
    for n in (1, 2, 3):
        learner = services.learner_create(local_authority=la, reference=f"LEI-{n:04d}",
                                          year_of_birth=2007, primary_need="ASD", by=by)
        services.outcome_record(learner=learner, academic_year="2025/26",
                                review_date=datetime.date(2026, 3, 12), provider=provider,
                                goal="Travel to college by bus", pfa_area="independent_living",
                                rating="fully_met", by=by)
        made.append(learner)
    return made


@pytest.mark.parametrize("width", [1280, 320])
def test_the_data_protection_lead_finds_exactly_what_was_seen(demo, browser_page, login,
                                                              width):
    leics = Organisation.objects.get(slug="leicestershire-cc")
    rutland = Organisation.objects.get(slug="rutland-cc")
    commissioner = User.objects.get(email="commissioner@leics.example")
    first, second, _ = _learners(leics, commissioner)
    colleague = MembershipFactory(organisation=leics, role=Membership.Role.LA_COMMISSIONER,
                                  user__full_name="Priya Shah")
    rutland_lead = MembershipFactory(organisation=rutland,
                                     role=Membership.Role.LA_COMMISSIONER)
    people_services.set_data_protection_lead(
        membership=rutland_lead, lead=True, reason="Information governance",
        by=User.objects.get(email="commissioner@rutland.example"))

    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    _sign_in(page, login, commissioner.email)
    # Two learners' pages (from links kept elsewhere: not through the list, which is recorded
    # too), then the learner-level CSV.
    for learner in (first, second):
        page.goto(f"/outcomes/learners/{learner.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Learner {learner.reference}")
    expect(page.locator("#access-recorded")).to_contain_text("data-protection lead")
    _checked(page)
    with page.expect_download() as download:
        page.evaluate("location.href = '/outcomes/learners.csv'")
    assert Path(download.value.path()).read_text(encoding="utf-8-sig").count("LEI-000") == 3

    # The LA's lead makes the colleague its data-protection lead.
    page.goto(f"/organisations/{leics.slug}/people/")
    page.get_by_role("link", name="Data-protection lead for Priya Shah").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Priya Shah")
    _checked(page)
    page.get_by_role("button", name="Save").click()  # nothing chosen, no reason
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reason")
    _checked(page)
    page.get_by_label("Yes: they read who saw").check()
    page.get_by_label("Reason for the change").fill("Information governance officer")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Priya Shah is now a data-protection lead.")

    _sign_in(page, login, colleague.user.email, PASSWORD)
    page.goto("/dashboard/outcomes/")
    page.get_by_role("link", name="Data protection: access records").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data protection")
    page.get_by_role("link", name="Records of access to learners’ data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Records of access to learners’ data")
    rows = page.locator("#records-caption").locator("xpath=..").locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Learner-level download")
    expect(rows.nth(1)).to_contain_text("LEI-0002")
    expect(rows.nth(2)).to_contain_text("LEI-0001")
    expect(rows.nth(2)).to_contain_text(commissioner.email)
    _checked(page)
    page.get_by_label("Learner reference").fill("LEI-0001")
    page.get_by_role("button", name="Search").click()
    expect(rows).to_have_count(2)
    _checked(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these 2 records (CSV)").click()
    got = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(
        encoding="utf-8-sig"))))
    assert [row[4] for row in got[1:]] == ["Learner-level download", "Learner's page"]

    _sign_in(page, login, rutland_lead.user.email, PASSWORD)
    page.goto("/outcomes/access-records/")
    expect(page.locator("#no-records")).to_contain_text("Nobody has seen")
    _checked(page)
