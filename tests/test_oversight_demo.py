"""The demo shows the oversight side: a campaign, laws with aliases, a law change and its task."""

from django.core.management import call_command

from agencies.models import Agency
from oversight.coverage import coverage
from oversight.models import AdjustmentTask, Campaign, Law, LawAlias


def test_load_demo_sets_up_oversight_idempotently(db, client):
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    assert Campaign.objects.count() == 1
    assert LawAlias.objects.get(name="环评法").law.name == "中华人民共和国环境影响评价法"
    amended = Law.objects.get(key="反不正当竞争法")
    assert amended.status == Law.Status.AMENDED and amended.verified
    task = AdjustmentTask.objects.get(law=amended)
    assert task.list.agency.code == "scjg" and task.is_open
    assert AdjustmentTask.objects.count() == 2
    board = coverage(Agency.objects.get(code="sfj"))
    assert board.late_total > 0
    township = next(row for row in board.rows if row.agency.code == "jd-chengguan")
    assert {cell.state for cell in township.cells} <= {"city", "missing"}
    assert client.get(f"/laws/{amended.slug}/").status_code == 200
