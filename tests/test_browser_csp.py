"""Every kind of page under the strict Content-Security-Policy, in a real Chromium: the console
reports no CSP violation (screenshots in test-artifacts/csp-*.png)."""

import pytest
from django.urls import reverse

from lists import workflow
from tests.conftest import ARTIFACTS, BROWSER_TEST_MARKS, PASSWORD, published_version

pytestmark = BROWSER_TEST_MARKS


def watched_page(browser):
    page = browser.new_context(viewport={"width": 1300, "height": 900}, locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    page.violations = []
    page.on(
        "console",
        lambda message: (
            page.violations.append((page.url, message.text[:60]))
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return page


def visit(page, url, name):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=ARTIFACTS / f"csp-{name}.png", full_page=False)


@pytest.fixture
def world(agency, clerk, reviewer, superuser):
    version = published_version(agency, clerk, reviewer)
    draft = workflow.start_revision(version.list, acting_user=clerk)
    workflow.submit(draft, acting_user=clerk)
    return version, draft


def test_public_pages_and_api_docs_raise_no_csp_violation(browser, live_server, world):
    version, _ = world
    page = watched_page(browser)
    key = version.items.first().key
    for name, path in [
        ("home", "/"),
        ("agencies", "/agencies/"),
        ("agency", "/agencies/scjg/"),
        ("list", "/agencies/scjg/no-penalty/"),
        ("history", "/agencies/scjg/no-penalty/history/"),
        ("print", "/agencies/scjg/no-penalty/print/"),
        ("item", f"/items/{key}/"),
        ("search", "/search/?q=登记"),
        ("api-docs", "/api/docs/"),
    ]:
        visit(page, live_server.url + path, name)
    page.goto(live_server.url + "/")
    page.click("[data-large-toggle] button")  # the site's own script still runs
    assert "large" in page.evaluate("document.documentElement.className")
    assert page.violations == []


def test_admin_pages_raise_no_csp_violation(browser, live_server, world, superuser, reviewer):
    version, draft = world
    page = watched_page(browser)
    for username in (superuser.username, reviewer.username):
        page.context.clear_cookies()
        page.goto(live_server.url + reverse("admin:login"))
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(live_server.url + reverse("admin:index"))
        if username == reviewer.username:
            visit(page, live_server.url + reverse("admin:index"), "admin-dashboard")
            url = reverse("admin:lists_listversion_review", args=[draft.pk])
            visit(page, live_server.url + url, "admin-review")
            queue = reverse("admin:lists_listversion_review_queue")
            visit(page, live_server.url + queue, "admin-review-queue")
            continue
        for name, url in [
            ("admin-index", reverse("admin:index")),
            ("admin-versions", reverse("admin:lists_listversion_changelist")),
            ("admin-version", reverse("admin:lists_listversion_change", args=[version.pk])),
            (
                "admin-agency",
                reverse("admin:agencies_agency_change", args=[version.list.agency_id]),
            ),
            ("admin-agency-export", reverse("admin:agencies_agency_export")),
            ("admin-import", reverse("lists_import")),
            ("admin-users", reverse("admin:auth_user_changelist")),
            ("admin-user-add", reverse("admin:auth_user_add")),
        ]:
            visit(page, live_server.url + url, name)
    assert page.violations == []
