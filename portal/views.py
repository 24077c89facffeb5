"""The public site: find, read, search, print and download published lists. No login.

Every query goes through lists.selectors / lists.search, which start from published() only, so
drafts and versions under review cannot appear here. Each view runs a fixed number of queries.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils.http import content_disposition_header
from django.views.decorators.http import condition, require_GET
from django.views.decorators.vary import vary_on_cookie

from agencies.models import Agency
from lists import in_force, selectors
from lists import search as search_module
from lists.diff import diff_versions
from lists.exporters import EXPORT_COLUMNS, export_csv, export_xlsx, table_rows, title_of
from lists.models import Item, ListType, ListVersion
from lists.search import COUNT_CAP, highlight
from lists.search import help as search_help
from lists.table_layout import version_column_widths
from portal.context_processors import CONTRAST_COOKIE, LARGE_COOKIE
from portal.params import parse_int

PER_PAGE = 20
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
    raw = request.GET.get("version")
    number = parse_int(raw, low=1)
    if raw and number is None:
        raise Http404("版本号无效")
    version = selectors.find_version(code, list_type, number)
    if version is None:
        raise Http404("没有找到已公布的清单")
    request._public_version = version
    return version


def _list_etag(request: HttpRequest, code: str, list_type: str) -> str:
    version = _requested_version(request, code, list_type)
    abolished = version.list.abolished_at.timestamp() if version.list.abolished_at else 0
    modes = request.COOKIES.get(LARGE_COOKIE, "") + request.COOKIES.get(CONTRAST_COOKIE, "")
    # The stylesheet's hashed name changes with each deployment of new static files.
    build = static("portal/site.css").rsplit("/", 1)[-1]
    # What is in force changes at midnight without any write: the day is part of the tag.
    day = in_force.today().isoformat()
    return f"v{version.pk}-{version.updated_at.timestamp()}-{abolished}-{modes}-{build}-{day}"


def _list_last_modified(request: HttpRequest, code: str, list_type: str):
    version = _requested_version(request, code, list_type)
    stamps = [version.updated_at, version.published_at, version.list.abolished_at]
    # The page also changes on the days its version (or its successor) comes into force.
    day = in_force.today()
    for change in (version.effective_date, version.in_force_until):
        if change is not None and change <= day:
            stamps.append(in_force.start_of(change))
    return max(filter(None, stamps))


list_condition = condition(etag_func=_list_etag, last_modified_func=_list_last_modified)


def _status(version: ListVersion) -> tuple[str, str]:
    """(code, label) of a version today: in_force, upcoming, superseded or abolished."""
    state = version.public_state
    return state.code, state.label


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
    texts = [[text for _, text, _ in row["cells"]] for row in rows if "cells" in row]
    widths = version_column_widths(version, [column.label for column in columns], texts)
    return {"columns": columns, "rows": rows, "item_count": len(items), "col_widths": widths}


def _list_context(request: HttpRequest, code: str, list_type: str) -> dict:
    version = _requested_version(request, code, list_type)
    status, status_label = _status(version)
    current = upcoming = None
    if status in ("superseded", "upcoming"):
        current = selectors.find_version(code, list_type)
        if current is not None and not current.public_state.is_in_force:
            current = None
    if status == "in_force":
        upcoming = selectors.next_upcoming(version.list)
    return {
        "version": version,
        "state": version.public_state,
        "agency": version.list.agency,
        "list_type": version.list.list_type,
        "title": title_of(version),
        "status": status,
        "status_label": status_label,
        "current": current,
        "upcoming": upcoming,
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


# --- search ---------------------------------------------------------------------------------


def _page_number(request: HttpRequest) -> int:
    number = parse_int(request.GET.get("page"), 1)
    return min(max(number, 1), COUNT_CAP // PER_PAGE)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:200]
    names = ("list_type", "agency", "field", "unit")
    filters = {name: (request.GET.get(name) or "").strip()[:50] or None for name in names}
    fields = selectors.all_fields()
    context = {
        "q": q,
        "filters": filters,
        "list_types": ListType.objects.all(),
        "fields": fields,
        "filter_agency": Agency.objects.filter(code=filters["agency"]).first()
        if filters["agency"]
        else None,
        "searched": bool(q.strip() or any(filters.values())),
    }
    if context["searched"]:
        page = _page_number(request)
        found = search_module.search(q, offset=(page - 1) * PER_PAGE, limit=PER_PAGE + 1, **filters)
        marks = found.query.marks
        context.update(
            {
                "query": found.query,
                "results": [_result(item, marks) for item in found.items[:PER_PAGE]],
                "count": found.count,
                "more": found.more,
                "relaxed": found.relaxed,
                "page": page,
                "has_next": len(found.items) > PER_PAGE and page < COUNT_CAP // PER_PAGE,
                "has_previous": page > 1,
                "query_string": _query_string(request),
            }
        )
        if not found.count:
            items, _ = search_module.scope(**filters)
            context["suggestions"] = search_help.suggestions(items, found.query)
            context["situations"] = search_help.situations(fields)
    return render(request, "portal/search.html", context)


def _result(item: Item, marks: list[str]) -> dict:
    fields = [("condition", "适用条件"), ("legal_basis", "法律依据"), ("note", "备注")]
    return {
        "item": item,
        "matter": highlight(item.matter, marks),
        "details": [
            (label, highlight(getattr(item, name), marks))
            for name, label in fields
            if getattr(item, name)
        ],
        "agency": item.version.list.agency.name,
    }


def _query_string(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
