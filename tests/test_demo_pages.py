"""Every public page and API endpoint on the demo data; nothing unpublished leaks anywhere."""

import pytest
from django.core.management import call_command

from agencies.models import Agency
from lists.models import EnforcementList, Item, ListVersion


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))


def unpublished_matters() -> list[str]:
    """Rows that exist only in draft, submitted or returned versions."""
    public = set(Item.objects.published().values_list("matter", flat=True))
    hidden = Item.objects.exclude(version__status__in=ListVersion.PUBLIC_STATUSES)
    return sorted({m for m in hidden.values_list("matter", flat=True) if m not in public})


def public_urls() -> list[str]:
    urls = ["/", "/agencies/", "/search/?q=备案", "/search/?q=食品", "/search/?q=《安全生产法》"]
    urls += [f"/agencies/{code}/" for code in Agency.objects.values_list("code", flat=True)]
    for agency, list_type in EnforcementList.objects.filter(
        versions__status=ListVersion.Status.PUBLISHED
    ).values_list("agency__code", "list_type__code"):
        base = f"/agencies/{agency}/{list_type}/"
        urls += [
            base,
            base + "history/",
            base + "print/",
            base + "download.csv",
            base + "download.xlsx",
        ]
    urls += [
        "/agencies/sthj/no-penalty/?version=1",
        "/agencies/sthj/no-penalty/history/?from=1&to=2",
    ]
    urls += [f"/items/{key}/" for key in Item.objects.published().values_list("key", flat=True)[:5]]
    return urls


def api_urls() -> list[str]:
    urls = [
        "/api/v1/",
        "/api/v1/agencies/",
        "/api/v1/agencies/sthj/",
        "/api/v1/list-types/",
        "/api/v1/lists/",
        "/api/v1/items/",
        "/api/v1/items/?q=消防",
        "/api/v1/changes/?since=2000-01-01T00:00:00Z",
        "/api/schema/",
    ]
    for version in ListVersion.objects.published():
        urls += [
            f"/api/v1/lists/{version.list_id}/",
            f"/api/v1/versions/{version.pk}/",
            f"/api/v1/versions/{version.pk}/items.csv",
            f"/api/v1/versions/{version.pk}/items.xlsx",
        ]
    return urls


def test_every_public_page_and_endpoint_answers_on_the_demo_data(demo, client):
    hidden = unpublished_matters()
    assert hidden, "the demo has submitted and returned rows that must stay hidden"
    # Search for the hidden rows' own words: a leak would show them.
    probes = [f"/search/?q={m[2:8]}" for m in hidden] + [
        f"/api/v1/items/?q={m[2:8]}" for m in hidden
    ]
    for url in public_urls() + api_urls() + probes:
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith(".xlsx"):
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace")
        leaked = [matter for matter in hidden if matter[:30] in text]
        assert not leaked, (url, leaked[:1])


def test_unpublished_lists_of_the_demo_are_404_on_the_public_site(demo, client):
    # cgzf waits for review, wlj was returned, rsj has only an empty draft.
    for code, list_type in [
        ("cgzf", "no-penalty"),
        ("wlj", "no-penalty"),
        ("rsj", "mitigated-penalty"),
    ]:
        assert client.get(f"/agencies/{code}/{list_type}/").status_code == 404
        assert client.get(f"/agencies/{code}/{list_type}/download.csv").status_code == 404
