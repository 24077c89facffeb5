"""How fast and how lean the importer refuses hostile files (issue: never exhaust the server).

    python bench/import_limits_bench.py

Each case runs in a fresh child process (so peak memory is that of one refusal): a 10 MB CSV of
5 million short lines, an .xlsx whose sheet inflates to 200 MB, and the same sheet at 90 MB
(under the size cap: refused while streaming, at the rows-read cap). Prints the message, wall
time, CPU time (what the refusal costs on an idle machine) and peak resident memory
(ru_maxrss) of each; the bar is < 5 s and < 300 MB. A baseline
child that only starts Django and builds the file is measured too, to show what the refusal adds.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, resource, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "1")
import django
django.setup()
from lists.importers import ImportFailed, read_table
from tests.import_files import huge_sheet_xlsx
case = sys.argv[1]
data = b"1\n" * 5_000_000 if case == "csv" else huge_sheet_xlsx(int(case) * 2**20)
start = time.perf_counter()
cpu = resource.getrusage(resource.RUSAGE_SELF)
message = "(baseline: not read)"
if sys.argv[2] == "read":
    try:
        read_table(data)
        message = "ACCEPTED"
    except ImportFailed as failure:
        message = failure.message
elapsed = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF)
cpu_seconds = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": elapsed, "cpu": cpu_seconds, "peak_mb": peak, "bytes": len(data), "message": message}}))
"""


def run(case: str, mode: str) -> dict:
    code = CHILD.format(root=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", code, case, mode], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    cases = [
        ("csv", "5,000,000-line CSV"),
        ("200", "xlsx inflating to 200 MB"),
        ("90", "xlsx inflating to 90 MB"),
    ]
    for case, label in cases:
        base = run(case, "baseline")
        result = run(case, "read")
        print(
            f"{label:28} file {result['bytes'] / 2**20:5.1f} MB  refused in "
            f"{result['seconds']:5.2f} s (CPU {result['cpu']:5.2f} s)  peak {result['peak_mb']:6.1f} MB "
            f"(baseline {base['peak_mb']:6.1f} MB)\n    {result['message']}"
        )


if __name__ == "__main__":
    main()
