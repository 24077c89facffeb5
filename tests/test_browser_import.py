"""The import preview in a real headless Chromium, for a PDF and a web-page ".xls", with
screenshots in test-artifacts/."""

from django.urls import reverse

from lists.models import Item
from tests.conftest import ARTIFACTS, BROWSER_TEST_MARKS
from tests.import_files import DATA, html_xls_bytes, real_rows
from tests.test_browser_review import login

pytestmark = BROWSER_TEST_MARKS


def upload(page, live_server, path, agency):
    page.set_default_timeout(90_000)  # a PDF is parsed in a child process; CI machines are slow
    page.goto(live_server.url + reverse("lists_import"))
    page.set_input_files("input[type=file]", str(path))
    page.select_option("select[name=agency]", str(agency.pk))
    page.click("#content-main form [type=submit]")
    page.wait_for_selector("table.import-preview", timeout=90_000)


def test_clerk_imports_a_pdf_through_the_preview(browser, live_server, agency, clerk):
    page = login(browser, live_server, clerk.username)
    upload(page, live_server, DATA / "guangdong_sthj_buyu_chufa_mulu_2021.pdf", agency)
    text = page.inner_text("#content-main")
    assert "不予处罚事项清单" in text and "：20 项" in text
    assert "第 1 页第 4 行" in text  # rows are placed by page
    page.screenshot(path=ARTIFACTS / "import-preview-pdf.png", full_page=True)
    page.click("button[value=confirm]")
    page.wait_for_selector(".messagelist .success", timeout=90_000)
    assert Item.objects.count() == 20


def test_clerk_previews_a_web_page_xls_with_a_hidden_column(
    browser, live_server, agency, clerk, tmp_path
):
    header, *rows = real_rows("jiangmen_sthj_buyu_chufa_2022_excerpt.csv")
    path = tmp_path / "江门市生态环境局不予处罚事项清单.xls"
    table = [header + ["条件类型"], *[[*row, "A"] for row in rows]]
    path.write_bytes(
        html_xls_bytes(
            "江门市生态环境局不予处罚事项清单", table, hidden_columns={5}, encoding="gb18030"
        )
    )
    page = login(browser, live_server, clerk.username)
    upload(page, live_server, path, agency)
    text = page.inner_text("#content-main")
    assert f"：{len(rows)} 项" in text
    assert "已忽略隐藏列：条件类型" in text
    page.screenshot(path=ARTIFACTS / "import-preview-html-xls.png", full_page=True)
    page.check("input[name=include_hidden]")
    page.click("button[value=preview]")
    page.wait_for_selector("table.import-preview", timeout=90_000)
    assert "已忽略隐藏列" not in page.inner_text("#content-main")
    assert "条件类型：" in page.inner_text("table.import-preview")
