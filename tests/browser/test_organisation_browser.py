"""An LA commissioner with many providers pages through and searches them on the LA's page,
at 1280 px and at 320 px: it fits the window and passes axe in each state."""
import datetime

import pytest
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from organisations.models import Organisation
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll, fill_date
from tests.factories import CommissioningFactory, ProviderFactory
from visits.models import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 320])
def test_a_commissioner_pages_through_and_searches_their_providers(
        demo, browser_page, login, width):
    la = Organisation.objects.get(slug="leicestershire-cc")
    for n in range(1, 61):
        CommissioningFactory(commissioner=la, provider=ProviderFactory(
            name=f"Wolds {n:02d} Learning Centre with a long name"))
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "commissioner@leics.example", DEMO_PASSWORD)
    page.goto(la.get_absolute_url())
    cards = page.locator("h3.govuk-summary-card__title")
    expect(cards).to_have_count(50)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Next page").click()
    page.wait_for_url("**?page=2")
    expect(cards.last).to_have_text("Wolds 60 Learning Centre with a long name")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.get_by_label("Search providers by name").fill("wolds 0")
    page.get_by_role("button", name="Search").click()
    expect(cards).to_have_count(9)
    expect(cards.first).to_have_text("Wolds 01 Learning Centre with a long name")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.get_by_label("Search providers by name").fill("no such provider")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No provider here has “no such provider” in its name.")).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def test_an_ap_lead_says_what_the_setting_is_for_and_the_commissioner_reads_it(
        demo, browser_page, login):
    """Beacon's lead changes what the setting is for, seeing the page
    at 1280 px and at 320 px; the commissioner reads it on Beacon's profile."""
    page = browser_page
    login(page, "lead@beacon.example", DEMO_PASSWORD)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/organisations/beacon-academy/")
        expect(page.get_by_text("Full-time education")).to_be_visible()
        assert_no_horizontal_scroll(page)
        assert_accessible(page)
        page.get_by_role("link", name="Change what the setting is for").click()
        expect(page.get_by_role("heading", level=1, name="About the setting")).to_be_visible()
        assert_no_horizontal_scroll(page)
        assert_accessible(page)
    page.get_by_label("Medical: pupils who cannot attend school because of their health").check()
    page.get_by_label("About a term").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved what Beacon Academy PRU is for.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    login(page, "commissioner@leics.example", DEMO_PASSWORD)
    page.goto("/dashboard/providers/beacon-academy/")
    expect(page.get_by_text("Medical: pupils who cannot attend school because of their "
                            "health")).to_be_visible()
    expect(page.get_by_role("link", name="Change what the setting is for")).to_have_count(0)
    assert_accessible(page)


def test_a_chair_records_the_agreement_and_the_visit_shows_its_own(demo, browser_page, login):
    """The SEIP's chair records an agreement with Beacon from its organisation page, at 1280 px
    and at 320 px; the Oakfield visit shows the agreement it is linked to."""
    page = browser_page
    login(page, "chair@nwleics-seip.example", DEMO_PASSWORD)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/organisations/beacon-academy/")
        card = page.locator(".govuk-summary-card").filter(
            has_text="North West Leicestershire SEIP")
        card.get_by_role("link", name="Agreements and expected standards between Beacon").click()
        expect(page.get_by_role("heading", level=1, name="Agreements")).to_be_visible()
        page.get_by_role("button", name="Add an agreement").click()
        expect(page.get_by_role("heading", level=1, name="Add an agreement")).to_be_visible()
        assert_no_horizontal_scroll(page)
        assert_accessible(page)
    page.get_by_label("Reference").fill("NWL-SEIP-SLA-2026-02")
    fill_date(page, "When does it start?", datetime.date(2026, 9, 1))
    page.get_by_role("button", name="Save the agreement").click()
    expect(page.get_by_role("heading", level=1,
                            name="Service level agreement NWL-SEIP-SLA-2026-02")).to_be_visible()
    expect(page.get_by_text("From 1 September 2026 until ended")).to_be_visible()
    assert_accessible(page)
    page.goto(Visit.objects.get(provider__slug="oakfield-ap").get_absolute_url())
    expect(page.get_by_text("Service level agreement NWL-SEIP-SLA-2025-07, from 1 September "
                            "2025 to 31 August 2027")).to_be_visible()
