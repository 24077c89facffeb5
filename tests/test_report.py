"""The half-year report, built from workflow verbs, as .docx and .xlsx."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from agencies.models import Agency
from lists import workflow
from oversight import adjustment
from oversight.models import ApplicationCount, Law
from oversight.report import build_report, render_docx, render_xlsx
from tests.conftest import add_items, draft_list, published_version

EXTRA_ROW = {
    "matter": "生产经营单位未按规定上报事故隐患排查治理统计分析表的",
    "legal_basis": "《安全生产事故隐患排查治理暂行规定》第十四条第一款、第二十六条",
    "condition": "同时满足初次违法、危害后果轻微、及时改正等情形",
}


@pytest.fixture
def period():
    today = timezone.localdate()
    return today - datetime.timedelta(days=3), today + datetime.timedelta(days=1)


@pytest.fixture
def history(bureau, agency, clerk, reviewer, lead):
    """scjg: published, then revised (1 row added, 1 removed); jtys: returned once, then approved."""
    first = published_version(agency, clerk, reviewer)
    draft = workflow.start_revision(first.list, acting_user=clerk)
    draft.items.get(seq=3).delete()
    add_items(draft, [EXTRA_ROW])
    workflow.submit(draft, acting_user=clerk)
    workflow.approve(draft, acting_user=reviewer)
    workflow.publish(draft, acting_user=clerk, document_no="示市监发〔2025〕2号")
    other = Agency.objects.create(name="示例市交通运输局", code="jtys", review_bureau=bureau)
    version = draft_list(other, lead, code="lighter-penalty")
    workflow.submit(version, acting_user=lead)
    workflow.return_for_changes(version, acting_user=reviewer, opinion="请补充法律依据。")
    workflow.submit(version, acting_user=lead)
    workflow.approve(version, acting_user=reviewer)
    law = Law.objects.get(key="安全生产法")
    adjustment.change_law_status(
        law, Law.Status.AMENDED, acting_user=lead, on_date=timezone.localdate(), note="修正"
    )
    item = draft.items.get(seq=1)
    ApplicationCount.objects.create(
        list=draft.list,
        item_key=item.key,
        matter=item.matter,
        month=timezone.localdate().replace(day=1),
        cases=4,
    )
    return draft


def figures(report, code):
    return next(f for f in report.agencies if f.agency.code == code)


def test_report_counts_come_from_the_workflow(history, bureau, period):
    report = build_report(bureau, *period)
    scjg, jtys = figures(report, "scjg"), figures(report, "jtys")
    assert (scjg.lists_in_force, scjg.items_in_force) == (1, 3)
    assert (scjg.publications, scjg.revisions) == (2, 1)
    assert (scjg.items_added, scjg.items_removed) == (3 + 1, 1)  # v1 added 3; v2 added 1, removed 1
    assert len(scjg.reviews) == 2 and jtys.returns == 1 and len(jtys.reviews) == 2
    assert (jtys.lists_in_force, jtys.publications) == (0, 0)
    assert scjg.open_tasks == 1
    assert scjg.applications == {"不予处罚": 4}
    assert [law.key for law in report.laws_changed] == ["安全生产法"]


def test_a_period_before_anything_happened_is_empty(history, bureau):
    report = build_report(bureau, datetime.date(2020, 1, 1), datetime.date(2020, 6, 30))
    assert report.total("publications") == 0 and report.period == "2020年上半年"
    assert report.total("lists_in_force") == 0  # in force on 2020-06-30, not today
    assert report.tasks == [] and report.laws_changed == []


def test_docx_opens_and_reads_as_a_formal_report(history, bureau, period):
    document = Document(io.BytesIO(render_docx(build_report(bureau, *period))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"司〔{timezone.localdate().year}〕" in document.paragraphs[0].text
    assert (
        document.paragraphs[1].text.startswith("示例市司法局关于")
        and "减免责清单实施情况的报告" in text
    )
    for heading in (
        "一、各单位清单公布和审查情况",
        "二、动态调整情况",
        "三、清单适用情况",
        "四、需要关注的事项",
    ):
        assert heading in text
    assert "各单位发布清单2次，其中修订1次，新增事项4项，删除事项1项" in text
    assert "《中华人民共和国安全生产法》" in text
    table = document.tables[0]
    rows = {row.cells[0].text: [cell.text for cell in row.cells] for row in table.rows}
    assert rows["示例市市场监督管理局"][1:7] == ["1", "3", "2", "1", "4", "1"]
    assert rows["示例市交通运输局"][3] == "0"


def test_xlsx_has_the_same_figures(history, bureau, period):
    book = load_workbook(io.BytesIO(render_xlsx(build_report(bureau, *period))))
    assert book.sheetnames == ["报告", "各单位情况", "动态调整任务", "适用情况", "两年未适用事项"]
    rows = {row[0]: row for row in book["各单位情况"].iter_rows(values_only=True)}
    assert rows["示例市市场监督管理局"][:7] == ("示例市市场监督管理局", 1, 3, 2, 1, 4, 1)
    tasks = list(book["动态调整任务"].iter_rows(values_only=True))
    assert tasks[1][0] == "示例市市场监督管理局" and tasks[1][-1] == "待调整"


def test_items_never_applied_for_two_years_are_listed(bureau, agency, clerk, reviewer):
    version = draft_list(agency, clerk)
    workflow.submit(version, acting_user=clerk)
    workflow.approve(version, acting_user=reviewer)
    workflow.publish(version, acting_user=clerk, effective_date=datetime.date(2021, 1, 1))
    applied = version.items.get(seq=1)
    ApplicationCount.objects.create(
        list=version.list,
        item_key=applied.key,
        matter=applied.matter,
        month=datetime.date(2024, 3, 1),
        cases=2,
    )
    report = build_report(bureau, datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    assert [item.seq for item in report.never_applied] == [2, 3]


def test_the_command_writes_the_report(history, bureau, period, tmp_path):
    out = tmp_path / "report.docx"
    call_command(
        "oversight_report",
        "--bureau",
        "sfj",
        "--from",
        str(period[0]),
        "--to",
        str(period[1]),
        "--format",
        "docx",
        "--output",
        str(out),
    )
    assert "示例市市场监督管理局" in "\n".join(
        cell.text for table in Document(out).tables for row in table.rows for cell in row.cells
    )
    xlsx = tmp_path / "report.xlsx"
    call_command(
        "oversight_report",
        "--bureau",
        "sfj",
        "--from",
        str(period[0]),
        "--to",
        str(period[1]),
        "--format",
        "xlsx",
        "--output",
        str(xlsx),
    )
    assert load_workbook(xlsx).sheetnames[0] == "报告"


def test_the_command_refuses_an_unknown_bureau_and_writes_nothing(db, tmp_path):
    out = tmp_path / "report.docx"
    with pytest.raises(CommandError, match="没有代码为 nope 的司法行政部门"):
        call_command(
            "oversight_report",
            "--bureau",
            "nope",
            "--from",
            "2025-01-01",
            "--to",
            "2025-06-30",
            "--output",
            str(out),
        )
    assert not out.exists()


def test_the_lead_downloads_the_report_from_the_admin(client, history, lead, period):
    client.force_login(lead)
    assert client.get("/admin/oversight/report/").status_code == 200
    response = client.get(
        "/admin/oversight/report/", {"start": period[0], "end": period[1], "format": "docx"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.word")
    assert Document(io.BytesIO(response.content)).tables


def test_lists_missing_after_a_campaign_are_one_line_per_agency(bureau, agency, clerk, reviewer):
    from lists.models import ListType
    from oversight.models import Campaign
    from oversight.report.text import attention_lines, summary_paragraphs

    published_version(agency, clerk, reviewer)  # 不予处罚 on time; the other three missing
    campaign = Campaign.objects.create(
        bureau=bureau, name="减免责清单编制公布工作", due_date=datetime.date(2023, 11, 30)
    )
    campaign.list_types.set(ListType.objects.all())
    report = build_report(bureau, datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    assert attention_lines(report)[0] == (
        "示例市市场监督管理局未按期（2023年11月30日前）公布从轻处罚、减轻处罚、免予行政强制事项清单。"
    )
    assert summary_paragraphs(report)[-1] == "报告期内，各单位未报送清单适用情况。"
