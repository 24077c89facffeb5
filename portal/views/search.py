"""The public search page: words in, the items in force that match, with help when few do."""

import hashlib

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from agencies.models import Agency
from lists import search as search_module
from lists.models import Item, ListType
from lists.search import COUNT_CAP, highlight
from lists.search import help as search_help
from portal import page_cache
from portal.params import parse_int

PER_PAGE = 20


def _page_number(request: HttpRequest) -> int:
    number = parse_int(request.GET.get("page"), 1)
    return min(max(number, 1), COUNT_CAP // PER_PAGE)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Cached like the site's other pages: the same words on the same day find the same items
    until the next publication or synonym edit (both move the generation)."""
    asked = hashlib.sha1(request.GET.urlencode().encode(), usedforsecurity=False).hexdigest()
    return page_cache.serve(
        request, page_cache.site_key("search", asked), lambda: _search_page(request)
    )


def _search_page(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:200]
    names = ("list_type", "agency", "field", "unit")
    filters = {name: (request.GET.get(name) or "").strip()[:50] or None for name in names}
    fields = search_help.fields_in_use()
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
                "missing": found.missing,
                "page": page,
                "has_next": len(found.items) > PER_PAGE and page < COUNT_CAP // PER_PAGE,
                "has_previous": page > 1,
                "query_string": _query_string(request),
            }
        )
        if not found.count or found.missing:
            where = search_module.narrowed(**filters)
            only = found.missing if found.count else None  # words that found nothing
            context["suggestions"] = search_help.suggestions(where.versions, found.query, only)
        if not found.count:
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
