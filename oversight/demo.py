"""Oversight demo data for 示例市 (called by `load_demo`; idempotent).

The bureau's settings, the 2023 campaign (four lists, 11月30日前), two 不适用, the verified laws the
demo rows cite with a few aliases, two real law changes that affect demo lists — 《反不正当竞争法》
revised on 2025-06-27 (scjg cites it) and 《环境噪声污染防治法》 repealed on 2022-06-05 by the
噪声污染防治法 (sthj's 2022 list still cites it) — and half a year of application counts for scjg.
"""

import datetime

from agencies.models import Agency
from lists.models import ListType
from lists.selectors import current_items
from oversight import adjustment, registry
from oversight.models import ApplicationCount, BureauSettings, Campaign, Exemption, Law, LawAlias

LAWS = [
    # name, edition, promulgated, aliases
    ("中华人民共和国行政处罚法", "2021年修订", datetime.date(2021, 1, 22), []),
    ("中华人民共和国安全生产法", "2021年修正", datetime.date(2021, 6, 10), []),
    ("中华人民共和国环境影响评价法", "2018年修正", datetime.date(2018, 12, 29), ["环评法"]),
    ("中华人民共和国固体废物污染环境防治法", "2020年修订", datetime.date(2020, 4, 29), ["固废法"]),
    ("中华人民共和国消防法", "2021年修正", datetime.date(2021, 4, 29), []),
    ("中华人民共和国反不正当竞争法", "2019年修正", datetime.date(2019, 4, 23), ["反法"]),
    ("中华人民共和国环境噪声污染防治法", "2018年修正", datetime.date(2018, 12, 29), []),
]
CHANGES = [
    (
        "反不正当竞争法",
        Law.Status.AMENDED,
        datetime.date(2025, 6, 27),
        "2025年6月27日第十四届全国人民代表大会常务委员会第十六次会议修订，自2025年10月15日起施行。",
    ),
    (
        "环境噪声污染防治法",
        Law.Status.REPEALED,
        datetime.date(2022, 6, 5),
        "《中华人民共和国噪声污染防治法》自2022年6月5日起施行，《中华人民共和国环境噪声污染防治法》同时废止。",
    ),
]
COUNTS = [3, 0, 5, 1, 2, 0]  # cases per month, Jan-Jun 2025, for scjg's rows in turn


def load(agencies: dict[str, Agency], users: dict) -> None:
    bureau = agencies["sfj"]
    BureauSettings.objects.update_or_create(
        bureau=bureau, defaults={"filing_prefix": "示司备", "document_prefix": "示司"}
    )
    campaign, created = Campaign.objects.get_or_create(
        bureau=bureau,
        name="示例市2023年减免责清单编制公布工作",
        defaults={
            "due_date": datetime.date(2023, 11, 30),
            "note": "各执法部门于2023年11月底前完成四张清单的编制并公示。",
        },
    )
    if created:
        campaign.list_types.set(ListType.objects.all())
    coercion = ListType.objects.get(code="no-coercion")
    for code, reason in [
        ("fgw", "本单位无行政强制职权。"),
        ("rsj", "本单位行政强制事项均由公安机关实施。"),
    ]:
        Exemption.objects.get_or_create(
            agency=agencies[code],
            list_type=coercion,
            defaults={"reason": reason, "decided_by": users["lead-sfj"]},
        )
    load_laws(users["lead-sfj"])
    load_counts(agencies["scjg"], users["clerk-scjg"])


def load_laws(lead) -> None:
    for name, edition, promulgated, aliases in LAWS:
        law = Law.objects.filter(key=registry.law_key(name)).first() or Law(name=name)
        law.name, law.edition, law.promulgated_on, law.verified = name, edition, promulgated, True
        law.save()
        for alias in aliases:
            LawAlias.objects.get_or_create(law=law, name=alias)
    for key, status, on_date, note in CHANGES:
        law = Law.objects.get(key=key)
        if law.status != status:
            adjustment.change_law_status(law, status, acting_user=lead, on_date=on_date, note=note)


def load_counts(agency: Agency, clerk) -> None:
    items = current_items().filter(
        version__list__agency=agency, version__list__list_type__code="no-penalty"
    )
    for index, item in enumerate(items.select_related("version__list").order_by("seq")[:4]):
        for month, base in enumerate(COUNTS, start=1):
            ApplicationCount.objects.get_or_create(
                list=item.version.list,
                item_key=item.key,
                month=datetime.date(2025, month, 1),
                defaults={
                    "matter": item.matter[:300],
                    "cases": (base + index) % 6,
                    "entered_by": clerk,
                },
            )
