"""Citations in 法律依据 / 从宽依据: 《law name》, an optional edition note, then its articles.

Pure text functions, no database. `parse_citations(text)` returns one `Citation` per law named
in the text (repeated mentions merged), each with its articles as (条, 款, 项) tuples.

Rules, learnt from real published rows (tests/data/citations.csv):
- a law is a 《…》 name ending in a normative-document word (法, 条例, 办法, 规定 …): 《营业执照》
  or 《网络文化经营许可证》 inside a row are documents, not laws;
- the articles are the run of 第X条/款/项 right after the name (and its "(2021年修订)"-style note),
  joined by 、，, 和 及 or spaces; the quoted article text after it ("第三十二条:当事人有…本法第十条")
  is not parsed, so 本法第十条 is never mistaken for a cited article;
- "第二十一条第二款第二项、第三项": a bare 项 keeps its 条 and 款, a bare 款 keeps its 条;
- names are compared by `law_key`: traditional → simplified, spaces and 《》 dropped, the
  "中华人民共和国" prefix dropped, so 《安全生产法》 = 《中华人民共和国安全生产法》.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

LAW_SUFFIXES = (
    "法",
    "条例",
    "办法",
    "规定",
    "细则",
    "规则",
    "决定",
    "解释",
    "规程",
    "标准",
    "准则",
    "意见",
    "通知",
    "批复",
    "目录",
)
COUNTRY = "中华人民共和国"
DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMBER = r"[0-9零〇一二两三四五六七八九十百千]+"
# 第 X 条 / 款 / 项, the number possibly in (…) or （…）, spaces tolerated ("第八十六 条").
PART = re.compile(rf"第\s*[（(]?\s*({NUMBER})\s*[)）]?\s*([条款项])")
JOINER = re.compile(r"[\s、，,和及与;；]*")
NAME = re.compile(r"《([^《》]{2,80})》")
# An edition note right after the name: (2021年修订) (1999年8月通过) (2021年…主席令第七十号).
EDITION = re.compile(r"\s*[（(]([^（()）]{0,80})[)）]")


def cn_number(text: str) -> int:
    """一百二十六 → 126, 十五 → 15, 126 → 126."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in DIGITS:
            current = DIGITS[char]
        elif char in UNITS:
            total += (current or 1) * UNITS[char]
            current = 0
    return total + current


def cn_numeral(number: int) -> str:
    """126 → 一百二十六, 15 → 十五 (how articles are written in Chinese law)."""
    names = "零一二三四五六七八九"
    if number < 10:
        return names[number]
    parts, rest = [], number
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        digit, rest = divmod(rest, value)
        if digit:
            parts.append(("" if unit == "十" and number < 20 else names[digit]) + unit)
        elif parts and rest:
            if parts[-1] != "零":
                parts.append("零")
    if rest:
        parts.append(names[rest])
    return "".join(parts)


Article = tuple[int, int | None, int | None]


@dataclass
class Citation:
    name: str  # as written, spaces removed, simplified
    key: str  # law_key(name)
    edition: str = ""
    articles: list[Article] = field(default_factory=list)

    @property
    def articles_text(self) -> str:
        return "、".join(format_article(article) for article in self.articles)


def format_article(article: Article) -> str:
    tiao, kuan, xiang = article
    text = f"第{cn_numeral(tiao)}条"
    if kuan:
        text += f"第{cn_numeral(kuan)}款"
    if xiang:
        text += f"第{cn_numeral(xiang)}项"
    return text


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def simplify(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return _t2s().convert(text)


def clean_name(name: str) -> str:
    return re.sub(r"\s+", "", simplify(name)).strip("《》")


def law_key(name: str) -> str:
    """The form names are matched on: 《中华人民共和国安全生产法(2021修订)》 → 安全生产法."""
    name = clean_name(name)
    name = re.sub(r"[（(][^（()）]*[)）]$", "", name)
    if name.startswith(COUNTRY) and len(name) > len(COUNTRY):
        name = name[len(COUNTRY) :]
    return name


def is_law_name(name: str) -> bool:
    name = re.sub(r"[（(][^（()）]*[)）]$", "", clean_name(name))
    return len(name) >= 3 and name.endswith(LAW_SUFFIXES)


def _articles(text: str, start: int) -> list[Article]:
    """The run of 第X条/款/项 starting at `start` (after joiners), stopping at anything else."""
    articles: list[Article] = []
    tiao = kuan = None
    position = start
    while True:
        position = JOINER.match(text, position).end()
        match = PART.match(text, position)
        if match is None:
            break
        number, unit = cn_number(match.group(1)), match.group(2)
        if unit == "条":
            tiao, kuan = number, None
            articles.append((tiao, None, None))
        elif tiao is None:
            break
        elif unit == "款":
            kuan = number
            _replace_or_add(articles, (tiao, kuan, None))
        else:
            _replace_or_add(articles, (tiao, kuan, number))
        position = match.end()
    return articles


def _replace_or_add(articles: list[Article], article: Article) -> None:
    # 第四十一条第二款: the 款 refines the bare 条 just read; in 第二项、第三项 the second 项
    # is an article of its own, with the same 条 and 款.
    parent = (article[0], article[1] if article[2] else None, None)
    if articles and articles[-1] == parent:
        articles[-1] = article
    else:
        articles.append(article)


def parse_citations(text: str) -> list[Citation]:
    """Every law cited in `text`, in order of first mention."""
    if not text:
        return []
    text = simplify(text)
    found: dict[str, Citation] = {}
    for match in NAME.finditer(text):
        raw = match.group(1)
        if not is_law_name(raw):
            continue
        name = clean_name(raw)
        position, edition = match.end(), ""
        note = EDITION.match(text, position)
        if note is not None and not PART.match(note.group(1).strip()):
            edition, position = note.group(1).strip(), note.end()
        key = law_key(name)
        citation = found.setdefault(key, Citation(name=name, key=key, edition=edition))
        citation.edition = citation.edition or edition
        for article in _articles(text, position):
            if article not in citation.articles:
                citation.articles.append(article)
    return list(found.values())
