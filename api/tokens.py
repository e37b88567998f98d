"""Making, revoking and using API tokens. A token reads as its organisation's lead would
(``reader_for``: the same ``visible_to`` rules as the pages, no rule of its own), within its
scopes, at most ``API_RATE_LIMIT`` requests a minute."""
import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, F, When
from django.utils import timezone

from core.history import save_with_history
from organisations.models import Organisation
from organisations.querysets import acting_as
from people.grants import lead_role, leads

from .models import ApiToken, Scope

PREFIX = "qap"
LONGEST = datetime.timedelta(days=366)
# Tests assert these.
NOT_ALLOWED = "Only the organisation’s lead or an administrator manages its API tokens."
TOO_LONG = "A token lasts a year at most: choose an expiry date within a year from today."
IN_THE_PAST = "The expiry date must be after today."
CHOOSE_SCOPE = "Choose what the token may read."
REVOKED_ON_REMOVAL = "Revoked: its maker left the organisation"


def require_manage(user, organisation: Organisation) -> None:
    if not leads(user, organisation):
        raise PermissionDenied(NOT_ALLOWED)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, organisation: Organisation, name: str, expires: datetime.date,
                 scopes: list[str], by) -> tuple[ApiToken, str]:
    """A new token and its secret (shown once: only its hash is kept). It expires at the end
    of ``expires`` (local time), at most a year away."""
    require_manage(by, organisation)
    today = timezone.localdate()
    if expires <= today:
        raise ValidationError({"expires": IN_THE_PAST})
    if expires > today + LONGEST - datetime.timedelta(days=1):
        raise ValidationError({"expires": TOO_LONG})
    chosen = [scope for scope in Scope.values if scope in scopes]
    if not chosen:
        raise ValidationError({"scopes": CHOOSE_SCOPE})
    prefix = secrets.token_hex(6)
    secret = f"{PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(organisation=organisation, name=name, prefix=prefix,
                     secret_hash=_hash(secret), scopes=chosen, created_by=by,
                     expires_at=timezone.make_aware(datetime.datetime.combine(
                         expires + datetime.timedelta(days=1), datetime.time.min)))
    save_with_history(token, by=by, reason="Made")
    return token, secret


def token_revoke(*, token: ApiToken, by) -> None:
    """Stop the token at once (a revoked token is never used again)."""
    require_manage(by, token.organisation)
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), by
        save_with_history(token, by=by, reason="Revoked")


def revoke_on_removal(*, user, organisation: Organisation, by) -> None:
    """The person has left the organisation (``people.removed_hooks``): the tokens they made
    for it stop at once, since they may still hold the secrets. An administrator's tokens are
    the administrator's to revoke."""
    now = timezone.now()
    for token in ApiToken.objects.usable().filter(organisation=organisation, created_by=user):
        token.revoked_at, token.revoked_by = now, by
        save_with_history(token, by=by, reason=REVOKED_ON_REMOVAL)


def token_for(secret: str) -> ApiToken | None:
    """The usable token whose secret this is, or None (unknown, revoked, expired or a wrong
    secret: the same answer for each)."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1].isalnum() or len(parts[1]) > 16:
        return None
    token = (ApiToken.objects.usable().select_related("organisation", "created_by")
             .filter(prefix=parts[1]).first())
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(secret)):
        return None
    return token


def reader_for(token: ApiToken):
    """Who the token reads as: its organisation's lead (see ``acting_as``)."""
    return acting_as(token.created_by, token.organisation, lead_role(token.organisation))


@dataclass
class Use:
    allowed: bool
    retry_after: int = 0


def token_use(token: ApiToken, now: datetime.datetime | None = None) -> Use:
    """Count one request against the token's minute (``API_RATE_LIMIT`` a minute) and note its
    use, in one UPDATE. Past the limit: not allowed, and how many seconds until the next
    minute."""
    now = now or timezone.now()
    minute = now.replace(second=0, microsecond=0)
    count = token.window_count + 1 if token.window_start == minute else 1
    ApiToken.objects.filter(pk=token.pk).update(
        window_count=Case(When(window_start=minute, then=F("window_count") + 1), default=1),
        window_start=minute, use_count=F("use_count") + 1, last_used_at=now)
    if count > settings.API_RATE_LIMIT:
        return Use(False, 60 - now.second)
    return Use(True)
