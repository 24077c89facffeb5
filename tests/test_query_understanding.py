"""Query understanding: folding, segmentation, synonyms and pinyin (lists/textfold, lists/query)."""

import pytest

from lists.textfold import fold, search_fold, to_simplified, to_traditional


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("當事人首次違法", "当事人首次违法"),
        ("營業執照", "营业执照"),
        ("《電子商務法》第七十六條", "《电子商务法》第七十六条"),
        ("從事城市生活垃圾經營性清掃", "从事城市生活垃圾经营性清扫"),
        ("餐館油煙", "餐馆油烟"),
        ("危害後果輕微並及時改正", "危害后果轻微并及时改正"),
        ("明碼標價", "明码标价"),
        ("食品", "食品"),
    ],
)
def test_traditional_and_simplified_fold_both_ways(traditional, simplified):
    assert to_simplified(traditional) == simplified
    assert to_simplified(to_traditional(simplified)) == simplified
    assert fold(traditional) == fold(simplified) == simplified


def test_search_fold_unifies_width_case_and_spaces():
    assert search_fold("  ＰＭ２.５  超標\n排放 ") == "pm2.5 超标 排放"
    assert fold("ＡＢＣ") == "ABC"
    assert search_fold("") == fold(None) == ""


# --- segmentation, stop words, synonyms, pinyin (lists/search/query.py) ---------------------

import importlib  # noqa: E402

from lists.search import understand_query  # noqa: E402
from lists.search.query import MAX_WORDS, understand  # noqa: E402
from lists.synonyms import SynonymGroup, expansion_map, parse  # noqa: E402

STARTER = importlib.import_module("lists.migrations.0040_starter_synonyms_broad").STARTER


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sentence", "words", "ignored"),
    [
        ("第一次违法会不会罚款", ["第一次违法"], ["会", "不会", "罚款"]),
        ("门口摆摊被查了", ["门口", "摆摊"], ["被查", "了"]),
        ("餐馆油烟太大被罚了", ["餐馆", "油烟"], ["太大", "被", "罚", "了"]),
        ("店里没有灭火器会被罚吗", ["店里", "没有", "灭火器"], ["会", "被", "罚", "吗"]),
        ("没挂营业执照怎么办", ["没挂", "营业执照"], ["怎么办"]),
        ("酒驾被抓了怎么办", ["酒驾"], ["被", "抓", "了", "怎么办"]),
        ("黑车拉客会怎么处理", ["黑车", "拉客"], ["会", "怎么", "处理"]),
        ("超市卖过期食品", ["超市", "卖", "过期食品"], []),
        ("网吧没挂许可证", ["网吧", "没挂", "许可证"], []),
        ("在路边摆摊卖水果", ["路边", "摆摊", "卖", "水果"], ["在"]),
        ("工地晚上施工太吵", ["工地", "晚上", "施工", "太吵"], []),
        ("餐馆 油烟", ["餐馆", "油烟"], []),
    ],
)
def test_colloquial_sentences_are_segmented_into_the_words_that_matter(sentence, words, ignored):
    query = understand_query(sentence)
    assert [word.text for word in query.words] == words
    assert query.ignored == ignored


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "words", "note"), STARTER)
def test_each_starter_synonym_group_expands_as_the_bureau_set_it(kind, words, note):
    group = SynonymGroup.objects.get(words=words)
    assert group.kind == kind and group.active
    synonyms = expansion_map(SynonymGroup.objects.filter(active=True))
    members = group.word_list()
    for word in group.expanding():
        alternatives = understand(word, synonyms).words[0].alternatives
        assert alternatives[0] == word
        assert set(members) <= set(alternatives), word
    sources, targets = parse(words)
    for word in targets:  # one-way: a list's wording does not expand to the everyday words
        if word not in synonyms:
            alternatives = understand(word, synonyms).words[0].alternatives
            assert alternatives[0] == word and not set(sources) & set(alternatives)


@pytest.mark.django_db
def test_a_disabled_group_no_longer_expands():
    group = SynonymGroup.objects.get(words__startswith="摆摊")
    assert "流动摊贩" in understand_query("摆摊").words[0].alternatives
    group.active = False
    group.save()
    assert understand_query("摆摊").words[0].alternatives == ["摆摊"]


def test_one_way_group_expands_only_the_words_left_of_its_arrow():
    group = SynonymGroup(words="店、店铺 → 经营场所、场所")
    synonyms = expansion_map([group])
    assert understand("店铺", synonyms).words[0].alternatives == ["店铺", "店", "经营场所", "场所"]
    assert understand("经营场所", synonyms).words[0].alternatives == ["经营场所"]
    legacy = expansion_map([SynonymGroup(words="店、经营场所", mutual=False)])
    assert understand("店", legacy).words[0].alternatives == ["店", "经营场所"]
    assert understand("经营场所", legacy).words[0].alternatives == ["经营场所"]


@pytest.mark.parametrize(
    ("typed", "also"),
    [("没批", ["批"]), ("没备案", ["备案"]), ("不让", [])],
)
def test_an_everyday_negation_also_looks_for_what_it_negates(typed, also):
    synonyms = {"没备案": ["未备案"]}
    alternatives = understand(typed, synonyms).words[0].alternatives
    assert alternatives[0] == typed and set(also) <= set(alternatives)
    assert "让" not in alternatives  # a stop word is no alternative


@pytest.mark.parametrize(
    ("typed", "word"), [("shipin", "食品"), ("xiaofang", "消防"), ("yingyezhizhao", "营业执照")]
)
def test_pinyin_is_searched_as_the_words_it_spells(typed, word):
    query = understand(typed)
    assert query.words[0].alternatives[:1] == [typed]
    assert word in query.words[0].alternatives
    assert query.words[0].via == "拼音"


def test_traditional_query_is_understood_in_simplified():
    assert [w.text for w in understand("營業執照 餐館").words] == ["营业执照", "餐馆"]


def test_long_queries_are_cut_and_extra_words_dropped_with_notice():
    query = understand(
        "粮油、仓储、单位、名称、使用、国家、储备、字样、批准、部门、管理" + "粮" * 100
    )
    assert len(query.words) == MAX_WORDS
    assert query.dropped and query.cut
    assert understand("了 吗").words == [] and understand("了 吗").ignored == ["了", "吗"]
