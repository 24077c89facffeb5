"""Agency data entry in the admin, as each persona uses it."""

import pytest
from django.urls import reverse

from lists.models import EnforcementList, Item, ListVersion
from tests.conftest import REAL_ROWS, list_type, published_version


def change_url(version):
    return reverse("admin:lists_listversion_change", args=[version.pk])


def inline_post(version, rows, deleted=()):
    """The POST the admin change form sends for a version's item inline."""
    existing = list(version.items.order_by("seq"))
    data = {
        "change_summary": version.change_summary,
        "items-TOTAL_FORMS": str(len(rows)),
        "items-INITIAL_FORMS": str(len(existing)),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    for index, row in enumerate(rows):
        prefix = f"items-{index}-"
        if index < len(existing):
            data[prefix + "id"] = str(existing[index].pk)
            data[prefix + "version"] = str(version.pk)
        if index in deleted:
            data[prefix + "DELETE"] = "on"
        for name in ("seq", *Item.CONTENT_FIELDS):
            data[prefix + name] = row.get(name, "")
        data[prefix + "section"] = row.get("section", "")
    return data


def rows_of(version):
    """What the change page holds for each row (and posts back unless edited)."""
    return [
        {
            "seq": item.seq,
            **{name: getattr(item, name) for name in Item.CONTENT_FIELDS},
            "section": item.section_id or "",
        }
        for item in version.items.order_by("seq")
    ]


@pytest.mark.parametrize("persona", ["clerk", "reviewer", "lead", "superuser"])
def test_admin_pages_load_for_each_persona(
    persona, request, client, agency, clerk, reviewer, draft
):
    published_version(agency, clerk, reviewer, code="lighter-penalty")
    client.force_login(request.getfixturevalue(persona))
    for name in [
        "admin:index",
        "admin:lists_listversion_changelist",
        "admin:lists_enforcementlist_changelist",
        "admin:agencies_agency_changelist",
    ]:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(change_url(draft)).status_code == 200


def test_clerk_edits_draft_rows_inline_and_rows_are_renumbered(client, clerk, draft):
    client.force_login(clerk)
    rows = rows_of(draft)
    rows[0]["seq"], rows[2]["seq"] = 3, 1  # swap first and last
    rows[1]["matter"] = "生产经营单位未将事故隐患排查治理情况向从业人员通报（修订）"
    rows.append(
        {
            "seq": "",
            "matter": "未按规定公示营业执照",
            "condition": "初次违法并及时改正",
            "section": rows[0]["section"],
        }
    )
    response = client.post(change_url(draft), inline_post(draft, rows, deleted={}))
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = list(draft.items.order_by("seq").values_list("seq", "matter", "implementing_body"))
    assert [seq for seq, *_ in saved] == [1, 2, 3, 4]
    assert saved[0][1] == REAL_ROWS[2]["matter"]
    assert saved[1][1].endswith("（修订）")
    assert saved[2][1] == REAL_ROWS[0]["matter"]
    assert saved[3][1] == "未按规定公示营业执照"


def test_deleting_a_row_renumbers_the_rest(client, clerk, draft):
    client.force_login(clerk)
    response = client.post(change_url(draft), inline_post(draft, rows_of(draft), deleted={0}))
    assert response.status_code == 302
    assert list(draft.items.values_list("seq", "matter")) == [
        (1, REAL_ROWS[1]["matter"]),
        (2, REAL_ROWS[2]["matter"]),
    ]


def test_a_row_without_matter_gets_a_chinese_message_and_nothing_is_saved(client, clerk, draft):
    client.force_login(clerk)
    before = rows_of(draft)
    rows = rows_of(draft)
    rows[1]["matter"] = ""
    rows[0]["matter"] = "不应保存"
    response = client.post(change_url(draft), inline_post(draft, rows))
    assert response.status_code == 200
    assert "请填写事项名称。" in response.content.decode()
    assert rows_of(draft) == before


def test_edit_of_published_version_is_refused_and_nothing_changes(client, clerk, published):
    client.force_login(clerk)
    rows = rows_of(published)
    rows[0]["matter"] = "篡改"
    response = client.post(change_url(published), inline_post(published, rows))
    assert response.status_code == 403
    assert rows_of(published)[0]["matter"] == REAL_ROWS[0]["matter"]


def test_reviewer_sees_draft_but_cannot_edit_items(client, reviewer, draft):
    client.force_login(reviewer)
    page = client.get(change_url(draft)).content.decode()
    assert REAL_ROWS[0]["matter"] in page
    assert 'name="items-0-matter"' not in page
    rows = rows_of(draft)
    rows[0]["matter"] = "审查员改写"
    assert client.post(change_url(draft), inline_post(draft, rows)).status_code == 403
    assert rows_of(draft)[0]["matter"] == REAL_ROWS[0]["matter"]


def test_condition_column_is_labelled_by_list_type(client, clerk, agency):
    from lists import workflow

    client.force_login(clerk)
    coercion = workflow.create_list(
        agency, list_type("no-coercion"), acting_user=clerk
    ).versions.get()
    page = client.get(change_url(coercion)).content.decode()
    assert "行政强制事项" in page and "免予行政强制适用条件" in page
    assert "示例市市场监督管理局" in page  # 实施机关 defaults to the agency


def test_exclusion_rule_flags_the_row_without_blocking_save(client, clerk, draft):
    client.force_login(clerk)
    rows = rows_of(draft)
    rows[0]["matter"] = "疫情期间哄抬物价的"
    assert client.post(change_url(draft), inline_post(draft, rows)).status_code == 302
    page = client.get(change_url(draft)).content.decode()
    assert "exclusion-flag" in page and "哄抬物价" in page


def test_clerk_adds_a_list_for_own_agency_even_when_form_names_another(
    client, clerk, agency, other_agency
):
    client.force_login(clerk)
    add = reverse("admin:lists_enforcementlist_add")
    form = client.get(add).content.decode()
    assert 'name="agency"' not in form and "为“示例市市场监督管理局”新建清单" in form
    lighter = str(list_type("lighter-penalty").pk)
    response = client.post(add, {"agency": str(other_agency.pk), "list_type": lighter})
    assert response.status_code == 302
    assert not EnforcementList.objects.filter(agency=other_agency).exists()
    created = EnforcementList.objects.get(list_type__code="lighter-penalty")
    assert created.agency == agency
    assert created.versions.get().status == ListVersion.Status.DRAFT
    # A list type the agency already keeps is no longer offered: nothing is created twice.
    assert f'value="{lighter}"' not in client.get(add).content.decode()
    again = client.post(add, {"list_type": lighter})
    assert again.status_code == 200 and EnforcementList.objects.count() == 1


def test_bulk_delete_action_is_not_offered(client, clerk, draft):
    client.force_login(clerk)
    page = client.get(reverse("admin:lists_listversion_changelist")).content.decode()
    assert "delete_selected" not in page
    response = client.post(
        reverse("admin:lists_listversion_changelist"),
        {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"},
    )
    assert ListVersion.objects.filter(pk=draft.pk).exists()
    assert Item.objects.filter(version=draft).count() == len(REAL_ROWS)
    assert response.status_code in (200, 302)
