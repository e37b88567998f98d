"""Single sign-on through a real OpenID Connect provider on loopback (tests/identity_provider):
who gets in (an account or invitations waiting, for an address the provider vouches for, in
a domain an organisation involved lists), who does not (and gets no account), and when the
provider's sign-in counts as two-factor."""
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse
from hypothesis import given

from organisations.models import Membership, User
from people import single_sign_on as sso
from people.models import Invitation, SignInDomain
from tests.people.conftest import pending
from tests.people.test_two_factor import CODE_STEP, SET_UP, set_up
from tests.permission_roles import ROLES
from tests.qaportal.test_fuzz_no_server_errors import FUZZ, VALUES

LOGIN = "/accounts/single-sign-on/organisation/login/"
REFUSED = "Ask your organisation's lead for an invitation"


def through(client, provider, sub, **form):
    """Press "Sign in with ..." and sign in as ``sub`` at the provider; the portal's answer
    when the browser comes back."""
    start = client.post(LOGIN, {"process": "login", **form})
    assert start.status_code == 302 and start["Location"].startswith(provider.issuer), start
    back = urlsplit(provider.sign_in(start["Location"], sub))
    return client.get(f"{back.path}?{back.query}")


@pytest.fixture
def riverside_domain(world):
    return SignInDomain.objects.create(organisation=world.provider, domain="riverside.test")


def person(provider, email, sub=None, **claims):
    claims.setdefault("email_verified", True)
    return provider.person(sub or email, email=email, **claims)


def test_the_sign_in_page_offers_it_only_when_the_deployment_has_it(client, settings,
                                                                      identity_provider):
    assert "Sign in with" not in client.get(reverse("login")).text
    assert client.post(LOGIN, {"process": "login"}).status_code == 404
    from tests.identity_provider import configure

    configure(settings, identity_provider)
    page = client.get(reverse("login"))
    assert 'action="/accounts/single-sign-on/organisation/login/"' in page.text
    assert "Sign in with Council account" in page.text
    # The form may send the browser on to the provider's address (the policy says so).
    assert identity_provider.issuer in page["Content-Security-Policy"]


def test_a_person_with_an_invitation_waiting_signs_in_and_joins(client, world, invite,
                                                                single_sign_on, riverside_domain):
    link = invite("new.person@riverside.test", role="provider_staff")
    assert sso.button() and "Sign in with Council account" in client.get(link).text
    sub = person(single_sign_on, "New.Person@riverside.test", given_name="Nia",
                 family_name="Patel")
    response = through(client, single_sign_on, sub)
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(email="new.person@riverside.test")
    assert user.full_name == "Nia Patel" and not user.has_usable_password()
    assert Membership.objects.get(user=user).role == "provider_staff"
    assert not Invitation.objects.pending().filter(email=user.email).exists()
    assert client.get("/").context["user"] == user
    # The next time, the same person signs in again, and nothing more is made.
    client.logout()
    assert through(client, single_sign_on, sub)["Location"] == "/"
    assert User.objects.filter(email=user.email).count() == 1
    assert SocialAccount.objects.get(user=user).uid == sub


def test_a_stranger_is_refused_and_gets_no_account(client, world, single_sign_on,
                                                   riverside_domain):
    accounts = User.objects.count()
    sub = person(single_sign_on, "stranger@riverside.test")
    response = through(client, single_sign_on, sub)
    assert response.status_code == 403 and REFUSED in response.text
    assert "stranger@riverside.test" in response.text
    assert User.objects.count() == accounts and not SocialAccount.objects.exists()
    assert client.get("/").status_code == 302  # not signed in


def test_a_member_signs_in_with_the_account_they_have(client, world, single_sign_on,
                                                      riverside_domain):
    lead = world.users["provider_lead"]
    response = through(client, single_sign_on, person(single_sign_on, "LEAD@riverside.test"))
    assert response["Location"] == "/"
    assert client.get("/").context["user"] == lead
    lead.refresh_from_db()
    assert lead.has_usable_password()  # their password still works too


@pytest.mark.parametrize("claims, why", [
    ({"email_verified": False}, "the provider does not vouch for the address"),
    ({"email_verified": None}, "the provider does not say"),
])
def test_an_address_the_provider_does_not_confirm_is_refused(client, world, single_sign_on,
                                                             riverside_domain, claims, why):
    sub = single_sign_on.person("lead-unconfirmed", email="lead@riverside.test", **claims)
    response = through(client, single_sign_on, sub)
    assert response.status_code == 403, why
    assert "did not confirm your email address" in response.text


def test_entra_ids_verified_domain_claim_vouches_for_the_address(client, world, single_sign_on,
                                                                 riverside_domain):
    sub = single_sign_on.person("lead-entra", email="lead@riverside.test", xms_edov=True)
    assert through(client, single_sign_on, sub)["Location"] == "/"


def test_only_the_domains_an_organisation_lists_sign_in(client, world, invite, single_sign_on):
    # Riverside lists no domain: neither its lead nor the person it invited gets in this way.
    link = invite("invited@riverside.test")
    for email in ("lead@riverside.test", "invited@riverside.test"):
        client.logout()
        assert through(client, single_sign_on, person(single_sign_on, email)).status_code == 403
    assert pending("invited@riverside.test")
    # Another organisation's domain is not this one's.
    SignInDomain.objects.create(organisation=world.other_provider, domain="riverside.test")
    assert through(client, single_sign_on,
                   person(single_sign_on, "invited@riverside.test")).status_code == 403
    assert client.get(link).status_code == 200  # the link still works


def test_a_closed_account_is_refused_and_one_invited_back_opens(client, world, invite,
                                                                single_sign_on, riverside_domain):
    staff = world.users["provider_staff"]
    Membership.objects.filter(user=staff).delete()
    staff.is_active = False
    staff.save()
    sub = person(single_sign_on, "staff@riverside.test")
    assert through(client, single_sign_on, sub).status_code == 403
    invite("staff@riverside.test", role="provider_staff")
    assert through(client, single_sign_on, sub)["Location"] == "/"
    staff.refresh_from_db()
    assert staff.is_active and not staff.has_usable_password()


def test_an_expired_or_withdrawn_invitation_lets_nobody_in(client, world, invite, single_sign_on,
                                                          riverside_domain, time_machine):
    invite("late@riverside.test")
    time_machine.move_to(pending("late@riverside.test").expires_at)
    assert through(client, single_sign_on,
                   person(single_sign_on, "late@riverside.test")).status_code == 403
    assert not User.objects.filter(email="late@riverside.test").exists()


def test_the_provider_cannot_move_a_sign_in_to_another_account(client, world, single_sign_on,
                                                               riverside_domain):
    # The subject first signed in as the lead; now the provider gives it the staff address.
    sub = person(single_sign_on, "lead@riverside.test", sub="shared-subject")
    assert through(client, single_sign_on, sub)["Location"] == "/"
    client.logout()
    person(single_sign_on, "staff@riverside.test", sub="shared-subject")
    assert through(client, single_sign_on, sub).status_code == 403


def test_cancelling_at_the_provider_says_so(client, world, single_sign_on):
    start = client.post(LOGIN, {"process": "login"})
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    # What a provider sends back when the person cancels (RFC 6749, 4.1.2.1). The loopback
    # provider's own "Deny" leaves the state out, which the portal rightly treats as an error.
    response = client.get(f"{LOGIN}callback/?error=access_denied&state={state}")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "You did not sign in" in page.text and "Council account" in page.text


def test_a_callback_nobody_started_is_a_page_saying_so(client, world, single_sign_on):
    response = client.get(LOGIN + "callback/?code=forged&state=forged")
    assert response.status_code == 401
    assert "Sorry, you could not be signed in" in response.text


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True
    settings.TWO_FACTOR_ROLES = ["la_commissioner", "provider_lead", "provider_staff"]
    return settings


def test_the_providers_second_factor_counts_as_two_factor(client, world, single_sign_on,
                                                          riverside_domain, required):
    sub = person(single_sign_on, "lead@riverside.test", amr=["pwd", "mfa"])
    assert through(client, single_sign_on, sub)["Location"] == "/"
    assert client.get("/").status_code == 200  # not sent to set up an authenticator app


def test_a_password_alone_at_the_provider_does_not(client, world, single_sign_on,
                                                   riverside_domain, required):
    sub = person(single_sign_on, "lead@riverside.test", amr=["pwd"])
    through(client, single_sign_on, sub)
    assert client.get("/")["Location"] == SET_UP
    set_up(client)  # just signed in: no password asked for (this person may not have one)
    client.logout()
    # With an authenticator app set up, the code step follows the provider's sign-in.
    assert through(client, single_sign_on, sub)["Location"] == CODE_STEP
    client.logout()
    person(single_sign_on, "lead@riverside.test", sub=sub, amr=["pwd", "otp"])
    assert through(client, single_sign_on, sub)["Location"] == "/"


def test_a_deployment_may_trust_its_provider_for_it(client, world, single_sign_on,
                                                    riverside_domain, required):
    required.SSO_TRUSTED_FOR_TWO_FACTOR = True
    sub = person(single_sign_on, "lead@riverside.test")
    through(client, single_sign_on, sub)
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("amr, several", [
    (["pwd", "mfa"], True), (["mfa"], True), (["pwd", "otp"], True), (["hwk", "fpt"], True),
    (["face", "pin"], True), (["pwd"], False), (["pwd", "pin", "kba"], False), ([], False),
    (None, False), ("mfa", False), (["wia"], False),
])
def test_what_counts_as_more_than_one_factor(amr, several):
    assert sso.several_factors(amr) is several


@pytest.mark.parametrize("typed, stored", [
    ("Riverside.TEST", "riverside.test"), ("@leics.gov.uk ", "leics.gov.uk"),
])
def test_a_domain_is_kept_as_it_is_meant(world, typed, stored):
    domain = SignInDomain(organisation=world.provider, domain=typed)
    domain.full_clean()
    assert domain.domain == stored


@pytest.mark.parametrize("typed", ["riverside", "a@riverside.test", "riverside..test", "-x.uk"])
def test_a_domain_that_is_not_one_is_refused(world, typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Enter a domain such as"):
        SignInDomain(organisation=world.provider, domain=typed).full_clean()


def test_with_it_on_its_addresses_answer_every_role_alike(client, world, single_sign_on):
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role],
                               backend="django.contrib.auth.backends.ModelBackend")
        # Asked for without the button (a bookmark, say): a page with the button.
        assert client.get(LOGIN).status_code == 200, role
        assert client.get(LOGIN + "callback/").status_code == 401, role


@FUZZ
@given(process=VALUES, next_url=VALUES, code=VALUES, state=VALUES, error=VALUES)
def test_nothing_sent_to_it_is_a_server_error(client, world, single_sign_on, process, next_url,
                                              code, state, error):
    started = client.post(LOGIN, {"process": process, "next": next_url})
    assert started.status_code < 500
    back = client.get(LOGIN + "callback/", {"code": code, "state": state, "error": error})
    assert back.status_code < 500


def test_signed_in_nobody_ties_another_identity_to_their_account(client, world, single_sign_on,
                                                                 riverside_domain):
    client.force_login(world.users["provider_staff"],
                       backend="django.contrib.auth.backends.ModelBackend")
    sub = person(single_sign_on, "lead@riverside.test", sub="someone-else")
    assert through(client, single_sign_on, sub, process="connect").status_code == 403
    assert not SocialAccount.objects.exists()


def test_the_lead_sees_whose_provider_asked_for_a_second_factor(client, world, single_sign_on,
                                                                riverside_domain, required):
    through(client, single_sign_on, person(single_sign_on, "staff@riverside.test",
                                           amr=["pwd", "mfa"]))
    client.logout()
    through(client, single_sign_on, person(single_sign_on, "lead@riverside.test", amr=["pwd"]))
    set_up(client)
    page = client.get(reverse("people:list", args=[world.provider.slug]))
    rows = {row.split("</th>")[0]: row for row in page.text.split('<th scope="row"')[1:]}
    [staff] = [row for key, row in rows.items() if "staff@riverside.test" in key]
    [lead] = [row for key, row in rows.items() if "lead@riverside.test" in key]
    assert "Through Council account" in staff and "Set up" in lead
