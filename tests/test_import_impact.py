"""The import preview says what confirming will do to the list it lands in, with exact counts."""

import pytest

from lists import workflow
from tests.conftest import draft_list, published_version
from tests.import_files import xlsx_bytes
from tests.test_import import _upload

HEADER = ["序号", "违法行为", "实施机关", "适用条件", "法律依据"]


def table_against(version, agency):
    """A table holding the list's second row as it is, its third with another condition, a new
    row, and not its first row: 1 unchanged, 1 changed, 1 added, 1 removed."""
    _first, second, third = version.items.order_by("seq")
    rows = [
        [1, second.matter, agency.name, second.condition, second.legal_basis],
        [2, third.matter, agency.name, "首次违法且在责令改正期限内改正", third.legal_basis],
        [3, "未按规定公示营业执照", agency.name, "初次违法并及时改正", "《市场主体登记管理条例》"],
    ]
    return xlsx_bytes({"不予处罚": [HEADER, *rows]})


def impact_of(response):
    [table] = response.context["tables"]
    return table["impact"]


COUNTS = {  # (added, changed, removed, unchanged, duplicates)
    "replace": (1, 1, 1, 1, 0),
    "append": (3, 0, 0, 0, 2),  # every row goes after the existing ones; two repeat a name
}


@pytest.mark.parametrize("mode", ["replace", "append"])
def test_preview_counts_against_the_draft(client, agency, clerk, mode):
    draft = draft_list(agency, clerk)  # three real rows
    client.force_login(clerk)
    response = _upload(client, agency, table_against(draft, agency), mode=mode)
    impact = impact_of(response)
    verb = (
        "替换草稿（第 1 版）中现有的 3 项"
        if mode == "replace"
        else "追加到草稿（第 1 版）现有的 3 项之后"
    )
    assert impact.summary == f"将{verb}。"
    counts = (impact.added, impact.changed, impact.removed, impact.unchanged, impact.duplicates)
    assert counts == COUNTS[mode]
    page = response.content.decode()
    assert f"新增 <strong>{COUNTS[mode][0]}</strong> 项" in page
    assert ("其中 <strong>2</strong> 项与已有事项同名" in page) == (mode == "append")
    assert draft.items.count() == 3  # a preview writes nothing


@pytest.mark.parametrize("mode", ["replace", "append"])
def test_preview_over_a_published_list_announces_a_revision(client, agency, clerk, reviewer, mode):
    published = published_version(agency, clerk, reviewer)
    client.force_login(clerk)
    impact = impact_of(_upload(client, agency, table_against(published, agency), mode=mode))
    assert impact.summary == (
        "将在已发布的第 1 版基础上新建修订（第 2 版草稿），发布前需重新提交审查。"
    )
    counts = (impact.added, impact.changed, impact.removed, impact.unchanged, impact.duplicates)
    assert counts == COUNTS[mode]
    assert published.list.versions.count() == 1  # nothing created before 确认导入


def test_preview_of_a_new_list_and_of_a_list_under_review(client, agency, clerk):
    client.force_login(clerk)
    impact = impact_of(_upload(client, agency, list_type="no-penalty"))
    assert impact.summary == "将新建“不予处罚事项清单”并导入 3 项。"
    workflow.submit(draft_list(agency, clerk, code="lighter-penalty"), acting_user=clerk)
    refused = impact_of(_upload(client, agency, list_type="lighter-penalty"))
    assert refused.refused and "待审查" in refused.summary
