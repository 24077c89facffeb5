"""Template context for the public site (no queries: it also runs on admin pages)."""

from django.http import HttpRequest


def public_site(request: HttpRequest) -> dict:
    return {
        "site_name": "减免责清单公示平台",
        "large_mode": request.COOKIES.get("large") == "1",
    }
