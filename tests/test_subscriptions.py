"""E-mail alerts without an account: double opt-in, one-click unsubscribe, one mail per address
after commit, and a mail outage that never touches the publication (the outbox retries)."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from follow.models import OutboxMail, Subscription
from lists import workflow
from lists.models import ListVersion
from tests.conftest import draft_list

ADDRESS = "zhang.san@example.com"


class BrokenBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def sign_up(client, email=ADDRESS, **scope):
    return client.post("/follow/", {"email": email, **scope})


def link_in(message, name):
    return re.search(rf"https?://[^\s]+/follow/{name}/[^\s/]+/", message.body).group(0)


def confirmed(client, capture, email=ADDRESS, **scope):
    with capture(execute=True):
        assert sign_up(client, email, **scope).status_code == 302
    client.get(link_in(mail.outbox[-1], "confirm"))
    return Subscription.objects.get(email=email, **{f"{k}__code": v for k, v in scope.items()})


def approved(agency, clerk, reviewer):
    version = draft_list(agency, clerk)
    workflow.submit(version, acting_user=clerk)
    workflow.approve(version, acting_user=reviewer)
    return version


def test_sign_up_mails_a_confirmation_and_the_link_confirms(
    citizen, agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(citizen, agency="scjg", list_type="no-penalty")
    assert response.status_code == 302
    page = citizen.get(response.url).content.decode()
    assert ADDRESS not in page
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    [message] = mail.outbox
    assert message.to == [ADDRESS]
    assert "示例市市场监督管理局不予处罚事项清单" in message.subject
    assert "List-Unsubscribe" in message.extra_headers

    page = citizen.get(link_in(message, "confirm"))
    assert page.status_code == 200
    assert ADDRESS not in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_unconfirmed_subscribers_get_no_alerts(
    citizen, agency, clerk, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(citizen)
        version = approved(agency, clerk, reviewer)
        workflow.publish(version, acting_user=clerk)
    assert [m.subject for m in mail.outbox if m.to == [ADDRESS]] == ["请确认订阅：全部清单"]


def test_unsubscribe_link_works_without_logging_in_and_deletes_the_address(
    citizen, agency, django_capture_on_commit_callbacks
):
    subscription = confirmed(citizen, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[-1], "unsubscribe")
    assert citizen.get(link).status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    assert citizen.get(link).status_code == 200  # a second click is harmless


def test_one_click_unsubscribe_by_post_from_the_mail_client(
    client, agency, django_capture_on_commit_callbacks
):
    confirmed(client, django_capture_on_commit_callbacks)
    client.handler.enforce_csrf_checks = True
    header = mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>")
    response = client.post(header, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_publication_sends_one_mail_per_subscriber_after_commit(
    citizen, agency, clerk, reviewer, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    confirmed(citizen, capture)  # everything
    confirmed(citizen, capture, agency="scjg")  # same address, narrower: still one mail
    confirmed(citizen, capture, email="li.si@example.com", list_type="no-penalty")
    confirmed(citizen, capture, email="wang.wu@example.com", list_type="no-coercion")
    version = approved(agency, clerk, reviewer)
    mail.outbox.clear()
    with capture() as callbacks:
        workflow.publish(version, acting_user=clerk, document_no="示市监发〔2024〕1号")
        assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    alerts = [m for m in mail.outbox if m.subject.startswith("【已公布】")]
    assert sorted(m.to[0] for m in alerts) == ["li.si@example.com", ADDRESS]
    body = alerts[0].body
    assert "文号：示市监发〔2024〕1号" in body and "/follow/unsubscribe/" in body
    assert all("List-Unsubscribe" in m.extra_headers for m in alerts)


def test_a_mail_outage_never_blocks_or_rolls_back_publication_and_the_outbox_retries(
    citizen, agency, clerk, reviewer, settings, django_capture_on_commit_callbacks
):
    confirmed(citizen, django_capture_on_commit_callbacks)
    version = approved(agency, clerk, reviewer)
    settings.EMAIL_BACKEND = "tests.test_subscriptions.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(version, acting_user=clerk)
    version.refresh_from_db()
    assert version.status == ListVersion.Status.PUBLISHED
    row = OutboxMail.objects.get(sent_at__isnull=True)
    assert row.attempts == 1 and "SMTP server unreachable" in row.last_error
    assert row.next_attempt_at > timezone.now()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    call_command("send_outbox")
    assert mail.outbox == []  # not due yet
    OutboxMail.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    call_command("send_outbox")
    assert [m.to for m in mail.outbox] == [[ADDRESS]]
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 2


def test_a_failure_while_queuing_alerts_does_not_roll_back_publication(
    citizen, agency, clerk, reviewer, monkeypatch, django_capture_on_commit_callbacks
):
    confirmed(citizen, django_capture_on_commit_callbacks)
    version = approved(agency, clerk, reviewer)

    def broken(*args, **kwargs):
        raise RuntimeError("template bug")

    monkeypatch.setattr("follow.alerts.matching", broken)
    workflow.publish(version, acting_user=clerk)
    version.refresh_from_db()
    assert version.status == ListVersion.Status.PUBLISHED
    assert version.events.filter(action="publish").count() == 1


def test_abolition_is_mailed_too(citizen, published, clerk, django_capture_on_commit_callbacks):
    confirmed(citizen, django_capture_on_commit_callbacks, agency="scjg")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.abolish(published.list, acting_user=clerk, note="职能调整")
    assert mail.outbox[-1].subject == "【已废止】示例市市场监督管理局《不予处罚事项清单》"


def test_sign_up_is_rate_limited_and_a_refused_one_writes_nothing(citizen, agency, settings):
    settings.SUBSCRIBE_RATE_PER_HOUR = 2
    for n in range(2):
        assert sign_up(citizen, email=f"user{n}@example.com").status_code == 302
    response = sign_up(citizen, email="third@example.com")
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert not Subscription.objects.filter(email="third@example.com").exists()


def test_a_bad_address_is_refused_in_chinese_and_nothing_is_written(citizen, agency):
    response = sign_up(citizen, email="not-an-address")
    assert response.status_code == 400
    assert "请填写有效的电子邮箱地址" in response.content.decode()
    assert not Subscription.objects.exists() and not OutboxMail.objects.exists()


def test_signing_up_twice_answers_the_same_and_keeps_one_subscription(
    citizen, agency, django_capture_on_commit_callbacks
):
    confirmed(citizen, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert sign_up(citizen).status_code == 302
    assert Subscription.objects.count() == 1
    assert mail.outbox == []  # already confirmed: nothing to confirm again
