"""No file can make the server fall over: caps on rows read, cells, uncompressed size and time,
enforced while the file streams (timings and peak memory: bench/import_limits_bench.py)."""

import io
import zipfile

import openpyxl
import pytest

from lists.importers import ImportFailed, read_table
from lists.importers import results as msg
from tests.import_files import csv_bytes, huge_sheet_xlsx, real_rows, xlsx_bytes


def refusal(data: bytes) -> str:
    with pytest.raises(ImportFailed) as raised:
        read_table(data)
    return raised.value.message


def test_a_csv_of_five_million_short_lines_is_refused_at_the_rows_read_cap(settings):
    data = b"1\n" * 5_000_000  # 10 MB, just under the upload limit
    assert len(data) <= settings.IMPORT_MAX_BYTES
    assert refusal(data) == msg.TOO_MANY_ROWS_READ.format(limit=100_000)


def test_rows_above_the_header_count_towards_the_cap(settings):
    settings.IMPORT_MAX_ROWS_READ = 500
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    data = csv_bytes([["威海市应急管理局不予处罚事项清单"]] * 600 + [header, *rows], "utf-8")
    assert refusal(data) == msg.TOO_MANY_ROWS_READ.format(limit=500)


def test_an_xlsx_that_inflates_to_200_mb_is_refused_before_its_xml_is_parsed():
    data = huge_sheet_xlsx(200 * 2**20)
    assert len(data) < 1 * 2**20
    total = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert total > 200_000_000
    assert refusal(data) == msg.zip_bomb(total)


def test_a_sheet_under_the_size_cap_stops_streaming_at_the_rows_read_cap(settings):
    settings.IMPORT_MAX_ROWS_READ = 1000
    assert refusal(huge_sheet_xlsx(2 * 2**20)) == msg.TOO_MANY_ROWS_READ.format(limit=1000)


def test_the_cells_cap_counts_filled_cells(settings):
    settings.IMPORT_MAX_CELLS = 50
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    data = xlsx_bytes({"不予处罚": [header, *rows] * 5})
    assert refusal(data) == msg.TOO_MANY_CELLS.format(limit=50)


def test_the_time_cap_stops_a_slow_read(settings):
    settings.IMPORT_MAX_SECONDS = 0
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    data = csv_bytes([header, *rows * 200], "utf-8")
    assert refusal(data) == msg.TOO_SLOW.format(seconds=0)


def test_the_uncompressed_size_cap_is_a_setting(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1 * 2**20
    message = refusal(huge_sheet_xlsx(2 * 2**20))
    assert message.startswith("文件解压后过大")


def test_a_stray_cell_at_the_last_row_of_a_sheet_does_not_blow_up_the_read():
    """The used area runs to row 1,048,576: it streams, and the blank run ends the sheet."""
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "不予处罚"
    for row in [header, *rows]:
        sheet.append(row)
    sheet.cell(row=1_048_576, column=7, value="x")
    buffer = io.BytesIO()
    book.save(buffer)
    preview = read_table(buffer.getvalue())
    assert [row.values["matter"] for row in preview.rows] == [row[1] for row in rows]


def test_a_table_that_starts_further_in_keeps_its_rows_and_columns():
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    book = openpyxl.Workbook()
    sheet = book.active
    for number, row in enumerate([header, *rows], start=3):
        for column, value in enumerate(row, start=3):
            sheet.cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    preview = read_table(buffer.getvalue(), list_type="no-penalty")
    assert [row.place.label() for row in preview.rows] == ["第 4 行", "第 5 行", "第 6 行"]
    assert [column.letter for column in preview.lists[0].columns] == ["C", "D", "E", "F"]
    assert [row.values["matter"] for row in preview.rows] == [row[1] for row in rows]
