"""Deployment checks of the portal's own settings (`manage.py check --deploy`)."""
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

SITE_URL_MISSING = (
    "SITE_URL is not the portal's address: set it in the environment, e.g. "
    "SITE_URL=https://qa.example.org.\n"
    "Emails sent outside a request (the worker's reminders and digests) link to it.")


def site_url_problem(value) -> str | None:
    """Why ``value`` cannot be the start of a link in an email, or None when it can: an http(s)
    address with a host, and no query or fragment for a path to be added after."""
    if not isinstance(value, str) or not value.strip():
        return "it is not set"
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return "it is not an address"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "it does not start with https:// and a host name"
    if parts.query or parts.fragment:
        return "it has a query or fragment, which a link's path cannot follow"
    return None


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    problem = site_url_problem(getattr(settings, "SITE_URL", None))
    if problem is None:
        return []
    return [Error(SITE_URL_MISSING, hint=f"SITE_URL={getattr(settings, 'SITE_URL', '')!r}: {problem}.",
                  id="qaportal.E001")]


@register(Tags.security, deploy=True)
def check_statement_details(app_configs, **kwargs):
    """The privacy notice and accessibility statement name who runs the deployment."""
    from .statements import deployment

    unset = deployment().unset
    if not unset:
        return []
    return [Warning("The privacy notice and accessibility statement show placeholders for "
                    "who runs this deployment.",
                    hint=f"Set {', '.join(unset)} in the environment (docs/operations/"
                         "configuration.md).", id="qaportal.W001")]


@register(Tags.security, deploy=True)
def check_single_sign_on(app_configs, **kwargs):
    """Single sign-on, when asked for, is whole and over HTTPS."""
    issuer = getattr(settings, "SSO_ISSUER", "")
    if not issuer:
        return []
    problems = []
    if urlsplit(issuer).scheme != "https" or not urlsplit(issuer).hostname:
        problems.append("SSO_ISSUER is not an https:// address")
    problems += [f"{name} is not set" for name in ("SSO_CLIENT_ID", "SSO_CLIENT_SECRET")
                 if not getattr(settings, name, "")]
    if not problems:
        return []
    return [Error("Single sign-on is asked for (SSO_ISSUER) but cannot work: "
                  + "; ".join(problems) + ".",
                  hint="See docs/operations/single-sign-on.md.", id="qaportal.E002")]
