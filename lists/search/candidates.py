"""Reading candidates: the items meeting a condition, read through the token index, bounded.

A `Condition` is what the database is asked (`sql`) and, on PostgreSQL, the words verified on the
rows it returns (`check`): lists.search.plan.index_plan asks the index for less than every word
(the rarest tokens of the rarest words), and the rows found carry their tokens, so the rest is
verified here, in Python, rather than by LIKE on the database rows (which would unpack the long
法律依据 tokens once per LIKE).

`probe()` reads, for several conditions at once, up to a number of rows each, of the items in
scope (`Where`: the versions in force with the filters applied, computed once in the statement,
and any filter on the item table itself): the item table alone, id, version, 序号, tokens.
`candidates()` and `exists()` build on it; the versions give each row its display order.
"""

import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from lists.models import Item
from lists.search import match, plan, rank

ROW = ("pk", "version_id", "seq", "search_a", "search_b", "search_c")


@dataclass(frozen=True)
class Where:
    versions: QuerySet  # the versions in scope (in force, filters applied)
    extra: Q | None = None  # a filter on the item table's own columns (the API's law=)

    def sql(self):
        """The condition "in scope" on the item table alone. On PostgreSQL the versions in scope
        are an array computed once per statement (the `scope` CTE of probe()), tested on each row
        the index found (`+ 0`: not a second index to intersect — the version index would list
        every item of every version in force)."""
        if connection.vendor == "postgresql":
            within = RawSQL(
                '("lists_item"."version_id" + 0) = ANY((SELECT ids FROM scope)::bigint[])',
                [],
                BooleanField(),
            )
        else:
            within = Q(version_id__in=self.versions.order_by().values("pk"))
        return within & self.extra if self.extra is not None else within

    def scope_cte(self) -> tuple[str, list]:
        sql, params = self.versions.order_by().values("pk").query.sql_with_params()
        return f"WITH scope AS MATERIALIZED (SELECT ARRAY({sql}) AS ids) ", list(params)


@dataclass(frozen=True)
class Condition:
    sql: object  # a Q or boolean expression over the item table
    check: tuple = ()  # words (lists of alternatives) to verify on the rows found
    zones: tuple = match.ZONES

    def holds(self, row: tuple) -> bool:
        if not self.check:
            return True
        zones = dict(zip(match.ZONES, row[3:6], strict=True))
        text = "".join(zones[zone] or "" for zone in self.zones)
        return all(_has_word(text, alternatives) for alternatives in self.check)


def _has_word(text: str, alternatives: list[str]) -> bool:
    return any(
        all((f" {g}" if len(g) == 1 else f" {g} ") in text for g in match.grams(form))
        for form in match.essential(alternatives)
    )


def condition(words: list[list[str]], zones=match.ZONES) -> Condition:
    """The condition "every word matches within `zones`"."""
    if connection.vendor != "postgresql" or not words:
        return Condition(match.scan_all(words, zones), zones=zones)
    indexed, scanned, keep = plan.index_plan(words, zones)
    whole = [alternatives for alternatives in indexed if match.indexable(alternatives)]
    if not whole:  # only prefix searches (one character): the index answers them all, exactly
        return Condition(match.indexed(match.tsquery(words), match.VECTORS[zones]), zones=zones)
    exact = not scanned and not any(match.reduced(alternatives, keep) for alternatives in whole)
    sql = match.indexed(match.tsquery(whole, keep), match.VECTORS[zones])
    return Condition(sql, () if exact else tuple(words), zones)


def probe(conditions: list[Condition], size: int, where: Where) -> list[list[tuple]]:
    """For each condition, the first `size` items in scope meeting it, as ROW tuples. One
    statement on PostgreSQL, planned to read through the GIN index (plan.through_index)."""
    if not conditions:
        return []
    within = where.sql()
    queries = [
        Item.objects.filter(c.sql, within).order_by().values_list(*ROW)[:size] for c in conditions
    ]
    if connection.vendor != "postgresql":
        found = [list(query) for query in queries]
    else:
        cte, params = where.scope_cte()
        parts = []
        for query in queries:
            sql, query_params = query.query.sql_with_params()
            parts.append(f"(SELECT json_agg(s) FROM ({sql}) s)")
            params += query_params
        rows = plan.through_index(f"{cte}SELECT {', '.join(parts)}", params)
        found = [[tuple(row.values()) for row in _json(value)] for value in rows]
    return [
        [row for row in rows if c.holds(row)] for c, rows in zip(conditions, found, strict=True)
    ]


def _json(value) -> list:
    # psycopg may hand json back parsed, or (as Django configures it) as text.
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else value


def exists(where: Where, conditions: list[Condition], size: int) -> list[bool]:
    """For each condition, whether some item in scope meets it."""
    return [bool(rows) for rows in probe(conditions, size, where)]


def candidates(where: Where, conditions: list[Condition], size: int, cap: int, relaxed: bool):
    """(rows in scope meeting the first condition, as rank.COLUMNS — rank.ALL_COLUMNS if
    `relaxed`; whether there are more than `cap`). With more, the rows meeting the second
    condition (the 事项 tier) come first, then a sample of the others; the 事项 tier alone if
    it too has more. One probe and one small read whatever the number of hits."""
    found = probe(conditions, size, where)
    order = display_order(where.versions, {row[1] for rows in found for row in rows})
    width = len(rank.ALL_COLUMNS if relaxed else rank.COLUMNS) - 5

    def shaped(rows):
        return sorted(  # by id: the same sample whatever order the database returns
            (row[0], *order[row[1]], row[2], *row[3 : 3 + width]) for row in rows if row[1] in order
        )

    main = shaped(found[0])
    saturated = len(found[0]) == size or len(main) > cap
    if not saturated or len(conditions) == 1:
        return main[: cap + 1], saturated
    tier = shaped(found[1])
    if len(found[1]) == size or len(tier) > cap:  # too many: the 事项 tier alone
        return tier[: cap + 1], True
    in_tier = {row[0] for row in tier}
    return (tier + [row for row in main if row[0] not in in_tier])[: cap + 1], True


def display_order(versions: QuerySet, ids: set) -> dict[int, tuple]:
    """For the versions among `ids` in scope: id → (agency order, agency code, list type order)."""
    if not ids:
        return {}
    found = versions.filter(pk__in=ids).values_list(
        "pk", "list__agency__order", "list__agency__code", "list__list_type__order"
    )
    return {pk: tuple(rest) for pk, *rest in found}
