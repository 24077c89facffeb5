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

import functools
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
        text = "".join(row[3 + _ZONE_INDEX[zone]] or "" for zone in self.zones)
        return all(
            any(all(needle in text for needle in needed) for needed in options)
            for options in self._needles
        )

    @functools.cached_property
    def _needles(self) -> list:
        return [rank.needles(list(alternatives), limit=None) for alternatives in self.check]


_ZONE_INDEX = {zone: index for index, zone in enumerate(match.ZONES)}


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


@dataclass(frozen=True)
class Step:
    """One read of probe_steps(): up to `size` rows meeting `condition`, read only `when` every
    rule holds — (kind, i) on an earlier step i's rows as read: "full" (it read `size` rows),
    "short" (fewer), "none" (no row)."""

    condition: Condition
    size: int
    when: tuple = ()


@dataclass
class Found:
    rows: list[tuple]  # as read, then verified (Condition.check)
    read: int  # rows as read, before verification
    size: int

    @property
    def full(self) -> bool:
        return self.read >= self.size


def probe_steps(steps: list[Step], where: Where) -> list[Found | None]:
    """Each step's rows in scope (None: its rules said it was not needed). One statement on
    PostgreSQL whatever the steps: each a CTE, read only when a CASE needs it, through the GIN
    index (plan.through_index)."""
    within = where.sql()
    queries = [
        Item.objects.filter(step.condition.sql, within).order_by().values_list(*ROW)[: step.size]
        for step in steps
    ]
    raw: list[list | None] = []
    if connection.vendor != "postgresql":
        # Every step is read (a plain scan of a demo-sized table; the same number of queries
        # whatever the rows), then the rules say which the PostgreSQL statement would have read.
        every = [list(query) for query in queries]
        for step, rows in zip(steps, every, strict=True):
            raw.append(rows if all(_holds(rule, raw, steps) for rule in step.when) else None)
    else:
        cte, params = where.scope_cte()
        ctes, parts = [], []
        for index, (step, query) in enumerate(zip(steps, queries, strict=True)):
            sql, query_params = query.query.sql_with_params()
            ctes.append(f"step{index} AS MATERIALIZED ({sql})")
            params += query_params
            read = f"(SELECT COALESCE(json_agg(s), '[]'::json) FROM step{index} s)"
            rules = " AND ".join(_sql_rule(rule, steps) for rule in step.when)
            parts.append(f"CASE WHEN {rules} THEN {read} END" if rules else read)
        sql = f"{cte}, {', '.join(ctes)} SELECT {', '.join(parts)}"
        values = plan.through_index(sql, params)
        raw = [None if v is None else [tuple(r.values()) for r in _json(v)] for v in values]
    return [
        None
        if rows is None
        else Found([r for r in rows if step.condition.holds(r)], len(rows), step.size)
        for step, rows in zip(steps, raw, strict=True)
    ]


def _holds(rule, raw, steps) -> bool:
    kind, index = rule
    rows = raw[index]
    if rows is None:
        return False
    return {"full": len(rows) >= steps[index].size, "short": len(rows) < steps[index].size,
            "none": not rows}[kind]  # fmt: skip


def _sql_rule(rule, steps) -> str:
    """A rule as SQL; a rule on a step that itself has rules holds only if that step ran (so the
    CASE never reads a step its own rules skip, as the Python reading of the steps does not)."""
    kind, index = rule
    count = f"(SELECT count(*) FROM step{index})"
    test = {"full": f"{count} >= {steps[index].size}", "short": f"{count} < {steps[index].size}",
            "none": f"{count} = 0"}[kind]  # fmt: skip
    earlier = [_sql_rule(other, steps) for other in steps[index].when]
    return " AND ".join([*earlier, test])


def probe(conditions: list[Condition], size: int, where: Where) -> list[list[tuple]]:
    """For each condition, the first `size` items in scope meeting it, verified, as ROW tuples."""
    if not conditions:
        return []
    return [found.rows for found in probe_steps([Step(c, size) for c in conditions], where)]


def _json(value) -> list:
    # psycopg may hand json back parsed, or (as Django configures it) as text.
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else value


def exists(where: Where, conditions: list[Condition], size: int) -> list[bool]:
    """For each condition, whether some item in scope meets it."""
    return [bool(rows) for rows in probe(conditions, size, where)]


def candidates(where: Where, conditions: list[Condition], size: int, cap: int, relaxed: bool):
    """window() of a probe of `conditions` (the rows, then the 事项 tier's if there are more)."""
    steps = [Step(conditions[0], size)]
    if len(conditions) > 1:
        steps.append(Step(conditions[1], size, (("full", 0),)))
    return window(where, probe_steps(steps, where), cap, relaxed)


def window(where: Where, found: list[Found | None], cap: int, relaxed: bool):
    """(rows in scope of found[0], as rank.COLUMNS — rank.ALL_COLUMNS if `relaxed`; whether
    there are more than `cap`). With more, found[1]'s rows (the 事项 tier) come first, then a
    sample of the others; the 事项 tier alone if it too has more."""
    parts = [part for part in found if part is not None]
    order = display_order(where.versions, {row[1] for part in parts for row in part.rows})
    width = len(rank.ALL_COLUMNS if relaxed else rank.COLUMNS) - 5

    def shaped(rows):
        return sorted(  # by id: the same sample whatever order the database returns
            (row[0], *order[row[1]], row[2], *row[3 : 3 + width]) for row in rows if row[1] in order
        )

    main = shaped(found[0].rows)
    saturated = found[0].full or len(main) > cap
    tier = found[1] if len(found) > 1 else None
    if not saturated or tier is None:
        return main[: cap + 1], saturated
    in_matter = shaped(tier.rows)
    if tier.full or len(in_matter) > cap:  # too many: the 事项 tier alone
        return in_matter[: cap + 1], True
    in_tier = {row[0] for row in in_matter}
    return (in_matter + [row for row in main if row[0] not in in_tier])[: cap + 1], True


def display_order(versions: QuerySet, ids: set) -> dict[int, tuple]:
    """For the versions among `ids` in scope: id → (agency order, agency code, list type order)."""
    if not ids:
        return {}
    found = versions.filter(pk__in=ids).values_list(
        "pk", "list__agency__order", "list__agency__code", "list__list_type__order"
    )
    return {pk: tuple(rest) for pk, *rest in found}
