"""An LA commissioner draws the year's moderation sample: the form's errors, the number box
beside its radio, the sample drawn with a recorded seed, and the list of samples, at
1280 px and at 320 px: each page fits the window and passes axe in each state."""
import re

import pytest
from playwright.sync_api import expect

from organisations.models import Organisation
from reviews.models import ModerationSample
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.factories import CommissioningFactory, ProviderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_an_la_commissioner_draws_a_sample_and_sees_it_listed(
        world, browser_page, login, width):
    for n in range(3):
        CommissioningFactory(commissioner=world.la, provider=ProviderFactory(
            name=f"Wolds Pupil Referral Unit {n}",
            provider_type=Organisation.ProviderType.AP_SCHOOL))
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, world.users["la_commissioner"].email, world.password)
    page.goto("/reviews/samples/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation samples")
    expect(page.get_by_text("Shire Council has not drawn a moderation sample yet.")).to_be_visible()
    check(page)

    page.get_by_role("button", name="Draw a sample").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Draw a moderation sample")
    number = page.get_by_label("Number of providers", exact=True)
    expect(number).to_be_visible()  # beside its radio, whichever is chosen
    check(page)

    page.get_by_role("button", name="Draw the sample").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose how to choose the providers.")
    check(page)

    page.get_by_role("radio", name="A number of providers").check()
    number.fill("9")
    page.get_by_label("Seed (optional)").fill("4821")
    page.get_by_role("button", name="Draw the sample").click()
    expect(summary).to_contain_text("Enter a number of providers from 1 to 4.")
    expect(page.get_by_label("Number of providers", exact=True)).to_have_value("9")
    check(page)

    page.get_by_label("Number of providers", exact=True).fill("2")
    page.get_by_role("button", name="Draw the sample").click()
    page.wait_for_url(re.compile(r".*/reviews/samples/\d+/$"))
    sample = ModerationSample.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Moderation sample for {sample.period}")
    expect(page.get_by_role("alert", name="Success")).to_contain_text("seed 4821")
    expect(page.locator("#providers-caption + thead + tbody th[scope=row]")).to_have_count(2)
    check(page)

    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Moderation samples").click()
    row = page.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("2 providers")
    expect(row).to_contain_text("2 of 4")
    expect(row).to_contain_text("Current")
    check(page)
