"""序号 means what it says (lists.ordering): a typed number moves the row to exactly that
position, rows are numbered in section order, and every surface shows the same order."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from lists import workflow
from lists.models import ListSection, ListVersion
from lists.ordering import arrange
from tests.conftest import draft_list, published_version
from tests.test_admin import change_url, inline_post, rows_of
from tests.test_workflow import snapshot

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo"


def real_rows(name: str, count: int | None = None) -> list[dict]:
    """Rows an agency published (fixtures/demo), with their section number."""
    with open(DEMO / f"{name}.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[:count]
    fields = ("matter", "category", "condition", "legal_basis")
    return [{"section": int(row["section"]), **{f: row[f] for f in fields}} for row in rows]


@pytest.fixture
def six(agency, clerk):
    """A draft of six real rows of 生态环境局, all in section 二."""
    return draft_list(agency, clerk, rows=real_rows("sthj-no-penalty", 6))


def matters(version) -> list[str]:
    return list(version.items.order_by("seq").values_list("matter", flat=True))


def move(client, clerk, version, typed: dict[int, int]) -> None:
    """Type numbers into the 序号 of rows (by their current number) and save."""
    client.force_login(clerk)
    rows = rows_of(version)
    for current, wanted in typed.items():
        rows[current - 1]["seq"] = wanted
    response = client.post(change_url(version), inline_post(version, rows))
    assert response.status_code == 302, response.content.decode()[-2000:]


@pytest.mark.parametrize(
    ("typed", "order"),
    [
        ({5: 1}, [5, 1, 2, 3, 4, 6]),  # to the top
        ({2: 6}, [1, 3, 4, 5, 6, 2]),  # to the bottom
        ({2: 9}, [1, 3, 4, 5, 6, 2]),  # past the end: the bottom
        ({1: 4}, [2, 3, 4, 1, 5, 6]),  # down onto row 4's place: the moved row is 4th
        ({5: 2}, [1, 5, 2, 3, 4, 6]),  # up onto row 2's place: the moved row is 2nd
        ({5: 2, 6: 2}, [1, 5, 6, 2, 3, 4]),  # two rows typed 2: page order between them
        ({1: 3, 6: 1}, [6, 2, 1, 3, 4, 5]),  # two moves: each lands where typed
    ],
)
def test_a_typed_number_moves_the_row_to_exactly_that_position(client, clerk, six, typed, order):
    before = matters(six)
    move(client, clerk, six, typed)
    assert matters(six) == [before[n - 1] for n in order]
    assert list(six.items.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_rows_are_numbered_in_section_order_and_a_row_stays_inside_its_section(
    client, agency, clerk
):
    sections = {s.number: s for s in ListSection.objects.filter(list_type__code="no-penalty")}
    rows = real_rows("scjg-no-penalty", 3) + real_rows("yjgl-no-penalty")[-2:]  # 一一一 二二
    version = draft_list(agency, clerk, rows=rows)
    first, second = [r["matter"] for r in rows[:3]], [r["matter"] for r in rows[3:]]
    move(client, clerk, version, {5: 1})  # a 二 row typed to 1: first of 二, so 4th
    assert matters(version) == [*first, second[1], second[0]]
    move(client, clerk, version, {1: 5})  # a 一 row typed to 5: last of 一, so 3rd
    assert matters(version) == [first[1], first[2], first[0], second[1], second[0]]
    client.force_login(clerk)
    posted = rows_of(version)
    posted[4]["section"] = sections[1].pk  # the last row changes to section 一
    assert client.post(change_url(version), inline_post(version, posted)).status_code == 302
    assert matters(version)[3] == second[0]
    assert [i.section.number for i in version.items.order_by("seq")] == [1, 1, 1, 1, 2]


def test_a_touched_row_without_a_section_gets_a_chinese_message_and_nothing_is_saved(
    client, clerk, six
):
    client.force_login(clerk)
    rows = rows_of(six)
    rows[2]["section"] = ""
    rows[0]["matter"] = "不应保存"
    before = snapshot()
    response = client.post(change_url(six), inline_post(six, rows))
    assert response.status_code == 200
    assert "请选择分节：本清单的每个事项须归入一类情形。" in response.content.decode()
    assert snapshot() == before


def test_submitting_refuses_rows_without_a_section_and_writes_nothing(agency, clerk):
    version = draft_list(agency, clerk, rows=[*real_rows("sthj-no-penalty", 2)])
    version.items.filter(seq=2).update(section=None)
    before = snapshot()
    with pytest.raises(workflow.InvalidTransition) as refused:
        workflow.submit(version, acting_user=clerk)
    assert str(refused.value) == "第 2 项没有选择分节（一类/二类/三类），请选择后再提交。"
    assert snapshot() == before


def test_submitting_numbers_rows_written_out_of_section_order(agency, clerk):
    rows = real_rows("yjgl-no-penalty", 5)[::-1]  # fixtures order is 一一一二二: reversed
    version = draft_list(agency, clerk, rows=rows)
    workflow.submit(version, acting_user=clerk)
    sections = [i.section.number for i in version.items.order_by("seq")]
    assert sections == sorted(sections)


def test_arrange_places_moves_in_ascending_order_then_groups_sections():
    assert arrange(["a", "b", "c"], [(1, "x"), (3, "y")]) == ["x", "a", "y", "b", "c"]
    assert arrange(["a", "b"], [(0, "x")]) == ["x", "a", "b"]
    section = {"a": 2, "b": 1, "x": None}.get
    assert arrange(["a", "b"], [(1, "x")], section) == ["b", "a", "x"]


def page_order(html: str, names: list[str]) -> list[str]:
    return sorted(names, key=html.index)


def test_admin_review_page_public_table_print_and_exports_show_one_order(
    client, agency, clerk, reviewer
):
    rows = real_rows("yjgl-no-penalty")  # 一 and 二 rows, as the fixture now holds them
    version = published_version(agency, clerk, reviewer, rows=rows)
    expected = matters(version)
    assert [i.section.number for i in version.items.order_by("seq")] == sorted(
        r["section"] for r in rows
    )
    base = "/agencies/scjg/no-penalty/"
    for url in (base, base + "print/"):
        assert page_order(client.get(url).content.decode(), expected) == expected, url
    numbered = list(enumerate(expected, start=1))
    sheet = load_workbook(io.BytesIO(client.get(base + "download.xlsx").getvalue())).active
    table = list(sheet.iter_rows(values_only=True))
    table = table[next(i for i, row in enumerate(table) if row[0] == "序号") :]  # from the header
    column = table[0].index("行政处罚事项")
    assert [(r[0], r[column]) for r in table[1:] if isinstance(r[0], int)] == numbered
    data = client.get(base + "download.csv").getvalue().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(data)))
    table = table[next(i for i, row in enumerate(table) if row[0] == "序号") :]
    column = table[0].index("行政处罚事项")
    assert [(int(r[0]), r[column]) for r in table[1:] if r[0].isdigit()] == numbered
    api = client.get(f"/api/v1/versions/{version.pk}/").json()
    assert [(i["seq"], i["matter"]) for i in api["items"]] == list(enumerate(expected, start=1))
    revision = workflow.start_revision(version.list, acting_user=clerk)
    client.force_login(clerk)
    admin_page = client.get(change_url(revision)).content.decode()
    assert page_order(admin_page, expected) == expected
    review = client.get(f"/admin/lists/listversion/{revision.pk}/review/").content.decode()
    assert page_order(review, expected) == expected


def test_the_demo_numbers_every_list_in_section_order(db):
    call_command("load_demo", stdout=io.StringIO())
    for version in ListVersion.objects.all():
        items = list(version.items.order_by("seq").select_related("section"))
        ranks = [(1, 0) if i.section is None else (0, i.section.number) for i in items]
        assert ranks == sorted(ranks), str(version)
        assert [i.seq for i in items] == list(range(1, len(items) + 1)), str(version)
