"""我要纠错: a citizen's report reaches only the item's agency (and its bureau), is rate-limited
and challenged, and its answer (已采纳/不采纳 with a reply) is mailed to the reporter."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from corrections import challenge, services
from corrections.models import Correction
from tests.conftest import published_version

TEXT = "《中华人民共和国环境影响评价法》第二十二条已于2018年修正，法律依据应引用修正后的条文。"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def item_of(version):
    return version.items.order_by("seq").first()


def solve(page_html: str) -> dict:
    a, b = map(int, re.search(r"验证问题：(\d) 加 (\d) 等于几", page_html).groups())
    token = re.search(r'name="token" value="([^"]+)"', page_html).group(1)
    return {"answer": str(a + b), "token": token}


def post_report(client, item, text=TEXT, contact="", **overrides):
    page = client.get(reverse("portal:item", args=[item.key])).content.decode()
    data = {"text": text, "contact": contact, **solve(page), **overrides}
    return client.post(reverse("corrections:report", args=[item.key]), data)


def test_item_page_has_the_form_and_a_report_reaches_the_agency_clerks(
    citizen, published, clerk, reviewer, django_capture_on_commit_callbacks
):
    item = item_of(published)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_report(citizen, item, contact="reporter@example.com")
    assert response.status_code == 302
    assert "纠错已提交" in citizen.get(response.url).content.decode()
    correction = Correction.objects.get()
    assert (correction.agency, correction.item_key, correction.state) == (
        published.list.agency,
        item.key,
        Correction.State.PENDING,
    )
    [message] = mail.outbox
    assert message.to == [clerk.email]  # the agency's clerk; not the bureau's reviewer
    assert item.matter[:20] in message.subject and TEXT in message.body


def test_report_is_visible_to_its_agency_and_bureau_only(
    client, published, clerk, reviewer, other_agency, other_clerk, other_reviewer
):
    correction = services.report(item_of(published), text=TEXT)
    foreign = published_version(other_agency, other_clerk, other_reviewer)
    services.report(item_of(foreign), text="其他单位的纠错")
    url = reverse("admin:corrections_correction_change", args=[correction.pk])

    for user in (clerk, reviewer):
        client.force_login(user)
        assert client.get(url).status_code == 200
        listing = client.get(reverse("admin:corrections_correction_changelist")).content.decode()
        assert "其他单位的纠错" not in listing
        assert set(Correction.objects.visible_to(user)) == {correction}
        assert "公众纠错待处理" in client.get(reverse("admin:index")).content.decode()
    for user in (other_clerk, other_reviewer):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_the_bureau_reads_but_cannot_answer(client, published, reviewer):
    correction = services.report(item_of(published), text=TEXT)
    with pytest.raises(PermissionDenied):
        services.respond(correction, acting_user=reviewer, state="rejected", reply="不采纳")
    client.force_login(reviewer)
    url = reverse("admin:corrections_correction_change", args=[correction.pk])
    client.post(url, {"state": "accepted", "reply": "采纳"})
    correction.refresh_from_db()
    assert correction.state == Correction.State.PENDING


def test_clerk_answers_in_the_admin_and_the_reporter_is_mailed(
    client, published, clerk, django_capture_on_commit_callbacks
):
    correction = services.report(item_of(published), text=TEXT, contact="reporter@example.com")
    client.force_login(clerk)
    url = reverse("admin:corrections_correction_change", args=[correction.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"state": "rejected", "reply": "经核对，现行条文未变。"})
    assert response.status_code == 302
    correction.refresh_from_db()
    assert (correction.state, correction.handled_by) == (Correction.State.REJECTED, clerk)
    [message] = [m for m in mail.outbox if m.to == ["reporter@example.com"]]
    assert "不采纳" in message.subject and "经核对，现行条文未变。" in message.body
    assert "reporter@example.com" not in client.get(url).content.decode()


def test_an_answer_needs_a_reply_and_a_refused_one_changes_nothing(client, published, clerk):
    correction = services.report(item_of(published), text=TEXT, contact="reporter@example.com")
    client.force_login(clerk)
    url = reverse("admin:corrections_correction_change", args=[correction.pk])
    response = client.post(url, {"state": "accepted", "reply": " "})
    assert response.status_code == 200 and services.REPLY_REQUIRED in response.content.decode()
    correction.refresh_from_db()
    assert (correction.state, correction.reply) == (Correction.State.PENDING, "")
    with pytest.raises(services.InvalidReport):
        services.respond(correction, acting_user=clerk, state="accepted", reply="")


def test_wrong_challenge_answer_is_refused_and_writes_nothing(citizen, published):
    item = item_of(published)
    response = post_report(citizen, item, answer="99")
    assert response.status_code == 400
    assert "验证问题回答错误" in response.content.decode()
    assert TEXT in response.content.decode()  # what was typed is kept
    assert not Correction.objects.exists()


def test_a_challenge_is_bound_to_its_item(published):
    first, second = published.items.order_by("seq")[:2]
    question, token = challenge.new(first.key)
    answer = str(sum(map(int, re.findall(r"\d", question))))
    assert challenge.passed(token, answer, first.key)
    assert not challenge.passed(token, answer, second.key)
    assert not challenge.passed(token + "x", answer, first.key)


def test_reports_are_rate_limited_per_client(citizen, published, settings):
    settings.CORRECTION_RATE_PER_HOUR = 2
    item = item_of(published)
    assert [post_report(citizen, item).status_code for _ in range(2)] == [302, 302]
    response = post_report(citizen, item)
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert Correction.objects.count() == 2


def test_empty_report_is_refused_in_chinese(citizen, published):
    response = post_report(citizen, item_of(published), text="  ")
    assert response.status_code == 400
    assert services.TEXT_REQUIRED in response.content.decode()
    assert not Correction.objects.exists()


def test_unpublished_items_cannot_be_reported(citizen, draft):
    item = item_of(draft)
    assert citizen.post(reverse("corrections:report", args=[item.key]), {}).status_code == 404
