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
