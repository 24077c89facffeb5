"""What a previewed import will do to the list it lands in, said before the clerk confirms.

"将替换草稿中现有的 N 项" or "将在已发布的第 N 版基础上新建修订", with the rows added, changed
and removed compared with the rows there now. Rows are matched as the writer keeps their keys:
by the folded 事项 text.
"""

from dataclasses import dataclass

from lists.importers.text import squash
from lists.itemtext import normalise
from lists.models import EnforcementList, Item, ListVersion

COMPARED = ("matter", "category", "implementing_body", "condition", "legal_basis", "note")


@dataclass
class Impact:
    summary: str
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    duplicates: int = 0  # appended rows named like a row already there: they will repeat
    refused: bool = False


def _compare(current: dict[str, dict], incoming: list[dict], replace: bool) -> dict:
    if not replace:  # APPEND writes every row after the existing ones
        named = sum(1 for row in incoming if squash(row.get("matter", "")) in current)
        return {"added": len(incoming), "duplicates": named}
    added = changed = unchanged = 0
    seen = set()
    for row in incoming:
        key = squash(row.get("matter", ""))
        before = current.get(key)
        if before is None or key in seen:
            added += 1
        elif any(normalise(before.get(n)) != normalise(row.get(n)) for n in COMPARED):
            changed += 1
        else:
            unchanged += 1
        seen.add(key)
    removed = len(set(current) - seen)
    return {"added": added, "changed": changed, "removed": removed, "unchanged": unchanged}


def _rows_of(version) -> dict[str, dict]:
    return {squash(row["matter"]): row for row in version.items.values(*COMPARED)}


def import_impact(agency, list_type, rows: list[dict], mode: str) -> Impact:
    """`rows` are the parsed rows' field values; `mode` is "replace" or "append"."""
    replace = mode == "replace"
    enforcement_list = EnforcementList.objects.filter(agency=agency, list_type=list_type).first()
    if enforcement_list is None:
        return Impact(f"将新建“{list_type.name}”并导入 {len(rows)} 项。", added=len(rows))
    versions = list(enforcement_list.versions.order_by("-number"))
    open_version = next((v for v in versions if v.status in ListVersion.OPEN_STATUSES), None)
    if open_version is not None and not open_version.is_editable:
        state = open_version.get_status_display()
        return Impact(
            f"第 {open_version.number} 版{state}，不能导入；请等待审查结束。", refused=True
        )
    if open_version is not None:
        current = _rows_of(open_version)
        counts = _compare(current, rows, replace)
        count = Item.objects.filter(version=open_version).count()
        if replace:
            text = f"将替换草稿（第 {open_version.number} 版）中现有的 {count} 项。"
        else:
            text = f"将追加到草稿（第 {open_version.number} 版）现有的 {count} 项之后。"
        return Impact(text, **counts)
    published = next((v for v in versions if v.status == ListVersion.Status.PUBLISHED), None)
    if published is None:
        return Impact(f"将导入 {len(rows)} 项。", added=len(rows))
    counts = _compare(_rows_of(published), rows, replace)
    return Impact(
        f"将在已发布的第 {published.number} 版基础上新建修订（第 {versions[0].number + 1} 版草稿），"
        "发布前需重新提交审查。",
        **counts,
    )
