"""A small fixed-window rate limit on Django's cache (shared between workers when CACHES is)."""

import logging

from django.core.cache import cache
from django.http import HttpRequest

from portal import network

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest) -> str:
    # One reading of the client address for the whole site (TRUSTED_PROXY_COUNT decides
    # whether X-Forwarded-For is believed).
    return network.client_ip(request) or "unknown"


def allow(key: str, limit: int, window: int) -> bool:
    """Count one more hit on `key`; False once `limit` hits fell into the current window.
    With the cache down nothing can be counted: the form is accepted (its other guards — the
    CSRF token, the signed challenge — still apply) rather than answering a server error."""
    try:
        return _count(f"ratelimit:{key}", limit, window)
    except Exception:  # the cache backend failed (Redis stopped): see the docstring
        logger.warning("rate limit not counted: cache unavailable", exc_info=True)
        return True


def _count(key: str, limit: int, window: int) -> bool:
    if cache.add(key, 1, timeout=window):
        return True
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return hits <= limit
