"""A small fixed-window rate limit on Django's cache (shared between workers when CACHES is)."""

from django.core.cache import cache
from django.http import HttpRequest

from portal import network


def client_ip(request: HttpRequest) -> str:
    # One reading of the client address for the whole site (TRUSTED_PROXY_COUNT decides
    # whether X-Forwarded-For is believed).
    return network.client_ip(request) or "unknown"


def allow(key: str, limit: int, window: int) -> bool:
    """Count one more hit on `key`; False once `limit` hits fell into the current window."""
    key = f"ratelimit:{key}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return hits <= limit
