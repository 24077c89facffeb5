"""Search across the items of the lists in force (lists/search.py)."""

import pytest

from agencies.models import Agency, Membership
from lists import workflow
from lists.search import (
    COUNT_CAP,
    count_capped,
    highlight,
    parse_query,
    search_items,
    search_page,
)
from tests.conftest import add_items, draft_list, make_user, published_version

pytestmark = pytest.mark.django_db


def matters(items):
    return [item.matter for item in items]


@pytest.fixture
def catalogue(agency, other_agency, clerk, other_clerk, reviewer, other_reviewer):
    published_version(agency, clerk, reviewer)
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


def test_two_character_chinese_query_matches_substrings(catalogue):
    assert matters(search_items("备案")) == [
        "建设单位未依法备案建设项目环境影响登记表",
        "食品经营者未按规定备案的",
    ]
    assert matters(search_items("食品")) == ["食品经营者未按规定备案的"]


def test_one_character_query_matches(catalogue):
    assert "擅自拆除消防设施" in matters(search_items("拆"))


def test_query_matches_condition_legal_basis_and_note(catalogue):
    assert matters(search_items("消防")) == ["食品经营者未按规定备案的", "擅自拆除消防设施"]


def test_law_name_in_book_title_marks_matches_full_law_name(catalogue):
    assert matters(search_items("《安全生产法》")) == [
        "生产经营单位未将事故隐患排查治理情况向从业人员通报的"
    ]


def test_agency_name_matches_all_its_items(catalogue):
    assert len(search_items("市场监管局")) == 3


def test_every_term_must_match(catalogue):
    assert matters(search_items("食品 首次")) == ["食品经营者未按规定备案的"]
    assert matters(search_items("食品 营业执照")) == []


def test_filters_by_list_type_agency_and_field(catalogue):
    assert len(search_items("", list_type="lighter-penalty")) == 2
    assert len(search_items("", agency="scjg")) == 3
    assert len(search_items("", field="生态环境")) == 2
    assert len(search_items("备案", field="市场监管")) == 1
    assert len(search_items("备案", list_type="no-coercion")) == 0


def test_results_are_ordered_by_agency_list_type_and_seq(catalogue, agency):
    agency.order = 99
    agency.save()
    assert matters(search_items("备案")) == [
        "食品经营者未按规定备案的",
        "建设单位未依法备案建设项目环境影响登记表",
    ]


def test_unpublished_content_is_never_found(agency, clerk, reviewer, other_agency, other_clerk):
    draft_list(other_agency, other_clerk, rows=[{"matter": "草稿秘密事项", "condition": "x"}])
    version = draft_list(agency, clerk, rows=[{"matter": "审查中秘密事项", "condition": "x"}])
    workflow.submit(version, acting_user=clerk)
    workflow.approve(version, acting_user=reviewer)
    assert list(search_items("秘密")) == []


def test_superseded_and_revision_drafts_are_not_searched(published, agency, clerk, reviewer):
    revision = workflow.start_revision(published.list, acting_user=clerk)
    add_items(revision, [{"matter": "修订草稿新增事项", "condition": "x"}])
    assert list(search_items("修订草稿")) == []
    workflow.submit(revision, acting_user=clerk)
    workflow.approve(revision, acting_user=reviewer)
    workflow.publish(revision, acting_user=clerk)
    assert matters(search_items("修订草稿")) == ["修订草稿新增事项"]
    # One hit per matter: the superseded copy of a row is not returned.
    assert len(search_items("合伙企业")) == 1


def test_abolished_lists_are_not_searched(published, clerk):
    workflow.abolish(published.list, acting_user=clerk)
    assert list(search_items("合伙企业")) == []


@pytest.mark.parametrize(
    "hostile",
    ["x" * 10_000, "'; DROP TABLE lists_item; --", "%_\\", "<script>alert(1)</script>", "\x00zz"],
)
def test_hostile_queries_are_harmless(catalogue, hostile):
    assert list(search_items(hostile)) == []


def test_parse_query_drops_punctuation_and_caps_terms():
    assert parse_query(" 《安全生产法》  第二十二条，") == ["安全生产法", "第二十二条"]
    assert len(parse_query(" ".join("abcdefgh"))) == 5
    assert parse_query("PM2.5") == ["pm2.5"]
    assert parse_query(None) == []


def test_like_wildcards_in_query_are_literal(catalogue):
    assert list(search_items("%")) == []
    assert list(search_items("_")) == []


def test_highlight_escapes_first_then_marks():
    html = highlight("<b>食品</b>安全 & 食品", ["食品"])
    assert html == "&lt;b&gt;<mark>食品</mark>&lt;/b&gt;安全 &amp; <mark>食品</mark>"
    assert highlight("a&b", ["amp"]) == "a&amp;b"
    assert highlight("PM2.5超标", ["pm2.5"]) == "<mark>PM2.5</mark>超标"


def test_count_is_capped(agency, clerk, reviewer):
    rows = [{"matter": f"事项{n}", "condition": "条件"} for n in range(COUNT_CAP + 5)]
    published_version(agency, clerk, reviewer, rows=rows)
    assert count_capped(search_items("事项")) == (COUNT_CAP, True)
    # 事项1, 事项10-19, 事项100-199, 事项1000-1004
    assert count_capped(search_items("事项1"), cap=5000) == (116, False)


@pytest.mark.parametrize("per_page", [1, 2, 7, 50])
def test_search_page_equals_slicing_the_ordered_results(agency, clerk, reviewer, per_page):
    import lists.search as search

    # Many small lists, so the walk goes through several chunks.
    search.FIRST_CHUNK, old = 1, search.FIRST_CHUNK
    try:
        for n in range(7):
            other = Agency.objects.create(
                name=f"第{n}局", code=f"a{n}", review_bureau=agency.review_bureau, order=7 - n
            )
            clerk_n = make_user(f"clerk-a{n}", other, Membership.Role.CLERK)
            rows = [{"matter": f"食品{n}-{i}", "condition": "c"} for i in range(n % 3 + 1)]
            published_version(other, clerk_n, reviewer, rows=rows)
        published_version(agency, clerk, reviewer)
        everything = list(search_items("食品"))
        assert len(everything) == 13
        for offset in range(0, 15, per_page):
            page = search_page("食品", offset=offset, limit=per_page)
            assert page == everything[offset : offset + per_page]
            assert search_page("食品", offset=offset, limit=per_page, walk=False) == page
        assert search_page("食品", offset=0, limit=5, field="无") == []
    finally:
        search.FIRST_CHUNK = old
