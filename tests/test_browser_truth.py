"""What the clerk types is what the reviewer sees, in Chromium: textareas post CRLF, one edited and
one moved row of 40 are exactly 1 changed and 1 moved row, and 提交审查 never drops a typed row."""

import re

from django.urls import reverse

from lists import workflow
from lists.models import ListVersion
from tests.conftest import ARTIFACTS, BROWSER_TEST_MARKS, draft_list, published_version
from tests.test_browser_review import login
from tests.test_ordering import real_rows

pytestmark = BROWSER_TEST_MARKS
S = ListVersion.Status


def editor(browser, live_server, clerk, version):
    page = login(browser, live_server, clerk.username)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.set_default_timeout(60_000)
    page.goto(live_server.url + reverse("admin:lists_listversion_change", args=[version.pk]))
    page.wait_for_selector("#items-group tr.form-row")
    return page


def test_editing_one_row_and_moving_another_of_40_shows_one_changed_and_one_moved(
    browser, live_server, agency, clerk, reviewer
):
    published = published_version(agency, clerk, reviewer, rows=real_rows("sthj-no-penalty"))
    draft = workflow.start_revision(published.list, acting_user=clerk)
    page = editor(browser, live_server, clerk, draft)
    condition = page.locator("textarea[name='items-2-condition']")
    assert "\n" in condition.input_value()  # multi-line cells: posted back as CRLF
    condition.press("End")
    condition.type("（经责令改正）")
    page.fill("input[name='items-9-seq']", "2")
    page.click("input[name='_continue']")
    page.wait_for_selector(".messagelist")
    page.click("#wf-submit")
    page.wait_for_selector(".messagelist .success")
    assert ListVersion.objects.get(pk=draft.pk).status == S.SUBMITTED

    review = login(browser, live_server, reviewer.username)
    review.set_viewport_size({"width": 1280, "height": 800})
    review.goto(live_server.url + reverse("admin:lists_listversion_review", args=[draft.pk]))
    summary = re.sub(r"\s+", "", review.locator("#diff-summary").inner_text())
    assert "新增0项" in summary and "删除0项" in summary
    assert "修改1项" in summary and "调整顺序1项" in summary
    assert review.locator("#review-diff tr.changed").count() == 1
    assert review.locator("#review-diff tr.moved").count() == 1
    assert review.locator("#review-diff tr.moved td").first.inner_text().split() == [
        "2",
        "原",
        "10",
    ]
    review.screenshot(path=ARTIFACTS / "review-one-changed-one-moved.png", full_page=False)


NEW_ROW = ("未按规定公示食品经营许可证", "首次被发现，及时改正，未造成危害后果")


def type_new_row(page, matter, condition):
    row = page.locator("#items-group tr.form-row:not(.empty-form)").last
    row.locator("textarea[name$='-matter']").fill(matter)
    row.locator("textarea[name$='-condition']").fill(condition)
    row.locator("select[name$='-section']").select_option(index=1)


def test_a_typed_row_is_saved_when_the_clerk_submits_without_saving(
    browser, live_server, agency, clerk
):
    version = draft_list(agency, clerk)
    page = editor(browser, live_server, clerk, version)
    type_new_row(page, *NEW_ROW)
    page.click("#wf-submit")  # no 保存 first
    page.wait_for_selector(".messagelist .success")
    assert "修改已保存，已提交审查" in page.locator(".messagelist").inner_text()
    version.refresh_from_db()
    assert version.status == S.SUBMITTED
    assert version.items.filter(matter=NEW_ROW[0]).exists()
    page.screenshot(path=ARTIFACTS / "submit-saves-typed-row.png")


def test_a_typed_row_with_an_error_blocks_the_submission_and_stays_on_the_page(
    browser, live_server, agency, clerk
):
    version = draft_list(agency, clerk)
    page = editor(browser, live_server, clerk, version)
    type_new_row(page, NEW_ROW[0], "")
    page.click("#wf-submit")
    page.wait_for_selector(".messagelist .error")
    assert "修改未保存，也没有提交审查" in page.locator(".messagelist").inner_text()
    assert page.locator("textarea[name='items-3-matter']").input_value() == NEW_ROW[0]
    version.refresh_from_db()
    assert version.status == S.DRAFT and not version.items.filter(matter=NEW_ROW[0]).exists()
    page.screenshot(path=ARTIFACTS / "submit-refused-typed-row-kept.png")


def test_leaving_the_page_with_a_typed_row_asks_first(browser, live_server, agency, clerk):
    version = draft_list(agency, clerk)
    page = editor(browser, live_server, clerk, version)
    type_new_row(page, *NEW_ROW)
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.click("#wf-review")  # 预览审查页: a plain link away from the form
    for _ in range(50):  # up to 5 s on a loaded machine
        if asked:
            break
        page.wait_for_timeout(100)
    assert asked == ["beforeunload"]
    assert page.locator("textarea[name='items-3-matter']").input_value() == NEW_ROW[0]
