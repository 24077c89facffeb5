"""Restore drill (等保 数据备份恢复), run by .ci/run on PostgreSQL.

Builds a source database (migrate + the demo data), takes a backup with deploy/backup.sh,
restores it with deploy/restore.sh into a fresh database, and checks that the public site
serves the same lists from both: every list in force (API), every official CSV download
(SHA-256), every list page. Also checks that the restored audit trail is still append-only.

    python deploy/restore_drill.py --database-url postgres://postgres@127.0.0.1:5432/postgres
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent


def with_database(url: str, name: str) -> str:
    return urlunparse(urlparse(url)._replace(path="/" + name))


def admin_sql(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def manage(url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip


def snapshot(url: str) -> dict:
    """What the public sees, fetched in a child process bound to `url`."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    result = subprocess.run(
        [sys.executable, __file__, "--snapshot"], cwd=ROOT, env=env,
        capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode:
        sys.exit(f"restore drill: the snapshot of {url} failed:\n{result.stderr}")
    return json.loads(result.stdout)


def _snapshot() -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.test import Client

    from security.models import AuditEntry

    client = Client()
    lists, url = [], "/api/v1/lists/?status=current"
    while url:
        page = client.get(url).json()
        lists += page["results"]
        url = page["next"]
    pages = {}
    for entry in lists:
        path = f"/agencies/{entry['agency']['code']}/{entry['list_type']['code']}/"
        page, csv = client.get(path), client.get(path + "download.csv")
        assert page.status_code == csv.status_code == 200, path
        body = b"".join(csv.streaming_content) if csv.streaming else csv.content
        pages[path] = hashlib.sha256(body).hexdigest()
    print(json.dumps({"lists": lists, "csv": pages, "audit": AuditEntry.objects.count()}))


def refuses_update(url: str) -> bool:
    import psycopg

    with psycopg.connect(url) as connection:
        try:
            connection.execute("UPDATE security_auditentry SET detail = 'tampered'")
        except psycopg.errors.RaiseException:
            return True
    return False


def drill(url: str, prefix: str) -> None:
    started = time.monotonic()
    SOURCE, TARGET = f"{prefix}_source", f"{prefix}_target"  # noqa: N806
    source, target = with_database(url, SOURCE), with_database(url, TARGET)
    admin_sql(url, f"DROP DATABASE IF EXISTS {SOURCE}", f"DROP DATABASE IF EXISTS {TARGET}")
    admin_sql(url, f"CREATE DATABASE {SOURCE}", f"CREATE DATABASE {TARGET}")
    try:
        manage(source, "migrate", "--noinput")
        manage(source, "load_demo")
        before = snapshot(source)
        with tempfile.TemporaryDirectory(prefix="restore-drill-") as backup:
            subprocess.run([ROOT / "deploy/backup.sh", source, backup], check=True)
            subprocess.run([ROOT / "deploy/restore.sh", backup, target], check=True)
        manage(target, "migrate", "--noinput", "--check")  # nothing left to migrate
        after = snapshot(target)
        assert before["lists"] and before["csv"], "the demo published nothing"
        assert after == before, "the restored site serves other lists than the original"
        assert refuses_update(target), "the restored audit trail accepts updates"
    finally:
        admin_sql(url, f"DROP DATABASE IF EXISTS {SOURCE}", f"DROP DATABASE IF EXISTS {TARGET}")
    seconds = time.monotonic() - started
    print(
        f"restore drill: {len(before['lists'])} lists, {len(before['csv'])} CSV downloads and "
        f"{before['audit']} audit rows identical after pg_dump/pg_restore ({seconds:.0f} s)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--prefix", default="restore_drill", help="names of the two databases")
    parser.add_argument("--snapshot", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.snapshot:
        _snapshot()
    elif not arguments.database_url.startswith("postgres"):
        sys.exit("restore drill: give --database-url postgres://…")
    else:
        drill(arguments.database_url, arguments.prefix)
