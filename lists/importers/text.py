"""Recognising what a cell says: header names, list titles, section rows, footers.

Everything here works on a normalised form of the text (full-width folded, traditional
characters simplified, spaces and parentheticals removed); the text that is stored is never
normalised - cells are kept as written.
"""

import functools
import re
import unicodedata

# Traditional -> simplified, only for the characters that occur in headers, titles, section
# rows and footers of these lists. Recognition only; stored text keeps the source's characters.
_T2S = str.maketrans(
    "號項稱據處罰實機關條適備註違為種類別監領輕減從強製體執門規範設節務單蓋審見說報險錯過觀"
    "後沒無發現時顯導層級權碼編準責許請並當證場經營檢舉簽負與於錄紀應標題劃擾計幅內容規範"
    "辦註罰歸屬範圍產業態歷補償護區縣級鄉鎮農業環資源質員會議備註備",
    "号项称据处罚实机关条适备注违为种类别监领轻减从强制体执门规范设节务单盖审见说报险错过观"
    "后没无发现时显导层级权码编准责许请并当证场经营检举签负与于录纪应标题划扰计幅内容规范"
    "办注罚归属范围产业态历补偿护区县级乡镇农业环资源质员会议备注备",
)
_PARENTHETICAL = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕")
_NOISE = re.compile(r"[\s:*※\"'“”‘’。.,，、;；]+")


def fold(text: str) -> str:
    """Full-width to half-width and traditional to simplified; spaces kept."""
    return unicodedata.normalize("NFKC", text).translate(_T2S)


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
TEXT_FIELDS = [name for name in FIELD_LABELS if name != "seq"]

_EXACT = {
    "序号": "seq",
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


# List types by the words of a title, a sheet name or a condition header; earliest match wins.
_TYPE_WORDS = [
    ("no-coercion", ("免予行政强制", "不予行政强制", "免予强制", "不予强制", "行政强制")),
    ("mitigated-penalty", ("减轻",)),
    ("lighter-penalty", ("从轻",)),
    (
        "no-penalty",
        ("不予处罚", "不予行政处罚", "免予处罚", "免予行政处罚", "免处罚", "免罚", "不罚"),
    ),
]


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
    if len(key) > 40 or ("清单" not in key and len(key) > 16):
        return None
    return list_type_in(key)


def section_number(text: str) -> int | None:
    """Which statutory section of the no-penalty list a row introduces, if any."""
    key = squash(text)
    if len(key) > 80:  # a scope paragraph quoting the law, not a section row
        return None
    if "初次违法" in key or "首违" in key or "首次违法" in key:
        return 2
    if "主观过错" in key:
        return 3
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
