"""The home page, the agency directory and an agency's page: where a citizen starts."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from agencies.models import Agency
from lists import selectors
from portal import page_cache
from portal.params import parse_int

HOME_AGENCIES_PER_FIELD = 12
DIRECTORY_PAGE_SIZE = 100


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    def render_home():
        groups = selectors.agencies_by_field(HOME_AGENCIES_PER_FIELD)
        return render(
            request,
            "portal/home.html",
            {
                "list_types": selectors.list_type_stats(),
                "field_groups": groups,
                "agency_count": selectors.public_agencies().count(),
                "recent": selectors.recent_versions(),
            },
        )

    return page_cache.serve(request, page_cache.site_key("home"), render_home)


@require_GET
def agency_directory(request: HttpRequest) -> HttpResponse:
    field = (request.GET.get("field") or "").strip()[:50]
    name = (request.GET.get("q") or "").strip()[:50]
    number = parse_int(request.GET.get("page"), 1, low=1)

    def render_directory():
        agencies = selectors.agencies_with_versions(field=field, name=name)
        page = Paginator(agencies, DIRECTORY_PAGE_SIZE).get_page(number)
        params = QueryDict(mutable=True)
        params.update({k: v for k, v in (("field", field), ("q", name)) if v})
        context = {
            "agencies": page.object_list,
            "page": page,
            "field": field,
            "q": name,
            "fields": selectors.all_fields(),
            "query_string": params.urlencode(),
        }
        return render(request, "portal/agencies.html", context)

    return page_cache.serve(
        request, page_cache.site_key("agencies", field, name, number), render_directory
    )


@require_GET
def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    def render_agency():
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

    return page_cache.serve(request, page_cache.site_key("agency", code), render_agency)
