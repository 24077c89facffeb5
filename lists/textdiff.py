"""Where two texts differ, marked up for a reader: <del> for removed text, <ins> for added text.

Chinese has no spaces, so the comparison is by character. difflib's SequenceMatcher costs up to
len(old) × len(new) steps, which for two 20,000-character fields is far too much for one page
request. So the work is bounded, in three steps:

1. the common beginning and end are cut off first (linear; most edits touch one place);
2. if the rest is still long, it is compared sentence by sentence (split after 。；; and line
   breaks), and only sentence pairs that differ are compared by character;
3. every comparison is paid from a `Budget` of steps shared by the whole page; a comparison the
   budget cannot pay, or one larger than `MAX_STEPS`, shows the span as replaced (all of the old
   struck through, all of the new underlined) — still true, only less precise.

So the cost of a page is at most its budget plus work linear in the length of its text. A summary
(`context=`: the public history page) also folds long unchanged stretches and shortens long
replaced spans, so what a page sends stays readable, and small, whatever the fields hold.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# One comparison may cost at most this many steps (len(a) × len(b)); about 50 ms worst case.
MAX_STEPS = 250_000
# What one page (a review page, a history diff) may spend on comparisons altogether.
PAGE_BUDGET = 600_000
_SENTENCE = re.compile(r"[^。；;\n]*(?:[。；;\n]+|$)")


class Budget:
    """Steps a page may still spend on character comparisons."""

    def __init__(self, steps: int = PAGE_BUDGET):
        self.steps = steps

    def take(self, cost: int) -> bool:
        if cost > MAX_STEPS or cost > self.steps:
            return False
        self.steps -= cost
        return True


def _common_prefix(a: str, b: str) -> int:
    # Binary search with slice comparison: C-speed, O(n log n) character comparisons at most.
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    low, high = 0, min(len(a), len(b)) - limit
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle :] == b[len(b) - middle :]:
            low = middle
        else:
            high = middle - 1
    return low


Segment = tuple[str, str]  # ("equal" | "del" | "ins", text)


def _replaced(old: str, new: str) -> list[Segment]:
    return [(kind, text) for kind, text in (("del", old), ("ins", new)) if text]


def _opcodes(a, b):
    return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def _by_character(old: str, new: str, budget: Budget) -> list[Segment] | None:
    if not budget.take(len(old) * len(new)):
        return None
    parts = []
    for op, a1, a2, b1, b2 in _opcodes(old, new):
        if op == "equal":
            parts.append(("equal", old[a1:a2]))
        else:
            parts += _replaced(old[a1:a2], new[b1:b2])
    return parts


def _by_sentence(old: str, new: str, budget: Budget) -> list[Segment]:
    a = [s for s in _SENTENCE.findall(old) if s]
    b = [s for s in _SENTENCE.findall(new) if s]
    if not budget.take(len(a) * len(b)):
        return _replaced(old, new)
    parts = []
    for op, a1, a2, b1, b2 in _opcodes(a, b):
        left, right = "".join(a[a1:a2]), "".join(b[b1:b2])
        if op == "equal":
            parts.append(("equal", left))
        elif op == "replace":
            parts += _by_character(left, right, budget) or _replaced(left, right)
        else:
            parts += _replaced(left, right)
    return parts


def segments(old: str, new: str, budget: Budget | None = None) -> list[Segment]:
    """`old` → `new` as runs of equal, deleted and inserted text, within the budget."""
    budget = budget if budget is not None else Budget()
    start = _common_prefix(old, new)
    end = _common_suffix(old, new, start)
    middle_old, middle_new = old[start : len(old) - end], new[start : len(new) - end]
    parts = [("equal", old[:start])]
    middle = _by_character(middle_old, middle_new, budget)
    parts += middle if middle is not None else _by_sentence(middle_old, middle_new, budget)
    parts.append(("equal", old[len(old) - end :]))
    return [part for part in parts if part[1]]


def _folded(kind: str, text: str, first: bool, last: bool, context: int) -> str:
    """A long run shortened for a summary: unchanged text keeps `context` characters next to
    each change; a long deletion or insertion keeps its beginning and says how long it was."""
    if kind == "equal" and len(text) > 2 * context + 20:
        head = "" if first else escape(text[:context])
        tail = "" if last else escape(text[-context:])
        return f'{head}<span class="diff-gap">……</span>{tail}'
    if kind != "equal" and len(text) > 10 * context:
        shown = escape(text[: 5 * context])
        return f'{shown}<span class="diff-gap">……（共 {len(text)} 字）</span>'
    return escape(text)


def highlight(
    old: str, new: str, budget: Budget | None = None, *, context: int | None = None
) -> SafeString:
    """`old` → `new` as HTML, escaped, with <del>/<ins> around what changed. With `context`
    (a summary, as on the public history page), long unchanged stretches are folded to that
    many characters on each side of a change, and long replaced spans are shortened."""
    parts = segments(old, new, budget)
    html = []
    for index, (kind, text) in enumerate(parts):
        if context is None:
            body = escape(text)
        else:
            body = _folded(kind, text, index == 0, index == len(parts) - 1, context)
        html.append(body if kind == "equal" else f"<{kind}>{body}</{kind}>")
    return mark_safe("".join(html))
