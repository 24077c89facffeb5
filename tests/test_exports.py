"""Official-shape downloads: .xlsx and .csv (lists/exporters.py and the public download URLs)."""

import io

import pytest
from openpyxl import load_workbook

from lists import workflow
from lists.exporters import EXPORT_COLUMNS, export_csv, export_xlsx, neutralise
from lists.models import ListSection, ListType
from tests.conftest import REAL_ROWS, add_items, draft_list, published_version

pytestmark = pytest.mark.django_db

HOSTILE = [
    {"matter": '=HYPERLINK("http://evil","点我")', "condition": "+1+1", "note": "@SUM(A1)"},
    {"matter": "-2+3", "condition": "\t制表符开头", "legal_basis": "\r回车开头"},
]


def sheet_of(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_official_columns_follow_the_list_type():
    no_coercion = ListType.objects.get(code="no-coercion")
    labels = [column.label for column in EXPORT_COLUMNS(no_coercion)]
    assert labels == [
        "序号",
        "行政强制事项",
        "实施机关",
        "免予行政强制适用条件",
        "法律依据",
        "备注",
    ]


def test_optional_columns_appear_only_when_filled(published):
    items = list(published.items.all())
    labels = [column.label for column in EXPORT_COLUMNS(published.list.list_type, items)]
    assert labels == [
        "序号",
        "类别",
        "行政处罚事项",
        "实施机关",
        "不予处罚适用条件",
        "法律依据",
        "备注",
    ]


def test_xlsx_reopens_with_title_unit_header_and_rows_in_order(published):
    sheet = sheet_of(export_xlsx(published))
    assert sheet["A1"].value == "示例市市场监督管理局不予处罚事项清单"
    assert sheet["A2"].value == "单位：示例市市场监督管理局"
    assert [cell.value for cell in sheet[4]][:3] == ["序号", "类别", "行政处罚事项"]
    assert sheet["A5"].value == published.items.first().section.title  # 一、…
    assert [sheet.cell(row, 3).value for row in (6, 7, 8)] == [row["matter"] for row in REAL_ROWS]
    assert [sheet.cell(row, 1).value for row in (6, 7, 8)] == [1, 2, 3]
    assert "A1:G1" in {str(merged) for merged in sheet.merged_cells.ranges}
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.cell(6, 5).alignment.wrap_text
    assert sheet.cell(6, 5).border.left.style == "thin"


def test_xlsx_has_section_rows_for_no_penalty_list(agency, clerk, reviewer):
    sections = list(ListSection.objects.filter(list_type__code="no-penalty"))
    rows = [
        {"matter": "甲", "condition": "c", "section": sections[0]},
        {"matter": "乙", "condition": "c", "section": sections[1]},
        {"matter": "丙", "condition": "c", "section": sections[1]},
    ]
    version = published_version(agency, clerk, reviewer, rows=rows)
    sheet = sheet_of(export_xlsx(version))
    column_a = [sheet.cell(row, 1).value for row in range(5, sheet.max_row + 1)]
    assert column_a == [sections[0].title, 1, sections[1].title, 2, 3]


def test_csv_starts_with_bom_and_holds_the_rows(published):
    data = export_csv(published)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[3].startswith("序号,类别,行政处罚事项,实施机关")
    assert "合伙企业未将营业执照置于经营场所醒目位置" in lines[-1]


def test_formula_looking_text_is_neutralised_everywhere(agency, clerk, reviewer):
    version = published_version(agency, clerk, reviewer, rows=HOSTILE)
    sheet = sheet_of(export_xlsx(version))
    values = [cell.value for row in sheet.iter_rows(min_row=5) for cell in row if cell.value]
    assert '\'=HYPERLINK("http://evil","点我")' in values
    assert {"'+1+1", "'@SUM(A1)", "'-2+3"} <= set(values)
    # Stored in the one form (lists.itemtext), a leading tab or CR is no longer there to hide one.
    assert {"制表符开头", "回车开头"} <= set(values)
    assert not any(isinstance(v, str) and v[0] in "=+-@\t\r" for v in values)
    text = export_csv(version).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text and ",-2+3" not in text


def test_neutralise_leaves_ordinary_text_and_numbers():
    assert neutralise("《行政处罚法》第三十三条") == "《行政处罚法》第三十三条"
    assert neutralise(3) == 3


def test_download_urls_serve_the_current_and_earlier_versions(citizen, published, clerk, reviewer):
    revision = workflow.start_revision(published.list, acting_user=clerk)
    add_items(revision, [{"matter": "第二版新增事项", "condition": "c"}])
    workflow.submit(revision, acting_user=clerk)
    workflow.approve(revision, acting_user=reviewer)
    workflow.publish(revision, acting_user=clerk)
    base = "/agencies/scjg/no-penalty/"

    response = citizen.get(base + "download.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    assert sheet_of(response.getvalue()).max_row == 4 + 1 + 4  # header rows, 一、…, 4 rows

    old = sheet_of(citizen.get(base + "download.xlsx?version=1").getvalue())
    assert old["A1"].value.endswith("（第1版，已被修订）")
    assert old.max_row == 4 + 1 + 3

    old_csv = citizen.get(base + "download.csv?version=1").getvalue()
    assert old_csv.startswith(b"\xef\xbb\xbf")
    assert "第二版新增事项" not in old_csv.decode("utf-8-sig")


def test_unpublished_versions_cannot_be_downloaded(citizen, agency, clerk, reviewer):
    version = draft_list(agency, clerk)
    base = "/agencies/scjg/no-penalty/"
    assert citizen.get(base + "download.xlsx").status_code == 404
    workflow.submit(version, acting_user=clerk)
    workflow.approve(version, acting_user=reviewer)
    assert citizen.get(base + "download.csv").status_code == 404
    assert citizen.get(base + "download.csv?version=1").status_code == 404


def test_rows_without_section_come_last_under_their_own_heading_numbered_as_shown(
    agency, clerk, reviewer
):
    # A list type whose rows need not belong to a section (a region that says so).
    ListType.objects.filter(code="no-penalty").update(sections_required=False)
    section = ListSection.objects.get(list_type__code="no-penalty", number=1)
    rows = [
        {"matter": "甲", "condition": "c", "section": None},
        {"matter": "乙", "condition": "c", "section": section},
    ]
    version = published_version(agency, clerk, reviewer, rows=rows)
    sheet = sheet_of(export_xlsx(version))
    column_a = [sheet.cell(row, 1).value for row in range(5, sheet.max_row + 1)]
    assert column_a == [section.title, 1, "其他事项", 2]
