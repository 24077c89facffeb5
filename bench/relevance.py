"""Relevance of public search on everyday questions: hits@5 over a fixed set of real lists.

    from bench import relevance
    relevance.build_corpus()          # on the current Django database (a test database)
    report = relevance.evaluate()     # one Outcome per query of bench/search_eval.csv

The corpus is every list of the demo data (fixtures/demo, all eleven, including the two the demo
keeps under review) plus two more real lists from tests/data (余杭区市场监管局 容错免责 2020,
綦江区林业局 2025), each published through the workflow verbs under its own agency. The
queries (bench/search_eval.csv) were written as a citizen would put them, before looking at the
rows that answer them: `expected` holds fragments of the answering row's 事项 (or 适用条件), `|`
between acceptable answers. A query scores when one of its first five results holds a fragment,
compared after folding (traditional → simplified, punctuation ignored).
"""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = Path(__file__).resolve().parent / "search_eval.csv"
# Written after the starter synonyms were tuned on QUERIES, and not tuned on query by query:
# how well the tuning carries over to questions nobody looked at.
FRESH = Path(__file__).resolve().parent / "search_eval_fresh.csv"
SETS = {"dev": QUERIES, "fresh": FRESH}
K = 5

# (agency code, name, 执法领域, list type, file)
DEMO_LISTS = [
    ("scjg", "示例市市场监督管理局", "市场监管", "no-penalty", "scjg-no-penalty.csv"),
    ("scjg", "示例市市场监督管理局", "市场监管", "no-coercion", "scjg-no-coercion.csv"),
    ("sthj", "示例市生态环境局", "生态环境", "no-penalty", "sthj-no-penalty.csv"),
    ("cgzf", "示例市城市管理和综合执法局", "城市管理", "no-penalty", "cgzf-no-penalty.csv"),
    ("yjgl", "示例市应急管理局", "安全生产", "no-penalty", "yjgl-no-penalty.csv"),
    ("wlj", "示例市文化广电和旅游局", "文化旅游", "no-penalty", "wlj-no-penalty.csv"),
    ("zrzy", "示例市自然资源局", "自然资源", "lighter-penalty", "zrzy-lighter-penalty.csv"),
    ("zrzy", "示例市自然资源局", "自然资源", "mitigated-penalty", "zrzy-mitigated-penalty.csv"),
    ("wsjk", "示例市卫生健康委员会", "卫生健康", "no-penalty", "wsjk-no-penalty.csv"),
    ("fgw", "示例市发展和改革委员会", "发展改革", "no-penalty", "fgw-no-penalty.csv"),
    ("fgw", "示例市发展和改革委员会", "发展改革", "lighter-penalty", "fgw-lighter-penalty.csv"),
]
REAL_LISTS = [
    ("yhscjg", "余杭区市场监督管理局", "市场监管", "no-penalty",
     "yuhang_scjg_rongcuo_mianze_2020_zqyj.csv"),
    ("qjly", "綦江区林业局", "林业", "no-penalty", "qijiang_linye_jianmianze_buyu_chufa_2025.csv"),
]  # fmt: skip
FIELDS = ("matter", "category", "condition", "legal_basis", "leniency_basis", "note")


@dataclass
class Outcome:
    query: str
    expected: list[str]
    rank: int | None  # 1-based rank of the first answering row among the first K, or None
    top: list[str]  # the first K 事项

    @property
    def hit(self) -> bool:
        return self.rank is not None


def queries(path: Path = QUERIES) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _demo_rows(name: str) -> list[dict]:
    with open(ROOT / "fixtures" / "demo" / name, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        {**{f: row.get(f) or "" for f in FIELDS}, "section": row.get("section") or ""}
        for row in rows
    ]


def _real_rows(name: str) -> list[dict]:
    from lists.importers import read_table

    parsed = read_table((ROOT / "tests" / "data" / name).read_bytes())
    return [{f: row.values.get(f) or "" for f in FIELDS} for row in parsed.rows]


def build_corpus() -> int:
    """Publish the corpus's lists (draft → submit → approve → publish); return the item count."""
    from django.contrib.auth import get_user_model

    from agencies.models import Agency, Membership
    from lists import workflow
    from lists.models import Item, ListType

    users = get_user_model().objects
    bureau = Agency.objects.create(
        name="示例市司法局", short_name="司法局", code="eval-sfj", kind=Agency.Kind.JUSTICE
    )
    reviewer = users.create_user("eval-reviewer")
    Membership.objects.create(user=reviewer, agency=bureau, role=Membership.Role.REVIEWER)
    lists = [(*entry, _demo_rows(entry[-1])) for entry in DEMO_LISTS]
    lists += [(*entry, _real_rows(entry[-1])) for entry in REAL_LISTS]
    count = 0
    for order, (code, name, field, type_code, _file, rows) in enumerate(lists, 1):
        agency, created = Agency.objects.get_or_create(
            code=code,
            defaults=dict(name=name, review_bureau=bureau, fields=[field], order=order),
        )
        clerk = users.get_or_create(username=f"eval-clerk-{code}")[0]
        if created:
            Membership.objects.create(user=clerk, agency=agency, role=Membership.Role.CLERK)
        list_type = ListType.objects.get(code=type_code)
        version = workflow.create_list(agency, list_type, acting_user=clerk).versions.get()
        sections = {s.number: s for s in list_type.sections.all()}
        # Rows of a list without sections (the two extra lists) go to the first: "violations
        # that are minor and corrected in time", as their conditions say.
        default = sections.get(1) if list_type.sections_required else None
        Item.objects.bulk_create(
            Item(
                version=version,
                seq=seq,
                section=sections.get(int(row["section"])) if row.get("section") else default,
                implementing_body=name,
                extra={},
                **{f: row[f] for f in FIELDS},
            )
            for seq, row in enumerate(rows, 1)
        )
        workflow.submit(version, acting_user=clerk)
        workflow.approve(version, acting_user=reviewer, opinion="经审查，符合法律规定。")
        workflow.publish(version, acting_user=clerk, document_no=f"示发〔2024〕{order}号")
        count += len(rows)
    return count


def _plain(text: str) -> str:
    from lists.search.tokens import runs

    return "".join(runs(text))


def evaluate(k: int = K, path: Path = QUERIES) -> list[Outcome]:
    from lists import search

    outcomes = []
    for row in queries(path):
        expected = row["expected"].split("|")
        items = search.search(row["query"], limit=k).items
        texts = [_plain(f"{item.matter} {item.condition}") for item in items]
        rank = next(
            (n for n, text in enumerate(texts, 1) if any(_plain(e) in text for e in expected)),
            None,
        )
        top = [item.matter for item in items]
        outcomes.append(Outcome(row["query"], expected, rank, top))
    return outcomes


def summary(outcomes: list[Outcome]) -> dict:
    hits = sum(outcome.hit for outcome in outcomes)
    first = sum(outcome.rank == 1 for outcome in outcomes)
    return {"queries": len(outcomes), "hits": hits, "first": first}


def as_json(outcomes: list[Outcome]) -> str:
    return json.dumps([o.__dict__ for o in outcomes], ensure_ascii=False, indent=1)
