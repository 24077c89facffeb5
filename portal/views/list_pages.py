"""One published list: its page (in pages of rows), print page, downloads and history, and
an item's own page. Each list URL is resolved once per request (lists.list_state)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_GET

from lists import export_files, list_state, selectors
from lists.diff import diff_versions
from lists.exporters import EXPORT_COLUMNS, table_rows, title_of, version_columns
from lists.models import Item, ListVersion
from lists.table_layout import version_column_widths
from portal import list_table, page_cache
from portal.list_table import LIST_PAGE_ROWS
from portal.params import parse_int

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _route(request: HttpRequest, code: str, list_type: str) -> list_state.ListRoute:
    """The route a list URL names (in force, or ?version=N), resolved once per request."""
    cached = getattr(request, "_public_route", None)
    if cached is not None:
        return cached
    route = list_state.resolve(code, list_type, _version_number(request))
    if route is None:
        raise Http404("没有找到已公布的清单")
    request._public_route = route
    return route


def _version_number(request: HttpRequest) -> int | None:
    """?version=N, or None for the version in force; Http404 when N is no version number."""
    raw = request.GET.get("version")
    number = parse_int(raw, low=1)
    if raw and number is None:
        raise Http404("版本号无效")
    return number


def _requested_version(request: HttpRequest, code: str, list_type: str) -> ListVersion:
    cached = getattr(request, "_public_version", None)
    if cached is None:
        cached = request._public_version = list_state.load(_route(request, code, list_type))
    return cached


def _status(version: ListVersion) -> tuple[str, str]:
    """(code, label) of a version today: in_force, upcoming, superseded or abolished."""
    state = version.public_state
    return state.code, state.label


def _table(version: ListVersion, rows_page: int | None) -> dict:
    """The official table of a version; `rows_page` (1, 2 …) limits it to LIST_PAGE_ROWS rows."""
    columns = version_columns(version)
    items = selectors.version_items(version)
    total = version.item_count
    pages = max(1, -(-total // LIST_PAGE_ROWS))
    if rows_page is not None:
        rows_page = min(rows_page, pages)
        start = (rows_page - 1) * LIST_PAGE_ROWS
        items = items[start : start + LIST_PAGE_ROWS]
    items = list(items)
    body = list_table.table_body(columns, table_rows(items), printing=rows_page is None)
    # Print widths (lists.table_layout) from this page's rows; cached per version there.
    texts = [[column.text(item) for column in columns] for item in items]
    widths = version_column_widths(version, [column.label for column in columns], texts)
    paging = None
    if rows_page is not None and pages > 1:
        first = (rows_page - 1) * LIST_PAGE_ROWS + 1
        paging = {
            "page": rows_page,
            "pages": pages,
            "first": first,
            "last": min(first + LIST_PAGE_ROWS - 1, total),
            "previous": rows_page - 1 if rows_page > 1 else None,
            "next": rows_page + 1 if rows_page < pages else None,
        }
    return {
        "columns": columns,
        "table_body": body,
        "item_count": total,
        "paging": paging,
        "col_widths": widths,
    }


def _list_context(request, code: str, list_type: str, rows_page: int | None) -> dict:
    route = _route(request, code, list_type)
    version = _requested_version(request, code, list_type)
    status, status_label = _status(version)
    return {
        "version": version,
        "state": version.public_state,
        "agency": version.list.agency,
        "list_type": version.list.list_type,
        "title": title_of(version),
        "status": status,
        "status_label": status_label,
        "current": route.current,
        "upcoming": route.upcoming,
        "version_query": f"?version={version.number}" if "version" in request.GET else "",
        "page_prefix": f"?version={version.number}&" if "version" in request.GET else "?",
        **_table(version, rows_page),
    }


# The list pages by URL name (portal.public_urls): (template, paged in pages of rows).
LIST_PAGES = {"list": ("portal/list.html", True), "print": ("portal/print.html", False)}


def _page_key(request: HttpRequest, route, page: str) -> tuple[str, int | None]:
    """(cache key and ETag source, page of rows) of a list page: the view's and the 304's."""
    template, paged = LIST_PAGES[page]
    rows_page = parse_int(request.GET.get("page"), 1, low=1) if paged else None
    versioned = "version" in request.GET
    return f"list:{route.signature}:{template}:{rows_page}:{versioned}", rows_page


def _list_page(request, code: str, list_type: str, page: str) -> HttpResponse:
    route = _route(request, code, list_type)
    key, rows_page = _page_key(request, route, page)
    template = LIST_PAGES[page][0]

    def render_page():
        return render(request, template, _list_context(request, code, list_type, rows_page))

    return page_cache.serve(request, key, render_page, route.last_modified)


def not_modified(request: HttpRequest, page: str, code: str, list_type: str) -> HttpResponse | None:
    """The 304 of a list page from the cache alone, never a query (NotModifiedMiddleware); None
    when the route is not cached or the client's copy is stale: then the view answers."""
    try:
        number = _version_number(request)
    except Http404:
        return None
    route = list_state.cached(code, list_type, number)
    if route is None:
        return None
    key, _ = _page_key(request, route, page)
    return page_cache.not_modified(request, key, route.last_modified)


@require_GET
def list_detail(request: HttpRequest, code: str, list_type: str) -> HttpResponse:
    return _list_page(request, code, list_type, "list")


@require_GET
def list_print(request: HttpRequest, code: str, list_type: str) -> HttpResponse:
    """The whole list on one page (A4 landscape): also the 全部事项 link of a paged list."""
    return _list_page(request, code, list_type, "print")


def _download(request, code, list_type, content_type, extension) -> HttpResponse:
    route = _route(request, code, list_type)
    etag = quote_etag(f"{route.signature}-{extension}")
    stamp = int(route.last_modified.timestamp())
    answer = get_conditional_response(request, etag=etag, last_modified=stamp)
    if answer is None:
        version = _requested_version(request, code, list_type)
        filename = f"{title_of(version)}（第{version.number}版）.{extension}"
        answer = export_files.response(version, extension, content_type, filename)
    answer["ETag"] = etag
    answer["Last-Modified"] = http_date(stamp)
    return answer


@require_GET
def download_xlsx(request: HttpRequest, code: str, list_type: str) -> HttpResponse:
    return _download(request, code, list_type, XLSX, "xlsx")


@require_GET
def download_csv(request: HttpRequest, code: str, list_type: str) -> HttpResponse:
    return _download(request, code, list_type, "text/csv; charset=utf-8", "csv")


def _version_by_number(versions: list[ListVersion], number: str | None) -> ListVersion | None:
    wanted = parse_int(number)
    if wanted is None:
        return None
    return next((version for version in versions if version.number == wanted), None)


def _diff(old: ListVersion, new: ListVersion):
    diff = diff_versions(old, new)
    rows = [row for row in diff.rows if row.kind != "same"]
    for row in rows:
        for change in row.changes:
            name = change.name.removesuffix("_id")
            change.label = str(Item._meta.get_field(name).verbose_name)
            change.is_section = name == "section"
    return diff, rows


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
    diff, diff_rows = _diff(old, new) if old is not None and old != new else (None, None)
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
            "diff": diff,
            "diff_rows": diff_rows,
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
            "state": item.version.public_state,
            "status_label": item.version.public_state.label,
            "in_force": item.version.public_state.is_in_force,
        },
    )
