"""A review a 司法局 can run: time limits, assignment, rounds, four eyes, flags that help."""

import csv
import datetime
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency, Membership
from lists import review_actions, workflow
from lists.dashboard import review_queue
from lists.four_eyes import FOUR_EYES
from lists.models import Event, FlagDecision, Item, ListVersion, ReviewComment
from lists.review_stats import lead_overview
from lists.rules import field_caution, row_flags
from tests.conftest import draft_list, list_type, make_user
from tests.test_admin import inline_post, rows_of

Action = Event.Action
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def submitted_on(version, day: datetime.date):
    """Move a submission back in time (the clock is what is tested, not the verb)."""
    at = datetime.datetime.combine(day, datetime.time(10), tzinfo=SHANGHAI)
    ListVersion.objects.filter(pk=version.pk).update(submitted_at=at)
    version.refresh_from_db()


# --- time limits -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "today, workdays, overdue_days",
    [
        # Submitted Tue 30 Sep 2025. 1-8 Oct is the National Day holiday; Sat 11 Oct is a
        # 调休 working day. The 10th working day after is Tue 21 Oct; Wed 22 Oct is late.
        (datetime.date(2025, 10, 8), 0, 0),
        (datetime.date(2025, 10, 11), 3, 0),
        (datetime.date(2025, 10, 12), 3, 0),
        (datetime.date(2025, 10, 21), 10, 0),
        (datetime.date(2025, 10, 22), 11, 1),
        (datetime.date(2025, 10, 24), 13, 3),
    ],
)
def test_review_clock_counts_holidays_and_make_up_days(
    draft, clerk, reviewer, today, workdays, overdue_days
):
    workflow.submit(draft, acting_user=clerk)
    submitted_on(draft, datetime.date(2025, 9, 30))
    [row] = review_queue(reviewer, today=today)
    assert (row.workdays, row.overdue_days, row.overdue) == (
        workdays,
        overdue_days,
        overdue_days > 0,
    )


def test_bureau_sets_its_own_time_limit(draft, clerk, reviewer, bureau):
    bureau.review_time_limit = 3
    bureau.save()
    workflow.submit(draft, acting_user=clerk)
    submitted_on(draft, datetime.date(2025, 9, 30))
    [row] = review_queue(reviewer, today=datetime.date(2025, 10, 13))  # 4 working days
    assert (row.limit, row.overdue_days) == (3, 1)


def test_queue_and_review_page_say_how_late(client, draft, clerk, reviewer):
    workflow.submit(draft, acting_user=clerk)
    submitted_on(draft, timezone.localdate() - datetime.timedelta(days=60))
    client.force_login(reviewer)
    queue = client.get(reverse("admin:lists_listversion_review_queue")).content.decode()
    page = client.get(reverse("admin:lists_listversion_review", args=[draft.pk])).content.decode()
    for html in (queue, page):
        assert "超期" in html and 'class="clock overdue"' in html


# --- assignment --------------------------------------------------------------------------


@pytest.fixture
def second_reviewer(bureau):
    return make_user("reviewer2-sfj", bureau, Membership.Role.REVIEWER)


@pytest.fixture
def submitted(draft, clerk):
    return workflow.submit(draft, acting_user=clerk)


def test_lead_assigns_and_the_reviewer_is_told(
    submitted, lead, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review_actions.assign(submitted, acting_user=lead, reviewer=reviewer)
    submitted.refresh_from_db()
    assert submitted.assigned_to == reviewer
    event = submitted.events.get(action=Action.ASSIGN)
    assert event.actor == lead and "reviewer-sfj" in event.note
    assert [m.to for m in mail.outbox] == [[reviewer.email]]


def test_reviewer_takes_a_submission_but_cannot_assign_others(submitted, reviewer, second_reviewer):
    review_actions.assign(submitted, acting_user=reviewer, reviewer=reviewer)
    with pytest.raises(PermissionDenied):
        review_actions.assign(submitted, acting_user=reviewer, reviewer=second_reviewer)
    submitted.refresh_from_db()
    assert submitted.assigned_to == reviewer
    assert submitted.events.filter(action=Action.ASSIGN).count() == 1


@pytest.mark.parametrize("who", ["other_reviewer", "clerk"])
def test_outsiders_cannot_assign(request, submitted, reviewer, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        review_actions.assign(submitted, acting_user=actor, reviewer=reviewer)
    assert not submitted.events.filter(action=Action.ASSIGN).exists()


def test_lead_cannot_assign_a_reviewer_of_another_bureau(submitted, lead, other_reviewer):
    with pytest.raises(workflow.InvalidTransition):
        review_actions.assign(submitted, acting_user=lead, reviewer=other_reviewer)
    assert ListVersion.objects.get(pk=submitted.pk).assigned_to is None


def test_queue_filters_mine_and_unassigned(client, agency, clerk, submitted, lead, reviewer):
    other = draft_list(agency, clerk, code="lighter-penalty")
    workflow.submit(other, acting_user=clerk)
    review_actions.assign(submitted, acting_user=lead, reviewer=reviewer)
    assert [r.version for r in review_queue(reviewer, scope="mine")] == [submitted]
    assert [r.version for r in review_queue(reviewer, scope="unassigned")] == [other]
    assert len(review_queue(reviewer, scope="all")) == 2
    client.force_login(lead)
    page = client.get(reverse("admin:lists_listversion_review_queue")).content.decode()
    assert page.count('class="assign-form"') == 2  # the lead assigns from the queue


# --- four eyes ---------------------------------------------------------------------------


@pytest.fixture
def both_roles(agency, bureau):
    """A clerk of the agency who is also a reviewer of its bureau."""
    user = make_user("zhang-both", agency, Membership.Role.CLERK)
    Membership.objects.create(user=user, agency=bureau, role=Membership.Role.REVIEWER)
    return user


@pytest.mark.parametrize("verb", ["approve", "return"])
def test_a_submitter_never_reviews_their_own_version(agency, both_roles, verb):
    version = draft_list(agency, both_roles)
    workflow.submit(version, acting_user=both_roles)
    events = version.events.count()
    with pytest.raises(PermissionDenied, match=FOUR_EYES):
        if verb == "approve":
            workflow.approve(version, acting_user=both_roles)
        else:
            workflow.return_for_changes(version, acting_user=both_roles, opinion="请修改")
    version.refresh_from_db()
    assert version.status == ListVersion.Status.SUBMITTED and version.reviewed_by is None
    assert version.events.count() == events


def test_an_editor_never_reviews_even_when_someone_else_submitted(
    client, agency, clerk, both_roles, reviewer
):
    version = draft_list(agency, clerk)
    review_actions.record_edit(version, both_roles, "在管理后台修改事项")
    workflow.submit(version, acting_user=clerk)
    with pytest.raises(PermissionDenied, match=FOUR_EYES):
        workflow.approve(version, acting_user=both_roles)
    client.force_login(both_roles)
    page = client.get(reverse("admin:lists_listversion_review", args=[version.pk]))
    assert FOUR_EYES in page.content.decode() and b'id="review-approve"' not in page.content
    workflow.approve(version, acting_user=reviewer)  # a second person may


def test_admin_row_edit_is_remembered_for_four_eyes(client, agency, both_roles, draft):
    client.force_login(both_roles)
    rows = rows_of(draft)
    rows[0]["condition"] = "同时满足下列情形的，不予行政处罚：\n（1）属于首次违法。"
    url = reverse("admin:lists_listversion_change", args=[draft.pk])
    assert client.post(url, inline_post(draft, rows)).status_code == 302
    assert draft.events.filter(action=Action.EDIT, actor=both_roles).exists()


def test_admin_warns_when_a_membership_gives_both_roles(client, superuser, agency, bureau):
    user = make_user("li-both", agency, Membership.Role.CLERK)
    client.force_login(superuser)
    url = reverse("admin:agencies_agency_change", args=[bureau.pk])
    page = client.get(url)
    data = {
        "name": bureau.name,
        "short_name": bureau.short_name,
        "code": bureau.code,
        "kind": bureau.kind,
        "level": bureau.level,
        "fields": "[]",
        "review_time_limit": 10,
        "correction_time_limit": 10,
        "active": "on",
        "order": 0,
        "memberships-TOTAL_FORMS": 1,
        "memberships-INITIAL_FORMS": 0,
        "memberships-0-user": user.pk,
        "memberships-0-role": Membership.Role.REVIEWER,
    }
    assert page.status_code == 200
    response = client.post(url, data, follow=True)
    assert "既是" in response.content.decode() and "四眼原则" in response.content.decode()


# --- rounds ------------------------------------------------------------------------------


def test_returned_version_comes_back_showing_what_was_done(client, agency, clerk, reviewer):
    version = draft_list(agency, clerk)
    workflow.submit(version, acting_user=clerk)
    first, second = version.items.order_by("seq")[:2]
    workflow.add_comment(
        version, acting_user=reviewer, text="“首次违法”的认定标准请写明", item=first
    )
    workflow.add_comment(version, acting_user=reviewer, text="请删除本项", item=second)
    workflow.return_for_changes(version, acting_user=reviewer, opinion="请按行意见修改")

    first.condition = "同时满足下列情形的，不予行政处罚：\n（1）属于首次违法（近三年内未因同一违法行为受过处罚）；\n（2）危害后果轻微。"
    first.save()
    c1, c2 = version.comments.order_by("pk")
    review_actions.reply_to_comment(c1, acting_user=clerk, state="resolved", reply="已补充认定标准")
    with pytest.raises(workflow.InvalidTransition):  # 不采纳 needs a reason
        review_actions.reply_to_comment(c2, acting_user=clerk, state="rejected")
    review_actions.reply_to_comment(
        c2, acting_user=clerk, state="rejected", reply="本项法律依据明确，予以保留"
    )
    workflow.submit(version, acting_user=clerk)

    client.force_login(reviewer)
    response = client.get(reverse("admin:lists_listversion_review", args=[version.pk]))
    context, html = response.context, response.content.decode()
    assert [row["entry"].new.pk for row in context["since_return_rows"]] == [first.pk]
    assert "自退回以来的修改" in html and "第 1 轮" in html and "请按行意见修改" in html
    assert "已处理" in html and "已补充认定标准" in html
    assert "不采纳" in html and "予以保留" in html
    assert version.review_rounds.get().snapshot[0]["condition"].startswith("同时满足")


def test_clerk_answers_comments_in_the_admin(client, agency, clerk, reviewer):
    version = draft_list(agency, clerk)
    workflow.submit(version, acting_user=clerk)
    item = version.items.first()
    comment = workflow.add_comment(version, acting_user=reviewer, text="请补充依据", item=item)
    workflow.return_for_changes(version, acting_user=reviewer, opinion="请修改")
    client.force_login(clerk)
    url = reverse("admin:lists_listversion_replies", args=[version.pk])
    refused = client.post(url, {f"state-{comment.pk}": "rejected", f"reply-{comment.pk}": ""})
    comment.refresh_from_db()
    assert comment.state == "pending" and "必须填写理由" in refused.content.decode()
    client.post(url, {f"state-{comment.pk}": "resolved", f"reply-{comment.pk}": "已补充"})
    comment.refresh_from_db()
    assert (comment.state, comment.reply, comment.replied_by) == ("resolved", "已补充", clerk)
    assert version.events.filter(action=Action.REPLY).count() == 1


def test_other_agency_clerk_cannot_answer(client, agency, clerk, reviewer, other_clerk):
    version = draft_list(agency, clerk)
    workflow.submit(version, acting_user=clerk)
    comment = workflow.add_comment(version, acting_user=reviewer, text="请补充", item=None)
    workflow.return_for_changes(version, acting_user=reviewer, opinion="请修改")
    client.force_login(other_clerk)
    url = reverse("admin:lists_listversion_replies", args=[version.pk])
    assert client.post(url, {f"state-{comment.pk}": "resolved"}).status_code == 404
    assert ReviewComment.objects.get(pk=comment.pk).state == "pending"


# --- the clerk's preview -----------------------------------------------------------------


def test_clerk_previews_the_review_page_before_submitting(client, draft, clerk, other_clerk):
    client.force_login(clerk)
    url = reverse("admin:lists_listversion_review", args=[draft.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and 'id="preview-note"' in html
    assert 'id="review-approve"' not in html and "新增</span> 3 项" in html
    assert client.post(url, {"action": "approve"}).status_code == 403
    client.force_login(other_clerk)
    assert client.get(url).status_code == 404


# --- flags that help ---------------------------------------------------------------------

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo"


def sthj_rows():
    with open(DEMO / "sthj-no-penalty.csv", encoding="utf-8") as handle:
        return [
            {name: row[name] for name in ("matter", "condition", "legal_basis", "category")}
            for row in csv.DictReader(handle)
        ]


def test_forty_environment_rows_are_flagged_only_where_their_own_text_hits(db):
    rows = sthj_rows()
    assert len(rows) == 40
    lt = list_type("no-penalty")
    flagged = [row["matter"] for row in rows if row_flags(Item(**row), lt)]
    # Two rows name toxic pollutants (有毒有害): costly to correct. Every other row's high-risk
    # word sits in its legal basis or category, which names a whole field, not the act.
    assert len(flagged) == 2 and all("有毒有害" in matter for matter in flagged)


def test_emergency_price_gouging_is_flagged_and_negated_harm_is_not(db):
    lt = list_type("mitigated-penalty")
    gouging = Item(matter="在突发事件期间哄抬物价的", condition="初次违法，及时改正")
    assert "哄抬物价" in row_flags(gouging, lt)[0]
    harmless = Item(matter="未按规定公示营业执照", condition="未造成严重后果，及时改正的")
    assert row_flags(harmless, lt) == []
    assert row_flags(gouging, list_type("lighter-penalty")) == []  # outside the rule


def test_field_caution_is_once_per_version_for_high_risk_agencies(db, other_agency, agency):
    env = draft_list(other_agency, make_user("c-env", other_agency, Membership.Role.CLERK))
    market = draft_list(agency, make_user("c-mkt", agency, Membership.Role.CLERK))
    assert "生态环境" in field_caution(env) and field_caution(market) == ""


def test_reviewer_records_a_decision_on_a_flagged_row(
    client, agency, clerk, reviewer, django_capture_on_commit_callbacks
):
    rows = [
        {
            "matter": "疫情期间哄抬物价的",
            "condition": "初次违法且及时改正",
            "legal_basis": "《价格法》第十四条",
        }
    ]
    version = draft_list(agency, clerk, code="no-penalty", rows=rows)
    workflow.submit(version, acting_user=clerk)
    item = version.items.get()
    client.force_login(reviewer)
    url = reverse("admin:lists_listversion_review", args=[version.pk])
    page = client.get(url).content.decode()
    assert "排除规则判断" in page
    refused = client.post(
        url,
        {f"flag-{item.pk}": "remove", f"comment-{item.pk}": "请核对", "action": "approve"},
    ).content.decode()
    # The error stands in the row's decision box, the choice is kept; nothing is written.
    error = refused.index(f'id="flag-error-{item.pk}"')
    assert (
        refused.index(f'name="flag-{item.pk}"')
        < error
        < refused.index(f'name="flag-reason-{item.pk}"')
    )
    assert "第 1 项：请填写判断理由。" in refused[error : error + 200]
    assert f'name="flag-{item.pk}" value="remove" checked' in refused
    assert not FlagDecision.objects.exists() and not ReviewComment.objects.exists()
    assert ListVersion.objects.get(pk=version.pk).status == ListVersion.Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                f"flag-{item.pk}": "remove",
                f"flag-reason-{item.pk}": "突发事件中哄抬物价不得纳入不予处罚清单",
                "opinion": "请删除第 1 项",
                "action": "return",
            },
        )
    decision = FlagDecision.objects.get()
    assert (decision.decision, decision.decided_by) == ("remove", reviewer)
    assert version.events.filter(action=Action.FLAG).exists()
    [returned_mail] = [m for m in mail.outbox if "被退回" in m.subject]
    assert "要求删除" in returned_mail.body and "不得纳入" in returned_mail.body


# --- the lead's overview and every review URL in every state ------------------------------


def test_lead_overview_counts_backlog_lateness_and_turnaround(agency, clerk, reviewer, lead):
    late = draft_list(agency, clerk)
    workflow.submit(late, acting_user=clerk)
    submitted_on(late, timezone.localdate() - datetime.timedelta(days=45))
    review_actions.assign(late, acting_user=lead, reviewer=reviewer)
    fresh = draft_list(agency, clerk, code="lighter-penalty")
    workflow.submit(fresh, acting_user=clerk)
    done = draft_list(agency, clerk, code="mitigated-penalty")
    workflow.submit(done, acting_user=clerk)
    workflow.approve(done, acting_user=reviewer)
    overview = lead_overview(lead)
    assert [row.version for row in overview["overdue_reviews"]] == [late]
    assert {g.label: (g.count, g.overdue) for g in overview["by_reviewer"]} == {
        "reviewer-sfj": (1, 1),
        "未分配": (1, 0),
    }
    assert overview["turnaround"] == {"count": 1, "average": 0.0, "p90": 0}
    assert overview["oldest"].version == late


STATES = ["draft", "submitted", "returned", "approved", "published", "superseded", "abolished"]


def version_in(state, agency, clerk, reviewer):
    version = draft_list(agency, clerk)
    steps = {
        "submitted": ["submit"],
        "returned": ["submit", "return"],
        "approved": ["submit", "approve"],
        "published": ["submit", "approve", "publish"],
        "superseded": ["submit", "approve", "publish"],
        "abolished": ["submit", "approve", "publish"],
    }.get(state, [])
    for step in steps:
        if step == "submit":
            workflow.submit(version, acting_user=clerk)
        elif step == "return":
            workflow.return_for_changes(version, acting_user=reviewer, opinion="请修改")
        elif step == "approve":
            workflow.approve(version, acting_user=reviewer)
        else:
            workflow.publish(version, acting_user=clerk)
    if state == "superseded":
        newer = workflow.start_revision(version.list, acting_user=clerk)
        workflow.submit(newer, acting_user=clerk)
        workflow.approve(newer, acting_user=reviewer)
        workflow.publish(newer, acting_user=clerk)
    if state == "abolished":
        workflow.abolish(version.list, acting_user=clerk, note="职能调整")
    return version


@pytest.mark.parametrize("state", STATES)
def test_no_review_url_fails_in_any_state(
    client, agency, clerk, reviewer, lead, superuser, other_clerk, state
):
    version = version_in(state, agency, clerk, reviewer)
    urls = [
        reverse("admin:lists_listversion_review", args=[version.pk]),
        reverse("admin:lists_listversion_replies", args=[version.pk]),
        reverse("admin:lists_listversion_review_queue"),
        reverse("admin:index"),
    ]
    for user in (clerk, reviewer, lead, superuser, other_clerk):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code in (200, 403, 404), (user, url)
        for action in ("approve", "return", "comment"):
            post = client.post(urls[0], {"action": action})
            assert post.status_code in (200, 302, 403, 404), (user, action)
        assign = client.post(
            reverse("admin:lists_listversion_assign", args=[version.pk]), {"reviewer": reviewer.pk}
        )
        assert assign.status_code in (302, 404)
    if state not in ("submitted", "abolished"):  # only a submitted version can be decided
        assert ListVersion.objects.get(pk=version.pk).status == state


def test_opinion_error_stands_next_to_the_field(client, submitted, reviewer):
    client.force_login(reviewer)
    url = reverse("admin:lists_listversion_review", args=[submitted.pk])
    html = client.post(url, {"action": "return", "opinion": ""}).content.decode()
    error = html.index('id="opinion-error"')
    assert error < html.index('id="id_opinion"') and html.index("review-decision") < error
    assert ListVersion.objects.get(pk=submitted.pk).status == ListVersion.Status.SUBMITTED


def test_township_and_bureau_setup_is_untouched(db):
    # The new limits default to 10 working days, as the seeds' deadlines are counted.
    bureau = Agency.objects.create(name="某县司法局", code="xsfj", kind=Agency.Kind.JUSTICE)
    assert (bureau.review_time_limit, bureau.correction_time_limit) == (10, 10)


def test_an_editor_cannot_comment_or_decide_flags_on_their_own_version(client, agency, both_roles):
    rows = [{"matter": "疫情期间哄抬物价的", "condition": "初次违法且及时改正"}]
    version = draft_list(agency, both_roles, rows=rows)
    workflow.submit(version, acting_user=both_roles)
    item = version.items.get()
    with pytest.raises(PermissionDenied, match=FOUR_EYES):
        workflow.add_comment(version, acting_user=both_roles, text="自己给自己提意见", item=item)
    client.force_login(both_roles)
    url = reverse("admin:lists_listversion_review", args=[version.pk])
    posted = {
        f"comment-{item.pk}": "自己给自己提意见",
        f"flag-{item.pk}": "keep",
        f"flag-reason-{item.pk}": "自己判断",
        "action": "comment",
    }
    assert client.post(url, posted).status_code in (200, 302, 403)
    assert not ReviewComment.objects.exists() and not FlagDecision.objects.exists()
    assert not version.events.filter(action=Action.FLAG).exists()
