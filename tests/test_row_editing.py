"""The row editor's posts: rows of another version are refused, 提交审查 never drops typed rows,
and times read Asia/Shanghai."""

import datetime

from django.contrib.admin.models import LogEntry

from lists.admin.items import ROW_NOT_IN_VERSION
from lists.admin.workflow_pages import NOT_SAVED_NOT_SUBMITTED
from lists.in_force import SHANGHAI
from lists.models import Event, Item, ListVersion
from lists.workdays import working_days_between
from tests.conftest import draft_list, published_version
from tests.test_admin import change_url, inline_post, rows_of
from tests.test_workflow import snapshot

S = ListVersion.Status
NEW_ROW = {
    "seq": "",
    "matter": "未按规定公示食品经营许可证",
    "condition": "首次被发现，及时改正，未造成危害后果",
    "legal_basis": "《食品经营许可和备案管理办法》第五十二条",
}


def everything() -> dict:
    return {**snapshot(), "log": LogEntry.objects.count()}


def test_a_row_id_of_another_agencys_version_is_refused_in_chinese_and_nothing_is_written(
    client, clerk, draft, other_agency, other_clerk
):
    foreign = draft_list(other_agency, other_clerk).items.first()
    client.force_login(clerk)
    rows = rows_of(draft)
    rows[0]["matter"] = "篡改后的事项"
    data = inline_post(draft, rows)
    data["items-0-id"] = str(foreign.pk)
    before = everything()
    response = client.post(change_url(draft), data)
    assert response.status_code == 200
    assert ROW_NOT_IN_VERSION in response.content.decode()
    assert everything() == before
    assert Item.objects.get(pk=foreign.pk).matter == foreign.matter


def test_the_same_row_posted_twice_is_refused_and_nothing_is_written(client, clerk, draft):
    client.force_login(clerk)
    rows = rows_of(draft)
    data = inline_post(draft, [*rows, {**rows[0], "matter": "复制出的第二份"}])
    data["items-INITIAL_FORMS"] = str(len(rows) + 1)
    data[f"items-{len(rows)}-id"] = data["items-0-id"]
    before = everything()
    response = client.post(change_url(draft), data)
    assert response.status_code == 200
    assert ROW_NOT_IN_VERSION in response.content.decode()
    assert everything() == before


def submit_post(version, rows) -> dict:
    return {**inline_post(version, rows), "_submit": "1"}


def test_submitting_the_page_saves_the_typed_row_first(client, clerk, draft):
    client.force_login(clerk)
    rows = [*rows_of(draft), {**NEW_ROW, "section": rows_of(draft)[0]["section"]}]
    response = client.post(change_url(draft), submit_post(draft, rows), follow=True)
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED
    assert draft.items.filter(matter=NEW_ROW["matter"]).exists()
    assert "修改已保存，已提交审查" in response.content.decode()


def test_a_typed_row_with_an_error_is_neither_saved_nor_submitted_and_the_page_says_so(
    client, clerk, draft
):
    client.force_login(clerk)
    rows = [*rows_of(draft), {**NEW_ROW, "condition": "", "section": rows_of(draft)[0]["section"]}]
    before = everything()
    response = client.post(change_url(draft), submit_post(draft, rows))
    page = response.content.decode()
    assert response.status_code == 200
    assert NOT_SAVED_NOT_SUBMITTED in page and "请填写适用条件。" in page
    assert NEW_ROW["matter"] in page  # still on the page, as typed
    assert everything() == before


def test_a_version_that_cannot_be_submitted_keeps_the_typed_row_and_says_why(client, clerk, draft):
    draft.items.filter(seq=2).update(section=None)  # an imported row nobody has sorted yet
    client.force_login(clerk)
    rows = [*rows_of(draft), {**NEW_ROW, "section": rows_of(draft)[0]["section"]}]
    response = client.post(change_url(draft), submit_post(draft, rows), follow=True)
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    assert draft.items.filter(matter=NEW_ROW["matter"]).exists()
    assert "修改已保存，但未能提交审查：第 4 项没有选择分节" in response.content.decode()


def test_the_audit_trail_label_shows_the_time_in_shanghai(client, time_machine, clerk, agency):
    time_machine.move_to(datetime.datetime(2026, 3, 2, 4, 4, tzinfo=datetime.UTC), tick=False)
    version = draft_list(agency, clerk)
    event = version.events.get(action=Event.Action.CREATE)
    assert str(event) == "创建（2026-03-02 12:04）"
    client.force_login(clerk)
    page = client.get(change_url(version)).content.decode()
    assert "创建（2026-03-02 12:04）" in page and "04:04" not in page


def test_working_days_count_from_the_day_in_shanghai():
    # 07:00 on Monday 2 March in Shanghai is still Sunday in UTC.
    submitted = datetime.datetime(2026, 3, 1, 23, 0, tzinfo=datetime.UTC)
    assert submitted.astimezone(SHANGHAI).date() == datetime.date(2026, 3, 2)
    looked = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=SHANGHAI)
    assert working_days_between(submitted, looked) == 1


def test_public_pages_show_the_publication_date_in_shanghai(
    client, time_machine, agency, clerk, reviewer
):
    # Published at 00:30 on 1 July in Shanghai: 30 June in UTC.
    time_machine.move_to(datetime.datetime(2025, 6, 30, 16, 30, tzinfo=datetime.UTC), tick=False)
    published_version(agency, clerk, reviewer, effective_date=datetime.date(2025, 7, 1))
    page = client.get("/agencies/scjg/no-penalty/history/").content.decode()
    assert "2025年7月1日" in page and "2025年6月30日" not in page
