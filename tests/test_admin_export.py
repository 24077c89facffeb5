"""Export of any version from the admin, and the round trip export -> import."""

import pytest
from django.urls import reverse

from lists.importers import import_preview, read_table
from lists.models import Item
from tests.conftest import REAL_ROWS, add_items

FIELDS = ("section", *Item.CONTENT_FIELDS, "extra")
ROWS_WITH_EVERYTHING = [
    {
        "matter": "内部资料编印单位未严格限定编印的内部资料在本行业、本系统、本单位内部交流,在公共场所摆放",
        "condition": "初次违法;违法行为及危害后果轻微;立即改正或在执法机关限定期限内改正。",
        "legal_basis": "《内部资料性出版物管理办法》第二十二条第一款第(三)项、第二十二条第二款",
        "supervision_measures": "法规宣传教育提示,签署承诺书",
        "category": "出版管理",
        "leniency_basis": "《中华人民共和国行政处罚法》第三十三条",
        "note": "第二批",
        "extra": {"权力层级": "市级"},
    },
]


def snapshot(version):
    items = version.items.select_related("section").order_by("seq")
    return [
        {
            name: (
                getattr(item, name).number
                if name == "section" and item.section
                else getattr(item, name)
            )
            for name in FIELDS
        }
        for item in items
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exported_version_imports_back_to_the_same_items(fmt, client, clerk, draft, agency):
    section = draft.list.list_type.sections.get(number=2)
    add_items(draft, ROWS_WITH_EVERYTHING)
    Item.objects.filter(version=draft).update(section=section)
    before = snapshot(draft)

    client.force_login(clerk)
    response = client.get(reverse(f"admin:lists_listversion_export_{fmt}", args=[draft.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]

    preview = read_table(response.content)
    assert not preview.all_errors
    import_preview(preview, agency=agency, acting_user=clerk, list_type="no-penalty")
    draft.refresh_from_db()
    assert snapshot(draft) == before
    assert len(before) == len(REAL_ROWS) + 1


def test_another_agencys_version_cannot_be_exported(client, other_clerk, draft):
    client.force_login(other_clerk)
    for fmt in ("xlsx", "csv"):
        url = reverse(f"admin:lists_listversion_export_{fmt}", args=[draft.pk])
        assert client.get(url).status_code == 404


def test_change_page_offers_import_only_on_editable_versions(
    client, clerk, draft, published_other_type
):
    client.force_login(clerk)
    page = client.get(reverse("admin:lists_listversion_change", args=[draft.pk])).content.decode()
    assert 'id="import-link"' in page and "导出 Excel" in page
    page = client.get(
        reverse("admin:lists_listversion_change", args=[published_other_type.pk])
    ).content.decode()
    assert 'id="import-link"' not in page and "导出 Excel" in page


@pytest.fixture
def published_other_type(agency, clerk, reviewer):
    from tests.conftest import published_version

    return published_version(agency, clerk, reviewer, code="lighter-penalty")
