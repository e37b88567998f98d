"""Invitations: the email the worker sends, its single-use link, accepting with a new or an
existing account, and every link that no longer works."""
import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from organisations.models import Membership, User
from people import services, tokens
from people.models import Invitation
from tests.factories import PASSWORD, UserFactory

from .conftest import pending, sent_link

NEW_PASSWORD = "a-long-enough-passphrase-9"


def accept_form(client, link, **data):
    return client.post(link, {"full_name": "Nia Jones", "password1": NEW_PASSWORD,
                              "password2": NEW_PASSWORD, **data})


def test_the_email_carries_a_link_whose_secret_is_stored_only_hashed(world, invite):
    link = invite()
    [message] = mail.outbox
    assert message.subject == "You are invited to join Riverside College on QA Portal"
    assert "as provider staff" in message.body and "The link works once, until" in message.body
    invitation = pending("new@riverside.test")
    pk, secret = tokens.split(link.split("/")[2])
    assert pk == invitation.pk and len(secret) == 43  # 256 bits
    assert invitation.token_hash == tokens.digest(secret) and secret not in invitation.token_hash
    assert invitation.sent_at and invitation.send_attempts == 1
    assert invitation.expires_at == invitation.sent_at + datetime.timedelta(days=7)


def test_a_new_person_creates_a_password_joins_and_is_signed_in(client, world, invite):
    link = invite()
    page = client.get(link)
    assert page.status_code == 200
    assert "Join Riverside College" in page.text and "new@riverside.test" in page.text
    response = accept_form(client, link)
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(email="new@riverside.test")
    assert user.full_name == "Nia Jones" and user.check_password(NEW_PASSWORD)
    assert user.memberships.get().role == Membership.Role.PROVIDER_STAFF
    assert client.get("/").context["user"] == user
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == user and invitation.token_hash == ""
    # Used: the same link now says so, and makes nothing more.
    assert "already been used" in client.get(link).text
    assert User.objects.filter(email__iexact="new@riverside.test").count() == 1


def test_the_password_must_pass_djangos_validators_and_match(client, world, invite):
    link = invite()
    weak = accept_form(client, link, password1="password", password2="password")
    assert weak.status_code == 200
    assert "This password is too common." in weak.text
    different = accept_form(client, link, password2="something-else-entirely-7")
    assert "The two passwords do not match." in different.text
    blank = client.post(link, {})
    assert "Enter your full name." in blank.text and "Create a password." in blank.text
    assert not User.objects.filter(email="new@riverside.test").exists()
    assert pending("new@riverside.test")


def test_someone_with_an_account_signs_in_and_joins_with_it(client, world, invite):
    existing = world.users["other_provider_lead"]  # lead@hilltop.test
    link = invite(email="LEAD@hilltop.test")
    page = client.get(link)
    assert "You already have an account" in page.text
    assert f"/accounts/login/?next={link}" in page.text
    assert accept_form(client, link).status_code == 200  # no second account: still asks
    client.force_login(existing)
    assert "Join Riverside College" in client.get(link).text
    assert client.post(link).status_code == 302
    assert set(existing.memberships.values_list("organisation__slug", flat=True)) == {
        "hilltop-ap", "riverside-college"}
    assert User.objects.filter(email__iexact="lead@hilltop.test").count() == 1


def test_signed_in_as_someone_else_the_page_says_so_and_nothing_is_joined(client, world, invite):
    link = invite()
    client.force_login(world.users["other_provider_lead"])
    page = client.get(link)
    assert "sent to a different email address" in page.text
    client.post(link)
    assert pending("new@riverside.test")
    assert not world.users["other_provider_lead"].memberships.filter(
        organisation=world.provider).exists()


def test_a_closed_account_is_given_back_with_a_new_password(client, world, invite):
    former = UserFactory(email="former@riverside.test", is_active=False)
    link = invite(email="former@riverside.test")
    assert "Create a password" in client.get(link).text
    accept_form(client, link)
    former.refresh_from_db()
    assert former.is_active and former.check_password(NEW_PASSWORD)
    assert former.memberships.get().organisation == world.provider


@pytest.mark.parametrize("how", ["expired", "withdrawn", "used", "forged", "replaced",
                                 "no such invitation", "not a token"])
def test_a_link_that_no_longer_works_gets_a_page_saying_what_to_do(client, world, invite, how):
    link = invite()
    invitation = pending("new@riverside.test")
    lead = world.users["provider_lead"]
    now = timezone.now()
    if how == "expired":
        now += datetime.timedelta(days=7, minutes=1)
    elif how == "withdrawn":
        services.withdraw(invitation=invitation, by=lead)
    elif how == "used":
        accept_form(client, link)
        client.logout()
    elif how == "forged":
        link = f"/invitations/{invitation.pk}.{'A' * 43}/"
    elif how == "replaced":
        services.resend(invitation=invitation, by=lead)
        assert sent_link("new@riverside.test") != link
    elif how == "no such invitation":
        link = f"/invitations/{invitation.pk + 1000}.{link.split('.')[1]}"
    else:
        link = "/invitations/1%27;--/"
    with time_machine.travel(now):
        page = client.get(link)
        posted = accept_form(client, link)
    title = {"expired": "This invitation has expired", "withdrawn": "This invitation was withdrawn",
             "used": "This invitation has already been used"}.get(
        how, "This invitation link does not work")
    assert page.status_code == posted.status_code == (404 if "does not" in title else 410)
    assert f"<h1 class=\"govuk-heading-l\">{title}</h1>" in page.text
    assert "new@riverside.test" not in page.text and "Riverside" not in page.text
    assert User.objects.filter(email="new@riverside.test").count() == (how == "used")


def test_a_lead_resends_and_withdraws_from_the_people_page(client, world, invite):
    first = invite()
    client.force_login(world.users["provider_lead"])
    page = client.get("/organisations/riverside-college/people/")
    assert "new@riverside.test" in page.text and "Invitations waiting (1)" in page.text
    invitation = pending("new@riverside.test")
    response = client.post(f"/organisations/riverside-college/invitations/{invitation.pk}/resend/",
                           follow=True)
    assert "was sent again, with a new link" in response.text
    second = sent_link("new@riverside.test")
    assert second != first and client.get(first).status_code == 404
    response = client.post(
        f"/organisations/riverside-college/invitations/{invitation.pk}/withdraw/", follow=True)
    assert "was withdrawn" in response.text and "Invitations waiting (0)" in response.text
    assert client.get(second).status_code == 410


def test_inviting_a_member_or_someone_already_invited_says_so(client, world, invite):
    invite()
    client.force_login(world.users["provider_lead"])
    url = "/organisations/riverside-college/people/invite/"
    member = client.post(url, {"email": "Staff@Riverside.test", "role": "provider_staff"})
    assert "staff@riverside.test is already a member of Riverside College (Provider staff)." \
        in member.text
    again = client.post(url, {"email": "new@riverside.test", "role": "provider_staff"})
    assert "new@riverside.test was already invited on" in again.text
    assert Invitation.objects.count() == 1


def test_the_lead_gives_no_role_above_their_own_or_of_another_kind(client, world):
    client.force_login(world.users["provider_lead"])
    url = "/organisations/riverside-college/people/invite/"
    page = client.get(url)
    assert "Provider lead" in page.text and "Provider staff" in page.text
    assert "LA commissioner" not in page.text
    refused = client.post(url, {"email": "x@riverside.test", "role": "la_commissioner"})
    assert "Choose one of the roles listed." in refused.text
    assert not Invitation.objects.exists()


def test_a_lead_cannot_invite_into_another_organisation(client, world):
    client.force_login(world.users["provider_lead"])
    assert client.get("/organisations/hilltop-ap/people/invite/").status_code == 404
    client.force_login(world.users["provider_staff"])
    assert client.post("/organisations/riverside-college/people/invite/",
                       {"email": "x@riverside.test", "role": "provider_staff"}).status_code == 403
    with pytest.raises(Exception, match="cannot manage the people"):
        services.invite(organisation=world.other_provider, email="x@hilltop.test",
                        role="provider_staff", by=world.users["provider_lead"])
    assert not Invitation.objects.exists()


def test_a_partnership_chair_invites_an_officer_and_an_admin_a_first_lead(client, world):
    services.invite(organisation=world.partnership, email="officer2@north.test",
                    role="partnership_officer", by=world.users["partnership_chair"])
    with pytest.raises(Exception, match="cannot manage the people"):
        services.invite(organisation=world.partnership, email="officer3@north.test",
                        role="partnership_officer", by=world.users["partnership_officer"])
    new_la = world.la.__class__.objects.create(name="New Council", slug="new-council",
                                               kind="local_authority")
    services.invite(organisation=new_la, email="first@new.gov.uk", role="la_commissioner",
                    by=world.users["admin"])
    assert sent_link("first@new.gov.uk")
    assert sent_link("officer2@north.test")


def test_a_refused_email_is_recorded_and_tried_again(world, settings):
    from tests.notifications.test_events import RefusingBackend

    settings.EMAIL_BACKEND = "tests.notifications.test_events.RefusingBackend"
    RefusingBackend.refusals = 1
    try:
        services.invite(organisation=world.provider, email="new@riverside.test",
                        role="provider_staff", by=world.users["provider_lead"])
        from tests.tasks import run_tasks

        run_tasks()
        invitation = pending("new@riverside.test")
        assert (invitation.send_attempts, invitation.send_error, invitation.sent_at,
                invitation.token_hash) == (1, "SMTPServerDisconnected", None, "")
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
            assert sent_link("new@riverside.test")
        invitation.refresh_from_db()
        assert invitation.send_attempts == 2 and invitation.sent_at and not invitation.send_error
    finally:
        RefusingBackend.refusals = 0


def test_accepting_signs_in_only_the_invited_address(client, world, invite):
    link = invite()
    accept_form(client, link)
    client.logout()
    assert client.post("/accounts/login/", {"login": "new@riverside.test",
                                            "password": NEW_PASSWORD}).status_code == 302
    client.logout()
    assert client.post("/accounts/login/", {"login": "new@riverside.test",
                                            "password": PASSWORD}).status_code == 200


def test_the_admin_lists_invitations_and_never_their_hash(client, world, invite):
    invite()
    invitation = pending("new@riverside.test")
    client.force_login(world.users["admin"])
    listing = client.get("/admin/people/invitation/")
    assert listing.status_code == 200 and "new@riverside.test" in listing.text
    detail = client.get(f"/admin/people/invitation/{invitation.pk}/change/")
    assert detail.status_code == 200 and invitation.token_hash not in detail.text
    assert client.get("/admin/people/invitation/add/").status_code == 403
