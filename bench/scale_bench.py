"""The public site and API at province scale, as ratios to a hello-world view in the same run.

    python bench/scale_bench.py --items 1000000 --json        # the fixed interface (issue #11)
    python bench/scale_bench.py --items 200000 --worker-class gthread --threads 4

Builds or reuses `bench_scale_<N>` (bench/scale_setup.py, bench/dataset.py) on the PostgreSQL
server of DATABASE_URL, serves it with gunicorn (DEBUG off, Redis as the shared cache on
BENCH_REDIS_URL or REDIS_URL, default redis://127.0.0.1:6379/5, flushed first) and measures with wrk on loopback:
req/s of each page over `--series` interleaved series (medians) divided by hello's in the same
series; cold renders (cache flushed before each request); a mixed load of 64 connections over
random province lists and searches; a 10,000-row import (`import_list`) and a 10,000-row .xlsx
download against openpyxl write_only writing the same rows. Prints a table, or with --json one
JSON object.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import scale_run  # noqa: E402
from bench import scale_setup as setup  # noqa: E402

# Searches of bench/search_bench.py's classes ("餐馆 油烟": two words of moderate frequency,
# 65 s cold before the search rework, about 25 ms now).
SEARCHES = [
    "食品",
    "餐馆 油烟",
    "消防",
    "营业执照",
    "第一次违法会不会罚款",
    "危险化学品",
    "shipin",
    "鸵鸟",
    "營業執照",
]


def prepare(args) -> dict:
    setup.use_database(args.items, args.db)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "1")  # for the builder process only; the server runs DEBUG=0
    import django

    django.setup()
    from bench import dataset

    dataset.ensure(args.items)
    big = setup.ensure_big_lists()
    list_url, province = setup.list_urls(500)
    return {"big": big, "list_url": list_url, "province": province}


def ratios(server, paths: dict, series: int, seconds: int, connections: int) -> dict:
    rates = {name: [] for name in paths}
    for _ in range(series):
        for name, (path, header) in paths.items():
            rates[name].append(server.wrk([path], seconds, connections, header)["rps"])
    hello = rates.pop("hello")
    result = {"hello_rps": statistics.median(hello)}
    for name, values in rates.items():
        result[f"{name}_rps"] = statistics.median(values)
        result[f"{name}_ratio"] = round(
            statistics.median(v / h for v, h in zip(values, hello, strict=True)), 3
        )
    return result


def cold(server, path: str, repeat: int) -> tuple[float, float]:
    """p50/p95 of renders with nothing cached: before each request the page's version is
    touched and the generation moved in the database (so no key of the last render matches,
    in Redis or in a worker's memory) and Redis is flushed."""
    from django.db import connection

    agency, list_type = (
        path.strip("/").split("/")[1:3] if path.startswith("/agencies/") else ("", "")
    )
    timings = []
    for _ in range(repeat):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE lists_listversion SET updated_at = now() WHERE list_id IN (SELECT l.id "
                "FROM lists_enforcementlist l JOIN agencies_agency a ON a.id = l.agency_id "
                "JOIN lists_listtype t ON t.id = l.list_type_id WHERE a.code = %s AND t.code = %s)",
                [agency, list_type],
            )
            cursor.execute(
                "INSERT INTO lists_sitegeneration (id, value) VALUES (1, 1) "
                "ON CONFLICT (id) DO UPDATE SET value = lists_sitegeneration.value + 1"
            )
        server.flush_cache()
        time.sleep(1.1)  # workers keep the generation for a second (lists/generation.py)
        elapsed, status, _, _ = server.timed_get(path)
        assert status == 200, (path, status)
        timings.append(elapsed)
    timings.sort()
    return statistics.median(timings), timings[min(len(timings) - 1, round(0.95 * (repeat - 1)))]


def measure(args, context: dict) -> dict:
    from urllib.parse import quote

    list_url = context["list_url"]
    big = f"/agencies/{setup.BIG_AGENCY}/"
    with scale_run.Server(args) as server:
        if args.only == "export":
            return scale_run.export_figures(server, context["big"]["lighter-penalty"], big)
        server.warm([list_url, "/", big, "/api/v1/items/?page_size=50"])
        etag = server.etag(list_url)
        agency_url = list_url.rsplit("/", 2)[0] + "/"
        paths = {
            "hello": ("/bench-hello/", ""),
            "list_page": (list_url, ""),
            "not_modified": (list_url, f"If-None-Match: {etag}"),
            "home": ("/", ""),
            "agency": (agency_url, ""),
            "api_items": ("/api/v1/items/?page_size=50", ""),
        }
        result = ratios(server, paths, args.series, args.seconds, args.connections)
        result["list_page_bytes"], result["list_page_gzip_bytes"] = server.sizes(list_url)
        result["directory_bytes"], _ = server.sizes("/agencies/")
        result["api_agencies_bytes"], _ = server.sizes("/api/v1/agencies/")
        result["home_bytes"], _ = server.sizes("/")
        province = context["province"]
        result["cold_200_p50_ms"], result["cold_200_p95_ms"] = cold(server, list_url, 20)
        result["cold_1000_p50_ms"], result["cold_1000_p95_ms"] = cold(
            server, big + "no-penalty/", 20
        )
        result["cold_1000_print_p95_ms"] = cold(server, big + "no-penalty/print/", 10)[1]
        result["cold_api_items_p95_ms"] = cold(server, "/api/v1/items/?page_size=50", 20)[1]
        server.flush_cache()
        mixed = province + [f"/search/?q={quote(q)}" for q in SEARCHES] * 15
        load = server.wrk(mixed, args.mixed_seconds, 64, "")
        result.update(
            mixed_rps=load["rps"], mixed_p50_ms=load["p50_ms"], mixed_p99_ms=load["p99_ms"],
            mixed_errors=load["errors"], mixed_paths=len(mixed),
        )  # fmt: skip
        # The same again, now that every page of the set has been rendered once.
        warm = server.wrk(mixed, args.mixed_seconds, 64, "")
        result.update(
            mixed_warm_rps=warm["rps"], mixed_warm_p50_ms=warm["p50_ms"],
            mixed_warm_p99_ms=warm["p99_ms"], mixed_warm_errors=warm["errors"],
        )  # fmt: skip
        result.update(scale_run.export_figures(server, context["big"]["lighter-penalty"], big))
    result.update(scale_run.import_figures())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--db", help="database name (default bench_scale_<size>)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread", "gevent"])
    parser.add_argument("--threads", type=int, default=4, help="gthread threads per worker")
    parser.add_argument("--series", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8, help="per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--mixed-seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=8300)
    parser.add_argument("--via-nginx", action="store_true", help="measure through deploy/nginx")
    parser.add_argument("--only", choices=["export"], help="measure the .xlsx download only")
    args = parser.parse_args()
    started = time.perf_counter()
    context = prepare(args)
    result = {"items": args.items, "worker_class": args.worker_class, "workers": args.workers}
    result.update(measure(args, context))
    result["bench_seconds"] = round(time.perf_counter() - started)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        width = max(len(key) for key in result)
        for key, value in result.items():
            print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
