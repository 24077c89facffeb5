"""Atom feeds: they parse as Atom and change when a version is published, revised, abolished or
enters into force (computed from the 施行日期, no scheduler)."""

import datetime

import feedparser
import pytest
from django.utils import timezone

from lists import workflow
from tests.conftest import published_version

FEEDS = [
    "/feeds/all.atom",
    "/feeds/agencies/scjg.atom",
    "/feeds/list-types/no-penalty.atom",
    "/agencies/scjg/no-penalty/feed.atom",
]


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def titles(parsed):
    return [entry.title for entry in parsed.entries]


def revise(version, clerk, reviewer, effective_date=None):
    draft = workflow.start_revision(version.list, acting_user=clerk)
    draft.change_summary = "根据《安全生产法》修订调整。"
    draft.save()
    workflow.submit(draft, acting_user=clerk)
    workflow.approve(draft, acting_user=reviewer)
    return workflow.publish(
        draft, acting_user=clerk, document_no="示市监发〔2025〕8号", effective_date=effective_date
    )


@pytest.mark.parametrize("url", FEEDS)
def test_every_feed_parses_and_shows_a_publication(citizen, published, url):
    parsed = read(citizen, url)
    assert titles(parsed) == ["【公布】示例市市场监督管理局不予处罚事项清单（第1版）"]
    entry = parsed.entries[0]
    assert "文号：示市监发〔2024〕1号" in entry.summary
    assert "经示例市司法局合法性审查" in entry.summary
    assert entry.link.endswith("/agencies/scjg/no-penalty/?version=1")


def test_feeds_follow_revision_and_abolition(citizen, published, clerk, reviewer):
    revise(published, clerk, reviewer)
    assert (
        titles(read(citizen, FEEDS[3]))[0]
        == "【修订】示例市市场监督管理局不予处罚事项清单（第2版）"
    )
    workflow.abolish(published.list, acting_user=clerk, note="职能调整")
    parsed = read(citizen, FEEDS[1])
    assert titles(parsed)[0] == "【废止】示例市市场监督管理局不予处罚事项清单（第2版）"
    assert "职能调整" in parsed.entries[0].summary
    assert len(parsed.entries) == 3


def test_entry_into_force_appears_on_the_date_itself(
    citizen, published, clerk, reviewer, monkeypatch
):
    start = timezone.localdate() + datetime.timedelta(days=30)
    revise(published, clerk, reviewer, effective_date=start)
    assert not any("【施行】" in title for title in titles(read(citizen, FEEDS[0])))

    monkeypatch.setattr("follow.feeds.today", lambda: start)
    parsed = read(citizen, FEEDS[0])
    assert parsed.entries[0].title == (
        f"【施行】示例市市场监督管理局不予处罚事项清单（第2版）自{start.year}年{start.month}月{start.day}日起施行"
    )
    assert parsed.entries[0].updated.startswith(start.isoformat() + "T00:00:00+08:00")


def test_feeds_show_only_their_own_scope_and_never_drafts(
    citizen, published, agency, other_agency, other_clerk, other_reviewer, clerk
):
    published_version(other_agency, other_clerk, other_reviewer, code="lighter-penalty")
    workflow.start_revision(published.list, acting_user=clerk)  # a draft: never in a feed
    assert len(read(citizen, "/feeds/all.atom").entries) == 2
    assert titles(read(citizen, "/feeds/agencies/sthj.atom")) == [
        "【公布】邻市生态环境局从轻处罚事项清单（第1版）"
    ]
    assert titles(read(citizen, "/feeds/list-types/no-penalty.atom")) == [
        "【公布】示例市市场监督管理局不予处罚事项清单（第1版）"
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/agencies/nope.atom",
        "/feeds/list-types/bogus.atom",
        "/agencies/sthj/no-penalty/feed.atom",
    ],
)
def test_unknown_or_unpublished_feeds_are_404(citizen, published, other_agency, url):
    assert citizen.get(url).status_code == 404


def test_pages_link_their_feeds(citizen, published):
    html = citizen.get("/agencies/scjg/no-penalty/").content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in html
    assert 'href="/agencies/scjg/no-penalty/feed.atom"' in html
    assert 'href="/feeds/agencies/scjg.atom"' in html
    assert 'href="/feeds/all.atom"' in citizen.get("/").content.decode()
