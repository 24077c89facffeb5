"""The four lists of 附件1-4 and the three statutory sections of the no-penalty list.

List types are data: a region with a fifth list (从重处罚事项清单) adds a row, not code.
"""

from django.db import migrations

LIST_TYPES = [
    {
        "code": "no-penalty",
        "name": "不予处罚事项清单",
        "short_name": "不予处罚",
        "item_label": "行政处罚事项",
        "condition_label": "不予处罚适用条件",
        "leniency_basis_label": "不予处罚依据",
        "description": "违法行为轻微并及时改正、没有造成危害后果，初次违法且危害后果轻微并及时改正，或者有证据证明没有主观过错的，不罚款、不处罚。",
        "exclusion_rule_applies": True,
        "order": 1,
    },
    {
        "code": "lighter-penalty",
        "name": "从轻处罚事项清单",
        "short_name": "从轻处罚",
        "item_label": "行政处罚事项",
        "condition_label": "从轻处罚适用条件",
        "leniency_basis_label": "从轻处罚依据",
        "description": "主动消除危害后果、配合查处等情形下，在法定处罚幅度内选择较轻的处罚。",
        "exclusion_rule_applies": False,
        "order": 2,
    },
    {
        "code": "mitigated-penalty",
        "name": "减轻处罚事项清单",
        "short_name": "减轻处罚",
        "item_label": "行政处罚事项",
        "condition_label": "减轻处罚适用条件",
        "leniency_basis_label": "减轻处罚依据",
        "description": "符合法定情形的，在法定最低处罚幅度以下处罚。",
        "exclusion_rule_applies": True,
        "order": 3,
    },
    {
        "code": "no-coercion",
        "name": "免予行政强制事项清单",
        "short_name": "免予行政强制",
        "item_label": "行政强制事项",
        "condition_label": "免予行政强制适用条件",
        "leniency_basis_label": "免予行政强制依据",
        "description": "违法行为情节显著轻微或者没有明显社会危害的，不查封、不扣押、不冻结。",
        "exclusion_rule_applies": True,
        "order": 4,
    },
]

SECTIONS = [
    (1, "一、下列违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚"),
    (2, "二、下列违法行为初次违法且危害后果轻微并及时改正的，不予行政处罚"),
    (3, "三、下列违法行为当事人有证据足以证明没有主观过错的，不予行政处罚"),
]


def seed(apps, schema_editor):
    ListType = apps.get_model("lists", "ListType")
    ListSection = apps.get_model("lists", "ListSection")
    for row in LIST_TYPES:
        ListType.objects.update_or_create(code=row["code"], defaults=row)
    no_penalty = ListType.objects.get(code="no-penalty")
    for number, title in SECTIONS:
        ListSection.objects.update_or_create(
            list_type=no_penalty, number=number, defaults={"title": title}
        )


def unseed(apps, schema_editor):
    apps.get_model("lists", "ListType").objects.filter(
        code__in=[row["code"] for row in LIST_TYPES], lists__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("lists", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
