"""Signing in, out, locking out and resetting a password, through the real forms."""
import re

from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD


def test_sign_in_with_email_and_password_reaches_home(world, client):
    response = client.post(reverse("login"), {"login": "LEAD@riverside.test",
                                              "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "What needs doing" in response.content.decode()


def test_wrong_password_shows_a_clear_error_and_keeps_the_email(world, client):
    response = client.post(reverse("login"), {"login": "lead@riverside.test",
                                              "password": "wrong"})
    html = response.content.decode()
    assert "Enter a correct email address and password." in html
    assert 'value="lead@riverside.test"' in html
    assert "<title>Error: Sign in" in html


def test_signed_out_user_is_sent_to_sign_in_and_back(world, client):
    url = world.provider.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_account_locks_after_five_failed_attempts(world, client):
    for _ in range(5):
        client.post(reverse("login"), {"login": "lead@riverside.test", "password": "wrong"})
    response = client.post(reverse("login"), {"login": "lead@riverside.test",
                                              "password": PASSWORD})
    assert response.status_code == 429
    assert "Your account is locked for now" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post_and_ends_the_session(world, client_for):
    client = client_for(world.users["provider_lead"])
    response = client.post(reverse("logout"), follow=True)
    assert "You have signed out" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_sends_a_working_link(world, client):
    client.post(reverse("password_reset"), {"email": "lead@riverside.test"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", mail.outbox[0].body)[1]
    response = client.get(link, follow=True)
    new = "a-much-longer-passphrase-2026"
    response = client.post(response.redirect_chain[-1][0],
                           {"new_password1": new, "new_password2": new}, follow=True)
    assert "Your password has been set" in response.content.decode()
    response = client.post(reverse("login"), {"login": "lead@riverside.test",
                                              "password": new}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")


def test_password_reset_for_unknown_email_says_the_same_and_sends_nothing(db, client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert "Check your email" in response.content.decode()
    assert mail.outbox == []


def test_password_change_rejects_a_short_password_next_to_the_field(world, client_for):
    client = client_for(world.users["provider_lead"])
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "short", "new_password2": "short"})
    assert "This password is too short. It must contain at least 12 characters." in \
        response.content.decode()


SPELLINGS = ["lead@riverside.test", "LEAD@RIVERSIDE.TEST", "Lead@Riverside.Test",
             "lEaD@rIvErSiDe.TeSt", " lead@riverside.test "]


def test_every_spelling_of_an_email_is_one_account_for_the_lockout(world, client):
    # Five wrong passwords spread over five spellings: one account, so it locks.
    for spelling in SPELLINGS:
        client.post(reverse("login"), {"login": spelling, "password": "wrong"})
    for spelling in [*SPELLINGS, "LEAD@riverside.TEST"]:
        response = client.post(reverse("login"), {"login": spelling, "password": PASSWORD})
        assert response.status_code == 429, spelling
        assert "Your account is locked for now" in response.content.decode()
        assert "_auth_user_id" not in client.session
    # The administrators' sign-in page is the portal's own, where the same lock holds.
    response = client.post(reverse("admin:login"), {"username": "Lead@RIVERSIDE.test",
                                                    "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert "_auth_user_id" not in client.session


def test_a_locked_spelling_cannot_be_bypassed_by_another(world, client):
    for _ in range(5):
        client.post(reverse("login"), {"login": "lead@riverside.test", "password": "wrong"})
    response = client.post(reverse("login"), {"login": "LEAD@RIVERSIDE.TEST",
                                              "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_failed_attempt_is_recorded_under_the_account_s_one_spelling(world, client):
    from axes.models import AccessAttempt

    client.post(reverse("login"), {"login": " Lead@Riverside.TEST ", "password": "wrong"})
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [
        "lead@riverside.test"]


def test_a_successful_sign_in_in_another_spelling_clears_the_failures(world, client):
    from axes.models import AccessAttempt

    for _ in range(4):
        client.post(reverse("login"), {"login": "lead@riverside.test", "password": "wrong"})
    response = client.post(reverse("login"), {"login": "LEAD@Riverside.test",
                                              "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert not AccessAttempt.objects.filter(failures_since_start__gt=0).exists()
