import pytest
from django.db import IntegrityError, transaction

from lists.models import EnforcementList, FrozenVersionError, Item, ListType, ListVersion
from lists.services import renumber
from tests.conftest import REAL_ROWS, list_type


def test_list_types_and_sections_are_seeded(db):
    codes = list(ListType.objects.values_list("code", flat=True))
    assert codes == ["no-penalty", "lighter-penalty", "mitigated-penalty", "no-coercion"]
    sections = list(list_type("no-penalty").sections.values_list("number", flat=True))
    assert sections == [1, 2, 3]
    assert list_type("no-coercion").item_label == "行政强制事项"


def test_database_refuses_second_list_of_same_type(draft, agency):
    with pytest.raises(IntegrityError), transaction.atomic():
        EnforcementList.objects.create(agency=agency, list_type=list_type())


def test_database_refuses_second_open_version(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        ListVersion.objects.create(list=draft.list, number=2)


def test_database_refuses_second_published_version(published):
    with pytest.raises(IntegrityError), transaction.atomic():
        ListVersion.objects.bulk_create(
            [ListVersion(list=published.list, number=9, status=ListVersion.Status.PUBLISHED)]
        )


def test_database_refuses_duplicate_seq_in_a_version(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.create(version=draft, seq=1, matter="重复序号", condition="x")


def test_published_items_cannot_be_saved_deleted_or_updated(published):
    item = published.items.first()
    item.matter = "改写"
    with pytest.raises(FrozenVersionError):
        item.save()
    with pytest.raises(FrozenVersionError):
        item.delete()
    with pytest.raises(FrozenVersionError):
        published.items.update(matter="改写")
    with pytest.raises(FrozenVersionError):
        Item.objects.filter(version=published).delete()
    with pytest.raises(FrozenVersionError):
        published.items.all().delete_all()
    published.change_summary = "改写"
    with pytest.raises(FrozenVersionError):
        published.save()
    assert list(published.items.values_list("matter", flat=True)) == [
        r["matter"] for r in REAL_ROWS
    ]
    assert ListVersion.objects.get(pk=published.pk).change_summary == ""


def test_renumber_closes_gaps_and_orders_sections(draft):
    first, second, third = draft.items.order_by("seq")
    first.delete()
    sections = list_type("no-penalty").sections
    Item.objects.filter(pk=second.pk).update(section=sections.get(number=2))
    Item.objects.filter(pk=third.pk).update(section=sections.get(number=1))
    renumber(draft)
    rows = list(draft.items.order_by("seq").values_list("seq", "matter"))
    assert rows == [(1, REAL_ROWS[2]["matter"]), (2, REAL_ROWS[1]["matter"])]
