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


class NotModifiedMiddleware:
    """If-None-Match on a public list page answered before the rest of the stack, from the
    cache alone (portal.views.list_pages.not_modified): a match is a 304 at once — no session,
    CSRF, CSP or view work for a response without a body (a 304 need not repeat the 200's
    other headers: caches keep those they stored). Anything else goes on as usual."""

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

        from portal.views import list_pages

        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None
        if match.namespace != "portal" or match.url_name not in list_pages.LIST_PAGES:
            return None
        try:
            return list_pages.not_modified(request, match.url_name, **match.kwargs)
        except DatabaseError:  # the generation could not be read: let the view say so
            return None
