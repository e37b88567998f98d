"""An invitation link's token: "<invitation id>.<secret>", the secret 256 random bits.

Only the SHA-256 of the secret is stored: a copy of the database opens no invitation. The
secret is compared in constant time with the stored hash of the invitation the id names.
"""
import hashlib
import hmac
import re
import secrets

from core.forms import parse_id

TOKEN = re.compile(r"([0-9]{1,18})\.([A-Za-z0-9_-]{43})")


def new_secret() -> str:
    return secrets.token_urlsafe(32)  # 32 bytes: 256 bits, 43 characters


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def make(invitation_id: int, secret: str) -> str:
    return f"{invitation_id}.{secret}"


def split(token: str) -> tuple[int, str] | None:
    """The invitation id and secret a token names, or None when it is no token of ours."""
    match = TOKEN.fullmatch(token or "")
    if not match:
        return None
    return parse_id(match.group(1)), match.group(2)


def matches(secret: str, stored_hash: str) -> bool:
    return bool(stored_hash) and hmac.compare_digest(digest(secret), stored_hash)
