"""Dynamic adjustment: a law amended or repealed raises one task per list in force citing it."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from lists import workflow
from oversight import adjustment
from oversight.models import AdjustmentTask, Law
from tests.conftest import REAL_ROWS, published_version

AMENDED = Law.Status.AMENDED
ROWS_2 = [REAL_ROWS[1], REAL_ROWS[0]]  # 安全生产法 and 环境影响评价法


@pytest.fixture
def safety_law(published):
    return Law.objects.get(key="安全生产法")


def mark(law, user, status=AMENDED):
    return adjustment.change_law_status(
        law, status, acting_user=user, on_date=datetime.date(2025, 6, 1), note="2025年修正"
    )


def test_marking_a_law_amended_creates_one_task_per_affected_list(
    safety_law, agency, clerk, reviewer, lead, other_agency, other_clerk, other_reviewer
):
    published_version(agency, clerk, reviewer, code="lighter-penalty", rows=ROWS_2)
    published_version(other_agency, other_clerk, other_reviewer, rows=[REAL_ROWS[2]])
    tasks = mark(safety_law, lead)
    assert len(tasks) == 2
    assert AdjustmentTask.objects.count() == 2
    assert {task.list.list_type.code for task in tasks} == {"no-penalty", "lighter-penalty"}
    assert all(task.rows[0]["matter"] == REAL_ROWS[1]["matter"] for task in tasks)
    assert all(task.due_on > datetime.date.today() for task in tasks)
    safety_law.refresh_from_db()
    assert safety_law.status == AMENDED and safety_law.changed_on == datetime.date(2025, 6, 1)


def test_tasks_are_visible_to_the_agency_clerk_and_not_to_other_agencies(
    safety_law, lead, clerk, other_clerk
):
    mark(safety_law, lead)
    assert AdjustmentTask.objects.visible_to(clerk).count() == 1
    assert AdjustmentTask.objects.visible_to(other_clerk).count() == 0


def test_the_clerk_is_mailed_after_commit(
    safety_law, lead, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mark(safety_law, lead)
    (message,) = mail.outbox
    assert message.to == [clerk.email]
    assert "安全生产法" in message.subject
    assert REAL_ROWS[1]["matter"] in message.body


def test_the_admin_shows_the_task_to_its_clerk_and_404s_for_others(
    client, safety_law, lead, clerk, other_clerk
):
    (task,) = mark(safety_law, lead)
    client.force_login(clerk)
    page = client.get(f"/admin/oversight/adjustmenttask/{task.pk}/change/")
    assert page.status_code == 200 and REAL_ROWS[1]["matter"] in page.content.decode()
    client.force_login(other_clerk)
    assert client.get(f"/admin/oversight/adjustmenttask/{task.pk}/change/").status_code == 404
    assert client.get("/admin/oversight/adjustmenttask/").context["cl"].result_count == 0


def test_marking_twice_never_makes_a_second_open_task(safety_law, lead):
    mark(safety_law, lead)
    adjustment.change_law_status(safety_law, Law.Status.IN_FORCE, acting_user=lead, on_date=None)
    assert mark(safety_law, lead) == []
    assert AdjustmentTask.objects.count() == 1


def test_publishing_the_list_again_closes_its_task(safety_law, published, lead, clerk, reviewer):
    (task,) = mark(safety_law, lead)
    draft = workflow.start_revision(published.list, acting_user=clerk)
    workflow.submit(draft, acting_user=clerk)
    task.refresh_from_db()
    assert task.is_open  # submitting is not enough
    workflow.approve(draft, acting_user=reviewer)
    workflow.publish(draft, acting_user=clerk, document_no="示市监发〔2025〕9号")
    task.refresh_from_db()
    assert task.status == AdjustmentTask.Status.DONE
    assert task.closed_by_version == draft


def test_no_change_needed_requires_a_reason_the_bureau_can_see(safety_law, lead, clerk, reviewer):
    (task,) = mark(safety_law, lead)
    with pytest.raises(adjustment.OversightError) as error:
        adjustment.decline_task(task, acting_user=clerk, reason="  ")
    assert error.value.message == adjustment.REASON_REQUIRED
    task.refresh_from_db()
    assert task.is_open and task.decision == ""
    adjustment.decline_task(task, acting_user=clerk, reason="所引第九十七条未作修改")
    seen = AdjustmentTask.objects.visible_to(reviewer).get()
    assert seen.status == AdjustmentTask.Status.NOT_NEEDED
    assert seen.decision == "所引第九十七条未作修改"


def test_another_agency_cannot_decline_a_task(safety_law, lead, other_clerk):
    (task,) = mark(safety_law, lead)
    with pytest.raises(PermissionDenied):
        adjustment.decline_task(task, acting_user=other_clerk, reason="与我无关")
    task.refresh_from_db()
    assert task.is_open


def test_only_a_bureau_lead_marks_laws_and_a_refusal_writes_nothing(safety_law, clerk, reviewer):
    for user in (clerk, reviewer):
        with pytest.raises(PermissionDenied):
            mark(safety_law, user)
    safety_law.refresh_from_db()
    assert safety_law.status == Law.Status.IN_FORCE
    assert not AdjustmentTask.objects.exists()


def test_an_amendment_without_a_date_is_refused(safety_law, lead):
    with pytest.raises(adjustment.OversightError):
        adjustment.change_law_status(safety_law, AMENDED, acting_user=lead, on_date=None)
    assert not AdjustmentTask.objects.exists()


def test_the_lead_marks_a_law_from_the_admin(client, safety_law, lead):
    client.force_login(lead)
    url = f"/admin/oversight/law/{safety_law.pk}/status/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "repealed", "on_date": "2025-06-01", "note": ""})
    assert response.status_code == 302
    assert AdjustmentTask.objects.get().reason == "已废止（2025-06-01）"


def test_a_reviewer_cannot_open_the_status_page(client, safety_law, reviewer):
    client.force_login(reviewer)
    assert client.get(f"/admin/oversight/law/{safety_law.pk}/status/").status_code == 403
