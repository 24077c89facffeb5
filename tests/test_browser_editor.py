"""The clerk's row editor at real size, in Chromium at 1280×800 (screenshots in test-artifacts/)."""

import csv
from pathlib import Path

import pytest
from django.urls import reverse

from lists.models import Item, ListSection
from tests.conftest import ARTIFACTS, BROWSER_TEST_MARKS, draft_list
from tests.test_browser_review import login

pytestmark = BROWSER_TEST_MARKS
DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo" / "sthj-no-penalty.csv"
MAIN = ("matter", "condition", "legal_basis")
OFFICIAL = ("seq", "matter", "implementing_body", "condition", "legal_basis", "note")


def real_rows(count: int) -> list[dict]:
    """The 40 real rows of 江门市生态环境局, repeated (with their place) up to `count`."""
    with open(DEMO, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    sections = {s.number: s for s in ListSection.objects.filter(list_type__code="no-penalty")}
    out = []
    for index in range(count):
        row = rows[index % len(rows)]
        suffix = "" if index < len(rows) else f"（第{index // len(rows) + 1}组）"
        out.append(
            {
                "matter": row["matter"] + suffix,
                "category": row["category"],
                "condition": row["condition"],
                "legal_basis": row["legal_basis"],
                "section": sections[int(row["section"] or 2)],
            }
        )
    return out


def open_editor(browser, live_server, clerk, version):
    page = login(browser, live_server, clerk.username)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.set_default_timeout(120_000)  # a 300-row form on a loaded 2-core machine
    page.goto(live_server.url + reverse("admin:lists_listversion_change", args=[version.pk]))
    page.wait_for_selector("#items-group tr.form-row")
    return page


def assert_fits(page, row_index: int, name: str):
    """Every official column of a row on screen, no sideways scroll, headers and save bar shown."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    row = page.locator("#items-group tr.form-row").nth(row_index)
    row.scroll_into_view_if_needed()
    page.mouse.wheel(0, 200)
    for field in OFFICIAL:
        box = row.locator(f"td.field-{field}").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 1280, field
    for header in ("th.column-matter", "th.column-condition", "th.column-legal_basis"):
        box = page.locator(f"#items-group {header}").bounding_box()
        assert box and 0 <= box["y"] < 800, header
    save = page.locator(".submit-row").bounding_box()
    assert save and save["y"] + save["height"] <= 801
    page.screenshot(path=ARTIFACTS / f"editor-{name}.png")


@pytest.mark.parametrize("size, row_index", [(40, 30), (300, 200)])
def test_editor_fits_the_screen_at_real_size(browser, live_server, agency, clerk, size, row_index):
    version = draft_list(agency, clerk, rows=[])
    Item.objects.bulk_create(
        Item(version=version, seq=n, implementing_body=agency.name, **row)
        for n, row in enumerate(real_rows(size), start=1)
    )
    page = open_editor(browser, live_server, clerk, version)
    assert page.locator("#items-group tr.form-row:not(.empty-form)").count() == size + 1
    assert_fits(page, row_index, f"{size}-rows")


PASTE = (
    "1\t未按规定设置危险废物识别标志\t示例市生态环境局\t"
    '"同时满足下列情形的，不予行政处罚：\n（1）属于首次违法；\n（2）及时改正。"\t'
    "《中华人民共和国固体废物污染环境防治法》第七十七条\t\n"
    "2\t未密闭煤炭、煤矸石等易产生扬尘的物料\t示例市生态环境局\t首次违法且及时改正\t《中华人民共和国大气污染防治法》第七十二条\t\n"
    "3\t未按照规定公开环境信息\t示例市生态环境局\t首次违法且及时改正\t《企业事业单位环境信息公开办法》第十六条\t\n"
    "4\t未按规定执行排污许可证排放口设置要求\t示例市生态环境局\t首次违法且及时改正\t《排污许可管理条例》第三十六条\t\n"
    "5\t未按规定保存原始监测记录\t示例市生态环境局\t首次违法且及时改正\t《排污许可管理条例》第三十七条\t备注：新增\n"
)


def paste(page, selector, text):
    page.locator(selector).focus()
    page.evaluate(
        """([selector, text]) => {
            const data = new DataTransfer();
            data.setData('text/plain', text);
            document.querySelector(selector).dispatchEvent(
                new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [selector, text],
    )


def test_paste_five_rows_from_a_spreadsheet_and_undo(browser, live_server, agency, clerk):
    version = draft_list(agency, clerk, rows=[])
    page = open_editor(browser, live_server, clerk, version)
    paste(page, "textarea[name='items-0-matter']", PASTE)
    page.wait_for_selector("#paste-undo")
    assert (
        page.locator("textarea[name='items-4-matter']").input_value() == "未按规定保存原始监测记录"
    )
    assert page.locator("textarea[name='items-0-condition']").input_value().count("\n") == 2
    page.screenshot(path=ARTIFACTS / "editor-paste.png")
    page.click("#paste-undo")
    assert page.locator("textarea[name='items-0-matter']").input_value() == ""
    paste(page, "textarea[name='items-0-matter']", PASTE)
    for index in range(5):  # each pasted row needs its statutory section, as on import
        page.select_option(f"select[name='items-{index}-section']", index=2)
    page.click("input[name='_continue']")
    page.wait_for_selector("#items-group tr.form-row")
    saved = list(version.items.order_by("seq").values_list("matter", "legal_basis", "note"))
    assert len(saved) == 5 and saved[0][0] == "未按规定设置危险废物识别标志"
    assert saved[4] == ("未按规定保存原始监测记录", "《排污许可管理条例》第三十七条", "备注：新增")


def test_editor_page_has_no_serious_accessibility_violation(browser, live_server, agency, clerk):
    from axe_playwright_python.sync_playwright import Axe

    version = draft_list(agency, clerk)
    page = open_editor(browser, live_server, clerk, version)
    results = Axe().run(page)
    serious = [
        v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], [
        (v["id"], [n["html"][:80] for n in v["nodes"][:2]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
