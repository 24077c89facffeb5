import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_check_deploy():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "qingdan.example.gov.cn",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret():
    env = {**os.environ, "DEBUG": "0", "ALLOWED_HOSTS": "x"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_log_line_is_written_once_under_runserver():
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.utils.autoreload').info('正在监视文件变化'); "
        "logging.getLogger('django.request').warning('Not Found: /x/'); "
        "logging.getLogger('lists').warning('应用警告')"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    lines = result.stderr.splitlines()
    assert [lines.count(text) for text in ("正在监视文件变化", "Not Found: /x/", "应用警告")] == [
        1,
        1,
        1,
    ]


def test_ensure_database_creates_a_missing_postgresql_database(monkeypatch):
    import psycopg
    from django.core.management import call_command
    from django.db import connections

    connection = connections["default"]
    if connection.vendor != "postgresql":
        pytest.skip("ensure_database only acts on PostgreSQL")
    name = connection.settings_dict["NAME"] + "_ensure"
    monkeypatch.setitem(connection.settings_dict, "NAME", name)
    server = {k.lower(): connection.settings_dict[k] or None for k in ("HOST", "PORT", "USER")}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        call_command("ensure_database")
        call_command("ensure_database")  # a second run finds it and does nothing
        assert admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        admin.execute(f'DROP DATABASE "{name}"')
