"""Single sign-on in Chromium, at 1280 px and at 320 px, through a real OpenID Connect
provider on loopback (tests/identity_provider.py): a person invited to a council that signs
in with its own accounts presses "Sign in with ..." on the invitation's page, signs in at the
provider (which says it used a second factor) and is back in the portal, joined; a stranger
who signs in at the provider is refused with the page saying what to do, and no account is
made. Every page of the portal's passes axe and fits the window."""
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from organisations.models import Membership, User
from people import services
from people.models import SignInDomain
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.browser.test_people_browser import emailed_link
from tests.factories import LocalAuthorityFactory, UserFactory
from tests.identity_provider import NAME, configure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def at_the_provider(page, provider, sub):
    """Sign in on the provider's own page, as its form asks: the person's subject."""
    expect(page.get_by_role("heading", name="Authorize Client")).to_be_visible()
    assert page.url.startswith(provider.issuer)
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize", exact=True).click()


@pytest.mark.parametrize("width", [1280, 320])
def test_an_invited_person_joins_and_a_stranger_is_refused(browser_page, console_problems, width,
                                                           settings, identity_provider):
    configure(settings, identity_provider, TWO_FACTOR_REQUIRED=True,
              TWO_FACTOR_ROLES=["la_commissioner"])
    council = LocalAuthorityFactory(name="Wolds Council", slug="wolds-council")
    SignInDomain.objects.create(organisation=council, domain="wolds.gov.uk")
    admin = UserFactory(email="admin@service.test", is_staff=True, is_superuser=True)
    services.invite(organisation=council, email="amira.khan@wolds.gov.uk",
                    role=Membership.Role.LA_COMMISSIONER, by=admin)
    link = emailed_link("amira.khan@wolds.gov.uk")
    amira = identity_provider.person(f"amira-{width}", email="Amira.Khan@wolds.gov.uk",
                                     email_verified=True, name="Amira Khan", amr=["pwd", "mfa"])
    stranger = identity_provider.person(f"stranger-{width}", email="lee.stone@wolds.gov.uk",
                                        email_verified=True, name="Lee Stone")
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    # The provider's page asks for a stylesheet from the internet, which tests do not reach.
    page.route("https://cdn.jsdelivr.net/**",
               lambda route: route.fulfill(status=200, content_type="text/css", body=""))

    # Invited: she opens her link and signs in with the council's accounts instead of making
    # a password. The provider used a second factor, so the portal asks for none.
    page.goto(link)
    expect(page.get_by_role("heading", level=1, name="Join Wolds Council")).to_be_visible()
    check(page)
    page.get_by_role("button", name=f"Sign in with {NAME}").click()
    at_the_provider(page, identity_provider, amira)
    expect(page.get_by_text("You have joined Wolds Council as la commissioner.")).to_be_visible()
    expect(page.get_by_text("Signed in as Amira Khan")).to_be_visible()
    check(page)
    assert Membership.objects.filter(user__email="amira.khan@wolds.gov.uk",
                                     organisation=council).exists()
    page.get_by_role("button", name="Sign out").click()

    # The next time she starts from the sign-in page.
    page.get_by_role("link", name="Sign in again").click()
    expect(page.get_by_role("heading", level=1, name="Sign in to QA Portal")).to_be_visible()
    check(page)
    page.get_by_role("button", name=f"Sign in with {NAME}").click()
    at_the_provider(page, identity_provider, amira)
    expect(page.get_by_text("Signed in as Amira Khan")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # A stranger from the same council, whom nobody invited.
    accounts = User.objects.count()
    page.get_by_role("link", name="Sign in again").click()
    page.get_by_role("button", name=f"Sign in with {NAME}").click()
    at_the_provider(page, identity_provider, stranger)
    expect(page.get_by_role("heading", level=1,
                            name="Ask your organisation's lead for an invitation")).to_be_visible()
    expect(page.get_by_text("lee.stone@wolds.gov.uk")).to_be_visible()
    check(page)
    assert User.objects.count() == accounts
    # The refusal is a 403, which the browser notes on its console: expected here.
    console_problems[:] = [p for p in console_problems if "status of 403" not in p]
    page.get_by_role("link", name="sign in with your email address and password").click()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    call_command("check")  # nothing left half-made


def test_its_other_pages(browser_page, console_problems, settings, identity_provider):
    """Single sign-on asked for from a bookmark (a page with the button), cancelled at the
    provider, and gone wrong: each at 1280 px and at 320 px."""
    configure(settings, identity_provider)
    page = browser_page
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/accounts/single-sign-on/organisation/login/")
        expect(page.get_by_role("heading", level=1, name=f"Sign in with {NAME}")).to_be_visible()
        check(page)
        page.goto("/accounts/single-sign-on/cancelled/")
        expect(page.get_by_role("heading", level=1, name="You did not sign in")).to_be_visible()
        check(page)
        page.goto("/accounts/single-sign-on/organisation/login/callback/?code=x&state=y")
        expect(page.get_by_role("heading", level=1,
                                name="Sorry, you could not be signed in")).to_be_visible()
        check(page)
    console_problems[:] = [p for p in console_problems if "status of 401" not in p]
