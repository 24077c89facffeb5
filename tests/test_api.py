"""The open-data API: published data only, read-only, filterable, cacheable, throttled.

Every state is built with the workflow verbs; unpublished rows carry a 秘密 marker that must
never appear in any response, JSON or file.
"""

import csv
import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from lists import workflow
from lists.api.base import READ_ONLY, TOO_MANY
from lists.models import ListVersion
from lists.services import renumber
from tests.conftest import REAL_ROWS, add_items, draft_list, published_version

SECRET = "秘密"
LAW = "《中华人民共和国行政处罚法》第三十三条"


def rows(marker: str, count: int = 2) -> list[dict]:
    return [
        {
            "matter": f"{marker}事项{number}",
            "condition": "初次违法且危害后果轻微并及时改正",
            "legal_basis": LAW,
        }
        for number in range(1, count + 1)
    ]


def publish(version, clerk, reviewer, document_no=""):
    workflow.submit(version, acting_user=clerk)
    workflow.approve(version, acting_user=reviewer)
    return workflow.publish(version, acting_user=clerk, document_no=document_no)


def revise(version, clerk, reviewer, *, add=(), remove=(), summary="", document_no=""):
    draft = workflow.start_revision(version.list, acting_user=clerk)
    for matter in remove:
        draft.items.get(matter=matter).delete()
    renumber(draft)
    if add:
        add_items(draft, list(add))
    draft.change_summary = summary
    draft.save()
    return publish(draft, clerk, reviewer, document_no)


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(agency, other_agency, clerk, other_clerk, reviewer, other_reviewer):
    """Published, superseded and abolished lists next to every unpublished state."""
    v1 = published_version(agency, clerk, reviewer, document_no="示市监发〔2024〕1号")
    v2 = revise(
        v1,
        clerk,
        reviewer,
        add=rows("修订新增"),
        remove=[REAL_ROWS[2]["matter"]],
        summary="依据新修订的行政处罚法调整",
        document_no="示市监发〔2025〕2号",
    )
    in_revision = workflow.start_revision(v2.list, acting_user=clerk)
    add_items(in_revision, rows("草稿" + SECRET))
    submitted = draft_list(agency, clerk, "lighter-penalty", rows("待审" + SECRET))
    workflow.submit(submitted, acting_user=clerk)
    approved = draft_list(agency, clerk, "mitigated-penalty", rows("通过未发布" + SECRET))
    workflow.submit(approved, acting_user=clerk)
    workflow.approve(approved, acting_user=reviewer)
    returned = draft_list(other_agency, other_clerk, "no-penalty", rows("退回" + SECRET))
    workflow.submit(returned, acting_user=other_clerk)
    workflow.return_for_changes(returned, acting_user=other_reviewer, opinion="依据不全")
    abolished = published_version(
        other_agency,
        other_clerk,
        other_reviewer,
        "no-coercion",
        rows("免强制"),
        "邻环发〔2024〕9号",
    )
    workflow.abolish(abolished.list, acting_user=other_clerk, note="职能调整")
    hidden = [in_revision, submitted, approved, returned]
    for version in hidden:
        version.refresh_from_db()
    return SimpleNamespace(
        v1=v1, v2=v2, abolished=abolished, hidden=hidden, in_revision=in_revision
    )


def get(client, url, **headers):
    return client.get(url, headers=headers)


def walk(client, url):
    """Every row of a paginated endpoint."""
    found = []
    while url:
        body = client.get(url).json()
        found.extend(body["results"])
        url = body["next"]
    return found


def xlsx_text(content: bytes) -> str:
    sheet = load_workbook(io.BytesIO(content)).active
    return "\n".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)


def csv_text(content: bytes) -> str:
    text = content.decode("utf-8-sig")
    return "\n".join(",".join(row) for row in csv.reader(io.StringIO(text)))


def every_public_url(world) -> list[str]:
    v2, v1, gone = world.v2, world.v1, world.abolished
    key = v2.items.get(seq=1).key
    return [
        "/api/v1/",
        "/api/v1/agencies/",
        "/api/v1/agencies/scjg/",
        "/api/v1/list-types/",
        "/api/v1/list-types/no-penalty/",
        "/api/v1/lists/",
        f"/api/v1/lists/{v2.list_id}/",
        f"/api/v1/lists/{gone.list_id}/",
        f"/api/v1/versions/{v2.pk}/",
        f"/api/v1/versions/{v1.pk}/",
        f"/api/v1/versions/{v2.pk}/items.csv",
        f"/api/v1/versions/{v2.pk}/items.xlsx",
        "/api/v1/items/",
        "/api/v1/items/?q=事项",
        f"/api/v1/items/{key}/",
        "/api/v1/changes/",
    ]


# --- published data only ------------------------------------------------------------------


def test_no_endpoint_shows_unpublished_content(citizen, world):
    for url in every_public_url(world):
        response = citizen.get(url)
        assert response.status_code == 200, url
        if url.endswith(".xlsx"):
            text = xlsx_text(response.getvalue())
        elif url.endswith(".csv"):
            text = csv_text(response.getvalue())
        else:
            text = response.content.decode()
        assert SECRET not in text, url
        assert "依据不全" not in text, url  # a review opinion is not public


@pytest.mark.parametrize("suffix", ["/", "/items.csv", "/items.xlsx"])
def test_unpublished_versions_answer_404_in_every_format(citizen, world, suffix):
    for version in world.hidden:
        assert citizen.get(f"/api/v1/versions/{version.pk}{suffix}").status_code == 404


def test_lists_without_a_published_version_answer_404(citizen, world):
    for version in world.hidden[1:]:
        assert citizen.get(f"/api/v1/lists/{version.list_id}/").status_code == 404


def test_items_of_unpublished_versions_are_not_found_by_key(citizen, world):
    for version in world.hidden:
        for key in version.items.exclude(key__in=world.v2.items.values("key")).values_list(
            "key", flat=True
        ):
            assert citizen.get(f"/api/v1/items/{key}/").status_code == 404


# --- agencies and list types ----------------------------------------------------------------


def test_agencies_show_hierarchy_fields_and_review_bureau_but_no_people(citizen, world, agency):
    township = agency.children.create(
        name="示例镇人民政府", code="slz", kind="township", level="township", review_bureau=None
    )
    body = citizen.get("/api/v1/agencies/").json()
    by_code = {row["code"]: row for row in body["results"]}
    assert set(by_code) >= {"sfj", "scjg", "sthj", "slz"}
    scjg = by_code["scjg"]
    assert scjg["review_bureau"]["code"] == "sfj"
    assert scjg["fields"] == ["市场监管"]
    assert scjg["level"] == "city" and scjg["level_display"] == "市"
    assert by_code[township.code]["parent"]["code"] == "scjg"
    assert "memberships" not in scjg and "users" not in scjg
    assert "clerk-scjg" not in citizen.get("/api/v1/agencies/scjg/").content.decode()


def test_unknown_agency_answers_404(citizen, db):
    assert citizen.get("/api/v1/agencies/nope/").status_code == 404


def test_list_types_come_with_their_sections(citizen, db):
    body = citizen.get("/api/v1/list-types/").json()
    assert [row["code"] for row in body] == [
        "no-penalty",
        "lighter-penalty",
        "mitigated-penalty",
        "no-coercion",
    ]
    assert [s["number"] for s in body[0]["sections"]] == [1, 2, 3]
    assert body[3]["item_label"] == "行政强制事项"


# --- lists ----------------------------------------------------------------------------------


def test_lists_are_only_those_with_a_published_version(citizen, world):
    body = citizen.get("/api/v1/lists/").json()
    assert {row["id"] for row in body["results"]} == {world.v2.list_id, world.abolished.list_id}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("agency=scjg", "v2"),
        ("agency=sthj", "abolished"),
        ("list_type=no-coercion", "abolished"),
        ("field=市场监管", "v2"),
        ("field=生态环境", "abolished"),
        ("status=current", "v2"),
        ("status=abolished", "abolished"),
        ("agency=scjg&status=abolished", None),
    ],
)
def test_lists_filter(citizen, world, query, expected):
    ids = [row["id"] for row in citizen.get(f"/api/v1/lists/?{query}").json()["results"]]
    assert ids == ([getattr(world, expected).list_id] if expected else [])


def test_lists_reject_unknown_status(citizen, world):
    assert citizen.get("/api/v1/lists/?status=draft").status_code == 400


@pytest.mark.parametrize(
    ("url", "parameter", "chinese", "english"),
    [
        (
            "/api/v1/items/?list_type=bogus",
            "list_type",
            "没有“bogus”这种清单类型",
            "Unknown list type",
        ),
        ("/api/v1/lists/?list_type=bogus", "list_type", "no-penalty、", "known codes: no-penalty"),
        ("/api/v1/items/?agency=nope", "agency", "没有代码为“nope”的单位", "Unknown agency code"),
        ("/api/v1/changes/?agency=nope", "agency", "单位代码见", "see /api/v1/agencies/"),
        ("/api/v1/lists/?field=交通运输", "field", "没有单位属于“交通运输”", "No agency works in"),
        ("/api/v1/lists/?status=draft", "status", "选择一个有效的选项", "Select a valid choice"),
        ("/api/v1/changes/?since=yesterday", "since", "有效的日期", "Enter a valid date"),
    ],
)
def test_unknown_filter_values_are_a_400_in_chinese_and_english(
    citizen, world, url, parameter, chinese, english
):
    response = citizen.get(url)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "查询参数有误。Invalid query parameters." and body["code"] == "invalid"
    [message] = body["errors"][parameter]
    assert chinese in message and english in message


@pytest.mark.parametrize(
    "url", ["/api/v1/versions/999999/", "/api/v1/agencies/nope/", "/api/v1/no-such-endpoint/"]
)
def test_not_found_is_json_in_chinese_and_english(citizen, world, url):
    response = citizen.get(url)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "没有找到，请检查地址中的编号或代码。Not found: check the id or code in the URL.",
        "code": "not_found",
    }


def test_list_detail_has_published_versions_newest_first(citizen, world):
    body = citizen.get(f"/api/v1/lists/{world.v2.list_id}/").json()
    assert body["status"] == "current" and body["status_display"] == "现行有效"
    assert [v["number"] for v in body["versions"]] == [2, 1]
    assert [v["status"] for v in body["versions"]] == ["published", "superseded"]
    assert body["current_version"]["id"] == world.v2.pk
    assert body["agency"]["code"] == "scjg" and body["list_type"]["code"] == "no-penalty"


def test_abolished_list_keeps_its_versions_but_has_no_current_one(citizen, world):
    body = citizen.get(f"/api/v1/lists/{world.abolished.list_id}/").json()
    assert body["status"] == "abolished" and body["status_display"] == "已废止"
    assert body["abolished_at"] is not None
    assert body["current_version"] is None
    assert [v["id"] for v in body["versions"]] == [world.abolished.pk]


# --- versions and files ---------------------------------------------------------------------


def test_version_detail_has_items_document_number_dates_and_change_summary(citizen, world):
    body = citizen.get(f"/api/v1/versions/{world.v2.pk}/").json()
    assert body["document_no"] == "示市监发〔2025〕2号"
    assert body["change_summary"] == "依据新修订的行政处罚法调整"
    assert body["effective_date"] == timezone.localdate().isoformat()
    assert body["published_at"]
    assert body["item_count"] == len(body["items"]) == 4
    assert [item["seq"] for item in body["items"]] == [1, 2, 3, 4]
    assert body["items"][0]["matter"] == REAL_ROWS[0]["matter"]
    assert "review_opinion" not in body and "status" not in body
    assert body["downloads"]["csv"].endswith(f"/api/v1/versions/{world.v2.pk}/items.csv")


def test_superseded_version_stays_readable(citizen, world):
    body = citizen.get(f"/api/v1/versions/{world.v1.pk}/").json()
    assert body["document_no"] == "示市监发〔2024〕1号"
    assert [item["matter"] for item in body["items"]] == [row["matter"] for row in REAL_ROWS]


def test_version_files_are_the_official_exports(citizen, world):
    from lists.exporters import export_csv, export_xlsx

    version = ListVersion.objects.get(pk=world.v2.pk)
    csv_response = citizen.get(f"/api/v1/versions/{version.pk}/items.csv")
    assert csv_response.getvalue() == export_csv(version)
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "attachment" in csv_response["Content-Disposition"]
    xlsx_file = citizen.get(f"/api/v1/versions/{version.pk}/items.xlsx").getvalue()
    assert xlsx_text(xlsx_file) == xlsx_text(export_xlsx(version))
    assert REAL_ROWS[0]["matter"] in xlsx_text(xlsx_file)


# --- items: search, filters, key ------------------------------------------------------------


def matters(response) -> list[str]:
    return [row["matter"] for row in response.json()["results"]]


def test_items_cover_versions_in_force_only(citizen, world):
    found = matters(citizen.get("/api/v1/items/?page_size=200"))
    assert sorted(found) == sorted(
        [REAL_ROWS[0]["matter"], REAL_ROWS[1]["matter"], "修订新增事项1", "修订新增事项2"]
    )
    assert REAL_ROWS[2]["matter"] not in found  # removed in version 2
    assert "免强制事项1" not in found  # its list is abolished


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("伙", None),  # one character: 合伙企业 was removed in version 2
        ("隐患", [REAL_ROWS[1]["matter"]]),
        ("备案", [REAL_ROWS[0]["matter"]]),
        ("环", [REAL_ROWS[0]["matter"]]),
        ("修订新增", ["修订新增事项1", "修订新增事项2"]),
    ],
)
def test_items_search_one_and_two_character_queries(citizen, world, q, expected):
    found = matters(citizen.get(f"/api/v1/items/?q={q}&agency=scjg"))
    assert sorted(found) == sorted(expected or [])


def test_items_filter_by_list_type_agency_field_and_law(citizen, world):
    def found(query):
        return sorted(matters(citizen.get(f"/api/v1/items/?{query}&page_size=200")))

    scjg = found("agency=scjg")
    assert scjg == sorted(
        [REAL_ROWS[0]["matter"], REAL_ROWS[1]["matter"], "修订新增事项1", "修订新增事项2"]
    )
    assert found("list_type=no-penalty") == scjg
    assert found("field=市场监管") == scjg
    assert found("law=环境影响评价法") == [REAL_ROWS[0]["matter"]]
    assert found("law=行政处罚法&agency=scjg") == ["修订新增事项1", "修订新增事项2"]
    assert found("q=修订&law=安全生产法") == []


def test_item_by_key_is_taken_from_the_current_version(citizen, world):
    key = world.v1.items.get(matter=REAL_ROWS[0]["matter"]).key
    assert world.v2.items.get(matter=REAL_ROWS[0]["matter"]).key == key
    body = citizen.get(f"/api/v1/items/{key}/").json()
    assert body["key"] == str(key)
    assert body["version"]["id"] == world.v2.pk
    assert body["is_current"] is True and body["list_status"] == "current"


def test_item_no_longer_in_force_falls_back_to_its_last_published_version(citizen, world):
    key = world.v1.items.get(matter=REAL_ROWS[2]["matter"]).key
    body = citizen.get(f"/api/v1/items/{key}/").json()
    assert body["version"]["id"] == world.v1.pk
    assert body["is_current"] is False


def test_item_of_an_abolished_list_is_readable_but_not_current(citizen, world):
    key = world.abolished.items.get(seq=1).key
    body = citizen.get(f"/api/v1/items/{key}/").json()
    assert body["version"]["id"] == world.abolished.pk
    assert body["is_current"] is False and body["list_status"] == "abolished"


def test_item_with_unknown_or_malformed_key_answers_404(citizen, world):
    assert citizen.get("/api/v1/items/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert citizen.get("/api/v1/items/not-a-key/").status_code == 404


# --- pagination -----------------------------------------------------------------------------


def test_item_pages_stay_consistent_while_a_new_version_is_published(
    citizen, agency, clerk, reviewer
):
    version = published_version(agency, clerk, reviewer, rows=rows("分页", 30))
    before = {str(key) for key in version.items.values_list("key", flat=True)}
    url = "/api/v1/items/?page_size=7"
    seen = []
    for _ in range(2):
        body = citizen.get(url).json()
        seen.extend(row["key"] for row in body["results"])
        url = body["next"]
    # Meanwhile the agency publishes version 2: one seen and one unseen row go, two arrive.
    unseen = next(item for item in version.items.order_by("key") if str(item.key) not in set(seen))
    seen_item = version.items.get(key=seen[0])
    revise(
        version,
        clerk,
        reviewer,
        remove=[seen_item.matter, unseen.matter],
        add=rows("新版新增"),
    )
    while url:
        body = citizen.get(url).json()
        seen.extend(row["key"] for row in body["results"])
        url = body["next"]
    assert len(seen) == len(set(seen)), "no item twice"
    kept = before - {str(seen_item.key), str(unseen.key)}
    assert kept <= set(seen), "no item in force before and after is missed"


def test_items_ordering_is_deterministic(citizen, agency, clerk, reviewer):
    published_version(agency, clerk, reviewer, rows=rows("顺序", 12))
    first = [row["key"] for row in walk(citizen, "/api/v1/items/?page_size=5")]
    second = [row["key"] for row in walk(citizen, "/api/v1/items/?page_size=3")]
    assert first == second and len(first) == 12


def test_invalid_cursor_answers_404(citizen, world):
    assert citizen.get("/api/v1/items/?cursor=garbage").status_code == 404


# --- changes --------------------------------------------------------------------------------


def test_changes_are_publications_supersessions_and_abolitions_newest_first(citizen, world):
    body = citizen.get("/api/v1/changes/").json()
    actions = [(row["action"], row["version"]["id"]) for row in body["results"]]
    assert actions == [
        ("abolish", world.abolished.pk),
        ("in_force", world.abolished.pk),
        ("publish", world.abolished.pk),
        ("supersede", world.v1.pk),
        ("in_force", world.v2.pk),
        ("publish", world.v2.pk),
        ("in_force", world.v1.pk),
        ("publish", world.v1.pk),
    ]
    assert body["results"][0]["note"] == "职能调整"
    assert SECRET not in str(body)


def test_changes_since_a_time(citizen, world):
    abolished_at = world.abolished.list.__class__.objects.get(
        pk=world.abolished.list_id
    ).abolished_at
    since = (abolished_at - timedelta(microseconds=1)).isoformat()
    body = citizen.get("/api/v1/changes/", {"since": since}).json()
    assert [row["action"] for row in body["results"]] == ["abolish"]
    future = (timezone.now() + timedelta(days=1)).isoformat()
    assert citizen.get("/api/v1/changes/", {"since": future}).json()["results"] == []
    assert citizen.get("/api/v1/changes/?since=yesterday").status_code == 400


@pytest.mark.parametrize(
    "since",
    ["0055-09-18T13:26:22+18:52", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"],
)
def test_changes_since_odd_offsets_and_years_is_no_server_error(citizen, world, since):
    # Found by schemathesis on PostgreSQL: "time zone displacement out of range".
    response = citizen.get("/api/v1/changes/", {"since": since})
    assert response.status_code == 200
    expected = 8 if since.startswith("0") else 0
    assert len(response.json()["results"]) == expected


# --- HTTP caching ---------------------------------------------------------------------------


def test_every_get_has_validators_and_answers_304_when_unchanged(citizen, world):
    for url in every_public_url(world):
        first = citizen.get(url)
        assert first.has_header("ETag") and first.has_header("Last-Modified"), url
        assert "public" in first["Cache-Control"], url
        again = get(citizen, url, if_none_match=first["ETag"])
        assert again.status_code == 304, url
        assert again["ETag"] == first["ETag"]
        assert get(citizen, url, if_modified_since=first["Last-Modified"]).status_code == 304
        assert get(citizen, url, if_none_match='"stale"').status_code == 200, url


def test_head_and_cross_origin_reads_are_allowed(citizen, world):
    url = f"/api/v1/versions/{world.v2.pk}/"
    head = citizen.head(url)
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == citizen.get(url)["ETag"]
    assert citizen.get("/api/v1/lists/")["Access-Control-Allow-Origin"] == "*"


def test_root_lists_the_endpoints(citizen, world):
    body = citizen.get("/api/v1/").json()
    assert set(body) == {"agencies", "list-types", "lists", "items", "changes"}


def test_a_publication_changes_the_validators_of_lists(citizen, world, clerk, reviewer):
    first = citizen.get("/api/v1/lists/")
    draft = ListVersion.objects.get(pk=world.in_revision.pk)
    publish(draft, clerk, reviewer)
    again = get(citizen, "/api/v1/lists/", if_none_match=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_versions_may_be_cached_long_lists_and_changes_briefly(citizen, world):
    version = citizen.get(f"/api/v1/versions/{world.v2.pk}/")
    assert "max-age=2592000" in version["Cache-Control"]
    for url in ["/api/v1/lists/", "/api/v1/changes/", "/api/v1/items/"]:
        assert "max-age=60" in citizen.get(url)["Cache-Control"]


def test_not_found_is_not_cached(citizen, world):
    response = citizen.get(f"/api/v1/versions/{world.in_revision.pk}/")
    assert response.status_code == 404
    assert not response.has_header("ETag")
    assert "max-age" not in response.get("Cache-Control", "")


# --- read-only and throttled ----------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/lists/", "/api/v1/agencies/scjg/", "versions"])
def test_writes_answer_405(citizen, world, method, path):
    if path == "versions":
        path = f"/api/v1/versions/{world.v2.pk}/"
    response = getattr(citizen, method)(path, {}, content_type="application/json")
    assert response.status_code == 405
    assert response.json()["detail"] == READ_ONLY.format(method=method.upper())
    assert ListVersion.objects.get(pk=world.v2.pk).status == "published"


def test_anonymous_clients_are_throttled_with_a_bilingual_message(citizen, db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min"},
    }
    statuses = [citizen.get("/api/v1/list-types/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = citizen.get("/api/v1/list-types/")
    assert response.json()["detail"].startswith(TOO_MANY)
    assert "请在" in response.json()["detail"] and "Retry after" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0


# --- constant number of queries -------------------------------------------------------------


def query_counts(client, version) -> dict[str, int]:
    key = version.items.get(seq=1).key
    urls = {
        "agencies": "/api/v1/agencies/",
        "agency": "/api/v1/agencies/scjg/",
        "list-types": "/api/v1/list-types/",
        "lists": "/api/v1/lists/",
        "list": f"/api/v1/lists/{version.list_id}/",
        "version": f"/api/v1/versions/{version.pk}/",
        "csv": f"/api/v1/versions/{version.pk}/items.csv",
        "xlsx": f"/api/v1/versions/{version.pk}/items.xlsx",
        "items": "/api/v1/items/?page_size=200",
        "search": "/api/v1/items/?q=事项&page_size=200",
        "item": f"/api/v1/items/{key}/",
        "changes": "/api/v1/changes/",
    }
    counts = {}
    for name, url in urls.items():
        client.get(url)  # per-process caches (search's synonyms and token statistics) warm up
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[name] = len(queries)
    return counts


def test_query_count_does_not_grow_with_items(citizen, agency, clerk, reviewer):
    small = published_version(agency, clerk, reviewer, rows=rows("少", 2))
    few = query_counts(citizen, small)
    big = published_version(agency, clerk, reviewer, "no-coercion", rows=rows("多", 80))
    big = revise(big, clerk, reviewer, add=rows("多新增", 40))
    many = query_counts(citizen, big)
    assert many == few
    assert max(few.values()) <= 6, few


# --- schema and docs ------------------------------------------------------------------------


def test_schema_is_valid_openapi(citizen, db):
    from drf_spectacular.validation import validate_schema

    response = citizen.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/items/" in schema["paths"]
    assert "/api/v1/versions/{id}/items.xlsx" in schema["paths"]
    assert "Accept" in response["Vary"] and response.has_header("ETag")


def test_docs_are_served_without_a_cdn(citizen, db):
    response = citizen.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn" not in html.lower() and "jsdelivr" not in html.lower()
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    # The init script is a file of its own (CSP: no inline script).
    assert citizen.get("/api/docs/?script=").status_code == 200


def test_redoc_is_not_offered(citizen, db):
    # ReDoc injects inline styles that the Content-Security-Policy refuses; Swagger UI at
    # /api/docs/ documents the same schema.
    assert citizen.get("/api/redoc/").status_code == 404
