"""The public site in a real headless Chromium, on a desktop and a phone: home → search → list →
item, screenshots in test-artifacts/, and an axe-core accessibility scan of each page."""

import pytest

from agencies.models import Agency
from lists.models import ListSection
from tests.conftest import ARTIFACTS, BROWSER_TEST_MARKS, REAL_ROWS, add_items, published_version

pytestmark = BROWSER_TEST_MARKS


MORE_ROWS = [
    {
        "matter": "食品经营者未按规定在经营场所显著位置悬挂食品经营许可证的",
        "condition": "首次被发现，且在责令改正期限内改正的",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十六条",
        "note": "消防安全检查同步进行",
    },
    {
        "matter": "=未按规定办理消防设施维护保养备案的",
        "condition": "违法行为轻微并及时改正，没有造成危害后果",
        "legal_basis": "《中华人民共和国消防法》第六十条",
    },
]


@pytest.fixture
def site(live_server, monkeypatch):
    # E-mail notifications are not under test here (and commit immediately in this test mode).
    monkeypatch.setattr("lists.notifications.notify", lambda *args, **kwargs: 0)
    from tests.conftest import make_user

    bureau = Agency.objects.create(
        name="示例市司法局", short_name="司法局", code="sfj", kind="justice"
    )
    reviewer = make_user("reviewer-sfj", bureau, "reviewer")
    sections = list(ListSection.objects.filter(list_type__code="no-penalty"))
    for order, (code, name, short, field) in enumerate(
        [
            ("scjg", "示例市市场监督管理局", "市场监管局", "市场监管"),
            ("sthj", "示例市生态环境局", "生态环境局", "生态环境"),
            ("yjgl", "示例市应急管理局", "应急管理局", "应急管理"),
        ]
    ):
        agency = Agency.objects.create(
            name=name,
            short_name=short,
            code=code,
            review_bureau=bureau,
            fields=[field],
            order=order,
        )
        clerk = make_user(f"clerk-{code}", agency, "clerk")
        rows = [
            dict(row, section=sections[min(i // 2, 2)])
            for i, row in enumerate(REAL_ROWS + MORE_ROWS)
        ]
        first = published_version(agency, clerk, reviewer, rows=rows)
        published_version(agency, clerk, reviewer, code="lighter-penalty", rows=MORE_ROWS)
        if code == "scjg":
            revise(first, clerk, reviewer)
    Agency.objects.create(
        name="示例市城关街道办事处",
        short_name="城关街道",
        code="jd-chengguan",
        kind="township",
        level="township",
        review_bureau=bureau,
    )
    return live_server.url


def revise(version, clerk, reviewer):
    """A second version: one condition reworded, one row added."""
    from lists import workflow

    draft = workflow.start_revision(version.list, acting_user=clerk)
    draft.change_summary = "根据《安全生产法》修订调整第2项适用条件，新增1项。"
    draft.save()
    item = draft.items.get(seq=2)
    item.condition = "同时满足初次违法、危害后果轻微、在责令改正期限内改正等情形"
    item.save()
    add_items(
        draft, [{"matter": "第二版新增：未按规定张贴安全警示标志的", "condition": "首次违法"}]
    )
    workflow.submit(draft, acting_user=clerk)
    workflow.approve(draft, acting_user=reviewer)
    workflow.publish(draft, acting_user=clerk, document_no="示市监发〔2025〕8号")


def assert_accessible(page, name):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{name}: {serious}"


@pytest.mark.parametrize("width,height,label", [(1280, 900, "desktop"), (375, 812, "phone")])
def test_citizen_finds_reads_and_opens_an_item(site, browser, width, height, label):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")

    def shot(name):
        page.screenshot(path=str(ARTIFACTS / f"public-{label}-{name}.png"), full_page=True)
        page.screenshot(path=str(ARTIFACTS / f"public-{label}-{name}-viewport.png"))
        for narrow in (width, 360) if label == "phone" else (width,):
            page.set_viewport_size({"width": narrow, "height": height})
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= narrow, f"{name} scrolls sideways at {narrow}px"
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page, name)

    page.goto(site + "/")
    assert page.locator("h1").inner_text() == "减免责清单公示"
    shot("1-home")

    page.get_by_label("搜索全部清单事项").fill("消防")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.locator("mark").first.inner_text() == "消防"
    assert "找到" in page.locator(".result-count").inner_text()
    shot("2-search")

    page.get_by_role("link", name="在清单中查看").first.click()
    page.wait_for_url("**/agencies/scjg/no-penalty/**")
    assert "示例市市场监督管理局不予处罚事项清单" in page.locator("h1").inner_text()
    shot("3-list")

    page.locator(".official-table tbody td:first-child > a").first.click()
    page.wait_for_url("**/items/**")
    assert page.locator(".badge").first.inner_text() == "现行有效"
    shot("4-item")

    page.goto(site + "/agencies/scjg/no-penalty/history/")
    assert page.locator(".diff-list > li").count() == 2
    shot("5-history")

    page.goto(site + "/agencies/jd-chengguan/")
    assert "镇街应当直接适用" in page.content()
    shot("6-township")
    page.close()


def test_keyboard_skip_link_and_large_mode_toggle(site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/agencies/scjg/no-penalty/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.evaluate("el => getComputedStyle(el).top") != "-48px"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"

    before = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="大字模式").click()
    after = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert after > before
    assert page.evaluate("localStorage.getItem('large')") == "1"
    page.reload()  # the cookie lets the server render the large class itself
    assert page.evaluate("document.documentElement.classList.contains('large')")
    assert page.get_by_role("button", name="大字模式").get_attribute("aria-pressed") == "true"
    page.screenshot(path=str(ARTIFACTS / "public-desktop-7-large-mode.png"), full_page=False)
    page.close()


def test_print_page_is_a4_landscape_without_chrome(site, browser):
    page = browser.new_page()
    page.goto(site + "/agencies/scjg/no-penalty/print/")
    assert page.locator(".site-header").count() == 0
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    (ARTIFACTS / "public-print.pdf").write_bytes(pdf)
    page.screenshot(path=str(ARTIFACTS / "public-print.png"), full_page=True)
    page.close()
