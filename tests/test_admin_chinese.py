"""No English on any admin page a clerk, reviewer, lead or site admin can reach."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from lists import workflow
from tests.conftest import published_version

ALLOWED = {
    # Formats and names that are spelled this way in Chinese interfaces too.
    "excel",
    "csv",
    "pdf",
    "word",
    "wps",
    "xlsx",
    "xls",
    "docx",
    "doc",
    "api",
    "url",
    "json",
    "utf",
    "bom",
    "id",
    "demo",
    "admin",
    "icp",
    "http",
    "https",
    "www",
    "gov",
    "cn",
    "ktv",  # a synonym group's own words (KTV → 歌舞娱乐场所)
    "ctrl",  # key caps, printed so on every keyboard sold in China (Ctrl+S, Alt+↑)
    "alt",
}
WORD = re.compile(r"[A-Za-z][A-Za-z]{2,}")
VISIBLE_ATTRS = ("title", "placeholder", "aria-label", "alt", "value", "summary")


class VisibleText(HTMLParser):
    """Text a person reads or a screen reader speaks: no scripts, styles, SVG or hidden inputs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "svg", "template"):
            self.skip += 1
            return
        if not (tag == "input" and attrs.get("type") in ("submit", "button", "reset")):
            attrs.pop("value", None)  # only a button's value is read out
        for name in VISIBLE_ATTRS:
            if attrs.get(name):
                self.parts.append(attrs[name])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg", "template") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def english_words(html: str, known: set[str]) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    for token in sorted(known, key=len, reverse=True):  # "lead-sfj" before "sfj"
        text = text.replace(token, " ")
    return {w for w in WORD.findall(text) if w.lower() not in ALLOWED}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.hrefs.append(href)


SKIP = re.compile(r"logout|\.xlsx|\.csv|download|/delete/|\?_changelist_filters|/r/\d+/\d+/")


def walk_admin(client, start="/admin/", limit=80, only=("/admin/",)):
    """Every admin page reachable from the index by links, one per URL shape, GET only."""
    seen, shapes, queue, pages = set(), set(), [start], {}
    while queue and len(pages) < limit:
        url = queue.pop(0)
        shape = re.sub(r"\d+", "N", url.split("#")[0])
        if shape in shapes or SKIP.search(url):
            continue
        shapes.add(shape)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[url] = html
        parser = Links()
        parser.feed(html)
        for href in parser.hrefs:
            if href.startswith("?"):
                href = url.split("?")[0] + href
            elif not href.startswith("/"):
                continue
            if href.startswith(only) and href not in seen:
                seen.add(href)
                queue.append(href)
    return pages


@pytest.fixture
def admin_world(agency, clerk, reviewer, lead, superuser):
    version = published_version(agency, clerk, reviewer)
    draft = workflow.start_revision(version.list, acting_user=clerk)
    workflow.submit(draft, acting_user=clerk)
    workflow.add_comment(draft, acting_user=reviewer, text="请补充依据", item=draft.items.first())
    workflow.return_for_changes(draft, acting_user=reviewer, opinion="请修改第1项")
    return version, draft


@pytest.mark.parametrize("persona", ["clerk", "reviewer", "lead", "superuser"])
def test_no_english_on_admin_pages(request, client, admin_world, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    version, draft = admin_world
    # The site admin's own pages for agencies and lists; Django's user and group pages keep
    # Django's wording (permission names are stored in English by django.contrib.auth).
    only = ("/admin/agencies/", "/admin/lists/") if persona == "superuser" else ("/admin/",)
    pages = walk_admin(client, only=only)
    extra = [
        reverse("admin:lists_listversion_review", args=[draft.pk]),
        reverse("admin:password_change"),
    ]
    for url in extra:
        response = client.get(url)
        if response.status_code == 200:
            pages[url] = response.content.decode()
    if persona == "superuser":
        pages["export"] = client.get(reverse("admin:agencies_agency_export")).content.decode()
        pages["import"] = client.get(reverse("admin:agencies_agency_import")).content.decode()
    known = {user.username, "clerk-scjg", "reviewer-sfj", "lead-sfj", "admin", "scjg", "sfj"}
    found = {url: english_words(html, known) for url, html in pages.items()}
    found = {url: words for url, words in found.items() if words}
    assert len(pages) > 5
    assert found == {}, found


def test_refusals_and_expired_forms_speak_chinese(client, admin_world, clerk, reviewer):
    version, draft = admin_world
    client.force_login(clerk)  # a clerk may read the review page, never decide
    refused = client.post(reverse("admin:lists_listversion_review", args=[draft.pk]), {})
    assert refused.status_code == 403 and english_words(refused.content.decode(), set()) == set()
    assert "无权访问" in refused.content.decode()
    strict = client.__class__(enforce_csrf_checks=True)
    strict.force_login(reviewer)
    expired = strict.post(reverse("admin:lists_listversion_review", args=[draft.pk]), {})
    assert expired.status_code == 403 and "页面已过期" in expired.content.decode()
    assert english_words(expired.content.decode(), set()) == set()


def test_pages_that_report_form_errors_speak_chinese(client, clerk, draft):
    failed = client.post(reverse("admin:login"), {"username": clerk.username, "password": "错"})
    assert failed.status_code == 200 and "<title>有错误：" in failed.content.decode()
    assert english_words(failed.content.decode(), set()) == set()
    client.force_login(clerk)
    from tests.test_admin import inline_post, rows_of

    rows = rows_of(draft)
    rows[0]["condition"] = ""
    url = reverse("admin:lists_listversion_change", args=[draft.pk])
    refused = client.post(url, inline_post(draft, rows))
    page = refused.content.decode()
    assert refused.status_code == 200 and "请填写适用条件。" in page and "<title>有错误：" in page
    assert english_words(page, {clerk.username, "scjg"}) == set()
