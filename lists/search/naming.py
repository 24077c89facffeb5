"""Which rows hold some words, for the admin's search boxes: the public search's index.

Rows of every version (drafts and submissions too), unranked, matched as the public search
matches a word (lists/search/match.py: every bigram of the folded word in one of the three
zones; GIN-indexed tsvector on PostgreSQL), so the admin never scans item text with LIKE.
"""

from django.db import connection
from django.db.models import QuerySet

from lists.models import Item
from lists.search.match import condition, grams


def items_with_words(q: str) -> QuerySet[Item]:
    """Items whose 事项, 适用条件 or 依据·类别·备注 hold every space-separated word of `q`."""
    words = [[word] for word in q.split() if grams(word)]
    if not words:
        return Item.objects.none()
    return Item.objects.filter(condition(words, connection.vendor))
