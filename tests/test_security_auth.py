"""Identity (等保 身份鉴别): login lockout per account and per address, unlocking by the
安全管理员, password rules, forced change of initial or reset passwords, idle and absolute
session limits — and the demo accounts still log in straight to work."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from security import roles
from security.models import AuditEntry, LoginAttempt, PasswordState
from security.views import LOCKED_OUT
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db
Action = AuditEntry.Action
LOGIN = "/admin/login/"
WRONG_PASSWORD = "请输入一个正确的"  # Django's own message, the same for unknown accounts
LOCKED = LOCKED_OUT.format(minutes=30)
NEW_PASSWORD = "Qingdan#2025"


def attempt(client, username, password, ip="198.51.100.20", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip, **headers,
    )  # fmt: skip


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def with_role(username: str, role: str):
    user = make_user(username)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def secadmin(db):
    return with_role("secadmin", roles.SECURITY)


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, clerk):
    statuses = [attempt(client, "clerk-scjg", "wrong-guess").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    right = attempt(client, "clerk-scjg", PASSWORD)
    assert right.status_code == 429 and LOCKED in right.content.decode()
    assert not logged_in(client)
    rows = AuditEntry.objects.filter(actor="clerk-scjg")
    assert rows.filter(action=Action.LOGIN_FAILED).count() == 6
    (lockout,) = rows.filter(action=Action.LOCKOUT)
    assert lockout.ip == "198.51.100.20" and "clerk-scjg" in lockout.target
    assert not rows.filter(action=Action.LOGIN).exists()


def test_the_lockout_ends_by_itself_after_thirty_minutes(client, clerk):
    for _ in range(5):
        attempt(client, "clerk-scjg", "wrong-guess")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=29)):
        assert attempt(client, "clerk-scjg", PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)):
        assert attempt(client, "clerk-scjg", PASSWORD).status_code == 302
        assert logged_in(client)


def test_one_address_trying_many_accounts_is_locked_for_all_of_them(client, clerk):
    for name in ["admin", "root", "test", "zhangsan", "lisi"]:
        attempt(client, name, "123456", ip="203.0.113.5")
    assert attempt(client, "clerk-scjg", PASSWORD, ip="203.0.113.5").status_code == 429
    assert attempt(client, "clerk-scjg", PASSWORD, ip="203.0.113.6").status_code == 302


def test_forged_forwarded_for_does_not_escape_the_address_lockout(client, clerk, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        attempt(client, f"guess{n}", "123456", ip="203.0.113.5", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    forged = attempt(
        client, "clerk-scjg", PASSWORD, ip="203.0.113.5", HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert forged.status_code == 429
    failures = AuditEntry.objects.filter(action=Action.LOGIN_FAILED)
    assert set(failures.values_list("ip", flat=True)) == {"203.0.113.5"}


def test_an_unknown_account_gets_exactly_the_same_answers_as_a_real_one(client, clerk):
    def answers(username, ip):
        pages = [attempt(client, username, "wrong-guess", ip=ip) for _ in range(6)]
        return [
            (page.status_code, WRONG_PASSWORD in (text := page.content.decode()), LOCKED in text)
            for page in pages
        ]

    assert answers("clerk-scjg", "198.51.100.1") == answers("no-such-clerk", "198.51.100.2")


def test_the_security_administrator_unlocks_and_the_audit_says_who(client, clerk, secadmin):
    for _ in range(5):
        attempt(client, "clerk-scjg", "wrong-guess")
    client.force_login(secadmin)
    attempts = list(LoginAttempt.objects.values_list("pk", flat=True))
    url = reverse("admin:security_loginattempt_changelist")
    page = client.post(url, {"action": "unlock", "_selected_action": attempts}, follow=True)
    assert "已解除 1 条锁定记录" in page.content.decode()
    client.logout()
    assert attempt(client, "clerk-scjg", PASSWORD).status_code == 302
    (unlock,) = AuditEntry.objects.filter(action=Action.UNLOCK)
    assert unlock.actor == "secadmin" and "clerk-scjg" in unlock.target


@pytest.mark.parametrize("role", [roles.SYSTEM, roles.AUDIT])
def test_other_administrators_cannot_unlock(client, clerk, role):
    for _ in range(5):
        attempt(client, "clerk-scjg", "wrong-guess")
    client.force_login(with_role("other-admin", role))
    pks = list(LoginAttempt.objects.values_list("pk", flat=True))
    url = reverse("admin:security_loginattempt_changelist")
    assert client.post(url, {"action": "unlock", "_selected_action": pks}).status_code == 403
    assert LoginAttempt.objects.count() == 1
    assert not AuditEntry.objects.filter(action=Action.UNLOCK).exists()


@pytest.mark.parametrize(
    "password, code",
    [
        ("Ab1#xyz", "password_too_short"),
        ("qingdanpingtai", "password_too_few_classes"),  # lower case only
        ("qingdan2025", "password_too_few_classes"),  # two classes
        ("12345678901", "password_entirely_numeric"),
        ("Password123", "password_too_common"),
        ("Clerk-scjg#1", "password_contains_username"),
    ],
)
def test_weak_passwords_are_refused_with_the_rule_they_break(clerk, password, code):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=clerk)
    assert code in [error.code for error in refused.value.error_list]


def test_a_password_with_three_classes_is_accepted(clerk):
    for password in [NEW_PASSWORD, "qingdan#2025", "清单平台Ab12345"]:
        validate_password(password, user=clerk)


def test_a_weak_new_password_changes_nothing(client, clerk):
    client.force_login(clerk)
    before = get_user_model().objects.get(pk=clerk.pk).password
    page = client.post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": "qingdan2025", "new_password2": "qingdan2025"},
    )
    assert page.status_code == 200 and "至少 3 类" in page.content.decode()
    assert get_user_model().objects.get(pk=clerk.pk).password == before
    assert not AuditEntry.objects.filter(
        action=Action.PASSWORD_CHANGED, actor="clerk-scjg"
    ).exists()


def change_own_password(client, old=PASSWORD):
    return client.post(
        reverse("admin:password_change"),
        {"old_password": old, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )


def test_an_account_created_by_the_system_administrator_must_change_its_password(client):
    sysadmin = with_role("sysadmin", roles.SYSTEM)
    client.force_login(sysadmin)
    client.post(
        reverse("admin:auth_user_add"),
        {"username": "clerk-new", "usable_password": "true", "password1": PASSWORD + "Ab",
         "password2": PASSWORD + "Ab"},
    )  # fmt: skip
    created = get_user_model().objects.get(username="clerk-new")
    assert PasswordState.objects.get(user=created).must_change
    change = reverse("admin:auth_user_change", args=[created.pk])
    profile = {
        "username": "clerk-new",
        "email": "new@example.gov.cn",
        "is_active": "on",
        "is_staff": "on",
    }
    assert client.post(change, profile).status_code == 302
    client.logout()
    assert attempt(client, "clerk-new", PASSWORD + "Ab").status_code == 302
    assert client.get("/admin/").url == reverse("admin:password_change")
    assert client.get("/admin/lists/listversion/").url == reverse("admin:password_change")
    assert change_own_password(client, old=PASSWORD + "Ab").status_code == 302
    assert client.get("/admin/").status_code == 200
    assert not PasswordState.objects.get(user=created).must_change
    events = AuditEntry.objects.filter(target="用户 clerk-new").values_list("action", "actor")
    assert (Action.PASSWORD_RESET, "sysadmin") in events
    assert (Action.PASSWORD_CHANGED, "clerk-new") in events


def test_a_password_reset_by_the_security_administrator_is_initial(client, clerk, secadmin):
    client.force_login(secadmin)
    url = reverse("admin:auth_user_password_change", args=[clerk.pk])
    reset = client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )
    assert reset.status_code == 302
    client.logout()
    assert attempt(client, "clerk-scjg", NEW_PASSWORD).status_code == 302
    assert client.get("/admin/").url == reverse("admin:password_change")


def test_a_password_older_than_ninety_days_must_be_changed(client, clerk):
    assert attempt(client, "clerk-scjg", PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    PasswordState.objects.update_or_create(
        user=clerk, defaults={"changed_at": timezone.now() - datetime.timedelta(days=91)}
    )
    assert attempt(client, "clerk-scjg", PASSWORD).status_code == 302
    assert client.get("/admin/").url == reverse("admin:password_change")


def test_thirty_idle_minutes_end_the_session(client, clerk):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert attempt(client, "clerk-scjg", PASSWORD).status_code == 302
    with time_machine.travel(start + datetime.timedelta(minutes=29), tick=False):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=58), tick=False):
        assert client.get("/admin/").status_code == 200  # 29 minutes after the last request
    with time_machine.travel(start + datetime.timedelta(minutes=89), tick=False):
        page = client.get("/admin/")
    assert page.status_code == 302 and page.url.startswith(reverse("admin:login"))
    assert not logged_in(client)
    (expired,) = AuditEntry.objects.filter(action=Action.SESSION_EXPIRED)
    assert expired.actor == "clerk-scjg" and expired.detail == "空闲超时"


def test_a_session_ends_after_eight_hours_however_busy(client, clerk):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        attempt(client, "clerk-scjg", PASSWORD)
    for minutes in range(20, 8 * 60, 20):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
            assert client.get("/admin/").status_code == 200, minutes
    with time_machine.travel(start + datetime.timedelta(minutes=8 * 60 + 1), tick=False):
        assert client.get("/admin/").status_code == 302
    assert AuditEntry.objects.get(action=Action.SESSION_EXPIRED).detail == "超过最长时长"


def test_logins_and_logouts_are_audited_with_the_client_address(client, clerk, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attempt(
        client, "clerk-scjg", PASSWORD, ip="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7"
    )
    client.post(
        reverse("admin:logout"), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    rows = AuditEntry.objects.filter(actor="clerk-scjg").order_by("at", "pk")
    assert [(r.action, r.ip, r.result) for r in rows] == [
        (Action.LOGIN, "198.51.100.7", "success"),
        (Action.LOGOUT, "198.51.100.7", "success"),
    ]


def test_demo_accounts_log_in_straight_to_work(client):
    call_command("load_demo", verbosity=0)
    for username in ["admin", "clerk-scjg", "reviewer-sfj", "sysadmin", "secadmin", "auditor"]:
        client.logout()
        assert attempt(client, username, "demo12345").status_code == 302, username
        assert client.get("/admin/").status_code == 200, username
