"""Query understanding: from what a citizen types to the words to look for.

    understand("第一次违法会不会罚款") → words 第一次 (also 首次, 初次 …), 违法; ignored 会, 不会, 罚款

1. Cut to MAX_QUERY_CHARS; fold (traditional → simplified, full width, lower case; lists.textfold).
2. Split on spaces and punctuation (《安全生产法》 → 安全生产法), then segment each run with jieba,
   whose dictionary is jieba's own plus a legal-domain user dictionary (data/userdict.txt, built
   from the lists' vocabulary) plus every synonym, so 门口摆摊被查了 → 门口 / 摆摊 / 被查 / 了.
3. Drop stop words (data/stopwords.txt: 了, 会不会, 怎么办, 罚款 …: the frame of a question, not its
   subject) unless nothing else is left, and keep MAX_WORDS words; the page says what was dropped.
4. Expand each word with its synonym groups (lists.synonyms, edited in the admin); a word typed in
   latin letters with the vocabulary words of that pinyin (shipin → 食品); an everyday negation
   (没挂, 没批, 不让 …) that no group knows with the word it negates, since lists write 未悬挂,
   未经批准 (没挂 → 挂, 悬挂 …).
5. Runs of several kept words are phrases; a phrase is also looked for in its synonyms' wording
   (第一次违法 → 首次违法, 初次违法), for ranking.
"""

import functools
import itertools
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
MAX_PHRASE_FORMS = 12
SYNONYM_FREQ = 100_000  # synonyms stay whole words whatever jieba's own dictionary says
NEGATIONS = ("没有", "没", "未", "无", "不")  # longest first
DATA = Path(__file__).resolve().parent / "data"
_lock = threading.Lock()
_added: set[str] = set()  # words given to jieba with SYNONYM_FREQ


@dataclass
class Word:
    text: str  # folded, as typed
    alternatives: list[str]  # every form looked for: the word first, then synonyms / pinyin
    via: str = ""  # "同义词", "拼音" or "否定" when alternatives were added

    @property
    def weight(self) -> int:
        """How much finding this word tells (ranking): its length, up to 4; a bare negation or
        a one-character word tells little."""
        if self.text in NEGATIONS or len(self.text) == 1:
            return 1
        return min(len(self.text), 4)


@dataclass
class Query:
    raw: str
    words: list[Word] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)  # each phrase's forms, typed first
    ignored: list[str] = field(default_factory=list)  # stop words dropped
    dropped: list[str] = field(default_factory=list)  # words beyond MAX_WORDS
    cut: bool = False  # the query was longer than MAX_QUERY_CHARS

    @property
    def marks(self) -> list[str]:
        """Every form to highlight in results, longest first: one character only when that is
        all that was typed (marking every 未 of a row helps nobody)."""
        forms = {alt for word in self.words for alt in word.alternatives}
        if any(len(form) > 1 for form in forms):
            forms = {form for form in forms if len(form) > 1}
        return sorted(forms, key=len, reverse=True)

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
            if word not in _added:
                if tokenizer.FREQ.get(word, 0) < SYNONYM_FREQ:
                    tokenizer.add_word(word, freq=SYNONYM_FREQ)
                _added.add(word)
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
    whole, vocab = _prepared(synonyms)
    pieces = [
        [run] if run.isascii() else segment(run, whole) for run in runs(raw[:MAX_QUERY_CHARS])
    ]
    kept = [[w for w in words if w not in stopwords()] for words in pieces]
    if not any(kept):  # only stop words (罚款, 处罚 …): search them rather than nothing
        kept = [[w for w in words if len(w) > 1] for words in pieces]
    seen: list[str] = []
    runs_of_words: list[list[str]] = []
    for words, keep in zip(pieces, kept, strict=True):
        together: list[str] = []  # consecutive kept words: a phrase if several
        for word in words + [""]:
            if word and word in keep:
                together.append(word)
                if word not in seen:
                    seen.append(word)
                continue
            if word and word not in query.ignored:
                query.ignored.append(word)
            if len(together) > 1:
                runs_of_words.append(together)
            together = []
    expanded = {text: _expand(text, synonyms, vocab) for text in seen}
    query.words = [expanded[text] for text in seen[:MAX_WORDS]]
    query.dropped = seen[MAX_WORDS:]
    kept_words = set(seen[:MAX_WORDS])
    query.phrases = [
        _phrase_forms([expanded[w] for w in run]) for run in runs_of_words if set(run) <= kept_words
    ]
    return query


def _prepared(synonyms: dict[str, list[str]]) -> tuple[list[str], tuple[str, ...]]:
    """(the words to keep whole, the vocabulary for pinyin) of a synonym map, computed once per
    map (lists.synonyms hands out the same map until the groups change)."""
    kept = _PREPARED.get(id(synonyms))
    if kept is None or kept[0] is not synonyms:
        vocab = tuple(sorted(set(vocabulary()) | set(synonyms)))
        kept = (synonyms, _group_words(synonyms), vocab)
        _PREPARED.clear()  # one map at a time
        _PREPARED[id(synonyms)] = kept
    return kept[1], kept[2]


_PREPARED: dict[int, tuple] = {}


def _group_words(synonyms: dict[str, list[str]]) -> list[str]:
    """Every word of every group (those that expand and those they expand to), kept whole."""
    found = dict.fromkeys(synonyms)
    for others in synonyms.values():
        found.update(dict.fromkeys(others))
    return list(found)


def _phrase_forms(words: list[Word]) -> list[str]:
    """A phrase as typed, then as its words' alternatives combine (at most MAX_PHRASE_FORMS)."""
    options = [word.alternatives[:4] for word in words]
    forms = []
    for combination in itertools.product(*options):
        form = "".join(combination)
        if form not in forms:
            forms.append(form)
        if len(forms) == MAX_PHRASE_FORMS:
            break
    return forms


def _expand(text: str, synonyms: dict[str, list[str]], vocab: tuple[str, ...]) -> Word:
    if text in synonyms:
        # 没备案 also finds 不按规定备案 and 未按规定向…备案: lists negate in many ways.
        core = _negated(text)
        extra = [core] if len(core) > 1 and core not in stopwords() else []
        return Word(text, _unique([text, *synonyms[text], *extra]), "同义词")
    if text.isascii() and text.isalpha() and len(text) > 1:
        found = pinyin_words(text, vocab)
        extra = [other for word in found for other in synonyms.get(word, [])]
        if found:
            return Word(text, _unique([text, *found, *extra]), "拼音")
    core = "" if text in vocab else _negated(text)  # 无照经营, 不予处罚 are words of their own
    if core and core not in stopwords():
        return Word(text, _unique([text, core, *synonyms.get(core, [])]), "否定")
    return Word(text, [text])


def _negated(text: str) -> str:
    """What an everyday negation negates: 没挂 → 挂, 没有备案 → 备案, 不让 → 让; else ""."""
    for negation in NEGATIONS:
        if text.startswith(negation) and len(text) > len(negation):
            return text[len(negation) :]
    return ""


def _unique(words: list[str]) -> list[str]:
    return list(dict.fromkeys(words))


def warm_up() -> None:
    """Load jieba's and pypinyin's dictionaries now (about a second) rather than on a first search."""
    understand("食品经营 shipin")
