"""Pages every government website carries: 网站地图, 隐私声明, and the display-mode switch
(大字模式 / 高对比度) that works without JavaScript."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from lists import selectors
from lists.models import ListType
from portal.context_processors import CONTRAST_COOKIE, LARGE_COOKIE

MODE_COOKIES = {"large": LARGE_COOKIE, "contrast": CONTRAST_COOKIE}
ONE_YEAR = 365 * 24 * 3600


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/sitemap.html",
        {"agencies": selectors.agencies_with_versions(), "list_types": ListType.objects.all()},
    )


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/privacy.html")


@require_GET
def display_mode(request: HttpRequest) -> HttpResponse:
    """Turn 大字模式 (`mode=large`) or 高对比度 (`mode=contrast`) on (`on=1`) or off, remembered
    in a cookie for a year, and go back. The header's buttons are plain forms to this view."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    cookie = MODE_COOKIES.get(request.GET.get("mode", "large"))
    if cookie is None:
        return response
    if request.GET.get("on") == "1":
        response.set_cookie(cookie, "1", max_age=ONE_YEAR, samesite="Lax")
    else:
        response.delete_cookie(cookie, samesite="Lax")
    return response
