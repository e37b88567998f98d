"""Two-factor authentication, on django-allauth's MFA: codes from an authenticator app, and
recovery codes for when the app is lost.

Who must use it is one rule (``required_for``): administrators, and anyone holding a role in
``TWO_FACTOR_ROLES`` (the roles that can read learner-level outcomes), or everyone with
``TWO_FACTOR_FOR_EVERYONE``; nobody when ``TWO_FACTOR_REQUIRED`` is off (development's
default). Someone who must and has not set it up is taken to set it up before anything else
(``RequireTwoFactorMiddleware``), and cannot turn it off (``TwoFactorAdapter``).

Each code step (signing in, confirming before a change) counts a wrong code as a failed
sign-in with django-axes, and refuses a locked-out account, as the password step does.
"""
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.forms import GenerateRecoveryCodesForm
from allauth.mfa.totp.forms import ActivateTOTPForm, DeactivateTOTPForm
from axes.handlers.proxy import AxesProxyHandler
from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from core.forms import gds_helper
from organisations.querysets import memberships_of

# Pages open to someone who must set up two-factor and has not: setting it up, and what
# every visitor may read.
OPEN_BEFORE_SET_UP = {
    "mfa_index", "mfa_activate_totp", "mfa_view_recovery_codes", "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes", "mfa_reauthenticate", "account_reauthenticate", "logout",
    "login", "account_login", "keep_alive", "accessibility", "privacy", "healthz",
}
SET_UP_FIRST = "Set up two-factor authentication to continue: your role needs it."
LOCKED = ("Too many wrong codes. For your security this account is locked for a while; try "
          "again later or ask your organisation's lead for help.")
WRONG_CODE = "The code is not right. Enter the 6-digit code your authenticator app shows now, " \
             "or one of your recovery codes."
WRONG_SET_UP_CODE = "The code is not right. Enter the 6-digit code the app shows now."
ENROLLED = "_qaportal_two_factor_enrolled"
# Set in the session when single sign-on's identity provider used a second factor itself.
BY_IDENTITY_PROVIDER = "_qaportal_two_factor_by_identity_provider"


def _needed(*, is_admin: bool, roles) -> bool:
    """The rule, once: two-factor is needed by an administrator, by anyone holding one of
    ``TWO_FACTOR_ROLES``, or by everyone with ``TWO_FACTOR_FOR_EVERYONE``; by nobody when
    ``TWO_FACTOR_REQUIRED`` is off."""
    if not settings.TWO_FACTOR_REQUIRED:
        return False
    return (settings.TWO_FACTOR_FOR_EVERYONE or is_admin
            or any(role in settings.TWO_FACTOR_ROLES for role in roles))


def required_for(user) -> bool:
    """Whether ``user`` must use two-factor authentication."""
    if not user.is_authenticated or not user.is_active:
        return False
    return _needed(is_admin=user.is_admin, roles=[m.role for m in memberships_of(user)])


def enrolled(user) -> bool:
    """Whether ``user`` has an authenticator app set up (read once per request)."""
    cached = getattr(user, ENROLLED, None)
    if cached is None:
        cached = Authenticator.objects.filter(user_id=user.pk,
                                              type=Authenticator.Type.TOTP).exists()
        setattr(user, ENROLLED, cached)
    return cached


def set_up_q():
    """Whether a membership's person has an authenticator app set up: an annotation, so a
    page of members asks it in the same query."""
    from django.db.models import Exists, OuterRef

    return Exists(Authenticator.objects.filter(user_id=OuterRef("user_id"),
                                               type=Authenticator.Type.TOTP))


def must_set_up(membership) -> bool:
    """Whether the member's role needs two-factor (the rule of ``required_for``, for this
    membership's role alone, as a lead reads the list)."""
    return _needed(is_admin=membership.user.is_admin, roles=[membership.role])


class RequireTwoFactorMiddleware:
    """Takes someone who must use two-factor and has not set it up to set-up, whatever page
    they asked for (an htmx request is told to go there)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        match = request.resolver_match
        if (user is None or match is None or match.url_name in OPEN_BEFORE_SET_UP
                or request.session.get(BY_IDENTITY_PROVIDER)
                or not required_for(user) or enrolled(user)):
            return None
        target = reverse("mfa_activate_totp")
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        messages.warning(request, SET_UP_FIRST)
        return redirect(target)


class TwoFactorAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        return not required_for(authenticator.user)

    def get_totp_issuer(self) -> str:
        return settings.SERVICE_NAME


def _code_field(form, label: str, hint: str) -> None:
    field = form.fields["code"]
    field.label = label
    field.help_text = hint
    field.error_messages["required"] = "Enter the code."
    field.widget = forms.TextInput(attrs={"autocomplete": "one-time-code",
                                          "inputmode": "numeric", "spellcheck": "false",
                                          "class": "govuk-input--width-10"})


class ThrottledCode:
    """A code step django-axes guards: a locked-out account is refused before the code is
    looked at, and a wrong code counts as a failed sign-in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self, "Code", "The 6-digit code from your authenticator app, or one of "
                                  "your recovery codes.")
        self.helper = gds_helper(Field.text("code", label_size=Size.SMALL),
                                 Button("submit", "Continue"))

    def clean_code(self):
        request = context.request
        credentials = {"login": self.user.email}
        if AxesProxyHandler.is_locked(request, credentials):
            raise forms.ValidationError(LOCKED)
        try:
            return super().clean_code()
        except forms.ValidationError:
            user_login_failed.send(sender=type(self), credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                raise forms.ValidationError(LOCKED) from None
            raise forms.ValidationError(WRONG_CODE) from None


class CodeForm(ThrottledCode, AuthenticateForm):
    pass


class ReauthenticateCodeForm(ThrottledCode, ReauthenticateForm):
    pass


class ActivateForm(ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self, "Code from the app", "The 6-digit code the app shows for QA Portal.")
        self.helper = gds_helper(Field.text("code", label_size=Size.SMALL),
                                 Button("submit", "Turn on two-factor authentication"))

    def clean_code(self):
        try:
            return super().clean_code()
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "incorrect_code":
                raise forms.ValidationError(WRONG_SET_UP_CODE) from None
            raise


class DeactivateForm(DeactivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Button("submit", "Turn off two-factor authentication",
                                        css_class="govuk-button--warning"))


class NewRecoveryCodesForm(GenerateRecoveryCodesForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Button("submit", "Make new recovery codes"))
