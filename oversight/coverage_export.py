"""The coverage board as an .xlsx workbook (openpyxl): one row per agency, three columns per list."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from lists.cells import safe_cell
from lists.in_force import local_date
from oversight.coverage import Board

LATE = PatternFill("solid", fgColor="F8D7DA")
DONE = PatternFill("solid", fgColor="D4EDDA")


def cell_text(cell) -> str:
    text = cell.label
    if cell.state == "exempt":
        text += f"：{cell.reason}"
    elif cell.state == "city":
        text += f"（{cell.city_count}个市级部门）"
    if cell.late:
        text += "（逾期）"
    elif cell.published_late:
        text += "（逾期公布）"
    return text


def _append(sheet, values) -> None:
    # Agency names, 文号 and campaign names are typed by people: never a live formula.
    sheet.append([safe_cell(value) for value in values])


def export_board(board: Board) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "清单公布情况"
    width = 3 + 3 * len(board.list_types)
    _append(sheet, [f"{board.bureau.name} 减免责清单公布情况（截至 {board.today:%Y年%m月%d日}）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(bold=True, size=14)
    header = ["单位", "层级", "执法领域"]
    for list_type in board.list_types:
        header += [
            f"{list_type.short_name}·状态",
            f"{list_type.short_name}·文号",
            f"{list_type.short_name}·公布日期",
        ]
    _append(sheet, header)
    for column in range(1, width + 1):
        sheet.cell(row=2, column=column).font = Font(bold=True)
    for row in board.rows:
        values = [
            row.agency.name,
            row.agency.get_level_display(),
            "、".join(row.agency.fields or []),
        ]
        for cell in row.cells:
            version = cell.version or {}
            published = version.get("published_at")
            values += [
                cell_text(cell),
                version.get("document_no", ""),
                local_date(published).isoformat() if published else "",
            ]
        _append(sheet, values)
        for index, cell in enumerate(row.cells):
            target = sheet.cell(row=sheet.max_row, column=4 + 3 * index)
            target.fill = (
                LATE
                if cell.late
                else DONE
                if cell.state in ("in_force", "exempt", "city")
                else PatternFill()
            )
    for column in range(1, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 28 if column == 1 else 16
        for cells in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cells[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "D3"
    campaigns = book.create_sheet("专项工作期限")
    _append(campaigns, ["工作名称", "完成期限", "须公布的清单", "适用单位"])
    for campaign in board.campaigns:
        types = "、".join(t.short_name for t in campaign.list_types.all())
        agencies = (
            "、".join(a.display_name for a in campaign.agencies.all()) or "本局审查的全部执法部门"
        )
        _append(campaigns, [campaign.name, campaign.due_date, types, agencies])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
