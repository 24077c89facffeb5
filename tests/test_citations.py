"""Citation parsing on real rows: law names, aliases, editions, 条/款/项."""

import csv
from pathlib import Path

import pytest

from oversight.citations import cn_number, cn_numeral, is_law_name, law_key, parse_citations

DATA = Path(__file__).parent / "data" / "citations.csv"
ROWS = list(csv.DictReader(DATA.open(encoding="utf-8")))


def test_the_table_holds_at_least_forty_real_citations_from_both_sources():
    assert len(ROWS) >= 40
    assert {row["source"].split("/")[0] for row in ROWS} == {"real", "demo"}


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}-{r['source']}" for i, r in enumerate(ROWS)])
def test_real_citation(row):
    found = parse_citations(row["text"])
    assert "; ".join(f"{c.key}:{c.articles_text}" for c in found) == row["expected"]
    assert "; ".join(c.edition for c in found if c.edition) == row["edition"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("《安全生产法》第九十七条", "安全生产法"),
        ("《中华人民共和国安全生产法》第九十七条", "安全生产法"),
        ("《中华人民共和 国安全生产法》 第九十七条", "安全生产法"),
        ("《中華人民共和國安全生產法》第九十七條", "安全生产法"),
        ("《中华人民共和国安全生产法（2021修订）》第九十七条", "安全生产法"),
    ],
)
def test_aliases_of_one_law_share_its_key(text, expected):
    (citation,) = parse_citations(text)
    assert citation.key == expected == law_key(citation.name)


def test_an_edition_note_after_the_name_is_kept_and_the_articles_after_it_are_read():
    (citation,) = parse_citations("《中华人民共和国行政处罚法》（2021年修订）第三十三条第一款")
    assert citation.edition == "2021年修订"
    assert citation.articles == [(33, 1, None)]


def test_items_and_paragraphs_inherit_their_article():
    (citation,) = parse_citations("《中华人民共和国土壤污染防治法》第二十一条第二款第二项、第三项")
    assert citation.articles == [(21, 2, 2), (21, 2, 3)]
    (citation,) = parse_citations("《中华人民共和国安全生产法》第四十一条第二款、第九十七条")
    assert citation.articles == [(41, 2, None), (97, None, None)]


def test_quoted_article_text_is_not_read_as_more_articles():
    (citation,) = parse_citations(
        "《中华人民共和国种子法》第八十四条:违反本法第四十四条规定,未根据计划使用林木良种的"
    )
    assert citation.articles == [(84, None, None)]


def test_documents_in_guillemets_are_not_laws():
    assert not is_law_name("网络文化经营许可证")
    assert not is_law_name("营业执照")
    assert [
        c.key
        for c in parse_citations("未悬挂《网络文化经营许可证》，违反《娱乐场所管理条例》第三十条")
    ] == ["娱乐场所管理条例"]


def test_the_same_law_cited_twice_is_one_citation_with_both_articles():
    text = "《反不正当竞争法》第十条:……。 《中华人民共和国反不正当竞争法》第二十二条:……"
    (citation,) = parse_citations(text)
    assert citation.articles == [(10, None, None), (22, None, None)]


@pytest.mark.parametrize("number", [1, 9, 10, 11, 19, 20, 33, 100, 101, 110, 126, 1000, 1203])
def test_chinese_numerals_round_trip(number):
    assert cn_number(cn_numeral(number)) == number


def test_empty_and_citation_free_text():
    assert parse_citations("") == []
    assert parse_citations("依据相关法律法规") == []
