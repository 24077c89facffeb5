"""The versions changelist at province scale (8,600 versions, 1,000,000 rows).

- 事项数 is counted for the versions on the page only, in one grouped query on (version, seq),
  never as an annotation over every row of every version.
- The search box finds versions by agency name or 文号, or by words in their rows through the
  public search index (lists/search/naming.py): the matching version ids are read once, so
  neither the page nor its count joins the item table or needs DISTINCT.
- The 单位 filter lists agencies only for someone who sees a handful of them; a site admin or a
  bureau finds an agency with the search box.
"""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import Count, Q

from agencies.models import Agency
from lists.models import Item
from lists.search.naming import items_with_words

AGENCY_FILTER_LIMIT = 30


class VersionChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        shown = list(self.result_list)  # evaluates the page once; the template reuses it
        counts = dict(
            Item.objects.filter(version__in=[v.pk for v in shown])
            .order_by()
            .values("version")
            .annotate(n=Count("pk"))
            .values_list("version", "n")
        )
        for version in shown:
            version.item_total = counts.get(version.pk, 0)


class AgencyFilter(admin.SimpleListFilter):
    title = "单位"
    parameter_name = "agency"
    field = "list__agency_id"

    def lookups(self, request, model_admin):
        agencies = list(Agency.objects.visible_to(request.user)[: AGENCY_FILTER_LIMIT + 1])
        if len(agencies) > AGENCY_FILTER_LIMIT:
            return []  # too many to list: the search box finds an agency by name
        return [(str(a.pk), a.display_name) for a in agencies]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(**{self.field: int(value)})
        return queryset


class ListAgencyFilter(AgencyFilter):
    field = "agency_id"


def search_versions(queryset, term: str):
    """(versions matching `term`, False): no row of the result is repeated."""
    term = term.strip()
    if not term:
        return queryset, False
    rows = items_with_words(term).order_by().values_list("version_id", flat=True)
    by_words = set(rows.distinct())
    named = Q(list__agency__name__contains=term) | Q(list__agency__short_name__contains=term)
    return queryset.filter(named | Q(document_no__contains=term) | Q(pk__in=by_words)), False
