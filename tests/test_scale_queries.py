"""Every public page and API endpoint runs the same number of queries for 1 agency as for 500
(and whatever the number of items), with the cache empty; and the aggregates they show are
maintained, not counted."""

import shutil

import pytest
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency
from lists import public_cache
from lists.models import Item, ListType
from lists.selectors import list_type_stats
from tests.conftest import make_user, published_version

URLS = [
    "/",
    "/agencies/",
    "/agencies/?field=市场监管",
    "/agencies/a1/",
    "/agencies/a1/no-penalty/",
    "/agencies/a1/no-penalty/?page=1",
    "/agencies/a1/no-penalty/print/",
    "/agencies/a1/no-penalty/history/",
    "/agencies/a1/no-penalty/download.xlsx",
    "/api/v1/agencies/",
    "/api/v1/lists/",
    "/api/v1/items/?page_size=50",
    "/api/v1/versions/{version}/",
    "/api/v1/changes/",
]


def add_agencies(bureau, count: int, start: int) -> None:
    Agency.objects.bulk_create(
        Agency(
            name=f"示例县第{n}执法局",
            short_name=f"第{n}局",
            code=f"a{n}",
            review_bureau=bureau,
            fields=["市场监管"],
            order=n,
        )  # fmt: skip
        for n in range(start, start + count)
    )


def publish_for(code: str, clerk, reviewer, rows: int):
    agency = Agency.objects.get(code=code)
    make_user(f"clerk-{code}", agency, "clerk")
    rows = [
        {
            "matter": f"未按规定公示即时信息（第{n}项）",
            "condition": "初次违法且危害后果轻微并及时改正",
        }
        for n in range(rows)
    ]
    return published_version(agency, clerk, reviewer, rows=rows)


def counts(version) -> dict[str, int]:
    found = {}
    client = Client()
    for url in URLS:
        url = url.format(version=version.pk)
        public_cache.reset()
        cache.clear()
        shutil.rmtree(storages["exports"].location, ignore_errors=True)  # downloads built anew
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        found[url] = len(queries)
    return found


def test_queries_are_the_same_for_1_and_500_agencies(bureau, lead, reviewer):
    add_agencies(bureau, 1, start=1)
    first = publish_for("a1", lead, reviewer, rows=3)
    one = counts(first)
    add_agencies(bureau, 499, start=2)
    for code in ("a2", "a3", "a499"):
        publish_for(code, lead, reviewer, rows=300)
    assert Agency.objects.filter(review_bureau=bureau).count() == 500
    assert counts(first) == one
    assert max(one.values()) <= 8, one


def test_list_type_counts_add_up_published_sizes(bureau, lead, reviewer):
    add_agencies(bureau, 2, start=1)
    publish_for("a1", lead, reviewer, rows=7)
    publish_for("a2", lead, reviewer, rows=5)
    stats = {t.code: (t.list_count, t.item_count) for t in list_type_stats()}
    assert stats["no-penalty"] == (2, 12)
    assert stats["lighter-penalty"] == (0, 0)
    assert ListType.objects.count() == len(stats)


@pytest.mark.parametrize("rows", [150, 450])
def test_a_long_list_is_paged_with_a_link_to_the_whole_list(bureau, lead, reviewer, rows):
    add_agencies(bureau, 1, start=1)
    publish_for("a1", lead, reviewer, rows=rows)
    page = Client().get("/agencies/a1/no-penalty/").content.decode()
    if rows <= 200:
        assert "下一页" not in page and page.count("<tr id=") == rows
        return
    assert page.count("<tr id=") == 200
    assert "第 1–200 项（共 450 项，第 1/3 页）" in page
    assert f"全部 {rows} 项（单页）" in page
    last = Client().get("/agencies/a1/no-penalty/?page=3").content.decode()
    assert last.count("<tr id=") == 50 and "（第449项）" in last
    whole = Client().get("/agencies/a1/no-penalty/print/").content.decode()
    assert whole.count("<tr id=") == rows
    # links into the list (item page, search results, law pages) name the row's page
    item = Item.objects.get(version__list__agency__code="a1", seq=449)
    permalink = Client().get(f"/items/{item.key}/").content.decode()
    assert f"/agencies/a1/no-penalty/?page=3#item-{item.key}" in permalink
    assert f'id="item-{item.key}"' in last
