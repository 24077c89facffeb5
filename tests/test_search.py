"""Search across the items in force (lists/search): matching, ranking, write paths, paging."""

import datetime

import pytest

from agencies.models import Agency, Membership
from lists import search, workflow
from lists.search import engine, highlight, plan
from tests.conftest import add_items, draft_list, make_user, published_version

pytestmark = pytest.mark.django_db

# Real rows: 示例 fixtures (石嘴山市市场监管局 2021, 上海城管执法 2020, 凤凰县发改局 2024, 鹤山市市场监管局).
LICENCE_TRADITIONAL = {
    "matter": "未依法取得營業執照從事經營活動",
    "condition": "立案調查前已提交申請營業執照材料并受理,未嚴重危害人民群眾人身財產安全",
    "legal_basis": "《無證無照經營查處辦法》第十三條",
}
WASHING = {
    "matter": "单位或个人占用道路、广场从事经营性车辆清洗活动,首次被发现的",
    "condition": "及时纠正，没有造成危害后果",
    "legal_basis": "《上海市市容环境卫生管理条例》第二十八条第一款第六项",
}
GRAIN = {
    "matter": "粮油仓储单位未按规定向粮食行政管理部门备案",
    "condition": "初次违法,危害后果轻微,并及时改正",
    "legal_basis": "《粮食流通管理条例》第四十八条",
}


def matters(items):
    return [item.matter for item in items]


def found(q, **filters):
    return matters(search.search(q, limit=50, **filters).items)


def api_found(q):
    from django.test import Client

    return [row["matter"] for row in Client().get("/api/v1/items/", {"q": q}).json()["results"]]


@pytest.fixture
def catalogue(agency, other_agency, clerk, other_clerk, reviewer, other_reviewer):
    published_version(agency, clerk, reviewer, rows=[LICENCE_TRADITIONAL, WASHING, GRAIN])
    published_version(
        other_agency,
        other_clerk,
        other_reviewer,
        code="lighter-penalty",
        rows=[
            {"matter": "食品经营者未按规定备案的", "condition": "首次违法", "note": "消防通道"},
            {"matter": "擅自拆除消防设施", "condition": "及时改正", "legal_basis": "《消防法》"},
        ],
    )


def test_simplified_query_finds_traditional_rows_and_back(catalogue):
    assert found("营业执照") == ["未依法取得營業執照從事經營活動"]
    assert found("營業執照") == found("营业执照")
    assert found("經營性車輛清洗") == [WASHING["matter"]]


def test_everyday_words_find_official_wording_through_synonyms(catalogue):
    # 首次被发现 in WASHING's 事项 ranks above 初次违法 in GRAIN's 适用条件: both answer.
    assert found("第一次违法")[:2] == [WASHING["matter"], GRAIN["matter"]]
    assert WASHING["matter"] in found("占道经营")  # 占用道路
    assert "食品经营者未按规定备案的" in found("没备案")  # 未按规定备案


def test_words_need_not_be_adjacent(catalogue):
    assert found("粮油 备案") == [GRAIN["matter"]]
    assert found("备案 粮油") == [GRAIN["matter"]]


def test_pinyin_finds_the_word(catalogue):
    assert found("shipin") == ["食品经营者未按规定备案的"]


def test_one_and_two_character_queries_match(catalogue):
    assert "擅自拆除消防设施" in found("拆")
    assert found("粮油") == [GRAIN["matter"]]


def test_law_name_in_book_title_marks_matches_its_short_form(agency, clerk, reviewer):
    published_version(agency, clerk, reviewer)
    assert found("《安全生产法》") == ["生产经营单位未将事故隐患排查治理情况向从业人员通报的"]


def test_matter_match_ranks_above_condition_and_legal_basis_match_across_agencies(
    catalogue, agency
):
    agency.order = 1  # 市场监管局 first in agency order: its rows cite 消防 only in notes
    agency.save()
    other = Agency.objects.get(code="sthj")
    other.order = 2
    other.save()
    assert found("消防") == ["擅自拆除消防设施", "食品经营者未按规定备案的"]


def test_matter_match_ranks_above_legal_basis_match_when_agency_order_says_otherwise(
    agency, other_agency, clerk, other_clerk, reviewer, other_reviewer
):
    agency.order, other_agency.order = 1, 2
    agency.save(), other_agency.save()
    basis = {
        "matter": "未按规定报送统计资料",
        "condition": "及时改正",
        "legal_basis": "《价格法》第十三条",
    }
    in_matter = {"matter": "经营者未明码标价", "condition": "及时改正", "legal_basis": "《价格法》"}
    published_version(agency, clerk, reviewer, rows=[basis])
    published_version(other_agency, other_clerk, other_reviewer, rows=[in_matter])
    assert found("明码标价") == ["经营者未明码标价", "未按规定报送统计资料"]  # 价格 via synonyms
    assert found("价格法") == ["未按规定报送统计资料", "经营者未明码标价"]  # both in basis


def test_no_row_with_every_word_falls_back_to_most_words(catalogue):
    results = search.search("门口 粮油 备案 鸵鸟", limit=10)
    assert results.relaxed == 2
    assert matters(results.items) == [GRAIN["matter"]]


def test_stop_words_are_ignored_and_long_queries_are_cut(catalogue):
    results = search.search("粮油仓储单位没备案会不会被罚款")
    assert "会不会" in results.query.ignored or "不会" in results.query.ignored
    assert matters(results.items) == [GRAIN["matter"]]
    long = search.search("粮油" + "未按规定" * 40)
    assert long.query.cut


def test_filters_by_list_type_agency_field_and_agency_name(catalogue):
    assert len(found("", list_type="lighter-penalty")) == 2
    assert len(found("", agency="scjg")) == 3
    assert len(found("", field="生态环境")) == 2
    assert found("备案", field="市场监管") == [GRAIN["matter"]]
    assert found("备案", unit="生态环境") == ["食品经营者未按规定备案的"]
    assert found("备案", list_type="no-coercion") == []


def test_unpublished_content_is_never_found(agency, clerk, reviewer, other_agency, other_clerk):
    draft_list(other_agency, other_clerk, rows=[{"matter": "草稿秘密事项", "condition": "x"}])
    version = draft_list(agency, clerk, rows=[{"matter": "审查中秘密事项", "condition": "x"}])
    workflow.submit(version, acting_user=clerk)
    workflow.approve(version, acting_user=reviewer)
    assert found("秘密") == []
    assert api_found("秘密") == []


@pytest.mark.parametrize(
    "hostile",
    ["x" * 10_000, "'; DROP TABLE lists_item; --", "%_\\", "<script>alert(1)</script>", "\x00zz"],
)
def test_hostile_queries_are_harmless(catalogue, hostile):
    assert found(hostile) == []


def test_like_wildcards_and_tsquery_syntax_in_query_are_literal(catalogue):
    for q in ["%", "_", "食品 & !消防", "'食品'", "食品:*", "a|b"]:
        results = search.search(q)
        assert all("食品" in item.matter for item in results.items) or not results.items


def test_highlight_marks_synonyms_and_traditional_text_after_escaping():
    html = highlight("<b>營業執照</b>及首次违法 & 食品", ["营业执照", "首次"])
    assert html == "&lt;b&gt;<mark>營業執照</mark>&lt;/b&gt;及<mark>首次</mark>违法 &amp; 食品"
    assert highlight("a&b", ["amp"]) == "a&amp;b"
    assert highlight("PM2.5超标", ["pm2"]) == "<mark>PM2</mark>.5超标"


def test_count_is_capped(agency, clerk, reviewer, monkeypatch):
    monkeypatch.setattr(engine, "COUNT_CAP", 5)
    published_version(agency, clerk, reviewer, rows=[GRAIN] * 7)
    results = search.search("粮油")
    assert (results.count, results.more) == (5, True)


@pytest.mark.parametrize(("cap", "dense"), [(2, False), (5, False), (1000, False), (2, True)])
def test_pages_of_a_huge_result_set_equal_slices_of_the_ranked_order(
    agency, clerk, reviewer, monkeypatch, cap, dense
):
    """Beyond COUNT_CAP hits, or for a word in most rows of a province (`dense`, which only
    PostgreSQL's estimates can say: forced here), the walk takes over; pages follow one order."""
    import lists.search.walk as walk

    monkeypatch.setattr(walk, "MIN_CHUNK", 1)
    monkeypatch.setattr(engine, "COUNT_CAP", cap)
    if dense:
        monkeypatch.setattr(plan, "share", lambda *args: 1.0)
    for n in range(6):
        other = Agency.objects.create(
            name=f"第{n}粮食局", code=f"a{n}", review_bureau=agency.review_bureau, order=6 - n
        )
        clerk_n = make_user(f"clerk-a{n}", other, Membership.Role.CLERK)
        rows = [GRAIN, {**WASHING, "note": "涉及粮油"}][: n % 2 + 1]
        published_version(other, clerk_n, reviewer, rows=rows)
    pages = [search.search("粮油", offset=o, limit=2).items for o in range(0, 10, 2)]
    flat = [item for page in pages for item in page]
    assert len(flat) == len(set(flat)) == 9
    in_matter = [item.matter == GRAIN["matter"] for item in flat]
    assert in_matter == sorted(in_matter, reverse=True)  # 事项 matches first, whatever the cap


# --- the index follows every write path -----------------------------------------------------


def test_publication_makes_rows_findable_and_supersession_replaces_them(
    published, agency, clerk, reviewer
):
    assert found("合伙企业") == ["合伙企业未将营业执照置于经营场所醒目位置"]
    revision = workflow.start_revision(published.list, acting_user=clerk)
    add_items(revision, [{"matter": "修订草稿新增的粮油仓储事项", "condition": "初次违法"}])
    item = revision.items.get(matter__startswith="合伙企业")
    item.matter = "合伙企业未将营业执照正本置于经营场所醒目位置"
    item.save()
    assert found("修订草稿") == [] and found("正本") == []
    workflow.submit(revision, acting_user=clerk)
    workflow.approve(revision, acting_user=reviewer)
    workflow.publish(revision, acting_user=clerk)
    assert found("修订草稿") == ["修订草稿新增的粮油仓储事项"]
    assert found("合伙企业") == found("正本") == ["合伙企业未将营业执照正本置于经营场所醒目位置"]


def test_abolished_lists_are_not_searched(published, clerk):
    workflow.abolish(published.list, acting_user=clerk, note="机构改革，职能划转")
    assert found("合伙企业") == []
    assert api_found("合伙企业") == []


def test_a_version_not_yet_in_force_is_not_searched_until_its_date(published, clerk, reviewer):
    revision = workflow.start_revision(published.list, acting_user=clerk)
    add_items(revision, [{"matter": "待施行版本新增的粮油仓储事项", "condition": "初次违法"}])
    workflow.submit(revision, acting_user=clerk)
    workflow.approve(revision, acting_user=reviewer)
    future = datetime.date.today() + datetime.timedelta(days=30)
    workflow.publish(revision, acting_user=clerk, effective_date=future)
    assert found("待施行版本") == []
    assert found("合伙企业") == ["合伙企业未将营业执照置于经营场所醒目位置"]


def test_bulk_text_updates_of_a_draft_are_indexed_too(draft, clerk, reviewer):
    draft.items.filter(seq=1).update(matter="建设单位未依法备案粮油仓储登记表")
    workflow.submit(draft, acting_user=clerk)
    workflow.approve(draft, acting_user=reviewer)
    workflow.publish(draft, acting_user=clerk)
    assert found("粮油仓储") == ["建设单位未依法备案粮油仓储登记表"]


# --- the page ------------------------------------------------------------------------------


def test_search_page_query_count_does_not_grow_with_hits(
    citizen, agency, clerk, reviewer, django_assert_max_num_queries
):
    published_version(agency, clerk, reviewer, rows=[GRAIN])
    with django_assert_max_num_queries(12) as few:
        citizen.get("/search/", {"q": "粮油"})
    Agency.objects.filter(pk=agency.pk).update(order=1)
    for n in range(4):
        other = Agency.objects.create(
            name=f"第{n}局", code=f"b{n}", review_bureau=agency.review_bureau
        )
        clerk_n = make_user(f"clerk-b{n}", other, Membership.Role.CLERK)
        published_version(other, clerk_n, reviewer, rows=[GRAIN] * 5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = citizen.get("/search/", {"q": "粮油"})
    assert response.content.decode().count('class="result"') == 20


def test_search_page_explains_the_query_and_helps_when_nothing_matches(catalogue, citizen):
    page = citizen.get("/search/", {"q": "第一次违法会不会罚款"}).content.decode()
    assert "首次" in page and "已忽略" in page
    empty = citizen.get("/search/", {"q": "粮油仓库着火"}).content.decode()
    assert "没有找到相关事项" not in empty or "按常见情形查找" in empty
    nothing = citizen.get("/search/", {"q": "麒麟"}).content.decode()
    assert "按常见情形查找" in nothing and "市场监管" in nothing
    assert "请尝试更短的关键词" not in nothing


def test_search_page_does_not_list_every_agency(catalogue, citizen):
    page = citizen.get("/search/", {"q": "备案"}).content.decode()
    assert 'name="unit"' in page
    assert '<option value="scjg"' not in page


def test_a_word_that_finds_nothing_is_said_and_a_word_that_sounds_like_it_offered(
    catalogue, citizen
):
    page = citizen.get("/search/", {"q": "营业职照"}).content.decode()  # 职照: a slip for 执照
    assert "现行清单中没有找到“职照”" in page
    assert "您是不是要找" in page and 'href="?q=%E6%89%A7%E7%85%A7"' in page  # 执照
    assert "未依法取得<mark>營業</mark>執照" in page


def test_a_word_in_most_rows_of_a_province_is_walked_on_the_page_and_in_the_api(
    published, citizen, monkeypatch
):
    expected = sorted(found("违法"))  # in two of the three conditions
    assert len(expected) == 2
    monkeypatch.setattr(plan, "share", lambda *args: 1.0)  # "dense": only PostgreSQL can say
    assert sorted(found("违法")) == expected
    assert sorted(api_found("违法")) == expected
