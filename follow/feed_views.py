"""The four fixed feed URLs (/feeds/all.atom, per agency, per list type, per list)."""

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET

from agencies.models import Agency
from follow import feeds
from lists.models import ListType, ListVersion

ATOM = "application/atom+xml; charset=utf-8"


def _answer(request, title: str, page_path: str, scope: Q) -> HttpResponse:
    body = feeds.render(title, page_path, request.path, feeds.entries(scope))
    response = HttpResponse(body, content_type=ATOM)
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def all_feed(request: HttpRequest) -> HttpResponse:
    return _answer(request, "减免责清单公示平台 · 全部清单更新", reverse("portal:home"), Q())


@require_GET
def agency_feed(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency, code=code)
    return _answer(
        request,
        f"{agency.name} · 清单更新",
        reverse("portal:agency", args=[code]),
        Q(list__agency=agency),
    )


@require_GET
def list_type_feed(request: HttpRequest, code: str) -> HttpResponse:
    list_type = get_object_or_404(ListType, code=code)
    return _answer(
        request,
        f"{list_type.name} · 各单位更新",
        reverse("portal:search") + f"?list_type={code}",
        Q(list__list_type=list_type),
    )


@require_GET
def list_feed(request: HttpRequest, code: str, list_type: str) -> HttpResponse:
    scope = Q(list__agency__code=code, list__list_type__code=list_type)
    version = (
        ListVersion.objects.published()
        .filter(scope)
        .select_related("list__agency", "list__list_type")
        .first()
    )
    if version is None:
        raise Http404("没有找到已公布的清单")
    lst = version.list
    return _answer(
        request,
        f"{lst.agency.name}{lst.list_type.name} · 更新",
        reverse("portal:list", args=[code, list_type]),
        Q(list=lst),
    )
