"""The pieces bench/faults.py starts and breaks: its own PostgreSQL cluster and Redis, gunicorn,
and the killed import."""

import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import requests

from bench.scale_run import PYTHON, ROOT, server_env

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def as_postgres(*command: str) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


class Cluster:
    """A PostgreSQL cluster of its own in a temp folder (never the machine's 5432)."""

    def __init__(self, path: Path, port: int):
        self.port = port
        self.data = Path(tempfile.mkdtemp(prefix="faults-pg-"))
        shutil.chown(self.data, "postgres", "postgres")
        self.options = (
            f"-p {port} -c unix_socket_directories={self.data} -c listen_addresses=127.0.0.1"
        )

    def pg_ctl(self, *args: str) -> None:
        as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data / "db"), "-w", "-t", "60",
                    "-l", str(self.data / "log"), *args)  # fmt: skip

    def __enter__(self):
        as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data / "db"), "-A", "trust",
                    "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8")  # fmt: skip
        self.pg_ctl("start", "-o", self.options)
        return self

    def restart(self) -> None:
        self.pg_ctl("restart", "-m", "fast", "-o", self.options)

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def __exit__(self, *exc):
        try:
            self.pg_ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.data, ignore_errors=True)


class Redis:
    """redis-server on its own port, no persistence (never the machine's 6379)."""

    def __init__(self, port: int):
        self.port = port
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(0.5)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.stop()


def app_env(database_url: str, redis_url: str, tmp: Path) -> dict:
    # Plain HTTP on loopback: the admin's cookies may not be "Secure" here.
    return server_env({"DATABASE_URL": database_url, "REDIS_URL": redis_url,
                       "EXPORTS_ROOT": str(tmp / "exports"), "CONN_MAX_AGE": "60",
                       "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
                       "LOG_LEVEL": "ERROR"})  # fmt: skip


def prepare_database(env: dict) -> None:
    url = env["DATABASE_URL"]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin.replace("postgres://", "postgresql://"), autocommit=True) as db:
        db.execute("CREATE DATABASE faults")
    dev = {**env, "DEBUG": "1"}
    for command in (["migrate", "--noinput", "-v0"], ["load_demo"],
                    ["collectstatic", "--noinput", "-v0"]):  # fmt: skip
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=dev, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip


class Gunicorn:
    def __init__(self, env: dict, port: int, workers: int = 2):
        self.env, self.port, self.workers = env, port, workers

    def __enter__(self):
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "portal.wsgi", "-c", str(ROOT / "deploy/gunicorn.conf.py"),
             "-b", f"127.0.0.1:{self.port}", "-w", str(self.workers), "--log-level", "error",
             # the retried 10,000-row confirmation may take longer than the usual 60 s here
             "--timeout", "300"],
            cwd=ROOT, env=self.env,
        )  # fmt: skip
        for _ in range(60):
            try:
                requests.get(f"http://127.0.0.1:{self.port}/", timeout=5)
                return self
            except requests.RequestException:
                time.sleep(0.5)
        raise SystemExit("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _db(env: dict):
    return psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://"),
                           autocommit=True)  # fmt: skip


COUNT = """SELECT count(*) FROM lists_item i JOIN lists_listversion v ON v.id = i.version_id
JOIN lists_enforcementlist l ON l.id = v.list_id JOIN agencies_agency a ON a.id = l.agency_id
JOIN lists_listtype t ON t.id = l.list_type_id WHERE a.code = 'scjg' AND t.code = 'mitigated-penalty'"""


def _login(base: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/admin/login/")
    token = session.cookies["csrftoken"]
    session.post(f"{base}/admin/login/", data={"username": "clerk-scjg", "password": "demo12345",
                 "csrfmiddlewaretoken": token, "next": "/admin/"}, headers={"Referer": base})  # fmt: skip
    return session


def _upload(base: str, session: requests.Session, agency_id: int) -> str:
    from bench.scale_setup import import_workbook

    session.get(f"{base}/admin/lists/import/")
    response = session.post(
        f"{base}/admin/lists/import/",
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"], "agency": agency_id,
              "list_type": "mitigated-penalty", "mode": "replace"},
        files={"file": ("减轻处罚事项清单.xlsx", import_workbook())},
        headers={"Referer": base}, timeout=300,
    )  # fmt: skip
    found = re.search(r'name="token" value="([^"]+)"', response.text)
    if found is None:
        raise SystemExit(f"no import preview: HTTP {response.status_code}")
    return found.group(1)


def _worker_in_transaction(env: dict) -> int | None:
    """The pid of the gunicorn worker whose database session is inside a transaction."""
    with _db(env) as db:
        row = db.execute(
            "SELECT client_port FROM pg_stat_activity WHERE datname = 'faults' "
            "AND xact_start IS NOT NULL AND pid <> pg_backend_pid() AND client_port > 0"
        ).fetchone()
    if row is None:
        return None
    out = subprocess.run(["ss", "-tnpH", f"sport = :{row[0]}"], capture_output=True, text=True)
    found = re.search(r"pid=(\d+)", out.stdout)
    return int(found.group(1)) if found else None


def killed_import(base: str, app: Gunicorn, env: dict) -> dict:
    with _db(env) as db:
        agency_id = db.execute("SELECT id FROM agencies_agency WHERE code = 'scjg'").fetchone()[0]
        before = db.execute(COUNT).fetchone()[0]
    session = _login(base)
    token = _upload(base, session, agency_id)
    data = {"csrfmiddlewaretoken": session.cookies["csrftoken"], "token": token,
            "agency": agency_id, "action": "confirm"}  # fmt: skip
    outcome = {}

    def confirm():
        try:
            outcome["status"] = session.post(f"{base}/admin/lists/import/confirm/", data=data,
                                             headers={"Referer": base}, timeout=300).status_code  # fmt: skip
        except requests.RequestException as error:
            outcome["error"] = type(error).__name__

    thread = threading.Thread(target=confirm)
    thread.start()
    victim = None
    for _ in range(200):  # up to 20 s for the confirmation to open its transaction
        time.sleep(0.1)
        if (victim := _worker_in_transaction(env)) is not None:
            break
    time.sleep(0.5)
    if victim is not None:
        subprocess.run(["kill", "-s", str(signal.SIGKILL.value), str(victim)], check=True)
    thread.join()
    time.sleep(3)  # the master starts a new worker
    with _db(env) as db:
        after_kill = db.execute(COUNT).fetchone()[0]
        confirmed = db.execute(
            "SELECT confirmed_at FROM lists_importupload WHERE token = %s", [token]
        ).fetchone()[0]
    again = session.post(f"{base}/admin/lists/import/confirm/", data=data,
                         headers={"Referer": base}, timeout=300)  # fmt: skip
    with _db(env) as db:
        after_retry = db.execute(COUNT).fetchone()[0]
    return {
        "kill_worker_pid": victim,
        "kill_client_saw": outcome.get("error") or outcome.get("status"),
        "kill_rows_before": before,
        "kill_rows_after_kill": after_kill,
        "kill_upload_marked_done": confirmed is not None,
        "kill_retry_status": again.status_code,
        "kill_rows_after_retry": after_retry,
    }
