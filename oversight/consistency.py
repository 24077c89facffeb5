"""Cross-agency consistency: items in force elsewhere that concern the same act.

"Near" is measured on the 事项 text normalised (traditional → simplified, citations such as
"违反《…》第十条," and punctuation removed, a trailing 的 dropped) as the Jaccard similarity of
its character bigrams. Chinese has no word breaks, so bigrams catch the same act written a little
differently ("经营者未依法取得营业执照从事经营活动的。" / "未依法取得營業執照從事經營活動": 0.88).
The threshold NEAR = 0.6 was chosen on real rows (tests/data/near_matters.csv,
measured by tests/test_consistency.py): every labelled same-act pair scores ≥ 0.6, every
labelled different-act pair that shares a subject scores below it (highest 0.54). Synonyms are not caught:
未经登记从事经营活动 / 未依法取得营业执照从事经营活动 (无照经营) score 0.28.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from lists.models import Item, ListVersion
from lists.selectors import current_items
from oversight.citations import simplify

NEAR = 0.6
CITATION = re.compile(r"(违反)?《[^》]*》(第[^，,；;、]*?[条款项])*")
PUNCTUATION = re.compile(r"[\s\W_]+")


def normalise(matter: str) -> str:
    text = CITATION.sub("", simplify(matter or ""))
    text = PUNCTUATION.sub("", text)
    return text.removesuffix("的")


def bigrams(text: str) -> frozenset[str]:
    if len(text) < 2:
        return frozenset([text]) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def similarity(a: str, b: str) -> float:
    x, y = bigrams(normalise(a)), bigrams(normalise(b))
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def _same_conditions(a: Item, b: Item) -> bool:
    return normalise(a.condition) == normalise(b.condition) and (
        a.version.list.list_type_id == b.version.list.list_type_id
    )


@dataclass
class Match:
    item: Item  # the row under review
    other: Item  # another agency's row in force
    score: float


def near_items(version: ListVersion, threshold: float = NEAR, limit: int = 3) -> list[Match]:
    """For each row of `version`: other agencies' items in force about the same act whose list
    type or conditions differ. Two queries; candidates found through a bigram index."""
    own = list(version.items.select_related("version__list"))
    others = list(
        current_items()
        .exclude(version__list__agency_id=version.list.agency_id)
        .select_related("version__list__agency", "version__list__list_type")
        .only(
            "matter",
            "condition",
            "key",
            "seq",
            "version__list__agency__name",
            "version__list__agency__short_name",
            "version__list__agency__code",
            "version__list__list_type__name",
            "version__list__list_type__code",
            "version__list__list_type__short_name",
        )
    )
    index = defaultdict(set)
    grams = []
    for position, other in enumerate(others):
        bag = bigrams(normalise(other.matter))
        grams.append(bag)
        for gram in bag:
            index[gram].add(position)
    matches = []
    for item in own:
        bag = bigrams(normalise(item.matter))
        candidates = set().union(*(index[gram] for gram in bag)) if bag else set()
        scored = []
        for position in candidates:
            score = len(bag & grams[position]) / len(bag | grams[position])
            if score >= threshold and not _same_conditions(item, others[position]):
                scored.append(Match(item, others[position], round(score, 2)))
        scored.sort(key=lambda match: -match.score)
        matches.extend(scored[:limit])
    return matches
