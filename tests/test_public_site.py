"""The public site: every page renders published data, and nothing unpublished ever shows."""

import re

import pytest
from django.test import Client

from agencies.models import Agency
from lists import workflow
from lists.models import ListSection
from tests.conftest import REAL_ROWS, add_items, draft_list, published_version

pytestmark = pytest.mark.django_db

LIST_URL = "/agencies/scjg/no-penalty/"
SECRET = "未公布的秘密事项"


def text_of(response) -> str:
    return response.content.decode()


def revise(version, clerk, reviewer, rows, summary=""):
    revision = workflow.start_revision(version.list, acting_user=clerk)
    if summary:
        revision.change_summary = summary
        revision.save()
    add_items(revision, rows)
    workflow.submit(revision, acting_user=clerk)
    workflow.approve(revision, acting_user=reviewer)
    return workflow.publish(revision, acting_user=clerk, document_no="示市监发〔2025〕2号")


@pytest.fixture
def township(bureau):
    return Agency.objects.create(
        name="示例市城关街道办事处",
        short_name="城关街道",
        code="jd-chengguan",
        kind=Agency.Kind.TOWNSHIP,
        level=Agency.Level.TOWNSHIP,
        review_bureau=bureau,
    )


# --- every page renders ---------------------------------------------------------------------


def test_home_shows_search_the_four_lists_counts_fields_and_recent(citizen, published):
    page = text_of(citizen.get("/"))
    assert 'type="search"' in page
    for name in (
        "不予处罚事项清单",
        "从轻处罚事项清单",
        "减轻处罚事项清单",
        "免予行政强制事项清单",
    ):
        assert name in page
    # ListType.description, kept by the bureau: no promise beyond the law (可以 is not 应当).
    assert "执法机关可以依法不予行政处罚；违法行为仍须改正" in page
    assert "不罚款、不处罚" not in page
    assert "共 3 项" in page
    assert "市场监管" in page and "/agencies/scjg/" in page
    assert "最近公布或修订" in page and "第1版" in page


def test_agency_directory_and_page_list_versions_with_document_and_dates(citizen, published):
    assert "示例市市场监督管理局" in text_of(citizen.get("/agencies/"))
    page = text_of(citizen.get("/agencies/scjg/"))
    assert "不予处罚事项清单" in page and "示市监发〔2024〕1号" in page
    assert "施行日期" in page and "公布日期" in page and "第1版" in page


def test_unknown_agency_and_list_are_friendly_404s(citizen, published):
    response = citizen.get("/agencies/nope/")
    assert response.status_code == 404
    assert "页面不存在" in text_of(response)
    assert citizen.get("/agencies/scjg/no-coercion/").status_code == 404
    assert citizen.get(LIST_URL + "?version=x").status_code == 404
    assert citizen.get(LIST_URL + "?version=9").status_code == 404


def test_township_page_shows_city_lists_that_apply_directly(citizen, published, township):
    page = text_of(citizen.get("/agencies/jd-chengguan/"))
    assert "市级部门制定的减免责清单，镇街应当直接适用" in page
    assert "示例市市场监督管理局" in page and LIST_URL in page


def test_city_agency_page_has_no_township_section(citizen, published):
    assert "镇街应当直接适用" not in text_of(citizen.get("/agencies/scjg/"))


def test_list_page_has_official_shape(citizen, published):
    page = text_of(citizen.get(LIST_URL))
    assert "<h1>示例市市场监督管理局不予处罚事项清单</h1>" in page
    assert "单位：示例市市场监督管理局" in page
    headers = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', page)
    assert headers == [
        "序号",
        "类别",
        "行政处罚事项",
        "实施机关",
        "不予处罚适用条件",
        "法律依据",
        "备注",
    ]
    assert "现行有效" in page
    for row in REAL_ROWS:
        assert row["matter"] in page
    item = published.items.get(seq=1)
    assert f'id="item-{item.key}"' in page and f"/items/{item.key}/" in page
    # The column's name per list type, sent once in the header (site.js labels the phone cards).
    assert '<th scope="col" class="col-condition">不予处罚适用条件</th>' in page


def test_list_page_shows_sections_and_extra_columns(citizen, agency, clerk, reviewer):
    sections = list(ListSection.objects.filter(list_type__code="no-penalty"))
    rows = [
        {"matter": "甲事项", "condition": "c", "section": sections[0], "extra": {"裁量基准": "甲"}},
        {
            "matter": "乙事项",
            "condition": "c",
            "section": sections[2],
            "leniency_basis": "第三十三条",
        },
    ]
    published_version(agency, clerk, reviewer, rows=rows)
    page = text_of(citizen.get(LIST_URL))
    assert sections[0].title in page and sections[2].title in page
    assert sections[1].title not in page
    assert ">不予处罚依据</th>" in page and ">裁量基准</th>" in page


def test_earlier_version_is_marked_superseded_and_links_to_current(
    citizen, published, clerk, reviewer
):
    revise(published, clerk, reviewer, [{"matter": "第二版新增事项", "condition": "c"}], "法律修订")
    current = text_of(citizen.get(LIST_URL))
    assert "第二版新增事项" in current and "现行有效" in current and "法律修订" in current
    old = text_of(citizen.get(LIST_URL + "?version=1"))
    assert "已被修订" in old and "第二版新增事项" not in old
    assert f'href="{LIST_URL}"' in old and "查看现行有效的第2版" in old


def test_abolished_list_says_so(citizen, published, clerk):
    workflow.abolish(published.list, acting_user=clerk)
    assert "已废止" in text_of(citizen.get(LIST_URL))


def test_history_lists_versions_and_diffs_any_two(citizen, published, clerk, reviewer):
    second = revise(published, clerk, reviewer, [{"matter": "第二版新增事项", "condition": "c"}])
    revise(second, clerk, reviewer, [{"matter": "第三版新增事项", "condition": "c"}])
    page = text_of(citizen.get(LIST_URL + "history/"))
    assert all(f"第{n}版" in page for n in (1, 2, 3))
    assert "示市监发〔2025〕2号" in page
    assert "第三版新增事项" in page  # default: latest against the one before
    diff = text_of(citizen.get(LIST_URL + "history/?from=1&to=3"))
    assert "第二版新增事项" in diff and "第三版新增事项" in diff and "共 2 处变化" in diff
    swapped = text_of(citizen.get(LIST_URL + "history/?from=3&to=1"))
    assert "第1版 → 第3版" in swapped


def test_item_permalink_shows_the_item_in_its_current_version(citizen, published, clerk, reviewer):
    key = published.items.get(seq=3).key
    page = text_of(citizen.get(f"/items/{key}/"))
    assert "合伙企业未将营业执照置于经营场所醒目位置" in page and "现行有效" in page
    revise(published, clerk, reviewer, [{"matter": "新事项", "condition": "c"}])
    page = text_of(citizen.get(f"/items/{key}/"))
    assert "第2版" in page and "现行有效" in page
    assert citizen.get("/items/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_print_page_has_a4_landscape_and_no_site_chrome(citizen, published):
    response = citizen.get(LIST_URL + "print/")
    page = text_of(response)
    assert "单位：示例市市场监督管理局" in page and REAL_ROWS[0]["matter"] in page
    assert "site-header" not in page and "print.css" in page
    css = open("static/portal/print.css", encoding="utf-8").read()
    assert "size: A4 landscape" in css


def test_search_page_renders_results_with_highlights(citizen, published):
    page = text_of(citizen.get("/search/", {"q": "备案"}))
    assert "找到 <strong>1</strong> 个事项" in page
    assert "<mark>备案</mark>" in page


def test_search_page_without_results_and_with_filters(citizen, published):
    assert "没有找到相关事项" in text_of(citizen.get("/search/", {"q": "不存在的词"}))
    page = text_of(citizen.get("/search/", {"q": "", "agency": "scjg"}))
    assert "找到 <strong>3</strong> 个事项" in page


@pytest.mark.parametrize("q", ["<script>alert(1)</script>", "' OR 1=1 --", "x" * 10_000, "%"])
def test_search_page_escapes_hostile_input(citizen, published, q):
    response = citizen.get("/search/", {"q": q, "page": "-1", "list_type": "<b>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in text_of(response)


def test_search_paginates(citizen, agency, clerk, reviewer):
    rows = [{"matter": f"食品事项{n}", "condition": "c"} for n in range(45)]
    published_version(agency, clerk, reviewer, rows=rows)
    first = text_of(citizen.get("/search/", {"q": "食品"}))
    assert "找到 <strong>45</strong> 个事项" in first and "下一页" in first
    last = text_of(citizen.get("/search/", {"q": "食品", "page": "3"}))
    assert "食品事项44" in last and "下一页" not in last and "上一页" in last


def test_large_mode_works_without_javascript(citizen, published):
    response = citizen.get("/large-mode/", {"on": "1", "next": LIST_URL})
    assert response.status_code == 302 and response["Location"] == LIST_URL
    assert '<html lang="zh-CN" class="large">' in text_of(citizen.get(LIST_URL))
    assert citizen.get("/large-mode/", {"next": "https://evil.example/"})["Location"] == "/"
    assert 'class="large"' not in text_of(citizen.get(LIST_URL))


def test_500_page_renders_without_context():
    from django.template import loader

    page = loader.get_template("500.html").render()
    assert "系统暂时出错" in page


def test_server_error_handler_serves_the_chinese_page(published):
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "系统暂时出错" in response.content.decode()


# --- nothing unpublished is ever public -----------------------------------------------------


@pytest.fixture
def unpublished_everywhere(agency, other_agency, clerk, other_clerk, reviewer, other_reviewer):
    """One list per non-public state, each with a SECRET row; plus a published revision draft."""
    secret = [{"matter": f"{SECRET}（{state}）", "condition": SECRET} for state in range(1)]
    draft_list(agency, clerk, "lighter-penalty", secret)  # draft
    submitted = draft_list(agency, clerk, "mitigated-penalty", secret)
    workflow.submit(submitted, acting_user=clerk)
    returned = draft_list(agency, clerk, "no-coercion", secret)
    workflow.submit(returned, acting_user=clerk)
    workflow.return_for_changes(returned, acting_user=reviewer, opinion="请补充依据")
    approved = draft_list(other_agency, other_clerk, "no-penalty", secret)
    workflow.submit(approved, acting_user=other_clerk)
    workflow.approve(approved, acting_user=other_reviewer)
    published = published_version(agency, clerk, reviewer)
    revision = workflow.start_revision(published.list, acting_user=clerk)
    add_items(revision, secret)
    return published, revision


PUBLIC_PAGES = [
    "/",
    "/agencies/",
    "/agencies/scjg/",
    "/agencies/sthj/",
    LIST_URL,
    LIST_URL + "?version=2",
    LIST_URL + "history/",
    LIST_URL + "history/?from=1&to=2",
    LIST_URL + "print/",
    LIST_URL + "download.csv",
    LIST_URL + "download.csv?version=2",
    "/agencies/scjg/lighter-penalty/",
    "/agencies/scjg/mitigated-penalty/download.csv",
    "/agencies/scjg/no-coercion/print/",
    "/agencies/sthj/no-penalty/",
    "/agencies/sthj/no-penalty/download.csv",
    "/search/?q=未公布",
    "/search/?q=秘密",
    "/search/?agency=sthj",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_unpublished_content_never_appears(unpublished_everywhere, url):
    response = Client().get(url)
    assert response.status_code in (200, 404)
    body = response.getvalue().decode("utf-8-sig")
    assert SECRET not in body
    assert "请补充依据" not in body


def test_unpublished_items_have_no_permalink(unpublished_everywhere):
    _, revision = unpublished_everywhere
    secret_key = revision.items.get(matter__startswith=SECRET).key
    assert Client().get(f"/items/{secret_key}/").status_code == 404


def test_agency_with_only_approved_version_shows_nothing_published(unpublished_everywhere):
    page = Client().get("/agencies/sthj/").content.decode()
    assert "本单位尚未公布清单" in page


# --- speed: constant queries, conditional requests ------------------------------------------


def many_rows(n):
    return [
        {
            "matter": f"事项{i}",
            "condition": "条件",
            "legal_basis": "《安全生产法》",
            "category": "类",
        }
        for i in range(n)
    ]


PAGES_FOR_COUNTS = [
    "/",
    "/agencies/",
    "/agencies/scjg/",
    "/agencies/jd-chengguan/",
    LIST_URL,
    LIST_URL + "?version=1",
    LIST_URL + "history/",
    LIST_URL + "print/",
    LIST_URL + "download.xlsx",
    LIST_URL + "download.csv",
    "/search/?q=事项",
    "/search/?q=安全生产法&field=市场监管",
]


@pytest.mark.parametrize("rows", [5, 500])
@pytest.mark.parametrize("url", PAGES_FOR_COUNTS)
def test_query_count_does_not_grow_with_rows(
    django_assert_max_num_queries, agency, clerk, reviewer, township, url, rows
):
    first = published_version(agency, clerk, reviewer, rows=many_rows(rows))
    revise(first, clerk, reviewer, many_rows(3))
    client = Client()
    # Search adds one lookup per term/filter and walks the lists in at most 5 chunks.
    with django_assert_max_num_queries(10 if url.startswith("/search/") else 6):
        assert client.get(url).status_code == 200


def test_list_page_answers_conditional_requests_with_304(citizen, published, clerk, reviewer):
    response = citizen.get(LIST_URL)
    assert response.has_header("ETag") and response.has_header("Last-Modified")
    again = citizen.get(LIST_URL, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    since = citizen.get(LIST_URL, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
    revise(published, clerk, reviewer, [{"matter": "新事项", "condition": "c"}])
    assert citizen.get(LIST_URL, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200


def test_search_page_caps_the_count_of_a_frequent_term(citizen, agency, clerk, reviewer):
    from lists.search import COUNT_CAP

    rows = [{"matter": f"消防事项{n:04d}", "condition": "c"} for n in range(1005)]
    published_version(agency, clerk, reviewer, rows=rows)
    pages = [text_of(citizen.get("/search/", {"q": "消防", "page": n})) for n in (1, 2)]
    assert all(f"找到 <strong>{COUNT_CAP}+</strong> 个事项" in page for page in pages)
    # All 1,005 rank alike; which of them fill the ranked window is the index's order (the
    # table's physical order on PostgreSQL), so assert the paging, not particular rows.
    first, second = ({*re.findall(r"消防事项\d{4}", page)} for page in pages)
    assert len(first) == len(second) == 20 and not first & second
