"""Propose words for search's legal-domain dictionary (lists/search/data/userdict.txt).

    python manage.py search_vocabulary                # from the published rows in the database
    python manage.py search_vocabulary --min-rows 3 --limit 200

Terms of the lists' own vocabulary that jieba's general dictionary cuts into pieces — 消防车通道
→ 消防车 / 通道, 流动摊贩 → 流动 / 摊贩 — are found as runs of two or three jieba words that recur
in at least --min-rows published rows (事项 and 适用条件), and law names in 《》. Prints
"word count" lines, most frequent first, that are not yet in the dictionary: a person reviews
them and adds the good ones (the dictionary is data, reviewed like the synonyms).
"""

import re
from collections import Counter

from django.core.management.base import BaseCommand

from lists.models import Item
from lists.search.query import segment, stopwords, vocabulary
from lists.search.tokens import runs

LAW = re.compile(r"《([^》]{2,30})》")


class Command(BaseCommand):
    help = "Propose legal-domain words for the search dictionary, from the published rows."

    def add_arguments(self, parser):
        parser.add_argument("--min-rows", type=int, default=3)
        parser.add_argument("--limit", type=int, default=150)

    def handle(self, *args, min_rows, limit, **options):
        known = set(vocabulary())
        counts: Counter[str] = Counter()
        rows = Item.objects.published().values_list("matter", "condition", "legal_basis")
        for matter, condition, legal_basis in rows.iterator(chunk_size=2000):
            counts.update(set(_terms(f"{matter}。{condition}")) | set(_laws(legal_basis)))
        proposed = [
            (term, n) for term, n in counts.most_common() if n >= min_rows and term not in known
        ]
        for term, n in proposed[:limit]:
            self.stdout.write(f"{term} {n}")


def _terms(text: str):
    for run in runs(text):
        words = segment(run)
        for size in (2, 3):
            for start in range(len(words) - size + 1):
                piece = words[start : start + size]
                if any(w in stopwords() or len(w) == 1 for w in piece):
                    continue
                term = "".join(piece)
                if 4 <= len(term) <= 10:
                    yield term


def _laws(text: str):
    for name in LAW.findall(text or ""):
        yield name.removeprefix("中华人民共和国")
