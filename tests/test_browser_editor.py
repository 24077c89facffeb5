"""The clerk's row editor at real size, in Chromium at 1280×800 (screenshots in test-artifacts/)."""

import pytest
from django.urls import reverse

from lists import workflow
from lists.models import Item, ListSection
from lists.services import renumber
from tests.conftest import ARTIFACTS, BROWSER_TEST_MARKS, PASSWORD, draft_list, real_rows
from tests.test_browser_review import login

pytestmark = BROWSER_TEST_MARKS
OFFICIAL = ("seq", "matter", "implementing_body", "condition", "legal_basis", "note")


def big_draft(agency, clerk, size):
    version = draft_list(agency, clerk, rows=[])
    Item.objects.bulk_create(
        Item(version=version, seq=n, implementing_body=agency.name, **row)
        for n, row in enumerate(real_rows(size), start=1)
    )
    renumber(version)  # sections in order, as every saved version is
    return version


def editor_url(live_server, version):
    return live_server.url + reverse("admin:lists_listversion_change", args=[version.pk])


def open_editor(browser, live_server, clerk, version):
    page = login(browser, live_server, clerk.username)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.set_default_timeout(120_000)  # a 300-row form on a loaded 2-core machine
    page.goto(editor_url(live_server, version))
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
    save = page.locator("#editor-bar").bounding_box()
    assert save and save["y"] + save["height"] <= 801 and save["y"] > 600
    assert page.locator("#bar-save").is_visible() and page.locator("#bar-submit").is_visible()
    page.screenshot(path=ARTIFACTS / f"editor-{name}.png")


@pytest.mark.parametrize("size, row_index", [(40, 30), (300, 200)])
def test_editor_fits_the_screen_at_real_size(browser, live_server, agency, clerk, size, row_index):
    version = big_draft(agency, clerk, size)
    page = open_editor(browser, live_server, clerk, version)
    assert page.locator("#items-group tr.form-row:not(.empty-form)").count() == size + 1
    assert_fits(page, row_index, f"{size}-rows")
    # Sections are headings between rows, each once; a row's drop-down says only 一类/二类/三类.
    titles = list(ListSection.objects.filter(list_type__code="no-penalty").values_list("title"))
    headings = page.locator("#items-group tr.section-heading h3").all_inner_texts()
    used = [t for (t,) in titles if version.items.filter(section__title=t).exists()]
    assert headings == [*used, "新增的行（保存后按所选分节归入）"]
    options = page.locator("select[name='items-0-section'] option").all_inner_texts()
    assert options == ["未选择", "一类", "二类", "三类"]


def test_a_300_row_draft_keeps_exactly_the_typed_text_after_save_and_reload(
    browser, live_server, agency, clerk
):
    version = big_draft(agency, clerk, 300)
    page = open_editor(browser, live_server, clerk, version)
    cell = page.locator("textarea[name='items-199-condition']")
    typed = "同时满足下列情形的，不予行政处罚：\n（1）属于首次违法；\n（2）在责令改正期限内改正，危害后果轻微。"
    cell.fill(typed)
    page.keyboard.press("Control+s")  # the same as 保存 in the bar
    page.wait_for_selector(".messagelist .success")
    page.wait_for_load_state("load")  # the message shows while the long page is still parsed
    # Back at the cell being edited, not at the top of a 300-row page.
    assert page.evaluate("document.activeElement.name") == "items-199-condition"
    box = page.locator("textarea[name='items-199-condition']").bounding_box()
    assert box and 0 < box["y"] < 800
    page.reload()
    page.wait_for_selector("#items-group tr.form-row")
    assert page.locator("textarea[name='items-199-condition']").input_value() == typed
    assert version.items.get(seq=200).condition.replace("\r\n", "\n") == typed
    page.screenshot(path=ARTIFACTS / "editor-300-saved.png")


def test_alt_arrows_move_to_the_same_column_of_the_next_and_previous_row(
    browser, live_server, agency, clerk
):
    version = big_draft(agency, clerk, 40)
    page = open_editor(browser, live_server, clerk, version)
    page.locator("textarea[name='items-5-legal_basis']").focus()
    page.keyboard.press("Alt+ArrowDown")
    assert page.evaluate("document.activeElement.name") == "items-6-legal_basis"
    page.keyboard.press("Alt+ArrowUp")
    page.keyboard.press("Alt+ArrowUp")
    assert page.evaluate("document.activeElement.name") == "items-4-legal_basis"


PASTE = (
    "1\t未按规定设置危险废物识别标志\t示例市生态环境局\t"
    '"同时满足下列情形的，不予行政处罚：\n（1）属于首次违法；\n（2）及时改正。"\t'
    "《中华人民共和国固体废物污染环境防治法》第七十七条\t\n"
    "2\t未密闭煤炭、煤矸石等易产生扬尘的物料\t示例市生态环境局\t首次违法且及时改正\t《中华人民共和国大气污染防治法》第七十二条\t\n"
    "3\t未按照规定公开环境信息\t示例市生态环境局\t\t《企业事业单位环境信息公开办法》第十六条\t\n"
    "4\t未按规定执行排污许可证排放口设置要求\t示例市生态环境局\t首次违法且及时改正\t《排污许可管理条例》第三十六条\t\n"
    "5\t未按规定保存原始监测记录\t示例市生态环境局\t首次违法且及时改正\t《排污许可管理条例》第三十七条\t备注：新增\n"
)


PASTED = [
    "未按规定设置危险废物识别标志",
    "未密闭煤炭、煤矸石等易产生扬尘的物料",
    "未按照规定公开环境信息",
    "未按规定执行排污许可证排放口设置要求",
    "未按规定保存原始监测记录",
]


def paste(page, selector, text):
    """A paste as the browser delivers a block copied in Excel: text/plain with tabs."""
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
    page.wait_for_selector("#paste-undo")


def test_paste_five_rows_from_a_spreadsheet_checked_as_an_import_then_undo(
    browser, live_server, agency, clerk
):
    version = draft_list(agency, clerk, rows=[])
    page = open_editor(browser, live_server, clerk, version)
    paste(page, "textarea[name='items-0-matter']", PASTE)
    matter = page.locator("textarea[name='items-4-matter']")
    assert matter.input_value() == PASTED[4]
    assert page.locator("textarea[name='items-0-condition']").input_value().count("\n") == 2
    # Row 3 has no condition: the importer's own message, beside that row.
    problem = page.locator("#items-2 .paste-problem")
    assert problem.inner_text() == "粘贴的第 3 行：缺少适用条件。"
    assert "其中 1 行有问题" in page.locator("#bar-status").inner_text()
    problem.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "editor-paste.png")
    page.click("#paste-undo")
    assert page.locator("#items-group tr.form-row:not(.empty-form)").count() == 1
    assert page.locator("textarea[name='items-0-matter']").input_value() == ""

    paste(page, "textarea[name='items-0-matter']", PASTE)
    page.click("#items-2 .inline-deletelink")  # the row without a condition goes; the rest close up
    assert page.locator("textarea[name='items-2-matter']").input_value() == PASTED[3]
    for index in range(4):  # each pasted row needs its statutory section
        page.select_option(f"select[name='items-{index}-section']", index=2)
    page.click("#bar-save")
    page.wait_for_selector(".messagelist .success")
    saved = list(version.items.order_by("seq").values_list("matter", "legal_basis", "note"))
    assert [matter for matter, *_ in saved] == [PASTED[0], PASTED[1], PASTED[3], PASTED[4]]
    assert saved[3] == ("未按规定保存原始监测记录", "《排污许可管理条例》第三十七条", "备注：新增")


def test_the_plain_form_saves_without_javascript(browser, live_server, agency, clerk):
    version = draft_list(agency, clerk)
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="zh-CN", java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", clerk.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(editor_url(live_server, version))
    assert page.locator("#items-group tr.section-heading").count() >= 1  # from the server
    page.fill("textarea[name='items-1-note']", "已按2024年修订的条例核对")
    page.fill("textarea[name='items-3-matter']", "未按规定公示营业执照")
    page.fill("textarea[name='items-3-condition']", "初次违法并及时改正")
    page.select_option("select[name='items-3-section']", index=2)
    page.click("#bar-save")
    page.wait_for_selector(".messagelist .success")
    assert version.items.get(seq=2).note == "已按2024年修订的条例核对"
    assert version.items.filter(matter="未按规定公示营业执照").exists()
    context.close()


def test_editor_page_has_no_serious_accessibility_violation(
    browser, live_server, agency, clerk, reviewer
):
    from axe_playwright_python.sync_playwright import Axe

    version = draft_list(agency, clerk)
    workflow.submit(version, acting_user=clerk)
    workflow.add_comment(
        version, acting_user=reviewer, text="请写明法律依据的条款", item=version.items.first()
    )
    workflow.return_for_changes(version, acting_user=reviewer, opinion="请修改第1项")
    page = open_editor(browser, live_server, clerk, version)
    page.screenshot(path=ARTIFACTS / "editor-returned.png")
    results = Axe().run(page)
    serious = [
        (v["id"], [n["html"][:80] for n in v["nodes"][:2]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
