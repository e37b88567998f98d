"""Work kept in the cache under a key that names everything it depends on, so that nothing
stale is served and nothing needs clearing: when anything the work read changes, so does its
key, and the old entry goes unused until it expires.

Used for the figures a reader sees on the outcomes dashboard, its API sheet and the provider
profile (``dashboards.outcomes``), the trends' charts (``dashboards.trend_kept``) and what the
suppression withholds (``outcomes.aggregates.protection_for``)."""
import hashlib

from django.core.cache import cache

# A day at most: a key changes with anything its work reads, so this only lets unused ones go.
KEPT = 24 * 60 * 60


def key_for(kind: str, parts) -> str:
    """A cache key for ``kind`` of work depending on ``parts`` (anything with a stable
    ``repr``: numbers, text, and lists and tuples of them)."""
    return f"{kind}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


def kept(key: str, make, seconds: int = KEPT):
    """What is kept under ``key``, or ``make()``'s, then kept for ``seconds``. ``make()`` must
    not return None (it would be made again each time)."""
    found = cache.get(key)
    if found is None:
        found = make()
        cache.set(key, found, seconds)
    return found
