"""Signing in through the real login form in Chromium, with axe on every page visited."""
import pytest
from playwright.sync_api import expect

from organisations.models import Membership
from tests.browser.conftest import assert_accessible
from tests.factories import (
    PASSWORD,
    CommissioningFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    ProviderFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commissioner_signs_in_and_sees_providers_needing_attention(browser_page, login):
    la = LocalAuthorityFactory(name="Shire Council")
    provider = ProviderFactory(name="Oakfield Alternative Provision")
    CommissioningFactory(commissioner=la, provider=provider, status="under_review")
    user = UserFactory(email="commissioner@shire.test", full_name="Jordan Lee")
    MembershipFactory(user=user, organisation=la, role=Membership.Role.LA_COMMISSIONER)
    page = browser_page

    page.goto("/")
    assert "/accounts/login/" in page.url
    assert_accessible(page)

    login(page, "commissioner@shire.test", PASSWORD)
    expect(page.get_by_role("heading", name="What needs doing")).to_be_visible()
    expect(page.get_by_text("LA commissioner at Shire Council")).to_be_visible()
    expect(page.get_by_role("link", name="Oakfield Alternative Provision")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Providers", exact=True).click()
    expect(page.get_by_role("heading", name="Providers", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Oakfield Alternative Provision").first.click()
    expect(page.get_by_role("heading", name="Oakfield Alternative Provision")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change status").click()
    page.get_by_role("button", name="Change status").click()
    # Server-side validation: both messages, in the summary and next to the fields.
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator(".govuk-error-message", has_text="Choose the new status.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Active").check()
    page.get_by_label("Reason for the change").fill("Review complete: actions met.")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_text("Oakfield Alternative Provision is now active for Shire Council.")) \
        .to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()
    assert_accessible(page)


def test_provider_lead_sees_the_login_error_then_signs_in(browser_page, login):
    provider = ProviderFactory(name="Riverside College")
    user = UserFactory(email="lead@riverside.test")
    MembershipFactory(user=user, organisation=provider, role=Membership.Role.PROVIDER_LEAD)
    page = browser_page
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("lead@riverside.test")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Enter a correct email address and password.").first).to_be_visible()
    assert page.title().startswith("Error: Sign in")
    assert_accessible(page)
    login(page, "lead@riverside.test", PASSWORD)
    expect(page.get_by_role("heading", name="Riverside College")).to_be_visible()
    assert_accessible(page)


def test_commissioner_pages_through_and_searches_many_providers(browser_page, login):
    la = LocalAuthorityFactory(name="Shire Council")
    for n in range(1, 61):
        CommissioningFactory(commissioner=la, provider=ProviderFactory(name=f"School {n:02d}"))
    CommissioningFactory(commissioner=la, provider=ProviderFactory(name="Oakfield AP"),
                         status="under_review")
    user = UserFactory(email="commissioner@shire.test")
    MembershipFactory(user=user, organisation=la, role=Membership.Role.LA_COMMISSIONER)
    page = browser_page
    login(page, "commissioner@shire.test", PASSWORD)
    page.goto("/organisations/")
    expect(page.get_by_role("table")).to_contain_text("(1 to 50 of 61)")
    assert_accessible(page)

    page.get_by_role("link", name="Page 2").click()
    expect(page.get_by_role("table")).to_contain_text("(51 to 61 of 61)")
    expect(page.get_by_role("link", name="School 60")).to_be_visible()

    page.get_by_role("searchbox", name="Search providers by name").fill("oak")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("table")).to_contain_text("Providers matching “oak”")
    expect(page.get_by_role("row")).to_have_count(2)  # the header and Oakfield
    expect(page.get_by_role("row").nth(1)).to_contain_text("Under review")
    assert_accessible(page)

    page.get_by_role("searchbox", name="Search providers by name").fill("no such place")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No provider you can see has “no such place” in its name.")) \
        .to_be_visible()
    assert_accessible(page)
