"""Published lists in their official table shape: the columns shared by the web page, the print
page, the .xlsx and the .csv downloads.

The official table (附件1-4) has 序号 · 事项 · 实施机关 · 适用条件 · 法律依据 · 备注 under a title and a
line 单位：…; optional columns (类别, 从宽依据, 配套监管措施, any `Item.extra` column) appear only when
some row of the version fills them. Every exported text cell is neutralised against spreadsheet
formula injection.
"""

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Count, Q

from lists.cells import safe_cell as neutralise
from lists.cells import xml_safe
from lists.in_force import chinese_date, local_date
from lists.models import Item, ListType, ListVersion


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int  # in characters, for the spreadsheet
    get: Callable[[Item], object]

    def text(self, item: Item) -> str:
        value = self.get(item)
        return "" if value is None else str(value)


def _attr(name: str) -> Callable[[Item], object]:
    return lambda item: getattr(item, name)


def _extra(name: str) -> Callable[[Item], object]:
    return lambda item: (item.extra or {}).get(name, "")


def EXPORT_COLUMNS(list_type: ListType, items: Iterable[Item] = ()) -> list[Column]:  # noqa: N802
    """The columns of a list type, in official order, plus the optional columns some of `items`
    fill (pass the version's items to get them; without items, only the six official columns)."""
    items = list(items)

    def filled(name: str) -> bool:
        return any(getattr(item, name) for item in items)

    extra_keys: list[str] = []
    for item in items:
        extra_keys += [key for key in (item.extra or {}) if key not in extra_keys]

    columns = [Column("seq", "序号", 6, _attr("seq"))]
    if filled("category"):
        columns.append(Column("category", "类别", 14, _attr("category")))
    columns += [
        Column("matter", list_type.item_label, 28, _attr("matter")),
        Column("implementing_body", "实施机关", 14, _attr("implementing_body")),
        Column("condition", list_type.condition_label, 36, _attr("condition")),
        Column("legal_basis", "法律依据", 40, _attr("legal_basis")),
    ]
    if filled("leniency_basis"):
        label = list_type.leniency_basis_label or "从宽依据"
        columns.append(Column("leniency_basis", label, 30, _attr("leniency_basis")))
    if filled("supervision_measures"):
        columns.append(
            Column("supervision_measures", "配套监管措施", 24, _attr("supervision_measures"))
        )
    columns += [Column(f"extra:{key}", key, 16, _extra(key)) for key in extra_keys]
    columns.append(Column("note", "备注", 14, _attr("note")))
    return columns


OTHER_SECTION = SimpleNamespace(pk=None, title="其他事项")
HEADER_ROW = 4  # of the .xlsx: title, 单位, who vouches, then the column headers


def table_rows(items: Iterable[Item]) -> Iterator[tuple[str, object]]:
    """("section", ListSection) before the first row of each section, then ("item", Item).

    Rows without a section that follow sectioned rows get an 其他事项 heading, so they are not
    read as part of the last section."""
    current_section = None
    for item in items:
        if item.section_id and item.section_id != getattr(current_section, "pk", None):
            current_section = item.section
            yield "section", current_section
        elif not item.section_id and current_section not in (None, OTHER_SECTION):
            current_section = OTHER_SECTION
            yield "section", current_section
        yield "item", item


def title_of(version: ListVersion) -> str:
    """The table's title, saying when the version is not the one in force today: an older
    version still in force (its successor's 施行日期 not yet come) has no remark."""
    title = f"{version.list.agency.name}{version.list.list_type.name}"
    state = version.public_state if version.is_public else None
    if state is not None and state.is_in_force:
        return title
    if state is not None and state.is_upcoming:
        return title + f"（第{version.number}版，{chinese_date(version.effective_date)}起施行）"
    if version.status == ListVersion.Status.SUPERSEDED:
        title += f"（第{version.number}版，已被修订）"
    return title


def provenance(version: ListVersion) -> str:
    """Who vouches for the file, on its own line under the title: version, 文号, dates and the
    legality review ("经示例市司法局合法性审查"), so a printed or forwarded file still says it."""
    state = version.public_state
    status = state.label if state else f"{version.get_status_display()}，未公布"
    parts = [f"第{version.number}版（{status}）"]
    if version.document_no:
        parts.append(f"文号：{version.document_no}")
    if version.effective_date:
        parts.append(f"施行日期：{chinese_date(version.effective_date)}")
    if version.published_on:
        parts.append(f"公布日期：{chinese_date(version.published_on)}")
    if version.review_authority:
        reviewed = f"经{version.review_authority}合法性审查"
        if version.reviewed_at and version.status != ListVersion.Status.RETURNED:
            reviewed += f"（{chinese_date(local_date(version.reviewed_at))}审查通过）"
        parts.append(reviewed)
    else:
        parts.append("未经合法性审查" if not state else "未记录审查机关")
    return " · ".join(parts)


def version_rows(version: ListVersion, chunk_size: int = 2000) -> Iterator[Item]:
    """The rows of a version by 序号 alone, as every screen shows them (lists.ordering numbers
    rows in section order), read in chunks, without the search tokens."""
    return (
        version.items.select_related("section")
        .defer("search_a", "search_b", "search_c")
        .order_by("seq")
        .iterator(chunk_size=chunk_size)
    )


OPTIONAL_FIELDS = ("category", "leniency_basis", "supervision_measures")


def version_columns(version: ListVersion) -> list[Column]:
    """EXPORT_COLUMNS of a version without loading its rows: which optional columns some row
    fills (one aggregate query) and the 其他列 headers in order of first appearance."""
    items = version.items.all()
    filled = items.aggregate(
        **{name: Count("pk", filter=~Q(**{name: ""})) for name in OPTIONAL_FIELDS}
    )
    probe = SimpleNamespace(**{name: bool(filled[name]) for name in OPTIONAL_FIELDS})
    probe.extra = {}
    probes = [probe]
    extras = items.exclude(extra={}).order_by("seq").values_list("extra", flat=True)
    for extra in extras.iterator(chunk_size=2000):
        probes.append(SimpleNamespace(extra=extra, **{name: "" for name in OPTIONAL_FIELDS}))
    return EXPORT_COLUMNS(version.list.list_type, probes)


def sheet_title(name: str) -> str:
    # Excel refuses sheet names with \ / ? * [ ] : or longer than 31 characters.
    return re.sub(r"[\\/?*\[\]:]", "", xml_safe(name)).strip("'")[:31] or "清单"


def export_xlsx(version: ListVersion) -> bytes:
    """The version as an official .xlsx table, ready to print on A4 landscape (written in
    streaming mode: lists.official_xlsx)."""
    from lists.official_xlsx import write_xlsx

    buffer = io.BytesIO()
    write_xlsx(version, buffer)
    return buffer.getvalue()


def export_csv(version: ListVersion) -> bytes:
    """The version as UTF-8 CSV with a BOM (so Excel opens Chinese text correctly), in the same
    shape as the official table: title, 单位 and who vouches above the header, the no-penalty
    sections as rows of their own."""
    columns = version_columns(version)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    padding = [""] * (len(columns) - 1)
    for line in (title_of(version), f"单位：{version.list.agency.name}", provenance(version)):
        writer.writerow([neutralise(line)] + padding)
    writer.writerow([neutralise(column.label) for column in columns])
    for kind, row in table_rows(version_rows(version)):
        if kind == "section":
            writer.writerow([neutralise(row.title)] + [""] * (len(columns) - 1))
        else:
            writer.writerow([neutralise(column.text(row)) for column in columns])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")
