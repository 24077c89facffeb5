"""Faults survived, on this machine, with a PostgreSQL and a Redis of its own.

    python bench/faults.py            # about 2 minutes; prints a table (or --json)

Starts its own PostgreSQL cluster (initdb in a temp folder, port 5433, run as the `postgres`
user), its own redis-server (port 6380) and gunicorn (DEBUG off, 2 sync workers, port 8310)
on the demo data, then, under a steady load of public pages:

1. restarts PostgreSQL (`pg_ctl restart -m fast`) while half the requests need the database:
   counts the requests that failed, checks each failure is the Chinese 503 page, that cached
   pages kept answering, and times the recovery (no worker is restarted);
2. stops Redis for 10 s: every request must still answer 200;
3. SIGKILLs the worker while it confirms a 10,000-row import in the admin: no row of it may be
   written; the same confirmation afterwards writes all 10,000.

The machine's shared PostgreSQL (5432) and Redis (6379) are never touched. Everything it
started is stopped at the end and its folders removed.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import fault_parts as parts  # noqa: E402

PAGES = [  # cached after their first request"/", "/agencies/", "/agencies/scjg/", "/agencies/sthj/no-penalty/",
         "/agencies/scjg/no-penalty/", "/api/v1/items/?page_size=20", "/search/?q=营业执照"]  # fmt: skip


class Load:
    """Threads asking for public pages in a loop; every answer recorded with its time."""

    def __init__(self, base: str, threads: int = 4):
        self.base, self.threads = base, threads
        self.results: list[tuple[float, int, str, str]] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def _run(self, offset: int):
        session, n = requests.Session(), offset
        while not self.stop.is_set():
            # Every other request is one no cache holds (a directory search for a number),
            # so the database is asked all along; the others are cached pages.
            path = PAGES[n // 2 % len(PAGES)] if n % 2 else f"/agencies/?q={n}{offset}"
            n += 1
            try:
                response = session.get(self.base + path, timeout=10)
                status, body = (
                    response.status_code,
                    response.text if response.status_code != 200 else "",
                )
            except requests.RequestException as error:
                status, body = 0, str(error)
            with self.lock:
                self.results.append((time.monotonic(), status, body, path))
            time.sleep(0.01)

    def __enter__(self):
        self.workers = [threading.Thread(target=self._run, args=(i,)) for i in range(self.threads)]
        for worker in self.workers:
            worker.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for worker in self.workers:
            worker.join()

    def window(self, start: float, end: float):
        return [r for r in self.results if start <= r[0] <= end]


def postgres_restart(base: str, cluster) -> dict:
    with Load(base) as load:
        time.sleep(3)
        restarted = time.monotonic()
        cluster.restart()
        back = time.monotonic()
        time.sleep(6)
    after = load.window(restarted, time.monotonic())
    failures = [r for r in after if r[1] != 200]
    last_failure = max((r[0] for r in failures), default=restarted)
    first_ok = min((r[0] for r in after if r[1] == 200 and r[0] > last_failure), default=None)
    return {
        "pg_requests": len(load.results),
        "pg_restart_s": round(back - restarted, 2),
        "pg_failed": len(failures),
        "pg_failed_chinese_503": sum(
            1 for r in failures if r[1] == 503 and "服务暂时不可用" in r[2]
        ),
        "pg_failed_other": sorted({r[1] for r in failures if r[1] != 503}),
        "pg_failed_cached_pages": sum(1 for r in failures if not r[3].startswith("/agencies/?q=")),
        "pg_recovery_s": round(first_ok - restarted, 2) if first_ok else None,
        "pg_ok_after_recovery": all(r[1] == 200 for r in after if first_ok and r[0] >= first_ok),
    }


def redis_stopped(base: str, redis) -> dict:
    with Load(base) as load:
        time.sleep(2)
        stopped = time.monotonic()
        redis.stop()
        time.sleep(10)
        redis.start()
        time.sleep(2)
    during = load.window(stopped, stopped + 10)
    return {
        "redis_down_requests": len(during),
        "redis_down_non_200": sum(1 for r in during if r[1] != 200),
        "redis_down_statuses": sorted({r[1] for r in during}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--pg-port", type=int, default=5433)
    parser.add_argument("--redis-port", type=int, default=6380)
    parser.add_argument("--port", type=int, default=8310)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="faults-"))
    result = {}
    with (
        parts.Cluster(tmp / "pg", args.pg_port) as cluster,
        parts.Redis(args.redis_port) as redis,
    ):
        env = parts.app_env(cluster.url("faults"), f"redis://127.0.0.1:{args.redis_port}/0", tmp)
        parts.prepare_database(env)
        with parts.Gunicorn(env, args.port) as app:
            base = f"http://127.0.0.1:{args.port}"
            result.update(postgres_restart(base, cluster))
            result.update(redis_stopped(base, redis))
            result.update(parts.killed_import(base, app, env))
    shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:<28} {value}")


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
