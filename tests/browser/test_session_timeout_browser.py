"""The idle-session warning in Chromium: "Stay signed in" keeps the session; doing nothing signs
the user out and back to the page they were on. The idle limit is cut to 12 seconds."""
import re

import pytest
from playwright.sync_api import expect

from organisations.models import Membership
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, MembershipFactory, ProviderFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_page_warns_before_the_idle_sign_out_and_stay_signed_in_keeps_the_session(
        browser_page, login, settings):
    settings.SESSION_IDLE_MINUTES = 0.2  # 12 seconds; the warning comes 6 seconds before
    provider = ProviderFactory(name="Oakfield Alternative Provision")
    user = UserFactory(email="lead@oakfield.test")
    MembershipFactory(user=user, organisation=provider, role=Membership.Role.PROVIDER_LEAD)
    page = browser_page
    login(page, "lead@oakfield.test", PASSWORD)
    page.goto("/organisations/")

    dialog = page.get_by_role("dialog", name="You are about to be signed out")
    expect(dialog).to_be_visible(timeout=10_000)
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    assert_accessible(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    assert "/organisations/" in page.url

    # Doing nothing this time: signed out, told why, and sent back here after signing in.
    expect(page.get_by_role("heading", name="Sign in to QA Portal")).to_be_visible(timeout=20_000)
    assert re.search(r"/accounts/login/\?next=/organisations/$", page.url)
    expect(page.get_by_text("You were signed out after 12 seconds without activity")).to_be_visible()
    page.get_by_label("Email address").fill("lead@oakfield.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/organisations/$"))
