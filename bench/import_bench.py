"""How fast and how lean `import_list` is on a 10,000-row workbook, on SQLite and PostgreSQL.

    python bench/import_bench.py [--rows N] [--postgres URL | --no-postgres] [--json]

Each database is measured in a fresh child process (production settings: DEBUG off), so that
its peak memory is that of one import. In the same child, a plain openpyxl read-only pass over
the same file gives the floor the import is compared with. Times are the best of three runs,
wall clock and CPU; `import_list` replaces the draft's rows on the second and third run, as a
clerk's re-import does.

SQLite lives in a temporary folder removed when the child ends; PostgreSQL gets its own
database (`bench_importer_import`, on the server of --postgres or DATABASE_URL, default
127.0.0.1:5432), created for the run and dropped after it. Nothing is left behind.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_NAME = "bench_importer_import"
GOALS = {"rows_per_s": 5000, "ratio": 2.5, "peak_mb": 300}


def workbook(rows: int) -> bytes:
    """A 从轻处罚 list of real rows (provincial template and 綦江 rows), numbered 1..N."""
    import io

    import openpyxl

    sys.path.insert(0, str(ROOT))
    from tests.import_files import real_rows

    header, *samples = real_rows("zrzy_congqing_chufa_provincial_template.csv")
    samples += real_rows("qijiang_linye_jianmianze_buyu_chufa_2025.csv")[1:]
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("从轻处罚")
    sheet.append(["某某局从轻处罚事项清单"])
    sheet.append(header)
    for number in range(1, rows + 1):
        sample = samples[number % len(samples)]
        sheet.append([number, sample[1], f"{sample[2]}（{number}）", *sample[3:]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def child(path: str) -> dict:
    """Runs in the child: migrate, read with openpyxl, import with the command."""
    import io
    import resource
    import time

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    import openpyxl
    from django.core.management import call_command

    from agencies.models import Agency

    call_command("migrate", verbosity=0)
    Agency.objects.get_or_create(code="bench", defaults={"name": "基准测试局"})

    def timed(function) -> tuple[float, float]:
        best_wall = best_cpu = float("inf")
        for _ in range(3):
            wall, cpu = time.perf_counter(), time.process_time()
            function()
            best_wall = min(best_wall, time.perf_counter() - wall)
            best_cpu = min(best_cpu, time.process_time() - cpu)
        return best_wall, best_cpu

    def plain_read():
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        sum(1 for _row in book.worksheets[0].iter_rows(values_only=True))
        book.close()

    out = io.StringIO()

    def command():
        out.seek(0)
        out.truncate()
        call_command("import_list", path, "--agency", "bench", "--json", stdout=out)

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    read_wall, read_cpu = timed(plain_read)
    import_wall, import_cpu = timed(command)
    result = json.loads(out.getvalue())
    return {
        "rows": result["created"],
        "read_s": read_wall,
        "read_cpu_s": read_cpu,
        "import_s": import_wall,
        "import_cpu_s": import_cpu,
        "rss_before_mb": before,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_child(path: str, database_url: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-not-a-secret",
        "ALLOWED_HOSTS": "localhost",
    }
    done = subprocess.run(
        [sys.executable, __file__, "--child", path], env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def postgres(url: str):
    """Create the benchmark's own database on that server; return its URL and a dropper."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))

    def execute(sql: str) -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(sql)

    execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
    execute(f"CREATE DATABASE {PG_NAME}")
    return urlunsplit(parts._replace(path=f"/{PG_NAME}")), lambda: execute(
        f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)"
    )


def report(label: str, figures: dict) -> dict:
    rows = figures["rows"]
    summary = {
        "rows_per_s": rows / figures["import_s"],
        "rows_per_cpu_s": rows / figures["import_cpu_s"],
        "ratio": figures["import_s"] / figures["read_s"],
        "cpu_ratio": figures["import_cpu_s"] / figures["read_cpu_s"],
        "peak_mb": figures["peak_mb"],
    }
    print(
        f"{label:<10} import_list {figures['import_s']:5.2f} s (CPU {figures['import_cpu_s']:5.2f} s)"
        f" = {summary['rows_per_s']:6.0f} rows/s (CPU {summary['rows_per_cpu_s']:6.0f})"
        f"   openpyxl read {figures['read_s']:5.2f} s (CPU {figures['read_cpu_s']:5.2f} s)"
        f"   ratio {summary['ratio']:4.2f}× (CPU {summary['cpu_ratio']:4.2f}×)"
        f"   peak RSS {figures['peak_mb']:5.0f} MB (Django and the file: "
        f"{figures['rss_before_mb']:.0f} MB)"
    )
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--postgres", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    results = {}
    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        path = Path(tmp) / "list.xlsx"
        path.write_bytes(workbook(args.rows))
        print(
            f"{args.rows} rows, file {path.stat().st_size / 2**20:.1f} MB; goals: "
            f"≥ {GOALS['rows_per_s']} rows/s, ≤ {GOALS['ratio']}× the read, ≤ {GOALS['peak_mb']} MB"
        )
        sqlite = run_child(str(path), f"sqlite:///{tmp}/bench.sqlite3")
        results["sqlite"] = report("SQLite", sqlite)
        if not args.no_postgres:
            url = args.postgres
            if not url.startswith("postgres"):
                url = "postgres://postgres@127.0.0.1:5432/postgres"
            database, drop = postgres(url)
            try:
                results["postgresql"] = report("PostgreSQL", run_child(str(path), database))
            finally:
                drop()
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
