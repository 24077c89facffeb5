"""How fast and how lean the importer is on a 10,000-row workbook.

    python bench/import_bench.py [ROWS]

Prints seconds and peak Python memory (tracemalloc) for: a plain openpyxl read_only pass over
the file, our reader (read_table), and our full import into a throwaway SQLite database. Times
are the best of three runs without tracemalloc (it slows Python down); peaks come from one more,
traced run.
"""

import atexit
import io
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="import-bench-")
atexit.register(shutil.rmtree, TMP, ignore_errors=True)  # the throwaway database goes too
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "1")  # a development measurement: no collectstatic, dev secret

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.core.management import call_command  # noqa: E402

from tests.import_files import real_rows  # noqa: E402


def workbook(rows: int) -> bytes:
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


def plain_openpyxl(data: bytes) -> int:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = sum(1 for _row in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return count


def our_reader(data: bytes) -> int:
    from lists.importers import read_table

    return len(read_table(data).rows)


def full_import(data: bytes) -> int:
    from agencies.models import Agency
    from lists.importers import import_preview, read_table
    from lists.management.commands.import_list import system_user

    agency, _ = Agency.objects.get_or_create(code="bench", defaults={"name": "基准测试局"})
    versions = import_preview(read_table(data), agency=agency, acting_user=system_user())
    return versions[0].items.count()


def measure(label: str, function, data: bytes, repeat: int = 3) -> None:
    seconds = float("inf")
    for _ in range(repeat):  # best of a few: the machine may be busy with other work
        started = time.perf_counter()
        result = function(data)
        seconds = min(seconds, time.perf_counter() - started)
    tracemalloc.start()
    function(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label:<34} {seconds:7.2f} s   peak {peak / 2**20:7.1f} MB   ({result} rows)")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    call_command("migrate", verbosity=0)
    data = workbook(rows)
    print(f"{rows} rows, file {len(data) / 2**20:.1f} MB")
    measure("openpyxl read_only, values only", plain_openpyxl, data)
    measure("our reader (read_table)", our_reader, data)
    measure("full import into SQLite", full_import, data)


if __name__ == "__main__":
    main()
