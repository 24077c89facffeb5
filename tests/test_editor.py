"""The row editor's server side at real size: what a save writes, pages, paste, save-and-submit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lists.models import Item, ListSection, ListVersion
from lists.services import renumber
from tests.conftest import draft_list, real_rows

ITEM_FIELDS = ("seq", *Item.CONTENT_FIELDS)


def change_url(version, page=None):
    url = reverse("admin:lists_listversion_change", args=[version.pk])
    return f"{url}?page={page}" if page else url


def big_draft(agency, clerk, size):
    version = draft_list(agency, clerk, rows=[])
    Item.objects.bulk_create(
        Item(version=version, seq=n, implementing_body=agency.name, **row)
        for n, row in enumerate(real_rows(size), start=1)
    )
    return version


def posted(version, items, changes=None, deleted=(), new=()):
    """What the browser posts for these rows (a page of them), as the page showed them."""
    data = {
        "change_summary": version.change_summary,
        "items-TOTAL_FORMS": str(len(items) + len(new)),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    rows = [
        {n: getattr(item, n) for n in ITEM_FIELDS} | {"section": item.section_id} for item in items
    ]
    for index, values in (changes or {}).items():
        rows[index].update(values)
    rows += list(new)
    for index, row in enumerate(rows):
        prefix = f"items-{index}-"
        if index < len(items):
            data[prefix + "id"] = str(items[index].pk)
            data[prefix + "version"] = str(version.pk)
        if index in deleted:
            data[prefix + "DELETE"] = "on"
        for name in (*ITEM_FIELDS, "section"):
            value = row.get(name)
            data[prefix + name] = "" if value is None else str(value)
    return data


def item_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith(("UPDATE", "INSERT", "DELETE")) and '"lists_item"' in q["sql"]
    ]


def test_saving_one_edited_cell_of_a_300_row_draft_writes_only_that_row(client, agency, clerk):
    version = big_draft(agency, clerk, 300)
    items = list(version.items.order_by("seq"))
    client.force_login(clerk)
    data = posted(version, items, {41: {"condition": "首次违法且在责令改正期限内改正"}})
    with CaptureQueriesContext(connection) as queries:
        response = client.post(change_url(version), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    writes = item_writes(queries)
    assert len(writes) == 1 and writes[0].startswith("UPDATE"), writes
    assert version.items.get(seq=42).condition == "首次违法且在责令改正期限内改正"
    assert list(version.items.order_by("seq").values_list("pk", flat=True)) == [i.pk for i in items]


def test_an_unchanged_save_writes_no_row(client, agency, clerk):
    version = big_draft(agency, clerk, 40)
    client.force_login(clerk)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(change_url(version), posted(version, list(version.items.all())))
    assert response.status_code == 302
    assert item_writes(queries) == []


@pytest.fixture
def small_pages(settings):
    settings.EDITOR_PAGE_SIZE = 50


def seqs(page_html: str) -> list[int]:
    import re

    return [int(n) for n in re.findall(r'name="items-\d+-seq" value="(\d+)"', page_html)]


def test_a_large_version_opens_one_page_of_rows_in_as_many_queries_whatever_its_size(
    client, agency, clerk, settings
):
    version = big_draft(agency, clerk, 120)
    client.force_login(clerk)
    client.get(change_url(version))  # the session's first request writes its own rows
    counts = {}
    for size in (20, 50):
        settings.EDITOR_PAGE_SIZE = size
        with CaptureQueriesContext(connection) as queries:
            page = client.get(change_url(version, page=2)).content.decode()
        counts[size] = len(queries)
    assert counts[20] == counts[50], counts  # no query per row
    assert seqs(page) == list(range(51, 101))
    assert "共 120 项，本页第 51–100 项" in page and 'aria-current="page">2<' in page
    settings.EDITOR_PAGE_SIZE = 50
    last = client.get(change_url(version, page=9)).content.decode()  # clamped to the last
    assert seqs(last) == list(range(101, 121))


def test_saving_a_page_keeps_the_other_pages_in_place(client, agency, clerk, small_pages):
    version = big_draft(agency, clerk, 120)
    renumber(version)  # sections in order, as every saved version is
    before = list(version.items.order_by("seq").values_list("pk", flat=True))
    page = list(version.items.filter(seq__gte=51, seq__lte=100).order_by("seq"))
    client.force_login(clerk)
    new = {
        "matter": "未按规定公开环境信息（新增）",
        "condition": "首次违法且及时改正",
        "section": page[-1].section_id,
    }
    data = posted(version, page, {3: {"note": "已核对"}}, deleted={0}, new=[new])
    data["_continue"] = "保存"
    response = client.post(change_url(version, page=2), data)
    assert response.status_code == 302 and response["Location"].endswith("?page=2")
    after = list(version.items.order_by("seq").values_list("pk", "seq", "note"))
    assert [seq for _pk, seq, _note in after] == list(range(1, 121))  # one deleted, one added
    added = version.items.get(matter=new["matter"]).pk
    assert [pk for pk, *_ in after] == before[:50] + before[51:100] + [added] + before[100:]
    assert after[52][2] == "已核对"


PASTE = (
    "1\t未按规定设置危险废物识别标志\t示例市市场监督管理局\t"
    '"同时满足下列情形的，不予行政处罚：\n（1）属于首次违法；\n（2）及时改正。"\t'
    "《中华人民共和国固体废物污染环境防治法》第七十七条\t\n"
    "2\t未按照规定公开环境信息\t示例市市场监督管理局\t\t《企业事业单位环境信息公开办法》第十六条\t\n"
    "3\t无\t\t\t\t\n"
)


def paste_url(version):
    return reverse("admin:lists_listversion_paste", args=[version.pk])


def test_a_pasted_block_is_read_as_an_import_reads_it_and_nothing_is_written(
    client, agency, clerk, draft
):
    client.force_login(clerk)
    before = list(draft.items.values_list("pk", "matter"))
    result = client.post(paste_url(draft), {"text": PASTE, "start": "matter"}).json()
    assert [row["matter"] for row in result["rows"]] == [
        "未按规定设置危险废物识别标志",
        "未按照规定公开环境信息",
    ]  # the source's 序号 dropped, the "无" row skipped as an import skips it
    assert result["rows"][0]["condition"].count("\n") == 2
    assert result["rows"][1]["errors"] == ["粘贴的第 2 行：缺少适用条件。"]
    assert list(draft.items.values_list("pk", "matter")) == before


def test_paste_into_another_agencys_or_a_frozen_version_is_refused(
    client, agency, clerk, other_agency, other_clerk, reviewer
):
    theirs = draft_list(other_agency, other_clerk)
    client.force_login(clerk)
    assert client.post(paste_url(theirs), {"text": PASTE}).status_code == 404
    mine = draft_list(agency, clerk)
    from lists import workflow

    workflow.submit(mine, acting_user=clerk)
    refused = client.post(paste_url(mine), {"text": PASTE})
    assert refused.status_code == 403 and "不能修改" in refused.json()["errors"][0]


def test_save_and_submit_saves_the_typed_row_then_submits(client, agency, clerk):
    version = draft_list(agency, clerk)
    items = list(version.items.order_by("seq"))
    client.force_login(clerk)
    second = ListSection.objects.get(list_type__code="no-penalty", number=2)
    new = {
        "matter": "未按规定公示营业执照",
        "condition": "初次违法并及时改正",
        "section": second.pk,
    }
    data = posted(version, items, new=[new]) | {"_submit": "保存并提交审查"}
    response = client.post(change_url(version), data)
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == ListVersion.Status.SUBMITTED
    assert version.items.filter(matter="未按规定公示营业执照").exists()


def test_save_and_submit_with_an_incomplete_row_saves_nothing_and_submits_nothing(
    client, agency, clerk
):
    version = draft_list(agency, clerk)
    items = list(version.items.order_by("seq"))
    client.force_login(clerk)
    data = posted(version, items, {0: {"condition": ""}}) | {"_submit": "保存并提交审查"}
    response = client.post(change_url(version), data)
    assert response.status_code == 200 and "请填写适用条件。" in response.content.decode()
    version.refresh_from_db()
    assert version.status == ListVersion.Status.DRAFT
    assert version.items.get(pk=items[0].pk).condition == items[0].condition


def test_saving_300_rows_takes_as_many_queries_as_saving_40(
    client, agency, clerk, other_agency, other_clerk
):
    counts = {}
    for size, owner, user in ((40, other_agency, other_clerk), (300, agency, clerk)):
        version = big_draft(owner, user, size)
        items = list(version.items.order_by("seq"))
        client.force_login(user)
        client.get(change_url(version))  # the session's first request writes its own rows
        with CaptureQueriesContext(connection) as queries:
            response = client.post(change_url(version), posted(version, items, {7: {"note": "核"}}))
        assert response.status_code == 302
        counts[size] = len(queries)
    assert counts[40] == counts[300], counts
