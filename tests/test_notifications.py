"""Workflow e-mails: sent after commit, to the people who must act next, naming what happened."""

import datetime

import pytest
from django.core import mail

from agencies.models import Membership
from lists import notifications, workflow
from tests.conftest import draft_list, make_user


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://qingdan.example.gov.cn"


@pytest.fixture
def version(agency, clerk, reviewer, other_clerk, other_reviewer):
    # other_clerk / other_reviewer exist so that a wrong recipient would show.
    make_user("lead-scjg", agency, Membership.Role.LEAD)
    return draft_list(agency, clerk)


def sent(django_capture_on_commit_callbacks, step):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        step()
    # One notification per step (a publication also queues the public cache's invalidation).
    assert len([c for c in callbacks if c.__module__ != "lists.generation"]) == 1
    messages = list(mail.outbox)
    mail.outbox.clear()
    # One message per recipient, each naming only its own addressee (no shared To: line).
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in messages)
    assert len({(m.subject, m.body) for m in messages}) == 1
    message = messages[0]
    message.recipients_seen = [m.to[0] for m in messages]
    return message


def test_submit_mails_the_reviewers_of_the_bureau(
    django_capture_on_commit_callbacks, version, clerk
):
    message = sent(
        django_capture_on_commit_callbacks, lambda: workflow.submit(version, acting_user=clerk)
    )
    assert message.recipients_seen == ["reviewer-sfj@example.gov.cn"]
    assert message.subject == "【待审查】示例市市场监督管理局《不予处罚事项清单》第 1 版已提交审查"
    assert f"/admin/lists/listversion/{version.pk}/review/" in message.body
    assert "https://qingdan.example.gov.cn" in message.body


def test_return_mails_the_agency_with_opinion_and_row_comments(
    django_capture_on_commit_callbacks, version, clerk, reviewer
):
    workflow.submit(version, acting_user=clerk)
    item = version.items.get(seq=2)
    workflow.add_comment(version, acting_user=reviewer, text="依据条款有误", item=item)
    message = sent(
        django_capture_on_commit_callbacks,
        lambda: workflow.return_for_changes(
            version, acting_user=reviewer, opinion="请补全法律依据。"
        ),
    )
    assert message.recipients_seen == ["clerk-scjg@example.gov.cn", "lead-scjg@example.gov.cn"]
    assert "【被退回】示例市市场监督管理局《不予处罚事项清单》第 1 版" in message.subject
    assert "审查意见：请补全法律依据。" in message.body
    assert "第 2 项：依据条款有误" in message.body
    assert "操作人：reviewer-sfj" in message.body


def test_approval_mails_the_agency_with_the_opinion(
    django_capture_on_commit_callbacks, version, clerk, reviewer
):
    workflow.submit(version, acting_user=clerk)
    message = sent(
        django_capture_on_commit_callbacks,
        lambda: workflow.approve(version, acting_user=reviewer, opinion="符合法律规定。"),
    )
    assert message.recipients_seen == ["clerk-scjg@example.gov.cn", "lead-scjg@example.gov.cn"]
    assert message.subject.startswith("【审查通过】示例市市场监督管理局《不予处罚事项清单》第 1 版")
    assert "审查意见：符合法律规定。" in message.body


def test_publication_mails_the_agency_with_document_and_date(
    django_capture_on_commit_callbacks, version, clerk, reviewer
):
    workflow.submit(version, acting_user=clerk)
    workflow.approve(version, acting_user=reviewer, opinion="同意公布。")
    message = sent(
        django_capture_on_commit_callbacks,
        lambda: workflow.publish(
            version,
            acting_user=clerk,
            document_no="示市监规〔2025〕1号",
            effective_date=datetime.date(2025, 9, 1),
        ),
    )
    assert message.recipients_seen == ["clerk-scjg@example.gov.cn", "lead-scjg@example.gov.cn"]
    assert message.subject.startswith("【已发布】")
    assert "文号：示市监规〔2025〕1号" in message.body
    assert "施行日期：2025年09月01日" in message.body
    assert "审查意见：同意公布。" in message.body


def test_no_mail_before_commit_and_none_for_a_refused_step(
    django_capture_on_commit_callbacks, version, clerk, other_clerk
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.submit(version, acting_user=clerk)
    assert len(callbacks) == 1 and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(workflow.InvalidTransition):
            workflow.submit(version, acting_user=clerk)
    assert callbacks == [] and mail.outbox == []


def test_a_mail_server_error_does_not_break_the_committed_step(
    django_capture_on_commit_callbacks, version, clerk, monkeypatch
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(notifications, "send_mass_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(version, acting_user=clerk)
    version.refresh_from_db()
    assert version.status == "submitted"


def test_inactive_users_and_users_without_email_get_nothing(
    django_capture_on_commit_callbacks, version, clerk, reviewer, bureau
):
    make_user("reviewer-away", bureau, Membership.Role.REVIEWER, is_active=False)
    silent = make_user("reviewer-noemail", bureau, Membership.Role.REVIEWER)
    silent.email = ""
    silent.save()
    message = sent(
        django_capture_on_commit_callbacks, lambda: workflow.submit(version, acting_user=clerk)
    )
    assert message.recipients_seen == ["reviewer-sfj@example.gov.cn"]
