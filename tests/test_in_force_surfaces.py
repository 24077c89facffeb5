"""施行日期 on every public surface: a version published with a future date replaces the one in
force nowhere until that day (list, agency and home pages, search, permalinks, downloads, API),
and everywhere on it. The clock is frozen in Asia/Shanghai; nothing runs at midnight."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from lists.models import Item
from tests.test_in_force import NEW_ROW, D, at, clock, pending  # noqa: F401  (fixtures)

LIST = "/agencies/scjg/no-penalty/"


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


def download_matters(client) -> tuple[list[str], list[str]]:
    sheet = load_workbook(io.BytesIO(client.get(LIST + "download.xlsx").getvalue())).active
    xlsx = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value]
    data = client.get(LIST + "download.csv").getvalue().decode("utf-8-sig")
    return xlsx, [cell for row in csv.reader(io.StringIO(data)) for cell in row]


def surfaces(client, new_key) -> dict:
    """What each public surface says about the list today."""
    api_list = client.get("/api/v1/lists/", {"agency": "scjg", "status": "current"}).json()
    (entry,) = api_list["results"]
    xlsx, csv_cells = download_matters(client)
    return {
        "list page": text(client.get(LIST)),
        "agency page": text(client.get("/agencies/scjg/")),
        "home page": text(client.get("/")),
        "search": text(client.get("/search/", {"q": "食品经营许可证"})),
        "permalink": text(client.get(f"/items/{new_key}/")),
        "xlsx": xlsx,
        "csv": csv_cells,
        "api current": entry["current_version"]["number"],
        "api upcoming": (entry["upcoming_version"] or {}).get("number"),
        "api search": [
            i["matter"]
            for i in client.get("/api/v1/items/", {"q": "食品经营许可证"}).json()["results"]
        ],
        "api item": client.get(f"/api/v1/items/{new_key}/").json(),
        "api changes": [
            (c["action"], c["version"]["number"])
            for c in client.get("/api/v1/changes/").json()["results"]
        ],
    }


@pytest.fixture
def new_key(pending):  # noqa: F811
    _first, second = pending
    return Item.objects.get(version=second, matter=NEW_ROW["matter"]).key


def test_a_future_version_replaces_the_one_in_force_on_no_surface_until_its_day(
    client,
    pending,  # noqa: F811
    new_key,
    clock,  # noqa: F811
):
    now = surfaces(client, new_key)
    assert "现行有效" in now["list page"] and "第1版" in now["list page"]
    assert NEW_ROW["matter"] not in now["list page"]
    assert "修订预告：第2版已于2026年12月15日公布，2027年1月1日起施行" in now["list page"]
    assert "已公布，2027年1月1日起施行" in now["agency page"] and "现行有效" in now["agency page"]
    assert "共 3 项" in now["home page"]  # 不予处罚: the items in force only
    assert NEW_ROW["matter"] not in now["search"]
    assert "尚未施行" in now["permalink"]
    assert NEW_ROW["matter"] not in now["xlsx"] and NEW_ROW["matter"] not in now["csv"]
    assert (now["api current"], now["api upcoming"]) == (1, 2)
    assert NEW_ROW["matter"] not in now["api search"]
    assert (now["api item"]["is_current"], now["api item"]["state"]) == (False, "upcoming")
    assert ("publish", 2) in now["api changes"] and ("in_force", 2) not in now["api changes"]
    second = text(client.get(LIST, {"version": 2}))
    assert "已公布，2027年1月1日起施行" in second and NEW_ROW["matter"] in second

    clock(at(D(2026, 12, 31), 23, 59))
    assert surfaces(client, new_key)["api current"] == 1

    clock(at(D(2027, 1, 1), 0, 1))
    then = surfaces(client, new_key)
    assert "第2版" in then["list page"] and NEW_ROW["matter"] in then["list page"]
    assert "修订预告" not in then["list page"]
    assert "起施行" not in then["agency page"] and "现行有效" in then["agency page"]
    assert "共 4 项" in then["home page"]
    assert NEW_ROW["matter"] in then["search"]
    assert "尚未施行" not in then["permalink"]
    assert NEW_ROW["matter"] in then["xlsx"] and NEW_ROW["matter"] in then["csv"]
    assert (then["api current"], then["api upcoming"]) == (2, None)
    assert NEW_ROW["matter"] in then["api search"]
    assert (then["api item"]["is_current"], then["api item"]["state"]) == (True, "in_force")
    assert {("in_force", 2), ("supersede", 1)} <= set(then["api changes"])
