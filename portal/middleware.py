"""Response headers the security settings ask for on every page."""

import logging

from django.conf import settings
from django.http import HttpResponse

logger = logging.getLogger(__name__)


class PermissionsPolicyMiddleware:
    """Permissions-Policy: browser features (camera, location, payment …) no page uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


PIN_COOKIE = "rw"
SAFE_METHODS = ("GET", "HEAD")


class ReplicaMiddleware:
    """Public reads from replicas (portal/db_router.py); read-your-writes through a cookie set
    on every write, so the writer reads the primary for REPLICA_PIN_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from portal.db_router import reading_from_replicas

        if not settings.DATABASE_REPLICAS:
            return self.get_response(request)
        public_read = (
            request.method in SAFE_METHODS
            and not request.path.startswith("/admin/")
            and PIN_COOKIE not in request.COOKIES
        )
        if public_read:
            with reading_from_replicas():
                return self.get_response(request)
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS, httponly=True, samesite="Lax"
            )
        return response


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached (restarting, failing over) answers 503 with a Chinese
    page and Retry-After, not a 500: the request failed as a whole (its transaction rolled
    back) and the next one reconnects (CONN_HEALTH_CHECKS)."""

    RETRY_AFTER = "5"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError
        from django.template.loader import render_to_string

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable: %s %s: %s", request.method, request.path, exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = self.RETRY_AFTER
        response["Cache-Control"] = "no-store"
        return response


# The public list pages (portal.views.list_detail / list_print): url name → (template, paged).
LIST_PAGES = {"list": ("portal/list.html", True), "print": ("portal/print.html", False)}


class NotModifiedMiddleware:
    """If-None-Match on a public list page answered before the rest of the stack: the route is
    read from the cache (lists.list_state.cached, never a query), the ETag computed as the view
    computes it (portal.page_cache), and a match is a 304 at once — no session, CSRF, CSP or
    view work for a response without a body (a 304 need not repeat the 200's other headers:
    caches keep those they stored). Anything else, or a route not cached, goes on as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and "HTTP_IF_NONE_MATCH" in request.META:
            answer = self._not_modified(request)
            if answer is not None:
                return answer
        return self.get_response(request)

    def _not_modified(self, request):
        from django.db import DatabaseError
        from django.urls import Resolver404, resolve

        from lists import list_state
        from portal import page_cache
        from portal.params import parse_int

        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None
        page = LIST_PAGES.get(match.url_name) if match.namespace == "portal" else None
        if page is None:
            return None
        template, paged = page
        raw = request.GET.get("version")
        number = parse_int(raw, low=1)
        if raw and number is None:
            return None
        try:
            route = list_state.cached(match.kwargs["code"], match.kwargs["list_type"], number)
        except DatabaseError:  # the generation could not be read: let the view say so
            return None
        if route is None:
            return None
        rows_page = parse_int(request.GET.get("page"), 1, low=1) if paged else None
        key = page_cache.list_key(route.signature, template, rows_page, "version" in request.GET)
        return page_cache.not_modified(request, key, route.last_modified)
