"""Single sign-on with the organisation's own identity provider (OpenID Connect: Microsoft
Entra ID in English councils), on django-allauth's social accounts. Off unless the
deployment names an issuer (``SSO_ISSUER``, with ``SSO_CLIENT_ID`` and ``SSO_CLIENT_SECRET``).

It never makes a membership of its own. A person signs in when the address the provider
vouches for (``vouched_email``) is an active account's, or has invitations waiting (accepted
then, as their link would be), and only where an organisation involved lists the address's
domain (``SignInDomain``): a provider shared by many tenants cannot speak for an address no
organisation here trusts it for. Anyone else sees ``refused.html`` and gets no account.

The provider's sign-in counts as two-factor when it says it used more than one factor
(``several_factors``, from the ``amr`` claim) or when the deployment trusts it to
(``SSO_TRUSTED_FOR_TWO_FACTOR``): the code step is skipped and nobody is sent to set up an
authenticator app for that session.
"""
from urllib.parse import urlsplit

from allauth.account.signals import user_logged_in
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.stages import AuthenticateStage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from core.history import save_with_history
from organisations.models import Membership, User
from organisations.signin import normalise_email

from . import services, two_factor
from .models import Invitation

PROVIDER = "openid_connect"
# The one provider's id, in its addresses: /accounts/single-sign-on/organisation/login/.
PROVIDER_ID = "organisation"

# RFC 8176's authentication methods by kind of factor: something known, held, or of oneself.
FACTOR_KINDS = {
    "known": {"pwd", "pin", "kba"},
    "held": {"otp", "hwk", "swk", "sms", "tel", "sc", "pop"},
    "inherent": {"fpt", "face", "iris", "retina", "vbm", "bio"},
}


def enabled() -> bool:
    return bool(settings.SSO_ISSUER and settings.SSO_CLIENT_ID)


def button() -> dict | None:
    """What a sign-in page's button says and where it posts, when single sign-on is on."""
    if not enabled():
        return None
    return {"name": settings.SSO_NAME,
            "url": reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})}


def _claims(sociallogin) -> dict:
    return _said(sociallogin.account.extra_data)


def _said(data) -> dict:
    """What the provider said about the person (as allauth keeps it on the social account):
    the ID token's claims over its userinfo's."""
    data = data if isinstance(data, dict) else {}
    return {**(data.get("userinfo") or {}), **(data.get("id_token") or {})}


def _true(value) -> bool:
    return value is True or str(value).strip().lower() == "true"


def vouched_email(claims: dict) -> str:
    """The email address the provider vouches for, normalised, or "" when it does not
    confirm one: ``email_verified``, or Entra ID's ``xms_edov`` (the address's domain is one
    the tenant has verified)."""
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        return ""
    if not (_true(claims.get("email_verified")) or _true(claims.get("xms_edov"))):
        return ""
    return normalise_email(email)


def several_factors(amr) -> bool:
    """Whether an ``amr`` claim says the provider used more than one factor: "mfa" itself,
    or methods of two kinds (a password and a code, say; two things known are one kind)."""
    if not isinstance(amr, list | tuple):
        return False
    methods = {str(method).lower() for method in amr}
    kinds = {kind for kind, members in FACTOR_KINDS.items() if methods & members}
    return "mfa" in methods or len(kinds) >= 2


def counts_as_two_factor(claims: dict) -> bool:
    return settings.SSO_TRUSTED_FOR_TWO_FACTOR or several_factors(claims.get("amr"))


def _full_name(claims: dict) -> str:
    name = claims.get("name") or " ".join(
        part for part in (claims.get("given_name"), claims.get("family_name")) if part)
    return str(name or "").strip()[:150]


@transaction.atomic
def account_signing_in(email: str, claims: dict, *, known_as: int | None = None,
                       ) -> tuple[User | None, list[Membership]]:
    """The account the vouched-for ``email`` signs in as (None when single sign-on may not
    let this person in), and the memberships it took up from the invitations waiting for it.
    The address's domain must be listed by an organisation they belong to, or by one that
    invited them. ``known_as``: the account this provider's subject signed in as before,
    which the address must still be."""
    domain = email.rpartition("@")[2]
    now = timezone.now()
    invitations = list(Invitation.objects.pending().select_for_update().select_related(
        "organisation", "invited_by").filter(
        email=email, expires_at__gt=now, organisation__sign_in_domains__domain=domain))
    user = services.account_with(email)
    member = user is not None and user.is_active and Membership.objects.filter(
        user=user, organisation__sign_in_domains__domain=domain).exists()
    if not (member or invitations) or (known_as is not None and getattr(user, "pk", None)
                                       != known_as):
        return None, []
    if user is None:
        user = User.objects.create_user(email, None, full_name=_full_name(claims))
    elif not user.is_active:
        # A closed account invited back: it opens for single sign-on, and a password from
        # before it was closed does not quietly start working again.
        user.is_active = True
        user.set_unusable_password()
        save_with_history(user, by=user, reason="invited back; signed in with single sign-on")
    return user, [services.join(invitation, user) for invitation in invitations]


def two_factor_at_provider(user_ids) -> set[int]:
    """Of these accounts, those whose last single-sign-on sign-in counted as two-factor
    (one query; none when single sign-on is off)."""
    if not enabled():
        return set()
    from allauth.socialaccount.models import SocialAccount

    return {user_id for user_id, data in SocialAccount.objects.filter(
        user_id__in=list(user_ids), provider=PROVIDER_ID).values_list("user_id", "extra_data")
        if counts_as_two_factor(_said(data))}


def refuse(request, email: str) -> ImmediateHttpResponse:
    return ImmediateHttpResponse(render(request, "people/single_sign_on_refused.html", {
        "email": email, "provider_name": settings.SSO_NAME}, status=403))


class SingleSignOnAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        """The one identity provider the deployment's settings name (none in the database)."""
        from allauth.socialaccount.models import SocialApp

        if not enabled() or provider not in (None, PROVIDER, PROVIDER_ID):
            return []
        if client_id not in (None, settings.SSO_CLIENT_ID):
            return []
        return [SocialApp(provider=PROVIDER, provider_id=PROVIDER_ID, name=settings.SSO_NAME,
                          client_id=settings.SSO_CLIENT_ID, secret=settings.SSO_CLIENT_SECRET,
                          settings={"server_url": settings.SSO_ISSUER})]

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        if sociallogin.state.get("process", AuthProcess.LOGIN) != AuthProcess.LOGIN:
            # Signing in only: nobody ties another identity to the account they are in.
            raise refuse(request, "")
        claims = _claims(sociallogin)
        email = vouched_email(claims)
        known_as = sociallogin.user.pk if sociallogin.is_existing else None
        user, joined = account_signing_in(email, claims, known_as=known_as) if email else (
            None, [])
        if user is None:
            raise refuse(request, email)
        if not sociallogin.is_existing:
            sociallogin.connect(request, user)
        for membership in joined:
            messages.success(request, services.joined(membership))


class CodeStage(AuthenticateStage):
    """allauth's code step at sign-in, skipped when the identity provider's sign-in counts
    as two-factor."""

    def _should_handle(self, request) -> bool:
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if sociallogin is not None and counts_as_two_factor(_claims(sociallogin)):
            return False
        return super()._should_handle(request)


@receiver(user_logged_in)
def _remember_two_factor(sender, request, user, sociallogin=None, **kwargs):
    if sociallogin is not None and counts_as_two_factor(_claims(sociallogin)):
        request.session[two_factor.BY_IDENTITY_PROVIDER] = True


class FormActionMiddleware:
    """Lets the sign-in forms send the browser on to the identity provider: the content
    security policy's form-action covers the redirect that follows a form's submission."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if enabled():
            issuer = urlsplit(settings.SSO_ISSUER)
            response._csp_update = {"form-action": f"{issuer.scheme}://{issuer.netloc}"}
        return response
