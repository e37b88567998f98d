"""People in Chromium, at 1280 px and at 320 px: an administrator invites a new local
authority's first commissioner; she accepts, creating a password, is taken to set up an
authenticator app (the test's app is pyotp), and signs out and in again with a code; she
invites a colleague, who accepts in his own browser; she removes him, and his open session
ends at his next request. Every page passes axe and fits the window; a used link gets its
own page."""

import pyotp
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    assert_accessible,
    assert_no_horizontal_scroll,
    emailed_link,
    watch_console,
)
from tests.factories import PASSWORD, LocalAuthorityFactory, UserFactory
from tests.people.test_two_factor import fresh_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "wolds-quality-2026-spring"


def check(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def invite(page, email, role):
    page.get_by_role("link", name="Invite someone").click()
    expect(page.get_by_role("heading", level=1, name="Invite someone")).to_be_visible()
    check(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label(role, exact=True).check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text(f"Invitation sent to {email}")).to_be_visible()


def accept(page, link, name):
    page.goto(link)
    expect(page.get_by_role("heading", level=1, name="Join Wolds Council")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Create account and join").click()  # nothing filled in
    expect(page.get_by_role("link", name="Enter your full name.")).to_be_visible()
    check(page)
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm the password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create account and join").click()
    expect(page.get_by_text("You have joined Wolds Council as la commissioner.")).to_be_visible()
    expect(page.get_by_text(f"Signed in as {name}")).to_be_visible()


def set_up_two_factor(page) -> pyotp.TOTP:
    """On the set-up page: add the key to the (test's) authenticator app, type its code,
    and see the recovery codes. Returns the app."""
    expect(page.get_by_role("heading", level=1,
                            name="Set up two-factor authentication")).to_be_visible()
    check(page)
    app = pyotp.TOTP(page.locator("#authenticator-key").inner_text().strip())
    page.get_by_label("Code from the app").fill(fresh_code(app))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_role("heading", level=1, name="Your recovery codes")).to_be_visible()
    check(page)
    page.get_by_role("link", name="Continue to QA Portal").click()
    return app


@pytest.mark.parametrize("width", [1280, 320])
def test_a_new_la_invites_its_people_and_removes_one(browser_page, login, width, settings):
    settings.TWO_FACTOR_REQUIRED = True
    settings.TWO_FACTOR_ROLES = ["la_commissioner"]
    LocalAuthorityFactory(name="Wolds Council", slug="wolds-council")
    UserFactory(email="admin@service.test", full_name="Sam Admin", is_staff=True,
                is_superuser=True)
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})

    # The administrator (who sets up two-factor first, as every administrator must) invites
    # the first commissioner from the council's page.
    login(page, "admin@service.test", PASSWORD)
    set_up_two_factor(page)
    page.goto("/organisations/wolds-council/")
    page.get_by_role("link", name="Manage Wolds Council’s people").click()
    expect(page.get_by_role("heading", level=1, name="People")).to_be_visible()
    check(page)
    invite(page, "amira.khan@wolds.gov.uk", "LA commissioner")
    expect(page.get_by_role("heading", name="Invitations waiting (1)")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Sign out").click()

    # She accepts, creates a password, and is taken to set up two-factor before anything
    # else; then she signs out, and in again with a code.
    accept(page, emailed_link("amira.khan@wolds.gov.uk"), "Amira Khan")
    app = set_up_two_factor(page)
    page.get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("amira.khan@wolds.gov.uk")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Enter your code")).to_be_visible()
    check(page)
    page.get_by_label("Code").fill(fresh_code(app))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Signed in as Amira Khan")).to_be_visible()

    # She invites a colleague, who accepts in his own browser.
    page.goto("/organisations/wolds-council/")
    page.get_by_role("link", name="Manage Wolds Council’s people").click()
    invite(page, "tom.reed@wolds.gov.uk", "LA commissioner")
    colleague = page.context.browser.new_context(**_same_context(page, width))
    other = colleague.new_page()
    problems = watch_console(other)
    accept(other, emailed_link("tom.reed@wolds.gov.uk"), "Tom Reed")

    # She removes him, giving the reason; his open session ends at his next request.
    page.reload()
    row = page.get_by_role("row").filter(has_text="tom.reed@wolds.gov.uk")
    row.get_by_role("link", name="Remove Tom Reed").click()
    expect(page.get_by_role("heading", level=1,
                            name="Remove Tom Reed from Wolds Council")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Remove from the organisation").click()
    expect(page.get_by_role("link", name="Give the reason for the change.")).to_be_visible()
    page.get_by_label("Reason for removing them").fill("Moved to another council")
    page.get_by_role("button", name="Remove from the organisation").click()
    expect(page.get_by_text("Tom Reed no longer belongs to Wolds Council.")).to_be_visible()
    expect(page.get_by_role("heading", name="Members (1)")).to_be_visible()
    check(page)

    other.reload()
    expect(other.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    # The link he used is spent: its page says so.
    other.goto(emailed_link("tom.reed@wolds.gov.uk"))
    expect(other.get_by_role("heading", level=1,
                             name="This invitation has already been used")).to_be_visible()
    check(other)
    colleague.close()
    # The spent link's page is a 410 (Gone), which the browser reports; nothing else.
    assert [p for p in problems if "status of 410" not in p] == []


def _same_context(page, width) -> dict:
    return {"base_url": page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2],
            "locale": "en-GB", "viewport": {"width": width, "height": 900}}


@pytest.mark.parametrize("width", [1280, 320])
def test_someone_with_an_account_joins_with_it_and_is_made_a_lead(browser_page, login, width):
    from organisations.models import Membership
    from tests.factories import MembershipFactory, ProviderFactory

    riverside = ProviderFactory(name="Riverside College", slug="riverside-college")
    hilltop = ProviderFactory(name="Hilltop AP", slug="hilltop-ap")
    MembershipFactory(user=UserFactory(email="lead@riverside.test", full_name="Priya Shah"),
                      organisation=riverside, role=Membership.Role.PROVIDER_LEAD)
    MembershipFactory(user=UserFactory(email="dan@hilltop.test", full_name="Dan Hill"),
                      organisation=hilltop, role=Membership.Role.PROVIDER_STAFF)
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "lead@riverside.test", PASSWORD)
    page.goto("/organisations/riverside-college/people/")
    invite(page, "dan@hilltop.test", "Provider staff")
    page.get_by_role("button", name="Sign out").click()

    # Dan already has an account: he signs in with it and comes back to join.
    link = emailed_link("dan@hilltop.test")
    page.goto(link)
    expect(page.get_by_role("heading", level=1,
                            name="Sign in to join Riverside College")).to_be_visible()
    check(page)
    page.get_by_role("link", name="Sign in").last.click()
    page.get_by_label("Email address").fill("dan@hilltop.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Join Riverside College")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Join Riverside College").click()
    expect(page.get_by_text("You have joined Riverside College as provider staff.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # Priya makes him a second lead, giving the reason.
    login(page, "lead@riverside.test", PASSWORD)
    page.goto("/organisations/riverside-college/people/")
    page.get_by_role("link", name="Change role of Dan Hill").click()
    expect(page.get_by_role("heading", level=1, name="Change the role of Dan Hill")).to_be_visible()
    check(page)
    page.get_by_label("Provider lead", exact=True).check()
    page.get_by_label("Reason for the change").fill("Joint lead for the spring term")
    page.get_by_role("button", name="Change role").click()
    expect(page.get_by_text("Dan Hill is now provider lead.")).to_be_visible()
    assert Membership.objects.get(user__email="dan@hilltop.test",
                                  organisation=riverside).role == Membership.Role.PROVIDER_LEAD


def tab_to(page, name: str, presses: int = 60):
    """Press Tab until the focused element's accessible text is ``name`` (or fail)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate("(document.activeElement.innerText || "
                                "document.activeElement.labels?.[0]?.innerText || '').trim()")
        if focused == name:
            return
    raise AssertionError(f"Tab never reached “{name}” on {page.url}")


def test_signing_in_and_inviting_someone_with_the_keyboard_alone(browser_page):
    from organisations.models import Membership
    from people.models import Invitation
    from tests.factories import MembershipFactory, ProviderFactory

    riverside = ProviderFactory(name="Riverside College", slug="riverside-college")
    MembershipFactory(user=UserFactory(email="lead@riverside.test", full_name="Priya Shah"),
                      organisation=riverside, role=Membership.Role.PROVIDER_LEAD)
    page = browser_page
    page.goto("/accounts/login/")
    tab_to(page, "Skip to main content")
    page.keyboard.press("Enter")
    tab_to(page, "Email address")
    page.keyboard.type("lead@riverside.test")
    tab_to(page, "Password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Signed in as")).to_be_visible()

    page.goto("/organisations/riverside-college/people/")
    tab_to(page, "Invite someone")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Invite someone")).to_be_visible()
    tab_to(page, "Email address")
    page.keyboard.type("nia@riverside.test")
    tab_to(page, "Provider lead")  # the group's first radio; an arrow key moves the choice
    page.keyboard.press("ArrowDown")
    tab_to(page, "Send invitation")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Invitation sent to nia@riverside.test")).to_be_visible()
    assert Invitation.objects.get().role == Membership.Role.PROVIDER_STAFF
