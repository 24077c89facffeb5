"""Separation of administrative duties (等保 三权分立): each of 系统管理员, 安全管理员 and
审计管理员 reaches its own admin pages and none of the others'; none of them can hand itself
another's powers."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from agencies.models import Membership
from security import roles
from security.models import AuditEntry, PasswordState, SecurityPolicy
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

ROLE_USERS = {"system": roles.SYSTEM, "security": roles.SECURITY, "audit": roles.AUDIT}
OK, DENIED, HIDDEN = 200, 403, 404  # HIDDEN: outside the user's scope, looks missing


@pytest.fixture
def people(clerk, superuser, agency):
    found = {"superuser": superuser, "clerk": clerk}
    for key, role in ROLE_USERS.items():
        user = make_user(f"{key}-admin")
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        found[key] = user
    SecurityPolicy.objects.get_or_create(pk=1)
    return found


# url (with {clerk}, {auditor}, {agency}), then the status for: system, security, audit, clerk.
TABLE = [
    ("/admin/agencies/agency/add/", OK, DENIED, DENIED, DENIED),
    ("/admin/agencies/agency/{agency}/change/", OK, HIDDEN, HIDDEN, OK),  # the clerk: read-only
    ("/admin/agencies/agency/import/", OK, DENIED, DENIED, DENIED),
    ("/admin/agencies/agency/export/", OK, DENIED, DENIED, DENIED),
    ("/admin/auth/user/", OK, OK, DENIED, DENIED),
    ("/admin/auth/user/add/", OK, DENIED, DENIED, DENIED),
    ("/admin/auth/user/{clerk}/change/", OK, OK, DENIED, DENIED),  # security: read-only
    ("/admin/auth/user/{clerk}/password/", DENIED, OK, DENIED, DENIED),
    ("/admin/auth/user/{auditor}/password/", HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ("/admin/auth/group/", DENIED, DENIED, DENIED, DENIED),
    ("/admin/security/loginattempt/", DENIED, OK, DENIED, DENIED),
    ("/admin/security/securitypolicy/1/change/", DENIED, OK, DENIED, DENIED),
    ("/admin/security/auditentry/", DENIED, DENIED, OK, DENIED),
    ("/admin/security/auditentry/export.csv", DENIED, DENIED, OK, DENIED),
    ("/admin/security/auditentry/add/", DENIED, DENIED, DENIED, DENIED),
]
CASES = [
    pytest.param(url, who, expected[index], id=f"{who}:{url}")
    for url, *expected in TABLE
    for index, who in enumerate(["system", "security", "audit", "clerk"])
]


@pytest.mark.parametrize("url, who, status", CASES)
def test_each_role_reaches_its_own_pages_and_no_one_elses(client, people, agency, url, who, status):
    url = url.format(clerk=people["clerk"].pk, auditor=people["audit"].pk, agency=agency.pk)
    client.force_login(people[who])
    assert client.get(url).status_code == status


def test_the_superuser_installs_and_may_reach_every_page_but_the_audits_add(client, people, agency):
    client.force_login(people["superuser"])
    for url, *_ in TABLE:
        url = url.format(clerk=people["clerk"].pk, auditor=people["audit"].pk, agency=agency.pk)
        expected = DENIED if url.endswith("auditentry/add/") else OK
        assert client.get(url).status_code == expected, url


def test_the_change_page_is_read_only_for_the_security_administrator(client, people):
    client.force_login(people["security"])
    url = f"/admin/auth/user/{people['clerk'].pk}/change/"
    page = client.post(url, {"username": "renamed", "is_active": "", "is_staff": "on"})
    assert page.status_code == DENIED
    people["clerk"].refresh_from_db()
    assert people["clerk"].username == "clerk-scjg" and people["clerk"].is_active


def test_the_system_administrator_cannot_touch_an_administrators_account(client, people):
    client.force_login(people["system"])
    for target in ("system", "security", "audit", "superuser"):
        url = f"/admin/auth/user/{people[target].pk}/change/"
        assert client.get(url).status_code == 404, target  # outside the scope: looks missing
        posted = client.post(url, {"username": people[target].username, "is_staff": "on"})
        assert posted.status_code == 404
    assert set(people["system"].groups.values_list("name", flat=True)) == {roles.SYSTEM}


def test_the_system_administrator_cannot_give_an_administrator_an_agency_role(
    client, people, agency
):
    client.force_login(people["system"])
    url = f"/admin/agencies/agency/{agency.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if name != "fields"}
    data = {name: "" if value is None else value for name, value in data.items()}
    data["fields"] = '["市场监管"]'
    existing = list(Membership.objects.filter(agency=agency))
    data.update({
        "memberships-TOTAL_FORMS": str(len(existing) + 1),
        "memberships-INITIAL_FORMS": str(len(existing)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    })  # fmt: skip
    for index, membership in enumerate(existing):
        data.update({
            f"memberships-{index}-id": membership.pk, f"memberships-{index}-agency": agency.pk,
            f"memberships-{index}-user": membership.user_id, f"memberships-{index}-role": membership.role,
        })  # fmt: skip
    new = len(existing)
    data.update({
        f"memberships-{new}-agency": agency.pk, f"memberships-{new}-user": people["system"].pk,
        f"memberships-{new}-role": Membership.Role.CLERK,
    })  # fmt: skip
    page = client.post(url, data)
    assert page.status_code == 200  # the form again, with the error at the user
    (inline,) = page.context["inline_admin_formsets"]
    assert "user" in inline.formset.forms[new].errors
    assert not Membership.objects.filter(user=people["system"]).exists()
    data[f"memberships-{new}-user"] = make_user("clerk-new").pk
    page = client.post(url, data)
    assert page.status_code == 302
    assert Membership.objects.filter(user__username="clerk-new", agency=agency).exists()
    row = AuditEntry.objects.get(action=AuditEntry.Action.MEMBERSHIP, target__contains="clerk-new")
    assert row.actor == people["system"].username


def test_only_the_security_administrator_changes_the_policy_and_it_is_audited(client, people):
    url = "/admin/security/securitypolicy/1/change/"
    data = {"failure_limit": "3", "lockout_minutes": "60", "idle_minutes": "15",
            "session_hours": "8", "password_max_age_days": "90"}  # fmt: skip
    for who in ("system", "audit", "clerk"):
        client.force_login(people[who])
        assert client.post(url, data).status_code == DENIED
    assert SecurityPolicy.objects.get().failure_limit == 5
    client.force_login(people["security"])
    assert client.post(url, {**data, "failure_limit": "50"}).status_code == 200  # out of range
    assert SecurityPolicy.objects.get().failure_limit == 5
    assert client.post(url, data).status_code == 302
    assert SecurityPolicy.objects.get().failure_limit == 3
    row = AuditEntry.objects.get(action=AuditEntry.Action.POLICY)
    assert row.actor == "security-admin" and "5→3" in row.detail and "30→15" in row.detail


def test_the_command_creates_each_administrator_with_a_one_time_password(capsys, db):
    call_command("create_admin_account", "auditor1", role="audit")
    password = capsys.readouterr().out.strip().splitlines()[-1]
    from django.contrib.auth import authenticate, get_user_model

    user = get_user_model().objects.get(username="auditor1")
    assert roles.roles_of(user) == {roles.AUDIT} and user.is_staff and not user.is_superuser
    assert PasswordState.objects.get(user=user).must_change
    from django.test import RequestFactory

    assert authenticate(RequestFactory().post("/"), username="auditor1", password=password)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_admin_account", "auditor1", role="security")
    assert roles.roles_of(get_user_model().objects.get(username="auditor1")) == {roles.AUDIT}
