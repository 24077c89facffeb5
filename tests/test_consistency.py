"""Cross-agency consistency: how "near" two 事项 are, measured on labelled real pairs."""

import csv
from pathlib import Path

import pytest

from oversight.consistency import NEAR, near_items, normalise, similarity
from tests.conftest import REAL_ROWS, published_version

PAIRS = list(
    csv.DictReader((Path(__file__).parent / "data" / "near_matters.csv").open(encoding="utf-8"))
)


@pytest.mark.parametrize("pair", PAIRS, ids=[f"{p['same_act']}-{i}" for i, p in enumerate(PAIRS)])
def test_the_threshold_separates_labelled_real_pairs(pair):
    score = similarity(pair["a"], pair["b"])
    assert (score >= NEAR) == (pair["same_act"] == "yes"), score


def test_the_margin_around_the_threshold():
    same = [similarity(p["a"], p["b"]) for p in PAIRS if p["same_act"] == "yes"]
    different = [similarity(p["a"], p["b"]) for p in PAIRS if p["same_act"] == "no"]
    assert min(same) >= 0.7 and max(different) <= 0.55 < NEAR


def test_normalise_drops_citation_prefix_punctuation_and_traditional_forms():
    assert (
        normalise("違反《娛樂場所管理條例》第三十條,娛樂場所未悬挂警示标志的;")
        == "娱乐场所未悬挂警示标志"
    )


def test_review_shows_other_agencies_items_about_the_same_act_with_other_conditions(
    agency, clerk, reviewer, other_agency, other_clerk, other_reviewer
):
    published_version(
        other_agency,
        other_clerk,
        other_reviewer,
        code="lighter-penalty",
        rows=[
            REAL_ROWS[2]
            | {"matter": "合伙企业未将营业执照置于其经营场所的醒目位置的", "condition": "首次违法"}
        ],
    )
    mine = published_version(agency, clerk, reviewer)
    (match,) = near_items(mine)
    assert match.item.matter == REAL_ROWS[2]["matter"]
    assert match.other.version.list.agency == other_agency
    assert match.score >= NEAR


def test_identical_rows_with_identical_conditions_are_not_reported(
    agency, clerk, reviewer, other_agency, other_clerk, other_reviewer
):
    published_version(other_agency, other_clerk, other_reviewer)
    assert near_items(published_version(agency, clerk, reviewer)) == []
