"""The bureau lead's dashboard and queue in a real headless Chromium, screenshots looked at."""

import datetime

from django.urls import reverse
from django.utils import timezone

from lists import workflow
from lists.models import ListVersion
from tests.conftest import ARTIFACTS, BROWSER_TEST_MARKS, draft_list
from tests.test_browser_review import login

pytestmark = BROWSER_TEST_MARKS


def test_lead_sees_overdue_reviews_and_assigns_one(
    browser, live_server, agency, clerk, reviewer, lead
):
    late = draft_list(agency, clerk)
    workflow.submit(late, acting_user=clerk)
    ListVersion.objects.filter(pk=late.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=42)
    )
    fresh = draft_list(agency, clerk, code="lighter-penalty")
    workflow.submit(fresh, acting_user=clerk)

    page = login(browser, live_server, lead.username)
    page.wait_for_selector("#lead-overview")
    assert page.locator("#lead-overdue strong").inner_text() == "1"
    assert "未分配" in page.locator("#backlog-by-reviewer").inner_text()
    page.screenshot(path=ARTIFACTS / "dashboard-lead.png", full_page=True)

    page.goto(live_server.url + reverse("admin:lists_listversion_review_queue"))
    row = page.locator(f"#queue-{late.pk}")
    assert "超期" in row.inner_text() and "overdue" in (row.get_attribute("class") or "")
    row.locator("select[name=reviewer]").select_option(str(reviewer.pk))
    row.locator("button[type=submit]").click()
    page.wait_for_selector("text=已分配给")
    page.screenshot(path=ARTIFACTS / "queue-lead.png", full_page=True)
    late.refresh_from_db()
    assert late.assigned_to == reviewer
