"""Search at province scale: p50/p95 of every query class through the page and the API.

    python bench/search_bench.py                          # 1,000,000 items in bench_search_1m
    python bench/search_bench.py --items 200000 --db bench_search_small --repeat 20

Builds (or reuses) a PostgreSQL database of published items with bench/dataset.py, serves it
with gunicorn (2 workers, port 8400) and asks /search/?q=… and /api/v1/items/?q=… for each query
class of issue #10, one request at a time, after a warm-up round, each with a parameter of its
own so that the page cache and the API's document cache never answer (--cached: the same URL
again and again). Prints p50 and p95 in ms and as a ratio to a hello-world Django view served by
the same gunicorn.
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import dataset  # noqa: E402

SENTENCE = (
    "危险化学品生产企业未提供化学品安全技术说明书，或者未在包装上粘贴、拴挂化学品安全标签的，"
    "危险化学品生产企业自行改正或经责令改正，及时改正违法行为，没有造成危害后果的，不予行政处罚"
)[
    # a citizen pastes a row they read elsewhere: 100 characters
    :100
]
QUERIES = [  # (class, query)
    ("1 字", "食"),
    ("2 字 常见", "消防"),
    ("2 字 常见", "食品"),
    ("2 字 少见", "鸵鸟"),
    ("2 字 没有", dataset.ABSENT),
    ("4+ 字", "营业执照"),
    ("4+ 字 少见", "热气球飞行"),
    ("法律名称", "《安全生产法》"),
    ("多词", "营业执照 醒目位置"),
    ("多词", "餐馆 油烟"),
    ("口语", "第一次违法会不会罚款"),
    ("口语", "门口摆摊被查了"),
    ("拼音", "shipin"),
    ("繁体", "營業執照"),
    ("100 字句子", SENTENCE),
]
PORT = 8400


def serve(db: str, workers: int) -> subprocess.Popen:
    # DEBUG=1: a development measurement (no collectstatic needed), as main's other benches.
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{db}", "DEBUG": "1"}
    env.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    env.setdefault("API_THROTTLE_RATE", "1000000/min")
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "bench.search_wsgi", "--no-control-socket",
         "-b", f"127.0.0.1:{PORT}", "-w", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(120):
        try:
            get("/bench-hello/")
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def get(path: str) -> float:
    """Milliseconds to fetch `path` (status 200 required)."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    start = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - start) * 1000
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    return elapsed


_SEEN = iter(range(10**9))


def percentiles(path: str, repeat: int, cached: bool = False) -> tuple[float, float]:
    """p50, p95 of `repeat` requests after a warm-up. Unless `cached`, each request carries a
    parameter of its own (n=…, ignored by the site), so neither the page cache nor the API's
    document cache answers it: this measures the search itself, as a first asker meets it."""

    def url() -> str:
        if cached:
            return path
        return f"{path}{'&' if '?' in path else '?'}n={next(_SEEN)}"

    get(url())  # warm-up
    timings = sorted(get(url()) for _ in range(repeat))
    p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
    return statistics.median(timings), p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--db", default="bench_search_1m")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--cached", action="store_true", help="repeat the same URL (the caches answer)"
    )
    args = parser.parse_args()
    dataset.use_database(args.db)
    os.environ.setdefault("DEBUG", "1")  # as the served site: see serve()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    dataset.ensure(args.items)
    server = serve(args.db, args.workers)
    try:
        hello, _ = percentiles("/bench-hello/", args.repeat)
        bare = percentiles("/search/", args.repeat, args.cached)
        print(f"{args.items} items; hello view p50 {hello:.1f} ms; {args.repeat} requests each")
        print(f"bare search page: p50 {bare[0]:.1f} ms, p95 {bare[1]:.1f} ms")
        print(f"{'class':<10} {'query':<16} {'page p50':>9} {'p95':>7} {'×hello':>7}"
              f" {'API p50':>9} {'p95':>7}")  # fmt: skip
        for label, q in QUERIES:
            quoted = urllib.parse.quote(q)
            page = percentiles(f"/search/?q={quoted}", args.repeat, args.cached)
            api = percentiles(f"/api/v1/items/?q={quoted}", args.repeat, args.cached)
            shown = q if len(q) <= 12 else q[:10] + "…"
            print(f"{label:<10} {shown:<16} {page[0]:7.1f}ms {page[1]:5.1f}ms {page[1] / hello:6.1f}×"
                  f" {api[0]:7.1f}ms {api[1]:5.1f}ms")  # fmt: skip
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
