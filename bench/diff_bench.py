"""How long the worst public history page takes when every field holds 20,000 characters.

    python bench/diff_bench.py [--rows 40] [--chars 20000] [--repeat 7]

Builds, in a throwaway SQLite database, a published list of ROWS rows whose 事项, 适用条件 and
法律依据 each hold CHARS characters, and a second version of it changed in one of three ways:

  one-sentence   one sentence changed in the middle of every field (what clerks do)
  all-over       one character in every 97 changed, in every field (the largest differing middle)
  two-letter     every field replaced by unrelated random text over two letters (difflib's
                 worst case: its cost is the product of the lengths)

and serves /agencies/<code>/no-penalty/history/ (version 2 against version 1) through Django's
test client, best and median of REPEAT runs, next to a hello-world view in the same process, with
the ratio. lists.textdiff bounds the character comparison by a per-page budget; for contrast the
bench also times plain difflib (what the page used before) on one field pair of 5,000 characters.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="diff-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "1")  # a development measurement: dev secret, no collectstatic

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

SENTENCE = (
    "同时满足下列情形的，不予行政处罚：属于首次违法；在责令改正期限内改正违法行为，危害后果轻微。"
)


def long_text(chars: int, seed: int) -> str:
    text = (f"（{seed}）" + SENTENCE) * (chars // len(SENTENCE) + 1)
    return text[:chars]


def changed(text: str, how: str, rng: random.Random) -> str:
    if how == "one-sentence":
        middle = len(text) // 2
        return text[:middle] + "经责令改正后及时改正，" + text[middle + 11 :]
    if how == "all-over":
        return "".join("甲" if i % 97 == 0 else ch for i, ch in enumerate(text))
    return "".join(rng.choice("甲乙") for _ in text)


def build(rows: int, chars: int, how: str, code: str):
    from django.contrib.auth import get_user_model

    from agencies.models import Agency, Membership
    from lists import workflow
    from lists.models import Item, ListType

    rng = random.Random(9)
    bureau, _ = Agency.objects.get_or_create(
        code="sfj", defaults={"name": "示例市司法局", "kind": Agency.Kind.JUSTICE}
    )
    agency = Agency.objects.create(name=f"基准{code}局", code=code, review_bureau=bureau)
    users = get_user_model().objects
    clerk = users.create_user(f"clerk-{code}", is_staff=True)
    reviewer = users.get_or_create(username="reviewer-sfj", defaults={"is_staff": True})[0]
    Membership.objects.create(user=clerk, agency=agency, role=Membership.Role.CLERK)
    Membership.objects.get_or_create(user=reviewer, agency=bureau, role=Membership.Role.REVIEWER)
    listing = workflow.create_list(
        agency, ListType.objects.get(code="no-penalty"), acting_user=clerk
    )
    first = listing.versions.get()
    section = listing.list_type.sections.get(number=2)
    fields = ("matter", "condition", "legal_basis")

    def original(seed: int) -> str:
        if how == "two-letter":
            return "".join(rng.choice("甲乙") for _ in range(chars))
        return long_text(chars, seed)

    Item.objects.bulk_create(
        Item(
            version=first,
            seq=n,
            section=section,
            **{name: original(n * 3 + i) for i, name in enumerate(fields)},
        )
        for n in range(1, rows + 1)
    )

    def publish(version):
        workflow.submit(version, acting_user=clerk)
        workflow.approve(version, acting_user=reviewer)
        workflow.publish(
            version, acting_user=clerk, document_no=f"{code}〔2025〕{version.number}号"
        )

    publish(first)
    second = workflow.start_revision(listing, acting_user=clerk)
    items = list(second.items.all())
    for item in items:
        for name in fields:
            setattr(item, name, changed(getattr(item, name), how, rng))
    Item.objects.bulk_update(items, list(fields))
    publish(second)
    return f"/agencies/{code}/no-penalty/history/"


def timed(client, url: str, repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        runs.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=40)
    parser.add_argument("--chars", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    kinds = ["one-sentence", "all-over", "two-letter"]
    pages = {how: build(options.rows, options.chars, how, f"b{n}") for n, how in enumerate(kinds)}
    with override_settings(ROOT_URLCONF="bench.hello_urls", ALLOWED_HOSTS=["*"]):
        client = Client()
        hello = statistics.median(timed(client, "/bench-hello/", options.repeat * 3))
        print(f"{options.rows} rows × 3 fields × {options.chars} characters, all changed")
        print(f"hello-world view: {hello * 1000:.2f} ms")
        for how, url in pages.items():
            runs = timed(client, url, options.repeat)
            size = len(client.get(url).content)
            best, median = min(runs), statistics.median(runs)
            print(
                f"history page, {how:12}: best {best * 1000:6.1f} ms, median {median * 1000:6.1f} ms"
                f" ({median / hello:5.0f}× hello), {size / 1e6:.1f} MB of HTML"
            )
    a = long_text(5000, 1)
    b = "".join(random.Random(1).choice("甲乙") for _ in range(5000))
    c = "".join(random.Random(2).choice("甲乙") for _ in range(5000))
    for label, old, new in (("all-over", a, changed(a, "all-over", None)), ("two-letter", b, c)):
        started = time.perf_counter()
        SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        took = time.perf_counter() - started
        print(f"plain difflib, one 5,000-character field pair, {label:10}: {took * 1000:8.0f} ms")
    print(f"(database: {settings.DATABASES['default']['NAME']})")


if __name__ == "__main__":
    main()
