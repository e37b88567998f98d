"""Signing in through the real login form in Chromium, with axe on every page visited."""
import pytest

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
    assert page.get_by_role("heading", name="What needs doing").is_visible()
    assert page.get_by_text("LA commissioner at Shire Council").is_visible()
    assert page.get_by_role("link", name="Oakfield Alternative Provision").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Providers", exact=True).click()
    assert page.get_by_role("heading", name="Providers", level=1).is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Oakfield Alternative Provision").first.click()
    assert page.get_by_role("heading", name="Oakfield Alternative Provision").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change status").click()
    page.get_by_role("button", name="Change status").click()
    # Server-side validation: both messages, in the summary and next to the fields.
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert page.locator(".govuk-error-message", has_text="Choose the new status.").is_visible()
    assert_accessible(page)
    page.get_by_label("Active").check()
    page.get_by_label("Reason for the change").fill("Review complete: actions met.")
    page.get_by_role("button", name="Change status").click()
    assert page.get_by_text("Oakfield Alternative Provision is now active for Shire Council.").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("heading", name="You have signed out").is_visible()
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
    assert page.get_by_text("Enter a correct email address and password.").first.is_visible()
    assert page.title().startswith("Error: Sign in")
    assert_accessible(page)
    login(page, "lead@riverside.test", PASSWORD)
    assert page.get_by_role("heading", name="Riverside College").is_visible()
    assert_accessible(page)
