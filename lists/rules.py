"""The exclusion rule of the seeds, as warnings for the clerk and the reviewer.

Acts that exploit natural disasters, accidents, public-health or social-safety emergencies
(囤积居奇, 哄抬物价 …), and acts in high-risk fields that may cause serious harm or are costly to
correct, must not enter the no-penalty, mitigated-penalty or no-coercion lists. Software cannot
decide that; it flags the rows and the reviewer decides. A flag never blocks saving.
"""

EMERGENCY_TERMS = (
    "囤积居奇",
    "哄抬物价",
    "哄抬价格",
    "突发事件",
    "自然灾害",
    "事故灾难",
    "疫情",
    "公共卫生事件",
)
HIGH_RISK_TERMS = (
    "食品",
    "药品",
    "疫苗",
    "医疗器械",
    "特种设备",
    "安全生产",
    "危险化学品",
    "危险物品",
    "烟花爆竹",
    "消防",
    "生态环境",
    "污染",
    "危险废物",
    "放射",
    "矿山",
)
TEXT_FIELDS = ("matter", "category", "condition", "legal_basis")

EMERGENCY_WARNING = (
    "涉及突发事件中的囤积居奇、哄抬物价等行为（{terms}）：按规定不得纳入本清单，请审查。"
)
HIGH_RISK_WARNING = (
    "涉及高风险领域（{terms}）：可能造成严重后果或纠错成本较高的行为不得纳入本清单，请审查。"
)


def _found(text: str, terms: tuple[str, ...]) -> list[str]:
    return [term for term in terms if term in text]


def exclusion_warnings(item, list_type) -> list[str]:
    """Warnings for one row; empty when the list type is outside the rule or nothing matches."""
    if not list_type.exclusion_rule_applies:
        return []
    text = " ".join(str(getattr(item, name, "") or "") for name in TEXT_FIELDS)
    warnings = []
    if emergency := _found(text, EMERGENCY_TERMS):
        warnings.append(EMERGENCY_WARNING.format(terms="、".join(emergency)))
    if high_risk := _found(text, HIGH_RISK_TERMS):
        warnings.append(HIGH_RISK_WARNING.format(terms="、".join(high_risk)))
    return warnings
