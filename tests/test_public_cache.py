"""The public cache: keys that move with every event that changes a page, never a stale page,
and a site that answers without the cache (lists/generation.py, lists/list_state.py,
portal/page_cache.py)."""

import datetime

import pytest
import time_machine
from django.test import Client, override_settings

from lists import in_force, list_state, public_cache, workflow
from lists.in_force import SHANGHAI
from tests.conftest import REAL_ROWS, add_items, published_version

LIST_URL = "/agencies/scjg/no-penalty/"
TODAY = datetime.date(2026, 3, 2)
NOON = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=SHANGHAI)


@pytest.fixture
def frozen():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def revise(version, clerk, reviewer, matter, effective_date=None):
    revision = workflow.start_revision(version.list, acting_user=clerk)
    add_items(revision, [{"matter": matter, "condition": "同时满足初次违法、危害后果轻微"}])
    workflow.submit(revision, acting_user=clerk)
    workflow.approve(revision, acting_user=reviewer)
    return workflow.publish(revision, acting_user=clerk, effective_date=effective_date)


def page(client, url=LIST_URL):
    response = client.get(url)
    assert response.status_code == 200
    return response["ETag"], response.content.decode()


def test_publication_changes_the_key_and_the_page_shows_the_new_version(
    frozen, agency, clerk, reviewer
):
    first = published_version(agency, clerk, reviewer)
    client = Client()
    etag, before = page(client)
    assert page(client) == (etag, before)  # served again from the cache
    revise(first, clerk, reviewer, "个体工商户未按规定公示年度报告")
    new_etag, after = page(client)
    assert new_etag != etag
    assert "个体工商户未按规定公示年度报告" in after and "第2版" in after
    assert client.get(LIST_URL, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_superseded_version_page_changes_its_key_and_says_so(frozen, agency, clerk, reviewer):
    first = published_version(agency, clerk, reviewer)
    client = Client()
    etag, before = page(client, LIST_URL + "?version=1")
    assert "现行有效" in before
    revise(first, clerk, reviewer, "个体工商户未按规定公示年度报告")
    new_etag, after = page(client, LIST_URL + "?version=1")
    assert new_etag != etag
    assert "已被修订" in after and "查看现行有效的第2版" in after


def test_abolition_changes_the_key_and_every_page_says_abolished(frozen, agency, clerk, reviewer):
    first = published_version(agency, clerk, reviewer)
    client = Client()
    etag, _ = page(client)
    agency_etag, agency_page = page(client, "/agencies/scjg/")
    workflow.abolish(first.list, acting_user=clerk, note="职能调整")
    new_etag, after = page(client)
    assert new_etag != etag and "该清单已于" in after and "废止" in after
    new_agency_etag, new_agency_page = page(client, "/agencies/scjg/")
    assert new_agency_etag != agency_etag and "已废止" in new_agency_page


def test_entry_into_force_changes_the_key_on_the_day_with_no_write(frozen, agency, clerk, reviewer):
    first = published_version(agency, clerk, reviewer)
    due = TODAY + datetime.timedelta(days=3)
    revise(first, clerk, reviewer, "个体工商户未按规定公示年度报告", effective_date=due)
    client = Client()
    etag, before = page(client)
    assert "修订预告" in before and "第1版" in before
    route = list_state.resolve("scjg", "no-penalty")
    assert route.valid_until == due
    home_etag, home = page(client, "/")

    frozen.move_to(datetime.datetime.combine(due, datetime.time(0, 1), tzinfo=SHANGHAI))
    assert in_force.today() == due
    new_etag, after = page(client)
    assert new_etag != etag
    assert "修订预告" not in after and "个体工商户未按规定公示年度报告" in after
    assert page(client, "/")[0] != home_etag


def test_agency_renamed_in_the_admin_is_not_shown_under_its_old_name(
    frozen, agency, clerk, reviewer
):
    published_version(agency, clerk, reviewer)
    client = Client()
    assert "示例市市场监督管理局" in page(client)[1]
    agency.name = "示例市市场监管局（新）"
    agency.save()
    assert "示例市市场监管局（新）" in page(client)[1]
    assert "示例市市场监管局（新）" in page(client, "/agencies/")[1]


def test_a_known_version_answers_304_without_touching_the_database(
    django_assert_num_queries, published
):
    client = Client()
    etag, _ = page(client)
    with django_assert_num_queries(0):
        assert client.get(LIST_URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    with django_assert_num_queries(0):
        assert client.get(LIST_URL).status_code == 200


@pytest.mark.parametrize(
    "url", [LIST_URL, LIST_URL + "?page=1", LIST_URL + "?version=1", LIST_URL + "print/"]
)
def test_the_304_is_answered_before_the_rest_of_the_stack_with_the_view_s_etag(
    django_assert_num_queries, published, url
):
    client = Client()
    etag, _ = page(client, url)
    with django_assert_num_queries(0):
        answer = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 304 and answer["ETag"] == etag
    assert answer["Cache-Control"] == "public, no-cache" and "Cookie" in answer["Vary"]
    # NotModifiedMiddleware answered: the view's stack (CSP among it) never ran.
    assert "Content-Security-Policy" not in answer
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_the_early_304_needs_the_route_cached_and_the_same_display_mode(published):
    from portal.context_processors import LARGE_COOKIE

    client = Client()
    etag, _ = page(client)
    public_cache.reset()
    from django.core.cache import cache

    cache.clear()  # nothing cached: the view answers (and checks the database)
    answer = client.get(LIST_URL, HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 304 and "Content-Security-Policy" in answer
    client.cookies[LARGE_COOKIE] = "1"  # 大字模式 is another page
    assert client.get(LIST_URL, HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert client.get(LIST_URL + "?version=x", HTTP_IF_NONE_MATCH=etag).status_code == 404


def test_gzip_is_served_from_the_cache_when_the_client_accepts_it(published):
    import gzip

    client = Client()
    plain = client.get(LIST_URL).content
    response = client.get(LIST_URL, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == plain
    assert "Accept-Encoding" in response["Vary"]


PUBLIC_URLS = [
    "/",
    "/agencies/",
    "/agencies/scjg/",
    LIST_URL,
    LIST_URL + "?version=1",
    LIST_URL + "history/",
    LIST_URL + "print/",
    LIST_URL + "download.xlsx",
    LIST_URL + "download.csv",
    "/search/?q=营业执照",
    "/laws/",
    "/follow/",
    "/feeds/all.atom",
    "/api/v1/",
    "/api/v1/agencies/",
    "/api/v1/list-types/",
    "/api/v1/lists/",
    "/api/v1/items/?page_size=50",
    "/api/v1/items/?q=营业执照",
    "/api/v1/changes/",
]
# A Redis nobody listens on: every cache call fails (connection refused).
DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_every_public_page_answers_200_with_the_cache_unreachable(published):
    item = published.items.first()
    urls = [*PUBLIC_URLS, f"/items/{item.key}/", f"/api/v1/versions/{published.pk}/"]
    with override_settings(CACHES=DEAD_REDIS):
        public_cache.reset()
        client = Client()
        for url in urls:
            assert client.get(url).status_code == 200, url
        # and a publication still shows at once: the generation lives in the database
        revise(published, *_people(published), "个体工商户未按规定公示年度报告")
        assert "个体工商户未按规定公示年度报告" in client.get(LIST_URL).content.decode()


def _people(version):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    return users.get(username="clerk-scjg"), users.get(username="reviewer-sfj")


REDIS_DB3 = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/3",
        "KEY_PREFIX": "qingdan-test",
    }
}


def _redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_DB3["default"]["LOCATION"], socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")


def test_two_workers_sharing_redis_see_a_publication_at_once(published, clerk, reviewer):
    _redis_or_skip()
    with override_settings(CACHES=REDIS_DB3):
        from django.core.cache import cache

        cache.clear()
        public_cache.reset()
        etag, before = page(Client())
        public_cache.LOCAL.clear()  # a second worker: nothing in its memory, Redis shared
        assert page(Client()) == (etag, before)
        revise(published, clerk, reviewer, "个体工商户未按规定公示年度报告")
        public_cache.LOCAL.clear()
        assert "个体工商户未按规定公示年度报告" in page(Client())[1]
        cache.clear()


def test_the_fast_item_page_writes_what_the_serializer_writes(rf, published):
    import json

    from rest_framework.request import Request

    from lists.api.serializers import ItemResultSerializer
    from lists.models import Item

    items = list(
        Item.objects.filter(version=published).select_related(
            "section", "version__list__agency", "version__list__list_type"
        )
    )
    context = {"request": Request(rf.get("/api/v1/items/"))}
    fast = ItemResultSerializer(items, many=True, context=context).data
    each = [ItemResultSerializer(item, context=context).data for item in items]
    assert len(fast) == len(REAL_ROWS)
    assert json.dumps(fast, default=str) == json.dumps(each, default=str)


def test_the_publishing_worker_forgets_its_copy_of_the_generation_at_once(
    settings, published, clerk, reviewer
):
    settings.PUBLIC_GENERATION_LOCAL_SECONDS = 60  # production keeps it for a second
    client = Client()
    assert "第1版" in page(client)[1]
    revise(published, clerk, reviewer, "个体工商户未按规定公示年度报告")
    assert "个体工商户未按规定公示年度报告" in page(client)[1]


def test_an_unreachable_database_answers_503_in_chinese(monkeypatch, published):
    from django.db import OperationalError

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(list_state, "_list_versions", refuse)
    response = Client().get(LIST_URL)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "服务暂时不可用" in response.content.decode()
