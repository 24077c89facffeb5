"""Plain-language explanations of the four lists that promise no more than the law, and the
reviewing authority of versions approved before it was recorded.

The one-line descriptions seeded in 0002 said "不罚款、不处罚": a promise the law does not make
(可以 is not 应当, and the act must still be corrected). A description a bureau has already
edited is left alone.
"""

from django.db import migrations

OLD_DESCRIPTIONS = {
    "no-penalty": "违法行为轻微并及时改正、没有造成危害后果，初次违法且危害后果轻微并及时改正，或者有证据证明没有主观过错的，不罚款、不处罚。",
    "lighter-penalty": "主动消除危害后果、配合查处等情形下，在法定处罚幅度内选择较轻的处罚。",
    "mitigated-penalty": "符合法定情形的，在法定最低处罚幅度以下处罚。",
    "no-coercion": "违法行为情节显著轻微或者没有明显社会危害的，不查封、不扣押、不冻结。",
}

TEXTS = {
    "no-penalty": (
        "符合清单所列条件的违法行为，执法机关可以依法不予行政处罚；违法行为仍须改正。",
        "列入本清单的，是法律规定可以或者应当不予行政处罚的情形：违法行为轻微并及时改正，没有造成危害后果；"
        "初次违法且危害后果轻微并及时改正（首违不罚）；当事人有证据足以证明没有主观过错"
        "（《中华人民共和国行政处罚法》第三十三条）。\n\n"
        "不予处罚不等于行为合法：违法行为仍须改正，执法机关会责令改正，并可以进行批评教育、指导约谈。\n\n"
        "是否适用，由执法机关根据案件事实逐案认定。清单写“可以不予处罚”的，是执法机关可以作出的选择，"
        "不是“应当不予处罚”，也不是一律不罚的承诺。",
    ),
    "lighter-penalty": (
        "符合清单所列条件的，执法机关可以在法定处罚种类和幅度内从轻处罚；仍须受处罚并改正。",
        "从轻处罚仍然是处罚：执法机关在法律规定的处罚种类和幅度以内，选择较轻的处罚种类或者较低的处罚数额。"
        "常见情形有主动消除或者减轻违法行为危害后果、受他人胁迫或者诱骗实施违法行为、主动供述执法机关尚未"
        "掌握的违法行为、配合查处有立功表现（《中华人民共和国行政处罚法》第三十二条）。\n\n"
        "违法行为仍须改正。是否从轻、从轻多少，由执法机关根据案件事实逐案认定。",
    ),
    "mitigated-penalty": (
        "符合清单所列条件的，执法机关可以在法定最低处罚以下减轻处罚；仍须受处罚并改正。",
        "减轻处罚也仍然是处罚：执法机关在法律规定的最低处罚以下作出处罚，例如低于罚款的最低数额，"
        "或者适用更轻的处罚种类（《中华人民共和国行政处罚法》第三十二条）。\n\n"
        "违法行为仍须改正。是否减轻，由执法机关根据案件事实逐案认定，清单不是一律减轻的承诺。",
    ),
    "no-coercion": (
        "符合清单所列条件的，执法机关可以不采取查封、扣押、冻结等行政强制措施；不等于免予处罚。",
        "行政强制措施，是执法机关在调查中为制止违法、防止证据损毁、避免危害发生等，对场所、设施、财物"
        "暂时查封、扣押，或者冻结存款、汇款（《中华人民共和国行政强制法》第二条、第九条）。违法行为情节"
        "显著轻微或者没有明显社会危害的，可以不采取行政强制措施（第十六条第二款）。\n\n"
        "免予行政强制不是免予处罚，也不免除改正违法行为的义务：案件依法照常调查处理。"
        "是否适用，由执法机关根据案件事实逐案认定。",
    ),
}


def forwards(apps, schema_editor):
    ListType = apps.get_model("lists", "ListType")
    for list_type in ListType.objects.filter(code__in=TEXTS):
        description, explanation = TEXTS[list_type.code]
        if list_type.description in ("", OLD_DESCRIPTIONS[list_type.code]):
            list_type.description = description
        if not list_type.explanation:
            list_type.explanation = explanation
        list_type.save(update_fields=["description", "explanation"])
    ListVersion = apps.get_model("lists", "ListVersion")
    reviewed = ListVersion.objects.filter(
        status__in=["approved", "published", "superseded"], review_authority=""
    ).select_related("list__agency__review_bureau")
    for version in reviewed.iterator():
        bureau = version.list.agency.review_bureau
        if bureau is not None:
            # Frozen versions refuse a full save(); an update writes the one column.
            ListVersion.objects.filter(pk=version.pk).update(review_authority=bureau.name)


class Migration(migrations.Migration):
    dependencies = [("lists", "0070_review_authority_explanation_calendar")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
