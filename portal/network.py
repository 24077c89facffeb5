"""The client's address, in one place: throttling, login lockouts and the audit trail ask here.

X-Forwarded-For is written by whoever sends the request, so it is only believed when the
deployment says how many reverse proxies of its own append to it (TRUSTED_PROXY_COUNT). Each
proxy appends the address it received the request from; with N trusted proxies the client is
the N-th entry from the right, and anything further left is the client's own invention.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    peer = request.META.get("REMOTE_ADDR", "") or ""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return peer
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part.strip() for part in forwarded if part.strip()]
    if not forwarded:
        return peer
    candidate = forwarded[-count] if len(forwarded) >= count else forwarded[0]
    return _valid(candidate) or peer
