"""Layouts inside the table: heading rows, hidden rows and columns, a condition stated outside
the table, a 清单 column holding several list types; and what the command says to its user."""

import io
import json

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lists.importers import import_preview, read_table
from lists.importers import results as msg
from lists.models import EnforcementList, Item, ListVersion
from tests.import_files import csv_bytes, real_rows, xlsx_bytes


def counts():
    return (EnforcementList.objects.count(), ListVersion.objects.count(), Item.objects.count())


def weihai():
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    return header, rows


# --- heading rows inside the table ----------------------------------------------------------


def test_headings_in_a_no_penalty_list_map_to_sections_and_fill_the_category():
    header, rows = weihai()
    table = [
        header,
        ["一", "安全生产领域", "", ""],
        ["（一）", "轻微不罚", "", ""],
        ["1-1", *rows[0][1:]],
        ["（二）", "首违免罚", "", ""],
        ["2-1", *rows[1][1:]],
        ["2-2", *rows[2][1:]],
    ]
    preview = read_table(xlsx_bytes({"不予处罚": table}))
    assert preview.is_valid, [e.text for e in preview.all_errors]
    got = [
        (row.seq, row.section, row.values.get("category"), row.extra, row.values["matter"])
        for row in preview.rows
    ]
    assert got == [
        (1, 1, "安全生产领域", {msg.ORIGINAL_SEQ: "1-1"}, rows[0][1]),
        (2, 2, "安全生产领域", {msg.ORIGINAL_SEQ: "2-1"}, rows[1][1]),
        (3, 2, "安全生产领域", {msg.ORIGINAL_SEQ: "2-2"}, rows[2][1]),
    ]


def test_headings_in_a_lighter_penalty_list_fill_the_field_of_the_rows_below():
    header, *rows = real_rows("zrzy_congqing_chufa_provincial_template.csv")
    header = [h for i, h in enumerate(header) if i != 1]  # no 管理领域 column of its own
    rows = [[c for i, c in enumerate(row) if i != 1] for row in rows]
    table = [
        ["自然资源从轻处罚事项清单"],
        header,
        ["一、土地管理"],  # a merged row across the table: the text in its first cell
        rows[0],
        ["二、矿产资源管理"],
        ["（一）", "勘查开采", "", "", "", ""],
        rows[1],
    ]
    preview = read_table(xlsx_bytes({"从轻处罚": table}, {"从轻处罚": ["A3:F3", "A5:F5"]}))
    assert preview.is_valid, [e.text for e in preview.all_errors]
    assert [parsed.list_type for parsed in preview.lists] == ["lighter-penalty"]
    assert [(r.section, r.values.get("category")) for r in preview.rows] == [
        (None, "土地管理"),
        (None, "矿产资源管理/勘查开采"),
    ]


def _unnumbered_headings(build) -> list:
    """Headings without numbers, merged across the table: from column A, and from column B."""
    header, *rows = real_rows("jiangmen_sthj_buyu_chufa_2022.csv")
    header = [header[0], *header[2:]]  # 序号 违法行为 违反条款 不予处罚的情节
    rows = [[row[0], *row[2:]] for row in rows]
    table = [
        ["江门市生态环境局不予处罚事项清单"],
        header,
        ["建设项目管理"],  # merged A:D
        rows[0],
        ["", "环评文件"],  # merged B:D
        rows[1],
        ["水污染防治"],  # merged A:D
        rows[8],
    ]
    preview = read_table(build(table))
    assert preview.is_valid, [e.text for e in preview.all_errors]
    return [(row.values.get("category"), row.values["matter"]) for row in preview.rows], rows


def _xlsx_merged(table) -> bytes:
    merges = [f"A{n}:D{n}" for n in (1, 3, 7)] + ["B5:D5"]
    return xlsx_bytes({"Sheet1": table}, {"Sheet1": merges})


def _docx_spanned(table) -> bytes:
    """Heading cells merged across as Word merges them (gridSpan)."""
    document = docx.Document()
    document.add_paragraph(table[0][0])
    grid = document.add_table(rows=len(table) - 1, cols=4)
    for number, row in enumerate(table[1:]):
        for column, value in enumerate(row):
            grid.cell(number, column).text = value
    for number, first in ((1, 0), (3, 1), (5, 0)):
        grid.cell(number, first).merge(grid.cell(number, 3)).text = table[number + 1][first]
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _html_spanned(table) -> bytes:
    def tr(row):
        if len(row) == 1:
            return f"<tr><td colspan=4>{row[0]}</td></tr>"
        if row[0] == "":
            return f"<tr><td></td><td colspan=3>{row[1]}</td></tr>"
        return "<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>"

    return f"<html><body><table>{''.join(map(tr, table))}</table></body></html>".encode()


@pytest.mark.parametrize(
    "build", [_xlsx_merged, _docx_spanned, _html_spanned], ids=["xlsx", "docx", "html"]
)
def test_unnumbered_headings_merged_across_the_table_fill_the_category(build):
    got, rows = _unnumbered_headings(build)
    assert got == [
        ("建设项目管理", rows[0][1]),
        ("建设项目管理/环评文件", rows[1][1]),
        ("水污染防治", rows[8][1]),
    ]


# --- hidden rows and columns ------------------------------------------------------------------


def _hidden_workbook() -> bytes:
    header, rows = weihai()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "不予处罚"
    sheet.append([*header, "条件类型"])
    for number, row in enumerate(rows):
        sheet.append([*row, "A" if number else "B"])
    sheet.column_dimensions["E"].hidden = True
    sheet.row_dimensions[3].hidden = True  # the second item: struck out by the clerk
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_hidden_rows_and_columns_are_left_out_and_named():
    header, rows = weihai()
    preview = read_table(_hidden_workbook())
    assert [row.values["matter"] for row in preview.rows] == [rows[0][1], rows[2][1]]
    assert all(row.extra == {} for row in preview.rows)
    assert preview.warnings == [
        msg.HIDDEN_COLUMNS.format(names="条件类型"),
        msg.HIDDEN_ROWS.format(count=1, places="第 3 行"),
    ]


def test_the_clerk_can_take_hidden_rows_and_columns_in():
    header, rows = weihai()
    preview = read_table(_hidden_workbook(), include_hidden=True)
    assert [row.values["matter"] for row in preview.rows] == [row[1] for row in rows]
    assert [row.extra for row in preview.rows] == [{"条件类型": v} for v in ("B", "A", "A")]
    assert preview.warnings == []


# --- a condition stated once, outside the table -----------------------------------------------


def _tax_list():
    header, rows = weihai()
    stated = "适用条件：" + rows[0][2]
    table = [["国家税务总局某某市税务局不予处罚事项清单"], ["序号", "事项"]]
    table += [[row[0], row[1]] for row in rows] + [[stated]]
    return rows, xlsx_bytes({"Sheet1": table})


def test_a_list_without_condition_column_imports_with_a_warning_and_a_suggestion(agency, clerk):
    rows, data = _tax_list()
    preview = read_table(data)
    assert preview.is_valid and preview.warnings == [msg.NO_CONDITION_COLUMN]
    assert preview.suggested_condition == rows[0][2]
    assert [row.values.get("condition", "") for row in preview.rows] == ["", "", ""]
    (version,) = import_preview(preview, agency=agency, acting_user=clerk)
    assert list(version.items.values_list("condition", flat=True)) == ["", "", ""]


def test_a_tax_list_takes_its_condition_from_the_announcement_above_the_table():
    """序号 | 事项 only; the announcement says once when the listed acts are not punished."""
    header, rows = weihai()
    announcement = (
        "对于首次发生下列清单中所列事项且危害后果轻微，在税务机关发现前主动改正"
        "或者在税务机关责令限期改正的期限内改正的，不予行政处罚。"
    )
    table = [["税务行政处罚“首违不罚”事项清单"], [announcement], ["序号", "事项"]]
    table += [[row[0], row[1]] for row in rows]
    preview = read_table(xlsx_bytes({"Sheet1": table}))
    assert preview.is_valid and preview.warnings == [msg.NO_CONDITION_COLUMN]
    assert preview.suggested_condition == announcement
    assert [parsed.list_type for parsed in preview.lists] == ["no-penalty"]


def test_a_list_with_its_own_conditions_gets_no_suggested_condition():
    header, rows = weihai()
    stated = "适用条件：" + rows[0][2]
    preview = read_table(xlsx_bytes({"不予处罚": [header, *rows, [stated]]}))
    assert preview.suggested_condition == ""


def test_the_common_condition_fills_every_row_that_has_none():
    rows, data = _tax_list()
    preview = read_table(data, condition=rows[0][2])
    assert [row.values["condition"] for row in preview.rows] == [rows[0][2]] * 3


def test_a_draft_imported_without_conditions_cannot_be_submitted(agency, clerk):
    from lists import workflow

    _rows, data = _tax_list()
    (version,) = import_preview(read_table(data), agency=agency, acting_user=clerk)
    with pytest.raises(workflow.InvalidTransition):
        workflow.submit(version, acting_user=clerk)


# --- a 清单 column holding several list types --------------------------------------------------


def _mixed_types_csv() -> bytes:
    header, rows = weihai()
    kinds = ["不予处罚", "从轻处罚", "不予处罚"]
    return csv_bytes(
        [["清单", *header], *[[k, *row] for k, row in zip(kinds, rows, strict=True)]], "utf-8"
    )


def test_a_list_type_column_sends_each_row_to_its_own_list(agency, clerk):
    header, rows = weihai()
    preview = read_table(_mixed_types_csv())
    assert preview.is_valid
    assert [(p.list_type, len(p.rows)) for p in preview.lists] == [
        ("no-penalty", 2),
        ("lighter-penalty", 1),
    ]
    versions = import_preview(preview, agency=agency, acting_user=clerk)
    assert {v.list.list_type.code: v.items.count() for v in versions} == {
        "no-penalty": 2,
        "lighter-penalty": 1,
    }


def test_a_list_type_column_with_a_forced_type_is_refused_with_a_reason(agency):
    preview = read_table(_mixed_types_csv(), list_type="no-penalty")
    assert [e.message for e in preview.errors] == [
        msg.MIXED_TYPES.format(
            names="不予处罚事项清单、从轻处罚事项清单", forced="不予处罚事项清单"
        )
    ] or [e.message for e in preview.errors] == [
        msg.MIXED_TYPES.format(
            names="从轻处罚事项清单、不予处罚事项清单", forced="不予处罚事项清单"
        )
    ]


def test_an_unknown_list_type_in_the_column_is_a_row_error():
    header, rows = weihai()
    data = csv_bytes([["清单", *header], ["权责清单", *rows[0]]], "utf-8")
    errors = [e.text for e in read_table(data).all_errors]
    assert "第 2 行 A 列：" + msg.UNKNOWN_ROW_TYPE.format(text="权责清单") in errors


# --- the command speaks to its user -----------------------------------------------------------


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_list", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_asks_for_list_type_flag_when_the_type_is_unknown(agency, tmp_path):
    header, rows = weihai()
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([header, *rows], "utf-8"))
    before = counts()
    out, _err = run(str(path), "--agency", agency.code, "--json")
    message = json.loads(out)["errors"][0]["message"]
    assert "--list-type" in message and "no-penalty" in message
    assert "请选择清单类型" not in message
    assert counts() == before


def test_the_command_says_a_missing_file_in_chinese(agency, tmp_path):
    missing = tmp_path / "没有这个文件.xlsx"
    out, err = run(str(missing), "--agency", agency.code)
    assert f"找不到文件：{missing}" in err


def test_the_command_help_describes_mode_and_its_default(capsys):
    from lists.management.commands.import_list import Command

    parser = Command().create_parser("manage.py", "import_list")
    assert "replace 替换草稿中的全部事项（默认）" in parser.format_help()


def test_the_command_sends_a_list_type_column_to_each_list_and_says_so(agency, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(_mixed_types_csv())
    out, err = io.StringIO(), io.StringIO()
    call_command("import_list", str(path), "--agency", agency.code, stdout=out, stderr=err)
    assert "其中：不予处罚事项清单 2 项、从轻处罚事项清单 1 项" in out.getvalue()
    assert {
        version.list.list_type.code: version.items.count() for version in ListVersion.objects.all()
    } == {"no-penalty": 2, "lighter-penalty": 1}


def test_the_command_applies_a_common_condition_and_names_the_one_the_file_states(agency, tmp_path):
    rows, data = _tax_list()
    path = tmp_path / "tax.xlsx"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_list", str(path), "--agency", agency.code, "--dry-run", stdout=out, stderr=err
    )
    assert "可用 --condition 指定" in err.getvalue() and "下方" not in err.getvalue()
    assert f"文件中写明的条件：“{rows[0][2]}”" in err.getvalue()
    assert "未写入" in out.getvalue() and counts() == (0, 0, 0)
    call_command(
        "import_list", str(path), "--agency", agency.code, "--condition", rows[0][2], stdout=out
    )
    assert list(Item.objects.values_list("condition", flat=True)) == [rows[0][2]] * 3


def test_every_row_of_the_file_is_an_item_a_skipped_row_a_hidden_row_or_a_header():
    """Rows above the header, after the notes and titles under a chosen type are listed too."""
    header, rows = weihai()
    sign_off = ["单位（盖章）：", "威海市应急管理局", "日期：2025年1月"]
    after = ["抄送：市司法局", "", "2025年1月10日印发"]
    table = [
        ["威海市应急管理局不予处罚事项清单"],
        sign_off,
        header,
        *rows,
        ["说明：动态调整"],
        after,
    ]
    preview = read_table(xlsx_bytes({"Sheet1": table}), list_type="no-penalty")
    skipped = [text for _place, text in preview.lists[0].skipped]
    assert skipped == [
        "威海市应急管理局不予处罚事项清单",
        "单位（盖章）： 威海市应急管理局 日期：2025年1月",
        "说明：动态调整",
        "抄送：市司法局 2025年1月10日印发",
    ]
    assert len(preview.rows) == len(rows)


def test_a_two_level_header_is_read_and_shown_by_its_lower_row():
    header, *rows = real_rows("jiangmen_sthj_buyu_chufa_2022_excerpt.csv")
    table = [
        ["序号", "违法行为", "依据", None, "适用条件"],
        [None, None, "违反条款", "不予处罚依据"],
    ]
    table += [[r[0], r[2], r[3], "《中华人民共和国行政处罚法》第三十三条", r[4]] for r in rows]
    merges = ["A1:A2", "B1:B2", "C1:D1", "E1:E2"]
    preview = read_table(xlsx_bytes({"不予处罚": table}, {"不予处罚": merges}))
    assert preview.is_valid
    assert [(c.header, c.field) for c in preview.lists[0].columns] == [
        ("序号", "seq"),
        ("违法行为", "matter"),
        ("违反条款", "legal_basis"),
        ("不予处罚依据", "leniency_basis"),
        ("适用条件", "condition"),
    ]
    assert [row.values["legal_basis"] for row in preview.rows] == [r[3] for r in rows]
