"""Two-factor authentication (django-allauth's MFA) as the portal requires it: set up before
anything else by those whose role needs it, a code after the password at every sign-in,
recovery codes that work once, and django-axes locking the code step as it does the
password."""
import re
import time

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from organisations.models import Membership
from tests.factories import PASSWORD

SET_UP = "/accounts/two-factor/totp/activate/"
CODE_STEP = "/accounts/two-factor/authenticate/"


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True
    settings.TWO_FACTOR_ROLES = ["la_commissioner", "provider_lead", "provider_staff"]
    settings.TWO_FACTOR_FOR_EVERYONE = False
    return settings


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("login"), {"login": email, "password": password})


def fresh_code(app: pyotp.TOTP) -> str:
    """The app's code, as a person would type it: waiting for the next one when this one has
    under 3 seconds left, so that it is not checked after its 30 seconds have run out (a test
    on a busy machine failed so)."""
    left = app.interval - time.time() % app.interval
    if left < 3:
        time.sleep(left + 0.1)
    return app.now()


def set_up(client) -> pyotp.TOTP:
    """Set up an authenticator app as a person would: read the key off the page, type the
    app's code. Returns the app."""
    page = client.get(SET_UP)
    assert page.status_code == 200
    key = re.search(r'id="authenticator-key">([A-Z2-7]+)<', page.text).group(1)
    app = pyotp.TOTP(key)
    done = client.post(SET_UP, {"code": fresh_code(app)})
    assert done.status_code == 302, done.text
    return app


def test_someone_whose_role_needs_it_sets_it_up_before_anything_else(client, world, required):
    assert sign_in(client, "commissioner@shire.test")["Location"] == "/"
    first = client.get("/")
    assert first.status_code == 302 and first["Location"] == SET_UP
    page = client.get(SET_UP)
    assert "Your role means you must use two-factor authentication." in page.text
    assert "<svg" in page.text  # the QR code, drawn in the page (no image to fetch)
    # Reading and privacy pages stay open; everything else waits.
    assert client.get("/accessibility/").status_code == 200
    assert client.get("/dashboard/outcomes/")["Location"] == SET_UP
    wrong = client.post(SET_UP, {"code": "000000"})
    assert "The code is not right." in wrong.text
    set_up(client)
    assert Authenticator.objects.filter(user=world.users["la_commissioner"],
                                        type="totp").exists()
    codes = client.get("/accounts/two-factor/recovery-codes/")
    assert codes.status_code == 200 and "Your recovery codes" in codes.text
    assert client.get("/").status_code == 200


def test_an_htmx_request_is_told_where_to_go(client, world, required):
    sign_in(client, "commissioner@shire.test")
    response = client.get("/notifications/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == SET_UP


def test_a_role_that_does_not_need_it_is_not_asked(client, world, required):
    sign_in(client, "officer@north.test")
    assert client.get("/").status_code == 200


def test_everyone_is_asked_when_the_deployment_says_so(client, world, required):
    required.TWO_FACTOR_FOR_EVERYONE = True
    sign_in(client, "officer@north.test")
    assert client.get("/")["Location"] == SET_UP


def test_administrators_always_and_the_admin_signs_in_through_the_portal(client, world,
                                                                         required):
    required.TWO_FACTOR_ROLES = []
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert client.get("/admin/login/")["Location"].startswith(reverse("login") + "?next=")
    sign_in(client, "admin@service.test")
    assert client.get("/admin/")["Location"] == SET_UP


def test_every_sign_in_asks_for_a_code_after_the_password(client, world, required):
    sign_in(client, "commissioner@shire.test")
    app = set_up(client)
    client.logout()
    response = sign_in(client, "commissioner@shire.test")
    assert response["Location"] == CODE_STEP
    assert client.get("/").status_code == 302  # not signed in yet
    page = client.get(CODE_STEP)
    assert "Enter your code" in page.text
    wrong = client.post(CODE_STEP, {"code": "123456"})
    assert "The code is not right." in wrong.text
    assert client.post(CODE_STEP, {"code": fresh_code(app)})["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_recovery_code_works_once(client, world, required):
    sign_in(client, "commissioner@shire.test")
    set_up(client)
    page = client.get("/accounts/two-factor/recovery-codes/").text
    code = re.findall(r"<li><code>(\w+)</code></li>", page)[0]
    client.logout()
    sign_in(client, "commissioner@shire.test")
    assert client.post(CODE_STEP, {"code": code})["Location"] == "/"
    client.logout()
    sign_in(client, "commissioner@shire.test")
    assert "The code is not right." in client.post(CODE_STEP, {"code": code}).text


def test_wrong_codes_lock_the_account_as_wrong_passwords_do(client, world, required):
    sign_in(client, "commissioner@shire.test")
    app = set_up(client)
    client.logout()
    sign_in(client, "commissioner@shire.test")
    for _ in range(4):
        assert "The code is not right." in client.post(CODE_STEP, {"code": "000000"}).text
    locked = client.post(CODE_STEP, {"code": "000000"})
    assert locked.status_code == 429 and "Your account is locked for now" in locked.text
    # Locked: the right code is refused now, and so is the right password.
    right = client.post(CODE_STEP, {"code": fresh_code(app)})
    assert "Too many wrong codes" in right.text
    assert "_auth_user_id" not in client.session
    client.logout()
    again = sign_in(client, "commissioner@shire.test")
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_someone_who_must_use_it_cannot_turn_it_off(client, world, required):
    sign_in(client, "commissioner@shire.test")
    set_up(client)
    index = client.get("/accounts/two-factor/")
    assert "it cannot be turned off" in index.text and "Turn off" not in index.text
    client.post("/accounts/two-factor/totp/deactivate/")
    assert Authenticator.objects.filter(user=world.users["la_commissioner"],
                                        type="totp").exists()


def test_the_lead_sees_who_has_not_set_it_up(client, world, required):
    Membership.objects.filter(user=world.users["provider_staff"]).update(
        role=Membership.Role.PROVIDER_STAFF)
    sign_in(client, "lead@riverside.test")
    # The lead has not set it up either: the list comes once they have.
    assert client.get("/organisations/riverside-college/people/")["Location"] == SET_UP
    set_up(client)
    page = client.get("/organisations/riverside-college/people/").text
    staff_row = page[page.index("staff@riverside.test"):]
    staff_row = staff_row[:staff_row.index("</tr>")]
    assert "Not set up" in staff_row and "govuk-tag--red" in staff_row
    lead_row = page[page.index("lead@riverside.test"):]
    assert "Set up" in lead_row[:lead_row.index("</tr>")]


def test_long_after_signing_in_setting_it_up_asks_for_the_password_again(client, world,
                                                                          required):
    import time_machine
    from django.utils import timezone

    sign_in(client, "commissioner@shire.test")
    with time_machine.travel(timezone.now() + __import__("datetime").timedelta(minutes=6)):
        response = client.get(SET_UP)
        assert response["Location"].startswith("/accounts/reauthenticate/")
        page = client.get(response["Location"])
        assert "Confirm it is you" in page.text
        wrong = client.post(response["Location"], {"password": "not-my-password"})
        assert "The password is not right." in wrong.text
        right = client.post(response["Location"], {"password": PASSWORD})
        assert right["Location"] == SET_UP
        assert client.get(SET_UP).status_code == 200
