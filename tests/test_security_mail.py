"""One e-mail per recipient from every sender: no clerk or reviewer learns the others' addresses
(workflow notifications, adjustment tasks, 纠错 reports through the outbox)."""

import datetime

import pytest
from django.core import mail

from agencies.models import Membership
from corrections import services as corrections
from lists import workflow
from oversight import adjustment
from oversight.models import Law
from tests.conftest import draft_list, make_user, published_version

pytestmark = pytest.mark.django_db


def assert_one_recipient_each(expected: set[str]) -> None:
    assert mail.outbox, "nothing was sent"
    for message in mail.outbox:
        assert len(message.to) == 1 and not message.cc and not message.bcc, message.to
    assert {message.to[0] for message in mail.outbox} == expected


@pytest.fixture
def crowd(agency, bureau, clerk, reviewer, lead):
    make_user("clerk2-scjg", agency, Membership.Role.CLERK)
    make_user("lead-scjg", agency, Membership.Role.LEAD)
    make_user("reviewer2-sfj", bureau, Membership.Role.REVIEWER)
    return {"clerks": {f"{n}@example.gov.cn" for n in ("clerk-scjg", "clerk2-scjg", "lead-scjg")}}


def test_workflow_mail_goes_one_message_per_person(
    crowd, agency, clerk, reviewer, django_capture_on_commit_callbacks
):
    version = draft_list(agency, clerk)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(version, acting_user=clerk)
    assert_one_recipient_each({"reviewer-sfj@example.gov.cn", "reviewer2-sfj@example.gov.cn"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_for_changes(version, acting_user=reviewer, opinion="请补充法律依据。")
    assert_one_recipient_each(crowd["clerks"])


def test_adjustment_task_mail_goes_one_message_per_person(
    crowd, agency, clerk, reviewer, lead, django_capture_on_commit_callbacks
):
    published_version(agency, clerk, reviewer)
    mail.outbox.clear()
    law = Law.objects.get(key="安全生产法")
    with django_capture_on_commit_callbacks(execute=True):
        adjustment.change_law_status(
            law,
            Law.Status.AMENDED,
            acting_user=lead,
            on_date=datetime.date(2025, 6, 1),
            note="修正",
        )
    assert_one_recipient_each(crowd["clerks"])


def test_correction_reports_go_one_message_per_person(
    crowd, agency, clerk, reviewer, django_capture_on_commit_callbacks
):
    version = published_version(agency, clerk, reviewer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        corrections.report(version.items.first(), text="法律依据条款号有误")
    assert_one_recipient_each(crowd["clerks"])
