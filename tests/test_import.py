"""Importing the tables agencies already have: real rows, in the layouts they were published in."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from lists import workflow
from lists.importers import ImportFailed, import_preview, read_table
from lists.importers import results as msg
from lists.importers.text import EXTRA, field_for_header
from lists.models import EnforcementList, Item, ListVersion
from lists.services import renumber
from tests.conftest import draft_list
from tests.import_files import (
    DATA,
    blank_below,
    csv_bytes,
    docx_bytes,
    real_rows,
    xlsx_bytes,
    zip_entry_flags,
)

FIELDS = ["seq", "section", *Item.CONTENT_FIELDS, "extra"]


def item(seq, section=None, extra=None, **values):
    row = dict.fromkeys(FIELDS)
    row.update(seq=seq, section=section, extra=extra or {}, **values)
    return row


def items(preview, index=None):
    rows = preview.rows if index is None else preview.lists[index].rows
    return [row.as_dict() for row in rows]


def counts():
    return (EnforcementList.objects.count(), ListVersion.objects.count(), Item.objects.count())


# --- layouts ---------------------------------------------------------------------------------


def test_title_and_sign_off_line_above_a_traditional_header_are_skipped():
    header, row = real_rows("yuanjiang_cgzf_buyu_chufa.csv")
    data = xlsx_bytes(
        {
            "Sheet1": [
                ["沅江市城市管理和綜合執法局不予處罰事項清單"],
                [
                    "單位（蓋章）：沅江市城市管理和綜合執法局",
                    None,
                    None,
                    "法審機構意見：",
                    None,
                    "主要負責人簽字：",
                ],
                header,
                row,
            ]
        },
        {"Sheet1": ["A1:F1"]},
    )
    preview = read_table(data)
    assert preview.is_valid
    assert [parsed.list_type for parsed in preview.lists] == ["no-penalty"]
    assert items(preview) == [
        item(1, matter=row[1], implementing_body=row[2], condition=row[3], legal_basis=row[4])
    ]


def _fenghuang_blocks():
    rows = real_rows("fenghuang_fgj_sizhang_qingdan_2024.csv")
    header = rows[0][1:]
    sections = [r[0].split("/", 1)[1] for r in rows[1:5]]
    first, second, lighter = rows[2][1:], rows[3][1:], rows[5][1:]
    no_penalty = {
        "rows": [
            [sections[0]],
            header,
            ["1", "无", "", "", "", ""],
            [sections[1]],
            header,
            first,
            second,
            [sections[3]],
            header,
            ["1", "无", "", "", "", ""],
        ],
        "span": {0, 3, 7},
        # 实施机关 and 适用条件 are the same for both rows: merged vertically in Word.
        "vmerge": {(5, 2): 6, (5, 3): 6},
    }
    blocks = [
        "凤凰县发展和改革局“四张清单”",
        "不予处罚清单",
        no_penalty,
        "从轻处罚事项清单",
        {"rows": [header, lighter]},
    ]
    return blocks, first, second, lighter


def test_word_document_with_sections_repeated_headers_and_placeholder_rows():
    blocks, first, second, lighter = _fenghuang_blocks()
    preview = read_table(docx_bytes(blocks))
    assert preview.is_valid
    assert [parsed.list_type for parsed in preview.lists] == ["no-penalty", "lighter-penalty"]
    expected = [
        item(1, 2, matter=r[1], implementing_body=r[2], condition=r[3], legal_basis=r[4])
        for r in (first, second)
    ]
    expected[1]["seq"] = 2
    assert items(preview, 0) == expected
    assert items(preview, 1) == [
        item(
            1,
            matter=lighter[1],
            implementing_body=lighter[2],
            condition=lighter[3],
            legal_basis=lighter[4],
        )
    ]
    assert preview.rows[1].place.label(1) == "第 1 个表格第 7 行第 2 列"
    assert [place.label() for place, _text in preview.lists[0].skipped][:2] == [
        "正文第 1 段",
        "第 1 个表格第 1 行",
    ]


def test_one_sheet_holding_several_lists_one_after_another():
    blocks, first, second, lighter = _fenghuang_blocks()
    sheet = []
    for block in blocks:
        sheet.extend([[block]] if isinstance(block, str) else block["rows"])
    sheet = blank_below(sheet, 3, 7, 8)  # one merged 适用条件 for both rows of section 2
    preview = read_table(xlsx_bytes({"Sheet1": sheet}, {"Sheet1": ["D8:D9"]}))
    assert [(p.list_type, len(p.rows)) for p in preview.lists] == [
        ("no-penalty", 2),
        ("lighter-penalty", 1),
    ]
    assert [(r.seq, r.section, r.values["condition"]) for r in preview.rows] == [
        (1, 2, first[3]),
        (2, 2, second[3]),
        (1, None, lighter[3]),
    ]


def test_word_errors_name_the_table_row_and_column():
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    rows[1][1] = ""
    preview = read_table(docx_bytes(["不予处罚事项清单", {"rows": [header, *rows]}]))
    assert [e.text for e in preview.all_errors] == ["第 1 个表格第 3 行第 2 列：" + msg.NO_MATTER]
    assert preview.all_errors[0].as_dict() == {
        "row": 3,
        "column": "2",
        "message": "第 1 个表格第 3 行第 2 列：" + msg.NO_MATTER,
    }


def test_word_import_writes_sections_into_each_list_type(agency):
    blocks, *_ = _fenghuang_blocks()
    import_preview(read_table(docx_bytes(blocks)), agency=agency, acting_user=_system())
    no_penalty = ListVersion.objects.get(list__list_type__code="no-penalty")
    assert [(i.seq, i.section.number) for i in no_penalty.items.all()] == [(1, 2), (2, 2)]
    lighter = ListVersion.objects.get(list__list_type__code="lighter-penalty")
    assert [(i.seq, i.section) for i in lighter.items.all()] == [(1, None)]


def test_merged_category_cells_fill_down_and_a_footer_is_not_an_item():
    header, *rows = real_rows("jiangmen_sthj_buyu_chufa_2022_excerpt.csv")
    note = (DATA / "guangdong_sthj_buyu_chufa_2021_note.txt").read_text(encoding="utf-8").strip()
    sheet = [["江门市生态环境局不予处罚事项清单"], header, *rows[:2], header, *rows[2:], [note]]
    sheet = blank_below(blank_below(sheet, 1, 2, 3), 1, 5, 6)
    data = xlsx_bytes({"清单": sheet}, {"清单": ["A1:E1", "B3:B4", "B6:B7", "A8:E8"]})
    preview = read_table(data)
    assert preview.is_valid
    assert items(preview) == [
        item(n, category=r[1], matter=r[2], legal_basis=r[3], condition=r[4])
        for n, r in enumerate(rows, start=1)
    ]
    assert "\n（2）在责令改正期限内改正违法行为，" in preview.rows[0].values["condition"]
    assert [text[:2] for _place, text in preview.lists[0].skipped] == ["备注"]


def test_one_condition_merged_over_every_row_and_text_between_title_and_header():
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    sheet = [
        ["威海市应急管理局不予处罚事项清单"],
        ["（2025年版）"],
        ["为持续优化营商环境，依据《中华人民共和国行政处罚法》第三十三条，制定本清单。"],
        header,
        *rows,
    ]
    sheet = blank_below(sheet, 2, 4, 6)
    preview = read_table(xlsx_bytes({"Sheet1": sheet}, {"Sheet1": ["A1:D1", "C5:C7"]}))
    assert items(preview) == [
        item(n, matter=r[1], condition=rows[0][2], legal_basis=r[3])
        for n, r in enumerate(rows, start=1)
    ]


def test_spaces_inside_headers_and_a_submitting_unit_line():
    header, *rows = real_rows("qijiang_linye_jianmianze_buyu_chufa_2025.csv")
    assert "免予行政处罚 依据" in header and "配套监管 措施" in header
    data = xlsx_bytes({"Sheet1": [["报送单位：重庆市綦江区林业局"], header, *rows]})
    preview = read_table(data)
    assert [parsed.list_type for parsed in preview.lists] == ["no-penalty"]
    assert items(preview) == [
        item(
            n,
            category=r[1],
            matter=r[2],
            legal_basis=r[3],
            condition=r[4],
            leniency_basis=r[5],
            supervision_measures=r[6],
        )
        for n, r in enumerate(rows, start=1)
    ]
    assert preview.rows[0].values["matter"] == "拒绝、阻挠林业 草原主管部门依法实施监督检查"


def test_utf8_bom_csv_with_a_parenthetical_header():
    header, *rows = real_rows("zgtks_scjg_qingwei_2024.csv")
    data = csv_bytes([header, *rows], "utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    with_type = read_table(data, list_type="no-penalty")
    assert items(with_type) == [
        item(n, matter=r[1], legal_basis=r[2], condition=r[3]) for n, r in enumerate(rows, 1)
    ]
    assert [e.message for e in read_table(data).all_errors] == [msg.UNKNOWN_TYPE]


def test_gb18030_csv_with_traditional_headers_and_two_basis_columns():
    header, row = real_rows("heshan_scjg_jianmianze_mianchufa.csv")
    data = csv_bytes([header, row], "gb18030")
    preview = read_table(data)
    assert [parsed.list_type for parsed in preview.lists] == ["no-penalty"]
    assert items(preview) == [
        item(1, matter=row[1], legal_basis=row[2], condition=row[3], leniency_basis=row[4])
    ]


def test_word_table_with_supervision_measures_under_a_title_paragraph():
    header, row = real_rows("quanzhou_whlv_shouwei_bufa_dierpi_2025.csv")
    data = docx_bytes(["泉州市文化广电和旅游局首违不罚事项清单（第二批）", {"rows": [header, row]}])
    preview = read_table(data)
    assert [parsed.list_type for parsed in preview.lists] == ["no-penalty"]
    assert items(preview) == [
        item(1, matter=row[1], condition=row[2], legal_basis=row[3], supervision_measures=row[4])
    ]


def _zrzy_workbook():
    lighter = real_rows("zrzy_congqing_chufa_provincial_template.csv")
    mitigated = real_rows("zrzy_jianqing_chufa_provincial_template.csv")
    footer = ["说明：", "本清单由省自然资源厅统一制定，各地可结合实际细化。"]
    return xlsx_bytes({"从轻处罚": [*lighter, footer], "减轻处罚": mitigated}), lighter, mitigated


def test_a_workbook_with_a_sheet_per_list_keeps_unknown_columns_in_extra():
    data, lighter, mitigated = _zrzy_workbook()
    preview = read_table(data)
    assert preview.is_valid
    assert [p.list_type for p in preview.lists] == ["lighter-penalty", "mitigated-penalty"]
    expected = [
        [
            item(
                n,
                category=r[1],
                matter=r[2],
                condition=r[3],
                leniency_basis=r[4],
                supervision_measures=r[5],
                extra={"权力层级": r[6]},
            )
            for n, r in enumerate(rows[1:], start=1)
        ]
        for rows in (lighter, mitigated)
    ]
    assert [items(preview, 0), items(preview, 1)] == expected
    assert preview.lists[1].columns[3].header == "减轻行处罚的情形"
    assert preview.lists[1].columns[3].field == "condition"


def test_a_workbook_of_several_lists_goes_into_a_draft_of_each_type(agency, clerk):
    data, *_ = _zrzy_workbook()
    versions = import_preview(read_table(data), agency=agency, acting_user=clerk)
    assert [(v.list.list_type.code, v.status, v.items.count()) for v in versions] == [
        ("lighter-penalty", "draft", 2),
        ("mitigated-penalty", "draft", 1),
    ]
    assert versions[0].items.first().extra == {"权力层级": "省级、市级、县级自然资源主管部门"}


def test_a_real_xls_that_is_not_a_four_list_gives_a_clean_error(agency):
    data = (DATA / "jiangmen_sthj_caiLiang_biaozhun_cankaobiao_NOT_FOUR_LIST.xls").read_bytes()
    before = counts()
    preview = read_table(data)
    # A 裁量基准 table has no condition column and names no list type: it is not imported.
    assert [error.text for error in preview.all_errors] == [msg.UNKNOWN_TYPE]
    assert msg.NO_CONDITION_COLUMN in preview.warnings
    with pytest.raises(ImportFailed):
        import_preview(preview, agency=agency, acting_user=None)
    assert counts() == before


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("法 律 依 据", "legal_basis"),
        ("行政处罚\n事项名称", "matter"),
        ("適用條件", "condition"),
        ("适用条件(同时符合下列条件)", "condition"),
        ("适用条件（同时符合下列条件）", "condition"),
        ("减轻行处罚的情形", "condition"),
        ("实施  主体", "implementing_body"),
        ("执法主体", "implementing_body"),
        ("违法行为(列举)", "matter"),
        ("违法行为种类", "matter"),
        ("行政强制事项", "matter"),
        ("处罚事项", "matter"),
        ("违法事项", "matter"),
        ("事项", "matter"),
        ("不予处罚的情节", "condition"),
        ("首违免罚的情形", "condition"),
        ("轻微情节", "condition"),
        ("适合条件", "condition"),
        ("从轻处罚条件", "condition"),
        ("法定依据", "legal_basis"),
        ("违反条款", "legal_basis"),
        ("相应处罚规定", "legal_basis"),
        ("违法依据", "legal_basis"),
        ("免處罰依據", "leniency_basis"),
        ("不予处罚法律依据", "leniency_basis"),
        ("首违免罚的依据", "leniency_basis"),
        ("监管领域", "category"),
        ("管理领域", "category"),
        ("備註", "note"),
        ("配套监管 措施", "supervision_measures"),
        ("权力层级", EXTRA),
        ("免罚情形", EXTRA),
        ("裁量幅度", EXTRA),
        ("违法代码", EXTRA),
        ("序 号", "seq"),
    ],
)
def test_header_synonyms_are_recognised(header, field):
    assert field_for_header(header) == field


def test_an_empty_real_list_is_reported_not_imported():
    data = csv_bytes(real_rows("xianning_rsj_jianqing_2022_EMPTY.csv"), "utf-8")
    assert [e.message for e in read_table(data).all_errors] == [msg.NO_ITEMS]


# --- failures write nothing ------------------------------------------------------------------


def _valid_xlsx():
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    return xlsx_bytes({"不予处罚": [header, *rows]})


def _zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 2**20))
    return buffer.getvalue()


def _header_without_matter():
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    return xlsx_bytes(
        {"不予处罚": [[h for i, h in enumerate(r) if i != 1] for r in [header, *rows]]}
    )


def _row_without_matter():
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    rows[1][1] = ""
    return xlsx_bytes({"不予处罚": [["威海市应急管理局不予处罚事项清单"], header, *rows]})


FAILURES = {
    "pdf": (lambda: b"%PDF-1.7\n" + b"x" * 100, msg.PDF_CORRUPT),
    "png": (lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 100, msg.IMAGE.format(kind="PNG")),
    "corrupt": (lambda: _valid_xlsx()[:2000], msg.CORRUPT),
    "encrypted-zip": (lambda: zip_entry_flags(_valid_xlsx()), msg.ENCRYPTED),
    "encrypted-office": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
        msg.ENCRYPTED,
    ),
    "zip-bomb": (_zip_bomb, msg.zip_bomb(30 * 2**20 + 11)),
    "empty": (lambda: b"", msg.EMPTY_FILE),
    "no-header": (lambda: "第一条 为了规范……\n第二条 本办法……\n".encode(), msg.NO_HEADER),
    "missing-column": (
        _header_without_matter,
        "第 1 行："
        + msg.MISSING_COLUMN.format(label="事项", examples=msg.REQUIRED_EXAMPLES["matter"]),
    ),
    "no-matter": (_row_without_matter, "第 4 行 B 列：" + msg.NO_MATTER),
}


@pytest.mark.parametrize("case", sorted(FAILURES))
def test_bad_files_get_a_chinese_error_and_write_nothing(case, agency, tmp_path, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 20 * 2**20
    build, message = FAILURES[case]
    path = tmp_path / "upload.bin"
    path.write_bytes(build())
    before = counts()
    result = _command(path, "--agency", agency.code, "--list-type", "no-penalty", fails=True)
    assert result["errors"][0]["message"] == message
    assert result["version"] is None and result["created"] == 0
    assert counts() == before


def test_a_file_over_the_size_limit_is_refused_before_reading(agency, tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 1000
    path = tmp_path / "big.xlsx"
    path.write_bytes(_valid_xlsx())
    result = _command(path, "--agency", agency.code, fails=True)
    assert result["errors"][0]["message"].startswith("文件大小为 ")
    assert counts() == (0, 0, 0)


def test_a_row_error_names_the_excel_row_and_column_in_the_json(agency, tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(_row_without_matter())
    result = _command(path, "--agency", agency.code, fails=True)
    assert result["errors"] == [
        {"row": 4, "column": "B", "message": "第 4 行 B 列：" + msg.NO_MATTER}
    ]
    assert result["rows"] == 3 and counts() == (0, 0, 0)


def test_importing_into_a_submitted_version_is_refused_and_writes_nothing(agency, clerk):
    version = draft_list(agency, clerk)
    workflow.submit(version, acting_user=clerk)
    before = list(version.items.values_list("matter", flat=True))
    with pytest.raises(ImportFailed, match="待审查"):
        import_preview(read_table(_valid_xlsx()), agency=agency, acting_user=clerk)
    assert list(version.items.values_list("matter", flat=True)) == before
    assert ListVersion.objects.count() == 1


# --- the command -----------------------------------------------------------------------------


def _system():
    from lists.management.commands.import_list import system_user

    return system_user()


def _command(path, *args, fails=False):
    out = io.StringIO()
    if fails:
        with pytest.raises(CommandError) as raised:
            call_command("import_list", str(path), *args, "--json", stdout=out)
        assert raised.value.returncode == 1
    else:
        call_command("import_list", str(path), *args, "--json", stdout=out)
    text = out.getvalue()
    assert text.count("\n") <= 1
    return json.loads(text)


def test_the_command_prints_one_json_object_and_writes_the_draft(agency, tmp_path):
    path = tmp_path / "weihai.xlsx"
    path.write_bytes(_valid_xlsx())
    result = _command(path, "--agency", agency.code)
    assert set(result) == {"rows", "created", "errors", "version", "items"}
    assert (result["rows"], result["created"], result["errors"], result["version"]) == (3, 3, [], 1)
    assert [list(i) for i in result["items"]] == [FIELDS] * 3
    assert result["items"][0]["matter"] == "生产经营单位未将事故隐患排查治理情况向从业人员通报的"
    assert result["items"][0]["section"] is None and result["items"][0]["note"] is None
    version = ListVersion.objects.get()
    assert (version.list.agency, version.list.list_type.code) == (agency, "no-penalty")
    assert list(version.items.values_list("seq", flat=True)) == [1, 2, 3]


def test_the_command_dry_run_writes_nothing(agency, tmp_path):
    path = tmp_path / "weihai.xlsx"
    path.write_bytes(_valid_xlsx())
    result = _command(path, "--agency", agency.code, "--dry-run")
    assert (result["rows"], result["created"], result["version"]) == (3, 0, None)
    assert counts() == (0, 0, 0)


def test_the_command_refuses_an_unknown_agency(db, tmp_path):
    path = tmp_path / "weihai.xlsx"
    path.write_bytes(_valid_xlsx())
    result = _command(path, "--agency", "nope", fails=True)
    assert result["errors"] == [
        {"row": None, "column": None, "message": "没有代码为“nope”的单位。"}
    ]


def test_replace_keeps_keys_of_unchanged_rows_and_append_adds_after(agency, clerk):
    version = draft_list(agency, clerk)
    keys = dict(version.items.values_list("matter", "key"))
    import_preview(read_table(_valid_xlsx()), agency=agency, acting_user=clerk)
    replaced = dict(version.items.values_list("matter", "key"))
    assert len(replaced) == 3
    kept = "生产经营单位未将事故隐患排查治理情况向从业人员通报的"
    assert replaced[kept] == keys[kept]
    numbered = list(version.items.values_list("pk", "seq"))
    renumber(version)
    assert list(version.items.values_list("pk", "seq")) == numbered
    import_preview(read_table(_valid_xlsx()), agency=agency, acting_user=clerk, mode="append")
    assert list(version.items.values_list("seq", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_replace_keeps_a_review_comment_on_a_removed_row_without_its_item(agency, clerk):
    from lists.models import ReviewComment

    version = draft_list(agency, clerk)
    row = version.items.first()
    comment = ReviewComment.objects.create(version=version, item=row, author=clerk, text="请核对")
    import_preview(read_table(_valid_xlsx()), agency=agency, acting_user=clerk)
    comment.refresh_from_db()  # still there, as the item's SET_NULL says
    assert comment.text == "请核对"
    assert comment.item_id is None
    assert not version.items.filter(pk=row.pk).exists()


# --- the admin page --------------------------------------------------------------------------


def _upload(client, agency, data=None, **extra):
    upload = SimpleUploadedFile("清单.xlsx", data or _valid_xlsx())
    form = {"file": upload, "agency": agency.pk, "list_type": "", "mode": "replace", **extra}
    return client.post(reverse("lists_import"), form)


def _token(response):
    return response.context["upload"].token


def test_clerk_previews_remaps_a_column_and_confirms(client, clerk, agency):
    client.force_login(clerk)
    assert client.get(reverse("lists_import")).status_code == 200
    response = _upload(client, agency)
    assert response.status_code == 200
    assert "生产经营单位未将事故隐患排查治理情况向从业人员通报的" in response.content.decode()
    assert counts() == (0, 0, 0)
    token = _token(response)
    confirm = reverse("lists_import_confirm")
    remap = {"token": token, "agency": agency.pk, "map-0-3": "note", "action": "preview"}
    response = client.post(confirm, remap)
    assert (
        response.context["preview"]
        .rows[0]
        .values["note"]
        .startswith("《中华人民共和国安全生产法》")
    )
    assert counts() == (0, 0, 0)
    response = client.post(confirm, {**remap, "action": "confirm"})
    assert response.status_code == 302
    item = Item.objects.get(seq=1)
    assert (item.version.list.agency, item.legal_basis, item.note[:4]) == (agency, "", "《中华人")


def test_clerk_maps_an_unrecognised_column_to_the_condition(client, clerk, agency):
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    header[2] = "情况说明"  # not a name the reader knows for 适用条件
    client.force_login(clerk)
    response = _upload(client, agency, xlsx_bytes({"不予处罚": [header, *rows]}))
    preview = response.context["preview"]
    assert not preview.all_errors
    assert preview.warnings == [msg.NO_CONDITION_COLUMN]
    assert 'name="map-0-2"' in response.content.decode()
    response = client.post(
        reverse("lists_import_confirm"),
        {
            "token": _token(response),
            "agency": agency.pk,
            "map-0-2": "condition",
            "action": "confirm",
        },
    )
    assert response.status_code == 302
    assert list(Item.objects.values_list("condition", flat=True)) == [r[2] for r in rows]


def test_preview_shows_each_error_on_its_row_and_column(client, clerk, agency):
    client.force_login(clerk)
    response = _upload(client, agency, _row_without_matter())
    assert "第 4 行 B 列：缺少事项名称。" in response.content.decode()
    response = client.post(
        reverse("lists_import_confirm"),
        {"token": _token(response), "agency": agency.pk, "action": "confirm"},
    )
    assert response.status_code == 200 and counts() == (0, 0, 0)


def test_clerk_cannot_choose_another_agency_in_the_upload_form(client, clerk, other_agency):
    client.force_login(clerk)
    response = _upload(client, other_agency)
    assert response.status_code == 200
    assert response.context["form"].errors["agency"]
    assert counts() == (0, 0, 0)


def test_tampering_with_the_agency_at_confirm_writes_nothing(client, clerk, agency, other_agency):
    client.force_login(clerk)
    token = _token(_upload(client, agency))
    response = client.post(
        reverse("lists_import_confirm"),
        {"token": token, "agency": other_agency.pk, "action": "confirm"},
    )
    assert response.status_code == 403
    assert counts() == (0, 0, 0)


def test_another_clerk_cannot_confirm_someone_elses_upload(client, clerk, other_clerk, agency):
    client.force_login(clerk)
    token = _token(_upload(client, agency))
    client.force_login(other_clerk)
    response = client.post(
        reverse("lists_import_confirm"), {"token": token, "agency": agency.pk, "action": "confirm"}
    )
    assert response.status_code == 404
    assert counts() == (0, 0, 0)


def test_a_reviewer_has_no_import_page(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("lists_import")).status_code == 403


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("一、违法行为轻微并及时改正，没有造成危害后果的", 1),
        ("一、下列违法行为轻微并及时改正,没有造成危害后果的,不予行政处罚", 1),
        ("二、初次违法且危害后果轻微并及时改正的（首违不罚）", 2),
        ("（二）首违不罚事项", 2),
        ("三、当事人有证据足以证明没有主观过错的", 3),
        ("一、符合下列情形的轻微违法行为，不予行政处罚", None),
        ("一、建设项目管理类", None),
    ],
)
def test_statutory_section_rows_are_matched_by_their_wording(text, number):
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    preview = read_table(xlsx_bytes({"不予处罚": [header, [text], *rows]}))
    assert {row.section for row in preview.rows} == {number}
    assert [text for _place, text in preview.lists[0].skipped] == [text]


@pytest.mark.parametrize(
    "footer",
    ["说明：本清单自公布之日起施行。", "抄送：市司法局", "注：以上事项动态调整", "备注：无"],
)
def test_rows_after_a_footer_are_not_items(footer):
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    sheet = [header, rows[0], [footer], rows[1], [None, "", ""]]
    preview = read_table(xlsx_bytes({"不予处罚": sheet}))
    assert [row.values["matter"] for row in preview.rows] == [rows[0][1]]


def test_importing_over_a_published_list_starts_a_revision(published, agency, tmp_path):
    path = tmp_path / "weihai.xlsx"
    path.write_bytes(_valid_xlsx())
    result = _command(path, "--agency", agency.code, "--list-type", "no-penalty")
    assert (result["version"], result["created"]) == (2, 3)
    assert published.items.count() == 3  # the published version is untouched
    revision = ListVersion.objects.get(list=published.list, number=2)
    assert revision.status == "draft"
    kept = "生产经营单位未将事故隐患排查治理情况向从业人员通报的"
    assert revision.items.get(matter=kept).key == published.items.get(matter=kept).key


def test_tabs_inside_quoted_csv_cells_do_not_make_it_a_tab_separated_file():
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    rows[0][1] += "\t" * 20  # pasted from a web page
    preview = read_table(csv_bytes([header, *rows], "utf-8"), list_type="no-penalty")
    assert [row.values["matter"] for row in preview.rows] == [row[1].strip() for row in rows]


def test_a_tab_separated_file_with_commas_in_its_cells_is_read_by_its_tabs():
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    text = "\n".join("\t".join(cell.replace("\n", " ") for cell in row) for row in [header, *rows])
    preview = read_table(text.encode("utf-16"), list_type="no-penalty")
    assert [row.values["matter"] for row in preview.rows] == [row[1] for row in rows]


def test_tabs_around_a_line_break_inside_quoted_cells_keep_it_a_csv():
    # Found by the one-form property test: tabs before and after a CRLF inside quoted cells
    # split more lines by tabs than the header and the row split by commas.
    tabs = "\t\t\r\n\t\t"
    matter = "未按规定公示营业执照" + tabs
    condition = "同时满足下列情形的，不予行政处罚：\n（1）属于首次违法；\n（2）及时改正。" + tabs
    data = csv_bytes([["序号", "违法行为", "不予处罚适用条件"], ["1", matter, condition]], "utf-8")
    (row,) = read_table(data, list_type="no-penalty").rows
    assert row.values["matter"].startswith("未按规定公示营业执照")
    assert row.values["condition"].startswith("同时满足下列情形的，不予行政处罚：")
