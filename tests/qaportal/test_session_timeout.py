"""Signed-in sessions end after 30 idle minutes or 12 hours, and the user comes back to the page
they were on; "Stay signed in" keeps an idle session going."""
import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
IDLE_MESSAGE = "You were signed out after 30 minutes without activity. Sign in again to continue."


@pytest.fixture
def lead(world):
    return world.users["provider_lead"]


@pytest.fixture
def signed_in(client, lead):
    """The test client signed in through the sign-in form at START; yields the time machine."""
    with time_machine.travel(START, tick=False) as traveller:
        response = client.post(reverse("login"), {"login": lead.email, "password": PASSWORD})
        assert response.status_code == 302
        yield traveller


def later(traveller, **delta):
    traveller.move_to(START + datetime.timedelta(**delta))


def sent_to_sign_in(response) -> str:
    """The ``next`` of a redirect to the sign-in page (fails if it is not one)."""
    assert response.status_code == 302, response.status_code
    location = urlsplit(response["Location"])
    assert location.path == reverse("login")
    return parse_qs(location.query)["next"][0]


def test_idle_past_30_minutes_signs_out_and_returns_to_the_page_after_signing_in(
        client, lead, signed_in):
    page = reverse("organisations:list") + "?q=river"
    later(signed_in, minutes=31)
    response = client.get(page)
    assert sent_to_sign_in(response) == page
    assert [str(m) for m in get_messages(response.wsgi_request)] == [IDLE_MESSAGE]
    assert "_auth_user_id" not in client.session

    response = client.get(response["Location"])
    assert IDLE_MESSAGE in response.content.decode()
    response = client.post(reverse("login") + "?" + urlsplit(response.wsgi_request.get_full_path()).query,
                           {"login": lead.email, "password": PASSWORD, "next": page})
    assert response["Location"] == page
    assert client.get(page).status_code == 200


def test_activity_within_30_minutes_keeps_the_session(client, signed_in):
    for minutes in (25, 50, 75):
        later(signed_in, minutes=minutes)
        assert client.get(reverse("home")).status_code == 200


def test_twelve_hours_after_signing_in_the_session_ends_however_active(client, signed_in):
    for minutes in range(20, 12 * 60, 20):
        later(signed_in, minutes=minutes)
        assert client.get(reverse("home")).status_code == 200, minutes
    later(signed_in, hours=12)
    response = client.get(reverse("home"))
    assert sent_to_sign_in(response) == reverse("home")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "You were signed out because you had been signed in for 12 hours. Sign in again to continue."]


def test_a_form_posted_after_the_timeout_returns_to_the_page_the_form_was_on(client, signed_in):
    later(signed_in, minutes=45)
    form_page = "http://testserver" + reverse("password_change") + "?from=header"
    response = client.post(reverse("password_change"), {"old_password": "x"}, HTTP_REFERER=form_page)
    assert sent_to_sign_in(response) == reverse("password_change") + "?from=header"


def test_a_post_from_another_site_after_the_timeout_returns_to_the_posted_page(client, signed_in):
    later(signed_in, minutes=45)
    response = client.post(reverse("password_change"), {}, HTTP_REFERER="https://evil.example/x")
    assert sent_to_sign_in(response) == reverse("password_change")


def test_an_htmx_request_after_the_timeout_is_told_to_go_to_sign_in(client, signed_in):
    later(signed_in, minutes=31)
    page = reverse("organisations:list")
    response = client.post(reverse("keep_alive"), headers={
        "HX-Request": "true", "HX-Current-URL": f"http://testserver{page}"})
    assert response.status_code == 200
    redirect = urlsplit(response["HX-Redirect"])
    assert redirect.path == reverse("login")
    assert parse_qs(redirect.query)["next"] == [page]


def test_stay_signed_in_starts_the_idle_time_again(client, signed_in):
    later(signed_in, minutes=28)
    assert client.post(reverse("keep_alive")).status_code == 204
    later(signed_in, minutes=55)
    assert client.get(reverse("home")).status_code == 200


def test_keep_alive_needs_the_csrf_token(lead):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(reverse("keep_alive")).status_code == 403


def test_the_idle_limit_comes_from_settings(client, signed_in, settings):
    settings.SESSION_IDLE_MINUTES = 5
    later(signed_in, minutes=6)
    response = client.get(reverse("home"))
    sent_to_sign_in(response)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "You were signed out after 5 minutes without activity. Sign in again to continue."]


def test_signed_in_pages_carry_the_limits_for_the_warning(client, signed_in):
    html = client.get(reverse("home")).content.decode()
    assert 'data-session-idle-seconds="1800"' in html
    assert 'data-session-warn-seconds="120"' in html
    assert f'data-session-keep-alive-url="{reverse("keep_alive")}"' in html
