"""One parse per upload, one write per preview token: re-previews and confirms reuse the rows
read at upload, and a double-click (or two tabs, or two threads) writes exactly once."""

import threading

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse

from lists import import_views, uploads
from lists.importers import import_preview, parser, read_table
from lists.models import Item
from lists.uploads import ImportUpload
from tests.import_files import real_rows, xlsx_bytes


def _workbook() -> bytes:
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    return xlsx_bytes({"不予处罚": [["威海市应急管理局不予处罚事项清单"], header, *rows]})


def _upload(client, agency):
    form = {
        "file": SimpleUploadedFile("清单.xlsx", _workbook()),
        "agency": agency.pk,
        "list_type": "",
        "mode": "replace",
    }
    return client.post(reverse("lists_import"), form)


def test_the_file_is_parsed_once_for_upload_re_preview_and_confirm(
    client, clerk, agency, monkeypatch
):
    calls = []
    real = parser.open_grids
    monkeypatch.setattr(parser, "open_grids", lambda data: calls.append(1) or real(data))
    client.force_login(clerk)
    token = _upload(client, agency).context["upload"].token
    confirm = reverse("lists_import_confirm")
    form = {"token": token, "agency": agency.pk, "map-0-3": "note", "action": "preview"}
    assert client.post(confirm, form).status_code == 200
    form.update({"map-0-3": "legal_basis", "action": "confirm"})
    assert client.post(confirm, form).status_code == 302
    assert len(calls) == 1
    assert Item.objects.count() == 3
    assert ImportUpload.objects.get(token=token).grids == b""  # the rows are not kept after


def test_a_second_confirm_of_the_same_preview_writes_nothing(client, clerk, agency):
    client.force_login(clerk)
    token = _upload(client, agency).context["upload"].token
    form = {"token": token, "agency": agency.pk, "action": "confirm"}
    first = client.post(reverse("lists_import_confirm"), form)
    keys = set(Item.objects.values_list("key", flat=True))
    second = client.post(reverse("lists_import_confirm"), form)
    assert first.status_code == second.status_code == 302
    assert set(Item.objects.values_list("key", flat=True)) == keys and len(keys) == 3
    texts = [str(m) for m in get_messages(second.wsgi_request)]
    assert any(text.startswith("这个文件已经导入过了") for text in texts)


def test_another_users_token_is_not_found(client, clerk, other_clerk, agency):
    client.force_login(clerk)
    token = _upload(client, agency).context["upload"].token
    client.force_login(other_clerk)
    form = {"token": token, "agency": agency.pk, "action": "confirm"}
    assert client.post(reverse("lists_import_confirm"), form).status_code == 404
    assert Item.objects.count() == 0
    assert import_views.EXPIRED


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_three_concurrent_confirms_of_one_preview_write_exactly_once(agency, clerk):
    grids = parser.parse_file(_workbook())
    upload = uploads.store(
        user=clerk, agency=agency, name="清单.xlsx", list_type="", mode="replace", grids=grids
    )
    barrier = threading.Barrier(3)
    results = []

    def click():
        try:
            mine = ImportUpload.objects.get(pk=upload.pk)
            preview = read_table(mine.parsed)
            barrier.wait(timeout=10)
            written = uploads.confirm(
                mine,
                lambda: import_preview(preview, agency=agency, acting_user=clerk, mode="append"),
            )
            results.append("written" if written else "already")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["already", "already", "written"]
    assert Item.objects.count() == 3


def test_the_rows_kept_for_the_confirm_read_as_the_file_did():
    """Hidden and merged-across rows survive the upload's storage, so the confirm reads alike."""
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    table = [["威海市应急管理局不予处罚事项清单"], header, ["安全生产领域"], *rows]
    grids = parser.parse_file(xlsx_bytes({"不予处罚": table}, {"不予处罚": ["A1:D1", "A3:D3"]}))
    kept = uploads.unpack(uploads.pack(grids))
    assert [(r.cells, r.place, r.hidden, r.wide) for g in kept for r in g.rows] == [
        (r.cells, r.place, r.hidden, r.wide) for g in grids for r in g.rows
    ]
    assert [r.wide for r in kept[0].rows][:3] == [True, False, True]
    assert read_table(kept).rows[0].values["category"] == "安全生产领域"
