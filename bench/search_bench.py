"""Search timings on generated data: what /search/ costs at 20k and 100k published items.

    python bench/search_bench.py                  # SQLite (a throwaway test database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/search_bench.py
    python bench/search_bench.py --sizes 20000 100000 --repeat 5

Builds a throwaway test database (test_<name>, destroyed at the end), publishes lists through
the workflow verbs, then times what the search page does per query: the capped count and the
first page of 20 results.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from agencies.models import Agency, Membership  # noqa: E402
from lists import notifications, workflow  # noqa: E402
from lists.models import Item, ListType  # noqa: E402
from lists.search import count_capped, search_items, search_page  # noqa: E402

QUERIES = [
    "食",
    "食品",
    "消防",
    "备案",
    "《安全生产法》",
    "未按规定办理",
    "营业执照 醒目位置",
    "无此词语",
]
SUBJECTS = [
    "生产经营单位",
    "食品经营者",
    "建设单位",
    "道路运输经营者",
    "用人单位",
    "医疗机构",
    "合伙企业",
]
ACTS = [
    "未按规定办理",
    "未依法备案",
    "未按规定公示",
    "未将营业执照置于醒目位置",
    "擅自变更",
    "未按期报送",
]
OBJECTS = [
    "消防设施维护保养",
    "建设项目环境影响登记表",
    "从业人员健康证明",
    "安全生产培训记录",
    "排污许可证",
]
LAWS = [
    "中华人民共和国安全生产法",
    "中华人民共和国食品安全法",
    "中华人民共和国消防法",
    "中华人民共和国环境影响评价法",
    "中华人民共和国劳动合同法",
]
CONDITIONS = [
    "初次违法且危害后果轻微并及时改正",
    "违法行为轻微并及时改正，没有造成危害后果",
    "当事人有证据足以证明没有主观过错",
]
ITEMS_PER_LIST = 125


def row(rng: random.Random) -> dict:
    law = rng.choice(LAWS)
    return {
        "matter": f"{rng.choice(SUBJECTS)}{rng.choice(ACTS)}{rng.choice(OBJECTS)}的",
        "condition": f"同时满足下列情形的：{rng.choice(CONDITIONS)}。",
        "legal_basis": f"《{law}》第{rng.randint(10, 120)}条",
        "note": rng.choice(["", "", "责令限期改正", "配合开展消防安全检查"]),
    }


def populate(total: int, rng: random.Random) -> None:
    user_model = get_user_model()
    admin = user_model.objects.create_superuser(f"bench-admin-{total}", "", "x")
    bureau = Agency.objects.create(
        name=f"基准司法局{total}", code=f"bench-sfj-{total}", kind="justice"
    )
    reviewer = user_model.objects.create_user(f"bench-reviewer-{total}", "", "x")
    Membership.objects.create(user=reviewer, agency=bureau, role=Membership.Role.REVIEWER)
    types = list(ListType.objects.all())
    lists_needed = total // ITEMS_PER_LIST
    for index in range(lists_needed // len(types) + 1):
        agency = Agency.objects.create(
            name=f"基准市第{index}局",
            code=f"bench-{total}-{index}",
            review_bureau=bureau,
            fields=[rng.choice(["市场监管", "生态环境", "应急管理", "交通运输"])],
            order=index,
        )
        for list_type in types:
            if lists_needed <= 0:
                return
            lists_needed -= 1
            version = workflow.create_list(agency, list_type, acting_user=admin).versions.get()
            Item.objects.bulk_create(
                Item(version=version, seq=seq, **row(rng)) for seq in range(1, ITEMS_PER_LIST + 1)
            )
            workflow.submit(version, acting_user=admin)
            workflow.approve(version, acting_user=reviewer)
            workflow.publish(version, acting_user=admin)


def median_ms(action, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def time_query(q: str, repeat: int) -> tuple[float, float, float, int, bool]:
    """(count ms, first page by sorting all hits ms, first page by search_page ms, count, more)."""
    items = search_items(q)
    count, more = count_capped(items)
    return (
        median_ms(lambda: count_capped(search_items(q)), repeat),
        median_ms(lambda: list(search_items(q)[:21]), repeat),
        median_ms(lambda: search_page(q, offset=0, limit=21), repeat),
        count,
        more,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    notifications.notify = lambda *a, **k: 0  # no e-mail from generated data
    setup_test_environment()
    if connection.vendor == "sqlite":  # on disk, as in production, not Django's in-memory test db
        connection.settings_dict["TEST"]["NAME"] = "/tmp/search-bench.sqlite3"
    old_name = connection.creation.create_test_db(verbosity=0)
    rng = random.Random(4)
    try:
        print(f"database: {connection.vendor}")
        loaded = 0
        for size in sorted(args.sizes):
            start = time.perf_counter()
            populate(size - loaded, rng)
            loaded = size
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            built = time.perf_counter() - start
            in_force = Item.objects.filter(version__status="published").count()
            print(
                f"\n{in_force} published items (generated in {built:.0f}s); median of {args.repeat}:"
            )
            print(f"  {'query':<12} {'count':>9} {'sorted page':>12} {'search_page':>12}   hits")
            for q in QUERIES:
                count_ms, sorted_ms, walk_ms, count, more = time_query(q, args.repeat)
                hits = f"{count}{'+' if more else ''}"
                print(f"  {q:<12} {count_ms:7.1f}ms {sorted_ms:10.1f}ms {walk_ms:10.1f}ms   {hits}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
