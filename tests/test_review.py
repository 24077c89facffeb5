"""The review workflow in the admin: clerk's buttons, reviewer's queue and review page, dashboard."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from lists import workflow
from lists.dashboard import dashboard_for
from lists.diff import diff_versions
from lists.models import FROZEN_VERSION_MESSAGE, Event, Item, ListVersion, ReviewComment
from lists.review_views import NOTHING_TO_SAVE
from lists.workdays import working_days_between
from tests.conftest import REAL_ROWS, draft_list, make_user
from tests.test_admin import change_url, inline_post, rows_of
from tests.test_workflow import snapshot

S = ListVersion.Status


def url(name, version):
    return reverse(f"admin:lists_listversion_{name}", args=[version.pk])


def review_url(version):
    return url("review", version)


def revision_with_changes(published, clerk):
    """A submitted revision: row 1 changed, row 2 removed, one row added, row 3 unchanged."""
    draft = workflow.start_revision(published.list, acting_user=clerk)
    first = draft.items.get(seq=1)
    first.condition = first.condition.replace("首次违法", "初次违法")
    first.save()
    draft.items.get(seq=2).delete()
    Item.objects.create(
        version=draft,
        seq=4,
        section=first.section,
        matter="疫情期间哄抬物价的",
        condition="及时改正且未造成危害后果",
    )
    workflow.submit(draft, acting_user=clerk)
    return draft


@pytest.fixture
def submitted(agency, clerk):
    version = draft_list(agency, clerk)
    workflow.submit(version, acting_user=clerk)
    return version


# -- the diff ----------------------------------------------------------------------------------


def test_diff_matches_rows_by_key_added_removed_changed(published, clerk):
    revision = revision_with_changes(published, clerk)
    diff = diff_versions(published, revision)
    assert [row.new.matter for row in diff.added] == ["疫情期间哄抬物价的"]
    assert [row.old.matter for row in diff.removed] == [REAL_ROWS[1]["matter"]]
    assert [row.new.matter for row in diff.changed] == [REAL_ROWS[0]["matter"]]
    (change,) = diff.changed[0].changes
    assert change.name == "condition"
    assert "属于<del>首</del><ins>初</ins>次违法" in change.html
    same = [row for row in diff.rows if row.kind == "same"]
    assert [row.new.matter for row in same] == [REAL_ROWS[2]["matter"]]


def test_diff_against_nothing_is_all_added(draft):
    diff = diff_versions(None, draft)
    assert len(diff.added) == len(REAL_ROWS) and not diff.removed and not diff.changed


# -- reviewer: queue and review page ------------------------------------------------------------


def test_queue_lists_submitted_versions_of_own_bureau_oldest_first(
    client, agency, clerk, reviewer, submitted
):
    later = draft_list(agency, clerk, code="lighter-penalty")
    workflow.submit(later, acting_user=clerk)
    ListVersion.objects.filter(pk=submitted.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=7)
    )
    client.force_login(reviewer)
    page = client.get(reverse("admin:lists_listversion_review_queue")).content.decode()
    assert page.index("不予处罚事项清单") < page.index("从轻处罚事项清单")
    assert "（7 天）" in page and review_url(submitted) in page
    changelist = client.get(reverse("admin:lists_listversion_changelist")).content.decode()
    assert reverse("admin:lists_listversion_review_queue") in changelist


def test_queue_is_empty_for_another_bureau_and_forbidden_to_clerks(
    client, clerk, other_reviewer, submitted
):
    client.force_login(other_reviewer)
    page = client.get(reverse("admin:lists_listversion_review_queue")).content.decode()
    assert "没有待审查的清单" in page and review_url(submitted) not in page
    client.force_login(clerk)
    assert client.get(reverse("admin:lists_listversion_review_queue")).status_code == 403


def test_review_page_shows_diff_highlights_flags_and_collapses_unchanged(
    client, published, clerk, reviewer
):
    revision = revision_with_changes(published, clerk)
    client.force_login(reviewer)
    page = client.get(review_url(revision)).content.decode()
    assert "属于<del>首</del><ins>初</ins>次违法" in page
    assert 'class="added"' in page and 'class="removed"' in page and 'class="changed"' in page
    assert REAL_ROWS[1]["matter"] in page  # the removed row is shown
    assert "<details><summary>未变化的 1 项" in page
    assert "exclusion-flag" in page and "哄抬物价" in page
    assert 'name="comment-' in page and "审查通过" in page and "退回修改" in page
    assert 'name="items-0-matter"' not in page  # no row editing here


def test_review_page_query_count_does_not_grow_with_rows(client, agency, clerk, reviewer):
    small = draft_list(agency, clerk, rows=REAL_ROWS[:1])
    big = draft_list(agency, clerk, code="lighter-penalty", rows=REAL_ROWS * 10)
    for version in (small, big):
        workflow.submit(version, acting_user=clerk)
    client.force_login(reviewer)
    counts = []
    for version in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(review_url(version)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_reviewer_of_another_bureau_gets_404_and_writes_nothing(client, other_reviewer, submitted):
    client.force_login(other_reviewer)
    before = snapshot()
    assert client.get(review_url(submitted)).status_code == 404
    response = client.post(review_url(submitted), {"action": "approve", "opinion": "同意"})
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["clerk", "lead", "superuser"])
def test_agency_side_cannot_reach_review_actions(request, client, persona, submitted):
    client.force_login(request.getfixturevalue(persona))
    before = snapshot()
    response = client.post(review_url(submitted), {"action": "approve", "opinion": "同意"})
    assert response.status_code in (403, 404)
    assert snapshot() == before


def test_return_without_opinion_shows_chinese_error_and_writes_nothing(client, reviewer, submitted):
    item = submitted.items.first()
    client.force_login(reviewer)
    before = snapshot()
    response = client.post(
        review_url(submitted), {"action": "return", "opinion": "", f"comment-{item.pk}": "请核对"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert workflow.OPINION_REQUIRED in page
    assert "请核对" in page  # what the reviewer typed is kept on the page
    assert snapshot() == before


def test_reviewer_returns_with_row_comment_and_clerk_sees_it_next_to_the_row(
    client, clerk, reviewer, submitted
):
    item = submitted.items.get(seq=2)
    client.force_login(reviewer)
    response = client.post(
        review_url(submitted),
        {"action": "return", "opinion": "请补全法律依据。", f"comment-{item.pk}": "依据条款有误"},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == S.RETURNED and submitted.review_opinion == "请补全法律依据。"
    comment = ReviewComment.objects.get()
    assert (comment.item, comment.author, comment.text) == (item, reviewer, "依据条款有误")

    client.force_login(clerk)
    page = client.get(change_url(submitted)).content.decode()
    assert 'id="review-opinion"' in page and "请补全法律依据。" in page
    # The comment sits in the row of item 2 (inline form 1), beside its editable fields.
    row_start = page.index('name="items-1-id"')
    assert row_start < page.index('name="items-1-matter"') < page.index("依据条款有误")
    assert page.index("依据条款有误") < page.index('id="items-2"')
    assert "提交审查" in page


def test_reviewer_approves_with_optional_opinion(client, reviewer, submitted):
    client.force_login(reviewer)
    response = client.post(review_url(submitted), {"action": "approve", "opinion": ""})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == S.APPROVED and submitted.reviewed_by == reviewer


def test_saving_comments_only_keeps_version_submitted(client, reviewer, submitted):
    item = submitted.items.first()
    client.force_login(reviewer)
    response = client.post(review_url(submitted), {"action": "comment", "opinion": ""})
    assert NOTHING_TO_SAVE in response.content.decode()
    client.post(review_url(submitted), {"action": "comment", f"comment-{item.pk}": "先记下"})
    assert submitted.comments.get().item == item
    assert ListVersion.objects.get(pk=submitted.pk).status == S.SUBMITTED


def test_second_decision_on_a_decided_version_gets_a_clear_message(client, reviewer, submitted):
    client.force_login(reviewer)
    client.post(review_url(submitted), {"action": "approve"})
    response = client.post(
        review_url(submitted), {"action": "return", "opinion": "退回"}, follow=True
    )
    page = response.content.decode()
    assert "可能已被他人处理" in page
    assert ListVersion.objects.get(pk=submitted.pk).status == S.APPROVED


def test_reviewer_cannot_edit_rows_of_submitted_version(client, reviewer, submitted):
    client.force_login(reviewer)
    rows = rows_of(submitted)
    rows[0]["matter"] = "审查员改写"
    assert client.post(change_url(submitted), inline_post(submitted, rows)).status_code == 403
    assert rows_of(submitted)[0]["matter"] == REAL_ROWS[0]["matter"]


# -- clerk: buttons and immutability ------------------------------------------------------------


def test_clerk_submits_withdraws_and_resubmits_with_buttons(client, clerk, draft):
    client.force_login(clerk)
    page = client.get(change_url(draft)).content.decode()
    # 提交审查 submits the change form itself (what is typed is saved first).
    assert 'form="listversion_form" name="_submit"' in page
    posted = {**inline_post(draft, rows_of(draft)), "_submit": "1"}
    assert client.post(change_url(draft), posted).status_code == 302
    assert ListVersion.objects.get(pk=draft.pk).status == S.SUBMITTED
    page = client.get(change_url(draft)).content.decode()
    assert url("withdraw", draft) in page and 'name="items-0-matter"' not in page
    client.post(url("withdraw", draft))
    assert ListVersion.objects.get(pk=draft.pk).status == S.DRAFT


def test_buttons_refuse_get_and_wrong_state_with_a_message(client, clerk, draft):
    client.force_login(clerk)
    assert client.get(url("submit", draft)).status_code == 405
    before = snapshot()
    response = client.post(url("withdraw", draft), follow=True)
    assert "不能撤回" in response.content.decode()
    assert snapshot() == before


def test_clerk_of_another_agency_cannot_press_the_buttons(client, other_clerk, draft):
    client.force_login(other_clerk)
    before = snapshot()
    for verb in ("submit", "withdraw", "revise", "publish"):
        assert client.post(url(verb, draft)).status_code == 404, verb
    assert snapshot() == before


def test_clerk_posting_to_a_submitted_version_is_refused_with_a_message(client, clerk, submitted):
    client.force_login(clerk)
    rows = rows_of(submitted)
    rows[0]["matter"] = "提交后偷改"
    before = snapshot()
    response = client.post(change_url(submitted), inline_post(submitted, rows))
    assert response.status_code == 403
    assert FROZEN_VERSION_MESSAGE in response.content.decode()
    assert snapshot() == before


def test_frozen_version_page_is_read_only(client, clerk, submitted):
    client.force_login(clerk)
    page = client.get(change_url(submitted)).content.decode()
    assert 'name="items-0-matter"' not in page and 'name="_save"' not in page
    assert REAL_ROWS[0]["matter"] in page


def test_clerk_publishes_with_document_number_and_date(client, clerk, reviewer, submitted):
    workflow.approve(submitted, acting_user=reviewer)
    client.force_login(clerk)
    response = client.post(url("publish", submitted), {"document_no": "", "effective_date": ""})
    assert response.status_code == 200 and "请填写文号。" in response.content.decode()
    assert ListVersion.objects.get(pk=submitted.pk).status == S.APPROVED
    response = client.post(
        url("publish", submitted),
        {"document_no": "示市监规〔2025〕1号", "effective_date": "2025-09-01"},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == S.PUBLISHED
    assert submitted.document_no == "示市监规〔2025〕1号"
    assert submitted.effective_date == datetime.date(2025, 9, 1)
    response = client.get(url("publish", submitted), follow=True)
    assert "不能发布" in response.content.decode()  # already published: a clear refusal


def test_clerk_starts_a_revision_from_the_published_version(client, clerk, published):
    client.force_login(clerk)
    response = client.post(url("revise", published))
    draft = published.list.versions.get(status=S.DRAFT)
    assert response.status_code == 302 and response.url == change_url(draft)
    assert draft.items.count() == len(REAL_ROWS)


def test_audit_trail_is_shown_read_only(client, clerk, published):
    client.force_login(clerk)
    page = client.get(change_url(published)).content.decode()
    assert "操作记录（审计留痕）" in page
    assert "审查通过" in page and 'name="events-0-note"' not in page
    # create, submit, approve, publish, and the entry into force (施行)
    assert Event.objects.filter(version=published).count() == 5


# -- dashboard ----------------------------------------------------------------------------------


def test_dashboard_for_each_role(client, agency, clerk, reviewer, submitted):
    returned = draft_list(agency, clerk, code="lighter-penalty")
    workflow.submit(returned, acting_user=clerk)
    workflow.return_for_changes(returned, acting_user=reviewer, opinion="请修改")
    approved = draft_list(agency, clerk, code="mitigated-penalty")
    workflow.submit(approved, acting_user=clerk)
    workflow.approve(approved, acting_user=reviewer)
    draft = draft_list(agency, clerk, code="no-coercion")

    client.force_login(reviewer)
    page = client.get(reverse("admin:index")).content.decode()
    assert "待我审查" in page and review_url(submitted) in page
    assert "被退回待修改" not in page

    client.force_login(clerk)
    page = client.get(reverse("admin:index")).content.decode()
    assert "待我审查" not in page
    for heading, version in [
        ("被退回待修改", returned),
        ("已通过待发布", approved),
        ("草稿", draft),
    ]:
        assert heading in page and change_url(version) in page
    assert "已超期" not in page

    ListVersion.objects.filter(pk=approved.pk).update(
        reviewed_at=timezone.now() - datetime.timedelta(days=30)
    )
    page = client.get(reverse("admin:index")).content.decode()
    assert "已超期" in page and 'class="overdue"' in page


def test_dashboard_queries_do_not_grow_with_versions(client, agency, clerk, reviewer):
    def index_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("admin:index")).status_code == 200
        return len(queries)

    client.force_login(clerk)
    draft_list(agency, clerk)
    one = index_queries()
    for code in ("lighter-penalty", "mitigated-penalty", "no-coercion"):
        version = draft_list(agency, clerk, code=code)
        workflow.submit(version, acting_user=clerk)
    assert index_queries() == one
    client.force_login(reviewer)
    assert index_queries() <= one + 1


def test_approved_waiting_more_than_ten_working_days_is_overdue(agency, clerk, reviewer):
    version = draft_list(agency, clerk)
    workflow.submit(version, acting_user=clerk)
    workflow.approve(version, acting_user=reviewer)
    approved_on = timezone.localdate(version.reviewed_at)
    (waiting,) = dashboard_for(clerk, today=approved_on)["approved"]
    assert (waiting.workdays, waiting.overdue) == (0, False)
    later = approved_on + datetime.timedelta(days=30)
    (waiting,) = dashboard_for(clerk, today=later)["approved"]
    assert waiting.workdays == working_days_between(approved_on, later) > 10
    assert waiting.overdue


def test_a_user_without_a_role_gets_no_panels(db):
    assert "to_review" not in dashboard_for(make_user("nobody"))
    assert "drafts" not in dashboard_for(make_user("nobody2"))


# -- working days -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (datetime.date(2024, 9, 27), datetime.date(2024, 9, 30), 2),  # Sun 29 Sep was 调休
        (datetime.date(2024, 9, 30), datetime.date(2024, 10, 8), 1),  # National Day week
        (datetime.date(2025, 1, 24), datetime.date(2025, 1, 24), 0),
        (datetime.date(2025, 1, 24), datetime.date(2025, 1, 20), 0),
        (datetime.date(2024, 6, 3), datetime.date(2024, 6, 10), 4),  # 端午 on Mon 10 Jun
    ],
)
def test_working_days_follow_chinese_holidays_and_make_up_days(start, end, expected):
    assert working_days_between(start, end) == expected


def test_working_days_fall_back_to_weekdays_outside_the_calendar():
    # 2040 is outside chinesecalendar's data: Monday 2 Jan to Monday 9 Jan = 5 weekdays.
    assert working_days_between(datetime.date(2040, 1, 2), datetime.date(2040, 1, 9)) == 5


@settings(max_examples=60, deadline=None)
@given(
    st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 12, 31)),
    st.integers(0, 400),
    st.integers(0, 400),
)
def test_working_days_add_up_over_consecutive_spans(start, first, second):
    middle = start + datetime.timedelta(days=first)
    end = middle + datetime.timedelta(days=second)
    total = working_days_between(start, end)
    assert total == working_days_between(start, middle) + working_days_between(middle, end)
    assert 0 <= total <= first + second
