"""Whole public pages served from the shared cache, with ETags that need no database.

A view names its page by a key that changes whenever anything the page shows changes (the
publication generation, the effective-date state, the version, the static build, 大字模式 and 高对比度);
`serve()` answers If-None-Match from the key alone (304), else returns the cached bytes (gzip
ones too, compressed once), else renders and stores. Pages that set a cookie are never stored.
Browsers and proxies revalidate every time (`no-cache`), so a publication is seen at once.
"""

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.regex_helper import _lazy_re_compile
from django.utils.text import compress_string

from lists import generation, in_force, public_cache

PAGE_TTL = 7 * 24 * 3600
RENDER_LOCK_SECONDS = 30
RENDER_WAIT = 10.0
KEPT_HEADERS = ("Content-Disposition",)
ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")


@dataclass(frozen=True)
class CachedPage:
    content: bytes
    gzipped: bytes
    content_type: str
    headers: tuple

    @property
    def size(self) -> int:
        return len(self.content) + len(self.gzipped)


def site_key(name: str, *parts) -> str:
    """The key of a page that shows site-wide state: it changes with any publication (the
    generation) and with the day (what is in force)."""
    return ":".join(str(part) for part in (name, generation.current(), in_force.today(), *parts))


def display_modes(request: HttpRequest) -> str:
    """大字模式 and 高对比度 change the page's <html> class: part of every key."""
    from portal.context_processors import CONTRAST_COOKIE, LARGE_COOKIE

    large = "L" if request.COOKIES.get(LARGE_COOKIE) == "1" else "-"
    return large + ("C" if request.COOKIES.get(CONTRAST_COOKIE) == "1" else "-")


def serve(
    request: HttpRequest,
    key: str,
    render: Callable[[], HttpResponse],
    last_modified: datetime | None = None,
) -> HttpResponse:
    key, etag, stamp = _validators(request, key, last_modified)
    answer = get_conditional_response(request, etag=etag, last_modified=stamp)
    if answer is None:
        answer = _cached_response(request, f"page:{key}", render)
    return _finish(answer, etag, stamp)


def not_modified(
    request: HttpRequest, key: str, last_modified: datetime | None
) -> HttpResponse | None:
    """The 304 that serve() would answer for `key`, or None (then serve the request as usual)."""
    _, etag, stamp = _validators(request, key, last_modified)
    answer = get_conditional_response(request, etag=etag, last_modified=stamp)
    if answer is None or answer.status_code != 304:
        return None
    return _finish(answer, etag, stamp)


def _validators(request, key: str, last_modified: datetime | None) -> tuple[str, str, int | None]:
    key = f"{key}:{public_cache.static_build()}:{display_modes(request)}"
    etag = quote_etag(hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:24])
    return key, etag, int(last_modified.timestamp()) if last_modified else None


def _finish(answer: HttpResponse, etag: str, stamp: int | None) -> HttpResponse:
    answer["ETag"] = etag
    if stamp is not None:
        answer["Last-Modified"] = http_date(stamp)
    answer["Cache-Control"] = "public, no-cache"
    patch_vary_headers(answer, ("Cookie", "Accept-Encoding"))
    return answer


def _cached_response(request, key: str, render) -> HttpResponse:
    page = public_cache.get(key, immutable=True)
    if page is None:
        page = _wait_for_other(key)
    if page is None:
        try:
            response = render()
            if response.status_code != 200 or response.cookies or response.streaming:
                return response
            page = CachedPage(
                content=response.content,
                gzipped=compress_string(response.content),
                content_type=response["Content-Type"],
                headers=tuple((h, response[h]) for h in KEPT_HEADERS if h in response),
            )
            public_cache.set(key, page, PAGE_TTL, immutable=True)
        finally:
            public_cache.delete(f"lock:{key}")
    wants_gzip = ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    response = HttpResponse(page.gzipped if wants_gzip else page.content, page.content_type)
    if wants_gzip:
        response["Content-Encoding"] = "gzip"
    for header, value in page.headers:
        response[header] = value
    return response


def _wait_for_other(key: str) -> CachedPage | None:
    """One render per page at a time (no stampede when many clients ask for a page nobody has
    cached yet, e.g. right after a publication): the first takes a lock, the others wait up to
    RENDER_WAIT seconds for its result, then render themselves."""
    if public_cache.add(f"lock:{key}", 1, RENDER_LOCK_SECONDS) is not False:
        return None  # ours (or no cache at all): render
    deadline = time.monotonic() + RENDER_WAIT
    while time.monotonic() < deadline:
        time.sleep(0.02)
        page = public_cache.get(key, immutable=True)
        if page is not None:
            return page
    return None
