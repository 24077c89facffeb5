"""Running the measured server for bench/scale_bench.py: gunicorn (optionally behind nginx),
wrk, and the import and download figures."""

import http.client
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
# BENCH_REDIS_URL, else REDIS_URL: the database the bench flushes, so never the test suite's.
REDIS_URL = os.environ.get(
    "BENCH_REDIS_URL", os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/5"
)


def server_env(extra: dict | None = None) -> dict:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": REDIS_URL,
        # No API throttle: DRF's keeps every request time of the last minute per client, and
        # the bench is one client sending thousands a second.
        "API_THROTTLE_RATE": "",
        "LOG_LEVEL": "ERROR",
        "OUTBOX_INLINE": "0",
    }
    env.update(extra or {})
    return env


class Server:
    """gunicorn serving bench.search_wsgi (the site plus /bench-hello/) on args.port."""

    def __init__(self, args):
        self.args = args
        self.port = args.port
        self.exports = tempfile.mkdtemp(prefix="bench-scale-exports-")
        self.env = server_env({"EXPORTS_ROOT": self.exports})
        self.processes = []

    def __enter__(self):
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT,
                       env=self.env, check=True)  # fmt: skip
        self.flush_cache()
        command = [str(ROOT / ".venv/bin/gunicorn"), "bench.search_wsgi", "-c",
                   str(ROOT / "deploy/gunicorn.conf.py"), "-b", f"127.0.0.1:{self.port}",
                   "-w", str(self.args.workers), "-k", self.args.worker_class,
                   "--log-level", "warning"]  # fmt: skip
        if self.args.worker_class == "gthread":
            command += ["--threads", str(self.args.threads)]
        self.processes.append(subprocess.Popen(command, cwd=ROOT, env=self.env))
        if self.args.via_nginx:
            from bench.nginx_run import start_nginx

            nginx, self.port = start_nginx(self.port, self.port + 80)
            self.processes.append(nginx)
        for _ in range(120):
            try:
                self.timed_get("/bench-hello/")
                return self
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise SystemExit("the server did not start")

    def __exit__(self, *exc):
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(self.exports, ignore_errors=True)

    def worker_rss_kb(self) -> int:
        master = self.processes[0].pid
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        total = 0
        for pid in children:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total = max(total, int(line.split()[1]))
        return total

    def flush_cache(self) -> None:
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()

    def timed_get(self, path: str, headers: dict | None = None):
        """(milliseconds, status, headers, body) of one GET."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        start = time.perf_counter()
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        connection.close()
        return elapsed, response.status, dict(response.getheaders()), body

    def warm(self, paths: list[str]) -> None:
        for path in paths:
            for _ in range(3):
                _, status, _, _ = self.timed_get(path)
                if status != 200:
                    raise SystemExit(f"{path}: HTTP {status}")

    def etag(self, path: str) -> str:
        return self.timed_get(path)[2]["ETag"]

    def sizes(self, path: str) -> tuple[int, int]:
        plain = len(self.timed_get(path)[3])
        gzipped = len(self.timed_get(path, {"Accept-Encoding": "gzip"})[3])
        return plain, gzipped

    def wrk(self, paths: list[str], seconds: int, connections: int, header: str) -> dict:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
            listing.write("\n".join(paths))
        env = {**os.environ, "WRK_PATHS": listing.name, "WRK_HEADER": header}
        threads = min(2, connections)
        command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
                   "--timeout", "10s", "-s", str(ROOT / "bench/wrk_paths.lua"),
                   f"http://127.0.0.1:{self.port}"]  # fmt: skip
        output = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        os.unlink(listing.name)
        figures = json.loads(output.stdout.strip().splitlines()[-1])
        figures["rps"] = round(figures["requests"] / figures["seconds"], 1)
        figures["errors"] = sum(
            figures[k] for k in ("connect", "read", "write", "status", "timeout")
        )
        return figures


def export_figures(server: Server, version_id: int, big_agency_url: str) -> dict:
    """A 10,000-row .xlsx download (first, built; then stored) against write_only alone."""
    url = big_agency_url + "lighter-penalty/download.xlsx"
    rss_before = server.worker_rss_kb()
    cold = []
    for _ in range(3):
        shutil.rmtree(server.exports, ignore_errors=True)
        elapsed, status, _, body = server.timed_get(url)
        assert status == 200 and body[:2] == b"PK", status
        cold.append(elapsed / 1000)
    warm = min(server.timed_get(url)[0] for _ in range(3)) / 1000
    baseline = min(write_only_seconds(version_id) for _ in range(3))
    return {
        "export_xlsx_ratio": round(min(cold) / baseline, 2),
        "export_xlsx_cold_s": round(min(cold), 3),
        "export_xlsx_stored_s": round(warm, 3),
        "export_write_only_s": round(baseline, 3),
        "export_worker_rss_growth_kb": server.worker_rss_kb() - rss_before,
    }


def write_only_seconds(version_id: int) -> float:
    """openpyxl write_only writing the same cells (every exported column) as plain values,
    read from the database beforehand."""
    from openpyxl import Workbook

    from lists.exporters import table_rows, version_columns, version_rows
    from lists.models import ListVersion

    version = ListVersion.objects.select_related("list__list_type").get(pk=version_id)
    columns = version_columns(version)
    rows = [
        [row.title] if kind == "section" else [column.text(row) for column in columns]
        for kind, row in table_rows(version_rows(version))
    ]
    start = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("sheet")
    for row in rows:
        sheet.append(row)
    book.save(io.BytesIO())
    return time.perf_counter() - start


def import_figures() -> dict:
    """`import_list` of a 10,000-row .xlsx into bench-big's 减轻处罚 list (its draft), in a
    child process with production settings (DEBUG off), as bench/import_bench.py measures it:
    the command's own time, three runs (the second and third replace the draft's rows, as a
    clerk's re-import does), median. The child's start (Python, Django, the search
    dictionaries: about 1.7 s) is reported apart: it is not import work, and a clerk's upload
    runs in a worker that has long started."""
    from bench import scale_setup

    data = scale_setup.import_workbook()
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as handle:
        handle.write(data)
    env = server_env({"OUTBOX_INLINE": "0"})
    start = time.perf_counter()
    done = subprocess.run([PYTHON, __file__, "import-child", handle.name], cwd=ROOT, env=env,
                          capture_output=True, text=True)  # fmt: skip
    elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    os.unlink(handle.name)
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return {"import_rows_per_s": 0}
    child = json.loads(done.stdout.strip().splitlines()[-1])
    seconds = sorted(child["seconds"])
    return {
        "import_rows_per_s": round(child["created"] / seconds[1]),
        "import_seconds": [round(s, 2) for s in child["seconds"]],
        "import_created": child["created"],
        "import_startup_s": round(elapsed - sum(seconds), 2),
        "import_peak_rss_mb": round(peak_kb / 1024),
    }


def _import_child(path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from bench import scale_setup

    seconds, created = [], 0
    for _ in range(3):
        out = io.StringIO()
        start = time.perf_counter()
        call_command("import_list", path, "--agency", scale_setup.BIG_AGENCY,
                     "--list-type", "mitigated-penalty", "--json", stdout=out)  # fmt: skip
        seconds.append(time.perf_counter() - start)
        created = json.loads(out.getvalue())["created"]
    print(json.dumps({"seconds": seconds, "created": created}))


if __name__ == "__main__" and sys.argv[1:2] == ["import-child"]:
    _import_child(sys.argv[2])
