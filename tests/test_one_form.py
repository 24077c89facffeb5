"""One form of item text on every write path (lists.itemtext): admin form, import, queryset
writes, the database's own check, and the migration that repaired the stored rows."""

import unicodedata
from contextlib import contextmanager

import pytest
from django.contrib.admin.models import LogEntry
from django.db import IntegrityError, connection, transaction
from django.db.models import TextField, Value
from django.db.models.functions import Concat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lists.diff import diff_items
from lists.importers import ParsedList, ParsedRow, Preview, import_preview, read_table
from lists.importers.results import Place
from lists.itemtext import normalise
from lists.models import Event, Item, ListVersion
from tests.conftest import REAL_ROWS
from tests.import_files import csv_bytes
from tests.test_admin import change_url, inline_post, rows_of

# What browsers, Word, spreadsheets and PDFs put into cells, mixed with ordinary text.
PIECES = [
    "\r\n",
    "\r",
    "\n",
    "\x0b",
    "\x0c",
    "\x00",
    "\x01",
    "\x1f",
    "\x7f",
    "\x85",
    "\u2028",
    " ",
    "  ",
    "\t",
    "\u3000",
    "e\u0301",
    "（1）",
    "首次违法",
    "，",
    "營業執照",
]
texts = st.lists(
    st.one_of(
        st.sampled_from(PIECES), st.text(st.characters(exclude_categories=("Cs",)), max_size=4)
    ),
    max_size=12,
).map("".join)
EXAMPLES = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
MATTER = "未按规定公示营业执照"


def assert_one_form(text: str) -> None:
    assert "\r" not in text
    assert all(ch in "\n\t" or unicodedata.category(ch) != "Cc" for ch in text)
    assert text == text.strip()
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert unicodedata.is_normalized("NFC", text)
    assert normalise(text) == text


@contextmanager
def rolled_back():
    """One example's writes are undone before the next example runs."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def stored_state() -> dict:
    return {
        "items": list(Item.objects.order_by("pk").values()),
        "versions": list(ListVersion.objects.order_by("pk").values()),
        "events": Event.objects.count(),
        "log": LogEntry.objects.count(),
    }


@given(text=texts)
@EXAMPLES
def test_any_text_saved_through_the_admin_form_is_stored_in_one_form_and_resaving_writes_nothing(
    text, client, clerk, draft
):
    with rolled_back():
        client.force_login(clerk)
        check_admin_round_trip(text, client, draft)


def check_admin_round_trip(text, client, draft):
    rows = rows_of(draft)
    rows[0]["matter"] = MATTER + text
    rows[0]["condition"] = REAL_ROWS[0]["condition"] + text
    response = client.post(change_url(draft), inline_post(draft, rows))
    assert response.status_code == 302, response.content.decode()[-2000:]
    first = draft.items.order_by("seq").first()
    assert first.matter == normalise(MATTER + text)
    assert first.condition == normalise(REAL_ROWS[0]["condition"] + text)
    assert_one_form(first.matter)
    assert_one_form(first.condition)

    before, items = stored_state(), list(draft.items.order_by("seq"))
    response = client.post(change_url(draft), inline_post(draft, rows))  # the same bytes again
    assert response.status_code == 302
    assert stored_state() == before
    assert not diff_items(items, draft.items.order_by("seq")).has_changes


def csv_with(cells: list[str]) -> bytes:
    return csv_bytes([["序号", "违法行为", "不予处罚适用条件"], ["1", *cells]], "utf-8")


@given(text=texts.map(lambda text: text.replace("\x00", "")))  # no file format holds a NUL
@EXAMPLES
def test_any_text_imported_from_a_file_is_stored_in_one_form_and_reimporting_changes_nothing(
    text, agency, clerk
):
    with rolled_back():
        check_import_round_trip(text, agency, clerk)


def check_import_round_trip(text, agency, clerk):
    data = csv_with([MATTER + text, REAL_ROWS[0]["condition"] + text])
    preview = read_table(data, list_type="no-penalty")
    (version,) = import_preview(preview, agency=agency, acting_user=clerk)
    (item,) = version.items.all()
    assert item.matter == normalise(preview.rows[0].values["matter"])
    assert_one_form(item.matter)
    assert_one_form(item.condition)

    import_preview(read_table(data, list_type="no-penalty"), agency=agency, acting_user=clerk)
    assert not diff_items([item], version.items.all()).has_changes


def test_the_import_writer_drops_a_nul_that_a_parser_let_through(agency, clerk):
    row = ParsedRow(
        Place(row=2),
        {"matter": "未按规定\x00公示营业执照\r\n", "condition": "首次违法\x0b及时改正  "},
        {"原序号\x01": "1-1\r\n"},
    )
    preview = Preview([ParsedList("no-penalty", rows=[row])])
    (version,) = import_preview(preview, agency=agency, acting_user=clerk)
    item = version.items.get()
    assert (item.matter, item.condition) == ("未按规定公示营业执照", "首次违法\n及时改正")
    assert item.extra == {"原序号": "1-1"}


def test_queryset_update_and_bulk_update_store_the_one_form(draft):
    Item.objects.filter(version=draft).update(note="见附件\r\n（一）  ")
    assert set(draft.items.values_list("note", flat=True)) == {"见附件\n（一）"}
    # An expression the database computes: its result is brought to the one form afterwards.
    Item.objects.filter(version=draft).update(
        note=Concat(Value("  "), "note", Value(" 附表  "), output_field=TextField())
    )
    assert set(draft.items.values_list("note", flat=True)) == {"见附件\n（一） 附表"}
    items = list(draft.items.all())
    for item in items:
        item.legal_basis = "《行政处罚法》第三十三条\r\n"
    Item.objects.bulk_update(items, ["legal_basis"])
    assert set(draft.items.values_list("legal_basis", flat=True)) == {"《行政处罚法》第三十三条"}


def test_full_width_punctuation_traditional_characters_and_enumerations_are_kept():
    text = "　當事人首次違法，（1）及時改正；\n（2）未造成危害後果。"
    assert normalise(text) == text.strip()
    assert normalise("Cafe\u0301") == "Café"  # NFC: the same letter, one way


@pytest.mark.parametrize("character", ["\r", "\x0b", "\x01", "\x1f", "\x7f", "\x85"])
def test_the_database_refuses_a_control_character_written_around_the_model(draft, character):
    item = draft.items.first()
    before = list(Item.objects.order_by("pk").values())
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE lists_item SET condition = %s WHERE id = %s", [f"首次{character}违法", item.pk]
        )
    assert list(Item.objects.order_by("pk").values()) == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_repairs_a_version_holding_crlf_text_without_changing_what_is_displayed():
    from django.db.migrations.executor import MigrationExecutor
    from django.template.defaultfilters import linebreaksbr

    executor = MigrationExecutor(connection)
    repair = executor.loader.get_migration("lists", "0012_item_text_one_form")
    latest = executor.loader.graph.leaf_nodes("lists")
    executor.migrate(repair.dependencies)  # the schema and rows as they were before the repair
    executor.loader.build_graph()
    applied = list(executor.loader.applied_migrations)
    apps = executor.loader.project_state(applied, at_end=True).apps
    agency = apps.get_model("agencies", "Agency").objects.create(
        name="江门市生态环境局", short_name="生态环境局", code="sthj"
    )
    list_type = apps.get_model("lists", "ListType").objects.get(code="no-penalty")
    enforcement_list = apps.get_model("lists", "EnforcementList").objects.create(
        agency=agency, list_type=list_type
    )
    version = apps.get_model("lists", "ListVersion").objects.create(
        list=enforcement_list, number=1, status="published"
    )
    typed = "同时满足下列情形的，不予行政处罚：\r\n（1）属于首次违法；  \r\n（2）危害后果轻微。\r\n"
    pasted = "《中华人民共和国环境影响评价法》第二十二条\x0b第三十一条 "
    apps.get_model("lists", "Item").objects.create(
        version=version,
        seq=1,
        matter="建设单位未依法备案建设项目环境影响登记表",
        condition=typed,
        legal_basis=pasted,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)

    item = Item.objects.get(version_id=version.pk)
    assert (
        item.condition
        == "同时满足下列情形的，不予行政处罚：\n（1）属于首次违法；\n（2）危害后果轻微。"
    )
    assert linebreaksbr(item.condition) == linebreaksbr(typed.strip().replace("；  ", "；"))
    assert item.legal_basis == "《中华人民共和国环境影响评价法》第二十二条\n第三十一条"
    assert " 首次 " in item.search_b  # the search tokens follow the repaired text
    assert ListVersion.objects.get(pk=version.pk).status == "published"  # frozen, and still is
