"""Query understanding: from what a citizen types to the words to look for.

    understand("第一次违法会不会罚款") → words 第一次 (also 首次, 初次 …), 违法, 罚款; ignored 会, 不会

1. Cut to MAX_QUERY_CHARS; fold (traditional → simplified, full width, lower case; lists.textfold).
2. Split on spaces and punctuation (《安全生产法》 → 安全生产法), then segment each run with jieba,
   whose dictionary is jieba's own plus a legal-domain user dictionary (data/userdict.txt, built
   from the lists' vocabulary) plus every synonym, so 门口摆摊被查了 → 门口 / 摆摊 / 被查 / 了.
3. Drop stop words (data/stopwords.txt: 了, 会不会, 怎么办 …) and keep MAX_WORDS words; say so.
4. Expand each word with its synonym groups (lists.synonyms, edited in the admin) and, for a
   word typed in latin letters, the vocabulary words with that pinyin (shipin → 食品).
"""

import functools
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

import jieba
from pypinyin import lazy_pinyin

from lists.search.tokens import runs
from lists.textfold import search_fold

MAX_QUERY_CHARS = 100
MAX_WORDS = 8
SYNONYM_FREQ = 100_000  # synonyms stay whole words whatever jieba's own dictionary says
DATA = Path(__file__).resolve().parent / "data"
_lock = threading.Lock()


@dataclass
class Word:
    text: str  # folded, as typed
    alternatives: list[str]  # every form looked for: the word first, then synonyms / pinyin
    via: str = ""  # "同义词" or "拼音" when alternatives were added


@dataclass
class Query:
    raw: str
    words: list[Word] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)  # runs split into several words
    ignored: list[str] = field(default_factory=list)  # stop words dropped
    dropped: list[str] = field(default_factory=list)  # words beyond MAX_WORDS
    cut: bool = False  # the query was longer than MAX_QUERY_CHARS

    @property
    def marks(self) -> list[str]:
        """Every form to highlight in results."""
        return sorted({alt for word in self.words for alt in word.alternatives}, key=len)[::-1]

    def __bool__(self) -> bool:
        return bool(self.words)


@functools.cache
def stopwords() -> frozenset[str]:
    text = (DATA / "stopwords.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return frozenset(" ".join(lines).split())


@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(DATA / "userdict.txt"))
    return tokenizer


@functools.cache
def vocabulary() -> list[str]:
    """The domain words: the user dictionary's."""
    lines = (DATA / "userdict.txt").read_text(encoding="utf-8").splitlines()
    return [search_fold(line.split()[0]) for line in lines if line.strip()]


def segment(text: str, extra_words=()) -> list[str]:
    """jieba words of one run of text, with `extra_words` (synonyms) kept whole."""
    tokenizer = _tokenizer()
    with _lock:  # jieba's dictionary is shared state
        for word in extra_words:
            if tokenizer.FREQ.get(word, 0) < SYNONYM_FREQ:
                tokenizer.add_word(word, freq=SYNONYM_FREQ)
        return [word for word in tokenizer.lcut(text, HMM=True) if word.strip()]


@functools.lru_cache(maxsize=8)
def _pinyin_index(words: tuple[str, ...]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for word in words:
        if not word.isascii():
            key = "".join(lazy_pinyin(word))
            index.setdefault(key, []).append(word)
    return index


def pinyin_words(latin: str, vocabulary_words: tuple[str, ...]) -> list[str]:
    """Chinese words of the vocabulary whose pinyin (no tones) is `latin`: shipin → 食品."""
    return _pinyin_index(vocabulary_words).get(latin.lower(), [])[:5]


def understand(q: str | None, synonyms: dict[str, list[str]] | None = None) -> Query:
    """The words of a query, each with the forms to look for."""
    synonyms = synonyms or {}
    raw = (q or "").strip()
    query = Query(raw=raw, cut=len(raw) > MAX_QUERY_CHARS)
    vocab = tuple(sorted(set(vocabulary()) | set(synonyms)))
    seen: list[str] = []
    for run in runs(raw[:MAX_QUERY_CHARS]):
        words = [run] if run.isascii() else segment(run, synonyms)
        together: list[str] = []  # consecutive kept words: a phrase if several
        for word in words + [""]:
            if word and word not in stopwords():
                together.append(word)
                if word not in seen:
                    seen.append(word)
                continue
            if word:
                query.ignored.append(word)
            if len(together) > 1:
                query.phrases.append("".join(together))
            together = []
    for text in seen[:MAX_WORDS]:
        query.words.append(_expand(text, synonyms, vocab))
    query.dropped = seen[MAX_WORDS:]
    return query


def _expand(text: str, synonyms: dict[str, list[str]], vocab: tuple[str, ...]) -> Word:
    if text in synonyms:
        return Word(text, [text, *synonyms[text]], "同义词")
    if text.isascii() and text.isalpha() and len(text) > 1:
        found = pinyin_words(text, vocab)
        extra = [other for word in found for other in synonyms.get(word, [])]
        if found:
            return Word(text, [text, *found, *extra], "拼音")
    return Word(text, [text])


def warm_up() -> None:
    """Load jieba's and pypinyin's dictionaries now (about a second) rather than on a first search."""
    understand("食品经营 shipin")
