"""A province-sized PostgreSQL database of published lists, for benchmarks.

    python bench/dataset.py --items 1000000 --db bench_search_1m          # build, or reuse if built
    python bench/dataset.py --items 200000 --db bench_search_1m --force   # rebuild

    from bench import dataset
    dataset.ensure(items=1_000_000)   # on the Django connection, which must be PostgreSQL

Builds (or reuses) a database of N items in force, spread over a few thousand agencies (2,052 by
default: 21 cities, their counties and townships, each with its 司法局) with four published lists
each. Rows are the real published rows of fixtures/demo and tests/data, recombined field by field
(a matter from one row, a condition from another, a legal basis from a third), with a few planted
rare terms (PLANTED) at known frequencies so a benchmark can ask for something rare. Items go in
with COPY, secondary indexes of the item table are dropped during the load and rebuilt after.
A marker table (bench_dataset) records what was built, so a second run with the same arguments
returns at once.
"""

import argparse
import csv
import datetime
import os
import random
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# term -> items per million that carry it (in the matter, condition or note, in turn)
PLANTED = {"鸵鸟": 10, "琥珀": 100, "热气球飞行": 30}
ABSENT = "麒麟"  # appears in no row
CITIES = "成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 阿坝 甘孜 凉山".split()
COUNTY_SUFFIXES = ["东区", "西区", "南区", "北区", "新区", "高新区", "县"]
DEPARTMENTS = [  # (name, short name, 执法领域)
    ("市场监督管理局", "市场监管局", "市场监管"),
    ("生态环境局", "生态环境局", "生态环境"),
    ("应急管理局", "应急管理局", "应急管理"),
    ("综合行政执法局", "综合执法局", "城市管理"),
    ("交通运输局", "交通运输局", "交通运输"),
    ("人力资源和社会保障局", "人社局", "人力社保"),
    ("文化广播电视和旅游局", "文广旅局", "文化旅游"),
    ("自然资源和规划局", "自然资源局", "自然资源"),
    ("卫生健康委员会", "卫健委", "卫生健康"),
    ("发展和改革委员会", "发改委", "发展改革"),
    ("农业农村局", "农业农村局", "农业农村"),
    ("林业局", "林业局", "林业"),
    ("水利局", "水利局", "水利"),
    ("住房和城乡建设局", "住建局", "住房建设"),
]
TEXT_FIELDS = (
    "matter",
    "category",
    "implementing_body",
    "condition",
    "legal_basis",
    "leniency_basis",
    "supervision_measures",
    "note",
)


def real_rows() -> list[dict]:
    """The real rows shipped with the project: demo fixtures and the importer's test files."""
    import django

    django.setup()
    from lists.importers import ImportFailed, read_table

    rows = []
    for path in sorted((ROOT / "fixtures" / "demo").glob("*.csv")):
        with path.open(encoding="utf-8-sig") as handle:
            rows += [
                {name: row.get(name) or "" for name in TEXT_FIELDS}
                for row in csv.DictReader(handle)
            ]
    for path in sorted((ROOT / "tests" / "data").glob("*.csv")):
        try:
            parsed_rows = read_table(path.read_bytes()).rows
        except ImportFailed:  # a CSV of other test data (citations, near matters …)
            continue
        for parsed in parsed_rows:
            rows.append({name: parsed.values.get(name) or "" for name in TEXT_FIELDS})
    return [row for row in rows if row["matter"] and row["condition"]]


def agency_plan(total: int) -> list[dict]:
    """`total` agencies: per city a 司法局, city departments, counties and townships."""
    plan, order = [], 0
    per_city = -(-total // len(CITIES))
    for c, city in enumerate(CITIES):
        units = [(f"{city}市司法局", f"{city}司法局", "justice", "city", [])]
        units += [
            (f"{city}市{name}", short, "enforcement", "city", [f]) for name, short, f in DEPARTMENTS
        ]
        for s, suffix in enumerate(COUNTY_SUFFIXES * 4):
            county = f"{city}市第{s + 1}{suffix}"
            units += [
                (f"{county}{n}", sh, "enforcement", "county", [f]) for n, sh, f in DEPARTMENTS[:6]
            ]
            units.append(
                (f"{county}城关街道办事处", "城关街道", "township", "township", ["综合执法"])
            )
        for name, short, kind, level, fields in units[:per_city]:
            if len(plan) == total:
                return plan
            order += 1
            plan.append(dict(name=name, short_name=short, code=f"b{c}-{order}", kind=kind,
                             level=level, fields=fields, order=order, city=c))  # fmt: skip
    return plan


def ensure(
    items: int = 1_000_000, agencies: int = 2052, seed: int = 7, force: bool = False
) -> dict:
    """Build the dataset on Django's default connection unless the same one is already there."""
    from django.core.management import call_command
    from django.db import connection

    assert connection.vendor == "postgresql", "bench datasets live in PostgreSQL"
    call_command("migrate", verbosity=0)
    _log("migrated")
    wanted = {"items": items, "agencies": agencies, "seed": seed}
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_dataset (params jsonb, built_at timestamptz)"
        )
        cursor.execute("SELECT params FROM bench_dataset")
        built = cursor.fetchone()
    if built and _params(built[0]) == wanted and not force:
        return wanted
    start = time.perf_counter()
    _build(items, agencies, random.Random(seed))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM bench_dataset")
        cursor.execute("INSERT INTO bench_dataset VALUES (%s::jsonb, now())", [_json(wanted)])
    print(f"built {items} items in {time.perf_counter() - start:.0f}s", file=sys.stderr)
    return wanted


_STARTED = time.perf_counter()


def _log(message: str) -> None:
    print(f"[{time.perf_counter() - _STARTED:6.1f}s] {message}", file=sys.stderr)


def _params(stored) -> dict:
    # Django's psycopg setup hands jsonb back as text.
    import json

    return json.loads(stored) if isinstance(stored, str) else stored


def _json(value) -> str:
    import json

    return json.dumps(value, sort_keys=True)


def _build(items: int, agencies: int, rng: random.Random) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from agencies.models import Agency
    from lists.models import EnforcementList, ListType, ListVersion

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE agencies_agency, lists_enforcementlist CASCADE")
    admin, _ = get_user_model().objects.get_or_create(username="bench-admin")
    plan = agency_plan(agencies)
    with transaction.atomic():
        created = Agency.objects.bulk_create(
            Agency(**{k: v for k, v in unit.items() if k != "city"}) for unit in plan
        )
        bureaus = {
            unit["city"]: a for unit, a in zip(plan, created, strict=True) if a.kind == "justice"
        }
        for unit, agency in zip(plan, created, strict=True):
            agency.review_bureau = bureaus[unit["city"]] if agency.kind != "justice" else None
        Agency.objects.bulk_update(created, ["review_bureau"])
        enforcing = [a for a in created if a.kind != "justice"]
        types = list(ListType.objects.order_by("order"))
        lists = EnforcementList.objects.bulk_create(
            EnforcementList(agency=a, list_type=t) for a in enforcing for t in types
        )
        now = datetime.datetime.now(datetime.UTC)
        versions = ListVersion.objects.bulk_create(
            ListVersion(
                list=lst,
                number=1,
                status="published",
                document_no=f"基准发〔2024〕{i}号",
                effective_date=datetime.date(2024, 1, 1),
                published_at=now,
                published_by=admin,
                created_by=admin,
            )  # fmt: skip
            for i, lst in enumerate(lists, 1)
        )
    _log(f"{len(created)} agencies, {len(versions)} published lists")
    _copy_items(versions, items, rng)


def _sizes(total: int, buckets: int, rng: random.Random) -> list[int]:
    weights = [rng.uniform(0.3, 1.7) for _ in range(buckets)]
    scale = total / sum(weights)
    sizes = [int(w * scale) for w in weights]
    sizes[-1] += total - sum(sizes)
    return sizes


def _copy_items(versions, total: int, rng: random.Random) -> None:
    from django.db import connection

    from lists.models import Item, ListSection

    rows = real_rows()
    sections = dict(ListSection.objects.values_list("number", "pk"))
    columns = [f for f in Item._meta.concrete_fields if not f.primary_key and not f.generated]
    derive = _derived_columns()
    planted = {term: max(1, total * per // 1_000_000) for term, per in PLANTED.items()}
    plant_at = {n: term for term, count in planted.items() for n in rng.sample(range(total), count)}
    dropped = _drop_indexes()
    n = 0
    with connection.cursor() as cursor:
        names = ", ".join(connection.ops.quote_name(f.column) for f in columns)
        with cursor.copy(f"COPY lists_item ({names}) FROM STDIN") as copy:
            for version, size in zip(versions, _sizes(total, len(versions), rng), strict=True):
                no_penalty = version.list.list_type.code == "no-penalty"
                for seq in range(1, size + 1):
                    values = _recombine(rows, rng, plant_at.get(n), n)
                    values.update(version_id=version.pk, seq=seq, key=uuid.uuid4(), extra={},
                                  section_id=sections.get(rng.randint(1, 3)) if no_penalty else None)  # fmt: skip
                    values.update(derive(values))
                    copy.write_row([_prep(f, values, connection) for f in columns])
                    n += 1
    _log(f"{n} items copied")
    _restore_indexes(dropped)
    _log(f"{len(dropped)} indexes rebuilt")
    count_items()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE lists_item")
        cursor.execute("ANALYZE")
    _log("vacuumed")


def count_items() -> None:
    """Fill ListVersion.item_count, which publication writes (lists.workflow) and COPY skips:
    the home, directory and agency pages add it up."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE lists_listversion v SET item_count = c.n FROM (SELECT version_id, "
            "count(*) AS n FROM lists_item GROUP BY version_id) c WHERE v.id = c.version_id"
        )


def _recombine(rows: list[dict], rng: random.Random, term: str | None, n: int) -> dict:
    values = {name: rng.choice(rows)[name] for name in TEXT_FIELDS if name != "matter"}
    source = rng.choice(rows)
    values["matter"], values["category"] = source["matter"], source["category"]
    if term:
        zone = ("matter", "condition", "note")[n % 3]
        values[zone] = f"{values[zone]}（涉及{term}）"
    return values


def _derived_columns():
    """Columns computed from the text on every write path (e.g. the search fold), if any."""
    try:
        from lists.search.tokens import index_columns
    except ImportError:
        return lambda values: {}
    return index_columns


def _prep(field, values: dict, connection):
    value = values[field.attname] if field.attname in values else field.get_default()
    if isinstance(value, str) or value is None:
        return value
    return field.get_db_prep_save(value, connection)


def _drop_indexes() -> list[str]:
    """Drop the item table's secondary indexes (not constraints); return their definitions."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'lists_item' "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
        found = cursor.fetchall()
        for name, _ in found:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in found]


def _restore_indexes(definitions: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for definition in definitions:
            cursor.execute(definition)


def use_database(name: str) -> None:
    """Point Django at PostgreSQL database `name` (created when missing); call before setup()."""
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--agencies", type=int, default=2052)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--db", default="bench_search_1m", help="PostgreSQL database (created if missing)"
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if already built")
    args = parser.parse_args()
    use_database(args.db)
    os.environ.setdefault("DEBUG", "1")  # no SECRET_KEY needed to build
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    print(ensure(args.items, args.agencies, args.seed, args.force))


if __name__ == "__main__":
    main()
