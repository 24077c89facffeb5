"""Response headers the security settings ask for on every page."""

from django.conf import settings


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
