"""Rows pasted from Excel/WPS, read by the importer so that they obey the same rules.

A spreadsheet puts a copied block on the clipboard as tab-separated text (cells holding line
breaks or tabs in quotes). The block is handed to lists.importers.read_table as a CSV file: the
same header recognition, section rows (一、… of a 不予处罚 list), skipped "无" and blank rows,
required 事项 and 适用条件 and length limits as an import. A block copied without its header row
gets the official header, starting at the column the clerk pasted into (and 序号 first when
the first column holds only numbers).
"""

import csv
import io

from lists.importers import ImportFailed, read_table
from lists.importers.reader import header_fields
from lists.importers.text import is_plain_number

# The official order of a list's columns after 序号, as a copied table holds them.
PASTE_ORDER = ("matter", "implementing_body", "condition", "legal_basis", "note")
HEADERS = {
    "seq": "序号",
    "matter": "事项",
    "implementing_body": "实施机关",
    "condition": "适用条件",
    "legal_basis": "法律依据",
    "note": "备注",
}
FIELDS = (*PASTE_ORDER, "category", "leniency_basis", "supervision_measures")
MAX_CHARS = 2_000_000
TOO_LONG = "粘贴的内容超过 200 万字，请分批粘贴，或使用“导入表格”。"
NOTHING = "粘贴的内容中没有可填入的行。"


def read_paste(text: str, list_type, start: str = "matter") -> dict:
    """{"rows": [{field: text, "section": pk|None, "line": n, "errors": [...]}], "errors": [...]}.

    `start` is the column pasted into. From 事项 the block makes rows as an import would; from
    a later column it fills those columns of the rows already there, one line per row.
    """
    if len(text) > MAX_CHARS:
        return {"rows": [], "errors": [TOO_LONG]}
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [cells for cells in csv.reader(io.StringIO(text), delimiter="\t")]
    filled = [cells for cells in lines if any(cell.strip() for cell in cells)]
    if not filled:
        return {"rows": [], "errors": [NOTHING]}
    start = start if start in PASTE_ORDER else "matter"
    fill = start != "matter"
    shift = 0
    if fill:
        text = _with_placeholder_matter(lines, start)
        shift = 1
    elif header_fields([cell.strip() for cell in filled[0]]) is None:
        text = _official_header(filled, start) + "\n" + text
        shift = 1
    try:
        preview = read_table(text.encode("utf-8"), list_type=list_type.code)
    except ImportFailed as error:
        return {"rows": [], "errors": [e.message for e in error.errors]}
    sections = {s.number: s.pk for s in list_type.sections.all()}
    rows = [_row(parsed, sections, shift, fill) for parsed in preview.rows]
    return {"rows": rows, "errors": [] if rows else [NOTHING]}


def _official_header(lines: list[list[str]], start: str) -> str:
    width = max(len(cells) for cells in lines)
    data = [cells for cells in lines if sum(1 for cell in cells if cell.strip()) > 1]
    numbered = bool(data) and all(is_plain_number(cells[0].strip()) for cells in data)
    fields = list(PASTE_ORDER[PASTE_ORDER.index(start) :])
    if numbered and width > 1:
        fields.insert(0, "seq")
    headers = [HEADERS[name] for name in fields][:width]
    headers += [f"第{index + 1}列" for index in range(len(headers), width)]
    return "\t".join(headers)


def _with_placeholder_matter(lines: list[list[str]], start: str) -> str:
    """Cells for rows already there: every line keeps its place (a stand-in 事项 per line)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(["事项", *_official_header(lines, start).split("\t")])
    for cells in lines:
        writer.writerow([_STAND_IN, *cells])
    return out.getvalue()


_STAND_IN = "（已有事项）"


def _row(parsed, sections, shift: int, fill: bool) -> dict:
    row = {name: parsed.values.get(name, "") for name in FIELDS if name in parsed.values}
    errors = parsed.errors
    if fill:
        row.pop("matter", None)
        errors = [error for error in errors if error.column != 0]
    row["section"] = sections.get(parsed.section)
    row["line"] = parsed.place.row - shift
    row["errors"] = [f"粘贴的第 {row['line']} 行：{error.message}" for error in errors]
    return row
