"""The security audit trail (等保 安全审计): what it records, that nobody can change or delete
a row through any door the code offers, that it is kept 180 days, and that the 审计管理员
reads, filters and exports it."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from security import audit, roles
from security.models import AppendOnlyError, AuditEntry
from tests.conftest import make_user, published_version

pytestmark = pytest.mark.django_db
Action = AuditEntry.Action


@pytest.fixture
def auditor(db):
    user = make_user("auditor")
    user.groups.add(Group.objects.get_or_create(name=roles.AUDIT)[0])
    return user


@pytest.fixture
def entry(db):
    return audit.record(Action.LOGIN, username="clerk-scjg", detail="原始记录")


def old_entry(days: int) -> AuditEntry:
    at = timezone.now() - datetime.timedelta(days=days)
    return AuditEntry.objects.create(at=at, action=Action.LOGIN, result="success", actor=f"d{days}")


def test_no_queryset_or_model_path_changes_or_deletes_a_row(entry):
    entry.detail = "篡改"
    for write in (
        entry.save,
        entry.delete,
        lambda: AuditEntry.objects.filter(pk=entry.pk).update(detail="篡改"),
        lambda: AuditEntry.objects.filter(pk=entry.pk).delete(),
        lambda: AuditEntry.objects.all().delete(),
        lambda: AuditEntry.objects.bulk_update([entry], ["detail"]),
    ):
        with pytest.raises(AppendOnlyError), transaction.atomic():
            write()
    assert AuditEntry.objects.get(pk=entry.pk).detail == "原始记录"


def test_the_database_itself_refuses_an_update(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE security_auditentry SET detail = 'x' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).detail == "原始记录"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the DELETE trigger is PostgreSQL's")
def test_postgresql_refuses_deleting_a_row_younger_than_180_days(entry):
    old = old_entry(200)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM security_auditentry WHERE id = %s", [entry.pk])
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM security_auditentry WHERE id = %s", [old.pk])
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [entry.pk]


@pytest.mark.parametrize("who", ["superuser", "auditor"])
def test_no_admin_url_adds_changes_or_deletes_a_row(client, entry, superuser, auditor, who):
    client.force_login(superuser if who == "superuser" else auditor)
    base = "/admin/security/auditentry/"
    assert client.get(f"{base}{entry.pk}/change/").status_code == 200  # read-only view
    for url, data, status in [
        (f"{base}add/", {"action": "login", "result": "success"}, 403),
        (f"{base}{entry.pk}/change/", {"detail": "篡改", "action": "logout"}, 403),
        (f"{base}{entry.pk}/delete/", {"post": "yes"}, 403),
        # No action is offered: the list comes back saying none was chosen.
        (base, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}, 200),
    ]:
        assert client.post(url, data).status_code == status, url
    same = AuditEntry.objects.get(pk=entry.pk)
    assert (same.detail, same.action) == ("原始记录", Action.LOGIN)


def test_pruning_keeps_everything_younger_than_180_days_whatever_the_setting(settings, db):
    settings.AUDIT_RETENTION_DAYS = 30  # too short: the floor of 180 days applies
    for days in (0, 31, 179, 181, 400):
        old_entry(days)
    call_command("prune_audit", stdout=io.StringIO())
    kept = set(AuditEntry.objects.exclude(action=Action.PRUNE).values_list("actor", flat=True))
    assert kept == {"d0", "d31", "d179"}
    assert "删除 2 条" in AuditEntry.objects.get(action=Action.PRUNE).detail


def test_a_longer_retention_setting_keeps_more(settings, db):
    settings.AUDIT_RETENTION_DAYS = 365
    for days in (181, 364, 366):
        old_entry(days)
    call_command("prune_audit", "--dry-run", stdout=io.StringIO())
    assert AuditEntry.objects.count() == 3
    call_command("prune_audit", stdout=io.StringIO())
    assert set(AuditEntry.objects.values_list("actor", flat=True)) - {""} == {"d181", "d364"}


def test_a_permission_denial_is_recorded_with_who_and_where(client, clerk):
    client.force_login(clerk)
    assert client.get("/admin/security/auditentry/").status_code == 403
    row = AuditEntry.objects.get(action=Action.DENIED)
    assert (row.actor, row.result, row.ip) == ("clerk-scjg", "denied", "127.0.0.1")
    assert row.target == "GET /admin/security/auditentry/"


def test_admin_exports_and_imports_are_recorded(client, superuser, agency, clerk, reviewer):
    version = published_version(agency, clerk, reviewer)
    client.force_login(clerk)
    client.get(reverse("admin:lists_listversion_export_xlsx", args=[version.pk]))
    (export,) = AuditEntry.objects.filter(action=Action.EXPORT)
    assert export.actor == "clerk-scjg" and export.target.endswith(".xlsx")
    client.force_login(superuser)
    table = "代码,单位名称,类型,层级\r\nwsjk,示例市卫生健康委员会,执法部门,市\r\n".encode()
    upload = {"format": "0", "resource": "0", "import_file": SimpleUploadedFile("单位.csv", table)}
    confirm = client.post(reverse("admin:agencies_agency_import"), upload).context["confirm_form"]
    client.post(reverse("admin:agencies_agency_process_import"), confirm.initial)
    (imported,) = AuditEntry.objects.filter(action=Action.IMPORT)
    assert (imported.actor, imported.result, imported.target) == (
        "admin",
        "success",
        "导入单位表格",
    )


def test_role_and_membership_changes_are_recorded(client, superuser, agency):
    user = make_user("newcomer", agency, "clerk")
    client.force_login(superuser)
    user.groups.add(Group.objects.get_or_create(name=roles.SECURITY)[0])  # outside a request
    user.is_superuser = True
    user.save()
    rows = AuditEntry.objects.filter(target__contains="newcomer").values_list("action", "detail")
    assert (Action.MEMBERSHIP, "新增") in rows
    assert (Action.ROLE, f"授予：{roles.SECURITY}") in rows
    assert (Action.ROLE, "超级用户：否→是") in rows


def test_the_auditor_filters_and_exports_what_the_list_shows(client, auditor, clerk):
    client.post("/admin/login/", {"username": "clerk-scjg", "password": "bad"})
    client.post("/admin/login/", {"username": "=HYPERLINK(1)", "password": "bad"})
    client.force_login(auditor)
    listed = client.get("/admin/security/auditentry/", {"action__exact": "login_failed"})
    assert listed.status_code == 200 and listed.context["cl"].result_count == 2
    exported = client.get(
        "/admin/security/auditentry/export.csv", {"action__exact": "login_failed"}
    )
    assert exported.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["时间", "用户", "来源地址", "事件"]
    assert sorted(row[1] for row in rows[1:]) == ["'=HYPERLINK(1)", "clerk-scjg"]
    assert {row[3] for row in rows[1:]} == {"登录失败"}
    assert AuditEntry.objects.filter(action=Action.EXPORT, actor="auditor").exists()
