"""The coverage board: agencies × list types against campaign deadlines, in constant queries."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from agencies.models import Agency
from lists import workflow
from lists.models import ListType
from oversight.coverage import coverage
from oversight.models import Campaign, Exemption
from tests.conftest import draft_list, published_version

TODAY = datetime.date(2030, 1, 15)


def campaign(bureau, due, codes=("no-penalty", "mitigated-penalty"), agencies=()):
    item = Campaign.objects.create(bureau=bureau, name="减免责清单编制公布工作", due_date=due)
    item.list_types.set(ListType.objects.filter(code__in=codes))
    item.agencies.set(agencies)
    return item


def cell(board, code, type_code):
    row = next(row for row in board.rows if row.agency.code == code)
    return next(cell for cell in row.cells if cell.list_type.code == type_code)


def test_missing_list_after_the_due_date_is_late_and_exempt_is_not(
    bureau, agency, clerk, reviewer, lead
):
    other = Agency.objects.create(name="示例市交通运输局", code="jtys", review_bureau=bureau)
    published_version(agency, clerk, reviewer)
    campaign(bureau, datetime.date(2029, 11, 30))
    Exemption.objects.create(
        agency=other,
        list_type=ListType.objects.get(code="mitigated-penalty"),
        reason="本单位无减轻处罚情形",
    )
    board = coverage(bureau, today=TODAY)
    late = cell(board, "scjg", "mitigated-penalty")
    assert late.state == "missing" and late.late
    exempt = cell(board, "jtys", "mitigated-penalty")
    assert exempt.state == "exempt" and not exempt.late and exempt.reason == "本单位无减轻处罚情形"
    in_force = cell(board, "scjg", "no-penalty")
    assert in_force.state == "in_force" and not in_force.late
    assert in_force.version["document_no"] == "示市监发〔2024〕1号"
    assert cell(board, "jtys", "no-penalty").late
    assert not cell(board, "scjg", "no-coercion").late  # no campaign asks for it
    assert board.late_total == 2


def test_before_the_due_date_nothing_is_late(bureau, agency):
    campaign(bureau, datetime.date(2030, 2, 1))
    assert coverage(bureau, today=TODAY).late_total == 0


def test_states_follow_the_workflow(bureau, agency, clerk, reviewer):
    draft_list(agency, clerk, code="no-coercion")
    submitted = draft_list(agency, clerk, code="lighter-penalty")
    workflow.submit(submitted, acting_user=clerk)
    approved = draft_list(agency, clerk, code="mitigated-penalty")
    workflow.submit(approved, acting_user=clerk)
    workflow.approve(approved, acting_user=reviewer)
    board = coverage(bureau, today=TODAY)
    assert [c.state for c in board.rows[0].cells] == ["missing", "submitted", "approved", "draft"]


def test_abolished_list_shows_as_abolished(bureau, agency, clerk, reviewer):
    version = published_version(agency, clerk, reviewer)
    workflow.abolish(version.list, acting_user=clerk, note="职能划转")
    assert cell(coverage(bureau, today=TODAY), "scjg", "no-penalty").state == "abolished"


def test_townships_show_the_city_lists_they_apply(bureau, agency, clerk, reviewer):
    Agency.objects.create(
        name="示例市城关街道办事处",
        code="jd-chengguan",
        kind=Agency.Kind.TOWNSHIP,
        level=Agency.Level.TOWNSHIP,
        review_bureau=bureau,
    )
    published_version(agency, clerk, reviewer)
    campaign(bureau, datetime.date(2029, 11, 30))
    board = coverage(bureau, today=TODAY)
    township = cell(board, "jd-chengguan", "no-penalty")
    assert township.state == "city" and township.city_count == 1 and not township.late
    assert cell(board, "jd-chengguan", "mitigated-penalty").state == "missing"
    assert not cell(board, "jd-chengguan", "mitigated-penalty").late  # not named by the campaign


def test_filters_by_field_and_level(bureau, agency):
    Agency.objects.create(
        name="示例市生态环境局", code="sthj", review_bureau=bureau, fields=["生态环境"]
    )
    Agency.objects.create(
        name="城关街道", code="jd", kind="township", level="township", review_bureau=bureau
    )
    assert [r.agency.code for r in coverage(bureau, field_tag="生态环境").rows] == ["sthj"]
    assert [r.agency.code for r in coverage(bureau, level="township").rows] == ["jd"]


def make_agencies(bureau, count, start=0):
    Agency.objects.bulk_create(
        Agency(name=f"示例县第{n}执法局", code=f"a{n}", review_bureau=bureau, fields=["市场监管"])
        for n in range(start, start + count)
    )


def board_queries(bureau) -> int:
    with CaptureQueriesContext(connection) as queries:
        board = coverage(bureau, today=TODAY)
        assert board.rows
    return len(queries)


def test_query_count_is_the_same_for_10_and_500_agencies(bureau, agency, clerk, reviewer):
    published_version(agency, clerk, reviewer)
    campaign(bureau, datetime.date(2029, 11, 30))
    Agency.objects.create(
        name="城关街道", code="jd", kind="township", level="township", review_bureau=bureau
    )
    make_agencies(bureau, 8)
    ten = board_queries(bureau)
    make_agencies(bureau, 490, start=8)
    assert Agency.objects.filter(review_bureau=bureau).count() == 500
    assert board_queries(bureau) == ten <= 12


def test_the_lead_downloads_the_board_as_xlsx(client, bureau, agency, clerk, reviewer, lead):
    published_version(agency, clerk, reviewer)
    campaign(bureau, datetime.date(2029, 11, 30))
    client.force_login(lead)
    page = client.get("/admin/oversight/coverage/")
    assert page.status_code == 200
    assert "现行有效" in page.content.decode()
    response = client.get("/admin/oversight/coverage/?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][0] == "示例市市场监督管理局"
    assert rows[2][3] == "现行有效" and rows[2][4] == "示市监发〔2024〕1号"


@pytest.mark.parametrize("persona", ["clerk", "citizen"])
def test_clerks_and_strangers_cannot_open_the_board(client, persona, clerk):
    if persona == "clerk":
        client.force_login(clerk)
        assert client.get("/admin/oversight/coverage/").status_code == 403
    else:
        assert client.get("/admin/oversight/coverage/").status_code == 302  # to the login page


def test_another_bureau_board_is_404(client, lead, other_bureau):
    client.force_login(lead)
    assert client.get(f"/admin/oversight/coverage/?bureau={other_bureau.code}").status_code == 404


def test_a_list_made_public_after_the_due_date_counts_as_published_late(
    bureau, agency, clerk, reviewer
):
    campaign(bureau, datetime.date(2020, 1, 1), codes=("no-penalty", "no-coercion"))
    published_version(agency, clerk, reviewer)
    paper = draft_list(agency, clerk, code="no-coercion")
    workflow.submit(paper, acting_user=clerk)
    workflow.approve(paper, acting_user=reviewer)
    # Issued on paper in 2019 (its 施行日期) and entered here later: not late.
    workflow.publish(paper, acting_user=clerk, effective_date=datetime.date(2019, 6, 1))
    board = coverage(bureau, today=TODAY)
    assert cell(board, "scjg", "no-penalty").published_late
    assert not cell(board, "scjg", "no-coercion").published_late
    assert not cell(board, "scjg", "no-penalty").late
