"""Signing in, as the portal does it on django-allauth: by email address and password, then
the second factor where the person has set one up (``two_factor``). Nobody signs up on their
own: people come in by invitation (``services.accept``). django-axes counts every failed
step, allauth's own throttle is off (``ACCOUNT_RATE_LIMITS``)."""
import time

from allauth.account import app_settings as allauth_account
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm
from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.account.views import LoginView, ReauthenticateView
from allauth.core import context
from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.contrib.auth import login

from core.forms import gds_helper

WRONG_PASSWORD = "Enter a correct email address and password. The password is case-sensitive."
# The notices allauth would add on signing in and out: the portal's pages say it already.
QUIET = ("account/messages/logged_in.txt", "account/messages/logged_out.txt")


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {**DefaultAccountAdapter.error_messages,
                      "email_password_mismatch": WRONG_PASSWORD,
                      "incorrect_password": "The password is not right."}

    def is_open_for_signup(self, request) -> bool:
        return False

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        if message_template in QUIET:
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # A sign-in a few minutes ago is as good as confirming the password again: someone
        # taken to set up two-factor just after signing in is not asked for it twice.
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        return not signed_in_recently(context.request)

    def get_login_stages(self) -> list[str]:
        # The code step knows when single sign-on's identity provider asked for a second
        # factor already.
        return ["people.single_sign_on.CodeStage" if stage == "allauth.mfa.stages.AuthenticateStage"
                else stage for stage in super().get_login_stages()]

    def reauthenticate(self, user, password: str) -> bool:
        # The account's own address: allauth would look for an address row of its own.
        again = self.authenticate(context.request, email=user.email, login=user.email,
                                  password=password)
        return again is not None and again.pk == user.pk


def signed_in_recently(request) -> bool:
    """Whether this session's person typed their password (or a code) within the last
    ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` seconds (5 minutes)."""
    records = get_authentication_records(request, getattr(request, "user", None))
    return any(time.time() - record.get("at", 0) < allauth_account.REAUTHENTICATION_TIMEOUT
               for record in records)


def sign_in_new_account(request, user) -> None:
    """Sign in someone who has just made their password (accepting an invitation): as if
    they had typed it on the sign-in page, so setting up two-factor next does not ask for it
    again."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    record_authentication(request, user, method="password", email=user.email)


class SignInForm(LoginForm):
    """allauth's sign-in form in the GOV.UK layout, with the portal's words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email, password = self.fields["login"], self.fields["password"]
        email.label = "Email address"
        email.widget = forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"})
        email.error_messages["required"] = "Enter your email address."
        password.label = "Password"
        password.widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})
        password.help_text = ""
        password.error_messages["required"] = "Enter your password."
        self.helper = gds_helper(Field.text("login", label_size=Size.SMALL),
                                 Field.text("password", label_size=Size.SMALL),
                                 Button("submit", "Sign in"))

    def user_credentials(self) -> dict:
        # django-axes finds the address it counts failures against under "login".
        credentials = super().user_credentials()
        credentials["login"] = credentials.get("email", "")
        return credentials


class SignInView(LoginView):
    template_name = "registration/login.html"


class PasswordAgainView(ReauthenticateView):
    """Asked for the password again before a sensitive change (setting up two-factor long
    after signing in, say)."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["password"].label = "Password"
        form.fields["password"].help_text = ""
        form.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password"})
        form.fields["password"].error_messages["required"] = "Enter your password."
        form.helper = gds_helper(Field.text("password", label_size=Size.SMALL),
                                 Button("submit", "Continue"))
        return form
