"""The review round trip in a real headless Chromium, with screenshots in test-artifacts/."""

from django.urls import reverse
from django.utils import timezone

from lists import workflow
from lists.models import Item, ListVersion
from tests.conftest import ARTIFACTS, BROWSER_TEST_MARKS, PASSWORD, published_version

pytestmark = BROWSER_TEST_MARKS


def login(browser, live_server, username):
    page = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN").new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))
    return page


def revision_to_review(agency, clerk, reviewer):
    """Version 2 of a published list: one row reworded, one added (flagged), one removed."""
    published = published_version(agency, clerk, reviewer)
    draft = workflow.start_revision(published.list, acting_user=clerk)
    first = draft.items.get(seq=1)
    first.condition = first.condition.replace("首次违法", "初次违法")
    first.save()
    draft.items.get(seq=3).delete()
    Item.objects.create(
        version=draft,
        seq=3,
        section=first.section,  # a 不予处罚 row belongs to a section
        matter="经营者在疫情期间哄抬物价，情节轻微的",
        condition="及时改正，没有造成危害后果",
        implementing_body=agency.name,
    )
    return draft


def test_clerk_and_reviewer_take_a_list_from_submission_to_publication(
    browser, live_server, agency, clerk, reviewer
):
    version = revision_to_review(agency, clerk, reviewer)
    change = live_server.url + reverse("admin:lists_listversion_change", args=[version.pk])
    review = live_server.url + reverse("admin:lists_listversion_review", args=[version.pk])
    clerk_page = login(browser, live_server, clerk.username)
    reviewer_page = login(browser, live_server, reviewer.username)

    # The clerk submits.
    clerk_page.goto(change)
    clerk_page.click("#wf-submit")
    clerk_page.wait_for_selector("text=已提交审查")

    # The reviewer finds it on the dashboard, reads the diff, comments on row 2 and returns it.
    reviewer_page.reload()
    reviewer_page.screenshot(path=ARTIFACTS / "dashboard-reviewer.png", full_page=True)
    reviewer_page.click(f"#panel-to-review a[href$='/{version.pk}/review/']")
    reviewer_page.wait_for_selector("#review-diff")
    assert reviewer_page.locator("#review-diff ins").count() >= 1
    assert reviewer_page.locator(".exclusion-flag").count() >= 1
    row_two = version.items.get(seq=2)  # unchanged, so folded away until the reviewer opens it
    reviewer_page.click("#review-diff details summary")
    reviewer_page.fill(f"textarea[name='comment-{row_two.pk}']", "请写明违反的具体条款。")
    reviewer_page.screenshot(path=ARTIFACTS / "review-page.png", full_page=True)
    reviewer_page.click("#review-return")
    reviewer_page.wait_for_selector(f"text={workflow.OPINION_REQUIRED}")
    reviewer_page.fill("#id_opinion", "第2项法律依据不完整，请补全后重新提交。")
    reviewer_page.click("#review-return")
    reviewer_page.wait_for_selector("text=已退回修改")

    # The clerk sees the comment in the row it concerns, fixes the row and resubmits.
    clerk_page.goto(change)
    clerk_page.wait_for_selector("#review-opinion")
    row = clerk_page.locator(
        "tr.form-row", has=clerk_page.locator("textarea[name='items-1-matter']")
    )
    assert "请写明违反的具体条款。" in row.inner_text()
    clerk_page.screenshot(path=ARTIFACTS / "returned-version-clerk.png")
    row.scroll_into_view_if_needed()
    clerk_page.screenshot(path=ARTIFACTS / "returned-row-clerk.png")
    clerk_page.fill(
        "textarea[name='items-1-legal_basis']",
        "《中华人民共和国安全生产法》第四十一条第二款、第九十七条第（五）项",
    )
    clerk_page.click("input[name='_continue']")
    clerk_page.wait_for_selector("#wf-submit")
    clerk_page.click("#wf-submit")
    clerk_page.wait_for_selector("text=已提交审查")

    # The reviewer approves.
    reviewer_page.goto(review)
    reviewer_page.fill("#id_opinion", "经审查，符合法律规定。")
    reviewer_page.click("#review-approve")
    reviewer_page.wait_for_selector("text=审查通过，已通知填报单位发布")

    # The clerk sees it waiting for publication and publishes it.
    clerk_page.goto(live_server.url + reverse("admin:index"))
    clerk_page.wait_for_selector("#panel-approved")
    clerk_page.screenshot(path=ARTIFACTS / "dashboard-clerk.png", full_page=True)
    clerk_page.goto(change)
    clerk_page.click("#wf-publish")
    clerk_page.fill("#id_document_no", "示市监规〔2025〕8号")
    # In force from today: the version it replaces came into force today too.
    clerk_page.fill("#id_effective_date", timezone.localdate().isoformat())
    clerk_page.click("#confirm-publish")
    clerk_page.wait_for_selector("text=已发布，清单已向社会公布")

    version.refresh_from_db()
    assert version.status == ListVersion.Status.PUBLISHED
    assert version.document_no == "示市监规〔2025〕8号"
    assert "第（五）项" in version.items.get(seq=2).legal_basis
    assert version.list.versions.get(number=1).status == ListVersion.Status.SUPERSEDED
