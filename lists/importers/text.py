"""Recognising what a cell says: header names, list titles, section rows, footers.

Everything here works on a normalised form of the text (full-width folded, traditional
characters simplified by lists.textfold, spaces and parentheticals removed); the text that is
stored is never normalised - cells are kept as written.
"""

import functools
import re

from lists import textfold

_PARENTHETICAL = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕")
_NOISE = re.compile(r"[\s:*※\"'“”‘’。.,，、;；]+")


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Full-width to half-width and traditional to simplified (OpenCC); spaces kept."""
    return textfold.fold(text)


def squash(text: str) -> str:
    """The comparison form: folded, without whitespace or punctuation noise."""
    return _NOISE.sub("", fold(text))


def header_key(text: str) -> str:
    """A header cell's comparison form: also without parentheticals."""
    folded = fold(text)
    while True:
        stripped = _PARENTHETICAL.sub("", folded)
        if stripped == folded:
            break
        folded = stripped
    return _NOISE.sub("", folded)


# Item fields a column can be mapped to; "extra" keeps the column under its own header.
FIELD_LABELS = {
    "seq": "序号",
    "matter": "事项",
    "category": "类别/领域",
    "implementing_body": "实施机关",
    "condition": "适用条件",
    "legal_basis": "法律依据",
    "leniency_basis": "从宽依据",
    "supervision_measures": "配套监管措施",
    "note": "备注",
}
EXTRA = "extra"
LIST_TYPE = "list_type"  # a 清单 column: which list each row belongs to (not an Item field)
TEXT_FIELDS = [name for name in FIELD_LABELS if name != "seq"]

_EXACT = {
    "序号": "seq",
    "清单": LIST_TYPE,
    "清单类型": LIST_TYPE,
    "清单名称": LIST_TYPE,
    "所属清单": LIST_TYPE,
    "清单种类": LIST_TYPE,
    "清单类别": LIST_TYPE,
    "清单分类": LIST_TYPE,
    "适用清单": LIST_TYPE,
    "减免责类型": LIST_TYPE,
    "减免责清单类型": LIST_TYPE,
    "从宽类型": LIST_TYPE,
    "编号": "seq",
    "序": "seq",
    "事项": "matter",
    "违法行为": "matter",
    "违法情形": "matter",
    "违法行为种类": "matter",
    "违法行为名称": "matter",
    "实施机关": "implementing_body",
    "实施主体": "implementing_body",
    "执法主体": "implementing_body",
    "执法机关": "implementing_body",
    "实施部门": "implementing_body",
    "执法部门": "implementing_body",
    "相应处罚规定": "legal_basis",
    "备注": "note",
    "配套监管措施": "supervision_measures",
    "监管措施": "supervision_measures",
    "类别": "category",
    "监管领域": "category",
    "管理领域": "category",
    "执法领域": "category",
    "领域": "category",
    # Known columns with no Item field: kept in `extra` under their header.
    "免罚情形": EXTRA,
    "裁量幅度": EXTRA,
    "裁量情节": EXTRA,
    "裁量标准": EXTRA,
    "裁量基准": EXTRA,
    "基本编码": EXTRA,
    "违法代码": EXTRA,
    "权力层级": EXTRA,
    "行使层级": EXTRA,
    "事项编码": EXTRA,
}
_LENIENT_WORDS = ("免", "不予", "从轻", "减轻", "首违", "不罚", "容错")


@functools.lru_cache(maxsize=4096)
def field_for_header(text: str) -> str | None:
    """The Item field a header cell names, EXTRA for a known other column, None if not a header."""
    key = header_key(text)
    if not key or len(key) > 20:
        return None
    if key in _EXACT:
        return _EXACT[key]
    if key.endswith("依据"):
        return "leniency_basis" if any(w in key for w in _LENIENT_WORDS) else "legal_basis"
    if key.endswith(("条款", "处罚规定")):
        return "legal_basis"
    if "条件" in key or key.endswith(("情形", "情节")):
        return "condition"
    if key.endswith(("类别", "领域")):
        return "category"
    if key.endswith(("事项", "事项名称")) or key.startswith("违法行为"):
        return "matter"
    if key.endswith("监管措施"):
        return "supervision_measures"
    return None


def header_fields(cells: list[str]) -> list[tuple[int, str, str | None]] | None:
    """(index, header, field) for a header row, None for any other row."""
    filled = [cell for cell in cells if cell]
    if any(is_plain_number(cell) for cell in filled) or 2 * sum(
        len(cell) > 40 for cell in filled
    ) > len(filled):
        return None  # a numbered row, or one of long texts: data (the cheap test, row by row)
    found = []
    for index, cell in enumerate(cells):
        if cell:
            found.append((index, cell, field_for_header(cell) if len(cell) <= 40 else None))
    known = {field for _i, _c, field in found if field not in (None, EXTRA, "seq")}
    recognised = [item for item in found if item[2] is not None]
    if len(known) >= 2 and known & {"matter", "condition"} and 2 * len(recognised) >= len(found):
        return found
    # "序号 | 事项": a list that states its condition once, outside the table.
    if known == {"matter"} and len(recognised) == len(found) >= 2:
        return found
    return None


# List types by the words of a title, a sheet name or a condition header; earliest match wins.
_TYPE_WORDS = [
    ("no-coercion", ("免予行政强制", "不予行政强制", "免予强制", "不予强制", "免强制", "行政强制")),
    ("mitigated-penalty", ("减轻",)),
    ("lighter-penalty", ("从轻",)),
    (
        "no-penalty",
        ("不予处罚", "不予行政处罚", "免予处罚", "免予行政处罚", "免处罚", "免罚", "不罚"),
    ),
]


LIST_TYPE_NAMES = {
    "no-penalty": "不予处罚事项清单",
    "lighter-penalty": "从轻处罚事项清单",
    "mitigated-penalty": "减轻处罚事项清单",
    "no-coercion": "免予行政强制事项清单",
}


def list_type_in(text: str) -> str | None:
    key = squash(text)
    found = []
    for code, words in _TYPE_WORDS:
        positions = [key.find(w) for w in words if w in key]
        if positions:
            found.append((min(positions), code))
    return min(found)[1] if found else None


def title_list_type(text: str) -> str | None:
    """The list type a title row introduces ("从轻处罚事项清单"), None for other text."""
    key = squash(text)
    if len(key) > 40 or ("清单" not in key and "目录" not in key and len(key) > 16):
        return None
    return list_type_in(key)


def section_number(text: str) -> int | None:
    """Which statutory section of the no-penalty list a row introduces, if any."""
    key = squash(text)
    if len(key) > 80:  # a scope paragraph quoting the law, not a section row
        return None
    if "初次违法" in key or "首违" in key or "首次违法" in key:
        return 2
    if "主观过错" in key or "无过错" in key:
        return 3
    if key.endswith(("轻微不罚", "轻微免罚", "轻微不予处罚")):
        return 1
    if "轻微" in key and re.search(r"(没有|未|无)造成危害后果", key):
        return 1
    return None


_FOOTER = re.compile(r"^(说明|备注|抄送|注|附注|注释|填表说明)\s*([:：]|$|\s)")
_SIGN_OFF = re.compile(
    r"(单位|盖章|公章|法审|报送单位|填报单位|填报人|审核人|负责人|签字|联系人|联系电话|日期)\s*[:：(（]"
)


def is_footer(text: str) -> bool:
    return bool(_FOOTER.match(fold(text).strip()))


def is_sign_off(text: str) -> bool:
    return bool(_SIGN_OFF.search(fold(text)))


_PLACEHOLDERS = {"", "无", "暂无", "/", "-", "--", "—", "——", "空", "没有", "无事项"}


def is_placeholder(text: str) -> bool:
    return squash(text) in _PLACEHOLDERS or fold(text).strip() in _PLACEHOLDERS


_HEADING = re.compile(
    r"^\s*([(（]\s*[一二三四五六七八九十百]+\s*[)）]|[一二三四五六七八九十百]+\s*[、.．]|[一二三四五六七八九十百]+$)"
)


def heading_level(text: str) -> int | None:
    """1 for "一、", 2 for "（一）": the numbering of a heading row inside a table."""
    match = _HEADING.match(fold(text))
    if not match or len(squash(text)) > 40:
        return None
    return 2 if match[1].lstrip()[0] in "(（" else 1


def heading_like(text: str) -> bool:
    """Short enough to be a heading, and no sign-off or note line."""
    return 2 <= len(squash(text)) <= 30 and not is_sign_off(text) and not is_footer(text)


def heading_text(text: str) -> str:
    """A heading without its numbering: "一、城市管理领域" -> "城市管理领域"."""
    return _HEADING.sub("", text, count=1).strip() or text.strip()


def is_plain_number(text: str) -> bool:
    """ "12", "12.0", "12." or "12、": a row number, not a code worth keeping."""
    return bool(re.fullmatch(r"\d+(\.0+)?[.、．]?", text.strip()))


_LABELLED = re.compile(r"^\s*[^:：\n]{0,12}条件\s*[:：]\s*(.+)$", re.S)
_STATED = ("同时符合", "同时满足", "适用条件", "符合下列", "符合以下", "满足下列", "满足以下")
# An announcement that says once when the listed acts are spared: "对于首次发生下列清单中所列
# 事项且危害后果轻微，……及时改正的，不予行政处罚。"
_OUTCOMES = ("不予处罚", "不予行政处罚", "免予处罚", "从轻", "减轻", "免予行政强制", "不予行政强制")
_CIRCUMSTANCES = (
    "危害后果轻微",
    "及时改正",
    "主动改正",
    "首次",
    "初次",
    "首违",
    "没有造成危害后果",
)


_SENTENCE_END = re.compile(r"[。！？；;：:!?）)]$")


def _paragraphs(texts) -> list[str]:
    """Lines joined back into paragraphs: a PDF gives a long sentence as several lines."""
    out: list[str] = []
    for text in texts:
        text = text.strip()
        if out and len(squash(out[-1])) >= 15 and not _SENTENCE_END.search(out[-1]):
            out[-1] += text
        else:
            out.append(text)
    return out


def stated_condition(texts) -> str:
    """A condition the document states once, above or below the table ("适用条件：…")."""
    texts = _paragraphs(text for text in texts if not title_list_type(text))
    for text in texts:
        if any(word in squash(text) for word in _STATED):
            labelled = _LABELLED.match(text)
            return (labelled[1] if labelled else text).strip()
    for text in texts:
        key = squash(text)
        if (
            len(key) >= 15
            and any(w in key for w in _OUTCOMES)
            and any(w in key for w in _CIRCUMSTANCES)
        ):
            return text.strip()
    return ""
