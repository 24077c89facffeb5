"""Random and damaged files: a clean Chinese error or a valid preview, never a crash or half a write."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lists.importers import ImportFailed, import_preview, read_table
from lists.models import EnforcementList, Item, ListVersion
from tests.import_files import csv_bytes, docx_bytes, real_rows, xlsx_bytes

HEADER_WORDS = ["序号", "违法行为", "适用条件", "法律依据", "实施机关", "备注", "类别", "权力层级"]
CELL_WORDS = [
    *HEADER_WORDS,
    "无",
    "说明：本清单自公布之日起施行",
    "不予处罚事项清单",
    "从轻处罚事项清单",
    "一、下列违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚",
    "二、下列违法行为初次违法且危害后果轻微并及时改正的，不予行政处罚",
    "单位（盖章）：",
    "生产经营单位未将事故隐患排查治理情况向从业人员通报的",
    "同时满足初次违法、危害后果轻微、及时改正等情形",
]
printable = st.characters(blacklist_categories=("Cs", "Cc", "Co"))
cells = st.one_of(st.sampled_from(CELL_WORDS), st.text(printable, max_size=12), st.just(""))
tables = st.lists(st.lists(cells, max_size=7), max_size=12)

_HEADER, *_ROWS = real_rows("weihai_yjj_buyu_chufa_2025.csv")
SEEDS = [
    xlsx_bytes({"不予处罚": [_HEADER, *_ROWS]}, {"不予处罚": ["A2:A3"]}),
    docx_bytes(["不予处罚事项清单", {"rows": [_HEADER, *_ROWS]}]),
    csv_bytes([_HEADER, *_ROWS], "gb18030"),
    csv_bytes([_HEADER, *_ROWS], "utf-8-sig"),
]


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 6))):
        position = draw(st.integers(0, len(data) - 1))
        data[position] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


@st.composite
def random_tables(draw):
    rows = draw(tables)
    kind = draw(st.sampled_from(["xlsx", "docx", "csv"]))
    if kind == "xlsx":
        return xlsx_bytes({draw(st.sampled_from(["Sheet1", "从轻处罚", "不予处罚"])): rows})
    if kind == "docx":
        return docx_bytes([{"rows": rows}] if rows and any(rows) else ["空文档"])
    return csv_bytes(rows, draw(st.sampled_from(["utf-8", "gb18030", "utf-8-sig"])))


def counts():
    return (EnforcementList.objects.count(), ListVersion.objects.count(), Item.objects.count())


def _check(data, list_type, agency, user):
    before = counts()
    try:
        preview = read_table(data, list_type=list_type)
    except ImportFailed as failure:
        assert failure.errors and all(error.text for error in failure.errors)
        assert counts() == before
        return
    if not preview.is_valid:
        assert all(error.text for error in preview.all_errors)
        with pytest.raises(ImportFailed):
            import_preview(preview, agency=agency, acting_user=user, list_type=list_type)
        assert counts() == before
        return
    versions = import_preview(preview, agency=agency, acting_user=user, list_type=list_type)
    assert sum(version.items.count() for version in versions) == len(preview.rows)


FAST = settings(
    max_examples=int(os.environ.get("IMPORT_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@FAST
@given(data=st.one_of(st.binary(max_size=3000), mutated()))
def test_random_and_damaged_bytes_never_crash_or_half_write(data, agency, clerk):
    _check(data, "no-penalty", agency, clerk)


@FAST
@given(data=random_tables(), list_type=st.sampled_from([None, "no-penalty", "no-coercion"]))
def test_random_tables_give_a_preview_or_a_clean_error(data, list_type, agency, clerk):
    _check(data, list_type, agency, clerk)
