"""Honest diffs (lists.diff): an unchanged save changes nothing, one edited row is one changed
row, a moved row is moved, and the review page, the public history and the API count alike."""

import html
import json
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from lists import workflow
from lists.diff import diff_versions
from lists.models import Event
from lists.services import renumber
from lists.textdiff import MAX_STEPS, Budget, highlight
from tests.conftest import published_version
from tests.test_admin import change_url, inline_post, rows_of
from tests.test_ordering import real_rows

WRITES = re.compile(r'^(INSERT INTO|UPDATE|DELETE FROM) "(lists_|django_admin_log)')


def as_a_browser_posts(data: dict) -> dict:
    """Browsers send textarea line breaks as CRLF."""
    return {k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in data.items()}


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if WRITES.match(q["sql"])]


@pytest.fixture
def forty(agency, clerk, reviewer):
    """生态环境局's 40 real rows, published with LF text; and the clerk's revision draft."""
    published = published_version(agency, clerk, reviewer, rows=real_rows("sthj-no-penalty"))
    return published, workflow.start_revision(published.list, acting_user=clerk)


def test_an_unchanged_save_of_a_40_row_draft_posted_with_crlf_writes_nothing(client, clerk, forty):
    published, draft = forty
    assert sum("\n" in row["condition"] for row in rows_of(draft)) >= 30  # multi-line cells
    client.force_login(clerk)
    events = Event.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            change_url(draft), as_a_browser_posts(inline_post(draft, rows_of(draft)))
        )
    assert response.status_code == 302
    assert writes(queries) == []
    assert Event.objects.count() == events
    assert not diff_versions(published, draft).has_changes


def test_one_edited_and_one_moved_row_count_as_one_changed_and_one_moved_everywhere(
    client, clerk, reviewer, forty
):
    published, draft = forty
    rows = rows_of(draft)
    edited, moved = rows[2]["matter"], rows[9]["matter"]
    rows[2]["condition"] = rows[2]["condition"].replace("首次", "初次")
    rows[9]["seq"] = 2
    client.force_login(clerk)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(change_url(draft), as_a_browser_posts(inline_post(draft, rows)))
    assert response.status_code == 302
    # Only the edited row is saved whole; the others are only renumbered.
    assert (
        sum(sql.startswith('UPDATE "lists_item" SET "version_id"') for sql in writes(queries)) == 1
    )
    logged = json.loads(LogEntry.objects.latest("pk").change_message)
    assert sorted((m["changed"]["object"][3:], m["changed"]["fields"]) for m in logged) == sorted(
        [(edited[:40], ["不予处罚适用条件"]), (moved[:40], ["序号"])]
    )

    expected = {"added": 0, "removed": 0, "changed": 1, "moved": 1}
    assert diff_versions(published, draft).counts == expected
    review = client.get(f"/admin/lists/listversion/{draft.pk}/review/").content.decode()
    summary = re.sub(r"<[^>]+>|\s+", "", review[review.index('id="diff-summary"') :][:900])
    assert "新增0项删除0项修改1项调整顺序1项" in summary

    workflow.submit(draft, acting_user=clerk)
    workflow.approve(draft, acting_user=reviewer)
    workflow.publish(draft, acting_user=clerk, document_no="江环〔2022〕58号")
    history = client.get("/agencies/scjg/no-penalty/history/").content.decode()
    assert "共 2 处变化：新增 0 项，删除 0 项，修改 1 项，调整顺序 1 项。" in history
    assert "调整顺序 · 第2项（原第10项）" in history
    api = client.get(f"/api/v1/versions/{draft.pk}/").json()
    assert api["changes"] == {"compared_with": 1, **expected}


def test_rows_a_moved_row_jumps_over_are_not_moved(forty):
    published, draft = forty
    *others, last = draft.items.order_by("seq")
    renumber(draft, [last, *others])  # the last row to the top; 39 rows each move down one
    diff = diff_versions(published, draft)
    assert [row.new.matter for row in diff.moved] == [last.matter]
    assert diff.counts == {"added": 0, "removed": 0, "changed": 0, "moved": 1}


def unmark(marked: str, drop: str, keep: str) -> str:
    text = re.sub(rf"<{drop}>.*?</{drop}>", "", marked, flags=re.S)
    return html.unescape(text.replace(f"<{keep}>", "").replace(f"</{keep}>", ""))


chars = st.text(st.sampled_from("甲乙丙丁。；\n<&"), max_size=300)


@given(old=chars, new=chars)
def test_the_marked_up_diff_holds_both_texts_exactly(old, new):
    marked = highlight(old, new, Budget(steps=20_000))  # small: often falls back to sentences
    assert unmark(marked, "ins", "del") == old
    assert unmark(marked, "del", "ins") == new


def test_diff_work_stays_within_the_page_budget_for_20000_character_fields():
    old = "同时满足下列情形的，不予行政处罚；" * 1200  # 20,400 characters
    new = "".join(ch if i % 97 else "甲" for i, ch in enumerate(old))  # changed all over
    budget = Budget()
    marked = highlight(old, new, budget)
    assert budget.steps >= 0
    assert unmark(marked, "ins", "del") == old and unmark(marked, "del", "ins") == new
    exhausted = Budget(steps=0)
    replaced = highlight(old, new, exhausted)  # nothing left: shown as replaced, still exact
    assert replaced.count("<del>") == 1 and replaced.count("<ins>") == 1
    assert MAX_STEPS < len(old) * len(new)


def test_the_history_summary_shows_a_change_in_a_long_field_with_a_little_context():
    old = "同时满足下列情形的，不予行政处罚；" * 1200
    new = old[:10_000] + "经责令改正后" + old[10_000:]
    summary = highlight(old, new, context=40)
    assert "<ins>经责令改正后</ins>" in summary
    assert len(summary) < 400 and summary.count("……") == 2
    whole = highlight("甲" * 3000, "乙" * 3000, Budget(steps=0), context=40)
    assert whole.count("（共 3000 字）") == 2 and len(whole) < 600
