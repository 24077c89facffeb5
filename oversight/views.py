"""Public law pages: every law cited by items in force, and per law the items that cite it.

No login; items come from lists.selectors.current_items() through oversight.registry, so only
versions in force count. A fixed number of queries per page, whatever the number of items.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from oversight import registry
from oversight.models import Law


@require_GET
def law_index(request: HttpRequest) -> HttpResponse:
    laws = list(registry.cited_laws())
    return render(
        request,
        "oversight/law_index.html",
        {"laws": laws, "item_total": sum(law.item_count for law in laws)},
    )


@require_GET
def law_detail(request: HttpRequest, slug: str) -> HttpResponse:
    law = get_object_or_404(Law.objects.prefetch_related("aliases"), slug=slug)
    items = list(registry.citing_items(law))
    articles = registry.articles_by_item(law, items)
    for item in items:
        item.cited_articles = articles.get(item.pk, "")
    agencies = {item.version.list.agency_id for item in items}
    return render(
        request,
        "oversight/law_detail.html",
        {"law": law, "items": items, "agency_count": len(agencies)},
    )
