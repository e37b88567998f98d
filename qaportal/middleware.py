"""Project-wide middleware: refusing requests no page of ours can answer, the
Permissions-Policy header, no caching of signed-in pages, and the session's idle and
maximum-age limits."""
import time
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from core.activity import is_activity

# Browser features the portal never uses, switched off for it and for anything it embeds.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
    "encrypted-media", "geolocation", "gyroscope", "hid", "idle-detection", "magnetometer",
    "microphone", "midi", "payment", "picture-in-picture", "publickey-credentials-get",
    "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
))

SIGNED_IN_AT = "qaportal_signed_in_at"
LAST_ACTIVITY = "qaportal_last_activity"
# Recording activity writes the session row; once a minute is close enough for a limit measured
# in tens of minutes, and spares a write on every in-place save.
ACTIVITY_RESOLUTION_SECONDS = 60

IDLE_MESSAGE = "You were signed out after {duration} without activity. Sign in again to continue."
MAX_AGE_MESSAGE = ("You were signed out because you had been signed in for {duration}. "
                   "Sign in again to continue.")


NUL_IN_REQUEST = "A NUL character in the address."


class RejectNulMiddleware:
    """A 400 Bad Request for a NUL character anywhere in the path or query string.

    No address of ours holds one, and PostgreSQL refuses NUL in text, so a NUL reaching a
    lookup (``/assessments/2/sections/%00/``, ``?q=a%00b``) would be a server error there
    and a quiet miss on SQLite. Answered here once rather than in every view. Posted text
    is the forms' job: Django's CharField already refuses NUL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = unquote(request.META.get("QUERY_STRING", ""), errors="replace")
        if "\x00" in request.path_info or "\x00" in query:
            # Raised, not returned, so the 400 page comes from the project's handler400.
            raise BadRequest(NUL_IN_REQUEST)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` on every response that does not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class PrivateCacheMiddleware:
    """A signed-in user's responses are theirs alone: no shared or browser cache may keep them
    (a shared computer's back button, a proxy). Uses the same headers as ``never_cache``, which
    the report downloads set themselves; a response that already says how to cache is left be."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


def _duration(minutes: float) -> str:
    if minutes < 1:  # only in tests, which shorten the limit
        seconds = round(minutes * 60)
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    if minutes % 60 == 0:
        hours = int(minutes // 60)
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = round(minutes)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def idle_seconds() -> int:
    """How long a signed-in session may go without a request (SESSION_IDLE_MINUTES)."""
    return round(settings.SESSION_IDLE_MINUTES * 60)


def max_age_seconds() -> int:
    """How long after signing in a session ends, however active (SESSION_MAX_HOURS)."""
    return round(settings.SESSION_MAX_HOURS * 3600)


def record_activity(session, *, force: bool = False) -> None:
    """Note that the signed-in user is active now (at most once a minute unless forced)."""
    now = int(time.time())
    session.setdefault(SIGNED_IN_AT, now)
    resolution = min(ACTIVITY_RESOLUTION_SECONDS, idle_seconds() // 10)
    if force or now - session.get(LAST_ACTIVITY, 0) >= resolution:
        session[LAST_ACTIVITY] = now


def session_started(sender, request, user, **kwargs):
    """On signing in, the session's clocks start: so the first pages after signing in need not
    write the session again."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())
        record_activity(request.session, force=True)


def _expiry_message(session) -> str | None:
    """Why this session has ended, or None while it is still good."""
    now = int(time.time())
    signed_in_at = session.get(SIGNED_IN_AT)
    last_activity = session.get(LAST_ACTIVITY)
    if signed_in_at is not None and now - signed_in_at >= max_age_seconds():
        return MAX_AGE_MESSAGE.format(duration=_duration(settings.SESSION_MAX_HOURS * 60))
    if last_activity is not None and now - last_activity >= idle_seconds():
        return IDLE_MESSAGE.format(duration=_duration(settings.SESSION_IDLE_MINUTES))
    return None


def _same_origin_path(request, url: str | None) -> str | None:
    """The path and query of ``url`` if it is on this site, else None."""
    if not url or not url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return None
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "") if parts.path else None


def _return_to(request) -> str:
    """The page the user was on: for htmx the page it was sent from; for a form post the page
    the form was on (its Referer, when on this site); otherwise the page asked for."""
    if request.htmx:
        return request.htmx.current_url_abs_path or _same_origin_path(
            request, request.headers.get("Referer")) or reverse("home")
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    return _same_origin_path(request, request.headers.get("Referer")) or request.path


class SessionTimeoutMiddleware:
    """End a signed-in session after SESSION_IDLE_MINUTES without a request, or
    SESSION_MAX_HOURS after signing in, and send the user to sign in again with ``next`` set to
    the page they were on. An htmx request gets ``HX-Redirect`` rather than a fragment.

    Needs the session, authentication and messages middleware before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and request.path_info != reverse("logout"):
            message = _expiry_message(request.session)
            if message:
                return self._sign_out(request, message)
        response = self.get_response(request)
        # After the view: a sign-in has just happened on the login page's POST. A page's own
        # polling (``core.activity.not_activity``) is not the user: it never keeps a session alive.
        if request.user.is_authenticated and is_activity(request):
            record_activity(request.session)
        return response

    def _sign_out(self, request, message):
        next_path = _return_to(request)
        logout(request)
        messages.info(request, message)
        response = redirect_to_login(next_path)
        if request.htmx:
            return HttpResponseClientRedirect(response["Location"])
        return response
