"""The public site: find, read, search, print and download published lists. No login.

Every query goes through lists.selectors / lists.search, which start from published() only, so
drafts and versions under review cannot appear here. Each view runs a fixed number of queries.
"""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import condition, require_GET
from django.views.decorators.vary import vary_on_cookie

from agencies.models import Agency
from lists import selectors
from lists.diff import diff_versions
from lists.exporters import EXPORT_COLUMNS, export_csv, export_xlsx, table_rows, title_of
from lists.models import Item, ListType, ListVersion
from lists.search import (
    COUNT_CAP,
    count_capped,
    highlight,
    parse_query,
    search_items,
    search_page,
)

PER_PAGE = 20
LARGE_COOKIE = "large"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    groups = selectors.agencies_by_field()
    return render(
        request,
        "portal/home.html",
        {
            "list_types": selectors.list_type_stats(),
            "field_groups": groups,
            "agency_count": len({agency.pk for _, agencies in groups for agency in agencies}),
            "recent": selectors.recent_versions(),
        },
    )


@require_GET
def agency_directory(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/agencies.html", {"agencies": selectors.agencies_with_versions()})


@require_GET
def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.select_related("parent"), code=code, active=True)
    return render(
        request,
        "portal/agency.html",
        {
            "agency": agency,
            "versions": selectors.agency_versions(agency),
            "city_versions": selectors.applicable_city_versions(agency),
        },
    )


# --- one list -------------------------------------------------------------------------------


def _requested_version(request: HttpRequest, code: str, list_type: str) -> ListVersion:
    """The version a list URL names (in force, or ?version=N), looked up once per request."""
    cached = getattr(request, "_public_version", None)
    if cached is not None:
        return cached
    number = request.GET.get("version")
    if number is not None and not number.isdigit():
        raise Http404("版本号无效")
    version = selectors.find_version(code, list_type, int(number) if number else None)
    if version is None:
        raise Http404("没有找到已公布的清单")
    request._public_version = version
    return version


def _list_etag(request: HttpRequest, code: str, list_type: str) -> str:
    version = _requested_version(request, code, list_type)
    abolished = version.list.abolished_at.timestamp() if version.list.abolished_at else 0
    large = request.COOKIES.get(LARGE_COOKIE, "")
    # The stylesheet's hashed name changes with each deployment of new static files.
    build = static("portal/site.css").rsplit("/", 1)[-1]
    return f"v{version.pk}-{version.updated_at.timestamp()}-{abolished}-{large}-{build}"


def _list_last_modified(request: HttpRequest, code: str, list_type: str):
    version = _requested_version(request, code, list_type)
    return max(filter(None, [version.updated_at, version.published_at, version.list.abolished_at]))


list_condition = condition(etag_func=_list_etag, last_modified_func=_list_last_modified)


def _status(version: ListVersion) -> tuple[str, str]:
    if version.status == ListVersion.Status.SUPERSEDED:
        return "superseded", "已被修订"
    if version.list.is_abolished:
        return "abolished", "已废止"
    return "current", "现行有效"


def _table(version: ListVersion) -> dict:
    items = list(selectors.version_items(version))
    columns = EXPORT_COLUMNS(version.list.list_type, items)
    rows = []
    for kind, row in table_rows(items):
        if kind == "section":
            rows.append({"section": row})
        else:
            cells = [(column.label, column.text(row), column.key) for column in columns]
            rows.append({"item": row, "cells": cells})
    return {"columns": columns, "rows": rows, "item_count": len(items)}


def _list_context(request: HttpRequest, code: str, list_type: str) -> dict:
    version = _requested_version(request, code, list_type)
    status, status_label = _status(version)
    current = None
    if status == "superseded":
        current = selectors.find_version(code, list_type)
    return {
        "version": version,
        "agency": version.list.agency,
        "list_type": version.list.list_type,
        "title": title_of(version),
        "status": status,
        "status_label": status_label,
        "current": current,
        "version_query": f"?version={version.number}" if "version" in request.GET else "",
        **_table(version),
    }


@require_GET
@vary_on_cookie
@list_condition
def list_detail(request: HttpRequest, code: str, list_type: str) -> HttpResponse:
    return render(request, "portal/list.html", _list_context(request, code, list_type))


@require_GET
@vary_on_cookie
@list_condition
def list_print(request: HttpRequest, code: str, list_type: str) -> HttpResponse:
    return render(request, "portal/print.html", _list_context(request, code, list_type))


def _download(request, code, list_type, exporter, content_type, extension) -> HttpResponse:
    version = _requested_version(request, code, list_type)
    response = HttpResponse(exporter(version), content_type=content_type)
    filename = f"{title_of(version)}（第{version.number}版）.{extension}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
@list_condition
def download_xlsx(request: HttpRequest, code: str, list_type: str) -> HttpResponse:
    return _download(request, code, list_type, export_xlsx, XLSX, "xlsx")


@require_GET
@list_condition
def download_csv(request: HttpRequest, code: str, list_type: str) -> HttpResponse:
    return _download(request, code, list_type, export_csv, "text/csv; charset=utf-8", "csv")


def _version_by_number(versions: list[ListVersion], number: str | None) -> ListVersion | None:
    if number is None or not number.isdigit():
        return None
    return next((version for version in versions if version.number == int(number)), None)


def _diff_rows(old: ListVersion | None, new: ListVersion) -> list:
    rows = [row for row in diff_versions(old, new).rows if row.kind != "same"]
    for row in rows:
        for change in row.changes:
            name = change.name.removesuffix("_id")
            change.label = str(Item._meta.get_field(name).verbose_name)
            change.is_section = name == "section"
    return rows


@require_GET
def list_history(request: HttpRequest, code: str, list_type: str) -> HttpResponse:
    latest = selectors.find_version(code, list_type)
    if latest is None:
        raise Http404("没有找到已公布的清单")
    versions = list(selectors.version_history(latest.list))
    new = _version_by_number(versions, request.GET.get("to")) or versions[0]
    older = [version for version in versions if version.number < new.number]
    old = _version_by_number(versions, request.GET.get("from")) or (older[0] if older else None)
    if old is not None and old.number >= new.number:
        old, new = new, old
    return render(
        request,
        "portal/history.html",
        {
            "enforcement_list": latest.list,
            "agency": latest.list.agency,
            "list_type": latest.list.list_type,
            "versions": versions,
            "old": old,
            "new": new,
            "diff_rows": _diff_rows(old, new) if old is not None and old != new else None,
        },
    )


@require_GET
def item_detail(request: HttpRequest, key) -> HttpResponse:
    item = selectors.item_by_key(key)
    if item is None:
        raise Http404("没有找到该事项")
    columns = EXPORT_COLUMNS(item.version.list.list_type, [item])
    return render(
        request,
        "portal/item.html",
        {
            "item": item,
            "version": item.version,
            "agency": item.version.list.agency,
            "list_type": item.version.list.list_type,
            "cells": [(column.label, column.text(item)) for column in columns[1:]],
            "status_label": _status(item.version)[1],
            "in_force": item.version.status == ListVersion.Status.PUBLISHED
            and not item.version.list.is_abolished,
        },
    )


# --- search ---------------------------------------------------------------------------------


def _page_number(request: HttpRequest) -> int:
    page = request.GET.get("page", "1")
    number = int(page) if page.isdigit() else 1
    return min(max(number, 1), COUNT_CAP // PER_PAGE)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:200]
    filters = {name: request.GET.get(name) or None for name in ("list_type", "agency", "field")}
    terms = parse_query(q)
    agencies = list(selectors.public_agencies())
    context = {
        "q": q,
        "terms": terms,
        "filters": filters,
        "list_types": ListType.objects.all(),
        "agencies": agencies,
        "fields": sorted({field for agency in agencies for field in agency.fields or []}),
        "searched": bool(terms or any(filters.values())),
    }
    if context["searched"]:
        items = search_items(q, **filters)
        page = _page_number(request)
        offset = (page - 1) * PER_PAGE
        count, more = count_capped(items)
        found = (
            search_page(q, offset=offset, limit=PER_PAGE + 1, items=items, walk=more, **filters)
            if count
            else []
        )
        context.update(
            {
                "results": [_result(item, terms) for item in found[:PER_PAGE]],
                "count": count,
                "more": more,
                "page": page,
                "has_next": len(found) > PER_PAGE and page < COUNT_CAP // PER_PAGE,
                "has_previous": page > 1,
                "query_string": _query_string(request),
            }
        )
    return render(request, "portal/search.html", context)


def _result(item: Item, terms: list[str]) -> dict:
    fields = [("condition", "适用条件"), ("legal_basis", "法律依据"), ("note", "备注")]
    return {
        "item": item,
        "matter": highlight(item.matter, terms),
        "details": [
            (label, highlight(getattr(item, name), terms))
            for name, label in fields
            if getattr(item, name)
        ],
        "agency": highlight(item.version.list.agency.name, terms),
    }


def _query_string(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# --- 大字模式 -------------------------------------------------------------------------------


@require_GET
def large_mode(request: HttpRequest) -> HttpResponse:
    """No-JS fallback of the 大字模式 toggle: set or clear the cookie, go back."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.GET.get("on") == "1":
        response.set_cookie(LARGE_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(LARGE_COOKIE, samesite="Lax")
    return response
