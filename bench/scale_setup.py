"""The database and the inputs of bench/scale_bench.py.

`use_database(items)` points Django at `bench_scale_<size>` on the PostgreSQL server that
DATABASE_URL names (127.0.0.1:5432 by default), creating it when missing; bench/dataset.py then
builds (or reuses) its N published items. `ensure_big_lists()` adds one agency, `bench-big`,
whose lists hold 1,000 and 10,000 real rows (the province's lists hold ~120 each), for the
cold-render and download figures. The database in DATABASE_URL itself is never written.
"""

import io
import os
import random
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BIG_AGENCY = "bench-big"
BIG_SIZES = {"no-penalty": 1_000, "lighter-penalty": 10_000}
IMPORT_ROWS = 10_000


def database_name(items: int) -> str:
    size = f"{items // 1_000_000}m" if items % 1_000_000 == 0 else f"{items // 1000}k"
    return f"bench_scale_{size}"


def use_database(items: int, name: str | None = None) -> str:
    """Set DATABASE_URL to the bench database on DATABASE_URL's server; return the URL."""
    import psycopg

    server = urlsplit(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/")
    if not server.scheme.startswith("postgres"):
        server = urlsplit("postgres://postgres@127.0.0.1:5432/")
    name = name or database_name(items)
    admin = urlunsplit(("postgresql", server.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(("postgres", server.netloc, f"/{name}", "", ""))
    os.environ["DATABASE_URL"] = url
    return url


def ensure_big_lists() -> dict[str, int]:
    """The bench-big agency and its 1,000- and 10,000-row published lists: version ids."""
    from django.db import transaction

    from agencies.models import Agency
    from bench.dataset import real_rows
    from lists.models import EnforcementList, Item, ListSection, ListType, ListVersion

    agency, _ = Agency.objects.get_or_create(
        code=BIG_AGENCY,
        defaults={"name": "四川省市场监督管理局", "short_name": "省市场监管局", "kind": "enforcement",
                  "level": "city", "fields": ["市场监管"], "order": 0},
    )  # fmt: skip
    found = {}
    rows = real_rows()
    rng = random.Random(11)
    sections = list(ListSection.objects.filter(list_type__code="no-penalty"))
    for code, size in BIG_SIZES.items():
        list_type = ListType.objects.get(code=code)
        existing = ListVersion.objects.filter(
            list__agency=agency, list__list_type=list_type, status="published"
        ).first()
        if existing is not None and existing.item_count == size:
            found[code] = existing.pk
            continue
        with transaction.atomic():
            enforcement_list, _ = EnforcementList.objects.get_or_create(
                agency=agency, list_type=list_type
            )
            version = _published_version(enforcement_list, size)
            Item.objects.bulk_create(
                _item(version, seq, rng.choice(rows), sections, code) for seq in range(1, size + 1)
            )
        found[code] = version.pk
    return found


def _published_version(enforcement_list, size: int):
    import datetime

    from lists.models import ListVersion

    # Written as bench/dataset.py writes its versions: directly, as if published long ago.
    ListVersion.objects.filter(list=enforcement_list).delete()
    now = datetime.datetime.now(datetime.UTC)
    return ListVersion.objects.create(
        list=enforcement_list, number=1, status="published", document_no="川市监发〔2024〕1号",
        effective_date=datetime.date(2024, 1, 1), published_at=now, item_count=size,
    )  # fmt: skip


def _item(version, seq: int, row: dict, sections, code: str):
    from lists.models import Item

    section = sections[seq * 3 // (BIG_SIZES[code] + 1)] if code == "no-penalty" else None
    return Item(version=version, seq=seq, section=section, **row)


def list_urls(limit: int, near: int = 200, seed: int = 3) -> tuple[str, list[str]]:
    """(the URL of a list with about `near` rows, `limit` random list URLs of the province)."""
    from lists.models import ListVersion

    versions = ListVersion.objects.filter(status="published").exclude(list__agency__code=BIG_AGENCY)
    sized = (
        versions.filter(item_count__gte=near - 10, item_count__lte=near + 10)
        .values_list("list__agency__code", "list__list_type__code")
        .first()
    )
    every = list(versions.values_list("list__agency__code", "list__list_type__code"))
    chosen = random.Random(seed).sample(every, min(limit, len(every)))
    return f"/agencies/{sized[0]}/{sized[1]}/", [f"/agencies/{a}/{t}/" for a, t in chosen]


def import_workbook(rows: int = IMPORT_ROWS) -> bytes:
    """A 10,000-row .xlsx of real rows in the official layout (title, header, rows)."""
    import openpyxl

    from tests.import_files import real_rows

    header, *samples = real_rows("zrzy_congqing_chufa_provincial_template.csv")
    samples += real_rows("qijiang_linye_jianmianze_buyu_chufa_2025.csv")[1:]
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("从轻处罚")
    sheet.append(["四川省市场监督管理局从轻处罚事项清单"])
    sheet.append(header)
    for number in range(1, rows + 1):
        sample = samples[number % len(samples)]
        sheet.append([number, sample[1], f"{sample[2]}（{number}）", *sample[3:]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
