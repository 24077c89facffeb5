"""The exclusion rule of the seeds, as flags for the clerk and the reviewer.

Acts that exploit natural disasters, accidents, public-health or social-safety emergencies
(囤积居奇, 哄抬物价 …), and acts that may cause serious consequences or are costly to correct,
must not enter the no-penalty, mitigated-penalty or no-coercion lists. Software cannot decide
that; it points at rows whose own wording hits the rule, and the reviewer decides. A flag never
blocks saving.

Two levels, so that a flag still means something:
- a row flag only where the row's matter or condition names such an act (legal bases and
  categories are left out: they name whole laws and fields, not the act);
- a caution once per version where the agency works in a high-risk field (食品药品、安全生产、
  生态环境 …): the whole list deserves care, which a flag on every row would drown.
"""

import re

# Acts that exploit an emergency, and their usual variants.
EMERGENCY_ACTS = (
    "囤积居奇",
    "哄抬物价",
    "哄抬价格",
    "哄抬",
    "囤积",
    "串通涨价",
    "捏造涨价",
    "散布涨价",
    "趁火打劫",
    "发国难财",
)
EMERGENCY_CONTEXT = (
    "突发事件",
    "自然灾害",
    "事故灾难",
    "事故灾害",
    "公共卫生事件",
    "社会安全事件",
    "疫情防控期间",
    "疫情期间",
    "应急状态",
)
# Wording the seeds use for acts that must stay out: serious consequences, costly to correct.
SERIOUS_ACTS = (
    "造成严重后果",
    "严重后果",
    "严重危害",
    "严重污染",
    "人员伤亡",
    "致人死亡",
    "重大事故",
    "重大安全隐患",
    "重大事故隐患",
    "纠错成本较高",
    "难以恢复",
    "不可逆",
    "假药",
    "劣药",
    "有毒有害",
    "病死",
    "非法添加",
)
HIGH_RISK_FIELDS = (
    "食品",
    "药品",
    "疫苗",
    "医疗器械",
    "特种设备",
    "安全生产",
    "危险化学品",
    "烟花爆竹",
    "消防",
    "生态环境",
    "卫生健康",
    "公共卫生",
    "矿山",
)
ROW_FIELDS = ("matter", "condition")
# A phrase that mentions the act only to rule it out ("未造成严重后果") is not a hit.
NEGATIONS = re.compile(r"(未|没有|不|无|尚未|并未)(造成|导致|产生|引发|致)?$")

EMERGENCY_WARNING = "涉及突发事件中的囤积居奇、哄抬物价等行为（{terms}）：按规定不得纳入本清单。"
SERIOUS_WARNING = "可能造成严重后果或纠错成本较高（{terms}）：按规定不得纳入本清单。"
FIELD_CAUTION = (
    "本单位属于{fields}等重点领域：可能造成严重后果或纠错成本较高的违法行为不得纳入本清单，"
    "请逐项审查。"
)


def _hits(text: str, terms: tuple[str, ...]) -> list[str]:
    found = []
    for term in terms:
        for match in re.finditer(re.escape(term), text):
            if not NEGATIONS.search(text[max(0, match.start() - 4) : match.start()]):
                found.append(term)
                break
    # "哄抬物价" already says "哄抬": name the longest form only.
    return [term for term in found if not any(term != other and term in other for other in found)]


def row_flags(item, list_type) -> list[str]:
    """Flags for one row, from its own matter and condition; empty outside the rule."""
    if not list_type.exclusion_rule_applies:
        return []
    text = "\n".join(str(getattr(item, name, "") or "") for name in ROW_FIELDS)
    flags = []
    if acts := _hits(text, EMERGENCY_ACTS) or _hits(text, EMERGENCY_CONTEXT):
        flags.append(EMERGENCY_WARNING.format(terms="、".join(acts)))
    if serious := _hits(text, SERIOUS_ACTS):
        flags.append(SERIOUS_WARNING.format(terms="、".join(serious)))
    return flags


# The name the admin inline and the model property have always used.
exclusion_warnings = row_flags


def field_caution(version) -> str:
    """The once-per-version caution for an agency in a high-risk field ("" when none applies)."""
    list_type = version.list.list_type
    if not list_type.exclusion_rule_applies:
        return ""
    agency = version.list.agency
    text = " ".join([agency.name, *(str(field) for field in agency.fields or [])])
    fields = [field for field in HIGH_RISK_FIELDS if field in text]
    if not fields:
        return ""
    return FIELD_CAUTION.format(fields="、".join(fields))
