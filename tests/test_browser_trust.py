"""Paper and eyes, in a real headless Chromium: the 40 real rows of 江门市生态环境局 printed from
the print page and with Ctrl+P from the list page (pages counted in the PDF), and 大字模式 with
高对比度 (screenshots in test-artifacts/, looked at; axe-core 0 serious or critical)."""

import csv
import io
import logging
import unicodedata
from pathlib import Path

import pdfplumber
import pytest

from agencies.models import Agency
from lists.models import ListSection
from tests.conftest import ARTIFACTS, BROWSER_TEST_MARKS, make_user, published_version
from tests.test_browser_public import assert_accessible

pytestmark = BROWSER_TEST_MARKS

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo"
FIELDS = ("matter", "category", "condition", "legal_basis", "leniency_basis", "note")
LIST = "/agencies/sthj/no-penalty/"


@pytest.fixture
def forty_rows(live_server, monkeypatch):
    monkeypatch.setattr("lists.notifications.notify", lambda *args, **kwargs: 0)
    bureau = Agency.objects.create(
        name="示例市司法局", short_name="司法局", code="sfj", kind="justice"
    )
    agency = Agency.objects.create(
        name="示例市生态环境局",
        short_name="生态环境局",
        code="sthj",
        review_bureau=bureau,
        fields=["生态环境"],
    )
    sections = {s.number: s for s in ListSection.objects.filter(list_type__code="no-penalty")}
    with open(DEMO / "sthj-no-penalty.csv", encoding="utf-8") as handle:
        rows = [
            dict({name: row[name] for name in FIELDS}, section=sections[int(row["section"])])
            for row in csv.DictReader(handle)
        ]
    assert len(rows) == 40
    clerk = make_user("clerk-sthj", agency, "clerk")
    reviewer = make_user("reviewer-sfj", bureau, "reviewer")
    published_version(agency, clerk, reviewer, rows=rows, document_no="江环〔2021〕231号")
    return live_server.url


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's text; NFKC because the PDF's font maps some characters to their Kangxi
    radical look-alikes (⽰ for 示)."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [unicodedata.normalize("NFKC", page.extract_text() or "") for page in document.pages]


def test_forty_real_rows_print_on_at_most_eight_a4_landscape_pages(forty_rows, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    for url, name in ((LIST + "print/", "print-page"), (LIST, "list-ctrl-p")):
        page.goto(forty_rows + url)
        pdf = page.pdf(prefer_css_page_size=True)
        (ARTIFACTS / f"trust-{name}.pdf").write_bytes(pdf)
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            first = document.pages[0]
            assert first.width > first.height, f"{name}: not landscape"
            assert round(first.width) == 842 and round(first.height) == 595  # A4 in points
        texts = pdf_pages(pdf)
        assert len(texts) <= 8, f"{name}: {len(texts)} pages"
        whole = "".join(texts).replace("\n", "")
        for header in (
            "序号",
            "类别",
            "行政处罚事项",
            "实施机关",
            "不予处罚适用条件",
            "法律依据",
            "备注",
        ):
            assert header in texts[0], f"{name}: column {header} missing"
        # Every column printed whole: the last legal basis and the last row's matter are there.
        assert "江环〔2021〕231号" in whole and "经示例市司法局合法性审查" in whole
        assert "有毒有害水污染物信息" in whole
        assert "清单检索" not in whole and "订阅更新" not in whole  # no site chrome on paper
    page.close()


def test_no_column_is_squeezed_to_one_character(forty_rows, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page.goto(forty_rows + LIST + "print/")
    page.emulate_media(media="print")
    font = page.evaluate("parseFloat(getComputedStyle(document.querySelector('td')).fontSize)")
    widths = page.evaluate(
        "[...document.querySelectorAll('thead th')].map(th => th.getBoundingClientRect().width)"
    )
    # 实施机关 and 类别 hold at least three characters a line (they used to hold one).
    assert min(widths[1], widths[3]) >= 3 * font
    page.screenshot(path=str(ARTIFACTS / "trust-print-page.png"), full_page=False)
    page.close()


def test_large_and_high_contrast_modes_are_readable_and_accessible(forty_rows, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page.goto(forty_rows + LIST)
    normal = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="大字模式").click()
    page.get_by_role("button", name="高对比度").click()
    large = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert large >= 1.5 * normal
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(0, 0, 0)"
    page.reload()  # remembered: the server renders both classes from the cookies
    assert page.evaluate("document.documentElement.className") == "large contrast"
    assert page.get_by_role("button", name="高对比度").get_attribute("aria-pressed") == "true"
    page.screenshot(path=str(ARTIFACTS / "trust-list-large-contrast.png"), full_page=False)
    assert_accessible(page, "list large contrast")
    for url, name in (("/", "home"), ("/search/?q=环境影响", "search"), ("/sitemap/", "sitemap")):
        page.goto(forty_rows + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, name
        page.screenshot(path=str(ARTIFACTS / f"trust-{name}-large-contrast.png"), full_page=False)
        assert_accessible(page, f"{name} large contrast")
    page.get_by_role("button", name="高对比度").click()
    page.get_by_role("button", name="大字模式").click()
    page.goto(forty_rows + LIST)
    assert page.evaluate("document.documentElement.className") == ""
    assert_accessible(page, "list standard")
    page.close()


def test_the_modes_work_with_javascript_off(forty_rows, browser):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(forty_rows + LIST)
    page.get_by_role("button", name="高对比度").click()
    page.wait_for_load_state()
    assert page.url == forty_rows + LIST
    assert "contrast" in page.locator("html").get_attribute("class")
    context.close()
