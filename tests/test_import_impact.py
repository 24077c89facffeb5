"""The import preview says what confirming will do to the list it lands in."""

import pytest

from tests.conftest import draft_list, published_version
from tests.test_import import _upload

WEIHAI_SHARED = "生产经营单位未将事故隐患排查治理情况向从业人员通报的"  # also in the draft


def impact_of(response):
    [table] = response.context["tables"]
    return table["impact"]


@pytest.mark.parametrize(
    "mode, summary, counts",
    [
        ("replace", "将替换草稿（第 1 版）中现有的 3 项", (2, 2)),
        ("append", "将追加到草稿（第 1 版）现有的 3 项之后", (2, 0)),
    ],
)
def test_preview_counts_against_the_draft(client, agency, clerk, mode, summary, counts):
    draft_list(agency, clerk)  # three real rows, one of them also in the Weihai file
    client.force_login(clerk)
    impact = impact_of(_upload(client, agency, mode=mode, list_type="no-penalty"))
    assert impact.summary.startswith(summary)
    assert (impact.added, impact.removed) == counts
    assert impact.added + impact.changed <= 3 and impact.changed in (0, 1)


def test_preview_over_a_published_list_announces_a_revision(client, agency, clerk, reviewer):
    published_version(agency, clerk, reviewer)
    client.force_login(clerk)
    response = _upload(client, agency, list_type="no-penalty")
    impact = impact_of(response)
    assert "将在已发布的第 1 版基础上新建修订（第 2 版草稿）" in impact.summary
    assert (impact.added, impact.removed) == (2, 2)
    assert "新增 <strong>2</strong> 项" in response.content.decode()


def test_preview_of_a_new_list_and_of_a_list_under_review(client, agency, clerk):
    client.force_login(clerk)
    impact = impact_of(_upload(client, agency, list_type="no-penalty"))
    assert impact.summary == "将新建“不予处罚事项清单”并导入 3 项。"
    from lists import workflow

    workflow.submit(draft_list(agency, clerk, code="lighter-penalty"), acting_user=clerk)
    refused = impact_of(_upload(client, agency, list_type="lighter-penalty"))
    assert refused.refused and "待审查" in refused.summary
